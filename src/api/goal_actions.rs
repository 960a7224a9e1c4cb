//! `POST /api/v1/goals/{id}/submit|approve|send-back|activate|pause|resume|cancel`:
//! the goal lifecycle's transitions, with the same rules and answers as the
//! goal page and the approval queue (`goals::lifecycle::transition`). Bodies
//! are `{"notes": "..."}` or `{"reason": "..."}` (either name; an empty body
//! is `{}`); send-back, pause and cancel must say why.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use super::goals::goal_id;
use super::input::{Body, Input};
use super::shapes::{GoalJson, Lookup};
use crate::db::DbPool;
use crate::db::goal_lifecycle::Lifecycle;
use crate::db::organisation::Organisation;
use crate::domain::lifecycle::Action;
use crate::sales::form::NOTE_MAX;
use crate::web::error::AppError;

/// A goal with its lifecycle stamps.
#[derive(Serialize)]
pub struct GoalStateJson {
    #[serde(flatten)]
    pub goal: GoalJson,
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
}

fn note_of(body: &[u8]) -> Result<Option<String>, ApiError> {
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
    ($($name:ident => $action:expr),* $(,)?) => {$(
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
    submit => Action::Submit,
    approve => Action::Approve,
    send_back => Action::SendBack,
    activate => Action::Activate,
    pause => Action::Pause,
    resume => Action::Resume,
    cancel => Action::Cancel,
}
