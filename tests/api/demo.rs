//! The demo organisation: created once, and each printed sign-in works.

use diesel::prelude::*;

use attain::db::schema::users;

use crate::helpers::spawn_app;

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

#[actix_web::test]
async fn seeding_the_demo_twice_changes_nothing() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    assert!(attain::demo::seed(&mut conn).unwrap());
    let count: i64 = users::table.count().get_result(&mut conn).unwrap();
    assert!(count >= 30);
    assert!(!attain::demo::seed(&mut conn).unwrap());
    let again: i64 = users::table.count().get_result(&mut conn).unwrap();
    assert_eq!(count, again);
}
