//! The system's steps: completing goals as their events arrive, and the
//! scheduled activation and closing (the `goal-lifecycle` job).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};

use crate::db::goals::{Goal, Owner};
use crate::db::periods::PeriodRow;
use crate::db::schema::{goals, periods};
use crate::domain::lifecycle::{Action, Actor, Status, decide};
use crate::domain::owner::OwnerKind;
use crate::error::AppError;

use super::{apply, refused};

/// Completes `goal` (active, locked or just written by the caller) if its
/// owner's actual over the period has reached the target.
pub(super) fn complete_if_reached(
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
    let to = decide(Status::Active, Action::Complete, Actor::System)
        .map_err(refused(Status::Active, Action::Complete))?;
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
