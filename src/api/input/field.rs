//! One field's value: what a JSON value (or a query-string text) must be
//! to read as a text, a number, an amount, a date or a list, and the
//! message when it is not.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{MAX_AMOUNT, MAX_TEXT, NUL};

/// A value that can be read from a JSON value (or a query-string text).
pub trait FromField: Sized {
    fn from_field(value: &Value) -> Result<Self, String>;
}

impl FromField for String {
    /// Trimmed, not empty, at most [`MAX_TEXT`] characters.
    fn from_field(value: &Value) -> Result<Self, String> {
        let text = value.as_str().ok_or("must be a string")?.trim();
        if text.contains('\0') {
            return Err(NUL.into());
        }
        if text.is_empty() {
            return Err("must not be empty".into());
        }
        if text.chars().count() > MAX_TEXT {
            return Err(format!("must be at most {MAX_TEXT} characters"));
        }
        Ok(text.to_string())
    }
}

impl FromField for i64 {
    fn from_field(value: &Value) -> Result<Self, String> {
        let parsed = match value {
            Value::Number(n) => n.as_i64(),
            // The pages' grammar, so "+5" or "1_000" mean nothing here either.
            Value::String(s) => crate::domain::number::parse_decimal(s)
                .ok()
                .filter(|n| n.fract().is_zero())
                .and_then(|n| i64::try_from(n).ok()),
            _ => None,
        };
        parsed.ok_or_else(|| "must be a whole number".into())
    }
}

impl FromField for i16 {
    fn from_field(value: &Value) -> Result<Self, String> {
        i64::from_field(value)?
            .try_into()
            .map_err(|_| "is out of range".into())
    }
}

impl FromField for bool {
    fn from_field(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s == "true" => Ok(true),
            Value::String(s) if s == "false" => Ok(false),
            _ => Err("must be true or false".into()),
        }
    }
}

impl FromField for Decimal {
    /// A decimal string ("250000.00", in the one grammar of
    /// `domain::number`) or a JSON number, with at most two decimal places
    /// and below 10^16 in size: what the columns hold exactly.
    fn from_field(value: &Value) -> Result<Self, String> {
        let not_plain = || {
            "must be a plain decimal string such as \"250000.00\" (digits, an optional \
             leading minus, a decimal point; commas only between groups of three digits)"
                .to_string()
        };
        let amount = match value {
            Value::String(s) => crate::domain::number::parse_decimal(s).map_err(|_| not_plain())?,
            Value::Number(n) => Decimal::from_str(&n.to_string()).map_err(|_| not_plain())?,
            _ => return Err(not_plain()),
        };
        if amount.normalize().scale() > 2 {
            return Err("may have at most 2 decimal places".into());
        }
        if amount.abs() >= MAX_AMOUNT {
            return Err("is too large".into());
        }
        Ok(amount)
    }
}

/// A field read the way the pages read a form field: the text as sent,
/// left for the shared form code to check, so the page and the API accept
/// the same input with the same messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormText(pub String);

impl FromField for FormText {
    fn from_field(value: &Value) -> Result<Self, String> {
        match value {
            Value::String(s) if s.contains('\0') => Err(NUL.into()),
            Value::String(s) => Ok(FormText(s.clone())),
            _ => Err("must be a string".into()),
        }
    }
}

/// Like [`FormText`], for an amount: a JSON number is taken as its digits
/// (decimal strings are better: "250000.00" is never rounded on the way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormAmount(pub String);

impl FromField for FormAmount {
    fn from_field(value: &Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(FormAmount(s.clone())),
            Value::Number(n) => Ok(FormAmount(n.to_string())),
            _ => Err("must be a decimal string such as \"250000.00\"".into()),
        }
    }
}

impl FromField for NaiveDate {
    /// A business date, `YYYY-MM-DD` within `domain::business_date`'s range.
    fn from_field(value: &Value) -> Result<Self, String> {
        use crate::domain::business_date::{self, DateError};
        let text = value.as_str().ok_or("must be a date as YYYY-MM-DD")?;
        business_date::parse(text).map_err(|e| match e {
            DateError::NotADate => "must be a date as YYYY-MM-DD".into(),
            DateError::OutOfRange => "must be a date from 2000-01-01 to 2100-12-31".into(),
        })
    }
}

impl FromField for Vec<Value> {
    fn from_field(value: &Value) -> Result<Self, String> {
        value
            .as_array()
            .cloned()
            .ok_or_else(|| "must be a list".into())
    }
}

impl FromField for Map<String, Value> {
    fn from_field(value: &Value) -> Result<Self, String> {
        value
            .as_object()
            .cloned()
            .ok_or_else(|| "must be an object".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    #[test]
    fn decimals_come_as_strings_or_numbers_and_are_never_rounded() {
        assert_eq!(
            Decimal::from_field(&json!("250000.00")),
            Ok(dec!(250000.00))
        );
        assert_eq!(Decimal::from_field(&json!(1250.5)), Ok(dec!(1250.5)));
        assert_eq!(Decimal::from_field(&json!("-5")), Ok(dec!(-5)));
        assert!(Decimal::from_field(&json!("1.005")).is_err());
        assert!(Decimal::from_field(&json!("abc")).is_err());
        assert!(Decimal::from_field(&json!("10000000000000000")).is_err());
        assert!(Decimal::from_field(&json!(true)).is_err());
        assert_eq!(Decimal::from_field(&json!("1,234.5")), Ok(dec!(1234.5)));
        for loose in ["1,5", "1_000", "1e5", "+5", "１２"] {
            assert!(Decimal::from_field(&json!(loose)).is_err(), "{loose}");
            assert!(i64::from_field(&json!(loose)).is_err(), "{loose}");
        }
    }

    #[test]
    fn dates_outside_the_business_range_are_refused() {
        for out in ["-2026-01-01", "0001-01-01", "0814-06-01", "2101-01-01"] {
            let message = NaiveDate::from_field(&json!(out)).unwrap_err();
            assert!(message.contains("2000-01-01"), "{out}: {message}");
        }
        assert!(NaiveDate::from_field(&json!("2026-03-31")).is_ok());
    }
}
