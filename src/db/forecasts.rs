//! Stored forecasts (`goal_forecasts`, written by the `forecasts` job).

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::schema::goal_forecasts;

/// One goal's forecast as of the end of `day`; no probability: not enough
/// history.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = goal_forecasts)]
pub struct GoalForecast {
    pub goal_id: i64,
    pub day: NaiveDate,
    pub probability: Option<Decimal>,
    pub p10: Option<Decimal>,
    pub p50: Option<Decimal>,
    pub p90: Option<Decimal>,
}

impl GoalForecast {
    /// The stored forecasts of `goals`, by goal id.
    pub fn of(conn: &mut PgConnection, goals: &[i64]) -> QueryResult<HashMap<i64, GoalForecast>> {
        Ok(goal_forecasts::table
            .filter(goal_forecasts::goal_id.eq_any(goals))
            .select(GoalForecast::as_select())
            .load(conn)?
            .into_iter()
            .map(|f| (f.goal_id, f))
            .collect())
    }

    /// The probability in whole percent ("62"), when there is one.
    pub fn percent(&self) -> Option<Decimal> {
        self.probability
            .map(|p| (p * Decimal::from(100)).round_dp(0))
    }
}
