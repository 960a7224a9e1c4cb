use super::*;
use proptest::prelude::*;
use rust_decimal_macros::dec;

fn rate_at(schedule: &Schedule, value: Decimal) -> Option<Decimal> {
    schedule.tier_for(value).map(|t| t.rate)
}

#[test]
fn attainment_tiers_start_at_their_threshold() {
    let s = standard_attainment();
    assert_eq!(rate_at(&s, dec!(79.99)), None);
    assert_eq!(rate_at(&s, dec!(80)), Some(dec!(0.5)));
    assert_eq!(rate_at(&s, dec!(99.99)), Some(dec!(0.5)));
    assert_eq!(rate_at(&s, dec!(100)), Some(dec!(1)));
    assert_eq!(rate_at(&s, dec!(119.99)), Some(dec!(1)));
    assert_eq!(rate_at(&s, dec!(120)), Some(dec!(2)));
    assert_eq!(rate_at(&s, dec!(149.99)), Some(dec!(2)));
    assert_eq!(rate_at(&s, dec!(150)), Some(dec!(3)));
    assert_eq!(rate_at(&s, dec!(400)), Some(dec!(3)));
}

#[test]
fn the_signup_ladder_counts_signups() {
    let s = signup_ladder();
    let tier = |n: Decimal| s.tier_for(n).map(|t| t.position);
    assert_eq!(tier(dec!(14)), None);
    assert_eq!(tier(dec!(15)), Some(1));
    assert_eq!(tier(dec!(19)), Some(1));
    assert_eq!(tier(dec!(20)), Some(2));
    assert_eq!(tier(dec!(39)), Some(4));
    assert_eq!(tier(dec!(40)), Some(5));
    assert_eq!(tier(dec!(49)), Some(5));
    assert_eq!(tier(dec!(50)), Some(6));
    assert_eq!(tier(dec!(90)), Some(6));
}

#[test]
fn tiers_are_reached_on_the_exact_attainment_not_the_rounded_one() {
    // 7,999.99 of 10,000 shows as 80.00 % yet reaches no tier; 14,999.99
    // shows as 150.00 % yet stays at 2.0× (a 1,000 base is paid 2,000).
    let s = standard_attainment();
    assert_eq!(s.measure(dec!(7999.99), dec!(10000)), Some(dec!(80.00)));
    assert_eq!(s.tier_reached(dec!(7999.99), dec!(10000)), None);
    assert_eq!(
        s.tier_reached(dec!(8000), dec!(10000)).map(|t| t.position),
        Some(1)
    );
    let near_top = s.standing(dec!(14999.99), dec!(10000), Some(dec!(1000)), 2);
    assert_eq!(near_top.current.map(|t| t.rate), Some(dec!(2)));
    assert_eq!(near_top.amount, Some(dec!(2000)));
    assert_eq!(near_top.next.map(|t| t.threshold), Some(dec!(150)));
    assert_eq!(s.measure(dec!(5), dec!(0)), None);
    assert_eq!(s.tier_reached(dec!(5), dec!(0)), None);
}

#[test]
fn the_standing_names_the_bonus_so_far_and_the_next_step() {
    let s = standard_attainment();
    let at = s.standing(dec!(1250), dec!(1000), Some(dec!(600000)), 0);
    assert_eq!(at.current.map(|t| t.rate), Some(dec!(2)));
    assert_eq!(at.amount, Some(dec!(1200000)));
    assert_eq!(at.next.map(|t| t.threshold), Some(dec!(150)));
    assert_eq!(at.next_amount, Some(dec!(1800000)));
    let below = s.standing(dec!(100), dec!(1000), Some(dec!(500)), 2);
    assert_eq!((below.current, below.amount), (None, Some(dec!(0))));
    assert_eq!(below.next.map(|t| t.position), Some(1));
    let top = s.standing(dec!(2000), dec!(1000), None, 2);
    assert_eq!((top.next, top.amount), (None, None));
}

#[test]
fn bonuses_round_half_away_from_zero_to_the_minor_unit() {
    assert_eq!(bonus_amount(dec!(0.05), dec!(0.5), 2), dec!(0.03));
    assert_eq!(bonus_amount(dec!(0.13), dec!(0.5), 2), dec!(0.07));
    assert_eq!(bonus_amount(dec!(1001), dec!(0.5), 0), dec!(501));
}

#[test]
fn tiers_must_ascend_with_rates_of_zero_or_more() {
    assert!(check_tiers(&[(dec!(0), dec!(0)), (dec!(1), dec!(0))]).is_ok());
    assert_eq!(
        check_tiers(&[(dec!(100), dec!(1)), (dec!(100), dec!(2))]),
        Err(vec![(1, TierError::NotAscending)])
    );
    assert_eq!(
        check_tiers(&[(dec!(100), dec!(1)), (dec!(90), dec!(-1))]),
        Err(vec![
            (1, TierError::NotAscending),
            (1, TierError::NegativeRate)
        ])
    );
    assert_eq!(
        check_tiers(&[(dec!(-1), dec!(1))]),
        Err(vec![(0, TierError::NegativeThreshold)])
    );
}

#[test]
fn a_bonus_triggers_when_the_tier_reached_meets_the_goal() {
    assert!(bonus_triggered(3, Some(3)));
    assert!(bonus_triggered(3, Some(6)));
    assert!(!bonus_triggered(3, Some(2)));
    assert!(!bonus_triggered(3, None));
    assert!(!bonus_triggered(0, Some(6)));
}

#[test]
fn rates_are_labelled_with_a_decimal() {
    assert_eq!(rate_label(dec!(2)), "2.0×");
    assert_eq!(rate_label(dec!(0.5000)), "0.5×");
    assert_eq!(rate_label(dec!(1.25)), "1.25×");
}

fn ladder() -> impl Strategy<Value = Schedule> {
    proptest::collection::vec((1u32..5_000, 0u32..500), 1..8).prop_map(|steps| {
        let mut threshold = Decimal::ZERO;
        let mut rate = Decimal::ZERO;
        let pairs: Vec<(Decimal, Decimal)> = steps
            .into_iter()
            .map(|(gap, more)| {
                threshold += Decimal::new(i64::from(gap), 2);
                rate += Decimal::new(i64::from(more), 2);
                (threshold, rate)
            })
            .collect();
        Schedule {
            basis: Basis::MetricValue,
            tiers: check_tiers(&pairs).unwrap(),
        }
    })
}

proptest! {
    #[test]
    fn a_higher_value_never_reaches_a_lower_tier(
        schedule in ladder(), a in 0i64..100_000, b in 0i64..100_000,
    ) {
        let (low, high) = (Decimal::new(a.min(b), 2), Decimal::new(a.max(b), 2));
        let tier = |v| schedule.tier_for(v).map_or(0, |t| t.position);
        prop_assert!(tier(low) <= tier(high));
    }

    #[test]
    fn with_rising_rates_the_bonus_never_falls_as_attainment_rises(
        a in 0i64..100_000, b in 0i64..100_000, base in 0i64..10_000_000,
    ) {
        let schedule = standard_attainment();
        let base = Decimal::new(base, 0);
        let target = dec!(1000);
        let (low, high) = (Decimal::new(a.min(b), 2), Decimal::new(a.max(b), 2));
        let pay = |actual| schedule.standing(actual, target, Some(base), 2).amount.unwrap();
        prop_assert!(pay(low) <= pay(high));
    }

    #[test]
    fn the_tier_reached_is_at_or_below_the_value_and_the_next_above_it(
        schedule in ladder(), v in 0i64..100_000,
    ) {
        let value = Decimal::new(v, 2);
        let standing = schedule.standing(value, dec!(1), None, 2);
        if let Some(t) = standing.current {
            prop_assert!(t.threshold <= value);
        }
        if let Some(n) = standing.next {
            prop_assert!(n.threshold > value);
        }
    }

    /// For a random target and every tier of a random attainment ladder:
    /// the least amount (in minor units) covering threshold × target
    /// reaches the tier, and one minor unit less stays on a lower one.
    #[test]
    fn each_tier_starts_exactly_at_threshold_times_target(
        schedule in ladder(),
        minor_unit in prop::sample::select(vec![0u32, 2]),
        units in 1i64..10_000_000_000,
    ) {
        let schedule = Schedule { basis: Basis::Attainment, ..schedule };
        let target = Decimal::new(units, minor_unit);
        let unit = Decimal::new(1, minor_unit);
        for tier in &schedule.tiers {
            let needed = (tier.threshold * target / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(minor_unit, RoundingStrategy::ToPositiveInfinity);
            let at = schedule.tier_reached(needed, target).map_or(0, |t| t.position);
            let below = schedule.tier_reached(needed - unit, target).map_or(0, |t| t.position);
            prop_assert!(at >= tier.position, "{needed} of {target} reaches tier {at}");
            prop_assert!(below < tier.position, "{} of {target} reaches tier {below}", needed - unit);
        }
    }

    /// The standard schedule's thresholds are whole percents, so on a
    /// target in whole currency units threshold × target / 100 is an
    /// amount itself: exactly it reaches the tier (and pays its rate),
    /// one minor unit below pays the tier under it.
    #[test]
    fn the_standard_tiers_pay_from_exactly_threshold_times_target(
        whole in 1i64..1_000_000_000, base in 0i64..10_000_000,
    ) {
        let schedule = standard_attainment();
        let target = Decimal::new(whole, 0);
        let base = Decimal::new(base, 0);
        let mut lower_rate = Decimal::ZERO;
        for tier in &schedule.tiers {
            let exact = tier.threshold * target / Decimal::ONE_HUNDRED;
            prop_assert_eq!(exact * Decimal::ONE_HUNDRED, tier.threshold * target);
            let at = schedule.standing(exact, target, Some(base), 2);
            let below = schedule.standing(exact - dec!(0.01), target, Some(base), 2);
            prop_assert_eq!(at.current, Some(*tier));
            prop_assert_eq!(at.amount, Some(bonus_amount(base, tier.rate, 2)));
            prop_assert_eq!(below.current.map_or(Decimal::ZERO, |t| t.rate), lower_rate);
            prop_assert_eq!(below.next, Some(*tier));
            lower_rate = tier.rate;
        }
    }
}
