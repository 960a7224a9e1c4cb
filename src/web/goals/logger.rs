//! The activity logger: a rep records a call, a meeting or an amount from the
//! dashboard in one or two clicks. Each entry is one fact (source `manual`)
//! checked by the one event rule and written by `goals::events::record`
//! with the milestones it reaches; htmx gets the refreshed cards back, a
//! plain form a redirect.

mod form;
mod view;

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{CustomizeResponder, HttpResponse, Responder, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;

pub use self::form::{Activity, LoggerForm};
pub use self::view::{Logger, QuickButton};
use super::QuotaCards;
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::metrics::Metric;
use crate::goals::events::{self, RecordError};
use crate::goals::progress;
use crate::i18n::Lang;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::respond::{Reply, WithStatus, reply, to_toast_area, with_status};

/// The `id` of the detailed form, sent by htmx as `HX-Trigger`.
const FORM_ID: &str = "log-form";

#[derive(Template, WebTemplate)]
#[template(path = "goals/_logged.html")]
struct LoggedPartial {
    lang: Lang,
    quota: QuotaCards,
    logger: Option<Logger>,
    message: String,
}

/// The logger alone: the detailed form back with its messages.
#[derive(Template, WebTemplate)]
#[template(path = "goals/_logger.html")]
struct LoggerPartial {
    lang: Lang,
    logger: Logger,
}

#[derive(Template, WebTemplate)]
#[template(path = "_toast.html")]
struct ErrorToast {
    message: String,
    lang: Lang,
}

/// What was written, for the confirmation.
struct Recorded {
    message: String,
}

/// `POST /events`: records one activity of the signed-in user.
pub async fn log_event(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    htmx: Htmx,
    form: web::Form<LoggerForm>,
) -> Result<Reply, AppError> {
    let form = form.into_inner();
    let user_id = current.user.id;
    let org = current.org.clone();
    let today = progress::org_today(&org);
    let metrics = db(&pool, |conn| Ok(Metric::active(conn)?)).await?;
    let outcome = match form.parse(&metrics, &org, today) {
        Err(errors) => Err(errors),
        Ok(activity) => match events::record(&pool, vec![activity.event(user_id)], None).await {
            Ok(recorded) => Ok(Recorded {
                message: confirmation(&activity, &current.fmt(), today, &recorded.milestones),
            }),
            Err(RecordError::Refused(_, refusal)) => Err(FieldErrors::one(
                form::field_name(refusal.field()),
                refusal.msg(),
            )),
            Err(RecordError::App(e)) => return Err(e),
        },
    };
    match outcome {
        Ok(recorded) if htmx.is_htmx => {
            let refresh_form = htmx.trigger().as_deref() == Some(FORM_ID);
            htmx.trigger_event("metric-logged", None, None);
            refreshed(&pool, &current, recorded.message, refresh_form)
                .await
                .map(reply)
        }
        Ok(recorded) => {
            current.session.flash(FlashLevel::Success, recorded.message);
            Ok(reply(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/dashboard"))
                    .finish(),
            ))
        }
        Err(errors) if htmx.is_htmx && htmx.trigger().as_deref() == Some(FORM_ID) => {
            refused_form(&pool, &current, form, errors).await.map(reply)
        }
        Err(errors) if htmx.is_htmx => Ok(reply(error_toast(&errors, current.lang()))),
        Err(errors) => crate::web::dashboard::render_personal(
            &pool,
            &current,
            Some((form, errors)),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        )
        .await
        .map(reply),
    }
}

/// "Calls: +1 logged for today. Milestone reached: First 50."
fn confirmation(
    activity: &Activity,
    f: &Fmt,
    today: NaiveDate,
    marked: &[crate::db::milestones::Milestone],
) -> String {
    let lang = f.lang;
    let metric = f.metric(&activity.metric.key, &activity.metric.name);
    let value = f.signed(activity.value, activity.metric.unit);
    let mut message = if activity.occurred_on == today {
        lang.tr(
            "goal-logged-today",
            [("metric", metric.into()), ("value", value.into())],
        )
    } else {
        lang.tr(
            "goal-logged-on",
            [
                ("metric", metric.into()),
                ("value", value.into()),
                ("date", f.day(activity.occurred_on).into()),
            ],
        )
    };
    if activity.correction_reason.is_some() {
        message = lang.tr("goal-logged-correction", [("message", message.into())]);
    }
    if !marked.is_empty() {
        let names: Vec<&str> = marked.iter().map(|m| m.name.as_str()).collect();
        message.push(' ');
        message.push_str(&lang.tr(
            "goal-logged-milestones",
            [("names", names.join(", ").into())],
        ));
    }
    message
}

/// The cards after an entry, the confirmation as a toast and, when the
/// detailed form was used, a fresh form, each swapped out of band.
async fn refreshed(
    pool: &DbPool,
    current: &CurrentUser,
    message: String,
    refresh_form: bool,
) -> Result<LoggedPartial, AppError> {
    let user = current.user.clone();
    let org = current.org.clone();
    let csrf_token = current.session.csrf_token();
    let lang = current.lang();
    let (quota, logger) = db(pool, move |conn| {
        let today = progress::org_today(&org);
        let quota = QuotaCards::load(conn, &user, &org, lang, today)?;
        let logger = if refresh_form {
            let mut logger = Logger::load(conn, &quota.metric_ids, csrf_token, today, lang, None)?;
            logger.oob = true;
            Some(logger)
        } else {
            None
        };
        Ok((quota, logger))
    })
    .await?;
    let partial = LoggedPartial {
        lang,
        quota,
        logger,
        message,
    };
    Ok(partial)
}

/// A refused entry from the detailed form: the form again with each
/// message beside its field (422), swapped over the logger in place of the
/// cards the form normally refreshes.
async fn refused_form(
    pool: &DbPool,
    current: &CurrentUser,
    form: LoggerForm,
    errors: FieldErrors,
) -> Result<CustomizeResponder<WithStatus<LoggerPartial>>, AppError> {
    let user = current.user.clone();
    let org = current.org.clone();
    let csrf_token = current.session.csrf_token();
    let lang = current.lang();
    let logger = db(pool, move |conn| {
        let today = progress::org_today(&org);
        let quota = QuotaCards::load(conn, &user, &org, lang, today)?;
        Logger::load(
            conn,
            &quota.metric_ids,
            csrf_token,
            today,
            lang,
            Some((form, errors)),
        )
    })
    .await?;
    Ok(with_status(
        LoggerPartial { lang, logger },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .customize()
    .insert_header(("hx-retarget", "#logger"))
    .insert_header(("hx-reswap", "outerHTML")))
}

/// A refused one-click entry (the quick buttons have no fields to mark):
/// the reasons as a toast, with 422.
fn error_toast(errors: &FieldErrors, lang: Lang) -> CustomizeResponder<WithStatus<ErrorToast>> {
    let message = [
        ("metric", "goal-logger-metric"),
        ("value", "goal-logger-value"),
        ("occurred_on", "goal-logger-date"),
        ("note", "goal-logger-note"),
        ("correction_reason", "goal-reason"),
    ]
    .into_iter()
    .filter_map(|(field, label)| {
        errors.message(field).map(|e| {
            lang.tr(
                "goal-field-error",
                [
                    ("field", lang.t(label).into()),
                    ("message", e.render(lang).into()),
                ],
            )
        })
    })
    .collect::<Vec<_>>()
    .join(" ");
    to_toast_area(with_status(
        ErrorToast { message, lang },
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}
