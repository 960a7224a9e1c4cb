//! The partner's own pages: register a sale, my sales with stats and a
//! 30-day trend, a sale's detail (history, distribution, network snapshot,
//! cancellation), the monthly commission statement and the downline tree.
//! Every signed-in user can be a partner; each page shows the viewer's own
//! data, and a sale's detail also opens to whoever may read its partner.

mod detail;
mod list;
pub(crate) use list::{revenue_note, sources_note};
mod network;
mod register;
mod statement;
mod why;

use chrono::{Datelike, Months, NaiveDate};

use super::Routes;
use crate::domain::sale_status::SaleStatus;
use crate::i18n::Lang;

pub fn routes(r: &mut Routes) {
    // Ids are digits only, so `/sales/new` and `/sales/kpis` never reach `detail`.
    r.get("/sales", list::index)
        .get("/sales/new", register::new)
        .post("/sales", register::create)
        .get("/sales/{id:\\d+}", detail::show)
        .post("/sales/{id:\\d+}/cancel", detail::cancel)
        .get("/commissions", statement::index)
        .get("/commissions/{id:\\d+}/why", why::show)
        .get("/network", network::index);
}

/// A sale status in the reader's language: "Waiting for approval" / "승인 대기".
pub(crate) fn sale_status_label(lang: Lang, status: SaleStatus) -> String {
    lang.t(match status {
        SaleStatus::Pending => "sale-status-pending",
        SaleStatus::Confirmed => "sale-status-confirmed",
        SaleStatus::Cancelled => "sale-status-cancelled",
        SaleStatus::Refunded => "sale-status-refunded",
    })
}

/// The badge class of a sale status.
pub(crate) fn sale_status_class(status: SaleStatus) -> &'static str {
    match status {
        SaleStatus::Pending => "badge badge-warn",
        SaleStatus::Confirmed => "badge badge-ok",
        SaleStatus::Cancelled => "badge badge-muted",
        SaleStatus::Refunded => "badge badge-error",
    }
}

/// What a commission line pays for, as a reader says it.
fn kind_label(lang: Lang, kind: &str) -> String {
    lang.t(match kind {
        "direct" => "sale-kind-direct",
        "upline" => "sale-kind-upline",
        "matching" => "sale-kind-matching",
        "adjustment" => "sale-kind-adjustment",
        _ => "sale-kind-other",
    })
}

/// A sales channel as the reader's language names it ("online" → "Online"
/// / "온라인"); a channel this build does not know keeps its stored name.
pub(crate) fn channel_label(lang: Lang, channel: &str) -> String {
    let key = match channel {
        "online" => "sale-channel-online",
        "offline" => "sale-channel-offline",
        "referral" => "sale-channel-referral",
        "event" => "sale-channel-event",
        "phone" => "sale-channel-phone",
        "other" => "sale-channel-other",
        _ => return channel.to_string(),
    };
    lang.t(key)
}

/// A day without its year, for chart axes and tooltips: "12 Mar" / "3월 12일".
pub(crate) fn day_month(lang: Lang, day: NaiveDate) -> String {
    let month = lang.t(match day.month() {
        1 => "sale-month-1",
        2 => "sale-month-2",
        3 => "sale-month-3",
        4 => "sale-month-4",
        5 => "sale-month-5",
        6 => "sale-month-6",
        7 => "sale-month-7",
        8 => "sale-month-8",
        9 => "sale-month-9",
        10 => "sale-month-10",
        11 => "sale-month-11",
        _ => "sale-month-12",
    });
    lang.tr(
        "sale-day-month",
        [("day", day.day().into()), ("month", month.into())],
    )
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
