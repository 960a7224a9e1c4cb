//! The `achievements` and `period-close` jobs: each one transaction under
//! its advisory lock, so a second instance records a skipped run.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use crate::db::organisation::Organisation;
use crate::domain::achievement::Kind;

use super::detection::detect_in;
use super::{Earned, Who, oversized_goals};

/// The advisory lock keys of the two jobs.
const ACHIEVEMENTS_LOCK: i64 = 727_313;
const PERIOD_CLOSE_LOCK: i64 = 727_314;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes a transaction-scoped advisory lock without waiting.
fn try_lock(conn: &mut PgConnection, key: i64) -> QueryResult<bool> {
    let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
        .bind::<BigInt, _>(key)
        .get_result(conn)?;
    Ok(lock.locked)
}

fn org_day(conn: &mut PgConnection, ctx: &crate::jobs::JobContext) -> QueryResult<NaiveDate> {
    let org = Organisation::get(conn)?;
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    Ok(crate::domain::period::local_date(ctx.now, tz))
}

fn skipped(what: &str) -> crate::jobs::Outcome {
    crate::jobs::Outcome {
        skipped: true,
        message: format!("skipped: another instance is running {what}"),
        details: serde_json::json!({}),
    }
}

fn count_by_kind(earned: &[Earned]) -> serde_json::Value {
    let mut counts = serde_json::Map::new();
    for kind in Kind::ALL {
        let n = earned.iter().filter(|e| e.kind == kind.as_str()).count();
        if n > 0 {
            counts.insert(kind.as_str().into(), n.into());
        }
    }
    serde_json::Value::Object(counts)
}

/// The `achievements` job: detection for everyone on the organisation's
/// business day at the job's instant, and tier promotion suggestions.
pub fn job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let today = org_day(conn, ctx)?;
    let done = conn.transaction(|conn| {
        if !try_lock(conn, ACHIEVEMENTS_LOCK)? {
            return Ok::<_, diesel::result::Error>(None);
        }
        let earned = detect_in(conn, Who::Everyone, today)?;
        let suggested = crate::rewards::promotions::suggest(conn, today)?;
        Ok(Some((earned, suggested, oversized_goals(conn, today)?)))
    })?;
    let Some((earned, suggested, oversized)) = done else {
        return Ok(skipped("achievement detection"));
    };
    let mut message = format!(
        "{} achievement(s) recorded, {suggested} tier promotion(s) suggested on {today}",
        earned.len()
    );
    if !oversized.is_empty() {
        message.push_str(&crate::jobs::skipped_goals_note(&oversized));
    }
    Ok(crate::jobs::Outcome {
        skipped: false,
        message,
        details: serde_json::json!({
            "today": today.to_string(),
            "recorded": earned.len(),
            "by_kind": count_by_kind(&earned),
            "promotions_suggested": suggested,
            "skipped_goals": oversized,
        }),
    })
}

/// The `period-close` job: active goals whose period has ended become
/// completed or failed (`goals::lifecycle::close_ended`), then the final
/// achievements of the closed periods are recorded (perfect months and
/// streaks included), then tier promotions are suggested from the months
/// that ended. One transaction under an advisory lock; running it again
/// changes nothing.
pub fn period_close_job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let today = org_day(conn, ctx)?;
    let done = conn.transaction(|conn| {
        if !try_lock(conn, PERIOD_CLOSE_LOCK)? {
            return Ok::<_, diesel::result::Error>(None);
        }
        let closed = crate::goals::lifecycle::close_ended(conn, today)?;
        // Final figures of the ended periods: as of their last day, which
        // `today` (after it) covers within the lookback.
        let earned = detect_in(conn, Who::Everyone, today)?;
        let suggested = crate::rewards::promotions::suggest(conn, today)?;
        let oversized = oversized_goals(conn, today)?;
        Ok(Some((closed, earned, suggested, oversized)))
    })?;
    let Some((closed, earned, suggested, oversized)) = done else {
        return Ok(skipped("period close"));
    };
    let mut message = format!(
        "{closed} goal(s) closed, {} achievement(s) recorded, {suggested} tier promotion(s) suggested on {today}",
        earned.len()
    );
    if !oversized.is_empty() {
        message.push_str(&crate::jobs::skipped_goals_note(&oversized));
    }
    Ok(crate::jobs::Outcome {
        skipped: false,
        message,
        details: serde_json::json!({
            "today": today.to_string(),
            "closed": closed,
            "recorded": earned.len(),
            "by_kind": count_by_kind(&earned),
            "promotions_suggested": suggested,
            "skipped_goals": oversized,
        }),
    })
}
