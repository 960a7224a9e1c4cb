use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Eight weeks of weekdays at `weekday` each and nothing at weekends.
fn steady(weekday: i64) -> History {
    let first = day(2026, 9, 7); // a Monday
    let values: Vec<i64> = (0..56)
        .map(|i| if i % 7 < 5 { weekday } else { 0 })
        .collect();
    History::new(first, &values)
}

fn probability(outlook: &Outlook) -> Decimal {
    match outlook {
        Outlook::Forecast(f) => f.probability,
        Outlook::NotEnoughHistory => panic!("no forecast"),
    }
}

#[test]
fn a_goal_already_reached_is_certain() {
    let empty = History::default();
    let remaining = days_after(day(2026, 12, 10), day(2026, 12, 31));
    let outlook = forecast(&empty, 5_000, 5_000, &remaining, 7);
    assert_eq!(probability(&outlook), Decimal::ONE);
}

#[test]
fn too_little_history_gives_no_number() {
    let short = History::new(day(2026, 11, 23), &[100; 10]);
    let remaining = days_after(day(2026, 12, 10), day(2026, 12, 31));
    assert_eq!(
        forecast(&short, 0, 5_000, &remaining, 7),
        Outlook::NotEnoughHistory
    );
    let idle = History::new(day(2026, 10, 1), &[0; 56]);
    assert_eq!(
        forecast(&idle, 0, 5_000, &remaining, 7),
        Outlook::NotEnoughHistory
    );
}

#[test]
fn a_steady_history_forecasts_its_own_sum() {
    let history = steady(100);
    // 10–31 December 2026: 15 weekdays after the 10th.
    let remaining = days_after(day(2026, 12, 10), day(2026, 12, 31));
    assert_eq!(remaining.len(), 21);
    let Outlook::Forecast(f) = forecast(&history, 1_000, 2_500, &remaining, 1) else {
        panic!("no forecast");
    };
    assert_eq!((f.p10, f.p50, f.p90), (2_500, 2_500, 2_500));
    assert_eq!(f.probability, Decimal::ONE);
    assert_eq!(
        probability(&forecast(&history, 1_000, 2_501, &remaining, 1)),
        Decimal::ZERO
    );
}

#[test]
fn weekends_draw_from_weekends() {
    // Only Saturdays sell: three days left, none a Saturday.
    let values: Vec<i64> = (0..56).map(|i| if i % 7 == 5 { 900 } else { 0 }).collect();
    let history = History::new(day(2026, 9, 7), &values);
    let remaining = [Weekday::Mon, Weekday::Tue, Weekday::Wed];
    let Outlook::Forecast(f) = forecast(&history, 0, 1, &remaining, 3) else {
        panic!("no forecast");
    };
    assert_eq!(f.probability, Decimal::ZERO);
    assert_eq!(f.p90, 0);
}

#[test]
fn brier_and_calibration_count_what_happened() {
    let scored = [
        Scored {
            probability: dec!(0.9),
            reached: true,
        },
        Scored {
            probability: dec!(0.95),
            reached: false,
        },
        Scored {
            probability: dec!(0.05),
            reached: false,
        },
        Scored {
            probability: dec!(1),
            reached: true,
        },
    ];
    // (0.01 + 0.9025 + 0.0025 + 0) / 4
    assert_eq!(brier(&scored), Some(dec!(0.2288)));
    let bins = calibration(&scored);
    assert_eq!(bins.len(), 10);
    assert_eq!((bins[0].count, bins[0].reached), (1, 0));
    assert_eq!((bins[9].count, bins[9].reached), (3, 2));
    assert_eq!(bins[9].observed(), Some(dec!(0.667)));
    assert_eq!(bins[5].observed(), None);
    assert_eq!(brier(&[]), None);
}

/// The weekdays of the first `left` days of December 2026.
fn december(left: usize) -> Vec<Weekday> {
    days_after(day(2026, 11, 30), day(2026, 12, 31))
        .into_iter()
        .take(left)
        .collect()
}

fn history_strategy() -> impl Strategy<Value = History> {
    prop::collection::vec(0i64..5_000, 14..70)
        .prop_map(|values| History::new(day(2026, 8, 3), &values))
        .prop_filter("enough history", History::is_enough)
}

proptest! {
    #[test]
    fn the_same_seed_gives_the_same_numbers(
        history in history_strategy(),
        actual in 0i64..50_000,
        target in 1i64..200_000,
        left in 0usize..31,
        seed in any::<u64>(),
    ) {
        let remaining = december(left);
        prop_assert_eq!(
            forecast(&history, actual, target, &remaining, seed),
            forecast(&history, actual, target, &remaining, seed)
        );
    }

    #[test]
    fn the_probability_never_rises_with_the_target(
        history in history_strategy(),
        actual in 0i64..50_000,
        mut targets in prop::collection::vec(0i64..300_000, 2..8),
        left in 0usize..31,
        seed in any::<u64>(),
    ) {
        targets.sort_unstable();
        let remaining = december(left);
        let chances: Vec<Decimal> = targets
            .iter()
            .map(|t| probability(&forecast(&history, actual, *t, &remaining, seed)))
            .collect();
        prop_assert!(chances.windows(2).all(|w| w[0] >= w[1]), "{:?} for {:?}", chances, targets);
        prop_assert!(chances.iter().all(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE));
    }

    #[test]
    fn more_per_day_than_ever_is_hopeless(
        history in history_strategy(),
        actual in 0i64..50_000,
        left in 1usize..31,
        seed in any::<u64>(),
    ) {
        let remaining = december(left);
        // One more than the best day, every day left.
        let target = actual + (history.best_day() + 1) * left as i64;
        prop_assert_eq!(
            probability(&forecast(&history, actual, target, &remaining, seed)),
            Decimal::ZERO
        );
    }

    #[test]
    fn the_quantiles_are_ordered_and_reached_is_certain(
        history in history_strategy(),
        actual in 0i64..50_000,
        target in 0i64..50_000,
        left in 0usize..31,
        seed in any::<u64>(),
    ) {
        let remaining = december(left);
        let Outlook::Forecast(f) = forecast(&history, actual, target, &remaining, seed) else {
            unreachable!("enough history");
        };
        prop_assert!(actual <= f.p10 && f.p10 <= f.p50 && f.p50 <= f.p90);
        if actual >= target {
            prop_assert_eq!(f.probability, Decimal::ONE);
        }
    }
}
