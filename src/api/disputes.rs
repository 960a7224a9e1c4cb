//! `/api/v1/disputes`: questions partners raise about their own commission
//! lines, and the admins' answers, resolutions and rejections — the same
//! service and rules as the pages (`payouts::disputes`). A partner lists
//! and reads their own disputes (another's is a 404); admins every one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, FormAmount, FormText, Input};
use crate::db::DbPool;
use crate::db::commissions::Entry;
use crate::db::disputes::Dispute;
use crate::domain::dispute::DisputeStatus;
use crate::domain::role::Role;
use crate::payouts::disputes::{self as service, DisputeDetail};
use crate::web::error::FieldErrors;
use utoipa::openapi::schema::Object;

fn dispute_status() -> Object {
    super::schema::one_of(DisputeStatus::ALL.map(DisputeStatus::as_str))
}

/// A dispute: the questioned line, the question, the answer and the outcome.
#[derive(Serialize, ToSchema)]
pub struct DisputeJson {
    id: i64,
    /// The questioned ledger line.
    entry_id: i64,
    sale_id: i64,
    partner_id: i64,
    /// The questioned line's own amount.
    line_amount: Decimal,
    reason: String,
    /// What the partner expected the line to pay, if they said.
    expected_amount: Option<Decimal>,
    #[schema(schema_with = dispute_status)]
    status: String,
    answer: Option<String>,
    answered_by: Option<i64>,
    answered_at: Option<DateTime<Utc>>,
    /// Why it was resolved or rejected.
    resolution: Option<String>,
    /// What the line pays in all after the resolution.
    resolved_amount: Option<Decimal>,
    closed_by: Option<i64>,
    closed_at: Option<DateTime<Utc>>,
    /// The `adjustment` ledger line the resolution appended (none when the
    /// amount did not change, or not resolved).
    adjustment_entry_id: Option<i64>,
    adjustment_amount: Option<Decimal>,
    created_at: DateTime<Utc>,
}

impl DisputeJson {
    fn new(d: &Dispute, line: &Entry, adjustment: Option<&Entry>) -> Self {
        DisputeJson {
            id: d.id,
            entry_id: d.entry_id,
            sale_id: line.sale_id,
            partner_id: d.partner_id,
            line_amount: line.amount,
            reason: d.reason.clone(),
            expected_amount: d.expected_amount,
            status: d.status.as_str().to_string(),
            answer: d.answer.clone(),
            answered_by: d.answered_by,
            answered_at: d.answered_at,
            resolution: d.resolution.clone(),
            resolved_amount: d.resolved_amount,
            closed_by: d.closed_by,
            closed_at: d.closed_at,
            adjustment_entry_id: adjustment.map(|e| e.id),
            adjustment_amount: adjustment.map(|e| e.amount),
            created_at: d.created_at,
        }
    }

    fn of(detail: &DisputeDetail) -> Self {
        Self::new(&detail.dispute, &detail.line, detail.adjustment.as_ref())
    }
}

/// The filters of the list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisputeFilters {
    /// open, answered, resolved or rejected.
    pub status: Option<String>,
    /// Page size, 1–1000 (default 200).
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
}

/// The body of `POST /api/v1/disputes`.
#[derive(serde::Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct OpenDisputeRequest {
    /// One of the caller's own ledger lines (not a reversal or adjustment).
    entry_id: i64,
    reason: String,
    /// What the line should pay, as the partner sees it: a decimal string.
    #[schema(example = "65.00")]
    expected_amount: Option<String>,
}

/// The body of `POST /api/v1/disputes/{id}/answer`.
#[derive(serde::Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct AnswerRequest {
    answer: String,
}

/// The body of `POST /api/v1/disputes/{id}/resolve`.
#[derive(serde::Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ResolveRequest {
    /// What the line should pay in all; a different amount from what it
    /// pays now appends one adjustment line for the difference.
    #[schema(example = "65.00")]
    amount: String,
    resolution: String,
}

/// The body of `POST /api/v1/disputes/{id}/reject`.
#[derive(serde::Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct RejectRequest {
    resolution: String,
}

/// The path's dispute id; one no dispute could have is a JSON 404.
fn dispute_id(path: &str) -> Result<i64, ApiError> {
    path.parse().map_err(|_| ApiError::not_found("dispute"))
}

/// `GET /api/v1/disputes`
#[utoipa::path(get, path = "/api/v1/disputes", tag = "disputes",
    operation_id = "list_disputes", summary = "Disputes of commission lines, newest first",
    description = "Admins: every dispute. Everyone else: their own.",
    params(DisputeFilters),
    responses(
        (status = 200, description = "Disputes.", body = [DisputeJson]),
        (status = 422, description = "Invalid filter.", body = ErrorBody),
    ))]
pub async fn list(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let status = q.get::<String>("status").and_then(|s| {
        s.parse::<DisputeStatus>()
            .map_err(|_| q.fail("status", "must be open, answered, resolved or rejected"))
            .ok()
    });
    let page = q.page();
    q.finish()?;
    let viewer = caller.user;
    let rows = db(&pool, move |conn| {
        let rows = service::list(conn, &viewer, status, page.limit, page.offset)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.dispute.id).collect();
        let adjustments = crate::db::disputes::adjustments_of(conn, &ids)?;
        Ok(rows
            .iter()
            .map(|r| {
                let adjustment = adjustments
                    .iter()
                    .find(|e| e.dispute_id == Some(r.dispute.id));
                DisputeJson::new(&r.dispute, &r.line, adjustment)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(json(StatusCode::OK, &rows))
}

/// `POST /api/v1/disputes`
#[utoipa::path(post, path = "/api/v1/disputes", tag = "disputes",
    operation_id = "open_dispute", summary = "Question one of your own commission lines",
    description = "The line must be the caller's, not a reversal or an adjustment, of a sale not refunded or cancelled, and not already questioned by an open dispute. Admins are notified.",
    request_body = OpenDisputeRequest,
    responses(
        (status = 201, description = "The dispute.", body = DisputeJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 404, description = "No such line, or not the caller's.", body = ErrorBody),
        (status = 409, description = "The line's sale was reversed, or the line already has an open dispute.", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the line is a reversal or an adjustment.", body = ErrorBody),
    ))]
pub async fn open(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let mut input = Input::body(&body)?;
    let entry_id = input.need::<i64>("entry_id");
    let reason = input.need::<FormText>("reason");
    let expected = input.get::<FormAmount>("expected_amount");
    let mut fields = input.into_fields();
    let parsed = service::parse_question(
        reason.as_ref().map(|r| r.0.as_str()).unwrap_or(""),
        expected.as_ref().map(|e| e.0.as_str()).unwrap_or(""),
        caller.org.money_scale(),
    );
    if let Err(errors) = &parsed {
        fields.merge(errors.clone().into());
    }
    fields.into_result()?;
    let ((reason, expected), entry_id) = (
        parsed.map_err(|e| ApiError::Invalid(e.into()))?,
        entry_id.unwrap_or_default(),
    );
    let actor = caller.user;
    let dispute = db(&pool, move |conn| {
        let dispute =
            service::open(conn, &actor, entry_id, &reason, expected).map_err(|e| match e {
                crate::error::AppError::NotFound => ApiError::not_found("commission line"),
                other => other.into(),
            })?;
        Ok(DisputeJson::of(&service::detail(conn, &actor, dispute.id)?))
    })
    .await?;
    Ok(json(StatusCode::CREATED, &dispute))
}

/// `GET /api/v1/disputes/{id}`
#[utoipa::path(get, path = "/api/v1/disputes/{id}", tag = "disputes",
    operation_id = "show_dispute", summary = "A dispute",
    params(("id" = i64, Path, description = "The dispute.")),
    responses(
        (status = 200, description = "The dispute.", body = DisputeJson),
        (status = 404, description = "No such dispute, or another partner's.", body = ErrorBody),
    ))]
pub async fn show(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = dispute_id(&path)?;
    let viewer = caller.user;
    let body = db(&pool, move |conn| {
        service::detail(conn, &viewer, id)
            .map(|d| DisputeJson::of(&d))
            .map_err(not_found)
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

fn not_found(e: crate::error::AppError) -> ApiError {
    match e {
        crate::error::AppError::NotFound => ApiError::not_found("dispute"),
        other => other.into(),
    }
}

/// What each admin step may answer.
#[derive(utoipa::IntoResponses)]
#[expect(
    clippy::large_enum_variant,
    reason = "never built: the document reads its variants' statuses and bodies"
)]
pub enum StepAnswers {
    #[response(status = 200, description = "The dispute after the step.")]
    Done(DisputeJson),
    #[response(status = 400, description = "The body is not a JSON object.")]
    Unreadable(ErrorBody),
    #[response(status = 404, description = "No such dispute.")]
    Missing(ErrorBody),
    #[response(
        status = 409,
        description = "The dispute is closed (or already answered); it is the admin's own; or (resolve) the amount changes on a refunded or cancelled sale."
    )]
    Refused(ErrorBody),
    #[response(status = 422, description = "A field is missing or invalid.")]
    Invalid(ErrorBody),
}

/// Reads the step's body with `read`, then runs it as an admin.
async fn admin_step(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
    what: &str,
    read: impl FnOnce(&mut Input) -> Result<StepWork, FieldErrors>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, what)?;
    let id = dispute_id(&path)?;
    let mut input = Input::body(&body)?;
    let work = read(&mut input);
    let mut fields = input.into_fields();
    if let Err(errors) = &work {
        fields.merge(errors.clone().into());
    }
    fields.into_result()?;
    let work = work.map_err(|e| ApiError::Invalid(e.into()))?;
    let actor = caller.user;
    let body = db(&pool, move |conn| {
        work(conn, &actor, id).map_err(not_found)?;
        Ok(DisputeJson::of(&service::detail(conn, &actor, id)?))
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

type StepWork = Box<
    dyn FnOnce(
            &mut diesel::PgConnection,
            &crate::db::users::User,
            i64,
        ) -> Result<(), crate::error::AppError>
        + Send,
>;

fn text(input: &mut Input, key: &str) -> String {
    input.get::<FormText>(key).map(|t| t.0).unwrap_or_default()
}

/// `POST /api/v1/disputes/{id}/answer`
#[utoipa::path(post, path = "/api/v1/disputes/{id}/answer", tag = "disputes",
    operation_id = "answer_dispute", summary = "Answer an open dispute (admins)",
    description = "The partner is notified. A dispute is answered once; then it is resolved or rejected.",
    params(("id" = i64, Path, description = "The dispute.")),
    request_body = AnswerRequest, responses(StepAnswers))]
pub async fn answer(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    admin_step(pool, caller, path, body, "answer disputes", |input| {
        let answer = service::parse_note("answer", &text(input, "answer"))?;
        Ok(Box::new(move |conn, actor, id| {
            service::answer(conn, actor, id, &answer).map(|_| ())
        }))
    })
    .await
}

/// `POST /api/v1/disputes/{id}/resolve`
#[utoipa::path(post, path = "/api/v1/disputes/{id}/resolve", tag = "disputes",
    operation_id = "resolve_dispute", summary = "Resolve a dispute with what the line should pay (admins)",
    description = "When `amount` differs from what the line pays now (its amount and earlier adjustments), one `adjustment` ledger line is appended for the difference, up or down, in the same transaction; the line itself never changes. Nobody resolves their own dispute.",
    params(("id" = i64, Path, description = "The dispute.")),
    request_body = ResolveRequest, responses(StepAnswers))]
pub async fn resolve(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let scale = caller.org.money_scale();
    admin_step(pool, caller, path, body, "resolve disputes", move |input| {
        let amount = input
            .get::<FormAmount>("amount")
            .map(|a| a.0)
            .unwrap_or_default();
        let (note, amount) = service::parse_resolution(&text(input, "resolution"), &amount, scale)?;
        Ok(Box::new(move |conn, actor, id| {
            service::resolve(conn, actor, id, &note, amount).map(|_| ())
        }))
    })
    .await
}

/// `POST /api/v1/disputes/{id}/reject`
#[utoipa::path(post, path = "/api/v1/disputes/{id}/reject", tag = "disputes",
    operation_id = "reject_dispute", summary = "Reject a dispute (admins)",
    description = "Nothing is paid or taken back; the partner is notified with the resolution's words. Nobody rejects their own dispute.",
    params(("id" = i64, Path, description = "The dispute.")),
    request_body = RejectRequest, responses(StepAnswers))]
pub async fn reject(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    admin_step(pool, caller, path, body, "reject disputes", |input| {
        let note = service::parse_note("resolution", &text(input, "resolution"))?;
        Ok(Box::new(move |conn, actor, id| {
            service::reject(conn, actor, id, &note).map(|_| ())
        }))
    })
    .await
}
