//! `/api/v1/quotas` and `/api/v1/goals`: one goals table behind both. A
//! quota is a goal on a month, quarter or year; an objective is a goal with
//! a title, usually on a custom range and with milestones. Listing shows
//! what the caller may read (`access`); creating, changing and cancelling
//! need the right to set the owner's targets (managers below themselves,
//! admins anywhere).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::{PgConnection, QueryResult};
use utoipa::IntoParams;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, Input, Page};
use super::new_goal::{self, Kind};
use super::requests::{GoalChange, GoalRequest, QuotaRequest};
use super::shapes::{GoalJson, Lookup};
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::domain::role::Role;
use crate::goals::edits::{self, Refusal};
use crate::goals::lifecycle::Revision;
use crate::goals::listing::{self, Filter};

pub const STATUSES: [&str; 8] = [
    "draft",
    "pending_approval",
    "approved",
    "active",
    "paused",
    "completed",
    "failed",
    "cancelled",
];

/// The filters of a goal list, as `filter` reads them.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoalFilters {
    /// Only goals of this period.
    pub period_id: Option<i64>,
    /// Only goals of this person.
    pub user_id: Option<i64>,
    /// Only goals of this team.
    pub team_id: Option<i64>,
    /// Only goals of this metric key (revenue, deals, …).
    pub metric_type: Option<String>,
    /// One status, or `all`; by default every status but cancelled.
    pub status: Option<String>,
    /// Page size, 1–1000 (default 200).
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
}

fn filter(req: &HttpRequest, quotas_only: bool) -> Result<Filter, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let status: Option<String> = q.get("status");
    if let Some(s) = &status
        && s != "all"
        && !STATUSES.contains(&s.as_str())
    {
        q.fail(
            "status",
            format!("must be all or one of {}", STATUSES.join(", ")),
        );
    }
    let Page { limit, offset } = q.page();
    let filter = Filter {
        quotas_only,
        period_id: q.get("period_id"),
        user_id: q.get("user_id"),
        team_id: q.get("team_id"),
        metric_type: q.get("metric_type"),
        status,
        limit,
        offset,
    };
    q.finish()?;
    Ok(filter)
}

async fn list(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
    quotas_only: bool,
) -> Result<HttpResponse, ApiError> {
    let filter = filter(&req, quotas_only)?;
    let rows = db(&pool, move |conn| {
        let goals = listing::visible(conn, &caller.user, filter)?;
        let lookup = Lookup::load(conn, &goals)?;
        Ok(goals.iter().map(|g| lookup.goal(g)).collect::<Vec<_>>())
    })
    .await?;
    Ok(json(StatusCode::OK, &rows))
}

#[utoipa::path(get, path = "/api/v1/quotas", tag = "quotas",
    summary = "Quotas (goals on months, quarters, years) the caller may see",
    description = "Reps: their own, their team's and the company's. Managers: also their subtree's. Admins and executives: all.",
    params(GoalFilters),
    responses(
        (status = 200, description = "Quotas.", body = [GoalJson]),
        (status = 422, description = "Invalid filter.", body = ErrorBody),
    ))]
pub async fn list_quotas(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    list(pool, caller, req, true).await
}

#[utoipa::path(get, path = "/api/v1/goals", tag = "goals",
    summary = "Goals of every kind the caller may see",
    params(GoalFilters),
    responses(
        (status = 200, description = "Goals.", body = [GoalJson]),
        (status = 422, description = "Invalid filter.", body = ErrorBody),
    ))]
pub async fn list_goals(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    list(pool, caller, req, false).await
}

#[utoipa::path(post, path = "/api/v1/quotas", tag = "quotas",
    summary = "Set a quota (managers below themselves, admins anywhere)",
    request_body = QuotaRequest,
    responses(
        (status = 201, description = "The new quota.", body = GoalJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 409, description = DUPLICATE, body = ErrorBody),
        (status = 422, description = UNKNOWN, body = ErrorBody),
    ))]
pub async fn create_quota(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::can_manage, "set quotas")?;
    new_goal::create(pool, caller, &body, Kind::Quota).await
}

#[utoipa::path(post, path = "/api/v1/goals", tag = "goals",
    summary = "Set an objective, with milestones (managers below themselves, admins anywhere)",
    description = "On period_id, or on a custom range from start_date to end_date (created if new). Goal and milestones are written together or not at all.",
    request_body = GoalRequest,
    responses(
        (status = 201, description = "The new goal.", body = GoalJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 409, description = DUPLICATE, body = ErrorBody),
        (status = 422, description = UNKNOWN, body = ErrorBody),
    ))]
pub async fn create_goal(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::can_manage, "set goals")?;
    new_goal::create(pool, caller, &body, Kind::Objective).await
}

/// A goal id from the path; anything else is a goal that does not exist.
pub fn goal_id(path: &str) -> Result<i64, ApiError> {
    path.parse().map_err(|_| ApiError::not_found("goal"))
}

/// A goal the caller may not see is one that does not exist (404), so ids
/// of other people's goals are not confirmed; one they may see but not
/// change is forbidden (403).
impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Missing => ApiError::not_found("goal"),
            Refusal::NotYours => {
                ApiError::forbidden("you may change targets only of people and teams below you")
            }
        }
    }
}

/// The goal as the API shows it, read in the service's transaction.
fn show(conn: &mut PgConnection, goal: &Goal) -> QueryResult<GoalJson> {
    let lookup = Lookup::load(conn, std::slice::from_ref(goal))?;
    Ok(lookup.goal(goal))
}

/// The changes and the reason for them (`reason`; needed for the target of
/// an active goal).
pub(super) fn parse_changes(body: &[u8]) -> Result<(Revision, Option<String>), ApiError> {
    let mut input = Input::body(body)?;
    let changes = Revision {
        target: new_goal::target(&mut input),
        weight: new_goal::weight(&mut input),
        priority: new_goal::priority(&mut input),
        title: input.get("title"),
        breakdown: None,
    };
    let reason = input.get_text("reason", crate::sales::form::NOTE_MAX);
    input.refuse(
        &[
            "period_id",
            "user_id",
            "team_id",
            "metric_type",
            "start_date",
            "end_date",
            "milestones",
        ],
        "cannot be changed; cancel the goal and create a new one",
    );
    let nothing = changes.target.is_none()
        && changes.weight.is_none()
        && changes.priority.is_none()
        && changes.title.is_none();
    let mut fields = input.into_fields();
    if nothing && fields.is_empty() {
        fields.add(
            "target_value",
            "send at least one of target_value, weight, priority, title",
        );
    }
    fields.into_result()?;
    Ok((changes, reason))
}

const DUPLICATE: &str = "The owner already has a live goal for this metric and period.";
const UNKNOWN: &str = "Invalid or unknown fields, unknown metric, period, user or team.";
const UPDATE: &str = "Managers for people and teams below them, admins for any. Owner, metric and period cannot change: cancel and create instead.";
const UPDATE_422: &str = "Invalid fields, or a new target for an active goal without a reason.";
pub const MISSING: &str = "No such goal, or the caller may not see it.";

/// `PUT /api/v1/quotas/{id}`: as [`update`].
#[utoipa::path(put, path = "/api/v1/quotas/{id}", tag = "quotas",
    operation_id = "update_quota", summary = "Change target, weight, priority or title",
    description = UPDATE,
    params(("id" = i64, Path, description = "The goal's id.")),
    request_body = GoalChange,
    responses(
        (status = 200, description = "The changed goal.", body = GoalJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 404, description = MISSING, body = ErrorBody),
        (status = 409, description = "The goal is cancelled, completed or failed.", body = ErrorBody),
        (status = 422, description = UPDATE_422, body = ErrorBody),
    ))]
pub async fn update_quota(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    update(pool, caller, path, body).await
}

/// `PUT /api/v1/goals/{id}` (and `/api/v1/quotas/{id}`): target, weight,
/// priority and title of a goal that is not final.
#[utoipa::path(put, path = "/api/v1/goals/{id}", tag = "goals",
    operation_id = "update_goal", summary = "Change target, weight, priority or title",
    description = UPDATE,
    params(("id" = i64, Path, description = "The goal's id.")),
    request_body = GoalChange,
    responses(
        (status = 200, description = "The changed goal.", body = GoalJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 404, description = MISSING, body = ErrorBody),
        (status = 409, description = "The goal is cancelled, completed or failed.", body = ErrorBody),
        (status = 422, description = UPDATE_422, body = ErrorBody),
    ))]
pub async fn update(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::can_manage, "change goals")?;
    let id = goal_id(&path)?;
    // Read now, reported only once the caller is known to own the goal.
    let change = parse_changes(&body);
    let body = db(&pool, move |conn| {
        edits::update(conn, &caller.user, id, change, show)
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `DELETE /api/v1/quotas/{id}`: as [`cancel`].
#[utoipa::path(delete, path = "/api/v1/quotas/{id}", tag = "quotas",
    operation_id = "cancel_quota",
    summary = "Cancel the goal (the row stays; status becomes cancelled)",
    params(("id" = i64, Path, description = "The goal's id.")),
    responses(
        (status = 200, description = "The cancelled goal (cancelling twice is harmless).", body = GoalJson),
        (status = 404, description = MISSING, body = ErrorBody),
        (status = 409, description = "The goal is completed or failed.", body = ErrorBody),
    ))]
pub async fn cancel_quota(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    cancel(pool, caller, path).await
}

/// `DELETE /api/v1/goals/{id}` (and `/api/v1/quotas/{id}`): cancels the
/// goal (the row stays, for history); cancelling twice is harmless.
#[utoipa::path(delete, path = "/api/v1/goals/{id}", tag = "goals",
    operation_id = "delete_goal",
    summary = "Cancel the goal (the row stays; status becomes cancelled)",
    params(("id" = i64, Path, description = "The goal's id.")),
    responses(
        (status = 200, description = "The cancelled goal (cancelling twice is harmless).", body = GoalJson),
        (status = 404, description = MISSING, body = ErrorBody),
        (status = 409, description = "The goal is completed or failed.", body = ErrorBody),
    ))]
pub async fn cancel(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::can_manage, "cancel goals")?;
    let id = goal_id(&path)?;
    let body = db(&pool, move |conn| {
        edits::cancel(conn, &caller.user, id, show)
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
