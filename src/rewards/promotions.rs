//! Tier promotion suggestions. The rule: a partner (an active user with a
//! partner type and tier) whose revenue in each of the last
//! [`MONTHS`] complete calendar months reached the next tier's requirement
//! — the type's `min_monthly_sales` × the next tier's `target_multiplier`,
//! the next tier being the active one of the lowest rank above theirs — is
//! suggested for promotion to it. An admin accepts (the user's tier
//! changes, audited) or dismisses; the same evidence (user, tier, last
//! month) never makes a second suggestion, and a partner has at most one
//! pending.

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Date, Int4};

use crate::db::achievements::TierPromotion;
use crate::db::audit::NewAuditEntry;
use crate::db::schema::users;
use crate::db::users::User;
use crate::error::AppError;
use crate::i18n::Msg;

/// How many complete months in a row a partner must be above the bar.
pub const MONTHS: u32 = 3;

/// The first days of the [`MONTHS`] complete months before `today`'s.
pub fn evidence_months(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this_month = today.with_day(1).unwrap_or(today);
    let last = this_month - Months::new(1);
    let first = this_month - Months::new(MONTHS);
    (first, last)
}

/// Records the suggestions due on `today`; returns how many are new.
pub fn suggest(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<usize> {
    let (first, last) = evidence_months(today);
    diesel::sql_query(
        "WITH partners AS (
             SELECT u.id AS user_id, u.partner_tier_id AS from_tier, nt.id AS to_tier,
                    pt.min_monthly_sales * nt.target_multiplier AS required
             FROM users u
             JOIN partner_types pt ON pt.id = u.partner_type_id
             JOIN partner_tiers ct ON ct.id = u.partner_tier_id
             JOIN LATERAL (
                 SELECT t.id, t.target_multiplier FROM partner_tiers t
                 WHERE t.active AND t.rank > ct.rank
                 ORDER BY t.rank LIMIT 1
             ) nt ON TRUE
             WHERE u.active
         ), months AS (
             SELECT p.user_id, gs.month,
                    COALESCE((SELECT sum(e.value) FROM metric_events e
                              JOIN metric_definitions m ON m.id = e.metric_id AND m.key = 'revenue'
                              WHERE e.user_id = p.user_id
                                AND e.occurred_on >= gs.month
                                AND e.occurred_on < gs.month + interval '1 month'), 0) AS revenue
             FROM partners p
             CROSS JOIN generate_series($1::date, $2::date, interval '1 month') AS gs(month)
         ), qualified AS (
             SELECT p.*, min(m.revenue) AS lowest
             FROM partners p JOIN months m ON m.user_id = p.user_id
             GROUP BY p.user_id, p.from_tier, p.to_tier, p.required
             HAVING count(*) = $3 AND min(m.revenue) >= p.required AND p.required > 0
                -- what the columns hold; larger figures are bad data, not a promotion
                AND min(m.revenue) < 1e16 AND p.required < 1e16
         )
         INSERT INTO tier_promotions (user_id, from_tier_id, to_tier_id, first_month,
                                      last_month, required, lowest_month)
         SELECT user_id, from_tier, to_tier, $1, $2, round(required, 2), lowest
         FROM qualified
         ORDER BY user_id
         ON CONFLICT DO NOTHING",
    )
    .bind::<Date, _>(first)
    .bind::<Date, _>(last)
    .bind::<Int4, _>(MONTHS as i32)
    .execute(conn)
}

/// An admin's decision on a pending suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Dismiss,
}

/// Accepts (moves the partner to the suggested tier) or dismisses a
/// suggestion, audited, in one transaction. 409 when it is no longer
/// pending or the partner's tier has changed since.
pub fn decide(
    conn: &mut PgConnection,
    admin: &User,
    id: i64,
    decision: Decision,
) -> Result<TierPromotion, AppError> {
    conn.transaction(|conn| {
        let suggestion = TierPromotion::lock(conn, id)?;
        if suggestion.status != "pending" {
            return Err(AppError::Conflict(Msg::new(
                if suggestion.status == "accepted" {
                    "admin-promotion-already-accepted"
                } else {
                    "admin-promotion-already-dismissed"
                },
            )));
        }
        let partner = User::find(conn, suggestion.user_id)?;
        let status = match decision {
            Decision::Accept => {
                if partner.partner_tier_id != Some(suggestion.from_tier_id) {
                    return Err(AppError::Conflict(Msg::new("admin-promotion-tier-changed")));
                }
                let after: User = diesel::update(users::table.find(partner.id))
                    .set(users::partner_tier_id.eq(suggestion.to_tier_id))
                    .returning(User::as_returning())
                    .get_result(conn)?;
                NewAuditEntry::new(
                    Some(admin.id),
                    "promote",
                    "user",
                    Some(partner.id),
                    format!(
                        "Promoted {} to the next partner tier (suggestion {})",
                        partner.name, suggestion.id
                    ),
                )
                .before(&serde_json::json!({ "partner_tier_id": partner.partner_tier_id }))
                .after(&serde_json::json!({ "partner_tier_id": after.partner_tier_id }))
                .record(conn)?;
                "accepted"
            }
            Decision::Dismiss => "dismissed",
        };
        let decided = TierPromotion::decide(conn, id, status, admin.id)?;
        NewAuditEntry::new(
            Some(admin.id),
            status.trim_end_matches('d').trim_end_matches('e'),
            "tier_promotion",
            Some(id),
            format!(
                "{} the tier promotion suggested for {}",
                if status == "accepted" {
                    "Accepted"
                } else {
                    "Dismissed"
                },
                partner.name
            ),
        )
        .before(&suggestion)
        .after(&decided)
        .record(conn)?;
        Ok(decided)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evidence_is_the_three_months_before_this_one() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            evidence_months(d(2027, 2, 14)),
            (d(2026, 11, 1), d(2027, 1, 1))
        );
        assert_eq!(
            evidence_months(d(2026, 12, 1)),
            (d(2026, 9, 1), d(2026, 11, 1))
        );
    }
}
