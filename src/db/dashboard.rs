//! Everything a rep's dashboard shows, read in one statement.
//!
//! The dashboard is the hottest page, and at load its cost was its round
//! trips, not PostgreSQL's work: a dozen small reads (goals, their sums,
//! bonus schedules, the trend, the goal sheet, metrics, badges, the badges'
//! names, the network) each paid a trip to the server. Here one prepared
//! statement returns each of those sets as a JSON array in its own column,
//! and [`DashboardRows`] hands them back as the same row types the other
//! pages read one query at a time, so the pages build their cards with the
//! same code. Numeric columns travel as JSON strings (`::text`), never as
//! JSON numbers, so a `Decimal` arrives exactly as stored. What is the same
//! for every reader (the periods, metrics and bonus schedules) is not read
//! here: the caller holds it per change epoch and passes it in.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Nullable, SmallInt, Text};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::achievements::Achievement;
use super::bonus::{BonusSchedule, BonusTierRow};
use super::goals::Goal;
use super::metrics::Metric;
use super::periods::PeriodRow;
use super::prepared::prepared;
use super::sheets::GoalSheet;
use super::totals::GoalActualRow;
use crate::domain::achievement::Kind;
use crate::domain::period::PeriodKind;

/// A current goal with its period and metric.
pub struct PlacedRow {
    pub goal: Goal,
    pub period: PeriodRow,
    pub metric: Metric,
}

/// A current goal as the statement returns it: its period and metric by id,
/// since every page already holds those (`web::cache::Catalog`). It comes
/// as a JSON array, `[[goal's fields], period_id, metric_id]`, the goal's
/// fields in [`Goal`]'s order ([`GOAL_FIELDS`]): an array is built and
/// read at about half the cost of an object with its keys (serde reads a
/// struct from a sequence by field order).
#[derive(Deserialize)]
struct GoalRow {
    goal: Goal,
    period_id: i64,
    metric_id: i64,
}

/// A bonus schedule with one of its tiers (none: a schedule without tiers).
pub struct ScheduleRow {
    pub row: BonusSchedule,
    pub tier: Option<BonusTierRow>,
}

/// A day of the trend goal: its events summed, and its stored snapshot.
#[derive(Deserialize)]
pub struct TrendDayRow {
    pub day: NaiveDate,
    pub events: Option<Decimal>,
    pub recorded: Option<Decimal>,
}

/// What an achievement's title names: its metric, its goal's period and
/// its milestone (each may be missing).
#[derive(Deserialize)]
pub struct TitleRow {
    pub metric_id: Option<i64>,
    pub metric_key: Option<String>,
    pub metric_name: Option<String>,
    pub goal_id: Option<i64>,
    pub period_kind: Option<PeriodKind>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub milestone_id: Option<i64>,
    pub milestone_name: Option<String>,
}

/// A person of the reader's network card: the reader, their sponsor or a
/// partner they sponsor, with the names of their team, partner type and
/// tier. It comes as a JSON array in field order, the names read by id
/// (a team or type per person, not a join over all of them).
#[derive(Deserialize)]
pub struct NetworkRow {
    pub id: i64,
    pub name: String,
    pub sponsor_id: Option<i64>,
    pub team: Option<String>,
    pub partner_type: Option<String>,
    pub partner_tier: Option<String>,
}

impl NetworkRow {
    /// "Agent · Gold", either part may be missing.
    pub fn partner(&self) -> String {
        [&self.partner_type, &self.partner_tier]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Which month's goal sheet, how many badges, and which goal's trend.
pub struct DashboardQuery {
    pub user_id: i64,
    pub today: NaiveDate,
    pub week_start: NaiveDate,
    /// The goal the reader picked for the trend chart (else the first
    /// money goal, else the first).
    pub trend_goal: Option<i64>,
    pub sheet_year: i32,
    pub sheet_month: u32,
    pub badges: i64,
}

/// The statement's one row: each set as JSON text.
#[derive(QueryableByName)]
struct Raw {
    #[diesel(sql_type = Text)]
    goals: String,
    #[diesel(sql_type = Text)]
    actuals: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    trend_goal: Option<i64>,
    #[diesel(sql_type = Text)]
    trend: String,
    #[diesel(sql_type = Nullable<Text>)]
    sheet: Option<String>,
    #[diesel(sql_type = BigInt)]
    earned: i64,
    #[diesel(sql_type = BigInt)]
    points_total: i64,
    #[diesel(sql_type = Array<Date>)]
    perfect_months: Vec<NaiveDate>,
    #[diesel(sql_type = Text)]
    latest: String,
    #[diesel(sql_type = Text)]
    titles: String,
    #[diesel(sql_type = Text)]
    network: String,
}

/// Everything the dashboard reads, as rows.
pub struct DashboardRows {
    /// The reader's live goals whose period holds today, by priority.
    pub goals: Vec<PlacedRow>,
    /// Their sums per event source, stored forecasts and same-tier
    /// benchmarks, as
    /// `goal_actuals` reads them for any page.
    pub actuals: Vec<GoalActualRow>,
    /// The goals' bonus schedules and the oldest signup ladder, with tiers
    /// in order.
    pub schedules: Vec<ScheduleRow>,
    /// The oldest active ladder paying on signups.
    pub ladder_id: Option<i64>,
    /// The goal `trend` belongs to.
    pub trend_goal: Option<i64>,
    pub trend: Vec<TrendDayRow>,
    /// The goal sheet of the month asked for.
    pub sheet: Option<GoalSheet>,
    /// The newest achievements, newest first, and the tallies.
    pub latest: Vec<Achievement>,
    pub earned: i64,
    pub points: i64,
    pub perfect_months: Vec<NaiveDate>,
    pub titles: Vec<TitleRow>,
    /// The reader, their sponsor and the partners they sponsor.
    pub network: Vec<NetworkRow>,
}

fn parse<T: DeserializeOwned>(set: &str, json: &str) -> QueryResult<T> {
    serde_json::from_str(json).map_err(|e| {
        diesel::result::Error::DeserializationError(format!("dashboard {set}: {e}").into())
    })
}

const DASHBOARD_SQL: &str = "
WITH cur AS (
    SELECT g.id, g.metric_id, g.bonus_schedule_id, g.priority, m.unit, p.start_date, p.end_date,
           json_build_array(
               json_build_array(g.id, g.owner_kind, g.user_id, g.team_id, g.metric_id,
                                g.period_id, g.title, g.target::text, g.weight::text,
                                g.priority, g.parent_id, g.bonus_base::text, g.status,
                                g.created_by, g.created_at, g.updated_at,
                                g.bonus_schedule_id),
               p.id,
               m.id) AS placed
    FROM goals g
    JOIN periods p ON p.id = g.period_id
    JOIN metric_definitions m ON m.id = g.metric_id
    WHERE g.owner_kind = 'user' AND g.user_id = $1
      AND g.status IN ('active', 'approved', 'completed', 'failed')
      AND p.start_date <= $2 AND p.end_date >= $2
),
sums AS (
    SELECT c.id AS goal_id, t.source, sum(t.total) AS actual,
           COALESCE(sum(t.total) FILTER (WHERE t.day < $3), 0) AS before_week
    FROM cur c
    JOIN metric_day_totals t ON t.user_id = $1 AND t.metric_id = c.metric_id
                            AND t.day BETWEEN c.start_date AND c.end_date
    GROUP BY c.id, t.source
),
chosen AS (
    SELECT id, metric_id, start_date, end_date FROM cur
    ORDER BY COALESCE(id = $4, false) DESC, (unit = 'money') DESC, priority, id
    LIMIT 1
),
trend AS (
    SELECT d.day, sum(d.events) AS events, max(d.recorded) AS recorded
    FROM chosen c
    CROSS JOIN LATERAL (
        SELECT t.day, t.total AS events, NULL::numeric AS recorded
        FROM metric_day_totals t
        WHERE t.user_id = $1 AND t.metric_id = c.metric_id
          AND t.day BETWEEN c.start_date AND c.end_date
        UNION ALL
        SELECT s.day, NULL, s.actual FROM goal_snapshots s
        WHERE s.goal_id = c.id AND s.kind = 'daily'
          AND s.day BETWEEN c.start_date AND LEAST($2, c.end_date)
    ) d
    GROUP BY d.day
),
latest AS (
    SELECT * FROM achievements WHERE user_id = $1
    ORDER BY achieved_on DESC, id DESC LIMIT $7
)
SELECT
    (SELECT COALESCE(json_agg(placed ORDER BY priority, id), '[]') FROM cur)::text AS goals,
    (SELECT COALESCE(json_agg(json_build_object(
                'goal_id', c.id, 'source', s.source, 'actual', s.actual::text,
                'before_week', s.before_week::text, 'forecast_day', f.day,
                'probability', f.probability::text, 'p10', f.p10::text,
                'p50', f.p50::text, 'p90', f.p90::text,
                'benchmark_day', b.day, 'peers', b.peers, 'top_percent', b.top_percent,
                'partner_type', bty.name, 'partner_tier', bti.name) ORDER BY c.id, s.source), '[]')
     FROM cur c
     LEFT JOIN sums s ON s.goal_id = c.id
     LEFT JOIN goal_forecasts f ON f.goal_id = c.id
     LEFT JOIN goal_benchmarks b ON b.goal_id = c.id
     LEFT JOIN partner_types bty ON bty.id = b.partner_type_id
     LEFT JOIN partner_tiers bti ON bti.id = b.partner_tier_id)::text AS actuals,
    (SELECT id FROM chosen) AS trend_goal,
    (SELECT COALESCE(json_agg(json_build_object(
                'day', day, 'events', events::text, 'recorded', recorded::text) ORDER BY day), '[]')
     FROM trend)::text AS trend,
    (SELECT to_jsonb(s) || jsonb_build_object(
                'signup_goal', s.signup_goal::text, 'revenue_goal', s.revenue_goal::text)
     FROM goal_sheets s WHERE s.user_id = $1 AND s.year = $5 AND s.month = $6)::text AS sheet,
    (SELECT count(*) FROM achievements WHERE user_id = $1) AS earned,
    (SELECT COALESCE(sum(points), 0)::bigint FROM points_entries WHERE user_id = $1)
        AS points_total,
    ARRAY(SELECT period_start FROM achievements WHERE user_id = $1 AND kind = $8
          ORDER BY period_start) AS perfect_months,
    (SELECT COALESCE(json_agg(to_jsonb(a) || jsonb_build_object(
                'goal_value', a.goal_value::text, 'actual', a.actual::text,
                'percent', a.percent::text, 'bonus_amount', a.bonus_amount::text)
                ORDER BY a.achieved_on DESC, a.id DESC), '[]')
     FROM latest a)::text AS latest,
    (SELECT COALESCE(json_agg(json_build_object(
                'metric_id', m.id, 'metric_key', m.key, 'metric_name', m.name,
                'goal_id', g.id, 'period_kind', p.kind, 'period_start', p.start_date,
                'period_end', p.end_date, 'milestone_id', ms.id, 'milestone_name', ms.name)), '[]')
     FROM latest a
     LEFT JOIN metric_definitions m ON m.id = a.metric_id
     LEFT JOIN (goals g JOIN periods p ON p.id = g.period_id) ON g.id = a.goal_id
     LEFT JOIN milestones ms ON ms.id = a.milestone_id)::text AS titles,
    (SELECT COALESCE(json_agg(json_build_array(
                u.id, u.name, u.sponsor_id,
                (SELECT name FROM teams WHERE id = u.team_id),
                (SELECT name FROM partner_types WHERE id = u.partner_type_id),
                (SELECT name FROM partner_tiers WHERE id = u.partner_tier_id))
                ORDER BY u.name, u.id), '[]')
     FROM users u
     WHERE u.sponsor_id = $1 OR u.id = $1
        OR u.id = (SELECT sponsor_id FROM users WHERE id = $1))::text AS network";

/// The columns of a goal in the statement's arrays, in [`Goal`]'s field
/// order (a test holds the two together).
#[cfg(test)]
const GOAL_FIELDS: [&str; 17] = [
    "id",
    "owner_kind",
    "user_id",
    "team_id",
    "metric_id",
    "period_id",
    "title",
    "target",
    "weight",
    "priority",
    "parent_id",
    "bonus_base",
    "status",
    "created_by",
    "created_at",
    "updated_at",
    "bonus_schedule_id",
];

/// The statement names the live statuses in its text: a bound array would
/// keep PostgreSQL re-planning it (`super::prepared::with_generic_plans`).
#[cfg(test)]
const LIVE_IN_SQL: &str = "g.status IN ('active', 'approved', 'completed', 'failed')";

impl DashboardRows {
    /// Everything in one statement. The goals' periods and metrics are
    /// taken from `periods` and `metrics` (what the caller holds, kept per
    /// change epoch); one they lack, made since, is read by its id.
    ///
    /// The bonus schedules are taken from `schedules` (every schedule's
    /// rows, `super::bonus::all_rows`, also kept per epoch): the goals'
    /// own, read by id should one be missing, and the signup ladder.
    pub fn load(
        conn: &mut PgConnection,
        q: &DashboardQuery,
        periods: &[PeriodRow],
        metrics: &[Metric],
        schedules: &[(BonusSchedule, Option<BonusTierRow>)],
    ) -> QueryResult<DashboardRows> {
        let raw: Raw = prepared(DASHBOARD_SQL)
            .bind::<BigInt, _>(q.user_id)
            .bind::<Date, _>(q.today)
            .bind::<Date, _>(q.week_start)
            .bind::<Nullable<BigInt>, _>(q.trend_goal)
            .bind::<SmallInt, _>(i16::try_from(q.sheet_year).unwrap_or(i16::MAX))
            .bind::<SmallInt, _>(i16::try_from(q.sheet_month).unwrap_or(0))
            .bind::<BigInt, _>(q.badges)
            .bind::<Text, _>(Kind::PerfectMonth.as_str())
            .get_result(conn)?;
        let goals: Vec<GoalRow> = parse("goals", &raw.goals)?;
        let goals = placed(conn, goals, periods, metrics)?;
        let ladder_id = signup_ladder(schedules, metrics);
        let schedules = schedules_of(conn, &goals, ladder_id, schedules)?;
        Ok(DashboardRows {
            goals,
            actuals: parse("actuals", &raw.actuals)?,
            schedules,
            ladder_id,
            trend_goal: raw.trend_goal,
            trend: parse("trend", &raw.trend)?,
            sheet: match &raw.sheet {
                Some(json) => Some(parse("sheet", json)?),
                None => None,
            },
            latest: parse("latest", &raw.latest)?,
            earned: raw.earned,
            points: raw.points_total,
            perfect_months: raw.perfect_months,
            titles: parse("titles", &raw.titles)?,
            network: parse("network", &raw.network)?,
        })
    }
}

/// The oldest active schedule paying on the value of signups.
fn signup_ladder(
    schedules: &[(BonusSchedule, Option<BonusTierRow>)],
    metrics: &[Metric],
) -> Option<i64> {
    let signups = metrics.iter().find(|m| m.key == "signups")?.id;
    super::bonus::oldest_value_ladder_in(schedules, signups)
}

/// The rows of the goals' schedules and the ladder, in schedule and tier
/// order; a goal's schedule missing from `all` (made since) is read.
fn schedules_of(
    conn: &mut PgConnection,
    goals: &[PlacedRow],
    ladder: Option<i64>,
    all: &[(BonusSchedule, Option<BonusTierRow>)],
) -> QueryResult<Vec<ScheduleRow>> {
    let mut wanted: Vec<i64> = goals
        .iter()
        .filter_map(|g| g.goal.bonus_schedule_id)
        .chain(ladder)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let missing: Vec<i64> = wanted
        .iter()
        .copied()
        .filter(|id| !all.iter().any(|(row, _)| row.id == *id))
        .collect();
    let kept = all
        .iter()
        .filter(|(row, _)| wanted.binary_search(&row.id).is_ok())
        .cloned();
    let read = super::bonus::rows_of(conn, &missing)?;
    let mut rows: Vec<ScheduleRow> = kept
        .chain(read)
        .map(|(row, tier)| ScheduleRow { row, tier })
        .collect();
    rows.sort_by_key(|r| (r.row.id, r.tier.as_ref().map(|t| t.position)));
    Ok(rows)
}

/// The goals with their periods and metrics, from those given or, for any
/// they lack, from the database.
fn placed(
    conn: &mut PgConnection,
    goals: Vec<GoalRow>,
    periods: &[PeriodRow],
    metrics: &[Metric],
) -> QueryResult<Vec<PlacedRow>> {
    let missing: Vec<i64> = goals
        .iter()
        .map(|g| g.period_id)
        .filter(|id| !periods.iter().any(|p| p.id == *id))
        .collect();
    let read_periods = if missing.is_empty() {
        Vec::new()
    } else {
        PeriodRow::by_ids(conn, &missing)?
    };
    let read_metrics = if goals
        .iter()
        .all(|g| metrics.iter().any(|m| m.id == g.metric_id))
    {
        Vec::new()
    } else {
        Metric::all(conn)?
    };
    goals
        .into_iter()
        .map(|row| {
            let period = periods
                .iter()
                .chain(&read_periods)
                .find(|p| p.id == row.period_id)
                .cloned()
                .ok_or(diesel::result::Error::NotFound)?;
            let metric = metrics
                .iter()
                .chain(&read_metrics)
                .find(|m| m.id == row.metric_id)
                .cloned()
                .ok_or(diesel::result::Error::NotFound)?;
            Ok(PlacedRow {
                goal: row.goal,
                period,
                metric,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{DASHBOARD_SQL, GOAL_FIELDS, GoalRow, LIVE_IN_SQL};
    use crate::db::goals::{Goal, LIVE_STATUSES};

    /// A goal written as the statement's array, field by field from its
    /// own JSON object in [`GOAL_FIELDS`]' order, reads back as the same
    /// goal: the order is [`Goal`]'s. Every field holds a value no other
    /// field of its type holds, so two swapped fields would show.
    #[test]
    fn a_goal_array_follows_the_goals_field_order() {
        let goal: Goal = serde_json::from_value(serde_json::json!({
            "id": 11, "owner_kind": "user", "user_id": 12, "team_id": 13,
            "metric_id": 14, "period_id": 15, "title": "Q4 push",
            "target": "1000.50", "weight": "2.25", "priority": 2, "parent_id": 16,
            "bonus_base": "300.10", "status": "active", "created_by": 17,
            "created_at": "2026-12-01T09:00:00+00:00",
            "updated_at": "2026-12-02T10:30:00+00:00", "bonus_schedule_id": 18
        }))
        .unwrap();
        let object = serde_json::to_value(&goal).unwrap();
        assert_eq!(object.as_object().unwrap().len(), GOAL_FIELDS.len());
        let fields: Vec<serde_json::Value> =
            GOAL_FIELDS.iter().map(|f| object[*f].clone()).collect();
        let row: GoalRow = serde_json::from_value(serde_json::json!([fields, 15, 14])).unwrap();
        assert_eq!(serde_json::to_value(&row.goal).unwrap(), object);
        assert_eq!((row.period_id, row.metric_id), (15, 14));
        // The statement lists the same columns in the same order.
        let listed = GOAL_FIELDS
            .iter()
            .map(|f| match *f {
                "target" | "weight" | "bonus_base" => format!("g.{f}::text"),
                _ => format!("g.{f}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql: String = DASHBOARD_SQL
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            sql.contains(&format!("json_build_array({listed})")),
            "{sql}"
        );
    }

    #[test]
    fn the_statement_names_exactly_the_live_statuses() {
        assert!(DASHBOARD_SQL.contains(LIVE_IN_SQL));
        let named: Vec<String> = LIVE_STATUSES
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        assert_eq!(LIVE_IN_SQL, format!("g.status IN ({})", named.join(", ")));
    }
}
