//! The sales API: registering, approving, rejecting, cancelling and
//! refunding through `/api/v1/sales`, the commission lines, the plan and
//! the approval limits — with the pages' rules on roles and reach, and
//! amounts as decimal strings.

use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use attain::db::commissions::PlanRow;
use attain::db::sales::Sale;
use attain::db::schema::sales;

use crate::helpers::{Api, TestApp, TestUser, api_for, spawn_app};
use attain::domain::sale_status::SaleStatus;

/// North (run by Mia, with Ray and his sponsor Sam), South (Olga, no
/// manager) and an admin. The plan is the installed one: direct 10%, upline
/// 5 / 3 / 2%, matching 10%. Limits: auto-confirm 1,000; managers 5,000.
struct World {
    app: TestApp,
    admin: TestUser,
    manager: TestUser,
    ray: TestUser,
    sam: TestUser,
    olga: TestUser,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada.admin@example.com");
    let manager = app.create_user("manager", "mia.manager@example.com");
    let ray = app.create_user("rep", "ray.rep@example.com");
    let sam = app.create_user("rep", "sam.sponsor@example.com");
    let olga = app.create_user("rep", "olga.outside@example.com");
    let north = app.team("North", Some(manager.id));
    let south = app.team("South", None);
    for (user, team) in [
        (manager.id, north),
        (ray.id, north),
        (sam.id, north),
        (olga.id, south),
    ] {
        app.edit_user(user, |p| p.team_id = Some(team));
    }
    app.edit_user(ray.id, |p| p.sponsor_id = Some(sam.id));
    app.approval_limits(dec!(1000), dec!(5000));
    World {
        app,
        admin,
        manager,
        ray,
        sam,
        olga,
    }
}

fn sale_body(amount: &str, order: &str) -> Value {
    json!({
        "title": format!("Water purifier {order}"),
        "amount": amount,
        "sales_channel": "online",
        "category": "appliances",
        "order_number": order,
    })
}

/// Registers a sale through the API and returns its id and status.
async fn register(api: &Api, amount: &str, order: &str) -> (i64, String) {
    let (status, body) = api.post("/api/v1/sales", sale_body(amount, order)).await;
    assert_eq!(status, 201, "{body}");
    (
        body["id"].as_i64().unwrap(),
        body["status"].as_str().unwrap().to_string(),
    )
}

fn stored(app: &TestApp, id: i64) -> Sale {
    Sale::find(&mut app.conn(), id).unwrap()
}

fn sale_count(app: &TestApp) -> i64 {
    sales::table.count().get_result(&mut app.conn()).unwrap()
}

/// (recipient, kind, amount) of each line, as the JSON has them.
fn lines(lines: &Value) -> Vec<(i64, String, String)> {
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["recipient_id"].as_i64().unwrap(),
                l["kind"].as_str().unwrap().to_string(),
                l["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn sum(entries: &Value) -> Decimal {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["amount"].as_str().unwrap().parse::<Decimal>().unwrap())
        .sum()
}

#[actix_web::test]
async fn a_sale_at_or_below_the_limit_confirms_at_once_and_pays_its_sponsor() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let (status, body) = ray.post("/api/v1/sales", sale_body("1000.00", "A-1")).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "confirmed");
    assert_eq!(body["amount"], "1000.00");
    assert_eq!(body["currency_code"], "USD");
    assert_eq!(body["partner_id"], w.ray.id);
    assert_eq!(body["commission_total"], "160.00");
    assert_eq!(body["commission_recipient_count"], 2);
    assert_eq!(body["plan_version"], 1);
    assert_eq!(
        lines(&body["commission_distribution"]["lines"]),
        vec![
            (w.ray.id, "direct".into(), "100.00".into()),
            (w.sam.id, "upline".into(), "50.00".into()),
            (w.sam.id, "matching".into(), "10.00".into()),
        ]
    );
    assert_eq!(body["commission_entries"].as_array().unwrap().len(), 3);
    assert_eq!(body["status_history"][1]["to_status"], "confirmed");
}

#[actix_web::test]
async fn a_sale_above_the_limit_waits_until_a_manager_approves_it() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let (id, status) = register(&ray, "2500.00", "B-1").await;
    assert_eq!(status, "pending");
    let (_, pending) = ray.get(&format!("/api/v1/sales/{id}")).await;
    assert_eq!(pending["commission_distribution"], Value::Null);
    assert_eq!(pending["commission_calculated"], false);

    let manager = api_for(&w.app, &w.manager).await;
    let (status, approved) = manager
        .post(
            &format!("/api/v1/sales/{id}/approve"),
            json!({ "notes": "Checked the invoice" }),
        )
        .await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "confirmed");
    assert_eq!(approved["confirmed_by"], w.manager.id);

    // The partner reads the distribution, the snapshot and the history.
    let (status, detail) = ray.get(&format!("/api/v1/sales/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(detail["approval_note"], "Checked the invoice");
    assert_eq!(detail["commission_total"], "400.00");
    let distribution = &detail["commission_distribution"];
    assert_eq!(
        lines(&distribution["lines"]),
        vec![
            (w.ray.id, "direct".into(), "250.00".into()),
            (w.sam.id, "upline".into(), "125.00".into()),
            (w.sam.id, "matching".into(), "25.00".into()),
        ]
    );
    assert_eq!(distribution["total"], "400.00");
    assert_eq!(distribution["lines"][0]["base"], "2500.00");
    let snapshot = &detail["tree_snapshot"];
    assert_eq!(snapshot["partner"]["user_id"], w.ray.id);
    assert_eq!(snapshot["upline"][0]["user_id"], w.sam.id);
    let history: Vec<&str> = detail["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to_status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["pending", "confirmed"]);
    assert_eq!(detail["commission_entries"][0]["amount"], "250.00");

    // Approving again is the conflict the queue reports too.
    let (status, again) = manager
        .post(&format!("/api/v1/sales/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, 409, "{again}");
    assert!(
        again["error"]
            .as_str()
            .unwrap()
            .contains("already confirmed")
    );
}

#[actix_web::test]
async fn rejecting_needs_notes_and_cancels_the_sale_without_paying() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let (id, _) = register(&ray, "3000.00", "C-1").await;
    let manager = api_for(&w.app, &w.manager).await;
    let path = format!("/api/v1/sales/{id}/reject");

    let (status, body) = manager.post(&path, json!({})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["notes"].is_string(), "{body}");
    let (status, body) = manager.post(&path, json!({ "notes": 7 })).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = manager
        .post(&path, json!({ "notes": "x", "typo": true }))
        .await;
    assert_eq!(status, 422);
    assert!(body["fields"]["typo"].is_string());
    assert_eq!(
        stored(&w.app, id).status,
        SaleStatus::Pending,
        "nothing was written"
    );

    let (status, body) = manager
        .post(&path, json!({ "notes": "Duplicate of C-0" }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "cancelled");
    assert_eq!(body["status_reason"], "Duplicate of C-0");
    assert_eq!(body["commission_entries"], json!([]));
    let (status, _) = manager.post(&path, json!({ "notes": "again" })).await;
    assert_eq!(status, 409);
}

#[actix_web::test]
async fn cancel_and_refund_reverse_every_line_to_zero_and_a_second_cancel_is_a_conflict() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let admin = api_for(&w.app, &w.admin).await;
    let manager = api_for(&w.app, &w.manager).await;

    // Cancel a confirmed sale.
    let (first, _) = register(&ray, "900.00", "D-1").await;
    let cancel = format!("/api/v1/sales/{first}/cancel");
    let (status, body) = ray.post(&cancel, json!({ "reason": "oops" })).await;
    assert_eq!(status, 403, "a partner cancels only a pending sale: {body}");
    let (status, body) = admin.post(&cancel, json!({})).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["reason"].is_string(), "{body}");
    let (status, body) = admin
        .post(&cancel, json!({ "reason": "Customer withdrew" }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "cancelled");
    let entries = &body["commission_entries"];
    assert_eq!(
        entries.as_array().unwrap().len(),
        6,
        "three lines, three twins"
    );
    assert_eq!(sum(entries), Decimal::ZERO);
    let (_, lines_of_sale) = admin
        .get(&format!("/api/v1/commissions?sale_id={first}"))
        .await;
    assert_eq!(sum(&lines_of_sale), Decimal::ZERO);
    let reversals = lines_of_sale
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reverses_entry_id"].is_i64())
        .count();
    assert_eq!(reversals, 3);

    let (status, body) = admin.post(&cancel, json!({ "reason": "again" })).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("already cancelled")
    );
    let (status, _) = admin
        .post(
            &format!("/api/v1/sales/{first}/refund"),
            json!({ "reason": "x" }),
        )
        .await;
    assert_eq!(status, 409, "a cancelled sale cannot be refunded");

    // Refund a confirmed sale, by the partner's manager.
    let (second, _) = register(&ray, "500.00", "D-2").await;
    let refund = format!("/api/v1/sales/{second}/refund");
    let (status, _) = ray.post(&refund, json!({ "reason": "mine" })).await;
    assert_eq!(status, 403, "reps do not refund");
    let (status, body) = manager
        .post(&refund, json!({ "reason": "Returned within 14 days" }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "refunded");
    assert!(body["refunded_at"].is_string());
    assert_eq!(sum(&body["commission_entries"]), Decimal::ZERO);
    let (status, _) = manager.post(&refund, json!({ "reason": "again" })).await;
    assert_eq!(status, 409);

    // A partner cancels their own pending sale.
    let (third, _) = register(&ray, "2000.00", "D-3").await;
    let (status, body) = ray
        .post(
            &format!("/api/v1/sales/{third}/cancel"),
            json!({ "reason": "Entered twice" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "cancelled");

    // Sam's statement nets to zero over all three.
    let (_, sams) = admin
        .get(&format!("/api/v1/commissions?partner_id={}", w.sam.id))
        .await;
    assert_eq!(sams.as_array().unwrap().len(), 8);
    assert_eq!(sum(&sams), Decimal::ZERO);
}

#[actix_web::test]
async fn only_managers_within_reach_and_limit_and_never_on_their_own_sale_approve() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let olga = api_for(&w.app, &w.olga).await;
    let manager = api_for(&w.app, &w.manager).await;
    let admin = api_for(&w.app, &w.admin).await;
    let (rays, _) = register(&ray, "2000.00", "E-1").await;
    let (big, _) = register(&ray, "7000.00", "E-2").await;
    let (olgas, _) = register(&olga, "2000.00", "E-3").await;
    let (own, _) = register(&manager, "2000.00", "E-4").await;
    let approve = |id: i64| format!("/api/v1/sales/{id}/approve");

    let (status, body) = olga.post(&approve(rays), json!({})).await;
    assert_eq!(status, 403, "a rep cannot approve: {body}");
    assert!(body["error"].as_str().unwrap().contains("may not approve"));
    let (status, body) = manager.post(&approve(own), json!({})).await;
    assert_eq!(status, 409, "nobody approves their own sale: {body}");
    assert!(body["error"].as_str().unwrap().contains("own sale"));
    let (status, body) = manager.post(&approve(olgas), json!({})).await;
    assert_eq!(status, 403, "another subtree's sale: {body}");
    let (status, body) = manager.post(&approve(big), json!({})).await;
    assert_eq!(status, 409, "above the manager's limit: {body}");
    assert!(body["error"].as_str().unwrap().contains("approval limit"));
    let (status, _) = manager.post(&approve(999_999), json!({})).await;
    assert_eq!(status, 404);
    let (status, _) = manager
        .post("/api/v1/sales/not-a-number/approve", json!({}))
        .await;
    assert_eq!(status, 404);
    for id in [rays, big, olgas, own] {
        assert_eq!(stored(&w.app, id).status, SaleStatus::Pending, "sale {id}");
    }

    let (status, _) = manager.post(&approve(rays), json!({})).await;
    assert_eq!(status, 200);
    let (status, body) = admin.post(&approve(big), json!({})).await;
    assert_eq!(status, 200, "admins approve any amount: {body}");
    assert_eq!(stored(&w.app, big).status, SaleStatus::Confirmed);
}

#[actix_web::test]
async fn a_rep_cannot_read_another_reps_sales_or_commissions() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let olga = api_for(&w.app, &w.olga).await;
    let manager = api_for(&w.app, &w.manager).await;
    let (rays, _) = register(&ray, "1000.00", "F-1").await;
    let (olgas, _) = register(&olga, "800.00", "F-2").await;

    let (status, _) = olga.get(&format!("/api/v1/sales/{rays}")).await;
    assert_eq!(status, 404);
    let (status, _) = olga
        .post(
            &format!("/api/v1/sales/{rays}/cancel"),
            json!({ "reason": "x" }),
        )
        .await;
    assert_eq!(status, 404);
    let (_, listed) = olga.get("/api/v1/sales").await;
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [olgas]);
    let (status, _) = olga
        .get(&format!("/api/v1/sales?partner_id={}", w.ray.id))
        .await;
    assert_eq!(status, 403);
    let (status, body) = olga
        .get(&format!("/api/v1/commissions?partner_id={}", w.ray.id))
        .await;
    assert_eq!(status, 403, "{body}");
    let (_, own_lines) = olga.get("/api/v1/commissions").await;
    assert!(
        own_lines
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["recipient_id"] == w.olga.id)
    );
    let (_, by_sale) = olga
        .get(&format!("/api/v1/commissions?sale_id={rays}"))
        .await;
    assert_eq!(by_sale, json!([]), "another partner's sale shows nothing");

    // Sam sees the lines paid to him on Ray's sale, not Ray's direct line.
    let sam = api_for(&w.app, &w.sam).await;
    let (_, sams) = sam
        .get(&format!("/api/v1/commissions?sale_id={rays}"))
        .await;
    assert_eq!(sum(&sams), dec!(60.00));
    assert!(
        sams.as_array()
            .unwrap()
            .iter()
            .all(|e| e["recipient_id"] == w.sam.id)
    );

    // The manager of North reads Ray's sale and lines, not Olga's.
    let (status, _) = manager.get(&format!("/api/v1/sales/{rays}")).await;
    assert_eq!(status, 200);
    let (status, _) = manager.get(&format!("/api/v1/sales/{olgas}")).await;
    assert_eq!(status, 404);
    let (status, team_lines) = manager.get("/api/v1/commissions").await;
    assert_eq!(status, 200);
    assert_eq!(sum(&team_lines), dec!(160.00));
    let (status, _) = manager
        .get(&format!("/api/v1/commissions?partner_id={}", w.olga.id))
        .await;
    assert_eq!(status, 403);

    // Sales are registered by their partner only.
    let mut body = sale_body("10.00", "F-3");
    body["partner_id"] = json!(w.ray.id);
    let (status, _) = manager.post("/api/v1/sales", body).await;
    assert_eq!(status, 403);
}

#[actix_web::test]
async fn lists_filter_by_status_partner_period_sale_and_kind_and_page() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let admin = api_for(&w.app, &w.admin).await;
    let (confirmed, _) = register(&ray, "1000.00", "G-1").await;
    let (pending, _) = register(&ray, "4000.00", "G-2").await;
    let today = attain::goals::progress::org_today(
        &attain::db::organisation::Organisation::get(&mut w.app.conn()).unwrap(),
    );
    let month = today.format("%Y-%m").to_string();

    let ids = |v: &Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_i64().unwrap())
            .collect()
    };
    let (_, only_pending) = admin.get("/api/v1/sales?status=pending").await;
    assert_eq!(ids(&only_pending), [pending]);
    let (_, this_month) = admin
        .get(&format!(
            "/api/v1/sales?partner_id={}&month={month}",
            w.ray.id
        ))
        .await;
    assert_eq!(ids(&this_month), [pending, confirmed], "newest first");
    let (_, one) = admin.get("/api/v1/sales?limit=1&offset=1").await;
    assert_eq!(ids(&one), [confirmed]);
    let (_, range) = admin
        .get(&format!("/api/v1/sales?from={today}&to={today}"))
        .await;
    assert_eq!(range.as_array().unwrap().len(), 2);
    let (_, last_year) = admin.get("/api/v1/sales?month=2001-01").await;
    assert_eq!(last_year, json!([]));
    let (status, body) = admin
        .get("/api/v1/sales?status=lost&month=March&limit=0")
        .await;
    assert_eq!(status, 422);
    for field in ["status", "month", "limit"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    let (status, body) = admin.get("/api/v1/sales?from=2026-03-10").await;
    assert_eq!(status, 422);
    assert!(body["fields"]["to"].is_string(), "{body}");

    let (_, matching) = admin
        .get(&format!(
            "/api/v1/commissions?sale_id={confirmed}&kind=matching"
        ))
        .await;
    assert_eq!(
        lines(&matching),
        [(w.sam.id, "matching".into(), "10.00".into())]
    );
    let (_, rays) = admin
        .get(&format!(
            "/api/v1/commissions?partner_id={}&month={month}",
            w.ray.id
        ))
        .await;
    assert_eq!(lines(&rays), [(w.ray.id, "direct".into(), "100.00".into())]);
    let (_, old) = admin.get("/api/v1/commissions?month=2001-01").await;
    assert_eq!(old, json!([]));
    let (status, body) = admin
        .get("/api/v1/commissions?month=13&kind=bonus&sale_id=x")
        .await;
    assert_eq!(status, 422);
    for field in ["month", "kind", "sale_id"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
}

#[actix_web::test]
async fn bad_sale_input_gets_a_message_per_field_and_writes_nothing() {
    let w = world().await;
    let ray = api_for(&w.app, &w.ray).await;
    let (status, body) = ray
        .post(
            "/api/v1/sales",
            json!({
                "title": " ",
                "amount": "-5",
                "sales_channel": "pigeon",
                "sales_date": "2999-01-01",
                "order_number": "",
                "order_code": "A\u{0}B",
                "colour": "red",
            }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for field in [
        "title",
        "amount",
        "sales_channel",
        "sales_date",
        "order_number",
    ] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    assert!(
        body["fields"]["colour"].is_string(),
        "unknown fields too: {body}"
    );
    assert!(
        body["fields"]["sales_channel"]
            .as_str()
            .unwrap()
            .contains("online, offline")
    );

    let mut euros = sale_body("10.00", "H-1");
    euros["currency_code"] = json!("EUR");
    let (status, body) = ray.post("/api/v1/sales", euros).await;
    assert_eq!(status, 422);
    assert!(
        body["fields"]["currency_code"]
            .as_str()
            .unwrap()
            .contains("USD")
    );

    let mut cents = sale_body("10.005", "H-1");
    cents["title"] = json!(12);
    let (status, body) = ray.post("/api/v1/sales", cents).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["amount"].is_string());
    assert!(body["fields"]["title"].is_string());

    let (status, _) = ray.post("/api/v1/sales", json!([1, 2])).await;
    assert_eq!(status, 400);
    assert_eq!(sale_count(&w.app), 0, "nothing was written");

    register(&ray, "10.00", "H-1").await;
    let (status, body) = ray.post("/api/v1/sales", sale_body("10.00", "H-1")).await;
    assert_eq!(status, 422, "a retried submit never makes two sales");
    assert!(body["fields"]["order_number"].is_string());
    assert_eq!(sale_count(&w.app), 1);
}

fn plan_body(default: &str) -> Value {
    json!({
        "default_direct_rate": default,
        "upline_rates": ["0.05", "0.03", "0.02"],
        "matching_rate": "0.10",
        "max_depth": 3,
        "compression": true,
    })
}

fn plan_versions(app: &TestApp) -> usize {
    PlanRow::all(&mut app.conn()).unwrap().len()
}

#[actix_web::test]
async fn putting_the_plan_writes_a_new_version_that_later_sales_use() {
    let w = world().await;
    let admin = api_for(&w.app, &w.admin).await;
    let manager = api_for(&w.app, &w.manager).await;
    let ray = api_for(&w.app, &w.ray).await;
    let (before, _) = register(&ray, "1000.00", "P-1").await;

    let (status, plan) = admin.get("/api/v1/commission-plan").await;
    assert_eq!(status, 200);
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["default_direct_rate"], "0.1");
    assert_eq!(plan["upline_rates"], json!(["0.05", "0.03", "0.02"]));
    let (status, _) = manager.get("/api/v1/commission-plan").await;
    assert_eq!(status, 403, "the plan page is for admins");
    let (status, _) = manager
        .put("/api/v1/commission-plan", plan_body("0.12"))
        .await;
    assert_eq!(status, 403);

    let (status, unchanged) = admin
        .put("/api/v1/commission-plan", plan_body("0.10"))
        .await;
    assert_eq!(status, 200, "the same rules write no version: {unchanged}");
    assert_eq!(unchanged["version"], 1);

    let mut body = plan_body("0.12");
    body["based_on"] = json!(1);
    let (status, created) = admin.put("/api/v1/commission-plan", body.clone()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["version"], 2);
    assert_eq!(created["default_direct_rate"], "0.12");
    let (status, stale) = admin.put("/api/v1/commission-plan", body).await;
    assert_eq!(
        status, 409,
        "based on version 1, but 2 is in force: {stale}"
    );
    assert_eq!(plan_versions(&w.app), 2);

    let (after, _) = register(&ray, "1000.00", "P-2").await;
    let (_, new_sale) = ray.get(&format!("/api/v1/sales/{after}")).await;
    assert_eq!(new_sale["plan_version"], 2);
    assert_eq!(new_sale["commission_entries"][0]["amount"], "120.00");
    let (_, old_sale) = ray.get(&format!("/api/v1/sales/{before}")).await;
    assert_eq!(
        old_sale["plan_version"], 1,
        "confirmed sales keep their version"
    );
}

#[actix_web::test]
async fn an_invalid_plan_gets_field_messages_and_writes_no_version() {
    let w = world().await;
    let admin = api_for(&w.app, &w.admin).await;
    let mut body = plan_body("1.5");
    body["upline_rates"] = json!(["0.05", "abc", "-0.01"]);
    body["matching_rate"] = json!("0.0000001");
    body["max_depth"] = json!(99);
    body["direct_rates"] = json!({ "987654": "0.2", "gold": "0.1" });
    let (status, res) = admin.put("/api/v1/commission-plan", body).await;
    assert_eq!(status, 422, "{res}");
    for field in [
        "upline_rates[1]",
        "matching_rate",
        "max_depth",
        "direct_rates.gold",
    ] {
        assert!(res["fields"][field].is_string(), "{field}: {res}");
    }

    // Rates that read well still meet the domain's rules.
    let mut body = plan_body("1.5");
    body["upline_rates"] = json!(["0.05", "-0.01"]);
    let (status, res) = admin.put("/api/v1/commission-plan", body).await;
    assert_eq!(status, 422, "{res}");
    assert_eq!(
        res["fields"]["default_direct_rate"],
        "A rate cannot be more than 100%."
    );
    assert_eq!(
        res["fields"]["upline_rates[1]"],
        "Level 2: A rate cannot be negative."
    );
    let (status, res) = admin
        .put("/api/v1/commission-plan", plan_body("0.95"))
        .await;
    assert_eq!(status, 422);
    assert!(
        res["fields"]["plan"]
            .as_str()
            .unwrap()
            .contains("at most 100%")
    );
    let mut body = plan_body("0.1");
    body["direct_rates"] = json!({ "987654": "0.2" });
    let (status, res) = admin.put("/api/v1/commission-plan", body).await;
    assert_eq!(status, 422);
    assert_eq!(
        res["fields"]["direct_rates.987654"],
        "is not a partner tier"
    );
    let (status, res) = admin
        .put("/api/v1/commission-plan", json!({ "compression": "yes" }))
        .await;
    assert_eq!(status, 422);
    for field in [
        "default_direct_rate",
        "upline_rates",
        "matching_rate",
        "max_depth",
        "compression",
    ] {
        assert!(res["fields"][field].is_string(), "{field}: {res}");
    }
    assert_eq!(plan_versions(&w.app), 1);
}

#[actix_web::test]
async fn approval_rules_are_read_by_managers_and_set_by_admins_with_checks() {
    let w = world().await;
    let admin = api_for(&w.app, &w.admin).await;
    let manager = api_for(&w.app, &w.manager).await;
    let ray = api_for(&w.app, &w.ray).await;

    let (status, rules) = manager.get("/api/v1/approval-rules").await;
    assert_eq!(status, 200);
    assert_eq!(rules["auto_confirm_limit"], "1000.00");
    assert_eq!(rules["manager_approval_limit"], "5000.00");
    assert_eq!(rules["currency_code"], "USD");
    let (status, _) = ray.get("/api/v1/approval-rules").await;
    assert_eq!(status, 403);
    let limits = json!({ "auto_confirm_limit": "2000.00", "manager_approval_limit": "8000" });
    let (status, _) = manager.put("/api/v1/approval-rules", limits.clone()).await;
    assert_eq!(status, 403);

    for (bad, field) in [
        (
            json!({ "auto_confirm_limit": "5000", "manager_approval_limit": "1000" }),
            "manager_approval_limit",
        ),
        (
            json!({ "auto_confirm_limit": "-1", "manager_approval_limit": "1000" }),
            "auto_confirm_limit",
        ),
        (
            json!({ "auto_confirm_limit": "1.005", "manager_approval_limit": "1000" }),
            "auto_confirm_limit",
        ),
        (
            json!({ "auto_confirm_limit": "100" }),
            "manager_approval_limit",
        ),
        (
            json!({ "auto_confirm_limit": true, "manager_approval_limit": "1000" }),
            "auto_confirm_limit",
        ),
    ] {
        let (status, body) = admin.put("/api/v1/approval-rules", bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(body["fields"][field].is_string(), "{bad}: {body}");
    }
    let stored = attain::db::sales::ApprovalRules::get(&mut w.app.conn()).unwrap();
    assert_eq!(stored.auto_confirm_limit, dec!(1000), "nothing was written");

    let (status, rules) = admin.put("/api/v1/approval-rules", limits).await;
    assert_eq!(status, 200, "{rules}");
    assert_eq!(rules["auto_confirm_limit"], "2000.00");
    assert_eq!(rules["manager_approval_limit"], "8000.00");
    assert_eq!(rules["updated_by"], w.admin.id);
    let (_, status) = register(&ray, "2000.00", "R-1").await;
    assert_eq!(status, "confirmed", "the new auto-confirm limit applies");
}

#[actix_web::test]
async fn a_session_cookie_registers_a_sale_only_with_the_csrf_header() {
    let w = world().await;
    let client = w.app.signed_in(&w.ray).await;
    let url = format!("{}/api/v1/sales", w.app.address);
    let without = client
        .http
        .post(&url)
        .json(&sale_body("10.00", "S-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    let csrf = client.csrf_token().await;
    let with = client
        .http
        .post(&url)
        .header("X-CSRF-Token", csrf)
        .json(&sale_body("10.00", "S-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 201);
    assert_eq!(sale_count(&w.app), 1);
}
