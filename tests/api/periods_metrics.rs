//! Admin periods and metrics: bad input is a 422 with a message and writes
//! nothing; built-in metrics stay as they are apart from their name.

use diesel::prelude::*;

use attain::db::metrics::Metric;
use attain::db::schema::{audit_log, metric_definitions, periods};

use crate::helpers::{Client, TestApp, location, spawn_app};

async fn admin_client(app: &TestApp) -> Client {
    let admin = app.create_user("admin", "ada.admin@example.com");
    app.signed_in(&admin).await
}

fn period_count(app: &TestApp) -> i64 {
    periods::table.count().get_result(&mut app.conn()).unwrap()
}

fn metric(app: &TestApp, key: &str) -> Metric {
    Metric::find_by_key(&mut app.conn(), key).unwrap().unwrap()
}

#[actix_web::test]
async fn a_custom_range_that_ends_before_it_starts_is_refused() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let before = period_count(&app);
    let response = client
        .post_form(
            "/admin/periods",
            &[
                ("name", "Backwards"),
                ("start_date", "2026-04-10"),
                ("end_date", "2026-04-01"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("The end date must be on or after the start date."));
    assert_eq!(period_count(&app), before);
}

#[actix_web::test]
async fn a_custom_range_is_created_once_and_its_duplicate_refused() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let form = [
        ("name", "Spring push"),
        ("start_date", "2026-03-01"),
        ("end_date", "2026-04-15"),
    ];
    let response = client.post_form("/admin/periods", &form).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/periods");
    let (_, list) = client.get_text("/admin/periods").await;
    assert!(list.contains("Spring push"));
    let count = period_count(&app);

    let again = client.post_form("/admin/periods", &form).await;
    assert_eq!(again.status(), 422);
    let body = again.text().await.unwrap();
    assert!(body.contains("A custom period with these dates already exists."));
    assert_eq!(period_count(&app), count);

    let too_long = client
        .post_form(
            "/admin/periods",
            &[
                ("name", "Forever"),
                ("start_date", "2026-01-01"),
                ("end_date", "2029-01-01"),
            ],
        )
        .await;
    assert_eq!(too_long.status(), 422);
    let audited: i64 = audit_log::table
        .filter(audit_log::entity.eq("period"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(audited, 1);
}

#[actix_web::test]
async fn the_next_month_button_creates_it_once() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let before = period_count(&app);
    let first = client
        .post_form("/admin/periods/standard", &[("span", "next-month")])
        .await;
    assert_eq!(first.status(), 303);
    assert_eq!(period_count(&app), before + 1);
    let (_, page) = client.get_text("/admin/periods").await;
    assert!(page.contains("flash-success"));
    let second = client
        .post_form("/admin/periods/standard", &[("span", "next-month")])
        .await;
    assert_eq!(second.status(), 303);
    assert_eq!(period_count(&app), before + 1);
    let (_, page) = client.get_text("/admin/periods").await;
    assert!(page.contains("already exists"));
}

#[actix_web::test]
async fn a_duplicate_metric_key_is_refused() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let before: i64 = metric_definitions::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    let response = client
        .post_form(
            "/admin/metrics",
            &[
                ("key", "Revenue"),
                ("name", "More revenue"),
                ("unit", "money"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("Another metric already uses this key."));
    let after: i64 = metric_definitions::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(after, before);
}

#[actix_web::test]
async fn a_new_custom_metric_appears_in_the_list_and_the_audit_log() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let response = client
        .post_form(
            "/admin/metrics",
            &[
                ("key", "demos"),
                ("name", "Product demos"),
                ("unit", "count"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, list) = client.get_text("/admin/metrics").await;
    assert!(list.contains("Product demos") && list.contains("<code>demos</code>"));
    let (_, audit) = client.get_text("/admin/audit").await;
    assert!(audit.contains("created metric Product demos (demos)"));
    let bad = client
        .post_form(
            "/admin/metrics",
            &[("key", "2fast"), ("name", ""), ("unit", "weight")],
        )
        .await;
    assert_eq!(bad.status(), 422);
}

#[actix_web::test]
async fn built_in_metrics_are_only_renamed_and_custom_ones_can_be_deactivated() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let revenue = metric(&app, "revenue");
    let renamed = client
        .post_form(
            &format!("/admin/metrics/{}", revenue.id),
            &[("name", "Sales"), ("unit", "count"), ("key", "sales")],
        )
        .await;
    assert_eq!(renamed.status(), 303);
    let revenue = metric(&app, "revenue");
    assert_eq!(
        (revenue.name.as_str(), revenue.unit.as_str()),
        ("Sales", "money")
    );
    let refused = client
        .post_form(&format!("/admin/metrics/{}/deactivate", revenue.id), &[])
        .await;
    assert_eq!(refused.status(), 409);
    assert!(metric(&app, "revenue").active);

    client
        .post_form(
            "/admin/metrics",
            &[
                ("key", "referrals"),
                ("name", "Referrals"),
                ("unit", "count"),
            ],
        )
        .await;
    let referrals = metric(&app, "referrals");
    let off = client
        .post_form(&format!("/admin/metrics/{}/deactivate", referrals.id), &[])
        .await;
    assert_eq!(off.status(), 303);
    assert!(!metric(&app, "referrals").active);
    let (_, import_page) = client.get_text("/import").await;
    assert!(
        !import_page.contains("<code>referrals</code>"),
        "no longer offered"
    );
}
