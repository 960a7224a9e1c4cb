//! The bonus a goal has earned, as JSON: what the quota card shows ("2.0× —
//! $2,000.00 so far, 3.0× at 150%") in numbers. The tier is read exactly
//! (`domain::bonus::Schedule::standing`), so page and API always agree.

use std::collections::HashMap;

use diesel::PgConnection;
use diesel::QueryResult;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema;
use super::shapes::two;
use crate::db::bonus::{self, LoadedSchedule};
use crate::db::goals::Goal;
use crate::db::organisation::Organisation;
use crate::domain::bonus::Basis;
use crate::goals::progress::GoalView;

/// Where the goal stands on its bonus schedule, as the quota card shows
/// it. Tiers are reached exactly: actual × 100 ≥ threshold × target on
/// attainment, actual ≥ threshold on a metric value.
#[derive(Serialize, Debug, Clone, ToSchema)]
#[schema(as = Bonus)]
pub struct BonusJson {
    pub schedule_id: i64,
    pub schedule_name: String,
    /// `attainment`: thresholds are percentages; `metric_value`: amounts of
    /// the goal's metric.
    #[schema(schema_with = schema::bonus_basis)]
    pub basis: Basis,
    /// The highest tier reached (1 = lowest), null below the first.
    pub tier_reached: Option<i16>,
    /// That tier's rate × the bonus base.
    #[schema(example = "2")]
    pub rate: Option<Decimal>,
    /// The bonus so far: bonus base × rate in the currency's minor unit; 0
    /// below the first tier, null when the goal has no bonus base.
    #[schema(example = "2000.00")]
    pub amount: Option<Decimal>,
    /// The next tier up, null at the top.
    pub next_tier: Option<i16>,
    /// A percentage on attainment, an amount of the metric on a value
    /// ladder.
    #[schema(example = "150")]
    pub next_threshold: Option<Decimal>,
    #[schema(example = "3")]
    pub next_rate: Option<Decimal>,
    /// What the next tier pays.
    #[schema(example = "3000.00")]
    pub next_amount: Option<Decimal>,
}

impl BonusJson {
    /// The standing of `goal` at `actual` on `schedule`.
    pub fn new(
        schedule: &LoadedSchedule,
        goal: &Goal,
        actual: Decimal,
        org: &Organisation,
    ) -> BonusJson {
        let minor_unit = org.money_scale().places();
        let standing = schedule
            .rules()
            .standing(actual, goal.target, goal.bonus_base, minor_unit);
        BonusJson {
            schedule_id: schedule.row.id,
            schedule_name: schedule.row.name.clone(),
            basis: schedule.basis(),
            tier_reached: standing.current.map(|t| t.position),
            rate: standing.current.map(|t| t.rate.normalize()),
            amount: standing.amount.map(two),
            next_tier: standing.next.map(|t| t.position),
            next_threshold: standing.next.map(|t| t.threshold.normalize()),
            next_rate: standing.next.map(|t| t.rate.normalize()),
            next_amount: standing.next_amount.map(two),
        }
    }
}

/// The bonus standing of each (goal, actual) whose goal has a schedule, by
/// goal id (one query for the schedules of all of them).
pub fn of_goals<'a>(
    conn: &mut PgConnection,
    goals: impl IntoIterator<Item = (&'a Goal, Decimal)>,
    org: &Organisation,
) -> QueryResult<HashMap<i64, BonusJson>> {
    let goals: Vec<(&Goal, Decimal)> = goals.into_iter().collect();
    let mut ids: Vec<i64> = goals
        .iter()
        .filter_map(|(g, _)| g.bonus_schedule_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let schedules = bonus::load_many(conn, &ids)?;
    Ok(goals
        .into_iter()
        .filter_map(|(goal, actual)| {
            let schedule = schedules.get(&goal.bonus_schedule_id?)?;
            Some((goal.id, BonusJson::new(schedule, goal, actual, org)))
        })
        .collect())
}

/// The bonus standing of one goal as `view` sees it; `None` without a
/// schedule.
pub fn of_view(
    conn: &mut PgConnection,
    view: &GoalView,
    org: &Organisation,
) -> QueryResult<Option<BonusJson>> {
    Ok(of_goals(conn, [(&view.goal, view.progress.actual)], org)?.remove(&view.goal.id))
}
