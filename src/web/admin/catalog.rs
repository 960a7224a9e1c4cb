//! The create/edit/activate pages shared by partner types and partner tiers:
//! admin-kept lists of reference entries. The changes are
//! `org::catalog`'s; bad input comes back as the form with messages.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, Responder, web};
use serde::de::DeserializeOwned;

use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::error::FieldMessages;
use crate::i18n::{Lang, Msg};
use crate::org::catalog::{self, Entry};
use crate::web::admin::see_other;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};

/// What the shared pages need from one kind of entry, beyond the rules
/// (`org::catalog::Entry`).
pub trait Catalog: Entry {
    /// The form as typed.
    type Form: DeserializeOwned + Default + 'static;
    const LIST_PATH: &'static str;
    /// The catalog keys that name this kind of entry on its pages.
    const WORDS: Words;

    fn to_form(&self) -> Self::Form;
    /// Checks the form without the database.
    fn validate(form: &Self::Form) -> Result<Self::Fields, FieldErrors>;
    /// The form page's template (`templates/admin/<kind>/form.html`).
    type Page: Responder + 'static;

    fn form_page(layout: Layout, page: FormPage<Self::Form>) -> Self::Page;
}

/// The messages naming one kind of entry: "New partner tier", …
pub struct Words {
    pub new: &'static str,
    pub edit: &'static str,
    pub all: &'static str,
    pub create: &'static str,
    pub deactivate: &'static str,
    pub activate: &'static str,
    pub deactivated_note: &'static str,
    /// Takes `$name`.
    pub saved: &'static str,
}

/// What every catalog form page shows (`templates/admin/partner_types/catalog_form.html`).
pub struct FormPage<F> {
    /// `None` when creating.
    pub id: Option<i64>,
    pub active: bool,
    pub form: F,
    pub lang: Lang,
    pub errors: FieldMessages,
    pub words: Words,
    pub list_path: &'static str,
}

fn form_page<T: Catalog>(
    admin: &RequireAdmin,
    (id, active): (Option<i64>, bool),
    form: T::Form,
    errors: FieldErrors,
) -> WithStatus<T::Page> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let lang = admin.lang();
    let words = T::WORDS;
    let layout = admin.layout_t(if id.is_some() { words.edit } else { words.new });
    let page = FormPage {
        id,
        active,
        form,
        lang,
        errors: errors.shown(lang),
        words,
        list_path: T::LIST_PATH,
    };
    with_status(T::form_page(layout, page), status)
}

pub async fn new<T: Catalog>(admin: RequireAdmin) -> WithStatus<T::Page> {
    form_page::<T>(&admin, (None, true), T::Form::default(), FieldErrors::new())
}

pub async fn edit<T: Catalog>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<T::Page>, AppError> {
    let id = path.into_inner();
    let entry = db(&pool, move |conn| Ok(T::find(conn, id)?)).await?;
    let state = (Some(id), entry.is_active());
    Ok(form_page::<T>(
        &admin,
        state,
        entry.to_form(),
        FieldErrors::new(),
    ))
}

pub async fn create<T: Catalog>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<T::Form>,
) -> Result<PageOr<WithStatus<T::Page>>, AppError> {
    save::<T>(pool, admin, None, form.into_inner()).await
}

pub async fn update<T: Catalog>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<T::Form>,
) -> Result<PageOr<WithStatus<T::Page>>, AppError> {
    save::<T>(pool, admin, Some(path.into_inner()), form.into_inner()).await
}

/// Creates (`id` is `None`) or edits an entry.
async fn save<T: Catalog>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: Option<i64>,
    form: T::Form,
) -> Result<PageOr<WithStatus<T::Page>>, AppError> {
    // An unknown id is a 404 even when the form is invalid too.
    let active = match id {
        Some(id) => db(&pool, move |conn| Ok(T::find(conn, id)?))
            .await?
            .is_active(),
        None => true,
    };
    let fields = match T::validate(&form) {
        Ok(fields) => fields,
        Err(errors) => {
            return Ok(Either::Left(form_page::<T>(
                &admin,
                (id, active),
                form,
                errors,
            )));
        }
    };
    let actor = admin.user.id;
    let saved = db(&pool, move |conn| {
        catalog::save::<T>(conn, actor, id, fields)
    })
    .await;
    match saved {
        Ok(entry) => {
            let message = Msg::new(T::WORDS.saved).arg("name", entry.name());
            admin
                .session
                .flash(FlashLevel::Success, message.render(admin.lang()));
            Ok(Either::Right(see_other(T::LIST_PATH)))
        }
        Err(AppError::Invalid(errors)) => Ok(Either::Left(form_page::<T>(
            &admin,
            (id, active),
            form,
            errors,
        ))),
        Err(other) => Err(other),
    }
}

/// Deactivates (`ACTIVE` false) or activates an entry. Users keep a
/// deactivated entry; it is only no longer offered for new choices.
pub async fn set_active<T: Catalog, const ACTIVE: bool>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (path.into_inner(), admin.user.id);
    let entry = db(&pool, move |conn| {
        catalog::set_active::<T>(conn, actor, id, ACTIVE)
    })
    .await?;
    let key = if ACTIVE {
        "admin-catalog-activated"
    } else {
        "admin-catalog-deactivated"
    };
    let message = admin.lang().tr(key, [("name", entry.name().into())]);
    admin.session.flash(FlashLevel::Success, message);
    Ok(see_other(T::LIST_PATH))
}
