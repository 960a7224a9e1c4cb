//! Achievement detection: for some users (or everyone) on a day, records
//! what they have newly earned — goals achieved, bonus tiers unlocked,
//! milestones, yearly goals, perfect months and streak milestones — with
//! their points and a notification each.
//!
//! Every insert is one set-based statement with `ON CONFLICT DO NOTHING`
//! against the partial unique indexes of `achievements`, so running it
//! twice, even at the same moment on two connections, records each
//! achievement once; the points and notifications follow only the rows an
//! insert returned. Rows are inserted in a fixed order, so two concurrent
//! runs take their index locks in the same order and cannot deadlock.
//!
//! Detection never runs inside the transaction that writes a fact (a sale's
//! confirmation must stay fast): the pages and the API call
//! [`after_write`] once their write has committed, and the `achievements`
//! and `period-close` jobs sweep everyone.

use chrono::{Datelike, Duration, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Int2, Nullable, Text};
use serde::Serialize;

use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::live::LiveEvent;

mod detection;
mod jobs;
pub mod words;
use detection::detect_in;
pub use jobs::{job, period_close_job};

/// Goals whose period ended more than this many days ago are no longer
/// looked at (the activity logger accepts entries 90 days back).
pub const LOOKBACK_DAYS: i64 = 92;

/// Statuses whose goals can be achieved (as the boards count them).
const LIVE: &str = "('active', 'approved', 'completed', 'failed')";

/// Achievements dated more than this many days before the day detection
/// runs (history recorded late, a demo's past months) are notified in the
/// app only, not by email: an email is for news.
pub const EMAIL_WITHIN_DAYS: i32 = 7;

/// Where a new achievement's notification points.
pub const LINK: &str = "/achievements";

/// One newly recorded achievement, for notifications and live updates.
#[derive(QueryableByName, Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Earned {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Int2>)]
    pub tier: Option<i16>,
    #[diesel(sql_type = Nullable<Int2>)]
    pub streak_months: Option<i16>,
}

/// What a stored figure (`NUMERIC(18, 2)`) must stay below.
const FITS: &str = "1e16";

#[derive(QueryableByName)]
struct GoalId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The live personal goals of the lookback whose actual or bonus does not
/// fit the stored figures: detection leaves them out, and the jobs report
/// them so one person's bad data is seen and stops nobody else's.
pub fn oversized_goals(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<i64>> {
    let since = today - Duration::days(LOOKBACK_DAYS);
    let rows: Vec<GoalId> = diesel::sql_query(format!(
        "SELECT g.id FROM goals g
         JOIN periods p ON p.id = g.period_id
         LEFT JOIN bonus_tiers t ON t.schedule_id = g.bonus_schedule_id
         WHERE g.owner_kind = 'user' AND g.status IN {LIVE}
           AND p.start_date <= $1 AND p.end_date >= $2
         GROUP BY g.id, g.user_id, g.metric_id, p.start_date, p.end_date, g.bonus_base
         HAVING abs(COALESCE((
                    SELECT sum(e.value) FROM metric_events e
                    WHERE e.user_id = g.user_id AND e.metric_id = g.metric_id
                      AND e.occurred_on BETWEEN p.start_date AND LEAST(p.end_date, $1)), 0))
                    >= {FITS}
             OR COALESCE(g.bonus_base * max(t.rate) >= {FITS}, FALSE)
         ORDER BY g.id"
    ))
    .bind::<Date, _>(today)
    .bind::<Date, _>(since)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Whose achievements to look for.
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Users(&'a [i64]),
    Everyone,
}

impl Who<'_> {
    fn bind(&self) -> (bool, Vec<i64>) {
        match self {
            Who::Users(ids) => (false, ids.to_vec()),
            Who::Everyone => (true, Vec::new()),
        }
    }
}

/// Records what `users` have newly earned as of `today` (the organisation's
/// business date); returns the new achievements. This is the one entry
/// point for "something happened to these people".
pub fn detect_for_users(
    conn: &mut PgConnection,
    users: &[i64],
    today: NaiveDate,
) -> QueryResult<Vec<Earned>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    detect(conn, Who::Users(users), today)
}

/// [`detect_for_users`] for every user.
pub fn detect_for_all(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<Earned>> {
    detect(conn, Who::Everyone, today)
}

/// Detection in one transaction, retried once if PostgreSQL picked it as
/// a deadlock victim (the fixed insert order makes that unlikely).
pub fn detect(conn: &mut PgConnection, who: Who, today: NaiveDate) -> QueryResult<Vec<Earned>> {
    let earned = match conn.transaction(|conn| detect_in(conn, who, today)) {
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("deadlock detected") =>
        {
            conn.transaction(|conn| detect_in(conn, who, today))
        }
        other => other,
    }?;
    // Committed: open pages show the badges and the bell at once.
    if !earned.is_empty() {
        let mut users: Vec<i64> = earned.iter().map(|e| e.user_id).collect();
        users.sort_unstable();
        users.dedup();
        crate::live::publish(
            conn,
            &[
                LiveEvent::Achievement {
                    users: users.clone(),
                },
                LiveEvent::Notification { users },
            ],
        );
    }
    Ok(earned)
}

/// Runs detection for `users` after their new facts have committed, on the
/// blocking pool, and returns what it recorded. A failure is logged and
/// swallowed: the write the caller made has already succeeded, and the
/// `achievements` job will find what this missed.
pub async fn after_write(pool: &DbPool, users: Vec<i64>) -> Vec<Earned> {
    if users.is_empty() {
        return Vec::new();
    }
    let result = crate::db::run(pool, move |conn| {
        let org = Organisation::get(conn)?;
        let today = crate::goals::progress::org_today(&org);
        Ok(detect_for_users(conn, &users, today)?)
    })
    .await;
    match result {
        Ok(earned) => earned,
        Err(error) => {
            tracing::warn!("achievement detection after a write failed: {error}");
            Vec::new()
        }
    }
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}
