//! Progress of goals on a day: each goal's actual is the sum of its owner's
//! events (a person, a team's subtree, or everyone) for its metric inside its
//! period, run through the attainment engine. Nothing here is stored.

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date};
use rust_decimal::Decimal;
use std::collections::HashMap;

use crate::db::benchmarks::GoalBenchmark;
use crate::db::events::{MetricEvent, Scope};
use crate::db::forecasts::GoalForecast;
use crate::db::goals::{Goal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::schema::{teams, users};
use crate::db::totals::GoalActualRow;
use crate::db::tree;
use crate::domain::attainment::{self, GoalProgress};

mod reached;
pub use reached::{
    Waiting, first_crossing, mark_reached_milestones, mark_reached_milestones_of,
    mark_reached_milestones_waiting,
};

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
    /// The stored forecast (the daily `forecasts` job), from the same query.
    pub forecast: Option<GoalForecast>,
    /// The stored same-tier benchmark of a partner's personal goal (the
    /// same job), from the same query.
    pub benchmark: Option<GoalBenchmark>,
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

/// What one query finds of a goal: its actual, the part before the week
/// began, and the actual per event source.
#[derive(Debug, Default, Clone)]
struct Counted {
    actual: Decimal,
    before_week: Decimal,
    sources: Vec<(String, Decimal)>,
    forecast: Option<GoalForecast>,
    benchmark: Option<GoalBenchmark>,
}

/// Each goal's actual over its whole period and before `week_start`, split
/// by event source, and its stored forecast and same-tier benchmark, in one query over the day totals (`db::totals`): `spans` are (goal, metric, first day, last
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
    let rows: Vec<GoalActualRow> = crate::db::prepared::prepared(
        "WITH g(goal_id, metric_id, start_date, end_date) AS (
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::date[])
         ),
         counted(goal_id, source, value, occurred_on) AS (
             SELECT g.goal_id, t.source, t.total, t.day
             FROM unnest($5::bigint[], $6::bigint[]) AS p(goal_id, user_id)
             JOIN g ON g.goal_id = p.goal_id
             JOIN metric_day_totals t ON t.user_id = p.user_id AND t.metric_id = g.metric_id
                                     AND t.day BETWEEN g.start_date AND g.end_date
             UNION ALL
             SELECT g.goal_id, t.source, t.total, t.day
             FROM g JOIN metric_day_totals t ON t.metric_id = g.metric_id
                                            AND t.day BETWEEN g.start_date AND g.end_date
             WHERE g.goal_id = ANY($7)
         ),
         sums AS (
             SELECT goal_id, source, sum(value) AS actual,
                    COALESCE(sum(value) FILTER (WHERE occurred_on < $8), 0) AS before_week
             FROM counted GROUP BY goal_id, source
         )
         SELECT g.goal_id, s.source, s.actual, s.before_week, f.day AS forecast_day,
                f.probability, f.p10, f.p50, f.p90,
                b.day AS benchmark_day, b.peers, b.top_percent,
                bty.name AS partner_type, bti.name AS partner_tier
         FROM g
         LEFT JOIN sums s ON s.goal_id = g.goal_id
         LEFT JOIN goal_forecasts f ON f.goal_id = g.goal_id
         LEFT JOIN goal_benchmarks b ON b.goal_id = g.goal_id
         LEFT JOIN partner_types bty ON bty.id = b.partner_type_id
         LEFT JOIN partner_tiers bti ON bti.id = b.partner_tier_id
         ORDER BY g.goal_id, s.source",
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
    Ok(fold_actuals(rows))
}

/// Each goal's actual, the part before the week began and the actual per
/// source, from its rows of sums (one per source) and its stored forecast.
fn fold_actuals(rows: Vec<GoalActualRow>) -> HashMap<i64, Counted> {
    let mut counted: HashMap<i64, Counted> = HashMap::new();
    for row in rows {
        let goal = counted.entry(row.goal_id).or_default();
        if let (Some(source), Some(actual)) = (row.source, row.actual) {
            goal.actual += actual;
            goal.before_week += row.before_week.unwrap_or_default();
            goal.sources.push((source, actual));
        }
        if let Some(day) = row.forecast_day {
            goal.forecast = Some(GoalForecast {
                goal_id: row.goal_id,
                day,
                probability: row.probability,
                p10: row.p10,
                p50: row.p50,
                p90: row.p90,
            });
        }
        if let (Some(day), Some(peers), Some(partner_type), Some(partner_tier)) = (
            row.benchmark_day,
            row.peers,
            row.partner_type,
            row.partner_tier,
        ) {
            goal.benchmark = Some(GoalBenchmark {
                goal_id: row.goal_id,
                day,
                peers,
                top_percent: row.top_percent,
                partner_type,
                partner_tier,
            });
        }
    }
    counted
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
    Ok(views_with(placed, &actuals, today))
}

/// [`views_of`] for the reader's own goals with their sums already read
/// (the dashboard reads them with everything else in one statement).
pub fn views_from_rows(
    placed: Vec<Placed>,
    rows: Vec<GoalActualRow>,
    today: NaiveDate,
) -> Vec<GoalView> {
    views_with(placed, &fold_actuals(rows), today)
}

fn views_with(
    placed: Vec<Placed>,
    actuals: &HashMap<i64, Counted>,
    today: NaiveDate,
) -> Vec<GoalView> {
    placed
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
                forecast: counted.forecast,
                benchmark: counted.benchmark,
            }
        })
        .collect()
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
