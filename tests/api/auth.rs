//! Signing in and out, session invalidation, CSRF and throttling.

use crate::helpers::{PASSWORD, location, spawn_app};

#[actix_web::test]
async fn each_role_signs_in_and_lands_on_its_own_dashboard() {
    let app = spawn_app().await;
    for (role, home, title) in [
        ("rep", "/dashboard", "My progress"),
        ("manager", "/manager", "My team"),
        ("admin", "/admin", "Administration"),
        ("executive", "/executive", "Company"),
    ] {
        let user = app.create_user(role, &format!("{role}.person@example.com"));
        let client = app.client();
        assert_eq!(client.get(home).await.status(), 303, "not yet signed in");
        let response = client.sign_in(&user.email, PASSWORD).await;
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), home);
        let (status, body) = client.get_text(home).await;
        assert_eq!(status, 200, "{role} dashboard");
        assert!(
            body.contains(&format!("<title>{title} · Attain</title>")),
            "{role} lands on their own dashboard"
        );
        // Only a signed-in session is offered the sign-out form.
        assert!(body.contains(r#"action="/logout""#), "{role} is signed in");
    }
}

#[actix_web::test]
async fn sign_in_ignores_the_case_of_the_email() {
    let app = spawn_app().await;
    app.create_user("rep", "mixed.case@example.com");
    let response = app
        .client()
        .sign_in("Mixed.Case@Example.COM", PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
}

#[actix_web::test]
async fn a_wrong_password_is_refused_with_the_form_again() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "ana.kim@example.com");
    let client = app.client();
    let response = client.sign_in(&user.email, "not the password").await;
    assert_eq!(response.status(), 401);
    let body = response.text().await.unwrap();
    assert!(body.contains("The email or password is not correct."));
    assert!(
        body.contains("ana.kim@example.com"),
        "the email is kept in the form"
    );
    assert_eq!(client.get("/dashboard").await.status(), 303);
}

#[actix_web::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let response = app.client().sign_in("nobody@example.com", PASSWORD).await;
    assert_eq!(response.status(), 401);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The email or password is not correct.")
    );
}

#[actix_web::test]
async fn pages_need_a_signed_in_user() {
    let app = spawn_app().await;
    let response = app.client().get("/dashboard").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/login");
}

#[actix_web::test]
async fn signing_out_invalidates_every_cookie_of_that_user() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "two.devices@example.com");
    let laptop = app.client();
    let signed_in = laptop.sign_in(&user.email, PASSWORD).await;
    assert_eq!(signed_in.status(), 303);
    // A copy of the laptop's cookie, as a thief would hold it: signing in
    // always sets a fresh session cookie.
    let stolen_cookie = signed_in
        .headers()
        .get("set-cookie")
        .expect("signing in sets the session cookie")
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let phone = app.signed_in(&user).await;
    assert_eq!(laptop.get("/dashboard").await.status(), 200);
    assert_eq!(phone.get("/dashboard").await.status(), 200);
    let replay = || async {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(format!("{}/dashboard", app.address))
            .header("cookie", &stolen_cookie)
            .send()
            .await
            .unwrap()
    };
    assert_eq!(
        replay().await.status(),
        200,
        "the copy works while signed in"
    );

    let response = laptop.post_form("/logout", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/login");

    assert_eq!(laptop.get("/dashboard").await.status(), 303);
    assert_eq!(
        phone.get("/dashboard").await.status(),
        303,
        "the other device is signed out too"
    );
    let replayed = replay().await;
    assert_eq!(replayed.status(), 303, "a replayed old cookie is refused");
    assert_eq!(location(&replayed), "/login");
    // Signing in again works.
    assert_eq!(laptop.sign_in(&user.email, PASSWORD).await.status(), 303);
    assert_eq!(laptop.get("/dashboard").await.status(), 200);
}

#[actix_web::test]
async fn a_password_change_signs_out_other_sessions_but_keeps_this_one() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "changer@example.com");
    let here = app.signed_in(&user).await;
    let elsewhere = app.signed_in(&user).await;
    let new_password = "a much better passphrase";
    let response = here
        .post_form(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", new_password),
                ("confirm", new_password),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(here.get("/dashboard").await.status(), 200);
    assert_eq!(elsewhere.get("/dashboard").await.status(), 303);
    assert_eq!(
        app.client().sign_in(&user.email, PASSWORD).await.status(),
        401
    );
    assert_eq!(
        app.client()
            .sign_in(&user.email, new_password)
            .await
            .status(),
        303
    );
}

#[actix_web::test]
async fn a_password_change_with_the_wrong_current_password_is_refused() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "careful@example.com");
    let client = app.signed_in(&user).await;
    let response = client
        .post_form(
            "/account/password",
            &[
                ("current", "wrong"),
                ("new", "short"),
                ("confirm", "different"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("This is not your current password."));
    assert!(body.contains("Use at least 10 characters."));
    assert!(body.contains("The two passwords differ."));
    assert_eq!(
        app.client().sign_in(&user.email, PASSWORD).await.status(),
        303
    );
}

#[actix_web::test]
async fn deactivation_signs_the_user_out_and_keeps_them_out() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "boss@example.com");
    let rep = app.create_user("rep", "leaving@example.com");
    let admin_client = app.signed_in(&admin).await;
    let rep_client = app.signed_in(&rep).await;
    let response = admin_client
        .post_form(&format!("/admin/users/{}/deactivate", rep.id), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(rep_client.get("/dashboard").await.status(), 303);
    assert_eq!(
        app.client().sign_in(&rep.email, PASSWORD).await.status(),
        401
    );
}

#[actix_web::test]
async fn a_post_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let client = app.signed_in(&admin).await;
    let response = client
        .post_raw(
            "/admin/organisation",
            &[
                ("name", "Hijacked"),
                ("currency_code", "USD"),
                ("time_zone", "UTC"),
                ("fiscal_year_start_month", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = client
        .post_raw(
            "/admin/organisation",
            &[
                ("name", "Hijacked"),
                ("currency_code", "USD"),
                ("time_zone", "UTC"),
                ("fiscal_year_start_month", "1"),
                ("csrf_token", "forged"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let (_, body) = client.get_text("/admin/organisation").await;
    assert!(!body.contains("Hijacked"), "nothing was written");
}

#[actix_web::test]
async fn the_csrf_token_is_accepted_from_the_htmx_header() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let client = app.signed_in(&admin).await;
    let token = client.csrf_token().await;
    let response = client
        .http
        .post(format!("{}/admin/organisation", app.address))
        .header("X-CSRF-Token", token)
        .form(&[
            ("name", "Header Org"),
            ("currency_code", "EUR"),
            ("time_zone", "Europe/Berlin"),
            ("fiscal_year_start_month", "4"),
            ("language", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

#[actix_web::test]
async fn sign_in_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "plain@example.com");
    let client = app.client();
    client.get("/login").await;
    let response = client
        .post_raw("/login", &[("email", &user.email), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 403);
}

#[actix_web::test]
async fn repeated_failed_sign_ins_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    let user = app.create_user("rep", "target@example.com");
    let attacker = app.client();
    for _ in 0..4 {
        assert_eq!(attacker.sign_in(&user.email, "guess").await.status(), 401);
    }
    let fifth = attacker.sign_in(&user.email, "guess").await;
    assert_eq!(fifth.status(), 429);
    // Even the right password is refused while the lock lasts, from anywhere.
    let owner = app.client();
    let response = owner.sign_in(&user.email, PASSWORD).await;
    assert_eq!(response.status(), 429);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins for this account")
    );
    // Another account is unaffected.
    let other = app.create_user("rep", "bystander@example.com");
    assert_eq!(
        app.client().sign_in(&other.email, PASSWORD).await.status(),
        303
    );
}

#[actix_web::test]
async fn responses_carry_the_security_headers() {
    let app = spawn_app().await;
    let response = app.client().get("/login").await;
    let headers = response.headers();
    let csp = headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(headers.get("referrer-policy").is_some());
}

#[actix_web::test]
async fn an_unknown_page_is_a_404_in_the_layout() {
    let app = spawn_app().await;
    let (status, body) = app.client().get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    assert!(body.contains(attain::web::assets::url("css/app.css")));
}

#[actix_web::test]
async fn a_role_without_access_gets_a_403_page() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "curious@example.com");
    let client = app.signed_in(&rep).await;
    let (status, body) = client.get_text("/admin/users").await;
    assert_eq!(status, 403);
    assert!(body.contains("Not allowed"));
}
