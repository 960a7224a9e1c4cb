//! Partner sales, their status history and the approval limits.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::{approval_rules, sale_status_changes, sales};
use crate::domain::sale_status::SaleStatus;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = sales)]
pub struct Sale {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub partner_email: String,
    pub title: String,
    pub description: Option<String>,
    pub amount: Decimal,
    pub currency_code: String,
    pub sales_date: NaiveDate,
    pub category: Option<String>,
    pub product_type: Option<String>,
    pub sales_channel: String,
    pub order_number: String,
    pub order_code: Option<String>,
    pub status: SaleStatus,
    pub registered_by: Option<i64>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: Option<i64>,
    pub approval_note: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub status_reason: Option<String>,
    pub commission_calculated: bool,
    pub commission_calculated_at: Option<DateTime<Utc>>,
    pub commission_total: Option<Decimal>,
    pub commission_recipient_count: Option<i32>,
    pub commission_distribution: Option<serde_json::Value>,
    pub tree_snapshot: Option<serde_json::Value>,
    pub plan_id: Option<i64>,
    pub partner_tier_at_time: Option<String>,
    pub partner_type_at_time: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = sales)]
pub struct NewSale {
    pub partner_id: i64,
    pub partner_name: String,
    pub partner_email: String,
    pub title: String,
    pub description: Option<String>,
    pub amount: Decimal,
    pub currency_code: String,
    pub sales_date: NaiveDate,
    pub category: Option<String>,
    pub product_type: Option<String>,
    pub sales_channel: String,
    pub order_number: String,
    pub order_code: Option<String>,
    pub registered_by: Option<i64>,
}

/// The sales channels a sale may come through.
pub const CHANNELS: [&str; 6] = ["online", "offline", "phone", "event", "referral", "other"];

/// The unique constraint behind "one sale per partner and order number".
pub const ORDER_NUMBER_KEY: &str = "sales_partner_order_number_key";

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = sale_status_changes)]
pub struct StatusChange {
    pub id: i64,
    pub sale_id: i64,
    pub from_status: Option<SaleStatus>,
    pub to_status: SaleStatus,
    pub reason: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl Sale {
    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Sale> {
        sales::table.find(id).select(Sale::as_select()).first(conn)
    }

    /// A partner's latest sales, newest sales date first.
    pub fn recent_of_partner(
        conn: &mut PgConnection,
        partner_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<Sale>> {
        sales::table
            .filter(sales::partner_id.eq(partner_id))
            .order((sales::sales_date.desc(), sales::id.desc()))
            .limit(limit)
            .select(Sale::as_select())
            .load(conn)
    }

    /// Locks the row for the rest of the transaction.
    pub fn lock(conn: &mut PgConnection, id: i64) -> QueryResult<Sale> {
        sales::table
            .find(id)
            .select(Sale::as_select())
            .for_update()
            .first(conn)
    }

    pub fn insert(conn: &mut PgConnection, new: &NewSale) -> QueryResult<Sale> {
        diesel::insert_into(sales::table)
            .values(new)
            .returning(Sale::as_returning())
            .get_result(conn)
    }

    pub fn history(conn: &mut PgConnection, id: i64) -> QueryResult<Vec<StatusChange>> {
        sale_status_changes::table
            .filter(sale_status_changes::sale_id.eq(id))
            .select(StatusChange::as_select())
            .order(sale_status_changes::id)
            .load(conn)
    }

    /// Appends one line to the sale's status history, stamped `at` (now
    /// when `None`).
    pub fn record_change(
        conn: &mut PgConnection,
        sale_id: i64,
        from: Option<SaleStatus>,
        to: SaleStatus,
        reason: Option<&str>,
        actor_id: Option<i64>,
        at: Option<DateTime<Utc>>,
    ) -> QueryResult<()> {
        diesel::insert_into(sale_status_changes::table)
            .values((
                sale_status_changes::sale_id.eq(sale_id),
                sale_status_changes::from_status.eq(from),
                sale_status_changes::to_status.eq(to),
                sale_status_changes::reason.eq(reason),
                sale_status_changes::actor_id.eq(actor_id),
                at.map(|at| sale_status_changes::created_at.eq(at)),
            ))
            .execute(conn)?;
        Ok(())
    }
}

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = approval_rules)]
pub struct ApprovalRules {
    pub id: i16,
    pub auto_confirm_limit: Decimal,
    pub manager_approval_limit: Decimal,
    pub updated_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ApprovalRules {
    pub fn get(conn: &mut PgConnection) -> QueryResult<ApprovalRules> {
        approval_rules::table
            .select(ApprovalRules::as_select())
            .first(conn)
    }

    pub fn update(
        conn: &mut PgConnection,
        auto_confirm_limit: Decimal,
        manager_approval_limit: Decimal,
        actor: i64,
    ) -> QueryResult<ApprovalRules> {
        diesel::update(approval_rules::table)
            .set((
                approval_rules::auto_confirm_limit.eq(auto_confirm_limit),
                approval_rules::manager_approval_limit.eq(manager_approval_limit),
                approval_rules::updated_by.eq(actor),
            ))
            .returning(ApprovalRules::as_returning())
            .get_result(conn)
    }
}
