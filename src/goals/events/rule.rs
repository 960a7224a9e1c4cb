//! The one rule a metric event meets, whichever edge it comes through (the
//! logger, the CSV import, the API): a known and active metric; a value of
//! its unit (`domain::number`: whole counts, money in the currency's minor
//! unit, never zero, within the entry bound); a negative value only as a
//! correction with a reason (`domain::correction`); a business date
//! (`domain::business_date`) neither in the future nor more than
//! [`MAX_DAYS_BACK`] days back; and a person's running total within
//! `number::MAX_PERSON_TOTAL`. Pure: the edges read their text into types,
//! the rule decides, each edge words the refusals its own way.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::db::metrics::Metric;
use crate::domain::business_date;
use crate::domain::correction::{self, CorrectionError};
use crate::domain::number::{self, ValueError};
use crate::i18n::Msg;

/// How far back a fact may be dated.
pub const MAX_DAYS_BACK: u64 = 90;

/// What an edge read, in types; `None` where the edge already refused the
/// text (its own grammar message stands then).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The metric the key names, if any.
    pub metric: Option<&'a Metric>,
    pub value: Option<Decimal>,
    pub occurred_on: Option<NaiveDate>,
    /// The person chose "correction" (a ticked box, a reason sent).
    pub correction: bool,
    pub reason: &'a str,
}

/// The bounds of the day the entry is made on.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub today: NaiveDate,
    /// The organisation's currency minor unit, for money values.
    pub minor_unit: u32,
}

impl Bounds {
    /// The earliest date a fact may carry.
    pub fn earliest(&self) -> NaiveDate {
        self.today - Days::new(MAX_DAYS_BACK)
    }
}

/// A fact that met the rule, ready for `goals::events::record`.
#[derive(Debug, Clone)]
pub struct Fact {
    pub metric: Metric,
    pub value: Decimal,
    pub occurred_on: NaiveDate,
    /// Set exactly on a correction.
    pub correction_reason: Option<String>,
}

/// The field a refusal belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Metric,
    Value,
    OccurredOn,
    CorrectionReason,
}

/// Why an entry is refused; `Display` is the page's wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Choose a metric from the list.")]
    UnknownMetric,
    #[error("Choose a metric from the list.")]
    InactiveMetric,
    #[error("{0}")]
    Value(ValueError),
    #[error("{0}")]
    Correction(CorrectionError),
    #[error("The date cannot be in the future.")]
    Future,
    #[error("Log activities of the last {MAX_DAYS_BACK} days.")]
    TooOld,
    #[error("{0}")]
    Date(business_date::DateError),
    /// The person's running total would leave its bound.
    #[error("{0}")]
    Total(ValueError),
}

/// A value refused for its size or precision, in words.
pub fn value_msg(e: &ValueError) -> Msg {
    crate::input::value_message(e)
}

/// A refused correction, in words.
pub fn correction_msg(e: &CorrectionError) -> Msg {
    Msg::new(match e {
        CorrectionError::NegativeWithoutCorrection => "goal-correction-negative",
        CorrectionError::ReasonMissing => "goal-correction-reason-missing",
        CorrectionError::ReasonTooLong => "goal-correction-reason-too-long",
        CorrectionError::NotNegative => "goal-correction-not-negative",
    })
}

/// A refused date, in words.
pub fn date_msg(e: &business_date::DateError) -> Msg {
    Msg::new(match e {
        business_date::DateError::NotADate => "goal-date-not-a-date",
        business_date::DateError::OutOfRange => "goal-date-out-of-range",
    })
}

impl Refusal {
    /// The refusal in words, for the pages (the API keeps `Display`).
    pub fn msg(&self) -> Msg {
        match self {
            Refusal::UnknownMetric | Refusal::InactiveMetric => Msg::new("goal-log-choose-metric"),
            Refusal::Value(e) | Refusal::Total(e) => value_msg(e),
            Refusal::Correction(e) => correction_msg(e),
            Refusal::Future => Msg::new("goal-log-future"),
            Refusal::TooOld => Msg::new("goal-log-too-old").arg("days", MAX_DAYS_BACK),
            Refusal::Date(e) => date_msg(e),
        }
    }

    pub fn field(&self) -> Field {
        match self {
            Refusal::UnknownMetric | Refusal::InactiveMetric => Field::Metric,
            Refusal::Value(_) | Refusal::Total(_) => Field::Value,
            Refusal::Correction(e) if e.is_about_reason() => Field::CorrectionReason,
            Refusal::Correction(_) => Field::Value,
            Refusal::Future | Refusal::TooOld | Refusal::Date(_) => Field::OccurredOn,
        }
    }
}

/// Checks one entry; every refusal is listed, in field order. The running
/// total is checked by [`check_total`] where the totals are known.
pub fn check(entry: &Entry, bounds: &Bounds) -> Result<Fact, Vec<Refusal>> {
    let mut refused = Vec::new();
    let metric = match entry.metric {
        None => {
            refused.push(Refusal::UnknownMetric);
            None
        }
        Some(m) if !m.active => {
            refused.push(Refusal::InactiveMetric);
            None
        }
        Some(m) => Some(m),
    };
    let value = entry.value.and_then(|value| match metric {
        Some(m) => number::check_value(value, m.unit, bounds.minor_unit)
            .map_err(|e| refused.push(Refusal::Value(e)))
            .ok(),
        None => Some(value),
    });
    let correction_reason = value.and_then(|value| {
        correction::reason_for(value, entry.correction, entry.reason)
            .map_err(|e| refused.push(Refusal::Correction(e)))
            .ok()
    });
    let occurred_on = entry.occurred_on.and_then(|day| {
        let refusal = match business_date::check(day) {
            Err(e) => Refusal::Date(e),
            Ok(day) if day > bounds.today => Refusal::Future,
            Ok(day) if day < bounds.earliest() => Refusal::TooOld,
            Ok(day) => return Some(day),
        };
        refused.push(refusal);
        None
    });
    match (metric, value, correction_reason, occurred_on) {
        (Some(metric), Some(value), Some(correction_reason), Some(occurred_on))
            if refused.is_empty() =>
        {
            Ok(Fact {
                metric: metric.clone(),
                value,
                occurred_on,
                correction_reason,
            })
        }
        _ => Err(refused),
    }
}

/// Checks that `value` keeps its person's running total (`before`) within
/// the bound every sum still fits.
pub fn check_total(before: Decimal, value: Decimal) -> Result<(), Refusal> {
    number::check_total(before, value).map_err(Refusal::Total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use rust_decimal_macros::dec;

    fn metric(key: &str, unit: &str, active: bool) -> Metric {
        Metric {
            id: 1,
            key: key.into(),
            name: key.into(),
            unit: unit.parse().unwrap(),
            built_in: true,
            active,
            position: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    const BOUNDS: Bounds = Bounds {
        today: TODAY,
        minor_unit: 2,
    };

    fn entry<'a>(m: &'a Metric, value: Decimal, days_back: u64) -> Entry<'a> {
        Entry {
            metric: Some(m),
            value: Some(value),
            occurred_on: Some(TODAY - Days::new(days_back)),
            correction: false,
            reason: "",
        }
    }

    fn refusals(e: &Entry) -> Vec<Refusal> {
        check(e, &BOUNDS).err().unwrap_or_default()
    }

    #[test]
    fn counts_are_whole_and_money_keeps_the_minor_unit() {
        let calls = metric("calls", "count", true);
        let revenue = metric("revenue", "money", true);
        assert!(check(&entry(&calls, dec!(3), 0), &BOUNDS).is_ok());
        assert_eq!(
            refusals(&entry(&calls, dec!(1.5), 0)),
            [Refusal::Value(ValueError::NotWhole)]
        );
        assert_eq!(
            refusals(&entry(&revenue, dec!(1.005), 0)),
            [Refusal::Value(ValueError::TooPrecise(2))]
        );
        assert!(check(&entry(&revenue, dec!(1.05), 0), &BOUNDS).is_ok());
    }

    #[test]
    fn a_negative_value_is_only_a_correction_with_a_reason() {
        let calls = metric("calls", "count", true);
        let silent = entry(&calls, dec!(-2), 0);
        assert_eq!(
            refusals(&silent),
            [Refusal::Correction(
                CorrectionError::NegativeWithoutCorrection
            )]
        );
        assert_eq!(refusals(&silent)[0].field(), Field::Value);
        let no_reason = Entry {
            correction: true,
            ..silent
        };
        assert_eq!(refusals(&no_reason)[0].field(), Field::CorrectionReason);
        let fixed = Entry {
            correction: true,
            reason: "logged twice",
            ..silent
        };
        let fact = check(&fixed, &BOUNDS).unwrap();
        assert_eq!(fact.correction_reason.as_deref(), Some("logged twice"));
    }

    #[test]
    fn dates_lie_within_the_last_ninety_days() {
        let calls = metric("calls", "count", true);
        assert!(check(&entry(&calls, dec!(1), 90), &BOUNDS).is_ok());
        assert_eq!(refusals(&entry(&calls, dec!(1), 91)), [Refusal::TooOld]);
        let tomorrow = Entry {
            occurred_on: TODAY.succ_opt(),
            ..entry(&calls, dec!(1), 0)
        };
        assert_eq!(refusals(&tomorrow), [Refusal::Future]);
        let far = Entry {
            occurred_on: NaiveDate::from_ymd_opt(2101, 1, 1),
            ..entry(&calls, dec!(1), 0)
        };
        assert_eq!(
            refusals(&far),
            [Refusal::Date(business_date::DateError::OutOfRange)]
        );
    }

    #[test]
    fn unknown_and_inactive_metrics_are_refused_with_every_other_reason() {
        let old = metric("old", "count", false);
        assert_eq!(
            refusals(&entry(&old, dec!(1), 0)),
            [Refusal::InactiveMetric]
        );
        let unknown = Entry {
            metric: None,
            ..entry(&old, dec!(-1), 91)
        };
        assert_eq!(
            refusals(&unknown),
            [
                Refusal::UnknownMetric,
                Refusal::Correction(CorrectionError::NegativeWithoutCorrection),
                Refusal::TooOld
            ]
        );
    }

    #[test]
    fn a_running_total_stays_within_its_bound() {
        assert!(check_total(dec!(0), dec!(5)).is_ok());
        assert!(check_total(number::MAX_PERSON_TOTAL, dec!(1)).is_err());
    }
}
