//! Database plumbing: the r2d2 pool, embedded migrations, and one helper that
//! runs Diesel work off the actix worker threads.

pub mod achievements;
pub mod audit;
pub mod bonus;
pub mod cluster;
pub mod commissions;
pub mod epoch;
pub mod events;
pub mod goal_lifecycle;
pub mod goals;
pub mod job_runs;
pub mod metrics;
pub mod milestones;
pub mod notifications;
pub mod objectives;
pub mod organisation;
pub mod partner_tiers;
pub mod partner_types;
pub mod periods;
pub mod prepared;
pub mod reminders;
pub mod revisions;
pub mod sales;
pub mod schema;
pub mod sheets;
pub mod sign_in;
pub mod snapshots;
pub mod target_factors;
pub mod teams;
pub mod timeouts;
pub mod tree;
pub mod users;

use std::time::Duration;

use anyhow::Context;
use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub type DbPool = Pool<ConnectionManager<PgConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<PgConnection>>;

/// Builds a pool whose checkout gives up after `timeout`, so a dead database
/// turns into a 503 rather than a hung request.
pub fn pool(url: &str, size: u32, timeout: Duration) -> anyhow::Result<DbPool> {
    let manager = ConnectionManager::<PgConnection>::new(url);
    Ok(Pool::builder()
        .max_size(size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        // No `SELECT 1` before every checkout: a connection that died with
        // the server fails its first query with a closed-connection error
        // (a 503) and is dropped as broken.
        .test_on_check_out(false)
        .connection_customizer(Box::new(timeouts::ForPages))
        .build_unchecked(manager))
}

/// Applies every pending migration.
pub fn migrate(conn: &mut PgConnection) -> anyhow::Result<()> {
    // Two instances starting at once must not both migrate.
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT pg_advisory_lock(727274)").execute(conn)?;
    let result = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|_| ())
        .map_err(|e| anyhow::anyhow!("applying migrations: {e}"));
    diesel::sql_query("SELECT pg_advisory_unlock(727274)").execute(conn)?;
    result
}

/// Migrates the database behind `url` with a direct connection.
pub fn migrate_url(url: &str) -> anyhow::Result<()> {
    use diesel::Connection;
    let mut conn = PgConnection::establish(url).context("connecting to the database")?;
    migrate(&mut conn)
}

diesel::define_sql_function! {
    /// SQL `lower(text)`, for case-insensitive lookups.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The database's clock, so session times compare against the same clock
/// that stamps `sessions_valid_after`.
pub fn now(conn: &mut PgConnection) -> diesel::QueryResult<chrono::DateTime<chrono::Utc>> {
    use diesel::RunQueryDsl;
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Timestamptz>("now()")).get_result(conn)
}
