//! Failed sign-ins per email address, so guessing one account's password is
//! slowed down whether or not the account exists.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use super::schema::sign_in_failures;

/// Failures allowed inside one window before the account is locked.
pub const MAX_FAILURES: i32 = 5;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;

/// When the email is locked, until when.
pub fn locked_until(
    conn: &mut PgConnection,
    email_key: &str,
) -> QueryResult<Option<DateTime<Utc>>> {
    let until: Option<Option<DateTime<Utc>>> = sign_in_failures::table
        .find(email_key)
        .select(sign_in_failures::locked_until)
        .first(conn)
        .optional()?;
    Ok(until.flatten().filter(|t| *t > Utc::now()))
}

/// Counts one failure; returns the lock time when this failure locks the email.
pub fn record_failure(
    conn: &mut PgConnection,
    email_key: &str,
) -> QueryResult<Option<DateTime<Utc>>> {
    conn.transaction(|conn| {
        let now = Utc::now();
        let row: Option<(i32, DateTime<Utc>)> = sign_in_failures::table
            .find(email_key)
            .select((
                sign_in_failures::failures,
                sign_in_failures::window_started_at,
            ))
            .for_update()
            .first(conn)
            .optional()?;
        let (failures, window_started_at) = match row {
            Some((failures, started)) if now - started < Duration::minutes(WINDOW_MINUTES) => {
                (failures + 1, started)
            }
            _ => (1, now),
        };
        let locked_until =
            (failures >= MAX_FAILURES).then(|| now + Duration::minutes(LOCK_MINUTES));
        diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::email_key.eq(email_key),
                sign_in_failures::failures.eq(failures),
                sign_in_failures::window_started_at.eq(window_started_at),
                sign_in_failures::locked_until.eq(locked_until),
            ))
            .on_conflict(sign_in_failures::email_key)
            .do_update()
            .set((
                sign_in_failures::failures.eq(failures),
                sign_in_failures::window_started_at.eq(window_started_at),
                sign_in_failures::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
        Ok(locked_until)
    })
}

pub fn clear(conn: &mut PgConnection, email_key: &str) -> QueryResult<()> {
    diesel::delete(sign_in_failures::table.find(email_key)).execute(conn)?;
    Ok(())
}
