//! Creating a quota or an objective through the API: resolve the metric,
//! period, bonus schedule and owner (each unknown one a [`Problem`]), check
//! the caller may set the owner's targets, refuse a second live goal, then
//! write the goal, its milestones and the audit entry in one transaction.

use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::bonus::BonusSchedule;
use crate::db::goals::{Goal, LIVE_KEY, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::milestones::{Milestone, NewMilestone};
use crate::db::periods::PeriodRow;
use crate::db::teams::Team;
use crate::db::users::User;
use crate::domain::period::Period;
use crate::domain::period::PeriodKind;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::org::access;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// On a month, quarter or year, from `period_id`.
    Quota,
    /// With a title, on any period or a custom range, with milestones.
    Objective,
}

#[derive(Debug)]
pub enum PeriodChoice {
    Stored(i64),
    Custom(Period),
}

#[derive(Debug)]
pub struct MilestoneDraft {
    pub name: String,
    pub value: Decimal,
    pub due_on: Option<NaiveDate>,
}

/// A new goal as the request reads, before anything is looked up.
#[derive(Debug)]
pub struct Draft {
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub metric_type: String,
    pub target: Decimal,
    pub weight: Decimal,
    pub priority: i16,
    pub title: Option<String>,
    pub period: PeriodChoice,
    pub milestones: Vec<MilestoneDraft>,
    pub bonus_schedule_id: Option<i64>,
    pub bonus_base: Option<Decimal>,
}

/// Something the draft names that is not there or not usable; the edge
/// words it on its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    UnknownMetric,
    InactiveMetric,
    NoPeriod,
    /// A quota on a custom range.
    CustomQuota,
    /// The `index`th milestone falls outside the period.
    DueOutside {
        index: usize,
        start: NaiveDate,
        end: NaiveDate,
    },
    NoSchedule,
    ScheduleRetired,
    ScheduleOtherMetric,
    NoUser,
    UserDeactivated,
    NoTeam,
    TeamDeactivated,
}

/// Why the goal was not created (besides the conflict with a live goal,
/// which is an `AppError::Conflict`).
#[derive(Debug)]
pub enum Refusal {
    /// The problems, in the order they were found.
    Invalid(Vec<Problem>),
    /// The caller may not set this owner's targets.
    NotBelow(Owner),
}

/// Creates the goal for `viewer`, approved, with its milestones marked
/// from the owner's events; `show` turns it into the answer inside the
/// transaction (refused goals leave no new custom period behind).
pub fn create<T, E>(
    conn: &mut PgConnection,
    viewer: &User,
    draft: Draft,
    kind: Kind,
    fiscal: u32,
    today: NaiveDate,
    show: impl FnOnce(&mut PgConnection, &Goal, &[Milestone]) -> QueryResult<T>,
) -> Result<T, E>
where
    E: From<Refusal> + From<AppError> + From<diesel::result::Error>,
{
    conn.transaction(|conn| {
        let (goal, milestones) = insert::<E>(conn, viewer, draft, kind, fiscal, today)?;
        Ok(show(conn, &goal, &milestones)?)
    })
}

fn insert<E>(
    conn: &mut PgConnection,
    viewer: &User,
    draft: Draft,
    kind: Kind,
    fiscal: u32,
    today: NaiveDate,
) -> Result<(Goal, Vec<Milestone>), E>
where
    E: From<Refusal> + From<AppError> + From<diesel::result::Error>,
{
    let mut problems = Vec::new();
    let metric = Metric::find_by_key(conn, &draft.metric_type)?;
    match &metric {
        None => problems.push(Problem::UnknownMetric),
        Some(m) if !m.active => problems.push(Problem::InactiveMetric),
        Some(_) => {}
    }
    let period = match &draft.period {
        PeriodChoice::Stored(id) => PeriodRow::find(conn, *id).optional()?,
        PeriodChoice::Custom(p) => Some(PeriodRow::ensure(conn, p, &p.label(fiscal))?),
    };
    match &period {
        None => problems.push(Problem::NoPeriod),
        Some(p) if kind == Kind::Quota && p.kind == PeriodKind::Custom => {
            problems.push(Problem::CustomQuota)
        }
        Some(p) => {
            for (index, m) in draft.milestones.iter().enumerate() {
                if m.due_on.is_some_and(|d| d < p.start_date || d > p.end_date) {
                    problems.push(Problem::DueOutside {
                        index,
                        start: p.start_date,
                        end: p.end_date,
                    });
                }
            }
        }
    }
    if let Some(id) = draft.bonus_schedule_id {
        match BonusSchedule::find(conn, id).optional()? {
            None => problems.push(Problem::NoSchedule),
            Some(s) if !s.active => problems.push(Problem::ScheduleRetired),
            Some(s) if metric.as_ref().is_some_and(|m| !s.fits_metric(m.id)) => {
                problems.push(Problem::ScheduleOtherMetric)
            }
            Some(_) => {}
        }
    }
    let owner = owner(conn, &draft, &mut problems)?;
    if !problems.is_empty() {
        return Err(Refusal::Invalid(problems).into());
    }
    let (Some(metric), Some(period)) = (metric, period) else {
        return Err(AppError::Internal(anyhow::anyhow!("checked above")).into());
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
        return Err(Refusal::NotBelow(owner).into());
    }
    if Goal::live(conn, owner, metric.id, period.id)?.is_some() {
        return Err(conflict(conn, owner, &metric, &period)?.into());
    }
    // A savepoint, so that after losing a race for the live slot the
    // transaction can still read the names for the message.
    let inserted = conn
        .transaction(|conn| Goal::insert_approved(conn, &new, viewer.id, period.start_date, today));
    let goal = match inserted {
        Ok(goal) => goal,
        Err(e) => {
            let message = conflict(conn, owner, &metric, &period)?;
            return Err(match &e {
                diesel::result::Error::DatabaseError(_, info)
                    if info.constraint_name() == Some(LIVE_KEY) =>
                {
                    message.into()
                }
                _ => e.into(),
            });
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
    Ok((goal, milestones))
}

/// The owner named by `user_id` / `team_id` (neither: the company), which
/// must exist and be active.
fn owner(
    conn: &mut PgConnection,
    draft: &Draft,
    problems: &mut Vec<Problem>,
) -> QueryResult<Owner> {
    if let Some(id) = draft.user_id {
        match User::active_of(conn, id)? {
            None => problems.push(Problem::NoUser),
            Some(false) => problems.push(Problem::UserDeactivated),
            Some(true) => {}
        }
        return Ok(Owner::User(id));
    }
    if let Some(id) = draft.team_id {
        match Team::active_of(conn, id)? {
            None => problems.push(Problem::NoTeam),
            Some(false) => problems.push(Problem::TeamDeactivated),
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
) -> QueryResult<AppError> {
    let who: Option<String> = match owner {
        Owner::User(id) => Some(User::name_of(conn, id)?),
        Owner::Team(id) => Some(Team::name_of(conn, id)?),
        Owner::Company => None,
    };
    let message = match who {
        Some(who) => Msg::new("goal-live-exists").arg("who", who),
        None => Msg::new("goal-live-exists-company"),
    };
    Ok(AppError::Conflict(
        message
            .arg("metric", metric.name.to_lowercase())
            .arg("period", period.name.clone()),
    ))
}

/// Writes the milestones and marks those the owner's events already reach,
/// with the day the running total first crossed them (the same marking as
/// the goal page's changes: `crate::goals::milestones`).
fn write_milestones(
    conn: &mut PgConnection,
    goal: &Goal,
    drafts: Vec<MilestoneDraft>,
) -> QueryResult<Vec<Milestone>> {
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
    crate::goals::milestones::mark_from_events(conn, goal)
}
