use super::*;
use proptest::prelude::*;

fn inputs(minimum: Decimal, multiplier: Decimal) -> BaseInputs {
    BaseInputs {
        basis: Basis::MonthlySales,
        partner_type: "Agency".into(),
        minimum,
        tier: Some("Gold".into()),
        multiplier,
    }
}

fn factors(personal: Decimal, market: Decimal, seasonal: Decimal, team: Decimal) -> Factors {
    Factors {
        personal: Factor::new(personal, Source::Set, ""),
        market: Factor::new(market, Source::Set, ""),
        seasonal: Factor::new(seasonal, Source::Set, ""),
        team: Factor::new(team, Source::Computed, ""),
    }
}

#[test]
fn the_spec_example_personal_1_2_peak_market_1_5_off_season_0_8() {
    let b = compute(
        inputs(dec!(10_000_000), dec!(1.5)),
        factors(dec!(1.2), dec!(1.5), dec!(0.8), dec!(1.0)),
        2,
    )
    .unwrap();
    assert_eq!(b.base, dec!(15_000_000));
    assert_eq!(b.exact, dec!(21_600_000));
    assert_eq!(b.final_target, dec!(21_600_000));
}

#[test]
fn formula_table() {
    // (minimum, multiplier, personal, market, seasonal, team, scale, base, final)
    let cases = [
        (
            dec!(10000000),
            dec!(1.5),
            dec!(1),
            dec!(1),
            dec!(1),
            dec!(1),
            0,
            dec!(15000000),
            dec!(15000000),
        ),
        (
            dec!(10000000),
            dec!(1.5),
            dec!(1.2),
            dec!(1.5),
            dec!(0.8),
            dec!(1),
            0,
            dec!(15000000),
            dec!(21600000),
        ),
        (
            dec!(3000000),
            dec!(1.2),
            dec!(1.1),
            dec!(1),
            dec!(1.3),
            dec!(1.2),
            0,
            dec!(3600000),
            dec!(6177600),
        ),
        (
            dec!(1000000),
            dec!(1.0),
            dec!(0.9),
            dec!(1.05),
            dec!(0.8),
            dec!(1),
            0,
            dec!(1000000),
            dec!(756000),
        ),
        // Deals: 12 × 1.5 = 18; × 1.2 × 1.5 × 0.8 = 25.92 → 26.
        (
            dec!(12),
            dec!(1.5),
            dec!(1.2),
            dec!(1.5),
            dec!(0.8),
            dec!(1),
            0,
            dec!(18),
            dec!(26),
        ),
        // Cents: 1,234.56 × 1.1 = 1,358.016 → 1,358.02.
        (
            dec!(1234.56),
            dec!(1),
            dec!(1.1),
            dec!(1),
            dec!(1),
            dec!(1),
            2,
            dec!(1234.56),
            dec!(1358.02),
        ),
        // Half away from zero: 2.5 → 3, 0.125 → 0.13.
        (
            dec!(5),
            dec!(0.5),
            dec!(1),
            dec!(1),
            dec!(1),
            dec!(1),
            0,
            dec!(2.5),
            dec!(3),
        ),
        (
            dec!(0.25),
            dec!(0.5),
            dec!(1),
            dec!(1),
            dec!(1),
            dec!(1),
            2,
            dec!(0.125),
            dec!(0.13),
        ),
        // A zero minimum gives a zero target whatever the factors.
        (
            dec!(0),
            dec!(2),
            dec!(1.2),
            dec!(1.5),
            dec!(0.8),
            dec!(1.2),
            2,
            dec!(0),
            dec!(0),
        ),
    ];
    for (min, mult, p, m, s, t, scale, base, fin) in cases {
        let b = compute(inputs(min, mult), factors(p, m, s, t), scale).unwrap();
        assert_eq!(b.base, base, "base of {min} × {mult}");
        assert_eq!(
            b.final_target, fin,
            "final of {min} × {mult} × {p} × {m} × {s} × {t}"
        );
    }
}

#[test]
fn factors_outside_0_to_10_or_too_precise_are_refused() {
    assert_eq!(check_factor(dec!(0)), Err(TargetError::FactorOutOfRange));
    assert_eq!(check_factor(dec!(-1)), Err(TargetError::FactorOutOfRange));
    assert_eq!(
        check_factor(dec!(10.0001)),
        Err(TargetError::FactorOutOfRange)
    );
    assert_eq!(
        check_factor(dec!(1.00001)),
        Err(TargetError::FactorTooPrecise)
    );
    assert_eq!(check_factor(dec!(10)), Ok(dec!(10)));
    assert_eq!(check_factor(dec!(0.0001)), Ok(dec!(0.0001)));
    assert_eq!(check_factor(dec!(1.20000)), Ok(dec!(1.20000)));
    let bad = compute(
        inputs(dec!(100), dec!(1)),
        factors(dec!(1), dec!(0), dec!(1), dec!(1)),
        2,
    );
    assert_eq!(bad, Err(TargetError::FactorOutOfRange));
}

#[test]
fn a_bad_base_or_an_overflowing_target_is_refused() {
    assert_eq!(base(dec!(-1), dec!(1)), Err(TargetError::NegativeMinimum));
    assert_eq!(base(dec!(1), dec!(0)), Err(TargetError::BadMultiplier));
    let huge = compute(
        inputs(dec!(9_999_999_999_999_999.99), dec!(1)),
        factors(dec!(10), dec!(10), dec!(10), dec!(10)),
        2,
    );
    assert_eq!(huge, Err(TargetError::TooLarge));
}

#[test]
fn team_factor_is_attainment_over_100_clamped_to_0_8_and_1_2() {
    let cases = [
        (dec!(100), dec!(1.00)),
        (dec!(112.50), dec!(1.13)),
        (dec!(112.49), dec!(1.12)),
        (dec!(95), dec!(0.95)),
        (dec!(80), dec!(0.80)),
        (dec!(79.99), dec!(0.80)),
        (dec!(0), dec!(0.80)),
        (dec!(120), dec!(1.20)),
        (dec!(250), dec!(1.20)),
    ];
    for (attainment, factor) in cases {
        assert_eq!(team_factor(attainment), factor, "{attainment}%");
    }
}

#[test]
fn an_adjusted_factor_says_what_it_was() {
    let stored = Factor::new(dec!(1.5), Source::Set, "November market");
    assert_eq!(stored.clone().adjusted(Some(dec!(1.5))), stored);
    assert_eq!(stored.clone().adjusted(None), stored);
    let changed = stored.adjusted(Some(dec!(1.3)));
    assert_eq!(changed.value, dec!(1.3));
    assert_eq!(changed.source, Source::Adjusted);
    assert_eq!(changed.note, "stored 1.5 (November market)");
    assert_eq!(
        changed.reason,
        Some(Reason::Stored {
            value: dec!(1.5),
            was: None
        })
    );
}

#[test]
fn a_reason_survives_the_saved_breakdown_and_old_notes_still_read() {
    let factor = Factor::new(
        dec!(1.1),
        Source::Computed,
        "team at 110.00% of target in October 2026",
    )
    .because(Reason::TeamAt {
        percent: dec!(110.00),
        month: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
    });
    let json = serde_json::to_value(&factor).unwrap();
    assert_eq!(json["reason"]["kind"], "team_at");
    assert_eq!(serde_json::from_value::<Factor>(json).unwrap(), factor);
    let old = serde_json::json!({"value": "1", "source": "not_leader", "note": "leads no team"});
    let read: Factor = serde_json::from_value(old).unwrap();
    assert_eq!(read.reason, None);
    assert_eq!(read.note, "leads no team");
}

#[test]
fn breakdown_serialises_decimals_as_strings_with_snake_case_sources() {
    let b = compute(
        inputs(dec!(10000000.00), dec!(1.5)),
        factors(dec!(1.2), dec!(1.5), dec!(0.8), dec!(1.0)),
        0,
    )
    .unwrap();
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(json["basis"], "monthly_sales");
    assert_eq!(json["partner_type"], "Agency");
    assert_eq!(json["final_target"], "21600000");
    assert_eq!(json["factors"]["team"]["source"], "computed");
    assert_eq!(json["factors"]["personal"]["value"], "1.2");
    let back: Breakdown = serde_json::from_value(json).unwrap();
    assert_eq!(back, b);
}

/// Factors with two decimals, 0.01 to 10: products stay exact.
fn factor() -> impl Strategy<Value = Decimal> {
    (1i64..=1_000).prop_map(|n| Decimal::new(n, 2))
}

proptest! {
    #[test]
    fn all_factors_1_give_the_base(
        cents in 0i64..1_000_000_000_000,
        multiplier in 1i64..=100_000,
    ) {
        let minimum = Decimal::new(cents, 2);
        let multiplier = Decimal::new(multiplier, 4);
        let one = dec!(1);
        let b = compute(inputs(minimum, multiplier), factors(one, one, one, one), 2).unwrap();
        prop_assert_eq!(b.exact, b.base);
        prop_assert_eq!(b.final_target, round_target(b.base, 2));
    }

    #[test]
    fn the_target_never_falls_when_a_factor_rises(
        cents in 0i64..100_000_000_000,
        fs in proptest::array::uniform4(factor()),
        which in 0usize..4,
        bump in 0i64..500,
    ) {
        let minimum = Decimal::new(cents, 2);
        let mut higher = fs;
        higher[which] = (fs[which] + Decimal::new(bump, 2)).min(FACTOR_MAX);
        let low = compute(inputs(minimum, dec!(1.5)), factors(fs[0], fs[1], fs[2], fs[3]), 2).unwrap();
        let high = compute(
            inputs(minimum, dec!(1.5)),
            factors(higher[0], higher[1], higher[2], higher[3]),
            2,
        ).unwrap();
        prop_assert!(high.exact >= low.exact);
        prop_assert!(high.final_target >= low.final_target);
    }

    #[test]
    fn the_order_of_the_factors_does_not_matter(
        cents in 0i64..100_000_000_000,
        fs in proptest::array::uniform4(factor()),
    ) {
        let minimum = Decimal::new(cents, 2);
        let a = apply(minimum, fs).unwrap();
        let b = apply(minimum, [fs[3], fs[2], fs[1], fs[0]]).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn the_team_factor_stays_within_its_bounds(hundredths in 0i64..100_000) {
        let f = team_factor(Decimal::new(hundredths, 2));
        prop_assert!(f >= TEAM_FACTOR_MIN && f <= TEAM_FACTOR_MAX);
        prop_assert!(f.scale() <= TEAM_FACTOR_SCALE);
    }
}
