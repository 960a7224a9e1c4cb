//! HTTP-level rules every response follows, whatever the handler: no caching
//! of dynamic pages, HSTS when served over HTTPS, `Retry-After` on every 503,
//! TRACE refused, oversized
//! forms refused before anyone reads them, and only asset types served from
//! `static/`.

use std::path::Path;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

/// The largest urlencoded form read (the CSRF guard and `web::Form` agree).
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// What the middleware needs from the configuration (app data).
#[derive(Clone, Copy, Debug, Default)]
pub struct Hardening {
    /// Served over HTTPS (`--secure-cookies`): send HSTS.
    pub hsts: bool,
}

const HSTS: &str = "max-age=31536000; includeSubDomains";

pub async fn harden(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Under /api/ the API's own fallback answers a JSON 405 with the path's
    // real `Allow`.
    if matches!(*req.method(), Method::TRACE | Method::CONNECT) && !req.path().starts_with("/api/")
    {
        let response = HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "GET, HEAD, POST, PUT, DELETE"))
            .finish();
        return Ok(req.into_response(response));
    }
    if is_urlencoded(&req) && declared_length(&req).is_some_and(|n| n > MAX_FORM_BYTES) {
        return Ok(req.into_response(too_large()));
    }
    let hsts = req
        .app_data::<web::Data<Hardening>>()
        .is_some_and(|h| h.hsts);
    let is_static = req.path().starts_with("/static/");
    let mut res = next.call(req).await?.map_into_boxed_body();
    let unavailable = res.status() == StatusCode::SERVICE_UNAVAILABLE;
    let headers = res.headers_mut();
    // Signed-in pages show people's figures: never keep them in a cache
    // (a shared computer's back button, a proxy). Assets may be cached.
    if !is_static && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    // Every 503 (a busy pool, a lock or statement timeout, an API answer
    // included) says when to come back.
    if unavailable && !headers.contains_key(header::RETRY_AFTER) {
        headers.insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    }
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static(HSTS),
        );
    }
    Ok(res)
}

/// 413 for a form over [`MAX_FORM_BYTES`], like the API's JSON limit.
pub fn too_large() -> HttpResponse {
    HttpResponse::PayloadTooLarge()
        .content_type("text/plain; charset=utf-8")
        .body("The form is too large (at most 2 MiB).")
}

fn is_urlencoded(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"))
}

fn declared_length(req: &ServiceRequest) -> Option<usize> {
    req.headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Only these file types are served from `static/`; anything else there (a
/// script, a note) is a 404 even if it is placed there by mistake. The build
/// script embeds the same list (`build.rs`; `web::assets` tests they agree).
pub fn is_asset(path: &Path) -> bool {
    const ASSETS: &[&str] = &[
        "css", "js", "svg", "png", "jpg", "jpeg", "gif", "webp", "ico", "woff", "woff2", "map",
        "LICENSE", "md", "txt",
    ];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ASSETS.contains(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::App;
    use actix_web::middleware::from_fn;
    use actix_web::test as actix_test;

    #[actix_web::test]
    async fn hsts_is_sent_only_when_served_over_https() {
        for hsts in [true, false] {
            let app = actix_test::init_service(
                App::new()
                    .app_data(web::Data::new(Hardening { hsts }))
                    .route("/", web::get().to(HttpResponse::Ok))
                    .wrap(from_fn(harden)),
            )
            .await;
            let res = actix_test::call_service(
                &app,
                actix_test::TestRequest::get().uri("/").to_request(),
            )
            .await;
            assert_eq!(
                res.headers()
                    .get(header::STRICT_TRANSPORT_SECURITY)
                    .is_some(),
                hsts
            );
            assert_eq!(
                res.headers().get(header::CACHE_CONTROL).unwrap(),
                "no-store"
            );
        }
    }

    #[test]
    fn only_asset_types_are_served() {
        assert!(is_asset(Path::new("vendor/htmx-2.0.11.min.js")));
        assert!(is_asset(Path::new("css/app.css")));
        assert!(is_asset(Path::new("vendor/htmx.LICENSE")));
        assert!(!is_asset(Path::new("vendor/update.sh")));
        assert!(!is_asset(Path::new("vendor/Makefile")));
        assert!(!is_asset(Path::new(".env")));
    }
}
