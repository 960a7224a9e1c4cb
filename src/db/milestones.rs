//! Milestones of an objective: reached automatically when the actual
//! crosses their value, with the date recorded.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::milestones;

/// One value per goal: a second milestone at the same value is refused.
pub const VALUE_KEY: &str = "milestones_goal_value_key";

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

    /// One milestone of the goal, locked until the transaction ends.
    pub fn lock(conn: &mut PgConnection, goal_id: i64, id: i64) -> QueryResult<Milestone> {
        milestones::table
            .find(id)
            .filter(milestones::goal_id.eq(goal_id))
            .select(Milestone::as_select())
            .for_update()
            .first(conn)
    }

    /// Name, value and due date as given; whether it is reached is the
    /// caller's to set again ([`Milestone::set_reached`]).
    pub fn update(
        conn: &mut PgConnection,
        id: i64,
        name: &str,
        value: Decimal,
        due_on: Option<NaiveDate>,
    ) -> QueryResult<Milestone> {
        diesel::update(milestones::table.find(id))
            .set((
                milestones::name.eq(name),
                milestones::value.eq(value),
                milestones::due_on.eq(due_on),
            ))
            .returning(Milestone::as_returning())
            .get_result(conn)
    }

    /// Reached on that day, or not (yet).
    pub fn set_reached(
        conn: &mut PgConnection,
        id: i64,
        on: Option<NaiveDate>,
    ) -> QueryResult<usize> {
        diesel::update(milestones::table.find(id))
            .set(milestones::reached_on.eq(on))
            .execute(conn)
    }

    pub fn delete(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
        diesel::delete(milestones::table.find(id)).execute(conn)
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
