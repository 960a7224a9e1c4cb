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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_issue_example_needs_2718_a_day_for_the_last_23_days() {
        let november = Period::month_containing(d(2026, 11, 1));
        let today = d(2026, 11, 8);
        let p = progress(dec!(250000), dec!(187500), dec!(150000), &november, today);
        assert_eq!(p.attainment_percent, Some(dec!(75.00)));
        assert_eq!(p.remaining, dec!(62500));
        assert_eq!(p.days_left, 23);
        assert_eq!(p.needed_per_day, Some(dec!(2717.3914)));
        assert_eq!(round_up_to(p.needed_per_day.unwrap(), 0), dec!(2718));
        assert_eq!(p.expected_to_date, dec!(66666.67));
        assert_eq!(
            (p.pace, p.health, p.on_pace),
            (Pace::Ahead, Health::OnTrack, true)
        );
        assert_eq!(p.projection, dec!(703125));
        assert_eq!(p.change_this_week, dec!(37500));
    }

    #[test]
    fn amounts_round_up_to_the_currency_unit() {
        assert_eq!(round_up_to(dec!(2717.39), 0), dec!(2718));
        assert_eq!(round_up_to(dec!(2717.3913), 2), dec!(2717.40));
        assert_eq!(round_up_to(dec!(2717.00), 0), dec!(2717));
    }

    #[test]
    fn a_zero_target_means_no_target_rather_than_a_division_error() {
        let june = Period::month_containing(d(2026, 6, 1));
        let p = progress(dec!(0), dec!(500), dec!(0), &june, d(2026, 6, 10));
        assert_eq!(p.attainment_percent, None);
        assert_eq!(p.needed_per_day, None);
        assert_eq!((p.remaining, p.expected_to_date), (dec!(0), dec!(0)));
        assert_eq!((p.pace, p.health), (Pace::Ahead, Health::OnTrack));
    }

    #[test]
    fn actual_above_target_completes_with_nothing_left_to_do() {
        let june = Period::month_containing(d(2026, 6, 1));
        let p = progress(dec!(1000), dec!(1200), dec!(900), &june, d(2026, 6, 30));
        assert_eq!(p.attainment_percent, Some(dec!(120.00)));
        assert_eq!((p.remaining, p.needed_per_day), (dec!(0), Some(dec!(0))));
        assert_eq!(p.health, Health::Completed);
        // After the end a shortfall can no longer be made up.
        assert_eq!(
            needed_per_day(dec!(1000), dec!(800), &june, d(2026, 7, 1)),
            None
        );
    }

    #[test]
    fn expected_and_projection_follow_the_days_elapsed() {
        let june = Period::month_containing(d(2026, 6, 1));
        // (today, expected of a 3,000 target, projection of 600 actual)
        let cases = [
            (d(2026, 5, 31), dec!(0), dec!(600)),
            (d(2026, 6, 1), dec!(100), dec!(18000)),
            (d(2026, 6, 15), dec!(1500), dec!(1200)),
            (d(2026, 6, 30), dec!(3000), dec!(600)),
            (d(2026, 7, 3), dec!(3000), dec!(600)),
        ];
        for (today, expected, projected) in cases {
            assert_eq!(
                expected_to_date(dec!(3000), &june, today),
                expected,
                "{today}"
            );
            assert_eq!(projection(dec!(600), &june, today), projected, "{today}");
        }
    }

    #[test]
    fn pace_thresholds_are_lower_bounds() {
        let cases = [
            (dec!(7499), Pace::Critical),
            (dec!(7500), Pace::Behind),
            (dec!(9499), Pace::Behind),
            (dec!(9500), Pace::OnTrack),
            (dec!(10999), Pace::OnTrack),
            (dec!(11000), Pace::Ahead),
        ];
        for (actual, expected_pace) in cases {
            assert_eq!(pace(actual, dec!(10000)), expected_pace, "actual {actual}");
        }
        assert_eq!(pace(dec!(0), dec!(0)), Pace::OnTrack);
        assert_eq!(pace(dec!(1), dec!(0)), Pace::Ahead);
    }

    #[test]
    fn health_follows_completion_then_pace() {
        let cases = [
            (dec!(1000), dec!(1000), Pace::Critical, Health::Completed),
            (dec!(1200), dec!(1000), Pace::Behind, Health::Completed),
            // 99.9995 % rounds to 100.00 % but is one unit short.
            (dec!(19999.99), dec!(20000), Pace::Ahead, Health::OnTrack),
            (dec!(500), dec!(1000), Pace::OnTrack, Health::OnTrack),
            (dec!(500), dec!(1000), Pace::Behind, Health::NeedsAttention),
            (dec!(5), dec!(0), Pace::Critical, Health::Critical),
        ];
        for (actual, target, pace, expected) in cases {
            assert_eq!(
                health(actual, target, pace),
                expected,
                "{actual} of {target} {pace:?}"
            );
        }
    }

    #[test]
    fn weighted_attainment_skips_missing_and_weightless_goals() {
        let items = [
            (Some(dec!(120)), dec!(2)),
            (Some(dec!(60)), dec!(1)),
            (None, dec!(5)),
            (Some(dec!(0)), dec!(0)),
        ];
        assert_eq!(weighted_attainment(&items), Some(dec!(100.00)));
        assert_eq!(weighted_attainment(&[(None, dec!(1))]), None);
        assert_eq!(weighted_attainment(&[]), None);
    }

    #[test]
    fn target_gap_is_positive_when_members_fall_short() {
        assert_eq!(target_gap(dec!(100), [dec!(30), dec!(50)]), dec!(20));
        assert_eq!(target_gap(dec!(100), [dec!(60), dec!(50)]), dec!(-10));
    }

    #[test]
    fn ties_share_a_rank_and_no_target_comes_last() {
        let mut values = [100, 90, 90, 80].map(|v| Some(Decimal::from(v))).to_vec();
        values.push(None);
        assert_eq!(rank_with_ties(&values), vec![1, 2, 2, 4, 5]);
        assert_eq!(rank_with_ties(&[None, Some(dec!(5)), None]), vec![2, 1, 2]);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d(2026, 11, 8)), d(2026, 11, 2)); // Sunday
        assert_eq!(week_start(d(2026, 11, 2)), d(2026, 11, 2)); // Monday
        assert_eq!(week_start(d(2027, 1, 1)), d(2026, 12, 28)); // Friday
    }

    #[test]
    fn thresholds_compare_exactly_not_by_the_rounded_percent() {
        // 7,999.99 of 10,000 shows as 80.00 % but does not reach 80 %.
        assert_eq!(
            attainment_percent(dec!(7999.99), dec!(10000)),
            Some(dec!(80.00))
        );
        assert!(!reaches_percent(dec!(7999.99), dec!(10000), dec!(80)));
        assert!(reaches_percent(dec!(8000), dec!(10000.00), dec!(80)));
        assert!(!target_met(dec!(49999.99), dec!(50000)));
        assert!(target_met(dec!(50000.00), dec!(50000)));
        assert!(!target_met(dec!(5), dec!(0)));
        assert!(!reaches_percent(dec!(0), dec!(0), dec!(0)));
        // Products past Decimal's 28 digits still compare.
        assert!(reaches_percent(Decimal::MAX, dec!(1), dec!(150)));
        assert!(!reaches_percent(dec!(1), Decimal::MAX, dec!(150)));
    }

    /// A target of `units` minor units of a currency with `minor_unit` places.
    fn target_in(minor_unit: u32) -> impl Strategy<Value = Decimal> {
        (1i64..10_000_000_000_000).prop_map(move |units| Decimal::new(units, minor_unit))
    }

    fn amount() -> impl Strategy<Value = Decimal> {
        (0i64..1_000_000_000_000).prop_map(|cents| Decimal::new(cents, 2))
    }

    proptest! {
        #[test]
        fn attainment_never_falls_as_actual_grows(a in amount(), b in amount(), target in amount()) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(attainment_percent(low, target) <= attainment_percent(high, target));
        }

        #[test]
        fn the_weighted_mean_lies_between_the_extremes(
            items in prop::collection::vec((prop::option::of(0i64..50_000), 0i64..1_000), 0..8),
        ) {
            let items: Vec<_> = items
                .into_iter()
                .map(|(percent, weight)| (percent.map(|p| Decimal::new(p, 2)), Decimal::new(weight, 2)))
                .collect();
            let qualifying = items.iter().filter(|(_, w)| *w > Decimal::ZERO).filter_map(|(p, _)| *p);
            let (min, max) = (qualifying.clone().min(), qualifying.max());
            match weighted_attainment(&items) {
                Some(mean) => prop_assert!(min.unwrap() <= mean && mean <= max.unwrap()),
                None => prop_assert!(min.is_none()),
            }
        }

        #[test]
        fn a_target_is_met_at_itself_and_not_one_minor_unit_below(
            minor_unit in prop::sample::select(vec![0u32, 2, 3]),
            units in 1i64..10_000_000_000_000,
        ) {
            let target = Decimal::new(units, minor_unit);
            let unit = Decimal::new(1, minor_unit);
            prop_assert!(target_met(target, target));
            prop_assert!(!target_met(target - unit, target));
        }

        #[test]
        fn a_percent_is_reached_at_the_smallest_amount_that_covers_it(
            target in target_in(2), percent in 1i64..100_000,
        ) {
            // percent with 2 places; the least actual in cents reaching it.
            let percent = Decimal::new(percent, 2);
            let unit = Decimal::new(1, 2);
            let needed = (percent * target / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
            prop_assert!(reaches_percent(needed, target, percent));
            prop_assert!(!reaches_percent(needed - unit, target, percent));
        }

        #[test]
        fn remaining_plus_what_counts_is_the_target(target in amount(), actual in amount()) {
            prop_assert_eq!(remaining(target, actual) + actual.min(target), target);
        }
    }
}
