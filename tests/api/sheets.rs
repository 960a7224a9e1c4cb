//! The monthly goal sheet and yearly goals: the deadline, the goals a sheet
//! makes, completion, the new month's drafts, the pages and the API.

use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::organisation::Organisation;
use attain::db::schema::{audit_log, goal_revisions, goal_sheets, goals};
use attain::db::sheets::GoalSheet;
use attain::db::users::User;
use attain::goals::sheets::{self, SheetInput};
use chrono::{DateTime, Datelike, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

use crate::helpers::{TestApp, api_for, location, spawn_app};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn input(signups: i64, revenue: i64, tier: i16) -> SheetInput {
    SheetInput {
        signup_goal: Decimal::from(signups),
        revenue_goal: Decimal::from(revenue),
        bonus_tier_goal: tier,
    }
}

fn set_time_zone(app: &TestApp, tz: &str) {
    app.edit_organisation(|o| o.time_zone = tz.into());
}

fn set_at(app: &TestApp, email: &str, year: i32, month: u32, now: &str) -> GoalSheet {
    let mut conn = app.conn();
    let user = User::find(&mut conn, app.create_user("rep", email).id).unwrap();
    let org = Organisation::get(&mut conn).unwrap();
    sheets::set_sheet(
        &mut conn,
        &user,
        &org,
        year,
        month,
        &input(20, 5000, 2),
        utc(now),
    )
    .unwrap()
}

/// A manager running a team with `rep` in it.
fn manage(app: &TestApp, manager: i64, rep: i64) {
    app.team_of("North", manager, &[manager, rep]);
}

#[actix_web::test]
async fn a_sheet_set_before_the_deadline_is_on_time_and_after_it_late() {
    let app = spawn_app().await;
    let early = set_at(&app, "early@example.com", 2026, 11, "2026-11-06T23:59:59Z");
    let late = set_at(&app, "late@example.com", 2026, 11, "2026-11-07T00:00:00Z");
    assert_eq!(early.set_by_deadline, Some(true));
    assert_eq!(early.status, "set");
    assert_eq!(early.set_by, Some(early.user_id));
    assert_eq!(early.set_at, Some(utc("2026-11-06T23:59:59Z")));
    assert_eq!(late.set_by_deadline, Some(false));
    assert!(late.is_late());
}

#[actix_web::test]
async fn the_deadline_follows_the_organisation_east_and_west_of_utc() {
    let app = spawn_app().await;
    app.create_user("admin", "ada.admin@example.com");
    set_time_zone(&app, "Asia/Seoul");
    // 23:59:59 on 6 March in Seoul is 14:59:59 UTC.
    let on_time = set_at(&app, "seoul1@example.com", 2026, 3, "2026-03-06T14:59:59Z");
    let late = set_at(&app, "seoul2@example.com", 2026, 3, "2026-03-06T15:00:00Z");
    assert_eq!(on_time.set_by_deadline, Some(true));
    assert_eq!(late.set_by_deadline, Some(false));
    set_time_zone(&app, "America/Los_Angeles");
    // …and in Los Angeles 07:59:59 UTC on the 7th.
    let on_time = set_at(&app, "la1@example.com", 2026, 3, "2026-03-07T07:59:59Z");
    let late = set_at(&app, "la2@example.com", 2026, 3, "2026-03-07T08:00:00Z");
    assert_eq!(on_time.set_by_deadline, Some(true));
    assert_eq!(late.set_by_deadline, Some(false));
}

#[actix_web::test]
async fn signups_10_of_20_is_50_percent_and_both_goals_at_100_complete_the_sheet() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let api = api_for(&app, &rep).await;
    let (status, body) = api
        .post(
            "/api/v1/goals/monthly/set",
            json!({ "signup_goal": "20", "revenue_goal": "1000", "bonus_tier_goal": "3" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sheet"]["status"], "set");
    assert_eq!(body["sheet"]["bonus_tier_goal"], 3);
    let (year, month) = (
        body["year"].as_i64().unwrap(),
        body["month"].as_i64().unwrap(),
    );
    let log = |metric: &str, value: &str| json!({ "metric_type": metric, "value": value });
    let (status, _) = api
        .post("/api/v1/metric-events", log("signups", "10"))
        .await;
    assert_eq!(status, 201);
    let path = format!("/api/v1/goals/progress/{}/{month}/{year}", rep.id);
    let (_, body) = api.get(&path).await;
    assert_eq!(body["signups"]["attainment_percent"], "50.00");
    assert_eq!(body["signups"]["summary"], "signups 10 of 20 — 50.00%");
    assert!(body["sheet"]["completed_at"].is_null());

    api.post("/api/v1/metric-events", log("signups", "10"))
        .await;
    let (_, body) = api.get(&path).await;
    assert!(
        body["sheet"]["completed_at"].is_null(),
        "revenue is still short"
    );
    api.post("/api/v1/metric-events", log("revenue", "1000"))
        .await;
    let (_, body) = api.get(&path).await;
    assert_eq!(body["signups"]["attainment_percent"], "100.00");
    assert_eq!(body["revenue"]["attainment_percent"], "100.00");
    assert!(body["sheet"]["completed_at"].is_string(), "{body}");
    assert_eq!(body["attainment_percent"], "100.00");
}

#[actix_web::test]
async fn a_yearly_signup_goal_of_240_gives_a_monthly_target_of_20() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let api = api_for(&app, &rep).await;
    let (status, body) = api
        .post(
            "/api/v1/goals/yearly/set",
            json!({ "signup_goal": "240", "revenue_goal": "120000" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let targets = body["signups"]["monthly_targets"].as_array().unwrap();
    assert_eq!(targets.len(), 12);
    assert!(targets.iter().all(|t| t == "20.00"), "{targets:?}");
    assert_eq!(body["revenue"]["monthly_targets"][0], "10000.00");
    let (_, current) = api.get("/api/v1/goals/yearly/current").await;
    assert_eq!(current["signups"]["target"], "240.00");
    assert_eq!(current["set"], true);
    let (_, page) = app.signed_in(&rep).await.get_text("/yearly").await;
    assert!(page.contains("Expected by now"), "{page}");
    assert!(page.contains("Projected year end"));
}

#[actix_web::test]
async fn seasonal_weights_shape_the_monthly_targets() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let rep = app.create_user("rep", "rep@example.com");
    let client = app.signed_in(&admin).await;
    let mut weights: Vec<(String, String)> = (1..=12)
        .map(|m| (format!("w{m}"), "1".to_string()))
        .collect();
    weights[11].1 = "2".into();
    let fields: Vec<(&str, &str)> = weights
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = client.post_form("/admin/seasonal-weights", &fields).await;
    assert_eq!(response.status(), 303);
    let api = api_for(&app, &rep).await;
    let (_, body) = api
        .post(
            "/api/v1/goals/yearly/set",
            json!({ "signup_goal": "130", "revenue_goal": "0" }),
        )
        .await;
    assert_eq!(body["signups"]["monthly_targets"][0], "10.00");
    assert_eq!(body["signups"]["monthly_targets"][11], "20.00");
    assert_eq!(body["seasonal_weights"], true);
    let bad = client
        .post_form("/admin/seasonal-weights", &[("w1", "0")])
        .await;
    assert_eq!(bad.status(), 422);
}

#[actix_web::test]
async fn opening_a_month_drafts_sheets_from_defaults_or_yearly_goals_once() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    // One rep with an October sheet, one with yearly goals, one with none.
    let with_sheet = set_at(
        &app,
        "defaults@example.com",
        2026,
        10,
        "2026-10-02T00:00:00Z",
    );
    let yearly = app.create_user("rep", "yearly@example.com");
    let yearly_user = User::find(&mut conn, yearly.id).unwrap();
    sheets::set_yearly(
        &mut conn,
        &yearly_user,
        2026,
        Decimal::from(240),
        Decimal::from(120000),
        Utc::now(),
    )
    .unwrap();
    let blank = app.create_user("rep", "blank@example.com");
    app.create_user("manager", "manager@example.com");
    // A rep whose manager already set November's signup quota: the draft
    // shows it; revenue still comes from the yearly share.
    let quota = app.create_user("rep", "quota@example.com");
    let quota_user = User::find(&mut conn, quota.id).unwrap();
    sheets::set_yearly(
        &mut conn,
        &quota_user,
        2026,
        Decimal::from(240),
        Decimal::from(120000),
        Utc::now(),
    )
    .unwrap();
    let november = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    crate::rewards::monthly_goal(&mut conn, quota.id, "signups", november, 12, None);

    let now = utc("2026-11-01T00:05:00Z");
    assert_eq!(sheets::open_month(&mut conn, 2026, 11, now).unwrap(), 4);
    assert_eq!(sheets::open_month(&mut conn, 2026, 11, now).unwrap(), 0);
    let draft = |id| {
        GoalSheet::of_month(&mut app.conn(), id, 2026, 11)
            .unwrap()
            .unwrap()
    };
    let from_sheet = draft(with_sheet.user_id);
    assert_eq!(from_sheet.status, "draft");
    assert_eq!(from_sheet.signup_goal, Decimal::from(20));
    assert_eq!(from_sheet.bonus_tier_goal, 2);
    let from_yearly = draft(yearly.id);
    assert_eq!(from_yearly.signup_goal, Decimal::from(20));
    assert_eq!(from_yearly.revenue_goal, Decimal::from(10000));
    assert_eq!(draft(blank.id).signup_goal, Decimal::ZERO);
    let from_quota = draft(quota.id);
    assert_eq!(from_quota.signup_goal, Decimal::from(12));
    assert_eq!(from_quota.revenue_goal, Decimal::from(10000));
    assert!(from_sheet.signup_goal_id.is_none(), "a draft makes no goal");
}

#[actix_web::test]
async fn the_dashboard_shows_the_prefilled_form_until_the_sheet_is_set() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let mut conn = app.conn();
    let today = Utc::now().date_naive();
    let user = User::find(&mut conn, rep.id).unwrap();
    sheets::set_yearly(
        &mut conn,
        &user,
        today.year(),
        Decimal::from(240),
        Decimal::from(0),
        Utc::now(),
    )
    .unwrap();
    sheets::open_month(&mut conn, today.year(), today.month(), Utc::now()).unwrap();
    let client = app.signed_in(&rep).await;
    let (_, page) = client.get_text("/dashboard").await;
    assert!(page.contains("id=\"sheet-card\""));
    assert!(
        page.contains("left to set your") || page.contains("overdue by"),
        "{page}"
    );
    assert!(page.contains("value=\"20\""), "pre-filled from the draft");

    // A bad htmx submit: 422, a toast and the card with its messages.
    let token = client.csrf_token().await;
    let year = today.year().to_string();
    let month = today.month().to_string();
    let response = client
        .http
        .post(format!("{}/sheets", client.address))
        .header("HX-Request", "true")
        .form(&[
            ("csrf_token", token.as_str()),
            ("year", &year),
            ("month", &month),
            ("signup_goal", "-1"),
            ("revenue_goal", "abc"),
            ("bonus_tier_goal", "7"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Bonus tier: Enter a whole number from 0 to 6."),
        "{body}"
    );
    assert!(body.contains("hx-swap-oob=\"true\""));

    let response = client
        .http
        .post(format!("{}/sheets", client.address))
        .header("HX-Request", "true")
        .form(&[
            ("csrf_token", token.as_str()),
            ("year", &year),
            ("month", &month),
            ("signup_goal", "20"),
            ("revenue_goal", "5,000"),
            ("bonus_tier_goal", "4"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["hx-redirect"], "/dashboard");
    let (_, page) = client.get_text("/dashboard").await;
    assert!(
        page.contains("goals are set") || page.contains(">Set<"),
        "{page}"
    );
    assert!(!page.contains("class=\"sheet-form\""));
}

#[actix_web::test]
async fn a_double_submit_makes_one_goal_per_metric_and_a_duplicate_goal_is_refused() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let api = api_for(&app, &rep).await;
    let body = json!({ "signup_goal": "20", "revenue_goal": "1000", "bonus_tier_goal": "1" });
    let (a, b) = tokio::join!(
        api.post("/api/v1/goals/monthly/set", body.clone()),
        api.post("/api/v1/goals/monthly/set", body.clone())
    );
    assert_eq!((a.0.as_u16(), b.0.as_u16()), (200, 200));
    let mut conn = app.conn();
    let mine: Vec<Goal> = goals::table
        .filter(goals::user_id.eq(rep.id))
        .select(Goal::as_select())
        .load(&mut conn)
        .unwrap();
    assert_eq!(mine.len(), 2);
    // A change of target writes a revision with before and after.
    api.post(
        "/api/v1/goals/monthly/set",
        json!({ "signup_goal": "25", "revenue_goal": "1000", "bonus_tier_goal": "1" }),
    )
    .await;
    let signup_goal = a.1["sheet"]["signup_goal_id"].as_i64().unwrap();
    let revisions: Vec<(serde_json::Value, serde_json::Value)> = goal_revisions::table
        .filter(goal_revisions::goal_id.eq(signup_goal))
        .select((goal_revisions::before, goal_revisions::after))
        .order(goal_revisions::id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(revisions.len(), 2, "created, then changed: {revisions:?}");
    assert_eq!(revisions[1].0, json!({ "target": "20.00" }));
    assert_eq!(revisions[1].1, json!({ "target": "25.00" }));
    // Another live goal on the same owner, metric and period is refused.
    let goal = Goal::find(&mut conn, signup_goal).unwrap();
    let duplicate = Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(rep.id),
            goal.metric_id,
            goal.period_id,
            Decimal::TEN,
        ),
    );
    match duplicate {
        Err(diesel::result::Error::DatabaseError(_, info)) => {
            assert_eq!(info.constraint_name(), Some("goals_live_key"))
        }
        other => panic!("expected the live-goal key to refuse it, got {other:?}"),
    }
    let sheets: i64 = goal_sheets::table
        .filter(goal_sheets::user_id.eq(rep.id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(sheets, 1);
}

#[actix_web::test]
async fn bad_sheet_input_is_refused_field_by_field() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let api = api_for(&app, &rep).await;
    let (status, body) = api
        .post(
            "/api/v1/goals/monthly/set",
            json!({ "signup_goal": "2.5", "revenue_goal": "-3", "bonus_tier_goal": "9", "month": 13 }),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["signup_goal", "revenue_goal", "bonus_tier_goal", "month"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    let (status, _) = api.get("/api/v1/goals/progress/1/13/2026").await;
    assert_eq!(status, 422);
}

#[actix_web::test]
async fn managers_read_their_reps_sheets_and_clear_a_late_flag_with_a_reason() {
    let app = spawn_app().await;
    let late = set_at(&app, "late@example.com", 2026, 11, "2026-11-09T10:00:00Z");
    let manager = app.create_user("manager", "manager@example.com");
    let stranger = app.create_user("manager", "stranger@example.com");
    let other_rep = app.create_user("rep", "other@example.com");
    manage(&app, manager.id, late.user_id);
    let page = format!("/sheets/{}/2026/11", late.user_id);
    let clear = format!("{page}/clear-late");

    let boss = app.signed_in(&manager).await;
    let (status, body) = boss.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(body.contains("marked late"), "{body}");
    assert!(body.contains("Signups 0 of 20"), "{body}");
    let (status, _) = app.signed_in(&other_rep).await.get_text(&page).await;
    assert_eq!(status, 404);
    let (status, _) = api_for(&app, &other_rep)
        .await
        .get(&format!("/api/v1/goals/history/{}", late.user_id))
        .await;
    assert_eq!(status, 404);

    let refused = boss.post_form(&clear, &[("reason", " ")]).await;
    assert_eq!(refused.status(), 422);
    let outsider = app
        .signed_in(&stranger)
        .await
        .post_form(&clear, &[("reason", "Was on leave")])
        .await;
    assert_eq!(outsider.status(), 404);
    let cleared = boss.post_form(&clear, &[("reason", "Was on leave")]).await;
    assert_eq!(cleared.status(), 303);
    assert_eq!(location(&cleared), page);
    let again = boss.post_form(&clear, &[("reason", "Twice")]).await;
    assert_eq!(again.status(), 409);

    let mut conn = app.conn();
    let sheet = GoalSheet::find(&mut conn, late.id).unwrap();
    assert_eq!(sheet.late_cleared_by, Some(manager.id));
    assert_eq!(sheet.late_cleared_reason.as_deref(), Some("Was on leave"));
    assert_eq!(sheet.set_by_deadline, Some(false), "the fact stays");
    let audited: i64 = audit_log::table
        .filter(audit_log::entity.eq("goal_sheet"))
        .filter(audit_log::entity_id.eq(late.id))
        .filter(audit_log::actor_id.eq(manager.id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 1);

    let (status, history) = api_for(&app, &manager)
        .await
        .get(&format!("/api/v1/goals/history/{}", late.user_id))
        .await;
    assert_eq!(status, 200);
    assert_eq!(history["sheets"][0]["set_by_deadline"], false);
    assert_eq!(history["sheets"][0]["late"], false);
    assert_eq!(history["sheets"][0]["attainment_percent"], "0.00");
}

#[actix_web::test]
async fn history_lists_the_reps_sheets_newest_first() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rep@example.com");
    let mut conn = app.conn();
    let user = User::find(&mut conn, rep.id).unwrap();
    let org = Organisation::get(&mut conn).unwrap();
    for (month, now) in [(9, "2026-09-03T00:00:00Z"), (10, "2026-10-08T00:00:00Z")] {
        sheets::set_sheet(
            &mut conn,
            &user,
            &org,
            2026,
            month,
            &input(5, 100, 0),
            utc(now),
        )
        .unwrap();
    }
    let (status, body) = api_for(&app, &rep)
        .await
        .get(&format!("/api/v1/goals/history/{}", rep.id))
        .await;
    assert_eq!(status, 200);
    let rows = body["sheets"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["month"], 10);
    assert_eq!(rows[0]["set_by_deadline"], false);
    assert_eq!(rows[1]["month"], 9);
    assert_eq!(rows[1]["set_by_deadline"], true);
    assert_eq!(rows[1]["signups"]["target"], "5.00");
}
