//! The leaderboard: ranks by attainment with shared ranks for ties, medals,
//! signed "vs quota", the viewer's own row, and the three scopes.

use diesel::prelude::*;
use rust_decimal::Decimal;

use attain::db::events::{MetricEvent, NewMetricEvent};
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::db::schema::users;
use attain::domain::period::PeriodKind;

use crate::helpers::{TestApp, TestUser, spawn_app};

/// The current month and the revenue metric.
struct Board {
    period: i64,
    metric: i64,
    today: chrono::NaiveDate,
}

fn board(app: &TestApp) -> Board {
    let mut conn = app.conn();
    let org = Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let period = PeriodRow::containing(&mut conn, PeriodKind::Month, today, 1)
        .unwrap()
        .id;
    let metric = Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    Board {
        period,
        metric,
        today,
    }
}

/// A rep with a revenue quota of `target` who has sold `actual` this month.
fn rep(app: &TestApp, b: &Board, email: &str, target: i64, actual: i64) -> TestUser {
    let user = app.create_user("rep", email);
    let mut conn = app.conn();
    Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(user.id),
            b.metric,
            b.period,
            Decimal::from(target),
        ),
    )
    .unwrap();
    if actual != 0 {
        MetricEvent::record(
            &mut conn,
            &NewMetricEvent {
                user_id: user.id,
                metric_id: b.metric,
                value: Decimal::from(actual),
                occurred_on: b.today,
                source: "manual".into(),
                external_ref: None,
                note: None,
                created_by: None,
                correction_reason: None,
            },
        )
        .unwrap();
    }
    user
}

fn team(app: &TestApp, name: &str, manager: Option<i64>) -> i64 {
    app.team(name, manager)
}

fn join(app: &TestApp, user: &TestUser, team: i64) {
    app.edit_user(user.id, |p| p.team_id = Some(team));
}

/// One row of the board as shown: (rank cell, name, vs quota, medal, is mine).
#[derive(Debug)]
struct Row {
    rank: String,
    name: String,
    vs_quota: String,
    medal: String,
    mine: bool,
}

fn rows(body: &str) -> Vec<Row> {
    let document = scraper::Html::parse_document(body);
    let row_sel = scraper::Selector::parse("table.board-table tbody tr:not(.board-gap)").unwrap();
    let text = |row: scraper::ElementRef, css: &str| {
        let sel = scraper::Selector::parse(css).unwrap();
        row.select(&sel)
            .next()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .unwrap_or_default()
    };
    document
        .select(&row_sel)
        .map(|row| Row {
            rank: text(row, ".rank"),
            name: text(row, ".board-name"),
            vs_quota: text(row, "td.vs"),
            medal: row
                .select(&scraper::Selector::parse("svg.medal[role=img]").unwrap())
                .next()
                .and_then(|svg| svg.value().attr("aria-label"))
                .unwrap_or_default()
                .to_string(),
            mine: row.value().classes().any(|c| c == "is-me"),
        })
        .collect()
}

fn names(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[actix_web::test]
async fn equal_attainment_shares_a_rank_and_the_next_rank_skips() {
    let app = spawn_app().await;
    let b = board(&app);
    rep(&app, &b, "ana.lead@example.com", 100_000, 120_000); // 120 %
    rep(&app, &b, "bo.tied@example.com", 50_000, 40_000); // 80 %
    rep(&app, &b, "cy.tied@example.com", 100_000, 80_000); // 80 %
    let viewer = rep(&app, &b, "di.last@example.com", 100_000, 50_000); // 50 %
    let client = app.signed_in(&viewer).await;
    let (status, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(status, 200);
    let rows = rows(&body);
    let ranks: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.name.as_str(), r.rank.as_str()))
        .collect();
    assert_eq!(
        ranks,
        [
            ("Ana Lead", "1"),
            ("Bo Tied", "2"),
            ("Cy Tied", "2"),
            ("Di Last", "4")
        ]
    );
    assert!(body.contains("80.00%") && body.contains("120.00%"));
}

#[actix_web::test]
async fn the_top_three_get_medals_and_vs_quota_carries_its_sign() {
    let app = spawn_app().await;
    let b = board(&app);
    let viewer = rep(&app, &b, "ana.first@example.com", 100_000, 160_000);
    rep(&app, &b, "bo.second@example.com", 100_000, 100_000);
    rep(&app, &b, "cy.third@example.com", 100_000, 95_000);
    rep(&app, &b, "di.fourth@example.com", 100_000, 10_000);
    let client = app.signed_in(&viewer).await;
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    let rows = rows(&body);
    let medals: Vec<&str> = rows.iter().map(|r| r.medal.as_str()).collect();
    assert_eq!(medals, ["1st place", "2nd place", "3rd place", ""]);
    assert!(
        !["🥇", "🥈", "🥉"].iter().any(|emoji| body.contains(emoji)),
        "medals are drawn, not emoji"
    );
    let vs: Vec<&str> = rows.iter().map(|r| r.vs_quota.as_str()).collect();
    assert_eq!(vs, ["+$60,000.00", "$0.00", "-$5,000.00", "-$90,000.00"]);
}

#[actix_web::test]
async fn the_viewers_own_row_is_highlighted_and_no_other() {
    let app = spawn_app().await;
    let b = board(&app);
    rep(&app, &b, "ana.other@example.com", 100_000, 70_000);
    let viewer = rep(&app, &b, "bo.viewer@example.com", 100_000, 30_000);
    let client = app.signed_in(&viewer).await;
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    let marks: Vec<(String, bool)> = rows(&body).into_iter().map(|r| (r.name, r.mine)).collect();
    assert_eq!(
        marks,
        [
            ("Ana Other".to_string(), false),
            ("Bo Viewer".to_string(), true)
        ]
    );
    assert!(body.contains("you are #2"));
}

#[actix_web::test]
async fn scopes_compare_my_team_the_company_or_a_partner_tier() {
    let app = spawn_app().await;
    let b = board(&app);
    let manager = app.create_user("manager", "mia.manager@example.com");
    let north = team(&app, "North", Some(manager.id));
    let south = team(&app, "South", None);
    let ana = rep(&app, &b, "ana.north@example.com", 100, 90);
    let bo = rep(&app, &b, "bo.north@example.com", 100, 50);
    let cy = rep(&app, &b, "cy.south@example.com", 100, 70);
    join(&app, &ana, north);
    join(&app, &bo, north);
    join(&app, &cy, south);
    let gold = app.partner_tier(attain::db::partner_tiers::PartnerTierFields {
        code: "gold".into(),
        name: "Gold".into(),
        rank: 3,
        target_multiplier: Decimal::ONE,
    });
    for member in [ana.id, cy.id] {
        app.edit_user(member, |p| p.partner_tier_id = Some(gold));
    }

    let as_ana = app.signed_in(&ana).await;
    let (_, mine) = as_ana.get_text("/leaderboard").await;
    assert_eq!(
        names(&rows(&mine)),
        ["Ana North", "Bo North"],
        "a rep's default is their team"
    );
    let (_, company) = as_ana.get_text("/leaderboard?scope=company").await;
    assert_eq!(
        names(&rows(&company)),
        ["Ana North", "Cy South", "Bo North"]
    );
    let (_, tier) = as_ana
        .get_text(&format!("/leaderboard?scope=tier:{gold}"))
        .await;
    assert_eq!(names(&rows(&tier)), ["Ana North", "Cy South"]);
    assert!(tier.contains("Gold tier"));

    let as_manager = app.signed_in(&manager).await;
    let (_, managed) = as_manager.get_text("/leaderboard?scope=team").await;
    assert_eq!(names(&rows(&managed)), ["Ana North", "Bo North"]);
}

#[actix_web::test]
async fn an_htmx_request_gets_only_the_board() {
    let app = spawn_app().await;
    let b = board(&app);
    let viewer = rep(&app, &b, "ana.htmx@example.com", 100, 10);
    let client = app.signed_in(&viewer).await;
    let response = client
        .http
        .get(format!(
            "{}/leaderboard?scope=company&period={}&metric=revenue",
            client.address, b.period
        ))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(!body.contains("<html"));
    assert!(body.contains(r#"id="leaderboard-board""#));
    assert_eq!(names(&rows(&body)), ["Ana Htmx"]);
}

#[actix_web::test]
async fn bad_choices_are_a_400_or_404_page_never_a_500() {
    let app = spawn_app().await;
    let viewer = app.create_user("rep", "ana.curious@example.com");
    let client = app.signed_in(&viewer).await;
    for (query, expected) in [
        ("period=abc", 400),
        ("period=99999999", 404),
        ("metric=karma", 404),
        ("scope=galaxy", 400),
        ("scope=tier:99999", 404),
        ("metric=calls&scope=company", 200),
    ] {
        let (status, _) = client.get_text(&format!("/leaderboard?{query}")).await;
        assert_eq!(status, expected, "{query}");
    }
}

#[actix_web::test]
async fn a_cancelled_goal_or_a_deactivated_rep_leaves_the_board() {
    let app = spawn_app().await;
    let b = board(&app);
    let viewer = rep(&app, &b, "ana.stays@example.com", 100, 10);
    let gone = rep(&app, &b, "bo.gone@example.com", 100, 90);
    let cancelled = rep(&app, &b, "cy.cancelled@example.com", 100, 80);
    app.deactivate_user(gone.id);
    let mut conn = app.conn();
    let goal = Goal::live(&mut conn, Owner::User(cancelled.id), b.metric, b.period)
        .unwrap()
        .unwrap();
    Goal::cancel(&mut conn, goal.id).unwrap();
    let client = app.signed_in(&viewer).await;
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(names(&rows(&body)), ["Ana Stays"]);
}

fn record(app: &TestApp, b: &Board, user: &TestUser, amount: i64) {
    MetricEvent::record(
        &mut app.conn(),
        &NewMetricEvent {
            user_id: user.id,
            metric_id: b.metric,
            value: Decimal::from(amount),
            occurred_on: b.today,
            source: "manual".into(),
            external_ref: None,
            note: None,
            created_by: None,
            correction_reason: None,
        },
    )
    .unwrap();
}

#[actix_web::test]
async fn a_shared_ranking_changes_the_moment_a_fact_under_it_changes() {
    let app = spawn_app().await;
    let b = board(&app);
    let ana = rep(&app, &b, "ana.cache@example.com", 100, 50);
    let bo = rep(&app, &b, "bo.cache@example.com", 100, 40);
    let client = app.signed_in(&ana).await;
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(names(&rows(&body)), ["Ana Cache", "Bo Cache"]);
    // Served again from the shared ranking: still the same.
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(names(&rows(&body)), ["Ana Cache", "Bo Cache"]);

    // A new event, written behind the application's back.
    record(&app, &b, &bo, 20);
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(names(&rows(&body)), ["Bo Cache", "Ana Cache"]);

    // A changed target.
    diesel::update(
        attain::db::schema::goals::table.filter(attain::db::schema::goals::user_id.eq(ana.id)),
    )
    .set(attain::db::schema::goals::target.eq(Decimal::from(10)))
    .execute(&mut app.conn())
    .unwrap();
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(names(&rows(&body)), ["Ana Cache", "Bo Cache"]);

    // A renamed person.
    diesel::update(users::table.find(bo.id))
        .set(users::name.eq("Bo Renamed"))
        .execute(&mut app.conn())
        .unwrap();
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(names(&rows(&body)), ["Ana Cache", "Bo Renamed"]);
}

#[actix_web::test]
async fn the_change_epoch_moves_once_per_committed_write_and_never_on_rollback() {
    let app = spawn_app().await;
    let b = board(&app);
    let ana = rep(&app, &b, "ana.epoch@example.com", 100, 0);
    let mut conn = app.conn();
    let before = attain::db::epoch::current(&mut conn).unwrap().0;

    // Rolled back: no move.
    let _ = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        for _ in 0..3 {
            MetricEvent::record(
                conn,
                &NewMetricEvent {
                    user_id: ana.id,
                    metric_id: b.metric,
                    value: Decimal::ONE,
                    occurred_on: b.today,
                    source: "manual".into(),
                    external_ref: None,
                    note: None,
                    created_by: None,
                    correction_reason: None,
                },
            )?;
        }
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert_eq!(attain::db::epoch::current(&mut conn).unwrap().0, before);

    // Committed, three rows in one transaction: one move.
    conn.transaction::<(), diesel::result::Error, _>(|conn| {
        for _ in 0..3 {
            MetricEvent::record(
                conn,
                &NewMetricEvent {
                    user_id: ana.id,
                    metric_id: b.metric,
                    value: Decimal::ONE,
                    occurred_on: b.today,
                    source: "manual".into(),
                    external_ref: None,
                    note: None,
                    created_by: None,
                    correction_reason: None,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(attain::db::epoch::current(&mut conn).unwrap().0, before + 1);

    // Two separate writes: two moves.
    record(&app, &b, &ana, 1);
    record(&app, &b, &ana, 1);
    assert_eq!(attain::db::epoch::current(&mut conn).unwrap().0, before + 3);
}

#[actix_web::test]
async fn the_company_rollup_shows_a_new_event_at_once() {
    let app = spawn_app().await;
    let b = board(&app);
    let ana = rep(&app, &b, "ana.rollup@example.com", 100_000, 10_000);
    let north = team(&app, "North", None);
    join(&app, &ana, north);
    Goal::insert(
        &mut app.conn(),
        &NewGoal::new(Owner::Company, b.metric, b.period, Decimal::from(1_000_000)),
    )
    .unwrap();
    let ceo = app.create_user("executive", "ceo.rollup@example.com");
    let client = app.signed_in(&ceo).await;
    let (status, body) = client.get_text("/executive").await;
    assert_eq!(status, 200);
    assert!(body.contains("$10,000.00"), "{body}");
    record(&app, &b, &ana, 7_000);
    let (_, body) = client.get_text("/executive").await;
    assert!(body.contains("$17,000.00"), "the rollup kept the old total");
    assert!(!body.contains("$10,000.00"));
}

#[actix_web::test]
async fn the_api_refuses_an_unknown_tier_as_a_bad_scope() {
    let app = spawn_app().await;
    let viewer = app.create_user("rep", "ana.tiers@example.com");
    let api = crate::helpers::api_for(&app, &viewer).await;
    let (status, body) = api.get("/api/v1/quotas/leaderboard?scope=tier:99999").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["fields"]["scope"], "is not a known partner tier",
        "{body}"
    );
}

/// A company board longer than its first hundred rows: those rows are
/// rendered once and shared by every viewer not among them, and each
/// viewer still gets their own row, their rank and the right counts,
/// zipped or not, as a page or as htmx's fragment.
#[actix_web::test]
async fn the_first_hundred_rows_are_shared_and_each_viewer_keeps_their_own_row() {
    let app = spawn_app().await;
    let b = board(&app);
    let reps: Vec<TestUser> = (0..103)
        .map(|i| {
            rep(
                &app,
                &b,
                &format!("p{i:03}.rep@example.com"),
                100_000,
                100_000 - i * 100,
            )
        })
        .collect();
    let url = "/leaderboard?scope=company";
    let last = app.signed_in(&reps[102]).await;
    let next_to_last = app.signed_in(&reps[101]).await;
    let fifth = app.signed_in(&reps[4]).await;

    let (status, page) = last.get_text(url).await;
    assert_eq!(status, 200);
    let shown = rows(&page);
    assert_eq!(shown.len(), 101, "the first hundred and the viewer");
    let expected: Vec<String> = (0..100).map(|i| format!("P{i:03} Rep")).collect();
    assert_eq!(names(&shown[..100]), expected);
    assert_eq!(shown[100].name, "P102 Rep");
    assert_eq!(shown[100].rank, "103");
    assert!(shown[100].mine && shown[..100].iter().all(|r| !r.mine));
    assert!(page.contains("you are #103"));
    assert!(page.contains("board-gap"), "a gap before the viewer's row");
    assert!(
        page.contains("101 of 103"),
        "the count shown counts the shared rows"
    );

    // Another viewer below the hundred: the same first rows, their own row.
    let (_, theirs) = next_to_last.get_text(url).await;
    let their_rows = rows(&theirs);
    assert_eq!(names(&their_rows[..100]), names(&shown[..100]));
    assert_eq!(their_rows[100].name, "P101 Rep");
    assert!(their_rows[100].mine);

    // A viewer among the hundred: their row marked in place, no gap.
    let (_, top) = fifth.get_text(url).await;
    let top_rows = rows(&top);
    assert_eq!(top_rows.len(), 100);
    assert!(top_rows[4].mine && top_rows.iter().filter(|r| r.mine).count() == 1);
    assert!(!top.contains("board-gap"));

    // Zipped: byte for byte the page.
    assert_eq!(last.get_gunzipped(url).await, page);

    // htmx's fragment: the same rows.
    let fragment = last.get_fragment(url).await;
    assert!(!fragment.contains("<html"));
    assert_eq!(names(&rows(&fragment)), names(&shown));

    // The last rep sells the most: every viewer's shared rows change.
    record(&app, &b, &reps[102], 1_000_000);
    let (_, after) = next_to_last.get_text(url).await;
    let after_rows = rows(&after);
    assert_eq!(after_rows[0].name, "P102 Rep");
    assert_eq!(after_rows[0].rank, "1");
    assert_eq!(after_rows[100].name, "P101 Rep");
    assert_eq!(after_rows[100].rank, "103");
}

/// What the pages keep per change epoch besides the rankings (the catalog
/// of periods, metrics, partner tiers and bonus schedules) is read again
/// after any of them changes: a renamed tier shows in the board's chooser
/// on the next page, and the bonus tables move the epoch like the others.
#[actix_web::test]
async fn a_change_to_the_kept_catalog_shows_on_the_next_page() {
    use attain::db::partner_tiers::{PartnerTier, PartnerTierFields};
    use attain::db::schema::partner_tiers;

    let app = spawn_app().await;
    let b = board(&app);
    let ana = rep(&app, &b, "ana.catalog@example.com", 100, 0);
    let client = app.signed_in(&ana).await;
    let tier = PartnerTier::insert(
        &mut app.conn(),
        &PartnerTierFields {
            code: "gold".into(),
            name: "Gold".into(),
            rank: 1,
            target_multiplier: Decimal::ONE,
        },
    )
    .unwrap();
    let (status, body) = client.get_text("/leaderboard?scope=company").await;
    assert_eq!(status, 200);
    assert!(body.contains(">Gold</option>"), "{body}");

    diesel::update(partner_tiers::table.find(tier.id))
        .set(partner_tiers::name.eq("Platinum"))
        .execute(&mut app.conn())
        .unwrap();
    let (_, body) = client.get_text("/leaderboard?scope=company").await;
    assert!(body.contains(">Platinum</option>"), "{body}");
    assert!(!body.contains(">Gold</option>"), "{body}");

    let mut conn = app.conn();
    let mut moves = |sql: &str| {
        let before = attain::db::epoch::current(&mut conn).unwrap().0;
        diesel::sql_query(sql).execute(&mut conn).unwrap();
        attain::db::epoch::current(&mut conn).unwrap().0 > before
    };
    assert!(moves(
        "INSERT INTO bonus_schedules (name, description, basis) \
         VALUES ('Catalog ladder', '', 'attainment')"
    ));
    assert!(moves(
        "INSERT INTO bonus_tiers (schedule_id, position, threshold, rate) \
         SELECT id, 1, 100, 5 FROM bonus_schedules WHERE name = 'Catalog ladder'"
    ));
}

/// The `<option>`s of the chooser `name` that are selected, by value.
fn selected(body: &str, name: &str) -> Vec<String> {
    let start = body
        .find(&format!(r#"name="{name}""#))
        .unwrap_or_else(|| panic!("no {name} chooser"));
    let end = start + body[start..].find("</select>").unwrap();
    body[start..end]
        .split("<option ")
        .filter(|option| option.contains(" selected"))
        .map(|option| {
            let value = option.split('"').nth(1).unwrap();
            value.to_string()
        })
        .collect()
}

/// The choosers are rendered once per epoch for each language and set of
/// choices (`Catalog::part`): readers asking for different boards in the
/// same epoch each see their own choices selected, and a Korean reader the
/// Korean labels though an English reader asked for the same board first.
#[actix_web::test]
async fn the_kept_choosers_show_each_readers_own_choices() {
    use attain::i18n::Lang;

    let app = spawn_app().await;
    let b = board(&app);
    let ana = rep(&app, &b, "ana.choice@example.com", 100, 10);
    let bo = rep(&app, &b, "bo.choice@example.com", 100, 20);
    let cy = rep(&app, &b, "cy.choice@example.com", 100, 30);
    attain::db::users::User::set_language(&mut app.conn(), cy.id, Some(Lang::Ko)).unwrap();
    let as_ana = app.signed_in(&ana).await;
    let as_bo = app.signed_in(&bo).await;
    let as_cy = app.signed_in(&cy).await;
    let behind = "/leaderboard?scope=company&metric=revenue&pace=behind";

    let (_, first) = as_ana.get_text(behind).await;
    let (_, second) = as_bo.get_text("/leaderboard?scope=team&metric=deals").await;
    let (_, korean) = as_cy.get_text(behind).await;
    let (_, again) = as_ana.get_text(behind).await;

    let checked = r#"value="behind" role="switch" checked"#;
    assert_eq!(selected(&first, "metric"), ["revenue"]);
    assert_eq!(selected(&first, "scope"), ["company"]);
    assert_eq!(selected(&first, "period"), [b.period.to_string()]);
    assert!(first.contains(checked));
    assert_eq!(selected(&second, "metric"), ["deals"]);
    assert_eq!(selected(&second, "scope"), ["team"]);
    assert!(!second.contains(checked));
    assert_eq!(again, first, "the kept choosers are reused as they were");
    assert_eq!(selected(&korean, "scope"), ["company"]);
    assert!(korean.contains(checked));
    assert!(korean.contains(&Lang::Ko.t("leaderboard-metric")));
    assert!(!korean.contains(&Lang::En.t("leaderboard-metric")));
}
