//! The logger's form: its fields as typed, read into types and checked
//! against the one event rule (`goals::events::rule`), with each refusal
//! beside its field.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::domain::{business_date, number};
use crate::goals::events::rule::{self, Bounds, Entry, Fact, Field};
use crate::goals::events::{NewEvent, Source};
use crate::web::error::FieldErrors;

const MAX_NOTE: usize = 500;

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
        // The value is read once there is a metric to size it for.
        let value = metric.and_then(|_| {
            number::parse_decimal(&self.value)
                .map_err(|e| errors.add("value", crate::input::number_message(&e)))
                .ok()
        });
        let occurred_on = match self.occurred_on.trim() {
            "" => Some(today),
            text => business_date::parse(text)
                .map_err(|e| errors.add("occurred_on", crate::goals::events::rule::date_msg(&e)))
                .ok(),
        };
        let entry = Entry {
            metric,
            value,
            occurred_on,
            correction: !self.correction.trim().is_empty(),
            reason: &self.correction_reason,
        };
        let bounds = Bounds {
            today,
            minor_unit: org.money_scale().places(),
        };
        let fact = rule::check(&entry, &bounds)
            .map_err(|refusals| {
                for refusal in refusals {
                    errors.add(field_name(refusal.field()), refusal.msg());
                }
            })
            .ok();
        let note = self.note.trim();
        if note.chars().count() > MAX_NOTE {
            errors.add(
                "note",
                crate::i18n::Msg::new("goal-log-note-too-long").arg("max", MAX_NOTE.to_string()),
            );
        }
        errors.into_result()?;
        let fact = fact.expect("no refusal above");
        Ok(Activity {
            metric: fact.metric,
            value: fact.value,
            occurred_on: fact.occurred_on,
            note: (!note.is_empty()).then(|| note.to_string()),
            correction_reason: fact.correction_reason,
        })
    }
}

impl Activity {
    /// The entry as a fact of `user_id`, typed by them.
    pub fn event(&self, user_id: i64) -> NewEvent {
        NewEvent {
            user_id,
            fact: Fact {
                metric: self.metric.clone(),
                value: self.value,
                occurred_on: self.occurred_on,
                correction_reason: self.correction_reason.clone(),
            },
            source: Source::Manual,
            external_ref: None,
            note: self.note.clone(),
            created_by: Some(user_id),
        }
    }
}

/// The form field a refusal of the rule belongs beside.
pub fn field_name(field: Field) -> &'static str {
    match field {
        Field::Metric => "metric",
        Field::Value => "value",
        Field::OccurredOn => "occurred_on",
        Field::CorrectionReason => "correction_reason",
    }
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
            unit: unit.parse().unwrap(),
            built_in: true,
            active: true,
            position: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn org(minor_unit: i16) -> Organisation {
        crate::db::organisation::test_org("USD", minor_unit, "UTC")
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
            assert!(errors.unwrap_err().english("value").is_some(), "{bad}");
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
            assert!(errors.unwrap_err().english("value").is_some(), "{bad}");
        }
    }

    #[test]
    fn a_negative_entry_is_a_correction_with_a_reason() {
        let metrics = [metric("revenue", "money"), metric("calls", "count")];
        let silent = form("revenue", "-5,000", "").parse(&metrics, &org(0), TODAY);
        assert!(
            silent
                .unwrap_err()
                .english("value")
                .unwrap()
                .contains("correction")
        );
        let no_reason = correction("revenue", "-5,000", " ").parse(&metrics, &org(0), TODAY);
        assert!(
            no_reason
                .unwrap_err()
                .english("correction_reason")
                .is_some()
        );
        let positive = correction("calls", "3", "typo").parse(&metrics, &org(0), TODAY);
        assert!(positive.unwrap_err().english("value").is_some());
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
            assert!(
                errors.unwrap_err().english("occurred_on").is_some(),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_unknown_or_inactive_metric_is_refused() {
        let errors = form("naps", "1", "").parse(&[metric("calls", "count")], &org(2), TODAY);
        assert!(errors.unwrap_err().english("metric").is_some());
    }
}
