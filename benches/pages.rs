//! Page benchmark: builds a large organisation (10,000 reps in 200 teams,
//! 50,000 goals, 1,000,000 metric events over a year) in a fresh database,
//! runs the daily jobs on it once (the month's goal sheets, snapshots,
//! forecasts) and refreshes the planner's statistics, then measures through
//! HTTP, in one run and with one load generator:
//!
//! - `/healthz` (one `SELECT 1` through the pool): the ceiling of a database
//!   page, every other row is read as its ratio to it;
//! - a static file under its own name (`/static/favicon.svg`) and htmx
//!   under its fingerprinted name, as a browser asks for them;
//! - the rep dashboard and the company leaderboard, signed in as 1,000
//!   different reps in turn, and the executive rollup as 20 executives in
//!   turn (so no per-user cache can make one user's page look fast);
//! - the dashboard once more without `Accept-Encoding` (what compression
//!   costs and saves);
//! - `/healthz` and the favicon on one kept-alive connection (latency
//!   without queueing).
//!
//! Every row: 32 connections (unless said), 10 s after a 1 s warm-up;
//! requests per second, p50/p99 latency, bytes per answer, errors (non-2xx).
//! The load generator is a minimal HTTP/1.1 client in this process (kept-alive
//! connections, one request in flight per connection, like `wrk`), running
//! on 2 threads next to the server's 2 workers: absolute figures depend on
//! the machine and its load, the same-run ratios much less.
//! Run with `cargo bench --bench pages`; `ATTAIN_BENCH_ROWS=healthz,dashboard`
//! runs only the rows whose name holds one of those words.
//!
//! Uses `DATABASE_URL`'s server when set (a database `attain_bench` is
//! created, replaced if present), else a private cluster under the temp dir.
//! `ATTAIN_BENCH_REUSE=1` keeps an `attain_bench` that is already built.

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use attain::startup::{AppConfig, Application};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reps signed in before the run; the pages rotate over all of them.
const SIGNED_IN_REPS: usize = 1_000;
const CONCURRENCY: usize = 32;
const DURATION: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(1);
/// What a current browser sends.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

mod common;
mod seed;
use common::server_url;
use seed::{EXECUTIVES, PASSWORD, REPS};

/// Signs `email` in through the sign-in form; the session cookie
/// (`attain=…`) it was given.
async fn sign_in(address: &str, email: &str) -> String {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let body = client
        .get(format!("{address}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker).expect("csrf field") + marker.len();
    let token = &body[start..start + body[start..].find('"').unwrap()];
    let response = client
        .post(format!("{address}/login"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "sign-in of {email}");
    let cookie = response
        .cookies()
        .find(|c| c.name() == "attain")
        .expect("session cookie");
    format!("attain={}", cookie.value())
}

/// Signs in every email, a few at a time (the server checks passwords
/// two at a time).
async fn sign_in_all(address: &str, emails: Vec<String>) -> Vec<String> {
    let emails = Arc::new(emails);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (emails, next, address) = (emails.clone(), next.clone(), address.to_string());
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(email) = emails.get(i) else { break };
                mine.push((i, sign_in(&address, email).await));
            }
            mine
        }));
    }
    let mut cookies = vec![String::new(); emails.len()];
    for task in tasks {
        for (i, cookie) in task.await.unwrap() {
            cookies[i] = cookie;
        }
    }
    cookies
}

/// One row of the table: a path requested over `connections` kept-alive
/// connections, each request with the next cookie of `cookies` (none when
/// empty).
struct Row {
    name: &'static str,
    path: String,
    cookies: Arc<Vec<String>>,
    accept_encoding: Option<&'static str>,
    connections: usize,
}

#[derive(Default)]
struct Figures {
    requests: usize,
    errors: usize,
    bytes: usize,
    users: usize,
    p50: Duration,
    p99: Duration,
    rps: f64,
}

/// The request bytes for each cookie (one when there is none).
fn requests(row: &Row) -> Arc<Vec<Vec<u8>>> {
    let one = |cookie: Option<&str>| {
        let mut r = format!("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", row.path);
        if let Some(encodings) = row.accept_encoding {
            r.push_str(&format!("Accept-Encoding: {encodings}\r\n"));
        }
        if let Some(cookie) = cookie {
            r.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        r.push_str("\r\n");
        r.into_bytes()
    };
    Arc::new(if row.cookies.is_empty() {
        vec![one(None)]
    } else {
        row.cookies.iter().map(|c| one(Some(c))).collect()
    })
}

/// One kept-alive HTTP/1.1 connection.
struct Connection1 {
    stream: TcpStream,
    buf: Vec<u8>,
    filled: usize,
}

impl Connection1 {
    async fn open(addr: SocketAddr) -> std::io::Result<Connection1> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection1 {
            stream,
            buf: vec![0; 256 * 1024],
            filled: 0,
        })
    }

    async fn fill(&mut self) -> std::io::Result<()> {
        if self.filled == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = self.stream.read(&mut self.buf[self.filled..]).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.filled += n;
        Ok(())
    }

    /// Sends `request` and reads the whole answer: its status and body size.
    async fn exchange(&mut self, request: &[u8]) -> std::io::Result<(u16, usize, bool)> {
        self.stream.write_all(request).await?;
        let (status, head_len, length, close) = loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut response = httparse::Response::new(&mut headers);
            match response.parse(&self.buf[..self.filled]) {
                Ok(httparse::Status::Complete(head_len)) => {
                    let header = |name: &str| {
                        response
                            .headers
                            .iter()
                            .find(|h| h.name.eq_ignore_ascii_case(name))
                            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
                    };
                    if header("transfer-encoding").is_some() {
                        return Err(std::io::Error::other("chunked answers are not expected"));
                    }
                    let length: usize = header("content-length")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    let close = header("connection").is_some_and(|v| v.contains("close"));
                    break (response.code.unwrap_or(0), head_len, length, close);
                }
                Ok(httparse::Status::Partial) => self.fill().await?,
                Err(e) => return Err(std::io::Error::other(e)),
            }
        };
        while self.filled < head_len + length {
            self.fill().await?;
        }
        self.buf.copy_within(head_len + length..self.filled, 0);
        self.filled -= head_len + length;
        Ok((status, length, close))
    }
}

async fn run_for(addr: SocketAddr, row: &Row, duration: Duration) -> Figures {
    let requests = requests(row);
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..row.connections {
        let requests = requests.clone();
        let stride = row.connections;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(64 * 1024);
            let (mut errors, mut bytes) = (0, 0);
            let mut used = HashSet::new();
            let mut conn = Connection1::open(addr).await.unwrap();
            let mut k = 0;
            while Instant::now() < deadline {
                let i = (c + k * stride) % requests.len();
                k += 1;
                let t = Instant::now();
                match conn.exchange(&requests[i]).await {
                    Ok((status, length, close)) => {
                        if (200..300).contains(&status) {
                            latencies.push(t.elapsed());
                            bytes += length;
                            used.insert(i);
                        } else {
                            errors += 1;
                        }
                        if close {
                            conn = Connection1::open(addr).await.unwrap();
                        }
                    }
                    Err(_) => {
                        errors += 1;
                        conn = Connection1::open(addr).await.unwrap();
                    }
                }
            }
            (latencies, errors, bytes, used)
        }));
    }
    let mut all = Vec::new();
    let mut figures = Figures::default();
    let mut users = HashSet::new();
    for task in tasks {
        let (latencies, errors, bytes, used) = task.await.unwrap();
        all.extend(latencies);
        figures.errors += errors;
        figures.bytes += bytes;
        users.extend(used);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pick = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    figures.requests = all.len();
    figures.p50 = pick(0.50);
    figures.p99 = pick(0.99);
    figures.rps = all.len() as f64 / elapsed;
    figures.users = if row.cookies.is_empty() {
        0
    } else {
        users.len()
    };
    figures
}

fn main() {
    let (url, _cluster) = server_url("attain_bench");
    seed::build_database(&url, "attain_bench");
    seed::run_daily_jobs(&url);
    let pool = attain::db::pool(&url, 4, Duration::from_secs(3)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let app = Application::build(
        listener,
        AppConfig {
            pool,
            session_key: vec![7u8; 64],
            secure_cookies: false,
            trust_forwarded_for: false,
            workers: Some(2),
            jobs: Default::default(),
            live_database_url: None,
        },
    )
    .unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{}", app.port()).parse().unwrap();
    let address = format!("http://{addr}");
    let handle = app.server_handle();
    let server =
        std::thread::spawn(move || actix_web::rt::System::new().block_on(app.run_until_stopped()));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("load-generator")
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let started = Instant::now();
        // Every tenth rep: spread over all 200 teams.
        let reps: Vec<String> = (1..=SIGNED_IN_REPS)
            .map(|i| format!("rep{}@bench.test", i * (REPS as usize / SIGNED_IN_REPS)))
            .collect();
        let reps = Arc::new(sign_in_all(&address, reps).await);
        let executives = (1..=EXECUTIVES)
            .map(|i| format!("exec{i}@bench.test"))
            .collect();
        let executives = Arc::new(sign_in_all(&address, executives).await);
        println!(
            "signed in {} reps and {} executives through the form in {:.1}s",
            reps.len(),
            executives.len(),
            started.elapsed().as_secs_f64()
        );
        let nobody = Arc::new(Vec::new());
        let htmx = attain::web::assets::url("vendor/htmx-2.0.11.min.js");
        let row = |name, path: &str, cookies: &Arc<Vec<String>>, accept, connections| Row {
            name,
            path: path.to_string(),
            cookies: cookies.clone(),
            accept_encoding: accept,
            connections,
        };
        let browser = Some(BROWSER_ENCODINGS);
        let rows = [
            row("/healthz", "/healthz", &nobody, browser, CONCURRENCY),
            row("/static/favicon.svg", "/static/favicon.svg", &nobody, browser, CONCURRENCY),
            row("htmx, fingerprinted (br)", htmx, &nobody, browser, CONCURRENCY),
            row("rep dashboard", "/dashboard", &reps, browser, CONCURRENCY),
            row("company leaderboard", "/leaderboard?scope=company", &reps, browser, CONCURRENCY),
            row("executive rollup", "/executive", &executives, browser, CONCURRENCY),
            row("rep dashboard, uncompressed", "/dashboard", &reps, None, CONCURRENCY),
            row("/healthz, 1 connection", "/healthz", &nobody, browser, 1),
            row("/static/favicon.svg, 1 connection", "/static/favicon.svg", &nobody, browser, 1),
        ];
        println!(
            "\n{}s per row after a {}s warm-up; Accept-Encoding: {BROWSER_ENCODINGS} unless said",
            DURATION.as_secs(),
            WARM_UP.as_secs()
        );
        println!(
            "| page | connections | users | requests | errors | req/s | p50 | p99 | bytes/answer | ratio to /healthz |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|");
        let mut ceiling = [0.0f64; 2];
        // `ATTAIN_BENCH_ROWS=dashboard,healthz`: only the rows whose name
        // holds one of these words (for profiling one page).
        let only: Vec<String> = std::env::var("ATTAIN_BENCH_ROWS")
            .map(|v| v.split(',').map(|w| w.trim().to_string()).collect())
            .unwrap_or_default();
        for row in rows {
            if !only.is_empty() && !only.iter().any(|w| row.name.contains(w.as_str())) {
                continue;
            }
            run_for(addr, &row, WARM_UP).await;
            let f = run_for(addr, &row, DURATION).await;
            let single = usize::from(row.connections == 1);
            if row.path == "/healthz" {
                ceiling[single] = f.rps;
            }
            println!(
                "| {} | {} | {} | {} | {} | {:.0} | {:.2} ms | {:.2} ms | {} | {:.3} |",
                row.name,
                row.connections,
                if f.users == 0 { "-".to_string() } else { f.users.to_string() },
                f.requests,
                f.errors,
                f.rps,
                f.p50.as_secs_f64() * 1000.0,
                f.p99.as_secs_f64() * 1000.0,
                f.bytes.checked_div(f.requests).unwrap_or(0),
                f.rps / ceiling[single],
            );
        }
    });
    runtime.block_on(handle.stop(true));
    let _ = server.join();
}
