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
                unit: fact.metric.unit.clone(),
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
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::super::check;
    use super::*;
    use crate::goals::events::rule::Bounds;
    use chrono::Utc;
    use rust_decimal_macros::dec;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn user(id: i64, email: &str, team: Option<i64>, active: bool) -> User {
        User {
            id,
            email: email.into(),
            name: format!("User {id}"),
            role: "rep".into(),
            team_id: team,
            sponsor_id: None,
            partner_type_id: None,
            partner_tier_id: None,
            active,
            password_hash: String::new(),
            sessions_valid_after: Utc::now(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn metric(id: i64, key: &str, unit: &str, active: bool) -> Metric {
        Metric {
            id,
            key: key.into(),
            name: key.to_uppercase(),
            unit: unit.into(),
            built_in: true,
            active,
            position: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn lookups(allowed: Allowed) -> Lookups {
        let users = [
            user(1, "ana@example.com", Some(10), true),
            user(2, "bo@example.com", Some(20), true),
            user(3, "gone@example.com", Some(10), false),
            user(9, "boss@example.com", Some(10), true),
        ];
        let metrics = [
            metric(1, "revenue", "money", true),
            metric(2, "calls", "count", true),
            metric(3, "old", "count", false),
        ];
        Lookups {
            users: users.into_iter().map(|u| (u.email.clone(), u)).collect(),
            metrics: metrics.into_iter().map(|m| (m.key.clone(), m)).collect(),
            existing: HashSet::from(["seen-1".to_string()]),
            allowed,
            bounds: Bounds {
                today: day("2026-03-15"),
                minor_unit: 2,
            },
            totals: HashMap::from([((1, 1), dec!(99999999999000))]),
        }
    }

    fn row(line: usize, email: &str, metric: &str, value: &str, date: &str, r: &str) -> RawRow {
        RawRow {
            line,
            email: email.into(),
            metric: metric.into(),
            value: value.into(),
            date: date.into(),
            external_ref: r.into(),
            ..RawRow::default()
        }
    }

    fn reasons(r: &RawRow, allowed: Allowed) -> Vec<String> {
        check_row(r, &lookups(allowed)).err().unwrap_or_default()
    }

    #[test]
    fn a_good_row_is_valid_and_emails_ignore_case() {
        let good = row(
            2,
            "ANA@example.com",
            "Revenue",
            "1,500.50",
            "2026-03-15",
            "x-1",
        );
        let valid = check_row(&good, &lookups(Allowed::Everyone)).unwrap();
        assert_eq!((valid.user_id, valid.metric_id), (1, 1));
        assert_eq!(valid.value, dec!(1500.50));
        assert!(!valid.already_imported);
    }

    #[test]
    fn every_reason_of_a_bad_row_is_listed() {
        let bad = row(3, "nobody@example.com", "karma", "lots", "2026-13-01", "");
        let found = reasons(&bad, Allowed::Everyone);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].contains("no user has the email nobody@example.com"));
        assert!(found[1].contains("unknown metric \"karma\""));
        assert!(found[2].contains("not a number"));
        assert!(found[3].contains("YYYY-MM-DD"));
    }

    #[test]
    fn values_dates_and_people_have_limits() {
        let cases = [
            (
                row(2, "ana@example.com", "revenue", "1.005", "2026-03-01", ""),
                "decimal places",
            ),
            (
                row(2, "ana@example.com", "calls", "1", "2026-03-16", ""),
                "in the future",
            ),
            (
                row(2, "ana@example.com", "calls", "1", "2026-3-1", ""),
                "YYYY-MM-DD",
            ),
            (
                row(2, "gone@example.com", "calls", "1", "2026-03-01", ""),
                "deactivated",
            ),
            (
                row(2, "ana@example.com", "old", "1", "2026-03-01", ""),
                "metric OLD is deactivated",
            ),
            (
                row(2, "ana@example.com", "calls", "", "2026-03-01", ""),
                "value is missing",
            ),
            (
                row(2, "ana@example.com", "revenue", "1,5", "2026-03-01", ""),
                "not a number",
            ),
            (
                row(2, "ana@example.com", "calls", "1", "-2026-01-01", ""),
                "outside 2000-01-01",
            ),
            (
                row(2, "ana@example.com", "calls", "1", "0001-01-01", ""),
                "outside 2000-01-01",
            ),
            (
                row(2, "ana@example.com", "calls", "100001", "2026-03-01", ""),
                "at most 100,000",
            ),
            (
                row(2, "ana@example.com", "calls", "-1", "2026-03-01", ""),
                "correction_reason column",
            ),
        ];
        for (bad, expected) in cases {
            let found = reasons(&bad, Allowed::Everyone);
            assert!(
                found.iter().any(|r| r.contains(expected)),
                "{expected}: {found:?}"
            );
        }
        let long = row(
            2,
            "ana@example.com",
            "calls",
            "1",
            "2026-03-01",
            &"r".repeat(201),
        );
        assert!(reasons(&long, Allowed::Everyone)[0].contains("longer than 200"));
    }

    #[test]
    fn a_negative_row_is_a_correction_with_its_reason() {
        let mut fixed = row(2, "ana@example.com", "calls", "-2", "2026-03-01", "");
        fixed.correction_reason = "logged twice".into();
        let valid = check_row(&fixed, &lookups(Allowed::Everyone)).unwrap();
        assert_eq!(valid.value, dec!(-2));
        assert_eq!(valid.correction_reason.as_deref(), Some("logged twice"));
        let mut positive = row(2, "ana@example.com", "calls", "2", "2026-03-01", "");
        positive.correction_reason = "why".into();
        assert!(reasons(&positive, Allowed::Everyone)[0].contains("only for a negative"));
    }

    #[test]
    fn rows_that_would_push_a_total_past_the_bound_are_refused() {
        // Ana's revenue stands 1,000 below the bound before the file.
        let rows = vec![
            row(2, "ana@example.com", "revenue", "600", "2026-03-01", ""),
            row(3, "ana@example.com", "revenue", "600", "2026-03-01", ""),
            row(4, "bo@example.com", "revenue", "600", "2026-03-01", ""),
        ];
        let checked = check(rows, &lookups(Allowed::Everyone));
        assert_eq!(checked.valid.len(), 2);
        assert_eq!(checked.invalid[0].line, 3);
        assert!(checked.invalid[0].reasons[0].contains("total"));
    }

    #[test]
    fn a_manager_imports_only_for_their_teams_and_not_for_themselves() {
        let manager = || Allowed::Teams {
            actor_id: 9,
            teams: HashSet::from([10]),
        };
        let mine = row(2, "ana@example.com", "calls", "3", "2026-03-01", "");
        assert!(check_row(&mine, &lookups(manager())).is_ok());
        let other = row(3, "bo@example.com", "calls", "3", "2026-03-01", "");
        assert!(reasons(&other, manager())[0].contains("not in a team you manage"));
        let me = row(4, "boss@example.com", "calls", "3", "2026-03-01", "");
        assert!(reasons(&me, manager())[0].contains("your own results"));
    }

    #[test]
    fn references_seen_before_are_skipped_and_repeats_in_the_file_refused() {
        let rows = vec![
            row(2, "ana@example.com", "calls", "1", "2026-03-01", "seen-1"),
            row(3, "ana@example.com", "calls", "1", "2026-03-01", "new-1"),
            row(4, "bo@example.com", "calls", "1", "2026-03-02", "new-1"),
            row(5, "bo@example.com", "calls", "1", "2026-03-02", ""),
        ];
        let checked = check(rows, &lookups(Allowed::Everyone));
        assert_eq!((checked.new_count(), checked.already_count()), (2, 1));
        assert_eq!(checked.without_ref_count(), 1);
        assert_eq!(checked.invalid.len(), 1);
        assert_eq!(checked.invalid[0].line, 4);
        assert!(checked.invalid[0].reasons[0].contains("already used on line 3"));
    }
}
