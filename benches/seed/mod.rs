//! The large organisation the pages and forecasts benchmarks measure:
//! 10,000 reps in 200 teams, 50,005 goals this month (five per rep, five
//! for the company) and 1,000,000 metric events over the last year.
//! `ATTAIN_BENCH_REUSE=1` keeps a database that is already built.
#![allow(dead_code, reason = "each benchmark uses part of it")]

use std::time::Instant;

use diesel::{Connection, PgConnection, RunQueryDsl};

use super::common::admin_url;

pub const REPS: i64 = 10_000;
pub const TEAMS: i64 = 200;
pub const EVENTS: i64 = 1_000_000;
pub const EXECUTIVES: usize = 20;
pub const PASSWORD: &str = "bench password 2026";

/// Builds `database` at `url` (replacing it), unless `ATTAIN_BENCH_REUSE=1`
/// and it is already built (then only its pending migrations run).
pub fn build_database(url: &str, database: &str) {
    let mut admin = PgConnection::establish(&admin_url(url)).unwrap();
    if std::env::var("ATTAIN_BENCH_REUSE").is_ok_and(|v| v == "1")
        && PgConnection::establish(url).is_ok_and(|mut conn| {
            diesel::sql_query("SELECT 1 FROM users WHERE email = 'exec20@bench.test'")
                .execute(&mut conn)
                .is_ok_and(|n| n == 1)
        })
    {
        println!("reusing the database {database} (ATTAIN_BENCH_REUSE=1)");
        // Built by an older Attain: bring its schema up to this one.
        attain::db::migrate_url(url).expect("migrating the reused database");
        return;
    }
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query(format!("CREATE DATABASE {database}"))
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
        format!(
            "INSERT INTO users (email, name, role, password_hash)
             SELECT 'exec' || i || '@bench.test', 'Executive ' || i, 'executive', '{hash}'
             FROM generate_series(1, {EXECUTIVES}) i"
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

/// Runs every daily job once, as the server's schedule would on the day
/// (the month's goal sheets and reminders, yesterday's snapshots, the
/// forecasts), then refreshes the planner's statistics: what an
/// organisation that has been running for a while has, and what its pages
/// read. Autovacuum may be off (it is on the CI machines), so the
/// statistics are refreshed here, not left to it.
pub fn run_daily_jobs(url: &str) {
    let started = Instant::now();
    let mut conn = PgConnection::establish(url).unwrap();
    let ctx = attain::jobs::JobContext::at(chrono::Utc::now(), None);
    for job in attain::jobs::JOBS {
        attain::jobs::run(&mut conn, job, &ctx, attain::jobs::Source::Cli)
            .unwrap_or_else(|e| panic!("the {} job: {e:#}", job.name));
    }
    diesel::sql_query("ANALYZE").execute(&mut conn).unwrap();
    println!(
        "ran the daily jobs and analyzed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
