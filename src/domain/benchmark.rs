//! Same-tier benchmarks: where a person's attainment stands among their
//! peers (the active partners of the same partner type and tier with a
//! goal on the same metric and period, the person included), and the
//! peers' distribution in quartiles for their managers.
//!
//! - "Top 23%": the person's place (1 + the peers strictly above; equal
//!   attainment shares the better place) as a share of the peers, rounded
//!   up to a whole percent, so the best is never "top 0%" and the last is
//!   "top 100%".
//! - Fewer than `MIN_PEERS` peers: no number ("not enough peers"), so a
//!   small group cannot give away one person's figure.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The fewest peers (the person included) a benchmark is given for.
pub const MIN_PEERS: usize = 5;

/// One person's standing among `peers`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub peers: usize,
    /// 1 to 100; `None`: not enough peers.
    pub top_percent: Option<u8>,
}

/// The standing of each of `attainments` (one peer group) among all of
/// them, in the order given.
pub fn standings(attainments: &[Decimal]) -> Vec<Standing> {
    let peers = attainments.len();
    let mut sorted: Vec<Decimal> = attainments.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    attainments
        .iter()
        .map(|a| {
            let above = sorted.partition_point(|s| s > a);
            Standing {
                peers,
                top_percent: top_percent(above + 1, peers),
            }
        })
        .collect()
}

/// "Top N%" for `place` (1 is the best) among `peers`; `None` with fewer
/// than `MIN_PEERS`.
pub fn top_percent(place: usize, peers: usize) -> Option<u8> {
    if peers < MIN_PEERS || place == 0 || place > peers {
        return None;
    }
    u8::try_from((place * 100).div_ceil(peers)).ok()
}

/// The quartiles of a peer group's attainment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quartiles {
    pub q1: Decimal,
    pub median: Decimal,
    pub q3: Decimal,
}

/// The quartiles of `attainments` (linear between the two nearest values,
/// as PostgreSQL's `percentile_cont`), rounded to one decimal; `None` with
/// fewer than `MIN_PEERS`.
pub fn quartiles(attainments: &[Decimal]) -> Option<Quartiles> {
    if attainments.len() < MIN_PEERS {
        return None;
    }
    let mut sorted = attainments.to_vec();
    sorted.sort_unstable();
    let at = |fraction: Decimal| -> Decimal {
        let position = fraction * Decimal::from(sorted.len() - 1);
        let below = position.floor();
        let index = below.to_usize().unwrap_or(0);
        let low = sorted[index];
        let high = sorted[(index + 1).min(sorted.len() - 1)];
        (low + (high - low) * (position - below)).round_dp(1)
    };
    Some(Quartiles {
        q1: at(Decimal::new(25, 2)),
        median: at(Decimal::new(50, 2)),
        q3: at(Decimal::new(75, 2)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn the_best_of_forty_is_in_the_top_three_percent_and_the_last_in_the_top_hundred() {
        let attainments: Vec<Decimal> = (1..=40).map(d).collect();
        let standings = standings(&attainments);
        assert_eq!(standings[39].top_percent, Some(3));
        assert_eq!(standings[0].top_percent, Some(100));
        assert!(standings.iter().all(|s| s.peers == 40));
    }

    #[test]
    fn fewer_than_five_peers_give_no_number() {
        let standings = standings(&[d(50), d(80), d(90), d(100)]);
        assert!(standings.iter().all(|s| s.top_percent.is_none()));
        assert_eq!(quartiles(&[d(1), d(2), d(3), d(4)]), None);
    }

    #[test]
    fn equal_attainment_shares_the_better_place() {
        let standings = standings(&[d(90), d(90), d(50), d(40), d(10)]);
        assert_eq!(standings[0].top_percent, Some(20));
        assert_eq!(standings[1].top_percent, Some(20));
        assert_eq!(standings[2].top_percent, Some(60));
    }

    #[test]
    fn quartiles_interpolate_like_percentile_cont() {
        // PostgreSQL: percentile_cont(0.25) of 10, 20, 30, 40, 50 = 20;
        // of 10, 20, 30, 40, 50, 60 = 22.5.
        let q = quartiles(&[d(50), d(10), d(40), d(20), d(30)]).unwrap();
        assert_eq!((q.q1, q.median, q.q3), (d(20), d(30), d(40)));
        let q = quartiles(&[d(10), d(20), d(30), d(40), d(50), d(60)]).unwrap();
        assert_eq!(
            (q.q1, q.median, q.q3),
            (
                Decimal::new(225, 1),
                Decimal::new(350, 1),
                Decimal::new(475, 1)
            )
        );
    }

    proptest! {
        #[test]
        fn a_higher_attainment_never_stands_lower(values in prop::collection::vec(0i64..200_000, 5..60)) {
            let attainments: Vec<Decimal> = values.iter().map(|v| Decimal::new(*v, 2)).collect();
            let standings = standings(&attainments);
            for (i, a) in attainments.iter().enumerate() {
                let top = standings[i].top_percent.unwrap();
                prop_assert!((1..=100).contains(&top));
                for (j, b) in attainments.iter().enumerate() {
                    if a > b {
                        prop_assert!(top <= standings[j].top_percent.unwrap());
                    }
                }
            }
            let best = attainments.iter().max().unwrap();
            let best_top = standings[attainments.iter().position(|a| a == best).unwrap()].top_percent.unwrap();
            prop_assert_eq!(usize::from(best_top), 100usize.div_ceil(attainments.len()));
        }

        #[test]
        fn quartiles_are_ordered_and_inside_the_range(values in prop::collection::vec(0i64..200_000, 5..60)) {
            let attainments: Vec<Decimal> = values.iter().map(|v| Decimal::new(*v, 2)).collect();
            let q = quartiles(&attainments).unwrap();
            let min = attainments.iter().min().unwrap().round_dp(1);
            let max = attainments.iter().max().unwrap().round_dp(1);
            prop_assert!(min <= q.q1 && q.q1 <= q.median && q.median <= q.q3 && q.q3 <= max);
        }
    }
}
