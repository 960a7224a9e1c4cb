//! Progress and rankings: `/api/v1/quotas/my-progress`, `/team-progress`
//! and `/leaderboard`. Every ranking is [`crate::board::standings`], the
//! one the leaderboard page shows; actuals are summed from metric events per
//! request, never read from a stored number.

pub mod progress;

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use diesel::{OptionalExtension, PgConnection};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::Input;
use super::shapes::{PeriodJson, ProgressRow};
use crate::board::standings::{self, BoardScope, Field, Standing};
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::period::PeriodKind;
use crate::goals::progress as goal_progress;
use crate::org::access;

pub use progress::{my_progress, team_progress};

/// A board's standings as API rows: each with its goal's progress on
/// `today`, in the board's order and with its ranks.
fn rows(
    conn: &mut PgConnection,
    (period, metric): (&PeriodRow, &Metric),
    board: Vec<Standing>,
    goals: &HashMap<i64, &Goal>,
    everyone: bool,
    (today, viewer_id): (NaiveDate, i64),
) -> Result<Vec<ProgressRow>, ApiError> {
    let progress = standings::progress(conn, period, metric, &board, everyone, today)?;
    Ok(board
        .into_iter()
        .filter_map(|s| {
            let goal = goals.get(&s.goal_id)?;
            let mut row = ProgressRow::new(
                goal,
                s.name,
                metric.key.clone(),
                progress.get(&s.goal_id)?,
                viewer_id,
            );
            row.rank = Some(s.rank);
            Some(row)
        })
        .collect())
}

struct Params {
    period_id: Option<i64>,
    metric_type: Option<String>,
    team_id: Option<i64>,
    scope: Option<BoardScope>,
}

fn params(req: &HttpRequest) -> Result<Params, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let scope: Option<String> = q.get("scope");
    let params = Params {
        period_id: q.get("period_id"),
        metric_type: q.get("metric_type"),
        team_id: q.get("team_id"),
        scope: scope.as_deref().and_then(BoardScope::parse),
    };
    if scope.is_some() && params.scope.is_none() {
        q.fail("scope", "must be team, company or tier:ID");
    }
    q.finish()?;
    Ok(params)
}

/// The metric a query or body names by `metric_type`, or a message on it.
pub(super) fn metric(conn: &mut PgConnection, key: &str) -> Result<Metric, ApiError> {
    Metric::find_by_key(conn, key)?
        .ok_or_else(|| ApiError::invalid("metric_type", "is not a known metric"))
}

/// The period a query or body names by `period_id`, or a message on it.
pub(super) fn period(conn: &mut PgConnection, id: i64) -> Result<PeriodRow, ApiError> {
    PeriodRow::find(conn, id)
        .optional()?
        .ok_or_else(|| ApiError::invalid("period_id", "no such period"))
}

/// One team's subtree, if the viewer may see it (their own team included).
fn visible_team(conn: &mut PgConnection, viewer: &User, team: i64) -> Result<Field, ApiError> {
    if !access::can_view_team(conn, viewer, team)? && viewer.team_id != Some(team) {
        return Err(ApiError::forbidden("you may not see that team"));
    }
    Ok(Field::team(conn, team)?)
}

const PERIOD: &str = "The period (default: the goals of every period holding today; for the leaderboard, the current month).";
const METRIC: &str = "A metric key (the leaderboard defaults to revenue).";
const TEAM: &str = "A team the caller may see; its whole subtree counts.";
const SCOPE: &str = "`company` (default), `team` (team_id, else the teams the caller manages and their own team, each with every team below) or `tier:ID` (the partners of one partner tier).";

#[derive(Serialize, ToSchema)]
pub struct Leaderboard {
    period: PeriodJson,
    metric_type: String,
    #[schema(pattern = "^(team|company|tier:[0-9]+)$")]
    scope: String,
    team_id: Option<i64>,
    date: NaiveDate,
    rows: Vec<ProgressRow>,
}

/// `GET /api/v1/quotas/leaderboard`: every signed-in role; `scope=company`
/// (default), `team` (a visible `team_id`, else "my team" as the page
/// means it) or `tier:ID`.
#[utoipa::path(get, path = "/api/v1/quotas/leaderboard", tag = "progress",
    summary = "People ranked by attainment (ties share a rank)",
    params(
        ("period_id" = Option<i64>, Query, description = PERIOD),
        ("metric_type" = Option<String>, Query, description = METRIC),
        ("team_id" = Option<i64>, Query, description = TEAM),
        ("scope" = Option<String>, Query, description = SCOPE, pattern = "^(team|company|tier:[0-9]+)$"),
    ),
    responses(
        (status = 200, description = "Leaderboard.", body = Leaderboard),
        (status = 422, description = "Unknown metric, period or scope.", body = ErrorBody),
    ))]
pub async fn leaderboard(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let p = params(&req)?;
    let today = goal_progress::org_today(&caller.org);
    let fiscal = caller.org.fiscal_start_month();
    let viewer = caller.user;
    let body = db(&pool, move |conn| {
        let metric = metric(conn, p.metric_type.as_deref().unwrap_or("revenue"))?;
        let period = match p.period_id {
            Some(id) => period(conn, id)?,
            None => PeriodRow::containing(conn, PeriodKind::Month, today, fiscal)?,
        };
        let scope = p.scope.unwrap_or(BoardScope::Company);
        let field = match (scope, p.team_id) {
            (BoardScope::MyTeam, Some(team)) => visible_team(conn, &viewer, team)?,
            (BoardScope::MyTeam, None)
                if viewer.team_id.is_none() && !viewer.role().can_manage() =>
            {
                return Err(ApiError::invalid(
                    "team_id",
                    "you belong to no team; send a team_id or use scope=company",
                ));
            }
            // An unknown tier is a bad scope, as the document says.
            (scope, _) => Field::of(conn, &viewer, scope).map_err(|e| match e {
                crate::error::AppError::NotFound => {
                    ApiError::invalid("scope", "is not a known partner tier")
                }
                other => other.into(),
            })?,
        };
        let board = standings::rank(conn, &period, &metric, &field)?;
        let goals = Goal::in_period(
            conn,
            period.id,
            Some(metric.id),
            crate::domain::owner::OwnerKind::User,
        )?;
        let goals: HashMap<i64, &Goal> = goals.iter().map(|g| (g.id, g)).collect();
        let everyone = field == Field::Everyone;
        let rows = rows(
            conn,
            (&period, &metric),
            board,
            &goals,
            everyone,
            (today, viewer.id),
        )?;
        Ok(Leaderboard {
            period: PeriodJson::from(&period),
            metric_type: metric.key,
            scope: scope.param(),
            team_id: p.team_id,
            date: today,
            rows,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
