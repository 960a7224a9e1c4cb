//! `GET /live`: the signed-in viewer's stream of server-sent events (see
//! [`crate::live`]). Changes are gathered and sent at most every 250 ms, so
//! a burst of a thousand confirmations is a handful of refreshes; the
//! leaderboards' `board` at most once a second. A comment line every 15 s
//! keeps proxies from closing an idle stream.

use std::collections::BTreeSet;
use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{HttpResponse, http::header, web};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, Interval, MissedTickBehavior};

use super::Routes;
use super::error::AppError;
use crate::auth::CurrentUser;
use crate::live::{ALL_NAMES, Live, LiveEvent, Viewer};

pub fn routes(r: &mut Routes) {
    r.get("/live", stream);
}

const FLUSH_EVERY: Duration = Duration::from_millis(250);
const BOARD_EVERY: Duration = Duration::from_secs(1);
const KEEPALIVE_EVERY: Duration = Duration::from_secs(15);

async fn stream(live: web::Data<Live>, current: CurrentUser) -> Result<HttpResponse, AppError> {
    let viewer = Viewer::new(current.user.id, current.role());
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let state = Stream {
        closed: Box::pin(live.closed()),
        events: live.subscribe(),
        viewer,
        tick,
        pending: BTreeSet::new(),
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
    events: tokio::sync::broadcast::Receiver<LiveEvent>,
    viewer: Viewer,
    tick: Interval,
    pending: BTreeSet<&'static str>,
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
            return Some(Bytes::from_static(b"retry: 2000\n: live\n\n"));
        }
        loop {
            tokio::select! {
                () = &mut self.closed => return None,
                received = self.events.recv() => match received {
                    Ok(event) => self.pending.extend(event.names_for(&self.viewer)),
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
        let mut out = String::new();
        self.pending.retain(|&name| {
            if name == "board" && board_waits {
                return true;
            }
            out.push_str("event: ");
            out.push_str(name);
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
