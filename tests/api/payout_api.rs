//! The payouts API and "why this amount" over HTTP: a run made, approved,
//! paid and exported through the API; every refusal a 4xx JSON with a
//! `code` that writes nothing; a draft discarded releases its lines for a
//! new run; statements and line explanations stay with their partner,
//! their managers and admins (a rep reading another's gets 404).

use chrono::Months;
use diesel::prelude::*;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use attain::db::schema::{commission_entries, payout_items};
use attain::db::users::User;

use crate::helpers::{TestUser, api_for, spawn_app};
use crate::payouts::{count, sell, setup, this_month};

fn admin_user(conn: &mut PgConnection) -> TestUser {
    let admin = User::find_by_email(conn, "payer@example.com")
        .unwrap()
        .unwrap();
    TestUser {
        id: admin.id,
        email: admin.email,
        name: admin.name,
    }
}

/// The ledger line of `sale` paid to `recipient` as `kind`.
fn line_of(conn: &mut PgConnection, sale: i64, recipient: i64, kind: &str) -> i64 {
    commission_entries::table
        .filter(commission_entries::sale_id.eq(sale))
        .filter(commission_entries::recipient_id.eq(recipient))
        .filter(commission_entries::kind.eq(kind))
        .select(commission_entries::id)
        .first(conn)
        .unwrap()
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

#[actix_web::test]
async fn the_api_makes_approves_pays_and_exports_a_run_and_refusals_write_nothing() {
    let app = spawn_app().await;
    let (people, _) = setup(&app);
    let mut conn = app.conn();
    sell(&mut conn, &people[0], dec!(500), "API-1");
    let admin = api_for(&app, &admin_user(&mut conn)).await;
    let month = this_month().format("%Y-%m").to_string();
    let next = (this_month() + Months::new(1)).format("%Y-%m").to_string();

    // A malformed month, an empty month and a month not begun: 422 on
    // `month`, no run.
    for bad in ["March", "2020-01", next.as_str()] {
        let (status, body) = admin
            .post("/api/v1/payout-runs", json!({ "month": bad }))
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(code(&body), "invalid");
        assert!(body["fields"]["month"].is_string(), "{body}");
    }
    assert_eq!(count(&mut conn, "payout_runs"), 0);

    let (status, made) = admin
        .post("/api/v1/payout-runs", json!({ "month": month }))
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["run"]["status"], "draft");
    let id = made["run"]["id"].as_i64().unwrap();
    let seller = (made["lines"].as_array().unwrap().iter())
        .find(|l| l["partner_id"] == people[0].id)
        .expect("the seller is paid");
    assert_eq!(seller["amount"], "50.00");

    // A draft has no CSV; ids that are not runs are JSON 404s.
    let (status, body) = admin.get(&format!("/api/v1/payout-runs/{id}/csv")).await;
    assert_eq!((status.as_u16(), code(&body)), (409, "conflict"));
    for missing in ["abc", "99999999", "1.5"] {
        let (status, body) = admin.get(&format!("/api/v1/payout-runs/{missing}")).await;
        assert_eq!(
            (status.as_u16(), code(&body)),
            (404, "not_found"),
            "{missing}"
        );
    }

    let (status, run) = admin
        .post(&format!("/api/v1/payout-runs/{id}/approve"), json!({}))
        .await;
    assert_eq!(
        (status.as_u16(), run["status"].as_str()),
        (200, Some("approved"))
    );
    // Approving twice, paying before approval's turn again, discarding an
    // approved run: 409, and the audit log does not grow.
    let audited = count(&mut conn, "audit_log");
    for step in ["approve", "discard"] {
        let (status, body) = admin
            .post(&format!("/api/v1/payout-runs/{id}/{step}"), json!({}))
            .await;
        assert_eq!(
            (status.as_u16(), code(&body)),
            (409, "conflict"),
            "{step}: {body}"
        );
    }
    assert_eq!(count(&mut conn, "audit_log"), audited);

    let (status, run) = admin
        .post(&format!("/api/v1/payout-runs/{id}/pay"), json!({}))
        .await;
    assert_eq!(
        (status.as_u16(), run["status"].as_str()),
        (200, Some("paid"))
    );
    let (status, body) = admin
        .post(&format!("/api/v1/payout-runs/{id}/pay"), json!({}))
        .await;
    assert_eq!((status.as_u16(), code(&body)), (409, "conflict"));

    let csv = reqwest::Client::new()
        .get(format!("{}/api/v1/payout-runs/{id}/csv", app.address))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    assert!(
        text.contains(&people[0].email) && text.contains(",50.00,"),
        "{text}"
    );

    let (status, list) = admin.get("/api/v1/payout-runs").await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["id"], id);
    assert!(list[0]["paid_at"].is_string());

    // A rep works no runs.
    let rep = api_for(&app, &people[0]).await;
    let (status, body) = rep.get("/api/v1/payout-runs").await;
    assert_eq!((status.as_u16(), code(&body)), (403, "forbidden"));
    let (status, _) = rep
        .post("/api/v1/payout-runs", json!({ "month": month }))
        .await;
    assert_eq!(status, 403);
    assert_eq!(count(&mut conn, "payout_runs"), 1);
}

#[actix_web::test]
async fn discarding_a_draft_releases_its_lines_for_a_new_run() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let mut conn = app.conn();
    sell(&mut conn, &people[0], dec!(500), "DIS-1");
    let draft = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    let settled = count(&mut conn, "payout_items");
    assert!(settled > 0);

    let api = api_for(&app, &admin_user(&mut conn)).await;
    let (status, run) = api
        .post(
            &format!("/api/v1/payout-runs/{}/discard", draft.id),
            json!({}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), run["status"].as_str()),
        (200, Some("discarded")),
        "{run}"
    );
    assert!(run["discarded_at"].is_string());
    assert_eq!(
        count(&mut conn, "payout_items"),
        0,
        "the lines are released"
    );
    // Once discarded, it is neither approved, discarded again nor exported.
    for step in ["approve", "discard"] {
        let (status, body) = api
            .post(
                &format!("/api/v1/payout-runs/{}/{step}", draft.id),
                json!({}),
            )
            .await;
        assert_eq!((status.as_u16(), code(&body)), (409, "conflict"), "{step}");
    }
    let (status, _) = api
        .get(&format!("/api/v1/payout-runs/{}/csv", draft.id))
        .await;
    assert_eq!(status, 409);
    let audits: i64 = attain::db::schema::audit_log::table
        .filter(attain::db::schema::audit_log::action.eq("discard"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audits, 1);

    // The same lines go into a new run, at the same amounts.
    let again = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    assert_eq!(again.total, draft.total);
    assert_eq!(count(&mut conn, "payout_items"), settled);
    // The database still refuses releasing a live run's settlements.
    let refused = diesel::delete(payout_items::table).execute(&mut conn);
    assert!(refused.is_err());

    // The page says so and offers no steps.
    let client = app.signed_in(&admin_user(&mut conn)).await;
    let (status, page) = client
        .get_text(&format!("/admin/payouts/{}", draft.id))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("data-discarded") && !page.contains("/approve\""));
    let done = client
        .post_form(&format!("/admin/payouts/{}/discard", again.id), &[])
        .await;
    assert_eq!(done.status().as_u16(), 303);
    let refused = client
        .post_form(&format!("/admin/payouts/{}/discard", again.id), &[])
        .await;
    assert_eq!(refused.status().as_u16(), 409);
}

#[actix_web::test]
async fn explanations_and_statements_open_to_their_partner_and_admins_only() {
    let app = spawn_app().await;
    let (people, _) = setup(&app);
    let outsider = app.create_user("rep", "outsider@example.com");
    let mut conn = app.conn();
    let sale = sell(&mut conn, &people[0], dec!(500), "WHY-1");
    let direct = line_of(&mut conn, sale.id, people[0].id, "direct");
    let matching = line_of(&mut conn, sale.id, people[1].id, "matching");
    let month = this_month().format("%Y-%m").to_string();

    let seller = api_for(&app, &people[0]).await;
    let (status, why) = seller
        .get(&format!("/api/v1/commissions/{direct}/explanation"))
        .await;
    assert_eq!(status, 200, "{why}");
    assert_eq!(why["plan"]["version"], 1);
    let w = &why["working"];
    assert_eq!(w["rate_source"], "default");
    assert_eq!(w["base"], why["sale_amount"]);
    assert_eq!(w["paid"], why["amount"]);
    assert_eq!(w["reproduced"], true);

    let sponsor = api_for(&app, &people[1]).await;
    let (status, why) = sponsor
        .get(&format!("/api/v1/commissions/{matching}/explanation"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(why["working"]["rate_source"], "matching");
    assert_eq!(
        why["working"]["base"], "50.00",
        "matching is paid on the direct line"
    );
    assert_eq!(why["chain"][0]["user_id"], people[1].id);
    assert_eq!(why["chain"][0]["matching"], true);

    // Another rep: 404 for the line, its page and the seller's statement.
    let other = api_for(&app, &outsider).await;
    let (status, body) = other
        .get(&format!("/api/v1/commissions/{direct}/explanation"))
        .await;
    assert_eq!((status.as_u16(), code(&body)), (404, "not_found"));
    let (status, body) = other
        .get(&format!(
            "/api/v1/payout-statements?month={month}&partner_id={}",
            people[0].id
        ))
        .await;
    assert_eq!((status.as_u16(), code(&body)), (404, "not_found"));
    let page = app.signed_in(&outsider).await;
    let (status, _) = page.get_text(&format!("/commissions/{direct}/why")).await;
    assert_eq!(status, 404);
    let (status, body) = other.get("/api/v1/commissions/abc/explanation").await;
    assert_eq!((status.as_u16(), code(&body)), (404, "not_found"));

    // The seller's own statement, and a malformed month.
    let (status, statement) = seller
        .get(&format!("/api/v1/payout-statements?month={month}"))
        .await;
    assert_eq!(status, 200, "{statement}");
    assert_eq!(statement["figures"]["earned"], "50.00");
    assert_eq!(statement["lines"][0]["id"], direct);
    let (status, body) = seller.get("/api/v1/payout-statements?month=soon").await;
    assert_eq!((status.as_u16(), code(&body)), (422, "invalid"));
    // An admin reads anyone's.
    let admin = api_for(&app, &admin_user(&mut conn)).await;
    let (status, _) = admin
        .get(&format!(
            "/api/v1/payout-statements?month={month}&partner_id={}",
            people[0].id
        ))
        .await;
    assert_eq!(status, 200);
    let (status, _) = admin
        .get(&format!("/api/v1/commissions/{direct}/explanation"))
        .await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn the_why_page_shows_the_rounding_the_chain_and_a_reversal() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    // people[1] inactive: compression skips them, people[2] takes level 1.
    app.deactivate_user(people[1].id);
    let mut conn = app.conn();
    let sale = sell(&mut conn, &people[0], dec!(123.45), "WHY-2");
    let upline = line_of(&mut conn, sale.id, people[2].id, "upline");
    let top = app.signed_in(&people[2]).await;
    let (status, page) = top.get_text(&format!("/commissions/{upline}/why")).await;
    assert_eq!(status, 200);
    // 123.45 × 5 % = 6.1725, rounded to 6.17.
    assert!(page.contains("6.1725"), "the exact product is shown");
    assert!(page.contains("Skipped: inactive (compression)"));
    assert!(page.contains("Paid at level 1"));
    assert!(page.contains("the same figures as the ledger"));

    attain::sales::refund(&mut conn, &admin, sale.id, "Returned").unwrap();
    let reversal: i64 = commission_entries::table
        .filter(commission_entries::reverses_entry_id.eq(upline))
        .select(commission_entries::id)
        .first(&mut conn)
        .unwrap();
    let (status, page) = top.get_text(&format!("/commissions/{reversal}/why")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("data-reverses=\"{upline}\"")));
    assert!(page.contains(&format!("/commissions/{upline}/why")));
    // The sale page links each line to its explanation.
    let seller = app.signed_in(&people[0]).await;
    let (_, page) = seller.get_text(&format!("/sales/{}", sale.id)).await;
    assert!(page.contains(&format!("/commissions/{upline}/why")));
}
