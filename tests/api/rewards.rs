//! Bonus schedules and achievements: detection in the database (once each,
//! even from two connections at once; streaks across a year end; perfect
//! months), the jobs, and the pages with their role and ownership checks.

use std::sync::{Arc, Barrier};

use attain::db::achievements::Achievement;
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::periods::PeriodRow;
use attain::db::schema::{
    achievements as ach, bonus_schedules, metric_events, notifications, points_entries, users,
};
use attain::domain::period::PeriodKind;
use attain::rewards::achievements;
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::helpers::spawn_app;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn metric(conn: &mut PgConnection, key: &str) -> i64 {
    Metric::find_by_key(conn, key).unwrap().unwrap().id
}

pub fn schedule(conn: &mut PgConnection, name: &str) -> i64 {
    bonus_schedules::table
        .filter(bonus_schedules::name.eq(name))
        .select(bonus_schedules::id)
        .first(conn)
        .unwrap()
}

/// An active monthly goal of `user` for the month holding `on`.
pub fn monthly_goal(
    conn: &mut PgConnection,
    user: i64,
    key: &str,
    on: NaiveDate,
    target: i64,
    bonus: Option<(&str, i64)>,
) -> i64 {
    let period = PeriodRow::containing(conn, PeriodKind::Month, on, 1).unwrap();
    let mut new = NewGoal::new(
        Owner::User(user),
        metric(conn, key),
        period.id,
        Decimal::new(target, 0),
    );
    if let Some((name, base)) = bonus {
        new.bonus_schedule_id = Some(schedule(conn, name));
        new.bonus_base = Some(Decimal::new(base, 0));
    }
    Goal::insert(conn, &new).unwrap().id
}

pub fn event(conn: &mut PgConnection, user: i64, key: &str, on: NaiveDate, value: i64) {
    let metric = metric(conn, key);
    diesel::insert_into(metric_events::table)
        .values((
            metric_events::user_id.eq(user),
            metric_events::metric_id.eq(metric),
            metric_events::value.eq(Decimal::new(value, 0)),
            metric_events::occurred_on.eq(on),
            metric_events::source.eq("manual"),
        ))
        .execute(conn)
        .unwrap();
}

fn kinds_of(conn: &mut PgConnection, user: i64) -> Vec<(String, Option<i16>)> {
    ach::table
        .filter(ach::user_id.eq(user))
        .select((ach::kind, ach::tier))
        .order((ach::kind, ach::tier, ach::id))
        .load(conn)
        .unwrap()
}

fn points(conn: &mut PgConnection, user: i64) -> i64 {
    attain::db::achievements::points_total(conn, user).unwrap()
}

/// A month in which both goals are reached: revenue at 125 % on the
/// standard schedule, signups at 22 on the ladder.
fn good_month(conn: &mut PgConnection, user: i64, on: NaiveDate) -> (i64, i64) {
    let revenue = monthly_goal(
        conn,
        user,
        "revenue",
        on,
        1000,
        Some(("Standard attainment", 600)),
    );
    let signups = monthly_goal(conn, user, "signups", on, 20, Some(("Signup ladder", 100)));
    event(conn, user, "revenue", on, 700);
    event(conn, user, "revenue", on.succ_opt().unwrap(), 550);
    event(conn, user, "signups", on, 22);
    (revenue, signups)
}

#[actix_web::test]
async fn detection_records_goals_tiers_and_the_perfect_month_once_with_points() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "rita.rep@example.com");
    let mut conn = app.conn();
    let (revenue, _) = good_month(&mut conn, rep.id, day(2026, 6, 10));

    let today = day(2026, 6, 20);
    let earned = achievements::detect_for_users(&mut conn, &[rep.id], today).unwrap();
    let kinds = kinds_of(&mut conn, rep.id);
    assert_eq!(
        kinds,
        vec![
            ("bonus_tier".to_string(), Some(1)),
            ("bonus_tier".to_string(), Some(1)),
            ("bonus_tier".to_string(), Some(2)),
            ("bonus_tier".to_string(), Some(2)),
            ("bonus_tier".to_string(), Some(3)),
            ("goal_achieved".to_string(), Some(2)),
            ("goal_achieved".to_string(), Some(3)),
            ("perfect_month".to_string(), None),
        ]
    );
    assert_eq!(earned.len(), kinds.len());

    // The revenue goal: reached 100 % on the 11th, 125 % → 2.0× of 600.
    let goal_row: Achievement = ach::table
        .filter(ach::goal_id.eq(revenue))
        .filter(ach::kind.eq("goal_achieved"))
        .select(Achievement::as_select())
        .first(&mut conn)
        .unwrap();
    assert_eq!(goal_row.achieved_on, day(2026, 6, 11));
    assert_eq!(goal_row.percent, Some(Decimal::new(12500, 2)));
    assert_eq!(goal_row.bonus_amount, Some(Decimal::new(1200, 0)));
    assert_eq!(goal_row.tier, Some(3));
    // Tier 1 (80 % of 1000 = 800) was crossed on the 11th as well; the
    // perfect month on the day its last goal got there.
    let perfect: Achievement = ach::table
        .filter(ach::user_id.eq(rep.id))
        .filter(ach::kind.eq("perfect_month"))
        .select(Achievement::as_select())
        .first(&mut conn)
        .unwrap();
    assert_eq!(perfect.period_start, Some(day(2026, 6, 1)));
    assert_eq!(perfect.achieved_on, day(2026, 6, 11));

    // Points: 2 goals × 100, tiers 1+2+3 (revenue) and 1+2 (signups) × 50,
    // a perfect month 200; one ledger line and one notification each.
    assert_eq!(points(&mut conn, rep.id), 200 + 50 * (6 + 3) + 200);
    let lines: i64 = points_entries::table
        .filter(points_entries::user_id.eq(rep.id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(lines, 8);
    let notes: i64 = notifications::table
        .filter(notifications::user_id.eq(rep.id))
        .filter(notifications::kind.eq("achievement"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(notes, 8);

    // Again: nothing new, nothing counted twice.
    let again = achievements::detect_for_users(&mut conn, &[rep.id], today).unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(kinds_of(&mut conn, rep.id).len(), 8);
    assert_eq!(points(&mut conn, rep.id), 850);
}

#[actix_web::test]
async fn a_month_with_one_goal_short_is_not_perfect() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "sam.short@example.com");
    let mut conn = app.conn();
    let on = day(2026, 6, 3);
    monthly_goal(&mut conn, rep.id, "revenue", on, 1000, None);
    monthly_goal(&mut conn, rep.id, "calls", on, 50, None);
    event(&mut conn, rep.id, "revenue", on, 1000);
    event(&mut conn, rep.id, "calls", on, 49);
    achievements::detect_for_users(&mut conn, &[rep.id], day(2026, 6, 30)).unwrap();
    assert_eq!(
        kinds_of(&mut conn, rep.id),
        vec![("goal_achieved".to_string(), None)]
    );
    // The last call makes it perfect.
    event(&mut conn, rep.id, "calls", day(2026, 6, 30), 1);
    achievements::detect_for_users(&mut conn, &[rep.id], day(2026, 6, 30)).unwrap();
    let kinds: Vec<String> = kinds_of(&mut conn, rep.id)
        .into_iter()
        .map(|k| k.0)
        .collect();
    assert_eq!(kinds, ["goal_achieved", "goal_achieved", "perfect_month"]);
}

#[actix_web::test]
async fn a_streak_of_perfect_months_runs_across_the_year_end() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "yara.year@example.com");
    let other = app.create_user("rep", "gap.gail@example.com");
    let mut conn = app.conn();
    for (y, m) in [(2026, 11), (2026, 12), (2027, 1)] {
        monthly_goal(&mut conn, rep.id, "calls", day(y, m, 1), 10, None);
        event(&mut conn, rep.id, "calls", day(y, m, 15), 10);
    }
    // Gail misses December: two runs of one and one, no streak.
    for (y, m, calls) in [(2026, 11, 10), (2026, 12, 9), (2027, 1, 10)] {
        monthly_goal(&mut conn, other.id, "calls", day(y, m, 1), 10, None);
        event(&mut conn, other.id, "calls", day(y, m, 15), calls);
    }
    // Detection as it would have run at each month's end.
    for today in [day(2026, 11, 30), day(2026, 12, 31), day(2027, 1, 31)] {
        achievements::detect_for_users(&mut conn, &[rep.id, other.id], today).unwrap();
    }
    let streaks: Vec<(i64, Option<i16>, Option<NaiveDate>, NaiveDate)> = ach::table
        .filter(ach::kind.eq("streak"))
        .select((
            ach::user_id,
            ach::streak_months,
            ach::period_start,
            ach::achieved_on,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        streaks,
        vec![(rep.id, Some(3), Some(day(2027, 1, 1)), day(2027, 1, 15))]
    );
    let months = Achievement::perfect_months(&mut conn, other.id).unwrap();
    assert_eq!(months, vec![day(2026, 11, 1), day(2027, 1, 1)]);
}

#[actix_web::test]
async fn detection_run_twice_at_once_records_each_achievement_once() {
    let app = spawn_app().await;
    let mut reps = Vec::new();
    {
        let mut conn = app.conn();
        for i in 0..6 {
            let rep = app.create_user("rep", &format!("twin{i}@example.com"));
            good_month(&mut conn, rep.id, day(2026, 6, 2 + i as u32));
            reps.push(rep.id);
        }
    }
    let today = day(2026, 6, 28);
    for round in 0..3 {
        let barrier = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let url = app.database_url.clone();
                let barrier = barrier.clone();
                let reps = reps.clone();
                std::thread::spawn(move || {
                    let mut conn = PgConnection::establish(&url).unwrap();
                    barrier.wait();
                    if round == 0 {
                        achievements::detect_for_users(&mut conn, &reps, today).unwrap()
                    } else {
                        achievements::detect_for_all(&mut conn, today).unwrap()
                    }
                })
            })
            .collect();
        let earned: usize = handles.into_iter().map(|h| h.join().unwrap().len()).sum();
        let mut conn = app.conn();
        let rows: i64 = ach::table.count().get_result(&mut conn).unwrap();
        if round == 0 {
            assert_eq!(earned as i64, rows, "each new row returned by one run only");
        } else {
            assert_eq!(earned, 0);
        }
        assert_eq!(rows, 6 * 8);
        let lines: i64 = points_entries::table.count().get_result(&mut conn).unwrap();
        assert_eq!(lines, rows);
    }
}

#[actix_web::test]
async fn team_goals_earn_nothing_and_milestones_of_own_goals_do() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "milo.milestone@example.com");
    let team = app.team("Milestone team", None);
    app.edit_user(rep.id, |p| p.team_id = Some(team));
    let mut conn = app.conn();
    let on = day(2026, 6, 5);
    let period = PeriodRow::containing(&mut conn, PeriodKind::Month, on, 1).unwrap();
    let calls = metric(&mut conn, "calls");
    Goal::insert(
        &mut conn,
        &NewGoal::new(Owner::Team(team), calls, period.id, Decimal::new(5, 0)),
    )
    .unwrap();
    let own = monthly_goal(&mut conn, rep.id, "calls", on, 100, None);
    diesel::insert_into(attain::db::schema::milestones::table)
        .values((
            attain::db::schema::milestones::goal_id.eq(own),
            attain::db::schema::milestones::name.eq("First ten"),
            attain::db::schema::milestones::value.eq(Decimal::new(10, 0)),
        ))
        .execute(&mut conn)
        .unwrap();
    event(&mut conn, rep.id, "calls", on, 12);
    attain::goals::progress::mark_reached_milestones(&mut conn, rep.id, calls, on).unwrap();
    achievements::detect_for_users(&mut conn, &[rep.id], day(2026, 6, 6)).unwrap();
    let rows: Vec<(String, Option<i64>)> = ach::table
        .select((ach::kind, ach::goal_id))
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows, vec![("milestone".to_string(), Some(own))]);
}

/// A team managed by `manager` holding `members`.
fn team_of(app: &crate::helpers::TestApp, name: &str, manager: i64, members: &[i64]) -> i64 {
    let everyone: Vec<i64> = members.iter().copied().chain([manager]).collect();
    app.team_of(name, manager, &everyone)
}

/// Logs `value` of `metric` for today through the activity logger, as the
/// signed-in rep; the logger answers with a redirect.
pub async fn log_today(client: &crate::helpers::Client, metric: &str, value: &str) {
    let response = client
        .post_form(
            "/events",
            &[("metric", metric), ("value", value), ("occurred_on", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
}

pub fn org_today(app: &crate::helpers::TestApp) -> NaiveDate {
    let org = attain::db::organisation::Organisation::get(&mut app.conn()).unwrap();
    attain::goals::progress::org_today(&org)
}

#[actix_web::test]
async fn the_quota_card_shows_the_bonus_so_far_and_logging_records_the_achievement_at_once() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "bonnie.bonus@example.com");
    let today = org_today(&app);
    let goal = {
        let mut conn = app.conn();
        monthly_goal(
            &mut conn,
            rep.id,
            "revenue",
            today,
            1000,
            Some(("Standard attainment", 600)),
        )
    };
    let client = app.signed_in(&rep).await;
    let (_, body) = client.get_text("/dashboard").await;
    assert!(body.contains("No bonus yet"), "{body}");
    assert!(body.contains("0.5× at 80%"));

    log_today(&client, "revenue", "1250").await;
    // Recorded before the response: the goal, tiers 1 to 3, a perfect month.
    let mut conn = app.conn();
    let goal_rows: i64 = ach::table
        .filter(ach::goal_id.eq(goal))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(goal_rows, 4);
    let (_, body) = client.get_text("/dashboard").await;
    assert!(body.contains("2.0× — $1,200.00 so far"), "{body}");
    assert!(body.contains("3.0× at 150%"));
    assert!(body.contains("Revenue goal achieved"));
    assert!(body.contains("Perfect month"));
    let (_, card) = client.get_text(&format!("/goals/{goal}/card")).await;
    assert!(card.contains("2.0× — $1,200.00 so far"));
}

#[actix_web::test]
async fn achievement_pages_and_recognition_follow_role_and_subtree() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "ria.rep@example.com");
    let other = app.create_user("rep", "otto.other@example.com");
    let manager = app.create_user("manager", "max.manager@example.com");
    let outsider = app.create_user("manager", "una.outside@example.com");
    let admin = app.create_user("admin", "ada.admin@example.com");
    team_of(&app, "Recognised", manager.id, &[rep.id]);
    team_of(&app, "Elsewhere", outsider.id, &[other.id]);
    let today = org_today(&app);
    {
        let mut conn = app.conn();
        monthly_goal(&mut conn, rep.id, "calls", today, 5, None);
        event(&mut conn, rep.id, "calls", today, 5);
        achievements::detect_for_users(&mut conn, &[rep.id], today).unwrap();
    }
    let id: i64 = ach::table
        .filter(ach::kind.eq("goal_achieved"))
        .select(ach::id)
        .first(&mut app.conn())
        .unwrap();
    let page = format!("/people/{}/achievements", rep.id);

    let own = app.signed_in(&rep).await;
    let (status, body) = own.get_text("/achievements").await;
    assert_eq!(status, 200);
    assert!(body.contains("Calls goal achieved") && !body.contains(">Recognise<"));
    assert_eq!(own.get(&page).await.status(), 200);
    let peer = app.signed_in(&other).await;
    assert_eq!(peer.get(&page).await.status(), 404);
    let away = app.signed_in(&outsider).await;
    assert_eq!(away.get(&page).await.status(), 404);

    let recognise = format!("/achievements/{id}/recognise");
    assert_eq!(own.post_form(&recognise, &[]).await.status(), 403);
    assert_eq!(away.post_form(&recognise, &[]).await.status(), 404);
    let boss = app.signed_in(&manager).await;
    let (_, body) = boss.get_text(&page).await;
    assert!(body.contains(">Recognise<"));
    // Without the CSRF token: refused.
    assert_eq!(boss.post_raw(&recognise, &[]).await.status(), 403);
    let response = boss
        .post_form(&recognise, &[("note", "Great first week")])
        .await;
    assert_eq!(response.status(), 303);
    let (_, body) = own.get_text("/achievements").await;
    assert!(body.contains("Recognised by Max Manager"), "{body}");
    assert!(body.contains("Great first week"));
    assert_eq!(boss.post_form(&recognise, &[]).await.status(), 409);
    let audited: i64 = attain::db::schema::audit_log::table
        .filter(attain::db::schema::audit_log::action.eq("recognise"))
        .filter(attain::db::schema::audit_log::entity_id.eq(id))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(audited, 1);
    let chief = app.signed_in(&admin).await;
    assert_eq!(chief.get(&page).await.status(), 200);

    // Feeds: the company's for everyone; a team's for its people and
    // managers; the htmx partial is the list alone.
    let (status, body) = peer.get_text("/achievements/feed?scope=company").await;
    assert_eq!(status, 200);
    assert!(body.contains("Calls goal achieved"));
    let (status, body) = own.get_text("/achievements/feed?scope=team").await;
    assert_eq!(status, 200);
    assert!(body.contains("Team Recognised"));
    let (status, body) = peer.get_text("/achievements/feed?scope=team").await;
    assert_eq!(status, 200);
    assert!(!body.contains("Calls goal achieved"));
    let team: i64 = users::table
        .find(rep.id)
        .select(users::team_id.assume_not_null())
        .first(&mut app.conn())
        .unwrap();
    let foreign = format!("/achievements/feed?scope=team&team={team}");
    assert_eq!(peer.get(&foreign).await.status(), 404);
    let partial = boss.get_fragment(&foreign).await;
    assert!(partial.contains("<section id=\"achievement-feed\""));
    assert!(!partial.contains("<html"));
}

#[actix_web::test]
async fn admins_keep_bonus_schedules_valid_and_goals_pick_them() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "sched.admin@example.com");
    let manager = app.create_user("manager", "sched.manager@example.com");
    let rep = app.create_user("rep", "sched.rep@example.com");
    team_of(&app, "Scheduled", manager.id, &[rep.id]);
    let client = app.signed_in(&admin).await;
    let (status, body) = client.get_text("/admin/bonus-schedules").await;
    assert_eq!(status, 200);
    assert!(body.contains("Standard attainment") && body.contains("150% → 3.0×"));
    assert!(body.contains("Signup ladder") && body.contains("50 → 4.0×"));

    let bad = client
        .post_form(
            "/admin/bonus-schedules",
            &[
                ("name", "Stretch"),
                ("basis", "attainment"),
                ("threshold_1", "100"),
                ("rate_1", "1"),
                ("threshold_2", "90"),
                ("rate_2", "-2"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(body.contains("Each threshold must be above the one before it."));
    assert!(body.contains("The rate must be 0 or more."));
    let duplicate = client
        .post_form(
            "/admin/bonus-schedules",
            &[
                ("name", "standard ATTAINMENT"),
                ("basis", "attainment"),
                ("threshold_1", "100"),
                ("rate_1", "1"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), 422);
    assert!(
        duplicate
            .text()
            .await
            .unwrap()
            .contains("Another schedule already has this name.")
    );
    let good = client
        .post_form(
            "/admin/bonus-schedules",
            &[
                ("name", "Stretch"),
                ("basis", "attainment"),
                ("active", "on"),
                ("threshold_1", "100"),
                ("rate_1", "1"),
                ("threshold_2", "130"),
                ("rate_2", "2.5"),
            ],
        )
        .await;
    assert_eq!(good.status(), 303);
    let mut conn = app.conn();
    let stretch = schedule(&mut conn, "Stretch");
    let ladder = schedule(&mut conn, "Signup ladder");

    // The manager sets a rep's goal on it, from the goal page; a ladder of
    // another metric is refused with a message and nothing changes.
    let goal = monthly_goal(&mut conn, rep.id, "revenue", org_today(&app), 1000, None);
    let boss = app.signed_in(&manager).await;
    let refused = boss
        .post_form(
            &format!("/goals/{goal}/bonus"),
            &[
                ("bonus_schedule_id", &ladder.to_string()),
                ("bonus_base", "500"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("counts another metric")
    );
    let saved = boss
        .post_form(
            &format!("/goals/{goal}/bonus"),
            &[
                ("bonus_schedule_id", &stretch.to_string()),
                ("bonus_base", "500"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let row = Goal::find(&mut conn, goal).unwrap();
    assert_eq!(row.bonus_schedule_id, Some(stretch));
    assert_eq!(row.bonus_base, Some(Decimal::new(50000, 2)));
    let (_, body) = boss.get_text(&format!("/goals/{goal}")).await;
    assert!(body.contains("No bonus yet") && body.contains("1.0× at 100%"));
    // The rep reads the bonus but may not change it.
    let own = app.signed_in(&rep).await;
    let (_, body) = own.get_text(&format!("/goals/{goal}")).await;
    assert!(body.contains("Stretch") && !body.contains("Save bonus"));
    let response = own
        .post_form(
            &format!("/goals/{goal}/bonus"),
            &[("bonus_schedule_id", "")],
        )
        .await;
    assert_eq!(response.status(), 403);
}

#[actix_web::test]
async fn the_monthly_sheet_compares_the_bonus_tier_goal_with_the_tier_reached() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "tia.tier@example.com");
    let api = crate::helpers::api_for(&app, &rep).await;
    let (status, _) = api
        .post(
            "/api/v1/goals/monthly/set",
            serde_json::json!({ "signup_goal": "20", "revenue_goal": "1000", "bonus_tier_goal": "2" }),
        )
        .await;
    assert_eq!(status, 200);
    let (_, body) = api.get("/api/v1/goals/monthly/current").await;
    assert_eq!(body["bonus_tier_reached"], serde_json::Value::Null);
    assert_eq!(body["bonus_triggered"], false);
    let today = org_today(&app);
    event(&mut app.conn(), rep.id, "signups", today, 19);
    let (_, body) = api.get("/api/v1/goals/monthly/current").await;
    assert_eq!(body["bonus_tier_reached"], 1);
    assert_eq!(body["bonus_triggered"], false);
    event(&mut app.conn(), rep.id, "signups", today, 2);
    let (_, body) = api.get("/api/v1/goals/monthly/current").await;
    assert_eq!(body["bonus_tier_reached"], 2);
    assert_eq!(body["bonus_triggered"], true);
    let client = app.signed_in(&rep).await;
    let (_, page) = client.get_text("/dashboard").await;
    assert!(page.contains("Bonus triggered"), "{page}");
    let month = today.format("/%Y/%-m").to_string();
    let (_, sheet) = client.get_text(&format!("/sheets/{}{month}", rep.id)).await;
    assert!(sheet.contains("Tier 2 · bonus triggered"), "{sheet}");
}

#[actix_web::test]
async fn an_admin_accepts_a_suggested_tier_promotion_and_the_partner_moves_up() {
    use attain::db::partner_tiers::PartnerTierFields;
    use attain::db::partner_types::PartnerTypeFields;
    let app = spawn_app().await;
    let admin = app.create_user("admin", "promo.admin@example.com");
    let partner = app.create_user("rep", "pia.partner@example.com");
    let steady = app.create_user("rep", "sid.steady@example.com");
    let kind = app.partner_type(PartnerTypeFields {
        code: "distributor".into(),
        name: "Distributor".into(),
        min_monthly_sales: Decimal::new(1000, 0),
        min_deal_count: 1,
    });
    let tier = |code: &str, rank: i32, multiplier: i64| -> i64 {
        app.partner_tier(PartnerTierFields {
            code: code.into(),
            name: code.to_uppercase(),
            rank,
            target_multiplier: Decimal::new(multiplier, 1),
        })
    };
    let bronze = tier("bronze", 1, 10);
    let silver = tier("silver", 2, 15);
    for user in [partner.id, steady.id] {
        app.edit_user(user, |p| {
            p.partner_type_id = Some(kind);
            p.partner_tier_id = Some(bronze);
        });
    }
    let mut conn = app.conn();
    // Silver needs 1,000 × 1.5 = 1,500 a month; Pia sells 1,600 in each
    // of September, October and November, Sid misses October.
    for (month, pia, sid) in [(9, 1600, 1700), (10, 1600, 1400), (11, 1600, 2000)] {
        event(&mut conn, partner.id, "revenue", day(2026, month, 10), pia);
        event(&mut conn, steady.id, "revenue", day(2026, month, 10), sid);
    }
    let today = day(2026, 12, 2);
    assert_eq!(
        attain::rewards::promotions::suggest(&mut conn, today).unwrap(),
        1
    );
    assert_eq!(
        attain::rewards::promotions::suggest(&mut conn, today).unwrap(),
        0
    );

    let client = app.signed_in(&admin).await;
    let (status, body) = client.get_text("/admin/promotions").await;
    assert_eq!(status, 200);
    assert!(body.contains("Pia Partner") && body.contains("SILVER"));
    assert!(!body.contains("Sid Steady"));
    let id: i64 = attain::db::schema::tier_promotions::table
        .select(attain::db::schema::tier_promotions::id)
        .first(&mut conn)
        .unwrap();
    let rep_client = app.signed_in(&partner).await;
    assert_eq!(
        rep_client
            .post_form(&format!("/admin/promotions/{id}/accept"), &[])
            .await
            .status(),
        403
    );
    let response = client
        .post_form(&format!("/admin/promotions/{id}/accept"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let now_tier: Option<i64> = users::table
        .find(partner.id)
        .select(users::partner_tier_id)
        .first(&mut conn)
        .unwrap();
    assert_eq!(now_tier, Some(silver));
    let again = client
        .post_form(&format!("/admin/promotions/{id}/dismiss"), &[])
        .await;
    assert_eq!(again.status(), 409);
    let audited: i64 = attain::db::schema::audit_log::table
        .filter(attain::db::schema::audit_log::action.eq("promote"))
        .filter(attain::db::schema::audit_log::entity_id.eq(partner.id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 1);
    // The same evidence never suggests again.
    assert_eq!(
        attain::rewards::promotions::suggest(&mut conn, today).unwrap(),
        0
    );
}
