//! Where a sale stands: registered and waiting (pending), confirmed (its
//! commissions paid out), or ended by a cancellation or a refund.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleStatus {
    Pending,
    Confirmed,
    Cancelled,
    Refunded,
}

impl SaleStatus {
    pub const ALL: [SaleStatus; 4] = [
        SaleStatus::Pending,
        SaleStatus::Confirmed,
        SaleStatus::Cancelled,
        SaleStatus::Refunded,
    ];

    /// The stored name: "pending", "confirmed", "cancelled" or "refunded".
    pub fn as_str(self) -> &'static str {
        match self {
            SaleStatus::Pending => "pending",
            SaleStatus::Confirmed => "confirmed",
            SaleStatus::Cancelled => "cancelled",
            SaleStatus::Refunded => "refunded",
        }
    }

    /// A pending or confirmed sale may still be cancelled.
    pub fn is_open(self) -> bool {
        matches!(self, SaleStatus::Pending | SaleStatus::Confirmed)
    }

    /// Cancelled and refunded sales never change again.
    pub fn is_reversed(self) -> bool {
        !self.is_open()
    }
}

impl fmt::Display for SaleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`SaleStatus::as_str`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown sale status")]
pub struct UnknownSaleStatus;

impl FromStr for SaleStatus {
    type Err = UnknownSaleStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SaleStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(UnknownSaleStatus)
    }
}
