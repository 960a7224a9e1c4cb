//! Live updates across instances: two apps on one database, a change made
//! through one, the server-sent event arriving on a stream opened on the
//! other (through PostgreSQL LISTEN/NOTIFY, not memory).

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::json;

use crate::helpers::{TestApp, api_for, location, spawn_app, spawn_app_on};

/// Waits until `n` instances LISTEN on the live channel of `app`'s database.
pub async fn listeners_ready(app: &TestApp, n: i64) {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    for _ in 0..100 {
        let listening: Count = diesel::sql_query(
            "SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = $1 AND query = 'LISTEN attain_live'",
        )
        .bind::<Text, _>(&app.database)
        .get_result(&mut app.conn())
        .unwrap();
        if listening.n >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the instances never started listening");
}

/// An open `/live` stream.
struct Stream {
    response: reqwest::Response,
    seen: String,
}

impl Stream {
    async fn open(client: &crate::helpers::Client) -> Stream {
        let response = client.get("/live").await;
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert_eq!(content_type, "text/event-stream");
        let mut stream = Stream {
            response,
            seen: String::new(),
        };
        // The opening comment: the stream is subscribed from here on.
        stream.read_until(": live", Duration::from_secs(5)).await;
        stream
    }

    /// Reads until `needle` has arrived (panics after `within`); returns
    /// everything read so far.
    async fn read_until(&mut self, needle: &str, within: Duration) -> String {
        let deadline = tokio::time::Instant::now() + within;
        while !self.seen.contains(needle) {
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .unwrap_or_else(|_| panic!("no {needle:?} within {within:?}; got {:?}", self.seen))
                .unwrap()
                .expect("the stream ended");
            self.seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        self.seen.clone()
    }

    /// What arrives within `wait`, without expecting anything.
    async fn read_for(&mut self, wait: Duration) -> String {
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Ok(Some(chunk))) =
            tokio::time::timeout_at(deadline, self.response.chunk()).await
        {
            self.seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        self.seen.clone()
    }
}

#[actix_web::test]
async fn a_sale_confirmed_on_one_instance_reaches_a_stream_opened_on_another() {
    let first = spawn_app().await;
    let second = spawn_app_on(first.database.clone(), first.database_url.clone()).await;
    let rep = first.create_user("rep", "rita.rep@example.com");
    let other_rep = first.create_user("rep", "otto.other@example.com");
    let manager = first.create_user("manager", "max.manager@example.com");
    listeners_ready(&first, 2).await;

    let rita_browser = second.signed_in(&rep).await;
    let otto_browser = second.signed_in(&other_rep).await;
    let manager_browser = second.signed_in(&manager).await;
    let mut rita = Stream::open(&rita_browser).await;
    let mut otto = Stream::open(&otto_browser).await;
    let mut queue = Stream::open(&manager_browser).await;

    // At or below the auto-confirm limit (1,000): confirmed at once, on the
    // first instance.
    let api = api_for(&first, &rep).await;
    let sale = json!({"title": "Air purifier", "amount": "800.00",
                      "sales_channel": "online", "order_number": "LIVE-1"});
    let (status, body) = api.post("/api/v1/sales", sale).await;
    assert_eq!(
        (status.as_u16(), body["status"].as_str()),
        (201, Some("confirmed"))
    );

    let seen = rita
        .read_until("event: progress", Duration::from_secs(5))
        .await;
    assert!(seen.contains("event: board"), "{seen}");
    // Someone else's sale moves the boards, not Otto's own cards.
    let seen = otto
        .read_until("event: board", Duration::from_secs(5))
        .await;
    assert!(!seen.contains("event: progress"), "{seen}");

    // Above the limit the sale waits: the manager's queue badge hears of
    // it, the reps do not.
    let sale = json!({"title": "Water purifier", "amount": "4000.00",
                      "sales_channel": "online", "order_number": "LIVE-2"});
    let (status, body) = api.post("/api/v1/sales", sale).await;
    assert_eq!(
        (status.as_u16(), body["status"].as_str()),
        (201, Some("pending"))
    );
    queue
        .read_until("event: sales-queue", Duration::from_secs(5))
        .await;
    let seen = otto.read_for(Duration::from_millis(600)).await;
    assert!(!seen.contains("sales-queue"), "{seen}");
}

#[actix_web::test]
async fn an_activity_logged_on_the_dashboard_reaches_the_loggers_own_stream() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "lena.logger@example.com");
    listeners_ready(&app, 1).await;
    let browser = app.signed_in(&rep).await;
    let mut stream = Stream::open(&browser).await;
    let response = browser
        .post_form(
            "/events",
            &[("metric", "calls"), ("value", "1"), ("occurred_on", "")],
        )
        .await;
    // Without htmx the logger saves and goes back to the dashboard.
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/dashboard");
    stream
        .read_until("event: progress", Duration::from_secs(5))
        .await;
}

#[actix_web::test]
async fn the_stream_is_for_signed_in_people_only() {
    let app = spawn_app().await;
    let response = app.client().get("/live").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/login");
    let dashboard = {
        let rep = app.create_user("rep", "pia.page@example.com");
        let browser = app.signed_in(&rep).await;
        let (status, page) = browser.get_text("/dashboard").await;
        assert_eq!(status, 200);
        page
    };
    // Signed-in pages join the browser's shared stream (static/js/live.js)
    // and refresh on its events.
    assert!(dashboard.contains("data-live-user="));
    assert!(dashboard.contains(attain::web::assets::url("js/live.js")));
    assert!(dashboard.contains(r#"hx-trigger="live:progress from:body""#));
    assert!(dashboard.contains("live:bell from:body"));
}

/// The id a stream's greeting carries.
fn greeting_id(seen: &str) -> String {
    let at = seen.find("event: hello\nid: ").expect("a greeting") + "event: hello\nid: ".len();
    seen[at..].lines().next().unwrap().to_string()
}

#[actix_web::test]
async fn a_page_that_comes_back_with_its_last_event_id_hears_what_it_missed() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rosa.return@example.com");
    listeners_ready(&app, 1).await;
    let browser = app.signed_in(&rep).await;
    let first = Stream::open(&browser).await;
    let left_at = greeting_id(&first.seen);
    // The page goes away (back-forward cache, another tab takes over).
    drop(first);

    let api = api_for(&app, &rep).await;
    let sale = json!({"title": "Air purifier", "amount": "300.00",
                      "sales_channel": "online", "order_number": "BACK-1"});
    let (status, _) = api.post("/api/v1/sales", sale).await;
    assert_eq!(status, 201);
    // The change has reached this instance's history once a fresh stream's
    // greeting is past it.
    let mut now = String::new();
    for _ in 0..50 {
        let mut probe = Stream::open(&browser).await;
        now = greeting_id(&probe.read_until("\n\n", Duration::from_secs(1)).await);
        if now != left_at {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_ne!(now, left_at, "the sale never reached the live history");

    // Polling with the old id: what was missed, and the id to use next.
    let (status, body) = browser
        .get_text(&format!("/live/missed?last_event_id={left_at}"))
        .await;
    assert_eq!(status, 200);
    let missed: serde_json::Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = missed["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"progress") && names.contains(&"board"),
        "{body}"
    );
    let (status, body) = browser
        .get_text(&format!(
            "/live/missed?last_event_id={}",
            missed["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200);
    assert!(body.contains(r#""names":[]"#), "{body}");
    // An id from another instance or boot: refresh everything.
    let (status, body) = browser
        .get_text("/live/missed?last_event_id=0badbeef-3")
        .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("goals-queue") || body.contains("bell"),
        "{body}"
    );

    // A stream reopened with the old id starts with the missed events.
    let response = browser.get(&format!("/live?last_event_id={left_at}")).await;
    let mut back = Stream {
        response,
        seen: String::new(),
    };
    let seen = back
        .read_until("event: progress", Duration::from_secs(5))
        .await;
    let boot = now.rsplit_once('-').unwrap().0;
    assert!(
        seen.contains(&format!("event: progress\nid: {boot}-")),
        "{seen}"
    );
}
