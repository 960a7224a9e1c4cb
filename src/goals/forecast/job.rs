//! The `forecasts` job: every live goal whose period holds the day, forecast
//! from the events through the last ended business day, stored in
//! `goal_forecasts` (one row per goal, replaced each day). Pages and the API
//! read the stored forecast; nothing is simulated per request.
//!
//! A team goal's history is its members' (the team and the teams under it)
//! summed by day, a company goal's every event of the metric, as the
//! goal's actual counts them.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Nullable, Numeric};
use rust_decimal::Decimal;

use super::{amount, units};
use crate::db::organisation::Organisation;
use crate::domain::forecast::{self, HISTORY_WEEKS, History, Outlook};
use crate::jobs::{JobContext, Outcome};

/// The advisory lock key of the forecasts job.
const LOCK_KEY: i64 = 727_330;

/// The live goals of `$1` (a day), each with its period and target.
const GOALS: &str = "
SELECT g.id, p.start_date, p.end_date, g.target
FROM goals g
JOIN periods p ON p.id = g.period_id
WHERE g.status IN ('approved', 'active', 'completed', 'failed')
  AND p.start_date <= $1 AND p.end_date >= $1
ORDER BY g.id";

/// Those goals' events summed by day (the day totals the events keep), from `HISTORY_WEEKS` weeks before `$1`
/// (or the period's start, if earlier) through `$1`.
const DAYS: &str = "
WITH RECURSIVE
spans AS (
    SELECT g.id, g.owner_kind, g.user_id, g.team_id, g.metric_id,
           least(p.start_date, $1 - $2) AS first_day
    FROM goals g
    JOIN periods p ON p.id = g.period_id
    WHERE g.status IN ('approved', 'active', 'completed', 'failed')
      AND p.start_date <= $1 AND p.end_date >= $1
),
subtree(root, team_id) AS (
    SELECT DISTINCT team_id, team_id FROM spans WHERE owner_kind = 'team'
    UNION
    SELECT s.root, t.id FROM subtree s JOIN teams t ON t.parent_id = s.team_id
),
counted(goal_id, user_id, metric_id, first_day) AS (
    SELECT id, user_id, metric_id, first_day FROM spans WHERE owner_kind = 'user'
    UNION ALL
    SELECT g.id, u.id, g.metric_id, g.first_day
    FROM spans g
    JOIN subtree s ON s.root = g.team_id
    JOIN users u ON u.team_id = s.team_id
    WHERE g.owner_kind = 'team'
)
SELECT c.goal_id, t.day, sum(t.total) AS total
FROM counted c
CROSS JOIN LATERAL (
    SELECT t.day, t.total FROM metric_day_totals t
    WHERE t.user_id = c.user_id AND t.metric_id = c.metric_id
      AND t.day BETWEEN c.first_day AND $1
    OFFSET 0
) t
GROUP BY c.goal_id, t.day
UNION ALL
SELECT g.id, t.day, sum(t.total)
FROM spans g
JOIN metric_day_totals t ON t.metric_id = g.metric_id
     AND t.day BETWEEN g.first_day AND $1
WHERE g.owner_kind = 'company'
GROUP BY g.id, t.day";

#[derive(QueryableByName)]
struct LiveGoal {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Date)]
    start_date: NaiveDate,
    #[diesel(sql_type = Date)]
    end_date: NaiveDate,
    #[diesel(sql_type = Numeric)]
    target: Decimal,
}

#[derive(QueryableByName)]
struct GoalDay {
    #[diesel(sql_type = BigInt)]
    goal_id: i64,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Numeric)]
    total: Decimal,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// One goal's stored forecast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub goal_id: i64,
    pub outlook: Outlook,
}

/// How a run went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Made {
    pub goals: usize,
    pub not_enough_history: usize,
    /// The same-tier benchmarks made in the same run.
    pub benchmarks: super::benchmark::Ranked,
}

/// The forecasts of every live goal as of the end of `day`, computed and
/// stored in one transaction under the job's lock; `None` when another run
/// holds it.
pub fn make(conn: &mut PgConnection, day: NaiveDate) -> QueryResult<Option<Made>> {
    conn.transaction(|conn| {
        let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
            .bind::<BigInt, _>(LOCK_KEY)
            .get_result(conn)?;
        if !lock.locked {
            return Ok(None);
        }
        let forecasts = compute(conn, day)?;
        store(conn, day, &forecasts)?;
        let benchmarks = super::benchmark::rank(conn, day)?;
        Ok(Some(Made {
            benchmarks,
            goals: forecasts.len(),
            not_enough_history: forecasts
                .iter()
                .filter(|f| f.outlook == Outlook::NotEnoughHistory)
                .count(),
        }))
    })
}

/// The forecasts of every live goal as of the end of `day`.
pub fn compute(conn: &mut PgConnection, day: NaiveDate) -> QueryResult<Vec<Stored>> {
    let goals: Vec<LiveGoal> = diesel::sql_query(GOALS).bind::<Date, _>(day).load(conn)?;
    let window = HISTORY_WEEKS as i32 * 7 - 1;
    let rows: Vec<GoalDay> = diesel::sql_query(DAYS)
        .bind::<Date, _>(day)
        .bind::<diesel::sql_types::Integer, _>(window)
        .load(conn)?;
    let mut days: HashMap<i64, HashMap<NaiveDate, i64>> = HashMap::new();
    for row in rows {
        *days
            .entry(row.goal_id)
            .or_default()
            .entry(row.day)
            .or_default() += units(row.total);
    }
    let first = day - Days::new(HISTORY_WEEKS as u64 * 7 - 1);
    let empty = HashMap::new();
    let inputs: Vec<Input> = goals
        .iter()
        .map(|goal| {
            let sums = days.get(&goal.id).unwrap_or(&empty);
            let on = |d: NaiveDate| sums.get(&d).copied().unwrap_or(0);
            let values: Vec<i64> = first
                .iter_days()
                .take_while(|d| *d <= day)
                .map(on)
                .collect();
            Input {
                goal_id: goal.id,
                history: History::new(first, &values),
                actual: goal
                    .start_date
                    .iter_days()
                    .take_while(|d| *d <= day)
                    .map(on)
                    .sum(),
                target: units(goal.target),
                remaining: forecast::days_after(day, goal.end_date),
            }
        })
        .collect();
    Ok(simulate_all(&inputs, day))
}

/// What one goal's forecast is made from.
struct Input {
    goal_id: i64,
    history: History,
    actual: i64,
    target: i64,
    remaining: Vec<chrono::Weekday>,
}

/// The forecasts of `inputs`, simulated on every core (each goal draws from
/// its own seed, so the split does not change a number), in their order.
fn simulate_all(inputs: &[Input], day: NaiveDate) -> Vec<Stored> {
    let one = |input: &Input| Stored {
        goal_id: input.goal_id,
        outlook: forecast::forecast(
            &input.history,
            input.actual,
            input.target,
            &input.remaining,
            seed(input.goal_id, day),
        ),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || inputs.len() < 256 {
        return inputs.iter().map(one).collect();
    }
    let chunk = inputs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().expect("a forecast thread panicked"))
            .collect()
    })
}

/// The same goal on the same day draws the same runs.
fn seed(goal_id: i64, day: NaiveDate) -> u64 {
    (goal_id as u64)
        .wrapping_mul(1_000_003)
        .wrapping_add(day.num_days_from_ce() as u64)
}

/// Replaces the stored forecasts with `forecasts`, in one statement; goals
/// no longer live lose theirs.
fn store(conn: &mut PgConnection, day: NaiveDate, forecasts: &[Stored]) -> QueryResult<()> {
    let mut ids = Vec::with_capacity(forecasts.len());
    let mut probability = Vec::with_capacity(forecasts.len());
    let (mut p10, mut p50, mut p90) = (Vec::new(), Vec::new(), Vec::new());
    for f in forecasts {
        ids.push(f.goal_id);
        match &f.outlook {
            Outlook::Forecast(f) => {
                probability.push(Some(f.probability));
                p10.push(Some(amount(f.p10)));
                p50.push(Some(amount(f.p50)));
                p90.push(Some(amount(f.p90)));
            }
            Outlook::NotEnoughHistory => {
                probability.push(None);
                p10.push(None);
                p50.push(None);
                p90.push(None);
            }
        }
    }
    diesel::sql_query(
        "WITH fresh AS (
             SELECT * FROM unnest($2::bigint[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[])
                 AS f(goal_id, probability, p10, p50, p90)
         ),
         gone AS (
             DELETE FROM goal_forecasts WHERE goal_id <> ALL($2::bigint[])
         )
         INSERT INTO goal_forecasts (goal_id, day, probability, p10, p50, p90)
         SELECT goal_id, $1, probability, p10, p50, p90 FROM fresh
         ON CONFLICT (goal_id) DO UPDATE
         SET day = EXCLUDED.day, probability = EXCLUDED.probability, p10 = EXCLUDED.p10,
             p50 = EXCLUDED.p50, p90 = EXCLUDED.p90, computed_at = now()",
    )
    .bind::<Date, _>(day)
    .bind::<Array<BigInt>, _>(&ids)
    .bind::<Array<Nullable<Numeric>>, _>(&probability)
    .bind::<Array<Nullable<Numeric>>, _>(&p10)
    .bind::<Array<Nullable<Numeric>>, _>(&p50)
    .bind::<Array<Nullable<Numeric>>, _>(&p90)
    .execute(conn)?;
    Ok(())
}

/// `attain jobs run forecasts [--date D]`: the forecasts as of the day
/// given, else the last ended business day; a run for a day already
/// forecast does it again (new events may have come in for it).
pub fn job(conn: &mut PgConnection, ctx: &JobContext) -> anyhow::Result<Outcome> {
    let org = Organisation::get(conn)?;
    let day = crate::goals::snapshots::day_for(ctx, &org);
    let started = std::time::Instant::now();
    let Some(made) = make(conn, day)? else {
        return Ok(Outcome {
            skipped: true,
            message: format!("skipped: another run is making the forecasts of {day}"),
            details: serde_json::json!({ "day": day.to_string() }),
        });
    };
    Ok(Outcome {
        skipped: false,
        message: format!(
            "{day}: {} goal(s) forecast, {} without enough history; {} goal(s) benchmarked in {} peer group(s), {} without enough peers; in {} ms",
            made.goals,
            made.not_enough_history,
            made.benchmarks.goals,
            made.benchmarks.groups,
            made.benchmarks.not_enough_peers,
            started.elapsed().as_millis()
        ),
        details: serde_json::json!({
            "day": day.to_string(),
            "goals": made.goals,
            "not_enough_history": made.not_enough_history,
            "benchmarked": made.benchmarks.goals,
            "peer_groups": made.benchmarks.groups,
            "not_enough_peers": made.benchmarks.not_enough_peers,
        }),
    })
}
