//! Creating a quota or an objective: read the body, then let
//! `goals::creation` resolve names and ids (422 for unknown ones), check the
//! caller may set the owner's targets (403), refuse a second live goal (409)
//! and write the goal, its milestones and the audit entry in one
//! transaction; this file words its refusals.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use super::auth::ApiUser;
use super::error::{ApiError, Fields, db, json};
use super::input::Input;
use super::shapes::{Lookup, MilestoneJson};
use crate::db::DbPool;
use crate::db::goals::Owner;
use crate::domain::number::EntryLimit;
use crate::domain::period::Period;
pub use crate::goals::creation::Kind;
use crate::goals::creation::{self, Draft, MilestoneDraft, PeriodChoice, Problem, Refusal};

/// Weights are NUMERIC(8, 2).
const MAX_WEIGHT: Decimal = dec!(1000000);
const MAX_MILESTONES: usize = crate::goals::milestones::MAX_PER_GOAL;

/// `target_value`: not negative (zero means "no target").
pub fn target(input: &mut Input) -> Option<Decimal> {
    let value: Decimal = input.get("target_value")?;
    if value.is_sign_negative() {
        input.fail("target_value", "must not be negative");
        return None;
    }
    Some(value)
}

/// `weight`: above zero, below a million.
pub fn weight(input: &mut Input) -> Option<Decimal> {
    let value: Decimal = input.get("weight")?;
    if value <= Decimal::ZERO || value >= MAX_WEIGHT {
        input.fail("weight", "must be above 0 and below 1000000");
        return None;
    }
    Some(value)
}

/// `priority`: 1 (highest) to 5.
pub fn priority(input: &mut Input) -> Option<i16> {
    let value: i16 = input.get("priority")?;
    if !(1..=5).contains(&value) {
        input.fail("priority", "must be between 1 and 5");
        return None;
    }
    Some(value)
}

pub(super) fn parse(body: &[u8], kind: Kind) -> Result<Draft, ApiError> {
    let mut input = Input::body(body)?;
    let user_id: Option<i64> = input.get("user_id");
    let team_id: Option<i64> = input.get("team_id");
    if input.has("user_id") && input.has("team_id") {
        input.fail(
            "team_id",
            "send user_id or team_id (or neither, for the company), not both",
        );
    }
    let metric_type: Option<String> = input.need("metric_type");
    if !input.has("target_value") {
        input.fail("target_value", "is required");
    }
    let target = target(&mut input);
    let weight = weight(&mut input).unwrap_or(Decimal::ONE);
    let priority = priority(&mut input).unwrap_or(3);
    let title: Option<String> = match kind {
        Kind::Quota => input.get("title"),
        Kind::Objective => input.need("title"),
    };
    let period = match kind {
        Kind::Quota => input.need("period_id").map(PeriodChoice::Stored),
        Kind::Objective => objective_period(&mut input),
    };
    let milestones = match kind {
        Kind::Quota => Vec::new(),
        Kind::Objective => milestones(&mut input),
    };
    let bonus_schedule_id: Option<i64> = input.get("bonus_schedule_id");
    let bonus_base: Option<Decimal> = input.get("bonus_base");
    if bonus_base.is_some_and(|b| b.is_sign_negative()) {
        input.fail("bonus_base", "must not be negative");
    }
    if bonus_base.is_some_and(|b| b > EntryLimit::MONEY.max()) {
        input.fail("bonus_base", "must be at most 1000000000000");
    }
    if bonus_base.is_some() && bonus_schedule_id.is_none() {
        input.fail(
            "bonus_schedule_id",
            "is required with bonus_base: the schedule's tiers pay it",
        );
    }
    let fields = input.into_fields();
    match (metric_type, target, period) {
        (Some(metric_type), Some(target), Some(period)) if fields.is_empty() => Ok(Draft {
            user_id,
            team_id,
            metric_type,
            target,
            weight,
            priority,
            title,
            period,
            milestones,
            bonus_schedule_id,
            bonus_base,
        }),
        _ => Err(ApiError::Invalid(fields)),
    }
}

/// `period_id`, or `start_date` and `end_date` for a custom range.
fn objective_period(input: &mut Input) -> Option<PeriodChoice> {
    if input.has("period_id") {
        if input.has("start_date") || input.has("end_date") {
            input.fail(
                "period_id",
                "send period_id or start_date and end_date, not both",
            );
        }
        return input.get("period_id").map(PeriodChoice::Stored);
    }
    let start: Option<NaiveDate> = input.need("start_date");
    let end: Option<NaiveDate> = input.need("end_date");
    match Period::custom(start?, end?) {
        Ok(period) => Some(PeriodChoice::Custom(period)),
        Err(e) => {
            input.fail("end_date", e.to_string());
            None
        }
    }
}

fn milestones(input: &mut Input) -> Vec<MilestoneDraft> {
    let Some(items) = input.get::<Vec<Value>>("milestones") else {
        return Vec::new();
    };
    if items.len() > MAX_MILESTONES {
        input.fail(
            "milestones",
            format!("may hold at most {MAX_MILESTONES} milestones"),
        );
        return Vec::new();
    }
    let mut out: Vec<MilestoneDraft> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let prefix = format!("milestones[{i}]");
        let mut nested = match Input::nested(item, prefix.clone()) {
            Ok(nested) => nested,
            Err(fields) => {
                input.errors.merge(fields);
                continue;
            }
        };
        let name: Option<String> = nested.need("name");
        let value: Option<Decimal> = nested.need("value");
        let due_on: Option<NaiveDate> = nested.get("due_date");
        if value.is_some_and(|v| v.is_sign_negative()) {
            nested.fail("value", "must not be negative");
        }
        if value.is_some_and(|v| out.iter().any(|m| m.value == v)) {
            nested.fail("value", "another milestone has the same value");
        }
        let fields = nested.into_fields();
        match (name, value) {
            (Some(name), Some(value)) if fields.is_empty() => out.push(MilestoneDraft {
                name,
                value,
                due_on,
            }),
            _ => input.errors.merge(fields),
        }
    }
    out
}

pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: &[u8],
    kind: Kind,
) -> Result<HttpResponse, ApiError> {
    let draft = parse(body, kind)?;
    let fiscal = caller.org.fiscal_start_month();
    let today = crate::goals::progress::org_today(&caller.org);
    let goal = db(&pool, move |conn| {
        creation::create(
            conn,
            &caller.user,
            draft,
            kind,
            fiscal,
            today,
            |conn, goal, marked| {
                let lookup = Lookup::load(conn, std::slice::from_ref(goal))?;
                let mut body = lookup.goal(goal);
                if kind == Kind::Objective {
                    body.milestones = Some(marked.iter().map(MilestoneJson::from).collect());
                }
                Ok(body)
            },
        )
    })
    .await?;
    Ok(json(StatusCode::CREATED, &goal))
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Invalid(problems) => {
                let mut fields = Fields::default();
                for problem in problems {
                    let (field, message) = word(problem);
                    fields.add(field, message);
                }
                ApiError::Invalid(fields)
            }
            Refusal::NotBelow(owner) => ApiError::forbidden(match owner {
                Owner::Company => "only admins set company goals",
                _ => "you may set targets only for people and teams below you",
            }),
        }
    }
}

/// The field a problem is reported on, and its message.
fn word(problem: Problem) -> (String, String) {
    let (field, message) = match problem {
        Problem::UnknownMetric => ("metric_type", "is not a known metric"),
        Problem::InactiveMetric => ("metric_type", "is not an active metric"),
        Problem::NoPeriod => ("period_id", "no such period"),
        Problem::CustomQuota => (
            "period_id",
            "a quota needs a month, quarter or year; set goals on custom ranges through /api/v1/goals",
        ),
        Problem::DueOutside { index, start, end } => {
            return (
                format!("milestones[{index}].due_date"),
                format!("must fall within the goal's period ({start} to {end})"),
            );
        }
        Problem::NoSchedule => ("bonus_schedule_id", "no such bonus schedule"),
        Problem::ScheduleRetired => ("bonus_schedule_id", "is no longer in use"),
        Problem::ScheduleOtherMetric => (
            "bonus_schedule_id",
            "counts another metric; use an attainment schedule or this metric's ladder",
        ),
        Problem::NoUser => ("user_id", "no such user"),
        Problem::UserDeactivated => ("user_id", "is deactivated"),
        Problem::NoTeam => ("team_id", "no such team"),
        Problem::TeamDeactivated => ("team_id", "is deactivated"),
    };
    (field.to_string(), message.to_string())
}
