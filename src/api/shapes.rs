//! The JSON shapes the API answers with. Amounts are `Decimal`, which
//! serialises as a string ("250000.00") so nothing is rounded on the way;
//! dates are "YYYY-MM-DD".

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::{PgConnection, QueryResult};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema;
use crate::db::benchmarks::GoalBenchmark;
use crate::db::events::MetricEvent;
use crate::db::forecasts::GoalForecast;
use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::milestones::Milestone;
use crate::db::periods::PeriodRow;
use crate::domain::attainment::{self, GoalProgress, Health, Pace};

#[derive(Serialize, Debug, Clone, ToSchema)]
#[schema(as = Period)]
pub struct PeriodJson {
    pub id: i64,
    #[schema(schema_with = schema::period_kind)]
    pub period_type: String,
    pub name: String,
    #[schema(example = "2026-11-01")]
    pub start_date: NaiveDate,
    #[schema(example = "2026-11-30")]
    pub end_date: NaiveDate,
}

impl From<&PeriodRow> for PeriodJson {
    fn from(p: &PeriodRow) -> Self {
        PeriodJson {
            id: p.id,
            period_type: p.kind.to_string(),
            name: p.name.clone(),
            start_date: p.start_date,
            end_date: p.end_date,
        }
    }
}

#[derive(Serialize, Debug, ToSchema)]
#[schema(as = Milestone)]
pub struct MilestoneJson {
    pub id: i64,
    pub name: String,
    pub value: Decimal,
    pub due_date: Option<NaiveDate>,
    pub reached_on: Option<NaiveDate>,
}

impl From<&Milestone> for MilestoneJson {
    fn from(m: &Milestone) -> Self {
        MilestoneJson {
            id: m.id,
            name: m.name.clone(),
            value: m.value,
            due_date: m.due_on,
            reached_on: m.reached_on,
        }
    }
}

/// A goal (or quota) as stored.
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = Goal)]
pub struct GoalJson {
    pub id: i64,
    pub title: Option<String>,
    #[schema(schema_with = schema::owner_kind)]
    pub owner_type: String,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub period_id: i64,
    pub period: Option<PeriodJson>,
    pub metric_type: String,
    pub target_value: Decimal,
    pub weight: Decimal,
    pub priority: i16,
    #[schema(schema_with = schema::goal_status)]
    pub status: String,
    /// The bonus schedule whose tiers pay `bonus_base` × rate.
    pub bonus_schedule_id: Option<i64>,
    pub bonus_base: Option<Decimal>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// How the target was computed, when it was set from the formula
    /// (`domain::target::Breakdown`); null otherwise.
    #[schema(value_type = Option<schema::TargetBreakdown>)]
    pub target_breakdown: Option<serde_json::Value>,
    /// The chance of reaching the target by the period's end, from the
    /// owner's daily history (the daily `forecasts` job); null until the
    /// job has forecast the goal (live goals only).
    pub forecast: Option<ForecastJson>,
    /// Where a partner's personal goal stands among active partners of the
    /// same partner type and tier on the same metric and period (the daily
    /// `forecasts` job); null for other goals or until the job has run. It
    /// carries the owner's own standing only, never a peer's figures.
    pub benchmark: Option<BenchmarkJson>,
    /// With one goal (absent from lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub milestones: Option<Vec<MilestoneJson>>,
}

/// A goal's forecast: a bootstrap over the owner's last eight weeks, by
/// weekday, of the days still to come.
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = GoalForecast)]
pub struct ForecastJson {
    /// The last day whose events it counts.
    pub as_of: NaiveDate,
    /// False: too little history for a number (the figures below are null).
    pub enough_history: bool,
    /// 0 to 1.
    #[schema(example = "0.620")]
    pub probability: Option<Decimal>,
    /// End values 10%, 50% and 90% of the simulated runs stay at or below.
    pub p10: Option<Decimal>,
    pub p50: Option<Decimal>,
    pub p90: Option<Decimal>,
}

impl From<&GoalForecast> for ForecastJson {
    fn from(f: &GoalForecast) -> ForecastJson {
        ForecastJson {
            as_of: f.day,
            enough_history: f.probability.is_some(),
            probability: f.probability,
            p10: f.p10,
            p50: f.p50,
            p90: f.p90,
        }
    }
}

/// A goal's same-tier benchmark: "top 23% of Gold Distributor partners".
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = GoalBenchmark)]
pub struct BenchmarkJson {
    /// The last day whose events it counts.
    pub as_of: NaiveDate,
    pub partner_type: String,
    pub partner_tier: String,
    /// Goals in the peer group, this one included.
    pub peers: i32,
    /// False: fewer than five peers, no number (`top_percent` is null).
    pub enough_peers: bool,
    /// 1 to 100: the goal's attainment is within the top this many percent
    /// of its peers' (equal attainment shares the better place).
    #[schema(example = 23, minimum = 1, maximum = 100)]
    pub top_percent: Option<i16>,
}

impl From<&GoalBenchmark> for BenchmarkJson {
    fn from(b: &GoalBenchmark) -> BenchmarkJson {
        BenchmarkJson {
            as_of: b.day,
            partner_type: b.partner_type.clone(),
            partner_tier: b.partner_tier.clone(),
            peers: b.peers,
            enough_peers: b.top_percent.is_some(),
            top_percent: b.top_percent,
        }
    }
}

/// Metric keys and periods by id, loaded once for a list of goals.
pub struct Lookup {
    pub metrics: HashMap<i64, Metric>,
    pub periods: HashMap<i64, PeriodRow>,
    /// Stored target breakdowns by goal id.
    pub breakdowns: HashMap<i64, serde_json::Value>,
    /// Stored forecasts by goal id.
    pub forecasts: HashMap<i64, GoalForecast>,
    /// Stored same-tier benchmarks by goal id.
    pub benchmarks: HashMap<i64, GoalBenchmark>,
}

impl Lookup {
    pub fn load(conn: &mut PgConnection, goals: &[Goal]) -> QueryResult<Lookup> {
        let metrics = Metric::all(conn)?.into_iter().map(|m| (m.id, m)).collect();
        let mut ids: Vec<i64> = goals.iter().map(|g| g.period_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let periods = PeriodRow::by_ids(conn, &ids)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let ids: Vec<i64> = goals.iter().map(|g| g.id).collect();
        let breakdowns = crate::goals::targets::stored_of(conn, &ids)?;
        let forecasts = GoalForecast::of(conn, &ids)?;
        let benchmarks = GoalBenchmark::of(conn, &ids)?;
        Ok(Lookup {
            metrics,
            periods,
            breakdowns,
            forecasts,
            benchmarks,
        })
    }

    pub fn metric_key(&self, metric_id: i64) -> String {
        self.metrics
            .get(&metric_id)
            .map(|m| m.key.clone())
            .unwrap_or_default()
    }

    pub fn goal(&self, goal: &Goal) -> GoalJson {
        GoalJson {
            id: goal.id,
            title: goal.title.clone(),
            owner_type: goal.owner_kind.to_string(),
            user_id: goal.user_id,
            team_id: goal.team_id,
            period_id: goal.period_id,
            period: self.periods.get(&goal.period_id).map(PeriodJson::from),
            metric_type: self.metric_key(goal.metric_id),
            target_value: goal.target,
            weight: goal.weight,
            priority: goal.priority,
            status: goal.status.to_string(),
            bonus_schedule_id: goal.bonus_schedule_id,
            bonus_base: goal.bonus_base,
            created_by: goal.created_by,
            created_at: goal.created_at,
            updated_at: goal.updated_at,
            target_breakdown: self.breakdowns.get(&goal.id).cloned(),
            forecast: self.forecasts.get(&goal.id).map(ForecastJson::from),
            benchmark: self.benchmarks.get(&goal.id).map(BenchmarkJson::from),
            milestones: None,
        }
    }
}

/// `value` written with exactly `scale` decimals ("30" → "30.00"), so
/// computed figures read like stored amounts.
pub fn scaled(mut value: Decimal, scale: u32) -> Decimal {
    value.rescale(scale);
    value
}

/// Percentages and other computed figures with 2 decimals.
pub fn two(value: Decimal) -> Decimal {
    scaled(value, attainment::SCALE)
}

/// One goal's standing on a day: leaderboard, team and personal progress
/// rows all have this shape.
#[derive(Serialize, Debug, Clone, ToSchema)]
pub struct ProgressRow {
    /// Competition rank among the rows compared with it (ties share).
    pub rank: Option<u32>,
    pub goal_id: i64,
    #[schema(schema_with = schema::owner_kind)]
    pub owner_type: String,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub name: String,
    pub period_id: i64,
    pub metric_type: String,
    /// Sum of the owner's events in the period.
    pub current_value: Decimal,
    pub target_value: Decimal,
    /// current / target × 100, 2 dp; null without a target.
    #[schema(example = "82.50")]
    pub attainment_percent: Option<Decimal>,
    /// current − target: positive ahead of quota, negative short of it.
    pub vs_quota: Decimal,
    pub weight: Decimal,
    pub expected_to_date: Decimal,
    pub remaining: Decimal,
    /// remaining / days left, 4 dp rounded up.
    pub needed_per_day: Option<Decimal>,
    pub days_left: i64,
    pub projection: Decimal,
    pub change_this_week: Decimal,
    #[schema(schema_with = schema::pace)]
    pub pace: Pace,
    #[schema(schema_with = schema::health)]
    pub health: Health,
    pub is_viewer: bool,
}

impl ProgressRow {
    pub fn new(
        goal: &Goal,
        name: String,
        metric_key: String,
        progress: &GoalProgress,
        viewer_id: i64,
    ) -> ProgressRow {
        ProgressRow {
            rank: None,
            goal_id: goal.id,
            owner_type: goal.owner_kind.to_string(),
            user_id: goal.user_id,
            team_id: goal.team_id,
            name,
            period_id: goal.period_id,
            metric_type: metric_key,
            current_value: two(progress.actual),
            target_value: two(progress.target),
            attainment_percent: progress.attainment_percent.map(two),
            vs_quota: two(progress.actual - progress.target),
            weight: two(goal.weight),
            expected_to_date: two(progress.expected_to_date),
            remaining: two(progress.remaining),
            needed_per_day: progress
                .needed_per_day
                .map(|d| scaled(d, attainment::NEEDED_PER_DAY_SCALE)),
            days_left: progress.days_left,
            projection: two(progress.projection),
            change_this_week: two(progress.change_this_week),
            pace: progress.pace,
            health: progress.health,
            is_viewer: goal.user_id == Some(viewer_id),
        }
    }
}

#[derive(Serialize, Debug, ToSchema)]
#[schema(as = Event)]
pub struct EventJson {
    pub id: i64,
    pub user_id: i64,
    pub metric_type: String,
    pub value: Decimal,
    pub occurred_on: NaiveDate,
    pub source: String,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// Set on a correction: a negative fact with its reason.
    pub correction_reason: Option<String>,
    pub duplicate: bool,
}

impl EventJson {
    pub fn new(event: MetricEvent, metric_key: String, duplicate: bool) -> EventJson {
        EventJson {
            id: event.id,
            user_id: event.user_id,
            metric_type: metric_key,
            value: event.value,
            occurred_on: event.occurred_on,
            source: event.source,
            external_ref: event.external_ref,
            note: event.note,
            created_by: event.created_by,
            created_at: event.created_at,
            correction_reason: event.correction_reason,
            duplicate,
        }
    }
}
