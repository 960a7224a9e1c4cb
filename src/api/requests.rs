//! The request bodies as the document describes them. Handlers read their
//! bodies field by field (`input::Input`, so each bad field gets its own
//! message), never by deserialising these types; the tests below send every
//! documented field to the readers that are plain functions and fail on
//! any field a reader does not know.

use chrono::NaiveDate;
use utoipa::ToSchema;

use super::schema;

#[derive(ToSchema)]
pub struct TokenRequest {
    #[schema(format = Email)]
    pub email: String,
    #[schema(format = Password)]
    pub password: String,
}

#[derive(ToSchema)]
pub struct PeriodRequest {
    /// month, quarter and year snap to the one holding start_date (fiscal
    /// year from the organisation's settings); custom needs end_date.
    #[schema(schema_with = schema::period_kind)]
    pub period_type: String,
    #[schema(example = "2026-11-01")]
    pub start_date: NaiveDate,
    #[schema(example = "2026-11-30")]
    pub end_date: Option<NaiveDate>,
    pub name: Option<String>,
}

/// user_id or team_id, or neither for a company quota (admins).
#[derive(ToSchema)]
pub struct QuotaRequest {
    pub period_id: i64,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    #[schema(example = "revenue")]
    pub metric_type: String,
    /// Not negative; at most 2 decimal places. A JSON number is accepted too.
    #[schema(example = "250000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub target_value: String,
    /// Above 0 and below 1000000 (default 1).
    #[schema(example = "1.00", pattern = r"^[0-9]{1,6}(\.[0-9]{1,2})?$")]
    pub weight: Option<String>,
    #[schema(minimum = 1, maximum = 5, default = 3)]
    pub priority: Option<i64>,
    pub title: Option<String>,
    /// An active bonus schedule: attainment-based, or a value ladder of the
    /// goal's own metric.
    pub bonus_schedule_id: Option<i64>,
    /// Not negative; needs bonus_schedule_id. The bonus is this × the rate
    /// of the tier reached.
    #[schema(example = "1000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub bonus_base: Option<String>,
}

/// period_id, or start_date and end_date.
#[derive(ToSchema)]
pub struct GoalRequest {
    pub title: String,
    pub period_id: Option<i64>,
    #[schema(example = "2026-11-01")]
    pub start_date: Option<NaiveDate>,
    #[schema(example = "2026-11-30")]
    pub end_date: Option<NaiveDate>,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    #[schema(example = "revenue")]
    pub metric_type: String,
    /// Not negative; at most 2 decimal places. A JSON number is accepted too.
    #[schema(example = "250000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub target_value: String,
    /// Above 0 and below 1000000 (default 1).
    #[schema(example = "1.00", pattern = r"^[0-9]{1,6}(\.[0-9]{1,2})?$")]
    pub weight: Option<String>,
    #[schema(minimum = 1, maximum = 5, default = 3)]
    pub priority: Option<i64>,
    /// An active bonus schedule: attainment-based, or a value ladder of the
    /// goal's own metric.
    pub bonus_schedule_id: Option<i64>,
    /// Not negative; needs bonus_schedule_id. The bonus is this × the rate
    /// of the tier reached.
    #[schema(example = "1000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub bonus_base: Option<String>,
    #[schema(max_items = 50)]
    pub milestones: Option<Vec<MilestoneRequest>>,
}

#[derive(ToSchema)]
pub struct MilestoneRequest {
    pub name: String,
    /// Distinct within the goal.
    #[schema(example = "50000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub value: String,
    #[schema(example = "2026-11-30")]
    pub due_date: Option<NaiveDate>,
}

/// At least one field (`openapi::Tidy` says so: utoipa 5.5 writes
/// `min_properties` as `maxProperties`).
#[derive(ToSchema)]
pub struct GoalChange {
    /// Not negative.
    #[schema(example = "250000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub target_value: Option<String>,
    /// Above 0 and below 1000000.
    #[schema(example = "1.00", pattern = r"^[0-9]{1,6}(\.[0-9]{1,2})?$")]
    pub weight: Option<String>,
    #[schema(minimum = 1, maximum = 5)]
    pub priority: Option<i64>,
    pub title: Option<String>,
    /// Why; needed to change the target of an active goal. Recorded in the
    /// goal's revisions.
    #[schema(max_length = 1000)]
    pub reason: Option<String>,
}

#[derive(ToSchema)]
pub struct EventRequest {
    pub user_id: Option<i64>,
    pub metric_type: String,
    /// Not zero. A plain decimal (digits, optional leading minus, a decimal
    /// point; commas only between groups of three digits). Money in the
    /// currency's minor unit, at most 1000000000000; counts whole, at most
    /// 100000; a person's total of a metric stays within 100000000000000.
    /// Negative only with correction_reason.
    #[schema(example = "3", pattern = r"^-?[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub value: String,
    /// From 2000-01-01 to 2100-12-31, not in the future.
    #[schema(example = "2026-11-30")]
    pub occurred_on: Option<NaiveDate>,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    /// Makes the event a correction: required with a negative value,
    /// refused with a positive one.
    #[schema(max_length = 500)]
    pub correction_reason: Option<String>,
}

/// An optional note (`{}` or an empty body for none).
#[derive(ToSchema)]
pub struct Notes {
    #[schema(max_length = 1000)]
    pub notes: Option<String>,
}

/// The notes saying why.
#[derive(ToSchema)]
pub struct RequiredNotes {
    #[schema(max_length = 1000)]
    pub notes: String,
}

/// The reason.
#[derive(ToSchema)]
pub struct RequiredReason {
    #[schema(max_length = 1000)]
    pub reason: String,
}

#[derive(ToSchema)]
pub struct MonthlySheetInput {
    /// Default: this year.
    #[schema(minimum = 2000, maximum = 2999)]
    pub year: Option<i64>,
    /// Default: this month.
    #[schema(minimum = 1, maximum = 12)]
    pub month: Option<i64>,
    /// A whole number ≥ 0 (a JSON number is accepted too).
    #[schema(example = "20", pattern = "^[0-9]{1,9}$")]
    pub signup_goal: String,
    /// ≥ 0, in the currency's minor unit.
    #[schema(example = "50000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub revenue_goal: String,
    /// The signup ladder tier aimed for; 0 for none.
    #[schema(minimum = 0, maximum = 6, example = 3)]
    pub bonus_tier_goal: i64,
}

#[derive(ToSchema)]
pub struct YearlyGoalsInput {
    /// Default: this year.
    #[schema(minimum = 2000, maximum = 2999)]
    pub year: Option<i64>,
    /// A whole number ≥ 0 (a JSON number is accepted too).
    #[schema(example = "240", pattern = "^[0-9]{1,9}$")]
    pub signup_goal: String,
    /// ≥ 0, in the currency's minor unit.
    #[schema(example = "600000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub revenue_goal: String,
}

#[derive(ToSchema)]
pub struct SaleRequest {
    pub title: String,
    pub description: Option<String>,
    /// Above zero, in the currency's minor unit.
    #[schema(example = "250000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub amount: String,
    /// The organisation's currency (default).
    pub currency_code: Option<String>,
    #[schema(example = "2026-11-30")]
    pub sales_date: Option<NaiveDate>,
    pub category: Option<String>,
    pub product_type: Option<String>,
    #[schema(schema_with = schema::sales_channel)]
    pub sales_channel: String,
    /// Unique among the partner's sales.
    pub order_number: String,
    pub order_code: Option<String>,
    /// If sent, the caller's own id.
    pub partner_id: Option<i64>,
}

#[derive(ToSchema)]
pub struct CommissionPlanRequest {
    /// Direct rate by partner tier id.
    #[schema(example = json!({"1": "0.05"}))]
    pub direct_rates: Option<std::collections::BTreeMap<String, String>>,
    /// 0 to 1, at most 6 decimals.
    #[schema(example = "0.05")]
    pub default_direct_rate: String,
    #[schema(max_items = 50)]
    pub upline_rates: Vec<String>,
    #[schema(example = "0.05")]
    pub matching_rate: String,
    #[schema(minimum = 0, maximum = 50)]
    pub max_depth: i64,
    pub compression: bool,
    /// The version read before editing; a newer one is a 409.
    pub based_on: Option<i64>,
}

#[derive(ToSchema)]
pub struct ApprovalRulesRequest {
    /// At least 0.
    #[schema(example = "100000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub auto_confirm_limit: String,
    /// At least the auto-confirm limit.
    #[schema(example = "1000000.00", pattern = r"^[0-9]{1,16}(\.[0-9]{1,2})?$")]
    pub manager_approval_limit: String,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{Map, Value, json};
    use utoipa::openapi::{RefOr, schema::Schema};

    use super::super::error::ApiError;
    use super::super::{commission_plan, events, goal_actions, goals, new_goal, sale_actions};
    use super::*;

    /// Every property of `T`'s schema, sent as `null`.
    fn nulls<T: ToSchema>() -> Map<String, Value> {
        match T::schema() {
            RefOr::T(Schema::Object(object)) => object
                .properties
                .keys()
                .map(|k| (k.clone(), Value::Null))
                .collect(),
            _ => panic!("{} is not an object", T::name()),
        }
    }

    /// The fields a reader refused as unknown.
    fn unknown<T>(read: Result<T, ApiError>) -> BTreeSet<String> {
        match read {
            Err(ApiError::Invalid(fields)) => fields
                .iter()
                .filter(|(_, message)| *message == "is not a known field")
                .map(|(field, _)| field.to_string())
                .collect(),
            _ => BTreeSet::new(),
        }
    }

    /// Fields every one of `bodies` had refused (a reader may read a field
    /// only when another is absent, as goals read dates without a period).
    fn unknown_in_all<T>(
        read: impl Fn(&[u8]) -> Result<T, ApiError>,
        bodies: &[Map<String, Value>],
    ) -> BTreeSet<String> {
        bodies
            .iter()
            .map(|body| unknown(read(&serde_json::to_vec(body).unwrap())))
            .reduce(|a, b| a.intersection(&b).cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_readers_know_every_field_the_document_names() {
        let none = BTreeSet::new();
        let quota = |body: &[u8]| new_goal::parse(body, new_goal::Kind::Quota);
        assert_eq!(unknown_in_all(quota, &[nulls::<QuotaRequest>()]), none);

        let goal = |body: &[u8]| new_goal::parse(body, new_goal::Kind::Objective);
        let mut with_period = nulls::<GoalRequest>();
        with_period.insert("period_id".into(), json!(1));
        let mut with_milestone = nulls::<GoalRequest>();
        with_milestone.insert(
            "milestones".into(),
            json!([Value::Object(nulls::<MilestoneRequest>())]),
        );
        assert_eq!(
            unknown_in_all(goal, &[with_period, with_milestone]),
            none,
            "goals and their milestones"
        );

        assert_eq!(
            unknown_in_all(goals::parse_changes, &[nulls::<GoalChange>()]),
            none
        );
        assert_eq!(
            unknown_in_all(events::parse, &[nulls::<EventRequest>()]),
            none
        );
        assert_eq!(
            unknown_in_all(commission_plan::parse, &[nulls::<CommissionPlanRequest>()]),
            none
        );
        for body in [
            nulls::<Notes>(),
            nulls::<RequiredNotes>(),
            nulls::<RequiredReason>(),
        ] {
            let body = [body];
            assert_eq!(unknown_in_all(goal_actions::note_of, &body), none);
            assert_eq!(unknown_in_all(sale_actions::note_of, &body), none);
        }
    }
}
