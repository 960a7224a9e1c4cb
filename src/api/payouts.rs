//! Payout runs and statements as JSON, through the same payout services as
//! the pages: `GET/POST /api/v1/payout-runs`, `GET /api/v1/payout-runs/{id}`,
//! `POST …/{id}/approve|pay|discard`, `GET …/{id}/csv` (admins), and
//! `GET /api/v1/payout-statements` (a partner their own, admins anyone's).
//! Refusals (an empty month, approving twice, a draft's CSV) are 4xx with
//! a stable `code` and write nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::PgConnection;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, FormText, Input};
use super::payout_shapes::{
    PayoutLineJson, PayoutRunDetailJson, PayoutRunJson, StatementFiguresJson, StatementJson,
    StatementLineJson, StatementPaymentJson, month_text,
};
use crate::db::DbPool;
use crate::db::payouts::PayoutRun;
use crate::db::users::User;
use crate::domain::period_query::parse_month;
use crate::domain::role::Role;
use crate::web::error::AppError;

const ADMINS: &str = "only admins may work payout runs";

fn run_id(path: &str) -> Result<i64, ApiError> {
    path.parse().map_err(|_| ApiError::not_found("payout run"))
}

fn run_error(e: AppError) -> ApiError {
    match e {
        AppError::NotFound => ApiError::not_found("payout run"),
        AppError::Forbidden => ApiError::forbidden(ADMINS),
        other => other.into(),
    }
}

/// The paging of the run list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunPage {
    /// Page size, 1–1000 (default 200).
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
}

/// `GET /api/v1/payout-runs`: newest first.
#[utoipa::path(get, path = "/api/v1/payout-runs", tag = "payouts",
    operation_id = "list_payout_runs", summary = "Payout runs, newest first (admins)",
    params(RunPage),
    responses(
        (status = 200, description = "Runs.", body = [PayoutRunJson]),
        (status = 422, description = "Invalid paging.", body = ErrorBody),
    ))]
pub async fn list(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "read payout runs")?;
    let mut q = Input::query(req.query_string())?;
    let page = q.page();
    q.finish()?;
    let actor = caller.user;
    let runs = db(&pool, move |conn| {
        crate::payouts::list(conn, &actor, page.limit, page.offset).map_err(run_error)
    })
    .await?;
    let body: Vec<PayoutRunJson> = runs.iter().map(PayoutRunJson::from).collect();
    Ok(json(StatusCode::OK, &body))
}

/// The body of `POST /api/v1/payout-runs`.
#[derive(ToSchema)]
pub struct NewRunRequest {
    /// The month to close, YYYY-MM; it must have begun.
    #[schema(example = "2026-11")]
    pub month: String,
}

fn detail_json(
    conn: &mut PgConnection,
    actor: &User,
    id: i64,
) -> Result<PayoutRunDetailJson, ApiError> {
    let detail = crate::payouts::detail(conn, actor, id).map_err(run_error)?;
    Ok(PayoutRunDetailJson {
        run: PayoutRunJson::from(&detail.run),
        lines: detail.lines.iter().map(PayoutLineJson::from).collect(),
    })
}

/// `POST /api/v1/payout-runs`: closes a month into a draft run.
#[utoipa::path(post, path = "/api/v1/payout-runs", tag = "payouts",
    operation_id = "create_payout_run", summary = "Close a month's commissions into a draft run (admins)",
    description = "One line per partner whose unpaid ledger lines up to the month's end reach the minimum; clawbacks are deducted. A month with nothing to pay, or one that has not begun, is a 422 on `month` and writes nothing.",
    request_body = NewRunRequest,
    responses(
        (status = 201, description = "The new draft run with its lines.", body = PayoutRunDetailJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 422, description = "The month is missing, malformed, has not begun, or has nothing to pay.", body = ErrorBody),
    ))]
pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "create payout runs")?;
    let mut input = Input::body(&body)?;
    let text: Option<FormText> = input.need("month");
    let month = text.and_then(|t| {
        let month = parse_month(&t.0);
        if month.is_none() {
            input.fail("month", "must be a month as YYYY-MM");
        }
        month
    });
    input.finish()?;
    let Some(month) = month else {
        return Err(ApiError::invalid("month", "is required"));
    };
    let actor = caller.user;
    let detail = db(&pool, move |conn| {
        let run = crate::payouts::create_run(conn, &actor, month).map_err(run_error)?;
        detail_json(conn, &actor, run.id)
    })
    .await?;
    Ok(json(StatusCode::CREATED, &detail))
}

/// `GET /api/v1/payout-runs/{id}`
#[utoipa::path(get, path = "/api/v1/payout-runs/{id}", tag = "payouts",
    operation_id = "show_payout_run", summary = "A payout run with its lines (admins)",
    params(("id" = i64, Path, description = "The run's id.")),
    responses(
        (status = 200, description = "The run.", body = PayoutRunDetailJson),
        (status = 404, description = "No such run.", body = ErrorBody),
    ))]
pub async fn show(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "read payout runs")?;
    let id = run_id(&path)?;
    let actor = caller.user;
    let detail = db(&pool, move |conn| detail_json(conn, &actor, id)).await?;
    Ok(json(StatusCode::OK, &detail))
}

/// What a step on a run may answer.
#[derive(IntoResponses)]
pub enum StepAnswers {
    #[response(status = 200, description = "The run after the step.")]
    Done(PayoutRunJson),
    #[response(status = 404, description = "No such run.")]
    Missing(ErrorBody),
    #[response(
        status = 409,
        description = "The run is not at the status the step starts from (already approved, paid or discarded, or not yet approved)."
    )]
    Refused(ErrorBody),
}

type Step = fn(&mut PgConnection, &User, i64) -> Result<PayoutRun, AppError>;

async fn step(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    what: &str,
    step: Step,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, what)?;
    let id = run_id(&path)?;
    let actor = caller.user;
    let run = db(&pool, move |conn| step(conn, &actor, id).map_err(run_error)).await?;
    Ok(json(StatusCode::OK, &PayoutRunJson::from(&run)))
}

/// `POST /api/v1/payout-runs/{id}/approve`
#[utoipa::path(post, path = "/api/v1/payout-runs/{id}/approve", tag = "payouts",
    operation_id = "approve_payout_run", summary = "Approve a draft run (admins)",
    description = "Of two admins at once, one approves; the other gets 409. No body is read.",
    params(("id" = i64, Path, description = "The run's id.")),
    responses(StepAnswers))]
pub async fn approve(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(
        pool,
        caller,
        path,
        "approve payout runs",
        crate::payouts::approve,
    )
    .await
}

/// `POST /api/v1/payout-runs/{id}/pay`
#[utoipa::path(post, path = "/api/v1/payout-runs/{id}/pay", tag = "payouts",
    operation_id = "pay_payout_run", summary = "Mark an approved run paid (admins)",
    description = "Of two admins at once, one marks it paid; the other gets 409. No body is read.",
    params(("id" = i64, Path, description = "The run's id.")),
    responses(StepAnswers))]
pub async fn pay(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(
        pool,
        caller,
        path,
        "pay payout runs",
        crate::payouts::mark_paid,
    )
    .await
}

/// `POST /api/v1/payout-runs/{id}/discard`
#[utoipa::path(post, path = "/api/v1/payout-runs/{id}/discard", tag = "payouts",
    operation_id = "discard_payout_run", summary = "Discard a draft run, releasing its ledger lines (admins)",
    description = "Only a draft: its ledger lines are open again for a new run; the run stays on record as discarded. An approved or paid run is a 409. No body is read.",
    params(("id" = i64, Path, description = "The run's id.")),
    responses(StepAnswers))]
pub async fn discard(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    step(
        pool,
        caller,
        path,
        "discard payout runs",
        crate::payouts::discard,
    )
    .await
}

/// What the CSV export may answer.
#[derive(IntoResponses)]
pub enum CsvAnswers {
    #[response(
        status = 200,
        description = "The run as CSV for payroll: payment_reference, partner_id, partner_name, partner_email, amount, currency, earned, recovered, ledger_lines, period, run_status.",
        content_type = "text/csv"
    )]
    Csv(String),
    #[response(status = 404, description = "No such run.")]
    Missing(ErrorBody),
    #[response(
        status = 409,
        description = "A draft or discarded run is not exported."
    )]
    Refused(ErrorBody),
}

/// `GET /api/v1/payout-runs/{id}/csv`
#[utoipa::path(get, path = "/api/v1/payout-runs/{id}/csv", tag = "payouts",
    operation_id = "payout_run_csv", summary = "An approved or paid run as CSV for payroll (admins)",
    params(("id" = i64, Path, description = "The run's id.")),
    responses(CsvAnswers))]
pub async fn csv(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "export payout runs")?;
    let id = run_id(&path)?;
    let actor = caller.user;
    let (name, text) = db(&pool, move |conn| {
        crate::payouts::export::run_csv(conn, &actor, id).map_err(run_error)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(text))
}

/// Which statement.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementQuery {
    /// YYYY-MM (default: this month).
    #[param(example = "2026-11")]
    pub month: Option<String>,
    /// Whose statement (default: the caller's). Only admins read others'.
    pub partner_id: Option<i64>,
}

/// `GET /api/v1/payout-statements?month=&partner_id=`
#[utoipa::path(get, path = "/api/v1/payout-statements", tag = "payouts",
    operation_id = "payout_statement", summary = "A partner's monthly payout statement",
    description = "Opening balance, earned, reversed, recovered, paid and closing balance, with the month's ledger lines and payments. A partner reads their own; admins anyone's; anyone else gets 404, as if the partner did not exist.",
    params(StatementQuery),
    responses(
        (status = 200, description = "The statement.", body = StatementJson),
        (status = 404, description = "No such partner, or not the caller's to read.", body = ErrorBody),
        (status = 422, description = "The month is malformed.", body = ErrorBody),
    ))]
pub async fn statement(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let month_text_in: Option<FormText> = q.get("month");
    let partner: Option<i64> = q.get("partner_id");
    let today = crate::goals::progress::org_today(&caller.org);
    let month = match month_text_in {
        None => Some(today),
        Some(t) => {
            let month = parse_month(&t.0);
            if month.is_none() {
                q.fail("month", "must be a month as YYYY-MM");
            }
            month
        }
    };
    q.finish()?;
    let month = month.unwrap_or(today);
    let viewer = caller.user;
    let partner = partner.unwrap_or(viewer.id);
    let loaded = db(&pool, move |conn| {
        crate::payouts::statement::load(conn, &viewer, partner, month).map_err(|e| match e {
            AppError::NotFound => ApiError::not_found("partner"),
            other => other.into(),
        })
    })
    .await?;
    let f = &loaded.figures;
    let body = StatementJson {
        partner_id: loaded.partner.id,
        partner_name: loaded.partner.name.clone(),
        month: month_text(loaded.month),
        figures: StatementFiguresJson {
            opening: f.opening,
            earned: f.earned,
            reversed: f.reversed,
            recovered: f.recovered,
            paid: f.paid,
            closing: f.closing,
        },
        lines: (loaded.entries.iter())
            .map(|e| StatementLineJson {
                id: e.entry.id,
                sale_id: e.entry.sale_id,
                kind: e.entry.kind.clone(),
                level: e.entry.level,
                amount: e.entry.amount,
                written_at: e.entry.created_at,
                reverses_entry_id: e.entry.reverses_entry_id,
                settled_in_run: e.settled_in,
            })
            .collect(),
        payments: (loaded.payments.iter())
            .map(|p| StatementPaymentJson {
                run_id: p.run_id,
                amount: p.amount,
                recovered: p.recovered,
                paid_at: p.paid_at,
            })
            .collect(),
    };
    Ok(json(StatusCode::OK, &body))
}
