//! Changes of a goal's target, weight or priority (the owner's go back
//! through approval), and a rep's own drafts.

use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::goals::{Goal, LIVE_KEY, Owner};
use crate::db::revisions::RevisionDraft;
use crate::db::schema::goals;
use crate::db::users::User;
use crate::domain::lifecycle::{Action, Actor, Status, decide};
use crate::error::{AppError, FieldErrors, on_constraint};

use super::{lock_visible, refused, relation};

/// A change of target, weight or priority.
#[derive(Clone, Debug, Default)]
pub struct Revision {
    pub target: Option<Decimal>,
    pub weight: Option<Decimal>,
    pub priority: Option<i16>,
    pub title: Option<String>,
    /// How a computed target was made (`crate::goals::targets`), stored with the
    /// goal; its base and factors go into the revision.
    pub breakdown: Option<crate::domain::target::Breakdown>,
}

/// Changes a goal's numbers for `user`, through the machine's `Revise`: a
/// target change on an active goal needs a reason, and the owner's own
/// change of an approved or active goal goes back to approval.
pub fn revise(
    conn: &mut PgConnection,
    user: &User,
    goal_id: i64,
    change: &Revision,
    reason: Option<&str>,
) -> Result<Goal, AppError> {
    revise_as(conn, user, None, goal_id, change, reason)
}

/// [`revise`] for a caller that has already checked that `user` sets the
/// owner's targets (the quota editor, with its own rule for team targets).
pub fn revise_managed(
    conn: &mut PgConnection,
    user: &User,
    goal_id: i64,
    change: &Revision,
    reason: Option<&str>,
) -> Result<Goal, AppError> {
    let managed = Actor::Person {
        role: user.role(),
        own: false,
        managed: true,
    };
    revise_as(conn, user, Some(managed), goal_id, change, reason)
}

fn revise_as(
    conn: &mut PgConnection,
    user: &User,
    actor: Option<Actor>,
    goal_id: i64,
    change: &Revision,
    reason: Option<&str>,
) -> Result<Goal, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    conn.transaction(|conn| {
        let goal = match actor {
            Some(_) => Goal::lock(conn, goal_id)?,
            None => lock_visible(conn, user, goal_id)?,
        };
        let from = goal.status;
        let actor = match actor {
            Some(actor) => actor,
            None => relation(conn, user, &goal)?,
        };
        let to = decide(from, Action::Revise, actor).map_err(refused(from, Action::Revise))?;
        let target = change.target.unwrap_or(goal.target);
        let target_changes = target != goal.target;
        if target_changes && from == Status::Active && reason.is_none() {
            return Err(AppError::Invalid(FieldErrors::one(
                "reason",
                crate::i18n::Key("goal-revise-reason-required"),
            )));
        }
        let weight = change.weight.unwrap_or(goal.weight);
        let priority = change.priority.unwrap_or(goal.priority);
        let title = change.title.clone().or(goal.title.clone());
        // Only the target sends a goal back through approval.
        let to = if target_changes { to } else { from };
        let after: Goal = diesel::update(goals::table.find(goal.id))
            .set((
                goals::target.eq(target),
                goals::weight.eq(weight),
                goals::priority.eq(priority),
                goals::title.eq(&title),
                goals::status.eq(to),
            ))
            .returning(Goal::as_returning())
            .get_result(conn)?;
        if to != from {
            diesel::update(goals::table.find(goal.id))
                .set((
                    goals::status_reason.eq(reason),
                    goals::status_changed_at.eq(diesel::dsl::now),
                    goals::submitted_at.eq(diesel::dsl::now),
                ))
                .execute(conn)?;
        }
        let mut draft = RevisionDraft::new(goal.id, Some(user.id), reason)
            .field("target", &goal.target, &after.target)
            .field("weight", &goal.weight, &after.weight)
            .field("priority", &goal.priority, &after.priority)
            .field("status", &goal.status, &after.status);
        if let Some(breakdown) = &change.breakdown {
            let before = crate::goals::targets::stored(conn, goal.id)?;
            let json = serde_json::to_value(breakdown).map_err(|e| AppError::Internal(e.into()))?;
            diesel::update(goals::table.find(goal.id))
                .set(goals::target_breakdown.eq(Some(json)))
                .execute(conn)?;
            draft =
                crate::goals::targets::breakdown_fields(draft, before.as_ref(), Some(breakdown));
        }
        draft.record(conn)?;
        Ok(after)
    })
}

/// Saves a rep's own goal as a draft.
pub fn draft(
    conn: &mut PgConnection,
    user: &User,
    metric_id: i64,
    period_id: i64,
    target: Decimal,
) -> Result<Goal, AppError> {
    conn.transaction(|conn| {
        let new = crate::db::goals::NewGoal {
            created_by: Some(user.id),
            ..crate::db::goals::NewGoal::new(Owner::User(user.id), metric_id, period_id, target)
        };
        let goal: Goal = diesel::insert_into(goals::table)
            .values((&new, goals::status.eq(Status::Draft)))
            .returning(Goal::as_returning())
            .get_result(conn)
            .map_err(|e| {
                on_constraint(
                    e,
                    &[(LIVE_KEY, "metric", crate::i18n::Key("goal-own-duplicate"))],
                )
            })?;
        RevisionDraft::new(goal.id, Some(user.id), Some("Drafted"))
            .field("target", &None::<Decimal>, &goal.target)
            .field("status", &None::<String>, &goal.status)
            .record(conn)?;
        Ok(goal)
    })
}
