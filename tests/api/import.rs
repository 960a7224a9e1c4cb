//! CSV import: a preview that checks every row, a commit that writes all
//! rows or none, idempotence by external_ref, and the manager's subtree.

use diesel::prelude::*;

use attain::db::schema::{metric_events, users};

use crate::helpers::{Client, TestApp, TestUser, extract_csrf, location, spawn_app};

fn imported(app: &TestApp) -> Vec<(String, String)> {
    metric_events::table
        .inner_join(users::table.on(users::id.eq(metric_events::user_id)))
        .filter(metric_events::source.eq("import"))
        .select((users::email, metric_events::value))
        .order(metric_events::id)
        .load::<(String, rust_decimal::Decimal)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|(email, value)| (email, value.to_string()))
        .collect()
}

fn yesterday() -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(1))
        .format("%Y-%m-%d")
        .to_string()
}

async fn admin(app: &TestApp) -> (TestUser, Client) {
    let admin = app.create_user("admin", "ada.admin@example.com");
    let client = app.signed_in(&admin).await;
    (admin, client)
}

async fn preview(client: &Client, csv: &str) -> (u16, String) {
    let response = client.post_form("/import/preview", &[("csv", csv)]).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn good_file() -> String {
    let day = yesterday();
    format!(
        "email,metric,value,date,external_ref\n\
         ana.rep@example.com,revenue,1500.50,{day},crm-1\n\
         ANA.REP@example.com,calls,12,{day},dialer-1\n\
         bo.rep@example.com,revenue,\"2,000\",{day},crm-2\n"
    )
}

#[actix_web::test]
async fn a_valid_file_is_previewed_then_every_row_imported() {
    let app = spawn_app().await;
    let (admin, client) = admin(&app).await;
    app.create_user("rep", "ana.rep@example.com");
    app.create_user("rep", "bo.rep@example.com");
    let (status, body) = preview(&client, &good_file()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Import 3 events"));
    assert!(body.contains("$1,500.50"));
    assert!(imported(&app).is_empty(), "a preview writes nothing");

    let response = client
        .post_form("/import/commit", &[("csv", &good_file())])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/import");
    assert_eq!(
        imported(&app),
        [
            ("ana.rep@example.com".to_string(), "1500.50".to_string()),
            ("ana.rep@example.com".to_string(), "12.00".to_string()),
            ("bo.rep@example.com".to_string(), "2000.00".to_string()),
        ]
    );
    let creators: Vec<Option<i64>> = metric_events::table
        .select(metric_events::created_by)
        .load(&mut app.conn())
        .unwrap();
    assert!(creators.iter().all(|c| *c == Some(admin.id)));
    let (_, page) = client.get_text("/import").await;
    assert!(page.contains("3 events imported, 0 already present."));
    let (_, audit) = client.get_text("/admin/audit").await;
    assert!(audit.contains("imported 3 metric events from CSV"));
}

#[actix_web::test]
async fn one_bad_row_is_listed_with_its_line_and_nothing_is_written() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    app.create_user("rep", "ana.rep@example.com");
    let day = yesterday();
    let csv = format!(
        "email,metric,value,date,external_ref\n\
         ana.rep@example.com,revenue,100,{day},a-1\n\
         ghost@example.com,revenue,100,{day},a-2\n\
         ana.rep@example.com,calls,3,{day},a-3\n"
    );
    let (status, body) = preview(&client, &csv).await;
    assert_eq!(status, 422);
    assert!(body.contains("no user has the email ghost@example.com"));
    assert!(!body.contains("/import/commit"), "no commit button");

    let response = client.post_form("/import/commit", &[("csv", &csv)]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    let document = scraper::Html::parse_document(&body);
    let sel = scraper::Selector::parse("table.import-errors tbody tr").unwrap();
    let errors: Vec<String> = document
        .select(&sel)
        .map(|r| r.text().collect::<String>())
        .collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].trim_start().starts_with('3'),
        "line 3: {}",
        errors[0]
    );
    assert!(errors[0].contains("no user has the email ghost@example.com"));
    assert!(body.contains("Nothing was imported"));
    assert!(imported(&app).is_empty());
}

#[actix_web::test]
async fn importing_the_same_file_again_adds_nothing() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    app.create_user("rep", "ana.rep@example.com");
    app.create_user("rep", "bo.rep@example.com");
    let first = client
        .post_form("/import/commit", &[("csv", &good_file())])
        .await;
    assert_eq!(first.status(), 303);
    client.get_text("/import").await; // shows and clears the flash

    let (status, body) = preview(&client, &good_file()).await;
    assert_eq!(status, 200);
    assert!(body.contains("Nothing new to import"));
    assert!(body.contains("Already imported"));
    let again = client
        .post_form("/import/commit", &[("csv", &good_file())])
        .await;
    assert_eq!(again.status(), 303);
    let (_, page) = client.get_text("/import").await;
    assert!(page.contains("0 events imported, 3 already present."));
    assert_eq!(imported(&app).len(), 3);
}

#[actix_web::test]
async fn a_manager_imports_only_for_people_in_their_teams() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mia.manager@example.com");
    let inside = app.create_user("rep", "ana.inside@example.com");
    app.create_user("rep", "bo.outside@example.com");
    app.team_of("North", manager.id, &[inside.id]);
    let client = app.signed_in(&manager).await;
    let day = yesterday();
    let csv = format!(
        "email,metric,value,date,external_ref\n\
         ana.inside@example.com,calls,5,{day},m-1\n\
         bo.outside@example.com,calls,5,{day},m-2\n"
    );
    let response = client.post_form("/import/commit", &[("csv", &csv)]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("Bo Outside is not in a team you manage"));
    assert!(imported(&app).is_empty());

    let mine = format!("email,metric,value,date\nana.inside@example.com,calls,5,{day}\n");
    let response = client.post_form("/import/commit", &[("csv", &mine)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(imported(&app).len(), 1);
}

#[actix_web::test]
async fn an_uploaded_file_sent_by_htmx_is_previewed_in_place() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    app.create_user("rep", "ana.rep@example.com");
    app.create_user("rep", "bo.rep@example.com");
    let (_, page) = client.get_text("/import").await;
    let token = extract_csrf(&page).unwrap();
    let boundary = "----attainTestBoundary";
    let body = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"events.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{}\r\n\
         --{boundary}\r\n\
         Content-Disposition: form-data; name=\"csv\"\r\n\r\n\r\n\
         --{boundary}--\r\n",
        good_file()
    );
    let response = client
        .http
        .post(format!("{}/import/preview", client.address))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("X-CSRF-Token", &token)
        .header("HX-Request", "true")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(!html.contains("<html"), "only the preview");
    assert!(html.contains("Import 3 events"));
}

/// Posts `body` to the preview as `multipart/form-data` with `boundary`,
/// without htmx (the whole page answers).
async fn post_multipart(client: &Client, boundary: &str, body: String) -> (u16, String) {
    let token = client.csrf_token().await;
    let response = client
        .http
        .post(format!("{}/import/preview", client.address))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("X-CSRF-Token", &token)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[actix_web::test]
async fn an_upload_without_a_file_or_pasted_rows_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    let boundary = "----attainTestBoundary";
    // No file field at all, and an empty file input (nothing chosen).
    for file_part in [
        String::new(),
        format!(
            "--{boundary}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\r\n"
        ),
    ] {
        let body = format!(
            "{file_part}--{boundary}\r\n\
             Content-Disposition: form-data; name=\"csv\"\r\n\r\n\r\n\
             --{boundary}--\r\n"
        );
        let (status, page) = post_multipart(&client, boundary, body).await;
        assert_eq!(status, 422);
        assert!(page.contains("Choose a CSV file or paste its rows first."));
    }
    assert!(imported(&app).is_empty());
}

#[actix_web::test]
async fn a_broken_upload_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    let boundary = "----attainTestBoundary";
    // Cut off in the middle of the file: no closing boundary.
    let body = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"events.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{}",
        good_file()
    );
    let (status, page) = post_multipart(&client, boundary, body).await;
    assert_eq!(status, 422);
    assert!(page.contains("The upload could not be read; please try again."));
}

#[actix_web::test]
async fn an_uploaded_file_that_is_not_utf8_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    let boundary = "----attainTestBoundary";
    let mut body = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"events.csv\"\r\n\
         Content-Type: text/csv\r\n\r\nemail,metric,value,date\n"
    )
    .into_bytes();
    body.extend_from_slice(b"\xff\xfe,calls,1,2026-01-01\n");
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let token = client.csrf_token().await;
    let response = client
        .http
        .post(format!("{}/import/preview", client.address))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("X-CSRF-Token", &token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("The file is not UTF-8 text."), "{page}");
}

#[actix_web::test]
async fn an_uploaded_file_over_one_megabyte_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    let boundary = "----attainTestBoundary";
    let day = yesterday();
    let row = format!("ana.rep@example.com,calls,1,{day}\n");
    // Over 1 MB, and also over the whole request's limit.
    for rows in [(1024 * 1024) / row.len() + 1, (3 * 1024 * 1024) / row.len()] {
        let body = format!(
            "--{boundary}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"events.csv\"\r\n\
             Content-Type: text/csv\r\n\r\nemail,metric,value,date\n{}\r\n\
             --{boundary}--\r\n",
            row.repeat(rows)
        );
        let (status, page) = post_multipart(&client, boundary, body).await;
        assert_eq!(status, 422);
        assert!(
            page.contains(
                "The file is larger than 1 MB; import at most 1 MB (5,000 rows) at a time."
            )
        );
    }
    assert!(imported(&app).is_empty());
}

#[actix_web::test]
async fn a_multipart_upload_without_the_csrf_header_is_refused() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    app.create_user("rep", "ana.rep@example.com");
    app.create_user("rep", "bo.rep@example.com");
    let token = client.csrf_token().await;
    let boundary = "----attainTestBoundary";
    // The token as a form field is not read from a multipart body: only
    // the header counts (htmx sends it).
    let body = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"events.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{}\r\n\
         --{boundary}--\r\n",
        good_file()
    );
    let response = client
        .http
        .post(format!("{}/import/preview", client.address))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[actix_web::test]
async fn a_file_beyond_the_row_limit_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    let day = yesterday();
    let mut csv = String::from("email,metric,value,date\n");
    for _ in 0..5_001 {
        csv.push_str(&format!("ana.rep@example.com,calls,1,{day}\n"));
    }
    let (status, body) = preview(&client, &csv).await;
    assert_eq!(status, 422);
    assert!(body.contains("The file has 5,001 rows; import at most 5,000 at a time."));
}

#[actix_web::test]
async fn future_dates_unknown_metrics_and_repeated_references_are_row_errors() {
    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    app.create_user("rep", "ana.rep@example.com");
    let day = yesterday();
    let future = (chrono::Utc::now().date_naive() + chrono::Days::new(3)).format("%Y-%m-%d");
    let csv = format!(
        "email,metric,value,date,external_ref\n\
         ana.rep@example.com,revenue,10,{future},r-1\n\
         ana.rep@example.com,karma,10,{day},r-2\n\
         ana.rep@example.com,revenue,10.555,{day},r-3\n\
         ana.rep@example.com,revenue,10,{day},r-3\n"
    );
    let (status, body) = preview(&client, &csv).await;
    assert_eq!(status, 422);
    for reason in [
        "is in the future",
        "unknown metric",
        "karma",
        "use at most 2 decimal places",
        "is already used on line 4",
    ] {
        assert!(body.contains(reason), "{reason}");
    }
}

#[actix_web::test]
async fn an_import_that_crosses_a_milestone_marks_it_reached() {
    use attain::db::goals::{Goal, NewGoal, Owner};
    use attain::db::milestones::{Milestone, NewMilestone};

    let app = spawn_app().await;
    let (_, client) = admin(&app).await;
    let ana = app.create_user("rep", "ana.rep@example.com");
    app.create_user("rep", "bo.rep@example.com");
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let day = chrono::NaiveDate::parse_from_str(&yesterday(), "%Y-%m-%d").unwrap();
    let period = attain::db::periods::PeriodRow::containing(
        &mut conn,
        attain::domain::period::PeriodKind::Month,
        day,
        org.fiscal_year_start_month as u32,
    )
    .unwrap();
    let revenue = attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap();
    let goal = Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(ana.id),
            revenue.id,
            period.id,
            rust_decimal::Decimal::from(10_000),
        ),
    )
    .unwrap();
    let halfway = Milestone::insert(
        &mut conn,
        &NewMilestone {
            goal_id: goal.id,
            name: "First thousand".into(),
            value: rust_decimal::Decimal::from(1_000),
            due_on: None,
        },
    )
    .unwrap();
    let response = client
        .post_form("/import/commit", &[("csv", &good_file())])
        .await;
    assert_eq!(response.status(), 303);
    let reached = Milestone::for_goal(&mut conn, goal.id).unwrap();
    assert_eq!(reached[0].id, halfway.id);
    assert_eq!(reached[0].reached_on, Some(day));
}
