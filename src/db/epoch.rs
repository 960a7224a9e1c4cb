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

/// The epoch as some statement read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Epoch(pub i64);

impl Epoch {
    /// The epoch from the sum of its slots, as a statement read it.
    pub fn from_total(total: Option<Decimal>) -> Epoch {
        Epoch(total.and_then(|t| t.to_i64()).unwrap_or(0))
    }
}

/// The epoch as committed now.
pub fn current(conn: &mut PgConnection) -> QueryResult<Epoch> {
    let total: Option<Decimal> = change_epoch::table
        .select(sum(change_epoch::n))
        .first(conn)?;
    Ok(Epoch::from_total(total))
}
