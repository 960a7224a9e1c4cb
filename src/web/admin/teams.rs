//! Admin pages for teams: the tree as an indented table, create, edit
//! (rename, move under another team, change manager), activate, deactivate.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::teams::{Team, TeamFields};
use crate::db::users::User;
use crate::error::FieldMessages;
use crate::i18n::Lang;
use crate::input;
use crate::org::teams::{changes, choices};
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/teams", index)
        .get("/admin/teams/new", new)
        .post("/admin/teams", create)
        .get("/admin/teams/{id}", edit)
        .post("/admin/teams/{id}", update)
        .post("/admin/teams/{id}/deactivate", set_active::<false>)
        .post("/admin/teams/{id}/activate", set_active::<true>);
}

pub struct TeamLine {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub parent: String,
    pub manager: String,
    pub members: i64,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/teams/index.html")]
struct IndexTemplate {
    layout: Layout,
    lang: Lang,
    lines: Vec<TeamLine>,
    active_count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/teams/form.html")]
struct FormTemplate {
    layout: Layout,
    lang: Lang,
    /// `None` when creating.
    team_id: Option<i64>,
    active: bool,
    form: TeamForm,
    errors: FieldMessages,
    parents: Vec<SelectOption>,
    managers: Vec<SelectOption>,
}

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct TeamForm {
    name: String,
    parent_id: String,
    manager_id: String,
}

impl TeamForm {
    fn from_team(team: &Team) -> Self {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        TeamForm {
            name: team.name.clone(),
            parent_id: id(team.parent_id),
            manager_id: id(team.manager_id),
        }
    }

    /// Checks what needs no database.
    fn fields(&self) -> Result<TeamFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let fields = TeamFields {
            name: input::required(&mut errors, "name", &self.name, 120),
            parent_id: input::optional_id(&mut errors, "parent_id", &self.parent_id),
            manager_id: input::optional_id(&mut errors, "manager_id", &self.manager_id),
        };
        errors.into_result().map(|()| fields)
    }
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexTemplate, AppError> {
    let (teams, users, members) = db(&pool, |conn| {
        Ok((
            Team::all(conn)?,
            User::all(conn)?,
            Team::active_member_counts(conn)?,
        ))
    })
    .await?;
    let team_names: HashMap<i64, &str> = teams.iter().map(|t| (t.id, t.name.as_str())).collect();
    let user_names: HashMap<i64, &str> = users.iter().map(|u| (u.id, u.name.as_str())).collect();
    let name = |names: &HashMap<i64, &str>, id: Option<i64>| {
        id.and_then(|id| names.get(&id))
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let lines: Vec<TeamLine> = choices::tree_order(&teams)
        .map(|(team, depth)| TeamLine {
            id: team.id,
            depth,
            name: team.name.clone(),
            parent: name(&team_names, team.parent_id),
            manager: name(&user_names, team.manager_id),
            members: members.get(&team.id).copied().unwrap_or(0),
            active: team.active,
        })
        .collect();
    let page = IndexTemplate {
        layout: admin.layout_t("nav-teams"),
        lang: admin.lang(),
        active_count: lines.iter().filter(|l| l.active).count(),
        lines,
    };
    Ok(page)
}

/// `editing` is the team's id and whether it is active; `None` when creating.
async fn render_form(
    pool: &DbPool,
    admin: &RequireAdmin,
    editing: Option<(i64, bool)>,
    form: TeamForm,
    errors: FieldErrors,
) -> Result<WithStatus<FormTemplate>, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let team_id = editing.map(|(id, _)| id);
    let (parents, managers) = db(pool, move |conn| choices::load_choices(conn, team_id)).await?;
    let options = |choices: Vec<choices::Choice>| -> Vec<SelectOption> {
        choices
            .into_iter()
            .map(|(id, label)| SelectOption::new(id, label))
            .collect()
    };
    let (parents, managers) = (options(parents), options(managers));
    let page = FormTemplate {
        layout: admin.layout_t(if team_id.is_some() {
            "admin-team-edit"
        } else {
            "admin-team-new"
        }),
        lang: admin.lang(),
        team_id,
        active: editing.is_none_or(|(_, active)| active),
        form,
        errors: errors.shown(admin.lang()),
        parents,
        managers,
    };
    Ok(with_status(page, status))
}

async fn new(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
) -> Result<WithStatus<FormTemplate>, AppError> {
    render_form(&pool, &admin, None, TeamForm::default(), FieldErrors::new()).await
}

async fn edit(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<FormTemplate>, AppError> {
    let id = path.into_inner();
    let team = db(&pool, move |conn| Ok(Team::find(conn, id)?)).await?;
    let form = TeamForm::from_team(&team);
    render_form(
        &pool,
        &admin,
        Some((id, team.active)),
        form,
        FieldErrors::new(),
    )
    .await
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<TeamForm>,
) -> Result<PageOr<WithStatus<FormTemplate>>, AppError> {
    save(pool, admin, None, form.into_inner()).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<TeamForm>,
) -> Result<PageOr<WithStatus<FormTemplate>>, AppError> {
    let id = path.into_inner();
    let team = db(&pool, move |conn| Ok(Team::find(conn, id)?)).await?;
    save(pool, admin, Some((id, team.active)), form.into_inner()).await
}

async fn save(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    editing: Option<(i64, bool)>,
    form: TeamForm,
) -> Result<PageOr<WithStatus<FormTemplate>>, AppError> {
    let fields = match form.fields() {
        Ok(fields) => fields,
        Err(errors) => {
            return render_form(&pool, &admin, editing, form, errors)
                .await
                .map(Either::Left);
        }
    };
    let (actor, id) = (admin.user.id, editing.map(|(id, _)| id));
    match db(&pool, move |conn| changes::save(conn, actor, id, fields)).await {
        Ok(team) => {
            let message = admin
                .lang()
                .tr("admin-team-saved", [("name", team.name.into())]);
            admin.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(see_other("/admin/teams")))
        }
        Err(AppError::Invalid(errors)) => render_form(&pool, &admin, editing, form, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}

/// Deactivates (`ACTIVE` false) or activates a team.
async fn set_active<const ACTIVE: bool>(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (path.into_inner(), admin.user.id);
    let team = db(&pool, move |conn| {
        changes::set_active(conn, actor, id, ACTIVE)
    })
    .await?;
    let key = if ACTIVE {
        "admin-team-activated"
    } else {
        "admin-team-was-deactivated"
    };
    let message = admin.lang().tr(key, [("name", team.name.into())]);
    admin.session.flash(FlashLevel::Success, message);
    Ok(see_other("/admin/teams"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, parent_id: &str, manager_id: &str) -> TeamForm {
        TeamForm {
            name: name.into(),
            parent_id: parent_id.into(),
            manager_id: manager_id.into(),
        }
    }

    #[test]
    fn a_team_needs_a_name_and_well_formed_choices() {
        let fields = form(" Seoul ", "3", "").fields().unwrap();
        assert_eq!(
            (fields.name.as_str(), fields.parent_id, fields.manager_id),
            ("Seoul", Some(3), None)
        );
        let errors = form("  ", "abc", "-2").fields().unwrap_err();
        for field in ["name", "parent_id", "manager_id"] {
            assert!(errors.has(field), "{field}");
        }
        assert!(form(&"x".repeat(121), "", "").fields().is_err());
    }
}
