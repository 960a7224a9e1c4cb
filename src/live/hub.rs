//! The instance's end of the fan-out: the numbered recent events a page
//! that comes back is told it missed, the broadcast each open page
//! subscribes to, and the one connection that `LISTEN`s on [`CHANNEL`](super::CHANNEL).

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast;

use super::{ALL_NAMES, LiveEvent, Viewer};

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

    /// Listens on [`CHANNEL`](super::CHANNEL) at `database_url` for as long as the current
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
