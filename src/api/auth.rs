//! Who is calling the API: a bearer token or the signed-in session, and the
//! endpoint that trades an email and password for a token.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, Input};
use super::requests::TokenRequest;
use super::tokens;
use crate::auth::CurrentUser;
use crate::auth::client::client_address;
use crate::auth::password::HashGate;
use crate::auth::sign_in::{self, Outcome};
use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::role::Role;

/// The caller: an active user, by bearer token or by session cookie.
///
/// A request that carries an `Authorization` header is judged by it alone,
/// never by its cookie: the CSRF guard lets bearer requests through without
/// a CSRF token, so falling back to the cookie would reopen CSRF.
pub struct ApiUser {
    pub user: User,
    pub org: Organisation,
}

impl ApiUser {
    pub fn role(&self) -> Role {
        self.user.role()
    }

    /// 403 unless the caller's role passes `allowed`.
    pub fn require(&self, allowed: fn(Role) -> bool, what: &str) -> Result<(), ApiError> {
        if allowed(self.role()) {
            Ok(())
        } else {
            let role = self.role().label().to_lowercase();
            let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            Err(ApiError::forbidden(format!(
                "{article} {role} may not {what}"
            )))
        }
    }
}

/// The token of an `Authorization: Bearer <token>` value (scheme in any case).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        let authorization = req
            .headers()
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().ok().and_then(bearer).map(str::to_owned));
        let Some(token) = authorization else {
            let session = CurrentUser::from_request(req, payload);
            return Box::pin(async move {
                let current = session.await?;
                Ok(ApiUser {
                    user: current.user,
                    org: current.org,
                })
            });
        };
        Box::pin(async move {
            let pool = pool.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no pool")))?;
            let token = token.ok_or(ApiError::Unauthenticated(
                "the Authorization header must be \"Bearer <token>\"",
            ))?;
            let found = db(&pool, move |conn| {
                Ok(match tokens::authenticate(conn, &token)? {
                    Some(user) => Some((user, Organisation::get(conn)?)),
                    None => None,
                })
            })
            .await?;
            match found {
                Some((user, org)) => Ok(ApiUser { user, org }),
                None => Err(ApiError::Unauthenticated(
                    "the API token is not valid or has expired; ask for a new one",
                )),
            }
        })
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Token)]
pub struct Issued {
    token: String,
    #[schema(schema_with = bearer_type)]
    token_type: &'static str,
    expires_at: DateTime<Utc>,
    user_id: i64,
}

fn bearer_type() -> utoipa::openapi::schema::Object {
    super::schema::one_of(["Bearer"])
}

/// `POST /api/v1/auth/token`: the sign-in form's rules (`auth::sign_in`:
/// attempts counted per account and per client address before the password
/// is checked, a dummy hash for unknown emails, inactive accounts refused),
/// answered with a token instead of a cookie.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth",
    summary = "Trade an email and password for an API token",
    description = "Five failures for one email within 15 minutes lock it for 15 minutes. The token lasts 30 days and stops working when its user is deactivated, signs out everywhere or changes password.",
    security(()),
    request_body = TokenRequest,
    responses(
        (status = 200, description = "A new token; only its hash is stored.", body = Issued),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 401, description = "The email or password is not correct.", body = ErrorBody),
        (status = 422, description = "email or password missing.", body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After.", body = ErrorBody),
    ))]
pub async fn issue_token(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    gate: web::Data<HashGate>,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let mut input = Input::body(&body)?;
    let email = input.need::<String>("email");
    let password = input.need_raw("password");
    let fields = input.into_fields();
    let (Some(email), Some(password), true) = (email, password, fields.is_empty()) else {
        return Err(ApiError::Invalid(fields));
    };
    let outcome = sign_in::sign_in(
        &pool,
        &gate,
        &email,
        password,
        client_address(&req),
        |conn, user| {
            Ok(tokens::issue(conn, user.id, &user.password_hash)?
                .map(|(token, expires_at)| (token, expires_at, user.id)))
        },
    )
    .await?;
    match outcome {
        Outcome::SignedIn(_, (token, expires_at, user_id)) => Ok(json(
            StatusCode::OK,
            &Issued {
                token,
                token_type: "Bearer",
                expires_at,
                user_id,
            },
        )),
        Outcome::Refused => Err(ApiError::Unauthenticated(
            "the email or password is not correct",
        )),
        Outcome::Locked { scope, until } => Err(ApiError::TooManyRequests {
            message: api_sentence(&sign_in::locked_message(scope, until).english()),
            retry_after: sign_in::retry_after(until),
        }),
        Outcome::Busy => Err(ApiError::TooManyRequests {
            message: "too many sign-ins at once; try again in a moment".into(),
            retry_after: crate::auth::password::RETRY_AFTER_SECS as i64,
        }),
    }
}

/// The form's sentence in the API's style: lower case, one clause.
fn api_sentence(message: &str) -> String {
    message
        .trim_end_matches('.')
        .replace(". Try", "; try")
        .replacen("Too", "too", 1)
}

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn only_a_bearer_scheme_with_a_token_is_read() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("Bearer"), None);
    }
}
