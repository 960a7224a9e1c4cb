//! Goal snapshots: what a goal's derived figures were at the end of a day.
//! [`take`] writes a day's rows for every live goal in one set-based
//! statement; the readers feed the trend charts.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Numeric, Text};
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::goal_snapshots;
use crate::domain::attainment::{AHEAD_RATIO, BEHIND_RATIO, ON_TRACK_RATIO};

#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq, Serialize)]
#[diesel(table_name = goal_snapshots)]
pub struct GoalSnapshot {
    pub id: i64,
    pub goal_id: i64,
    pub day: NaiveDate,
    /// daily | weekly | monthly
    pub kind: String,
    pub actual: Decimal,
    pub target: Decimal,
    pub attainment_percent: Option<Decimal>,
    pub expected: Decimal,
    pub days_remaining: i32,
    pub on_pace: bool,
    /// ahead | on_track | behind | critical (`domain::attainment::Pace`)
    pub pace: String,
    pub created_at: DateTime<Utc>,
}

/// How many rows of each kind one [`take`] wrote, and the goals it left
/// out because their figures do not fit the columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Taken {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
    pub skipped_goals: Vec<i64>,
}

#[derive(QueryableByName)]
struct KindRow {
    #[diesel(sql_type = Nullable<Text>)]
    kind: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    skipped_goal: Option<i64>,
}

/// One statement for every goal and day from `$1` through `$2`: the live
/// goals (approved, active, completed, failed — what the boards count)
/// paired with each of those days their period holds and for which they
/// have no daily row yet; the people each counts (the owner; a team's whole
/// subtree, members active or not; everyone for the company); their events
/// of the goal's metric summed by day in one aggregate, and the running
/// total at each day's end; then the figures of `domain::attainment` for
/// that day:
///
/// - expected = round(target × elapsed / total, 2), elapsed counting the day
///   (`expected_to_date`); PostgreSQL's `round` is half away from zero, as
///   the domain's;
/// - attainment = round(actual × 100 / target, 2), NULL without a target;
/// - days remaining = end − day + 1 (`Period::days_left`);
/// - on pace = actual ≥ expected; pace by the ratios `$3`, `$4`, `$5`
///   (lower bounds inclusive), with nothing expected yet ahead if anything
///   was done, else on track (`pace`).
///
/// The weekly row goes with the daily one on Sundays, the monthly one on a
/// month's last day, both also on the period's last day.
const TAKE: &str = "
WITH RECURSIVE
days(day) AS (
    SELECT generate_series($1::date, $2::date, interval '1 day')::date
),
live AS (
    SELECT g.id, d.day, g.target, p.start_date, p.end_date
    FROM goals g
    JOIN periods p ON p.id = g.period_id
    JOIN days d ON d.day BETWEEN p.start_date AND p.end_date
    WHERE g.status IN ('approved', 'active', 'completed', 'failed')
      AND p.start_date <= $2 AND p.end_date >= $1
      AND NOT EXISTS (SELECT 1 FROM goal_snapshots s
                      WHERE s.goal_id = g.id AND s.day = d.day AND s.kind = 'daily')
),
-- Each goal once, with the span of its events that count: from its
-- period's start through the last day taken.
spans AS (
    SELECT g.id, g.owner_kind, g.user_id, g.team_id, g.metric_id,
           p.start_date, least(p.end_date, $2) AS last_day
    FROM goals g
    JOIN periods p ON p.id = g.period_id
    WHERE g.id IN (SELECT id FROM live)
),
subtree(root, team_id) AS (
    SELECT DISTINCT team_id, team_id FROM spans WHERE owner_kind = 'team'
    UNION
    SELECT s.root, t.id FROM subtree s JOIN teams t ON t.parent_id = s.team_id
),
counted(goal_id, user_id, metric_id, start_date, last_day) AS (
    SELECT id, user_id, metric_id, start_date, last_day FROM spans WHERE owner_kind = 'user'
    UNION ALL
    SELECT g.id, u.id, g.metric_id, g.start_date, g.last_day
    FROM spans g
    JOIN subtree s ON s.root = g.team_id
    JOIN users u ON u.team_id = s.team_id
    WHERE g.owner_kind = 'team'
),
-- Each goal's events summed by day: one aggregate over metric_events,
-- reached per person through the (user, metric, day) index (OFFSET 0
-- keeps the planner from turning it into a join of every event of the
-- metric with every goal).
by_day(goal_id, occurred_on, total) AS (
    SELECT c.goal_id, e.occurred_on, sum(e.value)
    FROM counted c
    CROSS JOIN LATERAL (
        SELECT e.occurred_on, e.value FROM metric_events e
        WHERE e.user_id = c.user_id AND e.metric_id = c.metric_id
          AND e.occurred_on BETWEEN c.start_date AND c.last_day
        OFFSET 0
    ) e
    GROUP BY c.goal_id, e.occurred_on
    UNION ALL
    SELECT g.id, e.occurred_on, sum(e.value)
    FROM spans g
    CROSS JOIN LATERAL (
        SELECT e.occurred_on, e.value FROM metric_events e
        WHERE e.metric_id = g.metric_id
          AND e.occurred_on BETWEEN g.start_date AND g.last_day
        OFFSET 0
    ) e
    WHERE g.owner_kind = 'company'
    GROUP BY g.id, e.occurred_on
),
actuals(goal_id, day, actual) AS (
    SELECT l.id, l.day, sum(b.total)
    FROM live l
    JOIN by_day b ON b.goal_id = l.id AND b.occurred_on <= l.day
    GROUP BY l.id, l.day
),
figures AS (
    SELECT l.id AS goal_id, l.day, l.target, l.end_date,
           COALESCE(a.actual, 0) AS actual,
           round(l.target * (l.day - l.start_date + 1) / (l.end_date - l.start_date + 1), 2)
               AS expected,
           l.end_date - l.day + 1 AS days_remaining
    FROM live l
    LEFT JOIN actuals a ON a.goal_id = l.id AND a.day = l.day
),
-- Figures the columns cannot hold (an actual of 10^16 or more, an
-- attainment of 10^18 % or more) are not written: that goal is reported
-- and every other goal still gets its row.
checked AS (
    SELECT f.*, CASE WHEN f.target > 0 THEN round(f.actual * 100 / f.target, 2) END AS percent
    FROM figures f
),
sized AS (
    SELECT c.*, abs(c.actual) < 1e16 AND COALESCE(abs(c.percent) < 1e18, TRUE) AS fits
    FROM checked c
),
written AS (
INSERT INTO goal_snapshots (goal_id, day, kind, actual, target, attainment_percent,
                            expected, days_remaining, on_pace, pace)
SELECT f.goal_id, f.day, k.kind, f.actual, f.target,
       f.percent,
       f.expected, f.days_remaining, f.actual >= f.expected,
       CASE
           WHEN f.expected <= 0 THEN CASE WHEN f.actual > 0 THEN 'ahead' ELSE 'on_track' END
           WHEN f.actual >= f.expected * $3 THEN 'ahead'
           WHEN f.actual >= f.expected * $4 THEN 'on_track'
           WHEN f.actual >= f.expected * $5 THEN 'behind'
           ELSE 'critical'
       END
FROM sized f
CROSS JOIN (VALUES ('daily'), ('weekly'), ('monthly')) AS k(kind)
WHERE f.fits AND (k.kind = 'daily'
   OR (k.kind = 'weekly' AND (extract(isodow FROM f.day) = 7 OR f.day = f.end_date))
   OR (k.kind = 'monthly' AND (extract(day FROM f.day + 1) = 1 OR f.day = f.end_date)))
ON CONFLICT ON CONSTRAINT goal_snapshots_once_key DO NOTHING
RETURNING kind
)
SELECT kind, NULL::bigint AS skipped_goal FROM written
UNION ALL
SELECT DISTINCT NULL::text, goal_id FROM sized WHERE NOT fits";

/// Writes the snapshots of `day` for every live goal that has none yet, in
/// one statement, and says how many of each kind it wrote. The unique key
/// keeps it to one row per goal, day and kind whoever runs it; the caller
/// holds the job's advisory lock so two runs do not do the work twice.
pub fn take(conn: &mut PgConnection, day: NaiveDate) -> QueryResult<Taken> {
    take_range(conn, day, day)
}

/// [`take`] for every day from `from` through `through`, still one
/// statement (a backfill).
pub fn take_range(
    conn: &mut PgConnection,
    from: NaiveDate,
    through: NaiveDate,
) -> QueryResult<Taken> {
    let rows: Vec<KindRow> = diesel::sql_query(TAKE)
        .bind::<Date, _>(from)
        .bind::<Date, _>(through)
        .bind::<Numeric, _>(AHEAD_RATIO)
        .bind::<Numeric, _>(ON_TRACK_RATIO)
        .bind::<Numeric, _>(BEHIND_RATIO)
        .load(conn)?;
    let mut taken = Taken::default();
    for row in rows {
        match (row.kind.as_deref(), row.skipped_goal) {
            (Some("daily"), _) => taken.daily += 1,
            (Some("weekly"), _) => taken.weekly += 1,
            (Some(_), _) => taken.monthly += 1,
            (None, Some(goal)) => taken.skipped_goals.push(goal),
            (None, None) => {}
        }
    }
    taken.skipped_goals.sort_unstable();
    Ok(taken)
}

impl GoalSnapshot {
    /// A goal's rows of one kind from `from` through `through`, by day.
    pub fn of_goal(
        conn: &mut PgConnection,
        goal_id: i64,
        kind: &str,
        from: NaiveDate,
        through: NaiveDate,
    ) -> QueryResult<Vec<GoalSnapshot>> {
        goal_snapshots::table
            .filter(goal_snapshots::goal_id.eq(goal_id))
            .filter(goal_snapshots::kind.eq(kind))
            .filter(goal_snapshots::day.between(from, through))
            .order(goal_snapshots::day)
            .select(GoalSnapshot::as_select())
            .load(conn)
    }

    /// The monthly rows of `goal_ids` from `from` through `through`.
    pub fn monthly_of(
        conn: &mut PgConnection,
        goal_ids: &[i64],
        from: NaiveDate,
        through: NaiveDate,
    ) -> QueryResult<Vec<GoalSnapshot>> {
        goal_snapshots::table
            .filter(goal_snapshots::goal_id.eq_any(goal_ids))
            .filter(goal_snapshots::kind.eq("monthly"))
            .filter(goal_snapshots::day.between(from, through))
            .order((goal_snapshots::goal_id, goal_snapshots::day))
            .select(GoalSnapshot::as_select())
            .load(conn)
    }
}
