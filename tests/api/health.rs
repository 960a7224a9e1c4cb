//! `/healthz` and what happens when the database goes away.

use crate::helpers::{PASSWORD, spawn_app};

#[actix_web::test]
async fn healthz_is_200_with_the_database_up() {
    let app = spawn_app().await;
    let response = app.client().get("/healthz").await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn a_dead_database_gives_503_pages_and_health() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "someone@example.com");
    let client = app.client();
    assert_eq!(client.sign_in(&user.email, PASSWORD).await.status(), 303);

    // Take the database away: refuse new connections, end the open ones.
    app.take_database_away();

    assert_eq!(client.get("/healthz").await.status(), 503);
    let (status, body) = client.get_text("/dashboard").await;
    assert_eq!(status, 503);
    assert!(body.contains("Temporarily unavailable"));

    // And back.
    app.bring_database_back();
    assert_eq!(client.get("/healthz").await.status(), 200);
    assert_eq!(client.get("/dashboard").await.status(), 200);
}
