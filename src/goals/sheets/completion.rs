//! Completing sheets as both their goals reach 100 %, and opening a month
//! with draft sheets (also as the `month-opening` job).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Numeric, SmallInt, Timestamptz};

use crate::db::goals::{Goal, Owner};
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::sheets::{self, GoalSheet, YearlyGoal};
use crate::domain::attainment;
use crate::domain::lifecycle::Status;
use crate::domain::period::PeriodKind;
use crate::domain::yearly;
use crate::error::AppError;
use crate::goals::progress;

use super::check_month;

/// Have both of the sheet's goals reached 100 %?
fn both_reached(conn: &mut PgConnection, sheet: &GoalSheet) -> QueryResult<bool> {
    let (Some(signups), Some(revenue)) = (sheet.signup_goal_id, sheet.revenue_goal_id) else {
        return Ok(false);
    };
    let period = PeriodRow::find(conn, sheet.period_id)?;
    for id in [signups, revenue] {
        let goal = Goal::find(conn, id)?;
        if goal.status == Status::Cancelled {
            return Ok(false);
        }
        let actual = progress::actual(
            conn,
            Owner::User(sheet.user_id),
            goal.metric_id,
            period.start_date,
            period.end_date,
        )?;
        // Exactly: 49,999.99 of 50,000 shows as 100.00 % but is not done.
        if !attainment::target_met(actual, goal.target) {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(super) fn complete_if_reached(conn: &mut PgConnection, sheet: &GoalSheet) -> QueryResult<bool> {
    if sheet.completed_at.is_some() || !sheet.is_set() || !both_reached(conn, sheet)? {
        return Ok(false);
    }
    Ok(GoalSheet::mark_completed(conn, sheet.id)? == 1)
}

/// Completes `user_id`'s set sheet for the month of `day` once both its
/// goals reach 100 %. Run in the transaction of each new event (the
/// milestone check calls it); one query when no sheet is open.
pub fn complete_reached(
    conn: &mut PgConnection,
    user_id: i64,
    day: NaiveDate,
) -> QueryResult<usize> {
    let mut completed = 0;
    for sheet in GoalSheet::open_set(conn, user_id, day.year(), day.month())? {
        if complete_if_reached(conn, &sheet)? {
            completed += 1;
        }
    }
    Ok(completed)
}

/// Opens a month: a draft sheet for every active rep who has none, each
/// figure filled from the rep's live goal of the month when a manager has
/// already set one, else from the rep's latest set sheet (their defaults),
/// else their yearly goals' share of the month (by the seasonal weights),
/// else zero. One
/// statement; running it again adds nothing (the unique key). Returns the
/// sheets created.
pub fn open_month(
    conn: &mut PgConnection,
    year: i32,
    month: u32,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let first_day = check_month(year, month).map_err(AppError::Invalid)?;
    conn.transaction(|conn| {
        let org = Organisation::get(conn)?;
        let period =
            PeriodRow::containing(conn, PeriodKind::Month, first_day, org.fiscal_start_month())?;
        let weights = sheets::seasonal_weights(conn)?;
        let money_scale = org.money_scale().entry_places();
        let index = (month - 1) as usize;
        let mut users = Vec::new();
        let mut signups = Vec::new();
        let mut revenue = Vec::new();
        for goal in YearlyGoal::all_of_year(conn, year)? {
            users.push(goal.user_id);
            signups.push(yearly::monthly_split(goal.signup_goal, weights.as_ref(), 0)[index]);
            revenue.push(
                yearly::monthly_split(goal.revenue_goal, weights.as_ref(), money_scale)[index],
            );
        }
        let created = diesel::sql_query(
            "INSERT INTO goal_sheets (user_id, year, month, period_id, signup_goal,
                                      revenue_goal, bonus_tier_goal, created_at, updated_at)
             SELECT u.id, $1, $2, $3,
                    COALESCE(live.signup_goal, prev.signup_goal, y.signup_goal, 0),
                    COALESCE(live.revenue_goal, prev.revenue_goal, y.revenue_goal, 0),
                    COALESCE(prev.bonus_tier_goal, 0), $4, $4
             FROM users u
             LEFT JOIN LATERAL (
                 SELECT max(g.target) FILTER (WHERE m.key = 'signups') AS signup_goal,
                        max(g.target) FILTER (WHERE m.key = 'revenue') AS revenue_goal
                 FROM goals g JOIN metric_definitions m ON m.id = g.metric_id
                 WHERE g.owner_kind = 'user' AND g.user_id = u.id AND g.period_id = $3
                   AND g.status = ANY($8)
             ) live ON TRUE
             LEFT JOIN LATERAL (
                 SELECT s.signup_goal, s.revenue_goal, s.bonus_tier_goal
                 FROM goal_sheets s
                 WHERE s.user_id = u.id AND s.status = 'set'
                   AND (s.year, s.month) < ($1, $2)
                 ORDER BY s.year DESC, s.month DESC
                 LIMIT 1
             ) prev ON TRUE
             LEFT JOIN unnest($5::bigint[], $6::numeric[], $7::numeric[])
                  AS y(user_id, signup_goal, revenue_goal) ON y.user_id = u.id
             WHERE u.active AND u.role = 'rep'
             ON CONFLICT ON CONSTRAINT goal_sheets_user_month_key DO NOTHING",
        )
        .bind::<SmallInt, _>(year as i16)
        .bind::<SmallInt, _>(month as i16)
        .bind::<BigInt, _>(period.id)
        .bind::<Timestamptz, _>(now)
        .bind::<Array<BigInt>, _>(users)
        .bind::<Array<Numeric>, _>(signups)
        .bind::<Array<Numeric>, _>(revenue)
        .bind::<Array<diesel::sql_types::Text>, _>(crate::db::goals::LIVE_STATUSES.to_vec())
        .execute(conn)?;
        Ok(created)
    })
}

/// The `month-opening` job: draft sheets for the month holding `now` in the
/// organisation's time zone (idempotent: the unique key of a rep's month).
pub fn open_month_job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let org = Organisation::get(conn)?;
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let (year, month) = crate::domain::deadline::sheet_month(ctx.now, tz);
    let created = open_month(conn, year, month, ctx.now)
        .map_err(|e| anyhow::anyhow!("opening {year}-{month:02}: {e}"))?;
    Ok(crate::jobs::Outcome {
        skipped: false,
        message: format!("{created} draft sheet(s) for {year}-{month:02}"),
        details: serde_json::json!({ "year": year, "month": month, "created": created }),
    })
}
