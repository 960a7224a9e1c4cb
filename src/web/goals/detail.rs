//! The goal detail page: the card at full size, every number behind it, the
//! milestone timeline and the events the actual is summed from.

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use diesel::PgConnection;
use rust_decimal::Decimal;

use super::milestones::{self, MilestonesSection};
use super::objectives::{Failed, ObjectivesSection, section};
use super::{Card, per_day, visible_goal};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::db::events::{MetricEvent, Scope};
use crate::db::goal_lifecycle::Lifecycle;
use crate::db::goals::{Goal, Owner};
use crate::db::organisation::Organisation;
use crate::db::revisions::GoalRevision;
use crate::db::users::User;
use crate::domain::lifecycle::{Action, Status, decide};
use crate::domain::period::PeriodKind;
use crate::domain::target::Breakdown;
use crate::goals::lifecycle;
use crate::goals::progress::{self, GoalView};
use crate::goals::trends::GoalTrend;
use crate::i18n::Lang;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, home_for};
use crate::web::respond::{WithStatus, with_status};
use crate::web::targets::view::BreakdownView;
use crate::web::trend::TrendCard;

mod labels;
mod load;

use labels::{period_range, source_label, status_label, timeline};
use load::{Failures, Loaded, load};

/// The most events listed under a goal.
const EVENT_LIMIT: i64 = 100;

pub struct EventRow {
    pub date: String,
    pub person: String,
    pub value: String,
    pub source: String,
    pub note: String,
    /// Why this negative fact corrects an earlier one, if it does.
    pub correction: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "goals/detail.html")]
pub struct DetailPage {
    layout: Layout,
    lang: Lang,
    back: (String, String),
    card: Card,
    owner: String,
    period_range: String,
    status: String,
    status_reason: String,
    goal_id: i64,
    target_plain: String,
    is_active: bool,
    timeline: Vec<RevisionRow>,
    actions: Vec<ActionButton>,
    can_revise: bool,
    numbers: Vec<(String, String)>,
    milestones: MilestonesSection,
    events: Vec<EventRow>,
    events_capped: bool,
    team_scope: bool,
    trend: TrendCard,
    bonus: super::bonus::BonusPanel,
    breakdown: Option<GoalBreakdown>,
    objectives: ObjectivesSection,
    /// The calculator for this goal's person, month and metric.
    recompute: Option<String>,
}

/// How the goal's target was computed, when it was set from the formula.
pub struct GoalBreakdown {
    pub view: BreakdownView,
    /// "Changed by hand to ₩20,000,000 since" when the target moved away.
    pub note: String,
}

/// One change in the goal's history.
pub struct RevisionRow {
    pub who: String,
    pub when: String,
    pub reason: String,
    /// (field, before, after), already worded.
    pub changes: Vec<(String, String, String)>,
}

/// A transition button the viewer may use.
pub struct ActionButton {
    pub slug: &'static str,
    pub label: String,
    pub needs_reason: bool,
    /// Cancel and send back look secondary.
    pub secondary: bool,
}

/// `GET /goals/{id}`.
pub async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<WithStatus<DetailPage>, AppError> {
    render(
        &pool,
        &current,
        path.into_inner(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

/// The page; `refused` shows a rejected bonus form with its messages,
/// `failed` a failed objective form's values and messages.
pub async fn render(
    pool: &DbPool,
    current: &CurrentUser,
    id: i64,
    refused: Option<(super::bonus::BonusInput, FieldErrors)>,
    failed: Option<Failed>,
    status: StatusCode,
) -> Result<WithStatus<DetailPage>, AppError> {
    let failures = Failures {
        refused,
        failed,
        milestones_failed: None,
    };
    render_all(pool, current, id, failures, status).await
}

/// The page with a refused milestone change and its messages.
pub async fn render_milestones(
    pool: &DbPool,
    current: &CurrentUser,
    id: i64,
    failed: milestones::Failed,
    status: StatusCode,
) -> Result<WithStatus<DetailPage>, AppError> {
    let failures = Failures {
        milestones_failed: Some(failed),
        ..Failures::default()
    };
    render_all(pool, current, id, failures, status).await
}

async fn render_all(
    pool: &DbPool,
    current: &CurrentUser,
    id: i64,
    failures: Failures,
    status: StatusCode,
) -> Result<WithStatus<DetailPage>, AppError> {
    let viewer = current.user.clone();
    let org = current.org.clone();
    let csrf = current.session.csrf_token();
    let f = current.fmt();
    let lang = f.lang;
    let fmt = f.clone();
    let loaded = db(pool, move |conn| {
        load(conn, &viewer, &org, &fmt, id, csrf, failures)
    })
    .await?;
    let org = &current.org;
    let today = progress::org_today(org);
    let Loaded {
        view,
        revisions,
        actions,
        can_revise,
        status_reason,
        milestones,
        events,
        trend,
        bonus,
        schedules,
        sources,
        breakdown,
        objectives,
        can_manage,
    } = loaded;
    // The calculator for this person, month and metric, where the formula
    // may apply and the viewer sets the owner's targets.
    let recompute = match view.goal.owner() {
        Owner::User(user)
            if can_manage
                && view.period.kind == PeriodKind::Month
                && crate::domain::target::Basis::for_metric(&view.metric.key).is_some() =>
        {
            Some(format!(
                "/targets/calculator?user={user}&month={}&metric={}",
                view.period.start_date.format("%Y-%m"),
                view.metric.id
            ))
        }
        _ => None,
    };
    let unit = view.metric.unit;
    let p = &view.progress;
    let owner = match view.goal.owner() {
        Owner::User(_) => view.owner_name.clone(),
        Owner::Team(_) => lang.tr(
            "goal-owner-team",
            [("name", view.owner_name.clone().into())],
        ),
        Owner::Company => lang.tr(
            "goal-owner-company",
            [("name", view.owner_name.clone().into())],
        ),
    };
    let mine = view.goal.owner() == Owner::User(current.user.id);
    // A person's goal leads back to their page (the drill-down's trail).
    let back = match view.goal.owner() {
        _ if mine => ("/dashboard".to_string(), lang.t("goal-back-my-progress")),
        Owner::User(id) => (super::super::people::href(id), view.owner_name.clone()),
        _ => (
            home_for(current.role()).to_string(),
            lang.t("goal-back-dashboard"),
        ),
    };
    let needed = match p.needed_per_day {
        Some(n) if n.is_zero() => lang.t("goal-card-target-reached"),
        Some(n) => per_day(&f, n, unit, org),
        None => "—".to_string(),
    };
    let mut numbers = vec![
        (lang.t("goal-number-actual"), f.value(p.actual, unit)),
        (lang.t("goal-number-target"), f.value(p.target, unit)),
        (
            lang.t("goal-number-attainment"),
            f.percent(p.attainment_percent),
        ),
        (
            lang.t("goal-number-expected"),
            f.value(p.expected_to_date, unit),
        ),
        (lang.t("goal-number-remaining"), f.value(p.remaining, unit)),
        (
            lang.t("goal-number-projection"),
            f.value(p.projection, unit),
        ),
        (lang.t("goal-number-needed"), needed),
        (
            lang.t("goal-number-days-left"),
            f.count(Decimal::from(p.days_left)),
        ),
        (
            lang.t("goal-number-week"),
            f.signed(p.change_this_week, unit),
        ),
        (lang.t("goal-number-weight"), f.count(view.goal.weight)),
    ];
    if let Some(forecast) = &view.forecast {
        numbers.extend(forecast_rows(&f, forecast, unit));
    }
    let page = DetailPage {
        layout: current.layout(format!(
            "{} · {}",
            f.metric(&view.metric.key, &view.metric.name),
            f.period(&view.period)
        )),
        lang,
        back,
        card: Card {
            sources,
            ..Card::new(&view, org, &f, today, &schedules)
        },
        owner,
        period_range: period_range(&view, org, &f),
        status: status_label(lang, view.goal.status),
        status_reason: status_reason.unwrap_or_default(),
        goal_id: view.goal.id,
        target_plain: view.goal.target.normalize().to_string(),
        is_active: view.goal.status == Status::Active,
        timeline: timeline(&revisions, unit, &f),
        actions: actions
            .into_iter()
            .map(|a| ActionButton {
                slug: a.slug(),
                label: super::lifecycle::action_label(lang, a),
                needs_reason: a.needs_reason(),
                secondary: matches!(a, Action::Cancel | Action::SendBack),
            })
            .collect(),
        can_revise,
        numbers,
        milestones,
        events_capped: events.len() as i64 >= EVENT_LIMIT,
        events: events
            .into_iter()
            .map(|(event, person)| EventRow {
                date: f.day(event.occurred_on),
                person,
                value: f.value(event.value, unit),
                source: source_label(lang, &event.source),
                note: event.note.unwrap_or_default(),
                correction: event.correction_reason,
            })
            .collect(),
        team_scope: !matches!(view.goal.owner(), Owner::User(_)),
        trend: TrendCard::for_reader(&view, &trend, org, &f),
        bonus,
        breakdown: breakdown.map(|b| GoalBreakdown {
            note: if b.final_target.normalize() == view.goal.target.normalize() {
                String::new()
            } else {
                lang.tr(
                    "goal-breakdown-changed",
                    [
                        ("target", f.value(view.goal.target, unit).into()),
                        ("formula", f.value(b.final_target, unit).into()),
                    ],
                )
            },
            view: BreakdownView::shown(&b, &f),
        }),
        objectives,
        recompute,
    };
    Ok(with_status(page, status))
}

/// The forecast as short rows (they share a narrow table with the other
/// figures): the chance, the likely end's low and high (P10, P90), and the
/// day it was made; or "not enough history".
fn forecast_rows(
    f: &crate::web::format::Fmt,
    forecast: &crate::db::forecasts::GoalForecast,
    unit: crate::domain::number::Unit,
) -> Vec<(String, String)> {
    let lang = f.lang;
    let mut rows = vec![(
        lang.t("goal-number-forecast"),
        match forecast.percent() {
            Some(percent) => lang.percent(percent, 0),
            None => lang.t("goal-forecast-not-enough-history"),
        },
    )];
    if let (Some(low), Some(high)) = (forecast.p10, forecast.p90) {
        rows.push((lang.t("goal-number-forecast-low"), f.value(low, unit)));
        rows.push((lang.t("goal-number-forecast-high"), f.value(high, unit)));
    }
    rows.push((lang.t("goal-number-forecast-as-of"), f.day(forecast.day)));
    rows
}
