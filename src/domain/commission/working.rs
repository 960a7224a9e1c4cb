//! The distribution's working, step by step: which direct rate applied and
//! why, what happened to each sponsor of the snapshot (paid at a level,
//! skipped by compression, a level used up unpaid, beyond the plan's
//! depth), and each line's exact product before rounding, its rounded
//! amount and what the cap took off. [`distribute`](super::distribute) is
//! [`work`] followed by [`Working::distribution`], so an explanation is
//! the very computation that paid, not a second one that could drift.

use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy::{MidpointNearestEven, ToZero};

use super::{CommissionPlan, Distribution, Kind, Line, NetworkNode, NetworkSnapshot};

/// Where the seller's direct rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectRateSource {
    /// The rate the plan sets for the seller's tier.
    Tier(i64),
    /// The plan's default: the seller has no tier, or the plan no rate for it.
    Default,
}

/// What one sponsor of the snapshot meant for the upline levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SponsorFate {
    /// Counted at this level and paid its rate.
    Paid(u32),
    /// Inactive and skipped under compression, without using up a level.
    Compressed,
    /// Inactive without compression: used up this level, unpaid.
    LevelUnpaid(u32),
    /// Counted after every paid level was filled.
    BeyondDepth,
}

/// A sponsor of the snapshot and its fate; `matching` marks the personal
/// sponsor who takes the matching line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub node: NetworkNode,
    pub fate: SponsorFate,
    pub matching: bool,
}

/// One computed line: `exact` is `base × rate` before rounding, `rounded`
/// the half-even amount, and `line.amount` what was paid after the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub line: Line,
    pub exact: Decimal,
    pub rounded: Decimal,
}

impl Step {
    /// What the cap (never more than the sale) took off this line.
    pub fn capped(&self) -> Decimal {
        self.rounded - self.line.amount
    }
}

/// The whole working of one sale's distribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Working {
    pub plan_version: i32,
    pub amount: Decimal,
    pub minor_unit: u32,
    pub direct_rate_source: DirectRateSource,
    pub chain: Vec<ChainLink>,
    /// Every computed line in order, those that came to zero included.
    pub steps: Vec<Step>,
    /// The sale rounded down to the minor unit: the most the lines may add to.
    pub payable: Decimal,
}

impl Working {
    /// The lines as paid: the steps that did not come to zero.
    pub fn distribution(&self) -> Distribution {
        let lines: Vec<Line> = (self.steps.iter())
            .map(|step| step.line)
            .filter(|line| !line.amount.is_zero())
            .collect();
        let total: Decimal = lines.iter().map(|line| line.amount).sum();
        Distribution {
            plan_version: self.plan_version,
            house_share: self.amount.max(Decimal::ZERO) - total,
            total,
            lines,
        }
    }

    /// The step that wrote a ledger line of this recipient, kind and level.
    pub fn step_for(&self, recipient_id: i64, kind: Kind, level: u32) -> Option<&Step> {
        self.steps.iter().find(|step| {
            (step.line.recipient_id, step.line.kind, step.line.level) == (recipient_id, kind, level)
        })
    }
}

/// Works out the distribution of a sale of `amount`; the rules are those
/// documented on [`distribute`](super::distribute).
pub fn work(
    amount: Decimal,
    minor_unit: u32,
    snapshot: &NetworkSnapshot,
    plan: &CommissionPlan,
) -> Working {
    let step = |recipient_id, kind, level, rate: Decimal, base: Decimal| {
        let exact = base * rate;
        let rounded = exact.round_dp_with_strategy(minor_unit, MidpointNearestEven);
        Step {
            line: Line {
                recipient_id,
                kind,
                level,
                rate,
                base,
                amount: rounded,
            },
            exact,
            rounded,
        }
    };
    let seller = &snapshot.partner;
    let direct_rate_source = match seller.tier_id {
        Some(tier) if plan.direct_rates.contains_key(&tier) => DirectRateSource::Tier(tier),
        _ => DirectRateSource::Default,
    };
    let chain = sponsor_fates(snapshot, plan);
    let payable = amount.round_dp_with_strategy(minor_unit, ToZero);
    let mut steps = Vec::new();
    if amount > Decimal::ZERO {
        let direct = step(
            seller.user_id,
            Kind::Direct,
            0,
            plan.direct_rate(seller.tier_id),
            amount,
        );
        steps.push(direct);
        for link in &chain {
            if let SponsorFate::Paid(level) = link.fate {
                let rate = plan.upline_rates[level as usize - 1];
                steps.push(step(link.node.user_id, Kind::Upline, level, rate, amount));
            }
        }
        if let Some(sponsor) = chain.iter().find(|link| link.matching) {
            let (rate, base) = (plan.matching_rate, direct.rounded);
            steps.push(step(sponsor.node.user_id, Kind::Matching, 1, rate, base));
        }
        cap(&mut steps, payable);
    }
    Working {
        plan_version: plan.version,
        amount,
        minor_unit,
        direct_rate_source,
        chain,
        steps,
        payable,
    }
}

/// Each sponsor's fate, sponsor first: counted sponsors (active ones under
/// compression, every one without) take levels 1, 2, … up to the plan's
/// paid levels; the personal sponsor takes matching if active.
fn sponsor_fates(snapshot: &NetworkSnapshot, plan: &CommissionPlan) -> Vec<ChainLink> {
    let mut level = 0u32;
    (snapshot.upline.iter().enumerate())
        .map(|(i, node)| {
            let fate = if !node.active && plan.compression {
                SponsorFate::Compressed
            } else {
                level += 1;
                match (level as usize <= plan.paid_levels(), node.active) {
                    (false, _) => SponsorFate::BeyondDepth,
                    (true, true) => SponsorFate::Paid(level),
                    (true, false) => SponsorFate::LevelUnpaid(level),
                }
            };
            ChainLink {
                node: node.clone(),
                fate,
                matching: i == 0 && node.active,
            }
        })
        .collect()
}

/// Cuts the lines, last first, until they add up to at most `limit`.
fn cap(steps: &mut [Step], limit: Decimal) {
    let mut excess = steps.iter().map(|s| s.line.amount).sum::<Decimal>() - limit;
    for step in steps.iter_mut().rev() {
        if excess <= Decimal::ZERO {
            break;
        }
        let cut = excess.min(step.line.amount);
        step.line.amount -= cut;
        excess -= cut;
    }
}
