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
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::PgConnection;
use moka::sync::Cache;
use rustc_hash::FxHashMap;

use super::company::Company;
use super::error::AppError;
use super::fragment::Shared;
use super::leaderboard::Ranking;
use crate::db::bonus::{BonusSchedule, BonusTierRow};
use crate::db::epoch::{self, Epoch};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::partner_tiers::PartnerTier;
use crate::db::periods::PeriodRow;
use crate::domain::period::{Period, PeriodKind};

/// One kind of derived result, by key and epoch.
pub struct Memo<K, V> {
    entries: Cache<(Epoch, K), Arc<V>>,
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
        self.get_at(conn, now, key, compute)
    }

    /// The result for `key` as of epoch `at`, which the caller read before
    /// reading anything the result depends on (in the same statement as
    /// its reader, say: `SignedIn::load`).
    pub fn get_at(
        &self,
        conn: &mut PgConnection,
        at: Epoch,
        key: K,
        compute: impl FnOnce(&mut PgConnection) -> Result<V, AppError>,
    ) -> Result<Arc<V>, AppError> {
        self.entries
            .try_get_with((at, key), || compute(conn).map(Arc::new))
            .map_err(|shared: Arc<AppError>| {
                // The waiters of a failed computation share its error.
                Arc::try_unwrap(shared)
                    .unwrap_or_else(|e| AppError::Internal(anyhow::anyhow!("{e}")))
            })
    }
}

/// Things made once per key and kept, beside the [`Memo`]s: rendered
/// parts of pages (`fragment::Shared`), kept by a catalog, a ranking or the
/// frame table, whose keys say everything the thing shows. At most
/// `capacity` are kept; past that the table starts over (its keys are a
/// few dozen in practice: languages, roles, choices).
pub struct Kept<K, V> {
    entries: Mutex<FxHashMap<K, Arc<V>>>,
    capacity: usize,
}

impl<K: Hash + Eq, V> Kept<K, V> {
    pub fn new(capacity: usize) -> Self {
        Kept {
            entries: Mutex::default(),
            capacity,
        }
    }

    /// The thing for `key`, made by `make` the first time it is asked for.
    /// Two threads asking at once may both make it; the first one kept is
    /// what both get.
    pub fn get<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Some(found) = self.entries.lock().ok().and_then(|e| e.get(&key).cloned()) {
            return Ok(found);
        }
        let made = Arc::new(make()?);
        let Ok(mut entries) = self.entries.lock() else {
            return Ok(made);
        };
        if entries.len() >= self.capacity {
            entries.clear();
        }
        Ok(entries.entry(key).or_insert(made).clone())
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

/// Key of the catalog: the business day and the fiscal year's first month
/// (which periods are current).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CatalogKey {
    pub today: chrono::NaiveDate,
    pub fiscal_start_month: u32,
}

impl CatalogKey {
    /// The organisation's business day and fiscal year.
    pub fn of(org: &Organisation) -> CatalogKey {
        CatalogKey {
            today: crate::goals::progress::org_today(org),
            fiscal_start_month: org.fiscal_start_month(),
        }
    }
}

/// What the pages' choosers offer, the same for every reader: every period
/// (the current month, quarter and year created when nobody has yet),
/// newest first; every metric in the admins' order; every partner tier,
/// active first; every bonus schedule with its tiers. All of them move the
/// epoch.
pub struct Catalog {
    pub periods: Vec<PeriodRow>,
    pub metrics: Vec<Metric>,
    pub tiers: Vec<PartnerTier>,
    /// Every bonus schedule with its tiers, as rows by schedule and tier
    /// position (`db::bonus::all_rows`).
    pub schedules: Vec<(BonusSchedule, Option<BonusTierRow>)>,
    /// Parts of pages rendered from the catalog alone (the leaderboard's
    /// choosers, say), by what they show: rendered and compressed once
    /// per epoch (see [`Catalog::part`]).
    parts: Kept<String, Shared>,
}

/// Parts a catalog keeps at most: the choosers' combinations a day's
/// readers ask for are a few dozen.
const KEPT_PARTS: usize = 256;

impl Catalog {
    /// The catalog read now, not kept (for a page off the hot path).
    pub fn load(conn: &mut PgConnection, key: &CatalogKey) -> Result<Catalog, AppError> {
        let mut periods = PeriodRow::all(conn)?;
        for kind in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            let Some(span) = Period::containing(kind, key.today, key.fiscal_start_month) else {
                continue;
            };
            if !periods.iter().any(|p| p.period() == span) {
                periods.push(PeriodRow::ensure(
                    conn,
                    &span,
                    &span.label(key.fiscal_start_month),
                )?);
            }
        }
        periods.sort_by(|a, b| (b.start_date, a.end_date).cmp(&(a.start_date, b.end_date)));
        Ok(Catalog {
            periods,
            metrics: Metric::all(conn)?,
            tiers: PartnerTier::all(conn)?,
            schedules: crate::db::bonus::all_rows(conn)?,
            parts: Kept::new(KEPT_PARTS),
        })
    }

    /// The part named `key`, rendered by `render` the first time it is
    /// asked for in this catalog's epoch. The key names everything the
    /// part shows besides the catalog (language, choices made).
    pub fn part(
        &self,
        key: String,
        render: impl FnOnce() -> Result<String, askama::Error>,
    ) -> Result<Arc<Shared>, AppError> {
        self.parts
            .get(key, || render().map(Shared::new).map_err(AppError::from))
    }

    pub fn period(&self, id: i64) -> Option<&PeriodRow> {
        self.periods.iter().find(|p| p.id == id)
    }

    /// The stored period spanning exactly `span`, if there is one.
    pub fn period_spanning(&self, span: &Period) -> Option<&PeriodRow> {
        self.periods.iter().find(|p| p.period() == *span)
    }

    pub fn tier(&self, id: i64) -> Option<&PartnerTier> {
        self.tiers.iter().find(|t| t.id == id)
    }

    /// The active metrics, in the admins' order.
    pub fn active_metrics(&self) -> Vec<Metric> {
        self.metrics.iter().filter(|m| m.active).cloned().collect()
    }
}

/// Every cache of the application, shared by all workers.
pub struct Caches {
    pub standings: Memo<StandingsKey, Ranking>,
    pub company: Memo<CompanyKey, Company>,
    pub catalog: Memo<CatalogKey, Catalog>,
}

impl Caches {
    /// The catalog as of epoch `at`, for the organisation's business day.
    pub fn catalog_at(
        &self,
        conn: &mut PgConnection,
        at: Epoch,
        org: &Organisation,
    ) -> Result<Arc<Catalog>, AppError> {
        let key = CatalogKey::of(org);
        self.catalog
            .get_at(conn, at, key.clone(), |conn| Catalog::load(conn, &key))
    }
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            standings: Memo::new(64),
            company: Memo::new(32),
            catalog: Memo::new(8),
        }
    }
}
