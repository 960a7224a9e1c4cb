//! Email for in-app notifications, when SMTP is configured: the
//! notification rows marked `email_wanted` (achievements) are the outbox.
//!
//! [`deliver`] claims the due rows of whole people in one statement (their
//! user rows `FOR NO KEY UPDATE SKIP LOCKED`, so two instances woken by the
//! same event never take the same row nor split one person's news in two),
//! sends one email per person listing everything new, and marks the rows
//! sent, or records the
//! failure for the next try. A row is tried [`MAX_ATTEMPTS`] times and only
//! while it is fresh ([`FRESH_HOURS`]): news of an achievement a week late,
//! or a backlog the day SMTP is first configured, is not worth an email.
//!
//! The [`Courier`] runs `deliver` in the server as soon as a live
//! notification event arrives (from any instance, through LISTEN/NOTIFY),
//! and every minute for retries; the `notification-emails` job does the
//! same from the schedule, the CLI or the admin's jobs page.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int2, Int4, Nullable, Text};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

use crate::db::DbPool;
use crate::i18n::Lang;
use crate::live::{Live, LiveEvent};
use crate::notify::mail::Mailer;
use crate::notify::news::{AchievementTitles, News};

/// How many people's notifications one claim takes.
pub const BATCH: i64 = 100;
/// Tries per notification before it is given up.
pub const MAX_ATTEMPTS: i16 = 5;
/// Notifications older than this are not emailed any more.
pub const FRESH_HOURS: i32 = 24;
/// A claim older than this is taken again (its instance died mid-send).
pub const CLAIM_MINUTES: i32 = 10;
/// How often the courier looks for retries without an event.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// What one delivery did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// Emails sent, and the notifications they carried.
    pub emails: usize,
    pub notifications: usize,
    /// Emails that failed (their notifications are retried).
    pub failed: usize,
    /// Notifications given up: too old, tried too often, or their person
    /// is no longer active or turned these emails off.
    pub given_up: usize,
}

impl Delivery {
    pub fn describe(&self) -> String {
        format!(
            "{} email(s) sent for {} notification(s), {} failed, {} given up",
            self.emails, self.notifications, self.failed, self.given_up
        )
    }
}

/// A claimed notification with its recipient.
#[derive(QueryableByName, Debug)]
struct Claimed {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    params: serde_json::Value,
    #[diesel(sql_type = Nullable<Text>)]
    link: Option<String>,
    /// The language the person reads (their own, else the organisation's).
    #[diesel(sql_type = Text)]
    language: String,
}

/// One person's email: their claimed notifications, oldest first, worded
/// in their language.
struct Letter<'a> {
    name: &'a str,
    email: &'a str,
    lang: Lang,
    items: Vec<&'a Claimed>,
}

/// What the words of a batch need besides each row: the organisation's
/// clock and the titles of the achievements mentioned.
struct Wording {
    zone: Tz,
    titles: AchievementTitles,
}

/// Sends every due notification email; see the module documentation.
pub fn deliver(conn: &mut PgConnection, mailer: &Mailer) -> anyhow::Result<Delivery> {
    let mut delivery = Delivery {
        given_up: give_up_stale(conn)?,
        ..Delivery::default()
    };
    loop {
        let claimed = claim(conn)?;
        if claimed.is_empty() {
            break;
        }
        let mut sent = Vec::new();
        let wording = wording(conn, &claimed)?;
        let letters = letters(&claimed);
        let people = letters.len();
        for letter in letters {
            let ids = letter.items.iter().map(|c| c.id);
            let (subject, text) = compose(&letter, &wording, mailer);
            match mailer.send(letter.name, letter.email, &subject, &text) {
                Ok(()) => {
                    delivery.emails += 1;
                    delivery.notifications += letter.items.len();
                    sent.extend(ids);
                }
                Err(error) => {
                    tracing::warn!(to = letter.email, "notification email failed: {error:#}");
                    delivery.failed += 1;
                    release(conn, &ids.collect::<Vec<_>>(), &format!("{error:#}"))?;
                }
            }
        }
        mark_sent(conn, &sent)?;
        if people < BATCH as usize {
            break;
        }
    }
    Ok(delivery)
}

/// Stops wanting the emails that can no longer go out.
fn give_up_stale(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE notifications n
         SET email_wanted = false, email_claimed_at = NULL,
             email_error = CASE
                 WHEN NOT u.active THEN 'the person is no longer active'
                 WHEN NOT u.email_notifications THEN 'the person turned notification emails off'
                 WHEN n.email_attempts >= $1 THEN coalesce(n.email_error, 'failed') || ' (gave up after ' || n.email_attempts || ' tries)'
                 ELSE 'not sent within ' || $2 || ' hours' END
         FROM users u
         WHERE u.id = n.user_id AND n.email_wanted AND n.emailed_at IS NULL
           AND (n.email_claimed_at IS NULL OR n.email_claimed_at < now() - make_interval(mins => $3))
           AND (NOT u.active OR NOT u.email_notifications OR n.email_attempts >= $1
                OR n.created_at < now() - make_interval(hours => $2))",
    )
    .bind::<Int2, _>(MAX_ATTEMPTS)
    .bind::<Int4, _>(FRESH_HOURS)
    .bind::<Int4, _>(CLAIM_MINUTES)
    .execute(conn)
}

/// The condition of a notification whose email is due (alias `n`).
const DUE: &str = "n.email_wanted AND n.emailed_at IS NULL AND n.email_attempts < $1
       AND n.created_at >= now() - make_interval(hours => $2)
       AND (n.email_claimed_at IS NULL
            OR n.email_claimed_at < now() - make_interval(mins => $3))";

/// Claims every due notification of up to [`BATCH`] people, counting the
/// attempt. Locking the people, not the rows, keeps each person's news in
/// one email when two instances deliver at the same moment; the UPDATE
/// checks `DUE` again, so rows another instance claimed meanwhile are left.
fn claim(conn: &mut PgConnection) -> QueryResult<Vec<Claimed>> {
    diesel::sql_query(format!(
        "WITH who AS (
             SELECT u.id, u.email, u.name, u.language FROM users u
             WHERE u.id IN (SELECT n.user_id FROM notifications n WHERE {DUE})
             ORDER BY u.id
             LIMIT $4
             FOR NO KEY UPDATE OF u SKIP LOCKED
         ), claimed AS (
             UPDATE notifications n
             SET email_claimed_at = now(), email_attempts = n.email_attempts + 1
             FROM who WHERE n.user_id = who.id AND {DUE}
             RETURNING n.id, n.user_id, n.kind, n.params, n.link
         )
         SELECT c.id, c.user_id, w.email, w.name, c.kind, c.params, c.link,
                coalesce(w.language, (SELECT o.language FROM organisation o LIMIT 1), 'en') AS language
         FROM claimed c JOIN who w ON w.id = c.user_id
         ORDER BY c.user_id, c.id"
    ))
    .bind::<Int2, _>(MAX_ATTEMPTS)
    .bind::<Int4, _>(FRESH_HOURS)
    .bind::<Int4, _>(CLAIM_MINUTES)
    .bind::<BigInt, _>(BATCH)
    .load(conn)
}

/// The claimed rows grouped by person.
fn letters(claimed: &[Claimed]) -> Vec<Letter<'_>> {
    let mut by_user: BTreeMap<i64, Letter> = BTreeMap::new();
    for row in claimed {
        by_user
            .entry(row.user_id)
            .or_insert_with(|| Letter {
                name: &row.name,
                email: &row.email,
                lang: Lang::parse(&row.language).unwrap_or_default(),
                items: Vec::new(),
            })
            .items
            .push(row);
    }
    by_user.into_values().collect()
}

/// The organisation's clock and the achievements' titles, read once per batch.
fn wording(conn: &mut PgConnection, claimed: &[Claimed]) -> QueryResult<Wording> {
    let org = crate::db::organisation::Organisation::get(conn)?;
    let mentioned: Vec<i64> = claimed
        .iter()
        .filter_map(|c| News::from_row(&c.kind, &c.params).achievement())
        .collect();
    Ok(Wording {
        zone: org.time_zone.parse().unwrap_or(chrono_tz::UTC),
        titles: AchievementTitles::load(conn, &mentioned, org.fiscal_start_month())?,
    })
}

/// The subject and plain-text body of one person's email, in their
/// language: one notification in full, several as a list; then the pages
/// they point to, once each.
fn compose(letter: &Letter, wording: &Wording, mailer: &Mailer) -> (String, String) {
    let lang = letter.lang;
    let words: Vec<(String, String)> = letter
        .items
        .iter()
        .map(|item| {
            News::from_row(&item.kind, &item.params).words(lang, wording.zone, &wording.titles)
        })
        .collect();
    let mut text = lang.tr("mail-greeting", [("name", letter.name.into())]);
    text.push_str("\n\n");
    let subject = match words.as_slice() {
        [(title, body)] => {
            text.push_str(&format!("{title}\n"));
            if !body.is_empty() {
                text.push_str(&format!("{body}\n"));
            }
            title.clone()
        }
        items => {
            let count = items.len();
            text.push_str(&lang.tr("mail-count", [("count", count.into())]));
            text.push_str("\n\n");
            for (title, body) in items {
                let line = match body.as_str() {
                    "" => lang.tr("mail-item", [("title", title.into())]),
                    body => lang.tr(
                        "mail-item-with-body",
                        [("title", title.into()), ("body", body.into())],
                    ),
                };
                text.push_str(&line);
                text.push('\n');
            }
            lang.tr("mail-count-subject", [("count", count.into())])
        }
    };
    let mut links: Vec<&str> = Vec::new();
    for link in letter.items.iter().filter_map(|item| item.link.as_deref()) {
        if !links.contains(&link) {
            links.push(link);
        }
    }
    text.push('\n');
    for link in links {
        text.push_str(&lang.tr("mail-open", [("link", mailer.link(link).into())]));
        text.push('\n');
    }
    text.push_str(&lang.tr("mail-all", [("link", mailer.link("/notifications").into())]));
    text.push('\n');
    (subject, text)
}

fn mark_sent(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "UPDATE notifications
         SET emailed_at = now(), email_claimed_at = NULL, email_error = NULL
         WHERE id = ANY($1)",
    )
    .bind::<Array<BigInt>, _>(ids)
    .execute(conn)?;
    Ok(())
}

/// Frees failed rows for the next try, with the reason.
fn release(conn: &mut PgConnection, ids: &[i64], error: &str) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE notifications SET email_claimed_at = NULL, email_error = $2 WHERE id = ANY($1)",
    )
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Text, _>(error)
    .execute(conn)?;
    Ok(())
}

/// The `notification-emails` job.
pub fn job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let Some(mailer) = &ctx.mailer else {
        return Ok(crate::jobs::Outcome {
            skipped: false,
            message: "SMTP is not configured: no email sent".into(),
            details: serde_json::json!({ "smtp": false }),
        });
    };
    let delivery = deliver(conn, mailer)?;
    Ok(crate::jobs::Outcome {
        skipped: false,
        message: delivery.describe(),
        details: serde_json::to_value(delivery)?,
    })
}

/// The server's delivery loop (one per instance, only with a mailer).
pub struct Courier;

impl Courier {
    /// Delivers at once, then whenever a notification event arrives and
    /// every [`SWEEP_EVERY`], until the instance shuts down. Events that
    /// arrive while a delivery runs are covered by the next one.
    pub fn start(pool: DbPool, mailer: Mailer, live: &Live) {
        let mut events = live.subscribe();
        let closed = live.closed();
        actix_web::rt::spawn(async move {
            let mut sweep = tokio::time::interval(SWEEP_EVERY);
            sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tokio::pin!(closed);
            loop {
                tokio::select! {
                    _ = &mut closed => break,
                    _ = sweep.tick() => {}
                    event = events.recv() => match event {
                        Ok(crate::live::Heard { event: LiveEvent::Notification { .. }, .. })
                        | Err(RecvError::Lagged(_)) => {}
                        Ok(_) => continue,
                        Err(RecvError::Closed) => break,
                    },
                }
                // Drain what queued up meanwhile: one delivery covers it all.
                while let Ok(_) | Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) =
                    events.try_recv()
                {}
                let (pool, mailer) = (pool.clone(), mailer.clone());
                let result = actix_web::web::block(move || {
                    let mut conn = pool.get()?;
                    deliver(&mut conn, &mailer)
                })
                .await;
                match result {
                    Ok(Ok(delivery)) if delivery != Delivery::default() => {
                        tracing::info!(message = delivery.describe(), "notification emails");
                    }
                    Ok(Ok(_)) => {}
                    Ok(Err(error)) => tracing::warn!("notification emails: {error:#}"),
                    Err(error) => tracing::warn!("notification emails could not run: {error}"),
                }
            }
        });
    }
}
