//! Achievements on the pages: a person's achievements with points and
//! streak (theirs, their managers', admins' and executives'), managers
//! recognising them, the feed of the team and the company (page and htmx
//! partial), and the dashboard's badge card.

use crate::domain::number::Unit;
use crate::rewards::achievements::words::TitleFacts;
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
use super::format::Fmt;
use super::layout::{Layout, SelectOption};
use super::respond::PageOr;
use super::{Routes, db};
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
use crate::i18n::Lang;
use crate::org::access;

mod feed_page;
mod person_page;

use feed_page::feed;
use person_page::{mine, person, recognise};

pub fn routes(r: &mut Routes) {
    r.get("/achievements", mine)
        .get("/achievements/feed", feed)
        .get(r"/people/{id:\d+}/achievements", person)
        .post(r"/achievements/{id:\d+}/recognise", recognise);
}

/// How many achievements a person's page lists.
const PAGE_LIMIT: i64 = 200;
/// How many badges the dashboard shows.
pub(crate) const BADGES: i64 = 6;
/// How many the feed shows.
const FEED_LIMIT: i64 = 50;
/// Longest recognition note.
const NOTE_MAX: usize = 300;

/// One achievement as the pages show it.
pub struct Item {
    pub id: i64,
    pub icon: &'static str,
    pub kind_label: String,
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
    titles: TitleFacts,
}

/// The month the organisation's fiscal year starts in (names quarters).
pub(crate) fn fiscal_start(org: &Organisation) -> u32 {
    org.fiscal_start_month()
}

impl Names {
    fn load(conn: &mut PgConnection, rows: &[Achievement]) -> Result<Names, AppError> {
        let fiscal = fiscal_start(&Organisation::get(conn)?);
        let mut ids: Vec<i64> = rows.iter().filter_map(|a| a.recognised_by).collect();
        ids.sort_unstable();
        ids.dedup();
        let people = if ids.is_empty() {
            HashMap::new()
        } else {
            achievements::names_of(conn, &ids)?
        };
        Ok(Names {
            titles: TitleFacts::load(conn, rows, fiscal)?,
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

/// A badge's name in the reader's language.
fn kind_label(lang: Lang, kind: Kind) -> String {
    lang.t(match kind {
        Kind::GoalAchieved => "achievement-kind-goal",
        Kind::YearlyGoalAchieved => "achievement-kind-yearly",
        Kind::BonusTier => "achievement-kind-tier",
        Kind::Milestone => "achievement-kind-milestone",
        Kind::PerfectMonth => "achievement-kind-perfect-month",
        Kind::Streak => "achievement-kind-streak",
    })
}

fn item(a: Achievement, person: String, names: &Names, f: &Fmt, can_recognise: bool) -> Item {
    let lang = f.lang;
    let kind = a.kind().unwrap_or(Kind::GoalAchieved);
    let unit = a
        .metric_id
        .and_then(|id| names.metric_units.get(&id))
        .map_or(Unit::Count, |unit| *unit);
    let mut parts = Vec::new();
    match kind {
        Kind::GoalAchieved | Kind::YearlyGoalAchieved | Kind::BonusTier => {
            if let (Some(actual), Some(goal)) = (a.actual, a.goal_value) {
                parts.push(lang.tr(
                    "achievement-detail-of",
                    [
                        ("actual", f.value(actual, unit).into()),
                        ("goal", f.value(goal, unit).into()),
                    ],
                ));
            }
        }
        Kind::Milestone => {
            if let Some(value) = a.actual {
                parts.push(lang.tr(
                    "achievement-detail-at",
                    [("value", f.value(value, unit).into())],
                ));
            }
        }
        Kind::PerfectMonth => {
            if let Some(goals) = a.goal_value {
                let n = i64::try_from(goals.normalize()).unwrap_or_default();
                parts.push(lang.tr("achievement-detail-perfect", [("count", n.into())]));
            }
        }
        Kind::Streak => {}
    }
    if let Some(percent) = a.percent.filter(|_| kind != Kind::PerfectMonth) {
        parts.push(f.percent(Some(percent)));
    }
    match (a.bonus_amount, a.tier) {
        (Some(amount), Some(tier)) => parts.push(lang.tr(
            "achievement-detail-bonus",
            [("amount", f.money(amount).into()), ("tier", tier.into())],
        )),
        (None, Some(tier)) if kind == Kind::GoalAchieved => {
            parts.push(lang.tr("achievement-detail-tier", [("tier", tier.into())]))
        }
        _ => {}
    }
    let recognised = a.recognised_at.map(|at| {
        let by = a
            .recognised_by
            .and_then(|id| names.people.get(&id).cloned())
            .unwrap_or_else(|| lang.t("achievement-recognised-someone"));
        let on = f.day_of(at);
        match a.recognition_note.as_deref().filter(|n| !n.is_empty()) {
            Some(note) => lang.tr(
                "achievement-recognised-note",
                [("by", by.into()), ("day", on.into()), ("note", note.into())],
            ),
            None => lang.tr(
                "achievement-recognised",
                [("by", by.into()), ("day", on.into())],
            ),
        }
    });
    let (headline, context) = names.titles.title(lang, &a);
    let title = names.titles.full_title(lang, &a);
    Item {
        id: a.id,
        headline,
        context,
        icon: kind.icon(),
        kind_label: kind_label(lang, kind),
        kind_class: kind_class(kind),
        title,
        date: f.day(a.achieved_on),
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
pub fn months_text(lang: Lang, n: u32) -> String {
    lang.tr("achievement-months", [("count", n.into())])
}

/// The dashboard's achievements card.
pub struct BadgeCard {
    /// The reader's language (the card is included in the dashboard).
    pub lang: Lang,
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
        let titles = TitleFacts::load(conn, &summary.latest, fiscal_start(org))?;
        Ok(BadgeCard::build(user, org, today, summary, titles))
    }

    /// The card from its rows: the summary and the names its titles need.
    pub fn build(
        user: &User,
        org: &Organisation,
        today: NaiveDate,
        summary: achievements::BadgeSummary,
        titles: TitleFacts,
    ) -> BadgeCard {
        let streak = streak(&summary.perfect_months, today);
        let f = Fmt::new(crate::auth::extract::reader_lang(user, org), org);
        let names = Names {
            metric_units: HashMap::new(),
            people: HashMap::new(),
            titles,
        };
        BadgeCard {
            lang: f.lang,
            points: f.count(Decimal::from(summary.points)),
            streak: months_text(f.lang, streak),
            streak_months: streak,
            badges: summary
                .latest
                .into_iter()
                .map(|a| item(a, user.name.clone(), &names, &f, false))
                .collect(),
            total: usize::try_from(summary.earned).unwrap_or(0),
        }
    }
}
