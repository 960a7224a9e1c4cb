//! Sign-in and HTTP hardening: hostile `next`, oversized forms, caching,
//! served files, throttling per address, parallel guessing, bounded hashing,
//! timeouts and health.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use attain::db::sign_in::{Keys, Scope, attempts};
use diesel::RunQueryDsl;
use serde_json::json;

use crate::helpers::{PASSWORD, location, spawn_app, spawn_app_behind_proxy};

/// Where a browser would go from `location`, said by the URL standard
/// (which drops tab, CR and LF and reads `\` as `/`).
fn stays_on_site(base: &str, location: &str) -> bool {
    let base = reqwest::Url::parse(base).unwrap();
    match base.join(location) {
        Ok(target) => target.host_str() == base.host_str() && target.port() == base.port(),
        Err(_) => false,
    }
}

#[actix_web::test]
async fn hostile_next_values_only_ever_redirect_on_site() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "next.target@example.com");
    // As typed into an address bar (percent-encoded, decoded once).
    let encoded = [
        "/%09/evil.example",
        "/%0A/x",
        "/%0D%0A/x",
        "/%0D/x",
        "%2F%2Fevil.example",
        "//evil.example",
        "/%5Cevil.example",
        "/%5C/evil.example",
        "https://evil.example",
        "https:%2F%2Fevil.example",
        "/%2F/evil.example",
        "%09//evil.example",
        "/%E2%80%A8/x",
        "/%00/x",
        "javascript:alert(1)",
        "/dashboard",
    ];
    for raw in encoded {
        let client = app.client();
        let response = client.get(&format!("/login?next={raw}")).await;
        assert_eq!(response.status(), 200, "GET /login?next={raw}");
        let body = response.text().await.unwrap();
        let document = scraper::Html::parse_document(&body);
        let selector = scraper::Selector::parse(r#"input[name="next"]"#).unwrap();
        let kept = document
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr("value"))
            .unwrap_or_default()
            .to_string();
        assert!(
            kept.is_empty() || stays_on_site(&app.address, &kept),
            "the form keeps {kept:?} from {raw}"
        );
        // Sign in with what the form carries, then with the decoded value.
        let decoded: String =
            serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("next={raw}"))
                .unwrap()
                .remove(0)
                .1;
        for next in [kept.as_str(), decoded.as_str()] {
            let response = client
                .post_form(
                    "/login",
                    &[
                        ("email", &user.email),
                        ("password", PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            assert_eq!(response.status(), 303, "sign-in with next={next:?}");
            let target = location(&response);
            assert!(
                stays_on_site(&app.address, &target),
                "next={next:?} redirected to {target:?}"
            );
            assert!(!target.contains("evil"), "next={next:?} gave {target:?}");
            client.post_form("/logout", &[]).await;
        }
    }
}

#[actix_web::test]
async fn a_twenty_mebibyte_form_is_413() {
    let app = spawn_app().await;
    let client = app.client();
    let token = client.csrf_token().await;
    let big = "a".repeat(20 * 1024 * 1024);
    let response = client
        .http
        .post(format!("{}/login", app.address))
        .header("X-CSRF-Token", token)
        .form(&[("email", big.as_str()), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[actix_web::test]
async fn signed_in_pages_are_not_stored_and_assets_may_be() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "cache.me@example.com");
    let client = app.signed_in(&rep).await;
    let response = client.get("/dashboard").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
    let response = client.get("/static/css/app.css").await;
    assert_eq!(response.status(), 200);
    assert_ne!(
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}

#[actix_web::test]
async fn the_maintenance_script_is_not_served_and_trace_is_405() {
    let app = spawn_app().await;
    let client = app.client();
    assert_eq!(client.get("/static/vendor/update.sh").await.status(), 404);
    assert_eq!(
        client
            .get("/static/vendor/htmx-2.0.11.min.js")
            .await
            .status(),
        200
    );
    for path in ["/login", "/dashboard", "/api/v1/goals", "/nothing"] {
        let response = client
            .http
            .request(
                reqwest::Method::from_bytes(b"TRACE").unwrap(),
                format!("{}{path}", app.address),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "TRACE {path}");
    }
}

/// Posts the sign-in form as a client at `address` (through the proxy).
async fn sign_in_from(
    app: &crate::helpers::TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::StatusCode {
    let client = app.client();
    let token = client.csrf_token().await;
    client
        .http
        .post(format!("{}/login", app.address))
        .header("X-Forwarded-For", address)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[actix_web::test]
async fn a_locked_out_attacker_does_not_lock_out_the_victims_own_address() {
    let app = spawn_app_behind_proxy().await;
    let victim = app.create_user("rep", "victim@example.com");
    let attacker = "203.0.113.9";
    for _ in 0..4 {
        assert_eq!(
            sign_in_from(&app, attacker, &victim.email, "guess").await,
            401
        );
    }
    assert_eq!(
        sign_in_from(&app, attacker, &victim.email, "guess").await,
        429
    );
    // Even the right password is refused from the attacker's address.
    assert_eq!(
        sign_in_from(&app, attacker, &victim.email, PASSWORD).await,
        429
    );
    // The victim, at their own address, signs in.
    assert_eq!(
        sign_in_from(&app, "198.51.100.7", &victim.email, PASSWORD).await,
        303
    );
}

#[actix_web::test]
async fn one_address_cannot_probe_unlimited_emails() {
    let app = spawn_app_behind_proxy().await;
    let someone = app.create_user("rep", "someone@example.com");
    let prober = "203.0.113.50";
    for i in 0..19 {
        let status = sign_in_from(&app, prober, &format!("guess{i}@example.com"), "x").await;
        assert_eq!(status, 401, "probe {i}");
    }
    // The twentieth fills the address's window.
    let status = sign_in_from(&app, prober, "guess19@example.com", "x").await;
    assert_eq!(status, 429);
    let client = app.client();
    let token = client.csrf_token().await;
    let response = client
        .http
        .post(format!("{}/login", app.address))
        .header("X-Forwarded-For", prober)
        .form(&[
            ("email", "guess21@example.com"),
            ("password", "x"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins from your network address")
    );
    // Anyone elsewhere is unaffected.
    assert_eq!(
        sign_in_from(&app, "198.51.100.8", &someone.email, PASSWORD).await,
        303
    );
}

#[actix_web::test]
async fn without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "forged@example.com");
    for i in 0..5 {
        sign_in_from(&app, &format!("10.0.0.{i}"), &user.email, "guess").await;
    }
    assert_eq!(
        sign_in_from(&app, "10.9.9.9", &user.email, PASSWORD).await,
        429
    );
}

#[actix_web::test]
async fn thirty_parallel_token_requests_never_get_a_token_past_the_lock() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "parallel.api@example.com");
    let http = reqwest::Client::new();
    let mut calls = Vec::new();
    for i in 0..30 {
        let password = if i == 29 { PASSWORD } else { "wrong guess" };
        let request = http
            .post(format!("{}/api/v1/auth/token", app.address))
            .json(&json!({"email": user.email, "password": password}));
        calls.push(tokio::spawn(async move { request.send().await.unwrap() }));
    }
    for call in calls {
        let response = call.await.unwrap();
        let status = response.status().as_u16();
        assert!(matches!(status, 401 | 429), "answer {status}");
        if status == 429 {
            assert!(response.headers().contains_key("retry-after"));
        }
    }
    let keys = Keys {
        email: user.email.clone(),
        address: "127.0.0.1".into(),
    };
    let verified = attempts(&mut app.conn(), &keys, Scope::AccountAtAddress).unwrap();
    assert!(verified <= 5, "{verified} guesses were checked");
}

#[actix_web::test]
async fn thirty_parallel_form_sign_ins_never_get_a_session_past_the_lock() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "parallel.form@example.com");
    let mut clients = Vec::new();
    for _ in 0..30 {
        let client = app.client();
        let token = client.csrf_token().await;
        clients.push((client, token));
    }
    let mut calls = Vec::new();
    for (i, (client, token)) in clients.into_iter().enumerate() {
        let password = if i == 29 { PASSWORD } else { "wrong guess" };
        let email = user.email.clone();
        let address = app.address.clone();
        calls.push(tokio::spawn(async move {
            let status = client
                .http
                .post(format!("{address}/login"))
                .form(&[
                    ("email", email.as_str()),
                    ("password", password),
                    ("csrf_token", &token),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            (status, client)
        }));
    }
    for call in calls {
        let (status, client) = call.await.unwrap();
        assert!(matches!(status, 401 | 429), "answer {status}");
        assert_eq!(client.get("/dashboard").await.status(), 303, "no session");
    }
    let keys = Keys {
        email: user.email.clone(),
        address: "127.0.0.1".into(),
    };
    let verified = attempts(&mut app.conn(), &keys, Scope::AccountAtAddress).unwrap();
    assert!(verified <= 5, "{verified} guesses were checked");
}

/// Peak resident memory of a process, in KiB (`VmHWM`).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The `attain` binary serving the test's database on its own port, behind a
/// trusted proxy, killed when dropped: its memory is its own, not shared with
/// the tests running beside it in this process.
struct ServerProcess {
    child: std::process::Child,
    address: String,
    _data_dir: PathBuf,
}

impl ServerProcess {
    async fn start(database_url: &str) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data_dir = std::env::temp_dir().join(format!("attain-burst-{port}"));
        std::fs::create_dir_all(&data_dir).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_attain"))
            .args(["--data-dir", data_dir.to_str().unwrap(), "serve"])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args(["--trusted-proxy", "--workers", "2", "--jobs-every", "0"])
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "warn")
            .env_remove("ATTAIN_SMTP_URL")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let server = ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            _data_dir: data_dir,
        };
        let http = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(response) = http.get(format!("{}/healthz", server.address)).send().await
                && response.status().is_success()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("attain serve did not answer /healthz");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self._data_dir);
    }
}

#[actix_web::test]
async fn a_burst_of_failed_token_requests_keeps_memory_bounded() {
    let app = spawn_app().await;
    let server = ServerProcess::start(&app.database_url).await;
    let pid = server.child.id();
    let before = peak_rss_kib(pid);
    let http = reqwest::Client::new();
    let mut calls = Vec::new();
    for i in 0..200 {
        // Every request from its own address, for its own unknown email:
        // no throttle helps, only the hashing gate.
        let request = http
            .post(format!("{}/api/v1/auth/token", server.address))
            .header("X-Forwarded-For", format!("10.{}.{}.1", i / 250, i % 250))
            .json(&json!({"email": format!("nobody{i}@example.com"), "password": "x"}));
        calls.push(tokio::spawn(async move { request.send().await.unwrap() }));
    }
    let mut answers = std::collections::BTreeMap::new();
    for call in calls {
        let response = call.await.unwrap();
        let status = response.status().as_u16();
        let retry_after = response.headers().contains_key("retry-after");
        *answers.entry((status, retry_after)).or_insert(0) += 1;
    }
    let peak = peak_rss_kib(pid);
    eprintln!(
        "burst of 200: answers {answers:?}; server peak RSS {} MiB (before {} MiB)",
        peak / 1024,
        before / 1024
    );
    for (status, retry_after) in answers.keys() {
        assert!(matches!(status, 401 | 429 | 503), "answer {status}");
        assert!(
            *status == 401 || *retry_after,
            "{status} without Retry-After"
        );
    }
    assert!(peak < 500 * 1024, "server peak RSS {} MiB", peak / 1024);
}

#[actix_web::test]
async fn a_held_row_lock_makes_a_page_fail_fast_with_503() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "locked.row@example.com");
    let client = app.signed_in(&rep).await;
    let token = client.csrf_token().await;
    let mut holder = app.conn();
    diesel::sql_query("BEGIN").execute(&mut holder).unwrap();
    diesel::sql_query(format!(
        "SELECT id FROM users WHERE id = {} FOR UPDATE",
        rep.id
    ))
    .execute(&mut holder)
    .unwrap();
    // Signing out writes the user's row.
    let started = Instant::now();
    let response = client
        .http
        .post(format!("{}/logout", app.address))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    diesel::sql_query("ROLLBACK").execute(&mut holder).unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(took < Duration::from_secs(4), "took {took:?}");
}

#[actix_web::test]
async fn healthz_tells_a_busy_pool_from_a_dead_database() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "busy.pool@example.com");
    let client = app.signed_in(&rep).await;
    // Every pooled connection waits on a table lock held here.
    let mut holder = app.conn();
    diesel::sql_query("BEGIN").execute(&mut holder).unwrap();
    diesel::sql_query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .unwrap();
    let waiting: Vec<_> = (0..6)
        .map(|_| {
            let request = client.http.get(format!("{}/dashboard", app.address));
            tokio::spawn(async move { request.send().await.unwrap().status().as_u16() })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let response = client.get("/healthz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "busy", "{body}");
    for call in waiting {
        assert_eq!(call.await.unwrap(), 503, "the page gave up on the lock");
    }
    diesel::sql_query("ROLLBACK").execute(&mut holder).unwrap();
    assert_eq!(client.get("/healthz").await.status(), 200);

    // Down is another answer.
    app.take_database_away();
    let response = client.get("/healthz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "down", "{body}");
    app.bring_database_back();
}
