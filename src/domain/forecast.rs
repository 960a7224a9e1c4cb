//! Forecasts: how likely a goal is to reach its target by its period's end,
//! and where it may end (P10 / P50 / P90).
//!
//! The days still to come are simulated by resampling the owner's own
//! history (a bootstrap): each remaining day draws one past day of the same
//! weekday from the history window, and a run's end value is the actual so
//! far plus its draws. The probability is the share of runs that end at or
//! above the target. Amounts are whole numbers of the metric's smallest unit
//! (cents, won, deals), so sums are exact and cheap; the caller scales them.
//!
//! - A goal already reached has probability 1, whatever the history.
//! - With too little history (fewer than `MIN_DAYS` days in the window, or
//!   fewer than `MIN_ACTIVE_DAYS` days with anything on them) there is no
//!   number: "not enough history".
//! - The same seed gives the same runs, so the same numbers; for one seed the
//!   probability never rises as the target does.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The weeks of history a forecast resamples.
pub const HISTORY_WEEKS: i64 = 8;
/// Days the window must cover (two of each weekday).
pub const MIN_DAYS: usize = 14;
/// Days in the window with anything on them.
pub const MIN_ACTIVE_DAYS: usize = 3;
/// Runs per forecast.
pub const RUNS: usize = 1000;

/// A daily history, by weekday: `days[weekday]` holds every day of that
/// weekday in the window, in smallest units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    days: [Vec<i64>; 7],
    active: usize,
}

impl History {
    /// The history of the consecutive days from `first`: `values[i]` is the
    /// day `first + i`.
    pub fn new(first: NaiveDate, values: &[i64]) -> History {
        let mut history = History::default();
        for (day, value) in first.iter_days().zip(values) {
            history.push(day.weekday(), *value);
        }
        history
    }

    /// Adds one day of `weekday`.
    pub fn push(&mut self, weekday: Weekday, value: i64) {
        self.days[weekday.num_days_from_monday() as usize].push(value);
        if value != 0 {
            self.active += 1;
        }
    }

    /// Days in the window.
    pub fn len(&self) -> usize {
        self.days.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Enough to resample: `MIN_DAYS` days, `MIN_ACTIVE_DAYS` of them active.
    pub fn is_enough(&self) -> bool {
        self.len() >= MIN_DAYS
            && self.active >= MIN_ACTIVE_DAYS
            && self.days.iter().all(|d| !d.is_empty())
    }

    /// The best single day.
    pub fn best_day(&self) -> i64 {
        self.days.iter().flatten().copied().max().unwrap_or(0)
    }

    fn of(&self, weekday: Weekday) -> &[i64] {
        &self.days[weekday.num_days_from_monday() as usize]
    }
}

/// Where a goal may end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// The share of runs reaching the target, 0 to 1, 3 decimals.
    pub probability: Decimal,
    /// End values (smallest units) that 10%, 50% and 90% of runs stay at or
    /// below.
    pub p10: i64,
    pub p50: i64,
    pub p90: i64,
}

/// A forecast, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outlook {
    Forecast(Forecast),
    NotEnoughHistory,
}

/// The end values of `runs` simulations: `actual` plus one draw per day in
/// `remaining` from the same weekday of `history`, sorted ascending. `None`
/// with too little history.
pub fn simulate(
    history: &History,
    actual: i64,
    remaining: &[Weekday],
    seed: u64,
    runs: usize,
) -> Option<Vec<i64>> {
    if !history.is_enough() {
        return None;
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let pools: Vec<&[i64]> = remaining.iter().map(|w| history.of(*w)).collect();
    let mut ends: Vec<i64> = (0..runs.max(1))
        .map(|_| {
            pools.iter().fold(actual, |sum, pool| {
                sum.saturating_add(pool[rng.random_range(0..pool.len())])
            })
        })
        .collect();
    ends.sort_unstable();
    Some(ends)
}

/// The forecast from sorted simulated `ends` against `target`, with
/// `actual` already counted: reached means probability 1.
pub fn summarise(ends: &[i64], actual: i64, target: i64) -> Forecast {
    let reaching = ends.len() - ends.partition_point(|end| *end < target);
    let probability = if actual >= target || ends.is_empty() {
        Decimal::from(u8::from(actual >= target))
    } else {
        (Decimal::from(reaching) / Decimal::from(ends.len())).round_dp(3)
    };
    Forecast {
        probability,
        p10: quantile(ends, 10, actual),
        p50: quantile(ends, 50, actual),
        p90: quantile(ends, 90, actual),
    }
}

/// The forecast of a goal at `actual` against `target` with `remaining`
/// days to come.
pub fn forecast(
    history: &History,
    actual: i64,
    target: i64,
    remaining: &[Weekday],
    seed: u64,
) -> Outlook {
    if actual >= target {
        return Outlook::Forecast(Forecast {
            probability: Decimal::ONE,
            p10: actual,
            p50: actual,
            p90: actual,
        });
    }
    match simulate(history, actual, remaining, seed, RUNS) {
        Some(ends) => Outlook::Forecast(summarise(&ends, actual, target)),
        None => Outlook::NotEnoughHistory,
    }
}

/// The nearest-rank `percent` quantile of sorted `ends` (`fallback` when
/// there are none).
fn quantile(ends: &[i64], percent: usize, fallback: i64) -> i64 {
    if ends.is_empty() {
        return fallback;
    }
    let rank = (percent * ends.len()).div_ceil(100).max(1);
    ends[rank - 1]
}

/// The weekdays of the days after `today` through `end`.
pub fn days_after(today: NaiveDate, end: NaiveDate) -> Vec<Weekday> {
    today
        .succ_opt()
        .map(|first| {
            first
                .iter_days()
                .take_while(|d| *d <= end)
                .map(|d| d.weekday())
                .collect()
        })
        .unwrap_or_default()
}

/// One forecast against what happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scored {
    pub probability: Decimal,
    pub reached: bool,
}

/// The Brier score: the mean squared difference between probability and
/// outcome (0 is perfect; always saying 50% scores 0.25). `None` for none.
pub fn brier(scored: &[Scored]) -> Option<Decimal> {
    if scored.is_empty() {
        return None;
    }
    let total: Decimal = scored
        .iter()
        .map(|s| {
            let miss = s.probability - Decimal::from(u8::from(s.reached));
            miss * miss
        })
        .sum();
    Some((total / Decimal::from(scored.len())).round_dp(4))
}

/// One row of a calibration table: forecasts from `from` up to `to` (the
/// last bin includes 1), how many, and how often they came true.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bin {
    pub from: Decimal,
    pub to: Decimal,
    pub count: usize,
    pub reached: usize,
}

impl Bin {
    /// How often the bin's forecasts came true, 0 to 1; `None` when empty.
    pub fn observed(&self) -> Option<Decimal> {
        (self.count > 0)
            .then(|| (Decimal::from(self.reached) / Decimal::from(self.count)).round_dp(3))
    }
}

/// Ten bins of 10 points each.
pub fn calibration(scored: &[Scored]) -> Vec<Bin> {
    let tenth = Decimal::new(1, 1);
    let mut bins: Vec<Bin> = (0..10)
        .map(|i| Bin {
            from: tenth * Decimal::from(i),
            to: tenth * Decimal::from(i + 1),
            count: 0,
            reached: 0,
        })
        .collect();
    for s in scored {
        let index = (s.probability / tenth)
            .floor()
            .to_usize()
            .unwrap_or(0)
            .min(9);
        bins[index].count += 1;
        bins[index].reached += usize::from(s.reached);
    }
    bins
}

#[cfg(test)]
mod tests;
