//! `GET /network`: the viewer's downline — everyone whose sponsor chain
//! leads to them — as an indented tree, each partner with tier, active flag
//! and month-to-date confirmed sales, all from one recursive query.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use super::day_month;
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::sales::network::{downline, summary};
use crate::web::db;
use crate::web::error::AppError;
use crate::web::layout::Layout;

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
    lang: Lang,
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
    let f = current.fmt();
    let lang = f.lang;
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
            direct: f.count(r.direct_count.into()),
            month_total: f.money(r.month_total),
            month_count: f.count(r.month_count.into()),
        })
        .collect();
    let page = NetworkPage {
        layout: current.layout_t("sale-network-title"),
        lang,
        month_label: lang.tr(
            "sale-chart-range",
            [
                ("from", day_month(lang, from).into()),
                ("to", f.day(today).into()),
            ],
        ),
        partners: f.count(summary.partners.into()),
        active: f.count(summary.active.into()),
        deepest: summary.deepest,
        downline_total: f.money(summary.total.unwrap_or_default()),
        rows,
        truncated,
    };
    Ok(page)
}
