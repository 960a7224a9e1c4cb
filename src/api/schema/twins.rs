//! Twins of the rows and values below the edge that the API sends as they
//! serialise: only their shape is read, for the document. The test checks
//! each twin's fields against a serialised original.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use utoipa::ToSchema;

use super::{commission_kind, deadline_status, factor_source, reminder_kind, target_basis};

/// One factor of the target formula (`domain::target::Factor`).
#[derive(ToSchema)]
pub struct Factor {
    /// Above 0, at most 10, up to 4 decimals; 1 changes nothing.
    #[schema(example = "1.2")]
    pub value: Decimal,
    /// default: nothing set (1); set: stored by an admin or manager;
    /// computed: the team factor from last month's attainment; override:
    /// the team factor set by hand; adjusted: replaced for this
    /// calculation; not_leader: the person leads no team (1).
    #[schema(schema_with = factor_source)]
    pub source: String,
    /// Why, in English ("November 2026 market", "team at 112.50% of
    /// target in October 2026").
    pub note: String,
    /// Why, in parts: `kind` (personal_set, personal_none, market_set,
    /// market_none, season_set, season_none, team_override, not_leader,
    /// team_at, no_team_targets, stored) and its fields. Absent in
    /// breakdowns saved before it existed.
    pub reason: Option<serde_json::Value>,
}

/// The four factors (`domain::target::Factors`).
#[derive(ToSchema)]
pub struct Factors {
    /// The person's own adjustment.
    pub personal: Factor,
    /// The month's market condition.
    pub market: Factor,
    /// The calendar month's seasonal adjustment.
    pub seasonal: Factor,
    /// Team performance (leaders).
    pub team: Factor,
}

/// How a target was computed; stored with a goal set from the formula
/// (`domain::target::Breakdown`).
#[derive(ToSchema)]
pub struct TargetBreakdown {
    #[schema(schema_with = target_basis)]
    pub basis: String,
    pub partner_type: String,
    /// The partner type's minimum for the basis.
    pub minimum: Decimal,
    pub tier: Option<String>,
    /// The tier's target multiplier (1 without a tier).
    pub multiplier: Decimal,
    /// minimum × multiplier.
    pub base: Decimal,
    pub factors: Factors,
    /// base × every factor, unrounded.
    pub exact: Decimal,
    /// The target (a recommendation's when one was accepted).
    pub final_target: Decimal,
    /// Set when the target came from an accepted recommendation.
    pub recommended: Option<RecommendedTarget>,
}

/// A recommended target accepted in place of the formula's
/// (`domain::target::Recommended`).
#[derive(ToSchema)]
pub struct RecommendedTarget {
    pub target: Decimal,
    /// Why, in English ("monthly level 2,400,000, December +12% seasonal,
    /// Gold tier peers reach 96%").
    pub note: String,
    /// Why, in parts: `kind` recommended, `level`, `currency`, `trend`,
    /// `month`, `season`, `tier`, `peers` (percent), `team_share`.
    pub reason: serde_json::Value,
}

/// One commission line of a distribution (`domain::commission::Line`).
#[derive(ToSchema)]
pub struct DistributionLine {
    pub recipient_id: i64,
    #[schema(schema_with = commission_kind)]
    pub kind: String,
    pub level: u32,
    #[schema(example = "0.05")]
    pub rate: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
}

/// A sale's commission lines as computed at confirmation
/// (`domain::commission::Distribution`).
#[derive(ToSchema)]
pub struct Distribution {
    pub plan_version: i32,
    pub lines: Vec<DistributionLine>,
    pub total: Decimal,
    /// What the network was not paid.
    pub house_share: Decimal,
}

/// A sale's status change (`db::sales::StatusChange`).
#[derive(ToSchema)]
pub struct StatusChange {
    pub id: i64,
    pub sale_id: i64,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A ledger line, a payment or its reversal (`db::commissions::Entry`).
#[derive(ToSchema)]
pub struct CommissionEntry {
    pub id: i64,
    pub sale_id: i64,
    pub recipient_id: i64,
    #[schema(schema_with = commission_kind)]
    pub kind: String,
    pub level: i32,
    /// The rate applied.
    #[schema(example = "0.05")]
    pub rate: Decimal,
    pub base: Decimal,
    /// Negative on a reversal.
    pub amount: Decimal,
    pub plan_id: i64,
    pub plan_version: i32,
    pub reverses_entry_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// On an `adjustment` line: the dispute whose resolution wrote it.
    pub dispute_id: Option<i64>,
}

/// A goal's lifecycle stamps (`db::goal_lifecycle::Lifecycle`).
#[derive(ToSchema)]
pub struct Lifecycle {
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<i64>,
    pub activated_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub status_reason: Option<String>,
    pub status_changed_at: Option<DateTime<Utc>>,
}

/// A deadline reminder (`db::reminders::Reminder`).
#[derive(ToSchema)]
pub struct Reminder {
    pub id: i64,
    #[schema(schema_with = reminder_kind)]
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub emailed_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// A rep's standing with the month's sheet (`goals::compliance::ComplianceRow`).
#[derive(ToSchema)]
pub struct ComplianceRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub team: Option<String>,
    #[schema(schema_with = deadline_status)]
    pub status: String,
    /// Local days to the deadline's date: 0 on the 6th, negative after.
    pub days_until: i64,
    pub set_at: Option<DateTime<Utc>>,
    /// `false`: set after the deadline (late).
    pub set_by_deadline: Option<bool>,
    /// A manager cleared the late flag.
    pub late_cleared: bool,
    /// The latest reminder sent for the month (`three_days_before`, …).
    pub last_reminder: Option<String>,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rust_decimal_macros::dec;
    use utoipa::openapi::{RefOr, schema::Schema};

    use serde::Serialize;

    use super::*;
    use crate::domain::deadline::DeadlineStatus;
    use crate::domain::{commission, target};

    /// The property names of `T`'s schema.
    fn properties<T: ToSchema>() -> BTreeSet<String> {
        match T::schema() {
            RefOr::T(Schema::Object(object)) => object.properties.keys().cloned().collect(),
            _ => panic!("{} is not an object", T::name()),
        }
    }

    /// The member names `value` serialises with.
    fn members(value: impl Serialize) -> BTreeSet<String> {
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            other => panic!("not an object: {other}"),
        }
    }

    fn same<T: ToSchema>(value: impl Serialize) {
        assert_eq!(properties::<T>(), members(value), "{}", T::name());
    }

    #[test]
    fn every_twin_has_the_fields_its_original_serialises() {
        let now = Utc::now();
        let factor = target::Factor::new(dec!(1), target::Source::Set, "")
            .because(target::Reason::PersonalNone);
        let factors = target::Factors {
            personal: factor.clone(),
            market: factor.clone(),
            seasonal: factor.clone(),
            team: factor.clone(),
        };
        same::<Factor>(&factor);
        same::<Factors>(&factors);
        same::<TargetBreakdown>(target::Breakdown {
            inputs: target::BaseInputs {
                basis: target::Basis::MonthlySales,
                partner_type: "Gold".into(),
                minimum: dec!(1),
                tier: None,
                multiplier: dec!(1),
            },
            base: dec!(1),
            factors,
            exact: dec!(1),
            final_target: dec!(1),
            recommended: None,
        });
        same::<RecommendedTarget>(target::Recommended {
            target: dec!(1),
            note: String::new(),
            reason: target::Reason::PersonalNone,
        });
        let line = commission::Line {
            recipient_id: 1,
            kind: commission::Kind::Direct,
            level: 0,
            rate: dec!(0.05),
            base: dec!(100),
            amount: dec!(5),
        };
        same::<DistributionLine>(line);
        same::<Distribution>(commission::Distribution {
            plan_version: 1,
            lines: vec![line],
            total: dec!(5),
            house_share: dec!(95),
        });
        same::<StatusChange>(crate::db::sales::StatusChange {
            id: 1,
            sale_id: 1,
            from_status: None,
            to_status: crate::domain::sale_status::SaleStatus::Pending,
            reason: None,
            actor_id: None,
            created_at: now,
        });
        same::<CommissionEntry>(crate::db::commissions::Entry {
            id: 1,
            sale_id: 1,
            recipient_id: 1,
            kind: "direct".into(),
            level: 0,
            rate: dec!(0.05),
            base: dec!(100),
            amount: dec!(5),
            plan_id: 1,
            plan_version: 1,
            reverses_entry_id: None,
            created_at: now,
            dispute_id: None,
        });
        same::<Lifecycle>(crate::db::goal_lifecycle::Lifecycle {
            submitted_at: None,
            approved_at: None,
            approved_by: None,
            activated_at: None,
            completed_at: None,
            status_reason: None,
            status_changed_at: None,
        });
        same::<Reminder>(crate::db::reminders::Reminder {
            id: 1,
            kind: "overdue".into(),
            created_at: now,
            emailed_at: None,
            acknowledged_at: None,
        });
        same::<ComplianceRow>(crate::goals::compliance::ComplianceRow {
            user_id: 1,
            name: "Rep".into(),
            email: "rep@example.com".into(),
            team: None,
            status: DeadlineStatus::Pending,
            days_until: 0,
            set_at: None,
            set_by_deadline: None,
            late_cleared: false,
            last_reminder: None,
        });
    }
}
