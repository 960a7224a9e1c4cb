//! Reading request bodies and query strings field by field, so every bad
//! field gets its own message. A body that is not a JSON object is a 400;
//! a readable body with bad fields is a 422 listing each of them; a body
//! field the endpoint does not know is an error too (a typo must not pass
//! silently as "nothing to change").

use std::collections::BTreeSet;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Map, Value};

use super::error::{ApiError, Fields};

/// Amounts are NUMERIC(18, 2): at most 16 digits before the point.
pub const MAX_AMOUNT: Decimal = dec!(10000000000000000);
/// Longest free text accepted in a name, title or reference.
pub const MAX_TEXT: usize = 200;

/// PostgreSQL text cannot hold NUL, so it is refused on the way in.
const NUL: &str = "must not contain a NUL character";

/// Largest request body accepted.
pub const MAX_BODY: usize = 1024 * 1024;

/// Default page size of a list, and the most one page may hold.
pub const PAGE: i64 = 200;
pub const MAX_PAGE: i64 = 1000;

/// One page of a list: `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

/// The raw request body, read up to [`MAX_BODY`]; failures answer as JSON
/// (actix's own `Bytes` extractor would answer them as text).
pub struct Body(pub Bytes);

impl Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl FromRequest for Body {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(_: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let mut payload = payload.take();
        Box::pin(async move {
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::BadRequest(format!("the request body could not be read: {e}"))
                })?;
                if body.len() + chunk.len() > MAX_BODY {
                    return Err(ApiError::TooLarge(format!(
                        "the request body is larger than {MAX_BODY} bytes"
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Body(body.freeze()))
        })
    }
}

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

/// The fields of one request, read one by one; problems collect in
/// `errors` and `finish` turns them into one 422.
pub struct Input {
    map: Map<String, Value>,
    read: BTreeSet<String>,
    /// Prefix of field names in messages ("milestones[0].").
    prefix: String,
    /// Whether unread fields are refused (bodies) or ignored (query strings).
    strict: bool,
    pub errors: Fields,
}

impl Input {
    /// A JSON object body.
    pub fn body(bytes: &[u8]) -> Result<Input, ApiError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::BadRequest(
                "the request body must be a JSON object".into(),
            ));
        }
        let value: Value = serde_json::from_slice(bytes).map_err(|e| {
            ApiError::BadRequest(format!("the request body is not valid JSON: {e}"))
        })?;
        match value {
            Value::Object(map) => Ok(Self::new(map, String::new(), true)),
            _ => Err(ApiError::BadRequest(
                "the request body must be a JSON object".into(),
            )),
        }
    }

    /// A query string; repeated names keep the last value.
    pub fn query(query: &str) -> Result<Input, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| ApiError::BadRequest(format!("the query string cannot be read: {e}")))?;
        let map = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        Ok(Self::new(map, String::new(), false))
    }

    /// An element of a list of objects, e.g. one milestone; its problems are
    /// reported as `prefix` + field.
    pub fn nested(value: Value, prefix: String) -> Result<Input, Fields> {
        match value {
            Value::Object(map) => Ok(Self::new(map, format!("{prefix}."), true)),
            _ => Err(Fields::one(prefix, "must be an object")),
        }
    }

    fn new(map: Map<String, Value>, prefix: String, strict: bool) -> Input {
        Input {
            map,
            read: BTreeSet::new(),
            prefix,
            strict,
            errors: Fields::default(),
        }
    }

    fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Whether the field was sent with a value (null counts as absent).
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    /// The field's value if it was sent; a bad value records its message.
    pub fn get<T: FromField>(&mut self, key: &str) -> Option<T> {
        self.read.insert(key.to_string());
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        match T::from_field(value) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                self.errors.add(self.name(key), message);
                None
            }
        }
    }

    /// Like [`Input::get`], and "is required" when the field is missing.
    pub fn need<T: FromField>(&mut self, key: &str) -> Option<T> {
        if !self.has(key) {
            self.read.insert(key.to_string());
            self.errors.add(self.name(key), "is required");
            return None;
        }
        self.get(key)
    }

    /// Trimmed free text of up to `max` characters; blank counts as absent.
    pub fn get_text(&mut self, key: &str, max: usize) -> Option<String> {
        self.read.insert(key.to_string());
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        let Some(text) = value.as_str() else {
            self.errors.add(self.name(key), "must be a string");
            return None;
        };
        let text = text.trim();
        if text.contains('\0') {
            self.errors.add(self.name(key), NUL);
            return None;
        }
        if text.chars().count() > max {
            self.errors
                .add(self.name(key), format!("must be at most {max} characters"));
            return None;
        }
        (!text.is_empty()).then(|| text.to_string())
    }

    /// A string exactly as sent (passwords are not trimmed).
    pub fn need_raw(&mut self, key: &str) -> Option<String> {
        self.read.insert(key.to_string());
        match self.map.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                self.errors.add(self.name(key), "is required");
                None
            }
            Some(_) => {
                self.errors.add(self.name(key), "must be a string");
                None
            }
        }
    }

    /// `limit` (1 to [`MAX_PAGE`], default [`PAGE`]) and `offset` (default 0).
    pub fn page(&mut self) -> Page {
        let limit = self.get::<i64>("limit").unwrap_or(PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            self.fail("limit", format!("must be between 1 and {MAX_PAGE}"));
        }
        let offset = self.get::<i64>("offset").unwrap_or(0);
        if offset < 0 {
            self.fail("offset", "must not be negative");
        }
        Page { limit, offset }
    }

    /// Records a message on a field after reading it.
    pub fn fail(&mut self, key: &str, message: impl Into<String>) {
        self.errors.add(self.name(key), message);
    }

    /// Marks fields that may be sent but cannot change, with why.
    pub fn refuse(&mut self, keys: &[&str], message: &str) {
        for key in keys {
            if self.map.contains_key(*key) {
                self.read.insert(key.to_string());
                self.errors.add(self.name(key), message);
            }
        }
    }

    /// The collected problems, with unknown fields of a body added.
    pub fn into_fields(mut self) -> Fields {
        if self.strict {
            let unknown: Vec<String> = self
                .map
                .keys()
                .filter(|k| !self.read.contains(*k))
                .cloned()
                .collect();
            for key in unknown {
                self.errors.add(self.name(&key), "is not a known field");
            }
        }
        self.errors
    }

    /// Ok when every field read well and no unknown field was sent.
    pub fn finish(self) -> Result<(), ApiError> {
        self.into_fields().into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn text_with_a_nul_character_never_reaches_the_database() {
        assert!(String::from_field(&json!("a\0b")).is_err());
        assert!(FormText::from_field(&json!("a\0b")).is_err());
        let mut input = Input::body(br#"{"note": "x\u0000"}"#).unwrap();
        assert_eq!(input.get_text("note", 100), None);
        assert!(input.into_fields().has("note"));
    }

    #[test]
    fn missing_bad_and_unknown_fields_each_get_a_message() {
        let mut input = Input::body(br#"{"a": "x", "b": "2026-02-30", "typo": 1}"#).unwrap();
        assert_eq!(input.get::<String>("a").as_deref(), Some("x"));
        assert_eq!(input.get::<NaiveDate>("b"), None);
        assert_eq!(input.need::<i64>("c"), None);
        let fields = input.into_fields();
        assert!(fields.has("b") && fields.has("c") && fields.has("typo"));
        assert!(!fields.has("a"));
    }

    #[test]
    fn a_body_that_is_not_a_json_object_is_a_bad_request() {
        for body in [&b""[..], b"csrf_token=abc", b"[1, 2]", b"{"] {
            assert!(matches!(Input::body(body), Err(ApiError::BadRequest(_))));
        }
    }
}
