//! The demo's goals, bonuses and achievements: monthly revenue and signup
//! goals on the default bonus schedules for a handful of reps over the
//! last three months and this one, with the events that reach (or miss)
//! them, closed and swept for achievements like the jobs would.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::db::goals::{Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::schema::{bonus_schedules, metric_events};
use crate::domain::period::PeriodKind;

/// (rep, revenue target, attainment in each of the three past months and
/// this month so far, signups in each). Kang Do-yun keeps a three-month
/// streak; Seo Hyun-woo sells at twice a Gold target and is up for
/// promotion; the others land around their targets.
#[rustfmt::skip]
const PLAN: [(&str, Decimal, [Decimal; 4], [i64; 4]); 6] = [
    ("doyun.kang", dec!(3_000_000), [dec!(1.32), dec!(1.08), dec!(1.24), dec!(0.86)], [24, 21, 31, 14]),
    ("hyunwoo.seo", dec!(4_500_000), [dec!(1.45), dec!(1.40), dec!(1.52), dec!(0.70)], [18, 26, 22, 9]),
    ("jiwoo.cho", dec!(3_000_000), [dec!(0.92), dec!(1.05), dec!(1.01), dec!(0.55)], [16, 20, 20, 8]),
    ("seoyeon.lee", dec!(10_000_000), [dec!(1.10), dec!(0.74), dec!(1.21), dec!(1.02)], [30, 22, 41, 22]),
    ("daeun.kwon", dec!(10_000_000), [dec!(1.02), dec!(1.15), dec!(0.97), dec!(0.64)], [21, 25, 19, 11]),
    ("jaewon.park", dec!(3_000_000), [dec!(1.61), dec!(1.25), dec!(1.12), dec!(0.93)], [52, 35, 27, 17]),
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
    let today = crate::progress::org_today(&org);
    let this_month = today.with_day(1).unwrap_or(today);
    let months: Vec<NaiveDate> = (0..4).map(|i| this_month - Months::new(3 - i)).collect();
    let missing = |key: &str| anyhow::anyhow!("the built-in metric {key:?} is missing");
    let revenue = Metric::find_by_key(conn, "revenue")?.ok_or_else(|| missing("revenue"))?;
    let signups = Metric::find_by_key(conn, "signups")?.ok_or_else(|| missing("signups"))?;
    let standard = schedule(conn, "Standard attainment")?;
    let ladder = schedule(conn, "Signup ladder")?;
    let fiscal = org.fiscal_year_start_month as u32;
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
            let last_day = period.end_date.min(today);
            for (n, (day, share)) in parts.into_iter().enumerate() {
                let on = month
                    .with_day(day)
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
                metric_events::source.eq("system"),
                metric_events::note.eq("Demo activity"),
            )
        })
        .collect();
    diesel::insert_into(metric_events::table)
        .values(rows)
        .execute(conn)?;
    // As the jobs would have done by now.
    crate::goal_lifecycle::close_ended(conn, today)?;
    crate::achievements::detect_for_all(conn, today)?;
    crate::promotions::suggest(conn, today)?;
    Ok(())
}
