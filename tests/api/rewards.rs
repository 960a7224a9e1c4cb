//! Bonus schedules and achievements: detection in the database (once each,
//! even from two connections at once; streaks across a year end; perfect
//! months), the jobs, and the pages with their role and ownership checks.

use std::sync::{Arc, Barrier};

use attain::achievements;
use attain::db::achievements::Achievement;
use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::periods::PeriodRow;
use attain::db::schema::{
    achievements as ach, bonus_schedules, metric_events, notifications, points_entries, teams,
    users,
};
use attain::domain::period::PeriodKind;
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
    let mut conn = app.conn();
    let team: i64 = diesel::insert_into(teams::table)
        .values(teams::name.eq("Milestone team"))
        .returning(teams::id)
        .get_result(&mut conn)
        .unwrap();
    diesel::update(users::table.find(rep.id))
        .set(users::team_id.eq(team))
        .execute(&mut conn)
        .unwrap();
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
    attain::progress::mark_reached_milestones(&mut conn, rep.id, calls, on).unwrap();
    achievements::detect_for_users(&mut conn, &[rep.id], day(2026, 6, 6)).unwrap();
    let rows: Vec<(String, Option<i64>)> = ach::table
        .select((ach::kind, ach::goal_id))
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows, vec![("milestone".to_string(), Some(own))]);
}
