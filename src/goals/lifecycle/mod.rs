//! The goal lifecycle service: every change of a goal's status or target
//! goes through here, decided by the pure `domain::lifecycle` machine, on a
//! locked row, with a revision in the same transaction. The scheduled steps
//! (`activate_due`, `close_ended`) are set-based and idempotent.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::goals::{Goal, Owner};
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::schema::{goals, teams};
use crate::db::users::User;
use crate::domain::lifecycle::{Action, Actor, Refusal, Status, decide};
use crate::domain::role::Role;
use crate::error::{AppError, FieldErrors};
use crate::live::LiveEvent;

mod revise;
mod schedule;
pub use revise::{Revision, draft, revise, revise_managed};
use schedule::complete_if_reached;
pub use schedule::{activate_due, close_ended, complete_reached, job};

/// How `user` stands to `goal`: their own, in the subtree they manage.
pub fn relation(conn: &mut PgConnection, user: &User, goal: &Goal) -> QueryResult<Actor> {
    let own = match goal.owner() {
        Owner::User(id) => id == user.id,
        Owner::Team(id) => {
            teams::table
                .find(id)
                .select(teams::manager_id)
                .first::<Option<i64>>(conn)
                .optional()?
                .flatten()
                == Some(user.id)
        }
        Owner::Company => false,
    };
    let managed = !own && crate::org::access::can_manage_goal(conn, user, goal)?;
    Ok(Actor::Person {
        role: user.role(),
        own,
        managed,
    })
}

/// The actions `user` may take on `goal` now (for the goal page's buttons).
pub fn available(conn: &mut PgConnection, user: &User, goal: &Goal) -> QueryResult<Vec<Action>> {
    let from = goal.status;
    let actor = relation(conn, user, goal)?;
    Ok(Action::BUTTONS
        .into_iter()
        .filter(|a| decide(from, *a, actor).is_ok())
        .collect())
}

/// A refusal of `action` on a goal in `from`, as the pages word it: the
/// goal is in the wrong state for it, or it is the person's own goal to
/// decide on (the only conflict a person's role adds).
fn refused(from: Status, action: Action) -> impl Fn(Refusal) -> AppError {
    use crate::i18n::Msg;
    move |refusal| match refusal {
        Refusal::NotAllowed(_) => AppError::Forbidden,
        Refusal::Conflict(_) if decide(from, action, Actor::System).is_err() => AppError::Conflict(
            Msg::new(match action {
                Action::Submit => "goal-wrong-state-submit",
                Action::Approve => "goal-wrong-state-approve",
                Action::SendBack => "goal-wrong-state-send-back",
                Action::Activate => "goal-wrong-state-activate",
                Action::Pause => "goal-wrong-state-pause",
                Action::Resume => "goal-wrong-state-resume",
                Action::Cancel => "goal-wrong-state-cancel",
                Action::Revise => "goal-wrong-state-revise",
                Action::Complete => "goal-wrong-state-complete",
                Action::Fail => "goal-wrong-state-fail",
            })
            .arg("status", from.as_str()),
        ),
        Refusal::Conflict(_) => AppError::Conflict(Msg::new("goal-own-decision")),
    }
}

/// Locks the goal and checks that `user` may see it (404 otherwise).
fn lock_visible(conn: &mut PgConnection, user: &User, goal_id: i64) -> Result<Goal, AppError> {
    let goal = Goal::lock(conn, goal_id)?;
    if !crate::org::access::can_view_goal(conn, user, &goal)? {
        return Err(AppError::NotFound);
    }
    Ok(goal)
}

/// Takes `action` on the goal for `user`, in one transaction. `today` is the
/// organisation's business date: an approval on or after the period's start
/// activates at once.
pub fn transition(
    conn: &mut PgConnection,
    user: &User,
    goal_id: i64,
    action: Action,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Goal, AppError> {
    transition_as(conn, user, None, goal_id, action, reason, today)
}

/// [`transition`] for a caller that has already checked that `user` sets
/// the owner's targets (the quota editor removing a quota).
pub fn transition_managed(
    conn: &mut PgConnection,
    user: &User,
    goal_id: i64,
    action: Action,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Goal, AppError> {
    let managed = Actor::Person {
        role: user.role(),
        own: false,
        managed: true,
    };
    transition_as(conn, user, Some(managed), goal_id, action, reason, today)
}

fn transition_as(
    conn: &mut PgConnection,
    user: &User,
    actor: Option<Actor>,
    goal_id: i64,
    action: Action,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<Goal, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let (from, goal) = conn.transaction(|conn| {
        let goal = match actor {
            Some(_) => Goal::lock(conn, goal_id)?,
            None => lock_visible(conn, user, goal_id)?,
        };
        let from = goal.status;
        let actor = match actor {
            Some(actor) => actor,
            None => relation(conn, user, &goal)?,
        };
        let to = decide(from, action, actor).map_err(refused(from, action))?;
        if action.needs_reason() && reason.is_none() {
            return Err(AppError::Invalid(FieldErrors::one(
                "reason",
                crate::i18n::Key(match action {
                    Action::SendBack => "goal-send-back-note-required",
                    _ => "goal-reason-required",
                }),
            )));
        }
        let period = PeriodRow::find(conn, goal.period_id)?;
        if action == Action::Activate && period.start_date > today {
            return Err(AppError::Conflict(
                crate::i18n::Msg::new("goal-activates-later")
                    .arg("date", period.start_date.to_string()),
            ));
        }
        let mut goal = apply(conn, &goal, to, Some(user.id), reason)?;
        if to == Status::Approved && period.start_date <= today {
            let active = decide(to, Action::Activate, Actor::System)
                .map_err(refused(to, Action::Activate))?;
            goal = apply(conn, &goal, active, None, Some("The period has started."))?;
        }
        if goal.status == Status::Active {
            goal = complete_if_reached(conn, goal, &period)?;
        }
        Ok((from, goal))
    })?;
    // Open pages: the approval queues when the goal entered or left one,
    // the owner's cards and the boards in any case.
    let mut events = vec![LiveEvent::progress(goal.user_id)];
    if from == Status::PendingApproval || goal.status == Status::PendingApproval {
        events.push(LiveEvent::GoalsQueue);
    }
    crate::live::publish(conn, &events);
    Ok(goal)
}

/// Moves the (locked) goal to `to` if it is still in its status, stamping
/// the step, and records the revision.
fn apply(
    conn: &mut PgConnection,
    goal: &Goal,
    to: Status,
    actor: Option<i64>,
    reason: Option<&str>,
) -> Result<Goal, AppError> {
    use diesel::dsl::now;
    let row = goals::table
        .find(goal.id)
        .filter(goals::status.eq(&goal.status));
    let base = (
        goals::status.eq(to),
        goals::status_reason.eq(reason),
        goals::status_changed_at.eq(now),
    );
    let query = diesel::update(row);
    let updated = match to {
        Status::PendingApproval => query
            .set((base, goals::submitted_at.eq(now)))
            .returning(Goal::as_returning())
            .get_result(conn),
        Status::Approved => query
            .set((
                base,
                goals::approved_at.eq(now),
                goals::approved_by.eq(actor),
            ))
            .returning(Goal::as_returning())
            .get_result(conn),
        Status::Active if goal.status == Status::Approved => query
            .set((base, goals::activated_at.eq(now)))
            .returning(Goal::as_returning())
            .get_result(conn),
        Status::Completed => query
            .set((base, goals::completed_at.eq(now)))
            .returning(Goal::as_returning())
            .get_result(conn),
        _ => query
            .set(base)
            .returning(Goal::as_returning())
            .get_result(conn),
    }
    .optional()?;
    let Some(updated) = updated else {
        let now_status = Goal::find(conn, goal.id)?.status;
        return Err(AppError::Conflict(
            crate::i18n::Msg::new("goal-already-status").arg("status", now_status.as_str()),
        ));
    };
    RevisionDraft::new(goal.id, actor, reason)
        .field("status", &goal.status, &updated.status)
        .record(conn)?;
    Ok(updated)
}

/// Pending goals `user` may decide on, oldest submission first.
pub fn pending_for(conn: &mut PgConnection, user: &User) -> QueryResult<Vec<Goal>> {
    let mut query = goals::table
        .filter(goals::status.eq(Status::PendingApproval))
        .select(Goal::as_select())
        .order((goals::submitted_at.asc().nulls_first(), goals::id))
        .into_boxed();
    match user.role() {
        Role::Admin => {
            query = query.filter(goals::user_id.ne(user.id).or(goals::user_id.is_null()))
        }
        Role::Manager => {
            let teams = crate::db::tree::managed_subtree(conn, user.id)?;
            let people: Vec<i64> = crate::db::schema::users::table
                .filter(crate::db::schema::users::team_id.eq_any(&teams))
                .filter(crate::db::schema::users::id.ne(user.id))
                .select(crate::db::schema::users::id)
                .load(conn)?;
            query = query.filter(goals::user_id.eq_any(people));
        }
        _ => return Ok(Vec::new()),
    }
    let goals = query.load(conn)?;
    // The machine has the last word (a manager's own team, say).
    let mut mine = Vec::with_capacity(goals.len());
    for goal in goals {
        if decide(
            Status::PendingApproval,
            Action::Approve,
            relation(conn, user, &goal)?,
        )
        .is_ok()
        {
            mine.push(goal);
        }
    }
    Ok(mine)
}
