//! Special objectives on the goal page (`#objectives`): add one, change
//! its target or record its actual, remove it — by htmx, the section
//! answering in place (a refusal: a toast and the section with its
//! messages, 422), or as plain forms that come back to the goal page.

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use diesel::PgConnection;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::visible_goal;
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::objectives::Objective;
use crate::db::users::User;
use crate::domain::attainment::attainment_percent;
use crate::domain::number::Unit;
use crate::error::FieldMessages;
use crate::goals::targets::objectives::{self as service, Draft, MAX_PER_GOAL, rights};
use crate::i18n::{Key, Lang};
use crate::input;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::respond::{Reply, reply, to_toast_area, with_status};
use crate::web::{db, format};

pub struct ObjectiveRow {
    pub id: i64,
    pub name: String,
    pub target: String,
    pub target_plain: String,
    pub actual: String,
    pub actual_plain: String,
    pub percent: String,
    pub bar: u32,
    /// Messages of a failed change of this row.
    pub errors: FieldMessages,
    /// The same messages, in field order, to list under the row.
    pub error_texts: Vec<String>,
}

/// The section as the goal page and the htmx answers show it.
pub struct ObjectivesSection {
    pub goal_id: i64,
    pub rows: Vec<ObjectiveRow>,
    pub can_set: bool,
    pub can_record: bool,
    pub full: bool,
    pub suggestions: Vec<String>,
    /// The add form's values and messages (after a failed add).
    pub name: String,
    pub unit: String,
    pub target: String,
    pub errors: FieldMessages,
    pub csrf_token: String,
    pub oob: bool,
}

/// What a failed post leaves to show again.
pub enum Failed {
    Add {
        name: String,
        unit: String,
        target: String,
        errors: FieldErrors,
    },
    Row {
        id: i64,
        target: String,
        actual: String,
        errors: FieldErrors,
    },
}

fn shown(f: &Fmt, value: Decimal, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}%", value.normalize()),
        _ => f.count(value),
    }
}

/// The section of goal `goal_id` for `viewer`, who may see the goal.
pub fn section(
    conn: &mut PgConnection,
    viewer: &User,
    f: &Fmt,
    goal_id: i64,
    csrf_token: String,
    failed: Option<Failed>,
) -> Result<ObjectivesSection, AppError> {
    let lang = f.lang;
    let goal = visible_goal(conn, viewer, goal_id)?;
    let may = rights(conn, viewer, &goal)?;
    let objectives = Objective::for_goal(conn, goal.id)?;
    let full = objectives.len() as i64 >= MAX_PER_GOAL;
    let mut rows: Vec<ObjectiveRow> = objectives
        .into_iter()
        .map(|o| {
            let percent = o.actual.and_then(|a| attainment_percent(a, o.target));
            ObjectiveRow {
                id: o.id,
                target: shown(f, o.target, o.unit),
                target_plain: o.target.normalize().to_string(),
                actual: o
                    .actual
                    .map(|a| shown(f, a, o.unit))
                    .unwrap_or_else(|| "—".into()),
                actual_plain: o
                    .actual
                    .map(|a| a.normalize().to_string())
                    .unwrap_or_default(),
                percent: f.percent(percent),
                bar: format::bar_step(percent),
                name: o.name,
                errors: FieldMessages::default(),
                error_texts: Vec::new(),
            }
        })
        .collect();
    let mut out = ObjectivesSection {
        goal_id: goal.id,
        rows: Vec::new(),
        can_set: may.set,
        can_record: may.record,
        full,
        suggestions: [
            "goal-objective-suggest-new-clients",
            "goal-objective-suggest-mentoring",
            "goal-objective-suggest-trainings",
            "goal-objective-suggest-satisfaction",
        ]
        .iter()
        .map(|key| lang.t(key))
        .collect(),
        name: String::new(),
        unit: "count".into(),
        target: String::new(),
        errors: FieldMessages::default(),
        csrf_token,
        oob: false,
    };
    match failed {
        Some(Failed::Add {
            name,
            unit,
            target,
            errors,
        }) => {
            out.name = name;
            out.unit = unit;
            out.target = target;
            out.errors = errors.shown(lang);
        }
        Some(Failed::Row {
            id,
            target,
            actual,
            errors,
        }) => {
            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                row.target_plain = target;
                row.actual_plain = actual;
                row.errors = errors.shown(lang);
                row.error_texts = errors.iter().map(|(_, m)| m.render(lang)).collect();
            }
        }
        None => {}
    }
    out.rows = rows;
    Ok(out)
}

#[derive(Template, WebTemplate)]
#[template(path = "goals/_objectives_response.html")]
struct SectionResponse {
    lang: Lang,
    objectives: ObjectivesSection,
    toast: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    name: String,
    unit: String,
    target: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RowForm {
    target: String,
    actual: String,
}

fn number(errors: &mut FieldErrors, field: &'static str, text: &str, unit: Unit) -> Decimal {
    let value = input::decimal(errors, field, text, Decimal::ZERO, 2);
    if unit == Unit::Percent && errors.message(field).is_none() && value > Decimal::ONE_HUNDRED {
        errors.add(field, Key("goal-objective-percent-max"));
    }
    value
}

fn parse_add(form: &AddForm) -> Result<Draft, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = input::required(&mut errors, "name", &form.name, 80);
    let unit = match form.unit.trim() {
        "" | "count" => Unit::Count,
        "percent" => Unit::Percent,
        _ => {
            errors.add("unit", Key("goal-objective-unit-invalid"));
            Unit::Count
        }
    };
    let target = number(&mut errors, "target", &form.target, unit);
    errors.into_result()?;
    Ok(Draft { name, unit, target })
}

/// Answers a change: the section again (htmx) or back to the goal page.
async fn answer(
    pool: &DbPool,
    current: &CurrentUser,
    htmx: &Htmx,
    goal_id: i64,
    outcome: Result<&'static str, AppError>,
    failed: impl FnOnce(FieldErrors) -> Failed,
    toast: &str,
) -> Result<Reply, AppError> {
    let (failed, message) = match outcome {
        Ok(message) => (None, Some(message)),
        Err(AppError::Invalid(errors)) => (Some(failed(errors)), None),
        Err(other) => return Err(other),
    };
    let invalid = failed.is_some();
    if !htmx.is_htmx {
        if let Some(message) = message {
            current
                .session
                .flash(FlashLevel::Success, current.lang().t(message));
            return Ok(reply(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/goals/{goal_id}#objectives")))
                    .finish(),
            ));
        }
        return super::detail::render(
            pool,
            current,
            goal_id,
            None,
            failed,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(reply);
    }
    let viewer = current.user.clone();
    let csrf = current.session.csrf_token();
    let f = current.fmt();
    let mut objectives = db(pool, move |conn| {
        section(conn, &viewer, &f, goal_id, csrf, failed)
    })
    .await?;
    objectives.oob = invalid;
    let response = SectionResponse {
        lang: current.lang(),
        objectives,
        toast: invalid.then(|| current.lang().t(toast)),
    };
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let answer = with_status(response, status);
    if invalid {
        return Ok(reply(to_toast_area(answer)));
    }
    Ok(reply(answer))
}

/// `POST /goals/{id}/objectives`.
pub async fn add(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<AddForm>,
) -> Result<Reply, AppError> {
    let goal_id = path.into_inner();
    let form = form.into_inner();
    let viewer = current.user.clone();
    let parsed = parse_add(&form);
    let outcome = db(&pool, move |conn| {
        let goal = visible_goal(conn, &viewer, goal_id)?;
        if !rights(conn, &viewer, &goal)?.set {
            return Err(AppError::Forbidden);
        }
        service::add(conn, &viewer, goal_id, parsed.map_err(AppError::Invalid)?)
    })
    .await
    .map(|_| "goal-objective-added");
    answer(
        &pool,
        &current,
        &htmx,
        goal_id,
        outcome,
        |errors| Failed::Add {
            name: form.name.trim().to_string(),
            unit: form.unit.trim().to_string(),
            target: form.target.trim().to_string(),
            errors,
        },
        "goal-objective-not-added",
    )
    .await
}

/// `POST /goals/{id}/objectives/{objective}`: a new target and/or actual.
pub async fn update(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<(i64, i64)>,
    form: web::Form<RowForm>,
) -> Result<Reply, AppError> {
    let (goal_id, id) = path.into_inner();
    let form = form.into_inner();
    let viewer = current.user.clone();
    let (target_text, actual_text) = (form.target.clone(), form.actual.clone());
    let outcome = db(&pool, move |conn| {
        let goal = visible_goal(conn, &viewer, goal_id)?;
        if !rights(conn, &viewer, &goal)?.record {
            return Err(AppError::Forbidden);
        }
        let current = Objective::for_goal(conn, goal.id)?
            .into_iter()
            .find(|o| o.id == id)
            .ok_or(AppError::NotFound)?;
        let mut errors = FieldErrors::new();
        // A blank target keeps the current one (the recorder sees no input).
        let target = match target_text.trim() {
            "" => current.target,
            text => number(&mut errors, "target", text, current.unit),
        };
        let actual = match actual_text.trim() {
            "" => None,
            text => Some(number(&mut errors, "actual", text, current.unit)),
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        service::update(conn, &viewer, goal_id, id, target, actual)
    })
    .await
    .map(|_| "goal-objective-saved");
    answer(
        &pool,
        &current,
        &htmx,
        goal_id,
        outcome,
        |errors| Failed::Row {
            id,
            target: form.target.trim().to_string(),
            actual: form.actual.trim().to_string(),
            errors,
        },
        "goal-objective-not-saved",
    )
    .await
}

/// `POST /goals/{id}/objectives/{objective}/delete`.
pub async fn remove(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    path: web::Path<(i64, i64)>,
) -> Result<Reply, AppError> {
    let (goal_id, id) = path.into_inner();
    let viewer = current.user.clone();
    let outcome = db(&pool, move |conn| {
        service::remove(conn, &viewer, goal_id, id)
    })
    .await
    .map(|_| "goal-objective-removed");
    answer(
        &pool,
        &current,
        &htmx,
        goal_id,
        outcome,
        |errors| Failed::Add {
            name: String::new(),
            unit: "count".into(),
            target: String::new(),
            errors,
        },
        "goal-objective-not-removed",
    )
    .await
}
