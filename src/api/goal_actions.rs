//! `POST /api/v1/goals/{id}/submit|approve|send-back|activate|pause|resume|cancel`:
//! the goal lifecycle's transitions, with the same rules and answers as the
//! goal page and the approval queue (`goals::lifecycle::transition`). Bodies
//! are `{"notes": "..."}` or `{"reason": "..."}` (either name; an empty body
//! is `{}`); send-back, pause and cancel must say why.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::goals::goal_id;
use super::input::{Body, Input};
use super::requests::{Notes, RequiredNotes, RequiredReason};
use super::schema;
use super::shapes::{GoalJson, Lookup};
use crate::db::DbPool;
use crate::db::goal_lifecycle::Lifecycle;
use crate::db::organisation::Organisation;
use crate::domain::lifecycle::Action;
use crate::sales::form::NOTE_MAX;
use crate::web::error::AppError;

/// A goal with its lifecycle stamps.
#[derive(Serialize, ToSchema)]
#[schema(as = GoalState)]
pub struct GoalStateJson {
    #[serde(flatten)]
    pub goal: GoalJson,
    #[serde(flatten)]
    #[schema(value_type = schema::Lifecycle)]
    pub lifecycle: Lifecycle,
}

/// What every transition may answer.
#[derive(IntoResponses)]
#[expect(
    clippy::large_enum_variant,
    reason = "never built: the document reads its variants' statuses and bodies"
)]
pub enum Answers {
    #[response(status = 200, description = "The goal after the transition.")]
    Done(GoalStateJson),
    #[response(status = 400, description = "The body is not a JSON object.")]
    Unreadable(ErrorBody),
    #[response(
        status = 404,
        description = "No such goal, or the caller may not see it."
    )]
    Missing(ErrorBody),
    #[response(
        status = 409,
        description = "The goal is not in a status the transition applies to (a second approver gets this), or it is the caller's own goal (approve, send back), or its period has not started (activate)."
    )]
    Refused(ErrorBody),
    #[response(
        status = 422,
        description = "The note or reason is missing or too long."
    )]
    Invalid(ErrorBody),
}

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

fn service_error(action: Action, e: AppError) -> ApiError {
    match e {
        AppError::NotFound => ApiError::not_found("goal"),
        AppError::Forbidden => ApiError::forbidden(match action {
            Action::Submit | Action::Cancel => {
                "you may submit and cancel your own draft or pending goals; managers and admins the goals of their teams"
            }
            _ => "only a manager of the goal's owner or an admin may do this",
        }),
        AppError::Invalid(errors) => {
            let message = errors.iter().next().map(|(_, m)| m.to_string());
            let key = if action == Action::SendBack {
                "notes"
            } else {
                "reason"
            };
            ApiError::invalid(key, message.unwrap_or_else(|| "Say why.".into()))
        }
        other => other.into(),
    }
}

async fn act(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
    body: Body,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    let id = goal_id(&path)?;
    let note = note_of(&body)?;
    let actor = caller.user;
    let body = db(&pool, move |conn| {
        let today = crate::goals::progress::org_today(&Organisation::get(conn)?);
        let goal =
            crate::goals::lifecycle::transition(conn, &actor, id, action, note.as_deref(), today)
                .map_err(|e| service_error(action, e))?;
        let lookup = Lookup::load(conn, std::slice::from_ref(&goal))?;
        Ok(GoalStateJson {
            goal: lookup.goal(&goal),
            lifecycle: Lifecycle::of(conn, goal.id)?,
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

macro_rules! actions {
    ($($(#[$doc:meta])* $name:ident => $action:expr),* $(,)?) => {$(
        $(#[$doc])*
        pub async fn $name(
            pool: web::Data<DbPool>,
            caller: ApiUser,
            path: web::Path<String>,
            body: Body,
        ) -> Result<HttpResponse, ApiError> {
            act(pool, caller, path, body, $action).await
        }
    )*};
}

actions! {
    #[utoipa::path(post, path = "/api/v1/goals/{id}/submit", tag = "goals",
        operation_id = "submit_goal", summary = "Submit a draft for approval",
        description = "The owner, their managers and admins. The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<Notes>, responses(Answers))]
    submit => Action::Submit,
    #[utoipa::path(post, path = "/api/v1/goals/{id}/approve", tag = "goals",
        operation_id = "approve_goal", summary = "Approve a pending goal",
        description = "Managers for their subtree, admins any; nobody their own goal. A goal whose period has started activates at once. The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<Notes>, responses(Answers))]
    approve => Action::Approve,
    #[utoipa::path(post, path = "/api/v1/goals/{id}/send-back", tag = "goals",
        operation_id = "send_back_goal", summary = "Send a pending goal back to draft",
        description = "Who may approve may send back; the notes say what to change. The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<RequiredNotes>, responses(Answers))]
    send_back => Action::SendBack,
    #[utoipa::path(post, path = "/api/v1/goals/{id}/activate", tag = "goals",
        operation_id = "activate_goal", summary = "Activate an approved goal",
        description = "Managers for their subtree, admins any; only once the period has started (it happens by itself then). The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<Notes>, responses(Answers))]
    activate => Action::Activate,
    #[utoipa::path(post, path = "/api/v1/goals/{id}/pause", tag = "goals",
        operation_id = "pause_goal", summary = "Pause an active goal",
        description = "Managers for their subtree, admins any. A paused goal leaves leaderboards and rollups and keeps its numbers. The body is `{\"reason\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<RequiredReason>, responses(Answers))]
    pause => Action::Pause,
    #[utoipa::path(post, path = "/api/v1/goals/{id}/resume", tag = "goals",
        operation_id = "resume_goal", summary = "Resume a paused goal",
        description = "Managers for their subtree, admins any. The body is `{\"notes\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<Notes>, responses(Answers))]
    resume => Action::Resume,
    #[utoipa::path(post, path = "/api/v1/goals/{id}/cancel", tag = "goals",
        operation_id = "cancel_goal", summary = "Cancel a goal that is not completed or failed",
        description = "The owner their own draft or pending goal; managers their subtree's; admins any. The body is `{\"reason\": \"...\"}` (`notes` and `reason` are accepted alike); an empty body is `{}`.",
        params(("id" = i64, Path, description = "The goal's id.")),
        request_body = Option<RequiredReason>, responses(Answers))]
    cancel => Action::Cancel,
}
