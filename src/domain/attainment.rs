//! The attainment engine: actual against target, pace, projection, rollups.
//!
//! Results are rounded half away from zero to [`SCALE`] (2) decimal places,
//! except needed-per-day (see [`needed_per_day`]). Currency rounding happens
//! at display time, not here.

use crate::domain::period::Period;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;

/// Decimal places of percentages, expected-to-date and projections.
pub const SCALE: u32 = 2;
/// Decimal places of needed-per-day: the largest ISO 4217 minor unit, so
/// rounding up to any currency afterwards gives the true ceiling.
pub const NEEDED_PER_DAY_SCALE: u32 = 4;
/// Actual at least 110 % of expected-to-date is ahead of pace.
pub const AHEAD_RATIO: Decimal = dec!(1.10);
/// Actual at least 95 % of expected-to-date is on track.
pub const ON_TRACK_RATIO: Decimal = dec!(0.95);
/// Actual at least 75 % of expected-to-date is behind; below that, critical.
pub const BEHIND_RATIO: Decimal = dec!(0.75);

fn round(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointAwayFromZero)
}

/// actual / target × 100, rounded half away from zero to 2 dp. `None` when
/// the target is zero or negative ("no target") or the ratio overflows.
pub fn attainment_percent(actual: Decimal, target: Decimal) -> Option<Decimal> {
    if target <= Decimal::ZERO {
        return None;
    }
    actual
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(target)
        .map(round)
}

/// Does `actual` reach `percent` % of `target`? Compared exactly, as
/// actual × 100 ≥ percent × target: a rule's "≥ 80 %" is never read from
/// the rounded attainment (79.9999 % shows as 80.00 % but does not reach
/// 80 %). Nothing is reached without a target (≤ 0).
pub fn reaches_percent(actual: Decimal, target: Decimal, percent: Decimal) -> bool {
    if target <= Decimal::ZERO {
        return false;
    }
    match (
        actual.checked_mul(Decimal::ONE_HUNDRED),
        percent.checked_mul(target),
    ) {
        (Some(reached), Some(needed)) => reached >= needed,
        // Past 28 digits: the quotients at Decimal's full precision.
        _ => actual
            .checked_div(target)
            .zip(percent.checked_div(Decimal::ONE_HUNDRED))
            .is_some_and(|(share, needed)| share >= needed),
    }
}

/// Has `actual` met `target` (100 %, exactly)? False without a target.
pub fn target_met(actual: Decimal, target: Decimal) -> bool {
    reaches_percent(actual, target, Decimal::ONE_HUNDRED)
}

/// The straight-line share of the target due by `today`:
/// target × elapsed_days / total_days (today counts as elapsed), 2 dp.
pub fn expected_to_date(target: Decimal, period: &Period, today: NaiveDate) -> Decimal {
    let elapsed = Decimal::from(period.elapsed_days(today));
    round(target * elapsed / Decimal::from(period.total_days()))
}

/// What is still missing: max(target − actual, 0).
pub fn remaining(target: Decimal, actual: Decimal) -> Decimal {
    (target - actual).max(Decimal::ZERO)
}

/// remaining / days_left (today included, see [`Period::days_left`]),
/// rounded UP to 4 dp so display rounding up to the currency unit
/// ([`round_up_to`]) never understates it. `Some(0)` once the target is met;
/// `None` when there is no target (≤ 0) or no day is left to make up a shortfall.
pub fn needed_per_day(
    target: Decimal,
    actual: Decimal,
    period: &Period,
    today: NaiveDate,
) -> Option<Decimal> {
    if target <= Decimal::ZERO {
        return None;
    }
    let missing = remaining(target, actual);
    if missing.is_zero() {
        return Some(Decimal::ZERO);
    }
    let days_left = period.days_left(today);
    if days_left == 0 {
        return None;
    }
    let per_day = missing / Decimal::from(days_left);
    Some(per_day.round_dp_with_strategy(NEEDED_PER_DAY_SCALE, RoundingStrategy::ToPositiveInfinity))
}

/// The run rate carried to the period's end: actual / elapsed_days ×
/// total_days, 2 dp; just `actual` before the period starts (nothing elapsed).
pub fn projection(actual: Decimal, period: &Period, today: NaiveDate) -> Decimal {
    match period.elapsed_days(today) {
        0 => actual,
        elapsed => round(actual * Decimal::from(period.total_days()) / Decimal::from(elapsed)),
    }
}

/// Rounds `amount` UP (toward +∞) to `minor_unit` decimal places, for
/// amounts a rep must reach: 2717.39 → 2718 at 0 dp ("$2,718/day needed").
pub fn round_up_to(amount: Decimal, minor_unit: u32) -> Decimal {
    amount.round_dp_with_strategy(minor_unit, RoundingStrategy::ToPositiveInfinity)
}

/// How actual compares with expected-to-date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    Ahead,
    OnTrack,
    Behind,
    Critical,
}

impl Pace {
    /// "ahead", "on_track", "behind" or "critical".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ahead => "ahead",
            Self::OnTrack => "on_track",
            Self::Behind => "behind",
            Self::Critical => "critical",
        }
    }

    /// "Ahead", "On track", "Behind" or "Critical".
    pub fn label(self) -> &'static str {
        match self {
            Self::Ahead => "Ahead",
            Self::OnTrack => "On track",
            Self::Behind => "Behind",
            Self::Critical => "Critical",
        }
    }
}

/// The pace of actual against expected (ratio actual / expected, lower bounds
/// inclusive): ≥ [`AHEAD_RATIO`] ahead, ≥ [`ON_TRACK_RATIO`] on track,
/// ≥ [`BEHIND_RATIO`] behind, else critical. With nothing expected yet
/// (expected ≤ 0): ahead if anything was achieved, otherwise on track.
pub fn pace(actual: Decimal, expected: Decimal) -> Pace {
    if expected <= Decimal::ZERO {
        return if actual > Decimal::ZERO {
            Pace::Ahead
        } else {
            Pace::OnTrack
        };
    }
    // Compare by multiplying, which is exact, rather than dividing.
    if actual >= expected * AHEAD_RATIO {
        Pace::Ahead
    } else if actual >= expected * ON_TRACK_RATIO {
        Pace::OnTrack
    } else if actual >= expected * BEHIND_RATIO {
        Pace::Behind
    } else {
        Pace::Critical
    }
}

/// The overall state of a goal, shown as its badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Completed,
    OnTrack,
    NeedsAttention,
    Critical,
}

impl Health {
    /// "completed", "on_track", "needs_attention" or "critical".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::OnTrack => "on_track",
            Self::NeedsAttention => "needs_attention",
            Self::Critical => "critical",
        }
    }

    /// "Completed", "On track", "Needs attention" or "Critical".
    pub fn label(self) -> &'static str {
        match self {
            Self::Completed => "Completed",
            Self::OnTrack => "On track",
            Self::NeedsAttention => "Needs attention",
            Self::Critical => "Critical",
        }
    }
}

/// Completed once the actual reaches the target exactly (99.995 % shows as
/// 100.00 % but is not complete); otherwise by pace: ahead or on track → on
/// track, behind → needs attention, critical → critical.
pub fn health(actual: Decimal, target: Decimal, pace: Pace) -> Health {
    if reaches_percent(actual, target, Decimal::ONE_HUNDRED) {
        return Health::Completed;
    }
    match pace {
        Pace::Ahead | Pace::OnTrack => Health::OnTrack,
        Pace::Behind => Health::NeedsAttention,
        Pace::Critical => Health::Critical,
    }
}

/// Mean of attainment percentages weighted by weight, 2 dp, over the items
/// that have an attainment and a weight > 0; `None` when none qualifies.
/// A person's overall attainment, or a parent goal's from its children.
pub fn weighted_attainment(items: &[(Option<Decimal>, Decimal)]) -> Option<Decimal> {
    let (weighted, weights) = items
        .iter()
        .filter_map(|&(percent, weight)| Some((percent?, weight)))
        .filter(|&(_, weight)| weight > Decimal::ZERO)
        .fold(
            (Decimal::ZERO, Decimal::ZERO),
            |(sum, total), (percent, weight)| (sum + percent * weight, total + weight),
        );
    (!weights.is_zero()).then(|| round(weighted / weights))
}

/// team target − sum of member targets: positive when the members' quotas
/// fall short of the team target, negative when they exceed it.
pub fn target_gap(
    team_target: Decimal,
    member_targets: impl IntoIterator<Item = Decimal>,
) -> Decimal {
    team_target - member_targets.into_iter().sum::<Decimal>()
}

/// Competition ranking, highest first ("1, 2, 2, 4"): a value's rank is one
/// more than the number of strictly higher values. `None` (no target) ranks
/// after every value, all `None`s sharing that one rank.
pub fn rank_with_ties(values: &[Option<Decimal>]) -> Vec<u32> {
    let mut descending: Vec<Decimal> = values.iter().flatten().copied().collect();
    descending.sort_unstable_by(|a, b| b.cmp(a));
    let rank = |higher: usize| u32::try_from(higher + 1).expect("fewer than 2^32 values");
    values
        .iter()
        .map(|value| match value {
            Some(v) => rank(descending.partition_point(|x| x > v)),
            None => rank(descending.len()),
        })
        .collect()
}

/// The Monday on or before `today`: weeks start on Monday.
pub fn week_start(today: NaiveDate) -> NaiveDate {
    today - Days::new(u64::from(today.weekday().num_days_from_monday()))
}

/// Everything a goal card shows, computed for one day.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GoalProgress {
    pub actual: Decimal,
    pub target: Decimal,
    pub attainment_percent: Option<Decimal>,
    pub expected_to_date: Decimal,
    pub remaining: Decimal,
    pub needed_per_day: Option<Decimal>,
    /// Days from today through the period's end, today included.
    pub days_left: i64,
    pub projection: Decimal,
    pub pace: Pace,
    pub health: Health,
    /// actual − actual at the start of this week (Monday, see [`week_start`]).
    pub change_this_week: Decimal,
    /// actual ≥ expected-to-date: at this run rate the target is reached.
    pub on_pace: bool,
}

/// A goal's progress on `today`. `actual_as_of_week_start` is the caller's
/// actual up to the end of the day before [`week_start`]`(today)`.
pub fn progress(
    target: Decimal,
    actual: Decimal,
    actual_as_of_week_start: Decimal,
    period: &Period,
    today: NaiveDate,
) -> GoalProgress {
    let attainment = attainment_percent(actual, target);
    let expected = expected_to_date(target, period, today);
    let pace = pace(actual, expected);
    GoalProgress {
        actual,
        target,
        attainment_percent: attainment,
        expected_to_date: expected,
        remaining: remaining(target, actual),
        needed_per_day: needed_per_day(target, actual, period, today),
        days_left: period.days_left(today),
        projection: projection(actual, period, today),
        pace,
        health: health(actual, target, pace),
        change_this_week: actual - actual_as_of_week_start,
        on_pace: actual >= expected,
    }
}

#[cfg(test)]
mod tests;
