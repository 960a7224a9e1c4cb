//! Disputes of commission lines and the partner's what-if, through HTTP and
//! the services against a real database: a resolution appends exactly one
//! adjustment line (never edits one) that statements and payout runs count;
//! each bad request (another's line, a non-admin's step, a second open
//! dispute, a closed dispute, a reversed sale, bad fields) writes nothing;
//! nobody reads another partner's dispute; the what-if answers with the
//! real distribution and bonus schedule.

use chrono::{Datelike, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use attain::db::commissions::Entry;
use attain::db::sales::{NewSale, Sale};
use attain::db::users::User;
use attain::domain::dispute::DisputeStatus;
use attain::error::AppError;
use attain::payouts::disputes as service;

use crate::helpers::{TestApp, TestUser, api_for, location, spawn_app};

fn new_sale(partner: &TestUser, amount: Decimal, order: &str) -> NewSale {
    NewSale {
        partner_id: partner.id,
        partner_name: partner.name.clone(),
        partner_email: partner.email.clone(),
        title: "Water purifier".into(),
        description: None,
        amount,
        currency_code: "USD".into(),
        sales_date: Utc::now().date_naive(),
        category: None,
        product_type: None,
        sales_channel: "offline".into(),
        order_number: order.into(),
        order_code: None,
        registered_by: Some(partner.id),
    }
}

struct World {
    seller: TestUser,
    sponsor: TestUser,
    admin: TestUser,
    admin_row: User,
}

/// seller → sponsor, every sale confirms on registration, and an admin.
fn world(app: &TestApp) -> World {
    let seller = app.create_user("rep", "seller@example.com");
    let sponsor = app.create_user("rep", "sponsor@example.com");
    app.edit_user(seller.id, |p| p.sponsor_id = Some(sponsor.id));
    app.approval_limits(dec!(1000000), dec!(1000000));
    let admin = app.create_user("admin", "arbiter@example.com");
    let admin_row = User::find(&mut app.conn(), admin.id).unwrap();
    World {
        seller,
        sponsor,
        admin,
        admin_row,
    }
}

fn sell(app: &TestApp, partner: &TestUser, amount: Decimal, order: &str) -> Sale {
    attain::sales::register(&mut app.conn(), new_sale(partner, amount, order)).unwrap()
}

/// The direct line of `sale` (its partner's).
fn direct_line(app: &TestApp, sale: i64) -> Entry {
    Entry::for_sale(&mut app.conn(), sale)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "direct" && e.reverses_entry_id.is_none())
        .unwrap()
}

fn count(app: &TestApp, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<N>(&mut app.conn())
        .unwrap()
        .n
}

/// What the tables hold that a refused request must not change.
fn written(app: &TestApp) -> [i64; 4] {
    [
        count(app, "commission_disputes"),
        count(app, "commission_entries"),
        count(app, "notifications"),
        count(app, "audit_log"),
    ]
}

fn user_row(app: &TestApp, user: &TestUser) -> User {
    User::find(&mut app.conn(), user.id).unwrap()
}

fn notifications_of(app: &TestApp, user: i64) -> Vec<(String, serde_json::Value)> {
    use attain::db::schema::notifications;
    notifications::table
        .filter(notifications::user_id.eq(user))
        .order(notifications::id)
        .select((notifications::kind, notifications::params))
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_partner_questions_a_line_and_a_resolution_appends_one_adjustment_line() {
    let app = spawn_app().await;
    let w = world(&app);
    // 10% direct of 500 = 50.00.
    let sale = sell(&app, &w.seller, dec!(500), "D-1");
    let line = direct_line(&app, sale.id);
    assert_eq!(line.amount, dec!(50.00));

    // The statement offers "question this line" on the seller's own line.
    let seller = app.signed_in(&w.seller).await;
    let (status, statement) = seller.get_text("/payouts/statement").await;
    assert_eq!(status, 200);
    let question = format!("/disputes/new?line={}", line.id);
    assert!(statement.contains(&question), "no question link");
    let (status, form) = seller.get_text(&question).await;
    assert_eq!(status, 200);
    assert!(form.contains("50.00"));

    let opened = seller
        .post_form(
            "/disputes",
            &[
                ("line", &line.id.to_string()),
                ("reason", "My tier pays 13%."),
                ("expected_amount", "65.00"),
            ],
        )
        .await;
    assert_eq!(opened.status().as_u16(), 303);
    let page = location(&opened);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    // The statement now links the line to its open dispute instead.
    let (_, statement) = seller.get_text("/payouts/statement").await;
    assert!(!statement.contains(&question) && statement.contains(&format!("/disputes/{id}\"")));
    // The admin hears of it, in kind and facts (worded when read).
    let told = notifications_of(&app, w.admin.id);
    assert_eq!(told.last().unwrap().0, "dispute_opened");
    assert_eq!(told.last().unwrap().1["dispute_id"], json!(id));

    // The queue lists it under "open"; the admin answers, then resolves.
    let admin = app.signed_in(&w.admin).await;
    let (status, queue) = admin.get_text("/admin/disputes?status=open").await;
    assert_eq!(status, 200);
    assert!(queue.contains(&format!("/disputes/{id}")) && queue.contains("Seller"));
    let (status, answered) = admin.get_text("/admin/disputes?status=answered").await;
    assert_eq!(status, 200);
    assert!(!answered.contains(&format!("/disputes/{id}\"")));
    let done = admin
        .post_form(
            &format!("/admin/disputes/{id}/answer"),
            &[("answer", "Checking your tier.")],
        )
        .await;
    assert_eq!(done.status().as_u16(), 303);
    let entries_before = count(&app, "commission_entries");
    let done = admin
        .post_form(
            &format!("/admin/disputes/{id}/resolve"),
            &[("amount", "65.00"), ("resolution", "Tier was Gold.")],
        )
        .await;
    assert_eq!(done.status().as_u16(), 303);

    // One adjustment line of +15.00, naming the dispute; the line is as it was.
    assert_eq!(count(&app, "commission_entries"), entries_before + 1);
    let mut conn = app.conn();
    let adjustments = attain::db::disputes::adjustments_of(&mut conn, &[id]).unwrap();
    assert_eq!(adjustments.len(), 1);
    let adjustment = &adjustments[0];
    assert_eq!(
        (
            adjustment.kind.as_str(),
            adjustment.amount,
            adjustment.recipient_id,
            adjustment.sale_id
        ),
        ("adjustment", dec!(15.00), w.seller.id, sale.id)
    );
    assert_eq!(Entry::find(&mut conn, line.id).unwrap().amount, dec!(50.00));
    let dispute = attain::db::disputes::Dispute::find(&mut conn, id).unwrap();
    assert_eq!(dispute.status, DisputeStatus::Resolved);
    assert_eq!(dispute.answered_by, Some(w.admin.id));
    assert_eq!(dispute.closed_by, Some(w.admin.id));
    // Audited: opened, answered, resolved.
    let audited: i64 = attain::db::schema::audit_log::table
        .filter(attain::db::schema::audit_log::entity.eq("commission_dispute"))
        .filter(attain::db::schema::audit_log::entity_id.eq(id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 3);
    // The seller was told of the answer and of the resolution.
    let steps: Vec<String> = notifications_of(&app, w.seller.id)
        .into_iter()
        .filter(|(kind, _)| kind == "dispute_step")
        .map(|(_, params)| params["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(steps, ["answered", "resolved"]);

    // The statement counts it in earned (50 + 15) and lists it as a line;
    // the commission page shows it as an adjustment.
    let (_, statement) = seller.get_text("/payouts/statement").await;
    let earned = statement
        .split("data-figure=\"earned\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap();
    assert!(earned.contains("65.00"), "earned: {earned}");
    assert!(statement.contains("Adjustment"));
    let (_, commissions) = seller.get_text("/commissions").await;
    assert!(commissions.contains("Adjustment") && commissions.contains("15.00"));
    let (status, mine) = seller.get_text("/disputes").await;
    assert_eq!(status, 200);
    assert!(mine.contains(&format!("/disputes/{id}")) && mine.contains("Resolved"));
    let (_, shown) = seller.get_text(&format!("/disputes/{id}")).await;
    assert!(shown.contains("Tier was Gold.") && shown.contains("15.00"));

    // A payout run settles the adjustment like any other line.
    let month = Utc::now().date_naive().with_day(1).unwrap();
    let run = attain::payouts::create_run(&mut conn, &w.admin_row, month).unwrap();
    let paid = attain::db::payouts::PayoutLine::of_run(&mut conn, run.id)
        .unwrap()
        .into_iter()
        .find(|n| n.line.partner_id == w.seller.id)
        .unwrap();
    assert_eq!(paid.line.amount, dec!(65.00));
    let settled = attain::db::payouts::settled_by(&mut conn, &[adjustment.id]).unwrap();
    assert_eq!(settled, [(adjustment.id, run.id)]);
}

#[actix_web::test]
async fn a_resolution_down_is_deducted_from_the_next_run_and_a_refund_reverses_it_too() {
    let app = spawn_app().await;
    let w = world(&app);
    let mut conn = app.conn();
    let sale = sell(&app, &w.seller, dec!(500), "D-2");
    let line = direct_line(&app, sale.id);
    let month = Utc::now().date_naive().with_day(1).unwrap();
    let run = attain::payouts::create_run(&mut conn, &w.admin_row, month).unwrap();
    attain::payouts::approve(&mut conn, &w.admin_row, run.id).unwrap();
    attain::payouts::mark_paid(&mut conn, &w.admin_row, run.id).unwrap();

    // Paid 50.00; the dispute settles the line at 40.00: -10.00 is owed back.
    let seller = user_row(&app, &w.seller);
    let dispute = service::open(&mut conn, &seller, line.id, "Wrong base", None).unwrap();
    let (closed, adjustment) = service::resolve(
        &mut conn,
        &w.admin_row,
        dispute.id,
        "Base was 400",
        dec!(40),
    )
    .unwrap();
    assert_eq!(closed.status, DisputeStatus::Resolved);
    let adjustment = adjustment.unwrap();
    assert_eq!(adjustment.amount, dec!(-10.00));
    // A second dispute on the same line counts the first's adjustment.
    let again = service::open(&mut conn, &seller, line.id, "Still wrong", None).unwrap();
    let (_, second) =
        service::resolve(&mut conn, &w.admin_row, again.id, "Now 45", dec!(45)).unwrap();
    assert_eq!(second.unwrap().amount, dec!(5.00));

    // A new sale's 30.00 less the net 5.00 owed back: 25.00 paid.
    sell(&app, &w.seller, dec!(300), "D-3");
    let next = attain::payouts::create_run(&mut conn, &w.admin_row, month).unwrap();
    let paid = attain::db::payouts::PayoutLine::of_run(&mut conn, next.id)
        .unwrap()
        .into_iter()
        .find(|n| n.line.partner_id == w.seller.id)
        .unwrap();
    assert_eq!(
        (paid.line.amount, paid.line.recovered),
        (dec!(25.00), dec!(10.00))
    );

    // The refund reverses every line of the sale, adjustments included: the
    // sale nets to zero for the seller.
    attain::sales::refund(&mut conn, &w.admin_row, sale.id, "returned").unwrap();
    let net: Decimal = Entry::for_sale(&mut conn, sale.id)
        .unwrap()
        .iter()
        .filter(|e| e.recipient_id == w.seller.id)
        .map(|e| e.amount)
        .sum();
    assert_eq!(net, dec!(0));
    // Nothing more can be adjusted or questioned on the reversed sale.
    let refused = service::open(&mut conn, &seller, line.id, "Again", None);
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
}

#[actix_web::test]
async fn bad_requests_get_a_clear_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let w = world(&app);
    let sale = sell(&app, &w.seller, dec!(500), "D-4");
    let line = direct_line(&app, sale.id);
    let sponsor_line = Entry::for_sale(&mut app.conn(), sale.id)
        .unwrap()
        .into_iter()
        .find(|e| e.recipient_id == w.sponsor.id)
        .unwrap();
    let seller = app.signed_in(&w.seller).await;
    let sponsor = app.signed_in(&w.sponsor).await;
    let before = written(&app);

    // Someone else's line: as if it did not exist, on the form and the post.
    let (status, _) = sponsor
        .get_text(&format!("/disputes/new?line={}", line.id))
        .await;
    assert_eq!(status, 404);
    let other = sponsor
        .post_form(
            "/disputes",
            &[("line", &line.id.to_string()), ("reason", "mine?")],
        )
        .await;
    assert_eq!(other.status().as_u16(), 404);
    let sponsor_api = api_for(&app, &w.sponsor).await;
    let (status, body) = sponsor_api
        .post(
            "/api/v1/disputes",
            json!({ "entry_id": line.id, "reason": "mine?" }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (404, Some("not_found"))
    );
    // Bad fields: no reason, an expected amount that is not money.
    for (reason, expected) in [("", "10"), ("Too low", "ten"), ("Too low", "-5")] {
        let bad = seller
            .post_form(
                "/disputes",
                &[
                    ("line", &line.id.to_string()),
                    ("reason", reason),
                    ("expected_amount", expected),
                ],
            )
            .await;
        assert_eq!(bad.status().as_u16(), 422, "{reason:?} {expected:?}");
    }
    let seller_api = api_for(&app, &w.seller).await;
    let (status, body) = seller_api
        .post(
            "/api/v1/disputes",
            json!({ "entry_id": line.id, "reason": " ", "expected_amount": "1.234" }),
        )
        .await;
    assert_eq!(status.as_u16(), 422);
    assert!(body["fields"]["reason"].is_string() && body["fields"]["expected_amount"].is_string());
    assert_eq!(written(&app), before, "refused requests wrote something");

    // One open dispute per line: the second is a conflict.
    let first = seller
        .post_form(
            "/disputes",
            &[("line", &line.id.to_string()), ("reason", "Too low")],
        )
        .await;
    assert_eq!(first.status().as_u16(), 303);
    let id: i64 = location(&first)
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let before = written(&app);
    let second = seller
        .post_form(
            "/disputes",
            &[("line", &line.id.to_string()), ("reason", "Again")],
        )
        .await;
    assert_eq!(second.status().as_u16(), 409);
    let (status, body) = seller_api
        .post(
            "/api/v1/disputes",
            json!({ "entry_id": line.id, "reason": "Again" }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (409, Some("conflict"))
    );

    // A partner may not answer, resolve or reject (page and API).
    for step in ["answer", "resolve", "reject"] {
        let refused = seller
            .post_form(
                &format!("/admin/disputes/{id}/{step}"),
                &[
                    ("answer", "x"),
                    ("amount", "99"),
                    ("resolution", "x"),
                    ("reject_note", "x"),
                ],
            )
            .await;
        assert_eq!(refused.status().as_u16(), 403, "{step}");
        let (status, body) = seller_api
            .post(
                &format!("/api/v1/disputes/{id}/{step}"),
                json!({ "amount": "99", "resolution": "mine" }),
            )
            .await;
        assert_eq!(
            (status.as_u16(), body["code"].as_str()),
            (403, Some("forbidden"))
        );
    }
    // An admin's bad fields: 422 beside the field.
    let admin = app.signed_in(&w.admin).await;
    let bad = admin
        .post_form(
            &format!("/admin/disputes/{id}/resolve"),
            &[("amount", "-1"), ("resolution", "")],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let page = bad.text().await.unwrap();
    assert!(page.contains("amount-error") && page.contains("resolution-error"));
    assert_eq!(written(&app), before, "refused requests wrote something");

    // A reversal line cannot be questioned (422), nor a closed dispute
    // stepped on (409).
    let admin_api = api_for(&app, &w.admin).await;
    let (status, _) = admin_api
        .post(
            &format!("/api/v1/disputes/{id}/reject"),
            json!({ "resolution": "The rate is right." }),
        )
        .await;
    assert_eq!(status.as_u16(), 200);
    let before = written(&app);
    for (step, body) in [
        (
            "resolve",
            json!({ "amount": "70.00", "resolution": "after all" }),
        ),
        ("reject", json!({ "resolution": "again" })),
        ("answer", json!({ "answer": "late" })),
    ] {
        let (status, answer) = admin_api
            .post(&format!("/api/v1/disputes/{id}/{step}"), body)
            .await;
        assert_eq!(
            (status.as_u16(), answer["code"].as_str()),
            (409, Some("conflict")),
            "{step}"
        );
    }
    assert_eq!(
        written(&app),
        before,
        "steps on a closed dispute wrote something"
    );
    attain::sales::refund(&mut app.conn(), &w.admin_row, sale.id, "returned").unwrap();
    let reversal = Entry::for_sale(&mut app.conn(), sale.id)
        .unwrap()
        .into_iter()
        .find(|e| e.reverses_entry_id == Some(line.id))
        .unwrap();
    let before = written(&app);
    let (status, body) = seller_api
        .post(
            "/api/v1/disputes",
            json!({ "entry_id": reversal.id, "reason": "why negative?" }),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    // The sponsor's original line of the refunded sale: a conflict.
    let (status, _) = sponsor_api
        .post(
            "/api/v1/disputes",
            json!({ "entry_id": sponsor_line.id, "reason": "refunded?" }),
        )
        .await;
    assert_eq!(status.as_u16(), 409);
    // Malformed and unknown ids are JSON 404s.
    for path in [
        "/api/v1/disputes/abc",
        "/api/v1/disputes/99999999999999999999",
    ] {
        let (status, body) = admin_api.get(path).await;
        assert_eq!(
            (status.as_u16(), body["code"].as_str()),
            (404, Some("not_found"))
        );
    }
    assert_eq!(written(&app), before, "refused requests wrote something");
}

#[actix_web::test]
async fn a_partner_reads_only_their_own_disputes_and_an_admin_cannot_decide_their_own() {
    let app = spawn_app().await;
    let w = world(&app);
    let sale = sell(&app, &w.seller, dec!(500), "D-5");
    let line = direct_line(&app, sale.id);
    let mine = service::open(
        &mut app.conn(),
        &user_row(&app, &w.seller),
        line.id,
        "Too low",
        Some(dec!(60)),
    )
    .unwrap();

    // The sponsor (another partner) finds nothing, on the page or the API.
    let sponsor = app.signed_in(&w.sponsor).await;
    let (status, _) = sponsor.get_text(&format!("/disputes/{}", mine.id)).await;
    assert_eq!(status, 404);
    let sponsor_api = api_for(&app, &w.sponsor).await;
    let (status, _) = sponsor_api
        .get(&format!("/api/v1/disputes/{}", mine.id))
        .await;
    assert_eq!(status.as_u16(), 404);
    let (status, list) = sponsor_api.get("/api/v1/disputes").await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(list, json!([]));
    let (_, page) = sponsor.get_text("/disputes").await;
    assert!(!page.contains(&format!("/disputes/{}\"", mine.id)));
    // The seller reads it; the admin lists everyone's, by status.
    let seller_api = api_for(&app, &w.seller).await;
    let (status, body) = seller_api
        .get(&format!("/api/v1/disputes/{}", mine.id))
        .await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body["expected_amount"], json!("60.00"));
    assert_eq!(body["status"], json!("open"));
    let admin_api = api_for(&app, &w.admin).await;
    let (_, open) = admin_api.get("/api/v1/disputes?status=open").await;
    assert_eq!(open.as_array().unwrap().len(), 1);
    let (_, resolved) = admin_api.get("/api/v1/disputes?status=resolved").await;
    assert_eq!(resolved, json!([]));
    let (status, body) = admin_api.get("/api/v1/disputes?status=lost").await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (422, Some("invalid"))
    );

    // An admin questioning their own line cannot resolve it themselves.
    let admin_sale = sell(&app, &w.admin, dec!(200), "D-6");
    let admin_line = direct_line(&app, admin_sale.id);
    let own = service::open(&mut app.conn(), &w.admin_row, admin_line.id, "Mine", None).unwrap();
    let refused = service::resolve(&mut app.conn(), &w.admin_row, own.id, "ok", dec!(99));
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
    // Through the API, the full flow: answer, resolve with an adjustment.
    let (status, body) = admin_api
        .post(
            &format!("/api/v1/disputes/{}/answer", mine.id),
            json!({ "answer": "Looking." }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["status"].as_str()),
        (200, Some("answered"))
    );
    let (status, body) = admin_api
        .post(
            &format!("/api/v1/disputes/{}/resolve", mine.id),
            json!({ "amount": "60.00", "resolution": "Agreed." }),
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{body}");
    assert_eq!(body["adjustment_amount"], json!("10.00"));
    assert_eq!(body["resolved_amount"], json!("60.00"));
    let (_, lines) = seller_api.get("/api/v1/commissions?kind=adjustment").await;
    assert_eq!(lines[0]["dispute_id"], json!(mine.id));
}

#[actix_web::test]
async fn the_what_if_answers_with_the_real_distribution_and_bonus_tier() {
    let app = spawn_app().await;
    let w = world(&app);
    // A revenue goal of 10,000 this month on the standard schedule with a
    // base of 1,000: 8,000 of sales reach the 80% tier (0.5×).
    let mut conn = app.conn();
    let revenue = attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    let goal = attain::db::goals::Goal::insert(
        &mut conn,
        &attain::db::goals::NewGoal::new(
            attain::db::goals::Owner::User(w.seller.id),
            revenue,
            app.this_month(),
            dec!(10000),
        ),
    )
    .unwrap();
    let standard: i64 = attain::db::schema::bonus_schedules::table
        .filter(attain::db::schema::bonus_schedules::builtin.eq("standard_attainment"))
        .select(attain::db::schema::bonus_schedules::id)
        .first(&mut conn)
        .unwrap();
    attain::db::goals::Goal::set_bonus(&mut conn, goal.id, Some(standard), Some(dec!(1000)))
        .unwrap();

    let seller = app.signed_in(&w.seller).await;
    // The dashboard carries only the form, which loads the partial.
    let (status, dashboard) = seller.get_text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains("hx-get=\"/payouts/what-if\""));

    let partial = seller
        .http
        .get(format!("{}/payouts/what-if?amount=8,000", seller.address))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(partial.status().as_u16(), 200);
    let text = partial.text().await.unwrap();
    assert!(!text.contains("<html"), "an htmx answer is a partial");
    let commission = text
        .split("data-figure=\"commission\"><strong>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_string();
    assert!(text.contains("0.5×"), "the 80% tier: {text}");
    // The same sale, really confirmed, pays the seller exactly that.
    let real = sell(&app, &w.seller, dec!(8000), "D-7");
    let paid = direct_line(&app, real.id).amount;
    assert!(
        commission.contains(&paid.to_string()),
        "{commission} vs {paid}"
    );

    // Without htmx it is a page; bad amounts are a 422 with the message.
    let (status, page) = seller.get_text("/payouts/what-if?amount=100").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html") && page.contains("data-what-if"));
    for bad in ["abc", "0", "-5", "1.234"] {
        let (status, page) = seller
            .get_text(&format!("/payouts/what-if?amount={bad}"))
            .await;
        assert_eq!(status, 422, "{bad}");
        assert!(page.contains("amount-error"), "{bad}");
        let htmx = seller
            .http
            .get(format!("{}/payouts/what-if?amount={bad}", seller.address))
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap();
        assert_eq!(htmx.status().as_u16(), 422, "{bad}");
        assert!(htmx.text().await.unwrap().contains("toast"));
    }
}
