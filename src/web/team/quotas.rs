//! The bulk quota editor: a grid of members × metrics (and the team's own
//! targets), each row saved on its own by htmx. A row's save creates the
//! missing goals, changes the changed targets and cancels the emptied ones
//! in one transaction, with an audit entry each; one bad cell writes nothing.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use diesel::{PgConnection, QueryResult};
use rust_decimal::Decimal;

use super::board::{self, GapLine, Holder, Ledger, Roster};
use super::picker::{self, Params, PeriodNav};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::goals::Owner;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::teams::Team;
use crate::db::tree;
use crate::db::users::User;
use crate::goals::progress::org_today;
use crate::i18n::{Lang, Msg};
use crate::input;
use crate::org::access;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{Reply, WithStatus, reply, with_status};
use crate::web::{Routes, db};

mod form;
mod grid;

use form::*;
use grid::*;

mod recommend;
mod rows;

pub use rows::{Cell, Row, RowState, Totals};

pub fn routes(r: &mut Routes) {
    r.get("/team/quotas", editor)
        .post("/team/quotas/row", save_row)
        .post("/team/quotas/recommended", recommend::accept)
        .post("/team/quotas/recommended/all", recommend::accept);
}

/// What a row save leaves to show again when it fails: the typed values
/// and the message per metric.
type Typed = HashMap<i64, (String, Option<String>)>;

struct Grid {
    team: Team,
    period: PeriodRow,
    metrics: Vec<Metric>,
    team_rows: Vec<Row>,
    member_rows: Vec<Row>,
    totals: Totals,
    recommendations: Vec<recommend::RecLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "team/quotas.html")]
struct EditorPage {
    layout: Layout,
    lang: Lang,
    nav: PeriodNav,
    teams: Vec<SelectOption>,
    team_action: &'static str,
    selected_team: String,
    period_base: String,
    grid: Option<Grid>,
    /// Every active metric, and whether it is shown.
    choices: Vec<(Metric, bool)>,
    csrf_token: String,
    currency: String,
}

async fn editor(
    pool: web::Data<DbPool>,
    current: RequireManager,
    req: HttpRequest,
) -> Result<WithStatus<EditorPage>, AppError> {
    let params = Params::parse(req.query_string())?;
    render_editor(&pool, &current, params, None, StatusCode::OK).await
}

async fn render_editor(
    pool: &DbPool,
    current: &RequireManager,
    params: Params,
    failed: Option<(Holder, Typed)>,
    status: StatusCode,
) -> Result<WithStatus<EditorPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let fmt = current.fmt();
    let (nav, teams, grid, choices) = db(pool, move |conn| {
        let today = org_today(&org);
        let (period, nav) = picker::period(conn, None, &fmt, &org, today, &params)?;
        let roster = Roster::load(conn)?;
        let shown = columns(conn, &params)?;
        let choices: Vec<(Metric, bool)> = Metric::active(conn)?
            .into_iter()
            .map(|mut m| {
                let on = shown.iter().any(|s| s.id == m.id);
                m.name = fmt.metric(&m.key, &m.name);
                (m, on)
            })
            .collect();
        let Some(choice) = picker::team(conn, &viewer, &roster, &params)? else {
            return Ok((nav, Vec::new(), None, choices));
        };
        let failed = failed.as_ref().map(|(h, typed)| (*h, typed));
        let grid = grid(
            conn,
            &viewer,
            &fmt,
            &org,
            &roster,
            period,
            choice.team,
            shown,
            failed,
        )?;
        Ok((nav, choice.options, Some(grid), choices))
    })
    .await?;
    let active: Vec<Metric> = choices.iter().map(|(m, _)| m.clone()).collect();
    let metrics_query = grid
        .as_ref()
        .map(|g| self::metrics_query(&g.metrics, &active))
        .unwrap_or_default();
    let selected_team = grid
        .as_ref()
        .map(|g| g.team.id.to_string())
        .unwrap_or_default();
    let period_base = format!("/team/quotas?team={selected_team}&{metrics_query}&");
    let page = EditorPage {
        layout: current.layout_t("quota-title"),
        lang: current.lang(),
        nav,
        teams,
        team_action: "/team/quotas",
        selected_team,
        period_base,
        grid,
        choices,
        csrf_token: current.session.csrf_token(),
        currency: current.org.currency_code.clone(),
    };
    Ok(with_status(page, status))
}

#[derive(Template, WebTemplate)]
#[template(path = "team/_quota_row_response.html")]
struct RowResponse {
    lang: Lang,
    row: Row,
    grid_team: i64,
    grid_period: i64,
    csrf_token: String,
    totals: Totals,
}

enum Outcome {
    Saved { name: String, changed: usize },
    Invalid(Typed),
}

async fn save_row(
    pool: web::Data<DbPool>,
    current: RequireManager,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> Result<Reply, AppError> {
    let input = parse_row(&form)?;
    let posted_metrics: Vec<i64> = input.cells.iter().map(|(metric, _)| *metric).collect();
    let viewer = current.user.clone();
    let org = current.org.clone();
    let fmt = current.fmt();
    let lang = current.lang();
    let (owner, team, period) = (input.owner, input.team, input.period);
    let outcome = db(&pool, move |conn| {
        let period = PeriodRow::find(conn, input.period)?;
        let team = Team::find(conn, input.team)?;
        if !access::can_view_team(conn, &viewer, team.id)? {
            return Err(AppError::Forbidden);
        }
        let subtree = tree::team_subtree(conn, team.id)?;
        let name = match input.owner {
            Holder::User(id) => {
                let person = User::find(conn, id)?;
                let in_team = person.team_id.is_some_and(|t| subtree.contains(&t));
                if !in_team || !access::may_set_goal_for(conn, &viewer, Owner::User(id))? {
                    return Err(AppError::Forbidden);
                }
                person.name
            }
            Holder::Team(id) => {
                let target_team = Team::find(conn, id)?;
                if !subtree.contains(&id)
                    || !access::may_set_goal_for(conn, &viewer, Owner::Team(id))?
                {
                    return Err(AppError::Forbidden);
                }
                target_team.name
            }
            Holder::Company => return Err(AppError::Forbidden),
        };
        let metrics = Metric::all(conn)?;
        match validate(&input.cells, &metrics, &org, fmt.lang) {
            Err(typed) => Ok(Outcome::Invalid(typed)),
            Ok(wanted) => {
                // The audit log keeps English, like every entry in it.
                let show = |amount: Decimal, metric: &Metric| {
                    crate::web::format::value(amount, metric.unit, &org)
                };
                let changed = crate::board::quotas::apply(
                    conn,
                    &viewer,
                    (owner_of(input.owner), &name),
                    &period,
                    &wanted,
                    &org,
                    &show,
                )?;
                Ok(Outcome::Saved { name, changed })
            }
        }
    })
    .await;
    // A concurrent insert is refused by the unique index: show it on the row.
    let outcome = match outcome {
        Err(AppError::Invalid(errors)) if errors.has("target") => {
            let message = errors.message("target").map(|m| m.render(lang));
            let typed = input_cells_typed(&form, message);
            Outcome::Invalid(typed)
        }
        other => other?,
    };
    let is_htmx = req.headers().contains_key("hx-request");
    let metrics_param = posted_metrics
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    match (outcome, is_htmx) {
        (Outcome::Saved { name, changed }, false) => {
            let key = if changed == 0 {
                "quota-flash-unchanged"
            } else {
                "quota-flash-saved"
            };
            let message = lang.tr(key, [("name", name.into())]);
            current.session.flash(FlashLevel::Success, message);
            Ok(reply(
                HttpResponse::SeeOther()
                    .insert_header((
                        "Location",
                        format!("/team/quotas?team={team}&period={period}&metrics={metrics_param}"),
                    ))
                    .finish(),
            ))
        }
        (Outcome::Invalid(typed), false) => {
            let params = Params::parse(&format!(
                "team={team}&period={period}&metrics={metrics_param}"
            ))?;
            render_editor(
                &pool,
                &current,
                params,
                Some((owner, typed)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
            .map(reply)
        }
        (outcome, true) => row_response(
            &pool,
            &current,
            team,
            period,
            owner,
            posted_metrics,
            outcome,
        )
        .await
        .map(reply),
    }
}

/// The htmx answer: the row again (saved, or with its messages beside the
/// cells, 422) and the members' totals out of band.
async fn row_response(
    pool: &DbPool,
    current: &RequireManager,
    team_id: i64,
    period_id: i64,
    owner: Holder,
    metric_ids: Vec<i64>,
    outcome: Outcome,
) -> Result<WithStatus<RowResponse>, AppError> {
    let org = current.org.clone();
    let fmt = current.fmt();
    let invalid = matches!(outcome, Outcome::Invalid(_));
    let (row, totals) = db(pool, move |conn| {
        let roster = Roster::load(conn)?;
        let period = PeriodRow::find(conn, period_id)?;
        let team = Team::find(conn, team_id)?;
        let metrics: Vec<Metric> = Metric::all(conn)?
            .into_iter()
            .filter(|m| metric_ids.contains(&m.id))
            .collect();
        let goals = board::period_goals(conn, period.id)?;
        let today = org_today(&org);
        let ledger = Ledger::load(conn, &fmt, &period, today, metrics, goals, Some(&[]))?;
        let (name, detail) = match owner {
            Holder::User(id) => {
                let p = roster.person(id).ok_or(AppError::NotFound)?;
                (p.name.clone(), p.email.clone())
            }
            Holder::Team(id) => {
                let t = roster.team(id).ok_or(AppError::NotFound)?;
                let detail = if id == team.id {
                    fmt.lang.t("quota-this-team")
                } else {
                    sub_team_detail(fmt.lang, roster.headcount(id))
                };
                (t.name.clone(), detail)
            }
            Holder::Company => return Err(AppError::NotFound),
        };
        let (typed, state) = match &outcome {
            Outcome::Invalid(typed) => (Some(typed), RowState::Invalid),
            Outcome::Saved { changed: 0, .. } => (None, RowState::Unchanged),
            Outcome::Saved { .. } => (None, RowState::Saved),
        };
        let row = row(&ledger, &org, owner, name, detail, None, typed, state);
        let mut totals = totals(&ledger, &roster, team.id);
        totals.oob = true;
        Ok((row, totals))
    })
    .await?;
    let response = RowResponse {
        lang: current.lang(),
        row,
        grid_team: team_id,
        grid_period: period_id,
        csrf_token: current.session.csrf_token(),
        totals,
    };
    // A refused row swaps in place like a saved one (static/js/app.js swaps
    // 422s): its messages sit beside the cells, and no toast covers the
    // other rows' Save buttons.
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(with_status(response, status))
}
