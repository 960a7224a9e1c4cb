//! Goal-setting deadline reminders: created once per rep, month and kind
//! (`goal_reminders_once_key`), each with its in-app notification.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, SmallInt, Text, Timestamptz};

use super::schema::{goal_reminders, notifications};

/// A reminder this run created, with what its email needs.
#[derive(QueryableByName, Debug, Clone)]
pub struct CreatedReminder {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    /// The language the rep reads (their own, else the organisation's).
    #[diesel(sql_type = Text)]
    pub language: String,
}

/// Creates the `kind` reminder of (`year`, `month`) and its notification for
/// every active rep whose sheet for that month is not set and who does not
/// have that reminder yet, in one statement. Returns only the reminders this
/// call created: a concurrent or repeated call creates none of the same.
/// The notification keeps the month and the reminder's kind (`params`),
/// worded when it is read.
pub fn create_due(
    conn: &mut PgConnection,
    year: i32,
    month: u32,
    kind: &str,
    at: DateTime<Utc>,
    link: &str,
) -> QueryResult<Vec<CreatedReminder>> {
    // The notification's id is taken ahead so both rows go in together; the
    // foreign key is checked at commit (DEFERRABLE).
    diesel::sql_query(
        "WITH created AS (
             INSERT INTO goal_reminders (user_id, year, month, kind, created_at, notification_id)
             SELECT u.id, $1, $2, $3, $4, nextval(pg_get_serial_sequence('notifications', 'id'))
             FROM users u
             WHERE u.role = 'rep' AND u.active
               AND NOT EXISTS (
                   SELECT 1 FROM goal_sheets s
                   WHERE s.user_id = u.id AND s.year = $1 AND s.month = $2 AND s.status = 'set')
             ORDER BY u.id
             ON CONFLICT ON CONSTRAINT goal_reminders_once_key DO NOTHING
             RETURNING id, user_id, notification_id
         ), notified AS (
             INSERT INTO notifications (id, user_id, kind, params, link, created_at)
             SELECT notification_id, user_id, 'goal_reminder',
                    jsonb_build_object('year', $1::int, 'month', $2::int, 'reminder', $3::text),
                    $5, $4
             FROM created
         )
         SELECT c.id, c.user_id, u.email, u.name,
                coalesce(u.language, (SELECT o.language FROM organisation o LIMIT 1), 'en') AS language
         FROM created c JOIN users u ON u.id = c.user_id
         ORDER BY c.id",
    )
    .bind::<SmallInt, _>(year as i16)
    .bind::<SmallInt, _>(month as i16)
    .bind::<Text, _>(kind)
    .bind::<Timestamptz, _>(at)
    .bind::<Nullable<Text>, _>(Some(link))
    .load(conn)
}

/// Records that a reminder's email went out.
pub fn mark_emailed(conn: &mut PgConnection, id: i64, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(goal_reminders::table.find(id))
        .set(goal_reminders::emailed_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// A rep acknowledges one of their reminders: the reminder is acknowledged
/// and its notification read. `false` when the reminder is not theirs.
pub fn acknowledge(conn: &mut PgConnection, user_id: i64, id: i64) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let notification: Option<Option<i64>> = diesel::update(
            goal_reminders::table
                .filter(goal_reminders::id.eq(id))
                .filter(goal_reminders::user_id.eq(user_id)),
        )
        .set(
            goal_reminders::acknowledged_at.eq(diesel::dsl::sql::<Nullable<Timestamptz>>(
                "coalesce(acknowledged_at, now())",
            )),
        )
        .returning(goal_reminders::notification_id)
        .get_result(conn)
        .optional()?;
        let Some(notification) = notification else {
            return Ok(false);
        };
        if let Some(notification) = notification {
            diesel::update(
                notifications::table
                    .find(notification)
                    .filter(notifications::read_at.is_null()),
            )
            .set(notifications::read_at.eq(diesel::dsl::sql::<
                diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
            >("now()")))
            .execute(conn)?;
        }
        Ok(true)
    })
}

/// A rep's reminders for a month, oldest first.
#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = goal_reminders)]
pub struct Reminder {
    pub id: i64,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub emailed_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

pub fn for_month(
    conn: &mut PgConnection,
    user_id: i64,
    year: i32,
    month: u32,
) -> QueryResult<Vec<Reminder>> {
    goal_reminders::table
        .filter(goal_reminders::user_id.eq(user_id))
        .filter(goal_reminders::year.eq(year as i16))
        .filter(goal_reminders::month.eq(month as i16))
        .order(goal_reminders::id)
        .select(Reminder::as_select())
        .load(conn)
}
