//! Milestones of a goal: the rules every entry point applies (the goal page
//! and `POST /api/v1/goals`), and the page's changes — add, edit, move,
//! remove — each in one transaction with the goal locked and a revision.
//!
//! Whoever may set the goal's target for its owner changes its milestones
//! (the same rights as special objectives: managers and admins while the
//! goal is not finished, the owner while it is a draft). A milestone is
//! reached when the owner's actual crosses its value; after a change the
//! mark is set again from the events, so an edit never leaves a milestone
//! "reached" that the figures have not reached.

use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::Goal;
use crate::db::milestones::{Milestone, NewMilestone, VALUE_KEY};
use crate::db::periods::PeriodRow;
use crate::db::revisions::RevisionDraft;
use crate::db::users::User;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::goals::progress;
use crate::i18n::{Key, Msg};

/// The most milestones one goal holds.
pub const MAX_PER_GOAL: usize = 50;

/// A milestone as someone asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub value: Decimal,
    pub due_on: Option<NaiveDate>,
}

/// What is wrong with a milestone, before any edge words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Negative,
    ValueTaken,
    DueOutsidePeriod,
}

/// The rules of one milestone of a goal on `period`, next to `others`
/// (the goal's other milestone values): each problem with its field.
pub fn problems(
    draft: &Draft,
    period: &PeriodRow,
    others: &[Decimal],
) -> Vec<(&'static str, Problem)> {
    let mut found = Vec::new();
    if draft.value.is_sign_negative() && !draft.value.is_zero() {
        found.push(("value", Problem::Negative));
    }
    if others
        .iter()
        .any(|v| v.normalize() == draft.value.normalize())
    {
        found.push(("value", Problem::ValueTaken));
    }
    if draft
        .due_on
        .is_some_and(|d| d < period.start_date || d > period.end_date)
    {
        found.push(("due_on", Problem::DueOutsidePeriod));
    }
    found
}

/// The owner's events over the goal's period, by day.
fn daily(conn: &mut PgConnection, goal: &Goal) -> QueryResult<Vec<(NaiveDate, Decimal)>> {
    let period = PeriodRow::find(conn, goal.period_id)?;
    let people = progress::people_of(conn, goal.owner())?;
    let scope = match &people {
        None => Scope::Everyone,
        Some(people) if people.is_empty() => return Ok(Vec::new()),
        Some(people) => Scope::Users(people),
    };
    MetricEvent::daily(
        conn,
        scope,
        goal.metric_id,
        period.start_date,
        period.end_date,
    )
}

/// Sets every milestone of `goal` reached (on the day the running total
/// first crossed it) or not, from the events; returns them by value.
pub fn mark_from_events(conn: &mut PgConnection, goal: &Goal) -> QueryResult<Vec<Milestone>> {
    let daily = daily(conn, goal)?;
    let actual: Decimal = daily.iter().map(|(_, amount)| *amount).sum();
    for milestone in Milestone::for_goal(conn, goal.id)? {
        let on = (milestone.value <= actual)
            .then(|| progress::first_crossing(&daily, milestone.value))
            .flatten();
        // A reached mark keeps its day while the figures still reach it.
        let keep = on.is_some() && milestone.reached_on.is_some();
        if !keep && milestone.reached_on != on {
            Milestone::set_reached(conn, milestone.id, on)?;
        }
    }
    Milestone::for_goal(conn, goal.id)
}

/// May `viewer` change the milestones of `goal`?
pub fn may_edit(conn: &mut PgConnection, viewer: &User, goal: &Goal) -> QueryResult<bool> {
    Ok(crate::goals::targets::objectives::rights(conn, viewer, goal)?.set)
}

/// "1500 by 2027-01-20": how a milestone reads in the goal's history.
fn worded(value: Decimal, due_on: Option<NaiveDate>) -> String {
    match due_on {
        Some(day) => format!("{} by {day}", value.normalize()),
        None => value.normalize().to_string(),
    }
}

fn field(name: &str) -> String {
    format!("milestone: {name}")
}

/// The goal locked, its period, and the check that `viewer` may edit
/// (404 if they may not see it, 403 if they may not change it).
fn locked(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
) -> Result<(Goal, PeriodRow), AppError> {
    let goal = Goal::lock(conn, goal_id)?;
    if !crate::org::access::can_view_goal(conn, viewer, &goal)? {
        return Err(AppError::NotFound);
    }
    if !may_edit(conn, viewer, &goal)? {
        return Err(AppError::Forbidden);
    }
    let period = PeriodRow::find(conn, goal.period_id)?;
    Ok((goal, period))
}

fn message(problem: Problem, period: &PeriodRow) -> Msg {
    match problem {
        Problem::Negative => Msg::new("goal-milestone-negative"),
        Problem::ValueTaken => Msg::new("goal-milestone-value-taken"),
        // ISO days: the message reads the same in every language.
        Problem::DueOutsidePeriod => Msg::new("goal-milestone-due-outside")
            .arg("start", period.start_date.to_string())
            .arg("end", period.end_date.to_string()),
    }
}

fn check(draft: &Draft, period: &PeriodRow, others: &[Decimal]) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    for (field, problem) in problems(draft, period, others) {
        if errors.message(field).is_none() {
            errors.add(field, message(problem, period));
        }
    }
    errors.into_result().map_err(AppError::Invalid)
}

fn value_taken(e: diesel::result::Error) -> AppError {
    on_constraint(
        e,
        &[(VALUE_KEY, "value", Key("goal-milestone-value-taken"))],
    )
}

pub fn add(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    draft: Draft,
) -> Result<Milestone, AppError> {
    conn.transaction(|conn| {
        let (goal, period) = locked(conn, viewer, goal_id)?;
        let existing = Milestone::for_goal(conn, goal.id)?;
        if existing.len() >= MAX_PER_GOAL {
            return Err(AppError::Invalid(FieldErrors::one(
                "name",
                Msg::new("goal-milestones-max").arg("max", MAX_PER_GOAL.to_string()),
            )));
        }
        let values: Vec<Decimal> = existing.iter().map(|m| m.value).collect();
        check(&draft, &period, &values)?;
        let new = NewMilestone {
            goal_id: goal.id,
            name: draft.name,
            value: draft.value,
            due_on: draft.due_on,
        };
        let milestone = conn
            .transaction(|conn| Milestone::insert(conn, &new))
            .map_err(value_taken)?;
        RevisionDraft::new(goal.id, Some(viewer.id), Some("Milestone added"))
            .field(
                &field(&milestone.name),
                &None::<String>,
                &worded(milestone.value, milestone.due_on),
            )
            .record(conn)?;
        mark_from_events(conn, &goal)?;
        Ok(milestone)
    })
}

pub fn update(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    id: i64,
    draft: Draft,
) -> Result<Milestone, AppError> {
    conn.transaction(|conn| {
        let (goal, period) = locked(conn, viewer, goal_id)?;
        let before = Milestone::lock(conn, goal.id, id)?;
        let others: Vec<Decimal> = Milestone::for_goal(conn, goal.id)?
            .into_iter()
            .filter(|m| m.id != id)
            .map(|m| m.value)
            .collect();
        check(&draft, &period, &others)?;
        let after = conn
            .transaction(|conn| Milestone::update(conn, id, &draft.name, draft.value, draft.due_on))
            .map_err(value_taken)?;
        let mut revision = RevisionDraft::new(goal.id, Some(viewer.id), Some("Milestone changed"));
        if before.name == after.name {
            revision = revision.field(
                &field(&after.name),
                &worded(before.value, before.due_on),
                &worded(after.value, after.due_on),
            );
        } else {
            revision = revision
                .field(
                    &field(&before.name),
                    &worded(before.value, before.due_on),
                    &None::<String>,
                )
                .field(
                    &field(&after.name),
                    &None::<String>,
                    &worded(after.value, after.due_on),
                );
        }
        revision.record(conn)?;
        mark_from_events(conn, &goal)?;
        Ok(after)
    })
}

/// Which way a milestone moves in the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Earlier,
    Later,
}

/// Swaps the milestone with its neighbour in the timeline: the two trade
/// places (value and due date), each keeping its name. The timeline is in
/// value order, because a milestone is reached when the actual crosses it.
pub fn shift(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    id: i64,
    direction: Move,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let (goal, _) = locked(conn, viewer, goal_id)?;
        Milestone::lock(conn, goal.id, id)?;
        let all = Milestone::for_goal(conn, goal.id)?;
        let at = all
            .iter()
            .position(|m| m.id == id)
            .ok_or(AppError::NotFound)?;
        let other = match direction {
            Move::Earlier => at.checked_sub(1),
            Move::Later => Some(at + 1).filter(|i| *i < all.len()),
        };
        let Some(other) = other else {
            return Err(AppError::Conflict(Msg::new("goal-milestone-at-end")));
        };
        let (a, b) = (&all[at], &all[other]);
        // The values are unique per goal: park one above them all first.
        let parked = all.iter().map(|m| m.value).max().unwrap_or_default() + Decimal::ONE;
        Milestone::update(conn, a.id, &a.name, parked, a.due_on)?;
        Milestone::update(conn, b.id, &b.name, a.value, a.due_on)?;
        Milestone::update(conn, a.id, &a.name, b.value, b.due_on)?;
        RevisionDraft::new(goal.id, Some(viewer.id), Some("Milestones reordered"))
            .field(
                &field(&a.name),
                &worded(a.value, a.due_on),
                &worded(b.value, b.due_on),
            )
            .field(
                &field(&b.name),
                &worded(b.value, b.due_on),
                &worded(a.value, a.due_on),
            )
            .record(conn)?;
        mark_from_events(conn, &goal)?;
        Ok(())
    })
}

pub fn remove(
    conn: &mut PgConnection,
    viewer: &User,
    goal_id: i64,
    id: i64,
) -> Result<Milestone, AppError> {
    conn.transaction(|conn| {
        let (goal, _) = locked(conn, viewer, goal_id)?;
        let milestone = Milestone::lock(conn, goal.id, id)?;
        Milestone::delete(conn, milestone.id)?;
        RevisionDraft::new(goal.id, Some(viewer.id), Some("Milestone removed"))
            .field(
                &field(&milestone.name),
                &worded(milestone.value, milestone.due_on),
                &None::<String>,
            )
            .record(conn)?;
        Ok(milestone)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn period() -> PeriodRow {
        let now = chrono::Utc::now();
        PeriodRow {
            id: 1,
            kind: crate::domain::period::PeriodKind::Custom,
            name: "Spring push".into(),
            start_date: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2027, 4, 30).unwrap(),
            created_at: now,
            updated_at: now,
        }
    }

    fn draft(value: Decimal, due: Option<(u32, u32)>) -> Draft {
        Draft {
            name: "Halfway".into(),
            value,
            due_on: due.map(|(m, d)| NaiveDate::from_ymd_opt(2027, m, d).unwrap()),
        }
    }

    #[test]
    fn a_milestone_has_its_own_value_and_a_due_day_within_the_period() {
        let p = period();
        assert!(problems(&draft(dec!(50), Some((4, 30))), &p, &[dec!(10)]).is_empty());
        assert!(problems(&draft(dec!(0), None), &p, &[]).is_empty());
        assert_eq!(
            problems(&draft(dec!(-1), None), &p, &[]),
            [("value", Problem::Negative)]
        );
        assert_eq!(
            problems(&draft(dec!(10.00), None), &p, &[dec!(10)]),
            [("value", Problem::ValueTaken)]
        );
        for day in [(2, 28), (5, 1)] {
            assert_eq!(
                problems(&draft(dec!(5), Some(day)), &p, &[]),
                [("due_on", Problem::DueOutsidePeriod)]
            );
        }
    }

    #[test]
    fn the_history_reads_value_and_due_day() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 20);
        assert_eq!(worded(dec!(1500.00), day), "1500 by 2027-01-20");
        assert_eq!(worded(dec!(2.50), None), "2.5");
    }
}
