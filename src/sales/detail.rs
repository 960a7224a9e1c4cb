//! One sale as its detail page shows it: the sale, its status history,
//! its ledger lines (reversals included), the plan version it was paid
//! under, the names of everyone named, and whether the viewer may cancel it.

use std::collections::HashMap;

use diesel::prelude::*;

use super::access::visible_sale;
use crate::db::commissions::{Entry, PlanRow};
use crate::db::sales::{Sale, StatusChange};
use crate::db::schema::users;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;
use crate::error::AppError;
use crate::org::access::can_view_user;

/// May the viewer cancel the sale? The service's rule, asked ahead so the
/// page offers the form only to those it would accept: admins any pending
/// or confirmed sale; the partner their own pending sale; managers a pending
/// or confirmed sale of their subtree (their own only while pending).
pub fn may_cancel(conn: &mut PgConnection, viewer: &User, sale: &Sale) -> QueryResult<bool> {
    if !sale.status.is_open() {
        return Ok(false);
    }
    Ok(match viewer.role() {
        Role::Admin => true,
        _ if sale.partner_id == viewer.id => sale.status == SaleStatus::Pending,
        Role::Manager => can_view_user(conn, viewer, sale.partner_id)?,
        _ => false,
    })
}

/// What the page reads, in one trip to the database.
pub struct Loaded {
    pub sale: Sale,
    pub history: Vec<StatusChange>,
    pub entries: Vec<Entry>,
    pub plan_version: Option<i32>,
    pub names: HashMap<i64, String>,
    pub may_cancel: bool,
}

pub fn load(conn: &mut PgConnection, viewer: &User, id: i64) -> Result<Loaded, AppError> {
    let sale = visible_sale(conn, viewer, id)?;
    let history = Sale::history(conn, id)?;
    let entries = Entry::for_sale(conn, id)?;
    let plan_version = match sale.plan_id {
        Some(plan) => Some(PlanRow::find(conn, plan)?.version),
        None => None,
    };
    let mut people: Vec<i64> = history.iter().filter_map(|h| h.actor_id).collect();
    people.extend(entries.iter().map(|e| e.recipient_id));
    people.sort_unstable();
    people.dedup();
    let names = users::table
        .filter(users::id.eq_any(&people))
        .select((users::id, users::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let may_cancel = may_cancel(conn, viewer, &sale)?;
    Ok(Loaded {
        sale,
        history,
        entries,
        plan_version,
        names,
        may_cancel,
    })
}

/// The sale the viewer asks to cancel (404 when they cannot read it) and
/// whether they may.
pub fn for_cancel(
    conn: &mut PgConnection,
    viewer: &User,
    id: i64,
) -> Result<(Sale, bool), AppError> {
    let sale = visible_sale(conn, viewer, id)?;
    let allowed = may_cancel(conn, viewer, &sale)?;
    Ok((sale, allowed))
}
