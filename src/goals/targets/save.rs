//! Saving a computed target onto a person's goal: the calculator's "save".
//! The target is computed again here (never taken from the form), then set
//! through the normal goal rules: a new goal when the person has no live
//! goal for the metric and month (refused like any duplicate if one
//! appears meanwhile), else a change of the live goal through
//! `lifecycle::revise_managed` (an active goal's new target needs a
//! reason). The breakdown is stored with the goal and the goal's revision
//! records the base and each factor.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Overrides, breakdown_fields, calculate};
use crate::db::audit::NewAuditEntry;
use crate::db::goals::{Goal, LIVE_KEY, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::users::User;
use crate::domain::target::Breakdown;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::goals::lifecycle::{self, Revision};

/// What the person, month and metric of a save are.
#[derive(Clone, Copy, Debug)]
pub struct Subject {
    pub user_id: i64,
    pub period_id: i64,
    pub metric_id: i64,
}

pub struct Saved {
    pub goal: Goal,
    /// A new goal (else the live one changed).
    pub created: bool,
    pub breakdown: Breakdown,
}

fn invalid(field: &'static str, message: impl Into<crate::i18n::Msg>) -> AppError {
    AppError::Invalid(FieldErrors::one(field, message))
}

/// Computes the target of `subject` (with `overrides`) and sets it on the
/// person's goal, in one transaction.
pub fn set_goal_target(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    subject: Subject,
    overrides: &Overrides,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Saved, AppError> {
    conn.transaction(|conn| {
        let (person, period, metric) = subject_of(conn, viewer, subject)?;
        let breakdown = match calculate(conn, org, &person, &period, &metric, overrides)? {
            Ok(b) => b,
            Err(why) => return Err(invalid(why.field(), why.message())),
        };
        store(
            conn, viewer, &person, &period, &metric, breakdown, reason, today,
        )
    })
}

/// Sets a breakdown made elsewhere (an accepted recommendation) on the
/// person's goal, with the same checks and records as the calculator's
/// save, in one transaction.
pub fn set_breakdown(
    conn: &mut PgConnection,
    viewer: &User,
    subject: Subject,
    breakdown: Breakdown,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Saved, AppError> {
    conn.transaction(|conn| {
        let (person, period, metric) = subject_of(conn, viewer, subject)?;
        store(
            conn, viewer, &person, &period, &metric, breakdown, reason, today,
        )
    })
}

/// The person (one the viewer manages, active), month and active metric
/// of a save.
fn subject_of(
    conn: &mut PgConnection,
    viewer: &User,
    subject: Subject,
) -> Result<(User, PeriodRow, Metric), AppError> {
    let person = User::find(conn, subject.user_id)
        .optional()?
        .ok_or_else(|| invalid("user", crate::i18n::Key("target-choose-person")))?;
    if !crate::org::access::can_manage_user(conn, viewer, person.id)? {
        return Err(AppError::Forbidden);
    }
    if !person.active {
        return Err(invalid(
            "user",
            crate::i18n::Msg::new("target-person-deactivated").arg("name", person.name.clone()),
        ));
    }
    let period = PeriodRow::find(conn, subject.period_id)
        .optional()?
        .ok_or_else(|| invalid("period", crate::i18n::Key("target-choose-month")))?;
    let metric = Metric::find(conn, subject.metric_id)
        .optional()?
        .filter(|m| m.active)
        .ok_or_else(|| invalid("metric", crate::i18n::Key("target-choose-active-metric")))?;
    Ok((person, period, metric))
}

/// Where a target came from, for the audit log (English, like every entry).
fn origin(breakdown: &Breakdown) -> &'static str {
    if breakdown.recommended.is_some() {
        "from a recommendation"
    } else {
        "from the formula"
    }
}

/// Sets `breakdown`'s target on the person's live goal, or a new one.
#[expect(clippy::too_many_arguments, reason = "the save's whole context")]
fn store(
    conn: &mut PgConnection,
    viewer: &User,
    person: &User,
    period: &PeriodRow,
    metric: &Metric,
    breakdown: Breakdown,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Saved, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let owner = Owner::User(person.id);
    let (goal, created) = match Goal::live(conn, owner, metric.id, period.id)? {
        None => (
            create(
                conn, viewer, person, period, metric, &breakdown, reason, today,
            )?,
            true,
        ),
        Some(live) => {
            let change = Revision {
                target: Some(breakdown.final_target),
                breakdown: Some(breakdown.clone()),
                ..Revision::default()
            };
            let goal = lifecycle::revise_managed(conn, viewer, live.id, &change, reason)?;
            NewAuditEntry::new(
                Some(viewer.id),
                "update",
                "goal",
                Some(goal.id),
                format!(
                    "Set the {} target of {} for {} {}: {} → {}",
                    metric.name.to_lowercase(),
                    person.name,
                    period.name,
                    origin(&breakdown),
                    live.target.normalize(),
                    goal.target.normalize()
                ),
            )
            .before(&live)
            .after(&goal)
            .record(conn)?;
            (goal, false)
        }
    };
    Ok(Saved {
        goal,
        created,
        breakdown,
    })
}

/// A new goal set by a manager: approved by them, and active at once if
/// its month has started.
#[expect(clippy::too_many_arguments, reason = "the save's whole context")]
fn create(
    conn: &mut PgConnection,
    viewer: &User,
    person: &User,
    period: &PeriodRow,
    metric: &Metric,
    breakdown: &Breakdown,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Goal, AppError> {
    let json = serde_json::to_value(breakdown).map_err(|e| AppError::Internal(e.into()))?;
    let new = NewGoal {
        created_by: Some(viewer.id),
        target_breakdown: Some(json),
        ..NewGoal::new(
            Owner::User(person.id),
            metric.id,
            period.id,
            breakdown.final_target,
        )
    };
    // A savepoint, so a lost race for the live slot leaves the outer
    // transaction usable for the message.
    let goal: Goal = conn
        .transaction(|conn| Goal::insert_approved(conn, &new, viewer.id, period.start_date, today))
        .map_err(|e| {
            on_constraint(
                e,
                &[(
                    LIVE_KEY,
                    "target",
                    crate::i18n::Key("target-set-concurrently"),
                )],
            )
        })?;
    let draft = RevisionDraft::new(
        goal.id,
        Some(viewer.id),
        Some(reason.unwrap_or("Set from the target calculator")),
    )
    .field("target", &None::<String>, &goal.target)
    .field("status", &None::<String>, &goal.status);
    breakdown_fields(draft, None, Some(breakdown)).record(conn)?;
    NewAuditEntry::new(
        Some(viewer.id),
        "create",
        "goal",
        Some(goal.id),
        format!(
            "Set the {} target of {} for {} {}: {}",
            metric.name.to_lowercase(),
            person.name,
            period.name,
            origin(breakdown),
            goal.target.normalize()
        ),
    )
    .after(&goal)
    .record(conn)?;
    Ok(goal)
}
