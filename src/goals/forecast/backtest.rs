//! The backtest: every past month's personal goal, forecast as of days 7,
//! 14 and 21 from the history before that day, against whether it was
//! reached by the month's end; the straight-line projection (reached when
//! the run rate carried to the end meets the target: probability 1 or 0)
//! is scored beside it.

use chrono::{Datelike, Days, Months, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::{Daily, amount, units};
use crate::db::goals::LIVE_STATUSES;
use crate::db::schema::{goals, periods};
use crate::domain::forecast::{
    self, Bin, HISTORY_WEEKS, Outlook, Scored, brier, calibration, days_after,
};
use crate::domain::owner::OwnerKind;
use crate::domain::period::PeriodKind;
use crate::domain::recommend;

/// The days of the month a forecast is made on.
pub const AS_OF: [u32; 3] = [7, 14, 21];

/// How one way of forecasting did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub forecasts: usize,
    pub brier: Option<Decimal>,
    pub bins: Vec<Bin>,
}

impl Score {
    fn of(scored: &[Scored]) -> Score {
        Score {
            forecasts: scored.len(),
            brier: brier(scored),
            bins: calibration(scored),
        }
    }
}

/// The backtest's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Past monthly personal goals looked at.
    pub goals: usize,
    /// Forecasts skipped for too little history.
    pub not_enough_history: usize,
    pub forecast: Score,
    pub straight_line: Score,
    /// The target recommendation against what was sold, beside "the same
    /// as last month": how many months were compared and the median
    /// absolute percentage error of each.
    pub recommendations: usize,
    pub recommendation_mape: Option<Decimal>,
    pub last_month_mape: Option<Decimal>,
}

#[derive(Queryable)]
struct PastGoal {
    id: i64,
    user_id: Option<i64>,
    metric_id: i64,
    start: NaiveDate,
    end: NaiveDate,
    target: Decimal,
}

/// Where the backtest's past targets come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Targets {
    /// The stored monthly goals of people.
    Goals,
    /// For histories without past goals (the pages bench has only this
    /// month's): every month of the last twelve gets the target "what the
    /// person sold the month before" (where that was above 0), for every
    /// `every`-th active rep (by id) and the metric `metric` (all when
    /// none). A target like that is reached about half the time, so the
    /// forecast has something to tell.
    LastMonth {
        every: usize,
        metric: Option<String>,
    },
}

/// Runs the backtest over the months that ended before `today`, on the
/// stored goals.
pub fn run(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Report> {
    run_with(conn, today, &Targets::Goals)
}

/// The past targets "the same as the month before" ([`Targets::LastMonth`]).
fn last_month_targets(
    conn: &mut PgConnection,
    today: NaiveDate,
    every: usize,
    metric: Option<&str>,
) -> QueryResult<(Vec<PastGoal>, Daily)> {
    use crate::db::schema::{metric_definitions, users};
    let people: Vec<i64> = users::table
        .filter(users::role.eq("rep"))
        .filter(users::active.eq(true))
        .select(users::id)
        .order(users::id)
        .load::<i64>(conn)?
        .into_iter()
        .step_by(every.max(1))
        .collect();
    let mut metrics = metric_definitions::table
        .filter(metric_definitions::active.eq(true))
        .select(metric_definitions::id)
        .into_boxed();
    if let Some(key) = metric {
        metrics = metrics.filter(metric_definitions::key.eq(key.to_string()));
    }
    let metrics: Vec<i64> = metrics.order(metric_definitions::id).load(conn)?;
    let this_month = today.with_day(1).unwrap_or(today);
    let first = this_month - Months::new(12);
    let from = first - Months::new(13);
    let daily = Daily::load(conn, &people, from, this_month)?;
    let mut past = Vec::new();
    for user in &people {
        for metric in &metrics {
            for n in 0..12 {
                let start = first + Months::new(n);
                let end = start + Months::new(1) - Days::new(1);
                if end >= today {
                    continue;
                }
                let before = start - Months::new(1);
                let target = daily.between(*user, *metric, before, start - Days::new(1));
                if target > 0 {
                    past.push(PastGoal {
                        id: past.len() as i64 + 1,
                        user_id: Some(*user),
                        metric_id: *metric,
                        start,
                        end,
                        target: amount(target),
                    });
                }
            }
        }
    }
    Ok((past, daily))
}

/// Runs the backtest over the months that ended before `today`, with the
/// past targets of `targets`.
pub fn run_with(
    conn: &mut PgConnection,
    today: NaiveDate,
    targets: &Targets,
) -> QueryResult<Report> {
    let (past, loaded) = match targets {
        Targets::Goals => (stored_goals(conn, today)?, None),
        Targets::LastMonth { every, metric } => {
            let (past, daily) = last_month_targets(conn, today, *every, metric.as_deref())?;
            (past, Some(daily))
        }
    };
    score(conn, past, loaded)
}

fn stored_goals(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<PastGoal>> {
    goals::table
        .inner_join(periods::table)
        .filter(goals::owner_kind.eq(OwnerKind::User))
        .filter(periods::kind.eq(PeriodKind::Month))
        .filter(periods::end_date.lt(today))
        .filter(goals::status.eq_any(LIVE_STATUSES))
        .filter(goals::target.gt(Decimal::ZERO))
        .select((
            goals::id,
            goals::user_id,
            goals::metric_id,
            periods::start_date,
            periods::end_date,
            goals::target,
        ))
        .order(goals::id)
        .load(conn)
}

fn score(
    conn: &mut PgConnection,
    past: Vec<PastGoal>,
    loaded: Option<Daily>,
) -> QueryResult<Report> {
    let empty = Report {
        goals: 0,
        not_enough_history: 0,
        forecast: Score::of(&[]),
        straight_line: Score::of(&[]),
        recommendations: 0,
        recommendation_mape: None,
        last_month_mape: None,
    };
    let (Some(first), Some(last)) = (
        past.iter().map(|g| g.start).min(),
        past.iter().map(|g| g.end).max(),
    ) else {
        return Ok(empty);
    };
    let mut people: Vec<i64> = past.iter().filter_map(|g| g.user_id).collect();
    people.sort_unstable();
    people.dedup();
    // A year before the first month too, for the recommendation's season.
    let from = (first - Months::new(13)).min(first - Days::new(HISTORY_WEEKS as u64 * 7));
    let daily = match loaded {
        Some(daily) => daily,
        None => Daily::load(conn, &people, from, last)?,
    };

    let mut simulated = Vec::new();
    let mut straight = Vec::new();
    let mut skipped = 0;
    for goal in &past {
        let Some(user) = goal.user_id else { continue };
        let target = units(goal.target);
        let reached = daily.between(user, goal.metric_id, goal.start, goal.end) >= target;
        let total_days = (goal.end - goal.start).num_days() + 1;
        for day in AS_OF {
            let Some(as_of) = goal.start.with_day(day).filter(|d| *d < goal.end) else {
                continue;
            };
            let actual = daily.between(user, goal.metric_id, goal.start, as_of);
            let history = daily.history(user, goal.metric_id, as_of);
            let remaining = days_after(as_of, goal.end);
            let seed = (goal.id as u64)
                .wrapping_mul(31)
                .wrapping_add(u64::from(day));
            match forecast::forecast(&history, actual, target, &remaining, seed) {
                Outlook::NotEnoughHistory => skipped += 1,
                Outlook::Forecast(f) => {
                    simulated.push(Scored {
                        probability: f.probability,
                        reached,
                    });
                    let projected =
                        i128::from(actual) * i128::from(total_days) / i128::from(day.max(1));
                    straight.push(Scored {
                        probability: Decimal::from(u8::from(projected >= i128::from(target))),
                        reached,
                    });
                }
            }
        }
    }
    let mut recommended = Vec::new();
    let mut naive = Vec::new();
    for goal in &past {
        let Some(user) = goal.user_id else { continue };
        let month_of = |n: u32| {
            let start = goal.start - Months::new(n);
            let end = start + Months::new(1) - Days::new(1);
            (
                start,
                amount(daily.between(user, goal.metric_id, start, end)),
            )
        };
        // History starts at the first month with anything in it.
        let mut months: Vec<(NaiveDate, Decimal)> = (1..=13).rev().map(month_of).collect();
        let started = months.iter().position(|(_, v)| !v.is_zero());
        months.drain(..started.unwrap_or(months.len()));
        let inputs = recommend::Inputs {
            months,
            peers_attainment: None,
            team_share: None,
        };
        if let Some(r) = recommend::recommend(&inputs, goal.start, 2) {
            let actual = amount(daily.between(user, goal.metric_id, goal.start, goal.end));
            recommended.push((r.target, actual));
            naive.push((month_of(1).1, actual));
        }
    }
    Ok(Report {
        recommendations: recommended.len(),
        recommendation_mape: recommend::median_ape(&recommended),
        last_month_mape: recommend::median_ape(&naive),
        goals: past.len(),
        not_enough_history: skipped,
        forecast: Score::of(&simulated),
        straight_line: Score::of(&straight),
    })
}

impl Report {
    /// The report as the command prints it.
    pub fn table(&self) -> String {
        let mut out = format!(
            "Backtest: {} past monthly goals, forecast as of days {:?}; {} forecasts skipped (not enough history)\n\n",
            self.goals, AS_OF, self.not_enough_history
        );
        let brier = |s: &Score| s.brier.map(|b| b.to_string()).unwrap_or_else(|| "-".into());
        out.push_str("| method | forecasts | Brier score |\n|---|---|---|\n");
        out.push_str(&format!(
            "| bootstrap forecast | {} | {} |\n| straight-line projection | {} | {} |\n\n",
            self.forecast.forecasts,
            brier(&self.forecast),
            self.straight_line.forecasts,
            brier(&self.straight_line)
        ));
        let mape = |m: Option<Decimal>| m.map_or_else(|| "-".into(), |m| format!("{m}%"));
        out.push_str(&format!(
            "Target recommendation against what was sold, {} months of people's goals: median absolute error {} (the same as last month: {})\n\n",
            self.recommendations,
            mape(self.recommendation_mape),
            mape(self.last_month_mape)
        ));
        out.push_str(
            "Calibration (predicted probability against how often the goal was reached):\n\n",
        );
        out.push_str("| predicted | forecasts | reached | straight-line forecasts | reached |\n|---|---|---|---|---|\n");
        for (f, s) in self.forecast.bins.iter().zip(&self.straight_line.bins) {
            let observed = |b: &Bin| match b.observed() {
                Some(o) => format!("{} ({}%)", b.reached, (o * Decimal::from(100)).round_dp(0)),
                None => "-".into(),
            };
            out.push_str(&format!(
                "| {}–{}% | {} | {} | {} | {} |\n",
                (f.from * Decimal::from(100)).normalize(),
                (f.to * Decimal::from(100)).normalize(),
                f.count,
                observed(f),
                s.count,
                observed(s)
            ));
        }
        out
    }
}
