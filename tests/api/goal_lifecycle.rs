//! The goal lifecycle through pages, the API and the scheduled steps:
//! drafts, approval and send-back with their refusals, revisions, target
//! changes going back to approval, completion at 100%, activation and
//! closing by date, paused goals leaving the leaderboard, and two approvers
//! at once.

use attain::db::goal_lifecycle::Lifecycle;
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::periods::PeriodRow;
use attain::db::revisions::GoalRevision;
use attain::db::schema::goals;
use attain::domain::lifecycle::Action;
use attain::domain::period::{Period, PeriodKind};
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

use crate::helpers::{TestApp, TestUser, api_for, location, spawn_app};

/// A manager running North with a rep, a rep in South, an admin.
struct World {
    app: TestApp,
    admin: TestUser,
    manager: TestUser,
    rep: TestUser,
    outsider: TestUser,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let manager = app.create_user("manager", "mia.manager@example.com");
    let rep = app.create_user("rep", "ray.rep@example.com");
    let outsider = app.create_user("rep", "olga.outside@example.com");
    let north = app.team("North", Some(manager.id));
    let south = app.team("South", None);
    for (user, team) in [(manager.id, north), (rep.id, north), (outsider.id, south)] {
        app.edit_user(user, |p| p.team_id = Some(team));
    }
    World {
        app,
        admin,
        manager,
        rep,
        outsider,
    }
}

fn today(app: &TestApp) -> NaiveDate {
    attain::goals::progress::org_today(&Organisation::get(&mut app.conn()).unwrap())
}

fn metric(app: &TestApp, key: &str) -> i64 {
    Metric::find_by_key(&mut app.conn(), key)
        .unwrap()
        .unwrap()
        .id
}

fn month_of(app: &TestApp, day: NaiveDate) -> PeriodRow {
    PeriodRow::containing(&mut app.conn(), PeriodKind::Month, day, 1).unwrap()
}

/// A goal of `user` straight in the database, in `status`.
fn goal(app: &TestApp, user: i64, key: &str, period: i64, target: i64, status: &str) -> i64 {
    let mut conn = app.conn();
    let id = Goal::insert(
        &mut conn,
        &NewGoal::new(
            Owner::User(user),
            metric(app, key),
            period,
            Decimal::new(target, 0),
        ),
    )
    .unwrap()
    .id;
    diesel::update(goals::table.find(id))
        .set(goals::status.eq(status))
        .execute(&mut conn)
        .unwrap();
    id
}

fn status(app: &TestApp, id: i64) -> String {
    Goal::find(&mut app.conn(), id).unwrap().status.to_string()
}

fn revisions(app: &TestApp, id: i64) -> Vec<GoalRevision> {
    GoalRevision::for_goal(&mut app.conn(), id)
        .unwrap()
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

#[actix_web::test]
async fn a_rep_drafts_and_submits_and_the_manager_approves_from_the_queue() {
    let w = world().await;
    let rep = w.app.signed_in(&w.rep).await;
    let month = today(&w.app).format("month:%Y-%m-01").to_string();
    let signups = metric(&w.app, "signups").to_string();
    let response = rep
        .post_form(
            "/my-goals",
            &[("metric", &signups), ("period", &month), ("target", "20")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = location(&response);
    let id: i64 = page.trim_start_matches("/goals/").parse().unwrap();
    assert_eq!(status(&w.app, id), "draft");

    let (code, body) = rep.get_text(&page).await;
    assert_eq!(code, 200);
    assert!(body.contains("Submit for approval"), "{body}");
    let response = rep
        .post_form(&format!("/goals/{id}/status/submit"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(status(&w.app, id), "pending_approval");

    let manager = w.app.signed_in(&w.manager).await;
    let (_, badge) = manager.get_text("/approvals/goals/count").await;
    assert_eq!(badge.trim(), "1");
    let (code, queue) = manager.get_text("/approvals/goals").await;
    assert_eq!(code, 200);
    assert!(queue.contains("Ray Rep") && queue.contains("20"), "{queue}");

    let token = manager.csrf_token().await;
    let response = manager
        .http
        .post(format!("{}/approvals/goals/{id}/approve", manager.address))
        .header("HX-Request", "true")
        .form(&[("csrf_token", token.as_str()), ("note", "Good stretch")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["hx-trigger"], "goals-changed");
    assert!(response.text().await.unwrap().contains("active now"));
    assert_eq!(status(&w.app, id), "active");
    let life = Lifecycle::of(&mut w.app.conn(), id).unwrap();
    assert_eq!(life.approved_by, Some(w.manager.id));
    assert!(life.submitted_at.is_some() && life.approved_at.is_some());
    assert!(life.activated_at.is_some());
    let steps: Vec<String> = revisions(&w.app, id)
        .iter()
        .map(|r| r.after["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(steps, ["draft", "pending_approval", "approved", "active"]);
    let (_, badge) = manager.get_text("/approvals/goals/count").await;
    assert_eq!(badge.trim(), "");
}

#[actix_web::test]
async fn approval_is_refused_to_the_owner_outsiders_and_reps_and_send_back_needs_a_note() {
    let w = world().await;
    let period = month_of(&w.app, today(&w.app)).id;
    let mine = goal(&w.app, w.rep.id, "deals", period, 10, "pending_approval");
    let theirs = goal(
        &w.app,
        w.outsider.id,
        "deals",
        period,
        10,
        "pending_approval",
    );
    let own = goal(
        &w.app,
        w.manager.id,
        "deals",
        period,
        10,
        "pending_approval",
    );

    let rep = api_for(&w.app, &w.rep).await;
    let (code, body) = rep
        .post(&format!("/api/v1/goals/{mine}/approve"), json!({}))
        .await;
    assert_eq!(code, 409, "nobody approves their own goal: {body}");
    let (code, _) = rep
        .post(&format!("/api/v1/goals/{theirs}/approve"), json!({}))
        .await;
    assert_eq!(code, 404, "another rep's goal is not even visible");

    let manager = api_for(&w.app, &w.manager).await;
    let (code, _) = manager
        .post(&format!("/api/v1/goals/{theirs}/approve"), json!({}))
        .await;
    assert_eq!(code, 404, "outside the manager's subtree");
    let (code, body) = manager
        .post(&format!("/api/v1/goals/{own}/approve"), json!({}))
        .await;
    assert_eq!(code, 409, "{body}");
    let (code, body) = manager
        .post(&format!("/api/v1/goals/{mine}/send-back"), json!({}))
        .await;
    assert_eq!(code, 422, "{body}");
    assert!(body["fields"]["notes"].is_string(), "{body}");
    let (code, body) = manager
        .post(
            &format!("/api/v1/goals/{mine}/send-back"),
            json!({ "notes": "Aim for 12" }),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["status"], "draft");
    assert_eq!(body["status_reason"], "Aim for 12");

    // The manager's own pending goal goes to an admin.
    let admin = api_for(&w.app, &w.admin).await;
    let (code, body) = admin
        .post(&format!("/api/v1/goals/{own}/approve"), json!({}))
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["status"], "active");
    assert_eq!(body["approved_by"], w.admin.id);

    // A rep may not pause; the page answers as the API does.
    let page = w.app.signed_in(&w.rep).await;
    let response = page
        .post_form(&format!("/goals/{own}/status/pause"), &[("reason", "x")])
        .await;
    assert_eq!(response.status(), 404);
}

#[actix_web::test]
async fn target_changes_write_revisions_with_before_and_after() {
    let w = world().await;
    let period = month_of(&w.app, today(&w.app)).id;
    let id = goal(&w.app, w.rep.id, "revenue", period, 1000, "active");
    let manager = api_for(&w.app, &w.manager).await;
    let (code, body) = manager
        .put(
            &format!("/api/v1/goals/{id}"),
            json!({ "target_value": "1500" }),
        )
        .await;
    assert_eq!(code, 422, "an active target needs a reason: {body}");
    let (code, body) = manager
        .put(
            &format!("/api/v1/goals/{id}"),
            json!({ "target_value": "1500", "priority": 1, "reason": "Territory grew" }),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["status"], "active", "a manager's change stands");
    let revs = revisions(&w.app, id);
    let last = revs.last().unwrap();
    assert_eq!(last.actor_id, Some(w.manager.id));
    assert_eq!(last.reason.as_deref(), Some("Territory grew"));
    assert_eq!(last.before, json!({ "target": "1000.00", "priority": 3 }));
    assert_eq!(last.after, json!({ "target": "1500.00", "priority": 1 }));

    let page = w.app.signed_in(&w.manager).await;
    let (_, html) = page.get_text(&format!("/goals/{id}")).await;
    assert!(
        html.contains("Territory grew") && html.contains("History"),
        "{html}"
    );
}

#[actix_web::test]
async fn a_rep_changing_an_active_target_needs_a_reason_and_goes_back_to_approval() {
    let w = world().await;
    let period = month_of(&w.app, today(&w.app)).id;
    let id = goal(&w.app, w.rep.id, "deals", period, 10, "active");
    let rep = w.app.signed_in(&w.rep).await;
    let response = rep
        .post_form(&format!("/goals/{id}/target"), &[("target", "8")])
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(status(&w.app, id), "active");
    let response = rep
        .post_form(
            &format!("/goals/{id}/target"),
            &[("target", "8"), ("reason", "Two weeks of leave")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(status(&w.app, id), "pending_approval");
    let last = revisions(&w.app, id).pop().unwrap();
    assert_eq!(
        last.after,
        json!({ "target": "8.00", "status": "pending_approval" })
    );
}

#[actix_web::test]
async fn an_event_that_reaches_100_percent_completes_the_goal() {
    let w = world().await;
    let period = month_of(&w.app, today(&w.app)).id;
    let id = goal(&w.app, w.rep.id, "deals", period, 10, "active");
    let rep = api_for(&w.app, &w.rep).await;
    let day = today(&w.app).to_string();
    let (code, _) = rep
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "deals", "value": 6, "occurred_on": day }),
        )
        .await;
    assert_eq!(code, 201);
    assert_eq!(status(&w.app, id), "active");
    let (code, _) = rep
        .post(
            "/api/v1/metric-events",
            json!({ "metric_type": "deals", "value": 4, "occurred_on": day }),
        )
        .await;
    assert_eq!(code, 201);
    assert_eq!(status(&w.app, id), "completed");
    assert!(
        Lifecycle::of(&mut w.app.conn(), id)
            .unwrap()
            .completed_at
            .is_some()
    );
}

#[actix_web::test]
async fn activate_due_and_close_ended_move_goals_by_date_once() {
    let w = world().await;
    let day = today(&w.app);
    let this = month_of(&w.app, day);
    let last_period = Period::month_containing(day).previous().unwrap();
    let last = PeriodRow::ensure(&mut w.app.conn(), &last_period, "Last month").unwrap();
    let next_period = Period::month_containing(day).next().unwrap();
    let next = PeriodRow::ensure(&mut w.app.conn(), &next_period, "Next month").unwrap();

    let due = goal(&w.app, w.rep.id, "deals", this.id, 10, "approved");
    let later = goal(&w.app, w.rep.id, "deals", next.id, 10, "approved");
    let short = goal(&w.app, w.rep.id, "calls", last.id, 10, "active");
    let made = goal(&w.app, w.outsider.id, "calls", last.id, 5, "active");
    let mut conn = w.app.conn();
    diesel::insert_into(attain::db::schema::metric_events::table)
        .values((
            attain::db::schema::metric_events::user_id.eq(w.outsider.id),
            attain::db::schema::metric_events::metric_id.eq(metric(&w.app, "calls")),
            attain::db::schema::metric_events::value.eq(Decimal::new(5, 0)),
            attain::db::schema::metric_events::occurred_on.eq(last_period.start),
            attain::db::schema::metric_events::source.eq("manual"),
        ))
        .execute(&mut conn)
        .unwrap();

    assert_eq!(
        attain::goals::lifecycle::activate_due(&mut conn, day).unwrap(),
        1
    );
    assert_eq!(
        attain::goals::lifecycle::close_ended(&mut conn, day).unwrap(),
        2
    );
    assert_eq!(
        attain::goals::lifecycle::activate_due(&mut conn, day).unwrap(),
        0
    );
    assert_eq!(
        attain::goals::lifecycle::close_ended(&mut conn, day).unwrap(),
        0
    );
    assert_eq!(status(&w.app, due), "active");
    assert_eq!(status(&w.app, later), "approved");
    assert_eq!(status(&w.app, short), "failed");
    assert_eq!(status(&w.app, made), "completed");
    assert!(
        Lifecycle::of(&mut conn, made)
            .unwrap()
            .completed_at
            .is_some()
    );
    assert!(
        Lifecycle::of(&mut conn, short)
            .unwrap()
            .completed_at
            .is_none()
    );
    let failed = revisions(&w.app, short).pop().unwrap();
    assert_eq!(failed.actor_id, None);
    assert_eq!(failed.after, json!({ "status": "failed" }));
}

#[actix_web::test]
async fn a_paused_goal_leaves_the_leaderboard_and_keeps_its_numbers() {
    let w = world().await;
    let period = month_of(&w.app, today(&w.app));
    let id = goal(&w.app, w.rep.id, "revenue", period.id, 1000, "active");
    let admin = api_for(&w.app, &w.admin).await;
    let day = today(&w.app).to_string();
    let (code, _) = admin
        .post(
            "/api/v1/metric-events",
            json!({ "user_id": w.rep.id, "metric_type": "revenue", "value": "300", "occurred_on": day }),
        )
        .await;
    assert_eq!(code, 201);
    let board = format!(
        "/api/v1/quotas/leaderboard?period_id={}&metric_type=revenue&scope=company",
        period.id
    );
    let (_, before) = admin.get(&board).await;
    assert_eq!(before["rows"].as_array().unwrap().len(), 1, "{before}");

    let manager = api_for(&w.app, &w.manager).await;
    let (code, body) = manager
        .post(&format!("/api/v1/goals/{id}/pause"), json!({}))
        .await;
    assert_eq!(code, 422, "pausing needs a reason: {body}");
    let (code, body) = manager
        .post(
            &format!("/api/v1/goals/{id}/pause"),
            json!({ "reason": "Parental leave" }),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["status"], "paused");
    let (_, after) = admin.get(&board).await;
    assert!(after["rows"].as_array().unwrap().is_empty(), "{after}");
    let (code, progress) = admin.get(&format!("/api/v1/goals/{id}/progress")).await;
    assert_eq!(code, 200);
    assert_eq!(
        progress["progress"]["current_value"], "300.00",
        "{progress}"
    );

    let (code, body) = manager
        .post(&format!("/api/v1/goals/{id}/resume"), json!({}))
        .await;
    assert_eq!(code, 200, "{body}");
    let (_, again) = admin.get(&board).await;
    assert_eq!(again["rows"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn two_approvers_at_once_give_one_approval_and_one_conflict() {
    let w = world().await;
    let day = today(&w.app);
    let period = month_of(&w.app, day).id;
    let id = goal(&w.app, w.rep.id, "deals", period, 10, "pending_approval");
    let approvers = [w.manager.id, w.admin.id];
    let url = w.app.database_url.clone();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = approvers
        .into_iter()
        .map(|approver| {
            let url = url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                let user = attain::db::users::User::find(&mut conn, approver).unwrap();
                barrier.wait();
                attain::goals::lifecycle::transition(
                    &mut conn,
                    &user,
                    id,
                    Action::Approve,
                    None,
                    day,
                )
            })
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let approved = outcomes.iter().filter(|o| o.is_ok()).count();
    let conflicts = outcomes
        .iter()
        .filter(|o| matches!(o, Err(attain::error::AppError::Conflict(_))))
        .count();
    assert_eq!((approved, conflicts), (1, 1), "{outcomes:?}");
    let approvals = revisions(&w.app, id)
        .iter()
        .filter(|r| r.after["status"] == "approved")
        .count();
    assert_eq!(approvals, 1);
}

#[actix_web::test]
async fn the_queue_sends_back_with_a_note_and_refuses_without_one() {
    let w = world().await;
    let period = month_of(&w.app, today(&w.app)).id;
    let id = goal(&w.app, w.rep.id, "calls", period, 300, "pending_approval");
    let manager = w.app.signed_in(&w.manager).await;
    let path = format!("/approvals/goals/{id}/send-back");
    let response = manager.post_form(&path, &[("note", "  ")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains(&format!(
        r#"aria-invalid="true" aria-describedby="goal-note-error-{id}""#
    )));
    assert!(page.contains(&format!(
        r#"<small id="goal-note-error-{id}" class="field-error" role="alert">Add a note saying what to change"#
    )));
    // htmx gets the row alone, marked the same way, in place of a toast.
    let token = manager.csrf_token().await;
    let response = manager
        .http
        .post(format!("{}{path}", manager.address))
        .header("HX-Request", "true")
        .header("X-CSRF-Token", token)
        .form(&[("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.headers().get("hx-retarget").is_none());
    let row = response.text().await.unwrap();
    assert!(row.starts_with(&format!(r#"<tr id="goal-{id}">"#)), "{row}");
    assert!(row.contains("Add a note saying what to change"));
    assert_eq!(status(&w.app, id), "pending_approval");
    let response = manager
        .post_form(
            &path,
            &[("note", "Calls alone are not enough; add meetings")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/approvals/goals");
    assert_eq!(status(&w.app, id), "draft");
    let life = Lifecycle::of(&mut w.app.conn(), id).unwrap();
    assert_eq!(
        life.status_reason.as_deref(),
        Some("Calls alone are not enough; add meetings")
    );
    let rep = w.app.signed_in(&w.rep).await;
    let (_, mine) = rep.get_text("/my-goals").await;
    assert!(
        mine.contains("add meetings"),
        "the rep sees the note: {mine}"
    );
    let outsider = w.app.signed_in(&w.outsider).await;
    let response = outsider.post_form(&path, &[("note", "x")]).await;
    assert_eq!(response.status(), 403, "reps have no queue");
}
