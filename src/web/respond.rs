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

#[cfg(test)]
mod tests {
    use std::fmt;

    use actix_web::body::to_bytes;
    use actix_web::http::header::CONTENT_TYPE;
    use actix_web::test::TestRequest;
    use askama::Template;
    use askama_web::WebTemplate;

    use super::*;

    #[derive(Template, WebTemplate)]
    #[template(source = "<p>{{ text }}</p>", ext = "html")]
    struct Page {
        text: &'static str,
    }

    /// A value that cannot be written, so its page fails to render.
    struct Unwritable;

    impl fmt::Display for Unwritable {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            Err(fmt::Error)
        }
    }

    #[derive(Template, WebTemplate)]
    #[template(source = "<p>{{ broken }}</p>", ext = "html")]
    struct Broken {
        broken: Unwritable,
    }

    async fn answer(responder: impl Responder) -> (StatusCode, String, String) {
        let response = responder
            .respond_to(&TestRequest::default().to_http_request())
            .map_into_boxed_body();
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let body = to_bytes(response.into_body()).await.unwrap();
        (
            status,
            content_type,
            String::from_utf8(body.to_vec()).unwrap(),
        )
    }

    #[actix_web::test]
    async fn a_page_answers_html_with_the_status_it_was_given() {
        let (status, content_type, body) = answer(with_status(
            Page { text: "a & b" },
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(content_type, "text/html; charset=utf-8");
        assert_eq!(body, "<p>a &#38; b</p>");
    }

    #[actix_web::test]
    async fn a_page_that_fails_to_render_is_a_500_whatever_its_status() {
        let broken = Broken { broken: Unwritable };
        let (status, content_type, _) =
            answer(with_status(broken, StatusCode::UNPROCESSABLE_ENTITY)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(content_type, "text/plain; charset=utf-8");
    }

    #[actix_web::test]
    async fn a_reply_answers_as_what_it_was_made_from() {
        let page = with_status(Page { text: "x" }, StatusCode::CONFLICT);
        assert_eq!(
            answer(reply(page)).await,
            (
                StatusCode::CONFLICT,
                "text/html; charset=utf-8".to_owned(),
                "<p>x</p>".to_owned()
            )
        );
    }

    #[actix_web::test]
    async fn a_toast_goes_to_the_toast_area_on_both_paths() {
        let request = TestRequest::default().to_http_request();
        let customized = to_toast_area(Page { text: "x" }).respond_to(&request);
        let mut built = HttpResponse::UnprocessableEntity().finish();
        into_toast_area(&mut built);
        for headers in [customized.headers(), built.headers()] {
            assert_eq!(headers.get("hx-retarget").unwrap(), "#toasts");
            assert_eq!(headers.get("hx-reswap").unwrap(), "beforeend");
        }
    }
}
