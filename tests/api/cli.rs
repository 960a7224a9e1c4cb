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
    let app = spawn_app().await;
    app.create_user("rep", "cli.rep@example.com");
    app.edit_organisation(|o| o.time_zone = "UTC".into());
    let mut conn = app.conn();
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
    app.edit_organisation(|o| o.time_zone = "Asia/Seoul".into());
    let mut conn = app.conn();
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
async fn jobs_run_period_close_closes_ended_goals_and_records_final_achievements_once() {
    use crate::rewards::{day, event, monthly_goal};
    use attain::db::schema::{achievements, goals};
    use diesel::prelude::*;
    let app = spawn_app().await;
    let rep = app.create_user("rep", "cli.close@example.com");
    app.edit_organisation(|o| o.time_zone = "UTC".into());
    let mut conn = app.conn();
    // November: calls reached (and its perfect month), revenue missed in
    // October; both months' goals still active when December starts.
    let reached = monthly_goal(&mut conn, rep.id, "calls", day(2026, 11, 1), 10, None);
    let missed = monthly_goal(&mut conn, rep.id, "revenue", day(2026, 10, 1), 500, None);
    event(&mut conn, rep.id, "calls", day(2026, 11, 28), 12);
    event(&mut conn, rep.id, "revenue", day(2026, 10, 3), 100);
    for _ in 0..2 {
        let output = attain(
            &app.database_url,
            &[
                "jobs",
                "run",
                "period-close",
                "--now",
                "2026-12-01T06:00:00Z",
            ],
            "",
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let status = |conn: &mut PgConnection, id: i64| -> String {
        goals::table
            .find(id)
            .select(goals::status)
            .first(conn)
            .unwrap()
    };
    assert_eq!(status(&mut conn, reached), "completed");
    assert_eq!(status(&mut conn, missed), "failed");
    let kinds: Vec<String> = achievements::table
        .filter(achievements::user_id.eq(rep.id))
        .select(achievements::kind)
        .order(achievements::kind)
        .load(&mut conn)
        .unwrap();
    assert_eq!(kinds, ["goal_achieved", "perfect_month"]);
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "period-close", 5).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.ok == Some(true) && !r.skipped));
    let closed: i64 = runs
        .iter()
        .map(|r| r.details["closed"].as_i64().unwrap())
        .sum();
    let recorded: i64 = runs
        .iter()
        .map(|r| r.details["recorded"].as_i64().unwrap())
        .sum();
    assert_eq!((closed, recorded), (2, 2));

    // The achievements job over everyone finds nothing more, and says so.
    let output = attain(
        &app.database_url,
        &[
            "jobs",
            "run",
            "achievements",
            "--now",
            "2026-12-01T07:00:00Z",
        ],
        "",
    );
    assert!(output.status.success());
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "achievements", 5).unwrap();
    assert_eq!(runs[0].details["recorded"], 0);
}

#[actix_web::test]
async fn jobs_run_achievements_records_what_was_earned_since_the_last_run() {
    use crate::rewards::{event, monthly_goal};
    use attain::db::schema::achievements;
    use diesel::prelude::*;
    let app = spawn_app().await;
    let rep = app.create_user("rep", "cli.earn@example.com");
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    monthly_goal(
        &mut conn,
        rep.id,
        "revenue",
        today,
        1000,
        Some(("Standard attainment", 100)),
    );
    // Written straight to the table, as an outside loader would: only the
    // job finds it.
    event(&mut conn, rep.id, "revenue", today, 1500);
    let output = attain(&app.database_url, &["jobs", "run", "achievements"], "");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("6 achievement(s) recorded"));
    let output = attain(&app.database_url, &["jobs", "run", "achievements"], "");
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 achievement(s) recorded"));
    let rows: i64 = achievements::table
        .filter(achievements::user_id.eq(rep.id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    // The goal, tiers 1–4 (150 %), the perfect month.
    assert_eq!(rows, 6);
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

#[actix_web::test]
async fn log_lines_written_to_a_pipe_carry_no_colour_codes() {
    use std::io::{BufRead, BufReader};
    let app = spawn_app().await;
    let data_dir = std::env::temp_dir().join(format!("attain-cli-log-{}", app.database));
    let mut child = Command::new(env!("CARGO_BIN_EXE_attain"))
        .args(["serve", "--bind", "127.0.0.1:0", "--jobs-every", "0"])
        .arg("--data-dir")
        .arg(&data_dir)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "info")
        .env_remove("NO_COLOR")
        .env_remove("ATTAIN_SMTP_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read until the server has logged something, then stop it.
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let logged = line.contains("INFO");
            lines.push(line);
            if logged {
                break;
            }
        }
        lines
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !reader.is_finished() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let lines = reader.join().unwrap();
    let _ = std::fs::remove_dir_all(&data_dir);
    let log = lines.join("\n");
    assert!(log.contains("INFO"), "the server logged: {log}");
    assert!(!log.contains('\u{1b}'), "no ANSI escape codes: {log:?}");
}

/// The rows of the totals table, in key order.
fn day_totals(conn: &mut diesel::PgConnection) -> Vec<(i64, i64, String, String, i64)> {
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Text};
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        user_id: i64,
        #[diesel(sql_type = BigInt)]
        metric_id: i64,
        #[diesel(sql_type = Text)]
        day: String,
        #[diesel(sql_type = Text)]
        total: String,
        #[diesel(sql_type = BigInt)]
        events: i64,
    }
    diesel::sql_query(
        "SELECT user_id, metric_id, day::text AS day, total::text AS total, events
         FROM metric_day_totals ORDER BY user_id, metric_id, day, source",
    )
    .load::<Row>(conn)
    .unwrap()
    .into_iter()
    .map(|r| (r.user_id, r.metric_id, r.day, r.total, r.events))
    .collect()
}

#[actix_web::test]
async fn totals_check_finds_a_damaged_table_and_rebuild_restores_it_from_the_facts() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let rep = app.create_user("rep", "tess.totals@example.com");
    let client = app.signed_in(&rep).await;
    for (metric, value) in [("calls", "3"), ("calls", "4"), ("revenue", "120.50")] {
        let logged = client
            .post_form("/events", &[("metric", metric), ("value", value)])
            .await;
        assert_eq!(logged.status(), 303);
    }
    let mut conn = app.conn();
    let kept = day_totals(&mut conn);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept.iter().any(|row| row.3 == "7.00" && row.4 == 2),
        "{kept:?}"
    );
    let checked = attain(&app.database_url, &["totals", "check"], "");
    assert!(checked.status.success());
    assert!(String::from_utf8_lossy(&checked.stdout).contains("Totals match"));

    // Damaged behind the application's back: one total wrong, one row gone.
    diesel::sql_query("UPDATE metric_day_totals SET total = 999 WHERE total = 7")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query("DELETE FROM metric_day_totals WHERE total = 120.50")
        .execute(&mut conn)
        .unwrap();
    let checked = attain(&app.database_url, &["totals", "check"], "");
    assert!(!checked.status.success());
    let found = String::from_utf8_lossy(&checked.stdout);
    assert!(found.contains("stored Some(999)"), "{found}");
    assert!(found.contains("stored None"), "{found}");

    let rebuilt = attain(&app.database_url, &["totals", "rebuild"], "");
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    assert!(String::from_utf8_lossy(&rebuilt.stdout).contains("2 rows"));
    assert_eq!(day_totals(&mut conn), kept);
    assert!(
        attain(&app.database_url, &["totals", "check"], "")
            .status
            .success()
    );
}

#[actix_web::test]
async fn the_forecast_backtest_prints_its_scores_on_the_demo_and_beats_the_straight_line() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let started = std::time::Instant::now();
    let output = attain(&app.database_url, &["forecast", "backtest"], "");
    // Bounded in CI: the demo's year takes about 20 s in a debug build on
    // two shared cores.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(180),
        "the backtest took {:?}",
        started.elapsed()
    );
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(printed.contains("| bootstrap forecast |"), "{printed}");
    assert!(printed.contains("| 90–100% |"), "{printed}");
    let today = chrono::Utc::now().date_naive();
    let report = attain::goals::forecast::backtest::run(&mut app.conn(), today).unwrap();
    assert!(report.forecast.forecasts > 100, "{report:?}");
    let (ours, line) = (
        report.forecast.brier.unwrap(),
        report.straight_line.brier.unwrap(),
    );
    assert!(
        ours < line,
        "Brier {ours} against the straight line's {line}"
    );
    assert!(printed.contains(&ours.to_string()), "{printed}");
    let (recommended, naive) = (
        report.recommendation_mape.unwrap(),
        report.last_month_mape.unwrap(),
    );
    assert!(
        recommended < naive,
        "the recommendation's error {recommended}% against last month's {naive}%"
    );
    assert!(
        printed.contains(&format!(
            "median absolute error {recommended}% (the same as last month: {naive}%)"
        )),
        "{printed}"
    );
}

#[actix_web::test]
async fn the_backtest_takes_last_months_sales_as_targets_where_there_are_no_past_goals() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let output = attain(
        &app.database_url,
        &[
            "forecast",
            "backtest",
            "--targets",
            "last-month",
            "--every",
            "2",
            "--metric",
            "revenue",
        ],
        "",
    );
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let today = chrono::Utc::now().date_naive();
    let targets = attain::goals::forecast::backtest::Targets::LastMonth {
        every: 2,
        metric: Some("revenue".into()),
    };
    let report =
        attain::goals::forecast::backtest::run_with(&mut app.conn(), today, &targets).unwrap();
    assert!(report.forecast.forecasts > 0, "{report:?}");
    let brier = report.forecast.brier.unwrap();
    assert!(
        printed.contains(&format!(
            "| bootstrap forecast | {} | {brier} |",
            report.forecast.forecasts
        )),
        "{printed}"
    );
    // Every other active rep, one metric, at most the twelve months.
    let reps: i64 = {
        use attain::db::schema::users;
        use diesel::prelude::*;
        users::table
            .filter(users::role.eq("rep"))
            .filter(users::active.eq(true))
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };
    assert!(report.goals > 0);
    assert!(
        report.goals as i64 <= (reps + 1) / 2 * 12,
        "{report:?}, {reps} reps"
    );
    let refused = attain(
        &app.database_url,
        &["forecast", "backtest", "--targets", "guess"],
        "",
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("goals or last-month"));
}
