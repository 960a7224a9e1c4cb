//! The numbers behind the team and company pages. Actuals are sums of
//! events: a person's own, a team's over everyone in its subtree (active or
//! not: past events still count), the company's over everyone. They are
//! loaded set-based, one grouped query per metric, and summed here through
//! the team tree, so a page costs the same for 5 teams or 500.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::{PgConnection, QueryResult};
use rust_decimal::Decimal;

pub use crate::board::rollup::{
    metrics_of, period_goals, personal_goal_metrics, shared_period_goals,
    shared_period_goals_with_forecasts,
};
use crate::db::forecasts::GoalForecast;
use crate::db::goals::{Goal, Owner};
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::domain::attainment::{self, Health, Pace};
use crate::domain::period::Period;
use crate::i18n::Lang;
pub use crate::org::roster::{Person, Roster};
use crate::web::format::Fmt;

/// A goal owner as a map key (`Owner` is not `Hash`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Holder {
    User(i64),
    Team(i64),
    Company,
}

impl From<Owner> for Holder {
    fn from(owner: Owner) -> Self {
        match owner {
            Owner::User(id) => Holder::User(id),
            Owner::Team(id) => Holder::Team(id),
            Owner::Company => Holder::Company,
        }
    }
}

/// One owner's standing on one metric: actual, target, attainment, health,
/// ready to show.
pub struct Figure {
    pub goal_id: Option<i64>,
    pub actual: Decimal,
    pub target: Option<Decimal>,
    pub weight: Decimal,
    pub percent: Option<Decimal>,
    pub health: Option<Health>,
    pub actual_text: String,
    pub target_text: String,
    pub percent_text: String,
    /// "62% likely" from the goal's stored forecast, when the ledger has
    /// its forecasts (the executive rollup) and the period still runs.
    pub chance_text: String,
}

impl Figure {
    /// The CSS class of the health colour, empty without a goal.
    pub fn tone(&self) -> &'static str {
        self.health.map(tone_class).unwrap_or("")
    }

    pub fn health_label(&self, lang: &Lang) -> String {
        let lang = *lang;
        match self.health {
            Some(health) => health_label(lang, health),
            None => lang.t("health-none"),
        }
    }
}

/// A goal's health in words: "On track" / "순조".
pub fn health_label(lang: Lang, health: Health) -> String {
    lang.t(match health {
        Health::Completed => "health-completed",
        Health::OnTrack => "health-on-track",
        Health::NeedsAttention => "health-needs-attention",
        Health::Critical => "health-critical",
    })
}

/// A goal's pace in words: "On track" / "순조", "Behind" / "뒤처짐".
pub fn pace_label(lang: Lang, pace: Pace) -> String {
    lang.t(match pace {
        Pace::Ahead => "pace-ahead",
        Pace::OnTrack => "pace-on-track",
        Pace::Behind => "pace-behind",
        Pace::Critical => "pace-critical",
    })
}

pub fn tone_class(health: Health) -> &'static str {
    match health {
        Health::Completed => "h-completed",
        Health::OnTrack => "h-on_track",
        Health::NeedsAttention => "h-needs_attention",
        Health::Critical => "h-critical",
    }
}

/// The health colour of an overall attainment: completed at 100 %, else
/// judged against the share of the period elapsed, as a goal's pace is.
pub fn overall_tone(percent: Option<Decimal>, span: &Period, today: NaiveDate) -> &'static str {
    match percent {
        None => "",
        Some(p) => {
            let progress = attainment::progress(Decimal::ONE_HUNDRED, p, p, span, today);
            tone_class(progress.health)
        }
    }
}

/// Actuals and goals of one period for a set of metrics.
pub struct Ledger {
    pub span: Period,
    pub today: NaiveDate,
    pub metrics: Vec<Metric>,
    pub fmt: Fmt,
    totals: HashMap<i64, HashMap<i64, Decimal>>,
    goals: HashMap<(Holder, i64), Goal>,
    /// Stored forecasts of the goals, by goal id (see [`Ledger::with_forecasts`]).
    forecasts: HashMap<i64, GoalForecast>,
}

impl Ledger {
    /// Loads the actuals of `metrics` in `period` for `people` (`None`:
    /// everyone) and indexes `goals` by owner and metric.
    pub fn load(
        conn: &mut PgConnection,
        fmt: &Fmt,
        period: &PeriodRow,
        today: NaiveDate,
        metrics: Vec<Metric>,
        goals: Vec<Goal>,
        people: Option<&[i64]>,
    ) -> QueryResult<Ledger> {
        let span = period.period();
        let totals = crate::board::rollup::actuals(conn, period, &metrics, people)?;
        Ok(Ledger {
            span,
            today,
            metrics,
            fmt: fmt.clone(),
            totals,
            goals: goals
                .into_iter()
                .map(|g| ((Holder::from(g.owner()), g.metric_id), g))
                .collect(),
            forecasts: HashMap::new(),
        })
    }

    /// The goals' stored forecasts, read with the goals
    /// (`shared_period_goals_with_forecasts`), for each figure's chance.
    pub fn with_forecasts(mut self, forecasts: HashMap<i64, GoalForecast>) -> Ledger {
        self.forecasts = forecasts;
        self
    }

    /// "62% likely" / "not enough history" for `goal`'s stored forecast
    /// while the period runs; "" without one.
    fn chance(&self, goal: Option<&Goal>) -> String {
        let lang = self.fmt.lang;
        match goal.and_then(|g| self.forecasts.get(&g.id)) {
            Some(f) if self.today <= self.span.end => match f.percent() {
                Some(percent) => lang.tr(
                    "goal-card-likely",
                    [("percent", lang.percent(percent, 0).into())],
                ),
                None => lang.t("goal-forecast-not-enough-history"),
            },
            _ => String::new(),
        }
    }

    pub fn goal(&self, holder: Holder, metric_id: i64) -> Option<&Goal> {
        self.goals.get(&(holder, metric_id))
    }

    fn sum(&self, metric_id: i64, people: impl IntoIterator<Item = i64>) -> Decimal {
        let Some(by_user) = self.totals.get(&metric_id) else {
            return Decimal::ZERO;
        };
        people
            .into_iter()
            .filter_map(|p| by_user.get(&p))
            .copied()
            .sum()
    }

    /// The actual of a holder on a metric: a person's own events, a team's
    /// subtree, everyone loaded for the company.
    pub fn actual(&self, roster: &Roster, holder: Holder, metric_id: i64) -> Decimal {
        match holder {
            Holder::User(id) => self.sum(metric_id, [id]),
            Holder::Team(id) => self.sum(metric_id, roster.people_under(id)),
            Holder::Company => self
                .totals
                .get(&metric_id)
                .map(|by_user| by_user.values().copied().sum())
                .unwrap_or_default(),
        }
    }

    /// The events of people in no team: they count for the company only.
    pub fn unassigned_actual(&self, roster: &Roster, metric_id: i64) -> Decimal {
        self.sum(metric_id, roster.unassigned().map(|p| p.id))
    }

    pub fn figure(&self, roster: &Roster, holder: Holder, metric: &Metric) -> Figure {
        let actual = self.actual(roster, holder, metric.id);
        self.figure_of(actual, self.goal(holder, metric.id), metric)
    }

    /// A figure from a known actual and the goal, if any.
    pub fn figure_of(&self, actual: Decimal, goal: Option<&Goal>, metric: &Metric) -> Figure {
        let progress = goal.map(|g| {
            // The week's change is not shown here, so the week-start actual
            // is just the actual.
            attainment::progress(g.target, actual, actual, &self.span, self.today)
        });
        let percent = progress.as_ref().and_then(|p| p.attainment_percent);
        Figure {
            goal_id: goal.map(|g| g.id),
            actual,
            target: goal.map(|g| g.target),
            weight: goal.map(|g| g.weight).unwrap_or(Decimal::ONE),
            percent,
            health: progress.map(|p| p.health),
            actual_text: self.value(actual, metric),
            target_text: goal
                .map(|g| self.value(g.target, metric))
                .unwrap_or_else(|| "—".into()),
            percent_text: if goal.is_some() {
                self.fmt.percent(percent)
            } else {
                String::new()
            },
            chance_text: self.chance(goal),
        }
    }

    pub fn value(&self, amount: Decimal, metric: &Metric) -> String {
        self.fmt.value(amount, metric.unit)
    }

    /// The weighted mean attainment of a holder's goals across the metrics
    /// (weights from the goals).
    pub fn overall(&self, roster: &Roster, holder: Holder) -> Option<Decimal> {
        let items: Vec<(Option<Decimal>, Decimal)> = self
            .metrics
            .iter()
            .filter(|m| self.goal(holder, m.id).is_some())
            .map(|m| {
                let f = self.figure(roster, holder, m);
                (f.percent, f.weight)
            })
            .collect();
        attainment::weighted_attainment(&items)
    }

    /// Team target − the sum of the quotas of everyone under the team.
    pub fn gap(&self, roster: &Roster, team_id: i64, metric: &Metric) -> GapLine {
        let people = roster.people_under(team_id);
        let quotas: Vec<Decimal> = people
            .iter()
            .filter_map(|&p| self.goal(Holder::User(p), metric.id))
            .map(|g| g.target)
            .collect();
        let members_total: Decimal = quotas.iter().copied().sum();
        let count = quotas.len();
        let team_target = self
            .goal(Holder::Team(team_id), metric.id)
            .map(|g| g.target);
        let lang = self.fmt.lang;
        let members_text = self.value(members_total, metric);
        let (sentence, compact, tone) = match team_target {
            None => (
                lang.tr("gap-no-target", [("amount", members_text.as_str().into())]),
                lang.t("gap-no-target-short"),
                "gap-none",
            ),
            Some(target) => {
                let gap = attainment::target_gap(target, quotas.iter().copied());
                let amount = self.value(gap.abs(), metric);
                if gap > Decimal::ZERO {
                    (
                        lang.tr("gap-short", [("amount", amount.as_str().into())]),
                        lang.tr("gap-short-compact", [("amount", amount.as_str().into())]),
                        "gap-short",
                    )
                } else if gap < Decimal::ZERO {
                    (
                        lang.tr("gap-over", [("amount", amount.as_str().into())]),
                        lang.tr("gap-over-compact", [("amount", amount.as_str().into())]),
                        "gap-over",
                    )
                } else {
                    (lang.t("gap-even"), lang.t("gap-even-compact"), "gap-even")
                }
            }
        };
        let sub_targets: Vec<Decimal> = roster
            .sub_teams(Some(team_id))
            .iter()
            .filter_map(|t| self.goal(Holder::Team(t.id), metric.id))
            .map(|g| g.target)
            .collect();
        let quotas = [
            ("amount", members_text.as_str().into()),
            ("count", count.into()),
        ];
        let mut detail = match team_target {
            Some(t) => {
                let target = self.value(t, metric);
                let [amount, count] = quotas;
                lang.tr(
                    "gap-detail-target",
                    [("target", target.into()), amount, count],
                )
            }
            None => lang.tr("gap-detail", quotas),
        };
        if !sub_targets.is_empty() {
            let total: Decimal = sub_targets.iter().copied().sum();
            let total = self.value(total, metric);
            detail.push(' ');
            detail.push_str(&lang.tr("gap-detail-sub-teams", [("amount", total.into())]));
        }
        GapLine {
            relevant: team_target.is_some() || count > 0,
            metric: self.fmt.metric(&metric.key, &metric.name),
            sentence,
            compact,
            tone,
            members_total: self.value(members_total, metric),
            detail,
        }
    }
}

mod lines;

pub use lines::{Column, GapLine, Line, Sort};
