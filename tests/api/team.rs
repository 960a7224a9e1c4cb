//! The manager's team page, the bulk quota editor and the executive's
//! company page: quotas are written row by row in one transaction, only
//! inside the manager's subtree, and actuals roll up people → team → company.

use attain::db::events::{MetricEvent, NewMetricEvent};
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::db::schema::{audit_log, goals};
use attain::domain::period::PeriodKind;
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::helpers::{Client, TestApp, TestUser, spawn_app};
use attain::domain::lifecycle::Status;

/// Sales (managed by the manager) with the manager and Carol in it, North
/// below it with Alice and Bob; Elsewhere (another manager) with Olga; Dan
/// in no team.
struct Company {
    manager: TestUser,
    alice: TestUser,
    bob: TestUser,
    carol: TestUser,
    olga: TestUser,
    dan: TestUser,
    sales: i64,
    north: i64,
    elsewhere: i64,
    period: i64,
    revenue: i64,
    deals: i64,
}

fn add_team(app: &TestApp, name: &str, parent: Option<i64>, manager: Option<i64>) -> i64 {
    app.sub_team(name, manager, parent)
}

fn join(app: &TestApp, user: &TestUser, team: i64) {
    app.edit_user(user.id, |p| p.team_id = Some(team));
}

fn company(app: &TestApp) -> Company {
    let manager = app.create_user("manager", "mia.manager@example.com");
    let other_manager = app.create_user("manager", "otto.other@example.com");
    let alice = app.create_user("rep", "alice.north@example.com");
    let bob = app.create_user("rep", "bob.north@example.com");
    let carol = app.create_user("rep", "carol.sales@example.com");
    let olga = app.create_user("rep", "olga.elsewhere@example.com");
    let dan = app.create_user("rep", "dan.free@example.com");
    let mut conn = app.conn();
    let sales = add_team(app, "Sales", None, Some(manager.id));
    let north = add_team(app, "North", Some(sales), None);
    let elsewhere = add_team(app, "Elsewhere", None, Some(other_manager.id));
    join(app, &manager, sales);
    join(app, &carol, sales);
    join(app, &alice, north);
    join(app, &bob, north);
    join(app, &olga, elsewhere);
    join(app, &other_manager, elsewhere);
    let org = Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let period = PeriodRow::containing(&mut conn, PeriodKind::Month, today, 1)
        .unwrap()
        .id;
    let metric =
        |conn: &mut PgConnection, key: &str| Metric::find_by_key(conn, key).unwrap().unwrap().id;
    Company {
        revenue: metric(&mut conn, "revenue"),
        deals: metric(&mut conn, "deals"),
        manager,
        alice,
        bob,
        carol,
        olga,
        dan,
        sales,
        north,
        elsewhere,
        period,
    }
}

fn today(app: &TestApp) -> chrono::NaiveDate {
    attain::goals::progress::org_today(&Organisation::get(&mut app.conn()).unwrap())
}

fn event(app: &TestApp, user: &TestUser, metric: i64, value: Decimal) {
    MetricEvent::record(
        &mut app.conn(),
        &NewMetricEvent {
            user_id: user.id,
            metric_id: metric,
            value,
            occurred_on: today(app),
            source: "manual".into(),
            external_ref: None,
            note: None,
            created_by: None,
            correction_reason: None,
        },
    )
    .unwrap();
}

fn goal(app: &TestApp, owner: Owner, metric: i64, period: i64, target: Decimal, weight: Decimal) {
    let new = NewGoal {
        weight,
        ..NewGoal::new(owner, metric, period, target)
    };
    Goal::insert(&mut app.conn(), &new).unwrap();
}

/// The live goal's target of an owner, if any.
fn target_of(app: &TestApp, owner: Owner, metric: i64, period: i64) -> Option<Decimal> {
    Goal::live(&mut app.conn(), owner, metric, period)
        .unwrap()
        .map(|g| g.target)
}

fn goal_count(app: &TestApp) -> i64 {
    goals::table.count().get_result(&mut app.conn()).unwrap()
}

/// A row of the quota grid of the user's team (Sales for anyone not in North).
fn row<'a>(c: &'a Company, user: i64, cells: &[(i64, &'a str)]) -> Vec<(String, String)> {
    let team = if user == c.alice.id || user == c.bob.id {
        c.north
    } else {
        c.sales
    };
    let mut fields = vec![
        ("team".to_string(), team.to_string()),
        ("period".to_string(), c.period.to_string()),
        ("user".to_string(), user.to_string()),
    ];
    fields.extend(
        cells
            .iter()
            .map(|(metric, value)| (format!("target_{metric}"), value.to_string())),
    );
    fields
}

async fn post_row(client: &Client, fields: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form("/team/quotas/row", &fields).await
}

/// As htmx sends it: the token in a header, `HX-Request` set.
async fn post_row_htmx(client: &Client, fields: &[(String, String)]) -> reqwest::Response {
    let token = client.csrf_token().await;
    client
        .http
        .post(format!("{}/team/quotas/row", client.address))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", token)
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// The text of the table row whose header cell starts with `name`.
fn line(body: &str, name: &str) -> String {
    let document = scraper::Html::parse_document(body);
    let rows = scraper::Selector::parse("tr").unwrap();
    let who = scraper::Selector::parse("th.who").unwrap();
    document
        .select(&rows)
        .find(|tr| {
            tr.select(&who)
                .next()
                .is_some_and(|th| th.text().collect::<String>().trim().starts_with(name))
        })
        .map(|tr| tr.text().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| panic!("no row for {name} in {body}"))
}

#[actix_web::test]
async fn a_manager_sets_quotas_for_two_members_and_the_goals_exist() {
    let app = spawn_app().await;
    let c = company(&app);
    let client = app.signed_in(&c.manager).await;

    let alice = row(&c, c.alice.id, &[(c.revenue, "12,500.50"), (c.deals, "4")]);
    let response = post_row_htmx(&client, &alice).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("✓ Saved"), "the row comes back saved: {body}");
    assert!(body.contains(r#"id="quota-totals""#) && body.contains("hx-swap-oob"));

    let carol = row(&c, c.carol.id, &[(c.revenue, "8000"), (c.deals, "")]);
    let response = post_row(&client, &carol).await;
    assert_eq!(response.status(), 303, "without htmx the page reloads");

    assert_eq!(
        target_of(&app, Owner::User(c.alice.id), c.revenue, c.period),
        Some(dec!(12500.50))
    );
    assert_eq!(
        target_of(&app, Owner::User(c.alice.id), c.deals, c.period),
        Some(dec!(4))
    );
    assert_eq!(
        target_of(&app, Owner::User(c.carol.id), c.revenue, c.period),
        Some(dec!(8000))
    );
    assert_eq!(
        target_of(&app, Owner::User(c.carol.id), c.deals, c.period),
        None
    );
    let created_by: Vec<Option<i64>> = goals::table
        .select(goals::created_by)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(created_by, vec![Some(c.manager.id); 3]);
    let audited: i64 = audit_log::table
        .filter(audit_log::entity.eq("goal"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(audited, 3, "one audit entry per goal written");

    let (status, page) = client
        .get_text(&format!("/team/quotas?team={}", c.north))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"value="12,500.50""#),
        "the grid shows the target: {page}"
    );
}

#[actix_web::test]
async fn a_quota_for_a_month_not_begun_waits_approved_until_its_first_day() {
    let app = spawn_app().await;
    let c = company(&app);
    let client = app.signed_in(&c.manager).await;
    let next_start = PeriodRow::find(&mut app.conn(), c.period)
        .unwrap()
        .end_date
        .succ_opt()
        .unwrap();
    let next = PeriodRow::containing(&mut app.conn(), PeriodKind::Month, next_start, 1)
        .unwrap()
        .id;
    let mut later = row(&c, c.alice.id, &[(c.revenue, "9000")]);
    later[1].1 = next.to_string();
    let now = row(&c, c.alice.id, &[(c.revenue, "7000")]);

    assert_eq!(post_row(&client, &later).await.status(), 303);
    assert_eq!(post_row(&client, &now).await.status(), 303);

    let state = |period: i64| {
        let goal = Goal::live(&mut app.conn(), Owner::User(c.alice.id), c.revenue, period)
            .unwrap()
            .expect("a live goal");
        let (approved_by, activated): (Option<i64>, bool) = goals::table
            .find(goal.id)
            .select((goals::approved_by, goals::activated_at.is_not_null()))
            .first(&mut app.conn())
            .unwrap();
        (goal.status, approved_by, activated)
    };
    let manager = Some(c.manager.id);
    assert_eq!(state(c.period), (Status::Active, manager, true));
    assert_eq!(state(next), (Status::Approved, manager, false));
    // Changing it keeps it approved.
    let mut changed = row(&c, c.alice.id, &[(c.revenue, "9500")]);
    changed[1].1 = next.to_string();
    assert_eq!(post_row(&client, &changed).await.status(), 303);
    assert_eq!(
        target_of(&app, Owner::User(c.alice.id), c.revenue, next),
        Some(dec!(9500))
    );
    assert_eq!(state(next), (Status::Approved, manager, false));
    // The lifecycle job starts it on the month's first day.
    attain::goals::lifecycle::activate_due(&mut app.conn(), next_start).unwrap();
    assert_eq!(state(next), (Status::Active, manager, true));
}

#[actix_web::test]
async fn changing_a_cell_updates_the_target_and_emptying_it_cancels_the_goal() {
    let app = spawn_app().await;
    let c = company(&app);
    let client = app.signed_in(&c.manager).await;
    let first = row(&c, c.bob.id, &[(c.revenue, "1000"), (c.deals, "2")]);
    assert_eq!(post_row(&client, &first).await.status(), 303);
    let second = row(&c, c.bob.id, &[(c.revenue, "1500"), (c.deals, "")]);
    assert_eq!(post_row(&client, &second).await.status(), 303);

    assert_eq!(
        target_of(&app, Owner::User(c.bob.id), c.revenue, c.period),
        Some(dec!(1500))
    );
    assert_eq!(
        target_of(&app, Owner::User(c.bob.id), c.deals, c.period),
        None
    );
    let statuses: Vec<String> = goals::table
        .order(goals::id)
        .select(goals::status)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(statuses, ["active", "cancelled"], "no goal is deleted");
    let actions: Vec<String> = audit_log::table
        .filter(audit_log::entity.eq("goal"))
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(actions, ["create", "create", "update", "cancel"]);
}

#[actix_web::test]
async fn a_row_with_one_bad_cell_writes_nothing_and_answers_422() {
    let app = spawn_app().await;
    let c = company(&app);
    let client = app.signed_in(&c.manager).await;
    for bad in ["12.345", "-5", "lots"] {
        let fields = row(&c, c.alice.id, &[(c.deals, "3"), (c.revenue, bad)]);
        let response = post_row(&client, &fields).await;
        assert_eq!(response.status(), 422, "revenue {bad}");
        let body = response.text().await.unwrap();
        assert!(body.contains("field-error"), "the page marks the cell");
        assert!(
            body.contains(&format!(r#"value="{bad}""#)),
            "the typed value stays: {body}"
        );
    }
    let fields = row(&c, c.alice.id, &[(c.deals, "2.5"), (c.revenue, "100")]);
    let response = post_row_htmx(&client, &fields).await;
    assert_eq!(response.status(), 422, "a fraction of a deal");
    assert!(
        response.headers().get("hx-retarget").is_none(),
        "htmx swaps the row in place, with no toast over the other rows"
    );
    let body = response.text().await.unwrap();
    assert!(
        body.trim_start()
            .starts_with(&format!(r#"<form id="quota-user-{}""#, c.alice.id)),
        "{body}"
    );
    assert!(!body.contains("toast"), "{body}");
    assert!(body.contains(&format!(
        r#"aria-invalid="true" aria-describedby="quota-user-{}-{}-error""#,
        c.alice.id, c.deals
    )));
    assert!(body.contains("Use a whole number."));
    assert_eq!(goal_count(&app), 0, "nothing was written");
}

#[actix_web::test]
async fn a_manager_cannot_set_a_quota_outside_their_subtree_or_for_themselves() {
    let app = spawn_app().await;
    let c = company(&app);
    let client = app.signed_in(&c.manager).await;

    let own = row(&c, c.manager.id, &[(c.revenue, "1000")]);
    assert_eq!(post_row(&client, &own).await.status(), 403, "own quota");

    // Olga is not in Sales: neither through Sales nor through her own team.
    let outside = row(&c, c.olga.id, &[(c.revenue, "1000")]);
    assert_eq!(post_row(&client, &outside).await.status(), 403);
    let mut through_her_team = outside.clone();
    through_her_team[0].1 = c.elsewhere.to_string();
    assert_eq!(post_row(&client, &through_her_team).await.status(), 403);
    let unassigned = row(&c, c.dan.id, &[(c.revenue, "1000")]);
    assert_eq!(post_row(&client, &unassigned).await.status(), 403);

    // Their own team's target is set above them; a sub-team's by them.
    let base = row(&c, 0, &[(c.revenue, "9000")]);
    let as_team = |team: i64| {
        let mut fields = base.clone();
        fields[2] = ("owner_team".into(), team.to_string());
        fields
    };
    assert_eq!(post_row(&client, &as_team(c.sales)).await.status(), 403);
    assert_eq!(goal_count(&app), 0);
    assert_eq!(post_row(&client, &as_team(c.north)).await.status(), 303);
    assert_eq!(
        target_of(&app, Owner::Team(c.north), c.revenue, c.period),
        Some(dec!(9000))
    );

    let (status, _) = client
        .get_text(&format!("/manager?team={}", c.elsewhere))
        .await;
    assert_eq!(status, 403, "another manager's team page");
    let (status, _) = client
        .get_text(&format!("/team/quotas?team={}", c.elsewhere))
        .await;
    assert_eq!(status, 403, "another manager's quota editor");
}

#[actix_web::test]
async fn the_team_page_shows_the_gap_between_the_team_target_and_members_quotas() {
    let app = spawn_app().await;
    let c = company(&app);
    let admin = app.create_user("admin", "ada.admin@example.com");
    let client = app.signed_in(&admin).await;
    let mut team_row = row(&c, 0, &[(c.revenue, "10000")]);
    team_row[2] = ("owner_team".into(), c.sales.to_string());
    assert_eq!(post_row(&client, &team_row).await.status(), 303);
    for (user, target) in [(c.alice.id, "3000"), (c.carol.id, "4000")] {
        let fields = row(&c, user, &[(c.revenue, target)]);
        assert_eq!(post_row(&client, &fields).await.status(), 303);
    }

    let manager = app.signed_in(&c.manager).await;
    let (status, body) = manager.get_text("/manager").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("quotas fall $3,000.00 short of the team target."),
        "{body}"
    );
    let (_, editor) = manager
        .get_text(&format!("/team/quotas?team={}", c.sales))
        .await;
    assert!(editor.contains("$3,000.00 short"));

    let more = row(&c, c.bob.id, &[(c.revenue, "5000")]);
    assert_eq!(post_row(&client, &more).await.status(), 303);
    let (_, body) = manager.get_text("/manager").await;
    assert!(body.contains("quotas exceed the team target by $2,000.00."));
}

#[actix_web::test]
async fn actuals_roll_up_from_people_to_teams_to_the_company_with_weighted_overall_figures() {
    let app = spawn_app().await;
    let c = company(&app);
    for (person, amount) in [
        (&c.alice, dec!(100)),
        (&c.bob, dec!(200)),
        (&c.carol, dec!(50)),
        (&c.olga, dec!(400)),
        (&c.dan, dec!(25)),
    ] {
        event(&app, person, c.revenue, amount);
    }
    event(&app, &c.alice, c.deals, dec!(2));
    // Alice: revenue 100 of 200 (50 %, weight 3), deals 2 of 2 (100 %, weight 1).
    goal(
        &app,
        Owner::User(c.alice.id),
        c.revenue,
        c.period,
        dec!(200),
        dec!(3),
    );
    goal(
        &app,
        Owner::User(c.alice.id),
        c.deals,
        c.period,
        dec!(2),
        dec!(1),
    );
    goal(
        &app,
        Owner::Team(c.sales),
        c.revenue,
        c.period,
        dec!(700),
        dec!(1),
    );
    // The company: revenue 775 of 1550 (50 %, weight 1), deals 2 of 2 (100 %, weight 3).
    goal(
        &app,
        Owner::Company,
        c.revenue,
        c.period,
        dec!(1550),
        dec!(1),
    );
    goal(&app, Owner::Company, c.deals, c.period, dec!(2), dec!(3));

    let manager = app.signed_in(&c.manager).await;
    let (status, body) = manager
        .get_text(&format!("/manager?team={}", c.north))
        .await;
    assert_eq!(status, 200);
    assert!(
        line(&body, "Alice North").contains("62.50%"),
        "(50×3 + 100×1) / 4"
    );
    let (status, body) = manager.get_text("/manager").await;
    assert_eq!(status, 200);
    let north = line(&body, "North");
    assert!(north.contains("$300.00"), "North = Alice + Bob: {north}");
    let total = line(&body, "Team total");
    assert!(
        total.contains("$350.00") && total.contains("50.00%"),
        "{total}"
    );

    let mut conn = app.conn();
    let day = today(&app);
    let period = PeriodRow::find(&mut conn, c.period).unwrap().period();
    let sales = attain::goals::progress::actual(
        &mut conn,
        Owner::Team(c.sales),
        c.revenue,
        period.start,
        period.end,
    )
    .unwrap();
    assert_eq!(sales, dec!(350), "the page agrees with progress::actual");
    assert!(period.contains(day));

    let executive = app.create_user("executive", "eve.exec@example.com");
    let exec = app.signed_in(&executive).await;
    let (status, body) = exec.get_text("/executive").await;
    assert_eq!(status, 200);
    assert!(line(&body, "Sales").contains("$350.00"));
    assert!(line(&body, "Elsewhere").contains("$400.00"));
    assert!(line(&body, "Not in a team").contains("$25.00"));
    let company = line(&body, "My company");
    assert!(company.contains("$775.00"), "everyone: {company}");
    assert!(
        body.contains("87.50%"),
        "company overall (50×1 + 100×3) / 4"
    );
}

#[actix_web::test]
async fn the_executive_sees_the_company_and_drills_into_a_team_and_its_people() {
    let app = spawn_app().await;
    let c = company(&app);
    event(&app, &c.alice, c.revenue, dec!(120));
    goal(
        &app,
        Owner::User(c.alice.id),
        c.revenue,
        c.period,
        dec!(240),
        dec!(1),
    );
    let executive = app.create_user("executive", "eve.exec@example.com");
    let exec = app.signed_in(&executive).await;

    let (status, body) = exec.get_text("/executive").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("No company goals for"),
        "the empty state explains"
    );
    assert!(body.contains(&format!("/company/teams/{}?period={}", c.sales, c.period)));
    assert!(
        !body.contains(r#"action="/company/goals""#),
        "only admins set goals"
    );

    let (status, body) = exec
        .get_text(&format!("/company/teams/{}?period={}", c.sales, c.period))
        .await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!("/company/teams/{}?period={}", c.north, c.period)));
    let (status, body) = exec
        .get_text(&format!("/company/teams/{}?period={}", c.north, c.period))
        .await;
    assert_eq!(status, 200);
    let alice = line(&body, "Alice North");
    assert!(
        alice.contains("$120.00") && alice.contains("50.00%"),
        "{alice}"
    );
    let goal_id = Goal::live(
        &mut app.conn(),
        Owner::User(c.alice.id),
        c.revenue,
        c.period,
    )
    .unwrap()
    .unwrap()
    .id;
    assert!(
        body.contains(&format!(r#"href="/goals/{goal_id}""#)),
        "links to the person's goal"
    );

    let (status, _) = exec.get_text("/company/teams/999999").await;
    assert_eq!(status, 404);
}

/// The rollup's table of teams is rendered once and shared by every
/// reader's page (`web::fragment`): compressed or not, each reader gets the
/// whole page in their own frame, and a new fact shows at once.
#[actix_web::test]
async fn the_rollups_shared_table_reads_the_same_for_everyone_zipped_or_not() {
    let app = spawn_app().await;
    let c = company(&app);
    event(&app, &c.alice, c.revenue, dec!(120));
    let eve = app.create_user("executive", "eve.exec@example.com");
    let finn = app.create_user("executive", "finn.exec@example.com");
    let eve = app.signed_in(&eve).await;
    let finn = app.signed_in(&finn).await;
    let table = |page: &str| {
        let from = page.find(r#"<div id="company-teams">"#).expect("the table");
        let to = page[from..].find("</table>").expect("its end") + from;
        page[from..to].to_string()
    };
    // The head (figures, toolbar, goals, chart) is shared too.
    let head = |page: &str| {
        let from = page.find(r#"<div class="page-head">"#).expect("the head");
        let to = page.find(r#"<div id="company-teams">"#).expect("the table");
        page[from..to].to_string()
    };
    let (status, plain) = eve.get_text("/executive").await;
    assert_eq!(status, 200);
    assert!(plain.trim_end().ends_with("</html>"));
    assert!(line(&plain, "North").contains("$120.00"));
    // The same session, compressed: byte for byte the same page.
    assert_eq!(eve.get_gunzipped("/executive").await, plain);

    // Another reader: their own frame around the same table.
    let theirs = finn.get_gunzipped("/executive").await;
    assert!(theirs.contains("finn.exec@example.com"));
    assert!(!theirs.contains("eve.exec@example.com"));
    assert_eq!(table(&theirs), table(&plain));
    assert_eq!(head(&theirs), head(&plain));

    // A new fact moves the figures; the next page shows it.
    event(&app, &c.bob, c.revenue, dec!(30));
    let (_, after) = eve.get_text("/executive").await;
    assert!(
        line(&after, "North").contains("$150.00"),
        "{}",
        line(&after, "North")
    );
    assert!(line(&finn.get_gunzipped("/executive").await, "North").contains("$150.00"));
}

#[actix_web::test]
async fn an_admin_sets_a_company_goal_and_a_duplicate_is_refused_with_a_message() {
    let app = spawn_app().await;
    let c = company(&app);
    let admin = app.create_user("admin", "ada.admin@example.com");
    let client = app.signed_in(&admin).await;
    let period = c.period.to_string();
    let revenue = c.revenue.to_string();
    let fields = [
        ("metric", revenue.as_str()),
        ("period", period.as_str()),
        ("target", "50000"),
    ];
    let response = client.post_form("/company/goals", &fields).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        target_of(&app, Owner::Company, c.revenue, c.period),
        Some(dec!(50000))
    );

    let response = client.post_form("/company/goals", &fields).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The company already has a Revenue goal")
    );
    let bad = [
        ("metric", revenue.as_str()),
        ("period", period.as_str()),
        ("target", "1.999"),
    ];
    assert_eq!(client.post_form("/company/goals", &bad).await.status(), 422);
    assert_eq!(goal_count(&app), 1);
}

#[actix_web::test]
async fn a_rep_gets_403_on_every_team_and_company_page() {
    let app = spawn_app().await;
    let c = company(&app);
    let client = app.signed_in(&c.alice).await;
    for path in [
        "/manager".to_string(),
        "/team/quotas".to_string(),
        "/executive".to_string(),
        format!("/company/teams/{}", c.north),
    ] {
        assert_eq!(client.get(&path).await.status(), 403, "GET {path}");
    }
    let fields = row(&c, c.bob.id, &[(c.revenue, "1000")]);
    assert_eq!(post_row(&client, &fields).await.status(), 403);
    let response = client
        .post_form("/company/goals", &[("metric", "1"), ("target", "5")])
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(goal_count(&app), 0);
}
