//! The dashboard each role lands on. Goals and quotas fill these later; for
//! now each shows what the organisation already knows about its reader.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::error::{AppError, html};
use super::layout::Layout;
use super::{Routes, db};
use crate::auth::{CurrentUser, RequireAdmin};
use crate::db::DbPool;
use crate::db::audit::{self, AuditRow};
use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::role::Role;

pub fn routes(r: &mut Routes) {
    r.get("/dashboard", personal).get("/admin", admin);
}

pub struct Person {
    pub name: String,
    pub email: String,
    pub team: String,
    pub partner: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "dashboard/personal.html")]
struct PersonalPage {
    layout: Layout,
    first_name: String,
    team: String,
    sponsor: String,
    partner_type: String,
    partner_tier: String,
    downline: Vec<Person>,
}

#[derive(Template)]
#[template(path = "dashboard/admin.html")]
struct AdminPage {
    layout: Layout,
    by_role: Vec<(&'static str, usize)>,
    inactive: usize,
    teams: usize,
    partner_types: usize,
    partner_tiers: usize,
    recent: Vec<AuditRow>,
}

/// Names by id for every lookup a dashboard needs.
pub(crate) struct Directory {
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub type_names: HashMap<i64, String>,
    pub tier_names: HashMap<i64, String>,
}

impl Directory {
    pub fn load(conn: &mut diesel::PgConnection) -> Result<Directory, AppError> {
        Ok(Directory {
            users: User::all(conn)?,
            teams: Team::all(conn)?,
            type_names: PartnerType::all(conn)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect(),
            tier_names: PartnerTier::all(conn)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect(),
        })
    }

    pub fn team_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.teams.iter().find(|t| t.id == id))
            .map(|t| t.name.clone())
            .unwrap_or_default()
    }

    pub fn user_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.users.iter().find(|u| u.id == id))
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    pub fn person(&self, user: &User) -> Person {
        let partner = [
            user.partner_type_id
                .and_then(|id| self.type_names.get(&id).cloned()),
            user.partner_tier_id
                .and_then(|id| self.tier_names.get(&id).cloned()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        Person {
            name: user.name.clone(),
            email: user.email.clone(),
            team: self.team_name(user.team_id),
            partner,
            active: user.active,
        }
    }
}

async fn personal(pool: web::Data<DbPool>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    let directory = db(&pool, Directory::load).await?;
    let me = &current.user;
    let downline = directory
        .users
        .iter()
        .filter(|u| u.sponsor_id == Some(me.id))
        .map(|u| directory.person(u))
        .collect();
    let page = PersonalPage {
        layout: current.layout("My progress"),
        first_name: me.name.split_whitespace().next().unwrap_or("").to_string(),
        team: directory.team_name(me.team_id),
        sponsor: directory.user_name(me.sponsor_id),
        partner_type: me
            .partner_type_id
            .and_then(|id| directory.type_names.get(&id).cloned())
            .unwrap_or_default(),
        partner_tier: me
            .partner_tier_id
            .and_then(|id| directory.tier_names.get(&id).cloned())
            .unwrap_or_default(),
        downline,
    };
    Ok(html(StatusCode::OK, page.render()))
}

async fn admin(pool: web::Data<DbPool>, current: RequireAdmin) -> Result<HttpResponse, AppError> {
    let (directory, recent) = db(&pool, |conn| {
        Ok((Directory::load(conn)?, audit::recent(conn, None, 10)?))
    })
    .await?;
    let by_role = Role::ALL
        .into_iter()
        .map(|role| {
            let count = directory
                .users
                .iter()
                .filter(|u| u.active && u.role() == role)
                .count();
            (role.label(), count)
        })
        .collect();
    let page = AdminPage {
        layout: current.layout("Administration"),
        by_role,
        inactive: directory.users.iter().filter(|u| !u.active).count(),
        teams: directory.teams.iter().filter(|t| t.active).count(),
        partner_types: directory.type_names.len(),
        partner_tiers: directory.tier_names.len(),
        recent,
    };
    Ok(html(StatusCode::OK, page.render()))
}
