//! The goal page's lifecycle forms: a transition (`POST
//! /goals/{id}/status/{action}`) and a change of target (`POST
//! /goals/{id}/target`), both through `goal_lifecycle`, then back to the
//! goal with a message. Refusals answer with the service's status (403, 409,
//! 422) and its words.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::domain::lifecycle::{Action, Status};
use crate::goals::lifecycle::{self, Revision};
use crate::i18n::{Lang, Msg};
use crate::input;
use crate::sales::form::NOTE_MAX;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReasonForm {
    reason: String,
}

/// A lifecycle button's words: "Submit for approval", "Send back".
pub fn action_label(lang: Lang, action: Action) -> String {
    lang.t(match action {
        Action::Submit => "goal-action-submit",
        Action::Approve => "goal-action-approve",
        Action::SendBack => "goal-action-send-back",
        Action::Activate => "goal-action-activate",
        Action::Pause => "goal-action-pause",
        Action::Resume => "goal-action-resume",
        Action::Cancel => "goal-action-cancel",
        Action::Revise => "goal-action-revise",
        Action::Complete => "goal-action-complete",
        Action::Fail => "goal-action-fail",
    })
}

fn reason_of(text: &str) -> Result<Option<String>, AppError> {
    let reason = text.trim();
    if reason.chars().count() > NOTE_MAX {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            Msg::new("goal-reason-too-long").arg("max", NOTE_MAX.to_string()),
        )));
    }
    Ok((!reason.is_empty()).then(|| reason.to_string()))
}

/// A refused form answers 400 with the message itself on the error page
/// (the page has no form to put it beside).
fn plain(e: AppError) -> AppError {
    match e {
        AppError::Invalid(errors) => AppError::BadRequest(
            errors
                .iter()
                .next()
                .map(|(_, m)| m.clone())
                .unwrap_or_else(|| Msg::new("goal-fields-invalid")),
        ),
        other => other,
    }
}

fn back_to(id: i64) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/goals/{id}")))
        .finish()
}

/// `POST /goals/{id}/status/{action}`.
pub async fn transition(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<(i64, String)>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (id, slug) = path.into_inner();
    let action = Action::from_slug(&slug)
        .filter(|a| Action::BUTTONS.contains(a))
        .ok_or(AppError::NotFound)?;
    let reason = reason_of(&form.reason).map_err(plain)?;
    let actor = current.user.clone();
    let today = crate::goals::progress::org_today(&current.org);
    let goal = db(&pool, move |conn| {
        lifecycle::transition(conn, &actor, id, action, reason.as_deref(), today)
    })
    .await
    .map_err(plain)?;
    let lang = current.lang();
    let status = crate::web::goals::status_word(lang, goal.status);
    current.session.flash(
        FlashLevel::Success,
        lang.tr("goal-now-status", [("status", status.into())]),
    );
    Ok(back_to(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TargetForm {
    target: String,
    reason: String,
}

/// `POST /goals/{id}/target`.
pub async fn change_target(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<TargetForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mut errors = FieldErrors::new();
    let target = input::decimal(
        &mut errors,
        "target",
        &form.target,
        rust_decimal::Decimal::ZERO,
        2,
    );
    errors
        .into_result()
        .map_err(|e| plain(AppError::Invalid(e)))?;
    let reason = reason_of(&form.reason).map_err(plain)?;
    let actor = current.user.clone();
    let change = Revision {
        target: Some(target),
        ..Revision::default()
    };
    let (before, after) = db(&pool, move |conn| {
        let before = crate::db::goals::Goal::find(conn, id)?.status;
        let after = lifecycle::revise(conn, &actor, id, &change, reason.as_deref())?;
        Ok((before, after.status))
    })
    .await
    .map_err(plain)?;
    let message = current
        .lang()
        .t(if before != after && after == Status::PendingApproval {
            "goal-target-changed-pending"
        } else {
            "goal-target-changed"
        });
    current.session.flash(FlashLevel::Success, message);
    Ok(back_to(id))
}
