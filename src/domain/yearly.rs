//! Yearly goals: spreading a yearly figure over the twelve months (equally
//! or by seasonal weights), what should be done by a day of the year, and
//! where the run rate ends the year.
//!
//! Rounding: each month gets its exact share rounded DOWN to the figure's
//! scale (0 places for counts, 2 for money); the units that leaves over go
//! one each to the months with the largest cut-off fraction (earlier month
//! first on a tie). So the twelve always sum to the yearly figure exactly,
//! and no month is more than one unit off its exact share.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::attainment;
use crate::domain::period::{Period, PeriodKind};

/// The yearly figure split over January..December. `weights` are any
/// positive numbers (a month's share is its weight over their sum); `None`,
/// or weights that do not sum to a positive number, split equally.
pub fn monthly_split(
    yearly: Decimal,
    weights: Option<&[Decimal; 12]>,
    scale: u32,
) -> [Decimal; 12] {
    let equal = [Decimal::ONE; 12];
    let weights = match weights {
        Some(w) if w.iter().all(|x| *x > Decimal::ZERO) => w,
        _ => &equal,
    };
    let total_weight: Decimal = weights.iter().sum();
    let unit = Decimal::new(1, scale);
    let mut shares = [Decimal::ZERO; 12];
    let mut cut_off = [Decimal::ZERO; 12];
    for month in 0..12 {
        let exact = yearly * weights[month] / total_weight;
        shares[month] = exact.round_dp_with_strategy(scale, RoundingStrategy::ToZero);
        cut_off[month] = exact - shares[month];
    }
    let mut left = yearly - shares.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..12).collect();
    // Stable sort: on equal fractions the earlier month comes first.
    order.sort_by(|a, b| cut_off[*b].cmp(&cut_off[*a]));
    for month in order.into_iter().cycle() {
        if left < unit {
            break;
        }
        shares[month] += unit;
        left -= unit;
    }
    // A yearly figure with more places than `scale` leaves a sliver; it
    // goes to December so the sum stays exact.
    shares[11] += left;
    shares
}

/// The calendar year as a period.
pub fn year_period(year: i32) -> Option<Period> {
    Some(Period {
        kind: PeriodKind::Year,
        start: NaiveDate::from_ymd_opt(year, 1, 1)?,
        end: NaiveDate::from_ymd_opt(year, 12, 31)?,
    })
}

/// Months not yet over on `today`, the current one included: 12 before the
/// year, 0 after it.
pub fn months_remaining(year: i32, today: NaiveDate) -> u32 {
    if today.year() < year {
        12
    } else if today.year() > year {
        0
    } else {
        13 - today.month()
    }
}

/// What should be done by the end of `today`: every finished month's target
/// plus the current month's target × the share of its days elapsed.
pub fn expected_by_now(monthly: &[Decimal; 12], year: i32, today: NaiveDate) -> Decimal {
    if today.year() < year {
        return Decimal::ZERO;
    }
    if today.year() > year {
        return monthly.iter().sum();
    }
    let month = today.month0() as usize;
    let done: Decimal = monthly[..month].iter().sum();
    done + attainment::expected_to_date(monthly[month], &Period::month_containing(today), today)
}

/// The yearly goal to suggest from the monthly targets already set this
/// year (`None` for a month without one): the months set count as they
/// are, each month without one as their average. `None` when no month has
/// a target. A yearly figure is twelve months' worth, never one month's.
pub fn suggested_yearly(monthly: &[Option<Decimal>; 12], scale: u32) -> Option<Decimal> {
    let set: Vec<Decimal> = monthly.iter().flatten().copied().collect();
    if set.is_empty() {
        return None;
    }
    let sum: Decimal = set.iter().sum();
    let average = sum / Decimal::from(set.len());
    let missing = Decimal::from(12 - set.len());
    Some((sum + average * missing).round_dp_with_strategy(scale, RoundingStrategy::ToZero))
}

/// Where a yearly goal stands on a day.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct YearlyProgress {
    pub target: Decimal,
    pub actual: Decimal,
    pub expected_by_now: Decimal,
    /// A yearly goal above zero is set: without one there is no pace.
    pub has_goal: bool,
    /// A goal is set and actual is at least expected-by-now.
    pub on_pace: bool,
    /// The run rate carried to 31 December, rounded to the figure's scale
    /// (whole signups, never 97.19 of them).
    pub projected_year_end: Decimal,
    pub months_remaining: u32,
    pub monthly_targets: [Decimal; 12],
}

/// Where `actual` stands against a yearly `target` split into
/// `monthly_targets` on `today`. `scale` is the figure's (0 for counts):
/// what is expected and projected are rounded to it, half away from zero.
pub fn progress(
    target: Decimal,
    monthly_targets: [Decimal; 12],
    actual: Decimal,
    year: i32,
    today: NaiveDate,
    scale: u32,
) -> YearlyProgress {
    let expected = expected_by_now(&monthly_targets, year, today);
    let projected = match year_period(year) {
        Some(period) if today < period.start => Decimal::ZERO,
        Some(period) => attainment::projection(actual, &period, today.min(period.end)),
        None => actual,
    };
    let has_goal = target > Decimal::ZERO;
    let rounded =
        |v: Decimal| v.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    YearlyProgress {
        target,
        actual,
        expected_by_now: rounded(expected),
        has_goal,
        on_pace: has_goal && actual >= expected,
        projected_year_end: rounded(projected),
        months_remaining: months_remaining(year, today),
        monthly_targets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_yearly_signup_goal_of_240_gives_a_monthly_target_of_20() {
        assert_eq!(monthly_split(dec!(240), None, 0), [dec!(20); 12]);
    }

    #[test]
    fn leftover_units_go_to_the_months_with_the_largest_cut_off_earlier_first() {
        // 100 / 12 = 8.33…: four months get 9.
        let split = monthly_split(dec!(100), None, 0);
        assert_eq!(&split[..4], &[dec!(9); 4]);
        assert_eq!(&split[4..], &[dec!(8); 8]);
        let money = monthly_split(dec!(1000.00), None, 2);
        assert_eq!(money[0], dec!(83.34));
        assert_eq!(money[11], dec!(83.33));
        assert_eq!(money.iter().sum::<Decimal>(), dec!(1000.00));
    }

    #[test]
    fn seasonal_weights_shift_the_targets() {
        let mut weights = [dec!(1); 12];
        weights[11] = dec!(2); // December counts double: 13 shares.
        let split = monthly_split(dec!(130), Some(&weights), 0);
        assert_eq!(split[0], dec!(10));
        assert_eq!(split[11], dec!(20));
    }

    #[test]
    fn weights_that_are_not_all_positive_mean_an_equal_split() {
        let mut weights = [dec!(1); 12];
        weights[3] = dec!(0);
        assert_eq!(monthly_split(dec!(240), Some(&weights), 0), [dec!(20); 12]);
    }

    #[test]
    fn expected_by_now_counts_finished_months_and_the_elapsed_share_of_this_one() {
        let monthly = [dec!(20); 12];
        assert_eq!(expected_by_now(&monthly, 2026, d(2025, 12, 31)), dec!(0));
        assert_eq!(expected_by_now(&monthly, 2026, d(2026, 3, 31)), dec!(60));
        // 15 of April's 30 days: 60 + 10.
        assert_eq!(expected_by_now(&monthly, 2026, d(2026, 4, 15)), dec!(70));
        assert_eq!(expected_by_now(&monthly, 2026, d(2027, 1, 1)), dec!(240));
    }

    #[test]
    fn on_pace_behind_and_the_projection_follow_the_run_rate() {
        let monthly = monthly_split(dec!(240), None, 0);
        // 30 June 2026: day 181 of 365; expected 120.
        let ahead = progress(dec!(240), monthly, dec!(181), 2026, d(2026, 6, 30), 0);
        assert!(ahead.on_pace);
        assert_eq!(ahead.expected_by_now, dec!(120));
        assert_eq!(ahead.projected_year_end, dec!(365));
        assert_eq!(ahead.months_remaining, 7);
        let behind = progress(dec!(240), monthly, dec!(100), 2026, d(2026, 6, 30), 0);
        assert!(!behind.on_pace);
        assert_eq!(months_remaining(2026, d(2026, 12, 1)), 1);
        assert_eq!(months_remaining(2026, d(2027, 1, 1)), 0);
    }

    #[test]
    fn without_a_goal_nothing_is_on_pace() {
        let none = progress(dec!(0), [dec!(0); 12], dec!(80), 2026, d(2026, 12, 4), 0);
        assert!(!none.has_goal);
        assert!(!none.on_pace, "no goal is never 'on pace'");
    }

    #[test]
    fn counts_project_whole_numbers_and_money_its_cents() {
        // 88 signups by 4 December (day 338 of 365): 95.03… at that rate.
        let signups = progress(dec!(0), [dec!(0); 12], dec!(88), 2026, d(2026, 12, 4), 0);
        assert_eq!(signups.projected_year_end, dec!(95));
        assert_eq!(signups.projected_year_end.scale(), 0);
        let monthly = monthly_split(dec!(100), None, 0);
        let half = progress(dec!(100), monthly, dec!(3), 2026, d(2026, 1, 15), 0);
        assert_eq!(half.expected_by_now.scale(), 0);
        let money = progress(
            dec!(0),
            [dec!(0); 12],
            dec!(1000.00),
            2026,
            d(2026, 2, 1),
            2,
        );
        assert!(money.projected_year_end.scale() <= 2);
    }

    #[test]
    fn the_suggested_yearly_goal_is_twelve_months_of_the_monthly_targets() {
        let mut monthly = [None; 12];
        assert_eq!(suggested_yearly(&monthly, 0), None);
        // ₩3,000,000 a month, four months set: a year is ₩36,000,000.
        for month in monthly.iter_mut().skip(8) {
            *month = Some(dec!(3_000_000));
        }
        assert_eq!(suggested_yearly(&monthly, 0), Some(dec!(36_000_000)));
        // The months set count as they are; the others at their average.
        monthly[0] = Some(dec!(1_000_000));
        // 4 × ₩3,000,000 + ₩1,000,000 = ₩13,000,000 over five months; seven more at ₩2,600,000.
        assert_eq!(suggested_yearly(&monthly, 0), Some(dec!(31_200_000)));
        assert_eq!(suggested_yearly(&[Some(dec!(20)); 12], 0), Some(dec!(240)));
    }

    proptest! {
        #[test]
        fn the_twelve_months_always_sum_to_the_yearly_goal(
            cents in 0i64..100_000_000_000,
            scale in 0u32..=2,
            weights in proptest::array::uniform12(1i64..100_000),
            weighted in any::<bool>(),
        ) {
            let yearly = Decimal::new(cents, 2).round_dp(scale);
            let weights = weights.map(|w| Decimal::new(w, 4));
            let split = monthly_split(yearly, weighted.then_some(&weights), scale);
            prop_assert_eq!(split.iter().sum::<Decimal>(), yearly);
            let total: Decimal = if weighted { weights.iter().sum() } else { Decimal::from(12) };
            for (month, share) in split.iter().enumerate() {
                let w = if weighted { weights[month] } else { Decimal::ONE };
                let exact = yearly * w / total;
                prop_assert!((*share - exact).abs() < Decimal::new(1, scale));
                prop_assert!(*share >= Decimal::ZERO);
            }
        }
    }
}
