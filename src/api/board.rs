//! Progress and rankings: `/api/v1/quotas/my-progress`, `/team-progress`
//! and `/leaderboard`. Actuals are summed from metric events per request
//! (set-based: one query per period and metric, not one per person), never
//! read from a stored number.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::auth::ApiUser;
use super::bonus::{self, BonusJson};
use super::error::{ApiError, db, json};
use super::input::Input;
use super::shapes::{PeriodJson, ProgressRow, two};
use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::{Goal, LIVE_STATUSES};
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::db::schema::{goals, periods, users};
use crate::db::users::User;
use crate::db::{DbPool, tree};
use crate::domain::attainment;
use crate::domain::period::PeriodKind;
use crate::domain::role::Role;
use crate::goals::progress;
use crate::org::access;

/// Ranks user goals of one period and metric by attainment (ties share a
/// rank; no target ranks last), best first. Goals of deactivated people are
/// left out. `everyone` sums all events at once instead of naming people.
fn ranked(
    conn: &mut PgConnection,
    goals: Vec<Goal>,
    period: &PeriodRow,
    metric: &Metric,
    today: NaiveDate,
    viewer_id: i64,
    everyone: bool,
) -> QueryResult<Vec<ProgressRow>> {
    let ids: Vec<i64> = goals.iter().filter_map(|g| g.user_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let people: HashMap<i64, String> = users::table
        .filter(users::id.eq_any(&ids))
        .filter(users::active.eq(true))
        .select((users::id, users::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let scope = if everyone {
        Scope::Everyone
    } else {
        Scope::Users(&ids)
    };
    let span = period.period();
    let totals = if today < span.start {
        HashMap::new()
    } else {
        MetricEvent::totals_by_user(conn, scope, metric.id, span.start, span.end)?
    };
    // As `progress::views`: the actual up to the day before this Monday.
    let week_start = attainment::week_start(today);
    let before_week = if week_start <= span.start {
        HashMap::new()
    } else {
        let day_before = week_start
            .checked_sub_days(Days::new(1))
            .unwrap_or(week_start)
            .min(today.min(span.end));
        MetricEvent::totals_by_user(conn, scope, metric.id, span.start, day_before)?
    };
    let mut rows: Vec<ProgressRow> = goals
        .iter()
        .filter_map(|goal| {
            let user = goal.user_id?;
            let name = people.get(&user)?.clone();
            let actual = totals.get(&user).copied().unwrap_or_default();
            let before = before_week.get(&user).copied().unwrap_or_default();
            let progress = attainment::progress(goal.target, actual, before, &span, today);
            Some(ProgressRow::new(
                goal,
                name,
                metric.key.clone(),
                &progress,
                viewer_id,
            ))
        })
        .collect();
    let percents: Vec<Option<Decimal>> = rows.iter().map(|r| r.attainment_percent).collect();
    for (row, rank) in rows.iter_mut().zip(attainment::rank_with_ties(&percents)) {
        row.rank = Some(rank);
    }
    rows.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.name.cmp(&b.name)));
    Ok(rows)
}

/// Live user goals of `people` (everyone when `None`): of one period, or
/// else of every period holding `today`.
fn user_goals(
    conn: &mut PgConnection,
    people: Option<&[i64]>,
    period_id: Option<i64>,
    metric_id: Option<i64>,
    today: NaiveDate,
) -> QueryResult<Vec<Goal>> {
    let mut query = goals::table
        .inner_join(periods::table)
        .filter(goals::owner_kind.eq("user"))
        .filter(goals::status.eq_any(LIVE_STATUSES))
        .select(Goal::as_select())
        .order((periods::start_date, goals::metric_id, goals::id))
        .into_boxed();
    query = match period_id {
        Some(id) => query.filter(goals::period_id.eq(id)),
        None => query
            .filter(periods::start_date.le(today))
            .filter(periods::end_date.ge(today)),
    };
    if let Some(id) = metric_id {
        query = query.filter(goals::metric_id.eq(id));
    }
    if let Some(people) = people {
        query = query.filter(goals::user_id.eq_any(people.to_vec()));
    }
    query.load(conn)
}

/// Groups goals by (period, metric) in first-seen order.
fn by_period_and_metric(goals: Vec<Goal>) -> Vec<((i64, i64), Vec<Goal>)> {
    let mut groups: Vec<((i64, i64), Vec<Goal>)> = Vec::new();
    for goal in goals {
        let key = (goal.period_id, goal.metric_id);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(goal),
            None => groups.push((key, vec![goal])),
        }
    }
    groups
}

struct Params {
    period_id: Option<i64>,
    metric_type: Option<String>,
    team_id: Option<i64>,
    scope: Option<String>,
}

fn params(req: &HttpRequest) -> Result<Params, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let params = Params {
        period_id: q.get("period_id"),
        metric_type: q.get("metric_type"),
        team_id: q.get("team_id"),
        scope: q.get("scope"),
    };
    if let Some(scope) = &params.scope
        && scope != "team"
        && scope != "company"
    {
        q.fail("scope", "must be team or company");
    }
    q.finish()?;
    Ok(params)
}

fn metric(conn: &mut PgConnection, key: &str) -> Result<Metric, ApiError> {
    Metric::find_by_key(conn, key)?
        .ok_or_else(|| ApiError::invalid("metric_type", "is not a known metric"))
}

fn period(conn: &mut PgConnection, id: i64) -> Result<PeriodRow, ApiError> {
    PeriodRow::find(conn, id)
        .optional()?
        .ok_or_else(|| ApiError::invalid("period_id", "no such period"))
}

#[derive(Serialize)]
struct MyProgress {
    user_id: i64,
    name: String,
    date: NaiveDate,
    /// Weighted by goal weight over the goals that have a target.
    overall_attainment_percent: Option<Decimal>,
    /// `rank` is the caller's place on the company leaderboard of the
    /// goal's period and metric.
    rows: Vec<MyRow>,
}

/// One of the caller's quotas: its progress and the bonus earned so far.
#[derive(Serialize)]
struct MyRow {
    #[serde(flatten)]
    progress: ProgressRow,
    /// Null when the quota has no bonus schedule.
    bonus: Option<BonusJson>,
}

/// `GET /api/v1/quotas/my-progress`: the caller's own quotas.
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
        let mine = user_goals(conn, Some(&[me.id]), p.period_id, metric_id, today)?;
        let mut rows = Vec::new();
        for goal in &mine {
            let period = PeriodRow::find(conn, goal.period_id)?;
            let metric = Metric::find(conn, goal.metric_id)?;
            let field = Goal::in_period(conn, period.id, Some(metric.id), "user")?;
            let board = ranked(conn, field, &period, &metric, today, me.id, true)?;
            rows.extend(board.into_iter().filter(|r| r.goal_id == goal.id));
        }
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

#[derive(Serialize)]
struct Total {
    period_id: i64,
    metric_type: String,
    people: usize,
    current_value: Decimal,
    /// The sum of the members' targets.
    target_value: Decimal,
    attainment_percent: Option<Decimal>,
}

#[derive(Serialize)]
struct TeamProgress {
    team_id: Option<i64>,
    date: NaiveDate,
    /// Ranked within each period and metric.
    rows: Vec<ProgressRow>,
    totals: Vec<Total>,
}

/// The people a team view covers: the team's subtree, or without a team the
/// caller's managed subtree (a manager) or everyone (`None`: admins and
/// executives).
fn team_people(
    conn: &mut PgConnection,
    viewer: &User,
    team_id: Option<i64>,
) -> Result<Option<Vec<i64>>, ApiError> {
    match team_id {
        Some(team) => {
            if !access::can_view_team(conn, viewer, team)? && viewer.team_id != Some(team) {
                return Err(ApiError::forbidden("you may not see that team"));
            }
            Ok(Some(tree::team_members(conn, team)?))
        }
        None => match access::visible_teams(conn, viewer)? {
            None => Ok(None),
            Some(teams) => Ok(Some(
                users::table
                    .filter(users::team_id.eq_any(teams))
                    .select(users::id)
                    .load(conn)?,
            )),
        },
    }
}

/// `GET /api/v1/quotas/team-progress`: managers (their subtree), admins
/// and executives (anyone).
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
        let people = team_people(conn, &viewer, p.team_id)?;
        let goals = match &people {
            Some(people) if people.is_empty() => Vec::new(),
            _ => user_goals(conn, people.as_deref(), p.period_id, metric_id, today)?,
        };
        let mut rows = Vec::new();
        let mut totals = Vec::new();
        for ((period_id, metric_id), group) in by_period_and_metric(goals) {
            let period = PeriodRow::find(conn, period_id)?;
            let metric = Metric::find(conn, metric_id)?;
            let board = ranked(
                conn,
                group,
                &period,
                &metric,
                today,
                viewer.id,
                people.is_none(),
            )?;
            let current: Decimal = board.iter().map(|r| r.current_value).sum();
            let target: Decimal = board.iter().map(|r| r.target_value).sum();
            totals.push(Total {
                period_id,
                metric_type: metric.key.clone(),
                people: board.len(),
                current_value: two(current),
                target_value: two(target),
                attainment_percent: attainment::attainment_percent(current, target).map(two),
            });
            rows.extend(board);
        }
        Ok(TeamProgress {
            team_id: p.team_id,
            date: today,
            rows,
            totals,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

#[derive(Serialize)]
struct Leaderboard {
    period: PeriodJson,
    metric_type: String,
    scope: String,
    team_id: Option<i64>,
    date: NaiveDate,
    rows: Vec<ProgressRow>,
}

/// `GET /api/v1/quotas/leaderboard`: every signed-in role; `scope=company`
/// (default) or `team` (a visible `team_id`, else the caller's managed
/// subtree or own team).
pub async fn leaderboard(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let p = params(&req)?;
    let today = progress::org_today(&caller.org);
    let fiscal = u32::try_from(caller.org.fiscal_year_start_month).unwrap_or(1);
    let viewer = caller.user;
    let body = db(&pool, move |conn| {
        let metric = metric(conn, p.metric_type.as_deref().unwrap_or("revenue"))?;
        let period = match p.period_id {
            Some(id) => period(conn, id)?,
            None => PeriodRow::containing(conn, PeriodKind::Month, today, fiscal)?,
        };
        let scope = p.scope.clone().unwrap_or_else(|| "company".into());
        let people = if scope == "company" {
            None
        } else if p.team_id.is_some() || viewer.role() == Role::Manager {
            team_people(conn, &viewer, p.team_id)?
        } else if let Some(team) = viewer.team_id {
            Some(tree::team_members(conn, team)?)
        } else {
            return Err(ApiError::invalid(
                "team_id",
                "you belong to no team; send a team_id or use scope=company",
            ));
        };
        let mut goals = Goal::in_period(conn, period.id, Some(metric.id), "user")?;
        if let Some(people) = &people {
            goals.retain(|g| g.user_id.is_some_and(|u| people.contains(&u)));
        }
        let rows = ranked(
            conn,
            goals,
            &period,
            &metric,
            today,
            viewer.id,
            people.is_none(),
        )?;
        Ok(Leaderboard {
            period: PeriodJson::from(&period),
            metric_type: metric.key,
            scope,
            team_id: p.team_id,
            date: today,
            rows,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
