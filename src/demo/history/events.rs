//! The reps' revenue and signups, day by day, in one statement.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Numeric, Text};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::domain::period::Period;

use super::{Rep, fraction, noise, performance, season, targets, working_days};

/// Every rep's revenue and signups, day by day from the first month through
/// today (half a day's worth today), in one statement. References
/// `demo:USER:METRIC:DAY` keep them apart from real imports.
pub(super) fn write_events(
    conn: &mut PgConnection,
    reps: &[Rep],
    months: &[Period],
    today: NaiveDate,
    revenue: i64,
    signups: i64,
) -> QueryResult<()> {
    let (mut users, mut metrics, mut values, mut days, mut refs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (month_index, month) in months.iter().enumerate() {
        let working = Decimal::from(working_days(month));
        let mut day = month.start;
        while day <= month.end.min(today) {
            if day.weekday() == Weekday::Sun {
                day = day + Days::new(1);
                continue;
            }
            let share = if day == today {
                dec!(0.5)
            } else {
                Decimal::ONE
            };
            for rep in reps {
                let (revenue_target, signup_target, _) = targets(rep.person, month_index as u32);
                let pace = performance(rep.index) * season(month.start.month()) * share;
                let key = rep.index * 1_000_003 + day.num_days_from_ce() as u64;
                // Revenue on about three days in four, in round thousands.
                if !noise(key).is_multiple_of(4) {
                    let swing = dec!(0.40) + fraction(key ^ 0xA5A5) * dec!(1.40);
                    let amount = revenue_target * pace * swing / working * dec!(4) / dec!(3);
                    let amount = (amount / dec!(1000)).round() * dec!(1000);
                    if amount > Decimal::ZERO {
                        users.push(rep.user.id);
                        metrics.push(revenue);
                        values.push(amount);
                        days.push(day);
                        refs.push(format!("demo:{}:revenue:{day}", rep.user.id));
                    }
                }
                // Signups: the expected count a day, rounded by chance.
                let expected = signup_target * pace / working;
                let whole = expected.trunc();
                let count =
                    whole + Decimal::from(i64::from(fraction(key ^ 0x5A5A) < expected - whole));
                if count > Decimal::ZERO {
                    users.push(rep.user.id);
                    metrics.push(signups);
                    values.push(count);
                    days.push(day);
                    refs.push(format!("demo:{}:signups:{day}", rep.user.id));
                }
            }
            day = day + Days::new(1);
        }
    }
    diesel::sql_query(
        "INSERT INTO metric_events (user_id, metric_id, value, occurred_on, source, external_ref, note)
         SELECT u, m, v, d, 'import', r, 'Demo history'
         FROM unnest($1::bigint[], $2::bigint[], $3::numeric[], $4::date[], $5::text[]) AS t(u, m, v, d, r)
         ON CONFLICT DO NOTHING",
    )
    .bind::<Array<BigInt>, _>(users)
    .bind::<Array<BigInt>, _>(metrics)
    .bind::<Array<Numeric>, _>(values)
    .bind::<Array<Date>, _>(days)
    .bind::<Array<Text>, _>(refs)
    .execute(conn)?;
    Ok(())
}
