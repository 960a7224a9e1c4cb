//! Tier promotion suggestions for admins: the partners whose sales have
//! stayed above the next tier's requirement (see `crate::rewards::promotions`),
//! accepted (the partner moves up, audited) or dismissed.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::achievements::TierPromotion;
use crate::db::partner_tiers::PartnerTier;
use crate::db::users::User;
use crate::rewards::promotions::{self, Decision, MONTHS};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/promotions", index)
        .post(r"/admin/promotions/{id:\d+}/accept", accept)
        .post(r"/admin/promotions/{id:\d+}/dismiss", dismiss);
}

pub struct Row {
    pub id: i64,
    pub partner: String,
    pub partner_id: i64,
    pub from_tier: String,
    pub to_tier: String,
    pub months: String,
    pub required: String,
    pub lowest: String,
    pub status: String,
    pub pending: bool,
    pub decided: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/promotions.html")]
struct Page {
    layout: Layout,
    lang: crate::i18n::Lang,
    rows: Vec<Row>,
    pending: usize,
    months: u32,
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<Page, AppError> {
    let (list, users, tiers) = db(&pool, |conn| {
        let list = TierPromotion::recent(conn, 200)?;
        let users: HashMap<i64, String> = User::all(conn)?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let tiers: HashMap<i64, String> = PartnerTier::all(conn)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        Ok((list, users, tiers))
    })
    .await?;
    let name = |map: &HashMap<i64, String>, id: i64| map.get(&id).cloned().unwrap_or_default();
    let f = admin.fmt();
    let money = |amount: Decimal| f.money(amount);
    let rows: Vec<Row> = list
        .into_iter()
        .map(|p| Row {
            id: p.id,
            partner: name(&users, p.user_id),
            partner_id: p.user_id,
            from_tier: name(&tiers, p.from_tier_id),
            to_tier: name(&tiers, p.to_tier_id),
            months: f.lang.tr(
                "admin-promotion-months",
                [
                    ("first", f.month(p.first_month).into()),
                    ("last", f.month(p.last_month).into()),
                ],
            ),
            required: money(p.required),
            lowest: money(p.lowest_month),
            pending: p.status == "pending",
            decided: match (p.decided_at, p.decided_by) {
                (Some(at), by) => f.lang.tr(
                    "admin-promotion-decided",
                    [
                        ("date", f.day_of(at).into()),
                        (
                            "name",
                            by.map(|id| name(&users, id)).unwrap_or_default().into(),
                        ),
                    ],
                ),
                _ => String::new(),
            },
            status: p.status,
        })
        .collect();
    let page = Page {
        layout: admin.layout_t("admin-promotion-title"),
        lang: f.lang,
        pending: rows.iter().filter(|r| r.pending).count(),
        rows,
        months: MONTHS,
    };
    Ok(page)
}

async fn decide(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: i64,
    decision: Decision,
) -> Result<HttpResponse, AppError> {
    let actor = admin.user.clone();
    let decided = db(&pool, move |conn| {
        let decided = promotions::decide(conn, &actor, id, decision)?;
        Ok((decided.status, User::find(conn, decided.user_id)?.name))
    })
    .await?;
    admin.session.flash(
        FlashLevel::Success,
        admin.lang().tr(
            match decided.0.as_str() {
                "accepted" => "admin-promotion-accepted",
                _ => "admin-promotion-dismissed",
            },
            [("name", decided.1.into())],
        ),
    );
    Ok(see_other("/admin/promotions"))
}

async fn accept(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    decide(pool, admin, path.into_inner(), Decision::Accept).await
}

async fn dismiss(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    decide(pool, admin, path.into_inner(), Decision::Dismiss).await
}
