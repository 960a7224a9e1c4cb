//! The monthly goal sheet and yearly goals over JSON: the caller's current
//! sheet and yearly goals, a rep's sheet history and one month's progress
//! (the rep, their managers up the tree, admins and executives; 404 for
//! anyone else), and setting one's own sheet or yearly goals.

mod shapes;

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, Utc};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, FormAmount, Input};
use super::requests::{MonthlySheetInput, YearlyGoalsInput};
use super::shapes::two;
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::sheets::GoalSheet;
use crate::db::users::User;
use crate::domain::deadline;
use crate::domain::period;
use crate::goals::progress::{self, GoalView};
use crate::goals::sheets::{self, SheetInput, SheetView, YearlyView};
use crate::org::access;
use shapes::{
    GoalProgressJson, History, HistoryRow, MonthlyJson, SheetJson, YearlyJson, monthly_json,
    yearly_json,
};

const REP_MISSING: &str = "No such rep, or the caller may not see them.";

/// How many sheets a history lists (eight years of months).
const HISTORY: i64 = 96;

/// The rep, if the caller may read them (404 otherwise, as for goals).
fn visible_rep(
    conn: &mut diesel::PgConnection,
    caller: &User,
    rep_id: i64,
) -> Result<User, ApiError> {
    access::visible_user(conn, caller, rep_id)?.ok_or_else(|| ApiError::not_found("rep"))
}

/// A rep id from the path; anything else is a rep that does not exist (as
/// goal ids are), not a field error.
fn rep_id(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| ApiError::not_found("rep"))
}

fn path_number(text: &str, field: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::invalid(field, "must be a whole number"))
}

/// `GET /api/v1/goals/monthly/current`: the caller's sheet for this month.
#[utoipa::path(get, path = "/api/v1/goals/monthly/current", tag = "goal sheets",
    summary = "The caller's goal sheet for this month",
    description = "This month in the organisation's time zone, with the deadline (23:59:59 on the 6th, local), its status and each goal's progress. `sheet` is null until a draft or a set sheet exists.",
    responses((status = 200, description = "The month's sheet.", body = MonthlyJson)))]
pub async fn monthly_current(
    pool: web::Data<DbPool>,
    caller: ApiUser,
) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let tz = sheets::tz_of(&caller.org);
    let (year, month) = deadline::sheet_month(now, tz);
    let body = db(&pool, move |conn| {
        let view = SheetView::load(conn, &caller.org, caller.user.clone(), year, month, now)?;
        Ok(monthly_json(&view, tz, now))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `GET /api/v1/goals/progress/{rep_id}/{month}/{year}`.
#[utoipa::path(get, path = "/api/v1/goals/progress/{rep_id}/{month}/{year}", tag = "goal sheets",
    summary = "A rep's sheet and progress for one month",
    params(
        ("rep_id" = i64, Path, description = "The rep's user id."),
        ("month" = i64, Path, minimum = 1, maximum = 12),
        ("year" = i64, Path, minimum = 2000, maximum = 2999),
    ),
    responses(
        (status = 200, description = "The month's sheet.", body = MonthlyJson),
        (status = 404, description = REP_MISSING, body = ErrorBody),
        (status = 422, description = "The month or year is out of range.", body = ErrorBody),
    ))]
pub async fn progress_of(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (rep, month, year) = path.into_inner();
    let rep_id = rep_id(&rep)?;
    let month = path_number(&month, "month")?;
    let year = path_number(&year, "year")?;
    if !(1..=12).contains(&month) {
        return Err(ApiError::invalid("month", "must be from 1 to 12"));
    }
    if !(2000..=2999).contains(&year) {
        return Err(ApiError::invalid("year", "must be from 2000 to 2999"));
    }
    let now = Utc::now();
    let tz = sheets::tz_of(&caller.org);
    let body = db(&pool, move |conn| {
        let rep = visible_rep(conn, &caller.user, rep_id)?;
        let view = SheetView::load(conn, &caller.org, rep, year as i32, month as u32, now)?;
        Ok(monthly_json(&view, tz, now))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `GET /api/v1/goals/history/{rep_id}`: the rep's sheets, newest first.
#[utoipa::path(get, path = "/api/v1/goals/history/{rep_id}", tag = "goal sheets",
    summary = "A rep's sheets, newest month first",
    description = "Each sheet with `set_by_deadline`, the late flag and the attainment of its goals. The rep, their managers up the tree, admins and executives.",
    params(("rep_id" = i64, Path, description = "The rep's user id.")),
    responses(
        (status = 200, description = "The history.", body = History),
        (status = 404, description = REP_MISSING, body = ErrorBody),
    ))]
pub async fn history(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let rep_id = rep_id(&path)?;
    let today = progress::org_today(&caller.org);
    let body = db(&pool, move |conn| {
        let rep = visible_rep(conn, &caller.user, rep_id)?;
        let sheets = GoalSheet::history(conn, rep.id, HISTORY)?;
        let ids: Vec<i64> = sheets
            .iter()
            .flat_map(|s| [s.signup_goal_id, s.revenue_goal_id])
            .flatten()
            .collect();
        let found = Goal::by_ids(conn, &ids)?;
        let views: HashMap<i64, GoalView> = progress::views(conn, found, &caller.org, today)?
            .into_iter()
            .map(|v| (v.goal.id, v))
            .collect();
        let rows: Vec<HistoryRow> = sheets
            .iter()
            .map(|s| {
                let signups = s.signup_goal_id.and_then(|id| views.get(&id));
                let revenue = s.revenue_goal_id.and_then(|id| views.get(&id));
                let attainment = match (signups, revenue) {
                    (Some(a), Some(b)) => a
                        .progress
                        .attainment_percent
                        .zip(b.progress.attainment_percent)
                        .map(|(a, b)| two(a.min(b))),
                    _ => None,
                };
                HistoryRow {
                    sheet: SheetJson::new(s, today),
                    signups: signups.map(GoalProgressJson::from),
                    revenue: revenue.map(GoalProgressJson::from),
                    attainment_percent: attainment,
                }
            })
            .collect();
        Ok(History {
            rep_id: rep.id,
            rep_name: rep.name,
            sheets: rows,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `POST /api/v1/goals/monthly/set`: the caller sets their own sheet
/// (`year`/`month` default to this month).
#[utoipa::path(post, path = "/api/v1/goals/monthly/set", tag = "goal sheets",
    summary = "Set the caller's own monthly sheet",
    description = "Creates or updates the month's signup and revenue goals (owner: the caller, status active) in one transaction, with a revision for each target change. The first set records `set_at` and `set_by_deadline`; a late sheet is accepted and flagged. Repeating the call changes nothing more.",
    request_body = MonthlySheetInput,
    responses(
        (status = 200, description = "The sheet after setting it.", body = MonthlyJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 422, description = "A field is missing or out of range (signups a whole number ≥ 0, revenue ≥ 0, bonus tier 0–6, month 1–12).", body = ErrorBody),
    ))]
pub async fn monthly_set(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let tz = sheets::tz_of(&caller.org);
    let (this_year, this_month) = deadline::sheet_month(now, tz);
    let mut input = Input::body(&body)?;
    let year: Option<i64> = input.get("year");
    let month: Option<i64> = input.get("month");
    let signups: Option<FormAmount> = input.need("signup_goal");
    let revenue: Option<FormAmount> = input.need("revenue_goal");
    let tier: Option<FormAmount> = input.need("bonus_tier_goal");
    let mut fields = input.into_fields();
    let parsed = match (&signups, &revenue, &tier) {
        (Some(s), Some(r), Some(t)) => SheetInput::parse(&s.0, &r.0, &t.0, &caller.org)
            .map_err(|e| fields.merge(e.into()))
            .ok(),
        _ => None,
    };
    let year = year.unwrap_or(this_year as i64);
    let month = month.unwrap_or(this_month as i64);
    if let Err(e) = sheets::check_month(year.clamp(0, 9999) as i32, month.clamp(0, 13) as u32) {
        fields.merge(e.into());
    }
    fields.clone().into_result()?;
    let parsed = parsed.ok_or(ApiError::Invalid(fields))?;
    let body = db(&pool, move |conn| {
        sheets::set_sheet(
            conn,
            &caller.user,
            &caller.org,
            year as i32,
            month as u32,
            &parsed,
            now,
        )?;
        let view = SheetView::load(
            conn,
            &caller.org,
            caller.user.clone(),
            year as i32,
            month as u32,
            now,
        )?;
        Ok(monthly_json(&view, tz, now))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `GET /api/v1/goals/yearly/current`: the caller's goals for this year.
#[utoipa::path(get, path = "/api/v1/goals/yearly/current", tag = "goal sheets",
    summary = "The caller's yearly goals for this year",
    description = "Targets, actuals over the calendar year, expected by now, on pace or behind, the projected year end and the twelve monthly targets (yearly ÷ 12, or by the seasonal weights; leftover units go to the months with the largest cut-off fraction so the twelve sum exactly).",
    responses((status = 200, description = "The yearly goals.", body = YearlyJson)))]
pub async fn yearly_current(
    pool: web::Data<DbPool>,
    caller: ApiUser,
) -> Result<HttpResponse, ApiError> {
    let today = progress::org_today(&caller.org);
    let body = db(&pool, move |conn| {
        let view = YearlyView::load(conn, &caller.org, caller.user.id, today.year(), today)?;
        Ok(yearly_json(caller.user.id, &view))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `POST /api/v1/goals/yearly/set`: the caller's own yearly goals
/// (`year` defaults to this year).
#[utoipa::path(post, path = "/api/v1/goals/yearly/set", tag = "goal sheets",
    summary = "Set the caller's own yearly goals",
    request_body = YearlyGoalsInput,
    responses(
        (status = 200, description = "The yearly goals after setting them.", body = YearlyJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 422, description = "A field is missing or out of range.", body = ErrorBody),
    ))]
pub async fn yearly_set(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let today = period::local_date(now, sheets::tz_of(&caller.org));
    let mut input = Input::body(&body)?;
    let year: i64 = input.get("year").unwrap_or(today.year() as i64);
    let signups: Option<FormAmount> = input.need("signup_goal");
    let revenue: Option<FormAmount> = input.need("revenue_goal");
    if !(2000..=2999).contains(&year) {
        input.fail("year", "must be from 2000 to 2999");
    }
    let mut fields = input.into_fields();
    let parsed = match (&signups, &revenue) {
        (Some(s), Some(r)) => SheetInput::parse(&s.0, &r.0, "0", &caller.org)
            .map_err(|e| fields.merge(e.into()))
            .ok(),
        _ => None,
    };
    fields.clone().into_result()?;
    let parsed = parsed.ok_or(ApiError::Invalid(fields))?;
    let body = db(&pool, move |conn| {
        sheets::set_yearly(
            conn,
            &caller.user,
            year as i32,
            parsed.signup_goal,
            parsed.revenue_goal,
            now,
        )?;
        let view = YearlyView::load(conn, &caller.org, caller.user.id, year as i32, today)?;
        Ok(yearly_json(caller.user.id, &view))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
