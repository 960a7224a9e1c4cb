//! Creating a quota or an objective: read the body, resolve names and ids
//! (422 for unknown ones), check the caller may set the owner's targets
//! (403), refuse a second live goal (409), then write the goal, its
//! milestones and the audit entry in one transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use super::auth::ApiUser;
use super::error::{ApiError, Fields, db, json, on_constraint};
use super::input::Input;
use super::shapes::{Lookup, MilestoneJson};
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::goals::{Goal, LIVE_KEY, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::milestones::{Milestone, NewMilestone};
use crate::db::periods::PeriodRow;
use crate::db::schema::{teams, users};
use crate::db::users::User;
use crate::domain::period::Period;
use crate::org::access;

/// Weights are NUMERIC(8, 2).
const MAX_WEIGHT: Decimal = dec!(1000000);
const MAX_MILESTONES: usize = crate::goals::milestones::MAX_PER_GOAL;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// On a month, quarter or year, from `period_id`.
    Quota,
    /// With a title, on any period or a custom range, with milestones.
    Objective,
}

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

enum PeriodChoice {
    Stored(i64),
    Custom(Period),
}

struct MilestoneDraft {
    name: String,
    value: Decimal,
    due_on: Option<NaiveDate>,
}

struct Draft {
    user_id: Option<i64>,
    team_id: Option<i64>,
    metric_type: String,
    target: Decimal,
    weight: Decimal,
    priority: i16,
    title: Option<String>,
    period: PeriodChoice,
    milestones: Vec<MilestoneDraft>,
    bonus_schedule_id: Option<i64>,
    bonus_base: Option<Decimal>,
}

fn parse(body: &[u8], kind: Kind) -> Result<Draft, ApiError> {
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
    if bonus_base.is_some_and(|b| b > crate::domain::number::MAX_MONEY) {
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
    let fiscal = u32::try_from(caller.org.fiscal_year_start_month).unwrap_or(1);
    let today = crate::goals::progress::org_today(&caller.org);
    let goal = db(&pool, move |conn| {
        conn.transaction(|conn| insert(conn, &caller.user, draft, kind, fiscal, today))
    })
    .await?;
    Ok(json(StatusCode::CREATED, &goal))
}

fn insert(
    conn: &mut PgConnection,
    viewer: &User,
    draft: Draft,
    kind: Kind,
    fiscal: u32,
    today: chrono::NaiveDate,
) -> Result<super::shapes::GoalJson, ApiError> {
    let mut fields = Fields::default();
    let metric = Metric::find_by_key(conn, &draft.metric_type)?;
    match &metric {
        None => fields.add("metric_type", "is not a known metric"),
        Some(m) if !m.active => fields.add("metric_type", "is not an active metric"),
        Some(_) => {}
    }
    let period = match draft.period {
        PeriodChoice::Stored(id) => PeriodRow::find(conn, id).optional()?,
        // Inside the transaction: refused goals leave no new period behind.
        PeriodChoice::Custom(p) => Some(PeriodRow::ensure(conn, &p, &p.label(fiscal))?),
    };
    match &period {
        None => fields.add("period_id", "no such period"),
        Some(p) if kind == Kind::Quota && p.kind == "custom" => fields.add(
            "period_id",
            "a quota needs a month, quarter or year; set goals on custom ranges through /api/v1/goals",
        ),
        Some(p) => {
            for (i, m) in draft.milestones.iter().enumerate() {
                if m.due_on.is_some_and(|d| d < p.start_date || d > p.end_date) {
                    fields.add(
                        format!("milestones[{i}].due_date"),
                        format!("must fall within the goal's period ({} to {})", p.start_date, p.end_date),
                    );
                }
            }
        }
    }
    if let Some(id) = draft.bonus_schedule_id {
        match crate::db::bonus::BonusSchedule::find(conn, id).optional()? {
            None => fields.add("bonus_schedule_id", "no such bonus schedule"),
            Some(s) if !s.active => fields.add("bonus_schedule_id", "is no longer in use"),
            Some(s) if metric.as_ref().is_some_and(|m| !s.fits_metric(m.id)) => fields.add(
                "bonus_schedule_id",
                "counts another metric; use an attainment schedule or this metric's ladder",
            ),
            Some(_) => {}
        }
    }
    let owner = owner(conn, &draft, &mut fields)?;
    fields.into_result()?;
    let (Some(metric), Some(period)) = (metric, period) else {
        return Err(ApiError::Internal(anyhow::anyhow!("checked above")));
    };
    let mut new = NewGoal::new(owner, metric.id, period.id, draft.target);
    new.title = draft.title;
    new.weight = draft.weight;
    new.priority = draft.priority;
    new.created_by = Some(viewer.id);
    new.bonus_schedule_id = draft.bonus_schedule_id;
    new.bonus_base = draft.bonus_base.map(|mut b| {
        b.rescale(2);
        b
    });
    if !access::may_set_goal_for(conn, viewer, owner)? {
        return Err(ApiError::forbidden(match owner {
            Owner::Company => "only admins set company goals",
            _ => "you may set targets only for people and teams below you",
        }));
    }
    if Goal::live(conn, owner, metric.id, period.id)?.is_some() {
        return Err(conflict(conn, owner, &metric, &period)?);
    }
    // A savepoint, so that after losing a race for the live slot the
    // transaction can still read the names for the message.
    let inserted = conn
        .transaction(|conn| Goal::insert_approved(conn, &new, viewer.id, period.start_date, today));
    let goal = match inserted {
        Ok(goal) => goal,
        Err(e) => {
            let message = conflict(conn, owner, &metric, &period)?;
            return Err(on_constraint(e, LIVE_KEY, message));
        }
    };
    let milestones = write_milestones(conn, &goal, draft.milestones)?;
    NewAuditEntry::new(
        Some(viewer.id),
        "create",
        "goal",
        Some(goal.id),
        format!("Created goal #{} through the API", goal.id),
    )
    .after(&goal)
    .record(conn)?;
    let lookup = Lookup::load(conn, std::slice::from_ref(&goal))?;
    let mut body = lookup.goal(&goal);
    if kind == Kind::Objective {
        body.milestones = Some(milestones.iter().map(MilestoneJson::from).collect());
    }
    Ok(body)
}

/// The owner named by `user_id` / `team_id` (neither: the company), which
/// must exist and be active.
fn owner(conn: &mut PgConnection, draft: &Draft, fields: &mut Fields) -> QueryResult<Owner> {
    if let Some(id) = draft.user_id {
        let active: Option<bool> = users::table
            .find(id)
            .select(users::active)
            .first(conn)
            .optional()?;
        match active {
            None => fields.add("user_id", "no such user"),
            Some(false) => fields.add("user_id", "is deactivated"),
            Some(true) => {}
        }
        return Ok(Owner::User(id));
    }
    if let Some(id) = draft.team_id {
        let active: Option<bool> = teams::table
            .find(id)
            .select(teams::active)
            .first(conn)
            .optional()?;
        match active {
            None => fields.add("team_id", "no such team"),
            Some(false) => fields.add("team_id", "is deactivated"),
            Some(true) => {}
        }
        return Ok(Owner::Team(id));
    }
    Ok(Owner::Company)
}

/// "Ana Lima already has a live revenue goal for November 2026".
fn conflict(
    conn: &mut PgConnection,
    owner: Owner,
    metric: &Metric,
    period: &PeriodRow,
) -> Result<ApiError, ApiError> {
    let who: String = match owner {
        Owner::User(id) => users::table.find(id).select(users::name).first(conn)?,
        Owner::Team(id) => teams::table.find(id).select(teams::name).first(conn)?,
        Owner::Company => "The company".into(),
    };
    Ok(ApiError::Conflict(format!(
        "{who} already has a live {} goal for {}",
        metric.name.to_lowercase(),
        period.name
    )))
}

/// Writes the milestones and marks those the owner's events already reach,
/// with the day the running total first crossed them (the same marking as
/// the goal page's changes: `crate::goals::milestones`).
fn write_milestones(
    conn: &mut PgConnection,
    goal: &Goal,
    drafts: Vec<MilestoneDraft>,
) -> Result<Vec<Milestone>, ApiError> {
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    for draft in drafts {
        Milestone::insert(
            conn,
            &NewMilestone {
                goal_id: goal.id,
                name: draft.name,
                value: draft.value,
                due_on: draft.due_on,
            },
        )?;
    }
    Ok(crate::goals::milestones::mark_from_events(conn, goal)?)
}
