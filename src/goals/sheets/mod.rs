//! The monthly goal sheet and yearly goals as a service shared by the pages
//! and the API: setting a sheet (with its two goals, in one transaction),
//! clearing a late flag, completing sheets as events arrive, opening a new
//! month with drafts, and the yearly goals' monthly split and pace.
//!
//! Every function takes `now` so callers (and tests) decide the clock.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::goals::{Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::schema::{goal_sheets, goals};
use crate::db::sheets::GoalSheet;
use crate::db::users::User;
use crate::domain::deadline;
use crate::domain::lifecycle::Status;
use crate::domain::period::PeriodKind;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Key, Msg};
use crate::input;
use crate::org::access;

mod completion;
mod view;
mod yearly_goals;
use completion::complete_if_reached;
pub use completion::{complete_reached, open_month, open_month_job};
pub use view::{SheetView, month_tier_from, month_tier_in, signup_ladder, tier_reached};
pub use yearly_goals::{YearlyView, save_weights, set_yearly};

/// The highest bonus tier a rep may aim for.
pub const MAX_BONUS_TIER: i32 = 6;
/// Longest reason for clearing a late flag.
pub const MAX_REASON: usize = 500;

/// The organisation's time zone (UTC if the stored name is unknown).
pub fn tz_of(org: &Organisation) -> Tz {
    org.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// The three numbers of a sheet, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetInput {
    pub signup_goal: Decimal,
    pub revenue_goal: Decimal,
    pub bonus_tier_goal: i16,
}

impl SheetInput {
    /// Reads the form's text fields: signups a whole number, revenue in the
    /// currency's minor unit, the tier 0–6; a message per bad field.
    pub fn parse(
        signups: &str,
        revenue: &str,
        tier: &str,
        org: &Organisation,
    ) -> Result<SheetInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let signup_goal = input::decimal(&mut errors, "signup_goal", signups, Decimal::ZERO, 0);
        let revenue_goal = input::decimal(
            &mut errors,
            "revenue_goal",
            revenue,
            Decimal::ZERO,
            org.money_scale().entry_places(),
        );
        let tier = input::integer(&mut errors, "bonus_tier_goal", tier, 0, MAX_BONUS_TIER);
        errors.into_result()?;
        Ok(SheetInput {
            signup_goal,
            revenue_goal,
            bonus_tier_goal: tier as i16,
        })
    }
}

/// A month a sheet may be for.
pub fn check_month(year: i32, month: u32) -> Result<NaiveDate, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !(2000..=2999).contains(&year) {
        errors.add("year", Key("sheet-year-invalid"));
    }
    if !(1..=12).contains(&month) {
        errors.add("month", Key("sheet-month-invalid"));
    }
    errors.into_result()?;
    NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| FieldErrors::one("month", Key("goal-no-such-month")))
}

fn metric(conn: &mut PgConnection, key: &str) -> Result<Metric, AppError> {
    Metric::find_by_key(conn, key)?.ok_or_else(|| {
        AppError::Conflict(Msg::new("sheet-metric-missing").arg("key", key.to_string()))
    })
}

fn two_places(mut value: Decimal) -> Decimal {
    value.rescale(2);
    value
}

/// The month's goal of `owner_id` for `metric_id`: the one the sheet links,
/// else the live one, updated to `target` and active (a revision for each
/// change); created if there is none.
fn upsert_goal(
    conn: &mut PgConnection,
    owner_id: i64,
    linked: Option<i64>,
    metric_id: i64,
    period_id: i64,
    target: Decimal,
    actor_id: i64,
) -> Result<Goal, AppError> {
    let target = two_places(target);
    let linked = match linked {
        Some(id) => Goal::find(conn, id)
            .optional()?
            .filter(|g| g.status != Status::Cancelled),
        None => None,
    };
    let existing = match linked {
        Some(goal) => Some(goal),
        None => Goal::live(conn, Owner::User(owner_id), metric_id, period_id)?,
    };
    let reason = Some("Monthly goal sheet");
    match existing {
        Some(goal) => {
            // A goal already reached stays completed; anything else runs.
            let status = if goal.status == Status::Completed {
                Status::Completed
            } else {
                Status::Active
            };
            if goal.target == target && goal.status == status {
                return Ok(goal);
            }
            let updated: Goal = diesel::update(goals::table.find(goal.id))
                .set((goals::target.eq(target), goals::status.eq(status)))
                .returning(Goal::as_returning())
                .get_result(conn)?;
            RevisionDraft::new(goal.id, Some(actor_id), reason)
                .field("target", &goal.target, &target)
                .field("status", &goal.status, &status)
                .record(conn)?;
            Ok(updated)
        }
        None => {
            let mut new = NewGoal::new(Owner::User(owner_id), metric_id, period_id, target);
            new.created_by = Some(actor_id);
            let goal = Goal::insert(conn, &new).map_err(|e| {
                crate::error::on_constraint(
                    e,
                    &[(
                        crate::db::goals::LIVE_KEY,
                        "signup_goal",
                        Key("sheet-goal-exists"),
                    )],
                )
            })?;
            RevisionDraft::new(goal.id, Some(actor_id), reason)
                .field("target", &None::<Decimal>, &Some(target))
                .record(conn)?;
            Ok(goal)
        }
    }
}

/// The rep (`actor`) sets their own sheet for a month at `now`: the sheet,
/// its signup and revenue goals and their revisions in one transaction. The
/// first set records `set_at`, `set_by` and whether it beat the deadline; a
/// later change keeps them (compliance is about when the month was first
/// planned). A double submit waits on the sheet's row lock and changes
/// nothing the second time.
pub fn set_sheet(
    conn: &mut PgConnection,
    actor: &User,
    org: &Organisation,
    year: i32,
    month: u32,
    input: &SheetInput,
    now: DateTime<Utc>,
) -> Result<GoalSheet, AppError> {
    let first_day = check_month(year, month).map_err(AppError::Invalid)?;
    let tz = tz_of(org);
    conn.transaction(|conn| {
        let period =
            PeriodRow::containing(conn, PeriodKind::Month, first_day, org.fiscal_start_month())?;
        let sheet = GoalSheet::lock_or_create(conn, actor.id, year, month, period.id)?;
        let signups = metric(conn, "signups")?;
        let revenue = metric(conn, "revenue")?;
        let signup_goal = upsert_goal(
            conn,
            actor.id,
            sheet.signup_goal_id,
            signups.id,
            period.id,
            input.signup_goal,
            actor.id,
        )?;
        let revenue_goal = upsert_goal(
            conn,
            actor.id,
            sheet.revenue_goal_id,
            revenue.id,
            period.id,
            input.revenue_goal,
            actor.id,
        )?;
        let (set_at, set_by, on_time) = match (sheet.set_at, sheet.set_by_deadline) {
            (Some(at), Some(on_time)) if sheet.is_set() => (at, sheet.set_by, on_time),
            _ => {
                let due = deadline::deadline(year, month, tz).ok_or(AppError::NotFound)?;
                (now, Some(actor.id), deadline::on_time(now, due))
            }
        };
        let updated: GoalSheet = diesel::update(goal_sheets::table.find(sheet.id))
            .set((
                goal_sheets::signup_goal.eq(two_places(input.signup_goal)),
                goal_sheets::revenue_goal.eq(two_places(input.revenue_goal)),
                goal_sheets::bonus_tier_goal.eq(input.bonus_tier_goal),
                goal_sheets::status.eq("set"),
                goal_sheets::signup_goal_id.eq(signup_goal.id),
                goal_sheets::revenue_goal_id.eq(revenue_goal.id),
                goal_sheets::set_at.eq(set_at),
                goal_sheets::set_by.eq(set_by),
                goal_sheets::set_by_deadline.eq(on_time),
            ))
            .returning(GoalSheet::as_returning())
            .get_result(conn)?;
        if complete_if_reached(conn, &updated)? {
            return Ok(GoalSheet::find(conn, updated.id)?);
        }
        Ok(updated)
    })
}

/// Clears a late sheet's flag: managers of the rep's subtree and admins,
/// with a reason; audited. 404 for a sheet the actor may not see.
pub fn clear_late(
    conn: &mut PgConnection,
    actor: &User,
    sheet_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<GoalSheet, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            Key("sheet-clear-reason-required"),
        )));
    }
    if reason.chars().count() > MAX_REASON || reason.contains('\0') {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            Msg::new("sheet-reason-too-long").arg("max", MAX_REASON.to_string()),
        )));
    }
    conn.transaction(|conn| {
        let sheet: GoalSheet = goal_sheets::table
            .find(sheet_id)
            .select(GoalSheet::as_select())
            .for_update()
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound)?;
        if !access::can_view_user(conn, actor, sheet.user_id)? {
            return Err(AppError::NotFound);
        }
        if !access::can_manage_user(conn, actor, sheet.user_id)? {
            return Err(AppError::Forbidden);
        }
        if !sheet.is_late() {
            return Err(AppError::Conflict(Msg::new("sheet-not-late")));
        }
        let updated: GoalSheet = diesel::update(goal_sheets::table.find(sheet.id))
            .set((
                goal_sheets::late_cleared_at.eq(now),
                goal_sheets::late_cleared_by.eq(actor.id),
                goal_sheets::late_cleared_reason.eq(reason),
            ))
            .returning(GoalSheet::as_returning())
            .get_result(conn)?;
        NewAuditEntry::new(
            Some(actor.id),
            "clear_late",
            "goal_sheet",
            Some(sheet.id),
            format!(
                "Cleared the late flag of the {}-{:02} sheet of user {}: {reason}",
                sheet.year, sheet.month, sheet.user_id
            ),
        )
        .before(&sheet)
        .after(&updated)
        .record(conn)?;
        Ok(updated)
    })
}
