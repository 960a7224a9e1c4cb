//! Commission benchmark: a network of 100,000 partners up to 30 levels deep
//! and a 10-level plan; pending sales are confirmed from many connections at
//! once, then refunded. Prints confirmations (and refunds) per second with
//! p50/p99 latency, and each as a ratio to a same-run ceiling: a bare
//! one-row INSERT transaction, one per sale, from the same connections.
//! Run with `cargo bench --bench commissions`.
//!
//! Uses `DATABASE_URL`'s server when set (database `attain_bench_sales`,
//! replaced if present), else a private cluster under the temp dir.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use attain::db::cluster::PrivateCluster;
use attain::db::users::User;
use diesel::{Connection, PgConnection, RunQueryDsl};

const PARTNERS: i64 = 100_000;
const DEPTH: i64 = 30;
const SALES: i64 = 20_000;
const CONNECTIONS: usize = 8;

fn database_url() -> (String, String, Option<PrivateCluster>) {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let base = url.split('?').next().unwrap().trim_end_matches('/');
            let server = &base[..base.rfind('/').unwrap()];
            (
                format!("{server}/attain_bench_sales"),
                format!("{server}/postgres"),
                None,
            )
        }
        _ => {
            let dir =
                std::env::temp_dir().join(format!("attain-bench-pg-{}", nix::unistd::geteuid()));
            let cluster = PrivateCluster::ensure_running(&dir).expect("private PostgreSQL");
            (
                cluster.database_url("attain_bench_sales"),
                cluster.database_url("postgres"),
                Some(cluster),
            )
        }
    }
}

fn build(url: &str, admin_url: &str) {
    let mut admin = PgConnection::establish(admin_url).unwrap();
    for sql in [
        "DROP DATABASE IF EXISTS attain_bench_sales WITH (FORCE)",
        "CREATE DATABASE attain_bench_sales",
    ] {
        diesel::sql_query(sql).execute(&mut admin).unwrap();
    }
    attain::db::migrate_url(url).unwrap();
    let mut conn = PgConnection::establish(url).unwrap();
    let started = Instant::now();
    let chains = PARTNERS / DEPTH + 1;
    let statements = [
        "INSERT INTO partner_tiers (code, name, rank, target_multiplier) VALUES
         ('bronze', 'Bronze', 1, 1), ('silver', 'Silver', 2, 1.2), ('gold', 'Gold', 3, 1.5)"
            .to_string(),
        "INSERT INTO users (email, name, role, password_hash) VALUES
         ('admin@bench.test', 'Bench Admin', 'admin', 'x')"
            .to_string(),
        // Partner i is sponsored by partner i − chains: straight chains of
        // DEPTH levels, one per root.
        format!(
            "INSERT INTO users (email, name, role, password_hash, partner_tier_id, active)
             SELECT 'p' || i || '@bench.test', 'Partner ' || i, 'rep', 'x',
                    (SELECT min(id) FROM partner_tiers) + i % 3, i % 17 <> 0
             FROM generate_series(1, {PARTNERS}) i"
        ),
        // One INSERT numbers its rows consecutively, so the sponsor of
        // partner i is the row `chains` ids earlier.
        format!(
            "UPDATE users SET sponsor_id = id - {chains}
             WHERE role = 'rep'
               AND id - {chains} >= (SELECT min(id) FROM users WHERE role = 'rep')"
        ),
        "INSERT INTO commission_plans (version, direct_rates, default_direct_rate, upline_rates,
                                       matching_rate, max_depth, compression)
         SELECT 2, jsonb_object_agg(id::text, to_jsonb((0.08 + rank * 0.01)::text)), 0.08,
                '[\"0.05\",\"0.04\",\"0.03\",\"0.02\",\"0.02\",\"0.01\",\"0.01\",\"0.01\",\"0.01\",\"0.01\"]',
                0.10, 10, TRUE
         FROM partner_tiers"
            .to_string(),
        "UPDATE approval_rules SET auto_confirm_limit = 0, manager_approval_limit = 0".to_string(),
        "UPDATE organisation SET currency_code = 'KRW', currency_minor_unit = 0".to_string(),
        // Pending sales by partners deep in the chains.
        format!(
            "INSERT INTO sales (partner_id, partner_name, partner_email, title, amount, currency_code,
                                sales_date, sales_channel, order_number)
             SELECT u.id, u.name, u.email, 'Bench sale', 10000 + (g * 7919) % 990000, 'KRW',
                    CURRENT_DATE, 'online', 'B-' || g
             FROM generate_series(1, {SALES}) g
             JOIN users u ON u.id = (SELECT max(id) FROM users) - (g % {PARTNERS})"
        ),
        // The ceiling's table: what one write transaction costs here.
        "CREATE TABLE bench_ceiling (id BIGSERIAL PRIMARY KEY, sale_id BIGINT NOT NULL,
                                     written_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            .to_string(),
        "ANALYZE".to_string(),
    ];
    for sql in statements {
        diesel::sql_query(&sql).execute(&mut conn).unwrap();
    }
    println!(
        "built {PARTNERS} partners in chains of up to {DEPTH} levels, a 10-level plan and {SALES} pending sales in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// Runs `work` once per sale from [`CONNECTIONS`] connections; prints
/// and returns the operations per second.
fn run(url: &str, label: &str, work: fn(&mut PgConnection, &User, i64)) -> f64 {
    let mut conn = PgConnection::establish(url).unwrap();
    let admin: User = User::find_by_email(&mut conn, "admin@bench.test")
        .unwrap()
        .unwrap();
    let ids: Vec<i64> = diesel::sql_query("SELECT id FROM sales ORDER BY id")
        .load::<Id>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let queue = Arc::new(Mutex::new(ids));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let queue = queue.clone();
            let latencies = latencies.clone();
            let admin = admin.clone();
            let url = url.to_string();
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                let mut mine = Vec::new();
                loop {
                    let Some(id) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let t = Instant::now();
                    work(&mut conn, &admin, id);
                    mine.push(t.elapsed());
                }
                latencies.lock().unwrap().extend(mine);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = started.elapsed();
    let mut all = latencies.lock().unwrap().clone();
    all.sort();
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    let rate = all.len() as f64 / elapsed.as_secs_f64();
    print!(
        "| {label} | {} | {CONNECTIONS} | {:.0} | {:.2} ms | {:.2} ms |",
        all.len(),
        rate,
        ms(pick(0.50)),
        ms(pick(0.99))
    );
    rate
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

fn main() {
    let (url, admin_url, _cluster) = database_url();
    build(&url, &admin_url);
    println!(
        "\n| operation | count | connections | per second | p50 | p99 | ratio to the ceiling |"
    );
    println!("|---|---|---|---|---|---|---|");
    let ceiling = run(
        &url,
        "ceiling: one-row INSERT transaction",
        |conn, _, id| {
            conn.transaction(|conn| {
                diesel::sql_query("INSERT INTO bench_ceiling (sale_id) VALUES ($1)")
                    .bind::<diesel::sql_types::BigInt, _>(id)
                    .execute(conn)
            })
            .expect("ceiling insert");
        },
    );
    println!(" 1.000 |");
    let confirm = run(&url, "confirm", |conn, admin, id| {
        attain::sales::approve(conn, admin, id, None).expect("confirm");
    });
    println!(" {:.3} |", confirm / ceiling);
    let refund = run(&url, "refund", |conn, admin, id| {
        attain::sales::refund(conn, admin, id, "bench refund").expect("refund");
    });
    println!(" {:.3} |", refund / ceiling);
    let mut conn = PgConnection::establish(&url).unwrap();
    let (entries, net): (i64, Option<rust_decimal::Decimal>) = {
        #[derive(diesel::QueryableByName)]
        struct Totals {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            entries: i64,
            #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Numeric>)]
            net: Option<rust_decimal::Decimal>,
        }
        let t: Totals = diesel::sql_query(
            "SELECT count(*) AS entries, sum(amount) AS net FROM commission_entries",
        )
        .get_result(&mut conn)
        .unwrap();
        (t.entries, t.net)
    };
    println!(
        "\nledger: {entries} entries, net {:?} after every sale was refunded",
        net
    );
}
