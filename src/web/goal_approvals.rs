//! The goal approval queue: pending goals of a manager's subtree (an
//! admin's: everyone's but their own), each with the proposed target beside
//! the owner's actual of the previous period of the same kind, approved or
//! sent back with a note inline through htmx; and the navigation badge.

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header::{self};
use actix_web::{Either, HttpResponse, Responder, web};
use askama::Template;
use askama_web::WebTemplate;
use diesel::{PgConnection, QueryResult};
use serde::Deserialize;

use super::error::AppError;
use super::format::Fmt;
use super::layout::Layout;
use super::respond::{Reply, WithStatus, reply, with_status};
use super::{Routes, db};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::goal_lifecycle::Lifecycle;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::lifecycle::Action;
use crate::i18n::{Lang, Msg};
use crate::sales::form::NOTE_MAX;

pub fn routes(r: &mut Routes) {
    r.get("/approvals/goals", index)
        .get("/approvals/goals/count", count)
        .post("/approvals/goals/{id}/approve", approve)
        .post("/approvals/goals/{id}/send-back", send_back);
}

pub struct Row {
    pub id: i64,
    pub owner: String,
    pub metric: String,
    pub period: String,
    pub target: String,
    /// The owner's actual of the previous period, and its name.
    pub last_actual: String,
    pub last_period: String,
    /// "+20% on last period", "" when there is nothing to compare.
    pub change: String,
    /// The formula's target for the owner, metric and period ("—" where
    /// it does not apply), and the formula in one line.
    pub computed: String,
    pub computed_formula: String,
    pub submitted: String,
    /// The note as typed and why it was refused, when the decision comes
    /// back with a message beside the field.
    pub note: String,
    pub note_error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "goal_approvals/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<Row>,
    is_admin: bool,
    csrf_token: String,
}

/// One row again, its note marked: the htmx answer to a refused note.
#[derive(Template, WebTemplate)]
#[template(path = "goal_approvals/_row.html")]
struct RowPartial {
    lang: Lang,
    row: Row,
    csrf_token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "goal_approvals/_outcome.html")]
struct OutcomePartial {
    lang: Lang,
    id: i64,
    approved: bool,
    message: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    note: String,
}

fn rows(
    conn: &mut PgConnection,
    viewer: &User,
    org: &Organisation,
    f: &Fmt,
) -> Result<Vec<Row>, AppError> {
    let goals = crate::goals::lifecycle::pending_for(conn, viewer)?;
    let metrics = Metric::all(conn)?;
    let mut rows = Vec::with_capacity(goals.len());
    for goal in goals {
        let metric = metrics
            .iter()
            .find(|m| m.id == goal.metric_id)
            .ok_or(AppError::NotFound)?;
        let period = PeriodRow::find(conn, goal.period_id)?;
        let owner = owner_name(conn, &goal, f.lang)?;
        let previous = period.period().previous();
        let last = match &previous {
            Some(p) => Some(crate::goals::progress::actual(
                conn,
                goal.owner(),
                goal.metric_id,
                p.start,
                p.end,
            )?),
            None => None,
        };
        let fiscal = org.fiscal_start_month();
        let change = match last {
            Some(last) if !last.is_zero() => {
                let pct =
                    ((goal.target - last) / last * rust_decimal::Decimal::ONE_HUNDRED).round_dp(0);
                let change = if pct.is_sign_positive() {
                    format!("+{}", f.lang.count(pct))
                } else {
                    f.lang.count(pct)
                };
                f.lang
                    .tr("approval-goal-change", [("change", change.into())])
            }
            _ => String::new(),
        };
        let computed = match crate::goals::targets::computed_for_goal(conn, org, &goal) {
            Ok(computed) => computed,
            Err(AppError::Invalid(_)) => None,
            Err(other) => return Err(other),
        };
        let (computed, computed_formula) = match computed {
            Some(b) => {
                let view = crate::web::targets::view::BreakdownView::shown(&b, f);
                (view.final_target, view.formula)
            }
            None => ("—".to_string(), String::new()),
        };
        let submitted = Lifecycle::of(conn, goal.id)?
            .submitted_at
            .map(|t| f.instant(t))
            .unwrap_or_default();
        rows.push(Row {
            id: goal.id,
            owner,
            metric: f.metric(&metric.key, &metric.name),
            period: f.period(&period),
            target: f.value(goal.target, metric.unit),
            last_actual: last
                .map(|l| f.value(l, metric.unit))
                .unwrap_or_else(|| "—".into()),
            last_period: previous
                .map(|p| f.lang.period_name(p.name(fiscal)))
                .unwrap_or_default(),
            change,
            computed,
            computed_formula,
            submitted,
            note: String::new(),
            note_error: None,
        });
    }
    Ok(rows)
}

fn owner_name(conn: &mut PgConnection, goal: &Goal, lang: Lang) -> QueryResult<String> {
    match goal.owner() {
        crate::db::goals::Owner::User(id) => Ok(User::find(conn, id)?.name),
        crate::db::goals::Owner::Team(id) => Ok(lang.tr(
            "approval-goal-owner-team",
            [("team", crate::db::teams::Team::find(conn, id)?.name.into())],
        )),
        crate::db::goals::Owner::Company => Ok(lang.t("approval-goal-owner-company")),
    }
}

async fn index(
    pool: web::Data<DbPool>,
    current: RequireManager,
) -> Result<WithStatus<IndexPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let f = current.fmt();
    let rows = db(&pool, move |conn| rows(conn, &viewer, &org, &f)).await?;
    Ok(page(&current, rows, StatusCode::OK))
}

fn page(current: &RequireManager, rows: Vec<Row>, status: StatusCode) -> WithStatus<IndexPage> {
    let page = IndexPage {
        layout: current.layout_t("approval-goal-title"),
        lang: current.lang(),
        is_admin: current.user.role().is_admin(),
        csrf_token: current.session.csrf_token(),
        rows,
    };
    with_status(page, status)
}

/// A refused note, shown beside the field of its row (422, nothing
/// written): the row alone for htmx, the whole queue otherwise. A goal no
/// longer in the viewer's queue gets the message as a toast.
async fn refused_note(
    pool: &DbPool,
    current: &RequireManager,
    is_htmx: bool,
    id: i64,
    typed: &str,
    message: Msg,
) -> Result<Either<WithStatus<IndexPage>, WithStatus<RowPartial>>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let f = current.fmt();
    let mut rows = db(pool, move |conn| rows(conn, &viewer, &org, &f)).await?;
    let Some(row) = rows.iter_mut().find(|r| r.id == id) else {
        return Err(AppError::BadRequest(message));
    };
    row.note = typed.to_string();
    row.note_error = Some(message.render(current.lang()));
    if !is_htmx {
        return Ok(Either::Left(page(
            current,
            rows,
            StatusCode::UNPROCESSABLE_ENTITY,
        )));
    }
    let row = rows.swap_remove(rows.iter().position(|r| r.id == id).expect("found above"));
    let partial = RowPartial {
        lang: current.lang(),
        row,
        csrf_token: current.session.csrf_token(),
    };
    Ok(Either::Right(with_status(
        partial,
        StatusCode::UNPROCESSABLE_ENTITY,
    )))
}

/// `GET /approvals/goals/count`: the badge; empty when nothing waits.
async fn count(pool: web::Data<DbPool>, current: RequireManager) -> Result<HttpResponse, AppError> {
    let viewer = current.user.clone();
    let waiting = db(&pool, move |conn| {
        Ok(crate::goals::lifecycle::pending_for(conn, &viewer)?.len())
    })
    .await?;
    let body = if waiting == 0 {
        String::new()
    } else {
        current.fmt().count(waiting.into())
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

async fn decide(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    id: i64,
    form: DecisionForm,
    action: Action,
) -> Result<Reply, AppError> {
    let note = form.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        let message = Msg::new("approval-note-too-long").arg("max", NOTE_MAX);
        return refused_note(&pool, &current, htmx.is_htmx, id, &form.note, message)
            .await
            .map(reply);
    }
    let actor = current.user.clone();
    let today = crate::goals::progress::org_today(&current.org);
    let outcome = db(&pool, move |conn| {
        let note = (!note.is_empty()).then_some(note.as_str());
        crate::goals::lifecycle::transition(conn, &actor, id, action, note, today)
    })
    .await;
    let goal = match outcome {
        Ok(goal) => goal,
        Err(AppError::Invalid(_)) => {
            let message = Msg::new("approval-goal-note-missing");
            return refused_note(&pool, &current, htmx.is_htmx, id, &form.note, message)
                .await
                .map(reply);
        }
        Err(other) => return Err(other),
    };
    let approved = action == Action::Approve;
    let lang = current.lang();
    let message = lang.t(match (approved, goal.status) {
        (true, crate::domain::lifecycle::Status::Active) => "approval-goal-approved-active",
        (true, _) => "approval-goal-approved-later",
        (false, _) => "approval-goal-sent-back",
    });
    if !htmx.is_htmx {
        current.session.flash(
            FlashLevel::Success,
            lang.tr(
                "approval-goal-decided-flash",
                [("id", id.to_string().into()), ("outcome", message.into())],
            ),
        );
        return Ok(reply(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/approvals/goals"))
                .finish(),
        ));
    }
    let partial = OutcomePartial {
        lang,
        id,
        approved,
        message,
    };
    Ok(reply(
        partial
            .customize()
            .insert_header(("hx-trigger", "goals-changed")),
    ))
}

async fn approve(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<DecisionForm>,
) -> Result<Reply, AppError> {
    decide(
        pool,
        current,
        htmx,
        path.into_inner(),
        form.into_inner(),
        Action::Approve,
    )
    .await
}

async fn send_back(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<DecisionForm>,
) -> Result<Reply, AppError> {
    decide(
        pool,
        current,
        htmx,
        path.into_inner(),
        form.into_inner(),
        Action::SendBack,
    )
    .await
}
