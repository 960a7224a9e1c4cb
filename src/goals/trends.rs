//! The figures behind the trend charts: a goal's actual day by day
//! (snapshots, filled from the events where the job has not recorded a day,
//! today live) and the company's attainment by month (monthly snapshots,
//! computed from the events for the months without them).

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::goals::{Goal, LIVE_STATUSES};
use crate::db::organisation::Organisation;
use crate::db::snapshots::GoalSnapshot;
use crate::domain::attainment::weighted_attainment;
use crate::domain::owner::OwnerKind;
use crate::domain::period::Period;
use crate::domain::period::PeriodKind;
use crate::domain::trend::{TrendPoint, actual_path};
use crate::goals::progress::{self, GoalView};

/// A goal's trend on `today`.
#[derive(Debug, Clone)]
pub struct GoalTrend {
    pub period: Period,
    pub today: NaiveDate,
    pub target: Decimal,
    pub points: Vec<TrendPoint>,
    /// How many of the points come from stored snapshots.
    pub from_snapshots: usize,
}

/// A figure per day, in day order.
type Days = Vec<(NaiveDate, Decimal)>;

#[derive(QueryableByName)]
struct TrendDay {
    #[diesel(sql_type = diesel::sql_types::Date)]
    day: NaiveDate,
    /// The owner's events of the day, summed; `None`: none that day.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Numeric>)]
    events: Option<Decimal>,
    /// The day's stored snapshot, if the job recorded one.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Numeric>)]
    recorded: Option<Decimal>,
}

/// The day-by-day sums of the goal owner's events (from the day totals)
/// over its period and its daily snapshots through `last`, in one
/// statement: (daily sums, snapshots).
fn days_of(conn: &mut PgConnection, view: &GoalView, last: NaiveDate) -> QueryResult<(Days, Days)> {
    use crate::db::prepared::prepared;
    use diesel::sql_types::{Array, BigInt, Date};
    /// The statement, with `$people` narrowing the events (or not).
    macro_rules! days_sql {
        ($people:literal) => {
            concat!(
                "SELECT day, sum(events) AS events, max(recorded) AS recorded FROM (
                     SELECT day, total AS events, NULL::numeric AS recorded
                     FROM metric_day_totals
                     WHERE metric_id = $1 AND day BETWEEN $2 AND $3",
                $people,
                "
                     UNION ALL
                     SELECT day, NULL, actual FROM goal_snapshots
                     WHERE goal_id = $4 AND kind = 'daily' AND day BETWEEN $2 AND $5
                 ) d GROUP BY day ORDER BY day"
            )
        };
    }
    let span = view.period.period();
    let people = progress::people_of(conn, view.goal.owner())?;
    let query = prepared(match people {
        Some(_) => days_sql!(" AND user_id = ANY($6)"),
        None => days_sql!(""),
    })
    .bind::<BigInt, _>(view.goal.metric_id)
    .bind::<Date, _>(span.start)
    .bind::<Date, _>(span.end)
    .bind::<BigInt, _>(view.goal.id)
    .bind::<Date, _>(last);
    let query = match people {
        Some(people) => query.bind::<Array<BigInt>, _>(people),
        None => query,
    };
    let rows: Vec<TrendDay> = query.load(conn)?;
    let daily = rows
        .iter()
        .filter_map(|r| r.events.map(|total| (r.day, total)))
        .collect();
    let recorded = rows
        .iter()
        .filter_map(|r| r.recorded.map(|actual| (r.day, actual)))
        .collect();
    Ok((daily, recorded))
}

/// The goal's trend: its daily snapshots and the events' daily sums in one
/// query, or only the snapshots when the sums are given (the goal page
/// has them already).
pub fn goal_trend(
    conn: &mut PgConnection,
    view: &GoalView,
    today: NaiveDate,
    daily: Option<&[(NaiveDate, Decimal)]>,
) -> QueryResult<GoalTrend> {
    let period = view.period.period();
    let last = today.min(period.end);
    let (daily, snapshots): (Days, Days) = match daily {
        None => days_of(conn, view, last)?,
        Some(daily) if last < period.start => (daily.to_vec(), Vec::new()),
        Some(daily) => (
            daily.to_vec(),
            GoalSnapshot::of_goal(conn, view.goal.id, "daily", period.start, last)?
                .into_iter()
                .map(|s| (s.day, s.actual))
                .collect(),
        ),
    };
    Ok(trend_of_days(view, today, &daily, &snapshots))
}

/// [`goal_trend`] from days already read: the events' daily sums over the
/// period and the daily snapshots up to `today` (the dashboard reads them
/// with everything else in one statement).
pub fn trend_of_days(
    view: &GoalView,
    today: NaiveDate,
    daily: &[(NaiveDate, Decimal)],
    snapshots: &[(NaiveDate, Decimal)],
) -> GoalTrend {
    let period = view.period.period();
    let points = actual_path(&period, today, daily, snapshots, view.progress.actual);
    let from_snapshots = points
        .iter()
        .filter(|p| p.origin == crate::domain::trend::Origin::Snapshot)
        .count();
    GoalTrend {
        period,
        today,
        target: view.goal.target,
        points,
        from_snapshots,
    }
}

/// The company's attainment in one month: the weighted mean over the
/// month's company goals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthFigure {
    pub month: Period,
    /// `None`: no company goal (with a target) that month.
    pub attainment: Option<Decimal>,
    /// The month is not over: attainment so far.
    pub live: bool,
    /// Every goal of the month read from its monthly snapshot.
    pub from_snapshots: bool,
}

/// A month's (attainment, weight) per goal, and whether every one was read
/// from a snapshot.
type MonthItems = (Vec<(Option<Decimal>, Decimal)>, bool);

/// The company's attainment in each of the `count` months up to the one
/// holding `today`, oldest first. Company goals on monthly periods count;
/// a goal's figure is its monthly snapshot at the month's end, or, without
/// one (this month, or months the job did not record), computed from the
/// events as the goal page does.
pub fn company_by_month(
    conn: &mut PgConnection,
    org: &Organisation,
    today: NaiveDate,
    count: u32,
) -> QueryResult<Vec<MonthFigure>> {
    use crate::db::schema::{goals, periods};

    let this_month = Period::month_containing(today);
    let first_start = this_month
        .start
        .checked_sub_months(Months::new(count.saturating_sub(1)))
        .unwrap_or(this_month.start);
    let month_goals: Vec<(Goal, NaiveDate, NaiveDate)> = goals::table
        .inner_join(periods::table)
        .filter(goals::owner_kind.eq(OwnerKind::Company))
        .filter(goals::status.eq_any(LIVE_STATUSES))
        .filter(periods::kind.eq(PeriodKind::Month))
        .filter(periods::start_date.between(first_start, this_month.start))
        .select((Goal::as_select(), periods::start_date, periods::end_date))
        .load(conn)?;
    let ids: Vec<i64> = month_goals.iter().map(|(g, _, _)| g.id).collect();
    let closing: HashMap<(i64, NaiveDate), Option<Decimal>> = if ids.is_empty() {
        HashMap::new()
    } else {
        GoalSnapshot::monthly_of(conn, &ids, first_start, this_month.end)?
            .into_iter()
            .map(|s| ((s.goal_id, s.day), s.attainment_percent))
            .collect()
    };
    let mut items: HashMap<NaiveDate, MonthItems> = HashMap::new();
    let mut missing = Vec::new();
    for (goal, start, end) in month_goals {
        let stored = (end < today)
            .then(|| closing.get(&(goal.id, end)).copied())
            .flatten();
        match stored {
            Some(attainment) => {
                let entry = items.entry(start).or_insert((Vec::new(), true));
                entry.0.push((attainment, goal.weight));
            }
            None => missing.push(goal),
        }
    }
    for view in progress::views(conn, missing, org, today)? {
        let entry = items
            .entry(view.period.start_date)
            .or_insert((Vec::new(), true));
        entry
            .0
            .push((view.progress.attainment_percent, view.goal.weight));
        entry.1 = false;
    }
    let mut figures = Vec::new();
    let mut month = Period::month_containing(first_start);
    loop {
        let (month_items, stored) = items.remove(&month.start).unwrap_or_default();
        figures.push(MonthFigure {
            attainment: weighted_attainment(&month_items),
            live: month.contains(today),
            from_snapshots: stored && !month_items.is_empty(),
            month,
        });
        if month.start >= this_month.start {
            break;
        }
        month = month.next().unwrap_or(this_month);
    }
    Ok(figures)
}
