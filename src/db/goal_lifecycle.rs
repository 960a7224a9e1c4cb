//! The lifecycle columns of a goal (when it was submitted, approved,
//! activated, completed; the reason for its latest status), kept apart from
//! `Goal` so the many readers of goals do not carry them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::goals::Goal;
use super::schema::goals;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = goals)]
pub struct Lifecycle {
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<i64>,
    pub activated_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub status_reason: Option<String>,
    pub status_changed_at: Option<DateTime<Utc>>,
}

impl Lifecycle {
    pub fn of(conn: &mut PgConnection, goal_id: i64) -> QueryResult<Lifecycle> {
        goals::table
            .find(goal_id)
            .select(Lifecycle::as_select())
            .first(conn)
    }
}

impl Goal {
    /// The goal, locked until the caller's transaction ends.
    pub fn lock(conn: &mut PgConnection, id: i64) -> QueryResult<Goal> {
        goals::table
            .find(id)
            .select(Goal::as_select())
            .for_update()
            .first(conn)
    }
}
