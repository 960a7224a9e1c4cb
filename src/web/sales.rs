//! The partner's own pages: register a sale, my sales with stats and a
//! 30-day trend, a sale's detail (history, distribution, network snapshot,
//! cancellation), the monthly commission statement and the downline tree.
//! Every signed-in user can be a partner; each page shows the viewer's own
//! data, and a sale's detail also opens to whoever may read its partner.

mod detail;
mod list;
mod network;
mod register;
mod statement;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::Routes;
use crate::db::organisation::Organisation;
use crate::domain::sale_status::SaleStatus;

pub fn routes(r: &mut Routes) {
    // Ids are digits only, so `/sales/new` and `/sales/kpis` never reach `detail`.
    r.get("/sales", list::index)
        .get("/sales/new", register::new)
        .post("/sales", register::create)
        .get("/sales/{id:\\d+}", detail::show)
        .post("/sales/{id:\\d+}/cancel", detail::cancel)
        .get("/commissions", statement::index)
        .get("/network", network::index);
}

/// An amount in the organisation's currency: "$1,234.50", "−₩5,000".
pub(crate) fn money(org: &Organisation, amount: Decimal) -> String {
    org.money_scale().format(amount, &org.currency_code)
}

/// The label and badge class of a sale status.
pub(crate) fn status_badge(status: SaleStatus) -> (&'static str, &'static str) {
    match status {
        SaleStatus::Pending => ("Waiting for approval", "badge badge-warn"),
        SaleStatus::Confirmed => ("Confirmed", "badge badge-ok"),
        SaleStatus::Cancelled => ("Cancelled", "badge badge-muted"),
        SaleStatus::Refunded => ("Refunded", "badge badge-error"),
    }
}

/// What a commission line pays for, as a reader says it.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "direct" => "Direct",
        "upline" => "Upline",
        "matching" => "Matching bonus",
        _ => "Other",
    }
}

/// An instant as the organisation's clock shows it: "12 Mar 2026, 14:05".
fn local_time(org: &Organisation, instant: DateTime<Utc>) -> String {
    super::format::date_time(instant, super::format::zone(org))
}

/// The 1st of the month before / after `month_start`, as `YYYY-MM`.
fn month_param(month_start: NaiveDate) -> String {
    format!("{:04}-{:02}", month_start.year(), month_start.month())
}

fn shift_month(month_start: NaiveDate, forward: bool) -> NaiveDate {
    let shifted = if forward {
        month_start.checked_add_months(Months::new(1))
    } else {
        month_start.checked_sub_months(Months::new(1))
    };
    shifted.unwrap_or(month_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_step_across_years() {
        let january = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(month_param(shift_month(january, false)), "2025-12");
        assert_eq!(month_param(shift_month(january, true)), "2026-02");
    }
}
