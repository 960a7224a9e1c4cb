//! The change epoch: a number that grows with every committed transaction
//! that writes a table derived figures are computed from (see the
//! `change_epoch` migration for the tables and why it cannot deadlock).
//! Read it before computing something; while it has not moved, the result
//! is still current.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

#[derive(QueryableByName)]
struct Epoch {
    #[diesel(sql_type = BigInt)]
    epoch: i64,
}

/// The epoch as committed now.
pub fn current(conn: &mut PgConnection) -> QueryResult<i64> {
    diesel::sql_query("SELECT COALESCE(sum(n), 0)::bigint AS epoch FROM change_epoch")
        .get_result::<Epoch>(conn)
        .map(|e| e.epoch)
}
