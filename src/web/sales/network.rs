//! `GET /network`: the viewer's downline — everyone whose sponsor chain
//! leads to them — as an indented tree, each partner with tier, active flag
//! and month-to-date confirmed sales, all from one recursive query.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Numeric, Text};
use rust_decimal::Decimal;

use super::money;
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::domain::period::Period;
use crate::web::error::{AppError, html};
use crate::web::layout::Layout;
use crate::web::{db, format};

/// The most partners the page lists; the totals count everyone.
const ROW_LIMIT: i64 = 1000;
/// Deeper than any real sponsor line; stops a cycle in bad data.
const MAX_DEPTH: i32 = 100;
/// The indentation classes the stylesheet has (`depth-0` … `depth-8`).
const DEEPEST_INDENT: i32 = 8;

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
struct Summary {
    #[diesel(sql_type = BigInt)]
    partners: i64,
    #[diesel(sql_type = BigInt)]
    active: i64,
    #[diesel(sql_type = Integer)]
    deepest: i32,
    #[diesel(sql_type = Nullable<Numeric>)]
    total: Option<Decimal>,
}

/// Counts and the month-to-date total over the whole downline (the root
/// excluded), however many rows the page lists.
fn summary(
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

pub struct Row {
    pub name: String,
    pub is_root: bool,
    pub depth: i32,
    pub indent: i32,
    pub tier: String,
    pub active: bool,
    pub direct: String,
    pub month_total: String,
    pub month_count: String,
}

#[derive(Template)]
#[template(path = "sales/network.html")]
struct NetworkPage {
    layout: Layout,
    month_label: String,
    partners: String,
    active: String,
    deepest: i32,
    downline_total: String,
    rows: Vec<Row>,
    truncated: bool,
}

/// `GET /network`
pub async fn index(
    pool: web::Data<DbPool>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let org = current.org.clone();
    let today = crate::goals::progress::org_today(&org);
    let from = Period::month_containing(today).start;
    let root = current.user.id;
    let (found, summary) = db(&pool, move |conn| {
        Ok((
            downline(conn, root, from, today, ROW_LIMIT + 1)?,
            summary(conn, root, from, today)?,
        ))
    })
    .await?;
    let truncated = found.len() as i64 > ROW_LIMIT;
    let rows = found
        .into_iter()
        .take(ROW_LIMIT as usize)
        .map(|r| Row {
            is_root: r.id == root,
            indent: r.depth.min(DEEPEST_INDENT),
            depth: r.depth,
            name: r.name,
            tier: r.tier.unwrap_or_else(|| "—".into()),
            active: r.active,
            direct: format::count(r.direct_count.into()),
            month_total: money(&org, r.month_total),
            month_count: format::count(r.month_count.into()),
        })
        .collect();
    let page = NetworkPage {
        layout: current.layout("My network"),
        month_label: format!("{} – {}", from.format("%-d %b"), today.format("%-d %b %Y")),
        partners: format::count(summary.partners.into()),
        active: format::count(summary.active.into()),
        deepest: summary.deepest,
        downline_total: money(&org, summary.total.unwrap_or_default()),
        rows,
        truncated,
    };
    Ok(html(StatusCode::OK, page.render()))
}
