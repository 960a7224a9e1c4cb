//! Commission distribution: who in the partner network is paid what for one
//! confirmed sale, as a pure function of (amount, network snapshot, plan).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

pub mod working;

/// The most sponsors a snapshot keeps above the partner. A plan pays at most
/// [`MAX_DEPTH`] levels; the rest is room for compression to skip inactive ones.
pub const MAX_UPLINE: usize = 100;
/// The deepest upline level a plan may pay.
pub const MAX_DEPTH: u32 = 50;

/// A partner as the network looked when the sale was confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkNode {
    pub user_id: i64,
    pub name: String,
    pub tier_id: Option<i64>,
    pub tier_code: Option<String>,
    pub partner_type_id: Option<i64>,
    pub active: bool,
    pub sponsor_id: Option<i64>,
}

/// How many partners the seller had below them (shown, never paid on).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownlineSummary {
    pub direct_count: u32,
    pub total_count: u32,
}

/// The seller and their sponsor chain frozen at confirmation, so a later
/// refund reverses what was paid rather than a recomputation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkSnapshot {
    pub partner: NetworkNode,
    /// Sponsor first, then the sponsor's sponsor, and so on.
    pub upline: Vec<NetworkNode>,
    pub downline_summary: DownlineSummary,
}

impl NetworkSnapshot {
    /// Follows `sponsor_id` upward from the partner, asking `node_of` for each
    /// sponsor, as far as `plan` could pay: until the plan's paid levels are
    /// all filled by counted sponsors (active ones under compression, every
    /// one without), and never less than the personal sponsor (the matching
    /// bonus). Also stops at the top, at a sponsor `node_of` does not know,
    /// at a partner already seen (a cycle in bad data) or after
    /// [`MAX_UPLINE`]. Sponsors above the reach could never be paid, so the
    /// snapshot holds exactly the network the distribution depended on.
    pub fn capture(
        partner: NetworkNode,
        downline_summary: DownlineSummary,
        plan: &CommissionPlan,
        mut node_of: impl FnMut(i64) -> Option<NetworkNode>,
    ) -> Self {
        let reach = plan.reach();
        let mut seen = HashSet::from([partner.user_id]);
        let mut upline = Vec::new();
        let mut counted = 0;
        let mut next = partner.sponsor_id;
        while let Some(id) = next {
            if counted >= reach || upline.len() == MAX_UPLINE || !seen.insert(id) {
                break;
            }
            let Some(node) = node_of(id) else { break };
            next = node.sponsor_id;
            if node.active || !plan.compression {
                counted += 1;
            }
            upline.push(node);
        }
        Self {
            partner,
            upline,
            downline_summary,
        }
    }
}

/// One version of the commission plan. Rates are fractions (0.05 = 5 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionPlan {
    pub version: i32,
    /// The seller's direct rate by partner tier id.
    pub direct_rates: BTreeMap<i64, Decimal>,
    /// For sellers without a tier, or whose tier has no rate here.
    pub default_direct_rate: Decimal,
    /// `upline_rates[0]` is level 1 (the first counted sponsor), and so on.
    pub upline_rates: Vec<Decimal>,
    /// Share of the seller's direct commission paid to their personal sponsor.
    pub matching_rate: Decimal,
    /// Upline levels beyond this are not paid, whatever `upline_rates` holds.
    pub max_depth: u32,
    /// Skip inactive sponsors without using up a level.
    pub compression: bool,
}

/// Which rate of a plan a [`PlanError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateName {
    Tier(i64),
    Default,
    Upline(u32),
    Matching,
}

impl fmt::Display for RateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tier(id) => write!(f, "direct rate of tier {id}"),
            Self::Default => f.write_str("default direct rate"),
            Self::Upline(level) => write!(f, "level {level} upline rate"),
            Self::Matching => f.write_str("matching rate"),
        }
    }
}

/// Why a plan is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the {0} may not be negative")]
    NegativeRate(RateName),
    #[error("the {0} may not exceed 100%")]
    RateAboveOne(RateName),
    #[error("the maximum depth is {MAX_DEPTH} levels, not {0}")]
    TooDeep(u32),
    #[error(
        "the plan could pay {pct}% of a sale; it may pay at most 100%",
        pct = (.0 * Decimal::ONE_HUNDRED).normalize()
    )]
    PaysMoreThanTheSale(Decimal),
}

impl CommissionPlan {
    /// The seller's direct rate: their tier's, else the default.
    pub fn direct_rate(&self, tier_id: Option<i64>) -> Decimal {
        tier_id
            .and_then(|tier| self.direct_rates.get(&tier))
            .copied()
            .unwrap_or(self.default_direct_rate)
    }

    /// How many counted sponsors a snapshot must hold for this plan: the
    /// paid levels, and at least the personal sponsor (matching bonus).
    pub fn reach(&self) -> usize {
        self.paid_levels().max(1)
    }

    /// How many upline levels can be paid: `min(max_depth, upline_rates.len())`.
    pub fn paid_levels(&self) -> usize {
        self.upline_rates.len().min(self.max_depth as usize)
    }

    /// The most a sale can pay out, as a fraction of the sale: the highest
    /// direct rate, every payable upline level, and matching on that direct.
    pub fn max_payout_ratio(&self) -> Decimal {
        let direct = self
            .direct_rates
            .values()
            .copied()
            .fold(self.default_direct_rate, Decimal::max);
        let upline: Decimal = self.upline_rates[..self.paid_levels()].iter().sum();
        direct + upline + self.matching_rate * direct
    }

    /// Every rate lies in 0..=1, `max_depth` ≤ [`MAX_DEPTH`], and
    /// [`max_payout_ratio`](Self::max_payout_ratio) ≤ 1. Returns every problem.
    pub fn validate(&self) -> Result<(), Vec<PlanError>> {
        let mut rates: Vec<_> = (self.direct_rates.iter())
            .map(|(&tier, &rate)| (RateName::Tier(tier), rate))
            .collect();
        rates.push((RateName::Default, self.default_direct_rate));
        rates.extend(
            (1..)
                .zip(&self.upline_rates)
                .map(|(l, &r)| (RateName::Upline(l), r)),
        );
        rates.push((RateName::Matching, self.matching_rate));
        let mut errors = Vec::new();
        for (name, rate) in rates {
            if rate < Decimal::ZERO {
                errors.push(PlanError::NegativeRate(name));
            } else if rate > Decimal::ONE {
                errors.push(PlanError::RateAboveOne(name));
            }
        }
        // Only a plan of sane rates has a meaningful (and overflow-free) total.
        if errors.is_empty() && self.max_payout_ratio() > Decimal::ONE {
            errors.push(PlanError::PaysMoreThanTheSale(self.max_payout_ratio()));
        }
        if self.max_depth > MAX_DEPTH {
            errors.push(PlanError::TooDeep(self.max_depth));
        }
        errors.is_empty().then_some(()).ok_or(errors)
    }
}

/// What a line pays for; stored as `direct`, `upline` or `matching`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Direct,
    Upline,
    Matching,
}

impl Kind {
    /// The same text serde writes, for the ledger's `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Upline => "upline",
            Self::Matching => "matching",
        }
    }
}

/// One payment to one partner: `amount` is `base × rate` rounded half-even to
/// the minor unit. Levels: direct 0, upline the level paid at (1..N),
/// matching 1 (the seller's personal sponsor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub recipient_id: i64,
    pub kind: Kind,
    pub level: u32,
    pub rate: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
}

/// A sale's commission lines; `house_share` is what the network is not paid
/// (unused rates and rounding leftovers), `amount − total` for a positive sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    pub plan_version: i32,
    pub lines: Vec<Line>,
    pub total: Decimal,
    pub house_share: Decimal,
}

/// Distributes the commission of a sale of `amount` (expects a validated plan).
///
/// - **Direct** (level 0): the seller, active or not, gets `amount ×` the
///   direct rate of their tier (or the default).
/// - **Upline** (levels 1..=[`paid_levels`](CommissionPlan::paid_levels)):
///   walking the upline sponsor first, each active sponsor takes the next
///   level's rate of `amount`. An inactive sponsor is skipped without using a
///   level under compression; without it, they use up their level unpaid.
/// - **Matching** (level 1): the personal sponsor, if active, gets
///   `matching_rate ×` the rounded direct line. No compression: an inactive
///   sponsor's matching is not passed further up.
/// - Each line is rounded half-even to `minor_unit` places; leftovers stay
///   with the house. Zero lines are left out; a non-positive amount pays none.
/// - The lines never add up to more than the sale: if rounding up would, the
///   excess comes off the last lines (matching first, then the deepest level).
pub fn distribute(
    amount: Decimal,
    minor_unit: u32,
    snapshot: &NetworkSnapshot,
    plan: &CommissionPlan,
) -> Distribution {
    working::work(amount, minor_unit, snapshot, plan).distribution()
}

/// The reversing twin of each line (same recipient, kind, level, rate and
/// base; negated amount): a sale's lines and their reversal net to zero.
pub fn reverse(lines: &[Line]) -> Vec<Line> {
    let mut twins = lines.to_vec();
    for twin in &mut twins {
        twin.amount = -twin.amount;
    }
    twins
}

#[cfg(test)]
mod tests;
