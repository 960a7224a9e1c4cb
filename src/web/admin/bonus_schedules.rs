//! Admin pages for bonus schedules: the list with each ladder, and one
//! form to create or edit a schedule with its tiers (ascending thresholds,
//! rates of 0 or more; bad input comes back with messages and 422).

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::bonus::{self, LoadedSchedule, ScheduleFields};
use crate::db::metrics::Metric;
use crate::domain::bonus::{Basis, check_tiers, rate_label};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

mod form;

use form::{RATES, THRESHOLDS};
pub use form::{ScheduleForm, TIER_ROWS};

pub fn routes(r: &mut Routes) {
    r.get("/admin/bonus-schedules", index)
        .get("/admin/bonus-schedules/new", new)
        .post("/admin/bonus-schedules", create)
        .get(r"/admin/bonus-schedules/{id:\d+}", edit)
        .post(r"/admin/bonus-schedules/{id:\d+}", update);
}

/// One schedule in the list.
pub struct ScheduleRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub basis: String,
    pub active: bool,
    /// "80% → 0.5×", "15 → 0.5×", in order.
    pub ladder: Vec<String>,
    pub goals: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/bonus_schedules/index.html")]
struct IndexPage {
    layout: Layout,
    lang: crate::i18n::Lang,
    rows: Vec<ScheduleRow>,
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexPage, AppError> {
    let f = admin.fmt();
    let lang = f.lang;
    let rows = db(&pool, move |conn| {
        let metrics = Metric::all(conn)?;
        let mut rows = Vec::new();
        for schedule in bonus::load_all(conn)? {
            let metric = schedule
                .row
                .metric_id
                .and_then(|id| metrics.iter().find(|m| m.id == id));
            let basis = match metric {
                Some(m) => lang.tr(
                    "admin-bonus-basis-metric",
                    [("metric", f.metric(&m.key, &m.name).into())],
                ),
                None => lang.t("admin-bonus-basis-attainment"),
            };
            let ladder = schedule
                .tiers
                .iter()
                .map(|t| {
                    let from = match metric {
                        Some(m) => f.value(t.threshold, m.unit),
                        None => lang.tr(
                            "format-percent",
                            [("value", t.threshold.normalize().to_string().into())],
                        ),
                    };
                    format!("{from} → {}", rate_label(t.rate))
                })
                .collect();
            rows.push(ScheduleRow {
                id: schedule.row.id,
                goals: bonus::goals_using(conn, schedule.row.id)?,
                name: lang.schedule_name(schedule.row.builtin.as_deref(), &schedule.row.name),
                description: lang.schedule_description(
                    schedule.row.builtin.as_deref(),
                    &schedule.row.description,
                ),
                basis,
                active: schedule.row.active,
                ladder,
            });
        }
        Ok(rows)
    })
    .await?;
    let page = IndexPage {
        layout: admin.layout_t("nav-bonus-schedules"),
        lang,
        rows,
    };
    Ok(page)
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/bonus_schedules/form.html")]
struct FormPage {
    layout: Layout,
    lang: crate::i18n::Lang,
    /// None while creating.
    id: Option<i64>,
    form: ScheduleForm,
    errors: crate::error::FieldMessages,
    metrics: Vec<SelectOption>,
    rows: Vec<(usize, &'static str, &'static str, String, String)>,
}

async fn render_form(
    pool: &DbPool,
    admin: &RequireAdmin,
    id: Option<i64>,
    form: ScheduleForm,
    errors: FieldErrors,
) -> Result<WithStatus<FormPage>, AppError> {
    let metrics = db(pool, |conn| Ok(Metric::active(conn)?)).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rows = (0..TIER_ROWS)
        .map(|i| {
            let (t, r) = form.tiers.get(i).cloned().unwrap_or_default();
            (i + 1, THRESHOLDS[i], RATES[i], t, r)
        })
        .collect();
    let page = FormPage {
        layout: admin.layout_t(match id {
            Some(_) => "admin-bonus-edit",
            None => "admin-bonus-new",
        }),
        lang: admin.lang(),
        id,
        form,
        errors: errors.shown(admin.lang()),
        metrics: metrics
            .into_iter()
            .map(|m| SelectOption::new(m.id, admin.lang().metric_name(&m.key, &m.name)))
            .collect(),
        rows,
    };
    Ok(with_status(page, status))
}

async fn new(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<FormPage>, AppError> {
    render_form(
        &pool,
        &admin,
        None,
        ScheduleForm::blank(),
        FieldErrors::new(),
    )
    .await
}

async fn edit(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<FormPage>, AppError> {
    let id = path.into_inner();
    let schedule = db(&pool, move |conn| Ok(bonus::load(conn, id)?)).await?;
    render_form(
        &pool,
        &admin,
        Some(id),
        ScheduleForm::of(&schedule, admin.lang()),
        FieldErrors::new(),
    )
    .await
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    save(pool, admin, None, ScheduleForm::from_pairs(&posted)).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let id = path.into_inner();
    // 404 for a schedule that does not exist, before any validation.
    db(&pool, move |conn| Ok(bonus::BonusSchedule::find(conn, id)?)).await?;
    save(pool, admin, Some(id), ScheduleForm::from_pairs(&posted)).await
}

async fn save(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: Option<i64>,
    form: ScheduleForm,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let metrics = db(&pool, |conn| Ok(Metric::active(conn)?)).await?;
    let fields = match form.validate(&metrics) {
        Ok(fields) => fields,
        Err(errors) => {
            return render_form(&pool, &admin, id, form, errors)
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.id;
    let saved = db(&pool, move |conn| {
        crate::rewards::bonus_schedules::save(conn, actor, id, &fields)
    })
    .await;
    match saved {
        Ok(row) => {
            admin.session.flash(
                FlashLevel::Success,
                admin
                    .lang()
                    .tr("admin-bonus-saved", [("name", row.name.into())]),
            );
            Ok(Either::Right(see_other("/admin/bonus-schedules")))
        }
        Err(AppError::Invalid(errors)) => render_form(&pool, &admin, id, form, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests;
