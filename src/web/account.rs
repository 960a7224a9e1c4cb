//! The signed-in user's own account: changing the password, and whether
//! notifications also come by email.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::error::{AppError, FieldErrors};
use super::layout::Layout;
use super::respond::{PageOr, WithStatus, with_status};
use super::{Routes, db};
use crate::auth::session::FlashLevel;
use crate::auth::{CurrentUser, TypedSession, password};
use crate::db::DbPool;
use crate::db::users::User;
use crate::i18n::{Lang, Msg};
use crate::org::accounts::{self, validate_new_password};

pub fn routes(r: &mut Routes) {
    r.get("/account/password", form)
        .post("/account/password", submit)
        .get("/account/email", email_form)
        .post("/account/email", email_submit)
        .post("/language", switch_language);
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    language: String,
}

/// The one-click language switch of the account menu (and of the sign-in
/// page): a signed-in person's choice is kept on their account, a
/// visitor's in the session. Back to the page it was clicked on.
async fn switch_language(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    session: TypedSession,
    current: Result<CurrentUser, AppError>,
    form: web::Form<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let Some(lang) = Lang::parse(&form.language) else {
        return Err(AppError::BadRequest(
            Msg::new("language-unknown").arg("language", form.language.clone()),
        ));
    };
    if let Ok(current) = &current {
        let id = current.user.id;
        db(&pool, move |conn| {
            Ok(User::set_language(conn, id, Some(lang))?)
        })
        .await?;
    }
    session.choose_lang(lang);
    let back = same_site_path(&req).unwrap_or_else(|| match &current {
        Ok(current) => super::layout::home_for(current.role()).to_string(),
        Err(_) => "/login".to_string(),
    });
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back))
        .finish())
}

/// The path (and query) of the page a form was sent from, when the browser
/// says (`Referrer-Policy: same-origin` sends it for our own pages only) and
/// it is a plain local path.
fn same_site_path(req: &HttpRequest) -> Option<String> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let after_scheme = referer.split_once("://")?.1;
    let path = &after_scheme[after_scheme.find('/')?..];
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && path.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    local.then(|| path.to_string())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/password.html")]
struct PasswordPage {
    layout: Layout,
    lang: crate::i18n::Lang,
    errors: crate::error::FieldMessages,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

async fn form(current: CurrentUser) -> PasswordPage {
    PasswordPage {
        layout: current.layout_t("account-change-password"),
        lang: current.lang(),
        errors: FieldErrors::new().shown(current.lang()),
    }
}

/// A new password for the signed-in user. Every other session of the user
/// ends; this one is reissued so the user stays signed in here.
async fn submit(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    form: web::Form<PasswordForm>,
) -> Result<PageOr<WithStatus<PasswordPage>>, AppError> {
    let form = form.into_inner();
    let mut errors = validate_new_password(&form.new, &form.confirm);
    let stored = current.user.password_hash.clone();
    let given = form.current.clone();
    let current_ok = web::block(move || password::verify(&given, Some(&stored))).await?;
    if !current_ok {
        errors.add("current", crate::i18n::Key("account-password-wrong"));
    }
    if !errors.is_empty() {
        let page = PasswordPage {
            layout: current.layout_t("account-change-password"),
            lang: current.lang(),
            errors: errors.shown(current.lang()),
        };
        return Ok(Either::Left(with_status(
            page,
            StatusCode::UNPROCESSABLE_ENTITY,
        )));
    }
    let new = form.new;
    let hash = web::block(move || password::hash(&new)).await??;
    let id = current.user.id;
    let valid_after = db(&pool, move |conn| {
        accounts::change_password(conn, id, &hash)
    })
    .await?;
    current
        .session
        .reissue(valid_after)
        .map_err(|e| AppError::Internal(e.into()))?;
    current.session.flash(
        FlashLevel::Success,
        current.lang().t("account-password-changed"),
    );
    Ok(Either::Right(
        HttpResponse::SeeOther()
            .insert_header(("Location", "/account/password"))
            .finish(),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/email.html")]
struct EmailPage {
    layout: Layout,
    lang: crate::i18n::Lang,
    email: String,
    wanted: bool,
    /// Whether this server sends email at all (SMTP configured).
    sending: bool,
}

async fn email_form(
    pool: web::Data<DbPool>,
    jobs: web::Data<crate::jobs::JobsConfig>,
    current: CurrentUser,
) -> Result<EmailPage, AppError> {
    let id = current.user.id;
    let wanted = db(&pool, move |conn| Ok(User::email_notifications(conn, id)?)).await?;
    let page = EmailPage {
        layout: current.layout_t("account-email-title"),
        lang: current.lang(),
        email: current.user.email.clone(),
        wanted,
        sending: jobs.mailer.is_some(),
    };
    Ok(page)
}

#[derive(Deserialize)]
pub struct EmailForm {
    /// A checkbox: present ("on") when ticked, absent otherwise.
    #[serde(default)]
    notifications: Option<String>,
}

async fn email_submit(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, AppError> {
    let wanted = match form.notifications.as_deref() {
        None => false,
        Some("on" | "true" | "1") => true,
        Some(other) => {
            return Err(AppError::BadRequest(
                crate::i18n::Msg::new("account-email-bad-setting")
                    .arg("value", format!("{other:?}")),
            ));
        }
    };
    let id = current.user.id;
    db(&pool, move |conn| {
        accounts::set_email_notifications(conn, id, wanted)
    })
    .await?;
    current.session.flash(
        FlashLevel::Success,
        current.lang().t(if wanted {
            "account-email-on"
        } else {
            "account-email-off"
        }),
    );
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", "/account/email"))
        .finish())
}
