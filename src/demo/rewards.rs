//! The demo's goals, bonuses and achievements: monthly revenue and signup
//! goals on the default bonus schedules for a handful of reps over the
//! last three months and this one, with the events that reach (or miss)
//! them, closed and swept for achievements like the jobs would. This
//! month's revenue goals carry milestones set by each rep's manager (the
//! early ones reached), and one rep has submitted next month's goal for
//! approval.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::db::goals::{Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::schema::{bonus_schedules, goals, metric_events};
use crate::db::users::User;
use crate::domain::period::PeriodKind;

/// (rep, revenue target, attainment in each of the three past months and
/// this month so far, signups in each). Kang Do-yun keeps a three-month
/// streak; Seo Hyun-woo sells at twice a Gold target and is up for
/// promotion; the others, Park Ji-hoon's own accounts among them, land
/// around their targets.
#[rustfmt::skip]
const PLAN: [(&str, Decimal, [Decimal; 4], [i64; 4]); 8] = [
    ("doyun.kang", dec!(3_000_000), [dec!(1.32), dec!(1.08), dec!(1.24), dec!(0.86)], [24, 21, 31, 14]),
    ("hyunwoo.seo", dec!(4_500_000), [dec!(1.45), dec!(1.40), dec!(1.52), dec!(0.70)], [18, 26, 22, 9]),
    ("jiwoo.cho", dec!(3_000_000), [dec!(0.92), dec!(1.05), dec!(1.01), dec!(0.55)], [16, 20, 20, 8]),
    ("seoyeon.lee", dec!(10_000_000), [dec!(1.10), dec!(0.74), dec!(1.21), dec!(1.02)], [30, 22, 41, 22]),
    ("daeun.kwon", dec!(10_000_000), [dec!(1.02), dec!(1.15), dec!(0.97), dec!(0.64)], [21, 25, 19, 11]),
    ("jaewon.park", dec!(3_000_000), [dec!(1.61), dec!(1.25), dec!(1.12), dec!(0.93)], [52, 35, 27, 17]),
    ("gaeun.yoon", dec!(4_500_000), [dec!(0.96), dec!(1.12), dec!(1.05), dec!(0.58)], [19, 23, 21, 10]),
    // The Gangnam manager sells to his own clinic accounts too.
    ("jihoon.park", dec!(5_000_000), [dec!(1.04), dec!(0.91), dec!(1.18), dec!(0.62)], [12, 15, 18, 7]),
];

/// Signups a rep aims for each month.
const SIGNUP_TARGET: i64 = 20;

fn schedule(conn: &mut PgConnection, name: &str) -> QueryResult<Option<i64>> {
    bonus_schedules::table
        .filter(bonus_schedules::name.eq(name))
        .select(bonus_schedules::id)
        .first(conn)
        .optional()
}

/// Writes the plan for the reps in `user_ids` (by email local part).
pub fn write(conn: &mut PgConnection, user_ids: &HashMap<&str, i64>) -> anyhow::Result<()> {
    let org = Organisation::get(conn)?;
    let today = crate::goals::progress::org_today(&org);
    let this_month = today.with_day(1).unwrap_or(today);
    let months: Vec<NaiveDate> = (0..4).map(|i| this_month - Months::new(3 - i)).collect();
    let missing = |key: &str| anyhow::anyhow!("the built-in metric {key:?} is missing");
    let revenue = Metric::find_by_key(conn, "revenue")?.ok_or_else(|| missing("revenue"))?;
    let signups = Metric::find_by_key(conn, "signups")?.ok_or_else(|| missing("signups"))?;
    let standard = schedule(conn, "Standard attainment")?;
    let ladder = schedule(conn, "Signup ladder")?;
    let fiscal = org.fiscal_start_month();
    let mut events = Vec::new();
    for (local, target, attainment, signup_counts) in PLAN {
        let Some(&user) = user_ids.get(local) else {
            continue;
        };
        for (i, month) in months.iter().enumerate() {
            let period = PeriodRow::containing(conn, PeriodKind::Month, *month, fiscal)?;
            let mut goal = NewGoal::new(Owner::User(user), revenue.id, period.id, target);
            goal.bonus_schedule_id = standard;
            goal.bonus_base = Some(target / dec!(5));
            Goal::insert(conn, &goal)?;
            let mut goal = NewGoal::new(
                Owner::User(user),
                signups.id,
                period.id,
                Decimal::from(SIGNUP_TARGET),
            );
            goal.bonus_schedule_id = ladder;
            goal.bonus_base = Some(dec!(100_000));
            Goal::insert(conn, &goal)?;
            // The month's revenue and signups in three parts, none after today.
            let total = (target * attainment[i]).round_dp(0);
            let parts = [(5, dec!(0.3)), (12, dec!(0.45)), (20, dec!(0.25))];
            // In the month under way the parts fall over the days gone by
            // (1st, 2nd, 4th by the 5th), so the trend climbs rather than
            // jumping on today.
            let elapsed = if period.end_date > today {
                today.day()
            } else {
                31
            };
            let last_day = period.end_date.min(today);
            for (n, (day, share)) in parts.into_iter().enumerate() {
                let on = month
                    .with_day(1 + (day - 1) * elapsed / 31)
                    .unwrap_or(*month)
                    .min(last_day)
                    .max(*month);
                let amount = if n == 2 {
                    total - (total * dec!(0.3)).round_dp(0) - (total * dec!(0.45)).round_dp(0)
                } else {
                    (total * share).round_dp(0)
                };
                events.push((user, revenue.id, amount, on));
                let count = signup_counts[i] / 3 + i64::from(n == 2) * (signup_counts[i] % 3);
                events.push((user, signups.id, Decimal::from(count), on));
            }
        }
    }
    let rows: Vec<_> = events
        .into_iter()
        .filter(|(_, _, amount, _)| !amount.is_zero())
        .map(|(user, metric, value, on)| {
            (
                metric_events::user_id.eq(user),
                metric_events::metric_id.eq(metric),
                metric_events::value.eq(value),
                metric_events::occurred_on.eq(on),
                // Logged by the rep on the dashboard, as reps do.
                metric_events::source.eq("manual"),
                metric_events::note.eq("Logged on the dashboard"),
            )
        })
        .collect();
    diesel::insert_into(metric_events::table)
        .values(rows)
        .execute(conn)?;
    write_sheets(conn, &org, user_ids, months[3], today)?;
    write_milestones(conn, user_ids, revenue.id, months[3], fiscal)?;
    submit_next_months_goal(conn, user_ids, revenue.id, months[3], fiscal, today)?;
    // As the jobs would have done by now.
    crate::goals::lifecycle::close_ended(conn, today)?;
    crate::rewards::achievements::detect_for_all(conn, today)?;
    crate::rewards::promotions::suggest(conn, today)?;
    Ok(())
}

/// (share of the target, name, day of the month it is due)
const MILESTONES: [(Decimal, &str, u32); 4] = [
    (dec!(0.25), "First quarter", 8),
    (dec!(0.5), "Halfway", 15),
    (dec!(0.75), "Three quarters", 23),
    (dec!(1), "Full target", 28),
];

/// The manager of `local`'s team, who sets their goals (a manager's own
/// are set by the admin).
fn manager_of(
    conn: &mut PgConnection,
    user_ids: &HashMap<&str, i64>,
    local: &str,
) -> anyhow::Result<User> {
    let team = super::PEOPLE
        .iter()
        .find(|p| p.local == local)
        .and_then(|p| p.team);
    let manager = super::TEAMS
        .iter()
        .find(|t| Some(t.key) == team)
        .map(|t| t.manager)
        .filter(|manager| *manager != local)
        .unwrap_or(super::ADMIN);
    Ok(User::find(conn, user_ids[manager])?)
}

/// Milestones on this month's revenue goal of every planned rep, added by
/// their manager through the milestone service (which marks those the
/// month's figures have crossed).
fn write_milestones(
    conn: &mut PgConnection,
    user_ids: &HashMap<&str, i64>,
    revenue: i64,
    month: NaiveDate,
    fiscal: u32,
) -> anyhow::Result<()> {
    let period = PeriodRow::containing(conn, PeriodKind::Month, month, fiscal)?;
    for (local, target, _, _) in PLAN {
        let Some(&user) = user_ids.get(local) else {
            continue;
        };
        let goal: i64 = goals::table
            .filter(goals::user_id.eq(user))
            .filter(goals::metric_id.eq(revenue))
            .filter(goals::period_id.eq(period.id))
            .select(goals::id)
            .first(conn)?;
        let manager = manager_of(conn, user_ids, local)?;
        for (share, name, day) in MILESTONES {
            let draft = crate::goals::milestones::Draft {
                name: name.to_string(),
                value: (target * share).round_dp(0),
                due_on: month.with_day(day),
            };
            crate::goals::milestones::add(conn, &manager, goal, draft)
                .map_err(|e| anyhow::anyhow!("demo milestone for {local}: {e}"))?;
        }
    }
    Ok(())
}

/// Who drafts and submits next month's revenue goal, and its target: the
/// demo manager finds it in Goal approvals.
const SUBMITTED: (&str, Decimal) = ("jiwoo.cho", dec!(3_300_000));

fn submit_next_months_goal(
    conn: &mut PgConnection,
    user_ids: &HashMap<&str, i64>,
    revenue: i64,
    month: NaiveDate,
    fiscal: u32,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let (local, target) = SUBMITTED;
    let rep = User::find(conn, user_ids[local])?;
    let next = PeriodRow::containing(conn, PeriodKind::Month, month + Months::new(1), fiscal)?;
    let failed = |e: crate::error::AppError| anyhow::anyhow!("demo goal of {local}: {e}");
    let goal =
        crate::goals::lifecycle::draft(conn, &rep, revenue, next.id, target).map_err(failed)?;
    crate::goals::lifecycle::transition(
        conn,
        &rep,
        goal.id,
        crate::domain::lifecycle::Action::Submit,
        Some("Two new clinic accounts start next month."),
        today,
    )
    .map_err(failed)?;
    Ok(())
}

/// This month's goal sheet of every planned rep, set on the 2nd through
/// the sheet service: it takes up the goals above as they are.
fn write_sheets(
    conn: &mut PgConnection,
    org: &Organisation,
    user_ids: &HashMap<&str, i64>,
    month: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let tz = crate::goals::sheets::tz_of(org);
    let set_on = (month + chrono::Days::new(1)).min(today);
    let set_at = super::history::local_instant(set_on, tz).min(chrono::Utc::now());
    for (local, target, _, _) in PLAN {
        let Some(&user) = user_ids.get(local) else {
            continue;
        };
        let rep = User::find(conn, user)?;
        let input = crate::goals::sheets::SheetInput {
            signup_goal: Decimal::from(SIGNUP_TARGET),
            revenue_goal: target,
            bonus_tier_goal: 2,
        };
        crate::goals::sheets::set_sheet(
            conn,
            &rep,
            org,
            month.year(),
            month.month(),
            &input,
            set_at,
        )
        .map_err(|e| anyhow::anyhow!("demo goal sheet of {local}: {e}"))?;
    }
    Ok(())
}
