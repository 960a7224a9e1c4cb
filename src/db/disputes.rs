//! Disputes of ledger lines: the row, opening one, its forward-only steps
//! (migration 000027's trigger holds them), the lists, and the adjustment
//! lines written for a line's disputes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::commissions::Entry;
use super::schema::{commission_disputes, commission_entries, users};
use crate::domain::dispute::DisputeStatus;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = commission_disputes)]
pub struct Dispute {
    pub id: i64,
    pub entry_id: i64,
    pub partner_id: i64,
    pub reason: String,
    pub expected_amount: Option<Decimal>,
    pub status: DisputeStatus,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub resolved_amount: Option<Decimal>,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = commission_disputes)]
pub struct NewDispute {
    pub entry_id: i64,
    pub partner_id: i64,
    pub reason: String,
    pub expected_amount: Option<Decimal>,
}

/// The partial unique index: one open (or answered) dispute per line.
pub const ONE_OPEN_KEY: &str = "commission_disputes_one_open_key";

/// A dispute with its line and its partner's name, as lists show it.
#[derive(Queryable, Debug, Clone)]
pub struct DisputeRow {
    pub dispute: Dispute,
    pub line: Entry,
    pub partner_name: String,
}

/// Which disputes to list; `None` leaves a filter out.
pub struct DisputeFilter {
    pub partner_id: Option<i64>,
    pub status: Option<DisputeStatus>,
    pub limit: i64,
    pub offset: i64,
}

impl Dispute {
    pub fn insert(conn: &mut PgConnection, new: &NewDispute) -> QueryResult<Dispute> {
        diesel::insert_into(commission_disputes::table)
            .values(new)
            .returning(Dispute::as_returning())
            .get_result(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Dispute> {
        commission_disputes::table
            .find(id)
            .select(Dispute::as_select())
            .first(conn)
    }

    /// The dispute, locked until the transaction ends: one step at a time.
    pub fn lock(conn: &mut PgConnection, id: i64) -> QueryResult<Dispute> {
        commission_disputes::table
            .find(id)
            .select(Dispute::as_select())
            .for_update()
            .first(conn)
    }

    /// Newest first, with their lines and partners.
    pub fn list(conn: &mut PgConnection, filter: &DisputeFilter) -> QueryResult<Vec<DisputeRow>> {
        let mut query = commission_disputes::table
            .inner_join(commission_entries::table)
            .inner_join(users::table)
            .select((Dispute::as_select(), Entry::as_select(), users::name))
            .into_boxed();
        if let Some(partner) = filter.partner_id {
            query = query.filter(commission_disputes::partner_id.eq(partner));
        }
        if let Some(status) = filter.status {
            query = query.filter(commission_disputes::status.eq(status));
        }
        query
            .order(commission_disputes::id.desc())
            .limit(filter.limit)
            .offset(filter.offset)
            .load(conn)
    }

    /// How many disputes stand at each status (the queue's filter counts).
    pub fn counts(conn: &mut PgConnection) -> QueryResult<Vec<(DisputeStatus, i64)>> {
        commission_disputes::table
            .group_by(commission_disputes::status)
            .select((commission_disputes::status, diesel::dsl::count_star()))
            .load(conn)
    }

    /// Records the answer (only while open): stamped with `by` and the
    /// transaction's time.
    pub fn answer(
        conn: &mut PgConnection,
        id: i64,
        answer: &str,
        by: i64,
    ) -> QueryResult<Option<Dispute>> {
        diesel::update(
            commission_disputes::table
                .filter(commission_disputes::id.eq(id))
                .filter(commission_disputes::status.eq(DisputeStatus::Open)),
        )
        .set((
            commission_disputes::status.eq(DisputeStatus::Answered),
            commission_disputes::answer.eq(Some(answer)),
            commission_disputes::answered_by.eq(Some(by)),
            commission_disputes::answered_at.eq(now()),
        ))
        .returning(Dispute::as_returning())
        .get_result(conn)
        .optional()
    }

    /// Closes the dispute (only while open or answered) as `to`, with why
    /// and, when resolved, what the line should pay.
    pub fn close(
        conn: &mut PgConnection,
        id: i64,
        to: DisputeStatus,
        resolution: &str,
        resolved_amount: Option<Decimal>,
        by: i64,
    ) -> QueryResult<Option<Dispute>> {
        diesel::update(
            commission_disputes::table
                .filter(commission_disputes::id.eq(id))
                .filter(
                    commission_disputes::status
                        .eq_any([DisputeStatus::Open, DisputeStatus::Answered]),
                ),
        )
        .set((
            commission_disputes::status.eq(to),
            commission_disputes::resolution.eq(Some(resolution)),
            commission_disputes::resolved_amount.eq(resolved_amount),
            commission_disputes::closed_by.eq(Some(by)),
            commission_disputes::closed_at.eq(now()),
        ))
        .returning(Dispute::as_returning())
        .get_result(conn)
        .optional()
    }
}

fn now()
-> diesel::expression::SqlLiteral<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>> {
    diesel::dsl::sql("now()")
}

/// The adjustment lines written for disputes of ledger line `entry_id`
/// (not their reversals), oldest first.
pub fn adjustments_of_line(conn: &mut PgConnection, entry_id: i64) -> QueryResult<Vec<Entry>> {
    let disputes = commission_disputes::table
        .filter(commission_disputes::entry_id.eq(entry_id))
        .select(commission_disputes::id);
    commission_entries::table
        .filter(commission_entries::dispute_id.eq_any(disputes.nullable()))
        .select(Entry::as_select())
        .order(commission_entries::id)
        .load(conn)
}

/// The adjustment line each of these disputes wrote, by dispute.
pub fn adjustments_of(conn: &mut PgConnection, dispute_ids: &[i64]) -> QueryResult<Vec<Entry>> {
    commission_entries::table
        .filter(commission_entries::dispute_id.eq_any(dispute_ids.iter().map(|&id| Some(id))))
        .select(Entry::as_select())
        .load(conn)
}

/// The open or answered dispute of each of these lines, by line.
pub fn open_on(conn: &mut PgConnection, entry_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    commission_disputes::table
        .filter(commission_disputes::entry_id.eq_any(entry_ids))
        .filter(commission_disputes::status.eq_any([DisputeStatus::Open, DisputeStatus::Answered]))
        .select((commission_disputes::entry_id, commission_disputes::id))
        .load(conn)
}

/// Appends the adjustment line of dispute `dispute_id` on `line`: the same
/// recipient, sale, level and plan, `amount` up or down. Its rate and base
/// are zero: the amount is what the resolution settled, not a rate of a
/// base.
pub fn append_adjustment(
    conn: &mut PgConnection,
    line: &Entry,
    dispute_id: i64,
    amount: Decimal,
) -> QueryResult<Entry> {
    diesel::insert_into(commission_entries::table)
        .values((
            commission_entries::sale_id.eq(line.sale_id),
            commission_entries::recipient_id.eq(line.recipient_id),
            commission_entries::kind.eq(ADJUSTMENT),
            commission_entries::level.eq(line.level),
            commission_entries::rate.eq(Decimal::ZERO),
            commission_entries::base.eq(Decimal::ZERO),
            commission_entries::amount.eq(amount),
            commission_entries::plan_id.eq(line.plan_id),
            commission_entries::plan_version.eq(line.plan_version),
            commission_entries::dispute_id.eq(Some(dispute_id)),
        ))
        .returning(Entry::as_returning())
        .get_result(conn)
}

/// The ledger kind of a dispute's adjustment line.
pub const ADJUSTMENT: &str = "adjustment";
