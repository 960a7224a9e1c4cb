//! Recording metric events: the one use case behind the activity logger,
//! the CSV import and the API. Each edge reads its input into types, the
//! one [`rule`] decides, and [`record`] writes: the facts and the
//! milestones they reach in one transaction, then the live publish, then
//! (after the commit) the achievements they earn.

pub mod enter;
pub mod import;
pub mod rule;

use std::collections::HashSet;

use diesel::Connection;

use self::rule::{Fact, Refusal};
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::events::{MetricEvent, NewMetricEvent};
use crate::db::milestones::Milestone;
use crate::error::AppError;
use crate::goals::progress;
use crate::live::{self, LiveEvent};

pub use self::enter::{Entered, Entering, enter};

/// Where a fact came from (`metric_events.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Typed in the activity logger.
    Manual,
    Import,
    Api,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Import => "import",
            Source::Api => "api",
        }
    }
}

/// One fact that met the rule, with who and where it comes from.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub user_id: i64,
    pub fact: Fact,
    pub source: Source,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
}

impl NewEvent {
    fn row(&self) -> NewMetricEvent {
        NewMetricEvent {
            user_id: self.user_id,
            metric_id: self.fact.metric.id,
            value: self.fact.value,
            occurred_on: self.fact.occurred_on,
            source: self.source.as_str().into(),
            external_ref: self.external_ref.clone(),
            note: self.note.clone(),
            created_by: self.created_by,
            correction_reason: self.fact.correction_reason.clone(),
        }
    }
}

/// A bulk write (the import) leaves one line in the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Audit {
    pub actor_id: i64,
    /// Facts of the batch left out before the call, already recorded.
    pub already_present: usize,
}

/// What a call to [`record`] wrote.
#[derive(Debug, Default)]
pub struct Recorded {
    /// The rows written; a fact whose external reference is already
    /// recorded is skipped.
    pub written: Vec<MetricEvent>,
    /// Milestones the new facts reached.
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The fact at this index would take its person's total out of bounds;
    /// nothing was written.
    #[error("{1}")]
    Refused(usize, Refusal),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<diesel::result::Error> for RecordError {
    fn from(e: diesel::result::Error) -> Self {
        RecordError::App(e.into())
    }
}

/// Writes every fact or none: each person's running total is checked
/// ([`rule::check_total`]) inside the transaction that inserts the facts
/// and marks the milestones they reach; then the moved figures are
/// published live and, after the commit, achievements are detected.
pub async fn record(
    pool: &DbPool,
    events: Vec<NewEvent>,
    audit: Option<Audit>,
) -> Result<Recorded, RecordError> {
    if events.is_empty() && audit.is_none() {
        return Ok(Recorded::default());
    }
    let recorded = crate::db::run(pool, move |conn| {
        let recorded = match record_in(conn, &events, audit) {
            Ok(recorded) => recorded,
            Err(RecordError::App(e)) => return Err(e),
            Err(refused) => return Ok(Err(refused)),
        };
        let people = people(&recorded.written);
        if !people.is_empty() {
            live::publish(conn, &[LiveEvent::progress(people)]);
        }
        Ok(Ok(recorded))
    })
    .await??;
    // The facts have committed: now what they earned.
    crate::rewards::achievements::after_write(pool, people(&recorded.written)).await;
    Ok(recorded)
}

/// The transaction of [`record`] (a savepoint inside a caller's), without
/// the live publish and achievements that follow a commit.
pub fn record_in(
    conn: &mut diesel::PgConnection,
    events: &[NewEvent],
    audit: Option<Audit>,
) -> Result<Recorded, RecordError> {
    conn.transaction::<_, RecordError, _>(|conn| write(conn, events, audit))
}

/// [`record`]'s write on a connection whose transaction the caller holds
/// (the sheet sync, under its lock). The caller publishes the moved figures
/// after its commit; achievements follow on the achievements job.
pub fn write_in(
    conn: &mut diesel::PgConnection,
    events: &[NewEvent],
    audit: Option<Audit>,
) -> Result<Recorded, RecordError> {
    write(conn, events, audit)
}

/// Whose figures the written facts moved, each once.
pub fn moved(written: &[MetricEvent]) -> Vec<i64> {
    people(written)
}

fn write(
    conn: &mut diesel::PgConnection,
    events: &[NewEvent],
    audit: Option<Audit>,
) -> Result<Recorded, RecordError> {
    let user_ids: Vec<i64> = events.iter().map(|e| e.user_id).collect();
    let metric_ids: Vec<i64> = events.iter().map(|e| e.fact.metric.id).collect();
    let mut totals = MetricEvent::person_totals(conn, &user_ids, &metric_ids)?;
    for (index, event) in events.iter().enumerate() {
        let total = totals
            .entry((event.user_id, event.fact.metric.id))
            .or_default();
        rule::check_total(*total, event.fact.value)
            .map_err(|refusal| RecordError::Refused(index, refusal))?;
        *total += event.fact.value;
    }
    let rows: Vec<NewMetricEvent> = events.iter().map(NewEvent::row).collect();
    let written = MetricEvent::record_many(conn, &rows)?;
    let mut milestones = Vec::new();
    let mut seen = HashSet::new();
    for event in &written {
        // Once per person, metric and day.
        if seen.insert((event.user_id, event.metric_id, event.occurred_on)) {
            milestones.extend(progress::mark_reached_milestones(
                conn,
                event.user_id,
                event.metric_id,
                event.occurred_on,
            )?);
        }
    }
    if let Some(audit) = audit {
        let imported = written.len();
        let present = audit.already_present + (events.len() - imported);
        let summary =
            format!("imported {imported} metric events from CSV ({present} already present)");
        NewAuditEntry::new(
            Some(audit.actor_id),
            "import",
            "metric_event",
            None,
            summary,
        )
        .record(conn)?;
    }
    Ok(Recorded {
        written,
        milestones,
    })
}

/// Whose figures the written facts moved, each once.
fn people(written: &[MetricEvent]) -> Vec<i64> {
    let mut people: Vec<i64> = written.iter().map(|e| e.user_id).collect();
    people.sort_unstable();
    people.dedup();
    people
}
