//! Confirmation: the plan in force, the network captured as it is now, the
//! commission distribution appended to the ledger, and the sale's metric
//! events, all inside the caller's transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Nullable, Numeric, Text, Timestamptz};
use rust_decimal::Decimal;

use super::already;
use crate::db::commissions::{Entry, NewEntry, PlanRow};
use crate::db::prepared::prepared;
use crate::db::sales::Sale;
use crate::domain::commission::{
    self, CommissionPlan, DownlineSummary, NetworkNode, NetworkSnapshot,
};
use crate::domain::sale_status::SaleStatus;
use crate::error::AppError;
use crate::goals::progress::Waiting;

impl PlanRow {
    /// The stored version as the domain's plan.
    pub fn plan(&self) -> CommissionPlan {
        CommissionPlan {
            version: self.version,
            direct_rates: self.direct_rate_map(),
            default_direct_rate: self.default_direct_rate,
            upline_rates: self.upline_rate_list(),
            matching_rate: self.matching_rate,
            max_depth: self.max_depth.max(0) as u32,
            compression: self.compression,
        }
    }
}

/// Confirms a pending sale, locked by the caller's transaction.
pub(super) fn confirm_locked(
    conn: &mut PgConnection,
    sale: Sale,
    actor: Option<i64>,
    note: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale_id = sale.id;
    if sale.status != SaleStatus::Pending {
        return Err(already(&sale));
    }
    let (plan_row, money) = PlanRow::current_with_money_scale(conn)?;
    let plan = plan_row.plan();
    let (snapshot, type_code) = capture(conn, sale.partner_id, &plan)?;
    let distribution = commission::distribute(sale.amount, money.places(), &snapshot, &plan);
    let entries: Vec<NewEntry> = distribution
        .lines
        .iter()
        .map(|line| NewEntry {
            sale_id,
            recipient_id: line.recipient_id,
            kind: line.kind.as_str().into(),
            level: line.level as i32,
            rate: line.rate,
            base: line.base,
            amount: line.amount,
            plan_id: plan_row.id,
            plan_version: plan_row.version,
            reverses_entry_id: None,
        })
        .collect();
    if !entries.is_empty() {
        Entry::append_all(conn, &entries, at)?;
    }
    let recipients = {
        let mut ids: Vec<i64> = distribution.lines.iter().map(|l| l.recipient_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len() as i32
    };
    let distribution_json = serde_json::to_value(&distribution).ok();
    let snapshot_json = serde_json::to_value(&snapshot).ok();
    // One statement confirms the sale (only from pending) and appends the
    // status change; `now()` is the transaction's start, one instant for
    // every stamp (or `at`, for history). Only the stamps come back.
    let stamps: Option<ConfirmStamps> = prepared(
        "WITH confirmed AS (
             UPDATE sales
             SET status = 'confirmed', confirmed_at = COALESCE($11, now()), confirmed_by = $2,
                 approval_note = $3, commission_calculated = TRUE,
                 commission_calculated_at = COALESCE($11, now()), commission_total = $4,
                 commission_recipient_count = $5, commission_distribution = $6,
                 tree_snapshot = $7, plan_id = $8, partner_tier_at_time = $9,
                 partner_type_at_time = $10
             WHERE id = $1 AND status = 'pending'
             RETURNING id, confirmed_at, updated_at
         ), changed AS (
             INSERT INTO sale_status_changes (sale_id, from_status, to_status, reason, actor_id,
                                              created_at)
             SELECT id, 'pending', 'confirmed', $3, $2, COALESCE($11, now()) FROM confirmed
         )
         SELECT confirmed_at, updated_at FROM confirmed",
    )
    .bind::<BigInt, _>(sale_id)
    .bind::<Nullable<BigInt>, _>(actor)
    .bind::<Nullable<Text>, _>(note.map(str::to_owned))
    .bind::<Numeric, _>(distribution.total)
    .bind::<Integer, _>(recipients)
    .bind::<Nullable<Jsonb>, _>(distribution_json.clone())
    .bind::<Nullable<Jsonb>, _>(snapshot_json.clone())
    .bind::<BigInt, _>(plan_row.id)
    .bind::<Nullable<Text>, _>(snapshot.partner.tier_code.clone())
    .bind::<Nullable<Text>, _>(type_code.clone())
    .bind::<Nullable<Timestamptz>, _>(at)
    .get_result(conn)
    .optional()?;
    let Some(stamps) = stamps else {
        return Err(already(&Sale::find(conn, sale_id)?));
    };
    let updated = Sale {
        status: SaleStatus::Confirmed,
        confirmed_at: Some(stamps.confirmed_at),
        confirmed_by: actor,
        approval_note: note.map(str::to_owned),
        commission_calculated: true,
        commission_calculated_at: Some(stamps.confirmed_at),
        commission_total: Some(distribution.total),
        commission_recipient_count: Some(recipients),
        commission_distribution: distribution_json,
        tree_snapshot: snapshot_json,
        plan_id: Some(plan_row.id),
        partner_tier_at_time: snapshot.partner.tier_code.clone(),
        partner_type_at_time: type_code,
        updated_at: stamps.updated_at,
        ..sale
    };
    write_sale_events(conn, &updated, Decimal::ONE, "", actor)?;
    Ok(updated)
}

#[derive(QueryableByName)]
struct ConfirmStamps {
    #[diesel(sql_type = Timestamptz)]
    confirmed_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    updated_at: DateTime<Utc>,
}

/// What writing a sale's events returns: the metrics written and what
/// waits on them (see [`Waiting`]).
#[derive(QueryableByName)]
struct Written {
    #[diesel(sql_type = diesel::sql_types::Array<BigInt>)]
    metric_ids: Vec<i64>,
    #[diesel(embed)]
    waiting: Waiting,
}

/// The revenue and deals events of a sale (sign +1), or their negative
/// twins (sign −1) on reversal, in one statement that also finds the two
/// metrics and reads what the new events may finish (the conditions of
/// [`Waiting`]'s own query: an active goal, the open goal sheet, a pending
/// milestone), so no further round trip asks. References make them
/// idempotent.
pub(super) fn write_sale_events(
    conn: &mut PgConnection,
    sale: &Sale,
    sign: Decimal,
    suffix: &str,
    actor: Option<i64>,
) -> Result<(), AppError> {
    use chrono::Datelike;
    use diesel::sql_types::{Array, Date, SmallInt};

    // "sale:42:revenue", or "sale:42:revenue:refunded" for a reversal.
    let tail = if suffix.is_empty() {
        String::new()
    } else {
        format!(":{suffix}")
    };
    let written: Written = prepared(
        "WITH written AS (
             INSERT INTO metric_events (user_id, metric_id, value, occurred_on, source,
                                        external_ref, note, created_by)
             SELECT $1, m.id, CASE m.key WHEN 'revenue' THEN $2 ELSE 1 END * $3, $4, 'sale',
                    'sale:' || $5 || ':' || m.key || $6, $7, $8
             FROM metric_definitions m
             WHERE m.key IN ('revenue', 'deals')
             ON CONFLICT DO NOTHING
             RETURNING metric_id
         ), w AS (
             SELECT COALESCE(array_agg(metric_id ORDER BY metric_id), '{}') AS ids FROM written
         )
         SELECT w.ids AS metric_ids,
                EXISTS (SELECT 1 FROM goals g JOIN periods p ON p.id = g.period_id
                        WHERE g.metric_id = ANY(w.ids) AND g.status = 'active'
                          AND p.start_date <= $4 AND p.end_date >= $4
                          AND (g.owner_kind <> 'user' OR g.user_id = $1)) AS goals_to_complete,
                EXISTS (SELECT 1 FROM goal_sheets s
                        WHERE s.user_id = $1 AND s.year = $9 AND s.month = $10
                          AND s.status = 'set' AND s.completed_at IS NULL) AS sheet_open,
                EXISTS (SELECT 1 FROM milestones m
                        JOIN goals g ON g.id = m.goal_id
                        JOIN periods p ON p.id = g.period_id
                        WHERE m.reached_on IS NULL AND g.metric_id = ANY(w.ids)
                          AND g.status = ANY($11)
                          AND p.start_date <= $4 AND p.end_date >= $4) AS milestones
         FROM w",
    )
    .bind::<BigInt, _>(sale.partner_id)
    .bind::<Numeric, _>(sale.amount)
    .bind::<Numeric, _>(sign)
    .bind::<Date, _>(sale.sales_date)
    .bind::<BigInt, _>(sale.id)
    .bind::<Text, _>(tail)
    .bind::<Text, _>(format!("Sale {} — {}", sale.order_number, sale.title))
    .bind::<Nullable<BigInt>, _>(actor)
    .bind::<SmallInt, _>(sale.sales_date.year() as i16)
    .bind::<SmallInt, _>(sale.sales_date.month() as i16)
    .bind::<Array<Text>, _>(crate::db::goals::LIVE_STATUSES.to_vec())
    .get_result(conn)?;
    if !written.metric_ids.is_empty() {
        crate::goals::progress::mark_reached_milestones_waiting(
            conn,
            sale.partner_id,
            &written.metric_ids,
            sale.sales_date,
            &written.waiting,
        )?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct ChainRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    partner_tier_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    tier_code: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    partner_type_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    type_code: Option<String>,
    #[diesel(sql_type = Bool)]
    active: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    sponsor_id: Option<i64>,
    #[diesel(sql_type = Integer)]
    direct: i32,
    #[diesel(sql_type = Integer)]
    total: i32,
}

/// The partner and their upline chain as they are now, as far as `plan`
/// could pay (see [`NetworkSnapshot::capture`]), a downline summary and the
/// partner's type code, in one statement.
pub(super) fn capture(
    conn: &mut PgConnection,
    partner_id: i64,
    plan: &CommissionPlan,
) -> Result<(NetworkSnapshot, Option<String>), AppError> {
    let rows: Vec<ChainRow> = prepared(
        "WITH RECURSIVE chain(id, sponsor_id, depth, counted) AS (
             SELECT id, sponsor_id, 0, 0 FROM users WHERE id = $1
             UNION ALL
             SELECT u.id, u.sponsor_id, c.depth + 1,
                    c.counted + CASE WHEN u.active OR NOT $3 THEN 1 ELSE 0 END
             FROM users u JOIN chain c ON u.id = c.sponsor_id
             WHERE c.depth < $2 AND c.counted < $4
         ),
         down(id, depth) AS (
             SELECT id, 1 FROM users WHERE sponsor_id = $1
             UNION ALL
             SELECT u.id, d.depth + 1 FROM users u JOIN down d ON u.sponsor_id = d.id
             WHERE d.depth < 100
         )
         SELECT u.id, u.name, u.partner_tier_id, t.code AS tier_code, u.partner_type_id,
                ty.code AS type_code, u.active, u.sponsor_id,
                (SELECT count(*) FROM users WHERE sponsor_id = $1)::int AS direct,
                (SELECT count(*) FROM down)::int AS total
         FROM chain c JOIN users u ON u.id = c.id
         LEFT JOIN partner_tiers t ON t.id = u.partner_tier_id
         LEFT JOIN partner_types ty ON ty.id = u.partner_type_id
         ORDER BY c.depth",
    )
    .bind::<BigInt, _>(partner_id)
    .bind::<BigInt, _>(commission::MAX_UPLINE as i64)
    .bind::<Bool, _>(plan.compression)
    .bind::<BigInt, _>(plan.reach() as i64)
    .load(conn)?;
    let first = rows.first().ok_or(AppError::NotFound)?;
    let summary = DownlineSummary {
        direct_count: first.direct.max(0) as u32,
        total_count: first.total.max(0) as u32,
    };
    let type_code = first.type_code.clone();
    let mut nodes: HashMap<i64, NetworkNode> = rows
        .into_iter()
        .map(|r| {
            (
                r.id,
                NetworkNode {
                    user_id: r.id,
                    name: r.name,
                    tier_id: r.partner_tier_id,
                    tier_code: r.tier_code,
                    partner_type_id: r.partner_type_id,
                    active: r.active,
                    sponsor_id: r.sponsor_id,
                },
            )
        })
        .collect();
    let partner = nodes.remove(&partner_id).ok_or(AppError::NotFound)?;
    let snapshot = NetworkSnapshot::capture(partner, summary, plan, |id| nodes.remove(&id));
    Ok((snapshot, type_code))
}

/// What a sale of `amount` by `partner_id` confirmed now would distribute:
/// the plan in force and the network as it stands, through the very
/// distribution a confirmation runs (the partner's what-if). Reads only.
pub fn would_distribute(
    conn: &mut PgConnection,
    partner_id: i64,
    amount: Decimal,
) -> Result<commission::Distribution, AppError> {
    let (plan_row, money) = PlanRow::current_with_money_scale(conn)?;
    let plan = plan_row.plan();
    let (snapshot, _) = capture(conn, partner_id, &plan)?;
    Ok(commission::distribute(
        amount,
        money.places(),
        &snapshot,
        &plan,
    ))
}
