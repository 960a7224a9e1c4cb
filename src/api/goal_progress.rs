//! `GET /api/v1/goals/{id}/progress`: one goal's progress with its
//! milestones, for anyone who may read the goal.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use super::goals::goal_id;
use super::shapes::{GoalJson, Lookup, MilestoneJson, ProgressRow, two};
use crate::access;
use crate::db::DbPool;
use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::Goal;
use crate::db::milestones::Milestone;
use crate::db::periods::PeriodRow;
use crate::progress;

#[derive(Serialize)]
struct MilestoneProgress {
    #[serde(flatten)]
    milestone: MilestoneJson,
    reached: bool,
    /// What the actual still lacks (0 once reached).
    remaining: Decimal,
}

#[derive(Serialize)]
struct GoalProgress {
    goal: GoalJson,
    progress: ProgressRow,
    milestones: Vec<MilestoneProgress>,
}

/// `GET /api/v1/goals/{id}/progress`: anyone who may read the goal (404
/// otherwise).
pub async fn show(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = goal_id(&path)?;
    let today = progress::org_today(&caller.org);
    let body = db(&pool, move |conn| {
        let goal = Goal::find(conn, id)
            .optional()?
            .ok_or_else(|| ApiError::not_found("goal"))?;
        if !access::can_view_goal(conn, &caller.user, &goal)? {
            return Err(ApiError::not_found("goal"));
        }
        let lookup = Lookup::load(conn, std::slice::from_ref(&goal))?;
        let view = progress::views(conn, vec![goal.clone()], &caller.org, today)?
            .pop()
            .ok_or_else(|| ApiError::not_found("goal"))?;
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
