//! Payout rules (one row), payout runs, their lines per partner and the
//! items that settle ledger lines. Lines and items are append-only; a run
//! only moves forward (the triggers of migration 000022 hold both).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Numeric, Timestamptz};
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::{payout_items, payout_lines, payout_runs, payout_settings, users};
use crate::domain::payout::{OpenLine, PayoutStatus};

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = payout_settings)]
pub struct PayoutSettings {
    pub minimum_amount: Decimal,
    pub holdback_days: i32,
    pub updated_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

impl PayoutSettings {
    pub fn get(conn: &mut PgConnection) -> QueryResult<PayoutSettings> {
        payout_settings::table
            .select(PayoutSettings::as_select())
            .first(conn)
    }

    pub fn lock(conn: &mut PgConnection) -> QueryResult<PayoutSettings> {
        payout_settings::table
            .select(PayoutSettings::as_select())
            .for_update()
            .first(conn)
    }

    pub fn save(
        conn: &mut PgConnection,
        minimum: Decimal,
        holdback_days: i32,
        by: i64,
    ) -> QueryResult<PayoutSettings> {
        diesel::update(payout_settings::table)
            .set((
                payout_settings::minimum_amount.eq(minimum),
                payout_settings::holdback_days.eq(holdback_days),
                payout_settings::updated_by.eq(Some(by)),
            ))
            .returning(PayoutSettings::as_returning())
            .get_result(conn)
    }
}

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = payout_runs)]
pub struct PayoutRun {
    pub id: i64,
    pub month: NaiveDate,
    pub status: PayoutStatus,
    pub minimum_amount: Decimal,
    pub holdback_days: i32,
    pub cutoff_at: DateTime<Utc>,
    pub total: Decimal,
    pub currency_code: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub approved_by: Option<i64>,
    pub approved_at: Option<DateTime<Utc>>,
    pub paid_by: Option<i64>,
    pub paid_at: Option<DateTime<Utc>>,
    pub discarded_by: Option<i64>,
    pub discarded_at: Option<DateTime<Utc>>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = payout_runs)]
pub struct NewPayoutRun {
    pub month: NaiveDate,
    pub minimum_amount: Decimal,
    pub holdback_days: i32,
    pub cutoff_at: DateTime<Utc>,
    pub total: Decimal,
    pub currency_code: String,
    pub created_by: i64,
}

impl PayoutRun {
    pub fn insert(conn: &mut PgConnection, run: &NewPayoutRun) -> QueryResult<PayoutRun> {
        diesel::insert_into(payout_runs::table)
            .values(run)
            .returning(PayoutRun::as_returning())
            .get_result(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<PayoutRun> {
        payout_runs::table
            .find(id)
            .select(PayoutRun::as_select())
            .first(conn)
    }

    /// Newest first.
    pub fn list(conn: &mut PgConnection, limit: i64, offset: i64) -> QueryResult<Vec<PayoutRun>> {
        payout_runs::table
            .select(PayoutRun::as_select())
            .order(payout_runs::id.desc())
            .limit(limit)
            .offset(offset)
            .load(conn)
    }

    /// Moves the run from `from` to the next status, stamped with `by` and
    /// the transaction's time, only if it still stands at `from`: of two
    /// callers at once, exactly one gets the row back.
    pub fn advance(
        conn: &mut PgConnection,
        id: i64,
        from: PayoutStatus,
        by: i64,
    ) -> QueryResult<Option<PayoutRun>> {
        let now = || diesel::dsl::sql::<diesel::sql_types::Nullable<Timestamptz>>("now()");
        let target = payout_runs::table
            .filter(payout_runs::id.eq(id))
            .filter(payout_runs::status.eq(from));
        match from {
            PayoutStatus::Draft => diesel::update(target)
                .set((
                    payout_runs::status.eq(PayoutStatus::Approved),
                    payout_runs::approved_by.eq(Some(by)),
                    payout_runs::approved_at.eq(now()),
                ))
                .returning(PayoutRun::as_returning())
                .get_result(conn)
                .optional(),
            PayoutStatus::Approved => diesel::update(target)
                .set((
                    payout_runs::status.eq(PayoutStatus::Paid),
                    payout_runs::paid_by.eq(Some(by)),
                    payout_runs::paid_at.eq(now()),
                ))
                .returning(PayoutRun::as_returning())
                .get_result(conn)
                .optional(),
            PayoutStatus::Paid | PayoutStatus::Discarded => Ok(None),
        }
    }

    /// Discards the run if it is still a draft (of two callers at once,
    /// one gets the row back) and releases the ledger lines it settled.
    pub fn discard(conn: &mut PgConnection, id: i64, by: i64) -> QueryResult<Option<PayoutRun>> {
        let now = diesel::dsl::sql::<diesel::sql_types::Nullable<Timestamptz>>("now()");
        let run = diesel::update(
            payout_runs::table
                .filter(payout_runs::id.eq(id))
                .filter(payout_runs::status.eq(PayoutStatus::Draft)),
        )
        .set((
            payout_runs::status.eq(PayoutStatus::Discarded),
            payout_runs::discarded_by.eq(Some(by)),
            payout_runs::discarded_at.eq(now),
        ))
        .returning(PayoutRun::as_returning())
        .get_result(conn)
        .optional()?;
        if run.is_some() {
            let lines = payout_lines::table
                .filter(payout_lines::run_id.eq(id))
                .select(payout_lines::id);
            diesel::delete(payout_items::table.filter(payout_items::payout_line_id.eq_any(lines)))
                .execute(conn)?;
        }
        Ok(run)
    }
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = payout_lines)]
pub struct PayoutLine {
    pub id: i64,
    pub run_id: i64,
    pub partner_id: i64,
    pub earned: Decimal,
    pub recovered: Decimal,
    pub amount: Decimal,
    pub line_count: i32,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = payout_lines)]
pub struct NewPayoutLine {
    pub run_id: i64,
    pub partner_id: i64,
    pub earned: Decimal,
    pub recovered: Decimal,
    pub amount: Decimal,
    pub line_count: i32,
}

/// A payout line with its partner's name and email, as pages and exports
/// show it.
#[derive(Queryable, Debug, Clone, Serialize)]
pub struct NamedPayoutLine {
    #[diesel(embed)]
    pub line: PayoutLine,
    pub partner_name: String,
    pub partner_email: String,
}

impl PayoutLine {
    pub fn insert(conn: &mut PgConnection, line: &NewPayoutLine) -> QueryResult<PayoutLine> {
        diesel::insert_into(payout_lines::table)
            .values(line)
            .returning(PayoutLine::as_returning())
            .get_result(conn)
    }

    /// Settles the ledger lines `entry_ids` by this payout line, copying
    /// their amounts. A line settled before fails the primary key.
    pub fn settle(conn: &mut PgConnection, line_id: i64, entry_ids: &[i64]) -> QueryResult<usize> {
        diesel::sql_query(
            "INSERT INTO payout_items (entry_id, payout_line_id, amount)
             SELECT e.id, $2, e.amount FROM commission_entries e WHERE e.id = ANY($1)",
        )
        .bind::<Array<BigInt>, _>(entry_ids)
        .bind::<BigInt, _>(line_id)
        .execute(conn)
    }

    /// A run's lines by partner name.
    pub fn of_run(conn: &mut PgConnection, run_id: i64) -> QueryResult<Vec<NamedPayoutLine>> {
        payout_lines::table
            .inner_join(users::table)
            .filter(payout_lines::run_id.eq(run_id))
            .select((PayoutLine::as_select(), users::name, users::email))
            .order((users::name, payout_lines::id))
            .load(conn)
    }

    /// A partner's lines of paid runs, with when each was paid.
    pub fn paid_to(
        conn: &mut PgConnection,
        partner_id: i64,
    ) -> QueryResult<Vec<(PayoutLine, DateTime<Utc>)>> {
        let rows: Vec<(PayoutLine, Option<DateTime<Utc>>)> = payout_lines::table
            .inner_join(payout_runs::table)
            .filter(payout_lines::partner_id.eq(partner_id))
            .filter(payout_runs::status.eq(PayoutStatus::Paid))
            .select((PayoutLine::as_select(), payout_runs::paid_at))
            .order(payout_runs::paid_at)
            .load(conn)?;
        Ok(rows
            .into_iter()
            .filter_map(|(line, at)| Some((line, at?)))
            .collect())
    }
}

#[derive(QueryableByName)]
struct OpenRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    recipient_id: i64,
    #[diesel(sql_type = Numeric)]
    amount: Decimal,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

/// Every ledger line no payout has settled that a run cut off at `cutoff`
/// could settle: all negative ones, positive ones written before it.
pub fn open_lines(conn: &mut PgConnection, cutoff: DateTime<Utc>) -> QueryResult<Vec<OpenLine>> {
    let rows: Vec<OpenRow> = diesel::sql_query(
        "SELECT e.id, e.recipient_id, e.amount, e.created_at
         FROM commission_entries e
         WHERE (e.amount < 0 OR e.created_at < $1)
           AND NOT EXISTS (SELECT 1 FROM payout_items i WHERE i.entry_id = e.id)
         ORDER BY e.id",
    )
    .bind::<Timestamptz, _>(cutoff)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| OpenLine {
            entry_id: r.id,
            partner_id: r.recipient_id,
            amount: r.amount,
            written_at: r.created_at,
        })
        .collect())
}

/// Which of these ledger lines are settled, and by which run.
pub fn settled_by(conn: &mut PgConnection, entry_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    payout_items::table
        .inner_join(payout_lines::table)
        .filter(payout_items::entry_id.eq_any(entry_ids))
        .select((payout_items::entry_id, payout_lines::run_id))
        .load(conn)
}
