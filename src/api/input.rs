//! Reading request bodies and query strings field by field, so every bad
//! field gets its own message. A body that is not a JSON object is a 400;
//! a readable body with bad fields is a 422 listing each of them; a body
//! field the endpoint does not know is an error too (a typo must not pass
//! silently as "nothing to change").

mod field;

use std::collections::BTreeSet;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Map, Value};

use super::error::{ApiError, Fields};
pub use field::{FormAmount, FormText, FromField};

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
    use chrono::NaiveDate;
    use serde_json::json;

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
