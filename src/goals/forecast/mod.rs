//! Forecasts of goals from their owners' daily history (the pure rules are
//! `domain::forecast`): loading the history and the backtest that checks the
//! forecasts against what happened.

pub mod backtest;
pub mod benchmark;
pub mod job;

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Numeric};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::forecast::{HISTORY_WEEKS, History};

/// Amounts are simulated in hundredths (events are NUMERIC(18, 2)).
pub const SCALE: u32 = 2;

/// `amount` in hundredths.
pub fn units(amount: Decimal) -> i64 {
    (amount * Decimal::from(100))
        .trunc()
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// Hundredths back to an amount.
pub fn amount(units: i64) -> Decimal {
    Decimal::new(units, SCALE)
}

/// Each (user, metric)'s daily sums, in hundredths.
#[derive(Debug, Default)]
pub struct Daily {
    days: HashMap<(i64, i64), HashMap<NaiveDate, i64>>,
}

#[derive(QueryableByName)]
struct DayRow {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Numeric)]
    total: Decimal,
}

impl Daily {
    /// The daily sums of `users` from `from` through `to`, in one statement
    /// (from the day totals the events keep, `db::totals`).
    pub fn load(
        conn: &mut PgConnection,
        users: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> QueryResult<Daily> {
        let rows: Vec<DayRow> = diesel::sql_query(
            "SELECT user_id, metric_id, day, sum(total) AS total
             FROM metric_day_totals
             WHERE user_id = ANY($1) AND day BETWEEN $2 AND $3
             GROUP BY user_id, metric_id, day",
        )
        .bind::<Array<BigInt>, _>(users)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .load(conn)?;
        let mut daily = Daily::default();
        for row in rows {
            daily
                .days
                .entry((row.user_id, row.metric_id))
                .or_default()
                .insert(row.day, units(row.total));
        }
        Ok(daily)
    }

    /// One day's sum.
    pub fn on(&self, user: i64, metric: i64, day: NaiveDate) -> i64 {
        self.days
            .get(&(user, metric))
            .and_then(|d| d.get(&day))
            .copied()
            .unwrap_or(0)
    }

    /// The sum from `from` through `to`.
    pub fn between(&self, user: i64, metric: i64, from: NaiveDate, to: NaiveDate) -> i64 {
        from.iter_days()
            .take_while(|d| *d <= to)
            .map(|d| self.on(user, metric, d))
            .sum()
    }

    /// The history window ending on `last`: `HISTORY_WEEKS` weeks, a day
    /// without events counting as nothing sold.
    pub fn history(&self, user: i64, metric: i64, last: NaiveDate) -> History {
        let first = last - chrono::Days::new(HISTORY_WEEKS as u64 * 7 - 1);
        let values: Vec<i64> = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|d| self.on(user, metric, d))
            .collect();
        History::new(first, &values)
    }
}
