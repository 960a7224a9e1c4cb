//! Sheet sources: CSV served by a small HTTP server started here, synced
//! through the admin pages and the API. A first sync adds the rows, a
//! second adds none, an edited row with a new reference is added; one bad
//! row writes nothing and is logged; a slow server, an oversized body and a
//! 404 are logged failures; two instances syncing at once import each row
//! once; the admins hear of a failing source once per streak; the link's
//! credentials are never shown.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use attain::db::schema::{metric_events, notifications, sheet_syncs};
use attain::goals::sources::fetch::FetchLimits;

use crate::helpers::{Client, TestApp, TestUser, api_for, location, spawn_app_on, spawn_app_with};

/// What the sheet server answers next.
#[derive(Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Send no Content-Length: the body ends when the connection closes.
    pub close_delimited: bool,
}

impl Reply {
    pub fn csv(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            delay: None,
            close_delimited: false,
        }
    }
}

/// A tiny HTTP/1.1 server on a port of the OS's choosing, answering every
/// request with the current [`Reply`].
pub(crate) struct SheetServer {
    pub url: String,
    reply: Arc<Mutex<Reply>>,
    pub requests: Arc<Mutex<usize>>,
}

impl SheetServer {
    pub async fn start(reply: Reply) -> SheetServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let reply = Arc::new(Mutex::new(reply));
        let requests = Arc::new(Mutex::new(0));
        let (shared, counted) = (reply.clone(), requests.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let reply = shared.lock().unwrap().clone();
                *counted.lock().unwrap() += 1;
                tokio::spawn(async move {
                    // Read the request head.
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    if let Some(delay) = reply.delay {
                        tokio::time::sleep(delay).await;
                    }
                    let reason = if reply.status == 200 {
                        "OK"
                    } else {
                        "Not Found"
                    };
                    let length = if reply.close_delimited {
                        String::new()
                    } else {
                        format!("Content-Length: {}\r\n", reply.body.len())
                    };
                    let response = format!(
                        "HTTP/1.1 {} {reason}\r\nContent-Type: text/csv; charset=utf-8\r\n{length}Connection: close\r\n\r\n{}",
                        reply.status, reply.body
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        SheetServer {
            url: format!("http://127.0.0.1:{port}/sheet.csv"),
            reply,
            requests,
        }
    }

    pub fn answer(&self, reply: Reply) {
        *self.reply.lock().unwrap() = reply;
    }

    /// The link with credentials in it, as a private sheet's might be.
    pub fn url_with_secrets(&self) -> String {
        self.url
            .replace("http://", "http://ann:s3cret-pw@")
            .replace("sheet.csv", "sheet.csv?output=csv&token=tok-98765")
    }
}

/// Quick limits so the slow and oversized cases end fast.
fn limits() -> attain::jobs::JobsConfig {
    attain::jobs::JobsConfig {
        fetch: FetchLimits {
            timeout: Duration::from_millis(700),
            connect_timeout: Duration::from_millis(700),
            max_bytes: 4 * 1024,
            max_redirects: 2,
        },
        ..Default::default()
    }
}

pub(crate) fn today(app: &TestApp) -> chrono::NaiveDate {
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    attain::goals::progress::org_today(&org)
}

/// Adds a source through the admin form; its id.
pub(crate) async fn add_source(client: &Client, name: &str, url: &str, external_ref: &str) -> i64 {
    let response = client
        .post_form(
            "/admin/sheet-sources",
            &[
                ("name", name),
                ("url", url),
                ("schedule", "hourly"),
                ("col_email", "Rep email"),
                ("col_metric", "KPI"),
                ("col_value", "Amount"),
                ("col_date", "Day"),
                ("col_external_ref", external_ref),
                ("col_note", ""),
                ("col_correction_reason", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "the source is saved");
    let at = location(&response);
    at.trim_start_matches("/admin/sheet-sources/")
        .parse()
        .unwrap()
}

async fn sync_now(client: &Client, id: i64) -> String {
    let response = client
        .post_form(&format!("/admin/sheet-sources/{id}/sync"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/admin/sheet-sources/{id}"));
    let (status, page) = client.get_text(&format!("/admin/sheet-sources/{id}")).await;
    assert_eq!(status, 200);
    page
}

/// (outcome, read, added, skipped, refused) of a source's syncs, oldest first.
fn log(app: &TestApp, id: i64) -> Vec<(String, i32, i32, i32, i32)> {
    sheet_syncs::table
        .filter(sheet_syncs::source_id.eq(id))
        .order(sheet_syncs::id)
        .select((
            sheet_syncs::outcome,
            sheet_syncs::rows_read,
            sheet_syncs::added,
            sheet_syncs::skipped,
            sheet_syncs::refused,
        ))
        .load(&mut app.conn())
        .unwrap()
}

/// The rep's revenue events: (value, reference), oldest first.
fn events(app: &TestApp, rep: &TestUser) -> Vec<(String, Option<String>)> {
    metric_events::table
        .filter(metric_events::user_id.eq(rep.id))
        .order(metric_events::id)
        .select((metric_events::value, metric_events::external_ref))
        .load::<(rust_decimal::Decimal, Option<String>)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|(v, r)| (v.normalize().to_string(), r))
        .collect()
}

fn sheet(rows: &[(&str, &str, &str)], day: chrono::NaiveDate) -> String {
    let mut text = String::from("Day,Team,Rep email,KPI,Amount,Deal\n");
    for (email, amount, deal) in rows {
        text.push_str(&format!("{day},North,{email},revenue,{amount},{deal}\n"));
    }
    text
}

#[actix_web::test]
async fn a_sheet_adds_its_rows_once_and_an_edited_row_with_a_new_reference() {
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "sheets.admin@example.com");
    let rep = app.create_user("rep", "sheet.rep@example.com");
    let day = today(&app);
    let server = SheetServer::start(Reply::csv(sheet(
        &[
            (&rep.email, "1500", "D-1"),
            (&rep.email, "\"2,000\"", "D-2"),
        ],
        day,
    )))
    .await;
    let client = app.signed_in(&admin).await;
    let id = add_source(&client, "Field sales", &server.url_with_secrets(), "Deal").await;

    let page = sync_now(&client, id).await;
    assert!(
        page.contains("Field sales synced: 2 added, 0 already imported."),
        "{page}"
    );
    assert_eq!(
        events(&app, &rep),
        [
            ("1500".into(), Some("D-1".into())),
            ("2000".into(), Some("D-2".into()))
        ]
    );

    // The same sheet again adds nothing.
    let page = sync_now(&client, id).await;
    assert!(page.contains("0 added, 2 already imported"));
    assert_eq!(events(&app, &rep).len(), 2);

    // D-2 corrected in the sheet under a new reference: only it is added.
    server.answer(Reply::csv(sheet(
        &[(&rep.email, "1500", "D-1"), (&rep.email, "2100", "D-2b")],
        day,
    )));
    sync_now(&client, id).await;
    assert_eq!(events(&app, &rep).len(), 3);
    assert_eq!(events(&app, &rep)[2], ("2100".into(), Some("D-2b".into())));
    assert_eq!(
        log(&app, id),
        [
            ("ok".into(), 2, 2, 0, 0),
            ("ok".into(), 2, 0, 2, 0),
            ("ok".into(), 2, 1, 1, 0),
        ]
    );
    assert_eq!(*server.requests.lock().unwrap(), 3);

    // The credentials are stored to fetch with, never shown.
    for path in [
        format!("/admin/sheet-sources/{id}"),
        "/admin/sheet-sources".into(),
        "/admin/jobs".into(),
        "/admin/audit".into(),
    ] {
        let (_, page) = client.get_text(&path).await;
        assert!(
            !page.contains("s3cret-pw") && !page.contains("tok-98765"),
            "{path}"
        );
    }
    let (_, list) = client.get_text("/admin/sheet-sources").await;
    assert!(
        list.contains("http://***@127.0.0.1"),
        "the redacted link: {list}"
    );
    assert!(list.contains("token=***"));
    let (_, jobs) = client.get_text("/admin/jobs").await;
    assert!(
        jobs.contains("id=\"sheet-syncs\""),
        "the jobs page lists the syncs"
    );
    assert!(jobs.contains("Field sales") && jobs.contains("job-sheet-sync"));

    // Saving the form without a link keeps the stored one.
    let response = client
        .post_form(
            &format!("/admin/sheet-sources/{id}"),
            &[
                ("name", "Field sales (north)"),
                ("url", ""),
                ("schedule", "daily"),
                ("col_email", "Rep email"),
                ("col_metric", "KPI"),
                ("col_value", "Amount"),
                ("col_date", "Day"),
                ("col_external_ref", "Deal"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = sync_now(&client, id).await;
    assert!(page.contains("Field sales (north) synced: 0 added, 2 already imported."));
}

#[actix_web::test]
async fn rows_without_a_reference_are_known_by_their_content() {
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "hash.admin@example.com");
    let rep = app.create_user("rep", "hash.rep@example.com");
    let day = today(&app);
    // Two identical rows are two sales.
    let text = format!(
        "Day,Rep email,KPI,Amount\n{day},{0},revenue,700\n{day},{0},revenue,700\n",
        rep.email
    );
    let server = SheetServer::start(Reply::csv(text.clone())).await;
    let client = app.signed_in(&admin).await;
    let id = add_source(&client, "No references", &server.url, "").await;
    sync_now(&client, id).await;
    sync_now(&client, id).await;
    // One more row appended.
    server.answer(Reply::csv(format!(
        "{text}{day},{},revenue,50\n",
        rep.email
    )));
    sync_now(&client, id).await;
    let values: Vec<String> = events(&app, &rep).into_iter().map(|(v, _)| v).collect();
    assert_eq!(values, ["700", "700", "50"]);
    assert_eq!(
        log(&app, id),
        [
            ("ok".into(), 2, 2, 0, 0),
            ("ok".into(), 2, 0, 2, 0),
            ("ok".into(), 3, 1, 2, 0)
        ]
    );
}

#[actix_web::test]
async fn one_bad_row_writes_nothing_logs_the_row_and_the_admins_hear_once_per_streak() {
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "bad.admin@example.com");
    let other_admin = app.create_user("admin", "other.admin@example.com");
    let rep = app.create_user("rep", "bad.rep@example.com");
    let day = today(&app);
    let bad = sheet(
        &[
            (&rep.email, "1500", "B-1"),
            ("nobody@example.com", "10", "B-2"),
            (&rep.email, "lots", "B-3"),
        ],
        day,
    );
    let server = SheetServer::start(Reply::csv(bad.clone())).await;
    let client = app.signed_in(&admin).await;
    let id = add_source(&client, "Broken sheet", &server.url, "Deal").await;

    let page = sync_now(&client, id).await;
    assert!(
        page.contains("Broken sheet not synced: 2 row(s) refused"),
        "{page}"
    );
    assert!(events(&app, &rep).is_empty(), "nothing written");
    assert!(
        page.contains("Row 3:") && page.contains("nobody@example.com"),
        "{page}"
    );
    assert!(page.contains("Row 4:") && page.contains("lots"));
    assert_eq!(log(&app, id), [("refused".into(), 3, 0, 0, 2)]);
    let told = |user: &TestUser| -> i64 {
        notifications::table
            .filter(notifications::user_id.eq(user.id))
            .filter(notifications::kind.eq("sheet_failing"))
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };
    assert_eq!((told(&admin), told(&other_admin)), (1, 1));
    let (_, bell) = app
        .signed_in(&other_admin)
        .await
        .get_text("/notifications")
        .await;
    assert!(bell.contains("Sheet sync failing: Broken sheet"), "{bell}");

    // Still failing (now a 404): no second notification.
    server.answer(Reply {
        status: 404,
        ..Reply::csv("gone")
    });
    sync_now(&client, id).await;
    assert_eq!(told(&admin), 1);
    // Fixed: the streak ends; failing again starts a new one.
    server.answer(Reply::csv(sheet(&[(&rep.email, "1500", "B-1")], day)));
    sync_now(&client, id).await;
    assert_eq!(events(&app, &rep).len(), 1);
    server.answer(Reply::csv(bad));
    sync_now(&client, id).await;
    assert_eq!((told(&admin), told(&other_admin)), (2, 2));
    let outcomes: Vec<String> = log(&app, id).into_iter().map(|l| l.0).collect();
    assert_eq!(outcomes, ["refused", "failed", "ok", "refused"]);
}

#[actix_web::test]
async fn a_slow_server_an_oversized_sheet_and_a_404_are_logged_failures() {
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "slow.admin@example.com");
    let rep = app.create_user("rep", "slow.rep@example.com");
    let day = today(&app);
    let good = sheet(&[(&rep.email, "1500", "S-1")], day);
    let server = SheetServer::start(Reply {
        delay: Some(Duration::from_secs(20)),
        ..Reply::csv(good.clone())
    })
    .await;
    let client = app.signed_in(&admin).await;
    let id = add_source(&client, "Slow sheet", &server.url, "Deal").await;

    let page = sync_now(&client, id).await;
    assert!(page.contains("The sheet did not answer in time"), "{page}");

    // Over the limit with a Content-Length, and streamed without one.
    let huge = format!("{good}{}", "x".repeat(5 * 1024));
    server.answer(Reply::csv(huge.clone()));
    let page = sync_now(&client, id).await;
    assert!(page.contains("The sheet is larger than 4 KB"), "{page}");
    server.answer(Reply {
        close_delimited: true,
        ..Reply::csv(huge)
    });
    let page = sync_now(&client, id).await;
    assert!(
        page.contains("The sheet is larger than 4 KB"),
        "streamed: {page}"
    );

    server.answer(Reply {
        status: 404,
        ..Reply::csv("Not here")
    });
    let page = sync_now(&client, id).await;
    assert!(
        page.contains("answered HTTP 404 instead of the sheet"),
        "{page}"
    );
    // A sheet missing a mapped column.
    server.answer(Reply::csv("Day,Amount\n2026-01-01,1\n"));
    let page = sync_now(&client, id).await;
    assert!(
        page.contains("The sheet has no column Rep email, KPI, Deal"),
        "{page}"
    );

    assert!(events(&app, &rep).is_empty());
    let outcomes: Vec<String> = log(&app, id).into_iter().map(|l| l.0).collect();
    assert_eq!(outcomes, ["failed"; 5]);
    // Whatever was fetched, a good sheet then goes through.
    server.answer(Reply::csv(good));
    sync_now(&client, id).await;
    assert_eq!(events(&app, &rep).len(), 1);
}

#[actix_web::test]
async fn two_instances_syncing_at_once_import_each_row_once() {
    let first = spawn_app_with(limits()).await;
    let second = spawn_app_on(first.database.clone(), first.database_url.clone()).await;
    let admin = first.create_user("admin", "twice.admin@example.com");
    let rep = first.create_user("rep", "twice.rep@example.com");
    let day = today(&first);
    let rows: Vec<(String, String, String)> = (1..=40)
        .map(|n| (rep.email.clone(), format!("{n}"), format!("T-{n}")))
        .collect();
    let rows: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(e, a, r)| (e.as_str(), a.as_str(), r.as_str()))
        .collect();
    // A short wait before answering lines the two fetches up.
    let server = SheetServer::start(Reply {
        delay: Some(Duration::from_millis(200)),
        ..Reply::csv(sheet(&rows, day))
    })
    .await;
    let one = first.signed_in(&admin).await;
    let two = second.signed_in(&admin).await;
    let id = add_source(&one, "Shared sheet", &server.url, "Deal").await;

    let path = format!("/admin/sheet-sources/{id}/sync");
    let (a, b) = tokio::join!(one.post_form(&path, &[]), two.post_form(&path, &[]));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (303, 303));

    assert_eq!(events(&first, &rep).len(), 40, "each row once");
    let log = log(&first, id);
    assert_eq!(log.len(), 2, "both syncs are logged");
    let added: i32 = log.iter().map(|l| l.2).sum();
    assert_eq!(added, 40);
    assert!(
        log.iter()
            .all(|(outcome, ..)| outcome == "ok" || outcome == "skipped"),
        "{log:?}"
    );
}

#[actix_web::test]
async fn the_api_lists_adds_and_syncs_sources_with_their_log() {
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "api.sources@example.com");
    let rep = app.create_user("rep", "api.rep@example.com");
    let day = today(&app);
    let server = SheetServer::start(Reply::csv(format!(
        "email,metric,value,date,external_ref\n{},revenue,900,{day},A-1\n",
        rep.email
    )))
    .await;
    let api = api_for(&app, &admin).await;

    let (status, body) = api
        .post(
            "/api/v1/sheet-sources",
            json!({ "name": "API sheet", "url": server.url_with_secrets(), "schedule": "off" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert!(!body.to_string().contains("s3cret-pw"));
    assert_eq!(body["columns"]["email"], "email");
    assert_eq!(body["schedule"], "off");

    let (status, body) = api
        .post(&format!("/api/v1/sheet-sources/{id}/sync"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["outcome"].as_str(), body["added"].as_i64()),
        (Some("ok"), Some(1))
    );

    let (status, list) = api.get("/api/v1/sheet-sources").await;
    assert_eq!(status, 200);
    assert!(list[0]["url"].as_str().unwrap().contains("***"));
    assert!(!list.to_string().contains("tok-98765"));

    server.answer(Reply {
        status: 404,
        ..Reply::csv("")
    });
    api.post(&format!("/api/v1/sheet-sources/{id}/sync"), json!({}))
        .await;
    let (status, log) = api.get(&format!("/api/v1/sheet-sources/{id}/syncs")).await;
    assert_eq!(status, 200);
    assert_eq!(log[0]["outcome"], "failed");
    assert!(
        log[0]["failure"].as_str().unwrap().contains("HTTP 404"),
        "{log}"
    );
    assert_eq!(log[1]["added"], 1);

    // Bad fields are 422 with each field named; a rep may not look.
    let (status, body) = api
        .post(
            "/api/v1/sheet-sources",
            json!({ "name": "API sheet", "url": "ftp://x", "schedule": "weekly" }),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["fields"]["url"].is_string() && body["fields"]["schedule"].is_string(),
        "{body}"
    );
    let rep_api = api_for(&app, &rep).await;
    assert_eq!(rep_api.get("/api/v1/sheet-sources").await.0, 403);
}

/// The pace class of the first `badge pace …` in `html` ("pace-behind").
fn pace_class(html: &str) -> String {
    let at = html.find("badge pace ").expect("a pace badge") + "badge pace ".len();
    html[at..].split(['"', ' ']).next().unwrap().to_string()
}

/// Each leaderboard row's (name, pace class).
fn board_paces(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let rows = scraper::Selector::parse("#leaderboard-board tbody tr").unwrap();
    let name = scraper::Selector::parse(".board-name").unwrap();
    let badge = scraper::Selector::parse(".board-pace .badge").unwrap();
    doc.select(&rows)
        .filter_map(|row| {
            let name = row.select(&name).next()?.text().collect::<String>();
            let class = row
                .select(&badge)
                .next()?
                .value()
                .attr("class")?
                .to_string();
            Some((name.trim().to_string(), pace_class(&format!("\"{class}\""))))
        })
        .collect()
}

#[actix_web::test]
async fn leaderboard_rows_carry_the_quota_cards_pace_and_filter_to_behind() {
    use attain::db::goals::{Goal, NewGoal, Owner};
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "pace.admin@example.com");
    let period = app.this_month();
    let metric = attain::db::metrics::Metric::find_by_key(&mut app.conn(), "revenue")
        .unwrap()
        .unwrap()
        .id;
    let day = today(&app);
    // Nothing, a little, about the expected share, the whole target.
    let actuals = ["0", "400", "900", "3000"];
    let mut goals = Vec::new();
    let mut rows = Vec::new();
    let reps: Vec<TestUser> = (0..actuals.len())
        .map(|i| app.create_user("rep", &format!("pace{i}@example.com")))
        .collect();
    for (rep, actual) in reps.iter().zip(actuals) {
        let goal = Goal::insert(
            &mut app.conn(),
            &NewGoal::new(
                Owner::User(rep.id),
                metric,
                period,
                rust_decimal::Decimal::from(3000),
            ),
        )
        .unwrap()
        .id;
        goals.push(goal);
        if actual != "0" {
            rows.push((rep.email.as_str(), actual, format!("P-{}", rep.id)));
        }
    }
    let rows: Vec<(&str, &str, &str)> = rows.iter().map(|(e, a, r)| (*e, *a, r.as_str())).collect();
    // The actuals arrive from a sheet.
    let server = SheetServer::start(Reply::csv(sheet(&rows, day))).await;
    let client = app.signed_in(&admin).await;
    let id = add_source(&client, "Pace sheet", &server.url, "Deal").await;
    sync_now(&client, id).await;

    let (status, html) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(status, 200);
    let board = board_paces(&html);
    assert_eq!(board.len(), reps.len(), "{html}");
    let api = api_for(&app, &admin).await;
    let (_, json) = api.get("/api/v1/quotas/leaderboard?scope=company").await;
    let mut behind = Vec::new();
    for (rep, goal) in reps.iter().zip(&goals) {
        let (_, card) = client.get_text(&format!("/goals/{goal}/card")).await;
        let card_pace = pace_class(&card);
        let row = board.iter().find(|(name, _)| *name == rep.name).unwrap();
        assert_eq!(
            row.1, card_pace,
            "{}: the board and the quota card agree",
            rep.name
        );
        let api_row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["user_id"] == rep.id)
            .unwrap_or_else(|| panic!("{json}"));
        assert_eq!(
            format!(
                "pace-{}",
                api_row["pace"].as_str().unwrap().replace('_', "-")
            ),
            card_pace,
            "the API's pace"
        );
        if card_pace == "pace-behind" || card_pace == "pace-critical" {
            behind.push(rep.name.clone());
        }
    }
    assert!(!behind.is_empty(), "nothing sold is behind pace");

    // The coaching view: only those behind, with their ranks on the whole board.
    let (status, html) = client
        .get_text("/leaderboard?scope=company&pace=behind")
        .await;
    assert_eq!(status, 200);
    let mut shown: Vec<String> = board_paces(&html).into_iter().map(|r| r.0).collect();
    shown.sort();
    behind.sort();
    assert_eq!(shown, behind);
    assert!(html.contains("name=\"pace\" value=\"behind\" role=\"switch\" checked"));
    assert_eq!(client.get("/leaderboard?pace=ahead").await.status(), 400);
}

#[actix_web::test]
async fn in_the_browser_an_admin_adds_a_source_syncs_it_and_the_leaderboard_moves() {
    use crate::browser::{Driver, browser, screenshot, sign_in, wait_for_text};
    use attain::db::goals::{Goal, NewGoal, Owner};
    use fantoccini::Locator;
    let app = spawn_app_with(limits()).await;
    let admin = app.create_user("admin", "browser.sources@example.com");
    let rep = app.create_user("rep", "sheet.seller@example.com");
    let metric = attain::db::metrics::Metric::find_by_key(&mut app.conn(), "revenue")
        .unwrap()
        .unwrap()
        .id;
    Goal::insert(
        &mut app.conn(),
        &NewGoal::new(Owner::User(rep.id), metric, app.this_month(), 5000.into()),
    )
    .unwrap();
    let server = SheetServer::start(Reply::csv(format!(
        "email,metric,value,date,external_ref\n{},revenue,1234,{},BR-1\n",
        rep.email,
        today(&app)
    )))
    .await;

    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in(&browser, &app.address, &admin.email).await;
    browser
        .goto(&format!("{}/admin/sheet-sources/new", app.address))
        .await
        .unwrap();
    let field = |name: &'static str| {
        let browser = browser.clone();
        async move {
            browser
                .find(Locator::Css(&format!("input[name={name}]")))
                .await
                .unwrap()
        }
    };
    field("name").await.send_keys("Sales sheet").await.unwrap();
    field("url").await.send_keys(&server.url).await.unwrap();
    screenshot(&browser, "sheet-source-new").await;
    browser
        .find(Locator::Css(
            "main form[action='/admin/sheet-sources'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let sync = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#sync-now"))
        .await
        .unwrap();
    sync.click().await.unwrap();
    wait_for_text(&browser, "body", "Sales sheet synced: 1 added").await;
    screenshot(&browser, "sheet-source-synced").await;

    browser
        .goto(&format!("{}/leaderboard?scope=company", app.address))
        .await
        .unwrap();
    let board = wait_for_text(&browser, "#leaderboard-board", &rep.name).await;
    assert!(board.contains("1,234"), "the synced actual: {board}");
    screenshot(&browser, "leaderboard-pace").await;
    browser.close().await.unwrap();
}

#[actix_web::test]
async fn an_id_no_source_could_have_is_a_json_404() {
    let app = crate::helpers::spawn_app().await;
    let admin = app.create_user("admin", "ids@example.com");
    let api = api_for(&app, &admin).await;
    for path in [
        "/api/v1/sheet-sources/9223372036854775808/syncs",
        "/api/v1/sheet-sources/0/syncs",
    ] {
        let (status, body) = api.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["code"], "not_found", "{path}: {body}");
    }
    let (status, body) = api
        .post("/api/v1/sheet-sources/9223372036854775808/sync", json!({}))
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found", "{body}");
}
