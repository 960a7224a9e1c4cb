//! The target calculator: a person (of the teams the viewer manages, with a
//! partner type), a month and a metric give the stored factors; typing
//! other factors updates the breakdown by htmx (`GET
//! /targets/calculator/breakdown`); saving computes the target again and
//! sets it on the person's goal through `targets::save`.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Datelike, Months, NaiveDate};
use diesel::PgConnection;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::view::BreakdownView;
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::goals::{Goal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::lifecycle::Status;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::target::{Factors, check_factor};
use crate::error::FieldMessages;
use crate::goals::targets::save::{Subject, set_goal_target};
use crate::goals::targets::{Overrides, calculate, stored_factors_of};
use crate::i18n::{Lang, Msg};
use crate::input;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};

mod accept;
mod form;
mod load;

pub use accept::accept;

pub use form::CalcForm;
use form::FACTORS;
use load::{load, parse_month};

/// One factor input.
pub struct FactorInput {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    /// Where the stored value comes from, and what it is.
    pub hint: String,
    pub error: Option<String>,
}

/// Everything the calculator section shows.
pub struct Calc {
    pub people: Vec<SelectOption>,
    pub user: String,
    pub months: Vec<SelectOption>,
    pub month: String,
    pub metrics: Vec<SelectOption>,
    pub metric: String,
    pub inputs: Vec<FactorInput>,
    /// What saving does: creates a goal, or changes the live one.
    pub live: String,
    pub live_active: bool,
    pub can_save: bool,
    pub reason: String,
    pub reason_error: Option<String>,
    /// A refusal of the save not tied to one field.
    pub save_error: Option<String>,
    /// The recommended target (issue #19), or why there is none.
    pub recommendation: Result<CalcRecommendation, String>,
}

/// The recommendation beside the formula's target.
pub struct CalcRecommendation {
    pub target: String,
    pub formula: String,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/calculator.html")]
pub struct CalculatorPage {
    layout: Layout,
    lang: Lang,
    calc: Option<Calc>,
    view: Option<BreakdownView>,
    message: Option<String>,
    is_admin: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/_breakdown.html")]
pub struct BreakdownPartial {
    lang: Lang,
    view: Option<BreakdownView>,
    message: Option<String>,
}

pub(super) use crate::goals::targets::people::{Person, people};

async fn render(
    pool: &DbPool,
    current: &RequireManager,
    form: CalcForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<WithStatus<CalculatorPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let f = current.fmt();
    let (calc, view, message) = db(pool, move |conn| {
        load(conn, &viewer, &org, &f, &form, errors)
    })
    .await?;
    let status = match &calc {
        Some(c) if status == StatusCode::OK && c.inputs.iter().any(|i| i.error.is_some()) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        _ => status,
    };
    let page = CalculatorPage {
        layout: current.layout_t("target-calculator-title"),
        lang: current.lang(),
        calc,
        view,
        message,
        is_admin: current.user.role().is_admin(),
    };
    Ok(with_status(page, status))
}

/// `GET /targets/calculator`.
pub async fn page(
    pool: web::Data<DbPool>,
    current: RequireManager,
    query: web::Query<CalcForm>,
) -> Result<WithStatus<CalculatorPage>, AppError> {
    render(
        &pool,
        &current,
        query.into_inner(),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `GET /targets/calculator/breakdown`: the breakdown alone, for htmx.
pub async fn breakdown(
    pool: web::Data<DbPool>,
    current: RequireManager,
    query: web::Query<CalcForm>,
) -> Result<BreakdownPartial, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let form = query.into_inner();
    let f = current.fmt();
    let (_, view, message) = db(&pool, move |conn| {
        load(conn, &viewer, &org, &f, &form, FieldErrors::new())
    })
    .await?;
    Ok(BreakdownPartial {
        lang: current.lang(),
        view,
        message,
    })
}

/// `POST /targets/calculator`: recalculate (no script), or save the
/// target onto the person's goal.
pub async fn submit(
    pool: web::Data<DbPool>,
    current: RequireManager,
    form: web::Form<CalcForm>,
) -> Result<PageOr<WithStatus<CalculatorPage>>, AppError> {
    let form = form.into_inner();
    if form.intent != "save" {
        return render(&pool, &current, form, FieldErrors::new(), StatusCode::OK)
            .await
            .map(Either::Left);
    }
    let (overrides, mut errors) = form.overrides();
    let reason = form.reason.trim().to_string();
    if reason.chars().count() > crate::sales::form::NOTE_MAX {
        errors.add(
            "reason",
            Msg::new("target-reason-too-long").arg("max", crate::sales::form::NOTE_MAX.to_string()),
        );
    }
    let user_id: Option<i64> = form.user.trim().parse().ok();
    let month = parse_month(&form.month);
    let metric_id: Option<i64> = form.metric.trim().parse().ok();
    let (Some(user_id), Some(month), Some(metric_id)) = (user_id, month, metric_id) else {
        return Err(AppError::BadRequest(Msg::new("target-choose-subject")));
    };
    if !errors.is_empty() {
        return render(
            &pool,
            &current,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Either::Left);
    }
    let viewer = current.user.clone();
    let org = current.org.clone();
    let today = crate::goals::progress::org_today(&org);
    let outcome = db(&pool, move |conn| {
        let fiscal = org.fiscal_start_month();
        let period = PeriodRow::containing(conn, PeriodKind::Month, month, fiscal)?;
        let subject = Subject {
            user_id,
            period_id: period.id,
            metric_id,
        };
        let reason = (!reason.is_empty()).then_some(reason.as_str());
        set_goal_target(conn, &viewer, &org, subject, &overrides, reason, today)
    })
    .await;
    match outcome {
        Ok(saved) => {
            let message = current.lang().t(if saved.created {
                "target-saved-created"
            } else {
                "target-saved-changed"
            });
            current.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/goals/{}", saved.goal.id)))
                    .finish(),
            ))
        }
        Err(AppError::Invalid(errors)) => render(
            &pool,
            &current,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Either::Left),
        Err(AppError::Conflict(message)) => render(
            &pool,
            &current,
            form,
            FieldErrors::one("target", message),
            StatusCode::CONFLICT,
        )
        .await
        .map(Either::Left),
        Err(other) => Err(other),
    }
}
