//! Deadline reminders, notifications, the compliance page and the jobs CLI.

use std::sync::{Arc, Barrier};

use attain::domain::deadline::{self, ReminderKind};
use attain::goals::reminders::run_reminders;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use reqwest::Method;

use crate::helpers::{TestApp, api_for, spawn_app};
use crate::smtp::Inbox;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn set_time_zone(app: &TestApp, tz: &str) {
    app.edit_organisation(|o| o.time_zone = tz.into());
}

/// A goal sheet of `user` for (`year`, `month`): set on time, or a draft.
fn insert_sheet(app: &TestApp, user: i64, (year, month): (i32, u32), set: bool) {
    use attain::db::schema::goal_sheets;
    let mut conn = app.conn();
    let day = chrono::NaiveDate::from_ymd_opt(year, month, 1).unwrap();
    let period = attain::db::periods::PeriodRow::containing(
        &mut conn,
        attain::domain::period::PeriodKind::Month,
        day,
        1,
    )
    .unwrap()
    .id;
    diesel::insert_into(goal_sheets::table)
        .values((
            goal_sheets::user_id.eq(user),
            goal_sheets::year.eq(year as i16),
            goal_sheets::month.eq(month as i16),
            goal_sheets::period_id.eq(period),
            goal_sheets::status.eq(if set { "set" } else { "draft" }),
            goal_sheets::set_at.eq(set.then(Utc::now)),
            goal_sheets::set_by_deadline.eq(set.then_some(true)),
        ))
        .execute(&mut conn)
        .unwrap();
}

fn place_in_team(app: &TestApp, user: i64, team: i64) {
    app.edit_user(user, |p| p.team_id = Some(team));
}

fn new_team(app: &TestApp, name: &str, manager: i64) -> i64 {
    app.team(name, Some(manager))
}

fn reminder_ids(app: &TestApp, user: i64) -> Vec<i64> {
    use attain::db::schema::goal_reminders;
    goal_reminders::table
        .filter(goal_reminders::user_id.eq(user))
        .order(goal_reminders::id)
        .select(goal_reminders::id)
        .load(&mut app.conn())
        .unwrap()
}

fn count(app: &TestApp, sql: &str) -> i64 {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(sql))
        .get_result(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn reminders_are_created_and_sent_once_when_two_connections_run_the_job_at_the_same_moment() {
    let app = spawn_app().await;
    let reps: Vec<i64> = (1..=3)
        .map(|i| app.create_user("rep", &format!("rep{i}@example.com")).id)
        .collect();
    app.create_user("manager", "boss@example.com");
    set_time_zone(&app, "UTC");
    let inbox = Inbox::start();
    let mailer =
        attain::notify::mail::Mailer::new(&inbox.url, "Attain <attain@example.com>").unwrap();
    let now = utc("2026-11-05T10:00:00Z");
    let barrier = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (database_url, barrier, mailer) =
                (app.database_url.clone(), barrier.clone(), mailer.clone());
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&database_url).unwrap();
                barrier.wait();
                run_reminders(&mut conn, now, Some(&mailer)).unwrap()
            })
        })
        .collect();
    let summaries: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(
        summaries
            .iter()
            .all(|s| s.kind == Some(ReminderKind::OneDayBefore))
    );
    assert_eq!(summaries.iter().map(|s| s.created).sum::<usize>(), 3);
    assert_eq!(summaries.iter().map(|s| s.emailed).sum::<usize>(), 3);
    assert_eq!(count(&app, "count(*) FROM goal_reminders"), 3);
    assert_eq!(count(&app, "count(*) FROM notifications"), 3);
    assert_eq!(
        count(
            &app,
            "count(*) FROM goal_reminders WHERE emailed_at IS NOT NULL"
        ),
        3
    );
    assert_eq!(inbox.count(), 3);
    for rep in reps {
        assert_eq!(reminder_ids(&app, rep).len(), 1);
    }
    // A third run at the same moment finds nothing to do.
    let again = run_reminders(&mut app.conn(), now, Some(&mailer)).unwrap();
    assert_eq!((again.created, again.emailed), (0, 0));
    assert_eq!(inbox.count(), 3);
}

#[actix_web::test]
async fn each_rep_reads_the_reminder_email_in_their_own_language() {
    let app = spawn_app().await;
    let english = app.create_user("rep", "ana.english@example.com");
    let korean = app.create_user("rep", "minji.korean@example.com");
    attain::db::users::User::set_language(&mut app.conn(), korean.id, Some(attain::i18n::Lang::Ko))
        .unwrap();
    set_time_zone(&app, "Asia/Seoul");
    let inbox = Inbox::start();
    let mailer =
        attain::notify::mail::Mailer::new(&inbox.url, "Attain <attain@example.com>").unwrap();
    let now = utc("2026-11-05T03:00:00Z");
    let summary = run_reminders(&mut app.conn(), now, Some(&mailer)).unwrap();
    assert_eq!(summary.emailed, 2);
    let mails = inbox.mails();
    let to = |email: &str| mails.iter().find(|m| m.to == email).unwrap().clone();
    let en = to(&english.email);
    assert_eq!(en.subject, "Set your November goals by tomorrow");
    assert!(en.text.starts_with("Hello "), "{}", en.text);
    assert!(
        en.text
            .contains("Set your goal sheet for November 2026 by 23:59 on 6 November (Asia/Seoul)."),
        "{}",
        en.text
    );
    let ko = to(&korean.email);
    assert_eq!(ko.subject, "11월 목표를 내일까지 설정하세요");
    assert!(ko.text.contains("님, 안녕하세요."), "{}", ko.text);
    assert!(
        ko.text
            .contains("2026년 11월 목표 설정표를 11월 6일 23:59(Asia/Seoul)까지 설정해 주세요."),
        "{}",
        ko.text
    );
    // The stored notification holds the facts and reads in each language.
    let client = app.signed_in(&korean).await;
    let (_, page) = client.get_text("/notifications").await;
    assert!(page.contains("11월 목표를 내일까지 설정하세요"), "{page}");
    let client = app.signed_in(&english).await;
    let (_, page) = client.get_text("/notifications").await;
    assert!(
        page.contains("Set your November goals by tomorrow"),
        "{page}"
    );
}

#[actix_web::test]
async fn without_smtp_no_email_is_attempted() {
    let app = spawn_app().await;
    app.create_user("rep", "quiet@example.com");
    set_time_zone(&app, "UTC");
    let summary = run_reminders(&mut app.conn(), utc("2026-11-06T12:00:00Z"), None).unwrap();
    assert_eq!(summary.kind, Some(ReminderKind::DeadlineDay));
    assert_eq!(
        (summary.created, summary.emailed, summary.email_failed),
        (1, 0, 0)
    );
    assert_eq!(
        count(
            &app,
            "count(*) FROM goal_reminders WHERE emailed_at IS NULL"
        ),
        1
    );
}

#[actix_web::test]
async fn the_due_reminder_follows_the_local_calendar_east_and_west_of_utc() {
    let app = spawn_app().await;
    app.create_user("rep", "late@example.com");
    let cases = [
        // Seoul, UTC+9: the 3rd begins at 15:00 UTC on the 2nd.
        ("Asia/Seoul", "2026-11-02T14:59:59Z", None, 0),
        (
            "Asia/Seoul",
            "2026-11-02T15:00:00Z",
            Some(ReminderKind::ThreeDaysBefore),
            1,
        ),
        (
            "Asia/Seoul",
            "2026-11-04T15:00:00Z",
            Some(ReminderKind::OneDayBefore),
            1,
        ),
        (
            "Asia/Seoul",
            "2026-11-05T15:00:00Z",
            Some(ReminderKind::DeadlineDay),
            1,
        ),
        (
            "Asia/Seoul",
            "2026-11-06T14:59:59Z",
            Some(ReminderKind::DeadlineDay),
            0,
        ),
        (
            "Asia/Seoul",
            "2026-11-06T15:00:00Z",
            Some(ReminderKind::Overdue),
            1,
        ),
        // Los Angeles, UTC−8 in December: the 7th begins at 08:00 UTC.
        ("America/Los_Angeles", "2026-12-03T07:59:59Z", None, 0),
        (
            "America/Los_Angeles",
            "2026-12-03T08:00:00Z",
            Some(ReminderKind::ThreeDaysBefore),
            1,
        ),
        (
            "America/Los_Angeles",
            "2026-12-05T08:00:00Z",
            Some(ReminderKind::OneDayBefore),
            1,
        ),
        (
            "America/Los_Angeles",
            "2026-12-06T08:00:00Z",
            Some(ReminderKind::DeadlineDay),
            1,
        ),
        (
            "America/Los_Angeles",
            "2026-12-07T07:59:59Z",
            Some(ReminderKind::DeadlineDay),
            0,
        ),
        (
            "America/Los_Angeles",
            "2026-12-07T08:00:00Z",
            Some(ReminderKind::Overdue),
            1,
        ),
    ];
    for (tz, now, kind, created) in cases {
        set_time_zone(&app, tz);
        let summary = run_reminders(&mut app.conn(), utc(now), None).unwrap();
        assert_eq!(summary.kind, kind, "{tz} at {now}");
        assert_eq!(summary.created, created, "{tz} at {now}");
    }
    assert_eq!(count(&app, "count(*) FROM goal_reminders"), 8);
}

#[actix_web::test]
async fn no_reminder_goes_to_a_rep_whose_sheet_is_set_nor_to_managers_or_inactive_reps() {
    let app = spawn_app().await;
    let done = app.create_user("rep", "done@example.com").id;
    let drafted = app.create_user("rep", "drafted@example.com").id;
    let gone = app.create_user("rep", "gone@example.com").id;
    app.create_user("manager", "lead@example.com");
    set_time_zone(&app, "UTC");
    insert_sheet(&app, done, (2026, 11), true);
    insert_sheet(&app, drafted, (2026, 11), false);
    app.deactivate_user(gone);
    let summary = run_reminders(&mut app.conn(), utc("2026-11-07T09:00:00Z"), None).unwrap();
    assert_eq!(summary.kind, Some(ReminderKind::Overdue));
    assert_eq!(summary.created, 1);
    assert!(reminder_ids(&app, done).is_empty());
    assert_eq!(reminder_ids(&app, drafted).len(), 1);
    assert!(reminder_ids(&app, gone).is_empty());
}

#[actix_web::test]
async fn compliance_shows_each_reps_status_to_managers_of_their_subtree_and_admins_only() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mona.manager@example.com");
    let team = new_team(&app, "North", manager.id);
    let done = app.create_user("rep", "dora.done@example.com");
    let open = app.create_user("rep", "oscar.open@example.com");
    app.create_user("rep", "eli.elsewhere@example.com");
    place_in_team(&app, done.id, team);
    place_in_team(&app, open.id, team);
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    let tz: chrono_tz::Tz = org.time_zone.parse().unwrap();
    let (year, month) = deadline::sheet_month(Utc::now(), tz);
    insert_sheet(&app, done.id, (year, month), true);
    let open_status = deadline::status(false, year, month, Utc::now(), tz).label();

    let rep = app.signed_in(&open).await;
    assert_eq!(rep.get("/compliance").await.status(), 403);

    let boss = app.signed_in(&manager).await;
    let (status, body) = boss.get_text("/compliance").await;
    assert_eq!(status, 200);
    assert!(body.contains("Dora Done") && body.contains("Oscar Open"));
    assert!(!body.contains("Eli Elsewhere"), "outside the subtree");
    assert!(body.contains(">Complete</span>"));
    assert!(body.contains(&format!(">{open_status}</span>")));
    assert!(body.contains("On time"));
    let (_, filtered) = boss.get_text("/compliance?status=complete").await;
    assert!(filtered.contains("Dora Done") && !filtered.contains("Oscar Open"));
    assert_eq!(boss.get("/compliance?month=nonsense").await.status(), 400);
    assert_eq!(boss.get("/compliance?status=bogus").await.status(), 400);

    let admin = app.create_user("admin", "ada.admin@example.com");
    let (_, everyone) = app
        .signed_in(&admin)
        .await
        .get_text("/compliance?sort=team")
        .await;
    assert!(everyone.contains("Eli Elsewhere") && everyone.contains("Dora Done"));
}

#[actix_web::test]
async fn the_bell_counts_unread_notifications_and_mark_read_clears_them() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "bella@example.com");
    let other = app.create_user("rep", "other@example.com");
    set_time_zone(&app, "UTC");
    let client = app.signed_in(&rep).await;
    assert_eq!(
        client.get_text("/notifications/count").await,
        (200, String::new())
    );
    run_reminders(&mut app.conn(), utc("2026-11-03T09:00:00Z"), None).unwrap();
    run_reminders(&mut app.conn(), utc("2026-11-05T09:00:00Z"), None).unwrap();
    assert_eq!(
        client.get_text("/notifications/count").await,
        (200, "2".into())
    );
    let (status, page) = client.get_text("/notifications").await;
    assert_eq!(status, 200);
    let newest = page.find("Set your November goals by tomorrow").unwrap();
    let oldest = page.find("3 days left to set your November goals").unwrap();
    assert!(newest < oldest, "newest first");

    use attain::db::schema::notifications;
    let ids: Vec<i64> = notifications::table
        .filter(notifications::user_id.eq(rep.id))
        .order(notifications::id)
        .select(notifications::id)
        .load(&mut app.conn())
        .unwrap();
    let theirs: i64 = notifications::table
        .filter(notifications::user_id.eq(other.id))
        .select(notifications::id)
        .first(&mut app.conn())
        .unwrap();
    let response = client
        .post_form(&format!("/notifications/{theirs}/read"), &[])
        .await;
    assert_eq!(response.status(), 404);
    let response = client
        .post_form(&format!("/notifications/{}/read", ids[0]), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(client.get_text("/notifications/count").await.1, "1");
    client.post_form("/notifications/read-all", &[]).await;
    assert_eq!(client.get_text("/notifications/count").await.1, "");
    // The other rep's stay unread.
    let other_client = app.signed_in(&other).await;
    assert_eq!(other_client.get_text("/notifications/count").await.1, "2");
}

#[actix_web::test]
async fn a_rep_acknowledges_reminders_on_the_page_and_through_the_api_but_not_someone_elses() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ack@example.com");
    let other = app.create_user("rep", "nosy@example.com");
    set_time_zone(&app, "UTC");
    run_reminders(&mut app.conn(), utc("2026-11-03T09:00:00Z"), None).unwrap();
    run_reminders(&mut app.conn(), utc("2026-11-06T09:00:00Z"), None).unwrap();
    let mine = reminder_ids(&app, rep.id);
    assert_eq!(mine.len(), 2);

    let client = app.signed_in(&rep).await;
    let response = client
        .post_form(&format!("/reminders/{}/acknowledge", mine[0]), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(client.get_text("/notifications/count").await.1, "1");
    let nosy = app.signed_in(&other).await;
    let response = nosy
        .post_form(&format!("/reminders/{}/acknowledge", mine[1]), &[])
        .await;
    assert_eq!(response.status(), 404);

    let path = format!("/api/v1/goals/acknowledge-reminder/{}", mine[1]);
    let (status, body) = api_for(&app, &other)
        .await
        .send(Method::PUT, &path, None)
        .await;
    assert_eq!(status, 404, "{body}");
    let api = api_for(&app, &rep).await;
    let (status, body) = api.send(Method::PUT, &path, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["acknowledged"], true);
    let (status, _) = api
        .send(Method::PUT, "/api/v1/goals/acknowledge-reminder/abc", None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        count(
            &app,
            "count(*) FROM goal_reminders WHERE acknowledged_at IS NOT NULL"
        ),
        2
    );
    assert_eq!(client.get_text("/notifications/count").await.1, "");
}

#[actix_web::test]
async fn pending_deadlines_give_a_rep_their_own_and_a_manager_the_reps_not_complete() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "pat.manager@example.com");
    let team = new_team(&app, "South", manager.id);
    let done = app.create_user("rep", "sam.set@example.com");
    let open = app.create_user("rep", "una.unset@example.com");
    place_in_team(&app, done.id, team);
    place_in_team(&app, open.id, team);
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    let tz: chrono_tz::Tz = org.time_zone.parse().unwrap();
    let (year, month) = deadline::sheet_month(Utc::now(), tz);
    insert_sheet(&app, done.id, (year, month), true);

    let (status, own) = api_for(&app, &done)
        .await
        .get("/api/v1/goals/pending-deadlines")
        .await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["status"], "complete");
    assert_eq!(own["set_by_deadline"], true);
    assert_eq!(own["month"], month);

    let (status, reach) = api_for(&app, &manager)
        .await
        .get("/api/v1/goals/pending-deadlines")
        .await;
    assert_eq!(status, 200, "{reach}");
    let reps = reach["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 1, "{reach}");
    assert_eq!(reps[0]["user_id"], open.id);
}
