//! The forecasts job: every live goal's chance of reaching its target,
//! stored once a day from the owners' daily history.

use attain::db::events::{MetricEvent, NewMetricEvent};
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::periods::PeriodRow;
use attain::db::schema::goal_forecasts;
use attain::domain::period::Period;
use attain::goals::forecast::job;
use chrono::{Datelike, Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::helpers::spawn_app;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

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

type Row = (
    i64,
    NaiveDate,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
);

fn stored(conn: &mut PgConnection) -> Vec<Row> {
    goal_forecasts::table
        .select((
            goal_forecasts::goal_id,
            goal_forecasts::day,
            goal_forecasts::probability,
            goal_forecasts::p10,
            goal_forecasts::p50,
            goal_forecasts::p90,
        ))
        .order(goal_forecasts::goal_id)
        .load(conn)
        .unwrap()
}

#[actix_web::test]
async fn the_job_stores_each_live_goals_forecast_from_its_owners_history() {
    let app = spawn_app().await;
    let steady = app.create_user("rep", "steady@example.com");
    let new = app.create_user("rep", "new@example.com");
    let manager = app.create_user("manager", "lead@example.com");
    let team = app.team_of("Forecasters", manager.id, &[steady.id, new.id]);
    let mut conn = app.conn();
    let revenue = attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    let day = d("2026-12-15");
    let december =
        PeriodRow::ensure(&mut conn, &Period::month_containing(day), "December 2026").unwrap();
    let november = PeriodRow::ensure(
        &mut conn,
        &Period::month_containing(d("2026-11-15")),
        "November 2026",
    )
    .unwrap();
    // The steady rep sells 1,000 every weekday for ten weeks up to `day`.
    let mut on = day - Days::new(69);
    while on <= day {
        if on.weekday().number_from_monday() <= 5 {
            event(&mut conn, steady.id, revenue, dec!(1000), on);
        }
        on = on + Days::new(1);
    }
    let goal = |conn: &mut PgConnection, owner: Owner, period: i64, target: Decimal| {
        Goal::insert(conn, &NewGoal::new(owner, revenue, period, target))
            .unwrap()
            .id
    };
    let quarter =
        PeriodRow::ensure(&mut conn, &Period::quarter_containing(day, 1), "Q4 2026").unwrap();
    // 11 weekdays sold by the 15th, 12 to come: 23,000 by the end.
    let reached = goal(&mut conn, Owner::User(steady.id), quarter.id, dec!(5000));
    let likely = goal(&mut conn, Owner::User(steady.id), december.id, dec!(23000));
    let hopeless = goal(&mut conn, Owner::User(new.id), december.id, dec!(100000));
    let team_goal = goal(&mut conn, Owner::Team(team), december.id, dec!(23001));
    let past = goal(&mut conn, Owner::User(steady.id), november.id, dec!(1));

    let made = job::make(&mut conn, day).unwrap().unwrap();
    assert_eq!(made.goals, 4, "the November goal is not live on {day}");
    assert_eq!(made.not_enough_history, 1, "the new rep has no history");
    let rows = stored(&mut conn);
    let find = |id: i64| rows.iter().find(|r| r.0 == id).cloned();
    assert_eq!(find(past), None);
    let r = find(reached).unwrap();
    assert_eq!((r.1, r.2), (day, Some(dec!(1))));
    let l = find(likely).unwrap();
    assert_eq!(l.2, Some(dec!(1)), "a steady history repeats itself");
    assert_eq!(
        (l.3, l.4, l.5),
        (Some(dec!(23000)), Some(dec!(23000)), Some(dec!(23000)))
    );
    assert_eq!(find(hopeless).unwrap().2, None, "not enough history");
    // The team's history is its members' summed: one more than the steady
    // rep will sell is out of reach.
    assert_eq!(find(team_goal).unwrap().2, Some(dec!(0)));

    // The same day again gives the same numbers; a later day replaces them.
    job::make(&mut conn, day).unwrap().unwrap();
    assert_eq!(stored(&mut conn), rows);
    job::make(&mut conn, day + Days::new(1)).unwrap().unwrap();
    assert!(stored(&mut conn).iter().all(|r| r.1 == day + Days::new(1)));
}

#[actix_web::test]
async fn the_job_runs_from_the_jobs_registry_and_says_what_it_did() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let mut conn = app.conn();
    let job = attain::jobs::find("forecasts").unwrap();
    let ctx = attain::jobs::JobContext::at(chrono::Utc::now(), None);
    let run = attain::jobs::run(&mut conn, job, &ctx, attain::jobs::Source::Cli).unwrap();
    assert_eq!(run.ok, Some(true));
    let message = run.message.unwrap_or_default();
    assert!(message.contains("goal(s) forecast"), "{message}");
    let rows = stored(&mut conn);
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .any(|r| r.2.is_some_and(|p| p > dec!(0) && p < dec!(1)))
    );
}

#[actix_web::test]
async fn the_owner_reads_the_forecast_on_the_goal_page_and_in_the_api_and_another_rep_does_not() {
    let app = spawn_app().await;
    let owner = app.create_user("rep", "owner@example.com");
    let other = app.create_user("rep", "other@example.com");
    let mut conn = app.conn();
    let revenue = attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    let goal = Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(owner.id),
            revenue,
            app.this_month(),
            dec!(1000000),
        ),
    )
    .unwrap()
    .id;
    let today = chrono::Utc::now().date_naive();
    let mut on = today - Days::new(60);
    while on <= today {
        event(
            &mut conn,
            owner.id,
            revenue,
            dec!(100) + Decimal::from(on.day()),
            on,
        );
        on = on + Days::new(1);
    }
    job::make(&mut conn, today).unwrap().unwrap();

    let client = app.signed_in(&owner).await;
    let (status, page) = client.get_text(&format!("/goals/{goal}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Chance of reaching the target"), "{page}");
    assert!(page.contains("Likely end, high (P90)"), "{page}");
    let (status, page) = client.get_text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("class=\"quota-forecast\"") && page.contains("0% likely"),
        "the quota card says how likely"
    );

    let api = crate::helpers::api_for(&app, &owner).await;
    let (status, body) = api.get(&format!("/api/v1/goals/{goal}")).await;
    assert_eq!(status, 200);
    assert_eq!(body["forecast"]["enough_history"], true);
    assert_eq!(body["forecast"]["probability"], "0.000");
    assert_eq!(body["forecast"]["as_of"], today.to_string());

    let snoop = crate::helpers::api_for(&app, &other).await;
    let (status, body) = snoop.get(&format!("/api/v1/goals/{goal}")).await;
    assert!(status == 404 || status == 403, "{status}");
    assert!(body.get("forecast").is_none());
    let client = app.signed_in(&other).await;
    let (status, page) = client.get_text(&format!("/goals/{goal}")).await;
    assert!(status == 404 || status == 403, "{status}");
    assert!(!page.contains("likely"));
}
