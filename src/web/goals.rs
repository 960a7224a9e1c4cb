//! Goal progress on the pages: the quota card (a partial shared by the rep
//! dashboard and the goal detail), the cards container the activity logger
//! refreshes, and the routes of the goal pages.

pub mod bonus;
mod detail;
mod lifecycle;
pub mod logger;
mod milestones;
mod mine;
mod objectives;

use crate::domain::number::Unit;
use std::collections::HashMap;

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use chrono::NaiveDate;
use diesel::PgConnection;
use rust_decimal::Decimal;

use super::error::AppError;
use super::format::Fmt;
use super::{Routes, db, format};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::db::bonus::LoadedSchedule;
use crate::db::goals::{Goal, Owner};
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::attainment::{self, GoalProgress};
use crate::domain::lifecycle::Status;
use crate::goals::progress::{self, GoalView};
use crate::i18n::Lang;

pub fn routes(r: &mut Routes) {
    r.get("/goals/{id}", detail::show)
        .get("/goals/{id}/card", card)
        .post("/goals/{id}/status/{action}", lifecycle::transition)
        .post("/goals/{id}/target", lifecycle::change_target)
        .post("/goals/{id}/bonus", bonus::save)
        .post("/goals/{id}/objectives", objectives::add)
        .post("/goals/{id}/objectives/{objective}", objectives::update)
        .post(
            "/goals/{id}/objectives/{objective}/delete",
            objectives::remove,
        )
        .post("/goals/{id}/milestones", milestones::add)
        .post("/goals/{id}/milestones/{milestone}", milestones::update)
        .post(
            "/goals/{id}/milestones/{milestone}/move/{direction}",
            milestones::shift,
        )
        .post(
            "/goals/{id}/milestones/{milestone}/delete",
            milestones::remove,
        )
        .get("/my-goals", mine::show)
        .post("/my-goals", mine::create)
        .post("/events", logger::log_event);
}

/// Everything a quota card shows, already formatted.
pub struct Card {
    pub goal_id: i64,
    /// The goal's title, or its metric's name.
    pub heading: String,
    /// "Revenue · June 2026" under a titled goal, else the period.
    pub subheading: String,
    pub actual: String,
    pub target: String,
    pub percent: String,
    /// Attainment for the progress bar, 0–100 in steps of 5 (`w-NN`).
    pub bar: u32,
    pub week_change: String,
    pub days_left: String,
    pub needed: String,
    pub pace_class: &'static str,
    pub pace_label: String,
    pub health_class: &'static str,
    pub health_label: String,
    /// Where the goal stands on its bonus schedule, if it has one.
    pub bonus: Option<bonus::BonusLine>,
    /// "from: logged … · imported … · confirmed sales …" for the metrics
    /// sales feed (see [`sources_line`]); "" otherwise.
    pub sources: String,
    /// "62% likely" from the stored forecast; "" without one or while the
    /// period is over.
    pub forecast: String,
    /// "Top 23% of Gold Distributor partners" from the stored same-tier
    /// benchmark of the owner's own goal; "" without one or when over.
    pub benchmark: String,
}

/// Where a goal's actual comes from, for the metrics partner sales feed
/// (revenue, deals): those pages show the same word beside a sales total
/// that counts confirmed sales only. "" for other metrics.
pub fn sources_line(view: &GoalView, f: &Fmt) -> String {
    if !matches!(view.metric.key.as_str(), "revenue" | "deals") {
        return String::new();
    }
    let unit = view.metric.unit;
    crate::web::sales::sources_note(f, &view.sources, |amount| f.value(amount, unit))
}

/// A goal's status as a badge reads it: "Pending approval", "Active".
pub fn status_label(lang: Lang, status: Status) -> String {
    lang.t(match status {
        Status::Draft => "goal-status-draft",
        Status::PendingApproval => "goal-status-pending-approval",
        Status::Approved => "goal-status-approved",
        Status::Active => "goal-status-active",
        Status::Paused => "goal-status-paused",
        Status::Completed => "goal-status-completed",
        Status::Failed => "goal-status-failed",
        Status::Cancelled => "goal-status-cancelled",
    })
}

/// A goal's status inside a sentence: "pending approval", "active".
pub fn status_word(lang: Lang, status: Status) -> String {
    lang.t(match status {
        Status::Draft => "goal-status-word-draft",
        Status::PendingApproval => "goal-status-word-pending-approval",
        Status::Approved => "goal-status-word-approved",
        Status::Active => "goal-status-word-active",
        Status::Paused => "goal-status-word-paused",
        Status::Completed => "goal-status-word-completed",
        Status::Failed => "goal-status-word-failed",
        Status::Cancelled => "goal-status-word-cancelled",
    })
}

/// The pace badge: "Ahead", "On track", "Behind", "Critical".
pub fn pace_label(lang: Lang, pace: attainment::Pace) -> String {
    lang.t(match pace {
        attainment::Pace::Ahead => "goal-pace-ahead",
        attainment::Pace::OnTrack => "goal-pace-on-track",
        attainment::Pace::Behind => "goal-pace-behind",
        attainment::Pace::Critical => "goal-pace-critical",
    })
}

/// The health line: "Completed", "On track", "Needs attention", "Critical".
pub fn health_label(lang: Lang, health: attainment::Health) -> String {
    lang.t(match health {
        attainment::Health::Completed => "goal-health-completed",
        attainment::Health::OnTrack => "goal-health-on-track",
        attainment::Health::NeedsAttention => "goal-health-needs-attention",
        attainment::Health::Critical => "goal-health-critical",
    })
}

impl Card {
    pub fn new(
        view: &GoalView,
        org: &Organisation,
        f: &Fmt,
        today: NaiveDate,
        schedules: &HashMap<i64, LoadedSchedule>,
    ) -> Card {
        let unit = view.metric.unit;
        let p = &view.progress;
        let metric = f.metric(&view.metric.key, &view.metric.name);
        let period = f.period(&view.period);
        let (heading, subheading) = match &view.goal.title {
            Some(title) if !title.trim().is_empty() => {
                (title.clone(), format!("{metric} · {period}"))
            }
            _ => (metric, period),
        };
        Card {
            goal_id: view.goal.id,
            heading,
            subheading,
            actual: f.value(p.actual, unit),
            target: f.value(p.target, unit),
            percent: f.percent(p.attainment_percent),
            bar: format::bar_step(p.attainment_percent),
            week_change: f.lang.tr(
                "goal-card-this-week",
                [("change", f.signed(p.change_this_week, unit).into())],
            ),
            days_left: days_left_text(f, p, view.period.start_date, today),
            needed: needed_text(f, p, unit, org),
            pace_class: pace_class(p.pace),
            pace_label: pace_label(f.lang, p.pace),
            health_class: health_class(p.health),
            health_label: health_label(f.lang, p.health),
            bonus: view
                .goal
                .bonus_schedule_id
                .and_then(|id| schedules.get(&id))
                .map(|schedule| bonus::line(view, schedule, org, f)),
            sources: String::new(),
            forecast: forecast_text(view, f, today),
            benchmark: benchmark_text(view, f, today),
        }
    }
}

/// "Top 23% of Gold Distributor partners" / "not enough … peers", for a
/// personal goal whose period is still running and that the daily job has
/// ranked. Only the owner's own standing: no peer is named or counted.
pub fn benchmark_text(view: &GoalView, f: &Fmt, today: NaiveDate) -> String {
    match &view.benchmark {
        Some(b) if today <= view.period.end_date => {
            let tier = ("tier", b.partner_tier.as_str().into());
            let kind = ("type", b.partner_type.as_str().into());
            match b.top_percent {
                Some(top) => f.lang.tr(
                    "goal-card-benchmark-top",
                    [tier, kind, ("percent", top.to_string().into())],
                ),
                None => f.lang.tr("goal-card-benchmark-few", [tier, kind]),
            }
        }
        _ => String::new(),
    }
}

/// "62% likely" / "not enough history to forecast", for a goal whose period
/// is still running and that the daily job has forecast.
fn forecast_text(view: &GoalView, f: &Fmt, today: NaiveDate) -> String {
    match &view.forecast {
        Some(forecast) if today <= view.period.end_date => match forecast.percent() {
            Some(percent) => f.lang.tr(
                "goal-card-likely",
                [("percent", f.lang.percent(percent, 0).into())],
            ),
            None => f.lang.t("goal-card-not-enough-history"),
        },
        _ => String::new(),
    }
}

pub fn pace_class(pace: attainment::Pace) -> &'static str {
    match pace {
        attainment::Pace::Ahead => "pace-ahead",
        attainment::Pace::OnTrack => "pace-on-track",
        attainment::Pace::Behind => "pace-behind",
        attainment::Pace::Critical => "pace-critical",
    }
}

pub fn health_class(health: attainment::Health) -> &'static str {
    match health {
        attainment::Health::Completed => "health-completed",
        attainment::Health::OnTrack => "health-on-track",
        attainment::Health::NeedsAttention => "health-needs-attention",
        attainment::Health::Critical => "health-critical",
    }
}

/// "23 days remaining", "1 day remaining", "Period ended", "Starts 1 Jul 2026".
pub fn days_left_text(f: &Fmt, p: &GoalProgress, start: NaiveDate, today: NaiveDate) -> String {
    match p.days_left {
        _ if today < start => f
            .lang
            .tr("goal-card-starts", [("date", f.day(start).into())]),
        0 => f.lang.t("goal-card-period-ended"),
        n => f.lang.tr("goal-card-days-remaining", [("count", n.into())]),
    }
}

/// A per-day amount a rep must reach, rounded UP: to the currency's minor
/// unit for money, to whole numbers for counts.
pub fn per_day(f: &Fmt, amount: Decimal, unit: Unit, org: &Organisation) -> String {
    let places = match unit {
        Unit::Money => org.money_scale().places(),
        Unit::Count => 0,
        Unit::Percent => attainment::SCALE,
    };
    f.value(attainment::round_up_to(amount, places), unit)
}

/// "$2,717.40/day needed to hit target", "Target reached", …
fn needed_text(f: &Fmt, p: &GoalProgress, unit: Unit, org: &Organisation) -> String {
    match p.needed_per_day {
        Some(n) if n.is_zero() => f.lang.t("goal-card-target-reached"),
        Some(n) => f.lang.tr(
            "goal-card-needed",
            [("amount", per_day(f, n, unit, org).into())],
        ),
        None if p.target <= Decimal::ZERO => f.lang.t("goal-card-no-target"),
        None => f.lang.t("goal-card-ended-short"),
    }
}

/// The viewer's quota cards with their overall attainment: the part of the
/// dashboard an activity refreshes (`#quota-cards`).
pub struct QuotaCards {
    pub overall: String,
    /// Overall attainment for its bar, like [`Card::bar`].
    pub overall_bar: u32,
    pub on_pace: usize,
    pub cards: Vec<Card>,
    /// Metric ids of the cards, to put the logger's buttons in order.
    pub metric_ids: Vec<i64>,
}

impl QuotaCards {
    /// The current goals of `user` on `today`.
    pub fn load(
        conn: &mut PgConnection,
        user: &User,
        org: &Organisation,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<QuotaCards, AppError> {
        Ok(Self::load_with_views(conn, user, org, lang, today)?.0)
    }

    /// [`QuotaCards::load`] with the views behind the cards.
    /// `lang` is the reader's (not necessarily `user`'s).
    pub fn load_with_views(
        conn: &mut PgConnection,
        user: &User,
        org: &Organisation,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<(QuotaCards, Vec<GoalView>), AppError> {
        let placed = Goal::current_for(conn, Owner::User(user.id), today)?
            .into_iter()
            .map(|(goal, period, metric)| progress::Placed {
                goal,
                metric,
                period,
                owner_name: user.name.clone(),
            })
            .collect();
        let views = progress::views_of(conn, placed, today)?;
        let schedules = bonus::schedules_of(conn, &views)?;
        Ok((Self::of_views(&views, org, lang, today, &schedules), views))
    }

    /// The cards of views at hand, with their goals' bonus schedules.
    pub fn of_views(
        views: &[GoalView],
        org: &Organisation,
        lang: Lang,
        today: NaiveDate,
        schedules: &HashMap<i64, crate::db::bonus::LoadedSchedule>,
    ) -> QuotaCards {
        let f = Fmt::new(lang, org);
        let overall = progress::overall_attainment(views);
        let mut cards = QuotaCards {
            overall: f.percent(overall),
            overall_bar: format::bar_step(overall),
            on_pace: views.iter().filter(|v| v.progress.on_pace).count(),
            metric_ids: views.iter().map(|v| v.goal.metric_id).collect(),
            cards: views
                .iter()
                .map(|v| Card::new(v, org, &f, today, schedules))
                .collect(),
        };
        for (card, view) in cards.cards.iter_mut().zip(views) {
            card.sources = sources_line(view, &f);
        }
        cards
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "goals/_card.html")]
pub struct CardPartial {
    lang: Lang,
    card: Card,
}

/// A goal the viewer may read, or 404 so that nobody learns whether a goal
/// they may not see exists.
fn visible_goal(conn: &mut PgConnection, viewer: &User, id: i64) -> Result<Goal, AppError> {
    crate::org::access::visible_goal(conn, viewer, id)?.ok_or(AppError::NotFound)
}

/// The card alone, for htmx refreshes.
async fn card(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<CardPartial, AppError> {
    let id = path.into_inner();
    let viewer = current.user.clone();
    let org = current.org.clone();
    let f = current.fmt();
    let card = db(&pool, move |conn| {
        let goal = visible_goal(conn, &viewer, id)?;
        let today = progress::org_today(&org);
        let views = progress::views(conn, vec![goal], &org, today)?;
        let schedules = bonus::schedules_of(conn, &views)?;
        match views.first() {
            Some(view) => {
                let mut card = Card::new(view, &org, &f, today, &schedules);
                card.sources = sources_line(view, &f);
                Ok(Some(card))
            }
            None => Ok(None),
        }
    })
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(CardPartial {
        lang: current.lang(),
        card,
    })
}
