//! The change epoch: a number that grows with every committed transaction
//! that writes a table derived figures are computed from (see the
//! `change_epoch` migration for the tables and why it cannot deadlock).
//! Read it before computing something; while it has not moved, the result
//! is still current.

use diesel::dsl::sum;
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::schema::change_epoch;

/// The epoch as committed now.
pub fn current(conn: &mut PgConnection) -> QueryResult<i64> {
    let total: Option<Decimal> = change_epoch::table
        .select(sum(change_epoch::n))
        .first(conn)?;
    Ok(total.and_then(|t| t.to_i64()).unwrap_or(0))
}
