//! One fact named by its metric key, for whoever may record it: the API's
//! `POST /api/v1/metric-events`. The caller records their own facts;
//! managers those of people below them, admins anyone's. With an external
//! reference the call is idempotent: the same fact again answers the stored
//! event, a different fact under a used reference is a conflict.

use chrono::NaiveDate;
use diesel::OptionalExtension;
use rust_decimal::Decimal;

use super::rule::{self, Bounds, Entry, Refusal};
use super::{NewEvent, RecordError, Source, record};
use crate::db::DbPool;
use crate::db::events::MetricEvent;
use crate::db::metrics::Metric;
use crate::db::milestones::Milestone;
use crate::db::users::User;
use crate::error::AppError;
use crate::org::access;

/// A fact as the edge read it.
#[derive(Debug, Clone)]
pub struct Entering {
    pub actor: User,
    /// Whose fact; the actor's own when `None`.
    pub user_id: Option<i64>,
    pub metric_key: String,
    /// `None` when the edge already refused the value as typed.
    pub value: Option<Decimal>,
    /// Today when `None`.
    pub occurred_on: Option<NaiveDate>,
    pub correction: bool,
    pub reason: String,
    pub source: Source,
    pub external_ref: Option<String>,
    pub note: Option<String>,
}

/// What [`enter`] did.
#[derive(Debug)]
pub enum Entered {
    /// Written, with the milestones it reached.
    New {
        event: MetricEvent,
        metric: Metric,
        milestones: Vec<Milestone>,
    },
    /// The same fact was already recorded under its external reference.
    Duplicate { event: MetricEvent, metric: Metric },
}

#[derive(Debug, thiserror::Error)]
pub enum EnterError {
    #[error("you may record events only for yourself and the people below you")]
    Forbidden,
    /// The entry breaks the rule (or names no user); nothing was written.
    #[error("the entry is refused")]
    Refused {
        no_such_user: bool,
        refusals: Vec<Refusal>,
        /// The metric the key named, for the edge's wording.
        metric: Option<Metric>,
    },
    #[error("external_ref is already used by a different event")]
    Conflict,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<diesel::result::Error> for EnterError {
    fn from(e: diesel::result::Error) -> Self {
        EnterError::App(e.into())
    }
}

/// Checks the entry against the one rule and records it.
pub async fn enter(
    pool: &DbPool,
    entering: Entering,
    bounds: Bounds,
) -> Result<Entered, EnterError> {
    let actor = entering.actor.clone();
    let user_id = entering.user_id.unwrap_or(actor.id);
    let key = entering.metric_key.clone();
    let (allowed, user, metric) = crate::db::run(pool, move |conn| {
        let allowed = user_id == actor.id || access::can_manage_user(conn, &actor, user_id)?;
        let user = User::find(conn, user_id).optional()?;
        Ok((allowed, user, Metric::find_by_key(conn, &key)?))
    })
    .await?;
    if !allowed {
        return Err(EnterError::Forbidden);
    }
    let entry = Entry {
        metric: metric.as_ref(),
        value: entering.value,
        occurred_on: Some(entering.occurred_on.unwrap_or(bounds.today)),
        correction: entering.correction,
        reason: &entering.reason,
    };
    let checked = rule::check(&entry, &bounds);
    let fact = match (checked, &user) {
        (Ok(fact), Some(_)) => fact,
        (checked, user) => {
            return Err(EnterError::Refused {
                no_such_user: user.is_none(),
                refusals: checked.err().unwrap_or_default(),
                metric,
            });
        }
    };
    let event = NewEvent {
        user_id,
        fact,
        source: entering.source,
        external_ref: entering.external_ref.clone(),
        note: entering.note,
        created_by: Some(entering.actor.id),
    };
    let same = event.row();
    let metric = event.fact.metric.clone();
    let mut recorded = match record(pool, vec![event], None).await {
        Ok(recorded) => recorded,
        Err(RecordError::Refused(_, refusal)) => {
            return Err(EnterError::Refused {
                no_such_user: false,
                refusals: vec![refusal],
                metric: Some(metric),
            });
        }
        Err(RecordError::App(e)) => return Err(e.into()),
    };
    if let Some(event) = recorded.written.pop() {
        return Ok(Entered::New {
            event,
            metric,
            milestones: recorded.milestones,
        });
    }
    // Nothing written: the reference is already recorded.
    let reference = entering.external_ref.unwrap_or_default();
    let stored = crate::db::run(pool, move |conn| {
        Ok(MetricEvent::by_external_ref(conn, &reference)?)
    })
    .await?
    .ok_or(EnterError::Conflict)?;
    let same_fact = stored.user_id == same.user_id
        && stored.metric_id == same.metric_id
        && stored.value == same.value
        && stored.occurred_on == same.occurred_on;
    if !same_fact {
        return Err(EnterError::Conflict);
    }
    Ok(Entered::Duplicate {
        event: stored,
        metric,
    })
}
