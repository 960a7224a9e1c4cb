//! Achievement notifications by email when SMTP is configured: sent at once
//! by the server's courier, one email per person, never twice (not even
//! from two connections at once), retried after a failure and given up
//! when stale; nothing at all without SMTP.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use attain::db::schema::notifications;
use attain::notify::email::{self, Delivery, MAX_ATTEMPTS};
use attain::notify::mail::Mailer;
use diesel::prelude::*;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::live::listeners_ready;
use crate::rewards::{log_today, monthly_goal, org_today};
use crate::smtp::Inbox;

fn mailer(url: &str) -> Mailer {
    Mailer::new(url, "Attain <attain@example.com>")
        .unwrap()
        .with_public_url("https://attain.example.com/")
}

/// (emailed, still wanted, attempts) per notification of `user`, by id.
fn email_states(app: &TestApp, user: i64) -> Vec<(bool, bool, i16)> {
    notifications::table
        .filter(notifications::user_id.eq(user))
        .order(notifications::id)
        .select((
            notifications::emailed_at.is_not_null(),
            notifications::email_wanted,
            notifications::email_attempts,
        ))
        .load(&mut app.conn())
        .unwrap()
}

/// A notification for `user` that wants an email, with the words it shows.
fn notify(app: &TestApp, user: i64, title: &str) {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user),
            notifications::kind.eq("message"),
            notifications::params.eq(serde_json::json!({
                "title": title,
                "body": "10 points added to your total.",
            })),
            notifications::link.eq("/achievements"),
            notifications::email_wanted.eq(true),
        ))
        .execute(&mut app.conn())
        .unwrap();
}

#[actix_web::test]
async fn an_achievement_is_emailed_at_once_in_one_email_per_person() {
    let inbox = Inbox::start();
    let app = spawn_app_with(attain::jobs::JobsConfig {
        every: None,
        mailer: Some(mailer(&inbox.url)),
        ..Default::default()
    })
    .await;
    listeners_ready(&app, 1).await;
    let rep = app.create_user("rep", "ada.achiever@example.com");
    let today = org_today(&app);
    monthly_goal(
        &mut app.conn(),
        rep.id,
        "revenue",
        today,
        1000,
        Some(("Standard attainment", 600)),
    );
    let client = app.signed_in(&rep).await;
    log_today(&client, "revenue", "1250").await;

    // The goal, tiers 1 to 3 and a perfect month: five notifications, one email.
    let mails = inbox.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &inbox.mails()[0];
    assert_eq!(mail.to, "ada.achiever@example.com");
    assert_eq!(mail.subject, "5 new notifications in Attain");
    assert!(
        mail.text.starts_with("Hello Ada Achiever,"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("You have 5 new notifications:"));
    assert!(mail.text.contains("- Achievement: Revenue goal achieved"));
    assert!(mail.text.contains("- Achievement: Perfect month"));
    // Every item points at the same page: named once.
    assert_eq!(
        mail.text
            .matches("Open in Attain: https://attain.example.com/achievements\n")
            .count(),
        1,
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .contains("All your notifications: https://attain.example.com/notifications")
    );
    // Marked sent once the email went out (just after the SMTP reply).
    for _ in 0..100 {
        if email_states(&app, rep.id).iter().all(|s| s.0) {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(email_states(&app, rep.id), vec![(true, true, 1); 5]);

    // Nothing is sent twice: another delivery, and the job, find nothing.
    let again = email::deliver(&mut app.conn(), &mailer(&inbox.url)).unwrap();
    assert_eq!(again, Delivery::default());
    // The in-app notifications are unchanged: still unread in the bell.
    let (_, page) = client.get_text("/notifications").await;
    assert!(page.contains("Revenue goal achieved"));
    assert_eq!(inbox.count(), 1);
}

#[actix_web::test]
async fn two_deliveries_at_the_same_moment_send_each_email_once() {
    let app = spawn_app().await;
    let inbox = Inbox::start();
    let reps: Vec<i64> = (1..=6)
        .map(|i| app.create_user("rep", &format!("twice{i}@example.com")).id)
        .collect();
    for rep in &reps {
        notify(&app, *rep, "Achievement: Calls goal achieved");
        notify(&app, *rep, "Achievement: Perfect month");
    }
    let barrier = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (url, barrier, inbox_url) =
                (app.database_url.clone(), barrier.clone(), inbox.url.clone());
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                barrier.wait();
                email::deliver(&mut conn, &mailer(&inbox_url)).unwrap()
            })
        })
        .collect();
    let results: Vec<Delivery> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(results.iter().map(|d| d.emails).sum::<usize>(), 6);
    assert_eq!(results.iter().map(|d| d.notifications).sum::<usize>(), 12);
    assert_eq!(inbox.count(), 6);
    let mut recipients: Vec<String> = inbox.mails().into_iter().map(|m| m.to).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 6);
    for rep in reps {
        assert_eq!(email_states(&app, rep), vec![(true, true, 1); 2]);
    }
}

#[actix_web::test]
async fn a_failed_email_is_retried_then_given_up() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "unlucky@example.com");
    notify(&app, rep.id, "Achievement: Deals goal achieved");
    // Nothing listens on this port: every send fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let broken = mailer(&format!("smtp://{}", closed.local_addr().unwrap()));
    drop(closed);
    for attempt in 1..=MAX_ATTEMPTS {
        let delivery = email::deliver(&mut app.conn(), &broken).unwrap();
        assert_eq!((delivery.emails, delivery.failed), (0, 1));
        assert_eq!(email_states(&app, rep.id), vec![(false, true, attempt)]);
    }
    let error: Option<String> = notifications::table
        .select(notifications::email_error)
        .first(&mut app.conn())
        .unwrap();
    assert!(error.is_some_and(|e| e.contains("unlucky@example.com")));

    // Tried often enough: given up, and a working server later gets nothing.
    let inbox = Inbox::start();
    let delivery = email::deliver(&mut app.conn(), &mailer(&inbox.url)).unwrap();
    assert_eq!((delivery.emails, delivery.given_up), (0, 1));
    assert_eq!(
        email_states(&app, rep.id),
        vec![(false, false, MAX_ATTEMPTS)]
    );
    assert_eq!(inbox.count(), 0);
}

#[actix_web::test]
async fn stale_notifications_and_inactive_people_get_no_email() {
    let app = spawn_app().await;
    let old = app.create_user("rep", "old.news@example.com");
    let gone = app.create_user("rep", "gone@example.com");
    let fresh = app.create_user("rep", "fresh@example.com");
    notify(&app, old.id, "Achievement: Old news");
    diesel::update(notifications::table.filter(notifications::user_id.eq(old.id)))
        .set(notifications::created_at.eq(chrono::Utc::now() - chrono::Duration::hours(25)))
        .execute(&mut app.conn())
        .unwrap();
    notify(&app, gone.id, "Achievement: Left the company");
    app.deactivate_user(gone.id);
    notify(&app, fresh.id, "Achievement: Signups goal achieved");

    let inbox = Inbox::start();
    let delivery = email::deliver(&mut app.conn(), &mailer(&inbox.url)).unwrap();
    assert_eq!(
        delivery,
        Delivery {
            emails: 1,
            notifications: 1,
            failed: 0,
            given_up: 2
        }
    );
    let mails = inbox.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "fresh@example.com");
    assert_eq!(mails[0].subject, "Achievement: Signups goal achieved");
    assert!(
        mails[0]
            .text
            .contains("Achievement: Signups goal achieved\n10 points added to your total.\n"),
        "{}",
        mails[0].text
    );
    assert_eq!(email_states(&app, old.id), vec![(false, false, 0)]);
    assert_eq!(email_states(&app, gone.id), vec![(false, false, 0)]);
}

#[actix_web::test]
async fn without_smtp_achievements_stay_in_the_app() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "no.smtp@example.com");
    let today = org_today(&app);
    monthly_goal(&mut app.conn(), rep.id, "calls", today, 10, None);
    let client = app.signed_in(&rep).await;
    log_today(&client, "calls", "10").await;
    let states = email_states(&app, rep.id);
    assert!(!states.is_empty());
    // Waiting for an email that no instance can send: never claimed.
    assert!(states.iter().all(|s| *s == (false, true, 0)), "{states:?}");

    // The job says so instead of pretending.
    let ctx = attain::jobs::JobContext::at(chrono::Utc::now(), None);
    let job = attain::jobs::find("notification-emails").unwrap();
    let run = attain::jobs::run(&mut app.conn(), job, &ctx, attain::jobs::Source::Cli).unwrap();
    assert_eq!(
        run.message.as_deref(),
        Some("SMTP is not configured: no email sent")
    );
    assert_eq!(email_states(&app, rep.id), states);
}

#[actix_web::test]
async fn a_korean_reader_gets_their_achievement_email_in_korean() {
    let inbox = Inbox::start();
    let app = spawn_app_with(attain::jobs::JobsConfig {
        every: None,
        mailer: Some(mailer(&inbox.url)),
        ..Default::default()
    })
    .await;
    listeners_ready(&app, 1).await;
    let rep = app.create_user("rep", "minji.kim@example.com");
    attain::db::users::User::set_language(&mut app.conn(), rep.id, Some(attain::i18n::Lang::Ko))
        .unwrap();
    let today = org_today(&app);
    monthly_goal(&mut app.conn(), rep.id, "revenue", today, 1000, None);
    let client = app.signed_in(&rep).await;
    log_today(&client, "revenue", "1250").await;

    let mails = inbox.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &inbox.mails()[0];
    // The goal and a perfect month: two notifications in one Korean email.
    assert_eq!(mail.subject, "Attain 새 알림 2건");
    assert!(
        mail.text.starts_with("Minji Kim님, 안녕하세요."),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("새 알림이 2건 있습니다."),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("- 업적 달성: "), "{}", mail.text);
    assert!(mail.text.contains("점이 더해졌습니다."), "{}", mail.text);
    assert!(
        mail.text
            .contains("전체 알림 보기: https://attain.example.com/notifications"),
        "{}",
        mail.text
    );
    assert!(!mail.text.contains("Hello"), "{}", mail.text);
    // The same news reads in Korean in the app.
    let (_, page) = client.get_text("/notifications").await;
    assert!(page.contains("업적 달성: "), "{page}");
}

#[actix_web::test]
async fn achievements_recorded_long_after_they_happened_are_not_emailed() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "late.news@example.com");
    let today = org_today(&app);
    let mut conn = app.conn();
    // Two months ago, and today: both goals achieved, found by one run.
    let earlier = attain::rewards::achievements::month_start(today) - chrono::Duration::days(40);
    monthly_goal(&mut conn, rep.id, "deals", earlier, 2, None);
    crate::rewards::event(&mut conn, rep.id, "deals", earlier, 2);
    monthly_goal(&mut conn, rep.id, "calls", today, 5, None);
    crate::rewards::event(&mut conn, rep.id, "calls", today, 5);
    attain::rewards::achievements::detect_for_users(&mut conn, &[rep.id], today).unwrap();

    // Each notification with the title of its achievement.
    #[derive(diesel::QueryableByName, Debug)]
    struct Wanted {
        #[diesel(sql_type = diesel::sql_types::Text)]
        title: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        email_wanted: bool,
    }
    let wanted: Vec<(String, bool)> = diesel::sql_query(
        "SELECT a.title, n.email_wanted FROM notifications n
         JOIN achievements a ON a.id = (n.params ->> 'achievement_id')::bigint
         WHERE n.user_id = $1 ORDER BY n.id",
    )
    .bind::<diesel::sql_types::BigInt, _>(rep.id)
    .load::<Wanted>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|w| (w.title, w.email_wanted))
    .collect();
    let deals: Vec<bool> = wanted
        .iter()
        .filter(|(title, _)| title.contains("Deals goal achieved"))
        .map(|(_, wanted)| *wanted)
        .collect();
    let calls: Vec<bool> = wanted
        .iter()
        .filter(|(title, _)| title.contains("Calls goal achieved"))
        .map(|(_, wanted)| *wanted)
        .collect();
    assert_eq!((deals, calls), (vec![false], vec![true]), "{wanted:?}");

    let inbox = Inbox::start();
    email::deliver(&mut conn, &mailer(&inbox.url)).unwrap();
    let mails = inbox.mails();
    assert_eq!(mails.len(), 1);
    assert!(
        !mails[0].text.contains("Deals goal achieved"),
        "{}",
        mails[0].text
    );
}

#[actix_web::test]
async fn a_person_turns_notification_emails_off_and_on_from_their_account() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "quiet.please@example.com");
    let wanted = |app: &TestApp| -> bool {
        attain::db::schema::users::table
            .find(rep.id)
            .select(attain::db::schema::users::email_notifications)
            .first(&mut app.conn())
            .unwrap()
    };
    // Signed out: the sign-in page.
    let anonymous = app.client().get("/account/email").await;
    assert_eq!(anonymous.status(), 303);

    let client = app.signed_in(&rep).await;
    let (status, page) = client.get_text("/account/email").await;
    assert_eq!(status, 200);
    assert!(page.contains("quiet.please@example.com"));
    assert!(page.contains("checked"), "on by default");
    assert!(page.contains("does not send email"), "no SMTP in this app");

    // Unticked: the checkbox is simply absent from the form.
    let off = client.post_form("/account/email", &[]).await;
    assert_eq!(off.status(), 303);
    assert!(!wanted(&app));
    let (_, page) = client.get_text("/account/email").await;
    assert!(page.contains("no more emails about them"), "the flash");
    assert!(!page.contains("checked"));

    notify(&app, rep.id, "Achievement: Meetings goal achieved");
    let inbox = Inbox::start();
    let delivery = email::deliver(&mut app.conn(), &mailer(&inbox.url)).unwrap();
    assert_eq!((delivery.emails, delivery.given_up), (0, 1));
    assert_eq!(inbox.count(), 0);
    let (_, bell) = client.get_text("/notifications").await;
    assert!(bell.contains("Meetings goal achieved"), "still in the app");

    let bad = client
        .post_form("/account/email", &[("notifications", "sometimes")])
        .await;
    assert_eq!(bad.status(), 400);
    assert!(!wanted(&app));
    let on = client
        .post_form("/account/email", &[("notifications", "on")])
        .await;
    assert_eq!(on.status(), 303);
    assert!(wanted(&app));
    // Without a CSRF token nothing changes.
    let forged = client
        .post_raw("/account/email", &[("notifications", "")])
        .await;
    assert_eq!(forged.status(), 403);
    assert!(wanted(&app));
}

/// Notifications stored as English sentences before they kept their facts
/// are migrated: achievements and reminders become kind + parameters (and
/// read in any language), anything else keeps its words.
#[actix_web::test]
async fn stored_notifications_are_migrated_to_kinds_and_parameters() {
    use diesel_migrations::MigrationHarness;
    let app = spawn_app().await;
    let rep = app.create_user("rep", "old.news@example.com");
    let mut conn = app.conn();
    // Back to the schema before the migration, with rows as it wrote them.
    // (Later migrations go first, newest first.)
    loop {
        let reverted = conn.revert_last_migration(attain::db::MIGRATIONS).unwrap();
        if reverted.to_string() == "20261205000019" {
            break;
        }
        assert!(
            reverted.to_string().as_str() > "20261205000019",
            "reverted past the migration under test"
        );
    }
    diesel::sql_query(format!(
        "WITH a AS (
             INSERT INTO achievements (user_id, kind, period_start, title, achieved_on, points)
             VALUES ({id}, 'perfect_month', '2026-11-01', 'Perfect month · November 2026',
                     '2026-11-30', 40)
             RETURNING id
         ), n AS (
             INSERT INTO notifications (user_id, kind, title, body, link)
             VALUES ({id}, 'goal_reminder', 'Your November goals are overdue', 'Set it now.', '/dashboard')
             RETURNING id
         ), r AS (
             INSERT INTO goal_reminders (user_id, year, month, kind, notification_id)
             SELECT {id}, 2026, 11, 'overdue', id FROM n
         )
         INSERT INTO notifications (user_id, kind, title, body, link) VALUES
             ({id}, 'achievement', 'Achievement: Perfect month · November 2026',
              '40 points added to your total.', '/achievements'),
             ({id}, 'welcome', 'Welcome to Attain', 'Say hello to your team.', NULL)",
        id = rep.id
    ))
    .execute(&mut conn)
    .unwrap();
    conn.run_pending_migrations(attain::db::MIGRATIONS).unwrap();

    let rows: Vec<(String, serde_json::Value)> = notifications::table
        .filter(notifications::user_id.eq(rep.id))
        .order(notifications::kind)
        .select((notifications::kind, notifications::params))
        .load(&mut conn)
        .unwrap();
    let achievement: i64 = attain::db::schema::achievements::table
        .filter(attain::db::schema::achievements::user_id.eq(rep.id))
        .select(attain::db::schema::achievements::id)
        .first(&mut conn)
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "achievement".to_string(),
                serde_json::json!({ "achievement_id": achievement, "points": 40 })
            ),
            (
                "goal_reminder".to_string(),
                serde_json::json!({ "year": 2026, "month": 11, "reminder": "overdue" })
            ),
            (
                "message".to_string(),
                serde_json::json!({ "title": "Welcome to Attain", "body": "Say hello to your team." })
            ),
        ]
    );
    // The reminder now reads in Korean for a Korean reader.
    attain::db::users::User::set_language(&mut conn, rep.id, Some(attain::i18n::Lang::Ko)).unwrap();
    let client = app.signed_in(&rep).await;
    let (_, page) = client.get_text("/notifications").await;
    assert!(
        page.contains("11월 목표 설정 마감일이 지났습니다"),
        "{page}"
    );
    assert!(page.contains("Welcome to Attain"), "{page}");
}
