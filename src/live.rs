//! Live updates: what changed, fanned out to every open page of every app
//! instance.
//!
//! A write that changes what people see (a sale confirmed, an event logged
//! or imported, a notification, a queue) publishes a [`LiveEvent`] with
//! `pg_notify` once its transaction has committed. Every app instance keeps
//! one connection that `LISTEN`s on [`CHANNEL`] and passes what arrives to
//! a broadcast channel; each open page holds a server-sent-events stream
//! (`GET /live`, the htmx SSE extension) that turns the events meant for its
//! viewer into named events (`progress`, `board`, `bell`, …). The page's
//! htmx elements refetch themselves on those names. Several instances
//! behind a load balancer see each other's writes because the fan-out goes
//! through PostgreSQL, not through memory.
//!
//! Every event an instance passes on gets a number, and the stream sends it
//! as the SSE `id` ("boot-seq"). A page that comes back (a reconnect, a
//! page restored from the back-forward cache, a tab that takes over the
//! browser's one stream) sends the last id it saw as `Last-Event-ID` and is
//! told only what it missed, from the last [`HISTORY`] events this instance
//! holds; an id from another instance, another boot or too long ago means
//! "refresh everything".
//!
//! Publishing happens after commit, outside the writing transaction: a
//! NOTIFY inside it would hold PostgreSQL's notify lock across the commit's
//! WAL flush and serialise every confirmation. If an instance dies between
//! commit and publish, open pages catch up on their next periodic refresh.

use std::collections::BTreeSet;

use diesel::PgConnection;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};

use crate::domain::role::Role;

mod hub;

pub use hub::{HISTORY, Heard, Live, Missed, Resumed};

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "attain_live";

/// More people than this in one event are sent as "everyone": a NOTIFY
/// payload must stay under 8,000 bytes.
const MAX_LISTED_USERS: usize = 500;

/// Something that changed, as published between instances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// Metric events of these people were written (`None`: too many to
    /// list, anyone's figures may have moved).
    Progress { users: Option<Vec<i64>> },
    /// These people earned achievements.
    Achievement { users: Vec<i64> },
    /// These people have new notifications.
    Notification { users: Vec<i64> },
    /// The sales approval queue changed.
    SalesQueue,
    /// The goal approval queue changed.
    GoalsQueue,
    /// The listener reconnected and may have missed events: refresh all.
    Resync,
}

impl LiveEvent {
    /// Progress of the given people (deduplicated; "everyone" past the
    /// payload's room).
    pub fn progress(users: impl IntoIterator<Item = i64>) -> LiveEvent {
        LiveEvent::Progress {
            users: listed(users),
        }
    }

    /// The event as NOTIFY payloads can carry it: long lists of people cut
    /// into several events.
    fn in_payloads(&self) -> Vec<LiveEvent> {
        let split = |users: &[i64], make: fn(Vec<i64>) -> LiveEvent| {
            users
                .chunks(MAX_LISTED_USERS)
                .map(|chunk| make(chunk.to_vec()))
                .collect()
        };
        match self {
            LiveEvent::Achievement { users } => {
                split(users, |users| LiveEvent::Achievement { users })
            }
            LiveEvent::Notification { users } => {
                split(users, |users| LiveEvent::Notification { users })
            }
            other => vec![other.clone()],
        }
    }

    /// The names of the server-sent events this change means for `viewer`.
    pub fn names_for(&self, viewer: &Viewer) -> Vec<&'static str> {
        let mine = |users: &[i64]| users.contains(&viewer.user_id);
        match self {
            LiveEvent::Progress { users } => {
                let mut names = vec!["board"];
                if users.as_deref().is_none_or(mine) {
                    names.push("progress");
                }
                names
            }
            LiveEvent::Achievement { users } => {
                let mut names = vec!["feed"];
                if mine(users) {
                    names.extend(["achievement", "progress"]);
                }
                names
            }
            LiveEvent::Notification { users } if mine(users) => vec!["bell"],
            LiveEvent::Notification { .. } => Vec::new(),
            LiveEvent::SalesQueue | LiveEvent::GoalsQueue if !viewer.approves => Vec::new(),
            LiveEvent::SalesQueue => vec!["sales-queue"],
            LiveEvent::GoalsQueue => vec!["goals-queue"],
            LiveEvent::Resync => ALL_NAMES.to_vec(),
        }
    }
}

/// Every name a page may listen for.
pub const ALL_NAMES: [&str; 7] = [
    "progress",
    "board",
    "achievement",
    "feed",
    "bell",
    "sales-queue",
    "goals-queue",
];

fn listed(users: impl IntoIterator<Item = i64>) -> Option<Vec<i64>> {
    let set: BTreeSet<i64> = users.into_iter().collect();
    (set.len() <= MAX_LISTED_USERS).then(|| set.into_iter().collect())
}

/// Whose stream an event is filtered for.
#[derive(Clone, Copy, Debug)]
pub struct Viewer {
    pub user_id: i64,
    /// Managers and admins watch the approval queues.
    pub approves: bool,
}

impl Viewer {
    pub fn new(user_id: i64, role: Role) -> Viewer {
        Viewer {
            user_id,
            approves: matches!(role, Role::Manager | Role::Admin),
        }
    }
}

/// Publishes `events` to every instance, in one statement. Call it after
/// the write committed; a failure is logged, never the caller's error (the
/// write stands, pages catch up on their periodic refresh).
pub fn publish(conn: &mut PgConnection, events: &[LiveEvent]) {
    use diesel::RunQueryDsl;
    use diesel::sql_types::Array;
    let payloads: Vec<String> = events
        .iter()
        .flat_map(LiveEvent::in_payloads)
        .filter_map(|event| serde_json::to_string(&event).ok())
        .collect();
    if payloads.is_empty() {
        return;
    }
    let sent = crate::db::prepared::prepared(
        "SELECT pg_notify('attain_live', payload) FROM unnest($1::text[]) AS payload",
    )
    .bind::<Array<Text>, _>(payloads)
    .execute(conn);
    if let Err(error) = sent {
        tracing::warn!(%error, "live update not published");
    }
}

#[cfg(test)]
mod tests;
