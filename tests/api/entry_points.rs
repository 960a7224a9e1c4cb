//! Parity of the three ways a metric event comes in: the activity logger
//! (`POST /events`), the CSV import (`POST /import/commit`) and the API
//! (`POST /api/v1/metric-events`). One table of entries goes through all
//! three; each row gets the same answer everywhere, refused rows are
//! refused on the same field, and an accepted row writes exactly one event.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use serde_json::{Value, json};

use attain::db::organisation::Organisation;
use attain::db::schema::metric_events;

use crate::helpers::{TestApp, api_for, spawn_app};

/// When an entry is dated.
#[derive(Clone, Copy)]
enum On {
    DaysBack(u64),
    Tomorrow,
    Day(&'static str),
}

/// What the rule says about an entry: accepted, or refused on one field,
/// which each edge words its own way.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answer {
    Accepted,
    Refused {
        /// The form field (`metric`, `value`, `occurred_on`).
        field: &'static str,
        /// The logger's message beside that field.
        page: &'static str,
        /// The import's reason for the row.
        file: &'static str,
        /// The API's message for the field.
        api: &'static str,
    },
}

struct Row {
    name: &'static str,
    metric: &'static str,
    value: &'static str,
    on: On,
    reason: &'static str,
    answer: Answer,
}

const fn refused(
    field: &'static str,
    page: &'static str,
    file: &'static str,
    api: &'static str,
) -> Answer {
    Answer::Refused {
        field,
        page,
        file,
        api,
    }
}

const ROWS: &[Row] = &[
    Row {
        name: "a good count",
        metric: "calls",
        value: "3",
        on: On::DaysBack(1),
        reason: "",
        answer: Answer::Accepted,
    },
    Row {
        name: "a count of 1.5",
        metric: "calls",
        value: "1.5",
        on: On::DaysBack(1),
        reason: "",
        answer: refused(
            "value",
            "Enter a whole number.",
            "value 1.5: enter a whole number.",
            "Calls are counted in whole numbers",
        ),
    },
    Row {
        name: "a negative count without a correction",
        metric: "calls",
        value: "-2",
        on: On::DaysBack(1),
        reason: "",
        answer: refused(
            "value",
            "A negative value is a correction: choose Correction",
            "a negative value is a correction: give its reason in the correction_reason column",
            "A negative value is a correction: choose Correction",
        ),
    },
    Row {
        name: "a negative count as a correction with its reason",
        metric: "calls",
        value: "-2",
        on: On::DaysBack(1),
        reason: "Logged twice",
        answer: Answer::Accepted,
    },
    Row {
        name: "money with more decimals than the currency",
        metric: "revenue",
        value: "10.005",
        on: On::DaysBack(1),
        reason: "",
        answer: refused(
            "value",
            "Use at most 2 decimal places.",
            "value 10.005: use at most 2 decimal places.",
            "may have at most 2 decimal places",
        ),
    },
    Row {
        name: "money in the currency's minor unit",
        metric: "revenue",
        value: "250.50",
        on: On::DaysBack(0),
        reason: "",
        answer: Answer::Accepted,
    },
    Row {
        name: "a date 90 days back",
        metric: "calls",
        value: "1",
        on: On::DaysBack(90),
        reason: "",
        answer: Answer::Accepted,
    },
    Row {
        name: "a date 91 days back",
        metric: "calls",
        value: "1",
        on: On::DaysBack(91),
        reason: "",
        answer: refused(
            "occurred_on",
            "Log activities of the last 90 days.",
            "is more than 90 days back",
            "must be within the last 90 days",
        ),
    },
    Row {
        name: "a date tomorrow",
        metric: "calls",
        value: "1",
        on: On::Tomorrow,
        reason: "",
        answer: refused(
            "occurred_on",
            "The date cannot be in the future.",
            "is in the future",
            "must not be in the future",
        ),
    },
    Row {
        name: "a future date beyond the business range",
        metric: "calls",
        value: "1",
        on: On::Day("2101-01-01"),
        reason: "",
        answer: refused(
            "occurred_on",
            "Enter a date from 2000-01-01 to 2100-12-31.",
            "date 2101-01-01 is outside 2000-01-01 to 2100-12-31",
            "must be a date from 2000-01-01 to 2100-12-31",
        ),
    },
    Row {
        name: "an unknown metric",
        metric: "naps",
        value: "1",
        on: On::DaysBack(1),
        reason: "",
        answer: refused(
            "metric",
            "Choose a metric from the list.",
            "unknown metric",
            "is not a known metric",
        ),
    },
];

fn today(app: &TestApp) -> NaiveDate {
    attain::goals::progress::org_today(&Organisation::get(&mut app.conn()).unwrap())
}

fn date_of(app: &TestApp, on: On) -> String {
    match on {
        On::DaysBack(n) => (today(app) - Days::new(n)).to_string(),
        On::Tomorrow => (today(app) + Days::new(1)).to_string(),
        On::Day(day) => day.to_string(),
    }
}

fn events_from(app: &TestApp, source: &str) -> i64 {
    metric_events::table
        .filter(metric_events::source.eq(source))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// The API's field name for a form field.
fn api_field(field: &str) -> &str {
    match field {
        "metric" => "metric_type",
        other => other,
    }
}

#[actix_web::test]
async fn every_entry_point_gives_each_entry_the_same_answer() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "ada.admin@example.com");
    let page = app.signed_in(&admin).await;
    let api = api_for(&app, &admin).await;
    for row in ROWS {
        let day = date_of(&app, row.on);
        let name = row.name;

        // The logger.
        let before = events_from(&app, "manual");
        let correction = if row.reason.is_empty() { "" } else { "on" };
        let response = page
            .post_form(
                "/events",
                &[
                    ("metric", row.metric),
                    ("value", row.value),
                    ("occurred_on", &day),
                    ("correction", correction),
                    ("correction_reason", row.reason),
                ],
            )
            .await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        let written = events_from(&app, "manual") - before;
        match row.answer {
            Answer::Accepted => assert_eq!((status, written), (303, 1), "logger, {name}"),
            Answer::Refused { page, .. } => {
                assert_eq!((status, written), (422, 0), "logger, {name}");
                assert!(body.contains(page), "logger, {name}: {page}");
            }
        }

        // The CSV import.
        let before = events_from(&app, "import");
        let csv = format!(
            "email,metric,value,date,correction_reason\n{},{},\"{}\",{day},{}\n",
            admin.email, row.metric, row.value, row.reason
        );
        let response = page.post_form("/import/commit", &[("csv", &csv)]).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        let written = events_from(&app, "import") - before;
        match row.answer {
            Answer::Accepted => assert_eq!((status, written), (303, 1), "import, {name}: {body}"),
            Answer::Refused { file, .. } => {
                assert_eq!((status, written), (422, 0), "import, {name}");
                assert!(body.contains("Nothing was imported"), "import, {name}");
                assert!(body.contains(file), "import, {name}: {file}");
            }
        }

        // The API.
        let before = events_from(&app, "api");
        let mut request = json!({ "metric_type": row.metric, "value": row.value,
                                  "occurred_on": day });
        if !row.reason.is_empty() {
            request["correction_reason"] = Value::from(row.reason);
        }
        let (status, body) = api.post("/api/v1/metric-events", request).await;
        let written = events_from(&app, "api") - before;
        match row.answer {
            Answer::Accepted => {
                assert_eq!((status.as_u16(), written), (201, 1), "API, {name}: {body}")
            }
            Answer::Refused {
                field, api: says, ..
            } => {
                assert_eq!((status.as_u16(), written), (422, 0), "API, {name}: {body}");
                let message = body["fields"][api_field(field)]
                    .as_str()
                    .unwrap_or_default();
                assert!(message.contains(says), "API, {name}: {says} in {body}");
            }
        }
    }
}
