//! Progress of goals on a day: each goal's actual is the sum of its owner's
//! events (a person, a team's subtree, or everyone) for its metric inside its
//! period, run through the attainment engine. Nothing here is stored.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{Days, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::{Goal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::schema::{teams, users};
use crate::db::tree;
use crate::domain::attainment::{self, GoalProgress};

/// Today's business date in the organisation's time zone.
pub fn org_today(org: &Organisation) -> NaiveDate {
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    crate::domain::period::local_date(Utc::now(), tz)
}

/// A goal with everything a card or a row shows.
#[derive(Debug, Clone)]
pub struct GoalView {
    pub goal: Goal,
    pub metric: Metric,
    pub period: PeriodRow,
    pub owner_name: String,
    pub progress: GoalProgress,
}

/// The people whose events count for an owner; `None` means everyone.
pub fn people_of(conn: &mut PgConnection, owner: Owner) -> QueryResult<Option<Vec<i64>>> {
    Ok(match owner {
        Owner::User(id) => Some(vec![id]),
        Owner::Team(id) => Some(tree::team_members(conn, id)?),
        Owner::Company => None,
    })
}

/// The owner's total of a metric over a date range.
pub fn actual(
    conn: &mut PgConnection,
    owner: Owner,
    metric_id: i64,
    from: NaiveDate,
    through: NaiveDate,
) -> QueryResult<Decimal> {
    match people_of(conn, owner)? {
        None => MetricEvent::total(conn, Scope::Everyone, metric_id, from, through),
        Some(people) if people.is_empty() => Ok(Decimal::ZERO),
        Some(people) => MetricEvent::total(conn, Scope::Users(&people), metric_id, from, through),
    }
}

fn owner_name(conn: &mut PgConnection, owner: Owner, org: &Organisation) -> QueryResult<String> {
    Ok(match owner {
        Owner::User(id) => users::table.find(id).select(users::name).first(conn)?,
        Owner::Team(id) => teams::table.find(id).select(teams::name).first(conn)?,
        Owner::Company => org.name.clone(),
    })
}

/// Progress of each goal on `today`, in the order given.
pub fn views(
    conn: &mut PgConnection,
    goals: Vec<Goal>,
    org: &Organisation,
    today: NaiveDate,
) -> QueryResult<Vec<GoalView>> {
    let mut metrics: HashMap<i64, Metric> = HashMap::new();
    let mut periods: HashMap<i64, PeriodRow> = HashMap::new();
    let mut out = Vec::with_capacity(goals.len());
    for goal in goals {
        if let Entry::Vacant(slot) = metrics.entry(goal.metric_id) {
            slot.insert(Metric::find(conn, goal.metric_id)?);
        }
        if let Entry::Vacant(slot) = periods.entry(goal.period_id) {
            slot.insert(PeriodRow::find(conn, goal.period_id)?);
        }
        let period = periods[&goal.period_id].clone();
        let span = period.period();
        let owner = goal.owner();
        let through = today.min(span.end);
        let actual_now = if today < span.start {
            Decimal::ZERO
        } else {
            actual(conn, owner, goal.metric_id, span.start, span.end)?
        };
        let week_start = attainment::week_start(today);
        let before_week = if week_start <= span.start {
            Decimal::ZERO
        } else {
            let day_before = week_start
                .checked_sub_days(Days::new(1))
                .unwrap_or(week_start)
                .min(through);
            actual(conn, owner, goal.metric_id, span.start, day_before)?
        };
        let progress = attainment::progress(goal.target, actual_now, before_week, &span, today);
        out.push(GoalView {
            owner_name: owner_name(conn, owner, org)?,
            metric: metrics[&goal.metric_id].clone(),
            period,
            progress,
            goal,
        });
    }
    Ok(out)
}

/// A person's (or any set of goals') overall attainment: the weighted mean
/// by goal weight.
pub fn overall_attainment(views: &[GoalView]) -> Option<Decimal> {
    let items: Vec<(Option<Decimal>, Decimal)> = views
        .iter()
        .map(|v| (v.progress.attainment_percent, v.goal.weight))
        .collect();
    attainment::weighted_attainment(&items)
}
