//! How many statements a hot page sends to PostgreSQL. At benchmark load
//! the rep dashboard's cost is its round trips, not PostgreSQL's work, so a
//! change that adds one shows here rather than as a slower p99 later.
//!
//! Counted by a diesel instrumentation installed for every connection the
//! process opens, per database: each test has its own, so tests running at
//! the same time do not mix.

use std::collections::HashMap;
use std::sync::Mutex;

use attain::db::partner_tiers::PartnerTierFields;
use attain::db::partner_types::PartnerTypeFields;
use attain::db::teams::{Team, TeamFields};
use attain::db::users::User;
use attain::goals::sheets::{self, SheetInput};
use chrono::{Datelike, Utc};
use diesel::connection::{Instrumentation, InstrumentationEvent, set_default_instrumentation};
use rust_decimal::Decimal;

use crate::helpers::{TestApp, spawn_app};
use crate::rewards::monthly_goal;

/// The statements sent so far to each watched database, by its name.
static STATEMENTS: Mutex<Option<HashMap<String, Vec<String>>>> = Mutex::new(None);

/// Records each statement of a connection to a watched database (the other
/// tests' connections get the instrumentation too, and are ignored).
fn recording() -> Option<Box<dyn Instrumentation>> {
    let mut database = String::new();
    Some(Box::new(
        move |event: InstrumentationEvent<'_>| match event {
            InstrumentationEvent::StartEstablishConnection { url, .. } => {
                database = database_of(url);
            }
            InstrumentationEvent::StartQuery { query, .. } => {
                if let Some(sent) = STATEMENTS
                    .lock()
                    .unwrap()
                    .as_mut()
                    .and_then(|all| all.get_mut(&database))
                {
                    sent.push(query.to_string());
                }
            }
            _ => {}
        },
    ))
}

/// `postgres://user@host/NAME?options` → `NAME`.
fn database_of(url: &str) -> String {
    let path = url.split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_string()
}

/// Starts recording the statements `app`'s database receives.
fn watch(app: &TestApp) {
    STATEMENTS
        .lock()
        .unwrap()
        .get_or_insert_default()
        .insert(app.database.clone(), Vec::new());
}

/// The statements `app`'s database has received since [`watch`].
fn statements_of(app: &TestApp) -> Vec<String> {
    STATEMENTS
        .lock()
        .unwrap()
        .as_ref()
        .and_then(|all| all.get(&app.database).cloned())
        .unwrap_or_default()
}

/// The most statements one rep dashboard may send once the catalog of
/// periods and metrics is kept for the current change epoch: the reader
/// with the organisation and the epoch, then the cards' one statement
/// (which PostgreSQL runs on its generic plan without being told: see
/// `the_dashboards_statement_is_planned_once_per_connection`).
const DASHBOARD_STATEMENTS: usize = 2;

/// A rep with everything the dashboard shows: a team, a sponsor, a partner
/// they sponsor, a partner type and tier, this month's goal sheet (signups
/// and revenue) and two more goals (one with a bonus schedule), and badges
/// earned by activities logged on the dashboard.
async fn busy_rep(app: &TestApp) -> crate::helpers::Client {
    let sponsor = app.create_user("rep", "sam.sponsor@example.com");
    let rep = app.create_user("rep", "rita.round@example.com");
    let recruit = app.create_user("rep", "rob.recruit@example.com");
    let manager = app.create_user("manager", "mo.manager@example.com");
    let team = app.team("North", Some(manager.id));
    let partner_type = app.partner_type(PartnerTypeFields {
        code: "agent".into(),
        name: "Agent".into(),
        min_monthly_sales: Decimal::ZERO,
        min_deal_count: 0,
    });
    let tier = app.partner_tier(PartnerTierFields {
        code: "gold".into(),
        name: "Gold".into(),
        rank: 1,
        target_multiplier: Decimal::ONE,
    });
    for (user, sponsor) in [(rep.id, sponsor.id), (recruit.id, rep.id)] {
        app.edit_user(user, |p| {
            p.team_id = Some(team);
            p.sponsor_id = Some(sponsor);
            p.partner_type_id = Some(partner_type);
            p.partner_tier_id = Some(tier);
        });
    }
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let me = User::find(&mut conn, rep.id).unwrap();
    let sheet = SheetInput {
        signup_goal: Decimal::from(20),
        revenue_goal: Decimal::from(1000),
        bonus_tier_goal: 2,
    };
    let (year, month) = (today.year(), today.month());
    sheets::set_sheet(&mut conn, &me, &org, year, month, &sheet, Utc::now()).unwrap();
    let bonus = Some(("Standard attainment", 600));
    monthly_goal(&mut conn, rep.id, "calls", today, 40, bonus);
    monthly_goal(&mut conn, rep.id, "meetings", today, 10, None);
    let client = app.signed_in(&rep).await;
    // Every goal reached: a perfect month, a streak and bonus tiers.
    let logged = [
        ("revenue", "1250"),
        ("signups", "20"),
        ("calls", "40"),
        ("meetings", "10"),
    ];
    for (metric, value) in logged {
        let logged = client
            .post_form("/events", &[("metric", metric), ("value", value)])
            .await;
        assert_eq!(logged.status(), 303);
    }
    client
}

#[actix_web::test]
async fn a_reps_dashboard_sends_few_statements() {
    set_default_instrumentation(recording).unwrap();
    let app = spawn_app().await;
    watch(&app);
    let client = busy_rep(&app).await;
    // Twice to open the pool's connections and prepare its statements: the
    // first also creates the current quarter and year, which moves the
    // change epoch the kept catalog is read for.
    for _ in 0..2 {
        assert_eq!(client.get("/dashboard").await.status(), 200);
    }
    let before = statements_of(&app).len();

    let (status, body) = client.get_text("/dashboard").await;

    assert_eq!(status, 200);
    assert!(body.contains("Perfect month"), "{body}");
    assert!(body.contains("Rob Recruit") && body.contains("Sam Sponsor"));
    assert!(body.contains("Agent · Gold"), "{body}");
    let statements = statements_of(&app).split_off(before);
    assert!(
        statements.len() <= DASHBOARD_STATEMENTS,
        "{} statements:\n{}",
        statements.len(),
        statements.join("\n")
    );
}

/// The most statements the company leaderboard may send once its ranking
/// and the catalog its choosers offer (periods, metrics, tiers) are kept
/// for the current change epoch: the signed-in user with the organisation
/// and the epoch, nothing more.
const LEADERBOARD_STATEMENTS: usize = 1;

/// The most statements the executive rollup may send once its figures and
/// the periods are kept for the current change epoch: the same one.
const ROLLUP_STATEMENTS: usize = 1;

/// `path`'s statements on its third request (the first two fill the caches
/// and the pool's statement cache; the first may create the current
/// quarter and year, which moves the change epoch), with the answer's body.
async fn statements_of_page(
    app: &TestApp,
    client: &crate::helpers::Client,
    path: &str,
) -> (Vec<String>, String) {
    for _ in 0..2 {
        assert_eq!(client.get(path).await.status(), 200);
    }
    let before = statements_of(app).len();
    let (status, body) = client.get_text(path).await;
    assert_eq!(status, 200);
    (statements_of(app).split_off(before), body)
}

#[actix_web::test]
async fn the_company_leaderboard_and_the_executive_rollup_send_few_statements() {
    set_default_instrumentation(recording).unwrap();
    let app = spawn_app().await;
    watch(&app);
    let rep = busy_rep(&app).await;
    let ceo = app.create_user("executive", "cleo.ceo@example.com");
    let ceo = app.signed_in(&ceo).await;

    let (board, body) = statements_of_page(&app, &rep, "/leaderboard?scope=company").await;
    assert!(body.contains("Rita Round"), "{body}");
    assert!(
        board.len() <= LEADERBOARD_STATEMENTS,
        "{} statements:\n{}",
        board.len(),
        board.join("\n")
    );

    let (rollup, body) = statements_of_page(&app, &ceo, "/executive").await;
    assert!(
        body.contains("Rita Round") || body.contains("North"),
        "{body}"
    );
    assert!(
        rollup.len() <= ROLLUP_STATEMENTS,
        "{} statements:\n{}",
        rollup.len(),
        rollup.join("\n")
    );
}

/// How often PostgreSQL planned a prepared statement of the connection
/// (`pg_prepared_statements`): once kept, or afresh per call.
#[derive(diesel::QueryableByName)]
struct Plans {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    generic_plans: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    custom_plans: i64,
}

/// The plan-cache mode the connection is in now.
fn plan_cache_mode(conn: &mut diesel::PgConnection) -> String {
    use diesel::prelude::*;
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "current_setting('plan_cache_mode')",
    ))
    .get_result(conn)
    .unwrap()
}

#[actix_web::test]
async fn generic_plans_hold_for_one_transaction_and_skip_replanning() {
    use attain::db::prepared::{prepared, with_generic_plans};
    use diesel::prelude::*;
    use diesel::sql_types::{Array, BigInt};

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    let app = spawn_app().await;
    let rep = app.create_user("rep", "gina.generic@example.com");
    let mut conn = app.conn();
    // An array bind: left to itself PostgreSQL re-plans it on every call.
    let by_ids = |conn: &mut diesel::PgConnection| -> QueryResult<i64> {
        let row: Count = prepared("SELECT count(*) AS n FROM users WHERE id = ANY($1)")
            .bind::<Array<BigInt>, _>(vec![rep.id])
            .get_result(conn)?;
        Ok(row.n)
    };
    const CALLS: i64 = 8;
    for _ in 0..CALLS {
        let n = with_generic_plans(&mut conn, |conn| {
            assert_eq!(plan_cache_mode(conn), "force_generic_plan");
            by_ids(conn)
        })
        .unwrap();
        assert_eq!(n, 1);
    }
    assert_eq!(plan_cache_mode(&mut conn), "auto");
    let plans: Plans = diesel::sql_query(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements
         WHERE statement LIKE '%= ANY(%'",
    )
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(plans.custom_plans, 0);
    assert_eq!(plans.generic_plans, CALLS);

    // A failure rolls back what the work wrote, and the mode is reset.
    let refused: Result<(), diesel::result::Error> = with_generic_plans(&mut conn, |conn| {
        Team::insert(
            conn,
            &TeamFields {
                name: "Rolled back".into(),
                parent_id: None,
                manager_id: None,
            },
        )?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(refused.is_err());
    assert!(Team::all(&mut conn).unwrap().is_empty());
    assert_eq!(plan_cache_mode(&mut conn), "auto");
}

/// The dashboard's rows for `user_id` on `today`, with its default trend
/// goal and six badges, the catalog read from the database.
fn dashboard_rows(
    conn: &mut diesel::PgConnection,
    user_id: i64,
    today: chrono::NaiveDate,
) -> attain::db::dashboard::DashboardRows {
    let periods = attain::db::periods::PeriodRow::all(conn).unwrap();
    let metrics = attain::db::metrics::Metric::all(conn).unwrap();
    let schedules = attain::db::bonus::all_rows(conn).unwrap();
    dashboard_rows_given(conn, user_id, today, (&periods, &metrics, &schedules))
}

/// The dashboard's rows with the catalog's periods, metrics and bonus
/// schedules as given (the statement reads by id what they lack).
#[allow(clippy::type_complexity)]
fn dashboard_rows_given(
    conn: &mut diesel::PgConnection,
    user_id: i64,
    today: chrono::NaiveDate,
    (periods, metrics, schedules): (
        &[attain::db::periods::PeriodRow],
        &[attain::db::metrics::Metric],
        &[(
            attain::db::bonus::BonusSchedule,
            Option<attain::db::bonus::BonusTierRow>,
        )],
    ),
) -> attain::db::dashboard::DashboardRows {
    use attain::db::dashboard::{DashboardQuery, DashboardRows};
    DashboardRows::load(
        conn,
        &DashboardQuery {
            user_id,
            today,
            week_start: attain::domain::attainment::week_start(today),
            trend_goal: None,
            sheet_year: today.year(),
            sheet_month: today.month(),
            badges: 6,
        },
        periods,
        metrics,
        schedules,
    )
    .unwrap()
}

/// The dashboard's statement runs outside any transaction, so nothing
/// forces a generic plan on it: PostgreSQL must choose one by itself after
/// its first custom plans (it does, having no array bound to misjudge), or
/// every dashboard would pay for planning a statement of fifteen parts.
#[actix_web::test]
async fn the_dashboards_statement_is_planned_once_per_connection() {
    use diesel::prelude::*;

    let app = spawn_app().await;
    let _client = busy_rep(&app).await;
    let mut conn = app.conn();
    let me = User::find_by_email(&mut conn, "rita.round@example.com")
        .unwrap()
        .unwrap();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    const CALLS: i64 = 12;
    for _ in 0..CALLS {
        let rows = dashboard_rows(&mut conn, me.id, today);
        assert_eq!(rows.goals.len(), 4);
    }
    let plans: Plans = diesel::sql_query(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements
         WHERE statement LIKE '%metric_day_totals%'",
    )
    .get_result(&mut conn)
    .unwrap();
    // PostgreSQL tries five custom plans before it weighs the generic one.
    assert!(
        plans.custom_plans <= 5,
        "{} custom plans",
        plans.custom_plans
    );
    assert_eq!(plans.generic_plans + plans.custom_plans, CALLS);
}

/// The dashboard's one statement restates the reads of the other pages
/// (goal sums, the trend's days, the signup tier, badges, the network):
/// for a rep with every card filled, what it reads builds the same views,
/// trend, tier, badges and network as those pages' own queries.
#[actix_web::test]
async fn the_dashboards_one_statement_reads_what_the_other_pages_read() {
    use attain::db::goals::{Goal, Owner};
    use attain::goals::progress::{self, Placed};
    use attain::goals::trends;

    let app = spawn_app().await;
    let client = busy_rep(&app).await;
    let mut conn = app.conn();
    let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
    let today = progress::org_today(&org);
    // Two days of revenue, so every sum adds more than one row.
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let logged = client
        .post_form(
            "/events",
            &[
                ("metric", "revenue"),
                ("value", "300"),
                ("occurred_on", &yesterday),
            ],
        )
        .await;
    assert_eq!(logged.status(), 303);
    let me = User::find_by_email(&mut conn, "rita.round@example.com")
        .unwrap()
        .unwrap();
    // Stored forecasts and benchmarks ride along in both reads.
    attain::goals::forecast::job::make(&mut conn, today).unwrap();
    let placed = |rows: Vec<(Goal, _, _)>| -> Vec<Placed> {
        rows.into_iter()
            .map(|(goal, period, metric)| Placed {
                goal,
                metric,
                period,
                owner_name: me.name.clone(),
            })
            .collect()
    };
    let current = placed(Goal::current_for(&mut conn, Owner::User(me.id), today).unwrap());
    let pages = progress::views_of(&mut conn, current, today).unwrap();
    let rows = dashboard_rows(&mut conn, me.id, today);
    // Periods and goals' schedules made since the catalog was kept (here:
    // no period and only the signup ladder kept) are read by id, metrics
    // whole: the same rows. (A ladder made since shows once the epoch it
    // moved is read, like any kept figure.)
    let metrics = attain::db::metrics::Metric::all(&mut conn).unwrap();
    let placed_ids = |rows: &attain::db::dashboard::DashboardRows| -> Vec<(i64, i64, i64)> {
        rows.goals
            .iter()
            .map(|r| (r.goal.id, r.period.id, r.metric.id))
            .collect()
    };
    let schedule_ids = |rows: &attain::db::dashboard::DashboardRows| -> Vec<(i64, Option<i64>)> {
        rows.schedules
            .iter()
            .map(|r| (r.row.id, r.tier.as_ref().map(|t| t.id)))
            .collect()
    };
    let ladder_only: Vec<_> = attain::db::bonus::all_rows(&mut conn)
        .unwrap()
        .into_iter()
        .filter(|(row, _)| Some(row.id) == rows.ladder_id)
        .collect();
    let bare = dashboard_rows_given(&mut conn, me.id, today, (&[], &metrics, &ladder_only));
    assert_eq!(placed_ids(&bare), placed_ids(&rows));
    assert_eq!(schedule_ids(&bare), schedule_ids(&rows));
    assert!(!rows.schedules.is_empty() && rows.ladder_id.is_some());
    assert_eq!(bare.ladder_id, rows.ladder_id);
    let schedules = attain::db::bonus::all_rows(&mut conn).unwrap();
    let no_metrics = dashboard_rows_given(&mut conn, me.id, today, (&[], &[], &schedules));
    assert_eq!(placed_ids(&no_metrics), placed_ids(&rows));
    let goals = rows
        .goals
        .into_iter()
        .map(|r| (r.goal, r.period, r.metric))
        .collect();
    let dashboard = progress::views_from_rows(placed(goals), rows.actuals, today);

    assert_eq!(pages.len(), 4, "the busy rep's four goals");
    assert_eq!(dashboard.len(), pages.len());
    for (d, p) in dashboard.iter().zip(&pages) {
        assert_eq!(d.goal.id, p.goal.id);
        assert_eq!(d.progress, p.progress);
        assert_eq!(d.sources, p.sources);
        assert_eq!(d.forecast, p.forecast);
        assert_eq!(d.benchmark, p.benchmark);
    }
    assert!(pages.iter().any(|v| v.progress.actual > Decimal::ZERO));

    // The trend: the first money goal's days, as the goal page reads them.
    let view = pages.iter().find(|v| v.metric.is_money()).unwrap();
    assert_eq!(rows.trend_goal, Some(view.goal.id));
    let daily: Vec<_> = rows
        .trend
        .iter()
        .filter_map(|d| d.events.map(|e| (d.day, e)))
        .collect();
    let snapshots: Vec<_> = rows
        .trend
        .iter()
        .filter_map(|d| d.recorded.map(|r| (d.day, r)))
        .collect();
    assert!(!daily.is_empty());
    assert_eq!(
        format!(
            "{:?}",
            trends::trend_of_days(view, today, &daily, &snapshots)
        ),
        format!(
            "{:?}",
            trends::goal_trend(&mut conn, view, today, None).unwrap()
        )
    );

    // The sheet's signup tier, from the read schedules and ladder.
    let sheet = rows.sheet.as_ref().expect("the busy rep's sheet");
    let schedules = attain::db::bonus::grouped(rows.schedules.into_iter().map(|r| (r.row, r.tier)));
    let from_rows = sheets::month_tier_from(sheet, &dashboard, &schedules, rows.ladder_id);
    let queried = sheets::month_tier_in(&mut conn, sheet, &pages).unwrap().1;
    assert_eq!(from_rows, Some(queried));

    // Badges and the network.
    let summary = attain::db::achievements::badge_summary(&mut conn, me.id, 6).unwrap();
    let ids =
        |a: &[attain::db::achievements::Achievement]| a.iter().map(|a| a.id).collect::<Vec<_>>();
    assert!(!summary.latest.is_empty());
    assert_eq!(ids(&rows.latest), ids(&summary.latest));
    assert_eq!(
        (rows.earned, rows.points, rows.perfect_months.clone()),
        (summary.earned, summary.points, summary.perfect_months)
    );
    let network: Vec<_> = User::network_of(&mut conn, &me)
        .unwrap()
        .into_iter()
        .map(|n| {
            let u = n.user;
            (
                u.id,
                u.name,
                u.sponsor_id,
                n.team,
                n.partner_type,
                n.partner_tier,
            )
        })
        .collect();
    assert_eq!(network.len(), 3, "sponsor, rep and recruit");
    let named = network
        .iter()
        .filter(|n| n.3.is_some() && n.4.is_some() && n.5.is_some())
        .count();
    assert_eq!(named, 2, "rep and recruit with a team, type and tier");
    assert_eq!(
        rows.network
            .iter()
            .map(|n| (
                n.id,
                n.name.clone(),
                n.sponsor_id,
                n.team.clone(),
                n.partner_type.clone(),
                n.partner_tier.clone()
            ))
            .collect::<Vec<_>>(),
        network
    );
}
