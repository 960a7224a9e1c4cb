//! The snapshots job: once a business day has ended, what every live goal's
//! figures were at its end (actual, target, attainment, expected, days
//! remaining, pace) is stored in `goal_snapshots`, with weekly and monthly
//! rows on week, month and period ends. One set-based statement
//! (`db::snapshots::take`) under a transaction-scoped advisory lock; the
//! unique key makes a second run, here or on another instance, change
//! nothing.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use crate::db::organisation::Organisation;
use crate::db::snapshots::{self, Taken};
use crate::jobs::{JobContext, Outcome};

/// The advisory lock key of the snapshots job.
const LOCK_KEY: i64 = 727_320;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes the snapshots of `day` under the job's lock: `None` when another
/// run holds it (it is doing this work).
pub fn take_locked(conn: &mut PgConnection, day: NaiveDate) -> QueryResult<Option<Taken>> {
    conn.transaction(|conn| {
        let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
            .bind::<BigInt, _>(LOCK_KEY)
            .get_result(conn)?;
        if !lock.locked {
            return Ok(None);
        }
        snapshots::take(conn, day).map(Some)
    })
}

/// The day a run records: the `--date` given, else the last business day
/// that has ended (yesterday in the organisation's time zone), whose
/// figures no longer move. Today has no snapshot; pages show it live.
pub fn day_for(ctx: &JobContext, org: &Organisation) -> NaiveDate {
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    ctx.date
        .unwrap_or_else(|| crate::domain::period::local_date(ctx.now, tz) - Days::new(1))
}

/// `attain jobs run snapshots [--date D]`.
pub fn job(conn: &mut PgConnection, ctx: &JobContext) -> anyhow::Result<Outcome> {
    let org = Organisation::get(conn)?;
    let day = day_for(ctx, &org);
    let Some(taken) = take_locked(conn, day)? else {
        return Ok(Outcome {
            skipped: true,
            message: format!("skipped: another run is taking the snapshots of {day}"),
            details: serde_json::json!({ "day": day.to_string() }),
        });
    };
    Ok(Outcome {
        skipped: false,
        message: format!(
            "{day}: {} daily, {} weekly, {} monthly snapshot(s)",
            taken.daily, taken.weekly, taken.monthly
        ),
        details: serde_json::json!({
            "day": day.to_string(),
            "daily": taken.daily,
            "weekly": taken.weekly,
            "monthly": taken.monthly,
        }),
    })
}

/// Snapshots of every day from `from` through `through` in one statement
/// (the demo's history; a backfill after the job was off). Days already
/// taken are left as they are.
pub fn backfill(
    conn: &mut PgConnection,
    from: NaiveDate,
    through: NaiveDate,
) -> QueryResult<Taken> {
    if through < from {
        return Ok(Taken::default());
    }
    snapshots::take_range(conn, from, through)
}
