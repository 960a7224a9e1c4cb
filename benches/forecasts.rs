//! Forecasts job benchmark: builds the pages benchmark's organisation
//! (10,000 reps in 200 teams, 50,005 goals this month, 1,000,000 events over
//! a year; `benches/seed`) in its own database, gives the reps partner
//! types and tiers (2 types × 4 tiers: eight peer groups per metric of
//! 1,250 partners), and times the `forecasts` job as of yesterday: every
//! live goal's forecast (1,000 bootstrap runs each) and every partner
//! goal's same-tier benchmark, read, computed and stored in one
//! transaction. Twice: the first run inserts every row, the second
//! replaces them. Run with `cargo bench --bench forecasts`.
//!
//! Uses `DATABASE_URL`'s server when set (a database
//! `attain_bench_forecasts` is created, replaced if present), else a private
//! cluster under the temp dir. `ATTAIN_BENCH_REUSE=1` keeps one already
//! built.

use std::time::Instant;

use chrono::{Days, Utc};
use diesel::{Connection, PgConnection, RunQueryDsl};

mod common;
mod seed;

const DATABASE: &str = "attain_bench_forecasts";

/// Two partner types and four tiers, the reps spread evenly over them
/// (again on a reused database: the same spread).
fn partner_groups(conn: &mut PgConnection) {
    let statements = [
        "INSERT INTO partner_types (code, name, min_monthly_sales, min_deal_count)
         VALUES ('bench-agent', 'Agent', 0, 0), ('bench-reseller', 'Reseller', 0, 0)
         ON CONFLICT DO NOTHING",
        "INSERT INTO partner_tiers (code, name, rank, target_multiplier)
         VALUES ('bench-bronze', 'Bronze', 1, 1), ('bench-silver', 'Silver', 2, 1.2),
                ('bench-gold', 'Gold', 3, 1.5), ('bench-platinum', 'Platinum', 4, 2)
         ON CONFLICT DO NOTHING",
        "UPDATE users u SET partner_type_id = ty.ids[1 + u.id % 2],
                            partner_tier_id = ti.ids[1 + (u.id / 2) % 4]
         FROM (SELECT array_agg(id ORDER BY code) AS ids FROM partner_types
               WHERE code LIKE 'bench-%') ty,
              (SELECT array_agg(id ORDER BY rank) AS ids FROM partner_tiers
               WHERE code LIKE 'bench-%') ti
         WHERE u.role = 'rep'",
        "ANALYZE users",
    ];
    for sql in statements {
        diesel::sql_query(sql).execute(conn).unwrap();
    }
}

fn main() {
    let (url, _cluster) = common::server_url(DATABASE);
    seed::build_database(&url, DATABASE);
    let mut conn = PgConnection::establish(&url).unwrap();
    partner_groups(&mut conn);
    let day = Utc::now().date_naive() - Days::new(1);
    println!("forecasts job as of {day}");
    println!(
        "| run | goals | not enough history | benchmarked | peer groups | without enough peers | seconds |"
    );
    println!("|---|---|---|---|---|---|---|");
    for run in ["first (inserts)", "again (replaces)"] {
        let started = Instant::now();
        let made = attain::goals::forecast::job::make(&mut conn, day)
            .unwrap()
            .expect("no other run holds the lock");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "| {run} | {} | {} | {} | {} | {} | {seconds:.2} |",
            made.goals,
            made.not_enough_history,
            made.benchmarks.goals,
            made.benchmarks.groups,
            made.benchmarks.not_enough_peers,
        );
    }
    // The parts: reading and simulating the forecasts alone (no writes).
    let started = Instant::now();
    let forecasts = attain::goals::forecast::job::compute(&mut conn, day).unwrap();
    println!(
        "reading the histories and simulating {} forecasts alone: {:.2} s",
        forecasts.len(),
        started.elapsed().as_secs_f64()
    );
}
