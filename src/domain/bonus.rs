//! Bonus schedules: a ladder of tiers read either on a goal's attainment %
//! or on its actual value. A tier applies from its threshold up (the lower
//! bound is inclusive, compared exactly: actual × 100 ≥ threshold × target,
//! never on the rounded %); below the first tier there is no bonus. The bonus is
//! the goal's bonus base × the rate of the tier reached.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::attainment;

/// What a schedule's thresholds are measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Attainment % of the goal (thresholds such as 80, 100, 120).
    Attainment,
    /// The goal's actual in its metric's unit (15 signups, 20 signups, …).
    MetricValue,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Attainment => "attainment",
            Basis::MetricValue => "metric_value",
        }
    }

    pub fn parse(text: &str) -> Option<Basis> {
        match text {
            "attainment" => Some(Basis::Attainment),
            "metric_value" => Some(Basis::MetricValue),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::Attainment => "Attainment %",
            Basis::MetricValue => "Metric value",
        }
    }
}

/// One step of a ladder: from `threshold` up, `rate` × the bonus base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Tier {
    /// 1 for the lowest tier.
    pub position: i16,
    pub threshold: Decimal,
    pub rate: Decimal,
}

/// A schedule's basis and its tiers in ascending threshold order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub basis: Basis,
    pub tiers: Vec<Tier>,
}

/// The most tiers a schedule may have.
pub const MAX_TIERS: usize = 20;

/// Why a list of tiers is refused, per tier (0-based index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TierError {
    NegativeThreshold,
    NegativeRate,
    /// Not above the tier before it.
    NotAscending,
}

impl TierError {
    pub fn message(&self) -> &'static str {
        match self {
            TierError::NegativeThreshold => "The threshold must be 0 or more.",
            TierError::NegativeRate => "The rate must be 0 or more.",
            TierError::NotAscending => "Each threshold must be above the one before it.",
        }
    }
}

/// Checks (threshold, rate) pairs in the order given and numbers them:
/// thresholds strictly ascending, thresholds and rates at least 0.
pub fn check_tiers(pairs: &[(Decimal, Decimal)]) -> Result<Vec<Tier>, Vec<(usize, TierError)>> {
    let mut errors = Vec::new();
    for (i, (threshold, rate)) in pairs.iter().enumerate() {
        if *threshold < Decimal::ZERO {
            errors.push((i, TierError::NegativeThreshold));
        } else if i > 0 && *threshold <= pairs[i - 1].0 {
            errors.push((i, TierError::NotAscending));
        }
        if *rate < Decimal::ZERO {
            errors.push((i, TierError::NegativeRate));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(pairs
        .iter()
        .enumerate()
        .map(|(i, (threshold, rate))| Tier {
            position: i as i16 + 1,
            threshold: *threshold,
            rate: *rate,
        })
        .collect())
}

impl Schedule {
    /// The value shown beside the thresholds: attainment % (2 dp, as
    /// everywhere else) or the actual itself. `None` without a target.
    /// For display only: which tier is reached is [`Schedule::reaches`].
    pub fn measure(&self, actual: Decimal, target: Decimal) -> Option<Decimal> {
        match self.basis {
            Basis::Attainment => attainment::attainment_percent(actual, target),
            Basis::MetricValue => Some(actual),
        }
    }

    /// Does a goal at `actual` of `target` reach `tier`? On attainment,
    /// exactly actual × 100 ≥ threshold × target (never the rounded %; no
    /// target reaches nothing); on a metric value, actual ≥ threshold.
    pub fn reaches(&self, tier: &Tier, actual: Decimal, target: Decimal) -> bool {
        match self.basis {
            Basis::Attainment => attainment::reaches_percent(actual, target, tier.threshold),
            Basis::MetricValue => actual >= tier.threshold,
        }
    }

    /// The highest tier a goal at `actual` of `target` reaches, if any.
    pub fn tier_reached(&self, actual: Decimal, target: Decimal) -> Option<Tier> {
        self.tiers
            .iter()
            .rev()
            .find(|t| self.reaches(t, actual, target))
            .copied()
    }

    /// The highest tier whose threshold `value` reaches, read directly on
    /// the thresholds (a metric value such as a signup count).
    pub fn tier_for(&self, value: Decimal) -> Option<Tier> {
        self.tiers
            .iter()
            .rev()
            .find(|t| value >= t.threshold)
            .copied()
    }

    /// Where a goal stands on the ladder.
    pub fn standing(
        &self,
        actual: Decimal,
        target: Decimal,
        base: Option<Decimal>,
        minor_unit: u32,
    ) -> Standing {
        let current = self.tier_reached(actual, target);
        let next = self
            .tiers
            .iter()
            .find(|t| !self.reaches(t, actual, target))
            .copied();
        let pay = |tier: Option<Tier>| {
            base.map(|b| tier.map_or(Decimal::ZERO, |t| bonus_amount(b, t.rate, minor_unit)))
        };
        Standing {
            amount: pay(current),
            next_amount: next.and_then(|t| pay(Some(t))),
            current,
            next,
        }
    }
}

/// A goal's place on its schedule: the tier reached, the one after it, and
/// what each pays when the goal has a bonus base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub current: Option<Tier>,
    pub next: Option<Tier>,
    pub amount: Option<Decimal>,
    pub next_amount: Option<Decimal>,
}

/// base × rate, rounded half away from zero to the currency's minor unit
/// (as PostgreSQL's `round`, which records the bonus of an achievement).
pub fn bonus_amount(base: Decimal, rate: Decimal, minor_unit: u32) -> Decimal {
    (base * rate).round_dp_with_strategy(minor_unit, RoundingStrategy::MidpointAwayFromZero)
}

/// "2.0×", "0.5×", "1.25×": at least one decimal place.
pub fn rate_label(rate: Decimal) -> String {
    let normal = rate.normalize();
    if normal.scale() == 0 {
        format!("{normal}.0×")
    } else {
        format!("{normal}×")
    }
}

/// The organisation's default attainment schedule.
pub fn standard_attainment() -> Schedule {
    let d = |n: i64, s: u32| Decimal::new(n, s);
    Schedule {
        basis: Basis::Attainment,
        tiers: check_tiers(&[
            (d(80, 0), d(5, 1)),
            (d(100, 0), d(1, 0)),
            (d(120, 0), d(2, 0)),
            (d(150, 0), d(3, 0)),
        ])
        .expect("the standard schedule is valid"),
    }
}

/// The default signup ladder: tiers 1–6 at 15, 20, 25, 30, 40 and 50.
pub fn signup_ladder() -> Schedule {
    let d = |n: i64, s: u32| Decimal::new(n, s);
    Schedule {
        basis: Basis::MetricValue,
        tiers: check_tiers(&[
            (d(15, 0), d(5, 1)),
            (d(20, 0), d(1, 0)),
            (d(25, 0), d(15, 1)),
            (d(30, 0), d(2, 0)),
            (d(40, 0), d(3, 0)),
            (d(50, 0), d(4, 0)),
        ])
        .expect("the signup ladder is valid"),
    }
}

/// Has a rep who aimed for tier `goal` (0 = none) triggered their bonus by
/// reaching tier `reached`? Aiming for no tier triggers nothing.
pub fn bonus_triggered(goal: i16, reached: Option<i16>) -> bool {
    goal > 0 && reached.is_some_and(|r| r >= goal)
}

#[cfg(test)]
mod tests;
