//! Same-tier benchmarks: the forecasts job ranks each partner's live
//! personal goals among active partners of the same type and tier; the rep
//! sees only their own standing, managers the quartiles, and no page or API
//! route shows a rep another's forecast or standing (or what they are made
//! of).

use attain::db::events::{MetricEvent, NewMetricEvent};
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::partner_tiers::PartnerTierFields;
use attain::db::partner_types::PartnerTypeFields;
use attain::db::schema::{goal_benchmarks, goal_forecasts, tier_benchmarks};
use attain::goals::forecast::job;
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::helpers::{TestApp, TestUser, spawn_app};

fn event(conn: &mut PgConnection, user: i64, metric: i64, value: Decimal, on: NaiveDate) {
    MetricEvent::record(
        conn,
        &NewMetricEvent {
            user_id: user,
            metric_id: metric,
            value,
            occurred_on: on,
            source: "manual".into(),
            external_ref: None,
            note: None,
            created_by: None,
            correction_reason: None,
        },
    )
    .unwrap();
}

fn revenue(conn: &mut PgConnection) -> i64 {
    attain::db::metrics::Metric::find_by_key(conn, "revenue")
        .unwrap()
        .unwrap()
        .id
}

fn today(app: &TestApp) -> NaiveDate {
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    attain::goals::progress::org_today(&org)
}

/// A peer group's size and quartiles as stored.
type Quartiles = (i32, Option<Decimal>, Option<Decimal>, Option<Decimal>);

/// A "Gold" tier and an "Agent" type.
fn gold_agents(app: &TestApp) -> (i64, i64) {
    // The admin the fixtures record their changes under.
    app.create_user("admin", "ada.admin@example.com");
    let kind = app.partner_type(PartnerTypeFields {
        code: "agent".into(),
        name: "Agent".into(),
        min_monthly_sales: Decimal::ZERO,
        min_deal_count: 0,
    });
    let tier = app.partner_tier(PartnerTierFields {
        code: "gold".into(),
        name: "Gold".into(),
        rank: 3,
        target_multiplier: Decimal::ONE,
    });
    (kind, tier)
}

/// A partner of `kind` and `tier` with a revenue goal of 1,000 this month
/// and `sold` sold today; the goal's id.
fn partner(app: &TestApp, user: &TestUser, kind: i64, tier: i64, sold: i64) -> i64 {
    app.edit_user(user.id, |p| {
        p.partner_type_id = Some(kind);
        p.partner_tier_id = Some(tier);
    });
    let mut conn = app.conn();
    let metric = revenue(&mut conn);
    let goal = Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(user.id),
            metric,
            app.this_month(),
            Decimal::from(1000),
        ),
    )
    .unwrap()
    .id;
    if sold > 0 {
        event(&mut conn, user.id, metric, Decimal::from(sold), today(app));
    }
    goal
}

#[actix_web::test]
async fn the_job_ranks_each_partners_goal_among_active_peers_of_the_same_type_and_tier() {
    let app = spawn_app().await;
    let (agent, gold) = gold_agents(&app);
    let silver = app.partner_tier(PartnerTierFields {
        code: "silver".into(),
        name: "Silver".into(),
        rank: 2,
        target_multiplier: Decimal::ONE,
    });
    // Six gold agents at 90, 70, 70, 50, 30 and 10 % of their targets.
    let mut goals = Vec::new();
    for (i, sold) in [900, 700, 700, 500, 300, 100].into_iter().enumerate() {
        let user = app.create_user("rep", &format!("gold{i}@example.com"));
        goals.push(partner(&app, &user, agent, gold, sold));
    }
    // An inactive gold agent does not count; nor does someone with no tier.
    let gone = app.create_user("rep", "gone@example.com");
    let gone_goal = partner(&app, &gone, agent, gold, 1000);
    app.deactivate_user(gone.id);
    let loner = app.create_user("rep", "loner@example.com");
    let loner_goal = partner(&app, &loner, agent, silver, 500);
    let plain = app.create_user("rep", "plain@example.com");
    let mut conn = app.conn();
    let metric = revenue(&mut conn);
    let plain_goal = Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(plain.id),
            metric,
            app.this_month(),
            Decimal::from(1000),
        ),
    )
    .unwrap()
    .id;

    let day = today(&app);
    let made = job::make(&mut conn, day).unwrap().unwrap();
    assert_eq!(made.benchmarks.goals, 7, "six gold agents and a silver one");
    assert_eq!(made.benchmarks.groups, 2);
    assert_eq!(made.benchmarks.not_enough_peers, 1);
    let stored: Vec<(i64, i32, Option<i16>)> = goal_benchmarks::table
        .select((
            goal_benchmarks::goal_id,
            goal_benchmarks::peers,
            goal_benchmarks::top_percent,
        ))
        .load(&mut conn)
        .unwrap();
    let top = |goal: i64| stored.iter().find(|s| s.0 == goal).map(|s| (s.1, s.2));
    // Places 1, 2, 2, 4, 5, 6 of six: 17, 34, 34, 67, 84 and 100 %.
    let expected = [17, 34, 34, 67, 84, 100];
    for (goal, want) in goals.iter().zip(expected) {
        assert_eq!(top(*goal), Some((6, Some(want))), "goal {goal}");
    }
    assert_eq!(top(loner_goal), Some((1, None)), "not enough peers");
    assert_eq!(top(gone_goal), None);
    assert_eq!(top(plain_goal), None);
    let quartiles: Vec<Quartiles> = tier_benchmarks::table
        .filter(tier_benchmarks::partner_tier_id.eq(gold))
        .select((
            tier_benchmarks::peers,
            tier_benchmarks::q1,
            tier_benchmarks::median,
            tier_benchmarks::q3,
        ))
        .load(&mut conn)
        .unwrap();
    // 10 30 50 70 70 90: percentile_cont 0.25 = 35, 0.5 = 60, 0.75 = 70.
    assert_eq!(
        quartiles,
        vec![(
            6,
            Some(Decimal::new(350, 1)),
            Some(Decimal::new(600, 1)),
            Some(Decimal::new(700, 1))
        )]
    );
}

#[actix_web::test]
async fn a_rep_sees_their_own_standing_and_a_manager_the_quartiles_of_the_teams_tiers() {
    let app = spawn_app().await;
    let (agent, gold) = gold_agents(&app);
    let reps: Vec<TestUser> = (0..5)
        .map(|i| app.create_user("rep", &format!("peer{i}@example.com")))
        .collect();
    let mut goals = Vec::new();
    for (rep, sold) in reps.iter().zip([800, 600, 400, 200, 100]) {
        goals.push(partner(&app, rep, agent, gold, sold));
    }
    let manager = app.create_user("manager", "mina.manager@example.com");
    app.team_of("Agents", manager.id, &[reps[1].id]);
    job::make(&mut app.conn(), today(&app)).unwrap().unwrap();

    let client = app.signed_in(&reps[1]).await;
    let (status, page) = client.get_text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Top 40% of Gold Agent partners"),
        "second of five: {page}"
    );
    for other in reps.iter().filter(|r| r.id != reps[1].id) {
        assert!(!page.contains(&other.name), "{} is named", other.name);
    }
    let api = crate::helpers::api_for(&app, &reps[1]).await;
    let (status, body) = api.get(&format!("/api/v1/goals/{}", goals[1])).await;
    assert_eq!(status, 200);
    assert_eq!(body["benchmark"]["top_percent"], 40);
    assert_eq!(body["benchmark"]["peers"], 5);
    assert_eq!(body["benchmark"]["enough_peers"], true);
    assert_eq!(body["benchmark"]["partner_tier"], "Gold");

    let lead = app.signed_in(&manager).await;
    let (status, page) = lead.get_text("/manager").await;
    assert_eq!(status, 200);
    assert!(page.contains("Same-tier benchmarks"), "{page}");
    assert!(page.contains("Gold · Agent"), "{page}");
    // 10 20 40 60 80 %: quartiles 20, 40, 60.
    for q in ["20.0%", "40.0%", "60.0%"] {
        assert!(page.contains(q), "{q} in {page}");
    }
    for other in reps.iter().filter(|r| r.id != reps[1].id) {
        assert!(!page.contains(&other.name), "{} is named", other.name);
    }
}

/// What would give away someone else's forecast or standing in a body.
fn leaks(body: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for (marker, what) in [
        ("% likely", "a chance on a card"),
        ("Chance of reaching the target", "the goal page's forecast"),
        ("(P10", "a forecast's low end"),
        ("(P90", "a forecast's high end"),
        ("class=\"chart-band\"", "a forecast band"),
        ("partners</li>", "a standing on a card"),
        ("Not enough Bronze", "a standing on a card"),
        ("\"probability\":\"", "a forecast in JSON"),
        ("\"p90\":\"", "a forecast in JSON"),
        ("\"benchmark\":{", "a standing in JSON"),
        ("Same-tier benchmarks", "the quartiles"),
    ] {
        if body.contains(marker) {
            found.push(what);
        }
    }
    found
}

#[actix_web::test]
async fn no_route_shows_a_rep_another_reps_forecast_or_standing() {
    let app = spawn_app().await;
    let f = crate::routes::fixtures(&app);
    // The route table's rep is a Bronze Affiliate with four peers, all with
    // history enough for a forecast.
    let mut conn = app.conn();
    let day = today(&app);
    let peers: Vec<i64> = (0..4)
        .map(|i| app.create_user("rep", &format!("bronze{i}@example.com")).id)
        .chain([f.user])
        .collect();
    for (i, &peer) in peers.iter().enumerate() {
        app.edit_user(peer, |p| {
            p.partner_type_id = Some(f.partner_type);
            p.partner_tier_id = Some(f.partner_tier);
        });
        if peer != f.user {
            Goal::insert(
                &mut conn,
                &NewGoal::new(Owner::User(peer), f.metric, f.period, Decimal::from(100000)),
            )
            .unwrap();
        }
        for back in 0..40 {
            let value = Decimal::from(100 * (i as i64 + 1) + back);
            event(
                &mut conn,
                peer,
                f.metric,
                value,
                day - Days::new(back as u64),
            );
        }
    }
    job::make(&mut conn, day).unwrap().unwrap();
    let stored: i64 = goal_forecasts::table
        .filter(goal_forecasts::goal_id.eq(f.goal))
        .filter(goal_forecasts::probability.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(stored, 1, "the target's goal has a forecast");
    let standing: Option<i16> = goal_benchmarks::table
        .find(f.goal)
        .select(goal_benchmarks::top_percent)
        .first(&mut conn)
        .unwrap();
    assert!(standing.is_some(), "the target's goal has a standing");

    // Its owner sees both, so the markers below are the right ones.
    let target = TestUser {
        id: f.user,
        email: "target@example.com".into(),
        name: "Target".into(),
    };
    let owner = app.signed_in(&target).await;
    let (_, page) = owner.get_text(&format!("/goals/{}", f.goal)).await;
    assert!(leaks(&page).contains(&"the goal page's forecast"), "{page}");
    let (_, page) = owner.get_text("/dashboard").await;
    assert!(leaks(&page).contains(&"a standing on a card"), "{page}");
    let (_, body) = owner.get_text(&format!("/api/v1/goals/{}", f.goal)).await;
    assert!(leaks(&body).contains(&"a standing in JSON"), "{body}");

    // Another rep, with no goals of their own, meets none of them on any
    // GET route of the role table, every id pointing at the target's.
    let snoop = app.create_user("rep", "snoop@example.com");
    let snoop = app.signed_in(&snoop).await;
    let mut found = Vec::new();
    for (method, path, _) in crate::routes::TABLE {
        // The live stream never ends; the OpenAPI document names the fields.
        if *method != "GET" || *path == "/live" || *path == "/api/v1/openapi.json" {
            continue;
        }
        let url = crate::routes::concrete(path, &f);
        let (_, body) = snoop.get_text(&url).await;
        for what in leaks(&body) {
            found.push(format!("{url}: {what}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
