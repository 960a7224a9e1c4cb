//! The demo organisation: created once, each printed sign-in works, its
//! sales went through the sales service (balanced ledger, exact
//! reversals), and every page in every demo role's navigation shows data.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Numeric};
use rust_decimal::Decimal;

use attain::db::schema::{commission_entries, goals, milestones, sales, users};

use crate::helpers::{Client, spawn_app};
use attain::domain::lifecycle::Status;

#[actix_web::test]
async fn every_demo_sign_in_reaches_its_dashboard() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let sign_ins = attain::demo::demo_sign_ins();
    assert_eq!(sign_ins.len(), 4);
    for (role, email) in sign_ins {
        let client = app.client();
        let response = client.sign_in(&email, attain::demo::DEMO_PASSWORD).await;
        assert_eq!(response.status(), 303, "{role} {email} signs in");
        let home = crate::helpers::location(&response);
        let (status, body) = client.get_text(&home).await;
        assert_eq!(status, 200, "{role} dashboard at {home}");
        assert!(body.contains("Hanbit Wellness"));
    }
}

/// Row counts of everything the demo's sales wrote.
fn sales_counts(conn: &mut PgConnection) -> (i64, i64, i64, i64) {
    let people: i64 = users::table.count().get_result(conn).unwrap();
    let sold: i64 = sales::table.count().get_result(conn).unwrap();
    let entries: i64 = commission_entries::table.count().get_result(conn).unwrap();
    let goal_count: i64 = goals::table.count().get_result(conn).unwrap();
    (people, sold, entries, goal_count)
}

#[actix_web::test]
async fn seeding_the_demo_twice_changes_nothing() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    let counts = sales_counts(&mut conn);
    assert!(counts.0 >= 30);
    assert!(!attain::demo::seed(&mut conn).unwrap());
    assert_eq!(sales_counts(&mut conn), counts);
}

#[derive(QueryableByName)]
struct Sum {
    #[diesel(sql_type = Numeric)]
    total: Decimal,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn sum(conn: &mut PgConnection, sql: &str) -> Decimal {
    diesel::sql_query(sql)
        .get_result::<Sum>(conn)
        .unwrap()
        .total
}

#[actix_web::test]
async fn the_demo_sales_span_three_months_with_a_ledger_that_balances() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    let statuses = |conn: &mut PgConnection, status: &str| -> i64 {
        sales::table
            .filter(sales::status.eq(status))
            .count()
            .get_result(conn)
            .unwrap()
    };
    let confirmed = statuses(&mut conn, "confirmed");
    let pending = statuses(&mut conn, "pending");
    let reversed = statuses(&mut conn, "cancelled") + statuses(&mut conn, "refunded");
    assert!(confirmed >= 120, "{confirmed} confirmed");
    assert!(pending >= 2, "{pending} waiting");
    assert!(reversed >= 3, "{reversed} cancelled or refunded");
    assert!(
        confirmed > 4 * (pending + reversed),
        "most sales are confirmed"
    );
    let months = count(
        &mut conn,
        "SELECT count(DISTINCT date_trunc('month', sales_date))::bigint AS n FROM sales",
    );
    assert!(months >= 3, "sales over {months} months");
    // Every sale confirmed once has its distribution in the ledger; a
    // confirmed one nets to its commission total, a reversed one to zero,
    // each original line reversed exactly once, never a line updated.
    let unbalanced = count(
        &mut conn,
        "SELECT count(*)::bigint AS n FROM sales s
         LEFT JOIN (SELECT sale_id, sum(amount) AS net FROM commission_entries GROUP BY sale_id) e
           ON e.sale_id = s.id
         WHERE (s.status = 'confirmed' AND coalesce(e.net, 0) <> s.commission_total)
            OR (s.status IN ('cancelled', 'refunded') AND coalesce(e.net, 0) <> 0)
            OR (s.status = 'pending' AND e.sale_id IS NOT NULL)",
    );
    assert_eq!(unbalanced, 0, "sales whose ledger does not balance");
    let paid_then_reversed = count(
        &mut conn,
        "SELECT count(*)::bigint AS n FROM commission_entries r
         JOIN commission_entries o ON o.id = r.reverses_entry_id
         WHERE r.amount <> -o.amount OR r.created_at < o.created_at",
    );
    assert_eq!(paid_then_reversed, 0, "reversals mirror their entries");
    let reversal_lines = count(
        &mut conn,
        "SELECT count(*)::bigint AS n FROM commission_entries WHERE reverses_entry_id IS NOT NULL",
    );
    assert!(reversal_lines > 0);
    let net = sum(
        &mut conn,
        "SELECT coalesce(sum(amount), 0) AS total FROM commission_entries",
    );
    let confirmed_total = sum(
        &mut conn,
        "SELECT coalesce(sum(commission_total), 0) AS total FROM sales WHERE status = 'confirmed'",
    );
    assert_eq!(net, confirmed_total);
    // The ledger is dated by when each sale happened, not by the seed.
    let ledger_months = count(
        &mut conn,
        "SELECT count(DISTINCT date_trunc('month', created_at AT TIME ZONE 'Asia/Seoul'))::bigint
         AS n FROM commission_entries",
    );
    assert!(ledger_months >= 3, "ledger over {ledger_months} months");
    // Doyun's statement this month has real lines, one a reversal.
    let doyun_this_month = count(
        &mut conn,
        "SELECT count(*)::bigint AS n FROM commission_entries e JOIN users u ON u.id = e.recipient_id
         WHERE u.email = 'doyun.kang@demo.attain.test'
           AND date_trunc('month', e.created_at AT TIME ZONE 'Asia/Seoul')
               = date_trunc('month', now() AT TIME ZONE 'Asia/Seoul')",
    );
    assert!(doyun_this_month >= 3, "{doyun_this_month} lines this month");
    // Milestones, some reached, and a goal waiting for approval.
    let all: i64 = milestones::table.count().get_result(&mut conn).unwrap();
    let reached: i64 = milestones::table
        .filter(milestones::reached_on.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(
        all >= 12 && reached >= 1 && reached < all,
        "{reached} of {all}"
    );
    let waiting: i64 = goals::table
        .filter(goals::status.eq(Status::PendingApproval))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(waiting >= 1);
}

#[actix_web::test]
async fn the_demo_manager_can_approve_a_waiting_sale_and_the_admin_one_above_the_limit() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let manager = app.client();
    manager
        .sign_in("jihoon.park@demo.attain.test", attain::demo::DEMO_PASSWORD)
        .await;
    let (status, queue) = manager.get_text("/approvals").await;
    assert_eq!(status, 200);
    let id: i64 = diesel::sql_query(
        "SELECT s.id AS n FROM sales s JOIN users u ON u.id = s.partner_id
         JOIN teams t ON t.id = u.team_id JOIN users m ON m.id = t.manager_id
         WHERE s.status = 'pending' AND s.amount <= 10000000
           AND m.email = 'jihoon.park@demo.attain.test' LIMIT 1",
    )
    .get_result::<Count>(&mut app.conn())
    .unwrap()
    .n;
    assert!(
        queue.contains(&format!("id=\"sale-{id}\"")),
        "the sale is queued"
    );
    let response = manager
        .post_form(&format!("/approvals/{id}/approve"), &[("note", "")])
        .await;
    assert!(response.status().is_redirection() || response.status().is_success());
    let status: String = sales::table
        .find(id)
        .select(sales::status)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(status, "confirmed");
    let above: i64 = sales::table
        .filter(sales::status.eq("pending"))
        .filter(sales::amount.gt(Decimal::from(10_000_000)))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert!(above >= 1, "the admin has a sale above the manager's limit");
}

/// The links of the page frame's navigation (bar, dropdowns, bell, user
/// menu), in order, without duplicates.
fn nav_links(body: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse("body > header nav a[href], nav.container a[href]")
        .expect("a valid selector");
    let mut seen = BTreeSet::new();
    document
        .select(&selector)
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.starts_with('/'))
        .filter(|href| seen.insert(href.to_string()))
        .map(str::to_string)
        .collect()
}

/// The sub-navigation of a page's own area: the links of its head (the
/// statement and network beside My sales, say) and of the navigation
/// blocks inside the page (month steps, scope tabs).
fn area_links(body: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse("main .page-head a[href], main nav a[href]")
        .expect("a valid selector");
    document
        .select(&selector)
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.starts_with('/'))
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

/// The text of every element marked as an empty state.
fn empty_states(body: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse("main [data-empty]").expect("a valid selector");
    document
        .select(&selector)
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Pages that stay empty for a role by the product's own rules, so the
/// demo cannot fill them without inventing rows the product never writes:
/// notifications and achievements come only from goals of one's own
/// (achievements, goal-sheet reminders), and the demo's admin and
/// executive run the company without a personal quota. Sheet sources are
/// links to the organisation's own spreadsheets, which a demo does not
/// have: their list and the jobs page's sync log start empty.
fn legitimately_empty(role: &str, href: &str) -> bool {
    (matches!(role, "admin" | "executive") && matches!(href, "/notifications" | "/achievements"))
        || (role == "admin" && matches!(href, "/admin/sheet-sources" | "/admin/jobs"))
}

/// Forms that only create something new have nothing to show yet; they
/// still must answer 200 (checked), but are not walked for their links.
fn is_form(href: &str) -> bool {
    href.ends_with("/new")
}

async fn walk(client: &Client, role: &str, home_href: &str, failures: &mut Vec<String>) -> usize {
    let (status, home) = client.get_text(home_href).await;
    assert_eq!(status, 200, "{role} home");
    let nav = nav_links(&home);
    assert!(nav.len() >= 4, "{role} has a navigation: {nav:?}");
    let mut visited = BTreeSet::new();
    let mut queue: Vec<(String, bool)> = nav.into_iter().map(|href| (href, true)).collect();
    while let Some((href, from_nav)) = queue.pop() {
        if !visited.insert(href.clone()) {
            continue;
        }
        let (mut status, mut body) = client.get_text(&href).await;
        if status == 303 && href == "/" {
            // The brand link sends each role to its home page.
            (status, body) = client.get_text(home_href).await;
        }
        if status != 200 {
            failures.push(format!("{role}: {href} answered {status}"));
            continue;
        }
        for text in empty_states(&body) {
            if legitimately_empty(role, &href) {
                continue;
            }
            failures.push(format!("{role}: {href} shows an empty state: {text:?}"));
        }
        if from_nav && !is_form(&href) {
            queue.extend(area_links(&body).into_iter().map(|href| (href, false)));
        }
    }
    visited.len()
}

#[actix_web::test]
async fn every_page_in_every_demo_roles_navigation_shows_data() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let mut failures = Vec::new();
    for (role, email) in attain::demo::demo_sign_ins() {
        let client = app.client();
        let response = client.sign_in(&email, attain::demo::DEMO_PASSWORD).await;
        assert_eq!(response.status(), 303, "{role} signs in");
        let home = crate::helpers::location(&response);
        let pages = walk(&client, role, &home, &mut failures).await;
        assert!(pages >= 6, "{role} walked only {pages} pages");
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[actix_web::test]
async fn the_empty_state_marker_is_found_on_an_empty_page() {
    // The walk above proves nothing if the marker were never rendered.
    let app = spawn_app().await;
    let rep = app.create_user("rep", "lonely@example.com");
    let client = app.signed_in(&rep).await;
    let (status, body) = client.get_text("/sales").await;
    assert_eq!(status, 200);
    let empty = empty_states(&body);
    assert!(
        empty
            .iter()
            .any(|text| text.contains("No sales in this period")),
        "{empty:?}"
    );
}

#[derive(QueryableByName)]
struct SourceSum {
    #[diesel(sql_type = diesel::sql_types::Text)]
    source: String,
    #[diesel(sql_type = Numeric)]
    total: Decimal,
}

fn won(amount: Decimal) -> String {
    attain::domain::currency::format_money(amount, "KRW", 0)
}

#[actix_web::test]
async fn both_revenues_say_where_they_come_from() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    // Doyun's revenue this month by source, straight from the events.
    let sums: Vec<SourceSum> = diesel::sql_query(
        "SELECT e.source, sum(e.value) AS total FROM metric_events e
         JOIN metric_definitions m ON m.id = e.metric_id AND m.key = 'revenue'
         JOIN users u ON u.id = e.user_id AND u.email = 'doyun.kang@demo.attain.test'
         WHERE date_trunc('month', e.occurred_on)
               = date_trunc('month', (now() AT TIME ZONE 'Asia/Seoul')::date)
         GROUP BY e.source",
    )
    .load(&mut conn)
    .unwrap();
    let of = |source: &str| {
        sums.iter()
            .filter(|s| s.source == source)
            .map(|s| s.total)
            .sum::<Decimal>()
    };
    assert!(of("manual") > Decimal::ZERO && of("sale") > Decimal::ZERO);
    let total: Decimal = sums.iter().map(|s| s.total).sum();
    // The demo reads Korean; these checks read the rep's pages in English.
    english_reader(&app, "doyun.kang@demo.attain.test");
    let rep = app.client();
    rep.sign_in("doyun.kang@demo.attain.test", attain::demo::DEMO_PASSWORD)
        .await;
    let logged = format!("logged {}", won(of("manual")));
    let sold = format!("confirmed sales {}", won(of("sale")));
    // The dashboard's revenue card.
    let (status, dashboard) = rep.get_text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains(&format!("from: {logged}")), "dashboard");
    assert!(dashboard.contains(&sold), "dashboard names confirmed sales");
    // My sales counts confirmed sales only, and says what the revenue is.
    let (status, sales_page) = rep.get_text("/sales").await;
    assert_eq!(status, 200);
    assert!(
        sales_page.contains(&format!(
            "Your revenue on the dashboard for the same days is {}, from: {logged}",
            won(total)
        )),
        "My sales explains the dashboard's revenue"
    );
    assert!(sales_page.contains(&sold));
    // The goal page of that revenue goal.
    let goal: i64 = diesel::sql_query(
        "SELECT g.id AS n FROM goals g JOIN periods p ON p.id = g.period_id
         JOIN metric_definitions m ON m.id = g.metric_id AND m.key = 'revenue'
         JOIN users u ON u.id = g.user_id AND u.email = 'doyun.kang@demo.attain.test'
         WHERE p.kind = 'month' AND p.start_date <= (now() AT TIME ZONE 'Asia/Seoul')::date
           AND p.end_date >= (now() AT TIME ZONE 'Asia/Seoul')::date",
    )
    .get_result::<Count>(&mut conn)
    .unwrap()
    .n;
    let (status, detail) = rep.get_text(&format!("/goals/{goal}")).await;
    assert_eq!(status, 200);
    assert!(detail.contains(&format!("from: {logged}")), "goal detail");
    // The manager's KPIs say the same for their teams.
    english_reader(&app, "jihoon.park@demo.attain.test");
    let manager = app.client();
    manager
        .sign_in("jihoon.park@demo.attain.test", attain::demo::DEMO_PASSWORD)
        .await;
    let (status, kpis) = manager.get_text("/sales/kpis").await;
    assert_eq!(status, 200);
    assert!(kpis.contains("The revenue the goals count for the same partners and days is"));
    assert!(kpis.contains("confirmed sales ₩"));
}

#[actix_web::test]
async fn the_yearly_page_without_a_goal_says_so_and_suggests_a_years_worth() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    // The demo reads Korean; these checks read the rep's pages in English.
    english_reader(&app, "doyun.kang@demo.attain.test");
    let rep = app.client();
    rep.sign_in("doyun.kang@demo.attain.test", attain::demo::DEMO_PASSWORD)
        .await;
    let (status, page) = rep.get_text("/yearly").await;
    assert_eq!(status, 200);
    assert!(page.contains("No goal set"));
    assert!(!page.contains("On pace"), "no pace against a goal of 0");
    // Signups project to a whole number.
    let document = scraper::Html::parse_document(&page);
    let row = scraper::Selector::parse("tr").unwrap();
    let projected = document
        .select(&row)
        .find(|tr| tr.text().any(|t| t.contains("Projected year end")))
        .expect("a projection row");
    let cells: Vec<String> = projected
        .select(&scraper::Selector::parse("td").unwrap())
        .map(|td| td.text().collect::<String>())
        .collect();
    assert!(!cells[0].contains('.'), "whole signups: {}", cells[0]);
    // The suggestion is twelve months of his monthly revenue targets.
    let months: Vec<SourceSum> = diesel::sql_query(
        "SELECT 'goal' AS source, g.target AS total FROM goals g
         JOIN periods p ON p.id = g.period_id
         JOIN metric_definitions m ON m.id = g.metric_id AND m.key = 'revenue'
         JOIN users u ON u.id = g.user_id AND u.email = 'doyun.kang@demo.attain.test'
         WHERE p.kind = 'month' AND g.status <> 'cancelled'
           AND date_part('year', p.start_date) = date_part('year', now() AT TIME ZONE 'Asia/Seoul')",
    )
    .load(&mut conn)
    .unwrap();
    assert!(!months.is_empty());
    let sum: Decimal = months.iter().map(|m| m.total).sum();
    let yearly = (sum / Decimal::from(months.len()) * Decimal::from(12)).trunc();
    let placeholder = format!("placeholder=\"{}\"", won(yearly).trim_start_matches('₩'));
    assert!(page.contains(&placeholder), "{placeholder}");
    assert!(!page.contains("placeholder=\"300,000\""));
}

/// Makes the demo person `email` read English (the demo organisation reads
/// Korean), for tests that check the pages' English wording.
fn english_reader(app: &crate::helpers::TestApp, email: &str) {
    let mut conn = app.conn();
    let user = attain::db::users::User::find_by_email(&mut conn, email)
        .unwrap()
        .unwrap();
    attain::db::users::User::set_language(&mut conn, user.id, Some(attain::i18n::Lang::En))
        .unwrap();
}
