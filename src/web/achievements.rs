//! Achievements on the pages: a person's achievements with points and
//! streak (theirs, their managers', admins' and executives'), managers
//! recognising them, the feed of the team and the company (page and htmx
//! partial), and the dashboard's badge card.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::error::{AppError, FieldErrors};
use super::layout::{Layout, SelectOption};
use super::respond::PageOr;
use super::{Routes, db, format};
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::achievements::{self, Achievement};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::teams::Team;
use crate::db::tree;
use crate::db::users::User;
use crate::domain::achievement::{self as rules, Kind};
use crate::domain::role::Role;
use crate::org::access;

pub fn routes(r: &mut Routes) {
    r.get("/achievements", mine)
        .get("/achievements/feed", feed)
        .get(r"/people/{id:\d+}/achievements", person)
        .post(r"/achievements/{id:\d+}/recognise", recognise);
}

/// How many achievements a person's page lists.
const PAGE_LIMIT: i64 = 200;
/// How many badges the dashboard shows.
const BADGES: i64 = 6;
/// How many the feed shows.
const FEED_LIMIT: i64 = 50;
/// Longest recognition note.
const NOTE_MAX: usize = 300;

/// One achievement as the pages show it.
pub struct Item {
    pub id: i64,
    pub icon: &'static str,
    pub kind_label: &'static str,
    pub kind_class: &'static str,
    pub title: String,
    /// The title's first part ("Bonus tier 2 unlocked") and the rest
    /// ("Revenue, June 2026"), for the dashboard's chips.
    pub headline: String,
    pub context: String,
    pub date: String,
    /// "125.00% · ₩1,200,000 bonus at tier 3"
    pub detail: String,
    pub points: i32,
    pub person: String,
    pub person_href: String,
    /// "Recognised by Mia on 3 Jul 2026: Great month"
    pub recognised: Option<String>,
    pub can_recognise: bool,
}

/// What formatting an item needs besides the row.
struct Names {
    metric_units: HashMap<i64, crate::domain::number::Unit>,
    people: HashMap<i64, String>,
}

impl Names {
    fn load(conn: &mut PgConnection, rows: &[Achievement]) -> Result<Names, AppError> {
        let mut ids: Vec<i64> = rows.iter().filter_map(|a| a.recognised_by).collect();
        ids.sort_unstable();
        ids.dedup();
        let people = if ids.is_empty() {
            HashMap::new()
        } else {
            achievements::names_of(conn, &ids)?
        };
        Ok(Names {
            metric_units: Metric::all(conn)?
                .into_iter()
                .map(|m| (m.id, m.unit))
                .collect(),
            people,
        })
    }
}

fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::GoalAchieved => "ach-goal",
        Kind::YearlyGoalAchieved => "ach-yearly",
        Kind::BonusTier => "ach-tier",
        Kind::Milestone => "ach-milestone",
        Kind::PerfectMonth => "ach-perfect",
        Kind::Streak => "ach-streak",
    }
}

fn date_text(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

fn item(
    a: Achievement,
    person: String,
    names: &Names,
    org: &Organisation,
    can_recognise: bool,
) -> Item {
    let kind = a.kind().unwrap_or(Kind::GoalAchieved);
    let unit = a
        .metric_id
        .and_then(|id| names.metric_units.get(&id))
        .map_or("count", |unit| unit.as_str());
    let mut parts = Vec::new();
    match kind {
        Kind::GoalAchieved | Kind::YearlyGoalAchieved | Kind::BonusTier => {
            if let (Some(actual), Some(goal)) = (a.actual, a.goal_value) {
                parts.push(format!(
                    "{} of {}",
                    format::value(actual, unit, org),
                    format::value(goal, unit, org)
                ));
            }
        }
        Kind::Milestone => {
            if let Some(value) = a.actual {
                parts.push(format!("at {}", format::value(value, unit, org)));
            }
        }
        Kind::PerfectMonth => {
            if let Some(goals) = a.goal_value {
                let n = goals.normalize();
                parts.push(format!(
                    "{n} {} at 100% or more",
                    if n == Decimal::ONE { "goal" } else { "goals" }
                ));
            }
        }
        Kind::Streak => {}
    }
    if let Some(percent) = a.percent.filter(|_| kind != Kind::PerfectMonth) {
        parts.push(format!("{percent:.2}%"));
    }
    match (a.bonus_amount, a.tier) {
        (Some(amount), Some(tier)) => parts.push(format!(
            "{} bonus at tier {tier}",
            format::value(amount, "money", org)
        )),
        (None, Some(tier)) if kind == Kind::GoalAchieved => parts.push(format!("tier {tier}")),
        _ => {}
    }
    let recognised = a.recognised_at.map(|at| {
        let by = a
            .recognised_by
            .and_then(|id| names.people.get(&id).cloned())
            .unwrap_or_else(|| "a manager".into());
        let mut text = format!(
            "Recognised by {by} on {}",
            super::format::date(at, super::format::zone(org))
        );
        if let Some(note) = a.recognition_note.as_deref().filter(|n| !n.is_empty()) {
            text.push_str(&format!(": “{note}”"));
        }
        text
    });
    let (headline, context) = match a.title.split_once(" · ") {
        Some((head, rest)) => (head.to_string(), rest.to_string()),
        None => (a.title.clone(), String::new()),
    };
    Item {
        id: a.id,
        headline,
        context,
        icon: kind.icon(),
        kind_label: kind.label(),
        kind_class: kind_class(kind),
        title: a.title,
        date: date_text(a.achieved_on),
        detail: parts.join(" · "),
        points: a.points,
        person,
        person_href: format!("/people/{}/achievements", a.user_id),
        can_recognise: can_recognise && a.recognised_at.is_none(),
        recognised,
    }
}

/// A person's current streak, from the first days of their perfect months.
fn streak(perfect_months: &[NaiveDate], today: NaiveDate) -> u32 {
    let months: Vec<i32> = perfect_months
        .iter()
        .map(|m| rules::month_index(m.year(), m.month()))
        .collect();
    rules::current_streak(&months, rules::month_index(today.year(), today.month()))
}

/// "3 months", "1 month".
pub fn months_text(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

/// The dashboard's achievements card.
pub struct BadgeCard {
    pub points: String,
    pub streak: String,
    pub streak_months: u32,
    pub badges: Vec<Item>,
    pub total: usize,
}

impl BadgeCard {
    /// The latest few badges, points and streak of `user`.
    pub fn load(
        conn: &mut PgConnection,
        user: &User,
        org: &Organisation,
        today: NaiveDate,
    ) -> Result<BadgeCard, AppError> {
        // One query on every dashboard: the chips need no names.
        let summary = achievements::badge_summary(conn, user.id, BADGES)?;
        let streak = streak(&summary.perfect_months, today);
        let names = Names {
            metric_units: HashMap::new(),
            people: HashMap::new(),
        };
        Ok(BadgeCard {
            points: format::count(Decimal::from(summary.points)),
            streak: months_text(streak),
            streak_months: streak,
            badges: summary
                .latest
                .into_iter()
                .map(|a| item(a, user.name.clone(), &names, org, false))
                .collect(),
            total: usize::try_from(summary.earned).unwrap_or(0),
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/person.html")]
struct PersonPage {
    layout: Layout,
    own: bool,
    name: String,
    points: String,
    streak: String,
    counts: Vec<(&'static str, &'static str, usize)>,
    items: Vec<Item>,
}

async fn mine(pool: web::Data<DbPool>, current: CurrentUser) -> Result<PersonPage, AppError> {
    render_person(&pool, &current, current.user.id).await
}

async fn person(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<PersonPage, AppError> {
    render_person(&pool, &current, path.into_inner()).await
}

async fn render_person(
    pool: &DbPool,
    current: &CurrentUser,
    user_id: i64,
) -> Result<PersonPage, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let (person, rows, names, points, streak, can_recognise) = db(pool, move |conn| {
        if !access::can_view_user(conn, &viewer, user_id)? {
            return Err(AppError::NotFound);
        }
        let person = User::find(conn, user_id)?;
        let rows = Achievement::of_user(conn, user_id, PAGE_LIMIT)?;
        let names = Names::load(conn, &rows)?;
        let today = crate::goals::progress::org_today(&org);
        let streak = streak(&Achievement::perfect_months(conn, user_id)?, today);
        let points = achievements::points_total(conn, user_id)?;
        let can_recognise = access::can_manage_user(conn, &viewer, user_id)?;
        Ok((person, rows, names, points, streak, can_recognise))
    })
    .await?;
    let counts = Kind::ALL
        .into_iter()
        .map(|kind| {
            let n = rows.iter().filter(|a| a.kind == kind.as_str()).count();
            (kind.label(), kind_class(kind), n)
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let own = person.id == current.user.id;
    let items = rows
        .into_iter()
        .map(|a| item(a, person.name.clone(), &names, &current.org, can_recognise))
        .collect();
    let page = PersonPage {
        layout: current.layout(if own {
            "My achievements".to_string()
        } else {
            format!("Achievements of {}", person.name)
        }),
        own,
        name: person.name,
        points: format::count(Decimal::from(points)),
        streak: months_text(streak),
        counts,
        items,
    };
    Ok(page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RecogniseForm {
    note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/_item.html")]
struct ItemPartial {
    item: Item,
    csrf_token: String,
    show_person: bool,
}

/// `POST /achievements/{id}/recognise`: a manager of the earner's subtree
/// (or an admin) recognises an achievement, once, audited.
async fn recognise(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    req: HttpRequest,
    path: web::Path<i64>,
    form: web::Form<RecogniseForm>,
) -> Result<PageOr<ItemPartial>, AppError> {
    let id = path.into_inner();
    let note = form.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::Invalid(FieldErrors::one(
            "note",
            format!("Keep the note to {NOTE_MAX} characters."),
        )));
    }
    let actor = current.user.clone();
    let org = current.org.clone();
    let (updated, person, names) = db(&pool, move |conn| {
        let (updated, person) = crate::rewards::recognition::recognise(conn, &actor, id, &note)?;
        let names = Names::load(conn, std::slice::from_ref(&updated))?;
        Ok((updated, person, names))
    })
    .await?;
    if req.headers().contains_key("hx-request") {
        let show_person = req
            .headers()
            .get("hx-target")
            .is_some_and(|t| t.to_str().unwrap_or_default().starts_with("feed-"));
        let partial = ItemPartial {
            item: item(updated, person.name, &names, &org, false),
            csrf_token: current.session.csrf_token(),
            show_person,
        };
        return Ok(Either::Left(partial));
    }
    current.session.flash(
        FlashLevel::Success,
        format!("Recognised {}'s achievement.", person.name),
    );
    Ok(Either::Right(
        HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/people/{}/achievements", person.id),
            ))
            .finish(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    scope: String,
    team: String,
}

/// Which people a feed covers.
enum FeedScope {
    Company,
    Team(Team),
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/feed.html")]
struct FeedPage {
    layout: Layout,
    feed: Feed,
    teams: Vec<SelectOption>,
}

/// The feed's list: the page's body and the htmx partial.
pub struct Feed {
    pub company: bool,
    pub heading: String,
    pub team_id: String,
    pub items: Vec<Item>,
    pub csrf_token: String,
    pub refresh: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "achievements/_feed.html")]
struct FeedPartial {
    feed: Feed,
}

/// The teams a viewer may pick for the team feed: their own team and the
/// teams they manage (admins and executives: every team).
fn feed_teams(conn: &mut PgConnection, viewer: &User) -> Result<Vec<Team>, AppError> {
    let all = Team::all(conn)?;
    Ok(match access::visible_teams(conn, viewer)? {
        None => all,
        Some(visible) => all
            .into_iter()
            .filter(|t| visible.contains(&t.id) || viewer.team_id == Some(t.id))
            .collect(),
    })
}

/// `GET /achievements/feed?scope=team|company[&team=ID]`: the latest
/// achievements of a team's subtree or of the whole company. Everyone may
/// read the company's (as the leaderboard); a team's, its members, its
/// managers above it, admins and executives.
async fn feed(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    req: HttpRequest,
    query: web::Query<FeedQuery>,
) -> Result<Either<FeedPartial, FeedPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let query = query.into_inner();
    let wants_company = match query.scope.as_str() {
        "company" => true,
        "team" => false,
        "" => matches!(viewer.role(), Role::Admin | Role::Executive) || viewer.team_id.is_none(),
        _ => {
            return Err(AppError::BadRequest(
                "Choose the team or the company.".into(),
            ));
        }
    };
    let team_param = query.team.trim().parse::<i64>().ok();
    let (scope, rows, names, teams, reach) = db(&pool, move |conn| {
        let teams = feed_teams(conn, &viewer)?;
        let scope = if wants_company {
            FeedScope::Company
        } else {
            let chosen = team_param
                .or(viewer.team_id)
                .or(teams.first().map(|t| t.id));
            match chosen {
                Some(id) => FeedScope::Team(
                    teams
                        .iter()
                        .find(|t| t.id == id)
                        .cloned()
                        .ok_or(AppError::NotFound)?,
                ),
                None => FeedScope::Company,
            }
        };
        let people = match &scope {
            FeedScope::Company => None,
            FeedScope::Team(team) => Some(tree::team_members(conn, team.id)?),
        };
        let rows = Achievement::feed(conn, people.as_deref(), FEED_LIMIT)?;
        let list: Vec<Achievement> = rows.iter().map(|(a, _)| a.clone()).collect();
        let names = Names::load(conn, &list)?;
        // Whose pages the viewer may open, and whom they may recognise
        // (their subtree; admins everyone): once per person.
        let mut people: Vec<i64> = rows.iter().map(|(a, _)| a.user_id).collect();
        people.sort_unstable();
        people.dedup();
        let mut reach = HashMap::new();
        for person in people {
            let view = access::can_view_user(conn, &viewer, person)?;
            let manage = view && access::can_manage_user(conn, &viewer, person)?;
            reach.insert(person, (view, manage));
        }
        Ok((scope, rows, names, teams, reach))
    })
    .await?;
    let (company, heading, team_id) = match &scope {
        FeedScope::Company => (true, format!("Across {}", org.name), String::new()),
        FeedScope::Team(team) => (false, format!("Team {}", team.name), team.id.to_string()),
    };
    let refresh = if company {
        "/achievements/feed?scope=company".to_string()
    } else {
        format!("/achievements/feed?scope=team&team={team_id}")
    };
    let feed = Feed {
        company,
        heading,
        team_id,
        items: rows
            .into_iter()
            .map(|(a, name)| {
                let (view, manage) = reach.get(&a.user_id).copied().unwrap_or_default();
                let mut shown = item(a, name, &names, &org, manage);
                if !view {
                    shown.person_href.clear();
                }
                shown
            })
            .collect(),
        csrf_token: current.session.csrf_token(),
        refresh,
    };
    if req.headers().contains_key("hx-request") {
        return Ok(Either::Left(FeedPartial { feed }));
    }
    let page = FeedPage {
        layout: current.layout("Achievements feed"),
        teams: teams
            .into_iter()
            .map(|t| SelectOption::new(t.id, t.name))
            .collect(),
        feed,
    };
    Ok(Either::Right(page))
}
