//! In-app notifications: the bell's unread count, the list, marking read.
//! Every function takes the owner's id, so nobody reads or marks another's.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{goal_reminders, notifications};

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    /// What happened ("achievement", "goal_reminder", "message"), worded
    /// with `params` when read (`notify::news`).
    pub kind: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub params: serde_json::Value,
}

/// A notification with the reminder behind it, if any.
#[derive(Debug, Clone)]
pub struct NotificationItem {
    pub notification: Notification,
    pub reminder_id: Option<i64>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// A reminder's id and when it was acknowledged.
type ReminderRef = (i64, Option<DateTime<Utc>>);

/// How many notifications the list shows.
pub const LIST_LIMIT: i64 = 100;

impl Notification {
    /// Unread notifications of `user_id` (the partial index `notifications_unread_idx`).
    pub fn unread_count(conn: &mut PgConnection, user_id: i64) -> QueryResult<i64> {
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .count()
            .get_result(conn)
    }

    /// The newest notifications of `user_id`, with their reminders.
    pub fn list(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<NotificationItem>> {
        let rows: Vec<(Notification, Option<ReminderRef>)> = notifications::table
            .left_join(goal_reminders::table)
            .filter(notifications::user_id.eq(user_id))
            .order(notifications::id.desc())
            .limit(LIST_LIMIT)
            .select((
                Notification::as_select(),
                (goal_reminders::id, goal_reminders::acknowledged_at).nullable(),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(notification, reminder)| NotificationItem {
                notification,
                reminder_id: reminder.map(|r| r.0),
                acknowledged_at: reminder.and_then(|r| r.1),
            })
            .collect())
    }

    /// Marks one of `user_id`'s notifications read; `false` when it is not theirs.
    pub fn mark_read(conn: &mut PgConnection, user_id: i64, id: i64) -> QueryResult<bool> {
        let found = diesel::update(
            notifications::table
                .filter(notifications::id.eq(id))
                .filter(notifications::user_id.eq(user_id)),
        )
        .set(notifications::read_at.eq(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
        >("coalesce(read_at, now())")))
        .execute(conn)?;
        Ok(found == 1)
    }

    /// Marks every unread notification of `user_id` read; how many there were.
    pub fn mark_all_read(conn: &mut PgConnection, user_id: i64) -> QueryResult<usize> {
        diesel::update(
            notifications::table
                .filter(notifications::user_id.eq(user_id))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
        >("now()")))
        .execute(conn)
    }
}
