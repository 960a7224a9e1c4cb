//! A sheet as its page and the API show it, with the ladder tier its
//! signups reach.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::goals::{Goal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::schema::goals;
use crate::db::sheets::GoalSheet;
use crate::db::users::User;
use crate::domain::deadline::{self, DeadlineStatus};
use crate::domain::period;
use crate::error::AppError;
use crate::goals::progress::{self, GoalView};

use super::{check_month, tz_of};

/// A sheet with everything its page and the API show.
pub struct SheetView {
    pub rep: User,
    pub year: i32,
    pub month: u32,
    pub sheet: Option<GoalSheet>,
    pub signups: Option<GoalView>,
    pub revenue: Option<GoalView>,
    pub deadline: DateTime<Utc>,
    pub status: DeadlineStatus,
    /// The tier of the signup ladder the month's signups have reached.
    pub tier_reached: Option<i16>,
}

/// The ladder a sheet's bonus tier goal is read on: its signup goal's own
/// value schedule if it has one, else the oldest active value schedule of
/// the signups metric (the seeded "Signup ladder").
pub fn signup_ladder(
    conn: &mut PgConnection,
    signup_goal: Option<&Goal>,
) -> QueryResult<Option<crate::db::bonus::LoadedSchedule>> {
    if let Some(id) = signup_goal.and_then(|g| g.bonus_schedule_id) {
        let own = crate::db::bonus::load(conn, id)?;
        if own.basis() == crate::domain::bonus::Basis::MetricValue {
            return Ok(Some(own));
        }
    }
    crate::db::bonus::oldest_value_ladder(conn, "signups")
}

/// The ladder tier `signups` reach on the sheet's ladder, if any.
pub fn tier_reached(
    conn: &mut PgConnection,
    signup_goal: Option<&Goal>,
    signups: Decimal,
) -> QueryResult<Option<i16>> {
    Ok(signup_ladder(conn, signup_goal)?
        .and_then(|ladder| ladder.rules().tier_for(signups))
        .map(|tier| tier.position))
}

/// The month's signups of `user_id` and the ladder tier they reach.
fn month_tier(conn: &mut PgConnection, sheet: &GoalSheet) -> QueryResult<(Decimal, Option<i16>)> {
    let period = PeriodRow::find(conn, sheet.period_id)?;
    let Some(signups) = Metric::find_by_key(conn, "signups")? else {
        return Ok((Decimal::ZERO, None));
    };
    let actual = progress::actual(
        conn,
        Owner::User(sheet.user_id),
        signups.id,
        period.start_date,
        period.end_date,
    )?;
    let goal = match sheet.signup_goal_id {
        Some(id) => Some(Goal::find(conn, id)?),
        None => None,
    };
    Ok((actual, tier_reached(conn, goal.as_ref(), actual)?))
}

/// [`month_tier`] from the view of the sheet's signup goal when `views`
/// hold it (the dashboard has a view of every current goal): the same
/// period, metric, goal and sum of events, without reading them again.
pub fn month_tier_in(
    conn: &mut PgConnection,
    sheet: &GoalSheet,
    views: &[GoalView],
) -> QueryResult<(Decimal, Option<i16>)> {
    let signups = views.iter().find(|v| {
        Some(v.goal.id) == sheet.signup_goal_id
            && v.period.id == sheet.period_id
            && v.metric.key == "signups"
    });
    match signups {
        Some(view) => {
            let actual = view.progress.actual;
            Ok((actual, tier_reached(conn, Some(&view.goal), actual)?))
        }
        None => month_tier(conn, sheet),
    }
}

/// [`month_tier_in`] without reading: the sheet's signup goal is among
/// `views` and the ladder is among `schedules` (by id, with the oldest
/// signup ladder `oldest_ladder`). `None` when something it needs is not
/// at hand, so the caller reads it.
pub fn month_tier_from(
    sheet: &GoalSheet,
    views: &[GoalView],
    schedules: &HashMap<i64, crate::db::bonus::LoadedSchedule>,
    oldest_ladder: Option<i64>,
) -> Option<Option<i16>> {
    let view = views.iter().find(|v| {
        Some(v.goal.id) == sheet.signup_goal_id
            && v.period.id == sheet.period_id
            && v.metric.key == "signups"
    })?;
    let own = view
        .goal
        .bonus_schedule_id
        .and_then(|id| schedules.get(&id));
    if view.goal.bonus_schedule_id.is_some() && own.is_none() {
        return None;
    }
    let ladder = match own.filter(|own| own.basis() == crate::domain::bonus::Basis::MetricValue) {
        Some(own) => Some(own),
        None => match oldest_ladder {
            Some(id) => Some(schedules.get(&id)?),
            None => None,
        },
    };
    Some(
        ladder
            .and_then(|ladder| ladder.rules().tier_for(view.progress.actual))
            .map(|tier| tier.position),
    )
}

impl SheetView {
    /// Did the rep reach the bonus tier they aimed for?
    pub fn bonus_triggered(&self) -> bool {
        let goal = self.sheet.as_ref().map_or(0, |s| s.bonus_tier_goal);
        crate::domain::bonus::bonus_triggered(goal, self.tier_reached)
    }

    pub fn load(
        conn: &mut PgConnection,
        org: &Organisation,
        rep: User,
        year: i32,
        month: u32,
        now: DateTime<Utc>,
    ) -> Result<SheetView, AppError> {
        check_month(year, month).map_err(AppError::Invalid)?;
        let tz = tz_of(org);
        let sheet = GoalSheet::of_month(conn, rep.id, year, month)?;
        let ids: Vec<i64> = sheet
            .iter()
            .flat_map(|s| [s.signup_goal_id, s.revenue_goal_id])
            .flatten()
            .collect();
        let found: Vec<Goal> = goals::table
            .filter(goals::id.eq_any(&ids))
            .select(Goal::as_select())
            .load(conn)?;
        let today = period::local_date(now, tz);
        let mut views = progress::views(conn, found, org, today)?;
        let mut take = |id: Option<i64>| {
            let at = views.iter().position(|v| Some(v.goal.id) == id)?;
            Some(views.swap_remove(at))
        };
        let signups = take(sheet.as_ref().and_then(|s| s.signup_goal_id));
        let revenue = take(sheet.as_ref().and_then(|s| s.revenue_goal_id));
        let is_set = sheet.as_ref().is_some_and(GoalSheet::is_set);
        let tier_reached = match &signups {
            Some(view) => tier_reached(conn, Some(&view.goal), view.progress.actual)?,
            None => None,
        };
        Ok(SheetView {
            tier_reached,
            rep,
            year,
            month,
            signups,
            revenue,
            deadline: deadline::deadline(year, month, tz).ok_or(AppError::NotFound)?,
            status: deadline::status(is_set, year, month, now, tz),
            sheet,
        })
    }

    /// Both goals' attainment, the lower of the two (a sheet is only as done
    /// as its weaker goal); `None` before it is set.
    pub fn attainment(&self) -> Option<Decimal> {
        let s = self.signups.as_ref()?.progress.attainment_percent?;
        let r = self.revenue.as_ref()?.progress.attainment_percent?;
        Some(s.min(r))
    }
}
