//! A partner's monthly payout statement: opening balance, earned,
//! reversed, recovered, paid and closing balance, with the month's ledger
//! lines and payments. A partner reads their own; admins anyone's; anyone
//! else is answered as if the partner did not exist.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::commissions::Entry;
use crate::db::organisation::Organisation;
use crate::db::payouts::{PayoutLine, settled_by};
use crate::db::schema::commission_entries;
use crate::db::users::User;
use crate::domain::payout::{Payment, Statement, StatementLine, statement};
use crate::domain::period::Period;
use crate::domain::period_query;
use crate::domain::role::Role;
use crate::error::AppError;

/// A ledger line of the month and the run that settled it, if any.
pub struct StatementEntry {
    pub entry: Entry,
    pub settled_in: Option<i64>,
}

/// A payment made in the month.
pub struct StatementPayment {
    pub run_id: i64,
    pub amount: Decimal,
    pub recovered: Decimal,
    pub paid_at: DateTime<Utc>,
}

pub struct MonthStatement {
    pub partner: User,
    pub month: NaiveDate,
    pub figures: Statement,
    pub entries: Vec<StatementEntry>,
    pub payments: Vec<StatementPayment>,
}

/// Whether `viewer` may read `partner_id`'s statements.
pub fn may_read(viewer: &User, partner_id: i64) -> bool {
    viewer.id == partner_id || viewer.role() == Role::Admin
}

pub fn load(
    conn: &mut PgConnection,
    viewer: &User,
    partner_id: i64,
    month: NaiveDate,
) -> Result<MonthStatement, AppError> {
    if !may_read(viewer, partner_id) {
        return Err(AppError::NotFound);
    }
    let partner = User::find(conn, partner_id)?;
    let org = Organisation::get(conn)?;
    let (from, until) = period_query::instants(&Period::month_containing(month), super::zone(&org));
    // Every line up to the month's end: the opening balance needs them all.
    let lines: Vec<(Decimal, DateTime<Utc>)> = commission_entries::table
        .filter(commission_entries::recipient_id.eq(partner_id))
        .filter(commission_entries::created_at.lt(until))
        .select((commission_entries::amount, commission_entries::created_at))
        .load(conn)?;
    let lines: Vec<StatementLine> = lines
        .into_iter()
        .map(|(amount, written_at)| StatementLine { amount, written_at })
        .collect();
    let paid = PayoutLine::paid_to(conn, partner_id)?;
    let payments: Vec<Payment> = paid
        .iter()
        .map(|(line, paid_at)| Payment {
            amount: line.amount,
            recovered: line.recovered,
            paid_at: *paid_at,
        })
        .collect();
    let figures = statement(&lines, &payments, from, until);
    let month_entries = Entry::for_recipient(conn, partner_id, from, until)?;
    let ids: Vec<i64> = month_entries.iter().map(|e| e.id).collect();
    let settled: std::collections::HashMap<i64, i64> =
        settled_by(conn, &ids)?.into_iter().collect();
    let entries = month_entries
        .into_iter()
        .map(|entry| StatementEntry {
            settled_in: settled.get(&entry.id).copied(),
            entry,
        })
        .collect();
    let payments = paid
        .into_iter()
        .filter(|(_, at)| *at >= from && *at < until)
        .map(|(line, paid_at)| StatementPayment {
            run_id: line.run_id,
            amount: line.amount,
            recovered: line.recovered,
            paid_at,
        })
        .collect();
    Ok(MonthStatement {
        partner,
        month: Period::month_containing(month).start,
        figures,
        entries,
        payments,
    })
}
