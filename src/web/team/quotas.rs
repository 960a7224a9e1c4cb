//! The bulk quota editor: a grid of members × metrics (and the team's own
//! targets), each row saved on its own by htmx. A row's save creates the
//! missing goals, changes the changed targets and cancels the emptied ones
//! in one transaction, with an audit entry each; one bad cell writes nothing.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::board::{self, GapLine, Holder, Ledger, Roster};
use super::picker::{self, Params, PeriodNav};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::goals::{self, Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::teams::Team;
use crate::db::tree;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::goals::progress::org_today;
use crate::input;
use crate::org::access;
use crate::web::error::{AppError, FieldErrors, html, on_constraint};
use crate::web::layout::{Layout, SelectOption};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/team/quotas", editor)
        .post("/team/quotas/row", save_row);
}

/// One input of the grid.
pub struct Cell {
    pub metric_id: i64,
    pub value: String,
    pub error: Option<String>,
    /// "Revenue quota of Kim Min-jun", for screen readers.
    pub label: String,
    /// "Revenue (KRW)": the column heading, shown beside the input where the
    /// grid is laid out as one card per row (narrow screens).
    pub caption: String,
}

fn caption(metric: &Metric, org: &Organisation) -> String {
    match metric.unit.as_str() {
        "money" => format!("{} ({})", metric.name, org.currency_code),
        "percent" => format!("{} (%)", metric.name),
        _ => metric.name.clone(),
    }
}

/// One row of the grid: a member's quotas or a team's own targets.
pub struct Row {
    /// "user" or "team": the form field that names the owner.
    pub kind: &'static str,
    pub owner_id: i64,
    pub name: String,
    pub detail: String,
    pub cells: Vec<Cell>,
    /// Why the row cannot be edited by this viewer, if it cannot.
    pub locked: Option<&'static str>,
    pub state: RowState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    Idle,
    Saved,
    Unchanged,
    Invalid,
}

impl Row {
    pub fn dom_id(&self) -> String {
        format!("quota-{}-{}", self.kind, self.owner_id)
    }
    pub fn saved(&self) -> bool {
        self.state == RowState::Saved
    }
    pub fn unchanged(&self) -> bool {
        self.state == RowState::Unchanged
    }
    pub fn invalid(&self) -> bool {
        self.state == RowState::Invalid
    }
}

/// The members' sum and the gap to the team target per metric.
pub struct Totals {
    pub gaps: Vec<GapLine>,
    /// Rendered as an out-of-band swap (after a row save).
    pub oob: bool,
}

impl Totals {
    pub fn any_relevant(&self) -> bool {
        self.gaps.iter().any(|g| g.relevant)
    }
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
}

/// A manager sets targets for teams below the ones they run, never for
/// their own; admins for any team. (As `access::can_manage_goal` for a
/// team-owned goal, which needs the goal to exist.)
fn can_set_team_target(conn: &mut PgConnection, viewer: &User, team: &Team) -> QueryResult<bool> {
    Ok(match viewer.role() {
        Role::Admin => true,
        Role::Manager => {
            team.manager_id != Some(viewer.id)
                && tree::managed_subtree(conn, viewer.id)?.contains(&team.id)
        }
        _ => false,
    })
}

/// How many decimal places a target of the metric may have: the currency's
/// minor unit for money (at most the column's 2), whole numbers for counts.
fn scale_of(metric: &Metric, org: &Organisation) -> u32 {
    match metric.unit.as_str() {
        "money" => u32::try_from(org.currency_minor_unit).unwrap_or(0).min(2),
        "percent" => 2,
        _ => 0,
    }
}

/// A target as it appears in its input: thousands grouped (the parser
/// takes them back), money with the currency's decimals.
fn input_value(target: Decimal, metric: &Metric, org: &Organisation) -> String {
    let text = match metric.unit.as_str() {
        "money" => format!("{:.*}", scale_of(metric, org) as usize, target),
        _ => target.normalize().to_string(),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    }
}

/// The columns: the metrics the query chooses (`metric=ID` repeated, or
/// `metrics=1,2`), else every active metric.
fn columns(conn: &mut PgConnection, params: &Params) -> QueryResult<Vec<Metric>> {
    let chosen: Vec<i64> = params
        .all("metric")
        .chain(params.all("metrics").flat_map(|list| list.split(',')))
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    let active = Metric::active(conn)?;
    let picked: Vec<Metric> = active
        .iter()
        .filter(|m| chosen.contains(&m.id))
        .cloned()
        .collect();
    Ok(if picked.is_empty() { active } else { picked })
}

#[expect(clippy::too_many_arguments, reason = "the grid's whole context")]
fn row(
    ledger: &Ledger,
    org: &Organisation,
    holder: Holder,
    name: String,
    detail: String,
    locked: Option<&'static str>,
    typed: Option<&Typed>,
    state: RowState,
) -> Row {
    let (kind, owner_id) = match holder {
        Holder::User(id) => ("user", id),
        Holder::Team(id) => ("team", id),
        Holder::Company => ("company", 0),
    };
    let cells = ledger
        .metrics
        .iter()
        .map(|m| {
            let (value, error) = match typed.and_then(|t| t.get(&m.id)) {
                Some((value, error)) => (value.clone(), error.clone()),
                None => (
                    ledger
                        .goal(holder, m.id)
                        .map(|g| input_value(g.target, m, org))
                        .unwrap_or_default(),
                    None,
                ),
            };
            Cell {
                metric_id: m.id,
                value,
                error,
                label: format!("{} target of {name}", m.name),
                caption: caption(m, org),
            }
        })
        .collect();
    Row {
        kind,
        owner_id,
        name,
        detail,
        cells,
        locked,
        state,
    }
}

fn totals(ledger: &Ledger, roster: &Roster, team: i64) -> Totals {
    let gaps: Vec<GapLine> = ledger
        .metrics
        .iter()
        .map(|m| ledger.gap(roster, team, m))
        .collect();
    Totals { gaps, oob: false }
}

/// The whole grid; `failed` puts a failed row's typed values back.
#[expect(clippy::too_many_arguments, reason = "the grid's whole context")]
fn grid(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    roster: &Roster,
    period: PeriodRow,
    team: Team,
    metrics: Vec<Metric>,
    failed: Option<(Holder, &Typed)>,
) -> Result<Grid, AppError> {
    let goals = board::period_goals(conn, period.id)?;
    let today = org_today(org);
    let ledger = Ledger::load(conn, org, &period, today, metrics, goals, Some(&[]))?;
    let typed_for = |holder: Holder| failed.filter(|(h, _)| *h == holder).map(|(_, typed)| typed);
    let state_for = |holder: Holder| {
        if typed_for(holder).is_some() {
            RowState::Invalid
        } else {
            RowState::Idle
        }
    };
    let mut team_rows = Vec::new();
    let teams: Vec<&Team> = std::iter::once(&team)
        .chain(roster.sub_teams(Some(team.id)))
        .collect();
    for (index, t) in teams.into_iter().enumerate() {
        let holder = Holder::Team(t.id);
        let locked = (!can_set_team_target(conn, viewer, t)?)
            .then_some("Set by the manager above this team or an administrator.");
        let detail = if index == 0 {
            "This team".to_string()
        } else {
            format!("Sub-team · {}", super::people_label(roster.headcount(t.id)))
        };
        team_rows.push(row(
            &ledger,
            org,
            holder,
            t.name.clone(),
            detail,
            locked,
            typed_for(holder),
            state_for(holder),
        ));
    }
    let mut member_rows = Vec::new();
    for person in roster.members(team.id) {
        let holder = Holder::User(person.id);
        let locked = if person.id == viewer.id {
            Some("Your own quota is set by your manager.")
        } else if !access::can_manage_user(conn, viewer, person.id)? {
            Some("Outside the teams you manage.")
        } else {
            None
        };
        member_rows.push(row(
            &ledger,
            org,
            holder,
            person.name.clone(),
            person.email.clone(),
            locked,
            typed_for(holder),
            state_for(holder),
        ));
    }
    let totals = totals(&ledger, roster, team.id);
    Ok(Grid {
        team,
        period,
        metrics: ledger.metrics,
        team_rows,
        member_rows,
        totals,
    })
}

#[derive(Template)]
#[template(path = "team/quotas.html")]
struct EditorPage {
    layout: Layout,
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

fn metrics_query(shown: &[Metric], active: &[Metric]) -> String {
    if shown.len() == active.len() {
        String::new()
    } else {
        let ids: Vec<String> = shown.iter().map(|m| m.id.to_string()).collect();
        format!("metrics={}", ids.join(","))
    }
}

async fn editor(
    pool: web::Data<DbPool>,
    current: RequireManager,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let params = Params::parse(req.query_string())?;
    render_editor(&pool, &current, params, None, StatusCode::OK).await
}

async fn render_editor(
    pool: &DbPool,
    current: &RequireManager,
    params: Params,
    failed: Option<(Holder, Typed)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let (nav, teams, grid, choices) = db(pool, move |conn| {
        let today = org_today(&org);
        let (period, nav) = picker::period(conn, &org, today, &params)?;
        let roster = Roster::load(conn)?;
        let shown = columns(conn, &params)?;
        let choices: Vec<(Metric, bool)> = Metric::active(conn)?
            .into_iter()
            .map(|m| {
                let on = shown.iter().any(|s| s.id == m.id);
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
        layout: current.layout("Quotas"),
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
    Ok(html(status, page.render()))
}

/// A row as posted: team and period of the page, whose row it is, and one
/// text per metric column (`target_<metric id>`).
struct RowInput {
    team: i64,
    period: i64,
    owner: Holder,
    cells: Vec<(i64, String)>,
}

fn parse_row(pairs: &[(String, String)]) -> Result<RowInput, AppError> {
    let id = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.trim().parse::<i64>().ok())
            .filter(|id| *id > 0)
    };
    let owner = match (id("user"), id("owner_team")) {
        (Some(user), None) => Some(Holder::User(user)),
        (None, Some(team)) => Some(Holder::Team(team)),
        _ => None,
    };
    let (Some(team), Some(period), Some(owner)) = (id("team"), id("period"), owner) else {
        return Err(AppError::Invalid(FieldErrors::one(
            "row",
            "Say whose quotas to set, for which team and period.",
        )));
    };
    let cells = pairs
        .iter()
        .filter_map(|(k, v)| {
            let metric = k.strip_prefix("target_")?.parse::<i64>().ok()?;
            Some((metric, v.clone()))
        })
        .collect();
    Ok(RowInput {
        team,
        period,
        owner,
        cells,
    })
}

/// What the row's cells ask for: per metric, a target or none.
fn validate(
    cells: &[(i64, String)],
    metrics: &[Metric],
    org: &Organisation,
) -> Result<Vec<(Metric, Option<Decimal>)>, Typed> {
    let mut wanted = Vec::new();
    let mut typed: Typed = HashMap::new();
    let mut bad = false;
    for (metric_id, text) in cells {
        let Some(metric) = metrics.iter().find(|m| m.id == *metric_id) else {
            continue;
        };
        let mut errors = FieldErrors::new();
        let target = if text.trim().is_empty() {
            None
        } else if !metric.active {
            errors.add("target", "This metric is no longer tracked.");
            None
        } else {
            let scale = scale_of(metric, org);
            let value = input::decimal(&mut errors, "target", text, Decimal::ZERO, scale);
            if errors.get("target").is_some_and(|e| e.contains("decimal")) {
                errors = FieldErrors::one(
                    "target",
                    match scale {
                        0 if metric.is_money() => "This currency has no decimal places.".into(),
                        0 => "Use a whole number.".to_string(),
                        s => format!("Use at most {s} decimal places."),
                    },
                );
            }
            Some(value)
        };
        let error = errors.get("target").map(str::to_owned);
        bad |= error.is_some();
        typed.insert(metric.id, (text.trim().to_string(), error));
        wanted.push((metric.clone(), target));
    }
    if bad { Err(typed) } else { Ok(wanted) }
}

fn owner_of(holder: Holder) -> Owner {
    match holder {
        Holder::User(id) => Owner::User(id),
        Holder::Team(id) => Owner::Team(id),
        Holder::Company => Owner::Company,
    }
}

/// Writes the row in one transaction; returns how many goals changed.
fn apply(
    conn: &mut PgConnection,
    viewer: &User,
    owner: Owner,
    owner_name: &str,
    period: &PeriodRow,
    wanted: &[(Metric, Option<Decimal>)],
    org: &Organisation,
) -> Result<usize, AppError> {
    let actor = viewer.id;
    let today = crate::goals::progress::org_today(org);
    conn.transaction(|conn| {
        let mut changed = 0;
        for (metric, target) in wanted {
            let show = |amount: Decimal| crate::web::format::value(amount, &metric.unit, org);
            let what = format!("{} target of {owner_name} for {}", metric.name, period.name);
            match (Goal::live(conn, owner, metric.id, period.id)?, target) {
                (None, Some(target)) => {
                    let new = NewGoal {
                        created_by: Some(actor),
                        ..NewGoal::new(owner, metric.id, period.id, *target)
                    };
                    let goal = Goal::insert_approved(conn, &new, actor, period.start_date, today)
                        .map_err(|e| {
                        on_constraint(
                            e,
                            &[(
                                goals::LIVE_KEY,
                                "target",
                                "Someone else set this quota a moment ago; reload and try again.",
                            )],
                        )
                    })?;
                    NewAuditEntry::new(
                        Some(actor),
                        "create",
                        "goal",
                        Some(goal.id),
                        format!("Set the {what} to {}", show(goal.target)),
                    )
                    .after(&goal)
                    .record(conn)?;
                    changed += 1;
                }
                (Some(old), Some(target)) if old.target != *target => {
                    let change = crate::goals::lifecycle::Revision {
                        target: Some(*target),
                        ..Default::default()
                    };
                    let goal = crate::goals::lifecycle::revise_managed(
                        conn,
                        viewer,
                        old.id,
                        &change,
                        Some("Set in the team quota editor"),
                    )?;
                    NewAuditEntry::new(
                        Some(actor),
                        "update",
                        "goal",
                        Some(goal.id),
                        format!(
                            "Changed the {what} from {} to {}",
                            show(old.target),
                            show(goal.target)
                        ),
                    )
                    .before(&old)
                    .after(&goal)
                    .record(conn)?;
                    changed += 1;
                }
                (Some(old), None) => {
                    let goal = crate::goals::lifecycle::transition_managed(
                        conn,
                        viewer,
                        old.id,
                        crate::domain::lifecycle::Action::Cancel,
                        Some("Removed in the team quota editor"),
                        today,
                    )?;
                    NewAuditEntry::new(
                        Some(actor),
                        "cancel",
                        "goal",
                        Some(goal.id),
                        format!("Removed the {what} ({})", show(old.target)),
                    )
                    .before(&old)
                    .after(&goal)
                    .record(conn)?;
                    changed += 1;
                }
                _ => {}
            }
        }
        Ok(changed)
    })
}

#[derive(Template)]
#[template(path = "team/_quota_row_response.html")]
struct RowResponse {
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
) -> Result<HttpResponse, AppError> {
    let input = parse_row(&form)?;
    let posted_metrics: Vec<i64> = input.cells.iter().map(|(metric, _)| *metric).collect();
    let viewer = current.user.clone();
    let org = current.org.clone();
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
                if !in_team || !access::can_manage_user(conn, &viewer, id)? {
                    return Err(AppError::Forbidden);
                }
                person.name
            }
            Holder::Team(id) => {
                let target_team = Team::find(conn, id)?;
                if !subtree.contains(&id) || !can_set_team_target(conn, &viewer, &target_team)? {
                    return Err(AppError::Forbidden);
                }
                target_team.name
            }
            Holder::Company => return Err(AppError::Forbidden),
        };
        let metrics = Metric::all(conn)?;
        match validate(&input.cells, &metrics, &org) {
            Err(typed) => Ok(Outcome::Invalid(typed)),
            Ok(wanted) => {
                let changed = apply(
                    conn,
                    &viewer,
                    owner_of(input.owner),
                    &name,
                    &period,
                    &wanted,
                    &org,
                )?;
                Ok(Outcome::Saved { name, changed })
            }
        }
    })
    .await;
    // A concurrent insert is refused by the unique index: show it on the row.
    let outcome = match outcome {
        Err(AppError::Invalid(errors)) if errors.get("target").is_some() => {
            let message = errors.get("target").unwrap_or_default().to_string();
            let typed = input_cells_typed(&form, Some(message));
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
            let message = if changed == 0 {
                format!("Nothing changed for {name}.")
            } else {
                format!("Saved the targets of {name}.")
            };
            current.session.flash(FlashLevel::Success, message);
            Ok(HttpResponse::SeeOther()
                .insert_header((
                    "Location",
                    format!("/team/quotas?team={team}&period={period}&metrics={metrics_param}"),
                ))
                .finish())
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
        }
        (outcome, true) => {
            row_response(
                &pool,
                &current,
                team,
                period,
                owner,
                posted_metrics,
                outcome,
            )
            .await
        }
    }
}

/// Every posted cell as typed, each with `message` (a row-wide refusal).
fn input_cells_typed(pairs: &[(String, String)], message: Option<String>) -> Typed {
    parse_row(pairs)
        .map(|input| {
            input
                .cells
                .into_iter()
                .map(|(metric, text)| (metric, (text.trim().to_string(), message.clone())))
                .collect()
        })
        .unwrap_or_default()
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
) -> Result<HttpResponse, AppError> {
    let org = current.org.clone();
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
        let ledger = Ledger::load(conn, &org, &period, today, metrics, goals, Some(&[]))?;
        let (name, detail) = match owner {
            Holder::User(id) => {
                let p = roster.person(id).ok_or(AppError::NotFound)?;
                (p.name.clone(), p.email.clone())
            }
            Holder::Team(id) => {
                let t = roster.team(id).ok_or(AppError::NotFound)?;
                let detail = if id == team.id {
                    "This team".to_string()
                } else {
                    format!("Sub-team · {}", super::people_label(roster.headcount(id)))
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
        row,
        grid_team: team_id,
        grid_period: period_id,
        csrf_token: current.session.csrf_token(),
        totals,
    };
    // A refused row swaps in place like a saved one (static/js/app.js swaps
    // 422s): its messages sit beside the cells, and no toast covers the
    // other rows' Save buttons.
    Ok(html(
        if invalid {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        response.render(),
    ))
}
