//! Metric events: the facts every actual is summed from. The sums read
//! `metric_day_totals` (each person's total per metric, day and source,
//! kept by triggers in the same transaction as the facts; see
//! [`crate::db::totals`]), which adds up to the same figures in fewer rows.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sum;
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::{metric_day_totals, metric_events, users};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = metric_events)]
pub struct MetricEvent {
    pub id: i64,
    pub user_id: i64,
    pub metric_id: i64,
    pub value: Decimal,
    pub occurred_on: NaiveDate,
    pub source: String,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// Why a negative fact corrects an earlier one (`domain::correction`).
    pub correction_reason: Option<String>,
}

#[derive(Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = metric_events)]
pub struct NewMetricEvent {
    pub user_id: i64,
    pub metric_id: i64,
    pub value: Decimal,
    pub occurred_on: NaiveDate,
    /// manual | import | api | sale | system
    pub source: String,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    /// Set exactly on a typed negative fact (`domain::correction`).
    pub correction_reason: Option<String>,
}

/// Rows per INSERT (10 parameters each, well under PostgreSQL's 65,535).
const INSERT_CHUNK: usize = 1_000;

/// Whose events count: one person, some people, or everyone.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    User(i64),
    Users(&'a [i64]),
    Everyone,
}

impl MetricEvent {
    /// Records an event. With an external reference already recorded, nothing
    /// is written and `None` comes back: a re-import never counts twice.
    pub fn record(
        conn: &mut PgConnection,
        event: &NewMetricEvent,
    ) -> QueryResult<Option<MetricEvent>> {
        diesel::insert_into(metric_events::table)
            .values(event)
            .on_conflict_do_nothing()
            .returning(MetricEvent::as_returning())
            .get_result(conn)
            .optional()
    }

    /// Records events in chunks of [`INSERT_CHUNK`] rows per statement; an
    /// external reference already recorded is skipped by its unique index.
    /// Returns the rows written.
    pub fn record_many(
        conn: &mut PgConnection,
        events: &[NewMetricEvent],
    ) -> QueryResult<Vec<MetricEvent>> {
        let mut written = Vec::with_capacity(events.len());
        for chunk in events.chunks(INSERT_CHUNK) {
            written.extend(
                diesel::insert_into(metric_events::table)
                    .values(chunk)
                    .on_conflict_do_nothing()
                    .returning(MetricEvent::as_returning())
                    .get_results(conn)?,
            );
        }
        Ok(written)
    }

    /// The event recorded under an external reference.
    pub fn by_external_ref(
        conn: &mut PgConnection,
        external_ref: &str,
    ) -> QueryResult<Option<MetricEvent>> {
        metric_events::table
            .filter(metric_events::external_ref.eq(external_ref))
            .select(MetricEvent::as_select())
            .first(conn)
            .optional()
    }

    /// A person's running total of one metric over all time (what
    /// `domain::number::check_total` bounds), from the day totals.
    pub fn person_total(
        conn: &mut PgConnection,
        user_id: i64,
        metric_id: i64,
    ) -> QueryResult<Decimal> {
        metric_day_totals::table
            .filter(metric_day_totals::user_id.eq(user_id))
            .filter(metric_day_totals::metric_id.eq(metric_id))
            .select(sum(metric_day_totals::total))
            .first::<Option<Decimal>>(conn)
            .map(Option::unwrap_or_default)
    }

    /// Every person's running total of every metric, for the pairs given
    /// (the CSV import checks a whole file with it).
    pub fn person_totals(
        conn: &mut PgConnection,
        user_ids: &[i64],
        metric_ids: &[i64],
    ) -> QueryResult<HashMap<(i64, i64), Decimal>> {
        let rows: Vec<(i64, i64, Option<Decimal>)> = metric_day_totals::table
            .filter(metric_day_totals::user_id.eq_any(user_ids))
            .filter(metric_day_totals::metric_id.eq_any(metric_ids))
            .group_by((metric_day_totals::user_id, metric_day_totals::metric_id))
            .select((
                metric_day_totals::user_id,
                metric_day_totals::metric_id,
                sum(metric_day_totals::total),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(u, m, total)| ((u, m), total.unwrap_or_default()))
            .collect())
    }

    /// Which of `refs` are already recorded.
    pub fn existing_refs(conn: &mut PgConnection, refs: &[String]) -> QueryResult<Vec<String>> {
        metric_events::table
            .filter(metric_events::external_ref.eq_any(refs))
            .select(metric_events::external_ref.assume_not_null())
            .load(conn)
    }

    /// The sum of one metric over a date range for a scope.
    pub fn total(
        conn: &mut PgConnection,
        scope: Scope,
        metric_id: i64,
        from: NaiveDate,
        through: NaiveDate,
    ) -> QueryResult<Decimal> {
        let mut query = metric_day_totals::table
            .filter(metric_day_totals::metric_id.eq(metric_id))
            .filter(metric_day_totals::day.between(from, through))
            .select(sum(metric_day_totals::total))
            .into_boxed();
        query = match scope {
            Scope::User(id) => query.filter(metric_day_totals::user_id.eq(id)),
            Scope::Users(ids) => query.filter(metric_day_totals::user_id.eq_any(ids.to_vec())),
            Scope::Everyone => query,
        };
        Ok(query.first::<Option<Decimal>>(conn)?.unwrap_or_default())
    }

    /// Per-user sums of one metric over a date range (set-based: one query
    /// for a whole leaderboard or team).
    pub fn totals_by_user(
        conn: &mut PgConnection,
        scope: Scope,
        metric_id: i64,
        from: NaiveDate,
        through: NaiveDate,
    ) -> QueryResult<HashMap<i64, Decimal>> {
        let mut query = metric_day_totals::table
            .filter(metric_day_totals::metric_id.eq(metric_id))
            .filter(metric_day_totals::day.between(from, through))
            .group_by(metric_day_totals::user_id)
            .select((metric_day_totals::user_id, sum(metric_day_totals::total)))
            .into_boxed();
        query = match scope {
            Scope::User(id) => query.filter(metric_day_totals::user_id.eq(id)),
            Scope::Users(ids) => query.filter(metric_day_totals::user_id.eq_any(ids.to_vec())),
            Scope::Everyone => query,
        };
        let rows: Vec<(i64, Option<Decimal>)> = query.load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(user, total)| (user, total.unwrap_or_default()))
            .collect())
    }

    /// The newest events of a scope and metric inside a range, with the
    /// person's name.
    pub fn recent(
        conn: &mut PgConnection,
        scope: Scope,
        metric_id: i64,
        from: NaiveDate,
        through: NaiveDate,
        limit: i64,
    ) -> QueryResult<Vec<(MetricEvent, String)>> {
        let mut query = metric_events::table
            .inner_join(users::table.on(users::id.eq(metric_events::user_id)))
            .filter(metric_events::metric_id.eq(metric_id))
            .filter(metric_events::occurred_on.between(from, through))
            .select((MetricEvent::as_select(), users::name))
            .order((metric_events::occurred_on.desc(), metric_events::id.desc()))
            .limit(limit)
            .into_boxed();
        query = match scope {
            Scope::User(id) => query.filter(metric_events::user_id.eq(id)),
            Scope::Users(ids) => query.filter(metric_events::user_id.eq_any(ids.to_vec())),
            Scope::Everyone => query,
        };
        query.load(conn)
    }

    /// Day-by-day sums, for charts and milestone dates.
    /// The sum of a metric's events per source (manual, import, api, sale,
    /// system) over a date range and scope.
    pub fn totals_by_source(
        conn: &mut PgConnection,
        scope: Scope,
        metric_id: i64,
        from: NaiveDate,
        through: NaiveDate,
    ) -> QueryResult<Vec<(String, Decimal)>> {
        let mut query = metric_day_totals::table
            .filter(metric_day_totals::metric_id.eq(metric_id))
            .filter(metric_day_totals::day.between(from, through))
            .group_by(metric_day_totals::source)
            .select((metric_day_totals::source, sum(metric_day_totals::total)))
            .order(metric_day_totals::source)
            .into_boxed();
        query = match scope {
            Scope::User(id) => query.filter(metric_day_totals::user_id.eq(id)),
            Scope::Users(ids) => query.filter(metric_day_totals::user_id.eq_any(ids.to_vec())),
            Scope::Everyone => query,
        };
        let rows: Vec<(String, Option<Decimal>)> = query.load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(source, total)| (source, total.unwrap_or_default()))
            .collect())
    }

    pub fn daily(
        conn: &mut PgConnection,
        scope: Scope,
        metric_id: i64,
        from: NaiveDate,
        through: NaiveDate,
    ) -> QueryResult<Vec<(NaiveDate, Decimal)>> {
        let mut query = metric_day_totals::table
            .filter(metric_day_totals::metric_id.eq(metric_id))
            .filter(metric_day_totals::day.between(from, through))
            .group_by(metric_day_totals::day)
            .select((metric_day_totals::day, sum(metric_day_totals::total)))
            .order(metric_day_totals::day)
            .into_boxed();
        query = match scope {
            Scope::User(id) => query.filter(metric_day_totals::user_id.eq(id)),
            Scope::Users(ids) => query.filter(metric_day_totals::user_id.eq_any(ids.to_vec())),
            Scope::Everyone => query,
        };
        let rows: Vec<(NaiveDate, Option<Decimal>)> = query.load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(day, total)| (day, total.unwrap_or_default()))
            .collect())
    }
}
