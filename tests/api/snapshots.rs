//! Goal snapshots (the daily job, its weekly and monthly rows, its figures
//! against the attainment engine) and the trend charts on the pages.

use std::sync::{Arc, Barrier};

use attain::db::events::{MetricEvent, NewMetricEvent};
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::periods::PeriodRow;
use attain::db::snapshots::GoalSnapshot;
use attain::domain::attainment;
use attain::domain::period::Period;
use attain::jobs::{JobContext, Source};
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::helpers::{TestApp, spawn_app};
use attain::domain::lifecycle::Status;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn period(conn: &mut PgConnection, p: &Period) -> PeriodRow {
    PeriodRow::ensure(conn, p, &format!("{} – {}", p.start, p.end)).unwrap()
}

fn metric(conn: &mut PgConnection, key: &str) -> i64 {
    attain::db::metrics::Metric::find_by_key(conn, key)
        .unwrap()
        .unwrap()
        .id
}

fn goal(conn: &mut PgConnection, owner: Owner, metric: i64, period: i64, target: Decimal) -> Goal {
    Goal::insert(conn, &NewGoal::new(owner, metric, period, target)).unwrap()
}

fn event(conn: &mut PgConnection, user: i64, metric: i64, value: Decimal, on: &str) {
    MetricEvent::record(
        conn,
        &NewMetricEvent {
            user_id: user,
            metric_id: metric,
            value,
            occurred_on: d(on),
            source: "manual".into(),
            external_ref: None,
            note: None,
            created_by: None,
            // A negative fact is a correction and says why.
            correction_reason: value.is_sign_negative().then(|| "test correction".into()),
        },
    )
    .unwrap();
}

fn team(app: &TestApp, name: &str, parent: Option<i64>) -> i64 {
    app.sub_team(name, None, parent)
}

fn place(app: &TestApp, user: i64, team: i64) {
    app.edit_user(user, |p| p.team_id = Some(team));
}

/// Every snapshot row as (goal, day, kind).
fn rows(conn: &mut PgConnection) -> Vec<(i64, NaiveDate, String)> {
    use attain::db::schema::goal_snapshots as s;
    s::table
        .select((s::goal_id, s::day, s::kind))
        .order((s::goal_id, s::day, s::kind))
        .load(conn)
        .unwrap()
}

fn snapshot(conn: &mut PgConnection, goal: i64, day: &str) -> GoalSnapshot {
    GoalSnapshot::of_goal(conn, goal, "daily", d(day), d(day))
        .unwrap()
        .pop()
        .unwrap_or_else(|| panic!("no snapshot of goal {goal} on {day}"))
}

fn run_for(conn: &mut PgConnection, day: &str) -> attain::db::job_runs::JobRun {
    let job = attain::jobs::find("snapshots").unwrap();
    let mut ctx = JobContext::at(chrono::Utc::now(), None);
    ctx.date = Some(d(day));
    attain::jobs::run(conn, job, &ctx, Source::Cli).unwrap()
}

/// Three reps, each with a November revenue goal, and one event each.
fn three_goals(app: &TestApp) -> Vec<i64> {
    let mut conn = app.conn();
    let november = period(&mut conn, &Period::month_containing(d("2026-11-01")));
    let revenue = metric(&mut conn, "revenue");
    (1..=3)
        .map(|i| {
            let rep = app.create_user("rep", &format!("snap{i}@example.com"));
            event(
                &mut conn,
                rep.id,
                revenue,
                Decimal::from(100 * i),
                "2026-11-03",
            );
            goal(
                &mut conn,
                Owner::User(rep.id),
                revenue,
                november.id,
                dec!(1000),
            )
            .id
        })
        .collect()
}

#[actix_web::test]
async fn a_run_twice_stores_one_snapshot_per_goal_and_day() {
    let app = spawn_app().await;
    let goals = three_goals(&app);
    let mut conn = app.conn();

    let first = run_for(&mut conn, "2026-11-10");
    let second = run_for(&mut conn, "2026-11-10");

    assert_eq!(first.ok, Some(true));
    assert_eq!(first.details["daily"], 3);
    assert_eq!(second.details["daily"], 0);
    assert!(!second.skipped);
    let stored = rows(&mut conn);
    let expected: Vec<_> = goals
        .iter()
        .map(|g| (*g, d("2026-11-10"), "daily".to_string()))
        .collect();
    assert_eq!(stored, expected);
    // Another day is another row.
    run_for(&mut conn, "2026-11-11");
    assert_eq!(rows(&mut conn).len(), 6);
}

/// A scheduled run (no `--date`) at noon UTC of `day`.
fn scheduled_run_at(conn: &mut PgConnection, day: &str) -> attain::db::job_runs::JobRun {
    let job = attain::jobs::find("snapshots").unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(&format!("{day}T12:00:00Z"))
        .unwrap()
        .with_timezone(&chrono::Utc);
    attain::jobs::run(conn, job, &JobContext::at(now, None), Source::Schedule).unwrap()
}

/// The days with daily snapshots, and how many daily rows there are.
fn daily_days(conn: &mut PgConnection) -> (Vec<NaiveDate>, usize) {
    let daily: Vec<NaiveDate> = rows(conn)
        .into_iter()
        .filter(|(_, _, kind)| kind == "daily")
        .map(|(_, day, _)| day)
        .collect();
    let days: std::collections::BTreeSet<NaiveDate> = daily.iter().copied().collect();
    (days.into_iter().collect(), daily.len())
}

#[actix_web::test]
async fn a_scheduled_run_fills_the_days_missed_while_nothing_ran_up_to_two_weeks() {
    let app = spawn_app().await;
    let goals = three_goals(&app);
    app.edit_organisation(|o| o.time_zone = "UTC".into());
    let mut conn = app.conn();

    // The first run ever takes the day that ended, not the past.
    let first = scheduled_run_at(&mut conn, "2026-11-10");
    assert_eq!(first.details["daily"], 3);
    assert_eq!(daily_days(&mut conn), (vec![d("2026-11-09")], 3));

    // Down for four days: the next run takes them all, once.
    let after_gap = scheduled_run_at(&mut conn, "2026-11-14");
    assert_eq!(
        after_gap.message.as_deref(),
        Some("2026-11-10 to 2026-11-13: 12 daily, 0 weekly, 0 monthly snapshot(s)")
    );
    let again = scheduled_run_at(&mut conn, "2026-11-14");
    assert_eq!(again.details["daily"], 0);
    let (days, rows_so_far) = daily_days(&mut conn);
    assert_eq!(
        days,
        [
            "2026-11-09",
            "2026-11-10",
            "2026-11-11",
            "2026-11-12",
            "2026-11-13"
        ]
        .map(d)
    );
    assert_eq!(rows_so_far, 15);

    // A longer outage is filled for the last two weeks only.
    let long = scheduled_run_at(&mut conn, "2026-11-30");
    assert_eq!(long.details["from"], "2026-11-16");
    assert_eq!(long.details["daily"], 3 * 14);
    let (days, daily_rows) = daily_days(&mut conn);
    assert!(!days.contains(&d("2026-11-14")) && !days.contains(&d("2026-11-15")));
    assert_eq!(days.last(), Some(&d("2026-11-29")));
    assert_eq!(daily_rows, goals.len() * (5 + 14));
}

/// Every stored figure, in a fixed order.
type Figures = Vec<(
    i64,
    NaiveDate,
    String,
    Decimal,
    Option<Decimal>,
    Decimal,
    i32,
    String,
)>;

fn figures(conn: &mut PgConnection) -> Figures {
    use attain::db::schema::goal_snapshots as s;
    s::table
        .select((
            s::goal_id,
            s::day,
            s::kind,
            s::actual,
            s::attainment_percent,
            s::expected,
            s::days_remaining,
            s::pace,
        ))
        .order((s::goal_id, s::day, s::kind))
        .load(conn)
        .unwrap()
}

#[actix_web::test]
async fn a_backfill_in_one_statement_stores_what_the_days_one_by_one_would() {
    let mut stored = Vec::new();
    for one_statement in [true, false] {
        let app = spawn_app().await;
        three_goals(&app);
        let mut conn = app.conn();
        let revenue = metric(&mut conn, "revenue");
        let first = app.create_user("rep", "late@example.com");
        event(&mut conn, first.id, revenue, dec!(70), "2026-11-20");
        let everyone = period(&mut conn, &Period::month_containing(d("2026-11-01")));
        goal(&mut conn, Owner::Company, revenue, everyone.id, dec!(2000));
        if one_statement {
            attain::goals::snapshots::backfill(&mut conn, d("2026-10-30"), d("2026-11-30"))
                .unwrap();
        } else {
            let mut day = d("2026-10-30");
            while day <= d("2026-11-30") {
                attain::goals::snapshots::take_locked(&mut conn, day, day)
                    .unwrap()
                    .unwrap();
                day = day.succ_opt().unwrap();
            }
        }
        stored.push(figures(&mut conn));
    }
    // Four goals × 30 days, plus five Sundays, and the week's and the
    // month's rows on the period's last day.
    assert_eq!(stored[0].len(), 4 * (30 + 5 + 2));
    assert_eq!(stored[0], stored[1]);
}

#[actix_web::test]
async fn concurrent_runs_from_two_connections_store_each_snapshot_once() {
    let app = spawn_app().await;
    let goals = three_goals(&app);
    let barrier = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let barrier = barrier.clone();
            let url = app.database_url.clone();
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                barrier.wait();
                // Sunday 15 November: daily and weekly rows.
                run_for(&mut conn, "2026-11-15")
            })
        })
        .collect();
    let runs: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();

    let mut conn = app.conn();
    assert_eq!(rows(&mut conn).len(), goals.len() * 2);
    let written: i64 = runs
        .iter()
        .filter(|r| !r.skipped)
        .map(|r| r.details["daily"].as_i64().unwrap())
        .sum();
    assert_eq!(written, 3, "{runs:?}");
    assert!(runs.iter().all(|r| r.ok == Some(true)));
}

#[actix_web::test]
async fn weekly_and_monthly_rows_fall_on_week_month_and_period_ends() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "edges@example.com");
    let mut conn = app.conn();
    let calls = metric(&mut conn, "calls");
    let november = period(&mut conn, &Period::month_containing(d("2026-11-01")));
    // A custom range ending on Wednesday 18 November.
    let sprint = period(
        &mut conn,
        &Period::custom(d("2026-11-03"), d("2026-11-18")).unwrap(),
    );
    let month_goal = goal(
        &mut conn,
        Owner::User(rep.id),
        calls,
        november.id,
        dec!(100),
    )
    .id;
    let sprint_goal = goal(&mut conn, Owner::User(rep.id), calls, sprint.id, dec!(40)).id;

    // Saturday, Sunday, the sprint's last day, the sprint's next day, a
    // Sunday, the month's last day (a Monday).
    for day in [
        "2026-11-14",
        "2026-11-15",
        "2026-11-18",
        "2026-11-19",
        "2026-11-29",
        "2026-11-30",
    ] {
        attain::goals::snapshots::take_locked(&mut conn, d(day), d(day))
            .unwrap()
            .unwrap();
    }

    let kinds_on = |goal: i64, day: &str, rows: &[(i64, NaiveDate, String)]| -> Vec<String> {
        rows.iter()
            .filter(|(g, on, _)| *g == goal && *on == d(day))
            .map(|(_, _, kind)| kind.clone())
            .collect()
    };
    let stored = rows(&mut conn);
    assert_eq!(kinds_on(month_goal, "2026-11-14", &stored), ["daily"]);
    assert_eq!(
        kinds_on(month_goal, "2026-11-15", &stored),
        ["daily", "weekly"]
    );
    assert_eq!(kinds_on(month_goal, "2026-11-18", &stored), ["daily"]);
    assert_eq!(
        kinds_on(month_goal, "2026-11-29", &stored),
        ["daily", "weekly"]
    );
    assert_eq!(
        kinds_on(month_goal, "2026-11-30", &stored),
        ["daily", "monthly", "weekly"]
    );
    assert_eq!(
        kinds_on(sprint_goal, "2026-11-15", &stored),
        ["daily", "weekly"]
    );
    assert_eq!(
        kinds_on(sprint_goal, "2026-11-18", &stored),
        ["daily", "monthly", "weekly"]
    );
    // After its period a goal has no more snapshots.
    assert!(kinds_on(sprint_goal, "2026-11-19", &stored).is_empty());
}

/// (actual, expected pace, on pace) for a 3,000 target on 10 June, when
/// 1,000.00 is expected: the thresholds are 110 %, 95 % and 75 %.
const PACE_CASES: [(Decimal, &str, bool); 8] = [
    (dec!(1100.00), "ahead", true),
    (dec!(1099.99), "on_track", true),
    (dec!(1000.00), "on_track", true),
    (dec!(950.00), "on_track", false),
    (dec!(949.99), "behind", false),
    (dec!(750.00), "behind", false),
    (dec!(749.99), "critical", false),
    (dec!(-10.00), "critical", false),
];

#[actix_web::test]
async fn the_sql_pace_figures_match_hand_computed_values_and_the_domain() {
    let app = spawn_app().await;
    let mut conn = app.conn();
    let revenue = metric(&mut conn, "revenue");
    let june = Period::month_containing(d("2026-06-01"));
    let june_row = period(&mut conn, &june);
    let day = "2026-06-10";

    // (goal, target, hand-computed: actual, attainment, expected, days, pace, on pace)
    type Hand = (
        i64,
        Decimal,
        Decimal,
        Option<Decimal>,
        Decimal,
        i32,
        &'static str,
        bool,
    );
    let mut cases: Vec<Hand> = Vec::new();
    for (i, (actual, pace, on_pace)) in PACE_CASES.into_iter().enumerate() {
        let rep = app.create_user("rep", &format!("pace{i}@example.com"));
        event(&mut conn, rep.id, revenue, actual, "2026-06-04");
        // After the day: not counted in its snapshot.
        event(&mut conn, rep.id, revenue, dec!(5000), "2026-06-11");
        let g = goal(
            &mut conn,
            Owner::User(rep.id),
            revenue,
            june_row.id,
            dec!(3000),
        )
        .id;
        let attainment = (actual * dec!(100) / dec!(3000))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        cases.push((
            g,
            dec!(3000),
            actual,
            Some(attainment),
            dec!(1000.00),
            21,
            pace,
            on_pace,
        ));
    }
    // No target: nothing expected; anything done is ahead, nothing on track.
    let idle = app.create_user("rep", "idle@example.com");
    let busy = app.create_user("rep", "busy@example.com");
    event(&mut conn, busy.id, revenue, dec!(5), "2026-06-01");
    for (user, actual, pace) in [(idle.id, dec!(0), "on_track"), (busy.id, dec!(5), "ahead")] {
        let g = goal(&mut conn, Owner::User(user), revenue, june_row.id, dec!(0)).id;
        cases.push((g, dec!(0), actual, None, dec!(0), 21, pace, true));
    }
    // Half-cent midpoints round away from zero: 0.50 × 1/4 = 0.125 → 0.13
    // expected; 1 / 800 = 0.125 % → 0.13 %.
    let short = period(
        &mut conn,
        &Period::custom(d("2026-06-10"), d("2026-06-13")).unwrap(),
    );
    let tiny = app.create_user("rep", "tiny@example.com");
    let calls = metric(&mut conn, "calls");
    let g = goal(&mut conn, Owner::User(tiny.id), calls, short.id, dec!(0.50)).id;
    cases.push((
        g,
        dec!(0.50),
        dec!(0),
        Some(dec!(0)),
        dec!(0.13),
        4,
        "critical",
        false,
    ));
    let signups = metric(&mut conn, "signups");
    event(&mut conn, tiny.id, signups, dec!(1), "2026-06-02");
    let g = goal(
        &mut conn,
        Owner::User(tiny.id),
        signups,
        june_row.id,
        dec!(800),
    )
    .id;
    cases.push((
        g,
        dec!(800),
        dec!(1),
        Some(dec!(0.13)),
        dec!(266.67),
        21,
        "critical",
        false,
    ));
    // A team's actual is its whole subtree's; the company's, everyone's.
    let parent = team(&app, "North", None);
    let child = team(&app, "North East", Some(parent));
    let lead = app.create_user("manager", "lead@example.com");
    let member = app.create_user("rep", "member@example.com");
    place(&app, lead.id, parent);
    place(&app, member.id, child);
    let deals = metric(&mut conn, "deals");
    event(&mut conn, lead.id, deals, dec!(4), "2026-06-09");
    event(&mut conn, member.id, deals, dec!(7), "2026-06-10");
    event(&mut conn, idle.id, deals, dec!(9), "2026-06-10");
    let g = goal(&mut conn, Owner::Team(parent), deals, june_row.id, dec!(30)).id;
    cases.push((
        g,
        dec!(30),
        dec!(11),
        Some(dec!(36.67)),
        dec!(10.00),
        21,
        "ahead",
        true,
    ));
    let g = goal(&mut conn, Owner::Company, deals, june_row.id, dec!(60)).id;
    cases.push((
        g,
        dec!(60),
        dec!(20),
        Some(dec!(33.33)),
        dec!(20.00),
        21,
        "on_track",
        true,
    ));
    // Drafts and cancelled goals are not snapshotted.
    let draft = goal(&mut conn, Owner::User(idle.id), deals, june_row.id, dec!(5));
    diesel::update(attain::db::schema::goals::table.find(draft.id))
        .set(attain::db::schema::goals::status.eq(Status::Draft))
        .execute(&mut conn)
        .unwrap();

    let taken = attain::goals::snapshots::take_locked(&mut conn, d(day), d(day))
        .unwrap()
        .unwrap();

    assert_eq!(taken.daily, cases.len());
    for (g, target, actual, attainment, expected, days, pace, on_pace) in cases {
        let s = snapshot(&mut conn, g, day);
        let hand = (
            actual,
            target,
            attainment,
            expected,
            days,
            pace.to_string(),
            on_pace,
        );
        let stored = (
            s.actual,
            s.target,
            s.attainment_percent,
            s.expected,
            s.days_remaining,
            s.pace.clone(),
            s.on_pace,
        );
        assert_eq!(stored, hand, "goal {g}");
        // The same figures from the domain's functions.
        let goal = Goal::find(&mut conn, g).unwrap();
        let span = PeriodRow::find(&mut conn, goal.period_id).unwrap().period();
        let p = attainment::progress(target, actual, Decimal::ZERO, &span, d(day));
        let domain = (
            p.actual,
            p.target,
            p.attainment_percent,
            p.expected_to_date,
            p.days_left as i32,
            p.pace.as_str().to_string(),
            p.on_pace,
        );
        assert_eq!(stored, domain, "goal {g} against the domain");
    }
    assert!(
        GoalSnapshot::of_goal(&mut conn, draft.id, "daily", d(day), d(day))
            .unwrap()
            .is_empty()
    );
}

/// A rep with a November revenue goal, a team and a company goal, events on
/// a few days, and the snapshots of the days before `today`.
fn charted(app: &TestApp) -> (crate::helpers::TestUser, i64) {
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let month = Period::month_containing(today);
    let row = period(&mut conn, &month);
    let revenue = metric(&mut conn, "revenue");
    let rep = app.create_user("rep", "chart.rep@example.com");
    event(
        &mut conn,
        rep.id,
        revenue,
        dec!(1200),
        &month.start.to_string(),
    );
    event(&mut conn, rep.id, revenue, dec!(800), &today.to_string());
    let g = goal(&mut conn, Owner::User(rep.id), revenue, row.id, dec!(10000)).id;
    goal(&mut conn, Owner::Company, revenue, row.id, dec!(50000));
    // Last month's company goal, closed by its monthly snapshot.
    let last_month = month.previous().unwrap();
    let last_row = period(&mut conn, &last_month);
    goal(&mut conn, Owner::Company, revenue, last_row.id, dec!(1000));
    event(
        &mut conn,
        rep.id,
        revenue,
        dec!(1100),
        &last_month.end.to_string(),
    );
    attain::goals::snapshots::backfill(&mut conn, last_month.start, today.pred_opt().unwrap())
        .unwrap();
    (rep, g)
}

#[actix_web::test]
async fn the_goal_page_and_the_dashboard_draw_the_trend() {
    let app = spawn_app().await;
    let (rep, goal_id) = charted(&app);
    let client = app.signed_in(&rep).await;

    for path in [format!("/goals/{goal_id}"), "/dashboard".to_string()] {
        let (status, body) = client.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        for expected in [
            "class=\"card chart-card trend-card\"",
            "<svg",
            "class=\"chart-actual\"",
            "class=\"chart-expected\"",
            "class=\"chart-target\"",
            "Target $10,000.00",
            "Revenue (USD)",
            "today, live",
        ] {
            assert!(body.contains(expected), "{path} lacks {expected}");
        }
    }
    let (_, goal_page) = client.get_text(&format!("/goals/{goal_id}")).await;
    let (_, dashboard) = client.get_text("/dashboard").await;
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    if today.day0() > 0 {
        for body in [&goal_page, &dashboard] {
            assert!(
                body.contains("days from the daily snapshots"),
                "snapshots used"
            );
        }
    }
    // The dashboard reads the events and the snapshots in one statement,
    // the goal page in two: the same chart either way.
    let chart = |body: &str| {
        let card = body.find("trend-card").expect("a trend card");
        let start = card + body[card..].find("<svg").expect("a chart");
        body[start..start + body[start..].find("</svg>").unwrap()].to_string()
    };
    assert_eq!(chart(&dashboard), chart(&goal_page));
}

#[actix_web::test]
async fn a_trend_read_in_one_statement_matches_the_one_read_in_two() {
    use attain::db::events::Scope;
    let app = spawn_app().await;
    let (_, goal_id) = charted(&app);
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let mine = Goal::find(&mut conn, goal_id).unwrap();
    let company = Goal::live(&mut conn, Owner::Company, mine.metric_id, mine.period_id)
        .unwrap()
        .expect("the company goal");
    let views =
        attain::goals::progress::views(&mut conn, vec![mine, company], &org, today).unwrap();
    assert_eq!(views.len(), 2);
    for view in &views {
        let span = view.period.period();
        let scope = match view.goal.owner() {
            Owner::User(id) => Scope::User(id),
            _ => Scope::Everyone,
        };
        let daily = MetricEvent::daily(&mut conn, scope, view.goal.metric_id, span.start, span.end)
            .unwrap();
        assert!(!daily.is_empty());
        let apart =
            attain::goals::trends::goal_trend(&mut conn, view, today, Some(&daily)).unwrap();
        let together = attain::goals::trends::goal_trend(&mut conn, view, today, None).unwrap();
        assert_eq!(together.points, apart.points, "{:?}", view.goal.owner());
        assert_eq!(together.from_snapshots, apart.from_snapshots);
    }
}

#[actix_web::test]
async fn the_executive_page_draws_company_attainment_by_month() {
    let app = spawn_app().await;
    charted(&app);
    let ceo = app.create_user("executive", "ceo@example.com");
    let client = app.signed_in(&ceo).await;

    let (status, body) = client.get_text("/executive").await;

    assert_eq!(status, 200);
    assert!(body.contains("Company attainment by month"));
    assert!(body.contains("id=\"attainment-by-month\""));
    // Last month: 1,100 of 1,000 from its monthly snapshot.
    assert!(body.contains("110.00%</title>"), "last month's bar");
    assert!(body.contains("class=\"bar-reached\""));
    assert!(body.contains("class=\"bar-live\""), "this month so far");
}

use chrono::Datelike;
