//! The demo's past, so that boards and charts have something to show: a
//! monthly goal sheet (signups and revenue) over the last twelve months and
//! this one for every active rep the bonus plan (`super::rewards`) left
//! without goals, a day-by-day record of their revenue and signups up to
//! today, the teams' and the company's monthly goals over everyone's, the
//! achievements the jobs would have recorded, and the goal snapshots of
//! every day that has ended. Deterministic: the same people get the same
//! numbers on every machine (dates follow the clock).

use anyhow::Context;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc, Weekday};
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashMap;

use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::role::Role;
use crate::goals::sheets::SheetInput;

use super::{PARTNER_TIERS, PARTNER_TYPES, PEOPLE, Person, TeamKey};

mod events;
mod shared_goals;
use events::write_events;
use shared_goals::write_longer_goals;
use shared_goals::write_shared_goals;

/// Months of history before the current one.
const MONTHS_BACK: u32 = 12;

/// Reps who have not set this month's sheet yet (the compliance page and
/// the reminders have someone to chase).
const LATE_THIS_MONTH: [&str; 3] = ["yejun.lim", "hyejin.song", "taemin.oh"];

/// A small, fixed pseudo-random number from a key (splitmix64).
pub(super) fn noise(key: u64) -> u64 {
    let mut z = key.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A fraction in [0, 1) with two decimals, from a key.
fn fraction(key: u64) -> Decimal {
    Decimal::new((noise(key) % 100) as i64, 2)
}

/// A rep's monthly targets: revenue is the partner type's minimum times the
/// tier's multiplier (rounded to ₩10,000), growing 1 % a month; signups by
/// tier; the bonus tier aimed at by tier.
fn targets(person: &Person, month_index: u32) -> (Decimal, Decimal, i16) {
    let (type_code, tier_code) = person.partner.expect("reps are partners");
    let minimum = PARTNER_TYPES
        .iter()
        .find(|t| t.code == type_code)
        .map(|t| t.min_monthly_sales)
        .unwrap_or(dec!(1_000_000));
    let (rank, multiplier) = PARTNER_TIERS
        .iter()
        .find(|t| t.0 == tier_code)
        .map(|t| (t.2, t.3))
        .unwrap_or((1, Decimal::ONE));
    let growth = Decimal::ONE + Decimal::new(i64::from(month_index), 2);
    let revenue = (minimum * multiplier * growth / dec!(10000)).round() * dec!(10000);
    let signups = Decimal::from(10 + 5 * rank);
    let tier_goal = (1 + rank / 2) as i16;
    (revenue, signups, tier_goal)
}

/// How well a rep does, 0.65–1.34 of target, and how a month goes for
/// everyone (a quiet summer and new year, a strong autumn).
fn performance(rep_index: u64) -> Decimal {
    dec!(0.65) + fraction(rep_index * 7919) * dec!(0.70)
}

fn season(month: u32) -> Decimal {
    match month {
        1 | 8 => dec!(0.85),
        2 | 7 => dec!(0.92),
        9..=11 => dec!(1.08),
        12 => dec!(1.12),
        _ => Decimal::ONE,
    }
}

/// Working days (Monday–Saturday) in the month of `start`.
fn working_days(month: &Period) -> i64 {
    let mut count = 0;
    let mut day = month.start;
    while day <= month.end {
        count += i64::from(day.weekday() != Weekday::Sun);
        day = day + Days::new(1);
    }
    count
}

struct Rep<'a> {
    index: u64,
    person: &'a Person,
    user: User,
}

/// Writes the history for `today` (organisation time). Called once, inside
/// the demo's transaction, after the people and teams.
pub(super) fn write(
    conn: &mut PgConnection,
    org: &Organisation,
    user_ids: &HashMap<&str, i64>,
    team_ids: &HashMap<TeamKey, i64>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let this_month = Period::month_containing(today);
    let months: Vec<Period> = (0..=MONTHS_BACK)
        .rev()
        .map(|back| {
            let start = this_month
                .start
                .checked_sub_months(Months::new(back))
                .expect("within chrono's range");
            Period::month_containing(start)
        })
        .collect();
    let revenue = Metric::find_by_key(conn, "revenue")?.context("the revenue metric")?;
    let signups = Metric::find_by_key(conn, "signups")?.context("the signups metric")?;
    // Reps with goals already (the bonus plan's) keep the story told there.
    let planned: Vec<i64> = {
        use crate::db::schema::goals;
        goals::table
            .filter(goals::user_id.is_not_null())
            .select(goals::user_id.assume_not_null())
            .distinct()
            .load(conn)?
    };
    let reps: Vec<Rep> = PEOPLE
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role == Role::Rep && p.active)
        .filter(|(_, p)| !planned.contains(&user_ids[p.local]))
        .map(|(index, person)| {
            Ok(Rep {
                index: index as u64,
                person,
                user: User::find(conn, user_ids[person.local])?,
            })
        })
        .collect::<QueryResult<_>>()?;

    write_events(conn, &reps, &months, today, revenue.id, signups.id)?;
    let tz = crate::goals::sheets::tz_of(org);
    let fiscal = org.fiscal_start_month();
    for (month_index, month) in months.iter().enumerate() {
        for rep in &reps {
            if month.start == this_month.start && LATE_THIS_MONTH.contains(&rep.person.local) {
                continue;
            }
            let (revenue_goal, signup_goal, bonus_tier_goal) =
                targets(rep.person, month_index as u32);
            // Most set their sheet on the 3rd; one in seven on the 8th, late.
            let late = noise(rep.index * 31 + month_index as u64).is_multiple_of(7);
            let set_on = month.start + Days::new(if late { 7 } else { 2 });
            let set_at = local_instant(set_on.min(today), tz);
            crate::goals::sheets::set_sheet(
                conn,
                &rep.user,
                org,
                month.start.year(),
                month.start.month(),
                &SheetInput {
                    signup_goal,
                    revenue_goal,
                    bonus_tier_goal,
                },
                set_at,
            )
            .map_err(|e| anyhow::anyhow!("demo goal sheet of {}: {e}", rep.person.local))?;
        }
        let period = PeriodRow::containing(conn, PeriodKind::Month, month.start, fiscal)?;
        write_shared_goals(
            conn,
            period.id,
            team_ids,
            user_ids[super::ADMIN],
            &revenue,
            &signups,
        )?;
    }
    write_longer_goals(
        conn,
        today,
        fiscal,
        team_ids,
        user_ids[super::ADMIN],
        &revenue,
        &signups,
    )?;
    // What the jobs and each event's transaction would have done by now.
    crate::goals::lifecycle::close_ended(conn, today)?;
    for rep in &reps {
        crate::goals::lifecycle::complete_reached(
            conn,
            rep.user.id,
            &[revenue.id, signups.id],
            today,
        )?;
    }
    let yesterday = today - Days::new(1);
    crate::goals::snapshots::backfill(conn, months[0].start, yesterday)?;
    Ok(())
}

/// 10:00 on `day` in the organisation's time zone.
pub(super) fn local_instant(day: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    use chrono::TimeZone;
    let local = day.and_hms_opt(10, 0, 0).expect("a valid time");
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_follow_the_partner_type_and_tier() {
        let doyun = PEOPLE
            .iter()
            .find(|p| p.local == super::super::SIGN_IN_REP)
            .unwrap();
        // Distributor (₩3,000,000) × gold (1.5), then 1 % a month.
        assert_eq!(targets(doyun, 0), (dec!(4_500_000), dec!(25), 2));
        assert_eq!(targets(doyun, 12).0, dec!(5_040_000));
    }

    #[test]
    fn performance_stays_within_its_band() {
        for index in 0..100 {
            let p = performance(index);
            assert!((dec!(0.65)..dec!(1.35)).contains(&p), "{p}");
        }
    }
}
