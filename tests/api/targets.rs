//! Dynamic targets through HTTP: the calculator and its htmx breakdown with
//! the spec's factors (1.2 personal, 1.5 peak market, 0.8 off-season),
//! saving onto a goal through the lifecycle, the factor pages with their
//! role checks, refusals and revisions, the team factor from last month,
//! the computed target in the approval queue, special objectives, the API
//! and the demo's factors.

use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::partner_tiers::PartnerTierFields;
use attain::db::partner_types::PartnerTypeFields;
use attain::db::periods::PeriodRow;
use attain::db::revisions::GoalRevision;
use attain::db::schema::{
    goal_objectives, goals, market_factors, metric_events, seasonal_factors,
    target_factor_revisions, user_target_factors, users,
};
use attain::db::target_factors::FactorRevision;
use attain::domain::period::{Period, PeriodKind};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use crate::helpers::{Client, TestApp, TestUser, api_for, location, spawn_app};
use attain::domain::lifecycle::Status;

/// A manager running North with a partner rep (Agency: 10,000,000 a
/// month; Gold: × 1.5) and a rep without a partner type; an outsider in
/// South; an admin.
struct World {
    app: TestApp,
    admin: TestUser,
    manager: TestUser,
    partner: TestUser,
    plain: TestUser,
    outsider: TestUser,
    today: NaiveDate,
    month: PeriodRow,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let manager = app.create_user("manager", "mia.manager@example.com");
    let partner = app.create_user("rep", "paul.partner@example.com");
    let plain = app.create_user("rep", "pia.plain@example.com");
    let outsider = app.create_user("rep", "olga.outside@example.com");
    let agency = app.partner_type(PartnerTypeFields {
        code: "agency".into(),
        name: "Agency".into(),
        min_monthly_sales: dec!(10000000.00),
        min_deal_count: 12,
    });
    let gold = app.partner_tier(PartnerTierFields {
        code: "gold".into(),
        name: "Gold".into(),
        rank: 3,
        target_multiplier: dec!(1.5),
    });
    let north = app.team("North", Some(manager.id));
    let south = app.team("South", None);
    for (user, team) in [
        (manager.id, north),
        (partner.id, north),
        (plain.id, north),
        (outsider.id, south),
    ] {
        app.edit_user(user, |p| p.team_id = Some(team));
    }
    for user in [partner.id, outsider.id] {
        app.edit_user(user, |p| {
            p.partner_type_id = Some(agency);
            p.partner_tier_id = Some(gold);
        });
    }
    let mut conn = app.conn();
    let org = Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let month = PeriodRow::containing(&mut conn, PeriodKind::Month, today, 1).unwrap();
    World {
        app,
        admin,
        manager,
        partner,
        plain,
        outsider,
        today,
        month,
    }
}

fn revenue(app: &TestApp) -> i64 {
    Metric::find_by_key(&mut app.conn(), "revenue")
        .unwrap()
        .unwrap()
        .id
}

fn month_param(w: &World) -> String {
    format!("{:04}-{:02}", w.today.year(), w.today.month())
}

/// The admin sets this month's seasonal factor to 0.8 and market factor to
/// 1.5; the manager sets the partner's personal factor to 1.2.
async fn spec_factors(w: &World) {
    let admin = w.app.signed_in(&w.admin).await;
    let month = w.today.month();
    let seasonal = format!("s{month}");
    let response = admin
        .post_form(
            "/admin/target-factors/seasonal",
            &[(seasonal.as_str(), "0.8"), ("reason", "Off-season")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let market = format!("m{month}");
    let year = w.today.year().to_string();
    let response = admin
        .post_form(
            "/admin/target-factors/market",
            &[
                (market.as_str(), "1.5"),
                ("year", &year),
                ("reason", "Peak market"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let manager = w.app.signed_in(&w.manager).await;
    let response = manager
        .post_form(
            &format!("/targets/factors/{}", w.partner.id),
            &[
                ("personal", "1.2"),
                ("team", ""),
                ("reason", "Strong pipeline"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
}

/// POSTs as htmx does: `HX-Request` and the CSRF header.
async fn htmx_post(client: &Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = client.csrf_token().await;
    client
        .http
        .post(format!("{}{path}", client.address))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", token)
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// How many rows a table holds.
macro_rules! count {
    ($app:expr, $table:expr) => {
        $table.count().get_result::<i64>(&mut $app.conn()).unwrap()
    };
}

#[actix_web::test]
async fn the_calculator_shows_the_spec_breakdown_and_follows_the_factors() {
    let w = world().await;
    spec_factors(&w).await;
    let manager = w.app.signed_in(&w.manager).await;
    let query = format!(
        "user={}&month={}&metric={}",
        w.partner.id,
        month_param(&w),
        revenue(&w.app)
    );
    let (status, page) = manager
        .get_text(&format!("/targets/calculator?{query}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Paul Partner"), "the person is offered");
    assert!(
        !page.contains("Pia Plain"),
        "people without a partner type are not"
    );
    assert!(
        !page.contains("Olga Outside"),
        "nor people outside the teams"
    );
    for part in ["$10,000,000.00", "$15,000,000.00", "$21,600,000.00"] {
        assert!(page.contains(part), "{part} on the page");
    }
    let (status, partial) = manager
        .get_text(&format!("/targets/calculator/breakdown?{query}"))
        .await;
    assert_eq!(status, 200);
    assert!(partial.starts_with("<div id=\"breakdown\""));
    assert!(partial.contains("$21,600,000.00"));
    // A what-if: personal 1 instead of 1.2 → 15M × 1.5 × 0.8 = 18M.
    let (_, partial) = manager
        .get_text(&format!("/targets/calculator/breakdown?{query}&personal=1"))
        .await;
    assert!(partial.contains("$18,000,000.00"), "{partial}");
    assert!(partial.contains("is-adjusted"));
    // A bad factor explains itself instead of a number.
    let (status, partial) = manager
        .get_text(&format!("/targets/calculator/breakdown?{query}&market=0"))
        .await;
    assert_eq!(status, 200);
    assert!(partial.contains("Correct the marked factors"));
    // Someone outside the manager's teams is not there.
    let (status, _) = manager
        .get_text(&format!(
            "/targets/calculator?user={}&month={}",
            w.outsider.id,
            month_param(&w)
        ))
        .await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn saving_from_the_calculator_sets_the_goal_with_its_breakdown_through_the_lifecycle() {
    let w = world().await;
    spec_factors(&w).await;
    let manager = w.app.signed_in(&w.manager).await;
    let metric = revenue(&w.app).to_string();
    let user = w.partner.id.to_string();
    let month = month_param(&w);
    let save = |extra: Vec<(&'static str, &'static str)>| {
        let mut fields = vec![
            ("user", user.clone()),
            ("month", month.clone()),
            ("metric", metric.clone()),
            ("intent", "save".to_string()),
        ];
        fields.extend(extra.into_iter().map(|(k, v)| (k, v.to_string())));
        fields
    };
    let as_refs =
        |fields: &[(&'static str, String)]| -> Vec<(&'static str, String)> { fields.to_vec() };
    let fields = as_refs(&save(vec![]));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = manager.post_form("/targets/calculator", &pairs).await;
    assert_eq!(response.status(), 303);
    let goal_path = location(&response);
    let id: i64 = goal_path.trim_start_matches("/goals/").parse().unwrap();
    let goal = Goal::find(&mut w.app.conn(), id).unwrap();
    assert_eq!(goal.target, dec!(21600000.00));
    assert_eq!(goal.owner(), Owner::User(w.partner.id));
    assert_eq!(
        goal.status,
        Status::Active,
        "a manager's goal of a started month is active"
    );
    let stored: Option<Value> = goals::table
        .find(id)
        .select(goals::target_breakdown)
        .first(&mut w.app.conn())
        .unwrap();
    let stored = stored.expect("the breakdown is stored with the goal");
    assert_eq!(stored["base"], "15000000");
    assert_eq!(stored["final_target"], "21600000.00");
    assert_eq!(stored["factors"]["personal"]["value"], "1.2");
    assert_eq!(stored["factors"]["market"]["value"], "1.5");
    assert_eq!(stored["factors"]["seasonal"]["value"], "0.8");
    assert_eq!(stored["factors"]["team"]["source"], "not_leader");
    let revisions = GoalRevision::for_goal(&mut w.app.conn(), id).unwrap();
    let first = &revisions[0].0;
    assert_eq!(first.after["target"], "21600000.00");
    assert_eq!(first.after["personal_factor"], "1.2");
    assert_eq!(first.after["market_factor"], "1.5");
    // The goal page shows how the target was made.
    let (status, page) = manager.get_text(&goal_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("How this target was made"));
    assert!(page.contains("$15,000,000.00"));
    // The API carries the breakdown with the goal.
    let api = api_for(&w.app, &w.manager).await;
    let (status, body) = api
        .get(&format!("/api/v1/goals?user_id={}", w.partner.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body[0]["target_breakdown"]["final_target"], "21600000.00");

    // The personal factor changes; the active goal's new target needs a
    // reason, and without one nothing is written.
    let response = manager
        .post_form(
            &format!("/targets/factors/{}", w.partner.id),
            &[("personal", "1.25"), ("team", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = manager.post_form("/targets/calculator", &pairs).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Say why"));
    assert_eq!(
        Goal::find(&mut w.app.conn(), id).unwrap().target,
        dec!(21600000.00)
    );
    let fields = save(vec![("reason", "Pipeline grew")]);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = manager.post_form("/targets/calculator", &pairs).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        goal_path,
        "the live goal changes, no second goal"
    );
    let goal = Goal::find(&mut w.app.conn(), id).unwrap();
    assert_eq!(goal.target, dec!(22500000.00));
    let revisions = GoalRevision::for_goal(&mut w.app.conn(), id).unwrap();
    let last = &revisions.last().unwrap().0;
    assert_eq!(last.reason.as_deref(), Some("Pipeline grew"));
    assert_eq!(last.before["personal_factor"], "1.2");
    assert_eq!(last.after["personal_factor"], "1.25");
    assert_eq!(last.before["target"], "21600000.00");
    let live: i64 = goals::table
        .filter(goals::user_id.eq(w.partner.id))
        .filter(goals::status.ne(Status::Cancelled))
        .count()
        .get_result(&mut w.app.conn())
        .unwrap();
    assert_eq!(live, 1);
}

#[actix_web::test]
async fn target_pages_check_roles_and_reach() {
    let w = world().await;
    let rep = w.app.signed_in(&w.partner).await;
    for path in [
        "/targets/calculator",
        "/targets/factors",
        "/admin/target-factors",
    ] {
        let (status, _) = rep.get_text(path).await;
        assert_eq!(status, 403, "rep at {path}");
    }
    let response = rep
        .post_form(
            &format!("/targets/factors/{}", w.partner.id),
            &[("personal", "2")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = rep
        .post_form("/admin/target-factors/seasonal", &[("s1", "2")])
        .await;
    assert_eq!(response.status(), 403);
    let manager = w.app.signed_in(&w.manager).await;
    let (status, _) = manager.get_text("/admin/target-factors").await;
    assert_eq!(status, 403, "calendar factors are the admin's");
    let response = manager
        .post_form(
            &format!("/targets/factors/{}", w.outsider.id),
            &[("personal", "2")],
        )
        .await;
    assert_eq!(response.status(), 403, "outside the manager's teams");
    let response = manager
        .post_form(
            &format!("/targets/factors/{}", w.manager.id),
            &[("personal", "2")],
        )
        .await;
    assert_eq!(response.status(), 403, "nobody sets their own factor");
    assert_eq!(count!(w.app, user_target_factors::table), 0);
    assert_eq!(count!(w.app, seasonal_factors::table), 0);
    let fields = [
        ("user", w.outsider.id.to_string()),
        ("month", month_param(&w)),
        ("metric", revenue(&w.app).to_string()),
        ("intent", "save".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = manager.post_form("/targets/calculator", &pairs).await;
    assert_eq!(response.status(), 403);
    assert_eq!(count!(w.app, goals::table), 0);
}

#[actix_web::test]
async fn bad_factors_answer_422_and_write_nothing() {
    let w = world().await;
    let admin = w.app.signed_in(&w.admin).await;
    for bad in ["0", "-1", "10.5", "abc", "1.23456"] {
        let response = admin
            .post_form(
                "/admin/target-factors/seasonal",
                &[("s1", "1.1"), ("s2", bad)],
            )
            .await;
        assert_eq!(response.status(), 422, "seasonal {bad}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Nothing was saved"), "{bad}");
        let response = admin
            .post_form("/admin/target-factors/market", &[("m3", bad)])
            .await;
        assert_eq!(response.status(), 422, "market {bad}");
    }
    assert_eq!(count!(w.app, seasonal_factors::table), 0);
    assert_eq!(count!(w.app, market_factors::table), 0);
    let manager = w.app.signed_in(&w.manager).await;
    let response = manager
        .post_form(
            &format!("/targets/factors/{}", w.partner.id),
            &[("personal", "1.1"), ("team", "0")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = htmx_post(
        &manager,
        &format!("/targets/factors/{}", w.partner.id),
        &[("personal", "11"), ("team", "")],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.headers().get("hx-retarget").unwrap(),
        "#toasts",
        "the toast shows the refusal"
    );
    let body = response.text().await.unwrap();
    assert!(
        body.contains("hx-swap-oob"),
        "the row comes back with its messages"
    );
    assert_eq!(count!(w.app, user_target_factors::table), 0);
    let fields = [
        ("user", w.partner.id.to_string()),
        ("month", month_param(&w)),
        ("metric", revenue(&w.app).to_string()),
        ("personal", "0".to_string()),
        ("intent", "save".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = manager.post_form("/targets/calculator", &pairs).await;
    assert_eq!(response.status(), 422);
    assert_eq!(count!(w.app, goals::table), 0);
    assert_eq!(count!(w.app, target_factor_revisions::table), 0);
}

#[actix_web::test]
async fn every_factor_change_writes_a_revision_with_before_and_after() {
    let w = world().await;
    spec_factors(&w).await;
    let mut conn = w.app.conn();
    let rows: Vec<FactorRevision> = target_factor_revisions::table
        .select(FactorRevision::as_select())
        .order(target_factor_revisions::id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let month = w.today.month().to_string();
    assert_eq!(rows[0].factor, "seasonal");
    assert_eq!(rows[0].before[&month], Value::Null);
    assert_eq!(rows[0].after[&month], "0.8");
    assert_eq!(rows[0].reason.as_deref(), Some("Off-season"));
    assert_eq!(rows[1].factor, "market");
    assert_eq!(rows[1].period_id, Some(w.month.id));
    assert_eq!(rows[1].after["market_factor"], "1.5");
    assert_eq!(rows[2].factor, "personal");
    assert_eq!(rows[2].user_id, Some(w.partner.id));
    assert_eq!(rows[2].before["personal_factor"], "1");
    assert_eq!(rows[2].after["personal_factor"], "1.2");
    // The same values again change nothing and write nothing.
    spec_factors(&w).await;
    assert_eq!(count!(w.app, target_factor_revisions::table), 3);
    // A team factor by hand, then back to computed.
    let manager = w.app.signed_in(&w.manager).await;
    for team in ["0.9", ""] {
        let response = htmx_post(
            &manager,
            &format!("/targets/factors/{}", w.partner.id),
            &[("personal", "1.2"), ("team", team)],
        )
        .await;
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("Saved"));
    }
    let team: Vec<(Value, Value)> = target_factor_revisions::table
        .filter(target_factor_revisions::factor.eq("team"))
        .select((
            target_factor_revisions::before,
            target_factor_revisions::after,
        ))
        .order(target_factor_revisions::id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(team.len(), 2);
    assert_eq!(team[0].1["team_factor_override"], "0.9");
    assert_eq!(team[1].0["team_factor_override"], "0.9");
    assert_eq!(team[1].1["team_factor_override"], Value::Null);
    // The pages list the changes; the factor page shows the people's.
    let (_, page) = manager.get_text("/targets/factors").await;
    assert!(page.contains("Personal adjustment of Paul Partner"));
    let admin = w.app.signed_in(&w.admin).await;
    let (_, page) = admin.get_text("/admin/target-factors").await;
    assert!(page.contains("Seasonal factors"));
    assert!(page.contains("Off-season"));
    // The revisions are append-only.
    let refused = diesel::delete(target_factor_revisions::table).execute(&mut conn);
    assert!(refused.is_err());
}

#[actix_web::test]
async fn a_leaders_team_factor_follows_last_months_attainment_unless_set_by_hand() {
    let w = world().await;
    // The partner sponsors the outsider: a downline of one.
    w.app
        .edit_user(w.outsider.id, |p| p.sponsor_id = Some(w.partner.id));
    let mut conn = w.app.conn();
    let last = Period::month_containing(w.today).previous().unwrap();
    let last_month = PeriodRow::containing(&mut conn, PeriodKind::Month, last.start, 1).unwrap();
    let metric = revenue(&w.app);
    Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(w.outsider.id),
            metric,
            last_month.id,
            dec!(1000),
        ),
    )
    .unwrap();
    diesel::insert_into(metric_events::table)
        .values((
            metric_events::user_id.eq(w.outsider.id),
            metric_events::metric_id.eq(metric),
            metric_events::value.eq(dec!(1125)),
            metric_events::occurred_on.eq(last.start),
            metric_events::source.eq("manual"),
        ))
        .execute(&mut conn)
        .unwrap();
    let api = api_for(&w.app, &w.manager).await;
    let path = format!(
        "/api/v1/targets/calculate?user_id={}&period_id={}&metric_type=revenue",
        w.partner.id, w.month.id
    );
    let (status, body) = api.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let team = &body["target_breakdown"]["factors"]["team"];
    assert_eq!(team["value"], "1.13", "112.50% → 1.13");
    assert_eq!(team["source"], "computed");
    assert!(team["note"].as_str().unwrap().contains("112.50%"));
    // 15M × 1.13 = 16.95M.
    assert_eq!(body["final_target"], "16950000.00");
    let manager = w.app.signed_in(&w.manager).await;
    let response = manager
        .post_form(
            &format!("/targets/factors/{}", w.partner.id),
            &[("personal", "1"), ("team", "0.9")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, body) = api.get(&path).await;
    let team = &body["target_breakdown"]["factors"]["team"];
    assert_eq!(team["value"], "0.9");
    assert_eq!(team["source"], "override");
    assert_eq!(body["final_target"], "13500000.00");
    // Someone who leads nobody has a team factor of 1.
    let admin_api = api_for(&w.app, &w.admin).await;
    let (_, body) = admin_api
        .get(&format!(
            "/api/v1/targets/calculate?user_id={}&period_id={}&metric_type=deals",
            w.outsider.id, w.month.id
        ))
        .await;
    assert_eq!(
        body["target_breakdown"]["factors"]["team"]["source"],
        "not_leader"
    );
    assert_eq!(body["final_target"], "18", "12 deals × 1.5");
}

#[actix_web::test]
async fn the_api_calculates_for_people_in_reach_and_says_where_the_formula_does_not_apply() {
    let w = world().await;
    spec_factors(&w).await;
    let path = |user: i64, period: i64, metric: &str| {
        format!("/api/v1/targets/calculate?user_id={user}&period_id={period}&metric_type={metric}")
    };
    let rep = api_for(&w.app, &w.partner).await;
    let (status, body) = rep.get(&path(w.partner.id, w.month.id, "revenue")).await;
    assert_eq!(status, StatusCode::OK, "a partner reads their own");
    assert_eq!(body["final_target"], "21600000.00");
    assert_eq!(body["target_breakdown"]["base"], "15000000");
    assert_eq!(body["target_breakdown"]["multiplier"], "1.5");
    assert_eq!(body["live_goal"], Value::Null);
    let (status, _) = rep.get(&path(w.outsider.id, w.month.id, "revenue")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let manager = api_for(&w.app, &w.manager).await;
    let (status, body) = manager
        .get(&format!(
            "{}&personal=1&seasonal=1",
            path(w.partner.id, w.month.id, "revenue")
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["final_target"], "22500000.00");
    assert_eq!(
        body["target_breakdown"]["factors"]["personal"]["source"],
        "adjusted"
    );
    let (status, body) = manager
        .get(&format!(
            "{}&market=11",
            path(w.partner.id, w.month.id, "revenue")
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["market"].is_string());
    let (status, body) = manager.get(&path(w.plain.id, w.month.id, "revenue")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["fields"]["user_id"]
            .as_str()
            .unwrap()
            .contains("partner type")
    );
    let (status, body) = manager.get(&path(w.partner.id, w.month.id, "calls")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["metric_type"].is_string());
    let quarter =
        PeriodRow::containing(&mut w.app.conn(), PeriodKind::Quarter, w.today, 1).unwrap();
    let (status, body) = manager
        .get(&path(w.partner.id, quarter.id, "revenue"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["period_id"].is_string());
    let (status, body) = manager.get("/api/v1/targets/calculate").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["user_id"].is_string());
}

#[actix_web::test]
async fn the_goal_approval_queue_shows_the_computed_target() {
    let w = world().await;
    spec_factors(&w).await;
    let metric = revenue(&w.app);
    let mut conn = w.app.conn();
    for (user, target) in [(w.partner.id, dec!(20000000)), (w.plain.id, dec!(5000))] {
        let id = Goal::insert(
            &mut conn,
            &NewGoal::new(Owner::User(user), metric, w.month.id, target),
        )
        .unwrap()
        .id;
        diesel::update(goals::table.find(id))
            .set((
                goals::status.eq(Status::PendingApproval),
                goals::submitted_at.eq(diesel::dsl::now),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let manager = w.app.signed_in(&w.manager).await;
    let (status, page) = manager.get_text("/approvals/goals").await;
    assert_eq!(status, 200);
    assert!(page.contains("Computed target"));
    let document = scraper::Html::parse_document(&page);
    let cells = scraper::Selector::parse("td.queue-computed").unwrap();
    let computed: Vec<String> = document
        .select(&cells)
        .map(|c| c.text().collect::<String>())
        .collect();
    assert_eq!(computed.len(), 2);
    assert!(
        computed.iter().any(|c| c.starts_with("$21,600,000.00")),
        "{computed:?}"
    );
    assert!(computed.iter().any(|c| c.trim() == "—"), "{computed:?}");
}

#[actix_web::test]
async fn special_objectives_hang_off_a_goal_and_are_edited_by_who_may_edit_it() {
    let w = world().await;
    let metric = revenue(&w.app);
    let id = Goal::insert(
        &mut w.app.conn(),
        &NewGoal::new(Owner::User(w.partner.id), metric, w.month.id, dec!(1000)),
    )
    .unwrap()
    .id;
    let base = format!("/goals/{id}/objectives");
    let manager = w.app.signed_in(&w.manager).await;
    let response = htmx_post(
        &manager,
        &base,
        &[("name", "New clients"), ("target", "5"), ("unit", "count")],
    )
    .await;
    assert_eq!(response.status(), 200);
    let section = response.text().await.unwrap();
    assert!(
        section
            .trim_start()
            .starts_with("<section id=\"objectives\"")
    );
    assert!(section.contains("New clients"));
    let response = manager
        .post_form(
            &base,
            &[
                ("name", "Satisfaction"),
                ("target", "90"),
                ("unit", "percent"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    // A second objective of the same name, a percentage above 100, a blank
    // name: refused, nothing written.
    for fields in [
        [("name", "new clients"), ("target", "3"), ("unit", "count")],
        [
            ("name", "Mentoring"),
            ("target", "120"),
            ("unit", "percent"),
        ],
        [("name", " "), ("target", "2"), ("unit", "count")],
    ] {
        let response = manager.post_form(&base, &fields).await;
        assert_eq!(response.status(), 422, "{fields:?}");
    }
    let objectives: Vec<(i64, String, Decimal)> = goal_objectives::table
        .filter(goal_objectives::goal_id.eq(id))
        .select((
            goal_objectives::id,
            goal_objectives::name,
            goal_objectives::target,
        ))
        .order(goal_objectives::id)
        .load(&mut w.app.conn())
        .unwrap();
    assert_eq!(objectives.len(), 2);
    let clients = objectives[0].0;
    // The owner records the actual but may not move the target.
    let owner = w.app.signed_in(&w.partner).await;
    let row = format!("{base}/{clients}");
    let response = owner.post_form(&row, &[("actual", "3")]).await;
    assert_eq!(response.status(), 303);
    let response = owner
        .post_form(&row, &[("target", "2"), ("actual", "3")])
        .await;
    assert_eq!(response.status(), 403);
    let response = owner
        .post_form(&base, &[("name", "Trainings"), ("target", "3")])
        .await;
    assert_eq!(
        response.status(),
        403,
        "an active goal's objectives are set by managers"
    );
    let actual: Option<Decimal> = goal_objectives::table
        .find(clients)
        .select(goal_objectives::actual)
        .first(&mut w.app.conn())
        .unwrap();
    assert_eq!(actual, Some(dec!(3)));
    let (_, page) = owner.get_text(&format!("/goals/{id}")).await;
    assert!(page.contains("Special objectives"));
    assert!(page.contains("60.00%"), "3 of 5");
    // Someone who may not see the goal learns nothing.
    let outsider = w.app.signed_in(&w.outsider).await;
    let response = outsider.post_form(&row, &[("actual", "5")]).await;
    assert_eq!(response.status(), 404);
    // The manager changes the target and removes one; both are revisions.
    let response = manager
        .post_form(&row, &[("target", "6"), ("actual", "3")])
        .await;
    assert_eq!(response.status(), 303);
    let response = manager
        .post_form(&format!("{base}/{}/delete", objectives[1].0), &[])
        .await;
    assert_eq!(response.status(), 303);
    let revisions = GoalRevision::for_goal(&mut w.app.conn(), id).unwrap();
    let changes: Vec<(Value, Value)> = revisions
        .iter()
        .map(|(r, _)| (r.before.clone(), r.after.clone()))
        .collect();
    assert!(
        changes
            .iter()
            .any(|(_, a)| a["objective: New clients"] == "5")
    );
    assert!(
        changes
            .iter()
            .any(|(b, a)| b["objective: New clients"] == "5" && a["objective: New clients"] == "6")
    );
    assert!(
        changes
            .iter()
            .any(|(b, a)| b["objective: Satisfaction"] == "90%"
                && a["objective: Satisfaction"].is_null())
    );
}

#[actix_web::test]
async fn the_demo_organisation_has_target_factors_the_calculator_uses() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    assert_eq!(count!(app, seasonal_factors::table), 12);
    assert_eq!(count!(app, market_factors::table), 12);
    assert!(count!(app, user_target_factors::table) >= 4);
    // Seasonal (one), market (twelve months), three personal, one team.
    assert_eq!(count!(app, target_factor_revisions::table), 17);
    let client = app.client();
    let response = client
        .sign_in("jihoon.park@demo.attain.test", attain::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
    let doyun: i64 = users::table
        .filter(users::email.eq("doyun.kang@demo.attain.test"))
        .select(users::id)
        .first(&mut app.conn())
        .unwrap();
    let (status, page) = client
        .get_text(&format!("/targets/calculator?user={doyun}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Kang Do-yun"));
    // The demo organisation reads Korean.
    assert!(page.contains("Distributor 최소 기준"));
    assert!(
        page.contains("Kang Do-yun님 개인 조정"),
        "the factor's reason reads Korean"
    );
    let (status, page) = client.get_text("/targets/factors").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("하위 라인"),
        "the demo's sponsors lead downlines"
    );
}
