//! Shared results of the expensive derived pages (the leaderboard's ranking,
//! the company rollup), kept per change epoch. A request reads the epoch
//! (one tiny query), then takes the result computed for that epoch or
//! computes it: concurrent requests for the same key wait for one
//! computation instead of each running it. Any committed write to the
//! facts moves the epoch, so a result is never served after the data under
//! it changed; old epochs' entries simply age out.
//!
//! Why this is exact: the epoch is read before the computation starts, so
//! the computation sees at least everything the epoch counts. A write that
//! commits during the computation may or may not be in the result, but it
//! moves the epoch, so the next reader asks for a newer key.

use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use diesel::PgConnection;
use moka::sync::Cache;

use super::company::Company;
use super::error::AppError;
use super::leaderboard::Ranking;
use crate::db::epoch;

/// One kind of derived result, by key and epoch.
pub struct Memo<K, V> {
    entries: Cache<(i64, K), Arc<V>>,
}

impl<K, V> Memo<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    fn new(capacity: u64) -> Self {
        Memo {
            entries: Cache::builder()
                .max_capacity(capacity)
                .time_to_idle(Duration::from_secs(600))
                .build(),
        }
    }

    /// The result for `key` as of now: cached, or computed by `compute`
    /// (once, however many requests ask at the same moment).
    pub fn get(
        &self,
        conn: &mut PgConnection,
        key: K,
        compute: impl FnOnce(&mut PgConnection) -> Result<V, AppError>,
    ) -> Result<Arc<V>, AppError> {
        let now = epoch::current(conn)?;
        self.entries
            .try_get_with((now, key), || compute(conn).map(Arc::new))
            .map_err(|shared: Arc<AppError>| {
                // The waiters of a failed computation share its error.
                Arc::try_unwrap(shared)
                    .unwrap_or_else(|e| AppError::Internal(anyhow::anyhow!("{e}")))
            })
    }
}

/// Key of a ranking: period, metric, and who is compared (the scope's
/// parameter and, for "my team", the viewer's teams).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StandingsKey {
    pub period_id: i64,
    pub metric_id: i64,
    pub scope: String,
    pub teams: Vec<i64>,
}

/// Key of the company rollup: period, sort order and the business day
/// (pace and health depend on it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CompanyKey {
    pub period_id: i64,
    pub sort: String,
    pub today: chrono::NaiveDate,
    /// The company page's figures are worded for their reader.
    pub lang: crate::i18n::Lang,
}

/// Every cache of the application, shared by all workers.
pub struct Caches {
    pub standings: Memo<StandingsKey, Ranking>,
    pub company: Memo<CompanyKey, Company>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            standings: Memo::new(64),
            company: Memo::new(32),
        }
    }
}
