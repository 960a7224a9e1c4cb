//! The one error type of Attain's services, and the field messages it
//! carries. Each edge answers it its own way: `web::error` with a page or a
//! toast, `api::error` with JSON and a stable code.

use std::collections::BTreeMap;

use crate::i18n::{Lang, Msg};

/// Messages per form field, shown beside the inputs, in no language yet:
/// a page shows them through [`FieldErrors::shown`], the API in English.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(BTreeMap<&'static str, Msg>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &'static str, message: impl Into<Msg>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }
    pub fn one(field: &'static str, message: impl Into<Msg>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
    /// The field's message in English: the command line's and the tests'.
    pub fn english(&self, field: &str) -> Option<String> {
        self.0.get(field).map(Msg::english)
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn message(&self, field: &str) -> Option<&Msg> {
        self.0.get(field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Each field with its message, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Msg)> {
        self.0.iter().map(|(field, message)| (*field, message))
    }
    /// The messages in `lang`, as a form shows them.
    pub fn shown(&self, lang: Lang) -> FieldMessages {
        FieldMessages(
            self.0
                .iter()
                .map(|(field, message)| (*field, message.render(lang)))
                .collect(),
        )
    }
    /// "email: message; name: message" in English, for the command line.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// Field messages in the reader's language, what a form template reads.
#[derive(Debug, Default, Clone)]
pub struct FieldMessages(BTreeMap<&'static str, String>);

impl FieldMessages {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("Sign in first.")]
    Unauthenticated,
    #[error("You do not have access to this page.")]
    Forbidden,
    #[error("{0}")]
    BadRequest(Msg),
    #[error("The form has expired. Reload the page and try again.")]
    Csrf,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(Msg),
    #[error("{0}")]
    TooManyRequests(Msg),
    #[error("The database is unavailable.")]
    Unavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection
                | diesel::result::DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => AppError::Unavailable,
            // A lock held too long or a statement that ran too long: the
            // page gives up (`db::timeouts`) and says to try again.
            diesel::result::Error::DatabaseError(_, ref info)
                if crate::db::timeouts::is_timeout(info.as_ref()) =>
            {
                AppError::Unavailable
            }
            // PostgreSQL text cannot hold NUL: whatever form or field let
            // one through, the statement fails (its transaction rolls back)
            // and the sender is told, not served a 500.
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().contains("invalid byte sequence") =>
            {
                AppError::BadRequest(Msg::new("error-nul-character"))
            }
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<crate::db::Busy> for AppError {
    fn from(_: crate::db::Busy) -> Self {
        AppError::Unavailable
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Turns a named unique-constraint violation into a message on a field.
pub fn on_constraint<M: Clone + Into<Msg>>(
    error: diesel::result::Error,
    map: &[(&str, &'static str, M)],
) -> AppError {
    if let diesel::result::Error::DatabaseError(_, info) = &error
        && let Some(name) = info.constraint_name()
        && let Some((_, field, message)) = map.iter().find(|(c, _, _)| *c == name)
    {
        return AppError::Invalid(FieldErrors::one(field, message.clone().into()));
    }
    error.into()
}
