//! Special objectives: a few named extra targets hanging off a goal (new
//! clients 5, mentoring 2, satisfaction 90 %), their actuals entered by
//! hand.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::goal_objectives;
use crate::domain::number::Unit;

/// The unique index behind "one objective of a name per goal".
pub const NAME_KEY: &str = "goal_objectives_name_key";

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = goal_objectives)]
pub struct Objective {
    pub id: i64,
    pub goal_id: i64,
    pub name: String,
    /// Count or percent (the column's CHECK).
    pub unit: Unit,
    pub target: Decimal,
    pub actual: Option<Decimal>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = goal_objectives)]
pub struct NewObjective {
    pub goal_id: i64,
    pub name: String,
    pub unit: Unit,
    pub target: Decimal,
    pub actual: Option<Decimal>,
    pub created_by: Option<i64>,
}

impl Objective {
    /// A goal's objectives in the order they were added.
    pub fn for_goal(conn: &mut PgConnection, goal_id: i64) -> QueryResult<Vec<Objective>> {
        goal_objectives::table
            .filter(goal_objectives::goal_id.eq(goal_id))
            .select(Objective::as_select())
            .order(goal_objectives::id)
            .load(conn)
    }

    /// One objective of the goal, locked until the transaction ends.
    pub fn lock(conn: &mut PgConnection, goal_id: i64, id: i64) -> QueryResult<Objective> {
        goal_objectives::table
            .find(id)
            .filter(goal_objectives::goal_id.eq(goal_id))
            .select(Objective::as_select())
            .for_update()
            .first(conn)
    }

    pub fn insert(conn: &mut PgConnection, new: &NewObjective) -> QueryResult<Objective> {
        diesel::insert_into(goal_objectives::table)
            .values(new)
            .returning(Objective::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut PgConnection,
        id: i64,
        target: Decimal,
        actual: Option<Decimal>,
    ) -> QueryResult<Objective> {
        diesel::update(goal_objectives::table.find(id))
            .set((
                goal_objectives::target.eq(target),
                goal_objectives::actual.eq(actual),
            ))
            .returning(Objective::as_returning())
            .get_result(conn)
    }

    pub fn delete(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
        diesel::delete(goal_objectives::table.find(id)).execute(conn)
    }

    /// How many objectives the goal has.
    pub fn count(conn: &mut PgConnection, goal_id: i64) -> QueryResult<i64> {
        goal_objectives::table
            .filter(goal_objectives::goal_id.eq(goal_id))
            .count()
            .get_result(conn)
    }
}
