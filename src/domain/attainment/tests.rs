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
