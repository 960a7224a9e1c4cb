//! The monthly goal sheet and yearly goals as a service shared by the pages
//! and the API: setting a sheet (with its two goals, in one transaction),
//! clearing a late flag, completing sheets as events arrive, opening a new
//! month with drafts, and the yearly goals' monthly split and pace.
//!
//! Every function takes `now` so callers (and tests) decide the clock.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Numeric, SmallInt, Timestamptz};
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::goals::{Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::schema::{goal_sheets, goals};
use crate::db::sheets::{self, GoalSheet, YearlyGoal};
use crate::db::users::User;
use crate::domain::attainment;
use crate::domain::deadline::{self, DeadlineStatus};
use crate::domain::lifecycle::Status;
use crate::domain::period::{self, PeriodKind};
use crate::domain::yearly::{self, YearlyProgress};
use crate::error::{AppError, FieldErrors};
use crate::goals::progress::{self, GoalView};
use crate::input;
use crate::org::access;

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
        errors.add("year", "Enter a year from 2000 to 2999.");
    }
    if !(1..=12).contains(&month) {
        errors.add("month", "Enter a month from 1 to 12.");
    }
    errors.into_result()?;
    NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| FieldErrors::one("month", "No such month."))
}

fn metric(conn: &mut PgConnection, key: &str) -> Result<Metric, AppError> {
    Metric::find_by_key(conn, key)?
        .ok_or_else(|| AppError::Conflict(format!("The built-in metric \"{key}\" is missing.")))
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
                        "A goal for this month and metric already exists.",
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
        let period = PeriodRow::containing(
            conn,
            PeriodKind::Month,
            first_day,
            org.fiscal_year_start_month as u32,
        )?;
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
            "Say why the late flag is cleared.",
        )));
    }
    if reason.chars().count() > MAX_REASON || reason.contains('\0') {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            format!("Use at most {MAX_REASON} characters."),
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
            return Err(AppError::Conflict("This sheet is not flagged late.".into()));
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

/// Have both of the sheet's goals reached 100 %?
fn both_reached(conn: &mut PgConnection, sheet: &GoalSheet) -> QueryResult<bool> {
    let (Some(signups), Some(revenue)) = (sheet.signup_goal_id, sheet.revenue_goal_id) else {
        return Ok(false);
    };
    let period = PeriodRow::find(conn, sheet.period_id)?;
    for id in [signups, revenue] {
        let goal = Goal::find(conn, id)?;
        if goal.status == Status::Cancelled {
            return Ok(false);
        }
        let actual = progress::actual(
            conn,
            Owner::User(sheet.user_id),
            goal.metric_id,
            period.start_date,
            period.end_date,
        )?;
        // Exactly: 49,999.99 of 50,000 shows as 100.00 % but is not done.
        if !attainment::target_met(actual, goal.target) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn complete_if_reached(conn: &mut PgConnection, sheet: &GoalSheet) -> QueryResult<bool> {
    if sheet.completed_at.is_some() || !sheet.is_set() || !both_reached(conn, sheet)? {
        return Ok(false);
    }
    Ok(GoalSheet::mark_completed(conn, sheet.id)? == 1)
}

/// Completes `user_id`'s set sheet for the month of `day` once both its
/// goals reach 100 %. Run in the transaction of each new event (the
/// milestone check calls it); one query when no sheet is open.
pub fn complete_reached(
    conn: &mut PgConnection,
    user_id: i64,
    day: NaiveDate,
) -> QueryResult<usize> {
    let mut completed = 0;
    for sheet in GoalSheet::open_set(conn, user_id, day.year(), day.month())? {
        if complete_if_reached(conn, &sheet)? {
            completed += 1;
        }
    }
    Ok(completed)
}

/// Opens a month: a draft sheet for every active rep who has none, each
/// figure filled from the rep's live goal of the month when a manager has
/// already set one, else from the rep's latest set sheet (their defaults),
/// else their yearly goals' share of the month (by the seasonal weights),
/// else zero. One
/// statement; running it again adds nothing (the unique key). Returns the
/// sheets created.
pub fn open_month(
    conn: &mut PgConnection,
    year: i32,
    month: u32,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let first_day = check_month(year, month).map_err(AppError::Invalid)?;
    conn.transaction(|conn| {
        let org = Organisation::get(conn)?;
        let period = PeriodRow::containing(
            conn,
            PeriodKind::Month,
            first_day,
            org.fiscal_year_start_month as u32,
        )?;
        let weights = sheets::seasonal_weights(conn)?;
        let money_scale = org.money_scale().entry_places();
        let index = (month - 1) as usize;
        let mut users = Vec::new();
        let mut signups = Vec::new();
        let mut revenue = Vec::new();
        for goal in YearlyGoal::all_of_year(conn, year)? {
            users.push(goal.user_id);
            signups.push(yearly::monthly_split(goal.signup_goal, weights.as_ref(), 0)[index]);
            revenue.push(
                yearly::monthly_split(goal.revenue_goal, weights.as_ref(), money_scale)[index],
            );
        }
        let created = diesel::sql_query(
            "INSERT INTO goal_sheets (user_id, year, month, period_id, signup_goal,
                                      revenue_goal, bonus_tier_goal, created_at, updated_at)
             SELECT u.id, $1, $2, $3,
                    COALESCE(live.signup_goal, prev.signup_goal, y.signup_goal, 0),
                    COALESCE(live.revenue_goal, prev.revenue_goal, y.revenue_goal, 0),
                    COALESCE(prev.bonus_tier_goal, 0), $4, $4
             FROM users u
             LEFT JOIN LATERAL (
                 SELECT max(g.target) FILTER (WHERE m.key = 'signups') AS signup_goal,
                        max(g.target) FILTER (WHERE m.key = 'revenue') AS revenue_goal
                 FROM goals g JOIN metric_definitions m ON m.id = g.metric_id
                 WHERE g.owner_kind = 'user' AND g.user_id = u.id AND g.period_id = $3
                   AND g.status = ANY($8)
             ) live ON TRUE
             LEFT JOIN LATERAL (
                 SELECT s.signup_goal, s.revenue_goal, s.bonus_tier_goal
                 FROM goal_sheets s
                 WHERE s.user_id = u.id AND s.status = 'set'
                   AND (s.year, s.month) < ($1, $2)
                 ORDER BY s.year DESC, s.month DESC
                 LIMIT 1
             ) prev ON TRUE
             LEFT JOIN unnest($5::bigint[], $6::numeric[], $7::numeric[])
                  AS y(user_id, signup_goal, revenue_goal) ON y.user_id = u.id
             WHERE u.active AND u.role = 'rep'
             ON CONFLICT ON CONSTRAINT goal_sheets_user_month_key DO NOTHING",
        )
        .bind::<SmallInt, _>(year as i16)
        .bind::<SmallInt, _>(month as i16)
        .bind::<BigInt, _>(period.id)
        .bind::<Timestamptz, _>(now)
        .bind::<Array<BigInt>, _>(users)
        .bind::<Array<Numeric>, _>(signups)
        .bind::<Array<Numeric>, _>(revenue)
        .bind::<Array<diesel::sql_types::Text>, _>(crate::db::goals::LIVE_STATUSES.to_vec())
        .execute(conn)?;
        Ok(created)
    })
}

/// A sheet with everything its page and the API show.
pub struct SheetView {
    pub rep: User,
    pub year: i32,
    pub month: u32,
    pub sheet: Option<GoalSheet>,
    pub signups: Option<GoalView>,
    pub revenue: Option<GoalView>,
    pub deadline: DateTime<Utc>,
    pub status: DeadlineStatus,
    /// The tier of the signup ladder the month's signups have reached.
    pub tier_reached: Option<i16>,
}

/// The ladder a sheet's bonus tier goal is read on: its signup goal's own
/// value schedule if it has one, else the oldest active value schedule of
/// the signups metric (the seeded "Signup ladder").
pub fn signup_ladder(
    conn: &mut PgConnection,
    signup_goal: Option<&Goal>,
) -> QueryResult<Option<crate::db::bonus::LoadedSchedule>> {
    if let Some(id) = signup_goal.and_then(|g| g.bonus_schedule_id) {
        let own = crate::db::bonus::load(conn, id)?;
        if own.basis() == crate::domain::bonus::Basis::MetricValue {
            return Ok(Some(own));
        }
    }
    crate::db::bonus::oldest_value_ladder(conn, "signups")
}

/// The ladder tier `signups` reach on the sheet's ladder, if any.
pub fn tier_reached(
    conn: &mut PgConnection,
    signup_goal: Option<&Goal>,
    signups: Decimal,
) -> QueryResult<Option<i16>> {
    Ok(signup_ladder(conn, signup_goal)?
        .and_then(|ladder| ladder.rules().tier_for(signups))
        .map(|tier| tier.position))
}

/// The month's signups of `user_id` and the ladder tier they reach.
fn month_tier(conn: &mut PgConnection, sheet: &GoalSheet) -> QueryResult<(Decimal, Option<i16>)> {
    let period = PeriodRow::find(conn, sheet.period_id)?;
    let Some(signups) = Metric::find_by_key(conn, "signups")? else {
        return Ok((Decimal::ZERO, None));
    };
    let actual = progress::actual(
        conn,
        Owner::User(sheet.user_id),
        signups.id,
        period.start_date,
        period.end_date,
    )?;
    let goal = match sheet.signup_goal_id {
        Some(id) => Some(Goal::find(conn, id)?),
        None => None,
    };
    Ok((actual, tier_reached(conn, goal.as_ref(), actual)?))
}

/// [`month_tier`] from the view of the sheet's signup goal when `views`
/// hold it (the dashboard has a view of every current goal): the same
/// period, metric, goal and sum of events, without reading them again.
pub fn month_tier_in(
    conn: &mut PgConnection,
    sheet: &GoalSheet,
    views: &[GoalView],
) -> QueryResult<(Decimal, Option<i16>)> {
    let signups = views.iter().find(|v| {
        Some(v.goal.id) == sheet.signup_goal_id
            && v.period.id == sheet.period_id
            && v.metric.key == "signups"
    });
    match signups {
        Some(view) => {
            let actual = view.progress.actual;
            Ok((actual, tier_reached(conn, Some(&view.goal), actual)?))
        }
        None => month_tier(conn, sheet),
    }
}

impl SheetView {
    /// Did the rep reach the bonus tier they aimed for?
    pub fn bonus_triggered(&self) -> bool {
        let goal = self.sheet.as_ref().map_or(0, |s| s.bonus_tier_goal);
        crate::domain::bonus::bonus_triggered(goal, self.tier_reached)
    }

    pub fn load(
        conn: &mut PgConnection,
        org: &Organisation,
        rep: User,
        year: i32,
        month: u32,
        now: DateTime<Utc>,
    ) -> Result<SheetView, AppError> {
        check_month(year, month).map_err(AppError::Invalid)?;
        let tz = tz_of(org);
        let sheet = GoalSheet::of_month(conn, rep.id, year, month)?;
        let ids: Vec<i64> = sheet
            .iter()
            .flat_map(|s| [s.signup_goal_id, s.revenue_goal_id])
            .flatten()
            .collect();
        let found: Vec<Goal> = goals::table
            .filter(goals::id.eq_any(&ids))
            .select(Goal::as_select())
            .load(conn)?;
        let today = period::local_date(now, tz);
        let mut views = progress::views(conn, found, org, today)?;
        let mut take = |id: Option<i64>| {
            let at = views.iter().position(|v| Some(v.goal.id) == id)?;
            Some(views.swap_remove(at))
        };
        let signups = take(sheet.as_ref().and_then(|s| s.signup_goal_id));
        let revenue = take(sheet.as_ref().and_then(|s| s.revenue_goal_id));
        let is_set = sheet.as_ref().is_some_and(GoalSheet::is_set);
        let tier_reached = match &signups {
            Some(view) => tier_reached(conn, Some(&view.goal), view.progress.actual)?,
            None => None,
        };
        Ok(SheetView {
            tier_reached,
            rep,
            year,
            month,
            signups,
            revenue,
            deadline: deadline::deadline(year, month, tz).ok_or(AppError::NotFound)?,
            status: deadline::status(is_set, year, month, now, tz),
            sheet,
        })
    }

    /// Both goals' attainment, the lower of the two (a sheet is only as done
    /// as its weaker goal); `None` before it is set.
    pub fn attainment(&self) -> Option<Decimal> {
        let s = self.signups.as_ref()?.progress.attainment_percent?;
        let r = self.revenue.as_ref()?.progress.attainment_percent?;
        Some(s.min(r))
    }
}

/// Sets the rep's (`actor`'s) yearly goals.
pub fn set_yearly(
    conn: &mut PgConnection,
    actor: &User,
    year: i32,
    signups: Decimal,
    revenue: Decimal,
    now: DateTime<Utc>,
) -> Result<YearlyGoal, AppError> {
    check_month(year, 1).map_err(AppError::Invalid)?;
    Ok(YearlyGoal::upsert(
        conn,
        actor.id,
        year,
        two_places(signups),
        two_places(revenue),
        actor.id,
        now,
    )?)
}

/// A rep's yearly goals on a day: per metric, the monthly targets and pace.
pub struct YearlyView {
    pub year: i32,
    pub goal: Option<YearlyGoal>,
    pub weighted: bool,
    pub signups: YearlyProgress,
    pub revenue: YearlyProgress,
    /// Yearly goals to suggest from the monthly targets set this year.
    pub suggested_signups: Option<Decimal>,
    pub suggested_revenue: Option<Decimal>,
}

/// The rep's own monthly targets for `metric_id` in `year`, by month
/// (cancelled goals left out).
fn monthly_targets(
    conn: &mut PgConnection,
    user_id: i64,
    metric_id: i64,
    year: i32,
) -> QueryResult<[Option<Decimal>; 12]> {
    use crate::db::schema::periods;
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok([None; 12]);
    };
    let rows: Vec<(NaiveDate, Decimal)> = goals::table
        .inner_join(periods::table)
        .filter(goals::user_id.eq(user_id))
        .filter(goals::metric_id.eq(metric_id))
        .filter(goals::status.ne(Status::Cancelled))
        .filter(periods::kind.eq(PeriodKind::Month))
        .filter(periods::start_date.between(first, last))
        .select((periods::start_date, goals::target))
        .load(conn)?;
    let mut months = [None; 12];
    for (start, target) in rows {
        months[start.month0() as usize] = Some(target);
    }
    Ok(months)
}

impl YearlyView {
    pub fn load(
        conn: &mut PgConnection,
        org: &Organisation,
        user_id: i64,
        year: i32,
        today: NaiveDate,
    ) -> Result<YearlyView, AppError> {
        check_month(year, 1).map_err(AppError::Invalid)?;
        let goal = YearlyGoal::of_year(conn, user_id, year)?;
        let weights = sheets::seasonal_weights(conn)?;
        let bounds = yearly::year_period(year).ok_or(AppError::NotFound)?;
        let money_scale = org.money_scale().entry_places();
        let mut suggested = Vec::with_capacity(2);
        let mut one =
            |key: &str, target: Decimal, scale: u32| -> Result<YearlyProgress, AppError> {
                let metric = metric(conn, key)?;
                let months = monthly_targets(conn, user_id, metric.id, year)?;
                suggested.push(yearly::suggested_yearly(&months, scale));
                let actual = progress::actual(
                    conn,
                    Owner::User(user_id),
                    metric.id,
                    bounds.start,
                    bounds.end,
                )?;
                let monthly = yearly::monthly_split(target, weights.as_ref(), scale);
                Ok(yearly::progress(
                    target, monthly, actual, year, today, scale,
                ))
            };
        let signups = one(
            "signups",
            goal.as_ref().map_or(Decimal::ZERO, |g| g.signup_goal),
            0,
        )?;
        let revenue = one(
            "revenue",
            goal.as_ref().map_or(Decimal::ZERO, |g| g.revenue_goal),
            money_scale,
        )?;
        Ok(YearlyView {
            year,
            goal,
            weighted: weights.is_some(),
            signups,
            revenue,
            suggested_signups: suggested[0],
            suggested_revenue: suggested[1],
        })
    }
}

/// Saves the twelve seasonal weights (or clears them: equal split); admins
/// only, checked by the caller; audited.
pub fn save_weights(
    conn: &mut PgConnection,
    actor: &User,
    weights: Option<[Decimal; 12]>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let before = sheets::seasonal_weights(conn)?;
        sheets::replace_seasonal_weights(conn, weights.as_ref())?;
        NewAuditEntry::new(
            Some(actor.id),
            "update",
            "seasonal_weights",
            None,
            match weights {
                Some(_) => "Set the twelve seasonal weights",
                None => "Cleared the seasonal weights (equal months)",
            },
        )
        .before(&before)
        .after(&weights)
        .record(conn)?;
        Ok(())
    })
}

/// The `month-opening` job: draft sheets for the month holding `now` in the
/// organisation's time zone (idempotent: the unique key of a rep's month).
pub fn open_month_job(
    conn: &mut PgConnection,
    ctx: &crate::jobs::JobContext,
) -> anyhow::Result<crate::jobs::Outcome> {
    let org = Organisation::get(conn)?;
    let tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let (year, month) = crate::domain::deadline::sheet_month(ctx.now, tz);
    let created = open_month(conn, year, month, ctx.now)
        .map_err(|e| anyhow::anyhow!("opening {year}-{month:02}: {e}"))?;
    Ok(crate::jobs::Outcome {
        skipped: false,
        message: format!("{created} draft sheet(s) for {year}-{month:02}"),
        details: serde_json::json!({ "year": year, "month": month, "created": created }),
    })
}
