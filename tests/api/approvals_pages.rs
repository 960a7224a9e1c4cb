//! The approval queue, the commission plan and approval rules pages, and the
//! sales KPIs, through HTTP.

use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use attain::db::commissions::{Entry, PlanRow};
use attain::db::sales::{ApprovalRules, NewSale, Sale};
use attain::db::schema::{audit_log, sales};
use attain::db::users::User;

use crate::helpers::{Client, TestApp, TestUser, spawn_app};
use attain::domain::sale_status::SaleStatus;

/// A manager running North (with one rep), a rep in South, an admin.
/// Limits: auto-confirm 1,000; managers up to 5,000.
struct World {
    app: TestApp,
    admin: TestUser,
    manager: TestUser,
    rep: TestUser,
    outsider: TestUser,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let manager = app.create_user("manager", "mia.manager@example.com");
    let rep = app.create_user("rep", "ray.rep@example.com");
    let outsider = app.create_user("rep", "olga.outside@example.com");
    let north = app.team("North", Some(manager.id));
    let south = app.team("South", None);
    for (user, team) in [(manager.id, north), (rep.id, north), (outsider.id, south)] {
        app.edit_user(user, |p| p.team_id = Some(team));
    }
    app.approval_limits(dec!(1000), dec!(5000));
    World {
        app,
        admin,
        manager,
        rep,
        outsider,
    }
}

fn register(app: &TestApp, partner: &TestUser, amount: Decimal, order: &str) -> Sale {
    let mut conn = app.conn();
    attain::sales::register(
        &mut conn,
        NewSale {
            partner_id: partner.id,
            partner_name: partner.name.clone(),
            partner_email: partner.email.clone(),
            title: format!("Water purifier {order}"),
            description: None,
            amount,
            currency_code: "USD".into(),
            sales_date: chrono::Utc::now().date_naive(),
            category: Some("appliances".into()),
            product_type: None,
            sales_channel: "online".into(),
            order_number: order.into(),
            order_code: None,
            registered_by: Some(partner.id),
        },
    )
    .unwrap()
}

fn sale(app: &TestApp, id: i64) -> Sale {
    Sale::find(&mut app.conn(), id).unwrap()
}

/// POSTs as htmx does: `HX-Request` and the CSRF header.
async fn htmx_post(client: &Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = client.csrf_token().await;
    client
        .http
        .post(format!("{}{path}", client.address))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", token)
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn badge(client: &Client) -> String {
    let (status, body) = client.get_text("/approvals/count").await;
    assert_eq!(status, 200);
    body
}

#[actix_web::test]
async fn a_manager_approves_a_subtree_sale_from_the_queue() {
    let w = world().await;
    let pending = register(&w.app, &w.rep, dec!(2000), "Q-1");
    assert_eq!(pending.status, SaleStatus::Pending);
    let client = w.app.signed_in(&w.manager).await;

    let (status, page) = client.get_text("/approvals").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("id=\"sale-{}\"", pending.id)));
    assert!(page.contains("Water purifier Q-1") && page.contains("$2,000.00"));
    assert_eq!(badge(&client).await, "1");

    let path = format!("/approvals/{}/approve", pending.id);
    let response = htmx_post(&client, &path, &[("note", "Checked the invoice")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers().get("hx-trigger").unwrap(),
        "sales-changed"
    );
    let row = response.text().await.unwrap();
    // The default plan pays the seller 10%; this rep has no upline.
    assert!(
        row.contains("Confirmed — $200.00 commission to 1 partner"),
        "{row}"
    );
    assert!(!row.contains("<html"), "a partial, not a page");

    let confirmed = sale(&w.app, pending.id);
    assert_eq!(confirmed.status, SaleStatus::Confirmed);
    assert_eq!(confirmed.confirmed_by, Some(w.manager.id));
    assert_eq!(
        confirmed.approval_note.as_deref(),
        Some("Checked the invoice")
    );
    let entries = Entry::for_sale(&mut w.app.conn(), pending.id).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].amount, dec!(200.00));
    assert_eq!(badge(&client).await, "", "nothing waits any more");
}

#[actix_web::test]
async fn a_plain_approval_redirects_back_to_the_queue_with_a_message() {
    let w = world().await;
    let pending = register(&w.app, &w.rep, dec!(1500), "P-1");
    let client = w.app.signed_in(&w.manager).await;
    let response = client
        .post_form(&format!("/approvals/{}/approve", pending.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(crate::helpers::location(&response), "/approvals");
    let (_, page) = client.get_text("/approvals").await;
    assert!(page.contains("Confirmed — $150.00 commission to 1 partner"));
    assert_eq!(sale(&w.app, pending.id).status, SaleStatus::Confirmed);
}

#[actix_web::test]
async fn a_manager_cannot_approve_their_own_sale() {
    let w = world().await;
    let own = register(&w.app, &w.manager, dec!(2000), "OWN-1");
    let client = w.app.signed_in(&w.manager).await;
    let (_, page) = client.get_text("/approvals").await;
    assert!(page.contains("Your own sale"));
    let path = format!("/approvals/{}/approve", own.id);
    let response = htmx_post(&client, &path, &[("note", "")]).await;
    assert_eq!(response.status(), 409);
    assert_eq!(response.headers().get("hx-retarget").unwrap(), "#toasts");
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nobody approves their own sale.")
    );
    assert_eq!(client.post_form(&path, &[]).await.status(), 409);
    assert_eq!(sale(&w.app, own.id).status, SaleStatus::Pending);
    assert_eq!(badge(&client).await, "", "an own sale is not counted");
}

#[actix_web::test]
async fn a_manager_cannot_approve_another_subtrees_sale() {
    let w = world().await;
    let theirs = register(&w.app, &w.outsider, dec!(2000), "S-1");
    let client = w.app.signed_in(&w.manager).await;
    let (_, page) = client.get_text("/approvals").await;
    assert!(!page.contains("S-1"), "outside the subtree is not listed");
    for action in ["approve", "reject"] {
        let path = format!("/approvals/{}/{action}", theirs.id);
        let response = htmx_post(&client, &path, &[("note", "looks fine")]).await;
        assert_eq!(response.status(), 403, "{action}");
    }
    assert_eq!(sale(&w.app, theirs.id).status, SaleStatus::Pending);
}

#[actix_web::test]
async fn a_manager_cannot_approve_above_their_limit_but_an_admin_can() {
    let w = world().await;
    let big = register(&w.app, &w.rep, dec!(9000), "BIG-1");
    let manager = w.app.signed_in(&w.manager).await;
    let (_, page) = manager.get_text("/approvals").await;
    assert!(page.contains("Needs an administrator"));
    assert_eq!(badge(&manager).await, "");
    let path = format!("/approvals/{}/approve", big.id);
    let response = htmx_post(&manager, &path, &[("note", "")]).await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("above your approval limit")
    );
    assert_eq!(sale(&w.app, big.id).status, SaleStatus::Pending);

    let admin = w.app.signed_in(&w.admin).await;
    assert_eq!(badge(&admin).await, "1");
    let response = htmx_post(&admin, &path, &[("note", "")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(sale(&w.app, big.id).status, SaleStatus::Confirmed);
    // A second approval finds it decided.
    let again = htmx_post(&admin, &path, &[("note", "")]).await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("already confirmed"));
}

#[actix_web::test]
async fn rejecting_needs_a_note_and_a_refusal_writes_nothing() {
    let w = world().await;
    let pending = register(&w.app, &w.rep, dec!(2000), "R-1");
    let client = w.app.signed_in(&w.manager).await;
    let path = format!("/approvals/{}/reject", pending.id);

    // htmx gets the row back with the reason beside its note field, in
    // place (no toast).
    let response = htmx_post(&client, &path, &[("note", "   ")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.headers().get("hx-retarget").is_none());
    let row = response.text().await.unwrap();
    assert!(
        row.starts_with(&format!(r#"<tr id="sale-{}""#, pending.id)),
        "{row}"
    );
    assert!(row.contains(&format!(
        r#"aria-invalid="true" aria-describedby="note-error-{}""#,
        pending.id
    )));
    assert!(row.contains(&format!(
        r#"<small id="note-error-{}" class="field-error" role="alert">Say why the sale is rejected"#,
        pending.id
    )));

    let response = client.post_form(&path, &[("note", "")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("aria-invalid=\"true\"") && page.contains("Say why"));
    assert_eq!(sale(&w.app, pending.id).status, SaleStatus::Pending);

    let response = htmx_post(&client, &path, &[("note", "Duplicate of order R-0")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers().get("hx-trigger").unwrap(),
        "sales-changed"
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Rejected: Duplicate of order R-0")
    );
    let rejected = sale(&w.app, pending.id);
    assert_eq!(rejected.status, SaleStatus::Cancelled);
    assert!(
        Entry::for_sale(&mut w.app.conn(), pending.id)
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn the_badge_counts_what_each_viewer_may_decide() {
    let w = world().await;
    register(&w.app, &w.rep, dec!(2000), "B-1"); // manager and admin
    register(&w.app, &w.rep, dec!(3000), "B-2"); // manager and admin
    register(&w.app, &w.rep, dec!(6000), "B-3"); // admin only: above the limit
    register(&w.app, &w.outsider, dec!(2000), "B-4"); // admin only: other team
    register(&w.app, &w.manager, dec!(2000), "B-5"); // admin only: the manager's own
    register(&w.app, &w.rep, dec!(500), "B-6"); // confirmed at once
    let manager = w.app.signed_in(&w.manager).await;
    assert_eq!(badge(&manager).await, "2");
    let admin = w.app.signed_in(&w.admin).await;
    assert_eq!(badge(&admin).await, "5");
    let rep = w.app.signed_in(&w.rep).await;
    assert_eq!(rep.get("/approvals/count").await.status(), 403);
    assert_eq!(rep.get("/approvals").await.status(), 403);
}

fn plan_versions(app: &TestApp) -> Vec<PlanRow> {
    PlanRow::all(&mut app.conn()).unwrap()
}

#[actix_web::test]
async fn editing_the_plan_writes_a_new_version_and_confirmed_sales_keep_theirs() {
    let w = world().await;
    let early = register(&w.app, &w.rep, dec!(800), "V-1");
    let v1 = PlanRow::current(&mut w.app.conn()).unwrap();
    assert_eq!(early.plan_id, Some(v1.id));
    let admin = w.app.signed_in(&w.admin).await;
    let (status, page) = admin.get_text("/admin/commission-plan").await;
    assert_eq!(status, 200);
    assert!(page.contains("Version 1 in force"));

    let response = admin
        .post_form(
            "/admin/commission-plan",
            &[
                ("based_on", "1"),
                ("default_direct_rate", "12.5"),
                ("upline_rate_1", "5"),
                ("upline_rate_2", "2.5"),
                ("upline_rate_3", "1"),
                ("upline_rate_4", "0.5"),
                ("upline_rate_5", ""),
                ("matching_rate", "5"),
                ("max_depth", "4"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let versions = plan_versions(&w.app);
    assert_eq!(versions.len(), 2);
    let v2 = &versions[0];
    assert_eq!(v2.version, 2);
    assert_eq!(v2.default_direct_rate, dec!(0.125));
    assert_eq!(
        v2.upline_rate_list(),
        vec![dec!(0.05), dec!(0.025), dec!(0.01), dec!(0.005)]
    );
    assert_eq!(v2.matching_rate, dec!(0.05));
    assert!(!v2.compression, "an unchecked box turns compression off");
    assert_eq!(v2.created_by, Some(w.admin.id));
    // Version 1 is untouched, and the sale confirmed under it keeps it.
    assert_eq!(versions[1].default_direct_rate, v1.default_direct_rate);
    assert_eq!(sale(&w.app, early.id).plan_id, Some(v1.id));
    let later = register(&w.app, &w.rep, dec!(800), "V-2");
    assert_eq!(later.plan_id, Some(v2.id));
    assert_eq!(later.commission_total, Some(dec!(100.00)));
    let audited: i64 = audit_log::table
        .filter(audit_log::entity.eq("commission_plan"))
        .filter(audit_log::entity_id.eq(v2.id))
        .count()
        .get_result(&mut w.app.conn())
        .unwrap();
    assert_eq!(audited, 1);
    let (_, page) = admin.get_text("/admin/commission-plan").await;
    assert!(page.contains("Version 2 in force") && page.contains("12.5%"));

    // A form opened on version 1 cannot overwrite version 2 unseen.
    let stale = admin
        .post_form(
            "/admin/commission-plan",
            &[
                ("based_on", "1"),
                ("default_direct_rate", "8"),
                ("matching_rate", "0"),
                ("max_depth", "0"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(plan_versions(&w.app).len(), 2);
}

#[actix_web::test]
async fn an_invalid_plan_is_refused_with_messages_and_no_version_is_written() {
    let w = world().await;
    let admin = w.app.signed_in(&w.admin).await;
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let admin = &admin;
        async move { admin.post_form("/admin/commission-plan", &fields).await }
    };
    // 60% direct + 30% + 20% upline pays 110% of a sale.
    let response = post(vec![
        ("default_direct_rate", "60"),
        ("upline_rate_1", "30"),
        ("upline_rate_2", "20"),
        ("matching_rate", "0"),
        ("max_depth", "2"),
    ])
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("These rates could pay 110% of a sale"),
        "{page}"
    );

    let response = post(vec![
        ("default_direct_rate", "-5"),
        ("upline_rate_1", "5"),
        ("upline_rate_2", "abc"),
        ("matching_rate", "150"),
        ("max_depth", "99"),
    ])
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Level 2: Enter a percentage such as 5 or 2.5."));
    assert!(page.contains("from 0 to 50"));
    // The message sits beside level 2's own input.
    let document = scraper::Html::parse_document(&page);
    let input = scraper::Selector::parse("input#upline_rate_2").unwrap();
    let input = document.select(&input).next().expect("a row for level 2");
    assert_eq!(input.value().attr("aria-invalid"), Some("true"));
    assert_eq!(
        input.value().attr("aria-describedby"),
        Some("upline_rate_2-error")
    );
    assert!(page.contains(r#"id="upline_rate_2-error""#));
    assert_eq!(plan_versions(&w.app).len(), 1);
}

#[actix_web::test]
async fn upline_levels_are_added_and_removed_row_by_row_without_saving() {
    let w = world().await;
    let admin = w.app.signed_in(&w.admin).await;
    let (_, page) = admin.get_text("/admin/commission-plan").await;
    let rows = |page: &str| -> Vec<(String, String)> {
        let document = scraper::Html::parse_document(page);
        let selector = scraper::Selector::parse(".level-row input").unwrap();
        document
            .select(&selector)
            .map(|i| {
                let value = |name| i.value().attr(name).unwrap_or_default().to_string();
                (value("name"), value("value"))
            })
            .collect()
    };
    let shown = rows(&page);
    assert!(
        !shown.is_empty(),
        "one input per level of the plan in force"
    );
    assert_eq!(shown[0].0, "upline_rate_1");

    let typed = [
        ("based_on", "1"),
        ("default_direct_rate", "10"),
        ("upline_rate_1", "5"),
        ("upline_rate_2", "3"),
        ("upline_rate_3", "2"),
        ("matching_rate", "0"),
        ("max_depth", "3"),
    ];
    let with = |action: &'static str| {
        let mut fields = typed.to_vec();
        fields.push(("level_action", action));
        fields
    };
    let response = admin
        .post_form("/admin/commission-plan", &with("remove_2"))
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert_eq!(
        rows(&page),
        [
            ("upline_rate_1".to_string(), "5".to_string()),
            ("upline_rate_2".to_string(), "2".to_string())
        ]
    );
    let response = admin
        .post_form("/admin/commission-plan", &with("add"))
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert_eq!(rows(&page).len(), 4);
    assert_eq!(rows(&page)[3], ("upline_rate_4".to_string(), String::new()));
    assert_eq!(plan_versions(&w.app).len(), 1, "nothing is saved");
    let response = admin
        .post_form("/admin/commission-plan", &with("remove_everything"))
        .await;
    assert_eq!(response.status(), 400);

    // Saving with the spare empty row writes the three levels.
    let mut fields = typed.to_vec();
    fields.push(("upline_rate_4", ""));
    let response = admin.post_form("/admin/commission-plan", &fields).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        plan_versions(&w.app)[0].upline_rate_list(),
        vec![dec!(0.05), dec!(0.03), dec!(0.02)]
    );
}

#[actix_web::test]
async fn approval_rules_validate_and_save_with_an_audit_entry() {
    let w = world().await;
    // The world's own limits were set through the same service.
    let audited_before = approval_rule_audits(&w.app);
    let admin = w.app.signed_in(&w.admin).await;
    let (status, page) = admin.get_text("/admin/approval-rules").await;
    assert_eq!(status, 200);
    assert!(page.contains("$5,000.00"));

    let refused = [
        ("-1", "5000", "auto_confirm_limit-error"),
        ("2000", "1000", "manager_approval_limit-error"),
        ("lots", "1000", "auto_confirm_limit-error"),
        ("100.001", "1000", "auto_confirm_limit-error"),
    ];
    for (auto, manager, error) in refused {
        let response = admin
            .post_form(
                "/admin/approval-rules",
                &[
                    ("auto_confirm_limit", auto),
                    ("manager_approval_limit", manager),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{auto} / {manager}");
        assert!(response.text().await.unwrap().contains(error));
    }
    let rules = ApprovalRules::get(&mut w.app.conn()).unwrap();
    assert_eq!(
        (rules.auto_confirm_limit, rules.manager_approval_limit),
        (dec!(1000), dec!(5000))
    );

    let response = admin
        .post_form(
            "/admin/approval-rules",
            &[
                ("auto_confirm_limit", "250"),
                ("manager_approval_limit", "12,500.50"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let rules = ApprovalRules::get(&mut w.app.conn()).unwrap();
    assert_eq!(
        (rules.auto_confirm_limit, rules.manager_approval_limit),
        (dec!(250), dec!(12500.50))
    );
    assert_eq!(rules.updated_by, Some(w.admin.id));
    assert_eq!(approval_rule_audits(&w.app), audited_before + 1);
    let manager = w.app.signed_in(&w.manager).await;
    assert_eq!(manager.get("/admin/approval-rules").await.status(), 403);
}

/// How many audit entries the approval limits have.
fn approval_rule_audits(app: &TestApp) -> i64 {
    audit_log::table
        .filter(audit_log::entity.eq("approval_rules"))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// Backdates a sale's registration so it was approved `hours` after it.
fn waited(app: &TestApp, id: i64, hours: i32) {
    diesel::sql_query(format!(
        "UPDATE sales SET created_at = confirmed_at - interval '{hours} hours' WHERE id = {id}"
    ))
    .execute(&mut app.conn())
    .unwrap();
}

fn user(app: &TestApp, who: &TestUser) -> User {
    User::find(&mut app.conn(), who.id).unwrap()
}

fn text_of(page: &str, id: &str) -> String {
    let document = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(&format!("#{id}")).unwrap();
    document
        .select(&selector)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .unwrap_or_else(|| panic!("no #{id} on the page"))
}

#[actix_web::test]
async fn kpis_compute_approval_and_refund_rates_and_the_median_wait() {
    let w = world().await;
    let manager = user(&w.app, &w.manager);
    let admin = user(&w.app, &w.admin);
    let rep = user(&w.app, &w.rep);
    let mut conn = w.app.conn();
    // In the manager's subtree: three approved after 1, 3 and 5 hours, one
    // rejected, one withdrawn by the partner, one confirmed automatically.
    for (order, hours) in [("K-1", 1), ("K-2", 3), ("K-3", 5)] {
        let s = register(&w.app, &w.rep, dec!(2000), order);
        attain::sales::approve(&mut conn, &manager, s.id, None).unwrap();
        waited(&w.app, s.id, hours);
    }
    let rejected = register(&w.app, &w.rep, dec!(2000), "K-4");
    attain::sales::reject(&mut conn, &manager, rejected.id, "not ours").unwrap();
    let withdrawn = register(&w.app, &w.rep, dec!(2000), "K-5");
    attain::sales::cancel(&mut conn, &rep, withdrawn.id, "typo").unwrap();
    let small = register(&w.app, &w.rep, dec!(400), "K-6");
    assert_eq!(small.status, SaleStatus::Confirmed);
    // One of the four confirmed is refunded.
    let first: i64 = sales::table
        .filter(sales::order_number.eq("K-1"))
        .select(sales::id)
        .first(&mut conn)
        .unwrap();
    attain::sales::refund(&mut conn, &admin, first, "returned").unwrap();
    // Outside the subtree: approved by the admin after 10 hours.
    let outside = register(&w.app, &w.outsider, dec!(2000), "K-7");
    attain::sales::approve(&mut conn, &admin, outside.id, None).unwrap();
    waited(&w.app, outside.id, 10);

    let client = w.app.signed_in(&w.manager).await;
    let (status, page) = client.get_text("/sales/kpis").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(text_of(&page, "kpi-approval-rate"), "75.0%");
    assert_eq!(text_of(&page, "kpi-refund-rate"), "25.0%");
    assert_eq!(text_of(&page, "kpi-median"), "3 h");
    // Standing confirmed: K-2, K-3 and K-6.
    assert_eq!(text_of(&page, "kpi-confirmed-amount"), "$4,400.00");
    assert!(page.contains("Online") && page.contains("Appliances"));

    let client = w.app.signed_in(&w.admin).await;
    let (_, page) = client.get_text("/sales/kpis?period=year").await;
    assert_eq!(text_of(&page, "kpi-approval-rate"), "80.0%");
    assert_eq!(text_of(&page, "kpi-refund-rate"), "20.0%");
    assert_eq!(text_of(&page, "kpi-median"), "4 h");

    // Nothing in a range long ago; a reversed range is a 422 with a message.
    let (status, page) = client
        .get_text("/sales/kpis?period=custom&from=2020-01-01&to=2020-01-31")
        .await;
    assert_eq!(status, 200);
    assert_eq!(text_of(&page, "kpi-approval-rate"), "—");
    let (status, page) = client
        .get_text("/sales/kpis?period=custom&from=2020-02-01&to=2020-01-01")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("The end date is before the start date."));
    let rep_client = w.app.signed_in(&w.rep).await;
    assert_eq!(rep_client.get("/sales/kpis").await.status(), 403);
}

#[actix_web::test]
async fn a_note_too_long_comes_back_beside_the_field_of_its_row_and_decides_nothing() {
    let w = world().await;
    let pending = register(&w.app, &w.rep, dec!(2000), "LONG-1");
    let client = w.app.signed_in(&w.manager).await;
    let long = "x".repeat(attain::sales::form::NOTE_MAX + 1);
    for action in ["approve", "reject"] {
        let path = format!("/approvals/{}/{action}", pending.id);
        let response = htmx_post(&client, &path, &[("note", &long)]).await;
        assert_eq!(response.status(), 422, "{action}");
        assert!(response.headers().get("hx-retarget").is_none(), "{action}");
        let row = response.text().await.unwrap();
        assert!(
            row.starts_with(&format!(r#"<tr id="sale-{}""#, pending.id)),
            "{row}"
        );
        assert!(
            row.contains(&format!(r#"value="{long}""#)),
            "the typed note stays"
        );
        assert!(row.contains(&format!(r#"aria-describedby="note-error-{}""#, pending.id)));
        assert!(row.contains("Keep the note to"), "{action}: {row}");
    }
    assert_eq!(sale(&w.app, pending.id).status, SaleStatus::Pending);
}
