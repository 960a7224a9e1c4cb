//! Admin pages for users: list, create, edit (role, team, sponsor, partner
//! type and tier), activate and deactivate.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use super::see_other;
use crate::auth::session::FlashLevel;
use crate::auth::{RequireAdmin, password};
use crate::db::DbPool;
use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::error::FieldMessages;
use crate::i18n::Lang;
use crate::org::accounts::{self, UserForm};
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption, role_label};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/users", index)
        .get("/admin/users/new", new)
        .post("/admin/users", create)
        .get("/admin/users/{id}", edit)
        .post("/admin/users/{id}", update)
        .post("/admin/users/{id}/deactivate", deactivate)
        .post("/admin/users/{id}/activate", activate);
}

pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub team: String,
    pub sponsor: String,
    pub partner: String,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<UserRow>,
    active_count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users/form.html")]
struct FormPage {
    layout: Layout,
    lang: Lang,
    /// `None` when creating.
    user_id: Option<i64>,
    active: bool,
    form: UserForm,
    errors: FieldMessages,
    choices: Choices,
}

/// Everything the user form's selects offer.
pub struct Choices {
    roles: Vec<SelectOption>,
    teams: Vec<SelectOption>,
    sponsors: Vec<SelectOption>,
    partner_types: Vec<SelectOption>,
    partner_tiers: Vec<SelectOption>,
}

fn load_choices(
    conn: &mut diesel::PgConnection,
    lang: Lang,
    editing: Option<i64>,
) -> Result<Choices, AppError> {
    Ok(Choices {
        roles: Role::ALL
            .into_iter()
            .map(|r| SelectOption::new(r.as_str(), role_label(lang, r)))
            .collect(),
        teams: Team::all(conn)?
            .into_iter()
            .filter(|t| t.active)
            .map(|t| SelectOption::new(t.id, t.name))
            .collect(),
        sponsors: User::all(conn)?
            .into_iter()
            .filter(|u| u.active && Some(u.id) != editing)
            .map(|u| SelectOption::new(u.id, format!("{} <{}>", u.name, u.email)))
            .collect(),
        partner_types: PartnerType::all(conn)?
            .into_iter()
            .filter(|t| t.active)
            .map(|t| SelectOption::new(t.id, t.name))
            .collect(),
        partner_tiers: PartnerTier::all(conn)?
            .into_iter()
            .filter(|t| t.active)
            .map(|t| SelectOption::new(t.id, t.name))
            .collect(),
    })
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexPage, AppError> {
    let lang = admin.lang();
    let rows = db(&pool, move |conn| {
        let users = User::all(conn)?;
        let teams: HashMap<i64, String> = Team::all(conn)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let types: HashMap<i64, String> = PartnerType::all(conn)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let tiers: HashMap<i64, String> = PartnerTier::all(conn)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let names: HashMap<i64, String> = users.iter().map(|u| (u.id, u.name.clone())).collect();
        let name = |map: &HashMap<i64, String>, id: Option<i64>| {
            id.and_then(|id| map.get(&id).cloned()).unwrap_or_default()
        };
        Ok(users
            .iter()
            .map(|u| UserRow {
                id: u.id,
                name: u.name.clone(),
                email: u.email.clone(),
                role: role_label(lang, u.role()),
                team: name(&teams, u.team_id),
                sponsor: name(&names, u.sponsor_id),
                partner: [
                    name(&types, u.partner_type_id),
                    name(&tiers, u.partner_tier_id),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
                active: u.active,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    let active_count = rows.iter().filter(|r| r.active).count();
    let page = IndexPage {
        layout: admin.layout_t("nav-users"),
        lang,
        rows,
        active_count,
    };
    Ok(page)
}

async fn render_form(
    pool: &DbPool,
    admin: &RequireAdmin,
    user_id: Option<i64>,
    active: bool,
    form: UserForm,
    errors: FieldErrors,
) -> Result<WithStatus<FormPage>, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let lang = admin.lang();
    let choices = db(pool, move |conn| load_choices(conn, lang, user_id)).await?;
    let title = if user_id.is_some() {
        "admin-user-edit"
    } else {
        "admin-user-new"
    };
    let page = FormPage {
        layout: admin.layout_t(title),
        lang,
        user_id,
        active,
        form,
        errors: errors.shown(lang),
        choices,
    };
    Ok(with_status(page, status))
}

async fn new(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<FormPage>, AppError> {
    let form = UserForm {
        role: "rep".into(),
        ..UserForm::default()
    };
    render_form(&pool, &admin, None, true, form, FieldErrors::new()).await
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<UserForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let mut form = form.into_inner();
    let password = std::mem::take(&mut form.password);
    let mut errors = crate::org::accounts::validate_new_password(&password, &password);
    if let Some(message) = errors.message("new").cloned() {
        errors = FieldErrors::one("password", message);
    }
    let profile = match form.profile() {
        Ok(profile) if errors.is_empty() => profile,
        Ok(_) => {
            return render_form(&pool, &admin, None, true, form, errors)
                .await
                .map(Either::Left);
        }
        Err(mut field_errors) => {
            if let Some(message) = errors.message("password") {
                field_errors.add("password", message.clone());
            }
            return render_form(&pool, &admin, None, true, form, field_errors)
                .await
                .map(Either::Left);
        }
    };
    let hash = web::block(move || password::hash(&password)).await??;
    let actor = admin.user.id;
    match db(&pool, move |conn| {
        accounts::create(conn, Some(actor), profile, hash)
    })
    .await
    {
        Ok(user) => {
            admin.session.flash(
                FlashLevel::Success,
                admin
                    .lang()
                    .tr("admin-user-created", [("name", user.name.into())]),
            );
            Ok(Either::Right(see_other("/admin/users")))
        }
        Err(AppError::Invalid(errors)) => render_form(&pool, &admin, None, true, form, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

async fn edit(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<FormPage>, AppError> {
    let id = path.into_inner();
    let user = db(&pool, move |conn| Ok(User::find(conn, id)?)).await?;
    render_form(
        &pool,
        &admin,
        Some(id),
        user.active,
        UserForm::from_user(&user),
        FieldErrors::new(),
    )
    .await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<UserForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let user = db(&pool, move |conn| Ok(User::find(conn, id)?)).await?;
    let profile = match form.profile() {
        Ok(profile) => profile,
        Err(errors) => {
            return render_form(&pool, &admin, Some(id), user.active, form, errors)
                .await
                .map(Either::Left);
        }
    };
    let actor = admin.user.id;
    match db(&pool, move |conn| {
        accounts::update(conn, actor, id, profile)
    })
    .await
    {
        Ok(user) => {
            admin.session.flash(
                FlashLevel::Success,
                admin
                    .lang()
                    .tr("admin-user-saved", [("name", user.name.into())]),
            );
            Ok(Either::Right(see_other("/admin/users")))
        }
        Err(AppError::Invalid(errors)) => {
            render_form(&pool, &admin, Some(id), user.active, form, errors)
                .await
                .map(Either::Left)
        }
        Err(other) => Err(other),
    }
}

async fn set_active(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: i64,
    active: bool,
) -> Result<HttpResponse, AppError> {
    let actor = admin.user.id;
    let user = db(&pool, move |conn| {
        accounts::set_active(conn, actor, id, active)
    })
    .await?;
    let key = if active {
        "admin-user-activated"
    } else {
        "admin-user-deactivated"
    };
    let message = admin.lang().tr(key, [("name", user.name.into())]);
    admin.session.flash(FlashLevel::Success, message);
    Ok(see_other("/admin/users"))
}

async fn deactivate(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    set_active(pool, admin, path.into_inner(), false).await
}

async fn activate(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    set_active(pool, admin, path.into_inner(), true).await
}
