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

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::PgConnection;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::domain::role::Role;

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

/// How many recent events an instance keeps for pages that come back.
pub const HISTORY: usize = 256;

/// An event as this instance passed it on, with its number.
#[derive(Clone, Debug)]
pub struct Heard {
    pub seq: u64,
    pub event: LiveEvent,
}

/// What a page that comes back with a `Last-Event-ID` has missed.
#[derive(Debug, PartialEq, Eq)]
pub enum Missed {
    /// These events (possibly none).
    Events(Vec<LiveEvent>),
    /// Unknown: the id is from another instance or boot, or too old.
    Everything,
}

impl Missed {
    /// The event names this means for `viewer`.
    pub fn names_for(&self, viewer: &Viewer) -> BTreeSet<&'static str> {
        match self {
            Missed::Events(events) => events.iter().flat_map(|e| e.names_for(viewer)).collect(),
            Missed::Everything => ALL_NAMES.into_iter().collect(),
        }
    }
}

/// The numbered recent events, and the boot they belong to.
struct History {
    boot: String,
    next: u64,
    recent: VecDeque<Heard>,
}

impl History {
    fn id(&self, seq: u64) -> String {
        format!("{}-{seq}", self.boot)
    }

    /// Everything after the event numbered by `last_id`.
    fn since(&self, last_id: &str) -> Missed {
        let seq = last_id
            .rsplit_once('-')
            .filter(|(boot, _)| *boot == self.boot)
            .and_then(|(_, seq)| seq.parse::<u64>().ok());
        let Some(seq) = seq.filter(|seq| *seq < self.next) else {
            return Missed::Everything;
        };
        let oldest = self.recent.front().map_or(self.next, |h| h.seq);
        if seq + 1 < oldest {
            return Missed::Everything;
        }
        Missed::Events(
            self.recent
                .iter()
                .filter(|h| h.seq > seq)
                .map(|h| h.event.clone())
                .collect(),
        )
    }
}

/// The instance's end of the fan-out: subscribe for a page's stream.
#[derive(Clone)]
pub struct Live {
    sender: broadcast::Sender<Heard>,
    closing: tokio::sync::watch::Sender<bool>,
    history: Arc<Mutex<History>>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            sender: broadcast::channel(1024).0,
            closing: tokio::sync::watch::channel(false).0,
            history: Arc::new(Mutex::new(History {
                boot: format!("{:08x}", rand::random::<u32>()),
                // Ids start at 1: "boot-0" names the moment before any event.
                next: 1,
                recent: VecDeque::with_capacity(HISTORY),
            })),
        }
    }
}

/// A page's subscription: what it missed, and what comes next.
pub struct Resumed {
    pub events: broadcast::Receiver<Heard>,
    /// `None` when the page sent no id (a first visit: nothing missed).
    pub missed: Option<Missed>,
    /// The id of the last event before the subscription.
    pub last_id: String,
}

impl Live {
    pub fn subscribe(&self) -> broadcast::Receiver<Heard> {
        self.sender.subscribe()
    }

    fn history(&self) -> std::sync::MutexGuard<'_, History> {
        // A panic while holding the lock leaves the history usable.
        self.history.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Subscribes, and says what the page missed since `last_id`; under
    /// the lock `send_local` takes, so nothing falls between the two.
    pub fn resume(&self, last_id: Option<&str>) -> Resumed {
        let history = self.history();
        Resumed {
            events: self.sender.subscribe(),
            missed: last_id.map(|id| history.since(id)),
            last_id: history.id(history.next - 1),
        }
    }

    /// The SSE id of event number `seq` of this instance.
    pub fn id(&self, seq: u64) -> String {
        self.history().id(seq)
    }

    /// Resolves once the instance is shutting down (see [`Live::close`]).
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + use<> {
        let mut closing = self.closing.subscribe();
        async move {
            // An error means the sender is gone: closed as well.
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    /// Ends every open stream, so a graceful shutdown need not wait for
    /// pages that would keep their connections open for ever.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Passes an event to this instance's streams only (tests, and the
    /// listener below).
    pub fn send_local(&self, event: LiveEvent) {
        let mut history = self.history();
        let heard = Heard {
            seq: history.next,
            event,
        };
        history.next += 1;
        if history.recent.len() == HISTORY {
            history.recent.pop_front();
        }
        history.recent.push_back(heard.clone());
        // No open stream is not an error.
        let _ = self.sender.send(heard);
    }

    /// Listens on [`CHANNEL`] at `database_url` for as long as the current
    /// runtime runs, reconnecting with a growing pause (1 s to 30 s) when
    /// the connection is lost; after a reconnect, open pages are told to
    /// refresh everything.
    pub fn listen(&self, database_url: String) {
        let live = self.clone();
        actix_web::rt::spawn(async move {
            let mut pause = Duration::from_secs(1);
            let mut first = true;
            loop {
                match live.listen_once(&database_url, first).await {
                    Ok(()) => pause = Duration::from_secs(1),
                    Err(error) => {
                        tracing::warn!(%error, "live updates: listener connection failed");
                    }
                }
                first = false;
                actix_web::rt::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
        });
    }

    /// One connection's life: LISTEN, forward until it closes.
    async fn listen_once(&self, database_url: &str, first: bool) -> anyhow::Result<()> {
        use futures_util::StreamExt;
        use tokio_postgres::AsyncMessage;

        let (client, mut connection) =
            tokio_postgres::connect(database_url, tokio_postgres::NoTls).await?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let driver = actix_web::rt::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(message) = messages.next().await {
                match message {
                    Ok(AsyncMessage::Notification(n)) => {
                        if tx.send(n.payload().to_owned()).is_err() {
                            break;
                        }
                    }
                    Ok(_) => {}
                    Err(error) => return Err(error),
                }
            }
            Ok(())
        });
        client.batch_execute("LISTEN attain_live").await?;
        if !first {
            self.send_local(LiveEvent::Resync);
        }
        while let Some(payload) = rx.recv().await {
            match serde_json::from_str::<LiveEvent>(&payload) {
                Ok(event) => self.send_local(event),
                Err(error) => tracing::warn!(%error, payload, "live updates: unknown payload"),
            }
        }
        drop(client);
        driver.await??;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REP: Viewer = Viewer {
        user_id: 7,
        approves: false,
    };
    const MANAGER: Viewer = Viewer {
        user_id: 3,
        approves: true,
    };

    #[test]
    fn progress_refreshes_boards_for_everyone_and_cards_for_the_people_it_is_about() {
        let event = LiveEvent::progress([7, 9, 7]);
        assert_eq!(
            event,
            LiveEvent::Progress {
                users: Some(vec![7, 9])
            }
        );
        assert_eq!(event.names_for(&REP), ["board", "progress"]);
        assert_eq!(event.names_for(&MANAGER), ["board"]);
        let everyone = LiveEvent::progress(0..1000);
        assert_eq!(everyone, LiveEvent::Progress { users: None });
        assert_eq!(everyone.names_for(&MANAGER), ["board", "progress"]);
    }

    #[test]
    fn bells_and_queues_reach_only_their_viewers() {
        let bell = LiveEvent::Notification { users: vec![7] };
        assert_eq!(bell.names_for(&REP), ["bell"]);
        assert!(bell.names_for(&MANAGER).is_empty());
        assert!(LiveEvent::SalesQueue.names_for(&REP).is_empty());
        assert_eq!(LiveEvent::SalesQueue.names_for(&MANAGER), ["sales-queue"]);
        assert_eq!(LiveEvent::GoalsQueue.names_for(&MANAGER), ["goals-queue"]);
        let earned = LiveEvent::Achievement { users: vec![7] };
        assert_eq!(earned.names_for(&REP), ["feed", "achievement", "progress"]);
        assert_eq!(earned.names_for(&MANAGER), ["feed"]);
        assert_eq!(LiveEvent::Resync.names_for(&REP), ALL_NAMES);
    }

    #[test]
    fn a_page_that_comes_back_hears_what_it_missed_or_to_refresh_everything() {
        let live = Live::default();
        let start = live.resume(None);
        assert!(start.missed.is_none());
        live.send_local(LiveEvent::Notification { users: vec![7] });
        live.send_local(LiveEvent::SalesQueue);
        let after_first = live.id(1);
        let missed = live.resume(Some(&after_first)).missed.unwrap();
        assert_eq!(missed, Missed::Events(vec![LiveEvent::SalesQueue]));
        assert!(missed.names_for(&REP).is_empty());
        assert_eq!(
            missed.names_for(&MANAGER).into_iter().collect::<Vec<_>>(),
            ["sales-queue"]
        );
        // From before anything happened: both events.
        let missed = live.resume(Some(&start.last_id)).missed.unwrap();
        assert!(matches!(missed, Missed::Events(e) if e.len() == 2));
        // Up to date: nothing.
        let now = live.resume(None).last_id;
        assert_eq!(live.resume(Some(&now)).missed, Some(Missed::Events(vec![])));
        // Another boot, garbage, the future: everything.
        for id in ["0badbeef-1", "nonsense", &live.id(99)] {
            assert_eq!(live.resume(Some(id)).missed, Some(Missed::Everything));
        }
        // Older than the history holds: everything.
        for _ in 0..HISTORY {
            live.send_local(LiveEvent::GoalsQueue);
        }
        assert_eq!(
            live.resume(Some(&after_first)).missed,
            Some(Missed::Everything)
        );
        let recent = live.id(HISTORY as u64);
        assert!(matches!(
            live.resume(Some(&recent)).missed,
            Some(Missed::Events(_))
        ));
    }

    #[test]
    fn events_travel_as_small_tagged_json() {
        let event = LiveEvent::progress([1, 2]);
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(text, r#"{"kind":"progress","users":[1,2]}"#);
        assert_eq!(serde_json::from_str::<LiveEvent>(&text).unwrap(), event);
        let text = serde_json::to_string(&LiveEvent::SalesQueue).unwrap();
        assert_eq!(text, r#"{"kind":"sales_queue"}"#);
        // The largest listed event fits a NOTIFY payload.
        let big = LiveEvent::progress((0..MAX_LISTED_USERS as i64).map(|i| i + 1_000_000_000));
        assert!(serde_json::to_string(&big).unwrap().len() < 8000);
        // Long lists of people go as several payloads.
        let many = LiveEvent::Notification {
            users: (0..1200).collect(),
        };
        let parts = many.in_payloads();
        assert_eq!(parts.len(), 3);
        assert!(
            parts
                .iter()
                .all(|p| serde_json::to_string(p).unwrap().len() < 8000)
        );
    }
}
