//! The JSON shapes of payout runs, statements and line explanations.
//! Amounts and rates are decimal strings; months are `YYYY-MM`.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use super::schema::one_of;
use crate::db::payouts::{NamedPayoutLine, PayoutRun};
use crate::domain::payout::PayoutStatus;

pub fn payout_status() -> Object {
    one_of(PayoutStatus::ALL.map(PayoutStatus::as_str))
}

pub fn sponsor_fate() -> Object {
    one_of(["paid", "compressed", "level_unpaid", "beyond_depth"])
}

pub fn rate_source() -> Object {
    one_of(["tier", "default", "level", "matching"])
}

pub fn month_text(month: NaiveDate) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

/// A payout run: draft → approved → paid, or a discarded draft.
#[derive(Serialize, ToSchema)]
pub struct PayoutRunJson {
    pub id: i64,
    /// The month whose commissions the run closes.
    #[schema(example = "2026-11")]
    pub month: String,
    #[schema(schema_with = payout_status)]
    pub status: String,
    pub minimum_amount: Decimal,
    pub holdback_days: i32,
    /// Lines written before this instant were due (negative ones always).
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

impl From<&PayoutRun> for PayoutRunJson {
    fn from(r: &PayoutRun) -> Self {
        PayoutRunJson {
            id: r.id,
            month: month_text(r.month),
            status: r.status.as_str().into(),
            minimum_amount: r.minimum_amount,
            holdback_days: r.holdback_days,
            cutoff_at: r.cutoff_at,
            total: r.total,
            currency_code: r.currency_code.clone(),
            created_by: r.created_by,
            created_at: r.created_at,
            approved_by: r.approved_by,
            approved_at: r.approved_at,
            paid_by: r.paid_by,
            paid_at: r.paid_at,
            discarded_by: r.discarded_by,
            discarded_at: r.discarded_at,
        }
    }
}

/// What one partner is paid in a run: `amount = earned − recovered`.
#[derive(Serialize, ToSchema)]
pub struct PayoutLineJson {
    pub partner_id: i64,
    pub partner_name: String,
    pub partner_email: String,
    pub earned: Decimal,
    /// Clawbacks deducted from this payment.
    pub recovered: Decimal,
    pub amount: Decimal,
    /// How many ledger lines the payment settles.
    pub ledger_lines: i32,
}

impl From<&NamedPayoutLine> for PayoutLineJson {
    fn from(n: &NamedPayoutLine) -> Self {
        PayoutLineJson {
            partner_id: n.line.partner_id,
            partner_name: n.partner_name.clone(),
            partner_email: n.partner_email.clone(),
            earned: n.line.earned,
            recovered: n.line.recovered,
            amount: n.line.amount,
            ledger_lines: n.line.line_count,
        }
    }
}

/// A run with one line per partner.
#[derive(Serialize, ToSchema)]
pub struct PayoutRunDetailJson {
    pub run: PayoutRunJson,
    pub lines: Vec<PayoutLineJson>,
}

/// The month's figures: closing = opening + earned + reversed − paid.
#[derive(Serialize, ToSchema)]
pub struct StatementFiguresJson {
    pub opening: Decimal,
    pub earned: Decimal,
    /// Reversal lines of the month, as a positive number.
    pub reversed: Decimal,
    /// Clawbacks deducted from the month's payments.
    pub recovered: Decimal,
    pub paid: Decimal,
    pub closing: Decimal,
}

/// A ledger line of the month and the run that settled it, if any.
#[derive(Serialize, ToSchema)]
pub struct StatementLineJson {
    pub id: i64,
    pub sale_id: i64,
    #[schema(schema_with = super::schema::commission_kind)]
    pub kind: String,
    pub level: i32,
    pub amount: Decimal,
    pub written_at: DateTime<Utc>,
    pub reverses_entry_id: Option<i64>,
    pub settled_in_run: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct StatementPaymentJson {
    pub run_id: i64,
    pub amount: Decimal,
    pub recovered: Decimal,
    pub paid_at: DateTime<Utc>,
}

/// A partner's monthly payout statement.
#[derive(Serialize, ToSchema)]
pub struct StatementJson {
    pub partner_id: i64,
    pub partner_name: String,
    #[schema(example = "2026-11")]
    pub month: String,
    pub figures: StatementFiguresJson,
    pub lines: Vec<StatementLineJson>,
    pub payments: Vec<StatementPaymentJson>,
}

/// A rate of the plan version that paid the line.
#[derive(Serialize, ToSchema)]
pub struct PlanRateJson {
    pub tier_id: i64,
    pub tier_name: Option<String>,
    pub rate: Decimal,
}

#[derive(Serialize, ToSchema)]
pub struct PlanVersionJson {
    pub id: i64,
    pub version: i32,
    pub direct_rates: Vec<PlanRateJson>,
    pub default_direct_rate: Decimal,
    /// Level 1 first.
    pub upline_rates: Vec<Decimal>,
    pub matching_rate: Decimal,
    pub max_depth: u32,
    pub compression: bool,
}

/// A sponsor of the sale's snapshot, sponsor first, and what became of it.
#[derive(Serialize, ToSchema)]
pub struct ChainLinkJson {
    pub user_id: i64,
    pub name: String,
    pub active: bool,
    /// paid: at `level`; compressed: inactive, skipped without using a
    /// level; level_unpaid: inactive without compression, used up `level`;
    /// beyond_depth: counted after the paid levels.
    #[schema(schema_with = sponsor_fate)]
    pub fate: String,
    pub level: Option<u32>,
    /// The personal sponsor who takes the matching bonus.
    pub matching: bool,
}

/// The working of the explained line (the reversed line's, for a reversal).
#[derive(Serialize, ToSchema)]
pub struct WorkingJson {
    /// tier: the seller's tier rate; default: the plan's default direct
    /// rate; level: the upline level's rate; matching: the matching rate.
    #[schema(schema_with = rate_source)]
    pub rate_source: String,
    /// The seller's tier, when `rate_source` is tier.
    pub tier_id: Option<i64>,
    pub base: Decimal,
    pub rate: Decimal,
    /// `base × rate` before rounding.
    pub exact: Decimal,
    /// Rounded half to even to `rounding_places`.
    pub rounded: Decimal,
    pub rounding_places: u32,
    /// What the cap (never more than the sale) took off.
    pub capped: Decimal,
    pub paid: Decimal,
    /// The recomputation gives the ledger's rate, base and amount.
    pub reproduced: bool,
}

/// "Why this amount" for one ledger line.
#[derive(Serialize, ToSchema)]
pub struct ExplanationJson {
    pub entry_id: i64,
    pub sale_id: i64,
    pub recipient_id: i64,
    #[schema(schema_with = super::schema::commission_kind)]
    pub kind: String,
    pub level: i32,
    pub amount: Decimal,
    pub written_at: DateTime<Utc>,
    /// The line this one reverses (its working is shown).
    pub reverses_entry_id: Option<i64>,
    pub sale_amount: Decimal,
    pub plan: PlanVersionJson,
    /// Absent for a sale confirmed before network snapshots were kept.
    pub working: Option<WorkingJson>,
    pub chain: Vec<ChainLinkJson>,
}
