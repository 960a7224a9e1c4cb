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
use crate::domain::period::{Period, PeriodKind};
use crate::domain::target::{Factors, check_factor};
use crate::goals::targets::save::{Subject, set_goal_target};
use crate::goals::targets::{Overrides, calculate, stored_factors_of};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{db, format};

/// The calculator's fields, from the query or the posted form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CalcForm {
    user: String,
    /// "2026-11".
    month: String,
    metric: String,
    personal: String,
    market: String,
    seasonal: String,
    team: String,
    reason: String,
    /// "save" to save; anything else recalculates.
    intent: String,
}

const FACTORS: [(&str, &str); 4] = [
    ("personal", "Personal adjustment"),
    ("market", "Market condition"),
    ("seasonal", "Seasonal adjustment"),
    ("team", "Team performance"),
];

impl CalcForm {
    fn factor_text(&self, name: &str) -> &str {
        match name {
            "personal" => &self.personal,
            "market" => &self.market,
            "seasonal" => &self.seasonal,
            _ => &self.team,
        }
        .trim()
    }

    /// The typed factors (blank: the stored one), with messages.
    fn overrides(&self) -> (Overrides, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut parse = |field: &'static str| {
            let text = self.factor_text(field);
            if text.is_empty() {
                return None;
            }
            let value = input::decimal(&mut errors, field, text, Decimal::ZERO, 4);
            if errors.get(field).is_some() {
                return None;
            }
            match check_factor(value) {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.add(field, e.to_string());
                    None
                }
            }
        };
        let overrides = Overrides {
            personal: parse("personal"),
            market: parse("market"),
            seasonal: parse("seasonal"),
            team: parse("team"),
        };
        (overrides, errors)
    }
}

/// One factor input.
pub struct FactorInput {
    pub name: &'static str,
    pub label: &'static str,
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
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/calculator.html")]
pub struct CalculatorPage {
    layout: Layout,
    calc: Option<Calc>,
    view: Option<BreakdownView>,
    message: Option<String>,
    is_admin: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/_breakdown.html")]
pub struct BreakdownPartial {
    view: Option<BreakdownView>,
    message: Option<String>,
}

pub(super) use crate::goals::targets::people::{Person, people};

/// "2026-11" → 1 November 2026.
fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

fn month_value(first: NaiveDate) -> String {
    format!("{:04}-{:02}", first.year(), first.month())
}

/// Last month to six months ahead, and `chosen` if it lies outside.
fn month_options(today: NaiveDate, chosen: NaiveDate, fiscal: u32) -> Vec<SelectOption> {
    let this = Period::month_containing(today).start;
    let mut firsts: Vec<NaiveDate> = (0..8)
        .filter_map(|i| {
            this.checked_sub_months(Months::new(1))?
                .checked_add_months(Months::new(i))
        })
        .collect();
    if !firsts.contains(&chosen) {
        firsts.push(chosen);
        firsts.sort();
    }
    firsts
        .into_iter()
        .map(|first| {
            let label = Period::month_containing(first).label(fiscal);
            SelectOption::new(month_value(first), label)
        })
        .collect()
}

/// The calculator section (none without anybody to compute for), the
/// breakdown, or the message saying why there is none.
type Loaded = (Option<Calc>, Option<BreakdownView>, Option<String>);

/// What the calculator shows for `form`, and the breakdown (or why there
/// is none). `errors` are the form's messages so far.
fn load(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    form: &CalcForm,
    mut errors: FieldErrors,
) -> Result<Loaded, AppError> {
    let people = people(conn, viewer)?;
    let Some(first) = people.first() else {
        return Ok((None, None, None));
    };
    let person = match form.user.trim() {
        "" => first,
        text => {
            let id: i64 = text.parse().map_err(|_| AppError::NotFound)?;
            people
                .iter()
                .find(|p| p.user.id == id)
                .ok_or(AppError::NotFound)?
        }
    };
    let today = crate::goals::progress::org_today(org);
    let fiscal = u32::try_from(org.fiscal_year_start_month)
        .unwrap_or(1)
        .clamp(1, 12);
    let month = match form.month.trim() {
        "" => Period::month_containing(today).start,
        text => parse_month(text).ok_or(AppError::NotFound)?,
    };
    let metrics: Vec<Metric> = Metric::active(conn)?
        .into_iter()
        .filter(|m| crate::domain::target::Basis::for_metric(&m.key).is_some())
        .collect();
    let metric = match form.metric.trim() {
        "" => metrics.first().cloned().ok_or(AppError::NotFound)?,
        text => {
            let id: i64 = text.parse().map_err(|_| AppError::NotFound)?;
            metrics
                .iter()
                .find(|m| m.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?
        }
    };
    let period = PeriodRow::containing(conn, PeriodKind::Month, month, fiscal)?;
    let (overrides, factor_errors) = form.overrides();
    for (field, message) in factor_errors.iter() {
        errors.add(field, message);
    }
    let stored: Option<Factors> = match person.user.partner_type_id {
        Some(_) => Some(stored_factors_of(
            conn,
            org,
            &person.user,
            &period,
            &metric,
        )?),
        None => None,
    };
    let (view, message) = if factor_errors.is_empty() {
        match calculate(conn, org, &person.user, &period, &metric, &overrides) {
            Ok(Ok(b)) => (Some(BreakdownView::new(&b, org)), None),
            Ok(Err(why)) => (None, Some(why.message())),
            Err(AppError::Invalid(e)) => (None, e.iter().next().map(|(_, m)| m.to_string())),
            Err(other) => return Err(other),
        }
    } else {
        (
            None,
            Some("Correct the marked factors to see the target.".to_string()),
        )
    };
    let inputs = FACTORS
        .iter()
        .map(|(name, label)| {
            let stored = stored.as_ref().map(|f| match *name {
                "personal" => &f.personal,
                "market" => &f.market,
                "seasonal" => &f.seasonal,
                _ => &f.team,
            });
            let typed = form.factor_text(name);
            FactorInput {
                name,
                label,
                value: match (typed.is_empty(), stored) {
                    (false, _) => typed.to_string(),
                    (true, Some(f)) => f.value.normalize().to_string(),
                    (true, None) => String::new(),
                },
                hint: stored
                    .map(|f| {
                        let note = if f.note.is_empty() {
                            f.source.label().to_string()
                        } else {
                            f.note.clone()
                        };
                        format!("Stored {}: {note}", f.value.normalize())
                    })
                    .unwrap_or_default(),
                error: errors.get(name).map(str::to_string),
            }
        })
        .collect();
    let live = Goal::live(conn, Owner::User(person.user.id), metric.id, period.id)?;
    let (live_text, live_active) = match &live {
        Some(goal) => (
            format!(
                "{}'s {} goal for {} is {} ({}). Saving changes its target{}.",
                person.user.name,
                metric.name.to_lowercase(),
                period.name,
                format::value(goal.target, metric.unit.as_str(), org),
                goal.status.replace('_', " "),
                if goal.status == "active" {
                    "; say why"
                } else {
                    ""
                }
            ),
            goal.status == "active",
        ),
        None => (
            format!(
                "{} has no {} goal for {} yet: saving creates one, approved by you.",
                person.user.name,
                metric.name.to_lowercase(),
                period.name
            ),
            false,
        ),
    };
    let calc = Calc {
        people: people
            .iter()
            .map(|p| SelectOption::new(p.user.id, format!("{} · {}", p.user.name, p.detail)))
            .collect(),
        user: person.user.id.to_string(),
        months: month_options(today, month, fiscal),
        month: month_value(month),
        metrics: metrics
            .iter()
            .map(|m| SelectOption::new(m.id, m.name.clone()))
            .collect(),
        metric: metric.id.to_string(),
        inputs,
        live: live_text,
        live_active,
        can_save: view.is_some(),
        reason: form.reason.trim().to_string(),
        reason_error: errors.get("reason").map(str::to_string),
        save_error: errors
            .get("target")
            .or(errors.get("user"))
            .or(errors.get("period"))
            .or(errors.get("metric"))
            .map(str::to_string),
    };
    Ok((Some(calc), view, message))
}

async fn render(
    pool: &DbPool,
    current: &RequireManager,
    form: CalcForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<WithStatus<CalculatorPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let (calc, view, message) =
        db(pool, move |conn| load(conn, &viewer, &org, &form, errors)).await?;
    let status = match &calc {
        Some(c) if status == StatusCode::OK && c.inputs.iter().any(|i| i.error.is_some()) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        _ => status,
    };
    let page = CalculatorPage {
        layout: current.layout("Target calculator"),
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
    let (_, view, message) = db(&pool, move |conn| {
        load(conn, &viewer, &org, &form, FieldErrors::new())
    })
    .await?;
    Ok(BreakdownPartial { view, message })
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
            format!(
                "Keep the reason to {} characters.",
                crate::sales::form::NOTE_MAX
            ),
        );
    }
    let user_id: Option<i64> = form.user.trim().parse().ok();
    let month = parse_month(&form.month);
    let metric_id: Option<i64> = form.metric.trim().parse().ok();
    let (Some(user_id), Some(month), Some(metric_id)) = (user_id, month, metric_id) else {
        return Err(AppError::BadRequest(
            "Choose a person, a month and a metric.".into(),
        ));
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
        let fiscal = u32::try_from(org.fiscal_year_start_month).unwrap_or(1);
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
            let message = if saved.created {
                "Goal created with the computed target."
            } else {
                "The goal's target now follows the formula."
            };
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
