//! `POST /api/v1/sales/{id}/approve|reject|cancel|refund`: the sales
//! service's decisions, with the same rules and answers as the approval
//! queue and the sale page. Approving and rejecting: managers for their
//! subtree up to their limit, admins any amount, nobody their own sale
//! (409, as on the queue). Cancelling: the partner their own pending sale,
//! managers and admins as the service allows. Refunding: managers and admins.
//!
//! Bodies are `{"notes": "..."}` (approve, reject) or `{"reason": "..."}`
//! (cancel, refund); either name is accepted everywhere, an empty body is
//! `{}`. A body that cannot be read is reported only once the caller is
//! known to reach the sale.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::PgConnection;
use utoipa::IntoResponses;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, Input};
use super::requests::{Notes, RequiredNotes, RequiredReason};
use super::sale_shapes::SaleDetailJson;
use super::sales::{sale_error, sale_id};
use crate::db::DbPool;
use crate::db::sales::Sale;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::sales::Decision;
use crate::sales::form::NOTE_MAX;
use crate::web::error::AppError;

/// What every decision may answer.
#[derive(IntoResponses)]
#[expect(
    clippy::large_enum_variant,
    reason = "never built: the document reads its variants' statuses and bodies"
)]
pub enum Answers {
    #[response(status = 200, description = "The sale after the decision.")]
    Done(SaleDetailJson),
    #[response(status = 400, description = "The body is not a JSON object.")]
    Unreadable(ErrorBody),
    #[response(
        status = 404,
        description = "No such sale, or (cancel, refund) the caller may not see it."
    )]
    Missing(ErrorBody),
    #[response(
        status = 409,
        description = "The sale is already confirmed, cancelled or refunded; or (approve, reject) it is the caller's own sale or above a manager's limit."
    )]
    Refused(ErrorBody),
    #[response(
        status = 422,
        description = "The note or reason is missing or too long."
    )]
    Invalid(ErrorBody),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Approve,
    Reject,
    Cancel,
    Refund,
}

impl Action {
    /// The body field the action names its text with.
    fn key(self) -> &'static str {
        match self {
            Action::Approve | Action::Reject => "notes",
            Action::Cancel | Action::Refund => "reason",
        }
    }

    /// Why the service refused the caller (its `Forbidden` carries no words).
    fn forbidden(self) -> &'static str {
        match self {
            Action::Approve | Action::Reject => "you may decide only sales of the teams you manage",
            Action::Cancel => {
                "you may cancel your own pending sales, and managers and admins the sales of their teams"
            }
            Action::Refund => "only managers of the partner's teams and admins may refund a sale",
        }
    }
}

/// The note or reason sent (trimmed; blank is none), read from either name.
pub(super) fn note_of(body: &[u8]) -> Result<Option<String>, ApiError> {
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let mut input = Input::body(if blank { b"{}" } else { body })?;
    let notes = input.get_text("notes", NOTE_MAX);
    let reason = input.get_text("reason", NOTE_MAX);
    if notes.is_some() && reason.is_some() {
        input.fail("reason", "send notes or reason, not both");
    }
    input.finish()?;
    Ok(notes.or(reason))
}

/// The service's answer in the API's words: its field message lands on the
/// field the action reads, its bare 403 says why.
fn service_error(action: Action, e: AppError) -> ApiError {
    match e {
        AppError::Forbidden => ApiError::forbidden(action.forbidden()),
        AppError::Invalid(errors) => {
            let message = errors.iter().next().map(|(_, m)| m.to_string());
            ApiError::invalid(
                action.key(),
                message.unwrap_or_else(|| "Give a reason.".into()),
            )
        }
        other => sale_error(other),
    }
}

fn decide(
    conn: &mut PgConnection,
    actor: &User,
    action: Action,
    id: i64,
    note: Result<Option<String>, ApiError>,
) -> Result<Sale, ApiError> {
    let decision = match action {
        Action::Approve => Decision::Approve,
        Action::Reject => Decision::Reject,
        Action::Cancel => Decision::Cancel,
        Action::Refund => Decision::Refund,
    };
    crate::sales::decide_checked(conn, actor, decision, id, note, |e| {
        service_error(action, e)
    })
}

async fn act(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    match action {
        Action::Approve => caller.require(Role::can_manage, "approve sales")?,
        Action::Reject => caller.require(Role::can_manage, "reject sales")?,
        Action::Refund => caller.require(Role::can_manage, "refund sales")?,
        Action::Cancel => {}
    }
    let id = sale_id(&path)?;
    let note = note_of(&body);
    let actor = caller.user;
    let (detail, partner) = db(&pool, move |conn| {
        let sale = decide(conn, &actor, action, id, note)?;
        let partner = (action == Action::Approve).then_some(sale.partner_id);
        Ok((SaleDetailJson::load(conn, sale)?, partner))
    })
    .await?;
    if let Some(partner) = partner {
        // After the confirmation's commit: nothing added to its transaction.
        crate::rewards::achievements::after_write(&pool, vec![partner]).await;
    }
    Ok(json(StatusCode::OK, &detail))
}

/// `POST /api/v1/sales/{id}/approve`: confirms a pending sale and pays its
/// commission.
#[utoipa::path(post, path = "/api/v1/sales/{id}/approve", tag = "sales",
    operation_id = "approve_sale", summary = "Approve a pending sale: confirm it and pay its commission",
    description = "Managers for their subtree up to their approval limit, admins any amount, nobody their own sale. The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
    params(("id" = i64, Path, description = "The sale's id.")),
    request_body = Option<Notes>, responses(Answers))]
pub async fn approve(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    act(pool, caller, path, body, Action::Approve).await
}

/// `POST /api/v1/sales/{id}/reject`: cancels a pending sale; notes required.
#[utoipa::path(post, path = "/api/v1/sales/{id}/reject", tag = "sales",
    operation_id = "reject_sale", summary = "Reject a pending sale (it becomes cancelled)",
    description = "Who may approve may reject; the notes say why. The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
    params(("id" = i64, Path, description = "The sale's id.")),
    request_body = Option<RequiredNotes>, responses(Answers))]
pub async fn reject(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    act(pool, caller, path, body, Action::Reject).await
}

/// `POST /api/v1/sales/{id}/cancel`: cancels a pending or confirmed sale,
/// reversing any commission; reason required.
#[utoipa::path(post, path = "/api/v1/sales/{id}/cancel", tag = "sales",
    operation_id = "cancel_sale", summary = "Cancel a pending or confirmed sale, reversing its commission",
    description = "The partner their own pending sale; managers their subtree's; admins any. Every ledger line gets its exact negative twin. The body is `{\"reason\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
    params(("id" = i64, Path, description = "The sale's id.")),
    request_body = Option<RequiredReason>, responses(Answers))]
pub async fn cancel(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    act(pool, caller, path, body, Action::Cancel).await
}

/// `POST /api/v1/sales/{id}/refund`: refunds a confirmed sale, reversing
/// its commission; reason required.
#[utoipa::path(post, path = "/api/v1/sales/{id}/refund", tag = "sales",
    operation_id = "refund_sale", summary = "Refund a confirmed sale, reversing its commission",
    description = "Managers for their subtree (not their own sale), admins any. What was paid is reversed, whatever the network looks like now. The body is `{\"reason\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
    params(("id" = i64, Path, description = "The sale's id.")),
    request_body = Option<RequiredReason>, responses(Answers))]
pub async fn refund(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    act(pool, caller, path, body, Action::Refund).await
}
