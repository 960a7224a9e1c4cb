//! One import row against the one rule of `goals::events::rule`, with
//! every reason it fails in the file's words: the columns, not the form.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::csv::RawRow;
use super::lookups::{Allowed, Lookups};
use super::{MAX_NOTE_CHARS, MAX_REF_CHARS, ValidRow};
use crate::db::metrics::Metric;
use crate::db::users::User;
use crate::domain::business_date;
use crate::domain::correction::CorrectionError;
use crate::domain::number;
use crate::goals::events::rule::{self, Entry, Field, MAX_DAYS_BACK, Refusal};
use crate::i18n::Msg;

/// Where a reason about a field stands in the row's list.
fn order(field: Field) -> u8 {
    match field {
        Field::Metric => 0,
        Field::Value => 1,
        Field::CorrectionReason => 2,
        Field::OccurredOn => 3,
    }
}

/// One row against the rules, with every reason it fails.
pub fn check_row(row: &RawRow, lookups: &Lookups) -> Result<ValidRow, Vec<Msg>> {
    let mut reasons = Vec::new();
    if let Some(shape) = &row.shape_error {
        reasons.push(Msg::new("import-row-shape").arg("shape", shape));
    }
    let user = person(row, lookups).map_err(|r| reasons.push(r)).ok();
    // What the columns' text does not even read as, then what the rule
    // refuses, each in column order.
    let mut by_field: Vec<(Field, Msg)> = Vec::new();
    let key = row.metric.to_lowercase();
    if key.is_empty() {
        by_field.push((Field::Metric, Msg::new("import-row-metric-missing")));
    }
    let metric = lookups.metrics.get(&key);
    let value = value(&row.value)
        .map_err(|r| by_field.push((Field::Value, r)))
        .ok();
    let occurred_on = date(&row.date)
        .map_err(|r| by_field.push((Field::OccurredOn, r)))
        .ok();
    let reason = &row.correction_reason;
    let entry = Entry {
        metric,
        value,
        occurred_on,
        correction: !reason.trim().is_empty(),
        reason,
    };
    let fact = rule::check(&entry, &lookups.bounds)
        .map_err(|refusals| {
            for refusal in refusals {
                if key.is_empty() && refusal == Refusal::UnknownMetric {
                    continue;
                }
                by_field.push((refusal.field(), message(&refusal, row, metric)));
            }
        })
        .ok();
    by_field.sort_by_key(|(field, _)| order(*field));
    reasons.extend(by_field.into_iter().map(|(_, reason)| reason));
    if row.external_ref.chars().count() > MAX_REF_CHARS {
        reasons.push(Msg::new("import-row-ref-too-long").arg("max", MAX_REF_CHARS));
    }
    if row.note.chars().count() > MAX_NOTE_CHARS {
        reasons.push(Msg::new("import-row-note-too-long").arg("max", MAX_NOTE_CHARS));
    }
    match (user, fact) {
        (Some(user), Some(fact)) if reasons.is_empty() => {
            let external_ref = Some(row.external_ref.clone()).filter(|r| !r.is_empty());
            Ok(ValidRow {
                line: row.line,
                user_id: user.id,
                person: user.name.clone(),
                email: user.email.clone(),
                metric_id: fact.metric.id,
                metric: fact.metric.name.clone(),
                unit: fact.metric.unit,
                value: fact.value,
                date: fact.occurred_on,
                already_imported: external_ref
                    .as_ref()
                    .is_some_and(|r| lookups.existing.contains(r)),
                external_ref,
                note: Some(row.note.clone()).filter(|n| !n.is_empty()),
                correction_reason: fact.correction_reason.clone(),
                fact,
            })
        }
        _ => Err(reasons),
    }
}

fn person<'a>(row: &RawRow, lookups: &'a Lookups) -> Result<&'a User, Msg> {
    if row.email.is_empty() {
        return Err(Msg::new("import-row-email-missing"));
    }
    let Some(user) = lookups.users.get(&row.email.to_lowercase()) else {
        return Err(Msg::new("import-row-email-unknown").arg("email", &row.email));
    };
    if !user.active {
        return Err(Msg::new("import-row-user-inactive")
            .arg("name", &user.name)
            .arg("email", &user.email));
    }
    match &lookups.allowed {
        Allowed::Everyone => Ok(user),
        Allowed::Teams { actor_id, .. } if *actor_id == user.id => {
            Err(Msg::new("import-row-own-results"))
        }
        Allowed::Teams { teams, .. } if user.team_id.is_some_and(|t| teams.contains(&t)) => {
            Ok(user)
        }
        _ => Err(Msg::new("import-row-not-your-team").arg("name", &user.name)),
    }
}

/// A refusal of the rule in the file's words.
pub fn message(refusal: &Refusal, row: &RawRow, metric: Option<&Metric>) -> Msg {
    let (value, date) = (&row.value, &row.date);
    match refusal {
        Refusal::UnknownMetric => Msg::new("import-row-metric-unknown").arg("metric", &row.metric),
        Refusal::InactiveMetric => Msg::new("import-row-metric-inactive").arg(
            "metric",
            metric.map(|m| m.name.as_str()).unwrap_or_default(),
        ),
        // TRANSITION (issue 16): the rule's problem is still English.
        Refusal::Value(e) | Refusal::Total(e) => Msg::new("import-row-value-refused")
            .arg("value", value)
            .arg("problem", e.to_string().to_lowercase()),
        Refusal::Correction(CorrectionError::NegativeWithoutCorrection) => {
            Msg::new("import-row-negative-needs-reason")
        }
        Refusal::Correction(CorrectionError::NotNegative) => {
            Msg::new("import-row-reason-not-negative")
        }
        Refusal::Correction(other) => {
            Msg::new("import-row-reason-refused").arg("problem", other.to_string().to_lowercase())
        }
        Refusal::Future => Msg::new("import-row-date-future").arg("date", date),
        Refusal::TooOld => Msg::new("import-row-date-too-old")
            .arg("date", date)
            .arg("days", MAX_DAYS_BACK),
        Refusal::Date(_) => Msg::new("import-row-date-out-of-range").arg("date", date),
    }
}

/// A number in the one grammar; its size for the metric is the rule's.
fn value(text: &str) -> Result<Decimal, Msg> {
    if text.is_empty() {
        return Err(Msg::new("import-row-value-missing"));
    }
    number::parse_decimal(text).map_err(|e| match e {
        number::NumberError::TooLarge => Msg::new("import-row-value-too-large").arg("value", text),
        _ => Msg::new("import-row-value-not-number").arg("value", text),
    })
}

fn date(text: &str) -> Result<NaiveDate, Msg> {
    if text.is_empty() {
        return Err(Msg::new("import-row-date-missing"));
    }
    business_date::parse(text).map_err(|e| match e {
        business_date::DateError::NotADate => Msg::new("import-row-date-bad").arg("date", text),
        business_date::DateError::OutOfRange => {
            Msg::new("import-row-date-out-of-range").arg("date", text)
        }
    })
}

#[cfg(test)]
mod tests;
