//! Idle live streams: what an open `GET /live` costs the server. Starts the
//! app on a fresh database with one signed-in rep, opens streams in steps
//! (raw sockets that read the greeting, then sit idle, as a browser tab's
//! stream does between events), and prints the process's resident memory
//! per step and per stream; then publishes one change through PostgreSQL
//! and times how long until every open stream has it.
//! Run with `cargo bench --bench live_streams` (`STREAMS=9000` for the
//! largest step; each stream uses two file descriptors here, server and
//! client side in one process, so raise `ulimit -n` to match).
//!
//! The client side of each socket lives in the same process: the figures
//! are an upper bound on the server's own cost.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use attain::startup::{AppConfig, Application};
use diesel::{Connection, PgConnection, RunQueryDsl};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod common;
use common::{admin_url, server_url};

const PASSWORD: &str = "bench password 2026";

fn build_database(url: &str) {
    let mut admin = PgConnection::establish(&admin_url(url)).unwrap();
    diesel::sql_query("DROP DATABASE IF EXISTS attain_bench_live WITH (FORCE)")
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query("CREATE DATABASE attain_bench_live")
        .execute(&mut admin)
        .unwrap();
    attain::db::migrate_url(url).unwrap();
    let mut conn = PgConnection::establish(url).unwrap();
    let hash = attain::auth::password::hash(PASSWORD).unwrap();
    diesel::sql_query(format!(
        "INSERT INTO users (email, name, role, password_hash)
         VALUES ('rep@bench.test', 'Bench Rep', 'rep', '{hash}')"
    ))
    .execute(&mut conn)
    .unwrap();
}

/// The session cookie of a signed-in rep.
async fn session_cookie(address: &str) -> String {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(format!("{address}/login")).send().await.unwrap();
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>();
    let body = page.text().await.unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker).expect("csrf field") + marker.len();
    let token = &body[start..start + body[start..].find('"').unwrap()];
    let response = client
        .post(format!("{address}/login"))
        .header("cookie", cookie.join("; "))
        .form(&[
            ("email", "rep@bench.test"),
            ("password", PASSWORD),
            ("csrf_token", token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "sign-in");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Opens one stream and reads until its greeting: subscribed from here.
async fn open(port: u16, cookie: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let request = format!(
        "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 512];
    while !String::from_utf8_lossy(&seen).contains("event: hello") {
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(n > 0, "stream closed: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buffer[..n]);
    }
    stream
}

/// Reads until `event: board` arrives.
async fn hear(mut stream: TcpStream) {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 512];
    while !String::from_utf8_lossy(&seen).contains("event: board") {
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(n > 0, "stream closed");
        seen.extend_from_slice(&buffer[..n]);
    }
}

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let largest: usize = std::env::var("STREAMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    let (url, _cluster) = server_url("attain_bench_live");
    build_database(&url);
    let pool = attain::db::pool(&url, 2, Duration::from_secs(3)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let app = Application::build(
        listener,
        AppConfig {
            pool,
            session_key: vec![7u8; 64],
            secure_cookies: false,
            workers: Some(2),
            jobs: Default::default(),
            live_database_url: Some(url.clone()),
            trust_forwarded_for: false,
        },
    )
    .unwrap();
    let port = app.port();
    let address = format!("http://127.0.0.1:{port}");
    std::thread::spawn(move || actix_web::rt::System::new().block_on(app.run_until_stopped()));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let cookie = session_cookie(&address).await;
        // Warm up: the first streams allocate the runtime's pools.
        let mut streams = Vec::new();
        for _ in 0..50 {
            streams.push(open(port, &cookie).await);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let base = resident_kib();
        let base_count = streams.len();
        println!(
            "\n| open streams | resident memory | per stream (above the first {base_count}) |"
        );
        println!("|---|---|---|");
        println!("| {base_count} | {:.1} MiB | — |", base as f64 / 1024.0);
        let mut step = 1000;
        while streams.len() < largest {
            let target = step.min(largest);
            while streams.len() < target {
                streams.push(open(port, &cookie).await);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            let now = resident_kib();
            println!(
                "| {} | {:.1} MiB | {:.1} KiB |",
                streams.len(),
                now as f64 / 1024.0,
                (now.saturating_sub(base)) as f64 / (streams.len() - base_count) as f64
            );
            step = if step < 2000 { step * 2 } else { step + 2000 };
        }

        // One change for everyone, through PostgreSQL: how long until every
        // open stream has heard it (the 250 ms batching included).
        let count = streams.len();
        let waiting: Vec<_> = streams.into_iter().map(|s| tokio::spawn(hear(s))).collect();
        let mut conn = PgConnection::establish(&url).unwrap();
        let started = Instant::now();
        diesel::sql_query(r#"SELECT pg_notify('attain_live', '{"kind":"progress","users":null}')"#)
            .execute(&mut conn)
            .unwrap();
        for task in waiting {
            task.await.unwrap();
        }
        println!(
            "\nOne change reached all {count} streams in {:.0} ms.",
            started.elapsed().as_secs_f64() * 1000.0
        );
    });
}
