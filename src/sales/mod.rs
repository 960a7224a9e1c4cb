//! Partner sales: registration, approval, confirmation with an instant
//! commission distribution, and exact reversal on cancellation or refund.
//! Every operation is one transaction; the ledger is only ever appended to.

mod confirm;
mod decide;
mod register;
mod reverse;

pub mod access;
pub mod detail;
pub mod explain;
pub mod form;
pub mod ledger;
pub mod mine;
pub mod network;
pub mod queue;
pub mod settings;
pub mod statement;

pub use confirm::would_distribute;
pub use decide::{
    Decision, approve, approve_at, check_approver, decide_checked, reject, reject_at,
};
pub use register::{register, register_at};
pub use reverse::{cancel, cancel_at, refund, refund_at};

use diesel::PgConnection;

use crate::db::sales::Sale;
use crate::domain::sale_status::SaleStatus;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::live::LiveEvent;

/// Tells open pages what a sale's change moved: the partner's figures when
/// commission and metric events were written or reversed, the approval
/// queue when the sale entered or left it.
fn publish_change(conn: &mut PgConnection, sale: &Sale, from: SaleStatus) {
    let mut events = Vec::with_capacity(2);
    if sale.commission_calculated {
        events.push(LiveEvent::progress([sale.partner_id]));
    }
    if from == SaleStatus::Pending {
        events.push(LiveEvent::SalesQueue);
    }
    crate::live::publish(conn, &events);
}

fn already(sale: &Sale) -> AppError {
    AppError::Conflict(already_reversed(sale.status))
}

/// "This sale is already cancelled." — a change refused because the sale
/// has moved on.
pub fn already_reversed(status: SaleStatus) -> Msg {
    Msg::new(match status {
        SaleStatus::Pending => "sale-already-pending",
        SaleStatus::Confirmed => "sale-already-confirmed",
        SaleStatus::Cancelled => "sale-already-cancelled",
        SaleStatus::Refunded => "sale-already-refunded",
    })
}

/// The reason history gives a sale confirmed on registration; pages show
/// it in the reader's language.
pub const AUTO_CONFIRMED: &str = "Confirmed automatically: at or below the auto-confirm limit.";
