//! The JSON API: tokens, role and ownership rules, decimals as strings,
//! idempotent events, leaderboard ties, and the OpenAPI document.

use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::db::schema::api_tokens;
use attain::domain::period::PeriodKind;
use chrono::NaiveDate;
use diesel::prelude::*;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::helpers::{Api, Client, PASSWORD, TestApp, TestUser, api_for, request_token, spawn_app};

fn today(app: &TestApp) -> NaiveDate {
    attain::goals::progress::org_today(&Organisation::get(&mut app.conn()).unwrap())
}

/// The current month's period id.
fn this_month(app: &TestApp) -> i64 {
    let mut conn = app.conn();
    let day = today(app);
    PeriodRow::containing(&mut conn, PeriodKind::Month, day, 1)
        .unwrap()
        .id
}

fn revenue(app: &TestApp) -> i64 {
    Metric::find_by_key(&mut app.conn(), "revenue")
        .unwrap()
        .unwrap()
        .id
}

/// A team run by `manager` holding `members`.
fn team(app: &TestApp, name: &str, manager: &TestUser, members: &[&TestUser]) -> i64 {
    let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    app.team_of(name, manager.id, &ids)
}

fn revenue_goal(app: &TestApp, user: i64, target: i64) -> i64 {
    let goal = NewGoal::new(
        Owner::User(user),
        revenue(app),
        this_month(app),
        Decimal::new(target, 0),
    );
    Goal::insert(&mut app.conn(), &goal).unwrap().id
}

#[actix_web::test]
async fn a_token_is_issued_once_and_opens_the_api_without_a_cookie() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rita.rep@example.com");
    let response = request_token(&app, &rep.email, PASSWORD).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 43, "32 random bytes in base64url");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_at"].as_str().is_some());
    let stored: Vec<String> = api_tokens::table
        .select(api_tokens::token_hash)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(stored, vec![attain::api::tokens::digest(token)]);
    assert!(
        !stored.contains(&token.to_string()),
        "only the hash is kept"
    );

    let api = Api {
        http: reqwest::Client::new(),
        address: app.address.clone(),
        token: token.into(),
    };
    let (status, body) = api.get("/api/v1/quotas/my-progress").await;
    assert_eq!(status, 200);
    assert_eq!(body["user_id"], rep.id);
}

#[actix_web::test]
async fn a_client_without_any_cookie_can_ask_for_a_token() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "cookieless@example.com");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.address))
        .json(&json!({ "email": rep.email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn calls_without_credentials_or_with_a_bad_token_get_401_json() {
    let app = spawn_app().await;
    let anonymous = app.client();
    let response = anonymous.get("/api/v1/quotas").await;
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("Bearer"));

    let api = Api {
        http: reqwest::Client::new(),
        address: app.address.clone(),
        token: "not-a-token".into(),
    };
    let (status, body) = api.get("/api/v1/quotas").await;
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("not valid"));
}

#[actix_web::test]
async fn tokens_stop_working_on_sign_out_everywhere_deactivation_and_expiry() {
    let app = spawn_app().await;
    for (n, end) in ["sessions", "deactivate", "expire"].iter().enumerate() {
        let user = app.create_user("rep", &format!("ended{n}@example.com"));
        let api = api_for(&app, &user).await;
        assert_eq!(api.get("/api/v1/quotas").await.0, 200);
        let mut conn = app.conn();
        match *end {
            "sessions" => attain::db::users::User::end_sessions(&mut conn, user.id).unwrap(),
            "deactivate" => {
                attain::db::users::User::set_active(&mut conn, user.id, false).unwrap();
            }
            _ => {
                diesel::update(api_tokens::table.filter(api_tokens::user_id.eq(user.id)))
                    .set(api_tokens::expires_at.eq(chrono::Utc::now()))
                    .execute(&mut conn)
                    .unwrap();
            }
        }
        assert_eq!(api.get("/api/v1/quotas").await.0, 401, "after {end}");
    }
}

#[actix_web::test]
async fn a_wrong_password_is_401_and_repeated_failures_lock_the_email() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "guessed@example.com");
    let response = request_token(&app, &rep.email, "wrong").await;
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "the email or password is not correct");
    for _ in 0..3 {
        assert_eq!(request_token(&app, &rep.email, "wrong").await.status(), 401);
    }
    let fifth = request_token(&app, &rep.email, "wrong").await;
    assert_eq!(fifth.status(), 429);
    assert!(fifth.headers().contains_key("retry-after"));
    // Locked: even the right password waits, and so does the sign-in form.
    assert_eq!(
        request_token(&app, &rep.email, PASSWORD).await.status(),
        429
    );
    assert_eq!(
        app.client().sign_in(&rep.email, PASSWORD).await.status(),
        429
    );
}

#[actix_web::test]
async fn a_rep_reads_their_own_progress_but_not_another_reps_goal_nor_sets_quotas() {
    let app = spawn_app().await;
    let rita = app.create_user("rep", "rita@example.com");
    let other = app.create_user("rep", "other@example.com");
    let mine = revenue_goal(&app, rita.id, 1000);
    let theirs = revenue_goal(&app, other.id, 1000);
    let api = api_for(&app, &rita).await;

    let (status, body) = api.get("/api/v1/quotas/my-progress").await;
    assert_eq!(status, 200);
    assert_eq!(body["rows"][0]["goal_id"], mine);
    assert_eq!(body["rows"][0]["target_value"], "1000.00");
    assert_eq!(body["rows"].as_array().unwrap().len(), 1);

    let (status, _) = api.get(&format!("/api/v1/goals/{mine}/progress")).await;
    assert_eq!(status, 200);
    let (status, body) = api.get(&format!("/api/v1/goals/{theirs}/progress")).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "goal not found");

    let (status, list) = api.get("/api/v1/quotas").await;
    assert_eq!(status, 200);
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![mine], "another rep's quota is not listed");

    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": this_month(&app), "user_id": rita.id,
                    "metric_type": "deals", "target_value": "5" }),
        )
        .await;
    assert_eq!(status, 403);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("may not set quotas")
    );
}

#[actix_web::test]
async fn a_manager_sets_quotas_below_them_only_and_decimals_travel_as_strings() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "maria.manager@example.com");
    let member = app.create_user("rep", "member@example.com");
    let outsider = app.create_user("rep", "outsider@example.com");
    team(&app, "North", &manager, &[&member]);
    let api = api_for(&app, &manager).await;
    let period = this_month(&app);

    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": period, "user_id": member.id,
                    "metric_type": "revenue", "target_value": "250000.00", "weight": 2 }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["target_value"], "250000.00");
    assert_eq!(body["weight"], "2.00");
    assert_eq!(body["metric_type"], "revenue");
    assert_eq!(body["period"]["id"], period);
    assert_eq!(body["status"], "active", "its month has begun");

    // Next month's quota waits, approved, for its first day.
    let next_month = {
        let mut conn = app.conn();
        let end = PeriodRow::find(&mut conn, period).unwrap().end_date;
        PeriodRow::containing(&mut conn, PeriodKind::Month, end.succ_opt().unwrap(), 1)
            .unwrap()
            .id
    };
    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": next_month, "user_id": member.id,
                    "metric_type": "revenue", "target_value": "260000" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "approved");

    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": period, "user_id": outsider.id,
                    "metric_type": "revenue", "target_value": "1000" }),
        )
        .await;
    assert_eq!(status, 403, "{body}");

    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": period, "user_id": manager.id,
                    "metric_type": "revenue", "target_value": "1000" }),
        )
        .await;
    assert_eq!(status, 403, "a manager never sets their own quota: {body}");

    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": period, "user_id": member.id,
                    "metric_type": "revenue", "target_value": "300000.00" }),
        )
        .await;
    assert_eq!(status, 409);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Member already has a live revenue goal"),
        "{body}"
    );
}

#[actix_web::test]
async fn bad_bodies_get_400_or_422_with_a_message_per_field_and_write_nothing() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada.admin@example.com");
    let api = api_for(&app, &admin).await;
    let response = api
        .http
        .post(format!("{}/api/v1/quotas", app.address))
        .bearer_auth(&api.token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("not valid JSON"));

    let (status, body) = api
        .post(
            "/api/v1/goals",
            json!({ "metric_type": "nonsense", "target_value": "12.345", "weight": 0,
                    "start_date": "2026-03-01", "end_date": "2026-02-01", "colour": "red",
                    "milestones": [{ "name": "", "value": "-1" }] }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["fields"];
    for field in [
        "title",
        "target_value",
        "weight",
        "end_date",
        "colour",
        "milestones[0].name",
        "milestones[0].value",
    ] {
        assert!(fields[field].is_string(), "{field} in {body}");
    }
    let goals: i64 = attain::db::schema::goals::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(goals, 0);
}

#[actix_web::test]
async fn an_objective_with_milestones_is_written_at_once_and_reports_them() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada@example.com");
    let rep = app.create_user("rep", "rosa@example.com");
    let api = api_for(&app, &admin).await;
    let day = today(&app);
    let start = day - chrono::Days::new(5);
    let (status, _) = api
        .post(
            "/api/v1/metric-events",
            json!({ "user_id": rep.id, "metric_type": "signups", "value": 3,
                    "occurred_on": start.to_string() }),
        )
        .await;
    assert_eq!(status, 201);
    let (status, goal) = api
        .post(
            "/api/v1/goals",
            json!({ "title": "Open the new region", "user_id": rep.id,
                    "metric_type": "signups", "target_value": "10",
                    "start_date": start.to_string(), "end_date": (day + chrono::Days::new(20)).to_string(),
                    "milestones": [{ "name": "First three", "value": "3" },
                                   { "name": "Halfway", "value": "5", "due_date": day.to_string() }] }),
        )
        .await;
    assert_eq!(status, 201, "{goal}");
    assert_eq!(goal["period"]["period_type"], "custom");
    assert_eq!(goal["milestones"][0]["reached_on"], start.to_string());
    assert!(goal["milestones"][1]["reached_on"].is_null());

    let id = goal["id"].as_i64().unwrap();
    let (status, progress) = api.get(&format!("/api/v1/goals/{id}/progress")).await;
    assert_eq!(status, 200);
    assert_eq!(progress["progress"]["current_value"], "3.00");
    assert_eq!(progress["progress"]["attainment_percent"], "30.00");
    assert_eq!(progress["milestones"][0]["reached"], true);
    assert_eq!(progress["milestones"][1]["remaining"], "2.00");
}

#[actix_web::test]
async fn metric_events_are_idempotent_by_external_ref() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ivy@example.com");
    revenue_goal(&app, rep.id, 1000);
    let api = api_for(&app, &rep).await;
    let event = json!({ "metric_type": "revenue", "value": "400.00",
                        "occurred_on": today(&app).to_string(), "external_ref": "crm-42" });
    let (status, first) = api.post("/api/v1/metric-events", event.clone()).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["duplicate"], false);
    assert_eq!(first["user_id"], rep.id, "user_id defaults to the caller");
    assert_eq!(first["source"], "api");
    let (status, again) = api.post("/api/v1/metric-events", event).await;
    assert_eq!(status, 200);
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["id"], first["id"]);

    let (status, _) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "revenue", "value": "999.00", "external_ref": "crm-42" }),
        )
        .await;
    assert_eq!(status, 409, "a different fact under a used reference");

    let (_, progress) = api.get("/api/v1/quotas/my-progress").await;
    assert_eq!(progress["rows"][0]["current_value"], "400.00");
    assert_eq!(progress["rows"][0]["vs_quota"], "-600.00");
}

#[actix_web::test]
async fn reps_record_events_only_for_themselves_and_managers_for_their_subtree() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mo@example.com");
    let member = app.create_user("rep", "mem@example.com");
    let outsider = app.create_user("rep", "out@example.com");
    team(&app, "South", &manager, &[&member]);
    let rep_api = api_for(&app, &member).await;
    let manager_api = api_for(&app, &manager).await;
    let event = |user: i64| json!({ "user_id": user, "metric_type": "calls", "value": 1 });
    assert_eq!(
        rep_api
            .post("/api/v1/metric-events", event(outsider.id))
            .await
            .0,
        403
    );
    assert_eq!(
        manager_api
            .post("/api/v1/metric-events", event(member.id))
            .await
            .0,
        201
    );
    assert_eq!(
        manager_api
            .post("/api/v1/metric-events", event(outsider.id))
            .await
            .0,
        403
    );
}

#[actix_web::test]
async fn leaderboard_ties_share_a_rank() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "boss@example.com");
    let api = api_for(&app, &admin).await;
    let day = today(&app).to_string();
    for (email, amount) in [
        ("amy@example.com", "500"),
        ("bob@example.com", "500"),
        ("cat@example.com", "250"),
    ] {
        let rep = app.create_user("rep", email);
        revenue_goal(&app, rep.id, 1000);
        let (status, _) = api
            .post(
                "/api/v1/metric-events",
                json!({ "user_id": rep.id, "metric_type": "revenue",
                        "value": amount, "occurred_on": day }),
            )
            .await;
        assert_eq!(status, 201);
    }
    let (status, board) = api
        .get(&format!(
            "/api/v1/quotas/leaderboard?period_id={}&metric_type=revenue&scope=company",
            this_month(&app)
        ))
        .await;
    assert_eq!(status, 200, "{board}");
    let rows: Vec<(u64, String, String)> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["name"].as_str().unwrap().to_string(),
                r["attainment_percent"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (1, "Amy".into(), "50.00".into()),
            (1, "Bob".into(), "50.00".into()),
            (3, "Cat".into(), "25.00".into()),
        ]
    );
    assert_eq!(board["rows"][2]["vs_quota"], "-750.00");
}

#[actix_web::test]
async fn cancelling_a_quota_keeps_the_row_and_frees_the_slot() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "root@example.com");
    let rep = app.create_user("rep", "ned@example.com");
    let goal = revenue_goal(&app, rep.id, 1000);
    let api = api_for(&app, &admin).await;
    let (status, body) = api
        .send(
            Method::PUT,
            &format!("/api/v1/quotas/{goal}"),
            Some(json!({ "target_value": "1500.50", "reason": "Bigger territory" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["target_value"], "1500.50");
    let (status, body) = api
        .send(Method::DELETE, &format!("/api/v1/quotas/{goal}"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "cancelled");
    assert_eq!(
        Goal::find(&mut app.conn(), goal).unwrap().status,
        attain::domain::lifecycle::Status::Cancelled
    );
    let (status, body) = api
        .post(
            "/api/v1/quotas",
            json!({ "period_id": this_month(&app), "user_id": rep.id,
                    "metric_type": "revenue", "target_value": 2000 }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

#[actix_web::test]
async fn cookie_sessions_use_the_api_with_the_csrf_header() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "sam@example.com");
    let client: Client = app.signed_in(&rep).await;
    assert_eq!(client.get("/api/v1/quotas").await.status(), 200);
    let url = format!("{}/api/v1/metric-events", app.address);
    let event = json!({ "metric_type": "calls", "value": 2 });
    let without = client.http.post(&url).json(&event).send().await.unwrap();
    assert_eq!(without.status(), 403);
    let csrf = client.csrf_token().await;
    let with = client
        .http
        .post(&url)
        .header("X-CSRF-Token", csrf)
        .json(&event)
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 201);
}

#[actix_web::test]
async fn openapi_describes_every_registered_api_route() {
    let app = spawn_app().await;
    let response = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    let mut missing = Vec::new();
    let mut routes = 0;
    for (method, path) in attain::web::route_list() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        routes += 1;
        let operation = &doc["paths"][path][method.as_str().to_lowercase()];
        if !operation.is_object() || !operation["responses"].is_object() {
            missing.push(format!("{method} {path}"));
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:?}");
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|ops| ops.as_object().unwrap().len())
        .sum();
    assert_eq!(documented, routes, "no operation without a route");
    // Every $ref points at a schema that exists.
    let text = doc.to_string();
    for piece in text.split("#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "missing schema {name}"
        );
    }
}
