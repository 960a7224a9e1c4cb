//! Database plumbing: the r2d2 pool, embedded migrations, and one helper that
//! runs Diesel work off the actix worker threads.

pub mod achievements;
pub mod audit;
pub mod benchmarks;
pub mod bonus;
pub mod cluster;
pub mod commissions;
pub mod dashboard;
pub mod disputes;
pub mod epoch;
pub mod events;
pub mod forecasts;
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
pub mod payouts;
pub mod periods;
pub mod prepared;
pub mod reminders;
pub mod revisions;
pub mod sales;
pub mod schema;
pub mod sheet_sources;
pub mod sheets;
pub mod sign_in;
pub mod snapshots;
pub mod target_factors;
pub mod teams;
pub mod text_enum;
pub mod timeouts;
pub mod totals;
pub mod tree;
pub mod users;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool, PoolError, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tokio::sync::Semaphore;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

type Inner = Pool<ConnectionManager<PgConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<PgConnection>>;

/// The connection pool, and a lane in front of it: at most as many callers
/// as the pool has connections wait for one on a blocking thread; the rest
/// wait in line as tasks. A burst of hundreds of requests therefore costs
/// hundreds of small futures, not hundreds of threads with their stacks.
#[derive(Clone)]
pub struct DbPool {
    inner: Inner,
    lane: Arc<Semaphore>,
    timeout: Duration,
}

/// Callers per connection that may wait on a blocking thread: a few, so a
/// connection handed back is taken at once by a thread already waiting for
/// it, yet a burst of hundreds of requests still holds a handful of threads.
const LANE_PER_CONNECTION: usize = 4;

/// No connection came free within the pool's timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl DbPool {
    /// A connection, waiting at most the pool's timeout.
    pub fn get(&self) -> Result<DbConn, PoolError> {
        self.inner.get()
    }

    pub fn get_timeout(&self, timeout: Duration) -> Result<DbConn, PoolError> {
        self.inner.get_timeout(timeout)
    }

    pub fn state(&self) -> diesel::r2d2::State {
        self.inner.state()
    }

    pub fn max_size(&self) -> u32 {
        self.inner.max_size()
    }

    /// Runs `work` with a pooled connection on a blocking thread, off the
    /// actix workers. The whole wait (in line, then for the connection) is at
    /// most the pool's timeout; after it the caller gets `Busy`.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<Busy> + From<PoolError> + From<actix_web::error::BlockingError> + Send + 'static,
    {
        let started = Instant::now();
        let place = tokio::time::timeout(self.timeout, self.lane.clone().acquire_owned()).await;
        let Ok(Ok(place)) = place else {
            return Err(Busy.into());
        };
        let left = self.timeout.saturating_sub(started.elapsed());
        let inner = self.inner.clone();
        actix_web::web::block(move || {
            let _place = place;
            let mut conn = inner.get_timeout(left.max(Duration::from_millis(1)))?;
            work(&mut conn)
        })
        .await?
    }
}

/// [`DbPool::run`] for work that answers with [`AppError`]: the services,
/// and the page handlers (as `web::db`).
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, crate::error::AppError>
where
    F: FnOnce(&mut PgConnection) -> Result<T, crate::error::AppError> + Send + 'static,
    T: Send + 'static,
{
    pool.run(work).await
}

/// Builds a pool whose checkout gives up after `timeout`, so a dead database
/// turns into a 503 rather than a hung request.
pub fn pool(url: &str, size: u32, timeout: Duration) -> anyhow::Result<DbPool> {
    let manager = ConnectionManager::<PgConnection>::new(loopback_without_tls(url));
    let inner = Pool::builder()
        .max_size(size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        // No `SELECT 1` before every checkout: a connection that died with
        // the server fails its first query with a closed-connection error
        // (a 503) and is dropped as broken.
        .test_on_check_out(false)
        .connection_customizer(Box::new(timeouts::ForPages))
        .build_unchecked(manager);
    Ok(DbPool {
        lane: Arc::new(Semaphore::new(LANE_PER_CONNECTION * size as usize)),
        inner,
        timeout,
    })
}

/// `url` with `sslmode=disable` when it names a server on this machine
/// (`127.0.0.1`, `::1`, `localhost`) and says nothing of TLS. libpq's
/// default (`prefer`) negotiates TLS whenever the server offers it, and
/// Debian's PostgreSQL does: on loopback that only encrypts every query
/// and row for nobody (about 4% of the CPU of a dashboard under load).
/// A URL that names its `sslmode`, a remote server and a socket path are
/// left as they are.
pub fn loopback_without_tls(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url) else {
        return url.to_string();
    };
    // A `postgres:` URL's host is opaque to the URL standard: an address
    // arrives as text.
    let loopback = parsed.host_str().is_some_and(|host| {
        host == "localhost"
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    });
    let says_tls = parsed
        .query_pairs()
        .any(|(key, _)| key == "sslmode" || key == "host");
    if !matches!(parsed.scheme(), "postgres" | "postgresql") || !loopback || says_tls {
        return url.to_string();
    }
    let separator = if parsed.query().is_some_and(|q| !q.is_empty()) {
        "&"
    } else if url.ends_with('?') {
        ""
    } else {
        "?"
    };
    format!("{url}{separator}sslmode=disable")
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

/// One round trip to the database (`SELECT 1`), for the health check.
pub fn ping(conn: &mut PgConnection) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

#[cfg(test)]
mod loopback_tests {
    use super::loopback_without_tls as f;

    #[test]
    fn only_a_loopback_url_silent_on_tls_gets_sslmode_disable() {
        assert_eq!(
            f("postgres://postgres@127.0.0.1:5432/attain"),
            "postgres://postgres@127.0.0.1:5432/attain?sslmode=disable"
        );
        assert_eq!(
            f("postgresql://u@localhost/db?application_name=x"),
            "postgresql://u@localhost/db?application_name=x&sslmode=disable"
        );
        assert_eq!(
            f("postgres://u@[::1]:5433/db"),
            "postgres://u@[::1]:5433/db?sslmode=disable"
        );
        for kept in [
            "postgres://u@127.0.0.1/db?sslmode=require",
            "postgres://u@db.example.com/db",
            "postgres://u@/db?host=/tmp/sock",
            "not a url",
        ] {
            assert_eq!(f(kept), kept);
        }
    }
}
