//! The activity logger: a rep records a call, a meeting or an amount from the
//! dashboard in one or two clicks. Each entry is one `metric_events` row
//! (source `manual`), written with the milestones it reaches in one
//! transaction; htmx gets the refreshed cards back, a plain form a redirect.
//! Numbers follow `domain::number`, dates `domain::business_date`, and a
//! negative entry is a correction with a reason (`domain::correction`).

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Days, NaiveDate};
use diesel::{Connection, PgConnection};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::QuotaCards;
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::events::{MetricEvent, NewMetricEvent};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::domain::number::{self, Unit};
use crate::domain::{business_date, correction};
use crate::goals::progress;
use crate::web::error::{AppError, FieldErrors, html};
use crate::web::layout::SelectOption;
use crate::web::{db, format};

/// How far back a rep may log by hand; older facts come in by import.
pub const MAX_DAYS_BACK: u64 = 90;
const MAX_NOTE: usize = 500;
/// The `id` of the detailed form, sent by htmx as `HX-Trigger`.
const FORM_ID: &str = "log-form";

/// The logger's fields as typed.
#[derive(Deserialize, Default, Clone, Debug)]
pub struct LoggerForm {
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub occurred_on: String,
    #[serde(default)]
    pub note: String,
    /// The "Correction" checkbox ("on" when ticked).
    #[serde(default)]
    pub correction: String,
    #[serde(default)]
    pub correction_reason: String,
}

/// A valid entry, ready to record.
#[derive(Debug)]
pub struct Activity {
    pub metric: Metric,
    pub value: Decimal,
    pub occurred_on: NaiveDate,
    pub note: Option<String>,
    /// Set on a correction (a negative entry).
    pub correction_reason: Option<String>,
}

impl LoggerForm {
    /// Checks every field against the active metrics; nothing is written
    /// unless all are valid. A blank date means today.
    pub fn parse(
        &self,
        metrics: &[Metric],
        org: &Organisation,
        today: NaiveDate,
    ) -> Result<Activity, FieldErrors> {
        let mut errors = FieldErrors::new();
        let key = self.metric.trim().to_lowercase();
        let metric = metrics.iter().find(|m| m.key == key);
        if metric.is_none() {
            errors.add("metric", "Choose a metric from the list.");
        }
        let value = metric
            .map(|m| parse_value(&mut errors, &self.value, &m.unit, org))
            .unwrap_or_default();
        let is_correction = !self.correction.trim().is_empty();
        let correction_reason = if errors.get("value").is_none() && metric.is_some() {
            correction::reason_for(value, is_correction, &self.correction_reason)
                .map_err(|e| {
                    let field = if e.is_about_reason() {
                        "correction_reason"
                    } else {
                        "value"
                    };
                    errors.add(field, e.to_string());
                })
                .unwrap_or_default()
        } else {
            None
        };
        let occurred_on = parse_date(&mut errors, &self.occurred_on, today);
        let note = self.note.trim();
        if note.chars().count() > MAX_NOTE {
            errors.add("note", format!("Use at most {MAX_NOTE} characters."));
        }
        errors.into_result()?;
        Ok(Activity {
            metric: metric.cloned().expect("checked above"),
            value,
            occurred_on,
            note: (!note.is_empty()).then(|| note.to_string()),
            correction_reason,
        })
    }
}

/// A value in the one grammar, sized for its metric: whole counts, money
/// in the currency's minor unit, never zero, at most `Unit::max_entry`.
/// The sign is left to the correction rule.
fn parse_value(errors: &mut FieldErrors, text: &str, unit: &str, org: &Organisation) -> Decimal {
    let value = match number::parse_decimal(text) {
        Ok(value) => value,
        Err(e) => {
            errors.add("value", e.to_string());
            return Decimal::ZERO;
        }
    };
    let minor_unit = u32::try_from(org.currency_minor_unit).unwrap_or(2);
    if let Err(e) = number::check_value(value, Unit::of(unit), minor_unit) {
        errors.add("value", e.to_string());
    }
    value
}

fn parse_date(errors: &mut FieldErrors, text: &str, today: NaiveDate) -> NaiveDate {
    let text = text.trim();
    if text.is_empty() {
        return today;
    }
    let earliest = today - Days::new(MAX_DAYS_BACK);
    match business_date::parse(text) {
        Ok(day) if day > today => {
            errors.add("occurred_on", "The date cannot be in the future.");
            today
        }
        Ok(day) if day < earliest => {
            errors.add(
                "occurred_on",
                format!(
                    "Log activities of the last {MAX_DAYS_BACK} days; older ones are imported."
                ),
            );
            today
        }
        Ok(day) => day,
        Err(e) => {
            errors.add("occurred_on", e.to_string());
            today
        }
    }
}

/// One quick button: "+1 Calls".
pub struct QuickButton {
    pub key: String,
    pub name: String,
    /// The viewer has a current goal on this metric.
    pub has_goal: bool,
}

/// Everything the logger partial shows.
pub struct Logger {
    pub csrf_token: String,
    pub quick: Vec<QuickButton>,
    pub metrics: Vec<SelectOption>,
    pub form: LoggerForm,
    pub errors: FieldErrors,
    /// Bounds of the date input, `YYYY-MM-DD`.
    pub today: String,
    pub earliest: String,
    /// Rendered as an out-of-band swap (after an htmx post from the form).
    pub oob: bool,
}

impl Logger {
    /// The logger for a viewer whose current goals measure `goal_metrics`;
    /// `form` and `errors` refill it after a refused entry.
    pub fn load(
        conn: &mut PgConnection,
        goal_metrics: &[i64],
        csrf_token: String,
        today: NaiveDate,
        form: Option<(LoggerForm, FieldErrors)>,
    ) -> Result<Logger, AppError> {
        let mut metrics = Metric::active(conn)?;
        // Metrics with a goal first, keeping the admins' order otherwise.
        metrics.sort_by_key(|m| !goal_metrics.contains(&m.id));
        let (form, errors) = form.unwrap_or_else(|| {
            let first = metrics.first().map(|m| m.key.clone()).unwrap_or_default();
            let form = LoggerForm {
                metric: first,
                occurred_on: today.to_string(),
                ..LoggerForm::default()
            };
            (form, FieldErrors::new())
        });
        Ok(Logger {
            csrf_token,
            quick: metrics
                .iter()
                .filter(|m| m.unit == "count")
                .map(|m| QuickButton {
                    key: m.key.clone(),
                    name: m.name.clone(),
                    has_goal: goal_metrics.contains(&m.id),
                })
                .collect(),
            metrics: metrics
                .iter()
                .map(|m| SelectOption::new(&m.key, m.name.clone()))
                .collect(),
            form,
            errors,
            today: today.to_string(),
            earliest: (today - Days::new(MAX_DAYS_BACK)).to_string(),
            oob: false,
        })
    }
}

#[derive(Template)]
#[template(path = "goals/_logged.html")]
struct LoggedPartial {
    quota: QuotaCards,
    logger: Option<Logger>,
    message: String,
}

/// The logger alone: the detailed form back with its messages.
#[derive(Template)]
#[template(path = "goals/_logger.html")]
struct LoggerPartial {
    logger: Logger,
}

#[derive(Template)]
#[template(path = "_toast.html")]
struct ErrorToast {
    message: String,
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
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let user_id = current.user.id;
    let org = current.org.clone();
    let today = progress::org_today(&org);
    let submitted = form.clone();
    let outcome = db(&pool, move |conn| {
        let metrics = Metric::active(conn)?;
        let activity = match submitted.parse(&metrics, &org, today) {
            Ok(activity) => activity,
            Err(errors) => return Ok(Err(errors)),
        };
        // The person's total must stay where every sum still fits.
        let before = MetricEvent::person_total(conn, user_id, activity.metric.id)?;
        if let Err(e) = number::check_total(before, activity.value) {
            let mut errors = FieldErrors::new();
            errors.add("value", e.to_string());
            return Ok(Err(errors));
        }
        let marked = conn.transaction::<_, AppError, _>(|conn| {
            MetricEvent::record(
                conn,
                &NewMetricEvent {
                    user_id,
                    metric_id: activity.metric.id,
                    value: activity.value,
                    occurred_on: activity.occurred_on,
                    source: "manual".into(),
                    external_ref: None,
                    note: activity.note.clone(),
                    created_by: Some(user_id),
                    correction_reason: activity.correction_reason.clone(),
                },
            )?;
            Ok(progress::mark_reached_milestones(
                conn,
                user_id,
                activity.metric.id,
                activity.occurred_on,
            )?)
        })?;
        crate::live::publish(conn, &[crate::live::LiveEvent::progress([user_id])]);
        Ok(Ok(Recorded {
            message: confirmation(&activity, &org, today, &marked),
        }))
    })
    .await?;
    if outcome.is_ok() {
        // The event has committed: now what it earned.
        crate::rewards::achievements::after_write(&pool, vec![user_id]).await;
    }
    match outcome {
        Ok(recorded) if htmx.is_htmx => {
            let refresh_form = htmx.trigger().as_deref() == Some(FORM_ID);
            htmx.trigger_event("metric-logged", None, None);
            refreshed(&pool, &current, recorded.message, refresh_form).await
        }
        Ok(recorded) => {
            current.session.flash(FlashLevel::Success, recorded.message);
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/dashboard"))
                .finish())
        }
        Err(errors) if htmx.is_htmx && htmx.trigger().as_deref() == Some(FORM_ID) => {
            refused_form(&pool, &current, form, errors).await
        }
        Err(errors) if htmx.is_htmx => Ok(error_toast(&errors)),
        Err(errors) => {
            crate::web::dashboard::render_personal(
                &pool,
                &current,
                Some((form, errors)),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            )
            .await
        }
    }
}

/// "Calls: +1 logged for today. Milestone reached: First 50."
fn confirmation(
    activity: &Activity,
    org: &Organisation,
    today: NaiveDate,
    marked: &[crate::db::milestones::Milestone],
) -> String {
    let day = if activity.occurred_on == today {
        "today".to_string()
    } else {
        activity.occurred_on.format("%-d %b %Y").to_string()
    };
    let mut message = format!(
        "{}: {} logged for {day}.",
        activity.metric.name,
        format::signed(activity.value, &activity.metric.unit, org)
    );
    if activity.correction_reason.is_some() {
        message = format!("Correction — {message}");
    }
    if !marked.is_empty() {
        let names: Vec<&str> = marked.iter().map(|m| m.name.as_str()).collect();
        message.push_str(&format!(" Milestone reached: {}.", names.join(", ")));
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
) -> Result<HttpResponse, AppError> {
    let user = current.user.clone();
    let org = current.org.clone();
    let csrf_token = current.session.csrf_token();
    let (quota, logger) = db(pool, move |conn| {
        let today = progress::org_today(&org);
        let quota = QuotaCards::load(conn, &user, &org, today)?;
        let logger = if refresh_form {
            let mut logger = Logger::load(conn, &quota.metric_ids, csrf_token, today, None)?;
            logger.oob = true;
            Some(logger)
        } else {
            None
        };
        Ok((quota, logger))
    })
    .await?;
    let partial = LoggedPartial {
        quota,
        logger,
        message,
    };
    Ok(html(StatusCode::OK, partial.render()))
}

/// A refused entry from the detailed form: the form again with each
/// message beside its field (422), swapped over the logger in place of the
/// cards the form normally refreshes.
async fn refused_form(
    pool: &DbPool,
    current: &CurrentUser,
    form: LoggerForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let user = current.user.clone();
    let org = current.org.clone();
    let csrf_token = current.session.csrf_token();
    let logger = db(pool, move |conn| {
        let today = progress::org_today(&org);
        let quota = QuotaCards::load(conn, &user, &org, today)?;
        Logger::load(
            conn,
            &quota.metric_ids,
            csrf_token,
            today,
            Some((form, errors)),
        )
    })
    .await?;
    let mut response = html(
        StatusCode::UNPROCESSABLE_ENTITY,
        LoggerPartial { logger }.render(),
    );
    let headers = response.headers_mut();
    headers.insert(
        header::HeaderName::from_static("hx-retarget"),
        header::HeaderValue::from_static("#logger"),
    );
    headers.insert(
        header::HeaderName::from_static("hx-reswap"),
        header::HeaderValue::from_static("outerHTML"),
    );
    Ok(response)
}

/// A refused one-click entry (the quick buttons have no fields to mark):
/// the reasons as a toast, with 422.
fn error_toast(errors: &FieldErrors) -> HttpResponse {
    let message = [
        ("metric", "Metric"),
        ("value", "Value"),
        ("occurred_on", "Date"),
        ("note", "Note"),
        ("correction_reason", "Reason"),
    ]
    .into_iter()
    .filter_map(|(field, label)| errors.get(field).map(|e| format!("{label}: {e}")))
    .collect::<Vec<_>>()
    .join(" ");
    let mut response = html(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorToast { message }.render(),
    );
    crate::web::error::into_toast_area(&mut response);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use rust_decimal_macros::dec;

    fn metric(key: &str, unit: &str) -> Metric {
        Metric {
            id: 1,
            key: key.into(),
            name: key.into(),
            unit: unit.into(),
            built_in: true,
            active: true,
            position: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn org(minor_unit: i16) -> Organisation {
        Organisation {
            id: 1,
            name: "Acme".into(),
            currency_code: "USD".into(),
            currency_minor_unit: minor_unit,
            time_zone: "UTC".into(),
            fiscal_year_start_month: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn form(metric: &str, value: &str, date: &str) -> LoggerForm {
        LoggerForm {
            metric: metric.into(),
            value: value.into(),
            occurred_on: date.into(),
            ..LoggerForm::default()
        }
    }

    fn correction(metric: &str, value: &str, reason: &str) -> LoggerForm {
        LoggerForm {
            correction: "on".into(),
            correction_reason: reason.into(),
            ..form(metric, value, "")
        }
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();

    #[test]
    fn counts_must_be_whole_and_positive_unless_corrected() {
        let metrics = [metric("calls", "count")];
        let ok = form("calls", "3", "")
            .parse(&metrics, &org(2), TODAY)
            .unwrap();
        assert_eq!((ok.value, ok.occurred_on), (dec!(3), TODAY));
        assert_eq!(ok.correction_reason, None);
        for bad in ["0", "-1", "1.5", "abc", "", "100001", "+5", "1e5"] {
            let errors = form("calls", bad, "").parse(&metrics, &org(2), TODAY);
            assert!(errors.unwrap_err().get("value").is_some(), "{bad}");
        }
    }

    #[test]
    fn amounts_are_not_zero_nor_finer_than_the_currency_nor_implausible() {
        let metrics = [metric("revenue", "money")];
        for (bad, minor_unit) in [
            ("0", 2),
            ("1.005", 2),
            ("1.5", 0),
            ("1,5", 2),
            ("1000000000000.01", 2),
        ] {
            let errors = form("revenue", bad, "").parse(&metrics, &org(minor_unit), TODAY);
            assert!(errors.unwrap_err().get("value").is_some(), "{bad}");
        }
    }

    #[test]
    fn a_negative_entry_is_a_correction_with_a_reason() {
        let metrics = [metric("revenue", "money"), metric("calls", "count")];
        let silent = form("revenue", "-5,000", "").parse(&metrics, &org(0), TODAY);
        assert!(
            silent
                .unwrap_err()
                .get("value")
                .unwrap()
                .contains("correction")
        );
        let no_reason = correction("revenue", "-5,000", " ").parse(&metrics, &org(0), TODAY);
        assert!(no_reason.unwrap_err().get("correction_reason").is_some());
        let positive = correction("calls", "3", "typo").parse(&metrics, &org(0), TODAY);
        assert!(positive.unwrap_err().get("value").is_some());
        let fixed = correction("revenue", "-1,250", "deal fell through")
            .parse(&metrics, &org(0), TODAY)
            .unwrap();
        assert_eq!(fixed.value, dec!(-1250));
        assert_eq!(
            fixed.correction_reason.as_deref(),
            Some("deal fell through")
        );
        let calls = correction("calls", "-2", "logged twice").parse(&metrics, &org(0), TODAY);
        assert_eq!(calls.unwrap().value, dec!(-2));
    }

    #[test]
    fn dates_may_not_be_in_the_future_nor_older_than_ninety_days() {
        let metrics = [metric("calls", "count")];
        let oldest = form("calls", "1", "2026-03-17").parse(&metrics, &org(2), TODAY);
        assert_eq!(
            oldest.unwrap().occurred_on,
            NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
        );
        for bad in [
            "2026-06-16",
            "2026-03-16",
            "15/06/2026",
            "-2026-06-01",
            "0001-01-01",
        ] {
            let errors = form("calls", "1", bad).parse(&metrics, &org(2), TODAY);
            assert!(errors.unwrap_err().get("occurred_on").is_some(), "{bad}");
        }
    }

    #[test]
    fn an_unknown_or_inactive_metric_is_refused() {
        let errors = form("naps", "1", "").parse(&[metric("calls", "count")], &org(2), TODAY);
        assert!(errors.unwrap_err().get("metric").is_some());
    }
}
