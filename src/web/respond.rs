//! How pages answer. A page or partial is an askama template that answers
//! for itself (`#[derive(Template, WebTemplate)]`, askama_web): a 200 with
//! `text/html; charset=utf-8`, or, when it fails to render, a logged 500
//! (`text/plain`). What some answers need besides lives here: another
//! status, htmx headers, and a page where a handler may also redirect.

use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{CustomizeResponder, Either, HttpRequest, HttpResponse, Responder};

/// A page, or another answer (a redirect after a saved form), from a handler
/// that may give either.
pub type PageOr<P> = Either<P, HttpResponse>;

/// An answer of one of several kinds (a partial, a page again, a redirect),
/// for a handler with more than two: it answers as what it was made from.
pub struct Reply(Box<dyn FnOnce(&HttpRequest) -> HttpResponse>);

/// `answer` as a [`Reply`].
pub fn reply<R: Responder + 'static>(answer: R) -> Reply {
    Reply(Box::new(move |req| {
        answer.respond_to(req).map_into_boxed_body()
    }))
}

impl Responder for Reply {
    type Body = BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        (self.0)(req)
    }
}

/// A page answered with another status than 200: a form with errors (422),
/// a refused change (409).
pub struct WithStatus<P> {
    page: P,
    status: StatusCode,
}

/// `page` with `status`. A page that fails to render stays askama_web's 500;
/// actix's `(page, status)` would put `status` on that failure too.
pub fn with_status<P: Responder>(page: P, status: StatusCode) -> WithStatus<P> {
    WithStatus { page, status }
}

impl<P: Responder> Responder for WithStatus<P> {
    type Body = P::Body;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse<Self::Body> {
        let mut response = self.page.respond_to(req);
        if response.status() == StatusCode::OK {
            *response.status_mut() = self.status;
        }
        response
    }
}

/// The two headers that point an htmx answer at the page's toast area
/// (appended), whatever the request's own target: htmx swaps 4xx answers
/// only there (static/js/app.js), and anything else in the body comes
/// along out of band.
const TOAST_AREA: [(&str, &str); 2] = [("hx-retarget", "#toasts"), ("hx-reswap", "beforeend")];

/// `answer` sent to the page's toast area (see [`TOAST_AREA`]).
pub fn to_toast_area<R: Responder>(answer: R) -> CustomizeResponder<R> {
    let [retarget, reswap] = TOAST_AREA;
    answer
        .customize()
        .insert_header(retarget)
        .insert_header(reswap)
}

/// [`to_toast_area`] for a response built without the request (the error
/// answers of `ResponseError`).
pub fn into_toast_area(response: &mut HttpResponse<BoxBody>) {
    let headers = response.headers_mut();
    for (name, value) in TOAST_AREA {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
}
