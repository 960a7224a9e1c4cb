//! Dynamic targets: the formula that turns a partner's type, tier and the
//! season into a monthly target.
//!
//! - base = the partner type's monthly minimum × the tier's multiplier
//!   (no tier: × 1). The minimum is `min_monthly_sales` for the revenue
//!   metric and `min_deal_count` for deals; other metrics have no formula.
//! - final = base × personal × market × seasonal × team, rounded half away
//!   from zero to the metric's scale (the currency's minor unit for money,
//!   whole numbers for counts).
//! - Every factor is a multiplier above 0 and at most 10, with at most four
//!   decimals; one that is not set counts as 1.
//! - The team factor of a leader is `clamp(attainment / 100, 0.80, 1.20)`
//!   rounded half away from zero to 2 decimals, where attainment is the
//!   team's summed actual over its summed targets last month; a hand-set
//!   override replaces it.

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

/// The largest factor allowed (the columns' CHECK says the same).
pub const FACTOR_MAX: Decimal = dec!(10);
/// Decimals a factor may have (NUMERIC(6, 4)).
pub const FACTOR_SCALE: u32 = 4;
/// The team factor's bounds and decimals.
pub const TEAM_FACTOR_MIN: Decimal = dec!(0.80);
pub const TEAM_FACTOR_MAX: Decimal = dec!(1.20);
pub const TEAM_FACTOR_SCALE: u32 = 2;
/// Targets are NUMERIC(18, 2): anything at or above this does not fit.
pub const TARGET_LIMIT: Decimal = dec!(10_000_000_000_000_000);

/// Which minimum of the partner type a metric's base starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// `min_monthly_sales`, for the revenue metric.
    MonthlySales,
    /// `min_deal_count`, for the deals metric.
    DealCount,
}

impl Basis {
    /// The basis of a metric key, if the formula covers that metric.
    pub fn for_metric(key: &str) -> Option<Basis> {
        match key {
            "revenue" => Some(Basis::MonthlySales),
            "deals" => Some(Basis::DealCount),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::MonthlySales => "Minimum monthly sales",
            Basis::DealCount => "Minimum deals a month",
        }
    }
}

/// Where a factor's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Nothing is set: the neutral 1.
    Default,
    /// Stored by an admin (market, seasonal) or a manager (personal).
    Set,
    /// The team factor, from the team's attainment last month.
    Computed,
    /// The team factor, set by hand.
    Override,
    /// Changed in the calculator for this one target.
    Adjusted,
    /// The person leads no team: the team factor is 1.
    NotLeader,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Default => "not set",
            Source::Set => "set",
            Source::Computed => "computed",
            Source::Override => "set by hand",
            Source::Adjusted => "adjusted for this target",
            Source::NotLeader => "not a team leader",
        }
    }
}

/// One factor: its value, where it came from, and a note in words
/// ("November market", "team at 112.50% in October").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    pub value: Decimal,
    pub source: Source,
    pub note: String,
}

impl Factor {
    pub fn new(value: Decimal, source: Source, note: impl Into<String>) -> Factor {
        Factor {
            value,
            source,
            note: note.into(),
        }
    }

    /// The neutral factor, with why it is neutral.
    pub fn neutral(source: Source, note: impl Into<String>) -> Factor {
        Factor::new(Decimal::ONE, source, note)
    }

    /// This factor with `value` in its place when that differs (the
    /// calculator's what-if), else unchanged.
    pub fn adjusted(self, value: Option<Decimal>) -> Factor {
        match value {
            Some(v) if v != self.value => Factor {
                note: if self.note.is_empty() {
                    format!("stored {}", self.value.normalize())
                } else {
                    format!("stored {} ({})", self.value.normalize(), self.note)
                },
                value: v,
                source: Source::Adjusted,
            },
            _ => self,
        }
    }
}

/// The four factors of the formula.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factors {
    pub personal: Factor,
    pub market: Factor,
    pub seasonal: Factor,
    pub team: Factor,
}

impl Factors {
    pub fn values(&self) -> [Decimal; 4] {
        [
            self.personal.value,
            self.market.value,
            self.seasonal.value,
            self.team.value,
        ]
    }
}

/// What the base is made of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseInputs {
    pub basis: Basis,
    /// The partner type's name and its minimum for the basis.
    pub partner_type: String,
    pub minimum: Decimal,
    /// The tier's name (none: multiplier 1) and multiplier.
    pub tier: Option<String>,
    pub multiplier: Decimal,
}

/// How a target was made, as stored with a goal (`goals.target_breakdown`)
/// and answered by the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    #[serde(flatten)]
    pub inputs: BaseInputs,
    pub base: Decimal,
    pub factors: Factors,
    /// base × every factor, unrounded.
    pub exact: Decimal,
    /// `exact` rounded to the metric's scale: the target.
    pub final_target: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("A factor must be above 0 and at most 10.")]
    FactorOutOfRange,
    #[error("A factor has at most 4 decimal places.")]
    FactorTooPrecise,
    #[error("The partner type's minimum must not be negative.")]
    NegativeMinimum,
    #[error("The tier's multiplier must be above 0.")]
    BadMultiplier,
    #[error("The computed target is too large to store.")]
    TooLarge,
}

/// Checks a factor typed by someone: above 0, at most 10, four decimals.
pub fn check_factor(value: Decimal) -> Result<Decimal, TargetError> {
    if value <= Decimal::ZERO || value > FACTOR_MAX {
        return Err(TargetError::FactorOutOfRange);
    }
    if value.normalize().scale() > FACTOR_SCALE {
        return Err(TargetError::FactorTooPrecise);
    }
    Ok(value)
}

/// The partner type's minimum × the tier's multiplier.
pub fn base(minimum: Decimal, multiplier: Decimal) -> Result<Decimal, TargetError> {
    if minimum.is_sign_negative() && !minimum.is_zero() {
        return Err(TargetError::NegativeMinimum);
    }
    if multiplier <= Decimal::ZERO {
        return Err(TargetError::BadMultiplier);
    }
    minimum.checked_mul(multiplier).ok_or(TargetError::TooLarge)
}

/// base × each factor, unrounded.
pub fn apply(base: Decimal, factors: [Decimal; 4]) -> Result<Decimal, TargetError> {
    factors
        .into_iter()
        .try_fold(base.normalize(), |acc, f| acc.checked_mul(f.normalize()))
        .ok_or(TargetError::TooLarge)
}

/// A target rounded half away from zero to `scale` places.
pub fn round_target(exact: Decimal, scale: u32) -> Decimal {
    exact.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
}

/// The team factor for a team's attainment percent last month.
pub fn team_factor(attainment_percent: Decimal) -> Decimal {
    let ratio = attainment_percent / Decimal::ONE_HUNDRED;
    ratio
        .round_dp_with_strategy(TEAM_FACTOR_SCALE, RoundingStrategy::MidpointAwayFromZero)
        .clamp(TEAM_FACTOR_MIN, TEAM_FACTOR_MAX)
}

/// The whole computation: base, factors (each checked), exact and final
/// rounded to `scale`.
pub fn compute(
    mut inputs: BaseInputs,
    mut factors: Factors,
    scale: u32,
) -> Result<Breakdown, TargetError> {
    for factor in [
        &mut factors.personal,
        &mut factors.market,
        &mut factors.seasonal,
        &mut factors.team,
    ] {
        factor.value = check_factor(factor.value)?.normalize();
    }
    inputs.minimum = inputs.minimum.normalize();
    inputs.multiplier = inputs.multiplier.normalize();
    let base = base(inputs.minimum, inputs.multiplier)?.normalize();
    let exact = apply(base, factors.values())?;
    let mut final_target = round_target(exact, scale);
    if final_target >= TARGET_LIMIT {
        return Err(TargetError::TooLarge);
    }
    final_target.rescale(scale);
    Ok(Breakdown {
        inputs,
        base,
        factors,
        exact: exact.normalize(),
        final_target,
    })
}

#[cfg(test)]
mod tests {
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
}
