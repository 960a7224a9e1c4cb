//! The commission plan: the version in force, its history, and the form that
//! writes the next version. Versions are never edited; a confirmed sale keeps
//! the version it was confirmed under (`sales.plan_id`).

mod form;

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::commissions::PlanRow;
use crate::domain::commission::CommissionPlan;
use crate::i18n::{Lang, Msg};
use crate::sales::settings::{
    PlanHistory as Loaded, PlanSaved, percent, plan_history as load, save_plan,
};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};
use form::{PlanErrors, PlanForm, PlanMessages};

pub fn routes(r: &mut Routes) {
    r.get("/admin/commission-plan", show)
        .post("/admin/commission-plan", save);
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/commission_plan/index.html")]
struct PlanPage {
    layout: Layout,
    lang: Lang,
    current: CurrentPlan,
    history: Vec<VersionRow>,
    form: PlanForm,
    errors: PlanMessages,
    /// The version the form was opened on, to refuse a save over a newer one.
    based_on: i32,
}

struct RateRow {
    label: String,
    rate: String,
    /// The tier has no rate of its own and pays the default.
    is_default: bool,
}

struct LevelRow {
    level: usize,
    rate: String,
    /// Beyond the maximum depth: listed but never paid.
    paid: bool,
}

/// The version in force, as percentages.
struct CurrentPlan {
    version: i32,
    created: String,
    by: String,
    direct: Vec<RateRow>,
    default_direct: String,
    levels: Vec<LevelRow>,
    matching: String,
    max_depth: u32,
    compression: bool,
    max_payout: String,
}

struct VersionRow {
    version: i32,
    created: String,
    by: String,
    summary: String,
    sales: i64,
    current: bool,
}

fn page(
    admin: &RequireAdmin,
    loaded: Loaded,
    form: Option<PlanForm>,
    errors: PlanErrors,
    based_on: Option<i32>,
) -> PlanPage {
    let lang = admin.lang();
    let f = admin.fmt();
    let when = |row: &PlanRow| f.instant(row.created_at);
    let by = |row: &PlanRow| {
        row.created_by
            .and_then(|id| loaded.names.get(&id).cloned())
            .unwrap_or_else(|| lang.t("admin-plan-initial"))
    };
    let plan = loaded.current_row.plan();
    let current = CurrentPlan {
        version: plan.version,
        created: when(&loaded.current_row),
        by: by(&loaded.current_row),
        direct: loaded
            .tiers
            .iter()
            .filter(|t| t.active)
            .map(|t| RateRow {
                label: t.name.clone(),
                rate: format!("{}%", percent(plan.direct_rate(Some(t.id)))),
                is_default: !plan.direct_rates.contains_key(&t.id),
            })
            .collect(),
        default_direct: format!("{}%", percent(plan.default_direct_rate)),
        levels: (1..)
            .zip(&plan.upline_rates)
            .map(|(level, rate)| LevelRow {
                level,
                rate: format!("{}%", percent(*rate)),
                paid: level <= plan.paid_levels(),
            })
            .collect(),
        matching: format!("{}%", percent(plan.matching_rate)),
        max_depth: plan.max_depth,
        compression: plan.compression,
        max_payout: format!("{}%", percent(plan.max_payout_ratio())),
    };
    let history = loaded
        .rows
        .iter()
        .map(|row| VersionRow {
            version: row.version,
            created: when(row),
            by: by(row),
            summary: summary(lang, &row.plan()),
            sales: loaded.sales_by_plan.get(&row.id).copied().unwrap_or(0),
            current: row.id == loaded.current_row.id,
        })
        .collect();
    PlanPage {
        layout: admin.layout_t("admin-plan-title"),
        lang,
        form: form.unwrap_or_else(|| PlanForm::from_plan(&plan, &loaded.tiers)),
        based_on: based_on.unwrap_or(current.version),
        current,
        history,
        errors: errors.shown(lang),
    }
}

/// "Direct 10% · upline 5 / 3 / 2% · matching 10% · depth 3 · compression".
fn summary(lang: Lang, plan: &CommissionPlan) -> String {
    let mut direct = lang.tr(
        "admin-plan-summary-direct",
        [("rate", percent(plan.default_direct_rate).into())],
    );
    if !plan.direct_rates.is_empty() {
        direct.push(' ');
        direct.push_str(&lang.tr(
            "admin-plan-summary-tier-rates",
            [("count", plan.direct_rates.len().into())],
        ));
    }
    let upline = if plan.upline_rates.is_empty() {
        lang.t("admin-plan-summary-no-upline")
    } else {
        let rates: Vec<String> = plan.upline_rates.iter().map(|r| percent(*r)).collect();
        lang.tr(
            "admin-plan-summary-upline",
            [("rates", rates.join(" / ").into())],
        )
    };
    let mut parts = vec![
        direct,
        upline,
        lang.tr(
            "admin-plan-summary-matching",
            [("rate", percent(plan.matching_rate).into())],
        ),
        lang.tr(
            "admin-plan-summary-depth",
            [("depth", plan.max_depth.to_string().into())],
        ),
    ];
    if plan.compression {
        parts.push(lang.t("admin-plan-summary-compression"));
    }
    parts.join(" · ")
}

async fn show(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<PlanPage, AppError> {
    let loaded = db(&pool, load).await?;
    let page = page(&admin, loaded, None, PlanErrors::default(), None);
    Ok(page)
}

async fn save(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<PlanPage>>, AppError> {
    let pairs = posted.into_inner();
    let based_on: Option<i32> = pairs
        .iter()
        .find(|(k, _)| k == "based_on")
        .and_then(|(_, v)| v.trim().parse().ok());
    let loaded = db(&pool, load).await?;
    let mut form = PlanForm::from_pairs(&pairs, &loaded.tiers);
    // "Add a level" and "Remove" redraw the form as typed, saving nothing.
    if let Some((_, action)) = pairs.iter().find(|(k, _)| k == "level_action") {
        if !form.change_levels(action) {
            return Err(AppError::BadRequest(
                Msg::new("admin-plan-unknown-level-change").arg("action", action),
            ));
        }
        let page = page(&admin, loaded, Some(form), PlanErrors::default(), based_on);
        return Ok(Either::Left(with_status(page, StatusCode::OK)));
    }
    let shown: Vec<i64> = form.tiers.iter().map(|t| t.id).collect();
    let kept: BTreeMap<i64, Decimal> = loaded
        .current_row
        .direct_rate_map()
        .into_iter()
        .filter(|(tier, _)| !shown.contains(tier))
        .collect();
    let plan = match form.parse(&kept) {
        Ok(plan) => plan,
        Err(errors) => {
            let page = page(&admin, loaded, Some(form), errors, based_on);
            return Ok(Either::Left(with_status(
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )));
        }
    };
    let actor = admin.user.id;
    let saved = db(&pool, move |conn| save_plan(conn, &plan, based_on, actor)).await?;
    let lang = admin.lang();
    let message = match saved {
        PlanSaved::Version(row) => lang.tr(
            "admin-plan-saved",
            [("version", row.version.to_string().into())],
        ),
        PlanSaved::Unchanged(_) => lang.t("admin-plan-unchanged"),
        PlanSaved::Stale(version) => {
            let loaded = db(&pool, load).await?;
            let typed = PlanForm::from_pairs(&pairs, &loaded.tiers);
            let mut errors = PlanErrors::default();
            errors.add(
                "plan",
                Msg::new("admin-plan-stale").arg("version", version.to_string()),
            );
            let page = page(&admin, loaded, Some(typed), errors, None);
            return Ok(Either::Left(with_status(page, StatusCode::CONFLICT)));
        }
    };
    admin.session.flash(FlashLevel::Success, message);
    Ok(Either::Right(see_other("/admin/commission-plan")))
}
