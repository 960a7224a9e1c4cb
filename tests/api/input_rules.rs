//! What people type in, at every edge: one grammar of plain decimals, one
//! range of business dates, negative entries as corrections with a reason,
//! and per-metric bounds that keep every job able to finish.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::db::schema::metric_events;
use attain::domain::period::PeriodKind;

use crate::helpers::{Client, TestApp, TestUser, api_for, spawn_app};

fn today(app: &TestApp) -> NaiveDate {
    attain::goals::progress::org_today(&Organisation::get(&mut app.conn()).unwrap())
}

fn yesterday(app: &TestApp) -> NaiveDate {
    today(app) - Days::new(1)
}

/// The values and correction reasons of a user's events, oldest first.
fn events_of(app: &TestApp, user: i64) -> Vec<(Decimal, Option<String>)> {
    metric_events::table
        .filter(metric_events::user_id.eq(user))
        .order(metric_events::id)
        .select((metric_events::value, metric_events::correction_reason))
        .load(&mut app.conn())
        .unwrap()
}

async fn import_preview(client: &Client, csv: &str) -> (u16, String) {
    let response = client.post_form("/import/preview", &[("csv", csv)]).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn import_commit(client: &Client, csv: &str) -> u16 {
    let response = client.post_form("/import/commit", &[("csv", csv)]).await;
    response.status().as_u16()
}

struct World {
    app: TestApp,
    rep: TestUser,
    rep_client: Client,
    admin_client: Client,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada.admin@example.com");
    let rep = app.create_user("rep", "ana.rep@example.com");
    let rep_client = app.signed_in(&rep).await;
    let admin_client = app.signed_in(&admin).await;
    World {
        app,
        rep,
        rep_client,
        admin_client,
    }
}

/// Issue 22's table: each text gives one answer (the stored value, or a
/// refusal) at the activity logger, the API and the CSV import.
#[actix_web::test]
async fn number_inputs_get_the_same_answer_at_the_form_the_api_and_the_import() {
    let w = world().await;
    let api = api_for(&w.app, &w.rep).await;
    let day = yesterday(&w.app).to_string();
    let table: [(&str, Option<Decimal>); 7] = [
        ("1,5", None),
        ("1_000", None),
        ("1e5", None),
        ("+5", None),
        ("１２", None),
        ("1,234.5", Some(dec!(1234.5))),
        ("1500", Some(dec!(1500))),
    ];
    for (text, expected) in table {
        let before = events_of(&w.app, w.rep.id).len();
        let form = w
            .rep_client
            .post_form(
                "/events",
                &[
                    ("metric", "revenue"),
                    ("value", text),
                    ("occurred_on", &day),
                ],
            )
            .await
            .status()
            .as_u16();
        let (api_status, body) = api
            .post(
                "/api/v1/metric-events",
                json!({ "metric_type": "revenue", "value": text, "occurred_on": day }),
            )
            .await;
        let csv =
            format!("email,metric,value,date\nana.rep@example.com,revenue,\"{text}\",{day}\n");
        let (preview, _) = import_preview(&w.admin_client, &csv).await;
        let commit = import_commit(&w.admin_client, &csv).await;
        let stored: Vec<Decimal> = events_of(&w.app, w.rep.id)[before..]
            .iter()
            .map(|(v, _)| *v)
            .collect();
        match expected {
            Some(value) => {
                assert_eq!(
                    (form, api_status.as_u16(), preview, commit),
                    (303, 201, 200, 303),
                    "{text}: {body}"
                );
                assert_eq!(stored, [value, value, value], "{text}");
            }
            None => {
                assert_eq!(
                    (form, api_status.as_u16(), preview, commit),
                    (422, 422, 422, 422),
                    "{text}: {body}"
                );
                assert!(stored.is_empty(), "{text} wrote {stored:?}");
            }
        }
    }
}

#[actix_web::test]
async fn money_takes_the_currencys_minor_unit_at_every_entry() {
    let w = world().await;
    w.app.edit_organisation(|o| {
        o.currency_code = "KRW".into();
        o.currency_minor_unit = 0;
    });
    let _conn = w.app.conn();
    let api = api_for(&w.app, &w.rep).await;
    let day = yesterday(&w.app).to_string();
    let (status, body) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "revenue", "value": "5000.50", "occurred_on": day }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let form = w
        .rep_client
        .post_form("/events", &[("metric", "revenue"), ("value", "5000.50")])
        .await;
    assert_eq!(form.status(), 422);
    let csv = format!("email,metric,value,date\nana.rep@example.com,revenue,5000.50,{day}\n");
    assert_eq!(import_preview(&w.admin_client, &csv).await.0, 422);
    let (status, _) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "revenue", "value": "5000", "occurred_on": day }),
        )
        .await;
    assert_eq!(status, 201);
}

#[actix_web::test]
async fn out_of_range_dates_are_refused_with_422_at_every_entry() {
    let w = world().await;
    let api = api_for(&w.app, &w.rep).await;
    let admin = w.app.create_user("admin", "second.admin@example.com");
    let admin_api = api_for(&w.app, &admin).await;
    for date in ["-2026-01-01", "0001-01-01", "1999-12-31"] {
        // The sales API and the sale form.
        let (status, body) = api
            .post(
                "/api/v1/sales",
                json!({ "title": "Purifier", "amount": "100.00", "sales_channel": "online",
                        "order_number": format!("O-{date}"), "sales_date": date }),
            )
            .await;
        assert_eq!(status, 422, "{date}: {body}");
        assert!(body.to_string().contains("2000-01-01"), "{body}");
        let form = w
            .rep_client
            .post_form(
                "/sales",
                &[
                    ("title", "Purifier"),
                    ("amount", "100"),
                    ("currency_code", "USD"),
                    ("sales_date", date),
                    ("sales_channel", "offline"),
                    ("order_number", "F-1"),
                ],
            )
            .await;
        assert_eq!(form.status(), 422, "{date}");
        assert!(form.text().await.unwrap().contains("2000-01-01"));
        // Metric events: the API, the logger and the CSV import.
        let (status, body) = api
            .post(
                "/api/v1/metric-events",
                json!({ "metric_type": "calls", "value": 1, "occurred_on": date }),
            )
            .await;
        assert_eq!(status, 422, "{date}: {body}");
        assert!(
            body["fields"].to_string().contains("occurred_on")
                || body.to_string().contains("occurred_on")
        );
        let logger = w
            .rep_client
            .post_form(
                "/events",
                &[("metric", "calls"), ("value", "1"), ("occurred_on", date)],
            )
            .await;
        assert_eq!(logger.status(), 422, "{date}");
        let csv = format!("email,metric,value,date\nana.rep@example.com,calls,1,{date}\n");
        let (status, body) = import_preview(&w.admin_client, &csv).await;
        assert_eq!(status, 422, "{date}");
        assert!(body.contains("outside 2000-01-01 to 2100-12-31"), "{date}");
        assert_eq!(import_commit(&w.admin_client, &csv).await, 422);
        // Periods: the API and the admin page.
        let (status, body) = admin_api
            .post(
                "/api/v1/quota-periods",
                json!({ "period_type": "year", "start_date": date }),
            )
            .await;
        assert_eq!(status, 422, "{date}: {body}");
        let page = w
            .admin_client
            .post_form(
                "/admin/periods",
                &[
                    ("name", "Ancient"),
                    ("start_date", date),
                    ("end_date", "2026-01-31"),
                ],
            )
            .await;
        assert_eq!(page.status(), 422, "{date}");
    }
    for year in ["0073-01-01", "0814-06-01", "2101-01-01"] {
        let (status, _) = admin_api
            .post(
                "/api/v1/quota-periods",
                json!({ "period_type": "month", "start_date": year }),
            )
            .await;
        assert_eq!(status, 422, "{year}");
    }
    assert!(events_of(&w.app, w.rep.id).is_empty());
}

#[actix_web::test]
async fn a_negative_entry_is_a_correction_with_a_reason_at_every_entry() {
    let w = world().await;
    let api = api_for(&w.app, &w.rep).await;
    let day = yesterday(&w.app).to_string();

    // The logger: a bare negative amount is refused; with the choice and a
    // reason it is recorded as a correction.
    let silent = w
        .rep_client
        .post_form("/events", &[("metric", "revenue"), ("value", "-5000")])
        .await;
    assert_eq!(silent.status(), 422);
    assert!(silent.text().await.unwrap().contains("correction"));
    let no_reason = w
        .rep_client
        .post_form(
            "/events",
            &[
                ("metric", "revenue"),
                ("value", "-5000"),
                ("correction", "on"),
            ],
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    let corrected = w
        .rep_client
        .post_form(
            "/events",
            &[
                ("metric", "revenue"),
                ("value", "-5000"),
                ("correction", "on"),
                ("correction_reason", "Order cancelled by the customer"),
            ],
        )
        .await;
    assert_eq!(corrected.status(), 303);

    // The API: the reason is the correction choice.
    let (status, body) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "calls", "value": -2, "occurred_on": day }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "calls", "value": 2, "occurred_on": day,
                    "correction_reason": "not a correction" }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "calls", "value": -2, "occurred_on": day,
                    "correction_reason": "Logged twice" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["correction_reason"], "Logged twice");

    // The CSV import: the correction_reason column.
    let bare = format!("email,metric,value,date\nana.rep@example.com,calls,-1,{day}\n");
    let (status, body) = import_preview(&w.admin_client, &bare).await;
    assert_eq!(status, 422);
    assert!(body.contains("correction_reason"));
    let with_reason = format!(
        "email,metric,value,date,correction_reason\nana.rep@example.com,calls,-1,{day},Duplicate dial\n"
    );
    assert_eq!(import_commit(&w.admin_client, &with_reason).await, 303);

    assert_eq!(
        events_of(&w.app, w.rep.id),
        [
            (dec!(-5000), Some("Order cancelled by the customer".into())),
            (dec!(-2), Some("Logged twice".into())),
            (dec!(-1), Some("Duplicate dial".into())),
        ]
    );

    // The history shows it as a correction.
    let month =
        PeriodRow::containing(&mut w.app.conn(), PeriodKind::Month, today(&w.app), 1).unwrap();
    let revenue = Metric::find_by_key(&mut w.app.conn(), "revenue")
        .unwrap()
        .unwrap();
    let goal = Goal::insert(
        &mut w.app.conn(),
        &NewGoal::new(Owner::User(w.rep.id), revenue.id, month.id, dec!(10000)),
    )
    .unwrap();
    let (status, page) = w.rep_client.get_text(&format!("/goals/{}", goal.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Correction: Order cancelled by the customer"));
}

/// Issue 22: the largest value an event may carry, several times, and a
/// legacy row that no column can hold leave every job able to finish; the
/// offending goal is reported, the others get their figures.
#[actix_web::test]
async fn the_largest_accepted_values_and_bad_old_data_stop_no_job() {
    let w = world().await;
    let api = api_for(&w.app, &w.rep).await;
    let day = yesterday(&w.app);
    let largest = attain::domain::number::EntryLimit::MONEY.max().to_string();
    for _ in 0..5 {
        let (status, body) = api
            .post(
                "/api/v1/metric-events",
                json!({ "metric_type": "revenue", "value": largest, "occurred_on": day.to_string() }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    for too_large in ["1000000000000.01", "9999999999999999.99"] {
        let (status, _) = api
            .post(
                "/api/v1/metric-events",
                json!({ "metric_type": "revenue", "value": too_large }),
            )
            .await;
        assert_eq!(status, 422, "{too_large}");
    }
    let (status, _) = api
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "calls", "value": 100001 }),
        )
        .await;
    assert_eq!(status, 422);

    // Someone else's events from before the bounds: more than NUMERIC(18, 2).
    let legacy = w.app.create_user("rep", "old.data@example.com");
    let mut conn = w.app.conn();
    let revenue = Metric::find_by_key(&mut conn, "revenue").unwrap().unwrap();
    for _ in 0..2 {
        diesel::insert_into(metric_events::table)
            .values((
                metric_events::user_id.eq(legacy.id),
                metric_events::metric_id.eq(revenue.id),
                metric_events::value.eq(dec!(9999999999999999.99)),
                metric_events::occurred_on.eq(day),
                metric_events::source.eq("api"),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let month = PeriodRow::containing(&mut conn, PeriodKind::Month, day, 1).unwrap();
    let goal = |user: i64, conn: &mut PgConnection| {
        Goal::insert(
            conn,
            &NewGoal::new(Owner::User(user), revenue.id, month.id, dec!(1000)),
        )
        .unwrap()
        .id
    };
    let good_goal = goal(w.rep.id, &mut conn);
    let bad_goal = goal(legacy.id, &mut conn);

    let ctx = attain::jobs::JobContext::at(chrono::Utc::now(), None);
    for job in attain::jobs::JOBS {
        let run = attain::jobs::run(&mut conn, job, &ctx, attain::jobs::Source::Cli)
            .unwrap_or_else(|e| panic!("{} failed: {e:#}", job.name));
        assert_eq!(run.ok, Some(true), "{}", job.name);
        if ["snapshots", "achievements", "period-close"].contains(&job.name) {
            assert!(
                run.message
                    .as_deref()
                    .unwrap_or_default()
                    .contains(&format!("skipped goal(s) {bad_goal}")),
                "{}: {:?}",
                job.name,
                run.message
            );
        }
    }
    use attain::db::schema::{achievements, goal_snapshots};
    let snapshots: Vec<i64> = goal_snapshots::table
        .filter(goal_snapshots::day.eq(day))
        .filter(goal_snapshots::kind.eq("daily"))
        .select(goal_snapshots::goal_id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(snapshots, [good_goal]);
    let achieved: Vec<Option<i64>> = achievements::table
        .filter(achievements::kind.eq("goal_achieved"))
        .select(achievements::goal_id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(achieved, [Some(good_goal)]);
}
