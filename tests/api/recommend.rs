//! Recommended targets (issue #19) through HTTP on the demo organisation:
//! the quota editor and the calculator show them beside the formula's
//! target; accepting one or all sets them through the calculator's save
//! (revision, audit entry, a breakdown that says it came from a
//! recommendation); a manager of another team and a rep are refused and
//! nothing is written.

use attain::db::goals::{Goal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::db::schema::{audit_log, goal_revisions, goals, teams, users};
use attain::db::users::User;
use attain::goals::targets::recommended::{self, Suggestion};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::helpers::{Client, TestApp, location, spawn_app};

const GANGNAM: &str = "Seoul Gangnam";

fn demo_email(local: &str) -> String {
    format!("{local}@demo.attain.test")
}

async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    app
}

async fn signed_in(app: &TestApp, local: &str) -> Client {
    let client = app.client();
    let response = client
        .sign_in(&demo_email(local), attain::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), 303, "{local} signs in");
    client
}

fn team_id(app: &TestApp, name: &str) -> i64 {
    teams::table
        .filter(teams::name.eq(name))
        .select(teams::id)
        .first(&mut app.conn())
        .unwrap()
}

/// What the service recommends for the team's members this month.
fn suggestions(app: &TestApp, team: i64) -> Vec<Suggestion> {
    let mut conn = app.conn();
    let org = Organisation::get(&mut conn).unwrap();
    let period = PeriodRow::find(&mut conn, app.this_month()).unwrap();
    let people: Vec<User> = users::table
        .filter(users::team_id.eq(team))
        .filter(users::role.eq("rep"))
        .select(User::as_select())
        .load(&mut conn)
        .unwrap();
    let metrics = Metric::active(&mut conn).unwrap();
    recommended::suggest(&mut conn, &org, &people, &metrics, &period).unwrap()
}

/// Every goal's id, target and breakdown, and the audit log's length:
/// what a refused request must leave as it was.
fn written(app: &TestApp) -> (Vec<(i64, Decimal, Option<Value>)>, i64) {
    let mut conn = app.conn();
    let goals = goals::table
        .select((goals::id, goals::target, goals::target_breakdown))
        .order(goals::id)
        .load(&mut conn)
        .unwrap();
    let audit = audit_log::table.count().get_result(&mut conn).unwrap();
    (goals, audit)
}

fn live_goal(app: &TestApp, user: i64, metric: i64) -> Goal {
    Goal::live(&mut app.conn(), Owner::User(user), metric, app.this_month())
        .unwrap()
        .expect("a live goal")
}

fn breakdown_of(app: &TestApp, goal: i64) -> Value {
    goals::table
        .find(goal)
        .select(goals::target_breakdown)
        .first::<Option<Value>>(&mut app.conn())
        .unwrap()
        .expect("a stored breakdown")
}

#[actix_web::test]
async fn a_manager_accepts_one_recommendation_and_its_goal_records_where_it_came_from() {
    let app = demo_app().await;
    let team = team_id(&app, GANGNAM);
    let all = suggestions(&app, team);
    assert!(!all.is_empty(), "the demo has history to recommend from");
    // One whose recommendation differs from the target in place.
    let pick = all
        .iter()
        .find(|s| {
            Goal::live(
                &mut app.conn(),
                Owner::User(s.user_id),
                s.metric_id,
                app.this_month(),
            )
            .unwrap()
            .is_none_or(|g| g.target != s.target())
        })
        .expect("a recommendation to accept");
    let manager = signed_in(&app, "jihoon.park").await;
    let period = app.this_month().to_string();
    let (status, page) = manager
        .get_text(&format!("/team/quotas?team={team}&period={period}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"id="recommended""#), "{page}");
    // Every recommendation has its own Accept form.
    assert_eq!(
        page.matches(r#"action="/team/quotas/recommended""#).count(),
        all.len()
    );
    let before = written(&app);
    let response = manager
        .post_form(
            "/team/quotas/recommended",
            &[
                ("team", &team.to_string()),
                ("period", &period),
                ("metrics", ""),
                ("user", &pick.user_id.to_string()),
                ("metric", &pick.metric_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with(&format!("/team/quotas?team={team}")));

    let goal = live_goal(&app, pick.user_id, pick.metric_id);
    assert_eq!(goal.target, pick.target());
    let breakdown = breakdown_of(&app, goal.id);
    assert_eq!(breakdown["recommended"]["reason"]["kind"], "recommended");
    assert!(
        breakdown["recommended"]["note"]
            .as_str()
            .unwrap()
            .starts_with("monthly level "),
        "{breakdown}"
    );
    assert_eq!(
        breakdown["final_target"].as_str().map(str::to_string),
        Some(pick.target().to_string())
    );
    // Only that goal changed (or was created), with its history and audit.
    let after = written(&app);
    let changed: Vec<i64> = after
        .0
        .iter()
        .filter(|row| !before.0.contains(row))
        .map(|row| row.0)
        .collect();
    assert_eq!(changed, vec![goal.id]);
    assert_eq!(after.1, before.1 + 1);
    let summary: String = audit_log::table
        .order(audit_log::id.desc())
        .select(audit_log::summary)
        .first(&mut app.conn())
        .unwrap();
    assert!(summary.contains("from a recommendation"), "{summary}");
    let reasons: Vec<Option<String>> = goal_revisions::table
        .filter(goal_revisions::goal_id.eq(goal.id))
        .select(goal_revisions::reason)
        .load(&mut app.conn())
        .unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r.as_deref() == Some("Accepted the recommended target")),
        "{reasons:?}"
    );
    // The goal page shows the recommendation as the target's last line.
    let (status, goal_page) = manager.get_text(&format!("/goals/{}", goal.id)).await;
    assert_eq!(status, 200);
    assert!(
        goal_page.contains("breakdown-total is-adjusted"),
        "{goal_page}"
    );
}

#[actix_web::test]
async fn accept_all_sets_every_recommendation_the_editor_shows() {
    let app = demo_app().await;
    let team = team_id(&app, GANGNAM);
    let all = suggestions(&app, team);
    assert!(all.len() > 1);
    let manager = signed_in(&app, "jihoon.park").await;
    let response = manager
        .post_form(
            "/team/quotas/recommended/all",
            &[
                ("team", &team.to_string()),
                ("period", &app.this_month().to_string()),
                ("metrics", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    for s in &all {
        let goal = live_goal(&app, s.user_id, s.metric_id);
        assert_eq!(goal.target, s.target(), "{s:?}");
        let breakdown = breakdown_of(&app, goal.id);
        assert_eq!(breakdown["recommended"]["reason"]["kind"], "recommended");
    }
    // The editor now shows each as in place, with no Accept button left.
    let (status, page) = manager
        .get_text(&format!(
            "/team/quotas?team={team}&period={}",
            app.this_month()
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        page.matches("rec-item is-same").count(),
        all.len(),
        "{page}"
    );
}

#[actix_web::test]
async fn another_teams_manager_and_a_rep_are_refused_and_nothing_is_written() {
    let app = demo_app().await;
    let gangnam = team_id(&app, GANGNAM);
    let mapo = team_id(&app, "Seoul Mapo");
    let pick = suggestions(&app, gangnam)
        .into_iter()
        .next()
        .expect("a recommendation");
    let period = app.this_month().to_string();
    let month = {
        let p = PeriodRow::find(&mut app.conn(), app.this_month()).unwrap();
        p.start_date.format("%Y-%m").to_string()
    };
    let before = written(&app);
    let (user, metric) = (pick.user_id.to_string(), pick.metric_id.to_string());
    let (gangnam_text, mapo_text) = (gangnam.to_string(), mapo.to_string());
    for local in ["yuna.choi", "doyun.kang"] {
        let client = signed_in(&app, local).await;
        let attempts: [(&str, Vec<(&str, &str)>); 4] = [
            (
                "/team/quotas/recommended",
                vec![
                    ("team", &gangnam_text),
                    ("period", &period),
                    ("user", &user),
                    ("metric", &metric),
                ],
            ),
            // Her own team, someone else's member.
            (
                "/team/quotas/recommended",
                vec![
                    ("team", &mapo_text),
                    ("period", &period),
                    ("user", &user),
                    ("metric", &metric),
                ],
            ),
            (
                "/team/quotas/recommended/all",
                vec![("team", &gangnam_text), ("period", &period)],
            ),
            (
                "/targets/calculator/recommended",
                vec![("user", &user), ("month", &month), ("metric", &metric)],
            ),
        ];
        for (path, fields) in &attempts {
            let response = client.post_form(path, fields).await;
            assert_eq!(response.status(), 403, "{local} {path} {fields:?}");
        }
    }
    // Without the CSRF token even the team's own manager is refused.
    let manager = signed_in(&app, "jihoon.park").await;
    let response = manager
        .post_raw(
            "/team/quotas/recommended/all",
            &[("team", &gangnam.to_string()), ("period", &period)],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(written(&app), before);
}

#[actix_web::test]
async fn the_calculator_shows_the_recommendation_beside_the_formula_and_accepts_it() {
    let app = demo_app().await;
    let team = team_id(&app, GANGNAM);
    let pick = suggestions(&app, team)
        .into_iter()
        .find(|s| s.formula_target() != s.target())
        .expect("a recommendation unlike the formula");
    let month = PeriodRow::find(&mut app.conn(), app.this_month())
        .unwrap()
        .start_date
        .format("%Y-%m")
        .to_string();
    let manager = signed_in(&app, "jihoon.park").await;
    let query = format!(
        "/targets/calculator?user={}&month={month}&metric={}",
        pick.user_id, pick.metric_id
    );
    let (status, page) = manager.get_text(&query).await;
    assert_eq!(status, 200);
    assert!(page.contains("calc-rec-target"), "{page}");
    assert!(page.contains(r#"formaction="/targets/calculator/recommended""#));
    let response = manager
        .post_form(
            "/targets/calculator/recommended",
            &[
                ("user", &pick.user_id.to_string()),
                ("month", &month),
                ("metric", &pick.metric_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let goal = live_goal(&app, pick.user_id, pick.metric_id);
    assert_eq!(location(&response), format!("/goals/{}", goal.id));
    assert_eq!(goal.target, pick.target());
    let breakdown = breakdown_of(&app, goal.id);
    assert_eq!(breakdown["recommended"]["reason"]["kind"], "recommended");
    // The formula's parts are kept beside it.
    assert!(breakdown["factors"]["seasonal"]["value"].is_string());
}
