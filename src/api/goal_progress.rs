//! One goal for anyone who may read it (404 otherwise): `GET
//! /api/v1/goals/{id}` (and `/quotas/{id}`) as stored with its milestones,
//! `GET /api/v1/goals/{id}/progress` with its progress; both with the bonus
//! earned so far, as the quota card shows it.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::{PgConnection, QueryResult};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiUser;
use super::bonus::{self, BonusJson};
use super::error::{ApiError, ErrorBody, db, json};
use super::goals::{MISSING, goal_id};
use super::shapes::{GoalJson, Lookup, MilestoneJson, ProgressRow, two};
use crate::db::DbPool;
use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::Goal;
use crate::db::milestones::Milestone;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::goals::progress::{self, GoalView};
use crate::org::access;

#[derive(Serialize, ToSchema)]
pub struct MilestoneProgress {
    #[serde(flatten)]
    milestone: MilestoneJson,
    reached: bool,
    /// What the actual still lacks (0 once reached).
    remaining: Decimal,
}

#[derive(Serialize, ToSchema)]
pub struct GoalProgress {
    goal: GoalJson,
    progress: ProgressRow,
    milestones: Vec<MilestoneProgress>,
    /// Null when the goal has no bonus schedule.
    bonus: Option<BonusJson>,
}

#[derive(Serialize, ToSchema)]
pub struct GoalDetail {
    #[serde(flatten)]
    goal: GoalJson,
    /// Null when the goal has no bonus schedule.
    bonus: Option<BonusJson>,
}

const READERS: &str = "Anyone who may see the goal: the owner, their managers up the tree, a team's members for its goals, everyone for company goals, admins and executives.";

/// `GET /api/v1/quotas/{id}`: as [`show_goal`].
#[utoipa::path(get, path = "/api/v1/quotas/{id}", tag = "quotas",
    summary = "One goal with its milestones and the bonus earned so far",
    description = READERS,
    params(("id" = i64, Path, description = "The goal's id.")),
    responses(
        (status = 200, description = "The goal.", body = GoalDetail),
        (status = 404, description = MISSING, body = ErrorBody),
    ))]
pub async fn show_quota(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    show_goal(pool, caller, path).await
}

/// The goal `id` with today's view of it, if `viewer` may read it.
fn readable(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    id: i64,
) -> Result<(Goal, GoalView), ApiError> {
    let goal =
        access::visible_goal(conn, viewer, id)?.ok_or_else(|| ApiError::not_found("goal"))?;
    let today = progress::org_today(org);
    let view = progress::views(conn, vec![goal.clone()], org, today)?
        .pop()
        .ok_or_else(|| ApiError::not_found("goal"))?;
    Ok((goal, view))
}

/// `GET /api/v1/goals/{id}` (and `GET /api/v1/quotas/{id}`).
#[utoipa::path(get, path = "/api/v1/goals/{id}", tag = "goals",
    summary = "One goal with its milestones and the bonus earned so far",
    description = READERS,
    params(("id" = i64, Path, description = "The goal's id.")),
    responses(
        (status = 200, description = "The goal.", body = GoalDetail),
        (status = 404, description = MISSING, body = ErrorBody),
    ))]
pub async fn show_goal(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = goal_id(&path)?;
    let body = db(&pool, move |conn| {
        let (goal, view) = readable(conn, &caller.user, &caller.org, id)?;
        let lookup = Lookup::load(conn, std::slice::from_ref(&goal))?;
        let mut json = lookup.goal(&goal);
        json.milestones = Some(
            Milestone::for_goal(conn, goal.id)?
                .iter()
                .map(MilestoneJson::from)
                .collect(),
        );
        Ok(GoalDetail {
            goal: json,
            bonus: bonus::of_view(conn, &view, &caller.org)?,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `GET /api/v1/goals/{id}/progress`: anyone who may read the goal (404
/// otherwise).
#[utoipa::path(get, path = "/api/v1/goals/{id}/progress", tag = "goals",
    operation_id = "goal_progress", summary = "A goal's progress and milestones",
    params(("id" = i64, Path, description = "The goal's id.")),
    responses(
        (status = 200, description = "Progress.", body = GoalProgress),
        (status = 404, description = MISSING, body = ErrorBody),
    ))]
pub async fn show(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = goal_id(&path)?;
    let body = db(&pool, move |conn| {
        let (goal, view) = readable(conn, &caller.user, &caller.org, id)?;
        let lookup = Lookup::load(conn, std::slice::from_ref(&goal))?;
        let row = ProgressRow::new(
            &goal,
            view.owner_name.clone(),
            view.metric.key.clone(),
            &view.progress,
            caller.user.id,
        );
        let milestones = milestone_progress(conn, &goal, &view.period, view.progress.actual)?;
        Ok(GoalProgress {
            goal: lookup.goal(&goal),
            progress: row,
            milestones,
            bonus: bonus::of_view(conn, &view, &caller.org)?,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// Milestones with their reached date: the stored one, or — for one the
/// actual reaches but nothing has marked yet — the day the running total
/// first crossed it.
fn milestone_progress(
    conn: &mut PgConnection,
    goal: &Goal,
    period: &PeriodRow,
    actual: Decimal,
) -> QueryResult<Vec<MilestoneProgress>> {
    let stored = Milestone::for_goal(conn, goal.id)?;
    let unmarked = stored
        .iter()
        .any(|m| m.reached_on.is_none() && m.value <= actual);
    let mut crossings = BTreeMap::new();
    if unmarked {
        let people = progress::people_of(conn, goal.owner())?;
        let scope = match &people {
            None => Scope::Everyone,
            Some(people) => Scope::Users(people),
        };
        let daily = MetricEvent::daily(
            conn,
            scope,
            goal.metric_id,
            period.start_date,
            period.end_date,
        )?;
        for m in stored.iter().filter(|m| m.reached_on.is_none()) {
            if let Some(day) = progress::first_crossing(&daily, m.value) {
                crossings.insert(m.id, day);
            }
        }
    }
    Ok(stored
        .iter()
        .map(|m| {
            let mut json = MilestoneJson::from(m);
            if json.reached_on.is_none() && m.value <= actual {
                json.reached_on = crossings.get(&m.id).copied();
            }
            MilestoneProgress {
                reached: json.reached_on.is_some(),
                remaining: two((m.value - actual).max(Decimal::ZERO)),
                milestone: json,
            }
        })
        .collect())
}
