//! Organisation administration: bad input is a 422 with a message and writes
//! nothing; trees refuse cycles; every change is in the audit log.

use diesel::prelude::*;

use attain::db::schema::{audit_log, teams, users};

use crate::helpers::{TestApp, spawn_app};

async fn admin_client(app: &TestApp) -> crate::helpers::Client {
    let admin = app.create_user("admin", "admin@example.com");
    app.signed_in(&admin).await
}

fn count_users(app: &TestApp) -> i64 {
    users::table.count().get_result(&mut app.conn()).unwrap()
}

fn audit_count(app: &TestApp) -> i64 {
    audit_log::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn user_form<'a>(email: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("email", email),
        ("name", name),
        ("role", "rep"),
        ("password", "a long enough password"),
    ]
}

#[actix_web::test]
async fn an_admin_creates_a_user_who_can_then_sign_in() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let response = client
        .post_form("/admin/users", &user_form("new.rep@example.com", "New Rep"))
        .await;
    assert_eq!(response.status(), 303);
    let (_, list) = client.get_text("/admin/users").await;
    assert!(list.contains("New Rep"));
    let fresh = app.client();
    assert_eq!(
        fresh
            .sign_in("new.rep@example.com", "a long enough password")
            .await
            .status(),
        303
    );
    let (_, audit) = client.get_text("/admin/audit").await;
    assert!(audit.contains("created user New Rep"));
}

#[actix_web::test]
async fn a_duplicate_email_in_any_case_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    app.create_user("rep", "taken@example.com");
    let users_before = count_users(&app);
    let audit_before = audit_count(&app);
    let response = client
        .post_form(
            "/admin/users",
            &user_form("TAKEN@example.com", "Someone Else"),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Another user already has this email address.")
    );
    assert_eq!(count_users(&app), users_before);
    assert_eq!(audit_count(&app), audit_before);
}

#[actix_web::test]
async fn an_empty_name_and_a_bad_role_are_refused_with_messages() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let users_before = count_users(&app);
    let response = client
        .post_form(
            "/admin/users",
            &[
                ("email", "fine@example.com"),
                ("name", "   "),
                ("role", "overlord"),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("This field is required."));
    assert!(body.contains("Choose rep, manager, admin or executive."));
    assert!(body.contains("Use at least 10 characters."));
    assert_eq!(count_users(&app), users_before);
}

#[actix_web::test]
async fn a_bad_currency_code_is_refused_and_the_settings_stay() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let response = client
        .post_form(
            "/admin/organisation",
            &[
                ("name", "Renamed"),
                ("currency_code", "XQZ"),
                ("time_zone", "Mars/Olympus"),
                ("fiscal_year_start_month", "13"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("Choose an ISO 4217 currency from the list"));
    assert!(body.contains("Choose an IANA time zone from the list"));
    assert!(body.contains("Enter a whole number from 1 to 12."));
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    assert_eq!(org.name, "My company");
    assert_eq!(org.currency_code, "USD");
}

#[actix_web::test]
async fn currency_and_time_zone_are_chosen_from_lists() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let (status, body) = client.get_text("/admin/organisation").await;
    assert_eq!(status, 200);
    let document = scraper::Html::parse_document(&body);
    let options = |name: &str| -> Vec<(String, bool)> {
        let selector =
            scraper::Selector::parse(&format!(r#"select[name="{name}"] option"#)).unwrap();
        document
            .select(&selector)
            .map(|o| {
                let value = o.value().attr("value").unwrap_or_default().to_string();
                (value, o.value().attr("selected").is_some())
            })
            .collect()
    };
    let currencies = options("currency_code");
    assert!(currencies.len() > 100, "{}", currencies.len());
    assert!(
        currencies.contains(&("USD".into(), true)),
        "the stored one is chosen"
    );
    assert!(currencies.contains(&("KRW".into(), false)));
    assert!(!body.contains(r#"name="currency_code" type="text""#));
    let zones = options("time_zone");
    assert!(zones.len() > 300, "{}", zones.len());
    assert!(zones.contains(&("Asia/Seoul".into(), false)));
    assert_eq!(zones.iter().filter(|(_, selected)| *selected).count(), 1);
}

#[actix_web::test]
async fn the_admin_overview_and_the_audit_log_show_times_on_the_organisations_clock() {
    use attain::db::schema::audit_log;
    use diesel::prelude::*;
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    app.edit_organisation(|o| o.time_zone = "Asia/Seoul".into());
    let mut conn = app.conn();
    attain::db::audit::NewAuditEntry::new(None, "update", "organisation", None, "moved east")
        .record(&mut conn)
        .unwrap();
    // 23:30 UTC is 08:30 the next morning in Seoul.
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-12T23:30:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    diesel::update(audit_log::table)
        .set(audit_log::created_at.eq(at))
        .execute(&mut conn)
        .unwrap();
    for page in ["/admin", "/admin/audit"] {
        let (status, body) = client.get_text(page).await;
        assert_eq!(status, 200, "{page}");
        assert!(
            body.contains("13 Mar 2026, 08:30"),
            "{page} on Seoul's clock"
        );
        assert!(!body.contains("2026-03-12 23:30"), "{page} not in UTC");
    }
}

#[actix_web::test]
async fn the_currency_sets_its_minor_unit() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let response = client
        .post_form(
            "/admin/organisation",
            &[
                ("name", "Hanbit"),
                ("currency_code", "krw"),
                ("time_zone", "Asia/Seoul"),
                ("fiscal_year_start_month", "3"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    assert_eq!(
        (org.currency_code.as_str(), org.currency_minor_unit),
        ("KRW", 0)
    );
    assert_eq!(org.fiscal_year_start_month, 3);
}

#[actix_web::test]
async fn a_cycle_in_the_sponsor_tree_is_refused() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let top = app.create_user("rep", "top@example.com");
    let middle = app.create_user("rep", "middle@example.com");
    let bottom = app.create_user("rep", "bottom@example.com");
    app.edit_user(middle.id, |p| p.sponsor_id = Some(top.id));
    app.edit_user(bottom.id, |p| p.sponsor_id = Some(middle.id));
    let bottom_id = bottom.id.to_string();
    let response = client
        .post_form(
            &format!("/admin/users/{}", top.id),
            &[
                ("email", "top@example.com"),
                ("name", "Top"),
                ("role", "rep"),
                ("sponsor_id", &bottom_id),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("cannot contain a cycle")
    );
    let sponsor: Option<i64> = users::table
        .find(top.id)
        .select(users::sponsor_id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(sponsor, None, "nothing was written");
}

#[actix_web::test]
async fn a_cycle_in_the_team_tree_is_refused() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    for name in ["Company", "Sales", "Seoul"] {
        let response = client.post_form("/admin/teams", &[("name", name)]).await;
        assert_eq!(response.status(), 303, "creating {name}");
    }
    let mut conn = app.conn();
    let id = |conn: &mut PgConnection, name: &str| -> i64 {
        teams::table
            .filter(teams::name.eq(name))
            .select(teams::id)
            .first(conn)
            .unwrap()
    };
    let (company, sales, seoul) = (
        id(&mut conn, "Company"),
        id(&mut conn, "Sales"),
        id(&mut conn, "Seoul"),
    );
    let company_s = company.to_string();
    let sales_s = sales.to_string();
    let seoul_s = seoul.to_string();
    assert_eq!(
        client
            .post_form(
                &format!("/admin/teams/{sales}"),
                &[("name", "Sales"), ("parent_id", &company_s)]
            )
            .await
            .status(),
        303
    );
    assert_eq!(
        client
            .post_form(
                &format!("/admin/teams/{seoul}"),
                &[("name", "Seoul"), ("parent_id", &sales_s)]
            )
            .await
            .status(),
        303
    );
    let response = client
        .post_form(
            &format!("/admin/teams/{company}"),
            &[("name", "Company"), ("parent_id", &seoul_s)],
        )
        .await;
    assert_eq!(response.status(), 422);
    let parent: Option<i64> = teams::table
        .find(company)
        .select(teams::parent_id)
        .first(&mut conn)
        .unwrap();
    assert_eq!(parent, None, "nothing was written");
}

#[actix_web::test]
async fn a_duplicate_team_name_is_refused() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    assert_eq!(
        client
            .post_form("/admin/teams", &[("name", "Busan")])
            .await
            .status(),
        303
    );
    let response = client.post_form("/admin/teams", &[("name", "busan")]).await;
    assert_eq!(response.status(), 422);
    let count: i64 = teams::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(count, 1);
}

#[actix_web::test]
async fn partner_types_and_tiers_validate_their_numbers() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let response = client
        .post_form(
            "/admin/partner-types",
            &[
                ("code", "distributor"),
                ("name", "Distributor"),
                ("min_monthly_sales", "3,000,000"),
                ("min_deal_count", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = client
        .post_form(
            "/admin/partner-types",
            &[
                ("code", "Bad Code!"),
                ("name", ""),
                ("min_monthly_sales", "-5"),
                ("min_deal_count", "lots"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = client
        .post_form(
            "/admin/partner-tiers",
            &[
                ("code", "gold"),
                ("name", "Gold"),
                ("rank", "3"),
                ("target_multiplier", "0"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = client
        .post_form(
            "/admin/partner-tiers",
            &[
                ("code", "gold"),
                ("name", "Gold"),
                ("rank", "3"),
                ("target_multiplier", "1.5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
}

#[actix_web::test]
async fn an_admin_cannot_deactivate_themselves() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "self@example.com");
    let client = app.signed_in(&admin).await;
    let response = client
        .post_form(&format!("/admin/users/{}/deactivate", admin.id), &[])
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(client.get("/admin").await.status(), 200);
}

#[actix_web::test]
async fn editing_a_user_that_does_not_exist_is_a_404() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    assert_eq!(client.get("/admin/users/999999").await.status(), 404);
    assert_eq!(client.get("/admin/users/not-a-number").await.status(), 404);
}

#[actix_web::test]
async fn text_with_a_nul_character_is_refused_with_a_400_and_nothing_written() {
    let app = spawn_app().await;
    let client = admin_client(&app).await;
    let response = client
        .post_form("/admin/teams", &[("name", "Sales\0Team")])
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(page.contains("Text may not contain NUL"), "{page}");
    let teams_named: i64 = teams::table
        .filter(teams::name.like("Sales%"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(teams_named, 0);
}
