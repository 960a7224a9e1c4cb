//! Partner sales: registration, approval, confirmation with an instant
//! commission distribution, and exact reversal on cancellation or refund.
//! Every operation is one transaction; the ledger is only ever appended to.

pub mod access;
pub mod detail;
pub mod form;
pub mod ledger;
pub mod mine;
pub mod network;
pub mod queue;
pub mod settings;
pub mod statement;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Nullable, Numeric, Text, Timestamptz};
use rust_decimal::Decimal;

use crate::db::commissions::{Entry, NewEntry, PlanRow};
use crate::db::organisation::Organisation;
use crate::db::prepared::prepared;
use crate::db::sales::{ApprovalRules, NewSale, ORDER_NUMBER_KEY, Sale};
use crate::db::users::User;
use crate::domain::commission::{
    self, CommissionPlan, DownlineSummary, NetworkNode, NetworkSnapshot,
};
use crate::domain::role::Role;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::live::LiveEvent;

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

/// What a caller of [`decide_checked`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Cancel,
    Refund,
}

/// One decision on sale `id`, in one transaction: first whether the actor
/// reaches the sale (approve and reject lock it and ask [`check_approver`];
/// cancel and refund ask whether they may read it), and only then the
/// caller's `note`, so a note that could not be read is reported only to
/// someone the sale is open to. `fail` words the service's refusals in the
/// caller's error type.
pub fn decide_checked<E>(
    conn: &mut PgConnection,
    actor: &User,
    decision: Decision,
    id: i64,
    note: Result<Option<String>, E>,
    fail: impl Fn(AppError) -> E,
) -> Result<Sale, E>
where
    E: From<diesel::result::Error>,
{
    conn.transaction(|conn| {
        match decision {
            Decision::Approve | Decision::Reject => {
                let sale = Sale::lock(conn, id).map_err(|e| fail(e.into()))?;
                check_approver(conn, actor, &sale).map_err(&fail)?;
            }
            Decision::Cancel | Decision::Refund => {
                access::visible_sale(conn, actor, id).map_err(&fail)?;
            }
        }
        let note = note?;
        let text = note.as_deref().unwrap_or_default();
        match decision {
            Decision::Approve => approve(conn, actor, id, note.as_deref()),
            Decision::Reject => reject(conn, actor, id, text),
            Decision::Cancel => cancel(conn, actor, id, text),
            Decision::Refund => refund(conn, actor, id, text),
        }
        .map_err(&fail)
    })
}

/// Registers a sale. At or below the auto-confirm limit it is confirmed in
/// the same transaction; above it, it waits for approval.
pub fn register(conn: &mut PgConnection, new: NewSale) -> Result<Sale, AppError> {
    register_at(conn, new, None)
}

/// [`register`] as of `at` (the transaction's start when `None`): the demo
/// writes its months of history through here, so every stamp, ledger line
/// included, carries the day the sale was made rather than the seed's.
pub fn register_at(
    conn: &mut PgConnection,
    new: NewSale,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let org = Organisation::get(conn)?;
        if new.currency_code != org.currency_code {
            return Err(AppError::Invalid(FieldErrors::one(
                "currency_code",
                format!(
                    "Sales are recorded in {}, the organisation's currency.",
                    org.currency_code
                ),
            )));
        }
        let sale = Sale::insert(conn, &new).map_err(|e| {
            on_constraint(
                e,
                &[(
                    ORDER_NUMBER_KEY,
                    "order_number",
                    "This order number is already registered for this partner.",
                )],
            )
        })?;
        Sale::record_change(conn, sale.id, None, "pending", None, new.registered_by, at)?;
        let rules = ApprovalRules::get(conn)?;
        if sale.amount <= rules.auto_confirm_limit {
            // The row is new and not yet visible to anyone else: no lock needed.
            return confirm_locked(
                conn,
                sale,
                None,
                Some("Confirmed automatically: at or below the auto-confirm limit."),
                at,
            );
        }
        Ok(sale)
    })?;
    publish_change(conn, &sale, "pending");
    Ok(sale)
}

/// Tells open pages what a sale's change moved: the partner's figures when
/// commission and metric events were written or reversed, the approval
/// queue when the sale entered or left it.
fn publish_change(conn: &mut PgConnection, sale: &Sale, from: &str) {
    let mut events = Vec::with_capacity(2);
    if sale.commission_calculated {
        events.push(LiveEvent::progress([sale.partner_id]));
    }
    if from == "pending" {
        events.push(LiveEvent::SalesQueue);
    }
    crate::live::publish(conn, &events);
}

/// May `actor` approve or reject `sale`? Admins any amount; managers sales
/// of their subtree up to their limit; nobody their own sale.
pub fn check_approver(conn: &mut PgConnection, actor: &User, sale: &Sale) -> Result<(), AppError> {
    if sale.partner_id == actor.id {
        return Err(AppError::Conflict("Nobody approves their own sale.".into()));
    }
    match actor.role() {
        Role::Admin => Ok(()),
        Role::Manager => {
            if !crate::org::access::can_view_user(conn, actor, sale.partner_id)? {
                return Err(AppError::Forbidden);
            }
            let rules = ApprovalRules::get(conn)?;
            if sale.amount > rules.manager_approval_limit {
                return Err(AppError::Conflict(format!(
                    "This sale is above your approval limit of {}; an administrator must approve it.",
                    rules.manager_approval_limit.normalize()
                )));
            }
            Ok(())
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Approves a pending sale: confirms it and distributes its commission.
pub fn approve(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: Option<&str>,
) -> Result<Sale, AppError> {
    approve_at(conn, actor, sale_id, note, None)
}

/// [`approve`] as of `at` (see [`register_at`]).
pub fn approve_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_approver(conn, actor, &sale)?;
        confirm_locked(conn, sale, Some(actor.id), note, at)
    })?;
    publish_change(conn, &sale, "pending");
    Ok(sale)
}

/// Confirms a pending sale, locked by the caller's transaction.
fn confirm_locked(
    conn: &mut PgConnection,
    sale: Sale,
    actor: Option<i64>,
    note: Option<&str>,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale_id = sale.id;
    if sale.status != "pending" {
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
        status: "confirmed".into(),
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

fn already(sale: &Sale) -> AppError {
    AppError::Conflict(format!("This sale is already {}.", sale.status))
}

/// Rejects a pending sale (it becomes cancelled; nothing was paid).
pub fn reject(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: &str,
) -> Result<Sale, AppError> {
    reject_at(conn, actor, sale_id, note, None)
}

/// [`reject`] as of `at` (see [`register_at`]).
pub fn reject_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    note: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_approver(conn, actor, &sale)?;
        if sale.status != "pending" {
            return Err(already(&sale));
        }
        end_sale(conn, &sale, "cancelled", note, actor.id, at)
    })?;
    publish_change(conn, &sale, "pending");
    Ok(sale)
}

/// Cancels a sale: pending or confirmed. A confirmed sale's distribution is
/// reversed entry by entry, and its metric events get negative twins.
pub fn cancel(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
) -> Result<Sale, AppError> {
    cancel_at(conn, actor, sale_id, reason, None)
}

/// [`cancel`] as of `at` (see [`register_at`]).
pub fn cancel_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let (from, sale) = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_can_reverse(conn, actor, &sale)?;
        match sale.status.as_str() {
            "pending" | "confirmed" => Ok((
                sale.status.clone(),
                end_sale(conn, &sale, "cancelled", reason, actor.id, at)?,
            )),
            _ => Err(AppError::Conflict(format!(
                "This sale is already {}; it cannot be cancelled.",
                sale.status
            ))),
        }
    })?;
    publish_change(conn, &sale, &from);
    Ok(sale)
}

/// Refunds a confirmed sale: the distribution is reversed exactly.
pub fn refund(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
) -> Result<Sale, AppError> {
    refund_at(conn, actor, sale_id, reason, None)
}

/// [`refund`] as of `at` (see [`register_at`]).
pub fn refund_at(
    conn: &mut PgConnection,
    actor: &User,
    sale_id: i64,
    reason: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let sale = Sale::lock(conn, sale_id)?;
        check_can_reverse(conn, actor, &sale)?;
        match sale.status.as_str() {
            "confirmed" => end_sale(conn, &sale, "refunded", reason, actor.id, at),
            _ => Err(AppError::Conflict(format!(
                "Only a confirmed sale can be refunded; this one is {}.",
                sale.status
            ))),
        }
    })?;
    publish_change(conn, &sale, "confirmed");
    Ok(sale)
}

/// Managers of the partner's subtree and admins may cancel or refund; a
/// partner may cancel their own pending sale.
fn check_can_reverse(conn: &mut PgConnection, actor: &User, sale: &Sale) -> Result<(), AppError> {
    let own_pending = sale.partner_id == actor.id && sale.status == "pending";
    let allowed = own_pending
        || actor.role() == Role::Admin
        || (actor.role() == Role::Manager
            && sale.partner_id != actor.id
            && crate::org::access::can_view_user(conn, actor, sale.partner_id)?);
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn end_sale(
    conn: &mut PgConnection,
    sale: &Sale,
    to: &str,
    reason: &str,
    actor: i64,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            "Give a reason.",
        )));
    }
    if sale.status == "confirmed" {
        reverse_entries(conn, sale.id, at)?;
        write_sale_events(conn, sale, -Decimal::ONE, to, Some(actor))?;
    }
    // One statement sets the status (only from the one read under the
    // lock), appends the status change and the audit line; only the stamps
    // come back.
    let stamps: Option<EndStamps> = prepared(
        "WITH ended AS (
             UPDATE sales
             SET status = $3, status_reason = $4,
                 refunded_at = CASE WHEN $3 = 'refunded' THEN COALESCE($7, now()) ELSE refunded_at END,
                 cancelled_at = CASE WHEN $3 = 'cancelled' THEN COALESCE($7, now()) ELSE cancelled_at END
             WHERE id = $1 AND status = $2
             RETURNING id, refunded_at, cancelled_at, updated_at
         ), changed AS (
             INSERT INTO sale_status_changes (sale_id, from_status, to_status, reason, actor_id,
                                              created_at)
             SELECT id, $2, $3, $4, $5, COALESCE($7, now()) FROM ended
         ), audited AS (
             INSERT INTO audit_log (actor_id, action, entity, entity_id, summary, created_at)
             SELECT $5, $3, 'sale', id, $6, COALESCE($7, now()) FROM ended
         )
         SELECT refunded_at, cancelled_at, updated_at FROM ended",
    )
    .bind::<BigInt, _>(sale.id)
    .bind::<Text, _>(sale.status.clone())
    .bind::<Text, _>(to.to_owned())
    .bind::<Text, _>(reason.to_owned())
    .bind::<BigInt, _>(actor)
    .bind::<Text, _>(format!("{to} sale {} ({})", sale.order_number, sale.title))
    .bind::<Nullable<Timestamptz>, _>(at)
    .get_result(conn)
    .optional()?;
    // The caller holds the row lock and read this status under it.
    let stamps = stamps.ok_or_else(|| already(sale))?;
    Ok(Sale {
        status: to.into(),
        status_reason: Some(reason.into()),
        refunded_at: stamps.refunded_at,
        cancelled_at: stamps.cancelled_at,
        updated_at: stamps.updated_at,
        ..sale.clone()
    })
}

/// Appends one reversing entry (the negative amount, pointing at the entry
/// it reverses) for every original entry of the sale, in one statement:
/// what was paid, copied from the ledger, never a recomputation.
fn reverse_entries(
    conn: &mut PgConnection,
    sale_id: i64,
    at: Option<DateTime<Utc>>,
) -> QueryResult<usize> {
    // The sale's lines are found by `sale_id` alone: with statistics from
    // a young ledger the planner would otherwise take `reverses_entry_id IS
    // NULL` to the unique index on that column, which holds every original
    // entry (a plan cached that way made refunds 3× slower in the bench).
    prepared(
        "WITH sale_lines AS MATERIALIZED (
             SELECT * FROM commission_entries WHERE sale_id = $1
         )
         INSERT INTO commission_entries (sale_id, recipient_id, kind, level, rate, base,
                                         amount, plan_id, plan_version, reverses_entry_id,
                                         created_at)
         SELECT sale_id, recipient_id, kind, level, rate, base, -amount, plan_id,
                plan_version, id, COALESCE($2, now())
         FROM sale_lines
         WHERE reverses_entry_id IS NULL
         ORDER BY id",
    )
    .bind::<BigInt, _>(sale_id)
    .bind::<Nullable<Timestamptz>, _>(at)
    .execute(conn)
}

#[derive(QueryableByName)]
struct EndStamps {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    refunded_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    cancelled_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    updated_at: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct MetricId {
    #[diesel(sql_type = BigInt)]
    metric_id: i64,
}

/// The revenue and deals events of a sale (sign +1), or their negative
/// twins (sign −1) on reversal, in one statement that also finds the two
/// metrics. References make them idempotent.
fn write_sale_events(
    conn: &mut PgConnection,
    sale: &Sale,
    sign: Decimal,
    suffix: &str,
    actor: Option<i64>,
) -> Result<(), AppError> {
    use diesel::sql_types::Date;

    // "sale:42:revenue", or "sale:42:revenue:refunded" for a reversal.
    let tail = if suffix.is_empty() {
        String::new()
    } else {
        format!(":{suffix}")
    };
    let written: Vec<MetricId> = prepared(
        "INSERT INTO metric_events (user_id, metric_id, value, occurred_on, source,
                                    external_ref, note, created_by)
         SELECT $1, m.id, CASE m.key WHEN 'revenue' THEN $2 ELSE 1 END * $3, $4, 'sale',
                'sale:' || $5 || ':' || m.key || $6, $7, $8
         FROM metric_definitions m
         WHERE m.key IN ('revenue', 'deals')
         ON CONFLICT DO NOTHING
         RETURNING metric_id",
    )
    .bind::<BigInt, _>(sale.partner_id)
    .bind::<Numeric, _>(sale.amount)
    .bind::<Numeric, _>(sign)
    .bind::<Date, _>(sale.sales_date)
    .bind::<BigInt, _>(sale.id)
    .bind::<Text, _>(tail)
    .bind::<Text, _>(format!("Sale {} — {}", sale.order_number, sale.title))
    .bind::<Nullable<BigInt>, _>(actor)
    .load(conn)?;
    let ids: Vec<i64> = written.into_iter().map(|m| m.metric_id).collect();
    if !ids.is_empty() {
        crate::goals::progress::mark_reached_milestones_of(
            conn,
            sale.partner_id,
            &ids,
            sale.sales_date,
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
fn capture(
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
