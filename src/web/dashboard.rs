//! The dashboard each role lands on: the reader's own progress (every role
//! has one) and the administrator's overview.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;

use super::cache::{Caches, Catalog, CatalogKey};
use super::error::{AppError, FieldErrors};
use super::fragment;
use super::goals::QuotaCards;
use super::goals::logger::{Logger, LoggerForm};
use super::layout::Layout;
use super::trend::{TrendCard, TrendChoice};
use super::{Routes, db};
use crate::auth::extract::CheckedAt;
use crate::auth::{CurrentUser, RequireAdmin, SignedIn};
use crate::db::DbPool;
use crate::db::achievements::BadgeSummary;
use crate::db::audit::{self, AuditRow};
use crate::db::dashboard::{DashboardQuery, DashboardRows, NetworkRow};
use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::goals::progress::{self, GoalView};
use crate::goals::sheets;
use crate::i18n::{DateStyle, Lang};
use crate::rewards::achievements::words::TitleFacts;
use crate::web::format::Fmt;

pub fn routes(r: &mut Routes) {
    r.get("/dashboard", personal).get("/admin", admin);
}

/// A partner the reader sponsors, as their card lists them.
struct Person {
    name: String,
    team: String,
    partner: String,
}

#[derive(Template)]
#[template(path = "dashboard/personal.html")]
pub(crate) struct PersonalPage {
    layout: Layout,
    lang: Lang,
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
    /// The card from the rows it names: the reader, their sponsor and the
    /// partners they sponsor, each with the names of their team, partner
    /// type and tier.
    fn of_rows(rows: &[NetworkRow], me: &User) -> Network {
        let mine = rows.iter().find(|row| row.id == me.id);
        let my = |name: fn(&NetworkRow) -> &Option<String>| {
            mine.and_then(|row| name(row).clone()).unwrap_or_default()
        };
        Network {
            team: my(|row| &row.team),
            sponsor: rows
                .iter()
                .find(|row| Some(row.id) == me.sponsor_id)
                .map(|row| row.name.clone())
                .unwrap_or_default(),
            partner_type: my(|row| &row.partner_type),
            partner_tier: my(|row| &row.partner_tier),
            downline: rows
                .iter()
                .filter(|row| row.sponsor_id == Some(me.id))
                .map(|row| Person {
                    name: row.name.clone(),
                    team: row.team.clone().unwrap_or_default(),
                    partner: row.partner(),
                })
                .collect(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/admin.html")]
struct AdminPage {
    layout: Layout,
    lang: Lang,
    by_role: Vec<(String, usize)>,
    inactive: usize,
    teams: usize,
    partner_types: usize,
    partner_tiers: usize,
    recent: Vec<RecentChange>,
}

/// A line of the admin overview's recent changes, on the organisation's clock.
struct RecentChange {
    who: String,
    summary: String,
    when: String,
    when_iso: String,
}

impl RecentChange {
    fn new(row: AuditRow, f: &Fmt) -> RecentChange {
        RecentChange {
            who: row
                .actor_name
                .unwrap_or_else(|| f.lang.t("dash-admin-system")),
            summary: row.summary,
            when: f.instant(row.created_at),
            when_iso: row.created_at.to_rfc3339(),
        }
    }
}

/// Every user, team, partner type and tier: what the admin overview counts.
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
}

/// `?trend=ID`: the goal the trend chart shows.
#[derive(serde::Deserialize)]
struct PersonalQuery {
    trend: Option<i64>,
}

/// The hottest page: the session's user is checked in the same database
/// call (and transaction) as the cards are read, saving a trip to the
/// pool per request. Nothing read is shown unless the check passed.
async fn personal(
    pool: web::Data<DbPool>,
    caches: web::Data<Caches>,
    signed_in: SignedIn,
    query: web::Query<PersonalQuery>,
) -> Result<fragment::Answer, AppError> {
    let (user_id, issued_at) = signed_in.ids();
    let csrf_token = signed_in.session.csrf_token();
    let trend = query.trend;
    let caches = caches.into_inner();
    let (checked, cards) = db(&pool, move |conn| {
        // The reader with the change epoch, then the cards: two statements.
        let CheckedAt { checked, epoch } = SignedIn::check_at_epoch(conn, user_id, issued_at)?;
        let cards = match (checked.found(), epoch) {
            (Some((me, org)), Some(epoch)) => {
                let catalog = caches.catalog_at(conn, epoch, org)?;
                Some(Cards::load(
                    conn, &catalog, me, org, csrf_token, None, trend,
                )?)
            }
            _ => None,
        };
        Ok((checked, cards))
    })
    .await?;
    let current = signed_in.accept(checked)?;
    match cards {
        Some(cards) => cards.page(&current, StatusCode::OK),
        None => Err(AppError::Unauthenticated),
    }
}

/// The goal whose trend a page shows among the reader's current ones:
/// the `chosen` one, by default the first money goal, else the first.
fn trend_goal(views: &[GoalView], chosen: Option<i64>) -> Option<&GoalView> {
    chosen
        .and_then(|id| views.iter().find(|v| v.goal.id == id))
        .or_else(|| views.iter().find(|v| v.metric.is_money()))
        .or_else(|| views.first())
}

/// The trend of the chosen goal among the reader's current ones (see
/// [`trend_goal`]), with links to the others (`href` of a goal id: the
/// same page showing that goal's trend).
pub(crate) fn trend_card(
    conn: &mut diesel::PgConnection,
    views: &[GoalView],
    fmt: &Fmt,
    org: &crate::db::organisation::Organisation,
    today: chrono::NaiveDate,
    chosen: Option<i64>,
    href: impl Fn(i64) -> String,
) -> Result<Option<TrendCard>, AppError> {
    let Some(view) = trend_goal(views, chosen) else {
        return Ok(None);
    };
    let trend = crate::goals::trends::goal_trend(conn, view, today, None)?;
    Ok(Some(trend_card_of(view, &trend, views, fmt, org, href)))
}

/// The card of `view`'s trend with the links to the other `views`.
fn trend_card_of(
    view: &GoalView,
    trend: &crate::goals::trends::GoalTrend,
    views: &[GoalView],
    fmt: &Fmt,
    org: &crate::db::organisation::Organisation,
    href: impl Fn(i64) -> String,
) -> TrendCard {
    let mut card = TrendCard::for_reader(view, trend, org, fmt);
    let label = |v: &GoalView| {
        let name = v.goal.title.clone().filter(|t| !t.trim().is_empty());
        let name = name.unwrap_or_else(|| fmt.metric(&v.metric.key, &v.metric.name));
        let same = views
            .iter()
            .filter(|o| {
                let other = o.goal.title.clone().filter(|t| !t.trim().is_empty());
                other.unwrap_or_else(|| fmt.metric(&o.metric.key, &o.metric.name)) == name
            })
            .count();
        if same > 1 {
            format!("{name} · {}", fmt.period(&v.period))
        } else {
            name
        }
    };
    card.choices = views
        .iter()
        .map(|v| TrendChoice {
            href: href(v.goal.id),
            label: label(v),
            current: v.goal.id == view.goal.id,
        })
        .collect();
    card
}

/// Everything the reader's dashboard shows below its heading, read in one
/// database call. [`PersonalPage`] repeats these fields flat because the
/// shared card templates it includes name them at the top level.
struct Cards {
    today: chrono::NaiveDate,
    quota: QuotaCards,
    logger: Logger,
    network: Network,
    sheet: super::sheets::SheetCard,
    badges: super::achievements::BadgeCard,
    trend: Option<TrendCard>,
}

impl Cards {
    /// The cards of `me`: overall attainment, a quota card per current
    /// goal, the trend of the `trend` goal, the sheet, the activity logger
    /// (refilled with `refused` input and its messages after a bad entry),
    /// badges and their place in the network.
    fn load(
        conn: &mut diesel::PgConnection,
        catalog: &Catalog,
        me: &User,
        org: &crate::db::organisation::Organisation,
        csrf_token: String,
        refused: Option<(LoggerForm, FieldErrors)>,
        trend: Option<i64>,
    ) -> Result<Cards, AppError> {
        let today = crate::goals::progress::org_today(org);
        let lang = crate::auth::extract::reader_lang(me, org);
        let fmt = Fmt::new(lang, org);
        let now = chrono::Utc::now();
        let (sheet_year, sheet_month) =
            crate::domain::deadline::sheet_month(now, crate::goals::sheets::tz_of(org));
        let rows = DashboardRows::load(
            conn,
            &DashboardQuery {
                user_id: me.id,
                today,
                week_start: crate::domain::attainment::week_start(today),
                trend_goal: trend,
                sheet_year,
                sheet_month,
                badges: super::achievements::BADGES,
            },
            &catalog.periods,
            &catalog.metrics,
            &catalog.schedules,
        )?;
        let placed = rows
            .goals
            .into_iter()
            .map(|row| progress::Placed {
                goal: row.goal,
                metric: row.metric,
                period: row.period,
                owner_name: me.name.clone(),
            })
            .collect();
        let views = progress::views_from_rows(placed, rows.actuals, today);
        let schedules =
            crate::db::bonus::grouped(rows.schedules.into_iter().map(|r| (r.row, r.tier)));
        let quota = QuotaCards::of_views(&views, org, lang, today, &schedules);

        // The statement read the days of the goal this page picks; should
        // the two ever disagree, the card reads its own.
        let href = |id| format!("/dashboard?trend={id}#trend");
        let trend = match trend_goal(&views, trend) {
            Some(view) if Some(view.goal.id) == rows.trend_goal => {
                let daily: Vec<_> = rows
                    .trend
                    .iter()
                    .filter_map(|d| d.events.map(|e| (d.day, e)))
                    .collect();
                let snapshots: Vec<_> = rows
                    .trend
                    .iter()
                    .filter_map(|d| d.recorded.map(|r| (d.day, r)))
                    .collect();
                let days = crate::goals::trends::trend_of_days(view, today, &daily, &snapshots);
                Some(trend_card_of(view, &days, &views, &fmt, org, href))
            }
            Some(_) => trend_card(conn, &views, &fmt, org, today, trend, href)?,
            None => None,
        };

        let reached = match rows.sheet.as_ref().filter(|s| s.is_set()) {
            Some(sheet) => Some(
                match sheets::month_tier_from(sheet, &views, &schedules, rows.ladder_id) {
                    Some(reached) => reached,
                    None => sheets::month_tier_in(conn, sheet, &views)?.1,
                },
            ),
            None => None,
        };
        let sheet =
            super::sheets::SheetCard::build(me, org, now, csrf_token.clone(), rows.sheet, reached)?;
        let logger = Logger::of_metrics(
            catalog.active_metrics(),
            &quota.metric_ids,
            csrf_token,
            today,
            lang,
            refused,
        );
        let titles = TitleFacts::of_rows(rows.titles, super::achievements::fiscal_start(org));
        let summary = BadgeSummary {
            latest: rows.latest,
            earned: rows.earned,
            points: rows.points,
            perfect_months: rows.perfect_months,
        };
        let badges = super::achievements::BadgeCard::build(me, org, today, summary, titles);
        Ok(Cards {
            today,
            quota,
            logger,
            network: Network::of_rows(&rows.network, me),
            sheet,
            badges,
            trend,
        })
    }

    /// The page, its frame (head and navigation) spliced in kept.
    fn page(self, current: &CurrentUser, status: StatusCode) -> Result<fragment::Answer, AppError> {
        let layout = current.framed_layout_t("dash-my-progress")?;
        let parts = layout.parts();
        let page = PersonalPage {
            layout,
            lang: current.lang(),
            // The whole name: its first word is the family name in many cultures.
            greeting_name: current.user.name.clone(),
            today: current.fmt().date(self.today, DateStyle::Weekday),
            quota: self.quota,
            logger: self.logger,
            network: self.network,
            sheet: self.sheet,
            badges: self.badges,
            trend: self.trend,
        };
        let rendered = page.render()?;
        Ok(fragment::Answer::new(
            fragment::Page::split_all(rendered, parts),
            status,
        ))
    }
}

/// The reader's own dashboard, refilled with `refused` logger input and its
/// messages after a bad entry.
pub(crate) async fn render_personal(
    pool: &DbPool,
    current: &CurrentUser,
    refused: Option<(LoggerForm, FieldErrors)>,
    status: StatusCode,
    trend: Option<i64>,
) -> Result<fragment::Answer, AppError> {
    let me = current.user.clone();
    let org = current.org.clone();
    let csrf_token = current.session.csrf_token();
    let cards = db(pool, move |conn| {
        let catalog = Catalog::load(conn, &CatalogKey::of(&org))?;
        Cards::load(conn, &catalog, &me, &org, csrf_token, refused, trend)
    })
    .await?;
    cards.page(current, status)
}

async fn admin(pool: web::Data<DbPool>, current: RequireAdmin) -> Result<AdminPage, AppError> {
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
            let label = current.lang().t(match role {
                Role::Rep => "dash-admin-count-rep",
                Role::Manager => "dash-admin-count-manager",
                Role::Admin => "dash-admin-count-admin",
                Role::Executive => "dash-admin-count-executive",
            });
            (label, count)
        })
        .collect();
    let page = AdminPage {
        layout: current.layout_t("dash-admin-title"),
        lang: current.lang(),
        by_role,
        inactive: directory.users.iter().filter(|u| !u.active).count(),
        teams: directory.teams.iter().filter(|t| t.active).count(),
        partner_types: directory.type_names.len(),
        partner_tiers: directory.tier_names.len(),
        recent: recent
            .into_iter()
            .map(|row| RecentChange::new(row, &current.fmt()))
            .collect(),
    };
    Ok(page)
}
