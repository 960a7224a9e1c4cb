//! The bonus line of a quota card: where the goal stands on its bonus
//! schedule, what that pays so far, and what the next tier needs.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{Either, HttpResponse, web};
use diesel::{PgConnection, QueryResult};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::detail::DetailPage;
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::bonus::{self, BonusSchedule, LoadedSchedule};
use crate::db::goals::Goal;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::bonus::{Basis, Tier, rate_label};
use crate::error::FieldMessages;
use crate::goals::progress::GoalView;
use crate::i18n::{Key, Lang};
use crate::input;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::SelectOption;
use crate::web::respond::{PageOr, WithStatus};

/// The schedules of `views`' goals, by id.
pub fn schedules_of(
    conn: &mut PgConnection,
    views: &[GoalView],
) -> Result<HashMap<i64, LoadedSchedule>, AppError> {
    let mut ids: Vec<i64> = views
        .iter()
        .filter_map(|v| v.goal.bonus_schedule_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(bonus::load_many(conn, &ids)?)
}

/// What the card shows about the bonus.
pub struct BonusLine {
    /// "2.0× — ₩1,200,000 so far"
    pub now: String,
    /// "3.0× at 150%", "Top tier reached".
    pub next: String,
    /// The schedule's name, for the tooltip.
    pub schedule: String,
    /// A tier is reached.
    pub earning: bool,
}

impl BonusLine {
    /// One line of text: "2.0× — ₩1,200,000 so far, 3.0× at 150%".
    pub fn text(&self) -> String {
        if self.next.is_empty() {
            self.now.clone()
        } else {
            format!("{}, {}", self.now, self.next)
        }
    }
}

/// What a schedule's thresholds count, as read.
pub fn basis_label(lang: Lang, basis: Basis) -> String {
    lang.t(match basis {
        Basis::Attainment => "goal-bonus-basis-attainment",
        Basis::MetricValue => "goal-bonus-basis-metric-value",
    })
}

/// The threshold as read: "150%" or "25 signups".
fn threshold_text(tier: &Tier, basis: Basis, view: &GoalView, f: &Fmt) -> String {
    match basis {
        Basis::Attainment => format!("{}%", tier.threshold.normalize()),
        Basis::MetricValue => {
            let amount = f.value(tier.threshold, view.metric.unit);
            if view.metric.unit == crate::domain::number::Unit::Count {
                let metric = f.metric(&view.metric.key, &view.metric.name);
                f.lang.tr(
                    "goal-bonus-threshold-count",
                    [
                        ("amount", amount.into()),
                        ("metric", metric.to_lowercase().into()),
                    ],
                )
            } else {
                amount
            }
        }
    }
}

fn tier_name(lang: Lang, tier: &Tier, basis: Basis) -> String {
    match basis {
        Basis::Attainment => rate_label(tier.rate),
        Basis::MetricValue => lang.tr(
            "goal-bonus-tier-name",
            [
                ("position", tier.position.into()),
                ("rate", rate_label(tier.rate).into()),
            ],
        ),
    }
}

/// The bonus line of a goal with a schedule.
pub fn line(view: &GoalView, schedule: &LoadedSchedule, org: &Organisation, f: &Fmt) -> BonusLine {
    let lang = f.lang;
    let rules = schedule.rules();
    let basis = rules.basis;
    let minor_unit = org.money_scale().places();
    let standing = rules.standing(
        view.progress.actual,
        view.goal.target,
        view.goal.bonus_base,
        minor_unit,
    );
    let now = match (standing.current, standing.amount) {
        (Some(tier), Some(amount)) => lang.tr(
            "goal-bonus-so-far",
            [
                ("tier", tier_name(lang, &tier, basis).into()),
                ("amount", f.money(amount).into()),
            ],
        ),
        (Some(tier), None) => lang.tr(
            "goal-bonus-tier-reached",
            [("tier", tier_name(lang, &tier, basis).into())],
        ),
        (None, _) => lang.t("goal-bonus-none-yet"),
    };
    let next = match standing.next {
        Some(tier) => lang.tr(
            "goal-bonus-next",
            [
                (
                    "tier",
                    match basis {
                        Basis::Attainment => rate_label(tier.rate),
                        Basis::MetricValue => lang.tr(
                            "goal-bonus-tier-lower",
                            [("position", tier.position.into())],
                        ),
                    }
                    .into(),
                ),
                ("threshold", threshold_text(&tier, basis, view, f).into()),
            ],
        ),
        None if standing.current.is_some() => lang.t("goal-bonus-top-tier"),
        None => String::new(),
    };
    BonusLine {
        now,
        next,
        schedule: f
            .lang
            .schedule_name(schedule.row.builtin.as_deref(), &schedule.row.name),
        earning: standing.current.is_some(),
    }
}

/// One tier in the goal page's table.
pub struct TierRow {
    pub threshold: String,
    pub rate: String,
    /// What the tier pays on this goal's base ("" without a base).
    pub pays: String,
    pub reached: bool,
}

/// The bonus form of the goal page, for those who set the goal's targets.
pub struct BonusForm {
    pub options: Vec<SelectOption>,
    pub selected: String,
    pub base: String,
    pub errors: FieldMessages,
    pub currency: String,
}

/// The goal page's bonus section.
pub struct BonusPanel {
    pub schedule: String,
    pub basis: String,
    pub base: String,
    pub tiers: Vec<TierRow>,
    pub line: Option<BonusLine>,
    pub form: Option<BonusForm>,
}

impl BonusPanel {
    /// Nothing to show: no schedule and no form.
    pub fn is_empty(&self) -> bool {
        self.schedule.is_empty() && self.form.is_none()
    }
}

/// The form as posted.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct BonusInput {
    pub bonus_schedule_id: String,
    pub bonus_base: String,
}

/// The schedules a goal of `metric_id` may use, as choices.
pub fn choices(
    conn: &mut PgConnection,
    lang: Lang,
    metric_id: i64,
) -> QueryResult<Vec<SelectOption>> {
    Ok(BonusSchedule::active(conn)?
        .into_iter()
        .filter(|s| s.fits_metric(metric_id))
        .map(|s| SelectOption::new(s.id, lang.schedule_name(s.builtin.as_deref(), &s.name)))
        .collect())
}

/// Builds the goal page's bonus section; `refused` puts a rejected form
/// back with its messages.
pub fn panel(
    conn: &mut PgConnection,
    viewer: &User,
    view: &GoalView,
    org: &Organisation,
    f: &Fmt,
    refused: Option<(BonusInput, FieldErrors)>,
) -> Result<BonusPanel, AppError> {
    let loaded = match view.goal.bonus_schedule_id {
        Some(id) => Some(bonus::load(conn, id)?),
        None => None,
    };
    let minor_unit = org.money_scale().places();
    let money = |amount: Decimal| f.money(amount);
    let (schedule, basis, tiers, line) = match &loaded {
        Some(schedule) => {
            let rules = schedule.rules();
            let reached = rules
                .tier_reached(view.progress.actual, view.goal.target)
                .map_or(0, |t| t.position);
            let tiers = rules
                .tiers
                .iter()
                .map(|t| TierRow {
                    threshold: threshold_text(t, rules.basis, view, f),
                    rate: rate_label(t.rate),
                    pays: view
                        .goal
                        .bonus_base
                        .map(|b| money(crate::domain::bonus::bonus_amount(b, t.rate, minor_unit)))
                        .unwrap_or_default(),
                    reached: t.position <= reached,
                })
                .collect();
            (
                f.lang
                    .schedule_name(schedule.row.builtin.as_deref(), &schedule.row.name),
                basis_label(f.lang, rules.basis),
                tiers,
                Some(line(view, schedule, org, f)),
            )
        }
        None => (String::new(), String::new(), Vec::new(), None),
    };
    let form = if crate::org::access::can_manage_goal(conn, viewer, &view.goal)? {
        let (input, errors) = refused.unwrap_or_else(|| {
            (
                BonusInput {
                    bonus_schedule_id: view
                        .goal
                        .bonus_schedule_id
                        .map(|id| id.to_string())
                        .unwrap_or_default(),
                    bonus_base: view
                        .goal
                        .bonus_base
                        .map(|b| f.money_input(b))
                        .unwrap_or_default(),
                },
                FieldErrors::new(),
            )
        });
        Some(BonusForm {
            options: choices(conn, f.lang, view.goal.metric_id)?,
            selected: input.bonus_schedule_id,
            base: input.bonus_base,
            errors: errors.shown(f.lang),
            currency: org.currency_code.clone(),
        })
    } else {
        None
    };
    Ok(BonusPanel {
        schedule,
        basis,
        base: view.goal.bonus_base.map(money).unwrap_or_default(),
        tiers,
        line,
        form,
    })
}

/// A goal's bonus as chosen: the schedule and the base, each optional.
use crate::goals::bonus::BonusChoice;

/// Checks the form against the goal: an active schedule that fits the
/// goal's metric (or none), a base of 0 or more in the currency's unit.
pub fn parse(
    conn: &mut PgConnection,
    goal: &Goal,
    input: &BonusInput,
    org: &Organisation,
) -> Result<Result<BonusChoice, FieldErrors>, AppError> {
    let mut errors = FieldErrors::new();
    let schedule = input::optional_id(&mut errors, "bonus_schedule_id", &input.bonus_schedule_id);
    if let Some(id) = schedule
        && let Some(problem) = crate::goals::bonus::schedule_problem(conn, goal, id)?
    {
        errors.add("bonus_schedule_id", problem);
    }
    let base = if input.bonus_base.trim().is_empty() {
        None
    } else {
        Some(input::money(
            &mut errors,
            "bonus_base",
            &input.bonus_base,
            org.money_scale(),
            Decimal::ZERO,
        ))
    };
    if base.is_some() && schedule.is_none() && errors.is_empty() {
        errors.add("bonus_schedule_id", Key("goal-bonus-base-needs-schedule"));
    }
    Ok(errors.into_result().map(|()| (schedule, base)))
}

/// `POST /goals/{id}/bonus`: sets the goal's schedule and bonus base
/// (those who set the goal's target), audited and in its history.
pub async fn save(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<BonusInput>,
) -> Result<PageOr<WithStatus<DetailPage>>, AppError> {
    let id = path.into_inner();
    let input = form.into_inner();
    let actor = current.user.clone();
    let org = current.org.clone();
    let posted = input.clone();
    let outcome = db(&pool, move |conn| {
        crate::goals::bonus::set(conn, &actor, id, |conn, goal| {
            parse(conn, goal, &posted, &org)
        })
    })
    .await?;
    match outcome {
        Ok(changed) => {
            current.session.flash(
                FlashLevel::Success,
                current.lang().t(if changed {
                    "goal-bonus-saved"
                } else {
                    "goal-nothing-changed"
                }),
            );
            Ok(Either::Right(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/goals/{id}")))
                    .finish(),
            ))
        }
        Err(errors) => super::detail::render(
            &pool,
            &current,
            id,
            Some((input, errors)),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Either::Left),
    }
}
