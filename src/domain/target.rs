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

/// Why a factor has its value, in parts: pages word it in their reader's
/// language (`i18n`), and `Factor::note` keeps it in English for the API
/// and for breakdowns saved before reasons existed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The person's own adjustment, set for them.
    PersonalSet { name: String },
    /// No personal adjustment.
    PersonalNone,
    /// The period's market factor, set; the period's name is drawn from
    /// its dates and the fiscal year's first month.
    MarketSet {
        period: crate::domain::period::Period,
        fiscal_start_month: u32,
    },
    /// No market factor for the period.
    MarketNone {
        period: crate::domain::period::Period,
        fiscal_start_month: u32,
    },
    /// The calendar month's seasonal factor (1–12), set.
    SeasonSet { month: u32 },
    /// No seasonal factor for the calendar month.
    SeasonNone { month: u32 },
    /// The team factor, set by hand.
    TeamOverride,
    /// The person leads no team.
    NotLeader,
    /// The team's attainment in the month starting on `month`.
    TeamAt {
        percent: Decimal,
        month: chrono::NaiveDate,
    },
    /// The team had no targets in the month starting on `month`.
    NoTeamTargets { month: chrono::NaiveDate },
    /// Replaced for one calculation; it was `value`, for `was`.
    Stored {
        value: Decimal,
        was: Option<Box<Reason>>,
    },
    /// A recommended target (`domain::recommend`) accepted in place of the
    /// formula's: the smoothed monthly level (in `currency` when money),
    /// the trend and the calendar month's season as factors (1: none), the
    /// tier's typical attainment in percent, and the person's share of what
    /// the team still had to distribute.
    Recommended {
        level: Decimal,
        currency: Option<String>,
        trend: Decimal,
        month: u32,
        season: Decimal,
        tier: Option<String>,
        peers: Option<Decimal>,
        team_share: Option<Decimal>,
    },
}

/// A recommendation accepted in place of the formula's target: what it
/// gave (the breakdown's `final_target`) and why, in parts and in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommended {
    pub target: Decimal,
    pub note: String,
    pub reason: Reason,
}

/// One factor: its value, where it came from, and why: `reason` in parts,
/// `note` in English words ("November market", "team at 112.50% of target
/// in October 2026").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    pub value: Decimal,
    pub source: Source,
    pub note: String,
    /// Absent in breakdowns saved before reasons existed: their `note` is
    /// all there is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

impl Factor {
    pub fn new(value: Decimal, source: Source, note: impl Into<String>) -> Factor {
        Factor {
            value,
            source,
            note: note.into(),
            reason: None,
        }
    }

    /// The neutral factor, with why it is neutral.
    pub fn neutral(source: Source, note: impl Into<String>) -> Factor {
        Factor::new(Decimal::ONE, source, note)
    }

    /// This factor with its reason in parts.
    pub fn because(mut self, reason: Reason) -> Factor {
        self.reason = Some(reason);
        self
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
                reason: Some(Reason::Stored {
                    value: self.value,
                    was: self.reason.map(Box::new),
                }),
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
    /// `exact` rounded to the metric's scale: the target; or the
    /// recommendation's target when one was accepted.
    pub final_target: Decimal,
    /// Set when the target came from a recommendation (null otherwise,
    /// and absent in breakdowns saved before recommendations existed).
    #[serde(default)]
    pub recommended: Option<Recommended>,
}

impl Breakdown {
    /// This breakdown with `recommended` accepted as its target.
    pub fn recommended(mut self, recommended: Recommended) -> Breakdown {
        self.final_target = recommended.target;
        self.recommended = Some(recommended);
        self
    }

    /// What the formula alone gives (`final_target` unless a
    /// recommendation replaced it).
    pub fn formula_target(&self) -> Decimal {
        match &self.recommended {
            Some(_) => round_target(self.exact, self.final_target.scale()),
            None => self.final_target,
        }
    }
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
        recommended: None,
    })
}

#[cfg(test)]
mod tests;
