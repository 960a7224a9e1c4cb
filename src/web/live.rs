//! `GET /live`: the signed-in viewer's stream of server-sent events (see
//! [`crate::live`]). Changes are gathered and sent at most every 250 ms, so
//! a burst of a thousand confirmations is a handful of refreshes; the
//! leaderboards' `board` at most once a second. A comment line every 15 s
//! keeps proxies from closing an idle stream. Each batch carries the id of
//! the last event it covers; a stream opened with `Last-Event-ID` (the
//! header, or `?last_event_id=` where a new `EventSource` cannot set it)
//! starts with what the page missed.
//!
//! `GET /live/missed?last_event_id=…`: the same answer once, as JSON, for
//! pages that poll (no Web Locks or BroadcastChannel) or come back from the
//! back-forward cache and listen through another tab's stream.

use std::collections::BTreeSet;
use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, Interval, MissedTickBehavior};

use super::Routes;
use super::error::AppError;
use crate::auth::CurrentUser;
use crate::live::{ALL_NAMES, Heard, Live, Viewer};

pub fn routes(r: &mut Routes) {
    r.get("/live", stream).get("/live/missed", missed);
}

#[derive(Deserialize)]
struct Since {
    last_event_id: Option<String>,
}

/// The id the page last saw: the header an `EventSource` sends when it
/// reconnects by itself, else the query.
fn last_event_id(request: &HttpRequest, query: &Since) -> Option<String> {
    request
        .headers()
        .get("Last-Event-ID")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| query.last_event_id.clone())
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
}

#[derive(Serialize)]
struct MissedBody {
    /// The id to send next time.
    id: String,
    /// The event names to act on now.
    names: Vec<&'static str>,
}

async fn missed(
    live: web::Data<Live>,
    current: CurrentUser,
    request: HttpRequest,
    query: web::Query<Since>,
) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::new(current.user.id, current.role());
    let resumed = live.resume(last_event_id(&request, &query).as_deref());
    let names = resumed
        .missed
        .map(|m| m.names_for(&viewer).into_iter().collect())
        .unwrap_or_default();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(MissedBody {
            id: resumed.last_id,
            names,
        }))
}

const FLUSH_EVERY: Duration = Duration::from_millis(250);
const BOARD_EVERY: Duration = Duration::from_secs(1);
const KEEPALIVE_EVERY: Duration = Duration::from_secs(15);

async fn stream(
    live: web::Data<Live>,
    current: CurrentUser,
    request: HttpRequest,
    query: web::Query<Since>,
) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::new(current.user.id, current.role());
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let resumed = live.resume(last_event_id(&request, &query).as_deref());
    let pending = resumed
        .missed
        .map(|m| m.names_for(&viewer))
        .unwrap_or_default();
    let state = Stream {
        closed: Box::pin(live.closed()),
        live: live.into_inner(),
        events: resumed.events,
        viewer,
        tick,
        pending,
        last_id: resumed.last_id,
        last_seq: None,
        last_board: None,
        last_sent: Instant::now(),
        opened: false,
    };
    let body = futures_util::stream::unfold(state, |mut s| async move {
        let chunk = s.next_chunk().await?;
        Some((Ok::<_, actix_web::Error>(chunk), s))
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}

struct Stream {
    /// Resolves when the instance shuts down: the stream ends.
    closed: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>,
    live: std::sync::Arc<Live>,
    events: tokio::sync::broadcast::Receiver<Heard>,
    viewer: Viewer,
    tick: Interval,
    pending: BTreeSet<&'static str>,
    /// The id of the last event taken into account (sent with each batch).
    last_id: String,
    /// The number of the last event received, not yet turned into an id.
    last_seq: Option<u64>,
    last_board: Option<Instant>,
    last_sent: Instant,
    opened: bool,
}

impl Stream {
    /// The next bytes to send; `None` ends the stream (the instance stops).
    async fn next_chunk(&mut self) -> Option<Bytes> {
        if !self.opened {
            // Tells the browser how soon to reconnect, and flushes headers.
            self.opened = true;
            // `hello` hands the page the current id before any change.
            return Some(Bytes::from(format!(
                ": live\nretry: 2000\nevent: hello\nid: {}\ndata: 1\n\n",
                self.last_id
            )));
        }
        loop {
            tokio::select! {
                () = &mut self.closed => return None,
                received = self.events.recv() => match received {
                    Ok(heard) => {
                        self.last_seq = Some(heard.seq);
                        self.pending.extend(heard.event.names_for(&self.viewer));
                    }
                    // Fell behind: whatever was missed, refresh everything.
                    Err(RecvError::Lagged(_)) => self.pending.extend(ALL_NAMES),
                    Err(RecvError::Closed) => return None,
                },
                _ = self.tick.tick() => {
                    if let Some(chunk) = self.flush() {
                        return Some(chunk);
                    }
                }
            }
        }
    }

    /// The pending events that may go now, or a keep-alive when the stream
    /// has been quiet for long.
    fn flush(&mut self) -> Option<Bytes> {
        let now = Instant::now();
        let board_waits = self.pending.contains("board")
            && self
                .last_board
                .is_some_and(|at| now.duration_since(at) < BOARD_EVERY);
        // A held-back board keeps the id where it was: a page that comes
        // back from here hears it again rather than never.
        if !board_waits && let Some(seq) = self.last_seq.take() {
            self.last_id = self.live.id(seq);
        }
        let mut out = String::new();
        let id = &self.last_id;
        self.pending.retain(|&name| {
            if name == "board" && board_waits {
                return true;
            }
            out.push_str("event: ");
            out.push_str(name);
            out.push_str("\nid: ");
            out.push_str(id);
            out.push_str("\ndata: 1\n\n");
            false
        });
        if !out.is_empty() {
            if !board_waits && out.contains("event: board\n") {
                self.last_board = Some(now);
            }
            self.last_sent = now;
            return Some(Bytes::from(out));
        }
        if now.duration_since(self.last_sent) >= KEEPALIVE_EVERY {
            self.last_sent = now;
            return Some(Bytes::from_static(b": keep-alive\n\n"));
        }
        None
    }
}
