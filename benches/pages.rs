//! Page benchmark: builds a large organisation (10,000 reps in 200 teams,
//! 50,000 goals, 1,000,000 metric events over a year) in a fresh database,
//! then measures the rep dashboard, the company leaderboard and the executive
//! rollup through HTTP at 32 concurrent connections: p50/p99 latency and
//! requests per second. Run with `cargo bench --bench pages`.
//!
//! Uses `DATABASE_URL`'s server when set (a database `attain_bench` is
//! created, replaced if present), else a private cluster under the temp dir.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use attain::startup::{AppConfig, Application, default_static_dir};
use diesel::{Connection, PgConnection, RunQueryDsl};

const REPS: i64 = 10_000;
const TEAMS: i64 = 200;
const EVENTS: i64 = 1_000_000;
const CONCURRENCY: usize = 32;
const DURATION: Duration = Duration::from_secs(10);
const PASSWORD: &str = "bench password 2026";

mod common;
use common::{admin_url, server_url};

fn build_database(url: &str) {
    let mut admin = PgConnection::establish(&admin_url(url)).unwrap();
    diesel::sql_query("DROP DATABASE IF EXISTS attain_bench WITH (FORCE)")
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query("CREATE DATABASE attain_bench")
        .execute(&mut admin)
        .unwrap();
    attain::db::migrate_url(url).unwrap();
    let mut conn = PgConnection::establish(url).unwrap();
    let hash = attain::auth::password::hash(PASSWORD).unwrap();
    let today = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let statements = [
        format!(
            "INSERT INTO teams (name) SELECT 'Team ' || lpad(i::text, 3, '0') FROM generate_series(1, {TEAMS}) i"
        ),
        format!(
            "INSERT INTO users (email, name, role, team_id, password_hash)
             SELECT 'rep' || i || '@bench.test', 'Rep ' || i, 'rep',
                    (SELECT min(id) FROM teams) + (i % {TEAMS}), '{hash}'
             FROM generate_series(1, {REPS}) i"
        ),
        format!(
            "INSERT INTO users (email, name, role, password_hash) VALUES
             ('ceo@bench.test', 'Bench CEO', 'executive', '{hash}'),
             ('admin@bench.test', 'Bench Admin', 'admin', '{hash}')"
        ),
        "UPDATE organisation SET name = 'Bench Corp'".to_string(),
        format!(
            "INSERT INTO periods (kind, name, start_date, end_date)
             VALUES ('month', 'This month', date_trunc('month', DATE '{today}')::date,
                     (date_trunc('month', DATE '{today}') + interval '1 month - 1 day')::date)"
        ),
        // Five goals per rep this month: 50,000 goals.
        "INSERT INTO goals (owner_kind, user_id, metric_id, period_id, target)
         SELECT 'user', u.id, m.id, (SELECT max(id) FROM periods),
                CASE m.key WHEN 'revenue' THEN 5000000 ELSE 40 END
         FROM users u CROSS JOIN metric_definitions m
         WHERE u.role = 'rep' AND m.key IN ('revenue', 'deals', 'calls', 'meetings', 'signups')"
            .to_string(),
        // Company goals for the executive's page.
        "INSERT INTO goals (owner_kind, metric_id, period_id, target)
         SELECT 'company', m.id, (SELECT max(id) FROM periods),
                CASE m.key WHEN 'revenue' THEN 50000000000 ELSE 400000 END
         FROM metric_definitions m
         WHERE m.key IN ('revenue', 'deals', 'calls', 'meetings', 'signups')"
            .to_string(),
        // One million events over the last year, spread over reps and metrics.
        format!(
            "INSERT INTO metric_events (user_id, metric_id, value, occurred_on, source)
             SELECT r.first + (i % {REPS}),
                    m.ids[1 + (i / {REPS}) % 5],
                    CASE WHEN (i / {REPS}) % 5 = 0 THEN (50000 + (i * 7919) % 950000)::numeric ELSE 1 END,
                    DATE '{today}' - ((i * 31) % 365)::int,
                    'system'
             FROM generate_series(0::bigint, {EVENTS} - 1) i,
                  (SELECT min(id) AS first FROM users WHERE role = 'rep') r,
                  (SELECT array_agg(id ORDER BY position) AS ids FROM metric_definitions
                   WHERE key IN ('revenue', 'deals', 'calls', 'meetings', 'signups')) m"
        ),
        "ANALYZE".to_string(),
    ];
    for sql in statements {
        diesel::sql_query(&sql).execute(&mut conn).unwrap();
    }
    println!(
        "generated {REPS} reps in {TEAMS} teams, {} goals, {EVENTS} events in {:.1}s",
        REPS * 5 + 5,
        started.elapsed().as_secs_f64()
    );
}

async fn signed_in_client(address: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CONCURRENCY)
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
    client
}

struct Figures {
    requests: usize,
    errors: usize,
    p50: Duration,
    p99: Duration,
    rps: f64,
}

async fn measure(client: reqwest::Client, url: String) -> Figures {
    let client = Arc::new(client);
    let deadline = Instant::now() + DURATION;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let client = client.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        latencies.push(t.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await.unwrap();
        all.extend(latencies);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pick = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Figures {
        requests: all.len(),
        errors,
        p50: pick(0.50),
        p99: pick(0.99),
        rps: all.len() as f64 / elapsed,
    }
}

fn main() {
    let (url, _cluster) = server_url("attain_bench");
    build_database(&url);
    let pool = attain::db::pool(&url, 4, Duration::from_secs(3)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let app = Application::build(
        listener,
        AppConfig {
            pool,
            session_key: vec![7u8; 64],
            static_dir: default_static_dir(),
            secure_cookies: false,
            trust_forwarded_for: false,
            workers: Some(2),
            jobs: Default::default(),
            live_database_url: None,
        },
    )
    .unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
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
        let pages = [
            ("rep dashboard", "rep42@bench.test", "/dashboard"),
            (
                "company leaderboard",
                "rep42@bench.test",
                "/leaderboard?scope=company",
            ),
            ("executive rollup", "ceo@bench.test", "/executive"),
        ];
        println!(
            "\n{CONCURRENCY} connections, {}s per page",
            DURATION.as_secs()
        );
        println!("| page | requests | errors | req/s | p50 | p99 |");
        println!("|---|---|---|---|---|---|");
        for (name, email, path) in pages {
            let client = signed_in_client(&address, email).await;
            // Warm up caches and the pool.
            for _ in 0..20 {
                let _ = client
                    .get(format!("{address}{path}"))
                    .send()
                    .await
                    .map(|r| r.bytes());
            }
            let f = measure(client, format!("{address}{path}")).await;
            println!(
                "| {name} | {} | {} | {:.0} | {:.1} ms | {:.1} ms |",
                f.requests,
                f.errors,
                f.rps,
                f.p50.as_secs_f64() * 1000.0,
                f.p99.as_secs_f64() * 1000.0
            );
        }
    });
    runtime.block_on(handle.stop(true));
    let _ = server.join();
}
