//! The reminders job: the goal-sheet deadline reminder that is due now,
//! created once per rep, month and kind, delivered in the app and, when SMTP
//! is configured, by email. Runs under a transaction-scoped advisory lock so
//! two instances never work at once; the unique key makes it idempotent
//! even without the lock.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use serde::Serialize;

use crate::db::organisation::Organisation;
use crate::db::reminders;
use crate::domain::deadline::{self, ReminderKind};
use crate::i18n::Lang;
use crate::notify::mail::Mailer;
use crate::notify::news::reminder_words;

/// The advisory lock key of the reminders job.
const LOCK_KEY: i64 = 727_301;

/// Where a reminder points the rep: the dashboard shows the month's sheet.
pub const LINK: &str = "/dashboard";

/// What one run did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ReminderSummary {
    pub year: i32,
    pub month: u32,
    /// The reminder due at `now`; `None` before the first one's day.
    pub kind: Option<ReminderKind>,
    /// Another instance held the lock; this run did nothing.
    pub skipped: bool,
    pub created: usize,
    pub emailed: usize,
    pub email_failed: usize,
}

impl ReminderSummary {
    pub fn describe(&self) -> String {
        let month = month_name(self.month);
        match (self.skipped, self.kind) {
            (true, _) => "skipped: another instance is sending reminders".into(),
            (false, None) => format!("no reminder is due yet for {month} {}", self.year),
            (false, Some(kind)) => format!(
                "{} for {month} {}: {} created, {} emailed{}",
                kind.as_str(),
                self.year,
                self.created,
                self.emailed,
                if self.email_failed > 0 {
                    format!(", {} emails failed", self.email_failed)
                } else {
                    String::new()
                }
            ),
        }
    }
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Creates and delivers the reminder due at `now` for every active rep whose
/// sheet for the current month (organisation time) is not set. Emails go
/// out only for reminders this run created, after they are committed, so a
/// reminder is emailed at most once; a failed email is logged and counted.
pub fn run_reminders(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    mailer: Option<&Mailer>,
) -> anyhow::Result<ReminderSummary> {
    let org = Organisation::get(conn)?;
    let tz: Tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let (year, month) = deadline::sheet_month(now, tz);
    let mut summary = ReminderSummary {
        year,
        month,
        kind: deadline::reminder_due(year, month, now, tz),
        ..ReminderSummary::default()
    };
    let Some(kind) = summary.kind else {
        return Ok(summary);
    };
    let created = conn.transaction(|conn| {
        let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
            .bind::<BigInt, _>(LOCK_KEY)
            .get_result(conn)?;
        if !lock.locked {
            return Ok::<_, diesel::result::Error>(None);
        }
        reminders::create_due(conn, year, month, kind.as_str(), now, LINK).map(Some)
    })?;
    let Some(created) = created else {
        summary.skipped = true;
        return Ok(summary);
    };
    summary.created = created.len();
    if !created.is_empty() {
        let users = created.iter().map(|r| r.user_id).collect();
        crate::live::publish(conn, &[crate::live::LiveEvent::Notification { users }]);
    }
    if let Some(mailer) = mailer {
        for reminder in &created {
            // Each rep's email in the language they read.
            let lang = Lang::parse(&reminder.language).unwrap_or_default();
            let (title, body) = reminder_words(lang, year, month, kind, tz);
            let message = format!(
                "{}\n\n{body}\n\n{}\n",
                lang.tr("mail-greeting", [("name", reminder.name.clone().into())]),
                lang.tr("mail-reminder-open", [("link", mailer.link(LINK).into())]),
            );
            match mailer.send(&reminder.name, &reminder.email, &title, &message) {
                Ok(()) => {
                    reminders::mark_emailed(conn, reminder.id, Utc::now())?;
                    summary.emailed += 1;
                }
                Err(error) => {
                    tracing::warn!(reminder = reminder.id, "reminder email failed: {error:#}");
                    summary.email_failed += 1;
                }
            }
        }
    }
    Ok(summary)
}

/// "November" for 11.
pub fn month_name(month: u32) -> String {
    NaiveDate::from_ymd_opt(2000, month.clamp(1, 12), 1)
        .map(|d| d.format("%B").to_string())
        .unwrap_or_default()
}

/// The job entry for the registry.
pub fn job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let summary = run_reminders(conn, ctx.now, ctx.mailer.as_ref())?;
    Ok(crate::jobs::Outcome {
        skipped: summary.skipped,
        message: summary.describe(),
        details: serde_json::to_value(&summary)?,
    })
}
