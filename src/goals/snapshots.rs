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

/// How many ended days a scheduled run fills at most: the days missed
/// while no instance ran (a weekend's outage), not a year of history.
pub const CATCH_UP_DAYS: u64 = 14;

/// Takes the snapshots of `from` through `day` under the job's lock:
/// `None` when another run holds it (it is doing this work).
pub fn take_locked(
    conn: &mut PgConnection,
    from: NaiveDate,
    day: NaiveDate,
) -> QueryResult<Option<Taken>> {
    conn.transaction(|conn| {
        let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
            .bind::<BigInt, _>(LOCK_KEY)
            .get_result(conn)?;
        if !lock.locked {
            return Ok(None);
        }
        snapshots::take_range(conn, from, day).map(Some)
    })
}

/// The first day a scheduled run for `day` takes: the day after the last
/// one taken before it, at most [`CATCH_UP_DAYS`] back; `day` itself when
/// nothing was ever taken (history is the backfill's business).
pub fn catch_up_from(conn: &mut PgConnection, day: NaiveDate) -> QueryResult<NaiveDate> {
    use crate::db::schema::goal_snapshots;
    let last: Option<NaiveDate> = goal_snapshots::table
        .filter(goal_snapshots::kind.eq("daily"))
        .filter(goal_snapshots::day.lt(day))
        .select(diesel::dsl::max(goal_snapshots::day))
        .get_result(conn)?;
    let earliest = day - Days::new(CATCH_UP_DAYS - 1);
    Ok(last.map_or(day, |last| (last + Days::new(1)).max(earliest)))
}

/// The day a run records: the `--date` given, else the last business day
/// that has ended (yesterday in the organisation's time zone), whose
/// figures no longer move. Today has no snapshot; pages show it live.
pub fn day_for(ctx: &JobContext, org: &Organisation) -> NaiveDate {
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    ctx.date
        .unwrap_or_else(|| crate::domain::period::local_date(ctx.now, tz) - Days::new(1))
}

/// `attain jobs run snapshots [--date D]`: the day given, or the last
/// ended day with any days missed before it.
pub fn job(conn: &mut PgConnection, ctx: &JobContext) -> anyhow::Result<Outcome> {
    let org = Organisation::get(conn)?;
    let day = day_for(ctx, &org);
    let from = match ctx.date {
        Some(_) => day,
        None => catch_up_from(conn, day)?,
    };
    let days = if from == day {
        day.to_string()
    } else {
        format!("{from} to {day}")
    };
    let Some(taken) = take_locked(conn, from, day)? else {
        return Ok(Outcome {
            skipped: true,
            message: format!("skipped: another run is taking the snapshots of {days}"),
            details: serde_json::json!({ "day": day.to_string() }),
        });
    };
    let mut message = format!(
        "{days}: {} daily, {} weekly, {} monthly snapshot(s)",
        taken.daily, taken.weekly, taken.monthly
    );
    if !taken.skipped_goals.is_empty() {
        message.push_str(&crate::jobs::skipped_goals_note(&taken.skipped_goals));
    }
    Ok(Outcome {
        skipped: false,
        message,
        details: serde_json::json!({
            "from": from.to_string(),
            "day": day.to_string(),
            "daily": taken.daily,
            "weekly": taken.weekly,
            "monthly": taken.monthly,
            "skipped_goals": taken.skipped_goals,
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
