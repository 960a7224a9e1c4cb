//! What the team and company rollups read: the period's goals, the metrics
//! they cover, and each person's actual per metric (summed through the team
//! tree by the pages, from the same totals `goals::progress` computes).

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::forecasts::GoalForecast;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::db::schema::goals;
use crate::domain::lifecycle::Status;
use crate::domain::owner::OwnerKind;
use crate::goals::progress;

pub fn period_goals(conn: &mut PgConnection, period_id: i64) -> QueryResult<Vec<Goal>> {
    goals::table
        .filter(goals::period_id.eq(period_id))
        .filter(goals::status.ne(Status::Cancelled))
        .select(Goal::as_select())
        .order(goals::id)
        .load(conn)
}

/// The period's team and company goals, without the (many) personal ones.
pub fn shared_period_goals(conn: &mut PgConnection, period_id: i64) -> QueryResult<Vec<Goal>> {
    goals::table
        .filter(goals::period_id.eq(period_id))
        .filter(goals::status.eq_any(crate::db::goals::LIVE_STATUSES))
        .filter(goals::owner_kind.ne(OwnerKind::User))
        .select(Goal::as_select())
        .order(goals::id)
        .load(conn)
}

/// The period's team and company goals with their stored forecasts (the
/// `forecasts` job's, by goal id), in the one statement of
/// [`shared_period_goals`].
pub fn shared_period_goals_with_forecasts(
    conn: &mut PgConnection,
    period_id: i64,
) -> QueryResult<(Vec<Goal>, HashMap<i64, GoalForecast>)> {
    use crate::db::schema::goal_forecasts;
    let rows: Vec<(Goal, Option<GoalForecast>)> = goals::table
        .left_join(goal_forecasts::table)
        .filter(goals::period_id.eq(period_id))
        .filter(goals::status.eq_any(crate::db::goals::LIVE_STATUSES))
        .filter(goals::owner_kind.ne(OwnerKind::User))
        .select((Goal::as_select(), Option::<GoalForecast>::as_select()))
        .order(goals::id)
        .load(conn)?;
    let mut forecasts = HashMap::new();
    let goals = rows
        .into_iter()
        .map(|(goal, forecast)| {
            if let Some(f) = forecast {
                forecasts.insert(goal.id, f);
            }
            goal
        })
        .collect();
    Ok((goals, forecasts))
}

/// The metrics anyone has a personal goal for in the period.
pub fn personal_goal_metrics(conn: &mut PgConnection, period_id: i64) -> QueryResult<Vec<i64>> {
    goals::table
        .filter(goals::period_id.eq(period_id))
        .filter(goals::status.eq_any(crate::db::goals::LIVE_STATUSES))
        .filter(goals::owner_kind.eq(OwnerKind::User))
        .select(goals::metric_id)
        .distinct()
        .load(conn)
}

/// The metrics of `goals`, in the admins' order.
pub fn metrics_of(conn: &mut PgConnection, goals: &[&Goal]) -> QueryResult<Vec<Metric>> {
    let ids: HashSet<i64> = goals.iter().map(|g| g.metric_id).collect();
    Ok(Metric::all(conn)?
        .into_iter()
        .filter(|m| ids.contains(&m.id))
        .collect())
}

/// Each person's actual of each of `metrics` in `period` (`people`: `None`
/// is everyone), by metric then person.
pub fn actuals(
    conn: &mut PgConnection,
    period: &PeriodRow,
    metrics: &[Metric],
    people: Option<&[i64]>,
) -> QueryResult<HashMap<i64, HashMap<i64, Decimal>>> {
    let ids: Vec<i64> = metrics.iter().map(|m| m.id).collect();
    progress::totals_by_person(conn, &ids, &period.period(), people)
}

/// Live personal goals of `people` (everyone when `None`): of one period,
/// or else of every period holding `today`; by period start, metric, id.
pub fn live_user_goals(
    conn: &mut PgConnection,
    people: Option<&[i64]>,
    period_id: Option<i64>,
    metric_id: Option<i64>,
    today: chrono::NaiveDate,
) -> QueryResult<Vec<Goal>> {
    use crate::db::schema::periods;
    let mut query = goals::table
        .inner_join(periods::table)
        .filter(goals::owner_kind.eq(OwnerKind::User))
        .filter(goals::status.eq_any(crate::db::goals::LIVE_STATUSES))
        .select(Goal::as_select())
        .order((periods::start_date, goals::metric_id, goals::id))
        .into_boxed();
    query = match period_id {
        Some(id) => query.filter(goals::period_id.eq(id)),
        None => query
            .filter(periods::start_date.le(today))
            .filter(periods::end_date.ge(today)),
    };
    if let Some(id) = metric_id {
        query = query.filter(goals::metric_id.eq(id));
    }
    if let Some(people) = people {
        query = query.filter(goals::user_id.eq_any(people.to_vec()));
    }
    query.load(conn)
}
