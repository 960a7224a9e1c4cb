use std::collections::{BTreeMap, HashSet};

use super::*;
use chrono::TimeZone;
use proptest::prelude::*;
use rust_decimal_macros::dec;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).unwrap()
}

fn line(entry_id: i64, partner_id: i64, amount: Decimal, day: u32) -> OpenLine {
    OpenLine {
        entry_id,
        partner_id,
        amount,
        written_at: at(day),
    }
}

fn rules(minimum: Decimal, holdback_days: u32) -> PayoutRules {
    PayoutRules {
        minimum,
        holdback_days,
    }
}

/// A run for the month ending on the 20th, made on the 25th.
fn window() -> RunWindow {
    RunWindow {
        cutoff: at(20),
        as_of: at(25),
    }
}

#[test]
fn each_partner_is_paid_the_sum_of_their_due_lines() {
    let lines = [
        line(1, 7, dec!(10.00), 1),
        line(2, 7, dec!(5.50), 2),
        line(3, 8, dec!(3.00), 3),
    ];
    let run = plan_run(&lines, &rules(dec!(0), 0), &window());
    assert_eq!(
        run,
        vec![
            PartnerPayout {
                partner_id: 7,
                amount: dec!(15.50),
                earned: dec!(15.50),
                recovered: dec!(0),
                entry_ids: vec![1, 2],
            },
            PartnerPayout {
                partner_id: 8,
                amount: dec!(3.00),
                earned: dec!(3.00),
                recovered: dec!(0),
                entry_ids: vec![3],
            },
        ]
    );
}

#[test]
fn below_the_minimum_nothing_is_paid_and_the_lines_stay_open() {
    let lines = [line(1, 7, dec!(9.99), 1), line(2, 8, dec!(10.00), 1)];
    let run = plan_run(&lines, &rules(dec!(10), 0), &window());
    assert_eq!(run.len(), 1);
    assert_eq!(run[0].partner_id, 8, "exactly the minimum is paid");
}

#[test]
fn lines_younger_than_the_holdback_wait() {
    // Written on the 20th is after the cut-off; on the 19th it is 6 days
    // old on the 25th, under a 7-day holdback.
    let lines = [line(1, 7, dec!(10), 18), line(2, 7, dec!(4), 19)];
    let run = plan_run(&lines, &rules(dec!(0), 7), &window());
    assert_eq!(run[0].entry_ids, vec![1]);
    assert_eq!(run[0].amount, dec!(10));
}

#[test]
fn positive_lines_after_the_cutoff_belong_to_a_later_run() {
    let lines = [line(1, 7, dec!(10), 19), line(2, 7, dec!(4), 21)];
    let run = plan_run(&lines, &rules(dec!(0), 0), &window());
    assert_eq!(run[0].entry_ids, vec![1]);
}

#[test]
fn a_clawback_is_deducted_from_the_next_payout_whenever_it_was_written() {
    // A reversal of an earlier paid line, written after the cut-off and
    // inside the holdback, still comes off the next payment.
    let lines = [line(1, 7, dec!(30), 2), line(2, 7, dec!(-12), 24)];
    let run = plan_run(&lines, &rules(dec!(0), 3), &window());
    assert_eq!(run[0].amount, dec!(18));
    assert_eq!(run[0].earned, dec!(30));
    assert_eq!(run[0].recovered, dec!(12));
    assert_eq!(run[0].entry_ids, vec![1, 2]);
}

#[test]
fn a_negative_balance_pays_nothing_and_carries_every_line() {
    let lines = [line(1, 7, dec!(5), 2), line(2, 7, dec!(-12), 3)];
    assert!(plan_run(&lines, &rules(dec!(0), 0), &window()).is_empty());
}

#[test]
fn a_balance_of_exactly_zero_pays_nothing() {
    let lines = [line(1, 7, dec!(5), 2), line(2, 7, dec!(-5), 3)];
    assert!(plan_run(&lines, &rules(dec!(0), 0), &window()).is_empty());
}

#[test]
fn statuses_move_forward_only_and_round_trip_their_names() {
    assert_eq!(PayoutStatus::Draft.next(), Some(PayoutStatus::Approved));
    assert_eq!(PayoutStatus::Approved.next(), Some(PayoutStatus::Paid));
    assert_eq!(PayoutStatus::Paid.next(), None);
    for status in PayoutStatus::ALL {
        assert_eq!(status.as_str().parse(), Ok(status));
    }
    assert_eq!("void".parse::<PayoutStatus>(), Err(UnknownPayoutStatus));
}

#[test]
fn a_statement_adds_up_from_the_opening_balance() {
    let lines = [
        StatementLine {
            amount: dec!(100),
            written_at: Utc.with_ymd_and_hms(2026, 2, 10, 0, 0, 0).unwrap(),
        },
        StatementLine {
            amount: dec!(40),
            written_at: at(3),
        },
        StatementLine {
            amount: dec!(-100),
            written_at: at(5),
        },
    ];
    let payments = [
        Payment {
            amount: dec!(100),
            recovered: dec!(0),
            paid_at: Utc.with_ymd_and_hms(2026, 2, 28, 0, 0, 0).unwrap(),
        },
        Payment {
            amount: dec!(10),
            recovered: dec!(100),
            paid_at: at(30),
        },
    ];
    let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let until = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    let march = statement(&lines, &payments, from, until);
    assert_eq!(
        march,
        Statement {
            opening: dec!(0),
            earned: dec!(40),
            reversed: dec!(100),
            recovered: dec!(100),
            paid: dec!(10),
            closing: dec!(-70),
        }
    );
}

fn cents() -> impl Strategy<Value = Decimal> {
    (-5_000i64..20_000).prop_map(|c| Decimal::new(c, 2))
}

prop_compose! {
    fn open_lines()(raw in prop::collection::vec((1i64..5, cents(), 1u32..28), 0..40))
        -> Vec<OpenLine> {
        raw.into_iter()
            .enumerate()
            .map(|(i, (partner, amount, day))| line(i as i64 + 1, partner, amount, day))
            .collect()
    }
}

proptest! {
    #[test]
    fn a_run_pays_only_due_lines_each_once_never_below_zero_or_the_minimum(
        lines in open_lines(),
        minimum in (0i64..10_000).prop_map(|c| Decimal::new(c, 2)),
        holdback in 0u32..10,
    ) {
        let rules = rules(minimum, holdback);
        let run = plan_run(&lines, &rules, &window());
        let by_id: BTreeMap<i64, &OpenLine> = lines.iter().map(|l| (l.entry_id, l)).collect();
        let mut settled = HashSet::new();
        let mut paid_partners = HashSet::new();
        for payout in &run {
            prop_assert!(paid_partners.insert(payout.partner_id));
            prop_assert!(payout.amount > Decimal::ZERO);
            prop_assert!(payout.amount >= minimum);
            prop_assert_eq!(payout.amount, payout.earned - payout.recovered);
            let mut sum = Decimal::ZERO;
            for id in &payout.entry_ids {
                prop_assert!(settled.insert(*id), "line {} settled twice", id);
                let line = by_id[id];
                prop_assert_eq!(line.partner_id, payout.partner_id);
                prop_assert!(is_due(line, &rules, &window()));
                sum += line.amount;
            }
            prop_assert_eq!(sum, payout.amount);
            // What stays open for a paid partner is never owed back.
            let left: Decimal = lines
                .iter()
                .filter(|l| l.partner_id == payout.partner_id && !settled.contains(&l.entry_id))
                .map(|l| l.amount)
                .sum();
            prop_assert!(left >= Decimal::ZERO);
        }
        // Every partner left unpaid had due lines under the minimum or not
        // above zero: nothing payable was skipped.
        for partner in 1..5 {
            if paid_partners.contains(&partner) {
                continue;
            }
            let due: Decimal = lines
                .iter()
                .filter(|l| l.partner_id == partner && is_due(l, &rules, &window()))
                .map(|l| l.amount)
                .sum();
            prop_assert!(due <= Decimal::ZERO || due < minimum);
        }
    }

    #[test]
    fn a_statement_always_balances(
        lines in prop::collection::vec((cents(), 0i64..90), 0..30),
        payments in prop::collection::vec((cents(), 0i64..90), 0..6),
    ) {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let lines: Vec<StatementLine> = lines
            .into_iter()
            .map(|(amount, day)| StatementLine { amount, written_at: start + Duration::days(day) })
            .collect();
        let payments: Vec<Payment> = payments
            .into_iter()
            .map(|(amount, day)| Payment {
                amount: amount.abs(),
                recovered: Decimal::ZERO,
                paid_at: start + Duration::days(day),
            })
            .collect();
        let from = start + Duration::days(31);
        let until = start + Duration::days(59);
        let month = statement(&lines, &payments, from, until);
        let next = statement(&lines, &payments, until, start + Duration::days(90));
        prop_assert_eq!(
            month.closing,
            month.opening + month.earned - month.reversed - month.paid
        );
        // One month's closing is the next month's opening.
        prop_assert_eq!(month.closing, next.opening);
    }
}

/// One step of a partner's money over time, for the sequence model.
#[derive(Debug, Clone)]
enum Step {
    /// A confirmed sale: a line for each of up to three partners.
    Sale(Vec<(i64, i64)>),
    /// The refund or cancellation of the n-th sale (if not yet reversed):
    /// a negative twin of each of its lines.
    Reverse(usize),
    /// A dispute on the k-th line of the n-th sale, resolved at what the
    /// line pays now plus these cents (never below zero): the adjustment
    /// line `domain::dispute` decides, up or down, if the sale stands.
    Adjust(usize, usize, i64),
    /// A payout run with this minimum (cents) and holdback, paid at once.
    Run(i64, u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec((1i64..5, 1i64..50_000), 1..4).prop_map(Step::Sale),
        2 => (0usize..20).prop_map(Step::Reverse),
        2 => (0usize..20, 0usize..3, -20_000i64..20_000).prop_map(|(n, k, c)| Step::Adjust(n, k, c)),
        2 => (0i64..30_000, 0u32..4).prop_map(|(m, h)| Step::Run(m, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The money invariant over random histories: at every step, for every
    /// partner, paid + open balance = the sum of their ledger lines; no
    /// line is settled twice; no payment is made from a negative balance
    /// or leaves one behind.
    #[test]
    fn paid_plus_open_is_always_the_ledger(steps in prop::collection::vec(step(), 1..40)) {
        struct Line { partner: i64, amount: Decimal, written_at: DateTime<Utc> }
        let mut ledger: Vec<Line> = Vec::new();
        let mut sales: Vec<(Vec<usize>, bool)> = Vec::new();
        // (questioned line, its adjustment line), in the order written.
        let mut adjustments: Vec<(usize, usize)> = Vec::new();
        let mut settled: HashSet<usize> = HashSet::new();
        let mut paid: BTreeMap<i64, Decimal> = BTreeMap::new();
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        for (day, step) in steps.into_iter().enumerate() {
            let now = start + Duration::days(day as i64);
            fn write(ledger: &mut Vec<Line>, partner: i64, amount: Decimal, at: DateTime<Utc>) -> usize {
                ledger.push(Line { partner, amount, written_at: at });
                ledger.len() - 1
            }
            match step {
                Step::Sale(lines) => {
                    let ids = lines
                        .into_iter()
                        .map(|(partner, cents)| write(&mut ledger, partner, Decimal::new(cents, 2), now))
                        .collect();
                    sales.push((ids, false));
                }
                Step::Reverse(n) => {
                    if let Some((ids, reversed)) = sales.get_mut(n).filter(|(_, r)| !r) {
                        *reversed = true;
                        // Every line of the sale, its adjustments included.
                        let mut all: Vec<usize> = ids.clone();
                        all.extend(adjustments.iter().filter(|(line, _)| ids.contains(line)).map(|(_, a)| *a));
                        let twins: Vec<(i64, Decimal)> =
                            all.iter().map(|&i| (ledger[i].partner, -ledger[i].amount)).collect();
                        for (partner, amount) in twins {
                            write(&mut ledger, partner, amount, now);
                        }
                    }
                }
                Step::Adjust(n, k, cents) => {
                    let Some((ids, false)) = sales.get(n) else { continue };
                    let line = ids[k % ids.len()];
                    let written: Vec<Decimal> = adjustments
                        .iter()
                        .filter(|(of, _)| *of == line)
                        .map(|(_, a)| ledger[*a].amount)
                        .collect();
                    let paying = crate::domain::dispute::paying_now(ledger[line].amount, &written);
                    let should = (paying + Decimal::new(cents, 2)).max(Decimal::ZERO);
                    if let Some(amount) = crate::domain::dispute::adjustment(paying, should) {
                        let partner = ledger[line].partner;
                        let id = write(&mut ledger, partner, amount, now);
                        adjustments.push((line, id));
                    }
                }
                Step::Run(minimum, holdback) => {
                    let open: Vec<OpenLine> = ledger
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !settled.contains(i))
                        .map(|(i, l)| OpenLine {
                            entry_id: i as i64,
                            partner_id: l.partner,
                            amount: l.amount,
                            written_at: l.written_at,
                        })
                        .collect();
                    let window = RunWindow { cutoff: now, as_of: now };
                    let run = plan_run(&open, &rules(Decimal::new(minimum, 2), holdback), &window);
                    for payout in run {
                        let balance: Decimal = open
                            .iter()
                            .filter(|l| l.partner_id == payout.partner_id)
                            .map(|l| l.amount)
                            .sum();
                        prop_assert!(payout.amount > Decimal::ZERO);
                        prop_assert!(payout.amount <= balance, "paid beyond the balance");
                        let mut sum = Decimal::ZERO;
                        for id in payout.entry_ids {
                            prop_assert!(settled.insert(id as usize), "line {} settled twice", id);
                            sum += ledger[id as usize].amount;
                        }
                        prop_assert_eq!(sum, payout.amount);
                        *paid.entry(payout.partner_id).or_default() += payout.amount;
                        prop_assert!(balance - payout.amount >= Decimal::ZERO);
                    }
                }
            }
            for partner in 1..5 {
                let mine = ledger.iter().enumerate().filter(|(_, l)| l.partner == partner);
                let total: Decimal = mine.clone().map(|(_, l)| l.amount).sum();
                let open: Decimal = mine
                    .filter(|(i, _)| !settled.contains(i))
                    .map(|(_, l)| l.amount)
                    .sum();
                let paid = paid.get(&partner).copied().unwrap_or_default();
                prop_assert_eq!(paid + open, total, "partner {}", partner);
            }
        }
    }
}
