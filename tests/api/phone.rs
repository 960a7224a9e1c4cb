//! At a phone's width (390 × 844 in Chromium), with the demo organisation:
//! every page each demo role may open fits the screen, a manager approves a
//! sale from the queue, and refused input is shown beside its field.

use std::time::Duration;

use diesel::prelude::*;
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;

use attain::db::sales::{ApprovalRules, NewSale, Sale};
use attain::db::schema::{
    bonus_schedules, commission_entries, goals, partner_tiers, partner_types, teams, users,
};
use attain::db::users::User;
use attain::demo::{DEMO_PASSWORD, demo_sign_ins};

use crate::browser::{Driver, phone_browser, screenshot_at, sign_in_with, wait_for_text};
use crate::helpers::{TestApp, spawn_app};
use crate::routes::{Fixtures, ROLES, TABLE, concrete};
use attain::domain::sale_status::SaleStatus;

const PHONE: (u32, u32) = (390, 844);

/// Routes that answer something other than a page in the frame, skipped by
/// the width walk: JSON (the API), the event stream, health, static files,
/// CSV, the navigation counters and the fragments htmx swaps into a page.
pub(crate) fn is_page(path: &str) -> bool {
    const FRAGMENTS: [&str; 2] = ["/goals/{goal}/card", "/targets/calculator/breakdown"];
    !(path.starts_with("/api/")
        || path == "/live"
        || path.starts_with("/live/")
        || path == "/healthz"
        || path.starts_with("/static/")
        || path.ends_with(".csv")
        || path.ends_with("/count")
        || FRAGMENTS.contains(&path))
}

fn demo_user(conn: &mut PgConnection, role: &str) -> User {
    let (_, email) = demo_sign_ins()
        .into_iter()
        .find(|(r, _)| *r == role)
        .unwrap_or_else(|| panic!("the demo signs in a {role}"));
    User::find_by_email(conn, &email).unwrap().unwrap()
}

/// The active reps of the teams `manager` manages, oldest first.
fn reps_of(conn: &mut PgConnection, manager: &User) -> Vec<User> {
    let managed: Vec<i64> = teams::table
        .filter(teams::manager_id.eq(manager.id))
        .select(teams::id)
        .load(conn)
        .unwrap();
    users::table
        .filter(users::team_id.eq_any(managed))
        .filter(users::role.eq(attain::domain::role::Role::Rep))
        .filter(users::active.eq(true))
        .order(users::id)
        .select(User::as_select())
        .load(conn)
        .unwrap()
}

/// A pending sale of `partner`, registered through the sales service.
fn pending_sale(conn: &mut PgConnection, partner: &User, amount: Decimal, order: &str) -> Sale {
    let org = attain::db::organisation::Organisation::get(conn).unwrap();
    let sale = attain::sales::register(
        conn,
        NewSale {
            partner_id: partner.id,
            partner_name: partner.name.clone(),
            partner_email: partner.email.clone(),
            title: format!("Water purifier, 5-year rental ({order})"),
            description: None,
            amount,
            currency_code: org.currency_code.clone(),
            sales_date: attain::goals::progress::org_today(&org),
            category: Some("Appliances".into()),
            product_type: None,
            sales_channel: "offline".into(),
            order_number: order.into(),
            order_code: None,
            registered_by: Some(partner.id),
        },
    )
    .unwrap();
    assert_eq!(
        sale.status,
        SaleStatus::Pending,
        "{order} waits for approval"
    );
    sale
}

/// An amount a manager may approve: above the auto-confirm limit, within
/// theirs.
fn approvable(rules: &ApprovalRules) -> Decimal {
    ((rules.auto_confirm_limit + rules.manager_approval_limit) / Decimal::TWO).round_dp(0)
}

/// The path parameters of the role × route table, resolved in the demo: the
/// demo rep, their team and a goal of theirs, a pending sale of theirs, the
/// first partner type, tier and bonus schedule, the current month. The
/// table opens parameterised pages (200) only to admins and executives,
/// who may see all of these.
pub(crate) fn demo_fixtures(app: &TestApp) -> Fixtures {
    let mut conn = app.conn();
    let rep = demo_user(&mut conn, "rep");
    let period = app.this_month();
    let rules = ApprovalRules::get(&mut conn).unwrap();
    let sale = pending_sale(&mut conn, &rep, approvable(&rules), "PHONE-WALK-1").id;
    let first = |ids: QueryResult<i64>, what: &str| {
        ids.unwrap_or_else(|e| panic!("the demo has no {what}: {e}"))
    };
    Fixtures {
        user: rep.id,
        team: rep.team_id.expect("the demo rep is in a team"),
        partner_type: first(
            partner_types::table
                .select(partner_types::id)
                .order(partner_types::id)
                .first(&mut conn),
            "partner type",
        ),
        partner_tier: first(
            partner_tiers::table
                .select(partner_tiers::id)
                .order(partner_tiers::id)
                .first(&mut conn),
            "partner tier",
        ),
        period,
        metric: attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
            .unwrap()
            .unwrap()
            .id,
        goal: first(
            goals::table
                .filter(goals::user_id.eq(rep.id))
                .select(goals::id)
                .order(goals::id)
                .first(&mut conn),
            "goal of the rep",
        ),
        sale,
        schedule: first(
            bonus_schedules::table
                .select(bonus_schedules::id)
                .order(bonus_schedules::id)
                .first(&mut conn),
            "bonus schedule",
        ),
        // Only POST routes name these.
        objective: 0,
        milestone: 0,
        // A draft payout run of this month, made by the demo admin.
        run: {
            let admin = demo_user(&mut conn, "admin");
            let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
            let today = attain::goals::progress::org_today(&org);
            attain::payouts::create_run(&mut conn, &admin, today)
                .unwrap()
                .id
        },
        source: failing_source(&mut conn),
        // The demo rep's newest commission line.
        entry: first(
            commission_entries::table
                .filter(commission_entries::recipient_id.eq(rep.id))
                .select(commission_entries::id)
                .order(commission_entries::id.desc())
                .first(&mut conn),
            "commission line of the rep",
        ),
        dispute: crate::routes::dispute_of(&mut conn, rep.id),
    }
}

/// A sheet source whose link nothing answers, synced once: its page shows
/// a failed sync.
fn failing_source(conn: &mut PgConnection) -> i64 {
    use attain::goals::sources::{self, SourceForm, Trigger};
    let admin = demo_user(conn, "admin");
    let fields = sources::validate(
        &SourceForm {
            name: "Field sales".into(),
            url: "http://127.0.0.1:1/sheet.csv".into(),
            ..SourceForm::blank()
        },
        None,
    )
    .unwrap();
    let source = sources::save(conn, admin.id, None, &fields).unwrap();
    sources::sync(conn, &source, Trigger::Admin(admin.id), Default::default()).unwrap();
    source.id
}

async fn number(browser: &Client, script: &str) -> i64 {
    browser
        .execute(script, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap_or_else(|| panic!("{script} gave no number"))
}

async fn sign_in_as(browser: &Client, app: &TestApp, email: &str) {
    browser.delete_all_cookies().await.unwrap();
    sign_in_with(browser, &app.address, email, DEMO_PASSWORD).await;
}

#[actix_web::test]
async fn every_page_a_demo_role_may_open_fits_a_390_px_phone() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let fixtures = demo_fixtures(&app);
    let driver = Driver::start();
    let browser = phone_browser(&driver).await;

    let mut failures = Vec::new();
    let mut opened = 0;
    for (role, email) in demo_sign_ins() {
        let column = ROLES
            .iter()
            .position(|r| *r == role)
            .unwrap_or_else(|| panic!("{role} is a column of the route table"));
        sign_in_as(&browser, &app, &email).await;
        let layout = number(&browser, "return document.documentElement.clientWidth;").await;
        assert_eq!(layout, i64::from(PHONE.0), "the page is laid out at 390 px");
        for (method, path, expected) in TABLE {
            if *method != "GET" || expected[column] != 200 || !is_page(path) {
                continue;
            }
            let url = concrete(path, &fixtures);
            browser
                .goto(&format!("{}{url}", app.address))
                .await
                .unwrap();
            opened += 1;
            // A page the role may not see would measure the error page.
            let refused = browser
                .execute(
                    "return !document.querySelector('.user-menu') || !!document.querySelector('.error-page');",
                    vec![],
                )
                .await
                .unwrap();
            if refused.as_bool() != Some(false) {
                failures.push(format!("{role} {url}: not the page (an error or sign-in)"));
                continue;
            }
            let width = number(&browser, "return document.documentElement.scrollWidth;").await;
            if width > i64::from(PHONE.0) {
                failures.push(format!("{role} {url}: {width} px wide"));
            }
        }
    }
    browser.close().await.unwrap();
    assert!(opened >= 60, "the walk opened only {opened} pages");
    assert!(
        failures.is_empty(),
        "{} of {opened} pages do not fit 390 px:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[actix_web::test]
async fn a_manager_approves_a_sale_from_the_phone_width_queue() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    let manager = demo_user(&mut conn, "manager");
    let rules = ApprovalRules::get(&mut conn).unwrap();
    let reps = reps_of(&mut conn, &manager);
    assert!(reps.len() >= 3, "the demo manager has a team of reps");
    let approve = pending_sale(&mut conn, &reps[0], approvable(&rules), "PHONE-1");
    let reject = pending_sale(&mut conn, &reps[1], approvable(&rules), "PHONE-2");
    // One beyond the manager's limit: the card says who decides it.
    pending_sale(
        &mut conn,
        &reps[2],
        rules.manager_approval_limit + Decimal::ONE_HUNDRED,
        "PHONE-3",
    );

    let driver = Driver::start();
    let browser = phone_browser(&driver).await;
    sign_in_as(&browser, &app, &manager.email).await;
    browser
        .goto(&format!("{}/approvals", app.address))
        .await
        .unwrap();
    let row = format!("tr#sale-{}", approve.id);
    wait_for_text(&browser, &row, "PHONE-1").await;
    let width = number(&browser, "return document.documentElement.scrollWidth;").await;
    assert!(width <= 390, "the queue is {width} px wide");
    // Approve and Reject are on the screen, not beyond its right edge, and
    // the amount sits on one line.
    for button in ["approve", "reject"] {
        let right = number(
            &browser,
            &format!(
                "return Math.ceil(document.querySelector(\"{row} button[hx-post$='/{button}']\").getBoundingClientRect().right);"
            ),
        )
        .await;
        assert!(right <= 390, "{button} ends at {right} px");
    }
    let lines = number(
        &browser,
        &format!(
            "const range = document.createRange(); \
             range.selectNodeContents(document.querySelector('{row} td.queue-amount')); \
             return new Set(Array.from(range.getClientRects()).map(function (r) {{ return Math.round(r.top); }})).size;"
        ),
    )
    .await;
    assert_eq!(lines, 1, "the amount stays on one line");
    screenshot_at(&browser, "phone-approvals", PHONE.0, PHONE.1).await;

    // Rejecting without a note: the reason appears beside the note field.
    let rejected = format!("tr#sale-{}", reject.id);
    browser
        .find(Locator::Css(&format!(
            "{rejected} button[hx-post$='/reject']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The demo organisation reads Korean: "Say why the sale is rejected".
    let message = wait_for_text(
        &browser,
        &format!("{rejected} .field-error"),
        &attain::i18n::Lang::Ko.t("approval-reject-note-missing"),
    )
    .await;
    let note = browser
        .find(Locator::Css(&format!("{rejected} input[name=note]")))
        .await
        .unwrap();
    assert_eq!(
        note.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let described = note.attr("aria-describedby").await.unwrap().unwrap();
    let error_id = browser
        .find(Locator::Css(&format!("{rejected} .field-error")))
        .await
        .unwrap()
        .attr("id")
        .await
        .unwrap();
    assert_eq!(Some(described), error_id, "{message}");
    let toasts = number(
        &browser,
        "return document.querySelectorAll('#toasts .toast').length;",
    )
    .await;
    assert_eq!(toasts, 0, "the message is beside the field, not a toast");

    // Approve: the row waits (busy) while the request runs, then shows the
    // outcome in place, and the sale is confirmed.
    browser
        .execute(
            "window.busySeen = []; new MutationObserver(function (changes) { changes.forEach(function (c) { \
               if (c.target.getAttribute('aria-busy') === 'true') window.busySeen.push(c.target.tagName); }); }) \
             .observe(document.querySelector('main'), { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });",
            vec![],
        )
        .await
        .unwrap();
    browser
        .find(Locator::Css(&format!("{row} button[hx-post$='/approve']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // "Confirmed", in the demo's Korean.
    let outcome = wait_for_text(&browser, &row, "확정됨").await;
    assert!(outcome.contains("커미션"), "{outcome}");
    let busy = browser
        .execute("return window.busySeen.join(' ');", vec![])
        .await
        .unwrap();
    let busy = busy.as_str().unwrap_or_default();
    assert!(
        busy.contains("FORM") && busy.contains("BUTTON"),
        "the form and the pressed button were busy: {busy:?}"
    );
    let status: String = attain::db::schema::sales::table
        .find(approve.id)
        .select(attain::db::schema::sales::status)
        .first(&mut conn)
        .unwrap();
    assert_eq!(status, "confirmed");
    let width = number(&browser, "return document.documentElement.scrollWidth;").await;
    assert!(
        width <= 390,
        "the queue after the decision is {width} px wide"
    );
    browser.close().await.unwrap();
}

#[actix_web::test]
async fn the_phone_quota_editor_marks_a_refused_cell_without_a_toast() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    let manager = demo_user(&mut conn, "manager");
    let rep = reps_of(&mut conn, &manager).remove(0);
    let revenue = attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;

    let driver = Driver::start();
    let browser = phone_browser(&driver).await;
    sign_in_as(&browser, &app, &manager.email).await;
    browser
        .goto(&format!("{}/team/quotas", app.address))
        .await
        .unwrap();
    let row = format!("form#quota-user-{}", rep.id);
    let cell = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("{row} input[name=target_{revenue}]")))
        .await
        .unwrap();
    let width = number(&browser, "return document.documentElement.scrollWidth;").await;
    assert!(width <= 390, "the quota editor is {width} px wide");
    screenshot_at(&browser, "phone-quotas", PHONE.0, PHONE.1).await;

    cell.clear().await.unwrap();
    cell.send_keys("lots").await.unwrap();
    browser
        .find(Locator::Css(&format!("{row} button[type=submit]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The demo organisation reads Korean: "Not saved".
    wait_for_text(&browser, &row, "저장 안 됨").await;
    let cell = browser
        .find(Locator::Css(&format!("{row} input[name=target_{revenue}]")))
        .await
        .unwrap();
    assert_eq!(
        cell.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let toasts = number(
        &browser,
        "return document.querySelectorAll('#toasts .toast').length;",
    )
    .await;
    assert_eq!(toasts, 0, "no toast lies over the other rows' Save buttons");
    browser.close().await.unwrap();
}
