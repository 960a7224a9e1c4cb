//! Milestones of an objective: reached automatically when the actual
//! crosses their value, with the date recorded.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::milestones;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = milestones)]
pub struct Milestone {
    pub id: i64,
    pub goal_id: i64,
    pub name: String,
    pub value: Decimal,
    pub due_on: Option<NaiveDate>,
    pub reached_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = milestones)]
pub struct NewMilestone {
    pub goal_id: i64,
    pub name: String,
    pub value: Decimal,
    pub due_on: Option<NaiveDate>,
}

impl Milestone {
    pub fn for_goal(conn: &mut PgConnection, goal_id: i64) -> QueryResult<Vec<Milestone>> {
        milestones::table
            .filter(milestones::goal_id.eq(goal_id))
            .select(Milestone::as_select())
            .order(milestones::value)
            .load(conn)
    }

    pub fn insert(conn: &mut PgConnection, new: &NewMilestone) -> QueryResult<Milestone> {
        diesel::insert_into(milestones::table)
            .values(new)
            .returning(Milestone::as_returning())
            .get_result(conn)
    }

    /// Marks as reached, once, with the day the actual crossed the value.
    pub fn mark_reached(conn: &mut PgConnection, id: i64, on: NaiveDate) -> QueryResult<usize> {
        diesel::update(
            milestones::table
                .find(id)
                .filter(milestones::reached_on.is_null()),
        )
        .set(milestones::reached_on.eq(on))
        .execute(conn)
    }
}
