//! Creating a period is one use case for the admin page and the API: a
//! period of the same type and dates is refused at both, on `start_date`.

use diesel::prelude::*;
use serde_json::json;

use attain::db::schema::periods;

use crate::helpers::{TestApp, api_for, spawn_app};

fn stored(app: &TestApp) -> i64 {
    periods::table.count().get_result(&mut app.conn()).unwrap()
}

#[actix_web::test]
async fn a_duplicate_period_is_refused_by_the_api_and_the_admin_page() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada.admin@example.com");
    let api = api_for(&app, &admin).await;
    let page = app.signed_in(&admin).await;

    let custom = json!({ "period_type": "custom", "start_date": "2031-02-01",
                         "end_date": "2031-02-20", "name": "Spring push" });
    let (status, body) = api.post("/api/v1/quota-periods", custom.clone()).await;
    assert_eq!(status, 201, "{body}");
    let before = stored(&app);

    // The same range again, through the API...
    let (status, body) = api.post("/api/v1/quota-periods", custom).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["fields"]["start_date"],
        "A custom period with these dates already exists."
    );
    // ...and through the admin page.
    let response = page
        .post_form(
            "/admin/periods",
            &[
                ("name", "Spring push again"),
                ("start_date", "2031-02-01"),
                ("end_date", "2031-02-20"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("A custom period with these dates already exists."));
    assert_eq!(stored(&app), before);

    // A standard period: created once, refused the second time.
    let month = json!({ "period_type": "month", "start_date": "2031-05-17" });
    let (status, body) = api.post("/api/v1/quota-periods", month.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["start_date"], "2031-05-01");
    let (status, body) = api.post("/api/v1/quota-periods", month).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"]["start_date"], "This month already exists.");
    assert_eq!(stored(&app), before + 1);
}
