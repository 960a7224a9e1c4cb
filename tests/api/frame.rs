//! Error pages keep the signed-in person's frame (navigation, bell, user
//! menu); anonymous visitors, htmx requests and the API keep their answers.

use crate::helpers::{Client, spawn_app};

/// The frame's parts, by their markup, present in `body`.
fn frame_parts(body: &str) -> [(&'static str, bool); 3] {
    let document = scraper::Html::parse_document(body);
    let has = |selector: &str| {
        document
            .select(&scraper::Selector::parse(selector).unwrap())
            .next()
            .is_some()
    };
    [
        ("navigation", has("header.topbar ul.main-nav a[href]")),
        (
            "bell",
            has(r#"header.topbar a.bell[href="/notifications"]"#),
        ),
        (
            "user menu",
            has("header.topbar details.user-menu form[action=\"/logout\"]"),
        ),
    ]
}

fn assert_framed(body: &str, what: &str) {
    for (part, present) in frame_parts(body) {
        assert!(present, "{what}: the {part} is missing");
    }
}

async fn htmx_get(client: &Client, path: &str) -> (u16, String) {
    let response = client
        .http
        .get(format!("{}{path}", client.address))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[actix_web::test]
async fn a_signed_in_person_keeps_the_navigation_on_403_and_404_pages() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rita.rep@example.com");
    let client = app.signed_in(&rep).await;

    let (status, body) = client.get_text("/admin").await;
    assert_eq!(status, 403);
    assert_framed(&body, "403");
    assert!(body.contains("Not allowed") && body.contains("Rita Rep"));
    assert!(
        body.contains(r#"href="/my-goals""#),
        "the rep's own navigation"
    );

    let (status, body) = client.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert_framed(&body, "404 for an unknown path");
    assert!(body.contains("Page not found"));

    let (status, body) = client.get_text("/goals/987654").await;
    assert_eq!(status, 404);
    assert_framed(&body, "404 for an unknown goal");

    // A page the rep may open: on a page their role may not open, whether the
    // role guard (403) or the path (404) answers first is up to timing.
    let (status, body) = client.get_text("/goals/not-a-number").await;
    assert_eq!(status, 404, "a path parameter that does not parse");
    assert_framed(&body, "404 for a bad path parameter");

    // A page path asked with a method it does not serve.
    let response = client.post_form("/leaderboard", &[]).await;
    assert_eq!(response.status(), 404);
    assert_framed(&response.text().await.unwrap(), "wrong method");
}

#[actix_web::test]
async fn anonymous_htmx_and_api_errors_keep_their_answers() {
    let app = spawn_app().await;
    let (status, body) = app.client().get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    assert!(
        frame_parts(&body).iter().all(|(_, present)| !present),
        "no frame for a visitor"
    );

    let rep = app.create_user("rep", "rita.rep@example.com");
    let client = app.signed_in(&rep).await;
    let (status, body) = htmx_get(&client, "/goals/987654").await;
    assert_eq!(status, 404);
    assert!(
        body.contains("toast") && !body.contains("main-nav"),
        "{body}"
    );

    let response = client.get("/api/v1/nothing-here").await;
    assert_eq!(response.status(), 404);
    let json: serde_json::Value = response.json().await.unwrap();
    assert!(json["error"].as_str().unwrap().contains("no API operation"));
}

#[actix_web::test]
async fn an_error_page_of_a_session_that_no_longer_stands_has_no_frame() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rita.rep@example.com");
    let client = app.signed_in(&rep).await;
    app.create_user("admin", "ada.admin@example.com");
    app.deactivate_user(rep.id);
    let (status, body) = client.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(!body.contains("main-nav") && !body.contains("Rita Rep"));
}
