//! The team factor: who leads a team, and how that team did last month.
//!
//! A leader is someone who manages a team (their team: everyone in the
//! teams they manage and below, themselves aside) or, managing none,
//! personally sponsors partners (their team: their whole downline in the
//! sponsor tree). The team's attainment last month is the summed actual of
//! the members who had a live goal for the metric that month over the sum
//! of those goals' targets; the factor is `domain::target::team_factor` of
//! it. No goals last month: the factor is 1.

use diesel::dsl::sum;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};
use rust_decimal::Decimal;

use crate::db::goals::LIVE_STATUSES;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::schema::{goals, metric_events, periods, teams, users};
use crate::db::tree;
use crate::domain::attainment::attainment_percent;
use crate::domain::owner::OwnerKind;
use crate::domain::target::{Factor, Reason, Source, team_factor};

use super::because;
use crate::error::AppError;

/// How deep a downline counts (as the network page).
const MAX_DEPTH: i32 = 30;

/// What someone leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leads {
    /// The names of the teams they manage.
    Teams(Vec<String>),
    /// Their downline in the sponsor tree.
    Downline,
}

impl Leads {
    pub fn describe(&self, members: usize) -> String {
        let people = if members == 1 { "person" } else { "people" };
        match self {
            Leads::Teams(names) => format!("Leads {} ({members} {people})", names.join(", ")),
            Leads::Downline => format!("Leads a downline of {members} {people}"),
        }
    }
}

/// A leader's team and how it did in the month before a period.
#[derive(Clone, Debug)]
pub struct Standing {
    pub leads: Leads,
    pub members: Vec<i64>,
    /// The previous month's name ("October 2026").
    pub previous: String,
    /// The previous month's first day, for pages to name it in their language.
    pub previous_start: chrono::NaiveDate,
    /// Summed targets and actuals of the members who had a goal.
    pub target: Decimal,
    pub actual: Decimal,
}

impl Standing {
    pub fn attainment(&self) -> Option<Decimal> {
        attainment_percent(self.actual, self.target)
    }
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// What `user_id` leads and who is in it; `None` for someone who leads
/// nobody.
pub fn members(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<(Leads, Vec<i64>)>> {
    let managed: Vec<String> = teams::table
        .filter(teams::manager_id.eq(user_id))
        .filter(teams::active.eq(true))
        .select(teams::name)
        .order(teams::name)
        .load(conn)?;
    if !managed.is_empty() {
        let subtree = tree::managed_subtree(conn, user_id)?;
        let people: Vec<i64> = users::table
            .filter(users::team_id.eq_any(subtree))
            .filter(users::id.ne(user_id))
            .select(users::id)
            .load(conn)?;
        return Ok(Some((Leads::Teams(managed), people)));
    }
    let downline: Vec<Id> = diesel::sql_query(
        "WITH RECURSIVE down(id, depth) AS (
             SELECT id, 1 FROM users WHERE sponsor_id = $1
             UNION ALL
             SELECT u.id, d.depth + 1 FROM users u JOIN down d ON u.sponsor_id = d.id
             WHERE d.depth < $2
         )
         SELECT DISTINCT id FROM down",
    )
    .bind::<BigInt, _>(user_id)
    .bind::<Integer, _>(MAX_DEPTH)
    .load(conn)?;
    if downline.is_empty() {
        return Ok(None);
    }
    Ok(Some((
        Leads::Downline,
        downline.into_iter().map(|r| r.id).collect(),
    )))
}

/// The team's standing in the month before `period` (a month), or `None`
/// when `user_id` leads nobody.
pub fn standing(
    conn: &mut PgConnection,
    org: &Organisation,
    user_id: i64,
    metric: &Metric,
    period: &PeriodRow,
) -> QueryResult<Option<Standing>> {
    let Some((leads, members)) = members(conn, user_id)? else {
        return Ok(None);
    };
    let fiscal = org.fiscal_start_month();
    let Some(previous) = period.period().previous() else {
        return Ok(None);
    };
    let stored: Option<i64> = periods::table
        .filter(periods::kind.eq(previous.kind))
        .filter(periods::start_date.eq(previous.start))
        .filter(periods::end_date.eq(previous.end))
        .select(periods::id)
        .first(conn)
        .optional()?;
    let goals_of_month: Vec<(Option<i64>, Decimal)> = match stored {
        Some(period_id) => goals::table
            .filter(goals::owner_kind.eq(OwnerKind::User))
            .filter(goals::user_id.eq_any(&members))
            .filter(goals::metric_id.eq(metric.id))
            .filter(goals::period_id.eq(period_id))
            .filter(goals::status.eq_any(LIVE_STATUSES))
            .select((goals::user_id, goals::target))
            .load(conn)?,
        None => Vec::new(),
    };
    let owners: Vec<i64> = goals_of_month.iter().filter_map(|(u, _)| *u).collect();
    let target: Decimal = goals_of_month.iter().map(|(_, t)| *t).sum();
    let actual: Option<Decimal> = if owners.is_empty() {
        None
    } else {
        metric_events::table
            .filter(metric_events::user_id.eq_any(&owners))
            .filter(metric_events::metric_id.eq(metric.id))
            .filter(metric_events::occurred_on.between(previous.start, previous.end))
            .select(sum(metric_events::value))
            .first(conn)?
    };
    Ok(Some(Standing {
        leads,
        members,
        previous: previous.label(fiscal),
        previous_start: previous.start,
        target,
        actual: actual.unwrap_or_default(),
    }))
}

/// The computed team factor of `user_id` for a target in `period`.
pub fn factor(
    conn: &mut PgConnection,
    org: &Organisation,
    user_id: i64,
    metric: &Metric,
    period: &PeriodRow,
) -> Result<Factor, AppError> {
    Ok(match standing(conn, org, user_id, metric, period)? {
        None => because(Decimal::ONE, Source::NotLeader, Reason::NotLeader),
        Some(s) => match s.attainment() {
            Some(percent) => because(
                team_factor(percent),
                Source::Computed,
                Reason::TeamAt {
                    percent,
                    month: s.previous_start,
                },
            ),
            None => because(
                Decimal::ONE,
                Source::Default,
                Reason::NoTeamTargets {
                    month: s.previous_start,
                },
            ),
        },
    })
}
