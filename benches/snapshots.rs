//! Snapshot job benchmark: builds an organisation of 10,000 reps in 200
//! teams (20 regions of 9 sub-teams), 50,205 goals this month (five per
//! rep, one per team, five for the company) and 1,000,000 metric events
//! over a year in a fresh database, then times the snapshots job: a first
//! run for a day (every goal gets its row), the same day again (nothing to
//! do), and the month's last day (daily, weekly and monthly rows). Run with
//! `cargo bench --bench snapshots`.
//!
//! Uses `DATABASE_URL`'s server when set (a database `attain_bench_snapshots`
//! is created, replaced if present), else a private cluster under the temp dir.

use std::time::Instant;

mod common;

use chrono::{Datelike, NaiveDate};
use diesel::{Connection, PgConnection, RunQueryDsl};

const DATABASE: &str = "attain_bench_snapshots";
const REPS: i64 = 10_000;
const REGIONS: i64 = 20;
const TEAMS_PER_REGION: i64 = 9;
const EVENTS: i64 = 1_000_000;

use common::{admin_url, server_url};

fn build_database(url: &str, today: NaiveDate) -> i64 {
    let mut admin = PgConnection::establish(&admin_url(url)).unwrap();
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query(format!("CREATE DATABASE {DATABASE}"))
        .execute(&mut admin)
        .unwrap();
    attain::db::migrate_url(url).unwrap();
    let mut conn = PgConnection::establish(url).unwrap();
    let started = Instant::now();
    let teams = REGIONS * (TEAMS_PER_REGION + 1);
    let statements = [
        format!(
            "INSERT INTO teams (name) SELECT 'Region ' || lpad(i::text, 2, '0')
             FROM generate_series(1, {REGIONS}) i"
        ),
        format!(
            "INSERT INTO teams (name, parent_id)
             SELECT r.name || ' · ' || j, r.id
             FROM teams r CROSS JOIN generate_series(1, {TEAMS_PER_REGION}) j"
        ),
        // Reps in the sub-teams only: a region's actual is its subtree's.
        format!(
            "INSERT INTO users (email, name, role, team_id, password_hash)
             SELECT 'rep' || i || '@bench.test', 'Rep ' || i, 'rep', t.ids[1 + i % array_length(t.ids, 1)], 'x'
             FROM generate_series(1, {REPS}) i,
                  (SELECT array_agg(id ORDER BY id) AS ids FROM teams WHERE parent_id IS NOT NULL) t"
        ),
        format!(
            "INSERT INTO periods (kind, name, start_date, end_date)
             VALUES ('month', 'This month', date_trunc('month', DATE '{today}')::date,
                     (date_trunc('month', DATE '{today}') + interval '1 month - 1 day')::date)"
        ),
        "INSERT INTO goals (owner_kind, user_id, metric_id, period_id, target)
         SELECT 'user', u.id, m.id, (SELECT max(id) FROM periods),
                CASE m.key WHEN 'revenue' THEN 5000000 ELSE 40 END
         FROM users u CROSS JOIN metric_definitions m
         WHERE u.role = 'rep' AND m.key IN ('revenue', 'deals', 'calls', 'meetings', 'signups')"
            .to_string(),
        "INSERT INTO goals (owner_kind, team_id, metric_id, period_id, target)
         SELECT 'team', t.id, (SELECT id FROM metric_definitions WHERE key = 'revenue'),
                (SELECT max(id) FROM periods), 250000000
         FROM teams t"
            .to_string(),
        "INSERT INTO goals (owner_kind, metric_id, period_id, target)
         SELECT 'company', m.id, (SELECT max(id) FROM periods),
                CASE m.key WHEN 'revenue' THEN 50000000000 ELSE 400000 END
         FROM metric_definitions m
         WHERE m.key IN ('revenue', 'deals', 'calls', 'meetings', 'signups')"
            .to_string(),
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
    let goals = REPS * 5 + teams + 5;
    println!(
        "generated {REPS} reps in {teams} teams, {goals} goals, {EVENTS} events in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    goals
}

fn main() {
    let today = chrono::Utc::now().date_naive();
    let month_end = attain::domain::period::Period::month_containing(today).end;
    let (url, _cluster) = server_url(DATABASE);
    let goals = build_database(&url, today);
    let mut conn = PgConnection::establish(&url).unwrap();
    println!("\n| run | day | daily | weekly | monthly | seconds | goals/s |");
    println!("|---|---|---|---|---|---|---|");
    for (run, day) in [
        ("first run of a day", today),
        ("the same day again", today),
        ("the month's last day", month_end),
    ] {
        let started = Instant::now();
        let taken = attain::goals::snapshots::take_locked(&mut conn, day, day)
            .unwrap()
            .expect("nobody else holds the lock");
        let seconds = started.elapsed().as_secs_f64();
        let per_second = if taken.daily > 0 {
            format!("{:.0}", taken.daily as f64 / seconds)
        } else {
            "—".into()
        };
        println!(
            "| {run} | {} {} | {} | {} | {} | {seconds:.2} | {per_second} |",
            day,
            day.weekday(),
            taken.daily,
            taken.weekly,
            taken.monthly
        );
        if run == "first run of a day" {
            assert_eq!(taken.daily as i64, goals, "a row for every goal");
        }
    }
}
