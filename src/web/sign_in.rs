//! Signing in and out.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::error::{AppError, html};
use super::layout::{Layout, home_for};
use super::{Routes, db};
use crate::auth::session::FlashLevel;
use crate::auth::{CurrentUser, TypedSession, password};
use crate::db::users::User;
use crate::db::{DbPool, sign_in};

pub fn routes(r: &mut Routes) {
    r.get("/", root)
        .get("/login", form)
        .post("/login", submit)
        .post("/logout", sign_out);
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

/// Only paths on this site are followed after sign-in.
fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

async fn root(current: Result<CurrentUser, AppError>) -> HttpResponse {
    match current {
        Ok(current) => see_other(home_for(current.role())),
        Err(_) => see_other("/login"),
    }
}

async fn form(
    current: Result<CurrentUser, AppError>,
    session: TypedSession,
    query: web::Query<NextQuery>,
) -> HttpResponse {
    if let Ok(current) = current {
        return see_other(home_for(current.role()));
    }
    let page = SignInPage {
        layout: Layout::anonymous("Sign in", &session),
        email: String::new(),
        next: query.into_inner().next,
        error: None,
    };
    html(actix_web::http::StatusCode::OK, page.render())
}

enum Outcome {
    SignedIn(Box<User>, chrono::DateTime<chrono::Utc>),
    Refused,
    Locked(chrono::DateTime<chrono::Utc>),
}

async fn submit(
    pool: web::Data<DbPool>,
    session: TypedSession,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    if form.email.trim().is_empty() || form.password.is_empty() {
        return Ok(refusal(
            &session,
            form,
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "Enter your email and your password.".into(),
        ));
    }
    let email_key = form.email.trim().to_lowercase();
    let key = email_key.clone();
    let (user, locked) = db(&pool, move |conn| {
        let locked = sign_in::locked_until(conn, &key)?;
        let user = if locked.is_none() {
            User::find_by_email(conn, &key)?
        } else {
            None
        };
        Ok((user, locked))
    })
    .await?;

    let outcome = if let Some(until) = locked {
        Outcome::Locked(until)
    } else {
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let password = form.password.clone();
        let verified = web::block(move || password::verify(&password, stored.as_deref())).await?;
        let key = email_key.clone();
        match user {
            Some(user) if verified && user.active => {
                let now = db(&pool, move |conn| {
                    sign_in::clear(conn, &key)?;
                    Ok(crate::db::now(conn)?)
                })
                .await?;
                Outcome::SignedIn(Box::new(user), now)
            }
            _ => {
                let locked =
                    db(&pool, move |conn| Ok(sign_in::record_failure(conn, &key)?)).await?;
                match locked {
                    Some(until) => Outcome::Locked(until),
                    None => Outcome::Refused,
                }
            }
        }
    };

    match outcome {
        Outcome::SignedIn(user, now) => {
            session
                .sign_in(user.id, now)
                .map_err(|e| AppError::Internal(e.into()))?;
            let target = safe_next(&form.next).unwrap_or(home_for(user.role()));
            Ok(see_other(target))
        }
        Outcome::Refused => Ok(refusal(
            &session,
            form,
            actix_web::http::StatusCode::UNAUTHORIZED,
            "The email or password is not correct.".into(),
        )),
        Outcome::Locked(until) => {
            let minutes = ((until - chrono::Utc::now()).num_seconds() + 59) / 60;
            Ok(refusal(
                &session,
                form,
                actix_web::http::StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many failed sign-ins for this account. Try again in {} minute{}.",
                    minutes.max(1),
                    if minutes > 1 { "s" } else { "" }
                ),
            ))
        }
    }
}

fn refusal(
    session: &TypedSession,
    form: SignInForm,
    status: actix_web::http::StatusCode,
    message: String,
) -> HttpResponse {
    let page = SignInPage {
        layout: Layout::anonymous("Sign in", session),
        email: form.email,
        next: form.next,
        error: Some(message),
    };
    html(status, page.render())
}

/// Signing out ends every session of the user, on every device.
async fn sign_out(pool: web::Data<DbPool>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    let id = current.user.id;
    db(&pool, move |conn| Ok(User::end_sessions(conn, id)?)).await?;
    current.session.sign_out();
    current
        .session
        .flash(FlashLevel::Info, "You are signed out.");
    Ok(see_other("/login"))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/admin/users"), Some("/admin/users"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
    }
}
