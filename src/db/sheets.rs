//! Monthly goal sheets, yearly goals and the twelve seasonal weights: row
//! types and queries. The rules of setting a sheet live in `crate::goals::sheets`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::schema::{goal_sheets, seasonal_weights, yearly_goals};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = goal_sheets)]
pub struct GoalSheet {
    pub id: i64,
    pub user_id: i64,
    pub year: i16,
    pub month: i16,
    pub period_id: i64,
    pub signup_goal: Decimal,
    pub revenue_goal: Decimal,
    pub bonus_tier_goal: i16,
    /// `draft` (pre-filled) or `set` (the rep set it).
    pub status: String,
    pub signup_goal_id: Option<i64>,
    pub revenue_goal_id: Option<i64>,
    pub set_at: Option<DateTime<Utc>>,
    pub set_by: Option<i64>,
    pub set_by_deadline: Option<bool>,
    pub late_cleared_at: Option<DateTime<Utc>>,
    pub late_cleared_by: Option<i64>,
    pub late_cleared_reason: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl GoalSheet {
    pub fn is_set(&self) -> bool {
        self.status == "set"
    }

    /// Set after the deadline and not excused by a manager.
    pub fn is_late(&self) -> bool {
        self.set_by_deadline == Some(false) && self.late_cleared_at.is_none()
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<GoalSheet> {
        goal_sheets::table
            .find(id)
            .select(GoalSheet::as_select())
            .first(conn)
    }

    pub fn of_month(
        conn: &mut PgConnection,
        user_id: i64,
        year: i32,
        month: u32,
    ) -> QueryResult<Option<GoalSheet>> {
        goal_sheets::table
            .filter(goal_sheets::user_id.eq(user_id))
            .filter(goal_sheets::year.eq(year as i16))
            .filter(goal_sheets::month.eq(month as i16))
            .select(GoalSheet::as_select())
            .first(conn)
            .optional()
    }

    /// The month's sheet, created as an empty draft if missing, and locked
    /// for the rest of the transaction (a double submit waits here).
    pub fn lock_or_create(
        conn: &mut PgConnection,
        user_id: i64,
        year: i32,
        month: u32,
        period_id: i64,
    ) -> QueryResult<GoalSheet> {
        diesel::insert_into(goal_sheets::table)
            .values((
                goal_sheets::user_id.eq(user_id),
                goal_sheets::year.eq(year as i16),
                goal_sheets::month.eq(month as i16),
                goal_sheets::period_id.eq(period_id),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
        goal_sheets::table
            .filter(goal_sheets::user_id.eq(user_id))
            .filter(goal_sheets::year.eq(year as i16))
            .filter(goal_sheets::month.eq(month as i16))
            .select(GoalSheet::as_select())
            .for_update()
            .first(conn)
    }

    /// A rep's sheets, newest month first.
    pub fn history(
        conn: &mut PgConnection,
        user_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<GoalSheet>> {
        goal_sheets::table
            .filter(goal_sheets::user_id.eq(user_id))
            .select(GoalSheet::as_select())
            .order((goal_sheets::year.desc(), goal_sheets::month.desc()))
            .limit(limit)
            .load(conn)
    }

    /// Set sheets of `user_id` for the month not yet completed.
    pub fn open_set(
        conn: &mut PgConnection,
        user_id: i64,
        year: i32,
        month: u32,
    ) -> QueryResult<Vec<GoalSheet>> {
        goal_sheets::table
            .filter(goal_sheets::user_id.eq(user_id))
            .filter(goal_sheets::year.eq(year as i16))
            .filter(goal_sheets::month.eq(month as i16))
            .filter(goal_sheets::status.eq("set"))
            .filter(goal_sheets::completed_at.is_null())
            .select(GoalSheet::as_select())
            .load(conn)
    }

    /// Marks the sheet completed, once.
    pub fn mark_completed(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
        diesel::update(
            goal_sheets::table
                .find(id)
                .filter(goal_sheets::completed_at.is_null()),
        )
        .set(goal_sheets::completed_at.eq(diesel::dsl::now))
        .execute(conn)
    }
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = yearly_goals)]
pub struct YearlyGoal {
    pub id: i64,
    pub user_id: i64,
    pub year: i16,
    pub signup_goal: Decimal,
    pub revenue_goal: Decimal,
    pub set_at: DateTime<Utc>,
    pub set_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl YearlyGoal {
    pub fn of_year(
        conn: &mut PgConnection,
        user_id: i64,
        year: i32,
    ) -> QueryResult<Option<YearlyGoal>> {
        yearly_goals::table
            .filter(yearly_goals::user_id.eq(user_id))
            .filter(yearly_goals::year.eq(year as i16))
            .select(YearlyGoal::as_select())
            .first(conn)
            .optional()
    }

    pub fn all_of_year(conn: &mut PgConnection, year: i32) -> QueryResult<Vec<YearlyGoal>> {
        yearly_goals::table
            .filter(yearly_goals::year.eq(year as i16))
            .select(YearlyGoal::as_select())
            .load(conn)
    }

    /// Creates or replaces the user's goals for the year.
    pub fn upsert(
        conn: &mut PgConnection,
        user_id: i64,
        year: i32,
        signups: Decimal,
        revenue: Decimal,
        set_by: i64,
        now: DateTime<Utc>,
    ) -> QueryResult<YearlyGoal> {
        diesel::insert_into(yearly_goals::table)
            .values((
                yearly_goals::user_id.eq(user_id),
                yearly_goals::year.eq(year as i16),
                yearly_goals::signup_goal.eq(signups),
                yearly_goals::revenue_goal.eq(revenue),
                yearly_goals::set_at.eq(now),
                yearly_goals::set_by.eq(set_by),
            ))
            .on_conflict((yearly_goals::user_id, yearly_goals::year))
            .do_update()
            .set((
                yearly_goals::signup_goal.eq(signups),
                yearly_goals::revenue_goal.eq(revenue),
                yearly_goals::set_at.eq(now),
                yearly_goals::set_by.eq(set_by),
            ))
            .returning(YearlyGoal::as_returning())
            .get_result(conn)
    }
}

/// The twelve seasonal weights, January first; `None` unless all twelve
/// are set (an empty table means an equal split).
pub fn seasonal_weights(conn: &mut PgConnection) -> QueryResult<Option<[Decimal; 12]>> {
    let rows: Vec<(i16, Decimal)> = seasonal_weights::table
        .select((seasonal_weights::month, seasonal_weights::weight))
        .order(seasonal_weights::month)
        .load(conn)?;
    if rows.len() != 12 {
        return Ok(None);
    }
    let mut weights = [Decimal::ONE; 12];
    for (month, weight) in rows {
        weights[(month - 1) as usize] = weight;
    }
    Ok(Some(weights))
}

/// Replaces the weights: twelve of them, or none (equal split).
pub fn replace_seasonal_weights(
    conn: &mut PgConnection,
    weights: Option<&[Decimal; 12]>,
) -> QueryResult<()> {
    diesel::delete(seasonal_weights::table).execute(conn)?;
    if let Some(weights) = weights {
        let rows: Vec<_> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    seasonal_weights::month.eq(i as i16 + 1),
                    seasonal_weights::weight.eq(*w),
                )
            })
            .collect();
        diesel::insert_into(seasonal_weights::table)
            .values(rows)
            .execute(conn)?;
    }
    Ok(())
}
