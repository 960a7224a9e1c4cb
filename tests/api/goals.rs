//! The rep's dashboard, quota cards, the activity logger and the goal detail.

use attain::db::events::{MetricEvent, NewMetricEvent};
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::milestones::{Milestone, NewMilestone};
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::domain::period::{Period, PeriodKind};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::helpers::{Client, TestApp, location, spawn_app};

/// Today in the organisation's time zone, as the app sees it.
fn today(conn: &mut PgConnection) -> NaiveDate {
    attain::goals::progress::org_today(&Organisation::get(conn).unwrap())
}

fn metric_id(conn: &mut PgConnection, key: &str) -> i64 {
    Metric::find_by_key(conn, key).unwrap().unwrap().id
}

/// A goal of `user` on `metric` for the current month.
fn monthly_goal(app: &TestApp, user: i64, metric: &str, target: Decimal) -> i64 {
    let mut conn = app.conn();
    let day = today(&mut conn);
    let period = PeriodRow::containing(&mut conn, PeriodKind::Month, day, 1).unwrap();
    let metric = metric_id(&mut conn, metric);
    let goal = NewGoal::new(Owner::User(user), metric, period.id, target);
    Goal::insert(&mut conn, &goal).unwrap().id
}

fn record(app: &TestApp, user: i64, metric: &str, value: Decimal, on: NaiveDate) {
    let mut conn = app.conn();
    let metric_id = metric_id(&mut conn, metric);
    MetricEvent::record(
        &mut conn,
        &NewMetricEvent {
            user_id: user,
            metric_id,
            value,
            occurred_on: on,
            source: "import".into(),
            external_ref: None,
            note: None,
            created_by: None,
            correction_reason: None,
        },
    )
    .unwrap();
}

fn event_count(app: &TestApp) -> i64 {
    use attain::db::schema::metric_events;
    metric_events::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// The whitespace-normalised text of every element matching `selector`.
fn texts(body: &str, selector: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse(selector).unwrap();
    document
        .select(&selector)
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// An htmx POST as the page sends it: CSRF token, `HX-Request` and the id
/// of the element that triggered it.
async fn htmx_post(
    client: &Client,
    path: &str,
    trigger: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = client.csrf_token().await;
    let mut form = fields.to_vec();
    form.push(("csrf_token", &token));
    client
        .http
        .post(format!("{}{path}", client.address))
        .header("HX-Request", "true")
        .header("HX-Trigger", trigger)
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_rep_sees_a_card_per_current_goal_with_formatted_progress() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    monthly_goal(&app, rep.id, "revenue", dec!(1000));
    monthly_goal(&app, rep.id, "calls", dec!(10));
    let day = today(&mut app.conn());
    record(&app, rep.id, "revenue", dec!(500), day);
    record(&app, rep.id, "revenue", dec!(250), day);
    record(&app, rep.id, "calls", dec!(3), day);
    let client = app.signed_in(&rep).await;

    let (status, body) = client.get_text("/dashboard").await;

    assert_eq!(status, 200);
    assert_eq!(
        texts(&body, ".quota-figures"),
        ["$750.00 / $1,000.00", "3 / 10"]
    );
    assert_eq!(texts(&body, ".quota-percent"), ["75.00%", "30.00%"]);
    assert_eq!(
        texts(&body, ".quota-week"),
        ["+$750.00 this week", "+3 this week"]
    );
    assert!(body.contains(r#"class="bar w-75"#) && body.contains(r#"class="bar w-30"#));
    // Overall attainment: (75 + 30) / 2 with equal weights.
    assert_eq!(texts(&body, ".stat-overall .stat-value"), ["52.50%"]);
    assert_eq!(texts(&body, ".quota-card .pace").len(), 2);
}

#[actix_web::test]
async fn a_rep_without_goals_sees_an_empty_state_and_the_logger() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "new.rep@example.com");
    let client = app.signed_in(&rep).await;

    let (status, body) = client.get_text("/dashboard").await;

    assert_eq!(status, 200);
    assert!(body.contains("No quota has been set for you this period."));
    assert!(texts(&body, ".quota-card").is_empty());
    assert!(texts(&body, ".quick-log button").contains(&"+1 Calls".to_string()));
}

#[actix_web::test]
async fn a_plain_post_of_an_activity_records_it_and_redirects_to_the_dashboard() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    monthly_goal(&app, rep.id, "calls", dec!(10));
    let client = app.signed_in(&rep).await;

    let response = client
        .post_form("/events", &[("metric", "calls"), ("value", "1")])
        .await;

    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/dashboard");
    let (_, body) = client.get_text("/dashboard").await;
    assert!(body.contains("Calls: +1 logged for today."));
    assert_eq!(texts(&body, ".quota-figures"), ["1 / 10"]);
    let event = {
        use attain::db::schema::metric_events;
        metric_events::table
            .select(MetricEvent::as_select())
            .first(&mut app.conn())
            .unwrap()
    };
    assert_eq!(
        (event.user_id, event.created_by, event.source.as_str()),
        (rep.id, Some(rep.id), "manual")
    );
    assert_eq!(event.occurred_on, today(&mut app.conn()));
}

#[actix_web::test]
async fn an_htmx_post_of_an_activity_answers_the_refreshed_cards() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    monthly_goal(&app, rep.id, "revenue", dec!(1000));
    let client = app.signed_in(&rep).await;
    let day = today(&mut app.conn());
    record(&app, rep.id, "revenue", dec!(500), day);

    let response = htmx_post(
        &client,
        "/events",
        "log-form",
        &[
            ("metric", "revenue"),
            ("value", "250"),
            ("occurred_on", &day.to_string()),
            ("note", "Renewal, Acme"),
        ],
    )
    .await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["hx-trigger"], "metric-logged");
    let body = response.text().await.unwrap();
    assert!(
        body.trim_start()
            .starts_with(r#"<section id="quota-cards""#)
    );
    assert_eq!(texts(&body, ".quota-figures"), ["$750.00 / $1,000.00"]);
    assert_eq!(texts(&body, ".quota-percent"), ["75.00%"]);
    assert!(body.contains("Revenue: +$250.00 logged for today."));
    // The detailed form comes back empty, swapped out of band.
    assert!(body.contains(r#"id="logger" hx-swap-oob="true""#));
    assert_eq!(event_count(&app), 2);
}

#[actix_web::test]
async fn bad_activity_input_is_refused_with_422_and_writes_nothing() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let client = app.signed_in(&rep).await;
    let today = today(&mut app.conn());
    let tomorrow = (today + Days::new(1)).to_string();
    let long_ago = (today - Days::new(91)).to_string();
    let cases: [(&str, &str, &str, &str); 8] = [
        ("naps", "1", "", "Choose a metric from the list."),
        ("calls", "abc", "", "Enter a plain number"),
        ("calls", "0", "", "Enter a value other than zero."),
        ("calls", "-1", "", "A negative value is a correction"),
        ("calls", "1.5", "", "Enter a whole number."),
        ("revenue", "10.005", "", "Use at most 2 decimal places."),
        ("calls", "1", &tomorrow, "The date cannot be in the future."),
        (
            "calls",
            "1",
            &long_ago,
            "Log activities of the last 90 days",
        ),
    ];
    for (metric, value, date, message) in cases {
        let fields = [("metric", metric), ("value", value), ("occurred_on", date)];

        let plain = client.post_form("/events", &fields).await;
        assert_eq!(plain.status(), 422, "{metric} {value} {date}");
        let page = plain.text().await.unwrap();
        assert!(page.contains(message), "{message} not on the page");
        assert!(page.contains(r#"id="log-form""#), "the form is shown again");

        // From the detailed form, htmx gets the form back over the logger,
        // each message beside its field.
        let htmx = htmx_post(&client, "/events", "log-form", &fields).await;
        assert_eq!(htmx.status(), 422, "htmx {metric} {value} {date}");
        assert_eq!(htmx.headers()["hx-retarget"], "#logger");
        assert_eq!(htmx.headers()["hx-reswap"], "outerHTML");
        let form = htmx.text().await.unwrap();
        assert!(
            form.starts_with(r#"<article class="card logger" id="logger""#),
            "{form}"
        );
        let field = match message {
            m if m.starts_with("Choose") => "log-metric",
            m if m.contains("date") || m.contains("days") => "log-date",
            _ => "log-value",
        };
        assert!(
            form.contains(&format!(
                r#"aria-invalid="true" aria-describedby="{field}-error""#
            )),
            "{field} is marked: {form}"
        );
        assert!(
            form.contains(&format!(
                r#"<small id="{field}-error" class="field-error">{message}"#
            )),
            "{message} beside {field}"
        );
    }
    assert_eq!(event_count(&app), 0);
}

#[actix_web::test]
async fn a_rep_gets_404_for_another_reps_goal() {
    let app = spawn_app().await;
    let owner = app.create_user("rep", "owner@example.com");
    let other = app.create_user("rep", "other@example.com");
    let goal = monthly_goal(&app, owner.id, "revenue", dec!(1000));
    let owner_client = app.signed_in(&owner).await;
    let other_client = app.signed_in(&other).await;

    for path in [format!("/goals/{goal}"), format!("/goals/{goal}/card")] {
        assert_eq!(owner_client.get(&path).await.status(), 200, "{path}");
        assert_eq!(other_client.get(&path).await.status(), 404, "{path}");
    }
    assert_eq!(other_client.get("/goals/999999").await.status(), 404);
}

#[actix_web::test]
async fn a_manager_sees_the_goals_of_reps_in_the_teams_they_manage_only() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "manager@example.com");
    let member = app.create_user("rep", "member@example.com");
    let outsider = app.create_user("rep", "outsider@example.com");
    app.team_of("North", manager.id, &[member.id]);
    let mut conn = app.conn();
    let member_goal = monthly_goal(&app, member.id, "revenue", dec!(1000));
    let outsider_goal = monthly_goal(&app, outsider.id, "revenue", dec!(1000));
    record(&app, member.id, "revenue", dec!(400), today(&mut conn));
    let client = app.signed_in(&manager).await;

    let (status, body) = client.get_text(&format!("/goals/{member_goal}")).await;
    assert_eq!(status, 200);
    assert!(texts(&body, "hgroup p")[0].starts_with("Member ·"));
    assert_eq!(texts(&body, ".quota-figures"), ["$400.00 / $1,000.00"]);
    assert_eq!(
        client
            .get(&format!("/goals/{outsider_goal}"))
            .await
            .status(),
        404
    );
}

#[actix_web::test]
async fn a_team_goal_lists_the_events_of_every_member() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let ana = app.create_user("rep", "ana@example.com");
    let bo = app.create_user("rep", "bo@example.com");
    let team = app.team("North", None);
    for member in [ana.id, bo.id] {
        app.edit_user(member, |p| p.team_id = Some(team));
    }
    let mut conn = app.conn();
    let day = today(&mut conn);
    let period = PeriodRow::containing(&mut conn, PeriodKind::Month, day, 1).unwrap();
    let revenue = metric_id(&mut conn, "revenue");
    let goal = Goal::insert(
        &mut conn,
        &NewGoal::new(Owner::Team(team), revenue, period.id, dec!(2000)),
    )
    .unwrap()
    .id;
    record(&app, ana.id, "revenue", dec!(300), day);
    record(&app, bo.id, "revenue", dec!(200), day);
    let client = app.signed_in(&admin).await;

    let (status, body) = client.get_text(&format!("/goals/{goal}")).await;

    assert_eq!(status, 200);
    assert_eq!(texts(&body, ".quota-figures"), ["$500.00 / $2,000.00"]);
    let people = texts(&body, "section table tbody td:nth-child(2)");
    assert_eq!(people.len(), 2);
    assert!(people.contains(&"Ana".to_string()) && people.contains(&"Bo".to_string()));
}

#[actix_web::test]
async fn a_milestone_is_marked_reached_with_the_day_the_actual_crossed_it() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ana.kim@example.com");
    let mut conn = app.conn();
    let day = today(&mut conn);
    let (start, end) = (day - Days::new(10), day + Days::new(10));
    let span = Period::custom(start, end).unwrap();
    let period = PeriodRow::ensure(&mut conn, &span, "Launch sprint").unwrap();
    let revenue = metric_id(&mut conn, "revenue");
    let goal = Goal::insert(
        &mut conn,
        &NewGoal::new(Owner::User(rep.id), revenue, period.id, dec!(1000)),
    )
    .unwrap();
    for (name, value) in [
        ("First 300", dec!(300)),
        ("600", dec!(600)),
        ("900", dec!(900)),
    ] {
        let milestone = NewMilestone {
            goal_id: goal.id,
            name: name.into(),
            value,
            due_on: None,
        };
        Milestone::insert(&mut conn, &milestone).unwrap();
    }
    // An import crossed 300 five days ago without marking it.
    let five_days_ago = day - Days::new(5);
    let two_days_ago = day - Days::new(2);
    record(&app, rep.id, "revenue", dec!(400), five_days_ago);
    let client = app.signed_in(&rep).await;

    let response = client
        .post_form(
            "/events",
            &[
                ("metric", "revenue"),
                ("value", "250"),
                ("occurred_on", &two_days_ago.to_string()),
            ],
        )
        .await;

    assert_eq!(response.status(), 303);
    let reached: Vec<(String, Option<NaiveDate>)> = Milestone::for_goal(&mut conn, goal.id)
        .unwrap()
        .into_iter()
        .map(|m| (m.name, m.reached_on))
        .collect();
    assert_eq!(
        reached,
        [
            ("First 300".to_string(), Some(five_days_ago)),
            ("600".to_string(), Some(two_days_ago)),
            ("900".to_string(), None),
        ]
    );
    let (_, dashboard) = client.get_text("/dashboard").await;
    assert!(dashboard.contains("Milestone reached: First 300, 600."));
    let (_, body) = client.get_text(&format!("/goals/{}", goal.id)).await;
    let timeline = texts(&body, ".timeline .milestone-detail");
    assert_eq!(
        timeline,
        [
            format!("Reached {}", five_days_ago.format("%-d %b %Y")),
            format!("Reached {}", two_days_ago.format("%-d %b %Y")),
            "$250.00 to go".to_string(),
        ]
    );
}
