//! `POST /api/v1/metric-events`: record a fact. Anyone records their own;
//! managers for people below them, admins for anyone. With an
//! `external_ref` the call is idempotent: repeating it answers the stored
//! event with `"duplicate": true` and 200 instead of 201. Values follow the
//! pages' rules: the grammar and per-unit bounds of `domain::number` (money
//! in the currency's minor unit), dates in `domain::business_date`'s range,
//! a person's total within `MAX_PERSON_TOTAL`, and a negative value is a
//! correction that needs `correction_reason` (`domain::correction`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::auth::ApiUser;
use super::error::{ApiError, db, json};
use super::input::{Body, Input};
use super::shapes::EventJson;
use crate::db::DbPool;
use crate::db::events::{MetricEvent, NewMetricEvent};
use crate::db::metrics::Metric;
use crate::db::schema::{metric_events, users};
use crate::domain::{correction, number};
use crate::goals::progress;
use crate::org::access;

/// Longest note kept with an event.
const MAX_NOTE: usize = 1000;

struct Draft {
    user_id: Option<i64>,
    metric_type: String,
    value: Decimal,
    occurred_on: Option<NaiveDate>,
    external_ref: Option<String>,
    note: Option<String>,
    correction_reason: Option<String>,
}

fn parse(body: &[u8]) -> Result<Draft, ApiError> {
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
    let reason = input.get_text("correction_reason", correction::MAX_REASON + 1);
    let correction_reason = match value {
        Some(v) => correction::reason_for(v, reason.is_some(), reason.as_deref().unwrap_or(""))
            .map_err(|e| {
                let field = if e.is_about_reason() || reason.is_some() {
                    "correction_reason"
                } else {
                    "value"
                };
                input.fail(field, e.to_string());
            })
            .unwrap_or_default(),
        None => None,
    };
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

/// The stored event under the same reference answers a repeat only when
/// it is the same fact; a different fact under a used reference is refused.
fn same_fact(stored: &MetricEvent, new: &NewMetricEvent) -> bool {
    stored.user_id == new.user_id
        && stored.metric_id == new.metric_id
        && stored.value == new.value
        && stored.occurred_on == new.occurred_on
}

pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let draft = parse(&body)?;
    let today = progress::org_today(&caller.org);
    let org_minor_unit = caller.org.currency_minor_unit;
    let viewer = caller.user;
    let (event, duplicate) = db(&pool, move |conn| {
        let user_id = draft.user_id.unwrap_or(viewer.id);
        if user_id != viewer.id && !access::can_manage_user(conn, &viewer, user_id)? {
            return Err(ApiError::forbidden(
                "you may record events only for yourself and the people below you",
            ));
        }
        let mut input_errors = super::error::Fields::default();
        let exists: Option<bool> = users::table
            .find(user_id)
            .select(users::active)
            .first(conn)
            .optional()?;
        if exists.is_none() {
            input_errors.add("user_id", "no such user");
        }
        let metric = Metric::find_by_key(conn, &draft.metric_type)?;
        match &metric {
            None => input_errors.add("metric_type", "is not a known metric"),
            Some(m) if !m.active => input_errors.add("metric_type", "is not an active metric"),
            Some(m) if m.unit == "count" && !draft.value.fract().is_zero() => {
                input_errors.add("value", format!("{} are counted in whole numbers", m.name))
            }
            Some(m) => {
                let minor_unit = u32::try_from(org_minor_unit).unwrap_or(2);
                let unit = number::Unit::of(&m.unit);
                match number::check_value(draft.value, unit, minor_unit) {
                    Err(e) => input_errors.add("value", e.to_string()),
                    Ok(_) => {
                        let before = MetricEvent::person_total(conn, user_id, m.id)?;
                        if let Err(e) = number::check_total(before, draft.value) {
                            input_errors.add("value", e.to_string());
                        }
                    }
                }
            }
        }
        let occurred_on = draft.occurred_on.unwrap_or(today);
        if occurred_on > today {
            input_errors.add("occurred_on", "must not be in the future");
        }
        input_errors.into_result()?;
        let Some(metric) = metric else {
            return Err(ApiError::invalid("metric_type", "is not a known metric"));
        };
        let new = NewMetricEvent {
            user_id,
            metric_id: metric.id,
            value: draft.value,
            occurred_on,
            source: "api".into(),
            external_ref: draft.external_ref,
            note: draft.note,
            created_by: Some(viewer.id),
            correction_reason: draft.correction_reason,
        };
        let recorded = conn.transaction(|conn| {
            if let Some(event) = MetricEvent::record(conn, &new)? {
                progress::mark_reached_milestones(conn, user_id, metric.id, occurred_on)?;
                return Ok((EventJson::new(event, metric.key.clone(), false), false));
            }
            let stored: MetricEvent = metric_events::table
                .filter(metric_events::external_ref.eq(&new.external_ref))
                .select(MetricEvent::as_select())
                .first(conn)?;
            if !same_fact(&stored, &new) {
                return Err(ApiError::Conflict(
                    "external_ref is already used by a different event".into(),
                ));
            }
            Ok((EventJson::new(stored, metric.key.clone(), true), true))
        })?;
        if !recorded.1 {
            crate::live::publish(conn, &[crate::live::LiveEvent::progress([user_id])]);
        }
        Ok(recorded)
    })
    .await?;
    if !duplicate {
        crate::rewards::achievements::after_write(&pool, vec![event.user_id]).await;
    }
    let status = if duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(json(status, &event))
}
