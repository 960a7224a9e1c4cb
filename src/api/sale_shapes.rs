//! The JSON shapes of sales, commission lines, plans and approval limits.
//! Amounts and rates are `Decimal`, written as strings ("250000.00",
//! "0.05"); the stored distribution and network snapshot go out as stored,
//! with their amounts as strings too.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::{PgConnection, QueryResult};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema;
use crate::db::commissions::{Entry, PlanRow};
use crate::db::sales::{ApprovalRules, Sale, StatusChange};

/// A sale as listed.
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = Sale)]
pub struct SaleJson {
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
    #[schema(schema_with = schema::sale_status)]
    pub status: String,
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
    pub plan_id: Option<i64>,
    pub partner_tier_at_time: Option<String>,
    pub partner_type_at_time: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Sale> for SaleJson {
    fn from(s: Sale) -> Self {
        SaleJson {
            id: s.id,
            partner_id: s.partner_id,
            partner_name: s.partner_name,
            partner_email: s.partner_email,
            title: s.title,
            description: s.description,
            amount: s.amount,
            currency_code: s.currency_code,
            sales_date: s.sales_date,
            category: s.category,
            product_type: s.product_type,
            sales_channel: s.sales_channel,
            order_number: s.order_number,
            order_code: s.order_code,
            status: s.status.to_string(),
            registered_by: s.registered_by,
            confirmed_at: s.confirmed_at,
            confirmed_by: s.confirmed_by,
            approval_note: s.approval_note,
            cancelled_at: s.cancelled_at,
            refunded_at: s.refunded_at,
            status_reason: s.status_reason,
            commission_calculated: s.commission_calculated,
            commission_calculated_at: s.commission_calculated_at,
            commission_total: s.commission_total,
            commission_recipient_count: s.commission_recipient_count,
            plan_id: s.plan_id,
            partner_tier_at_time: s.partner_tier_at_time,
            partner_type_at_time: s.partner_type_at_time,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// One sale with everything its page shows: the plan version it was paid
/// under, the distribution and network snapshot captured at confirmation,
/// its status history and every ledger line (reversals included).
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = SaleDetail)]
pub struct SaleDetailJson {
    #[serde(flatten)]
    pub sale: SaleJson,
    pub plan_version: Option<i32>,
    /// The distribution computed at confirmation.
    #[schema(value_type = Option<schema::Distribution>)]
    pub commission_distribution: Option<serde_json::Value>,
    /// The partner and their upline as they were at confirmation: partner,
    /// upline (sponsor first), downline_summary.
    #[schema(value_type = Option<Object>)]
    pub tree_snapshot: Option<serde_json::Value>,
    #[schema(value_type = Vec<schema::StatusChange>)]
    pub status_history: Vec<StatusChange>,
    #[schema(value_type = Vec<schema::CommissionEntry>)]
    pub commission_entries: Vec<Entry>,
}

impl SaleDetailJson {
    /// Loads what the detail adds to `sale`.
    pub fn load(conn: &mut PgConnection, mut sale: Sale) -> QueryResult<SaleDetailJson> {
        let plan_version = match sale.plan_id {
            Some(plan) => Some(PlanRow::find(conn, plan)?.version),
            None => None,
        };
        Ok(SaleDetailJson {
            status_history: Sale::history(conn, sale.id)?,
            commission_entries: Entry::for_sale(conn, sale.id)?,
            plan_version,
            commission_distribution: sale.commission_distribution.take(),
            tree_snapshot: sale.tree_snapshot.take(),
            sale: sale.into(),
        })
    }
}

/// A commission plan version. Rates are fractions (0.05 = 5 %).
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = CommissionPlan)]
pub struct PlanJson {
    pub id: i64,
    pub version: i32,
    /// Direct rates by partner tier id; other sellers get the default.
    #[schema(example = json!({"1": "0.05"}))]
    pub direct_rates: BTreeMap<String, Decimal>,
    /// For sellers without a tier rate.
    #[schema(example = "0.05")]
    pub default_direct_rate: Decimal,
    /// Level 1 first.
    pub upline_rates: Vec<Decimal>,
    /// Paid to the personal sponsor on the direct commission.
    #[schema(example = "0.05")]
    pub matching_rate: Decimal,
    pub max_depth: i32,
    pub compression: bool,
    /// The most one sale can pay out, as a fraction of the sale.
    pub max_payout_ratio: Decimal,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<&PlanRow> for PlanJson {
    fn from(row: &PlanRow) -> Self {
        let plan = row.plan();
        PlanJson {
            id: row.id,
            version: row.version,
            direct_rates: plan
                .direct_rates
                .iter()
                .map(|(tier, rate)| (tier.to_string(), rate.normalize()))
                .collect(),
            default_direct_rate: plan.default_direct_rate.normalize(),
            upline_rates: plan.upline_rates.iter().map(|r| r.normalize()).collect(),
            matching_rate: plan.matching_rate.normalize(),
            max_depth: row.max_depth,
            compression: row.compression,
            max_payout_ratio: plan.max_payout_ratio().normalize(),
            created_by: row.created_by,
            created_at: row.created_at,
        }
    }
}

/// The approval limits, in the organisation's currency.
#[derive(Serialize, Debug, ToSchema)]
#[schema(as = ApprovalRules)]
pub struct RulesJson {
    /// At or below it a sale confirms at once.
    pub auto_confirm_limit: Decimal,
    /// Managers approve up to it; admins any amount.
    pub manager_approval_limit: Decimal,
    pub currency_code: String,
    pub updated_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

impl RulesJson {
    pub fn new(rules: ApprovalRules, currency_code: String) -> RulesJson {
        RulesJson {
            auto_confirm_limit: rules.auto_confirm_limit,
            manager_approval_limit: rules.manager_approval_limit,
            currency_code,
            updated_by: rules.updated_by,
            updated_at: rules.updated_at,
        }
    }
}
