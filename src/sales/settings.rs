//! The rules an admin sets for partner sales — commission plan versions and
//! the approval limits: how a refused plan is explained, how a new version
//! or new limits are saved (with the audit entry), and how typed limits are
//! checked. Shared by the admin pages and the API, which only read their
//! input differently.

use std::collections::HashMap;

use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::db::audit::NewAuditEntry;
use crate::db::commissions::{NewPlan, PlanRow};
use crate::db::partner_tiers::PartnerTier;
use crate::db::sales::ApprovalRules;
use crate::db::schema::{sales, users};
use crate::domain::commission::{CommissionPlan, MAX_DEPTH, PlanError, RateName};
use crate::domain::currency::MoneyScale;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::input;

/// A rate as a percentage for an input or a table: 0.025 → "2.5".
pub fn percent(rate: Decimal) -> String {
    (rate * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// What part of a plan a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanPart {
    Rate(RateName),
    MaxDepth,
    /// The plan as a whole (it pays too much).
    Whole,
}

/// The message for a maximum depth out of range.
pub fn max_depth_message() -> Msg {
    input::whole_number_levels(MAX_DEPTH)
}

/// The message for more upline rates than a plan may pay, if there are.
pub fn too_many_levels(count: usize) -> Option<Msg> {
    (count > MAX_DEPTH as usize).then(|| {
        Msg::new("admin-plan-too-many-levels")
            .arg("max", MAX_DEPTH.to_string())
            .arg("count", count)
    })
}

/// What a domain problem is about and how to say it. Upline messages name
/// their level ("Level 2: …"), since a form shows all levels in one field.
pub fn plan_problem(problem: &PlanError) -> (PlanPart, Msg) {
    let rate = |name: &RateName, plain: &'static str, on_level: &'static str| match name {
        RateName::Upline(level) => Msg::new(on_level).arg("level", level.to_string()),
        _ => Msg::new(plain),
    };
    match problem {
        PlanError::NegativeRate(name) => (
            PlanPart::Rate(*name),
            rate(
                name,
                "admin-plan-rate-negative",
                "admin-plan-level-rate-negative",
            ),
        ),
        PlanError::RateAboveOne(name) => (
            PlanPart::Rate(*name),
            rate(
                name,
                "admin-plan-rate-above-one",
                "admin-plan-level-rate-above-one",
            ),
        ),
        PlanError::TooDeep(_) => (PlanPart::MaxDepth, max_depth_message()),
        PlanError::PaysMoreThanTheSale(ratio) => (
            PlanPart::Whole,
            Msg::new("admin-plan-pays-too-much").arg("percent", percent(*ratio)),
        ),
    }
}

/// The row to insert as the next version (the version number is the
/// database's to assign). Rates are stored as JSON strings, never floats.
pub fn to_new_plan(plan: &CommissionPlan, created_by: i64) -> NewPlan {
    let direct: serde_json::Map<String, serde_json::Value> = plan
        .direct_rates
        .iter()
        .map(|(tier, rate)| (tier.to_string(), rate.normalize().to_string().into()))
        .collect();
    NewPlan {
        version: 0,
        direct_rates: direct.into(),
        default_direct_rate: plan.default_direct_rate.normalize(),
        upline_rates: plan
            .upline_rates
            .iter()
            .map(|r| serde_json::Value::from(r.normalize().to_string()))
            .collect(),
        matching_rate: plan.matching_rate.normalize(),
        max_depth: plan.max_depth as i32,
        compression: plan.compression,
        created_by: Some(created_by),
    }
}

/// Whether two plans pay the same, whatever their version numbers.
pub fn same_rules(a: &CommissionPlan, b: &CommissionPlan) -> bool {
    CommissionPlan {
        version: b.version,
        ..a.clone()
    } == *b
}

/// "Direct 10% · upline 5 / 3 / 2% · matching 10% · depth 3 · compression".
pub fn summary(plan: &CommissionPlan) -> String {
    let upline = if plan.upline_rates.is_empty() {
        "no upline".to_string()
    } else {
        let rates: Vec<String> = plan.upline_rates.iter().map(|r| percent(*r)).collect();
        format!("upline {}%", rates.join(" / "))
    };
    let tiers = match plan.direct_rates.len() {
        0 => String::new(),
        1 => " (1 tier rate)".to_string(),
        n => format!(" ({n} tier rates)"),
    };
    format!(
        "Direct {}%{tiers} · {upline} · matching {}% · depth {}{}",
        percent(plan.default_direct_rate),
        percent(plan.matching_rate),
        plan.max_depth,
        if plan.compression {
            " · compression"
        } else {
            ""
        }
    )
}

/// What saving a plan did.
#[derive(Debug)]
pub enum PlanSaved {
    /// A new version, now in force.
    Version(PlanRow),
    /// The rules are those in force: no version was written.
    Unchanged(PlanRow),
    /// Someone saved this version after the editor's `based_on`.
    Stale(i32),
}

/// Writes `plan` (already validated) as the next version, unless it pays
/// the same as the version in force, or that version is newer than
/// `based_on` (the version the editor started from, when known).
pub fn save_plan(
    conn: &mut PgConnection,
    plan: &CommissionPlan,
    based_on: Option<i32>,
    actor: i64,
) -> Result<PlanSaved, AppError> {
    conn.transaction(|conn| {
        // Writers queue up here; readers (confirmations) are not blocked.
        diesel::sql_query("LOCK TABLE commission_plans IN SHARE ROW EXCLUSIVE MODE")
            .execute(conn)?;
        let before = PlanRow::current(conn)?;
        if based_on.is_some_and(|v| v != before.version) {
            return Ok(PlanSaved::Stale(before.version));
        }
        if same_rules(plan, &before.plan()) {
            return Ok(PlanSaved::Unchanged(before));
        }
        let after = PlanRow::insert_next(conn, to_new_plan(plan, actor))?;
        NewAuditEntry::new(
            Some(actor),
            "create",
            "commission_plan",
            Some(after.id),
            format!(
                "wrote commission plan version {} (was {}): {}",
                after.version,
                before.version,
                summary(&after.plan())
            ),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(PlanSaved::Version(after))
    })
}

/// The approval limits as typed.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct LimitsForm {
    pub auto_confirm_limit: String,
    pub manager_approval_limit: String,
}

impl LimitsForm {
    /// Both limits are money ≥ 0 in the currency's minor unit, and the
    /// manager limit is not below the auto-confirm limit.
    pub fn limits(&self, money: MoneyScale) -> Result<(Decimal, Decimal), FieldErrors> {
        let mut errors = FieldErrors::new();
        let scale = money.entry_places();
        let auto = input::decimal(
            &mut errors,
            "auto_confirm_limit",
            &self.auto_confirm_limit,
            Decimal::ZERO,
            scale,
        );
        let manager = input::decimal(
            &mut errors,
            "manager_approval_limit",
            &self.manager_approval_limit,
            Decimal::ZERO,
            scale,
        );
        if errors.is_empty() && manager < auto {
            errors.add(
                "manager_approval_limit",
                Msg::new("admin-approval-manager-below-auto").arg("limit", auto),
            );
        }
        errors.into_result().map(|()| (auto, manager))
    }
}

/// "1000" or "1500.5": a stored amount for the audit message.
fn plain(amount: Decimal) -> String {
    amount.normalize().to_string()
}

/// Sets the approval limits (checked by [`LimitsForm::limits`]) with an
/// audit entry; `None` when they already were these.
pub fn save_limits(
    conn: &mut PgConnection,
    auto: Decimal,
    manager: Decimal,
    actor: i64,
) -> Result<Option<ApprovalRules>, AppError> {
    conn.transaction(|conn| {
        let before = ApprovalRules::get(conn)?;
        if before.auto_confirm_limit == auto && before.manager_approval_limit == manager {
            return Ok(None);
        }
        let after = ApprovalRules::update(conn, auto, manager, actor)?;
        NewAuditEntry::new(
            Some(actor),
            "update",
            "approval_rules",
            None,
            format!(
                "set the approval limits: auto-confirm {} → {}, manager {} → {}",
                plain(before.auto_confirm_limit),
                plain(auto),
                plain(before.manager_approval_limit),
                plain(manager)
            ),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(Some(after))
    })
}

/// Everything the commission plan page shows besides the form.
pub struct PlanHistory {
    /// The newest version, the one in force.
    pub current_row: PlanRow,
    /// Every version, newest first.
    pub rows: Vec<PlanRow>,
    pub tiers: Vec<PartnerTier>,
    /// The names of the versions' authors.
    pub names: HashMap<i64, String>,
    /// How many sales each version paid.
    pub sales_by_plan: HashMap<i64, i64>,
}

pub fn plan_history(conn: &mut PgConnection) -> Result<PlanHistory, AppError> {
    let rows = PlanRow::all(conn)?;
    let current_row = rows.first().cloned().ok_or(AppError::NotFound)?;
    let authors: Vec<i64> = rows.iter().filter_map(|r| r.created_by).collect();
    let names = users::table
        .filter(users::id.eq_any(authors))
        .select((users::id, users::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let sales_by_plan = sales::table
        .filter(sales::plan_id.is_not_null())
        .group_by(sales::plan_id)
        .select((sales::plan_id, diesel::dsl::count_star()))
        .load::<(Option<i64>, i64)>(conn)?
        .into_iter()
        .filter_map(|(plan, n)| Some((plan?, n)))
        .collect();
    Ok(PlanHistory {
        current_row,
        rows,
        tiers: PartnerTier::all(conn)?,
        names,
        sales_by_plan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn form(auto: &str, manager: &str) -> LimitsForm {
        LimitsForm {
            auto_confirm_limit: auto.into(),
            manager_approval_limit: manager.into(),
        }
    }

    #[test]
    fn limits_are_money_at_least_zero_and_ordered() {
        assert_eq!(
            form("1,000", "250000.50")
                .limits(MoneyScale::from_stored(2))
                .unwrap(),
            (dec!(1000), dec!(250000.50))
        );
        assert_eq!(
            form("0", "0").limits(MoneyScale::from_stored(0)).unwrap(),
            (dec!(0), dec!(0))
        );
        let errors = form("-1", "abc")
            .limits(MoneyScale::from_stored(2))
            .unwrap_err();
        assert!(errors.has("auto_confirm_limit"));
        assert!(errors.has("manager_approval_limit"));
        let errors = form("5000", "1000")
            .limits(MoneyScale::from_stored(2))
            .unwrap_err();
        assert!(errors.has("manager_approval_limit"));
        // KRW has no minor unit: no fractions.
        assert!(
            form("1000.5", "2000")
                .limits(MoneyScale::from_stored(0))
                .is_err()
        );
    }

    #[test]
    fn upline_problems_name_their_level_and_the_whole_plan_its_payout() {
        let (part, message) = plan_problem(&PlanError::RateAboveOne(RateName::Upline(2)));
        assert_eq!(part, PlanPart::Rate(RateName::Upline(2)));
        assert_eq!(
            message.english(),
            "Level 2: A rate cannot be more than 100%."
        );
        let (part, message) = plan_problem(&PlanError::PaysMoreThanTheSale(dec!(1.1)));
        assert_eq!(part, PlanPart::Whole);
        assert!(message.english().contains("110%"));
        assert_eq!(too_many_levels(50), None);
        assert!(too_many_levels(51).is_some());
    }
}
