//! A person's page (`/people/{user}`): their current goals with progress,
//! the trend of one of them and their latest partner sales. It opens to
//! whoever may read the person (`access::can_view_user`: themselves, the
//! managers of their team's subtree, admins and executives); anyone else
//! gets 404, as for a goal or a sale, so an id tells nothing.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use diesel::PgConnection;

use super::error::AppError;
use super::goals::QuotaCards;
use super::layout::{Layout, home_for};
use super::trend::TrendCard;
use super::{Routes, db};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::db::sales::Sale;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::i18n::Lang;
use crate::web::format::Fmt;

pub fn routes(r: &mut Routes) {
    r.get("/people/{user}", show);
}

/// How many of the person's sales the page lists.
const RECENT_SALES: i64 = 10;

/// The link to a person's page.
pub fn href(user_id: i64) -> String {
    format!("/people/{user_id}")
}

/// One of the person's sales, as the list shows it.
pub struct SaleLine {
    pub id: i64,
    pub date: String,
    pub title: String,
    pub amount: String,
    pub status_label: String,
    pub status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "people/show.html")]
struct PersonPage {
    layout: Layout,
    lang: Lang,
    /// (name, link) from the top of what the viewer reads down to the
    /// person's team.
    crumbs: Vec<(String, String)>,
    name: String,
    facts: Vec<String>,
    active: bool,
    is_self: bool,
    quota: QuotaCards,
    trend: Option<TrendCard>,
    sales: Vec<SaleLine>,
}

#[derive(serde::Deserialize)]
struct PersonQuery {
    trend: Option<i64>,
}

/// Everything the page shows, read in one database call.
struct Loaded {
    person: User,
    crumbs: Vec<(String, String)>,
    facts: Vec<String>,
    quota: QuotaCards,
    trend: Option<TrendCard>,
    sales: Vec<Sale>,
}

fn load(
    conn: &mut PgConnection,
    viewer: &User,
    fmt: &Fmt,
    org: &Organisation,
    id: i64,
    chosen: Option<i64>,
) -> Result<Loaded, AppError> {
    let person = crate::org::access::visible_user(conn, viewer, id)?.ok_or(AppError::NotFound)?;
    let today = crate::goals::progress::org_today(org);
    let lang = crate::auth::extract::reader_lang(viewer, org);
    let (quota, views) = QuotaCards::load_with_views(conn, &person, org, lang, today)?;
    let trend = super::dashboard::trend_card(conn, &views, fmt, org, today, chosen, |goal| {
        format!("{}?trend={goal}#trend", href(id))
    })?;
    let teams = Team::all(conn)?;
    let chain = team_chain(&teams, person.team_id);
    let crumbs = crumbs(conn, viewer, fmt.lang, &chain)?;
    let mut facts = vec![role_name(fmt.lang, person.role())];
    if let Some(team) = chain.last() {
        facts.push(team.name.clone());
    }
    facts.extend(person.partner_names(conn)?);
    Ok(Loaded {
        sales: Sale::recent_of_partner(conn, id, RECENT_SALES)?,
        person,
        crumbs,
        facts,
        quota,
        trend,
    })
}

/// The person's team and the teams above it, top first.
/// "Sales rep" / "영업 담당자".
pub fn role_name(lang: Lang, role: Role) -> String {
    lang.t(match role {
        Role::Rep => "role-rep",
        Role::Manager => "role-manager",
        Role::Admin => "role-admin",
        Role::Executive => "role-executive",
    })
}

fn team_chain(teams: &[Team], team_id: Option<i64>) -> Vec<&Team> {
    let mut chain = Vec::new();
    let mut cursor = team_id;
    // The tree has no cycles (checked on every move); the bound is a guard.
    while let Some(id) = cursor.filter(|_| chain.len() < 64) {
        let Some(team) = teams.iter().find(|t| t.id == id) else {
            break;
        };
        chain.push(team);
        cursor = team.parent_id;
    }
    chain.reverse();
    chain
}

/// Company › teams for company readers; the teams a manager runs, each on
/// their team page; a rep's own dashboard.
fn crumbs(
    conn: &mut PgConnection,
    viewer: &User,
    lang: Lang,
    chain: &[&Team],
) -> Result<Vec<(String, String)>, AppError> {
    let crumbs = match viewer.role() {
        Role::Admin | Role::Executive => {
            std::iter::once((lang.t("nav-company"), "/executive".into()))
                .chain(
                    chain
                        .iter()
                        .map(|t| (t.name.clone(), format!("/company/teams/{}", t.id))),
                )
                .collect()
        }
        Role::Manager => {
            let mine = crate::db::tree::managed_subtree(conn, viewer.id)?;
            let teams: Vec<(String, String)> = chain
                .iter()
                .filter(|t| mine.contains(&t.id))
                .map(|t| (t.name.clone(), format!("/manager?team={}", t.id)))
                .collect();
            if teams.is_empty() {
                vec![(lang.t("nav-dashboard"), home_for(Role::Manager).into())]
            } else {
                teams
            }
        }
        Role::Rep => vec![(lang.t("nav-dashboard"), home_for(Role::Rep).into())],
    };
    Ok(crumbs)
}

async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
    query: web::Query<PersonQuery>,
) -> Result<PersonPage, AppError> {
    let id = path.into_inner();
    let chosen = query.trend;
    let viewer = current.user.clone();
    let org = current.org.clone();
    let fmt = current.fmt();
    let loaded = db(&pool, move |conn| {
        load(conn, &viewer, &fmt, &org, id, chosen)
    })
    .await?;
    let f = current.fmt();
    let sales = loaded
        .sales
        .iter()
        .map(|sale| SaleLine {
            id: sale.id,
            date: f.day(sale.sales_date),
            title: sale.title.clone(),
            amount: f.money(sale.amount),
            status_label: super::sales::sale_status_label(f.lang, sale.status),
            status_class: super::sales::sale_status_class(sale.status),
        })
        .collect();
    let page = PersonPage {
        layout: current.layout(loaded.person.name.clone()),
        lang: current.lang(),
        crumbs: loaded.crumbs,
        name: loaded.person.name.clone(),
        facts: loaded.facts,
        active: loaded.person.active,
        is_self: loaded.person.id == current.user.id,
        quota: loaded.quota,
        trend: loaded.trend,
        sales,
    };
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn team(id: i64, parent_id: Option<i64>) -> Team {
        Team {
            id,
            name: format!("Team {id}"),
            parent_id,
            manager_id: None,
            active: true,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_chain_runs_from_the_top_team_down_to_the_persons() {
        let teams = vec![team(1, None), team(2, Some(1)), team(3, Some(2))];
        let ids: Vec<i64> = team_chain(&teams, Some(3)).iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![1, 2, 3]);
        assert!(team_chain(&teams, None).is_empty());
    }
}
