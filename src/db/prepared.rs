//! Raw SQL that PostgreSQL prepares once per connection.
//!
//! Diesel's `sql_query` is never kept in the connection's statement cache,
//! so a hot hand-written query (a recursive CTE, an `unnest` insert) is
//! parsed and planned on every call — on a sale confirmation that planning
//! costs more than running it. [`prepared`] takes a fixed SQL text instead
//! (`&'static str`: no values spliced in, only `$n` placeholders), which
//! diesel caches by its text like a query of its own DSL. Bind with
//! `.bind::<SqlType, _>(value)` in `$n` order and load `QueryableByName`
//! rows, as with `sql_query`. A placeholder may appear more than once; the
//! text must not use dollar quoting.

use std::marker::PhantomData;

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::Error;
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};
use diesel::{QueryResult, RunQueryDsl};

/// See the module documentation.
#[must_use = "Queries are only executed when calling `load`, `get_result` or similar."]
pub struct Prepared {
    sql: &'static str,
    binds: Vec<Box<dyn QueryFragment<Pg> + Send>>,
}

/// A fixed SQL text with `$n` placeholders, cached per connection.
pub fn prepared(sql: &'static str) -> Prepared {
    Prepared {
        sql,
        binds: Vec::new(),
    }
}

struct Bind<ST, V> {
    value: V,
    sql_type: PhantomData<fn() -> ST>,
}

impl<ST, V> QueryFragment<Pg> for Bind<ST, V>
where
    Pg: HasSqlType<ST>,
    V: ToSql<ST, Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_bind_param::<ST, V>(&self.value)
    }
}

impl Prepared {
    /// Binds the next placeholder (`$1`, then `$2`, …).
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + Send + 'static,
        ST: 'static,
    {
        self.binds.push(Box::new(Bind {
            value,
            sql_type: PhantomData,
        }));
        self
    }
}

impl QueryFragment<Pg> for Prepared {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // No `unsafe_to_cache_prepared()`, unlike `SqlQuery`: the text is a
        // compile-time constant, so the cache (keyed by the text and the
        // bind types) stays small and correct. Each `$n` becomes diesel's
        // own placeholder for the n-th bind.
        let mut rest = self.sql;
        while let Some(at) = rest.find('$') {
            let digits = rest[at + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits == 0 {
                out.push_sql(&rest[..=at]);
                rest = &rest[at + 1..];
                continue;
            }
            out.push_sql(&rest[..at]);
            let n: usize = rest[at + 1..at + 1 + digits]
                .parse()
                .map_err(|_| Error::QueryBuilderError("bad placeholder".into()))?;
            let bind = n
                .checked_sub(1)
                .and_then(|i| self.binds.get(i))
                .ok_or_else(|| Error::QueryBuilderError(format!("no bind for ${n}").into()))?;
            bind.walk_ast(out.reborrow())?;
            rest = &rest[at + 1 + digits..];
        }
        out.push_sql(rest);
        Ok(())
    }
}

impl QueryId for Prepared {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Prepared {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Prepared {}

/// Runs `work` in one transaction whose prepared statements run their
/// generic plans (`SET LOCAL plan_cache_mode = force_generic_plan`).
///
/// PostgreSQL plans a prepared statement afresh on every call while the
/// plan it would keep looks dearer than one made for the values at hand,
/// and a statement bound to arrays always does: the planner guesses ten
/// elements where it knows there are four. On the rep dashboard that
/// re-planning cost more PostgreSQL time than every statement's execution
/// together (the goal actuals planned in 264 µs and ran in 44 µs). A page
/// of one person's rows gets nothing from a plan made for its values, so
/// it runs here: each statement is planned once per connection. The two
/// extra statements (`BEGIN; SET LOCAL` in one round trip, `COMMIT`) cost
/// far less, and every card of the page reads the same snapshot.
///
/// Not for queries whose best plan depends on the values (a company-wide
/// list bound to ten thousand ids). A panic inside `work` leaves the
/// transaction open, and the pool then drops the connection as broken.
pub fn with_generic_plans<T, E>(
    conn: &mut diesel::PgConnection,
    work: impl FnOnce(&mut diesel::PgConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    AnsiTransactionManager::begin_transaction_sql(
        conn,
        "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan",
    )?;
    match work(conn) {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            // The caller's error is the one worth reporting; a failed
            // rollback leaves the transaction open and the pool drops the
            // connection.
            let _ = AnsiTransactionManager::rollback_transaction(conn);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::prepared;
    use diesel::pg::Pg;
    use diesel::query_builder::QueryFragment;
    use diesel::sql_types::{BigInt, Text};

    #[test]
    fn placeholders_become_binds_in_order_and_may_repeat() {
        let query = prepared("SELECT $1 AS a, $2 AS b, $1 AS c, '$' AS d")
            .bind::<BigInt, _>(7_i64)
            .bind::<Text, _>("x".to_string());
        let shown = diesel::debug_query::<Pg, _>(&query).to_string();
        assert!(
            shown.starts_with("SELECT $1 AS a, $2 AS b, $3 AS c, '$' AS d"),
            "{shown}"
        );
        assert!(shown.contains("binds: [7, \"x\", 7]"), "{shown}");
        assert!(query.is_safe_to_cache_prepared(&Pg).unwrap());
    }

    #[test]
    fn a_placeholder_without_a_bind_is_an_error_not_a_panic() {
        let query = prepared("SELECT $2").bind::<BigInt, _>(1_i64);
        let mut builder = diesel::pg::PgQueryBuilder::default();
        assert!(query.to_sql(&mut builder, &Pg).is_err());
    }
}
