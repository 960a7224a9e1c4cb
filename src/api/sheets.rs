//! The monthly goal sheet and yearly goals over JSON: the caller's current
//! sheet and yearly goals, a rep's sheet history and one month's progress
//! (the rep, their managers up the tree, admins and executives; 404 for
//! anyone else), and setting one's own sheet or yearly goals.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use super::input::{Body, FormAmount, Input};
use super::shapes::two;
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::sheets::GoalSheet;
use crate::db::users::User;
use crate::domain::deadline;
use crate::domain::period;
use crate::domain::sheet_outcome::{self, Outcome};
use crate::domain::yearly::YearlyProgress;
use crate::goals::progress::{self, GoalView};
use crate::goals::sheets::{self, SheetInput, SheetView, YearlyView};
use crate::org::access;

/// How many sheets a history lists (eight years of months).
const HISTORY: i64 = 96;

#[derive(Serialize)]
struct SheetJson {
    id: i64,
    user_id: i64,
    year: i16,
    month: i16,
    status: String,
    signup_goal: Decimal,
    revenue_goal: Decimal,
    bonus_tier_goal: i16,
    signup_goal_id: Option<i64>,
    revenue_goal_id: Option<i64>,
    set_at: Option<DateTime<Utc>>,
    set_by: Option<i64>,
    set_by_deadline: Option<bool>,
    /// Set late and not cleared by a manager.
    late: bool,
    late_cleared_at: Option<DateTime<Utc>>,
    late_cleared_by: Option<i64>,
    late_cleared_reason: Option<String>,
    completed_at: Option<DateTime<Utc>>,
    /// active | completed | missed (the month closed short) | archived (the
    /// month closed on a sheet never set): `domain::sheet_outcome`.
    outcome: Outcome,
}

impl SheetJson {
    /// The sheet as stored, with its outcome on `today` (organisation time).
    fn new(s: &GoalSheet, today: NaiveDate) -> Self {
        SheetJson {
            id: s.id,
            user_id: s.user_id,
            year: s.year,
            month: s.month,
            status: s.status.clone(),
            signup_goal: s.signup_goal,
            revenue_goal: s.revenue_goal,
            bonus_tier_goal: s.bonus_tier_goal,
            signup_goal_id: s.signup_goal_id,
            revenue_goal_id: s.revenue_goal_id,
            set_at: s.set_at,
            set_by: s.set_by,
            set_by_deadline: s.set_by_deadline,
            late: s.is_late(),
            late_cleared_at: s.late_cleared_at,
            late_cleared_by: s.late_cleared_by,
            late_cleared_reason: s.late_cleared_reason.clone(),
            completed_at: s.completed_at,
            outcome: sheet_outcome::outcome(
                i32::from(s.year),
                u32::from(s.month.unsigned_abs()),
                s.is_set(),
                s.completed_at.is_some(),
                today,
            ),
        }
    }
}

#[derive(Serialize)]
struct GoalProgressJson {
    goal_id: i64,
    metric_type: String,
    target: Decimal,
    actual: Decimal,
    attainment_percent: Option<Decimal>,
    /// "signups 10 of 20 — 50.00%".
    summary: String,
}

impl From<&GoalView> for GoalProgressJson {
    fn from(v: &GoalView) -> Self {
        let percent = v.progress.attainment_percent.map(two);
        GoalProgressJson {
            goal_id: v.goal.id,
            metric_type: v.metric.key.clone(),
            target: two(v.progress.target),
            actual: two(v.progress.actual),
            attainment_percent: percent,
            summary: format!(
                "{} {} of {} — {}",
                v.metric.key,
                v.progress.actual.normalize(),
                v.progress.target.normalize(),
                percent.map_or("—".to_string(), |p| format!("{p}%"))
            ),
        }
    }
}

#[derive(Serialize)]
struct MonthlyJson {
    rep_id: i64,
    rep_name: String,
    year: i32,
    month: u32,
    deadline: DateTime<Utc>,
    deadline_status: &'static str,
    days_until_deadline: Option<i64>,
    sheet: Option<SheetJson>,
    signups: Option<GoalProgressJson>,
    revenue: Option<GoalProgressJson>,
    /// The lower of the two goals' attainment.
    attainment_percent: Option<Decimal>,
    /// The signup ladder tier the month's signups reached (none below the
    /// first), and whether it meets the sheet's bonus tier goal.
    bonus_tier_reached: Option<i16>,
    bonus_triggered: bool,
}

fn monthly_json(view: &SheetView, org_tz: chrono_tz::Tz, now: DateTime<Utc>) -> MonthlyJson {
    MonthlyJson {
        rep_id: view.rep.id,
        rep_name: view.rep.name.clone(),
        year: view.year,
        month: view.month,
        deadline: view.deadline,
        deadline_status: view.status.as_str(),
        days_until_deadline: deadline::days_until(view.year, view.month, now, org_tz),
        sheet: view
            .sheet
            .as_ref()
            .map(|s| SheetJson::new(s, now.with_timezone(&org_tz).date_naive())),
        signups: view.signups.as_ref().map(GoalProgressJson::from),
        revenue: view.revenue.as_ref().map(GoalProgressJson::from),
        attainment_percent: view.attainment().map(two),
        bonus_tier_reached: view.tier_reached,
        bonus_triggered: view.bonus_triggered(),
    }
}

#[derive(Serialize)]
struct YearlyMetricJson {
    target: Decimal,
    actual: Decimal,
    expected_by_now: Decimal,
    on_pace: bool,
    projected_year_end: Decimal,
    monthly_targets: Vec<Decimal>,
}

impl From<&YearlyProgress> for YearlyMetricJson {
    fn from(p: &YearlyProgress) -> Self {
        YearlyMetricJson {
            target: two(p.target),
            actual: two(p.actual),
            expected_by_now: two(p.expected_by_now),
            on_pace: p.on_pace,
            projected_year_end: two(p.projected_year_end),
            monthly_targets: p.monthly_targets.iter().copied().map(two).collect(),
        }
    }
}

#[derive(Serialize)]
struct YearlyJson {
    user_id: i64,
    year: i32,
    set: bool,
    set_at: Option<DateTime<Utc>>,
    months_remaining: u32,
    seasonal_weights: bool,
    signups: YearlyMetricJson,
    revenue: YearlyMetricJson,
}

fn yearly_json(user_id: i64, view: &YearlyView) -> YearlyJson {
    YearlyJson {
        user_id,
        year: view.year,
        set: view.goal.is_some(),
        set_at: view.goal.as_ref().map(|g| g.set_at),
        months_remaining: view.signups.months_remaining,
        seasonal_weights: view.weighted,
        signups: YearlyMetricJson::from(&view.signups),
        revenue: YearlyMetricJson::from(&view.revenue),
    }
}

/// The rep, if the caller may read them (404 otherwise, as for goals).
fn visible_rep(
    conn: &mut diesel::PgConnection,
    caller: &User,
    rep_id: i64,
) -> Result<User, ApiError> {
    use diesel::OptionalExtension;
    let rep = User::find(conn, rep_id)
        .optional()?
        .ok_or_else(|| ApiError::not_found("rep"))?;
    if !access::can_view_user(conn, caller, rep.id)? {
        return Err(ApiError::not_found("rep"));
    }
    Ok(rep)
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

#[derive(Serialize)]
struct HistoryRow {
    #[serde(flatten)]
    sheet: SheetJson,
    signups: Option<GoalProgressJson>,
    revenue: Option<GoalProgressJson>,
    attainment_percent: Option<Decimal>,
}

/// `GET /api/v1/goals/history/{rep_id}`: the rep's sheets, newest first.
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
        Ok(serde_json::json!({ "rep_id": rep.id, "rep_name": rep.name, "sheets": rows }))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `POST /api/v1/goals/monthly/set`: the caller sets their own sheet
/// (`year`/`month` default to this month).
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
