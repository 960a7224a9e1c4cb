//! How long one statement may run, and wait for a lock, per role of work.
//! A page that meets a held row lock gives up quickly (a 503) instead of
//! waiting as long as the lock holds; a job or a CLI command may take longer.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{PgConnection, QueryResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// `statement_timeout`: one statement's whole run.
    pub statement: Duration,
    /// `lock_timeout`: one wait for a lock.
    pub lock: Duration,
}

/// Requests: set on every pooled connection when it is opened.
pub const PAGES: Timeouts = Timeouts {
    statement: Duration::from_secs(5),
    lock: Duration::from_secs(2),
};

/// Jobs (scheduled, from the admin page or `attain jobs run`): set for the
/// run, and pages' timeouts restored after.
pub const JOBS: Timeouts = Timeouts {
    statement: Duration::from_secs(10 * 60),
    lock: Duration::from_secs(60),
};

impl Timeouts {
    /// Sets both for the connection's session (one round trip).
    pub fn apply(&self, conn: &mut PgConnection) -> QueryResult<()> {
        conn.batch_execute(&format!(
            "SET statement_timeout = {}; SET lock_timeout = {}",
            self.statement.as_millis(),
            self.lock.as_millis()
        ))
    }
}

/// The pool's connection customizer: every new connection gets [`PAGES`].
#[derive(Debug, Clone, Copy)]
pub struct ForPages;

impl diesel::r2d2::CustomizeConnection<PgConnection, diesel::r2d2::Error> for ForPages {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        PAGES.apply(conn).map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Whether a database error is a statement or lock timeout (SQLSTATE 57014
/// or 55P03; diesel does not expose the code, PostgreSQL's message is fixed).
pub fn is_timeout(info: &dyn diesel::result::DatabaseErrorInformation) -> bool {
    let message = info.message();
    message.contains("canceling statement due to lock timeout")
        || message.contains("canceling statement due to statement timeout")
        || message.starts_with("could not obtain lock")
}
