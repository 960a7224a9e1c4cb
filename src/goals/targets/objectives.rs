//! Special objectives of a goal: who may change them, and the changes
//! themselves, each in one transaction with the goal locked.
//!
//! Whoever may set the goal's target for its owner (their managers,
//! admins) adds, changes and removes objectives while the goal is not
//! finished; the owner may too while the goal is a draft they are
//! composing. The owner and those managers record the actuals. Each change
//! of an objective's target goes into the goal's revisions.

use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::goals::{Goal, Owner};
use crate::db::objectives::{NAME_KEY, NewObjective, Objective};
use crate::db::revisions::RevisionDraft;
use crate::db::users::User;
use crate::domain::lifecycle::Status;
use crate::domain::number::Unit;
use crate::error::{AppError, FieldErrors, on_constraint};

/// The most objectives one goal holds.
pub const MAX_PER_GOAL: i64 = 8;
/// Names offered on the form.
pub const SUGGESTIONS: [&str; 4] = ["New clients", "Mentoring", "Trainings", "Satisfaction"];

/// What `viewer` may do with the objectives of `goal`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// Add, change targets, remove.
    pub set: bool,
    /// Record actuals.
    pub record: bool,
}

pub fn rights(conn: &mut PgConnection, viewer: &User, goal: &Goal) -> QueryResult<Rights> {
    let finished = goal.status.is_final();
    let own = goal.owner() == Owner::User(viewer.id);
    let manages = !own && crate::org::access::can_manage_goal(conn, viewer, goal)?;
    Ok(Rights {
        set: !finished && (manages || (own && goal.status == Status::Draft)),
        record: goal.status != Status::Cancelled && (manages || own),
    })
}

/// "5", "90%": how an objective's number reads in the goal's history.
fn worded(value: Decimal, unit: Unit) -> String {
    let n = value.normalize();
    if unit == Unit::Percent {
        format!("{n}%")
    } else {
        n.to_string()
    }
}

fn field(name: &str) -> String {
    format!("objective: {name}")
}

/// The goal, locked, with the viewer's rights; 404 if they may not see it.
fn locked(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
) -> Result<(Goal, Rights), AppError> {
    let goal = Goal::lock(conn, goal_id)?;
    if !crate::org::access::can_view_goal(conn, viewer, &goal)? {
        return Err(AppError::NotFound);
    }
    let rights = rights(conn, viewer, &goal)?;
    Ok((goal, rights))
}

pub struct Draft {
    pub name: String,
    pub unit: Unit,
    pub target: Decimal,
}

pub fn add(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    draft: Draft,
) -> Result<Objective, AppError> {
    conn.transaction(|conn| {
        let (goal, rights) = locked(conn, viewer, goal_id)?;
        if !rights.set {
            return Err(AppError::Forbidden);
        }
        if Objective::count(conn, goal.id)? >= MAX_PER_GOAL {
            return Err(AppError::Invalid(FieldErrors::one(
                "name",
                crate::i18n::Msg::new("goal-objectives-max").arg("max", MAX_PER_GOAL.to_string()),
            )));
        }
        let new = NewObjective {
            goal_id: goal.id,
            name: draft.name,
            unit: draft.unit,
            target: draft.target,
            actual: None,
            created_by: Some(viewer.id),
        };
        let objective = conn
            .transaction(|conn| Objective::insert(conn, &new))
            .map_err(|e| {
                on_constraint(
                    e,
                    &[(
                        NAME_KEY,
                        "name",
                        crate::i18n::Key("goal-objective-name-taken"),
                    )],
                )
            })?;
        RevisionDraft::new(goal.id, Some(viewer.id), Some("Objective added"))
            .field(
                &field(&objective.name),
                &None::<String>,
                &worded(objective.target, objective.unit),
            )
            .record(conn)?;
        Ok(objective)
    })
}

/// Changes an objective's target (if the viewer sets objectives and it
/// changed) and its actual (`None`: not recorded yet).
pub fn update(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    id: i64,
    target: Decimal,
    actual: Option<Decimal>,
) -> Result<Objective, AppError> {
    conn.transaction(|conn| {
        let (goal, rights) = locked(conn, viewer, goal_id)?;
        let before = Objective::lock(conn, goal.id, id)?;
        let target_changes = before.target.normalize() != target.normalize();
        if (target_changes && !rights.set) || !rights.record {
            return Err(AppError::Forbidden);
        }
        let after = Objective::update(conn, id, target, actual)?;
        if target_changes {
            RevisionDraft::new(goal.id, Some(viewer.id), Some("Objective changed"))
                .field(
                    &field(&after.name),
                    &worded(before.target, before.unit),
                    &worded(after.target, after.unit),
                )
                .record(conn)?;
        }
        Ok(after)
    })
}

pub fn remove(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    id: i64,
) -> Result<Objective, AppError> {
    conn.transaction(|conn| {
        let (goal, rights) = locked(conn, viewer, goal_id)?;
        if !rights.set {
            return Err(AppError::Forbidden);
        }
        let objective = Objective::lock(conn, goal.id, id)?;
        Objective::delete(conn, objective.id)?;
        RevisionDraft::new(goal.id, Some(viewer.id), Some("Objective removed"))
            .field(
                &field(&objective.name),
                &worded(objective.target, objective.unit),
                &None::<String>,
            )
            .record(conn)?;
        Ok(objective)
    })
}
