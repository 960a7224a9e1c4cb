//! Schemas the derives cannot read off the API's own types: the closed
//! lists of words a text field holds (each built from the list or enum the
//! code itself uses, so the document names exactly what is sent), and
//! twins of the rows and values below the edge that the API sends as they
//! serialise (a test checks each twin's fields against a serialised value).

mod twins;

use serde::Serialize;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use crate::domain::attainment::{Health, Pace};
use crate::domain::deadline::{DeadlineStatus, ReminderKind};
use crate::domain::lifecycle::Status;
use crate::domain::owner::OwnerKind;
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
    one_of(OwnerKind::ALL.map(OwnerKind::as_str))
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

pub fn target_basis() -> Object {
    let all = |b: target::Basis| match b {
        target::Basis::MonthlySales | target::Basis::DealCount => b,
    };
    serialised(&[target::Basis::MonthlySales, target::Basis::DealCount].map(all))
}

pub fn factor_source() -> Object {
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

pub use twins::{
    CommissionEntry, ComplianceRow, Distribution, DistributionLine, Factor, Factors, Lifecycle,
    RecommendedTarget, Reminder, StatusChange, TargetBreakdown,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_lists_name_what_serde_writes() {
        let values = |o: Object| o.enum_values.unwrap_or_default();
        assert!(values(pace()).contains(&serde_json::json!("on_track")));
        assert!(values(deadline_status()).contains(&serde_json::json!("not_set")));
        assert_eq!(values(goal_status()).len(), 8);
    }
}
