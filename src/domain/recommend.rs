//! Target recommendations: next month's target for a person and metric from
//! their own months (level, trend, the month's season), how their partner
//! tier's peers do against their targets, and what the team still has to
//! distribute.
//!
//! - level and trend: exponential smoothing with a damped trend (Holt:
//!   `LEVEL_WEIGHT`, `TREND_WEIGHT`, `DAMPING`) over the months from the
//!   first with anything in it; the trend as a factor kept within
//!   ±`TREND_LIMIT`. (On the demo's history this halves the error of a
//!   three-month median with a trend; see the backtest.)
//! - season: the same calendar month a year earlier against that year's
//!   monthly mean, within ±`SEASON_LIMIT` (needs twelve months of history);
//! - peers: when the tier's people typically reach `A`% of their targets, a
//!   target as demanding as theirs is the expected figure × 100 / A, within
//!   ±`PEERS_LIMIT`;
//! - team: a quarter of the way toward the person's even share of what the
//!   team still has to distribute.
//!
//! Every factor is kept so a page can say why in one line.

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;

pub const LEVEL_WEIGHT: Decimal = dec!(0.3);
pub const TREND_WEIGHT: Decimal = dec!(0.1);
pub const DAMPING: Decimal = dec!(0.8);
pub const TREND_LIMIT: Decimal = dec!(0.20);
pub const SEASON_LIMIT: Decimal = dec!(0.30);
pub const PEERS_LIMIT: Decimal = dec!(0.20);
/// How far toward the team's share a recommendation moves.
pub const TEAM_WEIGHT: Decimal = dec!(0.25);

/// What a recommendation is made from.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Monthly actuals, by each month's first day; missing months count 0
    /// from the first month given.
    pub months: Vec<(NaiveDate, Decimal)>,
    /// The tier's typical attainment, in percent.
    pub peers_attainment: Option<Decimal>,
    /// The person's even share of what the team still has to distribute.
    pub team_share: Option<Decimal>,
}

/// A recommended target and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recommendation {
    pub target: Decimal,
    /// The smoothed monthly level.
    pub level: Decimal,
    /// The trend and the season as factors (1: none).
    pub trend: Decimal,
    pub season: Decimal,
    /// The peers' factor, and their attainment, when known.
    pub peers: Option<(Decimal, Decimal)>,
    pub team_share: Option<Decimal>,
}

/// The month's actual (0 when not given).
fn actual_in(months: &[(NaiveDate, Decimal)], month: NaiveDate) -> Decimal {
    months
        .iter()
        .filter(|(m, _)| *m == month)
        .map(|(_, v)| *v)
        .sum()
}

fn back(month: NaiveDate, n: u32) -> NaiveDate {
    month - Months::new(n)
}

fn median(mut values: Vec<Decimal>) -> Decimal {
    values.sort();
    match values.len() {
        0 => Decimal::ZERO,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / dec!(2),
    }
}

/// Holt's level and damped trend at the end of `series`.
fn smoothed(series: &[Decimal]) -> (Decimal, Decimal) {
    let Some((head, rest)) = series.split_first() else {
        return (Decimal::ZERO, Decimal::ZERO);
    };
    let (mut level, mut slope) = (*head, Decimal::ZERO);
    for value in rest {
        let before = level;
        level = LEVEL_WEIGHT * value + (Decimal::ONE - LEVEL_WEIGHT) * (level + DAMPING * slope);
        slope = TREND_WEIGHT * (level - before) + (Decimal::ONE - TREND_WEIGHT) * DAMPING * slope;
    }
    (level.max(Decimal::ZERO), slope)
}

fn within(factor: Decimal, limit: Decimal) -> Decimal {
    factor.clamp(Decimal::ONE - limit, Decimal::ONE + limit)
}

/// The recommendation for the month starting on `month`, rounded to
/// `scale` decimals; `None` without three months of history before it.
pub fn recommend(inputs: &Inputs, month: NaiveDate, scale: u32) -> Option<Recommendation> {
    let first = inputs.months.iter().map(|(m, _)| *m).min()?;
    if first > back(month, 3) {
        return None;
    }
    let at = |n: u32| actual_in(&inputs.months, back(month, n));
    let mut series = Vec::new();
    let mut m = first;
    while m < month {
        series.push(actual_in(&inputs.months, m));
        m = m + Months::new(1);
    }
    let (level, slope) = smoothed(&series);
    let trend = if level > Decimal::ZERO {
        within((level + DAMPING * slope) / level, TREND_LIMIT)
    } else {
        Decimal::ONE
    };
    let season = if first <= back(month, 12) {
        let year: Decimal = (1..=12).map(at).sum::<Decimal>() / dec!(12);
        if year > Decimal::ZERO {
            within(at(12) / year, SEASON_LIMIT)
        } else {
            Decimal::ONE
        }
    } else {
        Decimal::ONE
    };
    let peers = inputs
        .peers_attainment
        .filter(|a| *a > Decimal::ZERO)
        .map(|a| (within(dec!(100) / a, PEERS_LIMIT), a));
    let mut target = level * trend * season * peers.map_or(Decimal::ONE, |(f, _)| f);
    if let Some(share) = inputs.team_share.filter(|s| *s >= Decimal::ZERO) {
        target += (share - target) * TEAM_WEIGHT;
    }
    Some(Recommendation {
        target: target
            .max(Decimal::ZERO)
            .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero),
        level: level.round_dp(2),
        trend: trend.round_dp(2),
        season: season.round_dp(2),
        peers,
        team_share: inputs.team_share,
    })
}

/// `value` kept to `digits` significant digits (half away from zero), at
/// most `scale` decimals: a recommendation is an estimate, and ₩3,320,000
/// reads as one where ₩3,318,939 pretends to a precision it lacks.
pub fn significant(value: Decimal, digits: u32, scale: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    let whole = value.abs().trunc();
    if whole >= Decimal::ONE {
        let places = whole.to_string().len() as u32;
        if places > digits {
            let unit = Decimal::from(10u64.pow(places - digits));
            rounded = (value / unit)
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                * unit;
        }
    }
    rounded.round_dp(scale)
}

/// The median absolute percentage error of `(predicted, actual)` pairs, in
/// percent, over those with an actual above 0.
pub fn median_ape(pairs: &[(Decimal, Decimal)]) -> Option<Decimal> {
    let errors: Vec<Decimal> = pairs
        .iter()
        .filter(|(_, actual)| *actual > Decimal::ZERO)
        .map(|(predicted, actual)| (predicted - actual).abs() / actual * dec!(100))
        .collect();
    (!errors.is_empty()).then(|| median(errors).round_dp(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn first(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    fn months(values: &[i64], from: NaiveDate) -> Vec<(NaiveDate, Decimal)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (from + Months::new(i as u32), Decimal::from(*v)))
            .collect()
    }

    #[test]
    fn a_flat_history_recommends_its_level() {
        let inputs = Inputs {
            months: months(&[100; 13], first(2025, 11)),
            ..Inputs::default()
        };
        let r = recommend(&inputs, first(2026, 12), 0).unwrap();
        assert_eq!(r.target, dec!(100));
        assert_eq!((r.level, r.trend, r.season), (dec!(100), dec!(1), dec!(1)));
    }

    #[test]
    fn three_months_are_needed() {
        let inputs = Inputs {
            months: months(&[100, 100], first(2026, 10)),
            ..Inputs::default()
        };
        assert_eq!(recommend(&inputs, first(2026, 12), 0), None);
    }

    #[test]
    fn the_season_peers_and_team_each_move_it() {
        // December a year ago sold twice the year's monthly mean.
        let mut values = vec![100; 13];
        values[1] = 200; // December 2025
        let inputs = Inputs {
            months: months(&values, first(2025, 11)),
            peers_attainment: Some(dec!(80)),
            team_share: Some(dec!(0)),
        };
        let r = recommend(&inputs, first(2026, 12), 0).unwrap();
        // 200 against a year's mean of about 108 is capped at +30%; peers
        // reach 80%: ×1.25, capped at ×1.2; a quarter of the way to a share
        // of 0.
        assert_eq!(r.season, dec!(1.3));
        assert_eq!(r.peers, Some((dec!(1.2), dec!(80))));
        // About 100 × 1.3 × 1.2 × 0.75 (the smoothed level is near 100).
        let expected = r.level * r.trend * dec!(1.3) * dec!(1.2) * dec!(0.75);
        assert!((r.target - expected).abs() <= dec!(1), "{r:?}");
        assert!((dec!(95)..dec!(105)).contains(&r.level), "{r:?}");
    }

    #[test]
    fn recommendations_keep_three_significant_digits() {
        assert_eq!(significant(dec!(3318939), 3, 0), dec!(3320000));
        assert_eq!(significant(dec!(25181705.4), 3, 0), dec!(25200000));
        assert_eq!(significant(dec!(999.5), 3, 0), dec!(1000));
        assert_eq!(significant(dec!(12.345), 3, 2), dec!(12.35));
        assert_eq!(significant(dec!(1.4), 3, 0), dec!(1));
    }

    #[test]
    fn errors_are_percent_of_the_actual() {
        let pairs = [
            (dec!(110), dec!(100)),
            (dec!(50), dec!(100)),
            (dec!(100), dec!(100)),
            (dec!(5), dec!(0)),
        ];
        assert_eq!(median_ape(&pairs), Some(dec!(10)));
        assert_eq!(median_ape(&[]), None);
    }

    proptest! {
        #[test]
        fn a_recommendation_is_never_negative_and_stays_near_the_level(
            values in prop::collection::vec(0i64..1_000_000, 3..30),
            peers in prop::option::of(1i64..300),
        ) {
            let inputs = Inputs {
                months: months(&values, first(2024, 1)),
                peers_attainment: peers.map(Decimal::from),
                team_share: None,
            };
            let month = first(2024, 1) + Months::new(values.len() as u32);
            let r = recommend(&inputs, month, 2).unwrap();
            prop_assert!(r.target >= Decimal::ZERO);
            // Every factor is capped: the target stays within the product
            // of the caps around the level.
            let most = (Decimal::ONE + TREND_LIMIT) * (Decimal::ONE + SEASON_LIMIT) * (Decimal::ONE + PEERS_LIMIT);
            prop_assert!(r.target <= (r.level * most).round_dp(2) + dec!(1));
        }
    }
}
