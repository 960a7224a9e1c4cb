//! Ending a sale: cancellation (pending or confirmed) and refund, with the
//! ledger reversed line by line and the metric events given negative twins.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use rust_decimal::Decimal;

use super::confirm::write_sale_events;
use super::{already, publish_change};
use crate::db::prepared::prepared;
use crate::db::sales::Sale;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Key, Msg};

/// Cancels a sale: pending or confirmed. A confirmed sale's distribution is
/// reversed entry by entry, and its metric events get negative twins.
pub fn cancel(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
) -> Result<Sale, AppError> {
    cancel_at(conn, actor, sale_id, reason, None)
}

/// [`cancel`] as of `at` (see [`register_at`]).
pub fn cancel_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let (from, sale) = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_can_reverse(conn, actor, &sale)?;
        match sale.status {
            SaleStatus::Pending | SaleStatus::Confirmed => Ok((
                sale.status,
                end_sale(conn, &sale, SaleStatus::Cancelled, reason, actor.id, at)?,
            )),
            _ => Err(AppError::Conflict(Msg::new(match sale.status {
                SaleStatus::Refunded => "sale-cancel-refunded",
                _ => "sale-cancel-cancelled",
            }))),
        }
    })?;
    publish_change(conn, &sale, from);
    Ok(sale)
}

/// Refunds a confirmed sale: the distribution is reversed exactly.
pub fn refund(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
) -> Result<Sale, AppError> {
    refund_at(conn, actor, sale_id, reason, None)
}

/// [`refund`] as of `at` (see [`register_at`]).
pub fn refund_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_can_reverse(conn, actor, &sale)?;
        match sale.status {
            SaleStatus::Confirmed => {
                end_sale(conn, &sale, SaleStatus::Refunded, reason, actor.id, at)
            }
            _ => Err(AppError::Conflict(Msg::new(match sale.status {
                SaleStatus::Pending => "sale-refund-pending",
                SaleStatus::Refunded => "sale-refund-refunded",
                _ => "sale-refund-cancelled",
            }))),
        }
    })?;
    publish_change(conn, &sale, SaleStatus::Confirmed);
    Ok(sale)
}

/// Managers of the partner's subtree and admins may cancel or refund; a
/// partner may cancel their own pending sale.
fn check_can_reverse(conn: &mut PgConnection, actor: &User, sale: &Sale) -> Result<(), AppError> {
    let own_pending = sale.partner_id == actor.id && sale.status == SaleStatus::Pending;
    let allowed = own_pending
        || actor.role() == Role::Admin
        || (actor.role() == Role::Manager
            && sale.partner_id != actor.id
            && crate::org::access::can_view_user(conn, actor, sale.partner_id)?);
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(super) fn end_sale(
    conn: &mut PgConnection,
    sale: &Sale,
    to: SaleStatus,
    reason: &str,
    actor: i64,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            Key("sale-reason-missing"),
        )));
    }
    if sale.status == SaleStatus::Confirmed {
        reverse_entries(conn, sale.id, at)?;
        write_sale_events(conn, sale, -Decimal::ONE, to.as_str(), Some(actor))?;
    }
    // One statement sets the status (only from the one read under the
    // lock), appends the status change and the audit line; only the stamps
    // come back.
    let stamps: Option<EndStamps> = prepared(
        "WITH ended AS (
             UPDATE sales
             SET status = $3, status_reason = $4,
                 refunded_at = CASE WHEN $3 = 'refunded' THEN COALESCE($7, now()) ELSE refunded_at END,
                 cancelled_at = CASE WHEN $3 = 'cancelled' THEN COALESCE($7, now()) ELSE cancelled_at END
             WHERE id = $1 AND status = $2
             RETURNING id, refunded_at, cancelled_at, updated_at
         ), changed AS (
             INSERT INTO sale_status_changes (sale_id, from_status, to_status, reason, actor_id,
                                              created_at)
             SELECT id, $2, $3, $4, $5, COALESCE($7, now()) FROM ended
         ), audited AS (
             INSERT INTO audit_log (actor_id, action, entity, entity_id, summary, created_at)
             SELECT $5, $3, 'sale', id, $6, COALESCE($7, now()) FROM ended
         )
         SELECT refunded_at, cancelled_at, updated_at FROM ended",
    )
    .bind::<BigInt, _>(sale.id)
    .bind::<Text, _>(sale.status)
    .bind::<Text, _>(to)
    .bind::<Text, _>(reason.to_owned())
    .bind::<BigInt, _>(actor)
    .bind::<Text, _>(format!("{to} sale {} ({})", sale.order_number, sale.title))
    .bind::<Nullable<Timestamptz>, _>(at)
    .get_result(conn)
    .optional()?;
    // The caller holds the row lock and read this status under it.
    let stamps = stamps.ok_or_else(|| already(sale))?;
    Ok(Sale {
        status: to,
        status_reason: Some(reason.into()),
        refunded_at: stamps.refunded_at,
        cancelled_at: stamps.cancelled_at,
        updated_at: stamps.updated_at,
        ..sale.clone()
    })
}

/// Appends one reversing entry (the negative amount, pointing at the entry
/// it reverses) for every original entry of the sale, in one statement:
/// what was paid, copied from the ledger, never a recomputation.
fn reverse_entries(
    conn: &mut PgConnection,
    sale_id: i64,
    at: Option<DateTime<Utc>>,
) -> QueryResult<usize> {
    // The sale's lines are found by `sale_id` alone: with statistics from
    // a young ledger the planner would otherwise take `reverses_entry_id IS
    // NULL` to the unique index on that column, which holds every original
    // entry (a plan cached that way made refunds 3× slower in the bench).
    prepared(
        "WITH sale_lines AS MATERIALIZED (
             SELECT * FROM commission_entries WHERE sale_id = $1
         )
         INSERT INTO commission_entries (sale_id, recipient_id, kind, level, rate, base,
                                         amount, plan_id, plan_version, reverses_entry_id,
                                         created_at)
         SELECT sale_id, recipient_id, kind, level, rate, base, -amount, plan_id,
                plan_version, id, COALESCE($2, now())
         FROM sale_lines
         WHERE reverses_entry_id IS NULL
         ORDER BY id",
    )
    .bind::<BigInt, _>(sale_id)
    .bind::<Nullable<Timestamptz>, _>(at)
    .execute(conn)
}

#[derive(QueryableByName)]
struct EndStamps {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    refunded_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    cancelled_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    updated_at: DateTime<Utc>,
}
