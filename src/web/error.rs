//! One error type for every handler, and how each kind is answered: a page in
//! the layout for full requests, a toast for htmx requests.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

/// Messages per form field, shown beside the inputs.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }
    pub fn one(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Each field with its message, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
    }
    /// "email: message; name: message", for the command line.
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

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("Sign in first.")]
    Unauthenticated,
    #[error("You do not have access to this page.")]
    Forbidden,
    #[error("{0}")]
    BadRequest(String),
    #[error("The form has expired. Reload the page and try again.")]
    Csrf,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
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
                AppError::BadRequest("Text may not contain NUL (\\0) characters.".into())
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

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Turns a named unique-constraint violation into a message on a field.
pub fn on_constraint(error: diesel::result::Error, map: &[(&str, &'static str, &str)]) -> AppError {
    if let diesel::result::Error::DatabaseError(_, info) = &error
        && let Some(name) = info.constraint_name()
        && let Some((_, field, message)) = map.iter().find(|(c, _, _)| *c == name)
    {
        return AppError::Invalid(FieldErrors::one(field, *message));
    }
    error.into()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: super::layout::Layout,
    status: u16,
    heading: &'a str,
    message: String,
}

#[derive(Template)]
#[template(path = "_toast.html")]
struct Toast {
    message: String,
}

impl AppError {
    /// The error page's heading, also its title.
    pub fn heading(&self) -> &'static str {
        match self {
            AppError::NotFound => "Page not found",
            AppError::Unauthenticated => "Sign in required",
            AppError::Forbidden => "Not allowed",
            AppError::BadRequest(_) | AppError::Invalid(_) => "Something is wrong with the request",
            AppError::Csrf => "The form has expired",
            AppError::Conflict(_) => "That cannot be done now",
            AppError::TooManyRequests(_) => "Too many attempts",
            AppError::Unavailable => "Temporarily unavailable",
            AppError::Internal(_) => "Something went wrong",
        }
    }

    fn public_message(&self) -> String {
        match self {
            AppError::NotFound => "The page you asked for does not exist, or it has moved.".into(),
            AppError::Internal(_) => {
                "An unexpected error happened. It has been logged; please try again.".into()
            }
            AppError::Unavailable => {
                "Attain cannot reach its database right now. Please try again in a moment.".into()
            }
            AppError::Invalid(_) => "Some fields are not valid.".into(),
            other => other.to_string(),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::SEE_OTHER,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        if matches!(self, AppError::Unauthenticated) {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/login"))
                .finish();
        }
        self.page(super::layout::Layout::bare(self.heading()))
    }
}

impl AppError {
    /// The error page inside `layout`: the bare frame here, the signed-in
    /// person's frame when `web::framed_errors` re-renders it.
    pub fn page(&self, layout: super::layout::Layout) -> HttpResponse {
        let page = ErrorPage {
            layout,
            status: self.status_code().as_u16(),
            heading: self.heading(),
            message: self.public_message(),
        };
        let mut response = html(self.status_code(), page.render());
        if matches!(self, AppError::Unavailable) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// The htmx flavour of an error: a toast swapped into the page's toast area.
pub fn htmx_error_response(error: &AppError) -> HttpResponse {
    if matches!(error, AppError::Unauthenticated) {
        return HttpResponse::Ok()
            .insert_header(("HX-Redirect", "/login"))
            .finish();
    }
    let toast = Toast {
        message: error.public_message(),
    };
    let mut response = html(error.status_code(), toast.render());
    into_toast_area(&mut response);
    response
}

/// Points an htmx answer at the page's toast area (appended), whatever the
/// request's own target: htmx swaps 4xx answers only there (static/js/app.js),
/// and anything else in the body comes along out of band.
pub fn into_toast_area(response: &mut HttpResponse) {
    let headers = response.headers_mut();
    headers.insert(
        header::HeaderName::from_static("hx-retarget"),
        HeaderValue::from_static("#toasts"),
    );
    headers.insert(
        header::HeaderName::from_static("hx-reswap"),
        HeaderValue::from_static("beforeend"),
    );
}

pub fn html(status: StatusCode, body: askama::Result<String>) -> HttpResponse {
    match body {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Something went wrong.")
        }
    }
}
