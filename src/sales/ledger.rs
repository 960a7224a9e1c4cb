//! Reading sales and the commission ledger as lists: what a viewer may
//! read, filtered, newest first, a page at a time.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::access::{Own, entries_in_reach, sales_in_reach};
use crate::db::commissions::Entry;
use crate::db::sales::Sale;
use crate::db::schema::{commission_entries, sales as sales_table};
use crate::db::users::User;
use crate::domain::period::Period;
use crate::domain::sale_status::SaleStatus;

/// Which lines to read; `None` leaves a filter out.
pub struct EntryFilter {
    pub recipient_id: Option<i64>,
    pub sale_id: Option<i64>,
    pub kind: Option<String>,
    /// Written at or after the first instant and before the second.
    pub within: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub limit: i64,
    pub offset: i64,
}

/// The lines in the viewer's reach that match, newest first.
pub fn entries(
    conn: &mut PgConnection,
    viewer: &User,
    wanted: &EntryFilter,
) -> QueryResult<Vec<Entry>> {
    let mut query = entries_in_reach(conn, viewer)?;
    if let Some(partner) = wanted.recipient_id {
        query = query.filter(commission_entries::recipient_id.eq(partner));
    }
    if let Some(sale) = wanted.sale_id {
        query = query.filter(commission_entries::sale_id.eq(sale));
    }
    if let Some(kind) = &wanted.kind {
        query = query.filter(commission_entries::kind.eq(kind.clone()));
    }
    if let Some((from, until)) = wanted.within {
        query = query.filter(
            commission_entries::created_at
                .ge(from)
                .and(commission_entries::created_at.lt(until)),
        );
    }
    query
        .order(commission_entries::id.desc())
        .limit(wanted.limit)
        .offset(wanted.offset)
        .select(Entry::as_select())
        .load::<Entry>(conn)
}

/// Which sales to read; `None` leaves a filter out.
pub struct SaleFilter {
    pub status: Option<SaleStatus>,
    pub partner_id: Option<i64>,
    /// Sales dated inside it.
    pub period: Option<Period>,
    pub limit: i64,
    pub offset: i64,
}

/// The viewer's own sales and those in their reach that match, newest
/// first.
pub fn sales(
    conn: &mut PgConnection,
    viewer: &User,
    wanted: &SaleFilter,
) -> QueryResult<Vec<Sale>> {
    let mut query = sales_in_reach(conn, viewer, Own::Included)?;
    if let Some(status) = wanted.status {
        query = query.filter(sales_table::status.eq(status));
    }
    if let Some(partner) = wanted.partner_id {
        query = query.filter(sales_table::partner_id.eq(partner));
    }
    if let Some(period) = wanted.period {
        query = query.filter(sales_table::sales_date.between(period.start, period.end));
    }
    query
        .order((sales_table::sales_date.desc(), sales_table::id.desc()))
        .limit(wanted.limit)
        .offset(wanted.offset)
        .select(Sale::as_select())
        .load(conn)
}
