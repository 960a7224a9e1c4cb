//! The caller's own quotas (`/api/v1/quotas/my-progress`) and a team's
//! (`/team-progress`), each ranked on the shared standings.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::super::auth::ApiUser;
use super::super::bonus::{self, BonusJson};
use super::super::error::{ApiError, ErrorBody, db, json};
use super::super::shapes::{ProgressRow, two};
use super::{METRIC, PERIOD, TEAM, metric, params, period, rows, visible_team};
use crate::board::rollup;
use crate::board::standings::{self, Field};
use crate::db::DbPool;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::attainment;
use crate::goals::progress;
use crate::org::access;

#[derive(Serialize, ToSchema)]
pub struct MyProgress {
    user_id: i64,
    name: String,
    date: NaiveDate,
    /// Weighted by goal weight over the goals that have a target.
    #[schema(example = "82.50")]
    overall_attainment_percent: Option<Decimal>,
    /// One per own quota, with the bonus earned so far; `rank` is the
    /// caller's place on the company leaderboard of the goal's period and
    /// metric.
    rows: Vec<MyRow>,
}

/// One of the caller's quotas: its progress and the bonus earned so far.
#[derive(Serialize, ToSchema)]
pub struct MyRow {
    #[serde(flatten)]
    progress: ProgressRow,
    /// Null when the quota has no bonus schedule.
    bonus: Option<BonusJson>,
}

/// The distinct (period, metric) boards of `pairs`, in first-seen order.
fn distinct<'a>(
    pairs: impl IntoIterator<Item = (&'a PeriodRow, &'a Metric)>,
) -> Vec<(&'a PeriodRow, &'a Metric)> {
    let mut boards: Vec<(&PeriodRow, &Metric)> = Vec::new();
    for (period, metric) in pairs {
        if !boards
            .iter()
            .any(|(p, m)| p.id == period.id && m.id == metric.id)
        {
            boards.push((period, metric));
        }
    }
    boards
}

/// `GET /api/v1/quotas/my-progress`: the caller's own quotas. Their periods
/// and metrics load in one go, and the company boards they sit on are ranked
/// in one call.
#[utoipa::path(get, path = "/api/v1/quotas/my-progress", tag = "progress",
    summary = "The caller's own quotas with progress",
    params(
        ("period_id" = Option<i64>, Query, description = PERIOD),
        ("metric_type" = Option<String>, Query, description = METRIC),
    ),
    responses(
        (status = 200, description = "Progress.", body = MyProgress),
        (status = 422, description = "Unknown metric or period.", body = ErrorBody),
    ))]
pub async fn my_progress(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let p = params(&req)?;
    let today = progress::org_today(&caller.org);
    let me = caller.user;
    let caller_org = caller.org;
    let body = db(&pool, move |conn| {
        let metric_id = match &p.metric_type {
            Some(key) => Some(metric(conn, key)?.id),
            None => None,
        };
        if let Some(id) = p.period_id {
            period(conn, id)?;
        }
        let mine = rollup::live_user_goals(conn, Some(&[me.id]), p.period_id, metric_id, today)?;
        let views = progress::views(conn, mine.clone(), &caller_org, today)?;
        let boards = distinct(views.iter().map(|v| (&v.period, &v.metric)));
        let ranked = standings::rank_boards(conn, &boards, &Field::Everyone)?;
        let ranks: HashMap<i64, u32> = ranked
            .iter()
            .flatten()
            .map(|s| (s.goal_id, s.rank))
            .collect();
        let rows: Vec<ProgressRow> = views
            .iter()
            .filter_map(|view| {
                let rank = *ranks.get(&view.goal.id)?;
                let mut row = ProgressRow::new(
                    &view.goal,
                    view.owner_name.clone(),
                    view.metric.key.clone(),
                    &view.progress,
                    me.id,
                );
                row.rank = Some(rank);
                Some(row)
            })
            .collect();
        let weighted: Vec<(Option<Decimal>, Decimal)> = rows
            .iter()
            .map(|r| (r.attainment_percent, r.weight))
            .collect();
        let actuals: HashMap<i64, Decimal> =
            rows.iter().map(|r| (r.goal_id, r.current_value)).collect();
        let mut bonuses = bonus::of_goals(
            conn,
            mine.iter().filter_map(|g| Some((g, *actuals.get(&g.id)?))),
            &caller_org,
        )?;
        let rows = rows
            .into_iter()
            .map(|progress| MyRow {
                bonus: bonuses.remove(&progress.goal_id),
                progress,
            })
            .collect();
        Ok(MyProgress {
            user_id: me.id,
            name: me.name,
            date: today,
            overall_attainment_percent: attainment::weighted_attainment(&weighted).map(two),
            rows,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

#[derive(Serialize, ToSchema)]
pub struct Total {
    period_id: i64,
    metric_type: String,
    people: usize,
    current_value: Decimal,
    /// The sum of the members' targets.
    target_value: Decimal,
    attainment_percent: Option<Decimal>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamProgress {
    team_id: Option<i64>,
    date: NaiveDate,
    /// Ranked within each period and metric.
    rows: Vec<ProgressRow>,
    totals: Vec<Total>,
}

/// The people a team view covers: the team's subtree, or without a team the
/// caller's managed subtree (a manager) or everyone (admins and executives).
fn team_field(
    conn: &mut diesel::PgConnection,
    viewer: &User,
    team_id: Option<i64>,
) -> Result<Field, ApiError> {
    match team_id {
        Some(team) => visible_team(conn, viewer, team),
        None => Ok(match access::visible_teams(conn, viewer)? {
            None => Field::Everyone,
            Some(teams) => Field::Teams(teams),
        }),
    }
}

/// `GET /api/v1/quotas/team-progress`: managers (their subtree), admins
/// and executives (anyone).
#[utoipa::path(get, path = "/api/v1/quotas/team-progress", tag = "progress",
    summary = "Progress of a team's people (managers, admins, executives)",
    description = "Without team_id: a manager's whole managed subtree; everyone for admins and executives.",
    params(
        ("period_id" = Option<i64>, Query, description = PERIOD),
        ("metric_type" = Option<String>, Query, description = METRIC),
        ("team_id" = Option<i64>, Query, description = TEAM),
    ),
    responses(
        (status = 200, description = "Progress.", body = TeamProgress),
        (status = 422, description = "Unknown metric or period.", body = ErrorBody),
    ))]
pub async fn team_progress(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    caller.require(
        |r| r.can_manage() || r.can_read_company(),
        "see team progress",
    )?;
    let p = params(&req)?;
    let today = progress::org_today(&caller.org);
    let viewer = caller.user;
    let body = db(&pool, move |conn| {
        let metric_id = match &p.metric_type {
            Some(key) => Some(metric(conn, key)?.id),
            None => None,
        };
        if let Some(id) = p.period_id {
            period(conn, id)?;
        }
        let field = team_field(conn, &viewer, p.team_id)?;
        let goals = match &field {
            Field::Everyone => rollup::live_user_goals(conn, None, p.period_id, metric_id, today)?,
            field => {
                let people = User::ids_in_teams(conn, field.teams())?;
                if people.is_empty() {
                    Vec::new()
                } else {
                    rollup::live_user_goals(conn, Some(&people), p.period_id, metric_id, today)?
                }
            }
        };
        let periods: HashMap<i64, PeriodRow> = if goals.is_empty() {
            HashMap::new()
        } else {
            PeriodRow::all(conn)?
                .into_iter()
                .map(|p| (p.id, p))
                .collect()
        };
        let metrics: HashMap<i64, Metric> = if goals.is_empty() {
            HashMap::new()
        } else {
            Metric::all(conn)?.into_iter().map(|m| (m.id, m)).collect()
        };
        let boards = distinct(
            goals
                .iter()
                .filter_map(|g| Some((periods.get(&g.period_id)?, metrics.get(&g.metric_id)?))),
        );
        let ranked = standings::rank_boards(conn, &boards, &field)?;
        let by_id: HashMap<i64, &Goal> = goals.iter().map(|g| (g.id, g)).collect();
        let everyone = field == Field::Everyone;
        let mut all_rows = Vec::new();
        let mut totals = Vec::new();
        for ((period, metric), board) in boards.into_iter().zip(ranked) {
            let board = rows(
                conn,
                (period, metric),
                board,
                &by_id,
                everyone,
                (today, viewer.id),
            )?;
            let current: Decimal = board.iter().map(|r| r.current_value).sum();
            let target: Decimal = board.iter().map(|r| r.target_value).sum();
            totals.push(Total {
                period_id: period.id,
                metric_type: metric.key.clone(),
                people: board.len(),
                current_value: two(current),
                target_value: two(target),
                attainment_percent: attainment::attainment_percent(current, target).map(two),
            });
            all_rows.extend(board);
        }
        Ok(TeamProgress {
            team_id: p.team_id,
            date: today,
            rows: all_rows,
            totals,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
