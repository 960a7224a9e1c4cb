//! What the API owes its callers besides each resource: the bonus the pages
//! show, one goal by id, JSON for unknown paths, wrong methods and missing
//! credentials, the month's outcome on a sheet, exact thresholds.

use attain::db::organisation::Organisation;
use attain::db::users::User;
use attain::goals::sheets::{self, SheetInput};
use chrono::{DateTime, Utc};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::helpers::{Api, api_for, spawn_app};
use crate::rewards::{monthly_goal, org_today};

/// The bonus line of the quota card at `/goals/{id}/card`.
async fn card_line(client: &crate::helpers::Client, goal: i64) -> String {
    let (status, card) = client.get_text(&format!("/goals/{goal}/card")).await;
    assert_eq!(status, 200);
    let start = card.find("quota-bonus-now\">").expect("a bonus line") + 17;
    let end = start + card[start..].find("</li>").unwrap();
    card[start..end]
        .replace("</span>, <span class=\"muted\">", ", ")
        .replace("</span>", "")
}

/// "$1,200.00" from "1200.00".
fn dollars(amount: &str) -> String {
    let (whole, cents) = amount.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{cents}")
}

/// The card's line rebuilt from the API's bonus object.
fn line_from(bonus: &Value) -> String {
    let rate = |r: &Value| {
        let r = r.as_str().unwrap();
        if r.contains('.') {
            format!("{r}×")
        } else {
            format!("{r}.0×")
        }
    };
    let now = format!(
        "{} — {} so far",
        rate(&bonus["rate"]),
        dollars(bonus["amount"].as_str().unwrap())
    );
    match bonus["next_threshold"].as_str() {
        Some(threshold) => format!("{now}, {} at {threshold}%", rate(&bonus["next_rate"])),
        None => format!("{now}, the top tier"),
    }
}

/// The bonus of `goal` as the progress, goal, quota and my-progress JSON
/// give it; all four must agree.
async fn api_bonus(api: &Api, goal: i64) -> Value {
    let (status, progress) = api.get(&format!("/api/v1/goals/{goal}/progress")).await;
    assert_eq!(status, 200, "{progress}");
    let (status, detail) = api.get(&format!("/api/v1/goals/{goal}")).await;
    assert_eq!(status, 200, "{detail}");
    let (status, quota) = api.get(&format!("/api/v1/quotas/{goal}")).await;
    assert_eq!(status, 200, "{quota}");
    let (status, mine) = api.get("/api/v1/quotas/my-progress").await;
    assert_eq!(status, 200, "{mine}");
    let row = mine["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["goal_id"] == goal)
        .expect("the quota in my-progress");
    assert_eq!(detail["id"], goal);
    assert_eq!(progress["bonus"], detail["bonus"]);
    assert_eq!(progress["bonus"], quota["bonus"]);
    assert_eq!(progress["bonus"], row["bonus"]);
    progress["bonus"].clone()
}

#[actix_web::test]
async fn the_progress_and_quota_json_carry_the_bonus_the_quota_card_shows() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "bonnie@example.com");
    let goal = monthly_goal(
        &mut app.conn(),
        rep.id,
        "revenue",
        org_today(&app),
        1000,
        Some(("Standard attainment", 600)),
    );
    let client = app.signed_in(&rep).await;
    let api = api_for(&app, &rep).await;
    let log = |value: &'static str| json!({ "metric_type": "revenue", "value": value });

    let bonus = api_bonus(&api, goal).await;
    assert_eq!(bonus["schedule_name"], "Standard attainment");
    assert_eq!(bonus["basis"], "attainment");
    assert!(bonus["tier_reached"].is_null() && bonus["rate"].is_null());
    assert_eq!(bonus["amount"], "0.00");
    assert_eq!(
        (&bonus["next_tier"], &bonus["next_threshold"]),
        (&json!(1), &json!("80"))
    );
    assert_eq!(card_line(&client, goal).await, "No bonus yet, 0.5× at 80%");

    // 1,499.99 of 1,000 shows as 150.00 % but pays 2.0×, on page and API.
    api.post("/api/v1/metric-events", log("1499.99")).await;
    let bonus = api_bonus(&api, goal).await;
    assert_eq!(bonus["tier_reached"], 3);
    assert_eq!(bonus["rate"], "2");
    assert_eq!(bonus["amount"], "1200.00");
    assert_eq!(bonus["next_tier"], 4);
    assert_eq!(bonus["next_amount"], "1800.00");
    let line = card_line(&client, goal).await;
    assert_eq!(line, "2.0× — $1,200.00 so far, 3.0× at 150%");
    assert_eq!(line, line_from(&bonus));

    // One cent more reaches 150 % exactly: the top tier.
    api.post("/api/v1/metric-events", log("0.01")).await;
    let bonus = api_bonus(&api, goal).await;
    assert_eq!(
        (&bonus["tier_reached"], &bonus["rate"]),
        (&json!(4), &json!("3"))
    );
    assert_eq!(bonus["amount"], "1800.00");
    assert!(bonus["next_tier"].is_null() && bonus["next_threshold"].is_null());
    let line = card_line(&client, goal).await;
    assert_eq!(line, "3.0× — $1,800.00 so far, the top tier");
    assert_eq!(line, line_from(&bonus));

    // Without a schedule the bonus is null.
    let plain = monthly_goal(&mut app.conn(), rep.id, "calls", org_today(&app), 10, None);
    let (_, body) = api.get(&format!("/api/v1/goals/{plain}")).await;
    assert!(body["bonus"].is_null(), "{body}");
    assert_eq!(body["metric_type"], "calls");
    assert_eq!(body["milestones"], json!([]));
}

#[actix_web::test]
async fn a_goal_by_id_is_read_by_those_who_may_see_it_and_404_for_everyone_else() {
    let app = spawn_app().await;
    let owner = app.create_user("rep", "owner@example.com");
    let other = app.create_user("rep", "other@example.com");
    let admin = app.create_user("admin", "admin@example.com");
    let goal = monthly_goal(
        &mut app.conn(),
        owner.id,
        "calls",
        org_today(&app),
        10,
        None,
    );
    let (status, body) = api_for(&app, &owner)
        .await
        .get(&format!("/api/v1/goals/{goal}"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user_id"], owner.id);
    let (status, _) = api_for(&app, &admin)
        .await
        .get(&format!("/api/v1/goals/{goal}"))
        .await;
    assert_eq!(status, 200);
    let other = api_for(&app, &other).await;
    for path in [
        format!("/api/v1/goals/{goal}"),
        format!("/api/v1/quotas/{goal}"),
        "/api/v1/goals/999999".to_string(),
        "/api/v1/goals/9223372036854775808".to_string(),
        "/api/v1/goals/history/9223372036854775808".to_string(),
        "/api/v1/goals/history/x".to_string(),
    ] {
        let (status, body) = other.get(&path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(body["error"].is_string());
        assert_eq!(body["code"], "not_found", "{path}: {body}");
    }
    let response = app.client().get(&format!("/api/v1/goals/{goal}")).await;
    assert_eq!(response.status(), 401);
}

#[actix_web::test]
async fn unknown_paths_and_wrong_methods_under_api_answer_json_404_and_405() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let api = api_for(&app, &rep).await;
    let raw = |method: Method, path: &str| {
        api.http
            .request(method, format!("{}{path}", app.address))
            .bearer_auth(&api.token)
            .send()
    };
    for path in [
        "/api/v1/nothing",
        "/api/v2/quotas",
        "/api/v1/goals/1/explode",
    ] {
        let response = raw(Method::GET, path).await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.expect("JSON");
        assert!(body["error"].is_string(), "{path}");
        assert_eq!(body["code"], "not_found", "{path}");
    }
    let trace = Method::from_bytes(b"TRACE").unwrap();
    for (method, path, allow) in [
        (Method::DELETE, "/api/v1/sales", "GET, POST"),
        (Method::POST, "/api/v1/goals/7/progress", "GET"),
        (Method::GET, "/api/v1/sales/7/approve", "POST"),
        (trace, "/api/v1/quotas", "GET, POST"),
    ] {
        let response = raw(method.clone(), path).await.unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        let body: Value = response.json().await.expect("JSON");
        assert!(body["error"].is_string());
        assert_eq!(body["code"], "method_not_allowed");
    }
    // The pages keep their HTML 404.
    let response = app.client().get("/nothing-here").await;
    assert_eq!(response.status(), 404);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[actix_web::test]
async fn unsafe_api_calls_without_credentials_get_401_json_and_cookie_calls_without_the_header_403_json()
 {
    let app = spawn_app().await;
    let anonymous = reqwest::Client::new();
    for (method, path) in [
        (Method::POST, "/api/v1/metric-events"),
        (Method::PUT, "/api/v1/goals/1"),
        (Method::DELETE, "/api/v1/quotas/1"),
        (Method::POST, "/api/v1/sales/1/approve"),
        (Method::POST, "/api/v1/no-such-thing"),
    ] {
        let response = anonymous
            .request(method.clone(), format!("{}{path}", app.address))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{method} {path}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: Value = response.json().await.expect("JSON");
        assert!(body["error"].as_str().unwrap().contains("Bearer"));
    }
    let rep = app.create_user("rep", "sam@example.com");
    let client = app.signed_in(&rep).await;
    let response = client
        .http
        .post(format!("{}/api/v1/metric-events", app.address))
        .json(&json!({ "metric_type": "calls", "value": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.expect("JSON");
    assert!(body["error"].as_str().unwrap().contains("X-CSRF-Token"));
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[actix_web::test]
async fn a_sheet_completes_at_exactly_its_goals_and_a_closed_month_short_of_them_is_missed() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let api = api_for(&app, &rep).await;
    let (status, body) = api
        .post(
            "/api/v1/goals/monthly/set",
            json!({ "signup_goal": "20", "revenue_goal": "50000", "bonus_tier_goal": "0" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sheet"]["outcome"], "active");
    let path = format!(
        "/api/v1/goals/progress/{}/{}/{}",
        rep.id, body["month"], body["year"]
    );
    let log = |metric: &str, value: &str| json!({ "metric_type": metric, "value": value });
    api.post("/api/v1/metric-events", log("signups", "20"))
        .await;
    api.post("/api/v1/metric-events", log("revenue", "49999.99"))
        .await;
    let (_, body) = api.get(&path).await;
    // Shown as 100.00 %, yet one cent short: neither goal nor sheet is done.
    assert_eq!(body["revenue"]["attainment_percent"], "100.00");
    assert!(body["sheet"]["completed_at"].is_null(), "{body}");
    assert_eq!(body["sheet"]["outcome"], "active");
    let revenue_goal = body["revenue"]["goal_id"].as_i64().unwrap();
    let (_, goal) = api.get(&format!("/api/v1/goals/{revenue_goal}")).await;
    assert_eq!(goal["status"], "active");

    api.post("/api/v1/metric-events", log("revenue", "0.01"))
        .await;
    let (_, body) = api.get(&path).await;
    assert!(body["sheet"]["completed_at"].is_string(), "{body}");
    assert_eq!(body["sheet"]["outcome"], "completed");

    // A sheet set for a month that has closed short is missed; a draft
    // never set for a closed month is archived.
    {
        let mut conn = app.conn();
        let user = User::find(&mut conn, rep.id).unwrap();
        let org = Organisation::get(&mut conn).unwrap();
        let input = SheetInput {
            signup_goal: Decimal::from(20),
            revenue_goal: Decimal::from(1000),
            bonus_tier_goal: 0,
        };
        sheets::set_sheet(
            &mut conn,
            &user,
            &org,
            2025,
            3,
            &input,
            utc("2025-03-02T00:00:00Z"),
        )
        .unwrap();
        sheets::open_month(&mut conn, 2025, 4, utc("2025-04-01T00:00:00Z")).unwrap();
    }
    let (status, body) = api.get(&format!("/api/v1/goals/history/{}", rep.id)).await;
    assert_eq!(status, 200, "{body}");
    let outcome_of = |month: i64| {
        body["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["year"] == 2025 && s["month"] == month)
            .map(|s| s["outcome"].clone())
    };
    assert_eq!(outcome_of(3), Some(json!("missed")));
    assert_eq!(outcome_of(4), Some(json!("archived")));
}
