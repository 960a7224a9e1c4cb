//! CSRF protection: every unsafe request must carry the session's token,
//! except JSON API calls authenticated by a bearer token,
//! either as the `X-CSRF-Token` header (htmx sends it through `hx-headers`)
//! or as the `csrf_token` field of a urlencoded form. Under `/api/` a
//! refusal is JSON like every API answer: 401 when nobody is signed in (no
//! credentials at all), 403 when a signed-in session lacks the token.

use actix_session::SessionExt;
use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::api::error::{ApiError, SIGN_IN};
use crate::auth::TypedSession;
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Forms larger than this are refused before the token is looked for.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // TRACE changes nothing and is refused further on with 405 (the API's
    // JSON one under /api/), so there is no token to ask for.
    let safe = matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    // A bearer-token API call carries no ambient credential to forge; an API
    // call riding on the session cookie needs the token like any form.
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    // Asking for a token uses no cookie to decide who is asking: the
    // credentials are in the body, and the answer is unreadable cross-origin.
    let token_request = req.path() == "/api/v1/auth/token";
    if safe || token_request || (bearer && req.path().starts_with("/api/")) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let session = TypedSession(req.get_session());
    let Some(expected) = session.existing_csrf_token() else {
        return Ok(refuse(req, &session));
    };
    let from_header = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let presented = match from_header {
        Some(token) => Some(token),
        None if is_urlencoded(&req) => {
            let body = match read_body(&mut req).await {
                Ok(body) => body,
                Err(BodyError::TooLarge) => {
                    return Ok(req.into_response(crate::web::hardening::too_large()));
                }
                Err(BodyError::Unreadable(error)) => return Ok(req.error_response(error)),
            };
            let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
            req.set_payload(Payload::from(body));
            token
        }
        None => None,
    };
    match presented {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => {
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        _ => Ok(refuse(req, &session)),
    }
}

/// The answer to an unsafe request without a valid token: the "form has
/// expired" page, or under `/api/` JSON — 401 without a signed-in session
/// (the caller sent no credentials), 403 with one.
fn refuse(req: ServiceRequest, session: &TypedSession) -> ServiceResponse<BoxBody> {
    if !req.path().starts_with("/api/") {
        return req.error_response(AppError::Csrf);
    }
    let signed_in = matches!(session.user(), Ok(Some(_)));
    let error = if signed_in {
        ApiError::forbidden(
            "a call made with the session cookie needs the X-CSRF-Token header; \
             scripts should send \"Authorization: Bearer <token>\" instead",
        )
    } else {
        ApiError::Unauthenticated(SIGN_IN)
    };
    req.error_response(error)
}

fn is_urlencoded(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"))
}

enum BodyError {
    /// Over [`MAX_FORM_BYTES`] (a chunked body has no length to refuse early): 413.
    TooLarge,
    Unreadable(AppError),
}

async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, BodyError> {
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            BodyError::Unreadable(AppError::BadRequest(
                crate::i18n::Msg::new("admin-form-unreadable").arg("error", e.to_string()),
            ))
        })?;
        if body.len() + chunk.len() > MAX_FORM_BYTES {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn tokens_compare_by_every_byte() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
