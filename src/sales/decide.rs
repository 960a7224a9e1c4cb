//! Deciding a pending sale: who may approve or reject it, approval (a
//! confirmation with its commission), and rejection.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::confirm::confirm_locked;
use super::reverse::{cancel, end_sale, refund};
use super::{access, already, publish_change};
use crate::db::sales::{ApprovalRules, Sale};
use crate::db::users::User;
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;
use crate::error::AppError;
use crate::i18n::Msg;

/// What a caller of [`decide_checked`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Cancel,
    Refund,
}

/// One decision on sale `id`, in one transaction: first whether the actor
/// reaches the sale (approve and reject lock it and ask [`check_approver`];
/// cancel and refund ask whether they may read it), and only then the
/// caller's `note`, so a note that could not be read is reported only to
/// someone the sale is open to. `fail` words the service's refusals in the
/// caller's error type.
pub fn decide_checked<E>(
    conn: &mut PgConnection,
    actor: &User,
    decision: Decision,
    id: i64,
    note: Result<Option<String>, E>,
    fail: impl Fn(AppError) -> E,
) -> Result<Sale, E>
where
    E: From<diesel::result::Error>,
{
    conn.transaction(|conn| {
        match decision {
            Decision::Approve | Decision::Reject => {
                let sale = Sale::lock(conn, id).map_err(|e| fail(e.into()))?;
                check_approver(conn, actor, &sale).map_err(&fail)?;
            }
            Decision::Cancel | Decision::Refund => {
                access::visible_sale(conn, actor, id).map_err(&fail)?;
            }
        }
        let note = note?;
        let text = note.as_deref().unwrap_or_default();
        match decision {
            Decision::Approve => approve(conn, actor, id, note.as_deref()),
            Decision::Reject => reject(conn, actor, id, text),
            Decision::Cancel => cancel(conn, actor, id, text),
            Decision::Refund => refund(conn, actor, id, text),
        }
        .map_err(&fail)
    })
}

/// May `actor` approve or reject `sale`? Admins any amount; managers sales
/// of their subtree up to their limit; nobody their own sale.
pub fn check_approver(conn: &mut PgConnection, actor: &User, sale: &Sale) -> Result<(), AppError> {
    if sale.partner_id == actor.id {
        return Err(AppError::Conflict(Msg::new("sale-approve-own")));
    }
    match actor.role() {
        Role::Admin => Ok(()),
        Role::Manager => {
            if !crate::org::access::can_view_user(conn, actor, sale.partner_id)? {
                return Err(AppError::Forbidden);
            }
            let rules = ApprovalRules::get(conn)?;
            if sale.amount > rules.manager_approval_limit {
                return Err(AppError::Conflict(
                    Msg::new("sale-approve-above-limit").arg(
                        "limit",
                        rules.manager_approval_limit.normalize().to_string(),
                    ),
                ));
            }
            Ok(())
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Approves a pending sale: confirms it and distributes its commission.
pub fn approve(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: Option<&str>,
) -> Result<Sale, AppError> {
    approve_at(conn, actor, sale_id, note, None)
}

/// [`approve`] as of `at` (see [`register_at`]).
pub fn approve_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_approver(conn, actor, &sale)?;
        confirm_locked(conn, sale, Some(actor.id), note, at)
    })?;
    publish_change(conn, &sale, SaleStatus::Pending);
    Ok(sale)
}

/// Rejects a pending sale (it becomes cancelled; nothing was paid).
pub fn reject(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: &str,
) -> Result<Sale, AppError> {
    reject_at(conn, actor, sale_id, note, None)
}

/// [`reject`] as of `at` (see [`register_at`]).
pub fn reject_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_approver(conn, actor, &sale)?;
        if sale.status != SaleStatus::Pending {
            return Err(already(&sale));
        }
        end_sale(conn, &sale, SaleStatus::Cancelled, note, actor.id, at)
    })?;
    publish_change(conn, &sale, SaleStatus::Pending);
    Ok(sale)
}
