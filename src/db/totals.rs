//! `metric_day_totals`: each person's total of each metric per day and
//! event source, with the number of facts behind it. Triggers on
//! `metric_events` keep it in the same transaction as every insert (and
//! any repair by hand), so it is never written here except by [`rebuild`];
//! the facts stay the source of truth and [`differences`] compares the two.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Numeric, Text};
use rust_decimal::Decimal;

/// A goal's sum of one event source over its period, and the part before
/// the week began, with the goal's stored forecast on every row (the
/// forecast columns and `source` are `None` on the goal's one row when
/// nothing counts yet or no forecast is stored).
#[derive(QueryableByName, serde::Deserialize)]
pub struct GoalActualRow {
    #[diesel(sql_type = BigInt)]
    pub goal_id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub source: Option<String>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub actual: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub before_week: Option<Decimal>,
    #[diesel(sql_type = Nullable<Date>)]
    pub forecast_day: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub probability: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub p10: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub p50: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub p90: Option<Decimal>,
    /// The stored same-tier benchmark (`goal_benchmarks`), on every row.
    #[diesel(sql_type = Nullable<Date>)]
    pub benchmark_day: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Integer>)]
    pub peers: Option<i32>,
    #[diesel(sql_type = Nullable<diesel::sql_types::SmallInt>)]
    pub top_percent: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner_type: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner_tier: Option<String>,
}

/// The recomputation of the table from the facts, as one grouped query.
const RECOMPUTED: &str = "SELECT user_id, metric_id, occurred_on AS day, source,
                                 sum(value) AS total, count(*) AS events
                          FROM metric_events GROUP BY 1, 2, 3, 4";

/// Replaces the whole table with its recomputation from `metric_events`,
/// in one transaction that holds writers of facts off (SHARE lock) so none
/// is counted twice or lost. Returns the rows written.
pub fn rebuild(conn: &mut PgConnection) -> QueryResult<usize> {
    conn.transaction(|conn| {
        diesel::sql_query("LOCK TABLE metric_events IN SHARE MODE").execute(conn)?;
        diesel::sql_query("DELETE FROM metric_day_totals").execute(conn)?;
        diesel::sql_query(format!(
            "INSERT INTO metric_day_totals (user_id, metric_id, day, source, total, events)
             {RECOMPUTED}"
        ))
        .execute(conn)
    })
}

/// A key whose stored total differs from its recomputation (`None`: no row
/// on that side).
#[derive(QueryableByName, Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = BigInt)]
    pub metric_id: i64,
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = Text)]
    pub source: String,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub stored: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub recomputed: Option<Decimal>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub stored_events: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub recomputed_events: Option<i64>,
}

/// Every key where the table and its recomputation disagree (in total or
/// in the number of facts), at most `limit`, in key order. Empty when the
/// table is right.
pub fn differences(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<Difference>> {
    diesel::sql_query(format!(
        "SELECT COALESCE(t.user_id, r.user_id) AS user_id,
                COALESCE(t.metric_id, r.metric_id) AS metric_id,
                COALESCE(t.day, r.day) AS day, COALESCE(t.source, r.source) AS source,
                t.total AS stored, r.total AS recomputed,
                t.events AS stored_events, r.events AS recomputed_events
         FROM metric_day_totals t
         FULL JOIN ({RECOMPUTED}) r
           ON (t.user_id, t.metric_id, t.day, t.source) = (r.user_id, r.metric_id, r.day, r.source)
         WHERE t.total IS DISTINCT FROM r.total OR t.events IS DISTINCT FROM r.events
         ORDER BY 1, 2, 3, 4
         LIMIT $1"
    ))
    .bind::<BigInt, _>(limit)
    .load(conn)
}
