//! Commission plans (immutable versions) and the append-only ledger.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::{commission_entries, commission_plans};
use crate::domain::currency::MoneyScale;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = commission_plans)]
pub struct PlanRow {
    pub id: i64,
    pub version: i32,
    pub direct_rates: serde_json::Value,
    pub default_direct_rate: Decimal,
    pub upline_rates: serde_json::Value,
    pub matching_rate: Decimal,
    pub max_depth: i32,
    pub compression: bool,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = commission_plans)]
pub struct NewPlan {
    pub version: i32,
    pub direct_rates: serde_json::Value,
    pub default_direct_rate: Decimal,
    pub upline_rates: serde_json::Value,
    pub matching_rate: Decimal,
    pub max_depth: i32,
    pub compression: bool,
    pub created_by: Option<i64>,
}

impl PlanRow {
    /// The plan in force: the newest version.
    /// The current plan and the organisation's money scale, in one query:
    /// what a confirmation needs to distribute.
    pub fn current_with_money_scale(conn: &mut PgConnection) -> QueryResult<(PlanRow, MoneyScale)> {
        use super::schema::organisation;
        let (plan, minor_unit): (PlanRow, i16) = commission_plans::table
            // The organisation is a single row.
            .inner_join(organisation::table.on(organisation::id.is_not_null()))
            .select((PlanRow::as_select(), organisation::currency_minor_unit))
            .order(commission_plans::version.desc())
            .first(conn)?;
        Ok((plan, MoneyScale::from_stored(minor_unit)))
    }

    pub fn current(conn: &mut PgConnection) -> QueryResult<PlanRow> {
        commission_plans::table
            .select(PlanRow::as_select())
            .order(commission_plans::version.desc())
            .first(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<PlanRow> {
        commission_plans::table
            .find(id)
            .select(PlanRow::as_select())
            .first(conn)
    }

    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<PlanRow>> {
        commission_plans::table
            .select(PlanRow::as_select())
            .order(commission_plans::version.desc())
            .load(conn)
    }

    /// Direct rates by tier id, parsed from the stored JSON strings.
    pub fn direct_rate_map(&self) -> BTreeMap<i64, Decimal> {
        self.direct_rates
            .as_object()
            .map(|map| {
                map.iter()
                    .filter_map(|(tier, rate)| {
                        Some((tier.parse().ok()?, rate.as_str()?.parse().ok()?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Upline rates for levels 1..N.
    pub fn upline_rate_list(&self) -> Vec<Decimal> {
        self.upline_rates
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|rate| rate.as_str()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Writes a new version after the newest one.
    pub fn insert_next(conn: &mut PgConnection, mut plan: NewPlan) -> QueryResult<PlanRow> {
        let newest: Option<i32> = commission_plans::table
            .select(diesel::dsl::max(commission_plans::version))
            .first(conn)?;
        plan.version = newest.unwrap_or(0) + 1;
        diesel::insert_into(commission_plans::table)
            .values(&plan)
            .returning(PlanRow::as_returning())
            .get_result(conn)
    }
}

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = commission_entries)]
pub struct Entry {
    pub id: i64,
    pub sale_id: i64,
    pub recipient_id: i64,
    pub kind: String,
    pub level: i32,
    pub rate: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
    pub plan_id: i64,
    pub plan_version: i32,
    pub reverses_entry_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// The dispute an `adjustment` line resolves (none on any other line,
    /// nor on an adjustment's reversal).
    pub dispute_id: Option<i64>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = commission_entries)]
pub struct NewEntry {
    pub sale_id: i64,
    pub recipient_id: i64,
    pub kind: String,
    pub level: i32,
    pub rate: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
    pub plan_id: i64,
    pub plan_version: i32,
    pub reverses_entry_id: Option<i64>,
}

impl Entry {
    /// Appends entries in one statement whose text never changes with
    /// their number (arrays through `unnest`), so PostgreSQL plans it once
    /// per connection. Returns how many were written. `at` stamps them
    /// (the transaction's start when `None`; the demo's history passes the
    /// day of the sale).
    pub fn append_all(
        conn: &mut PgConnection,
        entries: &[NewEntry],
        at: Option<DateTime<Utc>>,
    ) -> QueryResult<usize> {
        use diesel::sql_types::{Array, BigInt, Integer, Nullable, Numeric, Text, Timestamptz};
        if entries.is_empty() {
            return Ok(0);
        }
        let column = |f: fn(&NewEntry) -> i64| entries.iter().map(f).collect::<Vec<_>>();
        super::prepared::prepared(
            "INSERT INTO commission_entries (sale_id, recipient_id, kind, level, rate, base,
                                             amount, plan_id, plan_version, reverses_entry_id,
                                             created_at)
             SELECT *, COALESCE($11, now())
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[],
                         $5::numeric[], $6::numeric[], $7::numeric[], $8::bigint[],
                         $9::int[], $10::bigint[])",
        )
        .bind::<Array<BigInt>, _>(column(|e| e.sale_id))
        .bind::<Array<BigInt>, _>(column(|e| e.recipient_id))
        .bind::<Array<Text>, _>(entries.iter().map(|e| e.kind.clone()).collect::<Vec<_>>())
        .bind::<Array<Integer>, _>(entries.iter().map(|e| e.level).collect::<Vec<_>>())
        .bind::<Array<Numeric>, _>(entries.iter().map(|e| e.rate).collect::<Vec<_>>())
        .bind::<Array<Numeric>, _>(entries.iter().map(|e| e.base).collect::<Vec<_>>())
        .bind::<Array<Numeric>, _>(entries.iter().map(|e| e.amount).collect::<Vec<_>>())
        .bind::<Array<BigInt>, _>(column(|e| e.plan_id))
        .bind::<Array<Integer>, _>(entries.iter().map(|e| e.plan_version).collect::<Vec<_>>())
        .bind::<Array<Nullable<BigInt>>, _>(
            entries
                .iter()
                .map(|e| e.reverses_entry_id)
                .collect::<Vec<_>>(),
        )
        .bind::<Nullable<Timestamptz>, _>(at)
        .execute(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Entry> {
        commission_entries::table
            .find(id)
            .select(Entry::as_select())
            .first(conn)
    }

    pub fn for_sale(conn: &mut PgConnection, sale_id: i64) -> QueryResult<Vec<Entry>> {
        commission_entries::table
            .filter(commission_entries::sale_id.eq(sale_id))
            .select(Entry::as_select())
            .order(commission_entries::id)
            .load(conn)
    }

    pub fn for_recipient(
        conn: &mut PgConnection,
        recipient_id: i64,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> QueryResult<Vec<Entry>> {
        commission_entries::table
            .filter(commission_entries::recipient_id.eq(recipient_id))
            .filter(commission_entries::created_at.ge(from))
            .filter(commission_entries::created_at.lt(until))
            .select(Entry::as_select())
            .order(commission_entries::id)
            .load(conn)
    }
}
