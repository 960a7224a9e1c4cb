//! The dashboard each role lands on: the reader's own progress (every role
//! has one) and the administrator's overview.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::error::{AppError, FieldErrors, html};
use super::goals::QuotaCards;
use super::goals::logger::{Logger, LoggerForm};
use super::layout::Layout;
use super::trend::{TrendCard, TrendChoice};
use super::{Routes, db};
use crate::auth::{CurrentUser, RequireAdmin};
use crate::db::DbPool;
use crate::db::audit::{self, AuditRow};
use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::progress::GoalView;

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
    greeting_name: String,
    today: String,
    quota: QuotaCards,
    logger: Logger,
    network: Network,
    sheet: super::sheets::SheetCard,
    badges: super::achievements::BadgeCard,
    trend: Option<TrendCard>,
}

/// The reader's place in the partner network.
struct Network {
    team: String,
    sponsor: String,
    partner_type: String,
    partner_tier: String,
    downline: Vec<Person>,
}

impl Network {
    /// Only the rows the reader's card needs: their sponsor and the partners
    /// they sponsor, not the whole directory.
    fn load(conn: &mut diesel::PgConnection, me: &User) -> Result<Network, AppError> {
        use crate::db::schema::users;
        use diesel::prelude::*;
        let mut people: Vec<User> = users::table
            .filter(users::sponsor_id.eq(me.id))
            .select(User::as_select())
            .order((users::name, users::id))
            .load(conn)?;
        let downline_len = people.len();
        if let Some(sponsor) = me.sponsor_id {
            people.push(User::find(conn, sponsor)?);
        }
        // Only the teams the card names.
        let team_ids: Vec<i64> = people
            .iter()
            .filter_map(|u| u.team_id)
            .chain(me.team_id)
            .collect();
        let teams = crate::db::schema::teams::table
            .filter(crate::db::schema::teams::id.eq_any(team_ids))
            .select(Team::as_select())
            .load(conn)?;
        let directory = Directory {
            users: people,
            teams,
            type_names: PartnerType::all(conn)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect(),
            tier_names: PartnerTier::all(conn)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect(),
        };
        let name_of = |names: &HashMap<i64, String>, id: Option<i64>| {
            id.and_then(|id| names.get(&id).cloned())
                .unwrap_or_default()
        };
        Ok(Network {
            team: directory.team_name(me.team_id),
            sponsor: directory.user_name(me.sponsor_id),
            partner_type: name_of(&directory.type_names, me.partner_type_id),
            partner_tier: name_of(&directory.tier_names, me.partner_tier_id),
            downline: directory.users[..downline_len]
                .iter()
                .map(|u| directory.person(u))
                .collect(),
        })
    }
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

/// `?trend=ID`: the goal the trend chart shows.
#[derive(serde::Deserialize)]
struct PersonalQuery {
    trend: Option<i64>,
}

async fn personal(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    query: web::Query<PersonalQuery>,
) -> Result<HttpResponse, AppError> {
    render_personal(&pool, &current, None, StatusCode::OK, query.trend).await
}

/// The trend of the chosen goal among the reader's current ones (by
/// default the first money goal, else the first), with links to the others.
fn trend_card(
    conn: &mut diesel::PgConnection,
    views: &[GoalView],
    org: &crate::db::organisation::Organisation,
    today: chrono::NaiveDate,
    chosen: Option<i64>,
) -> Result<Option<TrendCard>, AppError> {
    let shown = chosen
        .and_then(|id| views.iter().find(|v| v.goal.id == id))
        .or_else(|| views.iter().find(|v| v.metric.is_money()))
        .or_else(|| views.first());
    let Some(view) = shown else {
        return Ok(None);
    };
    let trend = crate::trends::goal_trend(conn, view, today, None)?;
    let mut card = TrendCard::new(view, &trend, org);
    let label = |v: &GoalView| {
        let name = v.goal.title.clone().filter(|t| !t.trim().is_empty());
        let name = name.unwrap_or_else(|| v.metric.name.clone());
        let same = views
            .iter()
            .filter(|o| o.goal.title.as_deref().unwrap_or(&o.metric.name) == name)
            .count();
        if same > 1 {
            format!("{name} · {}", v.period.name)
        } else {
            name
        }
    };
    card.choices = views
        .iter()
        .map(|v| TrendChoice {
            href: format!("/dashboard?trend={}#trend", v.goal.id),
            label: label(v),
            current: v.goal.id == view.goal.id,
        })
        .collect();
    Ok(Some(card))
}

/// The reader's own dashboard: overall attainment, a quota card per current
/// goal, the activity logger (refilled with `refused` input and its
/// messages after a bad entry) and their place in the network.
pub(crate) async fn render_personal(
    pool: &DbPool,
    current: &CurrentUser,
    refused: Option<(LoggerForm, FieldErrors)>,
    status: StatusCode,
    trend: Option<i64>,
) -> Result<HttpResponse, AppError> {
    let me = current.user.clone();
    let org = current.org.clone();
    let csrf_token = current.session.csrf_token();
    let today = crate::progress::org_today(&org);
    let (quota, logger, network, sheet, badges, trend) = db(pool, move |conn| {
        let (quota, views) = QuotaCards::load_with_views(conn, &me, &org, today)?;
        let trend = trend_card(conn, &views, &org, today, trend)?;
        let sheet = super::sheets::SheetCard::load(
            conn,
            &me,
            &org,
            chrono::Utc::now(),
            csrf_token.clone(),
        )?;
        let logger = Logger::load(conn, &quota.metric_ids, csrf_token, today, refused)?;
        let badges = super::achievements::BadgeCard::load(conn, &me, &org, today)?;
        Ok((
            quota,
            logger,
            Network::load(conn, &me)?,
            sheet,
            badges,
            trend,
        ))
    })
    .await?;
    let page = PersonalPage {
        layout: current.layout("My progress"),
        // The whole name: its first word is the family name in many cultures.
        greeting_name: current.user.name.clone(),
        today: today.format("%A, %-d %B %Y").to_string(),
        quota,
        logger,
        network,
        sheet,
        badges,
        trend,
    };
    Ok(html(status, page.render()))
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
