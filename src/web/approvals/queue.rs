//! What the approval queue shows a viewer: the pending sales in their reach,
//! oldest first, each marked with whether the viewer may decide it.

use chrono::{DateTime, Utc};
use diesel::PgConnection;

use crate::db::users::User;
use crate::domain::role::Role;
use crate::i18n::Lang;
use crate::sales::queue::{Pending, pending};
use crate::web::error::AppError;
use crate::web::format::Fmt;

/// Rows the page lists; the rest are counted. The oldest come first, so
/// what is shown is what most needs a decision.
pub const LIMIT: i64 = 200;

/// Sales older than this many hours are flagged as waiting too long.
const STALE_HOURS: i64 = 48;

pub struct QueueRow {
    pub id: i64,
    pub partner: String,
    pub partner_email: String,
    pub title: String,
    pub order_number: String,
    /// "appliances · online".
    pub detail: String,
    pub amount: String,
    /// "3 h", "2 d".
    pub age: String,
    /// When it was registered, in the organisation's time zone.
    pub registered: String,
    pub stale: bool,
    /// Why the viewer cannot decide it, or `None` when they can.
    pub blocked: Option<String>,
    /// The note as typed, when the form comes back with a message.
    pub note: String,
    pub note_error: Option<String>,
}

pub struct Queue {
    pub rows: Vec<QueueRow>,
    /// Every pending sale in the viewer's reach (the page shows at most [`LIMIT`]).
    pub total: i64,
    pub total_amount: String,
    /// How many of the shown rows the viewer may decide.
    pub decidable: usize,
    pub is_admin: bool,
    pub auto_confirm_limit: String,
    pub manager_limit: String,
}

/// The queue as the page shows it.
pub fn load(conn: &mut PgConnection, viewer: &User, f: &Fmt) -> Result<Queue, AppError> {
    let Pending {
        rules,
        now,
        total,
        amount,
        sales,
    } = pending(conn, viewer, LIMIT)?;
    let is_admin = viewer.role() == Role::Admin;
    let rows: Vec<QueueRow> = sales
        .into_iter()
        .map(|sale| {
            let blocked = if sale.partner_id == viewer.id {
                Some(f.lang.t("approval-blocked-own"))
            } else if !is_admin && sale.amount > rules.manager_approval_limit {
                Some(f.lang.t("approval-blocked-admin"))
            } else {
                None
            };
            let channel = crate::web::sales::channel_label(f.lang, &sale.sales_channel);
            let detail = [sale.category.as_deref(), Some(channel.as_str())]
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            QueueRow {
                id: sale.id,
                partner: sale.partner_name,
                partner_email: sale.partner_email,
                title: sale.title,
                order_number: sale.order_number,
                detail,
                amount: f.money(sale.amount),
                age: age(f.lang, sale.created_at, now),
                registered: f.instant(sale.created_at),
                stale: (now - sale.created_at).num_hours() >= STALE_HOURS,
                blocked,
                note: String::new(),
                note_error: None,
            }
        })
        .collect();
    Ok(Queue {
        decidable: rows.iter().filter(|r| r.blocked.is_none()).count(),
        rows,
        total,
        total_amount: f.money(amount.unwrap_or_default()),
        is_admin,
        auto_confirm_limit: f.money(rules.auto_confirm_limit),
        manager_limit: f.money(rules.manager_approval_limit),
    })
}

/// How long a sale has waited, coarsely: "just now", "12 min", "3 h", "2 d".
pub fn age(lang: Lang, since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let waited = now - since;
    match (waited.num_minutes(), waited.num_hours(), waited.num_days()) {
        (minutes, _, _) if minutes < 1 => lang.t("approval-age-now"),
        (minutes, hours, _) if hours < 1 => {
            lang.tr("approval-age-minutes", [("count", minutes.into())])
        }
        (_, hours, days) if days < 1 => lang.tr("approval-age-hours", [("count", hours.into())]),
        (_, _, days) => lang.tr("approval-age-days", [("count", days.into())]),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn age_is_coarse_minutes_hours_then_days() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let ago = |d: Duration| super::age(Lang::En, now - d, now);
        assert_eq!(ago(Duration::seconds(20)), "just now");
        assert_eq!(ago(Duration::minutes(12)), "12 min");
        assert_eq!(ago(Duration::minutes(200)), "3 h");
        assert_eq!(ago(Duration::hours(23)), "23 h");
        assert_eq!(ago(Duration::hours(50)), "2 d");
        // A clock a little behind the database's never shows a negative age.
        assert_eq!(ago(Duration::seconds(-5)), "just now");
    }
}
