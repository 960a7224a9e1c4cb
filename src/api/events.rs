//! `POST /api/v1/metric-events`: record a fact. Anyone records their own;
//! managers for people below them, admins for anyone. With an
//! `external_ref` the call is idempotent: repeating it answers the stored
//! event with `"duplicate": true` and 200 instead of 201. Values meet the
//! one event rule the logger and the import also meet
//! (`goals::events::rule`); this edge reads the JSON and words the answer.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, Fields, json};
use super::input::{Body, Input};
use super::requests::EventRequest;
use super::shapes::EventJson;
use crate::db::DbPool;
use crate::db::metrics::Metric;
use crate::domain::correction;
use crate::domain::number::ValueError;
use crate::goals::events::enter::EnterError;
use crate::goals::events::rule::{Bounds, Field, Refusal};
use crate::goals::events::{self, Entered, Entering, Source};
use crate::goals::progress;

/// Longest note kept with an event.
const MAX_NOTE: usize = 1000;

pub(super) struct Draft {
    user_id: Option<i64>,
    metric_type: String,
    value: Decimal,
    occurred_on: Option<NaiveDate>,
    external_ref: Option<String>,
    note: Option<String>,
    /// Sent: the API's explicit correction choice.
    correction_reason: Option<String>,
}

pub(super) fn parse(body: &[u8]) -> Result<Draft, ApiError> {
    let mut input = Input::body(body)?;
    let user_id: Option<i64> = input.get("user_id");
    let metric_type: Option<String> = input.need("metric_type");
    let value: Option<Decimal> = input.need("value");
    if value.is_some_and(|v| v.is_zero()) {
        input.fail("value", "must not be zero");
    }
    let occurred_on: Option<NaiveDate> = input.get("occurred_on");
    let external_ref: Option<String> = input.get("external_ref");
    let note = input.get_text("note", MAX_NOTE);
    // Sending a reason is the API's explicit correction choice.
    let correction_reason = input.get_text("correction_reason", correction::MAX_REASON + 1);
    let fields = input.into_fields();
    match (metric_type, value) {
        (Some(metric_type), Some(value)) if fields.is_empty() => Ok(Draft {
            user_id,
            metric_type,
            value,
            occurred_on,
            external_ref,
            note,
            correction_reason,
        }),
        _ => Err(ApiError::Invalid(fields)),
    }
}

#[utoipa::path(post, path = "/api/v1/metric-events", tag = "events",
    operation_id = "record_event", summary = "Record a metric event",
    description = "For the caller by default; for others only by their managers (subtree) and admins. Idempotent by external_ref.",
    request_body = EventRequest,
    responses(
        (status = 201, description = "Recorded.", body = EventJson),
        (status = 200, description = "Already recorded under this external_ref (duplicate: true).", body = EventJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 409, description = "external_ref is used by a different event.", body = ErrorBody),
        (status = 422, description = "Invalid fields, unknown metric or user, future date.", body = ErrorBody),
    ))]
pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let draft = parse(&body)?;
    let bounds = Bounds {
        today: progress::org_today(&caller.org),
        minor_unit: caller.org.money_scale().places(),
    };
    let entering = Entering {
        actor: caller.user,
        user_id: draft.user_id,
        metric_key: draft.metric_type,
        value: Some(draft.value),
        occurred_on: draft.occurred_on,
        correction: draft.correction_reason.is_some(),
        reason: draft.correction_reason.clone().unwrap_or_default(),
        source: Source::Api,
        external_ref: draft.external_ref,
        note: draft.note,
    };
    let (event, status) = match events::enter(&pool, entering, bounds).await {
        Ok(Entered::New { event, metric, .. }) => (
            EventJson::new(event, metric.key, false),
            StatusCode::CREATED,
        ),
        Ok(Entered::Duplicate { event, metric }) => {
            (EventJson::new(event, metric.key, true), StatusCode::OK)
        }
        Err(EnterError::Forbidden) => {
            return Err(ApiError::forbidden(EnterError::Forbidden.to_string()));
        }
        Err(EnterError::Conflict) => {
            return Err(ApiError::Conflict(EnterError::Conflict.to_string()));
        }
        Err(EnterError::App(e)) => return Err(e.into()),
        Err(EnterError::Refused {
            no_such_user,
            refusals,
            metric,
        }) => {
            let reason_sent = draft.correction_reason.is_some();
            let mut fields = Fields::default();
            if no_such_user {
                fields.add("user_id", "no such user");
            }
            for refusal in &refusals {
                let (field, message) = worded(refusal, metric.as_ref(), reason_sent);
                fields.add(field, message);
            }
            return Err(ApiError::Invalid(fields));
        }
    };
    Ok(json(status, &event))
}

/// A refusal of the one rule in the API's words and field names.
fn worded(refusal: &Refusal, metric: Option<&Metric>, reason_sent: bool) -> (&'static str, String) {
    let message = match refusal {
        Refusal::UnknownMetric => "is not a known metric".to_string(),
        Refusal::InactiveMetric => "is not an active metric".to_string(),
        Refusal::Value(ValueError::NotWhole) => format!(
            "{} are counted in whole numbers",
            metric.map(|m| m.name.as_str()).unwrap_or_default()
        ),
        Refusal::Future => "must not be in the future".to_string(),
        Refusal::TooOld => format!(
            "must be within the last {} days",
            events::rule::MAX_DAYS_BACK
        ),
        other => other.to_string(),
    };
    let field = match refusal.field() {
        Field::Metric => "metric_type",
        Field::Value if matches!(refusal, Refusal::Correction(_)) && reason_sent => {
            "correction_reason"
        }
        Field::Value => "value",
        Field::OccurredOn => "occurred_on",
        Field::CorrectionReason => "correction_reason",
    };
    (field, message)
}
