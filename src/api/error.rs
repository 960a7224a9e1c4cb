//! API errors: always JSON, `{"error": "...", "fields": {...}}`, never a
//! redirect or an HTML page. Page handlers keep `web::error::AppError`; the
//! API has its own type because its field messages must leave as a map.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::DbPool;
use crate::web::error::{AppError, FieldErrors};

/// A message per invalid field ("target_value", "milestones[1].name").
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct Fields(BTreeMap<String, String>);

impl Fields {
    /// Keeps the first message of a field: it names the first problem.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut fields = Self::default();
        fields.add(field, message);
        fields
    }
    pub fn merge(&mut self, other: Fields) {
        for (field, message) in other.0 {
            self.add(field, message);
        }
    }
    /// Each field with its message, by field name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> Result<(), ApiError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(self))
        }
    }
}

impl From<FieldErrors> for Fields {
    fn from(errors: FieldErrors) -> Self {
        let mut fields = Fields::default();
        for (field, message) in errors.iter() {
            fields.add(field, message.english());
        }
        fields
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request itself cannot be read (not JSON, not an object).
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
    /// The request reads, but some fields are wrong.
    #[error("some fields are not valid")]
    Invalid(Fields),
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: i64 },
    #[error("the database is unavailable; try again in a moment")]
    Unavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub const SIGN_IN: &str = "sign in, or send an API token as \"Authorization: Bearer <token>\"";

impl ApiError {
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::Forbidden(message.into())
    }
    pub fn not_found(what: &str) -> Self {
        ApiError::NotFound(format!("{what} not found"))
    }
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Invalid(Fields::one(field, message))
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => ApiError::NotFound("not found".into()),
            AppError::Unauthenticated => ApiError::Unauthenticated(SIGN_IN),
            AppError::Forbidden => ApiError::Forbidden("your role may not do this".into()),
            AppError::Csrf => ApiError::Forbidden(e.to_string()),
            AppError::BadRequest(message) => ApiError::BadRequest(message.to_string()),
            // Page-side field errors reach the API through shared code.
            AppError::Invalid(errors) => ApiError::Invalid(errors.into()),
            AppError::Conflict(message) => ApiError::Conflict(message.to_string()),
            AppError::TooManyRequests(message) => ApiError::TooManyRequests {
                message: message.to_string(),
                retry_after: 60,
            },
            AppError::Unavailable => ApiError::Unavailable,
            AppError::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::from(e).into()
    }
}

impl From<crate::db::Busy> for ApiError {
    fn from(_: crate::db::Busy) -> Self {
        ApiError::Unavailable
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        ApiError::Unavailable
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Turns a violation of the named unique constraint into `error`, any other
/// database error into the usual mapping.
pub fn on_constraint(e: diesel::result::Error, name: &str, error: ApiError) -> ApiError {
    match &e {
        diesel::result::Error::DatabaseError(_, info) if info.constraint_name() == Some(name) => {
            error
        }
        _ => e.into(),
    }
}

/// Every error the API answers: a stable code to branch on, what went
/// wrong in English (for people and logs; the wording may improve), and a
/// message per invalid field (empty unless the status is 422).
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub error: String,
    pub fields: Fields,
}

/// What kind of error: one per status, and never renamed.
#[derive(Serialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    BadRequest,
    TooLarge,
    Invalid,
    Conflict,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::TooLarge(_) => ErrorCode::TooLarge,
            ApiError::Invalid(_) => ErrorCode::Invalid,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            ApiError::Unavailable => ErrorCode::Unavailable,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let empty = Fields::default();
        let (error, fields) = match self {
            ApiError::Internal(e) => {
                tracing::error!(error = ?e, "API request failed");
                (
                    "an unexpected error happened; it has been logged".to_string(),
                    &empty,
                )
            }
            ApiError::Invalid(fields) => (self.to_string(), fields),
            other => (other.to_string(), &empty),
        };
        let mut response = HttpResponse::build(self.status_code());
        match self {
            ApiError::Unauthenticated(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                response.insert_header((header::RETRY_AFTER, retry_after.max(&1).to_string()));
            }
            _ => {}
        }
        response.json(ErrorBody {
            code: self.code(),
            error,
            fields: fields.clone(),
        })
    }
}

/// Runs Diesel work on the blocking pool, like `web::db`, but with API
/// errors so handlers can return field maps from inside a transaction.
pub async fn db<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    pool.run(work).await
}

/// A JSON answer with `status`.
pub fn json(status: StatusCode, body: &impl Serialize) -> HttpResponse {
    HttpResponse::build(status).json(body)
}
