//! Disputes: a partner questions one of their own ledger lines, an admin
//! answers, then resolves or rejects it. The status machine, which lines
//! may be questioned, and what a resolution appends to the ledger. Pure:
//! the service reads the facts and writes what these functions decide.
//!
//! A resolution says what the questioned line should pay in all. The
//! ledger is never edited: the difference from what the line pays now (its
//! amount plus the adjustments of earlier disputes on it) is appended as
//! one `adjustment` line, up or down, or nothing when there is none.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Where a dispute stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DisputeStatus {
    /// Asked, waiting for an admin.
    Open,
    /// An admin answered; not closed yet.
    Answered,
    /// Closed, the line's amount settled (with an adjustment line when it
    /// changed).
    Resolved,
    /// Closed without a change.
    Rejected,
}

impl DisputeStatus {
    pub const ALL: [DisputeStatus; 4] = [
        DisputeStatus::Open,
        DisputeStatus::Answered,
        DisputeStatus::Resolved,
        DisputeStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeStatus::Open => "open",
            DisputeStatus::Answered => "answered",
            DisputeStatus::Resolved => "resolved",
            DisputeStatus::Rejected => "rejected",
        }
    }

    /// Resolved or rejected: nothing more happens to it.
    pub fn is_closed(self) -> bool {
        matches!(self, DisputeStatus::Resolved | DisputeStatus::Rejected)
    }

    /// The status `step` leads to from this one, or why it may not be taken.
    pub fn after(self, step: Step) -> Result<DisputeStatus, StepRefused> {
        match (self, step) {
            (DisputeStatus::Open, Step::Answer) => Ok(DisputeStatus::Answered),
            (DisputeStatus::Answered, Step::Answer) => Err(StepRefused::AlreadyAnswered),
            (DisputeStatus::Open | DisputeStatus::Answered, Step::Resolve) => {
                Ok(DisputeStatus::Resolved)
            }
            (DisputeStatus::Open | DisputeStatus::Answered, Step::Reject) => {
                Ok(DisputeStatus::Rejected)
            }
            (DisputeStatus::Resolved | DisputeStatus::Rejected, _) => Err(StepRefused::Closed),
        }
    }
}

impl fmt::Display for DisputeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`DisputeStatus::as_str`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown dispute status")]
pub struct UnknownDisputeStatus;

impl FromStr for DisputeStatus {
    type Err = UnknownDisputeStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DisputeStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or(UnknownDisputeStatus)
    }
}

/// What an admin does to a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Answer,
    Resolve,
    Reject,
}

/// Why a step is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepRefused {
    #[error("the dispute is closed")]
    Closed,
    #[error("the dispute is already answered")]
    AlreadyAnswered,
}

/// The facts about a ledger line that decide whether it may be questioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineFacts {
    /// The line's recipient.
    pub recipient_id: i64,
    /// It reverses another line (a refund's or cancellation's twin).
    pub is_reversal: bool,
    /// It is itself an adjustment.
    pub is_adjustment: bool,
    /// Its sale was refunded or cancelled: the line is reversed.
    pub sale_reversed: bool,
}

/// Why a line may not be questioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineRefused {
    /// Not the asker's line: answered as if it did not exist.
    #[error("not the partner's line")]
    NotTheirs,
    #[error("a reversal or an adjustment cannot be questioned; question the line it corrects")]
    NotAnOriginal,
    #[error("the sale was refunded or cancelled; its lines net to zero")]
    SaleReversed,
}

/// May `partner_id` question this line? Only their own original lines
/// (direct, upline, matching) of a sale that still stands.
pub fn may_question(partner_id: i64, line: &LineFacts) -> Result<(), LineRefused> {
    if line.recipient_id != partner_id {
        Err(LineRefused::NotTheirs)
    } else if line.is_reversal || line.is_adjustment {
        Err(LineRefused::NotAnOriginal)
    } else if line.sale_reversed {
        Err(LineRefused::SaleReversed)
    } else {
        Ok(())
    }
}

/// What the line pays now: its amount and every adjustment written for it.
pub fn paying_now(line_amount: Decimal, adjustments: &[Decimal]) -> Decimal {
    line_amount + adjustments.iter().copied().sum::<Decimal>()
}

/// The adjustment line a resolution appends: what the line should pay
/// less what it pays now; `None` when they agree (nothing is written).
pub fn adjustment(paying_now: Decimal, should_pay: Decimal) -> Option<Decimal> {
    let difference = should_pay - paying_now;
    (!difference.is_zero()).then_some(difference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn line(recipient_id: i64) -> LineFacts {
        LineFacts {
            recipient_id,
            is_reversal: false,
            is_adjustment: false,
            sale_reversed: false,
        }
    }

    #[test]
    fn a_dispute_moves_open_answered_then_resolved_or_rejected_and_stays_closed() {
        use DisputeStatus::*;
        assert_eq!(Open.after(Step::Answer), Ok(Answered));
        assert_eq!(Answered.after(Step::Resolve), Ok(Resolved));
        assert_eq!(Answered.after(Step::Reject), Ok(Rejected));
        assert_eq!(Open.after(Step::Resolve), Ok(Resolved));
        assert_eq!(
            Answered.after(Step::Answer),
            Err(StepRefused::AlreadyAnswered)
        );
        for closed in [Resolved, Rejected] {
            assert!(closed.is_closed());
            for step in [Step::Answer, Step::Resolve, Step::Reject] {
                assert_eq!(closed.after(step), Err(StepRefused::Closed));
            }
        }
        for status in DisputeStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert_eq!("void".parse::<DisputeStatus>(), Err(UnknownDisputeStatus));
    }

    #[test]
    fn only_the_partners_own_standing_original_lines_may_be_questioned() {
        assert_eq!(may_question(7, &line(7)), Ok(()));
        assert_eq!(may_question(8, &line(7)), Err(LineRefused::NotTheirs));
        let reversal = LineFacts {
            is_reversal: true,
            ..line(7)
        };
        assert_eq!(may_question(7, &reversal), Err(LineRefused::NotAnOriginal));
        let adjustment = LineFacts {
            is_adjustment: true,
            ..line(7)
        };
        assert_eq!(
            may_question(7, &adjustment),
            Err(LineRefused::NotAnOriginal)
        );
        let refunded = LineFacts {
            sale_reversed: true,
            ..line(7)
        };
        assert_eq!(may_question(7, &refunded), Err(LineRefused::SaleReversed));
        // Someone else's line is refused as not theirs before anything else.
        assert_eq!(may_question(8, &refunded), Err(LineRefused::NotTheirs));
    }

    #[test]
    fn a_resolution_appends_the_difference_from_what_the_line_pays_now() {
        assert_eq!(adjustment(dec!(50.00), dec!(65.00)), Some(dec!(15.00)));
        assert_eq!(adjustment(dec!(50.00), dec!(40.00)), Some(dec!(-10.00)));
        assert_eq!(adjustment(dec!(50.00), dec!(50)), None);
        // A second dispute on the same line counts the first's adjustment.
        let now = paying_now(dec!(50.00), &[dec!(15.00)]);
        assert_eq!(adjustment(now, dec!(60.00)), Some(dec!(-5.00)));
    }

    proptest! {
        #[test]
        fn after_any_resolutions_the_line_pays_exactly_the_last_amount_settled(
            line_cents in 1i64..1_000_000,
            settled in prop::collection::vec(0i64..2_000_000, 1..6),
        ) {
            let line = Decimal::new(line_cents, 2);
            let mut written = Vec::new();
            for cents in &settled {
                let should = Decimal::new(*cents, 2);
                if let Some(a) = adjustment(paying_now(line, &written), should) {
                    written.push(a);
                }
                prop_assert_eq!(paying_now(line, &written), should);
            }
        }
    }
}
