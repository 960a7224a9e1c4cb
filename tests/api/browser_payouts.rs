//! Paying commissions in a real headless Chromium: a partner's sale is
//! approved on the queue, the admin closes the month into a run, approves
//! and pays it; the sale is refunded after payment, and the next run
//! deducts the clawback. The partner's statement shows every figure, and
//! a line's "why this amount" page opens from it.

use std::time::Duration;

use fantoccini::Locator;
use rust_decimal_macros::dec;

use crate::browser::{Driver, browser, screenshot, sign_in, wait_for_text};
use crate::helpers::spawn_app;
use crate::payouts::{new_sale, this_month};

/// Submits the page's `form[action=…]` after accepting its confirmation.
async fn submit(browser: &fantoccini::Client, action: &str) {
    browser
        .execute("window.confirm = function () { return true; };", vec![])
        .await
        .unwrap();
    browser
        .find(Locator::Css(&format!(
            "form[action='{action}'] button[type=submit]"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Makes a run of this month on the payouts page, approves and pays it;
/// returns its page's text once paid.
async fn make_approve_and_pay(browser: &fantoccini::Client, address: &str) -> (String, i64) {
    browser
        .goto(&format!("{address}/admin/payouts"))
        .await
        .unwrap();
    // A month input takes typed keys as the locale's words; set its value.
    browser
        .execute(
            "document.querySelector('input#month').value = arguments[0];",
            vec![this_month().format("%Y-%m").to_string().into()],
        )
        .await
        .unwrap();
    submit(browser, "/admin/payouts").await;
    wait_for_draft(browser).await;
    let url = browser.current_url().await.unwrap();
    let run: i64 = url
        .path()
        .strip_prefix("/admin/payouts/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not on a run's page: {url}"));
    let lines = browser
        .find(Locator::Css("table.payout-lines"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    submit(browser, &format!("/admin/payouts/{run}/approve")).await;
    wait_for_text(browser, "main hgroup", "Approved").await;
    submit(browser, &format!("/admin/payouts/{run}/pay")).await;
    wait_for_text(browser, "main hgroup", "Paid").await;
    (lines, run)
}

/// Waits for the run's page; on a refusal, fails with what the page says.
async fn wait_for_draft(browser: &fantoccini::Client) {
    for _ in 0..50 {
        let hgroup = match browser.find(Locator::Css("main hgroup")).await {
            Ok(h) => h.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if hgroup.contains("Draft") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let main = browser
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    panic!("no draft run made: {main}");
}

async fn figure(browser: &fantoccini::Client, name: &str) -> String {
    browser
        .find(Locator::Css(&format!("[data-figure='{name}']")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_sale_is_approved_paid_refunded_and_the_next_run_deducts_the_clawback() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mina.seo@example.com");
    let partner = app.create_user("rep", "jiwoo.park@example.com");
    let admin = app.create_user("admin", "payroll@example.com");
    app.team_of("North", manager.id, &[manager.id, partner.id]);
    app.approval_limits(dec!(1000), dec!(5000));
    let mut conn = app.conn();
    // The default plan pays the seller 10 %: $250.00 on $2,500.00.
    let sale = attain::sales::register(&mut conn, new_sale(&partner, dec!(2500), "PAY-1")).unwrap();

    let driver = Driver::start();
    let browser = browser(&driver).await;

    // The manager approves the sale on the queue.
    sign_in(&browser, &app.address, &manager.email).await;
    browser
        .goto(&format!("{}/approvals", app.address))
        .await
        .unwrap();
    let row = format!("tr#sale-{}", sale.id);
    wait_for_text(&browser, &row, "PAY-1").await;
    browser
        .find(Locator::Css(&format!("{row} button[hx-post$='/approve']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, &row, "Confirmed").await;
    browser.delete_all_cookies().await.unwrap();

    // The admin closes the month, approves and pays: $250.00.
    sign_in(&browser, &app.address, &admin.email).await;
    let (lines, _) = make_approve_and_pay(&browser, &app.address).await;
    assert!(lines.contains(&partner.name), "{lines}");
    assert!(lines.contains("$250.00"), "{lines}");
    screenshot(&browser, "payouts-1-first-run-paid").await;

    // After payment the sale is refunded ($250.00 taken back) and a new
    // $4,000.00 sale confirms ($400.00): the next run pays $150.00.
    let manager_user = attain::db::users::User::find(&mut conn, manager.id).unwrap();
    attain::sales::refund(&mut conn, &manager_user, sale.id, "Returned in full").unwrap();
    app.approval_limits(dec!(10000), dec!(20000));
    attain::sales::register(&mut conn, new_sale(&partner, dec!(4000), "PAY-2")).unwrap();
    let (lines, _) = make_approve_and_pay(&browser, &app.address).await;
    for figure in ["$400.00", "$250.00", "$150.00"] {
        assert!(lines.contains(figure), "{figure} missing from {lines}");
    }
    screenshot(&browser, "payouts-2-clawback-deducted").await;
    browser.delete_all_cookies().await.unwrap();

    // The partner's statement: every figure of the month.
    sign_in(&browser, &app.address, &partner.email).await;
    browser
        .goto(&format!("{}/payouts/statement", app.address))
        .await
        .unwrap();
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("table.payout-statement"))
        .await
        .unwrap();
    for (name, value) in [
        ("opening", "$0.00"),
        ("earned", "$650.00"),
        ("reversed", "$250.00"),
        ("recovered", "$250.00"),
        ("paid", "$400.00"),
        ("closing", "$0.00"),
    ] {
        let shown = figure(&browser, name).await;
        assert!(shown.contains(value), "{name}: {shown}, expected {value}");
    }
    screenshot(&browser, "payouts-3-statement").await;

    // Each line opens its calculation.
    browser
        .find(Locator::Css("a[href$='/why']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let why = wait_for_text(&browser, "main", "The calculation").await;
    assert!(why.contains("the same figures as the ledger"), "{why}");
    screenshot(&browser, "payouts-4-why").await;

    browser.close().await.unwrap();
}
