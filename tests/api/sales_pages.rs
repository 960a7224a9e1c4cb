//! The partner pages through HTTP: registering a sale, its detail, my sales,
//! the commission statement and the downline tree.

use diesel::prelude::*;
use rust_decimal::Decimal;

use attain::db::organisation::Organisation;
use attain::db::sales::{NewSale, Sale};
use attain::db::schema::sales;
use attain::db::users::User;

use crate::helpers::{Client, TestApp, TestUser, location, spawn_app};
use attain::domain::sale_status::SaleStatus;

fn today(app: &TestApp) -> chrono::NaiveDate {
    let org = Organisation::get(&mut app.conn()).unwrap();
    attain::goals::progress::org_today(&org)
}

/// The form as a partner fills it in, with one field changed by `overrides`.
fn form<'a>(order: &'a str, amount: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Water purifier"),
        ("description", "Two-year filter plan"),
        ("amount", amount),
        ("currency_code", "USD"),
        ("sales_date", date),
        ("category", "Appliances"),
        ("product_type", "Purifier"),
        ("sales_channel", "offline"),
        ("order_number", order),
        ("order_code", "PX-7"),
    ]
}

fn sale_count(app: &TestApp, partner: i64) -> i64 {
    sales::table
        .filter(sales::partner_id.eq(partner))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn sponsor(app: &TestApp, user: &TestUser, sponsor: &TestUser) {
    app.edit_user(user.id, |p| p.sponsor_id = Some(sponsor.id));
}

/// The message shown under a form field.
fn field_error(body: &str, field: &str) -> String {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse(&format!("#{field}-error")).unwrap();
    document
        .select(&selector)
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_default()
}

/// Registers a sale through the service, as the form would.
fn register(app: &TestApp, partner: &TestUser, amount: Decimal, order: &str) -> Sale {
    attain::sales::register(
        &mut app.conn(),
        NewSale {
            partner_id: partner.id,
            partner_name: partner.name.clone(),
            partner_email: partner.email.clone(),
            title: format!("Sale {order}"),
            description: None,
            amount,
            currency_code: "USD".into(),
            sales_date: today(app),
            category: None,
            product_type: None,
            sales_channel: "online".into(),
            order_number: order.into(),
            order_code: None,
            registered_by: Some(partner.id),
        },
    )
    .unwrap()
}

/// Posts the form and follows the redirect to the sale's page.
async fn register_through_the_form(client: &Client, fields: &[(&str, &str)]) -> (String, String) {
    let response = client.post_form("/sales", fields).await;
    assert_eq!(response.status(), 303, "registration was not accepted");
    let target = location(&response);
    assert!(target.starts_with("/sales/"), "redirected to {target}");
    let (status, body) = client.get_text(&target).await;
    assert_eq!(status, 200);
    (target, body)
}

#[actix_web::test]
async fn a_sale_above_the_auto_confirm_limit_waits_for_approval() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let client = app.signed_in(&rep).await;
    let date = today(&app).to_string();

    let (_, body) = register_through_the_form(&client, &form("ORD-1", "5,000.00", &date)).await;

    assert!(body.contains("waiting for approval"), "{body}");
    assert!(body.contains("Waiting for approval"));
    let sale: Sale = sales::table
        .filter(sales::partner_id.eq(rep.id))
        .select(Sale::as_select())
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(sale.status, SaleStatus::Pending);
    assert_eq!(sale.amount, Decimal::new(500000, 2));
    assert_eq!(sale.partner_name, "Ana Kim");
    assert_eq!(sale.partner_email, "ana.kim@example.com");
    assert_eq!(sale.order_code.as_deref(), Some("PX-7"));
}

#[actix_web::test]
async fn a_sale_at_the_limit_is_confirmed_and_its_detail_shows_the_distribution() {
    let app = spawn_app().await;
    let upline = app.create_user("rep", "uma.upline@example.com");
    let rep = app.create_user("rep", "ana.kim@example.com");
    sponsor(&app, &rep, &upline);
    let client = app.signed_in(&rep).await;
    let date = today(&app).to_string();

    // The default plan: 10% direct, 5% to level 1, 10% matching on the direct.
    let (_, body) = register_through_the_form(&client, &form("ORD-2", "1000", &date)).await;

    assert!(
        body.contains("Sale ORD-2 is confirmed: $160.00 commission paid to 2 partners."),
        "{body}"
    );
    assert!(body.contains("Confirmed"));
    for expected in [
        "Ana Kim",
        "Uma Upline",
        "Direct",
        "Upline",
        "Matching bonus",
        "$100.00",
        "$50.00",
        "$10.00",
        "$160.00",
        "v1",
    ] {
        assert!(body.contains(expected), "the detail lacks {expected}");
    }
    // The network as captured: the seller and their sponsor.
    assert!(body.contains("Seller") && body.contains("Sponsor"));
}

#[actix_web::test]
async fn a_duplicate_order_number_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let client = app.signed_in(&rep).await;
    let date = today(&app).to_string();
    let fields = form("ORD-3", "5000", &date);
    register_through_the_form(&client, &fields).await;

    let response = client.post_form("/sales", &fields).await;

    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("This order number is already registered for this partner."));
    assert!(
        body.contains("value=\"ORD-3\""),
        "the form keeps what was typed"
    );
    assert_eq!(sale_count(&app, rep.id), 1);
}

#[actix_web::test]
async fn a_foreign_currency_is_refused_with_the_services_message() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let client = app.signed_in(&rep).await;
    let date = today(&app).to_string();
    let mut fields = form("ORD-4", "100", &date);
    fields[3] = ("currency_code", "EUR");

    let response = client.post_form("/sales", &fields).await;

    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert_eq!(
        field_error(&body, "currency_code"),
        "Sales are recorded in USD, the organisation's currency."
    );
    assert_eq!(sale_count(&app, rep.id), 0);
}

#[actix_web::test]
async fn bad_input_comes_back_with_messages_and_writes_nothing() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let client = app.signed_in(&rep).await;
    let tomorrow = (today(&app) + chrono::Days::new(1)).to_string();
    let mut fields = form("", "12.345", &tomorrow);
    fields[7] = ("sales_channel", "telepathy");

    let response = client.post_form("/sales", &fields).await;

    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    for message in [
        "Use at most 2 decimal places.",
        "The sales date cannot be in the future.",
        "Choose a channel from the list.",
        "This field is required.",
    ] {
        assert!(body.contains(message), "no message {message}");
    }
    assert_eq!(sale_count(&app, rep.id), 0);
}

#[actix_web::test]
async fn another_rep_gets_404_on_my_sale() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let other = app.create_user("rep", "otto.other@example.com");
    let sale = register(&app, &rep, Decimal::new(5000, 0), "ORD-5");
    let client = app.signed_in(&other).await;

    let (status, _) = client.get_text(&format!("/sales/{}", sale.id)).await;
    assert_eq!(status, 404);
    let response = client
        .post_form(
            &format!("/sales/{}/cancel", sale.id),
            &[("reason", "mine now")],
        )
        .await;
    assert_eq!(response.status(), 404);
    let (_, own) = app
        .signed_in(&rep)
        .await
        .get_text(&format!("/sales/{}", sale.id))
        .await;
    assert!(own.contains("Cancel this sale"));
}

#[actix_web::test]
async fn a_partner_cancels_their_own_pending_sale_with_a_reason() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let sale = register(&app, &rep, Decimal::new(5000, 0), "ORD-6");
    let client = app.signed_in(&rep).await;
    let path = format!("/sales/{}/cancel", sale.id);

    let response = client.post_form(&path, &[("reason", "  ")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Give a reason"));

    let response = client
        .post_form(&path, &[("reason", "Customer changed their mind")])
        .await;
    assert_eq!(response.status(), 303);
    let (_, body) = client.get_text(&location(&response)).await;
    assert!(body.contains("Sale ORD-6 is cancelled."));
    assert!(body.contains("Customer changed their mind"));
    assert_eq!(
        Sale::find(&mut app.conn(), sale.id).unwrap().status,
        SaleStatus::Cancelled
    );

    let again = client.post_form(&path, &[("reason", "twice")]).await;
    assert_eq!(again.status(), 303);
    let (_, body) = client.get_text(&location(&again)).await;
    assert!(body.contains("This sale is already cancelled."));
}

#[actix_web::test]
async fn the_statement_nets_a_cancelled_sale_to_zero_in_the_month() {
    let app = spawn_app().await;
    let upline = app.create_user("rep", "uma.upline@example.com");
    let rep = app.create_user("rep", "ana.kim@example.com");
    let admin = app.create_user("admin", "adam.admin@example.com");
    sponsor(&app, &rep, &upline);
    let sale = register(&app, &rep, Decimal::new(500, 0), "ORD-7");
    assert_eq!(sale.status, SaleStatus::Confirmed);
    let admin_user = User::find(&mut app.conn(), admin.id).unwrap();
    attain::sales::cancel(&mut app.conn(), &admin_user, sale.id, "Returned").unwrap();

    // Upline: 5% level 1 ($25) and 10% matching on the $50 direct ($5).
    let (status, body) = app.signed_in(&upline).await.get_text("/commissions").await;
    assert_eq!(status, 200);
    for expected in [
        "<span class=\"stat-value\">$30.00</span><span class=\"stat-label\">Earned",
        "<span class=\"stat-value\">-$30.00</span><span class=\"stat-label\">Reversed",
        "<span class=\"stat-value\">$0.00</span><span class=\"stat-label\">Net",
        "Sale ORD-7",
        "Upline",
        "Matching bonus",
        "Cancelled",
    ] {
        assert!(body.contains(expected), "the statement lacks {expected}");
    }
    // The upline cannot open a downline sale, so the line is not a link.
    assert!(!body.contains(&format!("href=\"/sales/{}\"", sale.id)));

    let (_, own) = app.signed_in(&rep).await.get_text("/commissions").await;
    assert!(
        own.contains("<span class=\"stat-value\">$50.00</span><span class=\"stat-label\">Earned")
    );
    assert!(own.contains("<span class=\"stat-value\">$0.00</span><span class=\"stat-label\">Net"));
    assert!(own.contains(&format!("href=\"/sales/{}\"", sale.id)));
}

#[actix_web::test]
async fn the_network_lists_a_three_level_downline_with_month_to_date_totals() {
    let app = spawn_app().await;
    let root = app.create_user("rep", "rita.root@example.com");
    let first = app.create_user("rep", "fred.first@example.com");
    let second = app.create_user("rep", "sara.second@example.com");
    let third = app.create_user("rep", "theo.third@example.com");
    let stranger = app.create_user("rep", "stan.stranger@example.com");
    sponsor(&app, &first, &root);
    sponsor(&app, &second, &first);
    sponsor(&app, &third, &second);
    register(&app, &second, Decimal::new(700, 0), "N-1");
    register(&app, &third, Decimal::new(300, 0), "N-2");
    register(&app, &third, Decimal::new(5000, 0), "N-3"); // pending: not counted
    register(&app, &stranger, Decimal::new(900, 0), "N-4");

    let (status, body) = app.signed_in(&root).await.get_text("/network").await;

    assert_eq!(status, 200);
    let document = scraper::Html::parse_document(&body);
    let rows = scraper::Selector::parse("table.sale-network tbody tr").unwrap();
    let cells = scraper::Selector::parse("td").unwrap();
    let table: Vec<Vec<String>> = document
        .select(&rows)
        .map(|row| {
            row.select(&cells)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect();
    let names: Vec<&str> = table.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        ["Rita Root You", "Fred First", "Sara Second", "Theo Third"]
    );
    let levels: Vec<&str> = table.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(levels, ["0", "1", "2", "3"]);
    let totals: Vec<&str> = table.iter().map(|r| r[6].as_str()).collect();
    assert_eq!(totals, ["$0.00", "$0.00", "$700.00", "$300.00"]);
    assert!(body.contains("class=\"depth-3\""));
    assert!(body.contains("$1,000.00"), "the downline total");
    assert!(!body.contains("Stan Stranger"));
}

#[actix_web::test]
async fn my_sales_shows_stats_the_trend_chart_and_the_list() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let sale = register(&app, &rep, Decimal::new(800, 0), "L-1");
    register(&app, &rep, Decimal::new(200, 0), "L-2");
    register(&app, &rep, Decimal::new(5000, 0), "L-3");
    let client = app.signed_in(&rep).await;

    let (status, body) = client.get_text("/sales").await;

    assert_eq!(status, 200);
    for expected in [
        "<span class=\"stat-value\">2</span><span class=\"stat-label\">Confirmed sales",
        "<span class=\"stat-value\">$1,000.00</span><span class=\"stat-label\">Total",
        "<span class=\"stat-value\">$500.00</span><span class=\"stat-label\">Average",
        "<span class=\"stat-value\">$800.00</span><span class=\"stat-label\">Highest",
        "<span class=\"stat-value\">$200.00</span><span class=\"stat-label\">Lowest",
        "<span class=\"stat-value\">$100.00</span><span class=\"stat-label\">Commission generated",
        "1 waiting for approval",
        "<svg",
        "<rect",
        "$1,000.00 in 2 confirmed sales",
        "L-3",
    ] {
        assert!(body.contains(expected), "my sales lacks {expected}");
    }
    assert!(body.contains(&format!("href=\"/sales/{}\"", sale.id)));

    let (status, body) = client
        .get_text("/sales?from=2026-05-01&to=2026-04-01")
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("the end date is before the start date"));
}
