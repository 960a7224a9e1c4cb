//! Paying commissions: which open ledger lines a payout run settles for
//! each partner, and a partner's monthly statement. Pure: the service reads
//! the lines and writes what these functions decide.
//!
//! A partner's balance is the sum of their ledger lines less what was paid.
//! A run settles, per partner, every open line that is due: negative lines
//! (reversals, downward adjustments) always, so a clawback is deducted at
//! the first chance; positive lines once written before the run's cut-off
//! and older than the holdback. The partner is paid the net of those lines
//! when it reaches the minimum (and is above zero); otherwise every line
//! stays open and carries to the next run. What stays open after a payment
//! is only positive lines, so nobody is ever paid from a negative balance.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;

/// Where a payout run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayoutStatus {
    Draft,
    Approved,
    Paid,
    /// A draft set aside; its ledger lines were released for a new run.
    Discarded,
}

impl PayoutStatus {
    pub const ALL: [PayoutStatus; 4] = [
        PayoutStatus::Draft,
        PayoutStatus::Approved,
        PayoutStatus::Paid,
        PayoutStatus::Discarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PayoutStatus::Draft => "draft",
            PayoutStatus::Approved => "approved",
            PayoutStatus::Paid => "paid",
            PayoutStatus::Discarded => "discarded",
        }
    }

    /// The one status a run may move to from this one.
    pub fn next(self) -> Option<PayoutStatus> {
        match self {
            PayoutStatus::Draft => Some(PayoutStatus::Approved),
            PayoutStatus::Approved => Some(PayoutStatus::Paid),
            PayoutStatus::Paid | PayoutStatus::Discarded => None,
        }
    }
}

impl fmt::Display for PayoutStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`PayoutStatus::as_str`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown payout status")]
pub struct UnknownPayoutStatus;

impl FromStr for PayoutStatus {
    type Err = UnknownPayoutStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PayoutStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or(UnknownPayoutStatus)
    }
}

/// A ledger line no payout has settled yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLine {
    pub entry_id: i64,
    pub partner_id: i64,
    pub amount: Decimal,
    pub written_at: DateTime<Utc>,
}

/// The organisation's payout rules, as a run applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutRules {
    /// Below this net amount nothing is paid; the balance carries forward.
    pub minimum: Decimal,
    /// Positive lines younger than this many days at the run wait.
    pub holdback_days: u32,
}

/// When a run looks at the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunWindow {
    /// Positive lines written at or after this instant (the end of the
    /// run's month) belong to a later run.
    pub cutoff: DateTime<Utc>,
    /// When the run is made: the holdback counts back from here.
    pub as_of: DateTime<Utc>,
}

/// What one partner is paid in a run, and the lines that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerPayout {
    pub partner_id: i64,
    /// The net paid: `earned - recovered`, always above zero.
    pub amount: Decimal,
    /// The positive lines settled.
    pub earned: Decimal,
    /// The negative lines settled (as a positive number): clawbacks of
    /// earlier payments and reversals deducted before payment.
    pub recovered: Decimal,
    pub entry_ids: Vec<i64>,
}

/// Whether a line is due in a run with these rules and this window.
pub fn is_due(line: &OpenLine, rules: &PayoutRules, window: &RunWindow) -> bool {
    if line.amount < Decimal::ZERO {
        return true;
    }
    let held_until = line.written_at + Duration::days(i64::from(rules.holdback_days));
    line.written_at < window.cutoff && held_until <= window.as_of
}

/// The payouts of a run: one per partner whose due lines net to at least
/// the minimum and above zero, ordered by partner id. Lines of other
/// partners and lines not due stay open.
pub fn plan_run(lines: &[OpenLine], rules: &PayoutRules, window: &RunWindow) -> Vec<PartnerPayout> {
    let mut due: BTreeMap<i64, Vec<&OpenLine>> = BTreeMap::new();
    for line in lines.iter().filter(|l| is_due(l, rules, window)) {
        due.entry(line.partner_id).or_default().push(line);
    }
    due.into_iter()
        .filter_map(|(partner_id, lines)| {
            let earned: Decimal = lines
                .iter()
                .filter(|l| l.amount > Decimal::ZERO)
                .map(|l| l.amount)
                .sum();
            let recovered: Decimal = -lines
                .iter()
                .filter(|l| l.amount < Decimal::ZERO)
                .map(|l| l.amount)
                .sum::<Decimal>();
            let amount = earned - recovered;
            (amount > Decimal::ZERO && amount >= rules.minimum).then(|| {
                let mut entry_ids: Vec<i64> = lines.iter().map(|l| l.entry_id).collect();
                entry_ids.sort_unstable();
                PartnerPayout {
                    partner_id,
                    amount,
                    earned,
                    recovered,
                    entry_ids,
                }
            })
        })
        .collect()
}

/// A ledger line as a statement counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementLine {
    pub amount: Decimal,
    pub written_at: DateTime<Utc>,
}

/// A payment as a statement counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub amount: Decimal,
    /// The clawbacks deducted in it.
    pub recovered: Decimal,
    pub paid_at: DateTime<Utc>,
}

/// One partner's month: `closing = opening + earned - reversed - paid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Statement {
    /// What was owed when the month began (negative: owed back).
    pub opening: Decimal,
    /// Positive lines written in the month.
    pub earned: Decimal,
    /// Negative lines written in the month, as a positive number.
    pub reversed: Decimal,
    /// Reversals deducted from payments made in the month.
    pub recovered: Decimal,
    /// Payments made in the month.
    pub paid: Decimal,
    pub closing: Decimal,
}

/// The statement of a month that starts at `from` and ends before `until`.
pub fn statement(
    lines: &[StatementLine],
    payments: &[Payment],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Statement {
    let before = |at: DateTime<Utc>| at < from;
    let within = |at: DateTime<Utc>| at >= from && at < until;
    let owed_before: Decimal = lines
        .iter()
        .filter(|l| before(l.written_at))
        .map(|l| l.amount)
        .sum();
    let paid_before: Decimal = payments
        .iter()
        .filter(|p| before(p.paid_at))
        .map(|p| p.amount)
        .sum();
    let month_lines = lines.iter().filter(|l| within(l.written_at));
    let earned: Decimal = month_lines
        .clone()
        .filter(|l| l.amount > Decimal::ZERO)
        .map(|l| l.amount)
        .sum();
    let reversed: Decimal = -month_lines
        .filter(|l| l.amount < Decimal::ZERO)
        .map(|l| l.amount)
        .sum::<Decimal>();
    let month_payments = payments.iter().filter(|p| within(p.paid_at));
    let paid: Decimal = month_payments.clone().map(|p| p.amount).sum();
    let recovered: Decimal = month_payments.map(|p| p.recovered).sum();
    let opening = owed_before - paid_before;
    Statement {
        opening,
        earned,
        reversed,
        recovered,
        paid,
        closing: opening + earned - reversed - paid,
    }
}

#[cfg(test)]
mod tests;
