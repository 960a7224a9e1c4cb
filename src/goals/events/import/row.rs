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
pub fn check_row(row: &RawRow, lookups: &Lookups) -> Result<ValidRow, Vec<String>> {
    let mut reasons = Vec::new();
    if let Some(shape) = &row.shape_error {
        reasons.push(format!("the row {shape}"));
    }
    let user = person(row, lookups).map_err(|r| reasons.push(r)).ok();
    // What the columns' text does not even read as, then what the rule
    // refuses, each in column order.
    let mut by_field: Vec<(Field, String)> = Vec::new();
    let key = row.metric.to_lowercase();
    if key.is_empty() {
        by_field.push((Field::Metric, "metric is missing".into()));
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
        reasons.push(format!(
            "external_ref is longer than {MAX_REF_CHARS} characters"
        ));
    }
    if row.note.chars().count() > MAX_NOTE_CHARS {
        reasons.push(format!("note is longer than {MAX_NOTE_CHARS} characters"));
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

fn person<'a>(row: &RawRow, lookups: &'a Lookups) -> Result<&'a User, String> {
    if row.email.is_empty() {
        return Err("email is missing".into());
    }
    let Some(user) = lookups.users.get(&row.email.to_lowercase()) else {
        return Err(format!("no user has the email {}", row.email));
    };
    if !user.active {
        return Err(format!("{} ({}) is deactivated", user.name, user.email));
    }
    match &lookups.allowed {
        Allowed::Everyone => Ok(user),
        Allowed::Teams { actor_id, .. } if *actor_id == user.id => {
            Err("you cannot import your own results; ask an administrator".into())
        }
        Allowed::Teams { teams, .. } if user.team_id.is_some_and(|t| teams.contains(&t)) => {
            Ok(user)
        }
        _ => Err(format!("{} is not in a team you manage", user.name)),
    }
}

/// A refusal of the rule in the file's words.
pub fn message(refusal: &Refusal, row: &RawRow, metric: Option<&Metric>) -> String {
    let (value, date) = (&row.value, &row.date);
    match refusal {
        Refusal::UnknownMetric => format!(
            "unknown metric \"{}\"; use a metric key such as revenue or calls",
            row.metric
        ),
        Refusal::InactiveMetric => format!(
            "the metric {} is deactivated",
            metric.map(|m| m.name.as_str()).unwrap_or_default()
        ),
        Refusal::Value(e) | Refusal::Total(e) => {
            format!("value {value}: {}", e.to_string().to_lowercase())
        }
        Refusal::Correction(CorrectionError::NegativeWithoutCorrection) => {
            "a negative value is a correction: give its reason in the correction_reason column"
                .into()
        }
        Refusal::Correction(CorrectionError::NotNegative) => {
            "correction_reason is only for a negative value (a correction)".into()
        }
        Refusal::Correction(other) => {
            format!("correction_reason: {}", other.to_string().to_lowercase())
        }
        Refusal::Future => format!("date {date} is in the future"),
        Refusal::TooOld => format!("date {date} is more than {MAX_DAYS_BACK} days back"),
        Refusal::Date(_) => format!("date {date} is outside 2000-01-01 to 2100-12-31"),
    }
}

/// A number in the one grammar; its size for the metric is the rule's.
fn value(text: &str) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err("value is missing".into());
    }
    number::parse_decimal(text).map_err(|e| match e {
        number::NumberError::TooLarge => format!("value {text} is too large"),
        _ => format!(
            "value \"{text}\" is not a number in the accepted form (such as 1500 or 1,500.50)"
        ),
    })
}

fn date(text: &str) -> Result<NaiveDate, String> {
    if text.is_empty() {
        return Err("date is missing".into());
    }
    business_date::parse(text).map_err(|e| match e {
        business_date::DateError::NotADate => {
            format!("date \"{text}\" is not a date like 2026-03-31 (YYYY-MM-DD)")
        }
        business_date::DateError::OutOfRange => {
            format!("date {text} is outside 2000-01-01 to 2100-12-31")
        }
    })
}

#[cfg(test)]
mod tests;
