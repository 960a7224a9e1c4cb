//! `/api/v1/quotas` and `/api/v1/goals`: one goals table behind both. A
//! quota is a goal on a month, quarter or year; an objective is a goal with
//! a title, usually on a custom range and with milestones. Listing shows
//! what the caller may read (`access`); creating, changing and cancelling
//! need the right to set the owner's targets (managers below themselves,
//! admins anywhere).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use super::input::{Body, Input, Page};
use super::new_goal::{self, Kind};
use super::shapes::Lookup;
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::schema::{goals, periods, users};
use crate::db::users::User;
use crate::domain::lifecycle::Action;
use crate::domain::role::Role;
use crate::org::access;
use crate::web::error::AppError;

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

struct Filter {
    quotas_only: bool,
    period_id: Option<i64>,
    user_id: Option<i64>,
    team_id: Option<i64>,
    metric_type: Option<String>,
    /// `None`: everything but cancelled; "all": everything.
    status: Option<String>,
    page: Page,
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
    let page = q.page();
    let filter = Filter {
        quotas_only,
        period_id: q.get("period_id"),
        user_id: q.get("user_id"),
        team_id: q.get("team_id"),
        metric_type: q.get("metric_type"),
        status,
        page,
    };
    q.finish()?;
    Ok(filter)
}

/// The goals `viewer` may read that pass `f`, newest period first. Mirrors
/// `access::can_view_goal` as one query: own and subtree people's goals,
/// own and subtree teams' goals, company goals; everything for admins and
/// executives.
fn visible(conn: &mut PgConnection, viewer: &User, f: &Filter) -> Result<Vec<Goal>, ApiError> {
    let mut query = goals::table
        .inner_join(periods::table)
        .select(Goal::as_select())
        .into_boxed();
    if f.quotas_only {
        query = query.filter(periods::kind.ne("custom"));
    }
    if let Some(key) = &f.metric_type {
        let metric = Metric::find_by_key(conn, key)?
            .ok_or_else(|| ApiError::invalid("metric_type", "is not a known metric"))?;
        query = query.filter(goals::metric_id.eq(metric.id));
    }
    if let Some(id) = f.period_id {
        query = query.filter(goals::period_id.eq(id));
    }
    if let Some(id) = f.user_id {
        query = query.filter(goals::user_id.eq(id));
    }
    if let Some(id) = f.team_id {
        query = query.filter(goals::team_id.eq(id));
    }
    query = match f.status.as_deref() {
        Some("all") => query,
        Some(status) => query.filter(goals::status.eq(status.to_string())),
        None => query.filter(goals::status.ne("cancelled")),
    };
    if let Some(mut teams) = access::visible_teams(conn, viewer)? {
        let mut people: Vec<i64> = users::table
            .filter(users::team_id.eq_any(&teams))
            .select(users::id)
            .load(conn)?;
        people.push(viewer.id);
        teams.extend(viewer.team_id);
        query = query.filter(
            goals::owner_kind
                .eq("company")
                .or(goals::user_id.eq_any(people))
                .or(goals::team_id.eq_any(teams)),
        );
    }
    Ok(query
        .order((periods::start_date.desc(), goals::priority, goals::id))
        .limit(f.page.limit)
        .offset(f.page.offset)
        .load(conn)?)
}

async fn list(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
    quotas_only: bool,
) -> Result<HttpResponse, ApiError> {
    let filter = filter(&req, quotas_only)?;
    let rows = db(&pool, move |conn| {
        let goals = visible(conn, &caller.user, &filter)?;
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

/// The goal, if `viewer` may read it (404 otherwise, so ids of other
/// people's goals are not confirmed) and change it (403 otherwise).
fn managed_goal(conn: &mut PgConnection, viewer: &User, id: i64) -> Result<Goal, ApiError> {
    let goal = Goal::find(conn, id)
        .optional()?
        .ok_or_else(|| ApiError::not_found("goal"))?;
    if !access::can_view_goal(conn, viewer, &goal)? {
        return Err(ApiError::not_found("goal"));
    }
    if !access::can_manage_goal(conn, viewer, &goal)? {
        return Err(ApiError::forbidden(
            "you may change targets only of people and teams below you",
        ));
    }
    Ok(goal)
}

#[derive(Debug)]
struct Changes {
    target: Option<Decimal>,
    weight: Option<Decimal>,
    priority: Option<i16>,
    title: Option<String>,
}

/// The changes and the reason for them (`reason`; needed for the target of
/// an active goal).
fn parse_changes(body: &[u8]) -> Result<(Changes, Option<String>), ApiError> {
    let mut input = Input::body(body)?;
    let changes = Changes {
        target: new_goal::target(&mut input),
        weight: new_goal::weight(&mut input),
        priority: new_goal::priority(&mut input),
        title: input.get("title"),
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
    let changes = parse_changes(&body);
    let actor = caller.user.id;
    let body = db(&pool, move |conn| {
        conn.transaction(|conn| {
            let before = managed_goal(conn, &caller.user, id)?;
            if matches!(before.status.as_str(), "cancelled" | "completed" | "failed") {
                return Err(ApiError::Conflict(format!(
                    "a {} goal cannot be changed",
                    before.status
                )));
            }
            let (changes, reason) = changes?;
            let revision = crate::goals::lifecycle::Revision {
                target: changes.target,
                weight: changes.weight,
                priority: changes.priority,
                title: changes.title,
                breakdown: None,
            };
            let after = crate::goals::lifecycle::revise(
                conn,
                &caller.user,
                id,
                &revision,
                reason.as_deref(),
            )
            .map_err(|e| match e {
                AppError::Invalid(errors) => ApiError::Invalid(errors.into()),
                other => other.into(),
            })?;
            NewAuditEntry::new(
                Some(actor),
                "update",
                "goal",
                Some(id),
                format!("Changed goal #{id} through the API"),
            )
            .before(&before)
            .after(&after)
            .record(conn)?;
            let lookup = Lookup::load(conn, std::slice::from_ref(&after))?;
            Ok(lookup.goal(&after))
        })
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
    let actor = caller.user.id;
    let body = db(&pool, move |conn| {
        conn.transaction(|conn| {
            let before = managed_goal(conn, &caller.user, id)?;
            let after = match before.status.as_str() {
                "cancelled" => before,
                "completed" | "failed" => {
                    return Err(ApiError::Conflict(format!(
                        "a {} goal is final and cannot be cancelled",
                        before.status
                    )));
                }
                _ => {
                    let today = crate::goals::progress::org_today(&Organisation::get(conn)?);
                    let after = crate::goals::lifecycle::transition(
                        conn,
                        &caller.user,
                        id,
                        Action::Cancel,
                        Some("Cancelled through the API"),
                        today,
                    )?;
                    NewAuditEntry::new(
                        Some(actor),
                        "cancel",
                        "goal",
                        Some(id),
                        format!("Cancelled goal #{id} through the API"),
                    )
                    .before(&before)
                    .after(&after)
                    .record(conn)?;
                    after
                }
            };
            let lookup = Lookup::load(conn, std::slice::from_ref(&after))?;
            Ok(lookup.goal(&after))
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
