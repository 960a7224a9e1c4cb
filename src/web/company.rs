//! The executive's company page: company goals, their rollup by team, and
//! drill-down to a team and a person.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::dashboard::Directory;
use super::error::{AppError, html};
use super::layout::Layout;
use super::{Routes, db};
use crate::auth::RequireCompanyReader;
use crate::db::DbPool;
use crate::db::teams::Team;
use crate::domain::tree::depth_first;

pub fn routes(r: &mut Routes) {
    r.get("/executive", executive);
}

pub struct TeamLine {
    pub depth: usize,
    pub name: String,
    pub manager: String,
    pub direct: usize,
    pub subtree: usize,
}

#[derive(Template)]
#[template(path = "dashboard/executive.html")]
struct ExecutivePage {
    layout: Layout,
    lines: Vec<TeamLine>,
    people: usize,
}

async fn executive(
    pool: web::Data<DbPool>,
    current: RequireCompanyReader,
) -> Result<HttpResponse, AppError> {
    let directory = db(&pool, Directory::load).await?;
    let teams: Vec<&Team> = directory.teams.iter().filter(|t| t.active).collect();
    let direct = |id: i64| {
        directory
            .users
            .iter()
            .filter(|u| u.active && u.team_id == Some(id))
            .count()
    };
    let order = depth_first(&teams, |t| t.id, |t| t.parent_id, |t| t.name.clone());
    let lines: Vec<TeamLine> = order
        .iter()
        .enumerate()
        .map(|(position, &(index, depth))| {
            // The subtree is the run of deeper lines that follows this one.
            let subtree: usize = std::iter::once(index)
                .chain(
                    order[position + 1..]
                        .iter()
                        .take_while(|&&(_, d)| d > depth)
                        .map(|&(i, _)| i),
                )
                .map(|i| direct(teams[i].id))
                .sum();
            TeamLine {
                depth,
                name: teams[index].name.clone(),
                manager: directory.user_name(teams[index].manager_id),
                direct: direct(teams[index].id),
                subtree,
            }
        })
        .collect();
    let page = ExecutivePage {
        layout: current.layout("Company"),
        lines,
        people: directory.users.iter().filter(|u| u.active).count(),
    };
    Ok(html(StatusCode::OK, page.render()))
}
