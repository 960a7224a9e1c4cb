//! Key flows in a real headless Chromium, driven over WebDriver.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};

use crate::helpers::{PASSWORD, spawn_app};

/// chromedriver on a free port, killed when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}); install chromium and chromium-driver")
            });
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn browser(driver: &Driver) -> fantoccini::Client {
    connect(driver, &["--window-size=1280,900"]).await
}

/// A browser whose viewport is a phone's, 390 × 844 CSS pixels: the window
/// is sized until `innerWidth` says so, and overlay-free (hidden)
/// scrollbars leave the layout all 390 px, as on a phone.
pub async fn phone_browser(driver: &Driver) -> fantoccini::Client {
    let client = connect(driver, &["--window-size=390,844", "--hide-scrollbars"]).await;
    set_viewport(&client, 390, 844).await;
    client
}

/// Sizes the window so the page's viewport is `width` × `height` CSS
/// pixels (the window adds its frame to what `set_window_size` is given).
pub async fn set_viewport(browser: &fantoccini::Client, width: u32, height: u32) {
    let mut outer = (width, height);
    for _ in 0..4 {
        browser.set_window_size(outer.0, outer.1).await.unwrap();
        let inner = browser
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .unwrap();
        let inner = (
            inner[0].as_i64().unwrap_or(0),
            inner[1].as_i64().unwrap_or(0),
        );
        if inner == (i64::from(width), i64::from(height)) {
            return;
        }
        outer = (
            (i64::from(outer.0) + i64::from(width) - inner.0).max(1) as u32,
            (i64::from(outer.1) + i64::from(height) - inner.1).max(1) as u32,
        );
    }
    panic!("could not make the viewport {width} × {height}");
}

async fn connect(driver: &Driver, window_args: &[&str]) -> fantoccini::Client {
    let profile = std::env::temp_dir().join(format!("attain-chrome-{}", driver.port));
    let mut caps = serde_json::Map::new();
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .chain(window_args)
    .map(|arg| arg.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut options = serde_json::json!({ "args": args });
    if let Ok(binary) = std::env::var("CHROME_BIN") {
        options["binary"] = binary.into();
    } else if std::path::Path::new("/usr/bin/chromium").exists() {
        options["binary"] = "/usr/bin/chromium".into();
    }
    caps.insert("goog:chromeOptions".into(), options);
    // Both rustls providers are linked in the test binary: pick one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    // chromedriver needs a moment to listen.
    for _ in 0..50 {
        if let Ok(client) = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            return client;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("could not connect to chromedriver");
}

#[actix_web::test]
async fn a_rep_signs_in_through_the_real_form_and_sees_their_name() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "jiwoo.park@example.com");
    let driver = Driver::start();
    let browser = browser(&driver).await;

    browser
        .goto(&format!("{}/dashboard", app.address))
        .await
        .unwrap();
    // Not signed in: the dashboard sends us to the sign-in form.
    let url = browser.current_url().await.unwrap();
    assert!(url.path().ends_with("/login"), "redirected to {url}");

    let email = browser
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap();
    email.send_keys(&rep.email).await.unwrap();
    let password = browser
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap();
    password.send_keys(PASSWORD).await.unwrap();
    browser
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The sign-in page has a heading too: wait for the signed-in frame
    // (the user menu) before reading the dashboard's.
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".user-menu"))
        .await
        .unwrap();
    let heading = browser.find(Locator::Css("main h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "Hello, Jiwoo Park");
    let menu = browser.find(Locator::Css(".user-name")).await.unwrap();
    assert_eq!(menu.html(true).await.unwrap(), rep.name);
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/dashboard")
    );

    browser.close().await.unwrap();
}

pub async fn sign_in(browser: &fantoccini::Client, address: &str, email: &str) {
    sign_in_with(browser, address, email, PASSWORD).await;
}

/// Signs in through the form with the given password (the demo's, say).
pub async fn sign_in_with(
    browser: &fantoccini::Client,
    address: &str,
    email: &str,
    password: &str,
) {
    browser.goto(&format!("{address}/login")).await.unwrap();
    let field = browser
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap();
    field.send_keys(email).await.unwrap();
    let field = browser
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap();
    field.send_keys(password).await.unwrap();
    browser
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".user-menu"))
        .await
        .unwrap();
}

/// Waits until the element's text contains `needle` (htmx swaps are async).
pub async fn wait_for_text(browser: &fantoccini::Client, css: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..50 {
        if let Ok(element) = browser.find(Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if text.contains(needle) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{css} never showed {needle:?}; last text: {last:?}");
}

#[actix_web::test]
async fn a_manager_sets_a_quota_and_the_reps_logging_moves_the_card_and_leaderboard() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mina.seo@example.com");
    let rep = app.create_user("rep", "jiwoo.park@example.com");
    let mut conn = app.conn();
    app.team_of("North", manager.id, &[manager.id, rep.id]);
    let calls = attain::db::metrics::Metric::find_by_key(&mut conn, "calls")
        .unwrap()
        .unwrap()
        .id;

    let driver = Driver::start();
    let browser = browser(&driver).await;

    // The manager sets the rep's calls quota in the bulk editor; the row
    // saves through htmx.
    sign_in(&browser, &app.address, &manager.email).await;
    browser
        .goto(&format!("{}/team/quotas", app.address))
        .await
        .unwrap();
    let row = format!("form#quota-user-{}", rep.id);
    let cell = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("{row} input[name=target_{calls}]")))
        .await
        .unwrap();
    cell.send_keys("5").await.unwrap();
    browser
        .find(Locator::Css(&format!("{row} button[type=submit]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, &row, "Saved").await;
    browser.delete_all_cookies().await.unwrap();

    // The rep sees the new quota, and the leaderboard at zero.
    sign_in(&browser, &app.address, &rep.email).await;
    let leaderboard = format!("{}/leaderboard?metric=calls&scope=team", app.address);
    browser.goto(&leaderboard).await.unwrap();
    wait_for_text(&browser, "tr.is-me", "0.00%").await;
    browser
        .goto(&format!("{}/dashboard", app.address))
        .await
        .unwrap();
    wait_for_text(&browser, "#quota-cards", "0 / 5").await;

    // Two clicks on "+1 Calls": the card updates in place each time.
    for expected in ["1 / 5", "2 / 5"] {
        let button = browser
            .find(Locator::XPath("//button[contains(., '+1 Calls')]"))
            .await
            .unwrap();
        button.click().await.unwrap();
        wait_for_text(&browser, "#quota-cards", expected).await;
    }
    let card = wait_for_text(&browser, "#quota-cards", "40.00%").await;
    assert!(card.contains("2 / 5"), "{card}");

    browser.goto(&leaderboard).await.unwrap();
    let mine = wait_for_text(&browser, "tr.is-me", "40.00%").await;
    assert!(mine.contains(&rep.name), "{mine}");

    browser.close().await.unwrap();
}

/// Saves a full-page PNG of what the browser shows to the directory named
/// by `ATTAIN_SCREENSHOTS`, when it is set (for reviewing the pages).
pub async fn screenshot(browser: &fantoccini::Client, name: &str) {
    screenshot_at(browser, name, 1280, 900).await;
}

/// Like [`screenshot`], at a given viewport width (390 for a phone); the
/// viewport is `width` × `height` again afterwards.
pub async fn screenshot_at(browser: &fantoccini::Client, name: &str, width: u32, height: u32) {
    let Ok(dir) = std::env::var("ATTAIN_SCREENSHOTS") else {
        return;
    };
    let page = browser
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .ok()
        .and_then(|h| h.as_u64())
        .unwrap_or(u64::from(height))
        .clamp(600, 6000) as u32;
    set_viewport(browser, width, page).await;
    browser
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    let png = browser.screenshot().await.unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    set_viewport(browser, width, height).await;
}

#[actix_web::test]
async fn a_partner_registers_a_sale_above_the_limit_the_manager_approves_it_and_the_statement_shows_the_commission()
 {
    use attain::db::commissions::{NewPlan, PlanRow};

    use rust_decimal_macros::dec;

    let app = spawn_app().await;
    let manager = app.create_user("manager", "mina.seo@example.com");
    let partner = app.create_user("rep", "jiwoo.park@example.com");
    let sponsor = app.create_user("rep", "hana.lee@example.com");
    app.team_of("North", manager.id, &[manager.id, partner.id, sponsor.id]);
    app.edit_user(partner.id, |p| p.sponsor_id = Some(sponsor.id));
    app.approval_limits(dec!(1000), dec!(5000));
    let mut conn = app.conn();
    // Direct 12%, one upline level at 5%, matching 10%: the partner earns
    // $300.00 on a $2,500.00 sale, their sponsor $125.00 + $30.00.
    PlanRow::insert_next(
        &mut conn,
        NewPlan {
            version: 0,
            direct_rates: serde_json::json!({}),
            default_direct_rate: dec!(0.12),
            upline_rates: serde_json::json!(["0.05"]),
            matching_rate: dec!(0.10),
            max_depth: 1,
            compression: true,
            created_by: None,
        },
    )
    .unwrap();

    let driver = Driver::start();
    let browser = browser(&driver).await;

    // The partner registers the sale through the form.
    sign_in(&browser, &app.address, &partner.email).await;
    browser
        .goto(&format!("{}/sales/new", app.address))
        .await
        .unwrap();
    let title = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form.sale-form input#title"))
        .await
        .unwrap();
    title
        .send_keys("Water purifier, 2-year plan")
        .await
        .unwrap();
    for (field, value) in [
        ("amount", "2,500.00"),
        ("category", "Appliances"),
        ("order_number", "ORD-2026-0042"),
    ] {
        browser
            .find(Locator::Css(&format!("form.sale-form input#{field}")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    browser
        .find(Locator::Css("select#sales_channel"))
        .await
        .unwrap()
        .select_by_value("offline")
        .await
        .unwrap();
    screenshot(&browser, "1-sale-form").await;
    browser
        .find(Locator::Css("form.sale-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let flash = wait_for_text(&browser, "main .flash", "waiting for approval").await;
    assert!(flash.contains("ORD-2026-0042"), "{flash}");
    let url = browser.current_url().await.unwrap();
    let sale_id: i64 = url
        .path()
        .strip_prefix("/sales/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not on the sale's page: {url}"));
    wait_for_text(&browser, "main hgroup", "Waiting for approval").await;
    screenshot(&browser, "2-sale-pending").await;
    browser.delete_all_cookies().await.unwrap();

    // The manager approves it inline from the queue; the badge follows.
    sign_in(&browser, &app.address, &manager.email).await;
    wait_for_text(&browser, "#approvals-count", "1").await;
    browser
        .find(Locator::Css("nav a[href='/approvals']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let row = format!("tr#sale-{sale_id}");
    let queued = wait_for_text(&browser, &row, "ORD-2026-0042").await;
    assert!(queued.contains("$2,500.00"), "{queued}");
    browser
        .find(Locator::Css(&format!("{row} input[name=note]")))
        .await
        .unwrap()
        .send_keys("Invoice checked")
        .await
        .unwrap();
    screenshot(&browser, "3-approval-queue").await;
    browser
        .find(Locator::Css(&format!("{row} button[hx-post$='/approve']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let outcome = wait_for_text(&browser, &row, "Confirmed").await;
    assert!(
        outcome.contains("$455.00 commission to 2 partners"),
        "{outcome}"
    );
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/approvals"),
        "decided in place, without leaving the queue"
    );
    // The figures above the queue follow the decision.
    wait_for_text(&browser, "#queue-stats .stat-value", "0").await;
    screenshot(&browser, "4-approved-inline").await;
    browser.delete_all_cookies().await.unwrap();

    // The partner's statement for the month shows the commission.
    sign_in(&browser, &app.address, &partner.email).await;
    browser
        .find(Locator::Css("nav a[href='/commissions']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let statement = wait_for_text(&browser, "table.sale-statement", "$300.00").await;
    assert!(
        statement.contains("Water purifier, 2-year plan"),
        "{statement}"
    );
    assert!(statement.contains("Direct"), "{statement}");
    let earned = wait_for_text(&browser, ".sale-stats", "$300.00").await;
    assert!(earned.contains("Earned"), "{earned}");
    screenshot(&browser, "5-statement").await;

    // From the statement to the sale: the whole distribution, as paid.
    browser
        .find(Locator::Css(&format!(
            "table.sale-statement a[href='/sales/{sale_id}']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let detail = wait_for_text(&browser, "main", "Hana Lee").await;
    for paid in ["$300.00", "$125.00", "$30.00", "$455.00", "Invoice checked"] {
        assert!(detail.contains(paid), "{paid} missing: {detail}");
    }
    screenshot(&browser, "6-sale-confirmed").await;

    browser.close().await.unwrap();
}

#[actix_web::test]
async fn an_open_dashboard_shows_the_new_attainment_and_achievement_when_a_sale_is_confirmed_elsewhere()
 {
    use attain::db::goals::{Goal, NewGoal, Owner};
    use attain::db::metrics::Metric;
    use attain::db::organisation::Organisation;
    use attain::db::periods::PeriodRow;
    use attain::domain::period::PeriodKind;
    use rust_decimal_macros::dec;

    let app = spawn_app().await;
    let elsewhere =
        crate::helpers::spawn_app_on(app.database.clone(), app.database_url.clone()).await;
    let rep = app.create_user("rep", "hana.live@example.com");
    {
        let mut conn = app.conn();
        let today = attain::goals::progress::org_today(&Organisation::get(&mut conn).unwrap());
        let period = PeriodRow::containing(&mut conn, PeriodKind::Month, today, 1).unwrap();
        let revenue = Metric::find_by_key(&mut conn, "revenue")
            .unwrap()
            .unwrap()
            .id;
        let goal = NewGoal::new(Owner::User(rep.id), revenue, period.id, dec!(1000));
        Goal::insert(&mut conn, &goal).unwrap();
    }

    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in(&browser, &app.address, &rep.email).await;
    browser
        .goto(&format!("{}/dashboard", app.address))
        .await
        .unwrap();
    wait_for_text(&browser, "#quota-cards", "0.00%").await;
    // A mark on the page: a reload would lose it.
    browser
        .execute("window.attainMark = 'still here';", vec![])
        .await
        .unwrap();
    // The page's stream is open before the sale happens.
    wait_until_streaming(&browser).await;

    // The sale is registered (and confirmed at once: at or below the
    // auto-confirm limit) through the other instance's API.
    let api = crate::helpers::api_for(&elsewhere, &rep).await;
    let sale = serde_json::json!({"title": "Air purifier", "amount": "750.00",
                                  "sales_channel": "online", "order_number": "LIVE-B1"});
    let (status, body) = api.post("/api/v1/sales", sale).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "confirmed");

    let card = wait_for_text(&browser, "#quota-cards", "75.00%").await;
    assert!(card.contains("750"), "{card}");
    wait_for_text(&browser, "#badge-card", "No badges yet").await;

    // A second sale takes the goal past 100 %: the attainment and the new
    // achievement appear, still without a reload.
    let sale = serde_json::json!({"title": "Water purifier", "amount": "250.00",
                                  "sales_channel": "online", "order_number": "LIVE-B2"});
    let (status, body) = api.post("/api/v1/sales", sale).await;
    assert_eq!(
        (status.as_u16(), body["status"].as_str()),
        (201, Some("confirmed"))
    );
    wait_for_text(&browser, "#quota-cards", "100.00%").await;
    let badges = wait_for_text(&browser, "#badge-card", "Revenue").await;
    assert!(!badges.contains("No badges yet"), "{badges}");
    let mark = browser
        .execute("return window.attainMark;", vec![])
        .await
        .unwrap();
    assert_eq!(mark, "still here", "the page was reloaded");
    screenshot(&browser, "live-dashboard").await;
    browser.close().await.unwrap();
}

/// Waits until this tab holds the browser's open live stream.
pub async fn wait_until_streaming(browser: &fantoccini::Client) {
    for _ in 0..100 {
        let open = browser
            .execute(
                "return !!(window.attainLive && window.attainLive.open);",
                vec![],
            )
            .await
            .unwrap();
        if open.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never opened its live stream");
}

#[actix_web::test]
async fn a_csv_file_chosen_in_the_browser_is_uploaded_and_previewed() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada.upload@example.com");
    app.create_user("rep", "ana.rep@example.com");
    let day = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).format("%Y-%m-%d");
    let file = std::env::temp_dir().join(format!("attain-upload-{}.csv", std::process::id()));
    std::fs::write(
        &file,
        format!(
            "email,metric,value,date,external_ref\n\
             ana.rep@example.com,calls,3,{day},up-1\n\
             ana.rep@example.com,calls,4,{day},up-2\n"
        ),
    )
    .unwrap();
    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in(&browser, &app.address, &admin.email).await;
    browser
        .goto(&format!("{}/import", app.address))
        .await
        .unwrap();
    // The browser's own multipart body (htmx, hx-encoding), not a test's.
    browser
        .find(Locator::Css("#import-file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    browser
        .find(Locator::Css(
            "form[action='/import/preview'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "#import-result", "Import 2 events").await;
    std::fs::remove_file(&file).unwrap();
}
