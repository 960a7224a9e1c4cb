//! The ledger lines a partner earned or had taken back in one month of the
//! organisation's calendar, with the facts of their sales and which of
//! those sales the viewer may open.

use std::collections::HashSet;

use chrono::NaiveDate;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::access::viewable_partners;
use crate::db::commissions::Entry;
use crate::db::schema::sales;
use crate::db::users::User;
use crate::domain::period::Period;
use crate::domain::period_query;
use crate::domain::sale_status::SaleStatus;

/// One sale's facts for the statement.
#[derive(Queryable)]
pub struct SaleFacts {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub title: String,
    pub order_number: String,
    pub sales_date: NaiveDate,
    pub status: SaleStatus,
}

pub fn load(
    conn: &mut PgConnection,
    zone: Tz,
    viewer: &User,
    month_start: NaiveDate,
) -> QueryResult<(Vec<Entry>, Vec<SaleFacts>, HashSet<i64>)> {
    let month = Period::month_containing(month_start);
    let (from, until) = period_query::instants(&month, zone);
    let entries = Entry::for_recipient(conn, viewer.id, from, until)?;
    let mut ids: Vec<i64> = entries.iter().map(|e| e.sale_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let facts: Vec<SaleFacts> = sales::table
        .filter(sales::id.eq_any(&ids))
        .select((
            sales::id,
            sales::partner_id,
            sales::partner_name,
            sales::title,
            sales::order_number,
            sales::sales_date,
            sales::status,
        ))
        .load(conn)?;
    let partners: Vec<i64> = facts.iter().map(|f| f.partner_id).collect();
    let open = viewable_partners(conn, viewer, &partners)?;
    Ok((entries, facts, open))
}
