//! Live updates in a real headless Chromium (issue 21): many tabs share one
//! stream and navigation never waits for a connection; the executive
//! rollup and the goal page refresh in place; milestones are added on the
//! goal page and reached by a sale; axe-core finds no serious or critical
//! problem on each role's main page.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use crate::browser::{Driver, browser, screenshot, sign_in, wait_for_text, wait_until_streaming};
use crate::helpers::{TestApp, TestUser, api_for, spawn_app, spawn_app_on};

/// A revenue goal of `owner` for the current month.
fn revenue_goal(app: &TestApp, owner: attain::db::goals::Owner, target: Decimal) -> i64 {
    use attain::db::goals::{Goal, NewGoal};
    use attain::db::metrics::Metric;
    use attain::db::organisation::Organisation;
    use attain::db::periods::PeriodRow;
    use attain::domain::period::PeriodKind;
    let mut conn = app.conn();
    let today = attain::goals::progress::org_today(&Organisation::get(&mut conn).unwrap());
    let period = PeriodRow::containing(&mut conn, PeriodKind::Month, today, 1).unwrap();
    let revenue = Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    Goal::insert(&mut conn, &NewGoal::new(owner, revenue, period.id, target))
        .unwrap()
        .id
}

/// A confirmed sale of `rep` through `app`'s API (at or below the
/// auto-confirm limit).
async fn confirmed_sale(app: &TestApp, rep: &TestUser, amount: &str, order: &str) {
    let api = api_for(app, rep).await;
    let sale = json!({"title": "Air purifier", "amount": amount,
                      "sales_channel": "online", "order_number": order});
    let (status, body) = api.post("/api/v1/sales", sale).await;
    assert_eq!(
        (status.as_u16(), body["status"].as_str()),
        (201, Some("confirmed")),
        "{body}"
    );
}

async fn js(browser: &fantoccini::Client, script: &str) -> serde_json::Value {
    browser.execute(script, vec![]).await.unwrap()
}

#[actix_web::test]
async fn eight_tabs_share_one_stream_navigation_never_waits_and_every_tab_hears_a_sale() {
    let app = spawn_app().await;
    let elsewhere = spawn_app_on(app.database.clone(), app.database_url.clone()).await;
    let rep = app.create_user("rep", "tara.tabs@example.com");
    revenue_goal(&app, attain::db::goals::Owner::User(rep.id), dec!(1000));

    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in(&browser, &app.address, &rep.email).await;
    let dashboard = format!("{}/dashboard", app.address);
    browser.goto(&dashboard).await.unwrap();
    let first = browser.window().await.unwrap();
    let mut tabs = vec![first.clone()];
    for _ in 1..8 {
        let tab = browser.new_window(true).await.unwrap().handle;
        browser.switch_to_window(tab.clone()).await.unwrap();
        browser.goto(&dashboard).await.unwrap();
        tabs.push(tab);
    }

    // Twelve clicks through the navigation in the first tab, each page
    // left behind going into the back-forward cache; then two steps back.
    browser.switch_to_window(first.clone()).await.unwrap();
    let links = [
        "/my-goals",
        "/leaderboard",
        "/yearly",
        "/achievements",
        "/sales",
        "/commissions",
        "/dashboard",
    ];
    for (i, href) in links.iter().cycle().take(12).enumerate() {
        let link = browser
            .find(Locator::Css(&format!(".main-nav a[href='{href}']")))
            .await
            .unwrap();
        let started = Instant::now();
        link.click().await.unwrap();
        loop {
            let url = browser.current_url().await.unwrap();
            let ready = js(&browser, "return document.readyState;").await;
            if url.path() == *href && ready == "complete" {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "navigation {} to {href} took over 2 s",
                i + 1
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(2),
            "navigation {} took {took:?}",
            i + 1
        );
    }
    for _ in 0..2 {
        let started = Instant::now();
        browser.back().await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    // One tab leads and streams; the others listen to it.
    let mut leaders = 0;
    for _ in 0..100 {
        leaders = 0;
        for tab in &tabs {
            browser.switch_to_window(tab.clone()).await.unwrap();
            let state = js(&browser, "return window.attainLive || {};").await;
            if state["role"] == "leader" && state["open"] == true {
                leaders += 1;
            }
        }
        if leaders == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(leaders, 1, "exactly one tab holds the stream");

    // A sale confirmed in another session, through another instance.
    browser.switch_to_window(first.clone()).await.unwrap();
    let sold_at = js(&browser, "return Date.now();").await.as_f64().unwrap();
    confirmed_sale(&elsewhere, &rep, "250.00", "TABS-1").await;
    for (i, tab) in tabs.iter().enumerate() {
        browser.switch_to_window(tab.clone()).await.unwrap();
        let mut heard_at = 0.0;
        for _ in 0..100 {
            heard_at = js(&browser, "return window.attainLive.lastAt;")
                .await
                .as_f64()
                .unwrap();
            if heard_at >= sold_at {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let after = heard_at - sold_at;
        assert!(
            (0.0..2000.0).contains(&after),
            "tab {} heard the sale {after} ms after it",
            i + 1
        );
    }
    // The open dashboards show it.
    browser.switch_to_window(tabs[3].clone()).await.unwrap();
    wait_for_text(&browser, "#quota-cards", "25.00%").await;
    browser.close().await.unwrap();
}

#[actix_web::test]
async fn the_executive_rollup_and_the_goal_pages_timeline_update_without_a_reload() {
    use attain::db::milestones::{Milestone, NewMilestone};
    let app = spawn_app().await;
    let executive = app.create_user("executive", "erin.exec@example.com");
    let rep = app.create_user("rep", "rafa.rep@example.com");
    let goal = revenue_goal(&app, attain::db::goals::Owner::Company, dec!(1000));
    Milestone::insert(
        &mut app.conn(),
        &NewMilestone {
            goal_id: goal,
            name: "First half".into(),
            value: dec!(500),
            due_on: None,
        },
    )
    .unwrap();

    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in(&browser, &app.address, &executive.email).await;
    browser
        .goto(&format!("{}/executive", app.address))
        .await
        .unwrap();
    wait_for_text(&browser, "#company-goals", "0.00%").await;
    js(&browser, "window.attainMark = 'still here';").await;
    wait_until_streaming(&browser).await;
    confirmed_sale(&app, &rep, "300.00", "EXEC-1").await;
    wait_for_text(&browser, "#company-goals", "30.00%").await;
    wait_for_text(&browser, "#company-overall", "30.00%").await;
    assert_eq!(
        js(&browser, "return window.attainMark;").await,
        "still here"
    );
    screenshot(&browser, "live-executive").await;

    browser
        .goto(&format!("{}/goals/{goal}", app.address))
        .await
        .unwrap();
    let timeline = wait_for_text(&browser, "#milestone-timeline", "First half").await;
    assert!(!timeline.contains("Reached"), "{timeline}");
    js(&browser, "window.attainMark = 'still here';").await;
    wait_until_streaming(&browser).await;
    confirmed_sale(&app, &rep, "300.00", "EXEC-2").await;
    wait_for_text(&browser, "#milestone-timeline", "Reached").await;
    wait_for_text(&browser, &format!("#goal-card-{goal}"), "60.00%").await;
    assert_eq!(
        js(&browser, "return window.attainMark;").await,
        "still here"
    );
    screenshot(&browser, "live-goal-timeline").await;
    browser.close().await.unwrap();
}

#[actix_web::test]
async fn a_manager_adds_a_milestone_on_the_goal_page_and_sees_it_reached_after_a_sale() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mila.manager@example.com");
    let rep = app.create_user("rep", "remy.rep@example.com");
    app.team_of("North", manager.id, &[manager.id, rep.id]);
    let goal = revenue_goal(&app, attain::db::goals::Owner::User(rep.id), dec!(1000));

    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in(&browser, &app.address, &manager.email).await;
    browser
        .goto(&format!("{}/goals/{goal}", app.address))
        .await
        .unwrap();
    // A refusal stays beside the field, marked invalid.
    let name = browser.find(Locator::Css("#milestone-name")).await.unwrap();
    name.send_keys("Halfway").await.unwrap();
    browser
        .find(Locator::Css("#milestone-value"))
        .await
        .unwrap()
        .send_keys("lots")
        .await
        .unwrap();
    browser
        .find(Locator::Css(".milestone-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "#milestones", "Enter a plain number").await;
    let invalid = js(
        &browser,
        "return document.querySelector('#milestone-value').getAttribute('aria-invalid');",
    )
    .await;
    assert_eq!(invalid, "true");

    let value = browser
        .find(Locator::Css("#milestone-value"))
        .await
        .unwrap();
    value.clear().await.unwrap();
    value.send_keys("500").await.unwrap();
    browser
        .find(Locator::Css(".milestone-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let timeline = wait_for_text(&browser, "#milestone-timeline", "Halfway").await;
    assert!(timeline.contains("to go"), "{timeline}");
    screenshot(&browser, "milestone-added").await;
    // The change is in the goal's history (after a reload).
    browser.refresh().await.unwrap();
    wait_for_text(&browser, ".goal-history", "Milestone: Halfway").await;

    wait_until_streaming(&browser).await;
    js(&browser, "window.attainMark = 'still here';").await;
    confirmed_sale(&app, &rep, "600.00", "MILE-1").await;
    wait_for_text(&browser, "#milestone-timeline", "Reached").await;
    assert_eq!(
        js(&browser, "return window.attainMark;").await,
        "still here"
    );
    browser.set_window_size(390, 844).await.unwrap();
    screenshot(&browser, "milestone-reached-narrow").await;
    browser.close().await.unwrap();
}

/// axe-core's serious and critical violations on the current page.
async fn axe_violations(browser: &fantoccini::Client) -> Vec<String> {
    let axe = include_str!("vendor/axe-4.11.4.min.js");
    browser.execute(axe, vec![]).await.unwrap();
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
                   .map(n => n.target.join(' ')).join(' | '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[actix_web::test]
async fn each_roles_main_page_has_no_serious_or_critical_accessibility_problems() {
    let app = spawn_app().await;
    let driver = Driver::start();
    let browser = browser(&driver).await;
    let mut problems = Vec::new();
    for (role, page) in [
        ("rep", "/dashboard"),
        ("manager", "/manager"),
        ("admin", "/admin"),
        ("executive", "/executive"),
    ] {
        let user = app.create_user(role, &format!("{role}.axe@example.com"));
        browser.delete_all_cookies().await.unwrap();
        sign_in(&browser, &app.address, &user.email).await;
        browser
            .goto(&format!("{}{page}", app.address))
            .await
            .unwrap();
        for violation in axe_violations(&browser).await {
            problems.push(format!("{page}: {violation}"));
        }
    }
    // The sign-in page too.
    browser.delete_all_cookies().await.unwrap();
    browser
        .goto(&format!("{}/login", app.address))
        .await
        .unwrap();
    for violation in axe_violations(&browser).await {
        problems.push(format!("/login: {violation}"));
    }
    assert!(problems.is_empty(), "{problems:#?}");
    browser.close().await.unwrap();
}
