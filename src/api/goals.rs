//! `/api/v1/quotas` and `/api/v1/goals`: one goals table behind both. A
//! quota is a goal on a month, quarter or year; an objective is a goal with
//! a title, usually on a custom range and with milestones. Listing shows
//! what the caller may read (`access`); creating, changing and cancelling
//! need the right to set the owner's targets (managers below themselves,
//! admins anywhere).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::{PgConnection, QueryResult};

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use super::input::{Body, Input, Page};
use super::new_goal::{self, Kind};
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

pub async fn list_quotas(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    list(pool, caller, req, true).await
}

pub async fn list_goals(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    list(pool, caller, req, false).await
}

pub async fn create_quota(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::can_manage, "set quotas")?;
    new_goal::create(pool, caller, &body, Kind::Quota).await
}

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
fn parse_changes(body: &[u8]) -> Result<(Revision, Option<String>), ApiError> {
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

/// `PUT /api/v1/quotas/{id}` and `/api/v1/goals/{id}`: target, weight,
/// priority and title of a goal that is not final.
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

/// `DELETE /api/v1/quotas/{id}` and `/api/v1/goals/{id}`: cancels the goal
/// (the row stays, for history); cancelling twice is harmless.
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
