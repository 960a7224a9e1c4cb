//! How each kind of [`AppError`] is answered on the web: a page in the
//! layout for full requests, a toast for htmx requests.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::respond::into_toast_area;
use crate::i18n::Lang;

pub use crate::error::{AppError, FieldErrors, on_constraint};

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: super::layout::Layout,
    status: u16,
    heading: String,
    message: String,
}

#[derive(Template)]
#[template(path = "_toast.html")]
struct Toast {
    message: String,
    lang: Lang,
}

impl AppError {
    /// The error page's heading, also its title.
    pub fn heading(&self, lang: Lang) -> String {
        lang.t(match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::Forbidden => "error-forbidden",
            AppError::BadRequest(_) | AppError::Invalid(_) => "error-bad-request",
            AppError::Csrf => "error-csrf",
            AppError::Conflict(_) => "error-conflict",
            AppError::TooManyRequests(_) => "error-too-many",
            AppError::Unavailable => "error-unavailable",
            AppError::Internal(_) => "error-internal",
        })
    }

    /// What the page or toast says, in `lang`.
    pub fn public_message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound => lang.t("error-not-found-body"),
            AppError::Internal(_) => lang.t("error-internal-body"),
            AppError::Unavailable => lang.t("error-unavailable-body"),
            AppError::Invalid(_) => lang.t("error-invalid-body"),
            AppError::Unauthenticated => lang.t("error-unauthenticated-body"),
            AppError::Forbidden => lang.t("error-forbidden-body"),
            AppError::Csrf => lang.t("error-csrf-body"),
            AppError::BadRequest(m) | AppError::Conflict(m) | AppError::TooManyRequests(m) => {
                m.render(lang)
            }
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
        // In English here: `web::framed_errors` draws it again in the
        // reader's language.
        self.page(super::layout::Layout::bare(
            self.heading(Lang::En),
            Lang::En,
        ))
    }
}

impl AppError {
    /// The error page inside `layout`: the bare frame here, the signed-in
    /// person's frame when `web::framed_errors` re-renders it.
    pub fn page(&self, layout: super::layout::Layout) -> HttpResponse {
        let lang = layout.lang;
        let page = ErrorPage {
            layout,
            status: self.status_code().as_u16(),
            heading: self.heading(lang),
            message: self.public_message(lang),
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

/// The htmx flavour of an error: a toast swapped into the page's toast area
/// (in English; `web::framed_errors` says it again in the reader's language).
pub fn htmx_error_response(error: &AppError) -> HttpResponse {
    htmx_error_in(error, Lang::En)
}

/// [`htmx_error_response`] in `lang`.
pub fn htmx_error_in(error: &AppError, lang: Lang) -> HttpResponse {
    if matches!(error, AppError::Unauthenticated) {
        return HttpResponse::Ok()
            .insert_header(("HX-Redirect", "/login"))
            .finish();
    }
    let toast = Toast {
        message: error.public_message(lang),
        lang,
    };
    let mut response = html(error.status_code(), toast.render());
    into_toast_area(&mut response);
    response
}

/// Renders the error page or toast by hand: `ResponseError` answers without
/// the request, so these two templates cannot answer for themselves as every
/// other page does (askama_web's `Responder` takes the request). A template
/// that fails is a logged 500 in plain text, as there.
fn html(status: StatusCode, body: askama::Result<String>) -> HttpResponse {
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
