//! The downline of a partner: everyone whose sponsor chain leads to them,
//! each with tier, active flag and confirmed sales over some days, from
//! one recursive query, and the counts over the whole downline.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Numeric, Text};
use rust_decimal::Decimal;

/// Deeper than any real sponsor line; stops a cycle in bad data.
const MAX_DEPTH: i32 = 100;
#[derive(QueryableByName, Debug)]
pub struct NetworkRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Integer)]
    pub depth: i32,
    #[diesel(sql_type = Nullable<Text>)]
    pub tier: Option<String>,
    #[diesel(sql_type = Bool)]
    pub active: bool,
    #[diesel(sql_type = Numeric)]
    pub month_total: Decimal,
    #[diesel(sql_type = BigInt)]
    pub month_count: i64,
    #[diesel(sql_type = BigInt)]
    pub direct_count: i64,
}

/// The root and everyone below them in depth-first order (siblings by
/// name), with each one's confirmed sales dated `from`..=`through`.
/// Sales are summed once per partner in a grouped subquery, not per row.
pub fn downline(
    conn: &mut PgConnection,
    root: i64,
    from: NaiveDate,
    through: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<NetworkRow>> {
    diesel::sql_query(
        "WITH RECURSIVE down(id, depth, path) AS (
             SELECT id, 0, ARRAY[lower(name) || chr(1) || id::text]
             FROM users WHERE id = $1
             UNION ALL
             SELECT u.id, d.depth + 1, d.path || (lower(u.name) || chr(1) || u.id::text)
             FROM users u JOIN down d ON u.sponsor_id = d.id
             WHERE d.depth < $4
         ),
         month_sales AS (
             SELECT s.partner_id, sum(s.amount) AS total, count(*) AS n
             FROM sales s
             WHERE s.status = 'confirmed' AND s.sales_date BETWEEN $2 AND $3
               AND s.partner_id IN (SELECT id FROM down)
             GROUP BY s.partner_id
         ),
         sponsored AS (
             SELECT u.sponsor_id AS id, count(*) AS n
             FROM users u WHERE u.sponsor_id IN (SELECT id FROM down)
             GROUP BY u.sponsor_id
         )
         SELECT u.id, u.name, d.depth, t.name AS tier, u.active,
                COALESCE(m.total, 0) AS month_total, COALESCE(m.n, 0) AS month_count,
                COALESCE(sp.n, 0) AS direct_count
         FROM down d
         JOIN users u ON u.id = d.id
         LEFT JOIN partner_tiers t ON t.id = u.partner_tier_id
         LEFT JOIN month_sales m ON m.partner_id = u.id
         LEFT JOIN sponsored sp ON sp.id = u.id
         ORDER BY d.path
         LIMIT $5",
    )
    .bind::<BigInt, _>(root)
    .bind::<Date, _>(from)
    .bind::<Date, _>(through)
    .bind::<Integer, _>(MAX_DEPTH)
    .bind::<BigInt, _>(limit)
    .load(conn)
}

#[derive(QueryableByName)]
pub struct Summary {
    #[diesel(sql_type = BigInt)]
    pub partners: i64,
    #[diesel(sql_type = BigInt)]
    pub active: i64,
    #[diesel(sql_type = Integer)]
    pub deepest: i32,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub total: Option<Decimal>,
}

/// Counts and the month-to-date total over the whole downline (the root
/// excluded), however many rows the page lists.
pub fn summary(
    conn: &mut PgConnection,
    root: i64,
    from: NaiveDate,
    through: NaiveDate,
) -> QueryResult<Summary> {
    diesel::sql_query(
        "WITH RECURSIVE down(id, depth) AS (
             SELECT id, 1 FROM users WHERE sponsor_id = $1
             UNION ALL
             SELECT u.id, d.depth + 1 FROM users u JOIN down d ON u.sponsor_id = d.id
             WHERE d.depth < $4
         )
         SELECT count(*) AS partners,
                count(*) FILTER (WHERE u.active) AS active,
                COALESCE(max(d.depth), 0) AS deepest,
                (SELECT sum(s.amount) FROM sales s
                 WHERE s.status = 'confirmed' AND s.sales_date BETWEEN $2 AND $3
                   AND s.partner_id IN (SELECT id FROM down)) AS total
         FROM down d JOIN users u ON u.id = d.id",
    )
    .bind::<BigInt, _>(root)
    .bind::<Date, _>(from)
    .bind::<Date, _>(through)
    .bind::<Integer, _>(MAX_DEPTH)
    .get_result(conn)
}
