//! The goal lifecycle service: every change of a goal's status or target
//! goes through here, decided by the pure `domain::lifecycle` machine, on a
//! locked row, with a revision in the same transaction. The scheduled steps
//! (`activate_due`, `close_ended`) are set-based and idempotent.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};
use rust_decimal::Decimal;

use crate::db::goals::{Goal, LIVE_KEY, Owner};
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::schema::{goals, periods, teams};
use crate::db::users::User;
use crate::domain::lifecycle::{Action, Actor, Refusal, Status, decide};
use crate::domain::owner::OwnerKind;
use crate::domain::role::Role;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::live::LiveEvent;

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

fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotAllowed(_) => AppError::Forbidden,
        Refusal::Conflict(message) => AppError::Conflict(message),
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
        let to = decide(from, action, actor).map_err(refused)?;
        if action.needs_reason() && reason.is_none() {
            return Err(AppError::Invalid(FieldErrors::one(
                "reason",
                match action {
                    Action::SendBack => "Add a note saying what to change.",
                    _ => "Say why.",
                },
            )));
        }
        let period = PeriodRow::find(conn, goal.period_id)?;
        if action == Action::Activate && period.start_date > today {
            return Err(AppError::Conflict(format!(
                "The period starts on {}; the goal activates then.",
                period.start_date
            )));
        }
        let mut goal = apply(conn, &goal, to, Some(user.id), reason)?;
        if to == Status::Approved && period.start_date <= today {
            let active = decide(to, Action::Activate, Actor::System).map_err(refused)?;
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
        return Err(AppError::Conflict(format!(
            "This goal is already {}.",
            now_status.label()
        )));
    };
    RevisionDraft::new(goal.id, actor, reason)
        .field("status", &goal.status, &updated.status)
        .record(conn)?;
    Ok(updated)
}

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
        let to = decide(from, Action::Revise, actor).map_err(refused)?;
        let target = change.target.unwrap_or(goal.target);
        let target_changes = target != goal.target;
        if target_changes && from == Status::Active && reason.is_none() {
            return Err(AppError::Invalid(FieldErrors::one(
                "reason",
                "Say why the target of an active goal changes.",
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
                    &[(
                        LIVE_KEY,
                        "metric",
                        "You already have a goal for this metric and period.",
                    )],
                )
            })?;
        RevisionDraft::new(goal.id, Some(user.id), Some("Drafted"))
            .field("target", &None::<Decimal>, &goal.target)
            .field("status", &None::<String>, &goal.status)
            .record(conn)?;
        Ok(goal)
    })
}

/// Completes `goal` (active, locked or just written by the caller) if its
/// owner's actual over the period has reached the target.
fn complete_if_reached(
    conn: &mut PgConnection,
    goal: Goal,
    period: &PeriodRow,
) -> Result<Goal, AppError> {
    let actual = crate::goals::progress::actual(
        conn,
        goal.owner(),
        goal.metric_id,
        period.start_date,
        period.end_date,
    )?;
    if actual < goal.target {
        return Ok(goal);
    }
    let to = decide(Status::Active, Action::Complete, Actor::System).map_err(refused)?;
    apply(conn, &goal, to, None, Some("Reached 100% of the target."))
}

/// Completes the active goals an event of `user_id` on `day` for one of
/// `metric_ids` has brought to 100%. Runs in the event's transaction, next
/// to the milestone marking.
pub fn complete_reached(
    conn: &mut PgConnection,
    user_id: i64,
    metric_ids: &[i64],
    day: NaiveDate,
) -> QueryResult<Vec<Goal>> {
    let candidates: Vec<(Goal, PeriodRow)> = goals::table
        .inner_join(periods::table)
        .filter(goals::metric_id.eq_any(metric_ids))
        .filter(goals::status.eq(Status::Active))
        .filter(periods::start_date.le(day))
        .filter(periods::end_date.ge(day))
        .filter(
            goals::owner_kind
                .ne(OwnerKind::User)
                .or(goals::user_id.eq(user_id)),
        )
        .select((Goal::as_select(), PeriodRow::as_select()))
        .load(conn)?;
    let mut completed = Vec::new();
    for (goal, period) in candidates {
        if let Owner::Team(team) = goal.owner()
            && !crate::db::tree::team_members(conn, team)?.contains(&user_id)
        {
            continue;
        }
        let id = goal.id;
        match complete_if_reached(conn, goal, &period) {
            Ok(goal) if goal.status == Status::Completed => completed.push(goal),
            Ok(_) => {}
            Err(AppError::Internal(e)) => {
                return Err(diesel::result::Error::QueryBuilderError(
                    format!("completing goal {id}: {e}").into(),
                ));
            }
            // Another transaction finished it first: nothing to do.
            Err(_) => {}
        }
    }
    Ok(completed)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Activates approved goals whose period has started by `today`; returns
/// how many. Running it twice changes nothing more.
pub fn activate_due(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<i64> {
    let to = decide(Status::Approved, Action::Activate, Actor::System)
        .map_err(|r| diesel::result::Error::QueryBuilderError(r.message().into()))?;
    let row: Count = diesel::sql_query(
        "WITH due AS (
             UPDATE goals g
             SET status = $2, activated_at = now(), status_changed_at = now(),
                 status_reason = 'The period started.'
             FROM periods p
             WHERE p.id = g.period_id AND g.status = $3 AND p.start_date <= $1
             RETURNING g.id
         ), revised AS (
             INSERT INTO goal_revisions (goal_id, actor_id, reason, before, after)
             SELECT id, NULL, 'The period started.',
                    jsonb_build_object('status', $3::text), jsonb_build_object('status', $2::text)
             FROM due
             RETURNING 1
         )
         SELECT count(*) AS n FROM revised",
    )
    .bind::<Date, _>(today)
    .bind::<Text, _>(to.as_str())
    .bind::<Text, _>(Status::Approved.as_str())
    .get_result(conn)?;
    Ok(row.n)
}

/// Closes active goals whose period ended before `today`: completed (with
/// `completed_at`) if the owner's actual reached the target, failed if not.
/// Returns how many; running it twice changes nothing more.
pub fn close_ended(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<i64> {
    let system = |action| {
        decide(Status::Active, action, Actor::System)
            .map(Status::as_str)
            .map_err(|r| diesel::result::Error::QueryBuilderError(r.message().into()))
    };
    let (completed, failed) = (system(Action::Complete)?, system(Action::Fail)?);
    let row: Count = diesel::sql_query(
        "WITH RECURSIVE ended AS (
             SELECT g.id, g.owner_kind, g.user_id, g.team_id, g.metric_id, g.target,
                    p.start_date, p.end_date
             FROM goals g JOIN periods p ON p.id = g.period_id
             WHERE g.status = 'active' AND p.end_date < $1
         ), tree(root, id) AS (
             SELECT team_id, team_id FROM ended WHERE owner_kind = 'team'
             UNION
             SELECT tree.root, t.id FROM teams t JOIN tree ON t.parent_id = tree.id
         ), actuals AS (
             SELECT e.id, e.target, COALESCE((
                 SELECT sum(m.value) FROM metric_events m
                 WHERE m.metric_id = e.metric_id
                   AND m.occurred_on BETWEEN e.start_date AND e.end_date
                   AND (e.owner_kind = 'company'
                        OR (e.owner_kind = 'user' AND m.user_id = e.user_id)
                        OR (e.owner_kind = 'team' AND m.user_id IN (
                            SELECT u.id FROM users u JOIN tree ON u.team_id = tree.id
                            WHERE tree.root = e.team_id)))
             ), 0) AS actual
             FROM ended e
         ), closed AS (
             UPDATE goals g
             SET status = CASE WHEN a.actual >= a.target THEN $2 ELSE $3 END,
                 completed_at = CASE WHEN a.actual >= a.target THEN now() END,
                 status_changed_at = now(),
                 status_reason = CASE WHEN a.actual >= a.target
                     THEN 'Reached 100% of the target by the end of the period.'
                     ELSE 'Short of the target at the end of the period.' END
             FROM actuals a
             WHERE g.id = a.id AND g.status = 'active'
             RETURNING g.id, g.status, g.status_reason
         ), revised AS (
             INSERT INTO goal_revisions (goal_id, actor_id, reason, before, after)
             SELECT id, NULL, status_reason,
                    jsonb_build_object('status', 'active'), jsonb_build_object('status', status)
             FROM closed
             RETURNING 1
         )
         SELECT count(*) AS n FROM revised",
    )
    .bind::<Date, _>(today)
    .bind::<Text, _>(completed)
    .bind::<Text, _>(failed)
    .get_result(conn)?;
    Ok(row.n)
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

/// The `goal-lifecycle` job: activates approved goals whose period has
/// started and closes active goals whose period has ended, on the
/// organisation's business day at the job's instant. One transaction;
/// running it again changes nothing.
pub fn job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let org = crate::db::organisation::Organisation::get(conn)?;
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let today = crate::domain::period::local_date(ctx.now, tz);
    let (activated, closed) = conn.transaction(|conn| {
        Ok::<_, diesel::result::Error>((activate_due(conn, today)?, close_ended(conn, today)?))
    })?;
    Ok(crate::jobs::Outcome {
        skipped: false,
        message: format!("{activated} goal(s) activated, {closed} closed on {today}"),
        details: serde_json::json!({
            "today": today.to_string(),
            "activated": activated,
            "closed": closed,
        }),
    })
}
