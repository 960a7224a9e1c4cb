//! The JSON of goal sheets and yearly goals: a sheet as stored with its
//! outcome, each goal's progress, the month's answer with the deadline and
//! the bonus tier, the history's rows and the yearly goals.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::super::schema;
use super::super::shapes::two;
use crate::db::sheets::GoalSheet;
use crate::domain::deadline;
use crate::domain::sheet_outcome::{self, Outcome};
use crate::domain::yearly::YearlyProgress;
use crate::goals::progress::GoalView;
use crate::goals::sheets::{SheetView, YearlyView};

/// A sheet as stored.
#[derive(Serialize, ToSchema)]
#[schema(as = Sheet)]
pub struct SheetJson {
    id: i64,
    user_id: i64,
    year: i16,
    month: i16,
    #[schema(schema_with = schema::sheet_status)]
    status: String,
    /// Signups aimed for.
    #[schema(example = "20")]
    signup_goal: Decimal,
    /// Revenue aimed for.
    #[schema(example = "50000.00")]
    revenue_goal: Decimal,
    #[schema(minimum = 0, maximum = 6)]
    bonus_tier_goal: i16,
    signup_goal_id: Option<i64>,
    revenue_goal_id: Option<i64>,
    set_at: Option<DateTime<Utc>>,
    set_by: Option<i64>,
    set_by_deadline: Option<bool>,
    /// Set late and not cleared by a manager.
    late: bool,
    late_cleared_at: Option<DateTime<Utc>>,
    late_cleared_by: Option<i64>,
    late_cleared_reason: Option<String>,
    completed_at: Option<DateTime<Utc>>,
    /// active | completed | missed (the month closed short) | archived (the
    /// month closed on a sheet never set): `domain::sheet_outcome`.
    /// Completed once both goals reached 100 % (exactly: actual ≥ target).
    #[schema(schema_with = schema::sheet_outcome)]
    outcome: Outcome,
}

impl SheetJson {
    /// The sheet as stored, with its outcome on `today` (organisation time).
    pub fn new(s: &GoalSheet, today: NaiveDate) -> Self {
        SheetJson {
            id: s.id,
            user_id: s.user_id,
            year: s.year,
            month: s.month,
            status: s.status.clone(),
            signup_goal: s.signup_goal,
            revenue_goal: s.revenue_goal,
            bonus_tier_goal: s.bonus_tier_goal,
            signup_goal_id: s.signup_goal_id,
            revenue_goal_id: s.revenue_goal_id,
            set_at: s.set_at,
            set_by: s.set_by,
            set_by_deadline: s.set_by_deadline,
            late: s.is_late(),
            late_cleared_at: s.late_cleared_at,
            late_cleared_by: s.late_cleared_by,
            late_cleared_reason: s.late_cleared_reason.clone(),
            completed_at: s.completed_at,
            outcome: sheet_outcome::outcome(
                i32::from(s.year),
                u32::from(s.month.unsigned_abs()),
                s.is_set(),
                s.completed_at.is_some(),
                today,
            ),
        }
    }
}

/// One goal of a sheet with its progress in the month.
#[derive(Serialize, ToSchema)]
#[schema(as = SheetGoalProgress)]
pub struct GoalProgressJson {
    goal_id: i64,
    metric_type: String,
    /// The goal's target.
    target: Decimal,
    /// Summed from metric events in the month.
    actual: Decimal,
    /// actual / target × 100, 2 places.
    #[schema(example = "50.00")]
    attainment_percent: Option<Decimal>,
    /// "signups 10 of 20 — 50.00%".
    #[schema(example = "signups 10 of 20 — 50.00%")]
    summary: String,
}

impl From<&GoalView> for GoalProgressJson {
    fn from(v: &GoalView) -> Self {
        let percent = v.progress.attainment_percent.map(two);
        GoalProgressJson {
            goal_id: v.goal.id,
            metric_type: v.metric.key.clone(),
            target: two(v.progress.target),
            actual: two(v.progress.actual),
            attainment_percent: percent,
            summary: format!(
                "{} {} of {} — {}",
                v.metric.key,
                v.progress.actual.normalize(),
                v.progress.target.normalize(),
                percent.map_or("—".to_string(), |p| format!("{p}%"))
            ),
        }
    }
}

/// A rep's sheet for a month: the deadline (23:59:59 on the 6th, local),
/// its status and each goal's progress; `sheet` is null until a draft or a
/// set sheet exists.
#[derive(Serialize, ToSchema)]
#[schema(as = MonthlySheet)]
pub struct MonthlyJson {
    rep_id: i64,
    rep_name: String,
    year: i32,
    month: u32,
    deadline: DateTime<Utc>,
    #[schema(schema_with = schema::deadline_status)]
    deadline_status: &'static str,
    /// Local days to the 6th; negative once past.
    days_until_deadline: Option<i64>,
    sheet: Option<SheetJson>,
    signups: Option<GoalProgressJson>,
    revenue: Option<GoalProgressJson>,
    /// The lower of the two goals' attainment.
    #[schema(example = "80.00")]
    attainment_percent: Option<Decimal>,
    /// The tier of the signup ladder (the signup goal's own value schedule,
    /// else the organisation's signup ladder) the month's signups reached;
    /// null below the first tier.
    #[schema(minimum = 1)]
    bonus_tier_reached: Option<i16>,
    /// The sheet's bonus tier goal is above 0 and the tier reached meets it.
    bonus_triggered: bool,
}

pub fn monthly_json(view: &SheetView, org_tz: chrono_tz::Tz, now: DateTime<Utc>) -> MonthlyJson {
    MonthlyJson {
        rep_id: view.rep.id,
        rep_name: view.rep.name.clone(),
        year: view.year,
        month: view.month,
        deadline: view.deadline,
        deadline_status: view.status.as_str(),
        days_until_deadline: deadline::days_until(view.year, view.month, now, org_tz),
        sheet: view
            .sheet
            .as_ref()
            .map(|s| SheetJson::new(s, now.with_timezone(&org_tz).date_naive())),
        signups: view.signups.as_ref().map(GoalProgressJson::from),
        revenue: view.revenue.as_ref().map(GoalProgressJson::from),
        attainment_percent: view.attainment().map(two),
        bonus_tier_reached: view.tier_reached,
        bonus_triggered: view.bonus_triggered(),
    }
}

/// One metric's yearly goal and how the year goes.
#[derive(Serialize, ToSchema)]
#[schema(as = YearlyMetric)]
pub struct YearlyMetricJson {
    /// The yearly goal.
    target: Decimal,
    /// This calendar year so far.
    actual: Decimal,
    /// Finished months' targets plus the elapsed share of this month's.
    expected_by_now: Decimal,
    on_pace: bool,
    /// The run rate carried to 31 December.
    projected_year_end: Decimal,
    /// January first: yearly ÷ 12, or by the seasonal weights; leftover
    /// units go to the months with the largest cut-off fraction so the
    /// twelve sum exactly.
    #[schema(min_items = 12, max_items = 12)]
    monthly_targets: Vec<Decimal>,
}

impl From<&YearlyProgress> for YearlyMetricJson {
    fn from(p: &YearlyProgress) -> Self {
        YearlyMetricJson {
            target: two(p.target),
            actual: two(p.actual),
            expected_by_now: two(p.expected_by_now),
            on_pace: p.on_pace,
            projected_year_end: two(p.projected_year_end),
            monthly_targets: p.monthly_targets.iter().copied().map(two).collect(),
        }
    }
}

/// A person's yearly goals.
#[derive(Serialize, ToSchema)]
#[schema(as = YearlyGoals)]
pub struct YearlyJson {
    user_id: i64,
    year: i32,
    set: bool,
    set_at: Option<DateTime<Utc>>,
    /// Months not yet over, this one included.
    months_remaining: u32,
    /// Whether seasonal weights shape the monthly targets.
    seasonal_weights: bool,
    signups: YearlyMetricJson,
    revenue: YearlyMetricJson,
}

pub fn yearly_json(user_id: i64, view: &YearlyView) -> YearlyJson {
    YearlyJson {
        user_id,
        year: view.year,
        set: view.goal.is_some(),
        set_at: view.goal.as_ref().map(|g| g.set_at),
        months_remaining: view.signups.months_remaining,
        seasonal_weights: view.weighted,
        signups: YearlyMetricJson::from(&view.signups),
        revenue: YearlyMetricJson::from(&view.revenue),
    }
}

/// A sheet of the history with the attainment of its goals.
#[derive(Serialize, ToSchema)]
#[schema(as = SheetRow)]
pub struct HistoryRow {
    #[serde(flatten)]
    pub sheet: SheetJson,
    pub signups: Option<GoalProgressJson>,
    pub revenue: Option<GoalProgressJson>,
    /// The lower of the two goals' attainment.
    #[schema(example = "80.00")]
    pub attainment_percent: Option<Decimal>,
}

/// A rep's sheets, newest month first.
#[derive(Serialize, ToSchema)]
#[schema(as = SheetHistory)]
pub struct History {
    pub rep_id: i64,
    pub rep_name: String,
    pub sheets: Vec<HistoryRow>,
}
