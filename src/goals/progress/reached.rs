//! Milestones reached as events arrive: the day a running total crossed a
//! value, and the marking of every pending milestone a new event brings
//! within reach, in the event's transaction.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date};
use rust_decimal::Decimal;

use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::{Goal, Owner};
use crate::db::milestones::Milestone;
use crate::db::periods::PeriodRow;
use crate::db::schema::users;

use super::people_of;

/// The first day on which the running total of `daily` (day, sum; in date
/// order) reaches `value`: the day a milestone was crossed.
pub fn first_crossing(daily: &[(NaiveDate, Decimal)], value: Decimal) -> Option<NaiveDate> {
    let mut total = Decimal::ZERO;
    daily.iter().find_map(|&(day, amount)| {
        total += amount;
        (total >= value).then_some(day)
    })
}

/// The team and every team above it, up to the root.
fn teams_above(conn: &mut PgConnection, team_id: i64) -> QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(
        "WITH RECURSIVE up(id, parent_id) AS (
             SELECT id, parent_id FROM teams WHERE id = $1
             UNION
             SELECT t.id, t.parent_id FROM teams t JOIN up ON t.id = up.parent_id
         )
         SELECT id FROM up",
    )
    .bind::<diesel::sql_types::BigInt, _>(team_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Marks the milestones a new event of `user_id` for `metric_id` on `day`
/// may have brought within reach, and returns those newly marked.
///
/// Every live goal of the metric whose period holds `day` and whose owner
/// counts the user (the user, a team at or above theirs, the company) is
/// checked: a pending milestone whose value the owner's actual now reaches is
/// marked with the day the running total first crossed it. Run it in the
/// event's transaction so the mark and the fact commit together.
pub fn mark_reached_milestones(
    conn: &mut PgConnection,
    user_id: i64,
    metric_id: i64,
    day: NaiveDate,
) -> QueryResult<Vec<Milestone>> {
    mark_reached_milestones_of(conn, user_id, &[metric_id], day)
}

/// [`mark_reached_milestones`] for events of several metrics on one day
/// (a sale's revenue and deal): one query when no milestone waits.
pub fn mark_reached_milestones_of(
    conn: &mut PgConnection,
    user_id: i64,
    metric_ids: &[i64],
    day: NaiveDate,
) -> QueryResult<Vec<Milestone>> {
    let waiting = Waiting::after_event(conn, user_id, metric_ids, day)?;
    mark_reached_milestones_waiting(conn, user_id, metric_ids, day, &waiting)
}

/// [`mark_reached_milestones_of`] once [`Waiting`] is known (a caller that
/// read it in the statement that wrote the events).
pub fn mark_reached_milestones_waiting(
    conn: &mut PgConnection,
    user_id: i64,
    metric_ids: &[i64],
    day: NaiveDate,
    waiting: &Waiting,
) -> QueryResult<Vec<Milestone>> {
    use crate::db::schema::{goals, milestones, periods};

    if waiting.goals_to_complete {
        crate::goals::lifecycle::complete_reached(conn, user_id, metric_ids, day)?;
    }
    if waiting.sheet_open {
        crate::goals::sheets::complete_reached(conn, user_id, day)?;
    }
    if !waiting.milestones {
        return Ok(Vec::new());
    }
    let candidates: Vec<Goal> = goals::table
        .inner_join(periods::table)
        .filter(goals::metric_id.eq_any(metric_ids))
        .filter(goals::status.eq_any(crate::db::goals::LIVE_STATUSES))
        .filter(periods::start_date.le(day))
        .filter(periods::end_date.ge(day))
        .filter(
            goals::id.eq_any(
                milestones::table
                    .filter(milestones::reached_on.is_null())
                    .select(milestones::goal_id),
            ),
        )
        .select(Goal::as_select())
        .load(conn)?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let team: Option<i64> = users::table
        .find(user_id)
        .select(users::team_id)
        .first(conn)?;
    let teams = match team {
        Some(team) => teams_above(conn, team)?,
        None => Vec::new(),
    };
    let mut marked = Vec::new();
    for goal in candidates {
        let counts_user = match goal.owner() {
            Owner::User(id) => id == user_id,
            Owner::Team(id) => teams.contains(&id),
            Owner::Company => true,
        };
        if !counts_user {
            continue;
        }
        let span = PeriodRow::find(conn, goal.period_id)?.period();
        let people = people_of(conn, goal.owner())?;
        let scope = match &people {
            None => Scope::Everyone,
            Some(people) => Scope::Users(people),
        };
        let daily = MetricEvent::daily(conn, scope, goal.metric_id, span.start, span.end)?;
        let actual: Decimal = daily.iter().map(|(_, amount)| *amount).sum();
        for mut milestone in Milestone::for_goal(conn, goal.id)? {
            if milestone.reached_on.is_some() || milestone.value > actual {
                continue;
            }
            let on = first_crossing(&daily, milestone.value).unwrap_or(day);
            if Milestone::mark_reached(conn, milestone.id, on)? == 1 {
                milestone.reached_on = Some(on);
                marked.push(milestone);
            }
        }
    }
    Ok(marked)
}

/// What a new event of a user may have to finish: an active goal it counts
/// towards (to complete at 100 %), the user's open goal sheet for the month,
/// a pending milestone. One statement, so an event that touches none of
/// them (most do) costs one query after it, not three.
///
/// `sales::confirm::write_sale_events` reads the same three columns in the
/// statement that writes a sale's events; keep the two in step.
#[derive(QueryableByName, Debug)]
pub struct Waiting {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub goals_to_complete: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub sheet_open: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub milestones: bool,
}

impl Waiting {
    fn after_event(
        conn: &mut PgConnection,
        user_id: i64,
        metric_ids: &[i64],
        day: NaiveDate,
    ) -> QueryResult<Waiting> {
        use chrono::Datelike;
        use diesel::sql_types::{SmallInt, Text};
        // The same conditions as `lifecycle::complete_reached`,
        // `sheets::complete_reached` and the milestone candidates below.
        crate::db::prepared::prepared(
            "SELECT
                 EXISTS (SELECT 1 FROM goals g JOIN periods p ON p.id = g.period_id
                         WHERE g.metric_id = ANY($2) AND g.status = 'active'
                           AND p.start_date <= $3 AND p.end_date >= $3
                           AND (g.owner_kind <> 'user' OR g.user_id = $1)) AS goals_to_complete,
                 EXISTS (SELECT 1 FROM goal_sheets s
                         WHERE s.user_id = $1 AND s.year = $4 AND s.month = $5
                           AND s.status = 'set' AND s.completed_at IS NULL) AS sheet_open,
                 EXISTS (SELECT 1 FROM milestones m
                         JOIN goals g ON g.id = m.goal_id
                         JOIN periods p ON p.id = g.period_id
                         WHERE m.reached_on IS NULL AND g.metric_id = ANY($2)
                           AND g.status = ANY($6)
                           AND p.start_date <= $3 AND p.end_date >= $3) AS milestones",
        )
        .bind::<BigInt, _>(user_id)
        .bind::<Array<BigInt>, _>(metric_ids.to_vec())
        .bind::<Date, _>(day)
        .bind::<SmallInt, _>(day.year() as i16)
        .bind::<SmallInt, _>(day.month() as i16)
        .bind::<Array<Text>, _>(crate::db::goals::LIVE_STATUSES.to_vec())
        .get_result(conn)
    }
}

#[cfg(test)]
mod milestone_tests {
    use super::first_crossing;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, day).unwrap()
    }

    #[test]
    fn a_milestone_is_crossed_on_the_first_day_the_running_total_reaches_it() {
        let daily = [
            (d(2), dec!(300)),
            (d(5), dec!(200)),
            (d(9), dec!(-100)),
            (d(12), dec!(600)),
        ];
        assert_eq!(first_crossing(&daily, dec!(300)), Some(d(2)));
        assert_eq!(first_crossing(&daily, dec!(500)), Some(d(5)));
        assert_eq!(first_crossing(&daily, dec!(501)), Some(d(12)));
        assert_eq!(first_crossing(&daily, dec!(1001)), None);
        assert_eq!(first_crossing(&[], dec!(1)), None);
    }
}
