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
use crate::sales::settings::{
    PlanHistory as Loaded, PlanSaved, percent, plan_history as load, save_plan, summary,
};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};
use form::{PlanErrors, PlanForm};

pub fn routes(r: &mut Routes) {
    r.get("/admin/commission-plan", show)
        .post("/admin/commission-plan", save);
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/commission_plan/index.html")]
struct PlanPage {
    layout: Layout,
    current: CurrentPlan,
    history: Vec<VersionRow>,
    form: PlanForm,
    errors: PlanErrors,
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
    let zone = crate::web::format::zone(&admin.org);
    let when = |row: &PlanRow| crate::web::format::date_time(row.created_at, zone);
    let by = |row: &PlanRow| {
        row.created_by
            .and_then(|id| loaded.names.get(&id).cloned())
            .unwrap_or_else(|| "Attain (initial plan)".into())
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
            summary: summary(&row.plan()),
            sales: loaded.sales_by_plan.get(&row.id).copied().unwrap_or(0),
            current: row.id == loaded.current_row.id,
        })
        .collect();
    PlanPage {
        layout: admin.layout("Commission plan"),
        form: form.unwrap_or_else(|| PlanForm::from_plan(&plan, &loaded.tiers)),
        based_on: based_on.unwrap_or(current.version),
        current,
        history,
        errors,
    }
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
                format!("Unknown change to the levels: {action}").into(),
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
    let message = match saved {
        PlanSaved::Version(row) => format!(
            "Saved commission plan version {}. Sales confirmed from now on use it; \
             sales already confirmed keep the version they were paid under.",
            row.version
        ),
        PlanSaved::Unchanged(_) => "Nothing changed, so no new version was written.".to_string(),
        PlanSaved::Stale(version) => {
            let loaded = db(&pool, load).await?;
            let typed = PlanForm::from_pairs(&pairs, &loaded.tiers);
            let mut errors = PlanErrors::default();
            errors.add(
                "plan",
                format!(
                    "Another administrator saved version {version} while you were editing. \
                     Your changes below are not saved: compare them with the version in force \
                     and save again."
                ),
            );
            let page = page(&admin, loaded, Some(typed), errors, None);
            return Ok(Either::Left(with_status(page, StatusCode::CONFLICT)));
        }
    };
    admin.session.flash(FlashLevel::Success, message);
    Ok(Either::Right(see_other("/admin/commission-plan")))
}
