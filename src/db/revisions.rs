//! Goal revisions: the record of every change to a goal's target, factors,
//! weight, priority or status. Rows are only ever added (the database
//! refuses UPDATE and DELETE).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use super::schema::{goal_revisions, users};

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = goal_revisions)]
pub struct GoalRevision {
    pub id: i64,
    pub goal_id: i64,
    pub actor_id: Option<i64>,
    pub reason: Option<String>,
    /// The changed fields as they were, by name.
    pub before: Value,
    /// The changed fields as they became, by name.
    pub after: Value,
    pub created_at: DateTime<Utc>,
}

/// A change being described: add each field that changed, then record it.
///
/// ```ignore
/// RevisionDraft::new(goal.id, Some(actor.id), Some("Territory grew"))
///     .field("target", &goal.target, &new_target)
///     .field("status", &goal.status, "active")
///     .record(conn)?;
/// ```
#[derive(Debug, Clone)]
pub struct RevisionDraft {
    goal_id: i64,
    actor_id: Option<i64>,
    reason: Option<String>,
    before: Map<String, Value>,
    after: Map<String, Value>,
}

impl RevisionDraft {
    pub fn new(goal_id: i64, actor_id: Option<i64>, reason: Option<&str>) -> Self {
        RevisionDraft {
            goal_id,
            actor_id,
            reason: reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            before: Map::new(),
            after: Map::new(),
        }
    }

    /// Adds `name` if its value changed (compared as JSON: decimals are
    /// strings, so 100 and 100.00 differ only if their text does).
    pub fn field<B: Serialize + ?Sized, A: Serialize + ?Sized>(
        mut self,
        name: &str,
        before: &B,
        after: &A,
    ) -> Self {
        let before = serde_json::to_value(before).unwrap_or(Value::Null);
        let after = serde_json::to_value(after).unwrap_or(Value::Null);
        if before != after {
            self.before.insert(name.to_string(), before);
            self.after.insert(name.to_string(), after);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.after.is_empty()
    }

    /// Writes the revision, inside the caller's transaction; nothing when no
    /// field changed.
    pub fn record(self, conn: &mut PgConnection) -> QueryResult<Option<GoalRevision>> {
        if self.is_empty() {
            return Ok(None);
        }
        diesel::insert_into(goal_revisions::table)
            .values((
                goal_revisions::goal_id.eq(self.goal_id),
                goal_revisions::actor_id.eq(self.actor_id),
                goal_revisions::reason.eq(self.reason),
                goal_revisions::before.eq(Value::Object(self.before)),
                goal_revisions::after.eq(Value::Object(self.after)),
            ))
            .returning(GoalRevision::as_returning())
            .get_result(conn)
            .map(Some)
    }
}

impl GoalRevision {
    /// A goal's history, oldest first, with each actor's name.
    pub fn for_goal(
        conn: &mut PgConnection,
        goal_id: i64,
    ) -> QueryResult<Vec<(GoalRevision, Option<String>)>> {
        goal_revisions::table
            .left_join(users::table)
            .filter(goal_revisions::goal_id.eq(goal_id))
            .select((GoalRevision::as_select(), users::name.nullable()))
            .order(goal_revisions::id)
            .load(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn only_changed_fields_are_kept() {
        let draft = RevisionDraft::new(1, Some(2), Some("  "))
            .field("target", &dec!(100.00), &dec!(120.00))
            .field("weight", &dec!(1), &dec!(1))
            .field("status", "draft", "pending_approval");
        assert_eq!(draft.reason, None);
        assert_eq!(
            Value::Object(draft.before.clone()),
            serde_json::json!({"target": "100.00", "status": "draft"})
        );
        assert_eq!(
            Value::Object(draft.after.clone()),
            serde_json::json!({"target": "120.00", "status": "pending_approval"})
        );
        assert!(
            RevisionDraft::new(1, None, None)
                .field("x", &1, &1)
                .is_empty()
        );
    }
}
