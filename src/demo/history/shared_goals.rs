//! The goals above the reps' sheets: each month's team and company goals
//! over everyone's targets, and the goals of this quarter and year.

use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashMap;

use crate::db::goals::{Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::domain::lifecycle::Status;
use crate::domain::owner::OwnerKind;
use crate::domain::period::PeriodKind;

use super::super::{TEAMS, TeamKey};

/// The month's team revenue goals (each region's reps' revenue targets,
/// rounded to ₩1,000,000) and the company's revenue and signup goals (all
/// the reps' targets), set by the admin.
pub(super) fn write_shared_goals(
    conn: &mut PgConnection,
    period: i64,
    team_ids: &HashMap<TeamKey, i64>,
    admin: i64,
    revenue: &Metric,
    signups: &Metric,
) -> QueryResult<()> {
    use crate::db::schema::{goals, users};
    let rows: Vec<(Option<i64>, i64, Decimal)> = goals::table
        .inner_join(users::table.on(users::id.nullable().eq(goals::user_id)))
        .filter(goals::period_id.eq(period))
        .filter(goals::owner_kind.eq(OwnerKind::User))
        .filter(goals::status.ne(Status::Cancelled))
        .select((users::team_id, goals::metric_id, goals::target))
        .load(conn)?;
    let sum = |metric: i64, team: Option<i64>| -> Decimal {
        rows.iter()
            .filter(|(t, m, _)| *m == metric && (team.is_none() || *t == team))
            .map(|(_, _, target)| *target)
            .sum()
    };
    let millions = |amount: Decimal| (amount / dec!(1_000_000)).round() * dec!(1_000_000);
    for spec in TEAMS.iter().filter(|t| t.parent.is_some()) {
        let team = team_ids[&spec.key];
        let target = millions(sum(revenue.id, Some(team)));
        insert_goal(conn, Owner::Team(team), revenue.id, period, target, admin)?;
    }
    insert_goal(
        conn,
        Owner::Company,
        revenue.id,
        period,
        millions(sum(revenue.id, None)),
        admin,
    )?;
    insert_goal(
        conn,
        Owner::Company,
        signups.id,
        period,
        sum(signups.id, None),
        admin,
    )?;
    Ok(())
}

fn insert_goal(
    conn: &mut PgConnection,
    owner: Owner,
    metric: i64,
    period: i64,
    target: Decimal,
    created_by: i64,
) -> QueryResult<Goal> {
    let mut goal = NewGoal::new(owner, metric, period, target);
    goal.created_by = Some(created_by);
    Goal::insert(conn, &goal)
}

/// Quarterly and yearly goals for the quarter and year of `today`: each
/// person's is the sum of their monthly targets in it, and the teams' and
/// the company's sum everyone's, as every month's do.
pub(super) fn write_longer_goals(
    conn: &mut PgConnection,
    today: NaiveDate,
    fiscal: u32,
    team_ids: &HashMap<TeamKey, i64>,
    admin: i64,
    revenue: &Metric,
    signups: &Metric,
) -> anyhow::Result<()> {
    use crate::db::schema::{goals, periods};
    for kind in [PeriodKind::Quarter, PeriodKind::Year] {
        let period = PeriodRow::containing(conn, kind, today, fiscal)?;
        let rows: Vec<(i64, i64, NaiveDate, Decimal)> = goals::table
            .inner_join(periods::table)
            .filter(goals::owner_kind.eq(OwnerKind::User))
            .filter(goals::status.ne(Status::Cancelled))
            .filter(goals::metric_id.eq_any([revenue.id, signups.id]))
            .filter(periods::kind.eq(PeriodKind::Month))
            .filter(periods::start_date.between(period.start_date, period.end_date))
            .select((
                goals::user_id.assume_not_null(),
                goals::metric_id,
                periods::start_date,
                goals::target,
            ))
            .load(conn)?;
        let mut by_owner: HashMap<(i64, i64), Vec<Decimal>> = HashMap::new();
        for (user, metric, _, target) in rows {
            by_owner.entry((user, metric)).or_default().push(target);
        }
        let mut owners: Vec<_> = by_owner.into_iter().collect();
        owners.sort_by_key(|(key, _)| *key);
        for ((user, metric), targets) in owners {
            let target: Decimal = targets.iter().sum();
            insert_goal(conn, Owner::User(user), metric, period.id, target, admin)?;
        }
        write_shared_goals(conn, period.id, team_ids, admin, revenue, signups)?;
    }
    Ok(())
}
