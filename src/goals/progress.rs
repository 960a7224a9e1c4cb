//! Progress of goals on a day: each goal's actual is the sum of its owner's
//! events (a person, a team's subtree, or everyone) for its metric inside its
//! period, run through the attainment engine. Nothing here is stored.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Numeric};
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
    /// The actual per event source (manual, import, api, sale, system), in
    /// source order, from the same query as the actual.
    pub sources: Vec<(String, Decimal)>,
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

/// The owner's total of a metric over a date range per event source
/// (manual, import, api, sale, system).
pub fn sources(
    conn: &mut PgConnection,
    owner: Owner,
    metric_id: i64,
    from: NaiveDate,
    through: NaiveDate,
) -> QueryResult<Vec<(String, Decimal)>> {
    match people_of(conn, owner)? {
        None => MetricEvent::totals_by_source(conn, Scope::Everyone, metric_id, from, through),
        Some(people) if people.is_empty() => Ok(Vec::new()),
        Some(people) => {
            MetricEvent::totals_by_source(conn, Scope::Users(&people), metric_id, from, through)
        }
    }
}

#[derive(QueryableByName)]
struct GoalActual {
    #[diesel(sql_type = BigInt)]
    goal_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    source: String,
    #[diesel(sql_type = Numeric)]
    actual: Decimal,
    #[diesel(sql_type = Numeric)]
    before_week: Decimal,
}

/// What one query finds of a goal: its actual, the part before the week
/// began, and the actual per event source.
#[derive(Debug, Default, Clone)]
struct Counted {
    actual: Decimal,
    before_week: Decimal,
    sources: Vec<(String, Decimal)>,
}

/// Each goal's actual over its whole period and before `week_start`, split
/// by event source, in one query: `spans` are (goal, metric, first day, last
/// day); `people` pairs a goal with each person whose events count; goals in
/// `everyone` count all.
fn goal_actuals(
    conn: &mut PgConnection,
    spans: &[(i64, i64, NaiveDate, NaiveDate)],
    people: &[(i64, i64)],
    everyone: &[i64],
    week_start: NaiveDate,
) -> QueryResult<HashMap<i64, Counted>> {
    if spans.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<GoalActual> = crate::db::prepared::prepared(
        "WITH g(goal_id, metric_id, start_date, end_date) AS (
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::date[])
         ),
         counted(goal_id, source, value, occurred_on) AS (
             SELECT g.goal_id, e.source, e.value, e.occurred_on
             FROM unnest($5::bigint[], $6::bigint[]) AS p(goal_id, user_id)
             JOIN g ON g.goal_id = p.goal_id
             JOIN metric_events e ON e.user_id = p.user_id AND e.metric_id = g.metric_id
                                 AND e.occurred_on BETWEEN g.start_date AND g.end_date
             UNION ALL
             SELECT g.goal_id, e.source, e.value, e.occurred_on
             FROM g JOIN metric_events e ON e.metric_id = g.metric_id
                                        AND e.occurred_on BETWEEN g.start_date AND g.end_date
             WHERE g.goal_id = ANY($7)
         )
         SELECT goal_id, source, sum(value) AS actual,
                COALESCE(sum(value) FILTER (WHERE occurred_on < $8), 0) AS before_week
         FROM counted GROUP BY goal_id, source ORDER BY goal_id, source",
    )
    .bind::<Array<BigInt>, _>(spans.iter().map(|s| s.0).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(spans.iter().map(|s| s.1).collect::<Vec<_>>())
    .bind::<Array<Date>, _>(spans.iter().map(|s| s.2).collect::<Vec<_>>())
    .bind::<Array<Date>, _>(spans.iter().map(|s| s.3).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(people.iter().map(|p| p.0).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(people.iter().map(|p| p.1).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(everyone.to_vec())
    .bind::<Date, _>(week_start)
    .load(conn)?;
    let mut counted: HashMap<i64, Counted> = HashMap::new();
    for row in rows {
        let goal = counted.entry(row.goal_id).or_default();
        goal.actual += row.actual;
        goal.before_week += row.before_week;
        goal.sources.push((row.source, row.actual));
    }
    Ok(counted)
}

/// A goal with the rows a view shows of it, before its progress.
pub struct Placed {
    pub goal: Goal,
    pub metric: Metric,
    pub period: PeriodRow,
    pub owner_name: String,
}

/// Progress of each goal on `today`, in the order given. A fixed number of
/// queries however many goals: metrics, periods, owners' names, the people
/// of team goals (one each), and one for every actual.
pub fn views(
    conn: &mut PgConnection,
    goals: Vec<Goal>,
    org: &Organisation,
    today: NaiveDate,
) -> QueryResult<Vec<GoalView>> {
    let placed = place(conn, goals, org)?;
    views_of(conn, placed, today)
}

/// The metric, period and owner's name of each goal, in the order given.
fn place(
    conn: &mut PgConnection,
    goals: Vec<Goal>,
    org: &Organisation,
) -> QueryResult<Vec<Placed>> {
    use crate::db::schema::{metric_definitions, periods};

    /// A row every goal refers to.
    fn found<T: Clone>(row: Option<&T>) -> QueryResult<T> {
        row.cloned().ok_or(diesel::result::Error::NotFound)
    }

    if goals.is_empty() {
        return Ok(Vec::new());
    }
    let ids = |f: fn(&Goal) -> Option<i64>| -> Vec<i64> {
        let mut ids: Vec<i64> = goals.iter().filter_map(f).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let metrics: HashMap<i64, Metric> = metric_definitions::table
        .filter(metric_definitions::id.eq_any(ids(|g| Some(g.metric_id))))
        .select(Metric::as_select())
        .load(conn)?
        .into_iter()
        .map(|m: Metric| (m.id, m))
        .collect();
    let periods: HashMap<i64, PeriodRow> = periods::table
        .filter(periods::id.eq_any(ids(|g| Some(g.period_id))))
        .select(PeriodRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|p: PeriodRow| (p.id, p))
        .collect();
    let user_ids = ids(|g| g.user_id);
    let user_names: HashMap<i64, String> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        users::table
            .filter(users::id.eq_any(user_ids))
            .select((users::id, users::name))
            .load(conn)?
            .into_iter()
            .collect()
    };
    let team_ids = ids(|g| g.team_id);
    let team_names: HashMap<i64, String> = if team_ids.is_empty() {
        HashMap::new()
    } else {
        teams::table
            .filter(teams::id.eq_any(team_ids))
            .select((teams::id, teams::name))
            .load(conn)?
            .into_iter()
            .collect()
    };
    goals
        .into_iter()
        .map(|goal| {
            let owner_name = match goal.owner() {
                Owner::User(id) => user_names.get(&id),
                Owner::Team(id) => team_names.get(&id),
                Owner::Company => Some(&org.name),
            };
            Ok(Placed {
                metric: found(metrics.get(&goal.metric_id))?,
                period: found(periods.get(&goal.period_id))?,
                owner_name: found(owner_name)?,
                goal,
            })
        })
        .collect()
}

/// Progress of goals whose rows are at hand: the people of team goals
/// (one query each) and one query for every actual.
pub fn views_of(
    conn: &mut PgConnection,
    placed: Vec<Placed>,
    today: NaiveDate,
) -> QueryResult<Vec<GoalView>> {
    let week_start = attainment::week_start(today);
    let mut spans = Vec::new();
    let mut people = Vec::new();
    let mut everyone = Vec::new();
    for Placed { goal, period, .. } in &placed {
        let span = period.period();
        // Nothing counts before a period starts.
        if today < span.start {
            continue;
        }
        spans.push((goal.id, goal.metric_id, span.start, span.end));
        match people_of(conn, goal.owner())? {
            None => everyone.push(goal.id),
            Some(ids) => people.extend(ids.into_iter().map(|user| (goal.id, user))),
        }
    }
    let actuals = goal_actuals(conn, &spans, &people, &everyone, week_start)?;
    Ok(placed
        .into_iter()
        .map(|placed| {
            let counted = actuals.get(&placed.goal.id).cloned().unwrap_or_default();
            let progress = attainment::progress(
                placed.goal.target,
                counted.actual,
                counted.before_week,
                &placed.period.period(),
                today,
            );
            GoalView {
                goal: placed.goal,
                metric: placed.metric,
                period: placed.period,
                owner_name: placed.owner_name,
                progress,
                sources: counted.sources,
            }
        })
        .collect())
}

/// Each person's total of each metric over `span`, by metric then person
/// (`people`: `None` is everyone; an empty list counts nobody): the sums a
/// team or company rollup adds up through the team tree, one grouped query
/// per metric.
pub fn totals_by_person(
    conn: &mut PgConnection,
    metric_ids: &[i64],
    span: &crate::domain::period::Period,
    people: Option<&[i64]>,
) -> QueryResult<HashMap<i64, HashMap<i64, Decimal>>> {
    let mut totals = HashMap::new();
    for &metric_id in metric_ids {
        let by_user = match people {
            Some([]) => HashMap::new(),
            Some(ids) => MetricEvent::totals_by_user(
                conn,
                Scope::Users(ids),
                metric_id,
                span.start,
                span.end,
            )?,
            None => {
                MetricEvent::totals_by_user(conn, Scope::Everyone, metric_id, span.start, span.end)?
            }
        };
        totals.insert(metric_id, by_user);
    }
    Ok(totals)
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
    mark_reached_milestones_of(conn, user_id, &[metric_id], day)
}

/// [`mark_reached_milestones`] for events of several metrics on one day
/// (a sale's revenue and deal): one query when no milestone waits.
pub fn mark_reached_milestones_of(
    conn: &mut PgConnection,
    user_id: i64,
    metric_ids: &[i64],
    day: NaiveDate,
) -> QueryResult<Vec<Milestone>> {
    use crate::db::schema::{goals, milestones, periods};

    let waiting = Waiting::after_event(conn, user_id, metric_ids, day)?;
    if waiting.goals_to_complete {
        crate::goals::lifecycle::complete_reached(conn, user_id, metric_ids, day)?;
    }
    if waiting.sheet_open {
        crate::goals::sheets::complete_reached(conn, user_id, day)?;
    }
    if !waiting.milestones {
        return Ok(Vec::new());
    }
    let candidates: Vec<Goal> = goals::table
        .inner_join(periods::table)
        .filter(goals::metric_id.eq_any(metric_ids))
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

/// What a new event of a user may have to finish: an active goal it counts
/// towards (to complete at 100 %), the user's open goal sheet for the month,
/// a pending milestone. One statement, so an event that touches none of
/// them (most do) costs one query after it, not three.
#[derive(QueryableByName, Debug)]
struct Waiting {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    goals_to_complete: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    sheet_open: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    milestones: bool,
}

impl Waiting {
    fn after_event(
        conn: &mut PgConnection,
        user_id: i64,
        metric_ids: &[i64],
        day: NaiveDate,
    ) -> QueryResult<Waiting> {
        use chrono::Datelike;
        use diesel::sql_types::{SmallInt, Text};
        // The same conditions as `lifecycle::complete_reached`,
        // `sheets::complete_reached` and the milestone candidates below.
        crate::db::prepared::prepared(
            "SELECT
                 EXISTS (SELECT 1 FROM goals g JOIN periods p ON p.id = g.period_id
                         WHERE g.metric_id = ANY($2) AND g.status = 'active'
                           AND p.start_date <= $3 AND p.end_date >= $3
                           AND (g.owner_kind <> 'user' OR g.user_id = $1)) AS goals_to_complete,
                 EXISTS (SELECT 1 FROM goal_sheets s
                         WHERE s.user_id = $1 AND s.year = $4 AND s.month = $5
                           AND s.status = 'set' AND s.completed_at IS NULL) AS sheet_open,
                 EXISTS (SELECT 1 FROM milestones m
                         JOIN goals g ON g.id = m.goal_id
                         JOIN periods p ON p.id = g.period_id
                         WHERE m.reached_on IS NULL AND g.metric_id = ANY($2)
                           AND g.status = ANY($6)
                           AND p.start_date <= $3 AND p.end_date >= $3) AS milestones",
        )
        .bind::<BigInt, _>(user_id)
        .bind::<Array<BigInt>, _>(metric_ids.to_vec())
        .bind::<Date, _>(day)
        .bind::<SmallInt, _>(day.year() as i16)
        .bind::<SmallInt, _>(day.month() as i16)
        .bind::<Array<Text>, _>(crate::db::goals::LIVE_STATUSES.to_vec())
        .get_result(conn)
    }
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
