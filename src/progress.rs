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
use crate::db::milestones::Milestone;
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

/// The first day on which the running total of `daily` (day, sum; in date
/// order) reaches `value`: the day a milestone was crossed.
pub fn first_crossing(daily: &[(NaiveDate, Decimal)], value: Decimal) -> Option<NaiveDate> {
    let mut total = Decimal::ZERO;
    daily.iter().find_map(|&(day, amount)| {
        total += amount;
        (total >= value).then_some(day)
    })
}

/// The team and every team above it, up to the root.
fn teams_above(conn: &mut PgConnection, team_id: i64) -> QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(
        "WITH RECURSIVE up(id, parent_id) AS (
             SELECT id, parent_id FROM teams WHERE id = $1
             UNION
             SELECT t.id, t.parent_id FROM teams t JOIN up ON t.id = up.parent_id
         )
         SELECT id FROM up",
    )
    .bind::<diesel::sql_types::BigInt, _>(team_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Marks the milestones a new event of `user_id` for `metric_id` on `day`
/// may have brought within reach, and returns those newly marked.
///
/// Every live goal of the metric whose period holds `day` and whose owner
/// counts the user (the user, a team at or above theirs, the company) is
/// checked: a pending milestone whose value the owner's actual now reaches is
/// marked with the day the running total first crossed it. Run it in the
/// event's transaction so the mark and the fact commit together.
pub fn mark_reached_milestones(
    conn: &mut PgConnection,
    user_id: i64,
    metric_id: i64,
    day: NaiveDate,
) -> QueryResult<Vec<Milestone>> {
    use crate::db::schema::{goals, milestones, periods};

    let candidates: Vec<Goal> = goals::table
        .inner_join(periods::table)
        .filter(goals::metric_id.eq(metric_id))
        .filter(goals::status.eq_any(crate::db::goals::LIVE_STATUSES))
        .filter(periods::start_date.le(day))
        .filter(periods::end_date.ge(day))
        .filter(
            goals::id.eq_any(
                milestones::table
                    .filter(milestones::reached_on.is_null())
                    .select(milestones::goal_id),
            ),
        )
        .select(Goal::as_select())
        .load(conn)?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let team: Option<i64> = users::table
        .find(user_id)
        .select(users::team_id)
        .first(conn)?;
    let teams = match team {
        Some(team) => teams_above(conn, team)?,
        None => Vec::new(),
    };
    let mut marked = Vec::new();
    for goal in candidates {
        let counts_user = match goal.owner() {
            Owner::User(id) => id == user_id,
            Owner::Team(id) => teams.contains(&id),
            Owner::Company => true,
        };
        if !counts_user {
            continue;
        }
        let span = PeriodRow::find(conn, goal.period_id)?.period();
        let people = people_of(conn, goal.owner())?;
        let scope = match &people {
            None => Scope::Everyone,
            Some(people) => Scope::Users(people),
        };
        let daily = MetricEvent::daily(conn, scope, goal.metric_id, span.start, span.end)?;
        let actual: Decimal = daily.iter().map(|(_, amount)| *amount).sum();
        for mut milestone in Milestone::for_goal(conn, goal.id)? {
            if milestone.reached_on.is_some() || milestone.value > actual {
                continue;
            }
            let on = first_crossing(&daily, milestone.value).unwrap_or(day);
            if Milestone::mark_reached(conn, milestone.id, on)? == 1 {
                milestone.reached_on = Some(on);
                marked.push(milestone);
            }
        }
    }
    Ok(marked)
}

#[cfg(test)]
mod milestone_tests {
    use super::first_crossing;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, day).unwrap()
    }

    #[test]
    fn a_milestone_is_crossed_on_the_first_day_the_running_total_reaches_it() {
        let daily = [
            (d(2), dec!(300)),
            (d(5), dec!(200)),
            (d(9), dec!(-100)),
            (d(12), dec!(600)),
        ];
        assert_eq!(first_crossing(&daily, dec!(300)), Some(d(2)));
        assert_eq!(first_crossing(&daily, dec!(500)), Some(d(5)));
        assert_eq!(first_crossing(&daily, dec!(501)), Some(d(12)));
        assert_eq!(first_crossing(&daily, dec!(1001)), None);
        assert_eq!(first_crossing(&[], dec!(1)), None);
    }
}
