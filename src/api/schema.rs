//! Schemas the derives cannot read off the API's own types: the closed
//! lists of words a text field holds (each built from the list or enum the
//! code itself uses, so the document names exactly what is sent), and
//! twins of the rows and values below the edge that the API sends as they
//! serialise (a test checks each twin's fields against a serialised value).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use crate::db::goals::Owner;
use crate::domain::attainment::{Health, Pace};
use crate::domain::deadline::{DeadlineStatus, ReminderKind};
use crate::domain::lifecycle::Status;
use crate::domain::period::PeriodKind;
use crate::domain::sheet_outcome::Outcome;
use crate::domain::{bonus, target};

/// A string that is one of `values`.
pub fn one_of<S: Into<serde_json::Value>>(values: impl IntoIterator<Item = S>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
}

/// A string that is one of `values` as serde writes them.
fn serialised<T: Serialize>(values: &[T]) -> Object {
    one_of(
        values
            .iter()
            .map(|v| serde_json::to_value(v).expect("a unit variant serialises")),
    )
}

pub fn period_kind() -> Object {
    one_of(PeriodKind::ALL.map(PeriodKind::as_str))
}

pub fn owner_kind() -> Object {
    one_of([Owner::User(0), Owner::Team(0), Owner::Company].map(Owner::kind))
}

pub fn goal_status() -> Object {
    one_of(Status::ALL.map(Status::as_str))
}

pub fn sale_status() -> Object {
    one_of(super::sales::STATUSES)
}

pub fn commission_kind() -> Object {
    one_of(super::commissions::KINDS)
}

pub fn sales_channel() -> Object {
    one_of(crate::db::sales::CHANNELS)
}

pub fn reminder_kind() -> Object {
    one_of(ReminderKind::ALL.map(ReminderKind::as_str))
}

/// A sheet is a draft until its rep sets it.
pub fn sheet_status() -> Object {
    one_of(["draft", "set"])
}

pub fn pace() -> Object {
    let all = |p: Pace| match p {
        Pace::Ahead | Pace::OnTrack | Pace::Behind | Pace::Critical => p,
    };
    serialised(&[Pace::Ahead, Pace::OnTrack, Pace::Behind, Pace::Critical].map(all))
}

pub fn health() -> Object {
    let all = |h: Health| match h {
        Health::Completed | Health::OnTrack | Health::NeedsAttention | Health::Critical => h,
    };
    serialised(
        &[
            Health::Completed,
            Health::OnTrack,
            Health::NeedsAttention,
            Health::Critical,
        ]
        .map(all),
    )
}

pub fn bonus_basis() -> Object {
    let all = |b: bonus::Basis| match b {
        bonus::Basis::Attainment | bonus::Basis::MetricValue => b,
    };
    serialised(&[bonus::Basis::Attainment, bonus::Basis::MetricValue].map(all))
}

pub fn sheet_outcome() -> Object {
    let all = |o: Outcome| match o {
        Outcome::Active | Outcome::Completed | Outcome::Missed | Outcome::Archived => o,
    };
    serialised(
        &[
            Outcome::Active,
            Outcome::Completed,
            Outcome::Missed,
            Outcome::Archived,
        ]
        .map(all),
    )
}

pub fn deadline_status() -> Object {
    let all = |s: DeadlineStatus| match s {
        DeadlineStatus::NotSet
        | DeadlineStatus::Pending
        | DeadlineStatus::Overdue
        | DeadlineStatus::Complete => s,
    };
    serialised(
        &[
            DeadlineStatus::NotSet,
            DeadlineStatus::Pending,
            DeadlineStatus::Overdue,
            DeadlineStatus::Complete,
        ]
        .map(all),
    )
}

fn target_basis() -> Object {
    let all = |b: target::Basis| match b {
        target::Basis::MonthlySales | target::Basis::DealCount => b,
    };
    serialised(&[target::Basis::MonthlySales, target::Basis::DealCount].map(all))
}

fn factor_source() -> Object {
    use target::Source;
    let all = |s: Source| match s {
        Source::Default
        | Source::Set
        | Source::Computed
        | Source::Override
        | Source::Adjusted
        | Source::NotLeader => s,
    };
    serialised(
        &[
            Source::Default,
            Source::Set,
            Source::Computed,
            Source::Override,
            Source::Adjusted,
            Source::NotLeader,
        ]
        .map(all),
    )
}

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
    pub note: String,
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
    /// The target.
    pub final_target: Decimal,
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

    use super::*;
    use crate::domain::commission;

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
        let factor = target::Factor::new(dec!(1), target::Source::Set, "");
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
            to_status: "pending".into(),
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

    #[test]
    fn closed_lists_name_what_serde_writes() {
        let values = |o: Object| o.enum_values.unwrap_or_default();
        assert!(values(pace()).contains(&serde_json::json!("on_track")));
        assert!(values(deadline_status()).contains(&serde_json::json!("not_set")));
        assert_eq!(values(goal_status()).len(), 8);
    }
}
