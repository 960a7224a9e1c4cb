//! `GET /network`: the viewer's downline — everyone whose sponsor chain
//! leads to them — as an indented tree, each partner with tier, active flag
//! and month-to-date confirmed sales, all from one recursive query.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use super::money;
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::domain::period::Period;
use crate::sales::network::{downline, summary};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::{db, format};

/// The most partners the page lists; the totals count everyone.
const ROW_LIMIT: i64 = 1000;
/// The indentation classes the stylesheet has (`depth-0` … `depth-8`).
const DEEPEST_INDENT: i32 = 8;

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

#[derive(Template, WebTemplate)]
#[template(path = "sales/network.html")]
pub struct NetworkPage {
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
pub async fn index(pool: web::Data<DbPool>, current: CurrentUser) -> Result<NetworkPage, AppError> {
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
    Ok(page)
}
