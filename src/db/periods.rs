//! Stored periods: created on demand for any date, or as custom ranges.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::schema::periods;
use crate::domain::period::{Period, PeriodKind};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = periods)]
pub struct PeriodRow {
    pub id: i64,
    pub kind: PeriodKind,
    pub name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PeriodRow {
    pub fn period(&self) -> Period {
        Period {
            kind: self.kind,
            start: self.start_date,
            end: self.end_date,
        }
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<PeriodRow> {
        periods::table
            .find(id)
            .select(PeriodRow::as_select())
            .first(conn)
    }

    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<PeriodRow>> {
        periods::table
            .select(PeriodRow::as_select())
            .order((periods::start_date.desc(), periods::end_date))
            .load(conn)
    }

    /// The periods with these ids.
    pub fn by_ids(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<PeriodRow>> {
        periods::table
            .filter(periods::id.eq_any(ids))
            .select(PeriodRow::as_select())
            .load(conn)
    }

    /// Inserts `period`; a period of the same kind and dates violates
    /// `periods_kind_range_key`.
    pub fn insert(conn: &mut PgConnection, period: &Period, name: &str) -> QueryResult<PeriodRow> {
        diesel::insert_into(periods::table)
            .values((
                periods::kind.eq(period.kind),
                periods::name.eq(name),
                periods::start_date.eq(period.start),
                periods::end_date.eq(period.end),
            ))
            .returning(PeriodRow::as_returning())
            .get_result(conn)
    }

    /// The stored row of `period`, created if it does not exist yet.
    pub fn ensure(conn: &mut PgConnection, period: &Period, name: &str) -> QueryResult<PeriodRow> {
        let find = |conn: &mut PgConnection| {
            periods::table
                .filter(periods::kind.eq(period.kind))
                .filter(periods::start_date.eq(period.start))
                .filter(periods::end_date.eq(period.end))
                .select(PeriodRow::as_select())
                .first(conn)
                .optional()
        };
        if let Some(row) = find(conn)? {
            return Ok(row);
        }
        diesel::insert_into(periods::table)
            .values((
                periods::kind.eq(period.kind),
                periods::name.eq(name),
                periods::start_date.eq(period.start),
                periods::end_date.eq(period.end),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
        find(conn)?.ok_or(diesel::result::Error::NotFound)
    }

    /// The month, quarter or year holding `date`, created on demand.
    pub fn containing(
        conn: &mut PgConnection,
        kind: PeriodKind,
        date: NaiveDate,
        fiscal_start_month: u32,
    ) -> QueryResult<PeriodRow> {
        let period = Period::containing(kind, date, fiscal_start_month)
            .unwrap_or_else(|| Period::month_containing(date));
        Self::ensure(conn, &period, &period.label(fiscal_start_month))
    }
}
