//! The manager's team page: members side by side per metric, the bulk
//! quota editor and the gap between the team target and its members' quotas.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::dashboard::{Directory, Person};
use super::error::{AppError, html};
use super::layout::Layout;
use super::{Routes, db};
use crate::auth::RequireManager;
use crate::db::DbPool;
use crate::domain::role::Role;

pub fn routes(r: &mut Routes) {
    r.get("/manager", manager);
}

pub struct TeamBlock {
    pub name: String,
    pub members: Vec<Person>,
}

#[derive(Template)]
#[template(path = "dashboard/manager.html")]
struct ManagerPage {
    layout: Layout,
    teams: Vec<TeamBlock>,
}

async fn manager(
    pool: web::Data<DbPool>,
    current: RequireManager,
) -> Result<HttpResponse, AppError> {
    let directory = db(&pool, Directory::load).await?;
    let me = current.user.id;
    let admin = current.role() == Role::Admin;
    let teams = directory
        .teams
        .iter()
        .filter(|t| t.active && (admin || t.manager_id == Some(me)))
        .map(|t| TeamBlock {
            name: t.name.clone(),
            members: directory
                .users
                .iter()
                .filter(|u| u.team_id == Some(t.id) && u.active)
                .map(|u| directory.person(u))
                .collect(),
        })
        .collect();
    let page = ManagerPage {
        layout: current.layout("My teams"),
        teams,
    };
    Ok(html(StatusCode::OK, page.render()))
}
