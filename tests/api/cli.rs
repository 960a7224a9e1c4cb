//! The `attain` binary against a test database.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::spawn_app;

fn attain(database_url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attain"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env_remove("ATTAIN_SMTP_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[actix_web::test]
async fn users_create_makes_a_user_who_can_sign_in() {
    let app = spawn_app().await;
    let output = attain(
        &app.database_url,
        &[
            "users",
            "create",
            "--email",
            "Cli.Made@example.com",
            "--name",
            "Cli Made",
            "--role",
            "manager",
            "--password-stdin",
        ],
        "a password from stdin\n",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Created Cli Made"));
    let response = app
        .client()
        .sign_in("cli.made@example.com", "a password from stdin")
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(crate::helpers::location(&response), "/manager");
}

#[actix_web::test]
async fn users_create_refuses_bad_input_with_a_message() {
    let app = spawn_app().await;
    let output = attain(
        &app.database_url,
        &[
            "users",
            "create",
            "--email",
            "nope",
            "--name",
            "X",
            "--role",
            "king",
            "--password-stdin",
        ],
        "short\n",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("email"), "{stderr}");
    assert!(stderr.contains("role"), "{stderr}");
    let output = attain(
        &app.database_url,
        &[
            "users",
            "create",
            "--email",
            "a@example.com",
            "--name",
            "A",
            "--role",
            "rep",
            "--team",
            "No Such Team",
            "--password-stdin",
        ],
        "long enough password\n",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no team named"));
}

#[actix_web::test]
async fn migrate_and_demo_run_against_the_configured_database() {
    let app = spawn_app().await;
    let output = attain(&app.database_url, &["migrate"], "");
    assert!(output.status.success());
    let output = attain(&app.database_url, &["demo"], "");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Demo organisation created."));
    let output = attain(&app.database_url, &["demo"], "");
    assert!(String::from_utf8_lossy(&output.stdout).contains("already present"));
}

#[actix_web::test]
async fn jobs_run_reminders_at_a_given_instant_records_the_run() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    app.create_user("rep", "cli.rep@example.com");
    let mut conn = app.conn();
    diesel::update(attain::db::schema::organisation::table)
        .set(attain::db::schema::organisation::time_zone.eq("UTC"))
        .execute(&mut conn)
        .unwrap();
    let output = attain(
        &app.database_url,
        &["jobs", "run", "reminders", "--now", "2026-11-05T10:00:00Z"],
        "",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("one_day_before"), "{stdout}");
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "reminders", 5).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].ok, Some(true));
    assert_eq!(runs[0].source, "cli");
    assert_eq!(runs[0].details["created"], 1);
    assert_eq!(runs[0].details["emailed"], 0);
    assert!(runs[0].finished_at.is_some() && runs[0].duration_ms.is_some());

    let output = attain(&app.database_url, &["jobs", "run", "nightly"], "");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no job named"));
    let output = attain(
        &app.database_url,
        &["jobs", "run", "reminders", "--now", "tomorrow"],
        "",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("RFC 3339"));
}

#[actix_web::test]
async fn jobs_run_month_opening_drafts_sheets_once() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let rep = app.create_user("rep", "cli.opening@example.com");
    let mut conn = app.conn();
    diesel::update(attain::db::schema::organisation::table)
        .set(attain::db::schema::organisation::time_zone.eq("Asia/Seoul"))
        .execute(&mut conn)
        .unwrap();
    // 31 December 20:00 UTC is already 1 January in Seoul.
    for _ in 0..2 {
        let output = attain(
            &app.database_url,
            &[
                "jobs",
                "run",
                "month-opening",
                "--now",
                "2026-12-31T20:00:00Z",
            ],
            "",
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    use attain::db::schema::goal_sheets;
    let sheets: Vec<(i16, i16, String)> = goal_sheets::table
        .filter(goal_sheets::user_id.eq(rep.id))
        .select((goal_sheets::year, goal_sheets::month, goal_sheets::status))
        .load(&mut conn)
        .unwrap();
    assert_eq!(sheets, [(2027, 1, "draft".to_string())]);
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "month-opening", 5).unwrap();
    assert_eq!(runs.len(), 2);
    let created: Vec<i64> = runs
        .iter()
        .map(|r| r.details["created"].as_i64().unwrap())
        .collect();
    assert_eq!(created.iter().sum::<i64>(), 1);
}

#[actix_web::test]
async fn jobs_run_goal_lifecycle_records_what_it_did() {
    let app = spawn_app().await;
    let output = attain(
        &app.database_url,
        &[
            "jobs",
            "run",
            "goal-lifecycle",
            "--now",
            "2026-11-22T09:00:00Z",
        ],
        "",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut conn = app.conn();
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "goal-lifecycle", 5).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].ok, Some(true));
    assert_eq!(runs[0].details["activated"], 0);
    assert_eq!(runs[0].details["closed"], 0);
}

#[actix_web::test]
async fn jobs_run_snapshots_for_a_date_records_that_day_once() {
    use attain::db::schema::goal_snapshots;
    use diesel::prelude::*;
    let app = spawn_app().await;
    let rep = app.create_user("rep", "cli.snap@example.com");
    let mut conn = app.conn();
    let november = attain::db::periods::PeriodRow::containing(
        &mut conn,
        attain::domain::period::PeriodKind::Month,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        1,
    )
    .unwrap();
    let revenue = attain::db::metrics::Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap();
    let goal = attain::db::goals::Goal::insert(
        &mut conn,
        &attain::db::goals::NewGoal::new(
            attain::db::goals::Owner::User(rep.id),
            revenue.id,
            november.id,
            rust_decimal::Decimal::new(3000, 0),
        ),
    )
    .unwrap();

    for _ in 0..2 {
        let output = attain(
            &app.database_url,
            &["jobs", "run", "snapshots", "--date", "2026-11-15"],
            "",
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("snapshots: 2026-11-15:"), "{stdout}");
    }

    // Sunday 15 November: the day's row and the week's.
    let stored: Vec<(i64, chrono::NaiveDate, String)> = goal_snapshots::table
        .select((
            goal_snapshots::goal_id,
            goal_snapshots::day,
            goal_snapshots::kind,
        ))
        .order(goal_snapshots::kind)
        .load(&mut conn)
        .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    assert_eq!(
        stored,
        [
            (goal.id, day, "daily".to_string()),
            (goal.id, day, "weekly".to_string())
        ]
    );
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "snapshots", 5).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.details["day"] == "2026-11-15"));
    let daily: Vec<i64> = runs
        .iter()
        .map(|r| r.details["daily"].as_i64().unwrap())
        .collect();
    assert_eq!(daily, [0, 1], "the second run (newest first) wrote nothing");
    // The run is for noon of that day in the organisation's time zone.
    assert_eq!(runs[0].run_for.date_naive(), day);

    let output = attain(
        &app.database_url,
        &["jobs", "run", "snapshots", "--date", "15/11/2026"],
        "",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--date must be a date"));
    let output = attain(
        &app.database_url,
        &[
            "jobs",
            "run",
            "snapshots",
            "--date",
            "2026-11-15",
            "--now",
            "2026-11-15T10:00:00Z",
        ],
        "",
    );
    assert!(
        !output.status.success(),
        "--date and --now exclude each other"
    );
}
