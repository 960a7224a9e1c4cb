//! Signing in and out.

use actix_web::http::{StatusCode, header};
use actix_web::{CustomizeResponder, Either, HttpRequest, HttpResponse, Responder, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::error::AppError;
use super::layout::{Layout, home_for, visitor_lang};
use super::respond::{PageOr, WithStatus, with_status};
use super::{Routes, db};
use crate::auth::client::client_address;
use crate::auth::password::{self, HashGate};
use crate::auth::session::FlashLevel;
use crate::auth::sign_in::{self, Outcome};
use crate::auth::{CurrentUser, TypedSession};
use crate::db::DbPool;
use crate::db::users::User;
use crate::i18n::{Lang, Msg};

pub fn routes(r: &mut Routes) {
    r.get("/", root)
        .get("/login", form)
        .post("/login", submit)
        .post("/logout", sign_out);
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    layout: Layout,
    lang: Lang,
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

/// Only paths on this site are followed after sign-in: one leading `/`,
/// no backslash (browsers read `/\` as `//`), and only printable ASCII —
/// browsers drop tab, CR and LF from a URL (so `/\t/evil` becomes `//evil`),
/// CR or LF cannot go into a header at all, and a `Location` stays plain
/// ASCII. The query string arrives decoded, so `%09`, `%0A`, `%2F%2F` and
/// `%5C` meet the same test.
fn safe_next(next: &str) -> Option<&str> {
    let hostile = |c: char| !c.is_ascii_graphic() || c == '\\';
    (next.starts_with('/') && !next.starts_with("//") && !next.contains(hostile)).then_some(next)
}

/// What the form carries on: a safe `next`, or nothing.
fn kept_next(next: String) -> String {
    if safe_next(&next).is_some() {
        next
    } else {
        String::new()
    }
}

async fn root(current: Result<CurrentUser, AppError>) -> HttpResponse {
    match current {
        Ok(current) => see_other(home_for(current.role())),
        Err(_) => see_other("/login"),
    }
}

async fn form(
    req: HttpRequest,
    current: Result<CurrentUser, AppError>,
    session: TypedSession,
    query: web::Query<NextQuery>,
) -> PageOr<SignInPage> {
    if let Ok(current) = current {
        return Either::Right(see_other(home_for(current.role())));
    }
    let lang = visitor_lang(&req);
    let page = SignInPage {
        layout: Layout::anonymous(lang.t("sign-in-title"), lang, &session),
        lang,
        email: String::new(),
        next: kept_next(query.into_inner().next),
        error: None,
    };
    Either::Left(page)
}

async fn submit(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    gate: web::Data<HashGate>,
    session: TypedSession,
    form: web::Form<SignInForm>,
) -> Result<PageOr<Refusal>, AppError> {
    let form = form.into_inner();
    let lang = visitor_lang(&req);
    if form.email.trim().is_empty() || form.password.is_empty() {
        return Ok(Either::Left(refusal(
            lang,
            &session,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
            Msg::new("sign-in-missing"),
        )));
    }
    let outcome = sign_in::sign_in(
        &pool,
        &gate,
        &form.email,
        form.password.clone(),
        client_address(&req),
        |conn, _| Ok(Some(crate::db::now(conn)?)),
    )
    .await?;

    match outcome {
        Outcome::SignedIn(user, now) => {
            session
                .sign_in(user.id, now)
                .map_err(|e| AppError::Internal(e.into()))?;
            let target = safe_next(&form.next).unwrap_or(home_for(user.role()));
            Ok(Either::Right(see_other(target)))
        }
        Outcome::Refused => Ok(Either::Left(refusal(
            lang,
            &session,
            form,
            StatusCode::UNAUTHORIZED,
            Msg::new("sign-in-refused"),
        ))),
        Outcome::Locked { scope, until } => {
            let response = refusal(
                lang,
                &session,
                form,
                StatusCode::TOO_MANY_REQUESTS,
                sign_in::locked_message(scope, until),
            );
            Ok(Either::Left(retry_after(
                response,
                sign_in::retry_after(until),
            )))
        }
        Outcome::Busy => {
            let response = refusal(
                lang,
                &session,
                form,
                StatusCode::TOO_MANY_REQUESTS,
                Msg::new("sign-in-busy"),
            );
            Ok(Either::Left(retry_after(
                response,
                password::RETRY_AFTER_SECS as i64,
            )))
        }
    }
}

/// The sign-in page again with why it was refused (and, when throttled,
/// when to try again).
type Refusal = CustomizeResponder<WithStatus<SignInPage>>;

fn retry_after(response: Refusal, seconds: i64) -> Refusal {
    response.insert_header((header::RETRY_AFTER, seconds.max(1)))
}

fn refusal(
    lang: Lang,
    session: &TypedSession,
    form: SignInForm,
    status: StatusCode,
    message: Msg,
) -> Refusal {
    let page = SignInPage {
        layout: Layout::anonymous(lang.t("sign-in-title"), lang, session),
        lang,
        email: form.email,
        next: kept_next(form.next),
        error: Some(message.render(lang)),
    };
    with_status(page, status).customize()
}

/// Signing out ends every session of the user, on every device.
async fn sign_out(pool: web::Data<DbPool>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    let id = current.user.id;
    db(&pool, move |conn| Ok(User::end_sessions(conn, id)?)).await?;
    let lang = current.lang();
    current.session.sign_out();
    // The sign-in page stays in the language the person read.
    current.session.choose_lang(lang);
    current
        .session
        .flash(FlashLevel::Info, lang.t("sign-out-done"));
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
        for hostile in ["/\t/evil.example", "/\n/x", "/\r\n/x", "/ /x", "/\u{85}x"] {
            assert_eq!(safe_next(hostile), None, "{hostile:?}");
        }
        assert_eq!(
            safe_next("/goals?period=3&x=%2F"),
            Some("/goals?period=3&x=%2F")
        );
    }
}
