//! The one leaderboard ranking, shared by the leaderboard page, the API's
//! leaderboard and team progress, and the caller's own progress: people
//! with a live personal goal for a metric in a period, ranked by attainment.
//! Ties share a rank (1, 2, 2, 4), no target ranks last, and within a rank
//! rows run by name, then user id. "My team" is the teams the viewer
//! manages and the viewer's own team, each with every team below it.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::events::{MetricEvent, Scope};
use crate::db::goals::LIVE_STATUSES;
use crate::db::metrics::Metric;
use crate::db::partner_tiers::PartnerTier;
use crate::db::periods::PeriodRow;
use crate::db::schema::{goals, teams, users};
use crate::db::tree;
use crate::db::users::User;
use crate::domain::attainment::{self, GoalProgress, attainment_percent, rank_with_ties};
use crate::domain::owner::OwnerKind;
use crate::error::AppError;

/// Whose goals are compared, as a viewer chooses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoardScope {
    /// The teams the viewer manages and the viewer's own team, with every
    /// team below them.
    MyTeam,
    Company,
    /// Reps of one partner tier.
    Tier(i64),
}

impl BoardScope {
    /// The query value: "team", "company" or "tier:ID".
    pub fn param(self) -> String {
        match self {
            BoardScope::MyTeam => "team".into(),
            BoardScope::Company => "company".into(),
            BoardScope::Tier(id) => format!("tier:{id}"),
        }
    }

    /// Reads [`BoardScope::param`]; `None` for anything else.
    pub fn parse(value: &str) -> Option<BoardScope> {
        match value.trim() {
            "team" => Some(BoardScope::MyTeam),
            "company" => Some(BoardScope::Company),
            other => other
                .strip_prefix("tier:")
                .and_then(|id| id.parse().ok())
                .filter(|id| *id > 0)
                .map(BoardScope::Tier),
        }
    }
}

/// The people a ranking compares, resolved for one viewer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Everyone,
    /// Members of these teams.
    Teams(Vec<i64>),
    /// Members of one partner tier.
    Tier(i64),
}

impl Field {
    /// What `scope` covers for `viewer`. An unknown tier is a 404.
    pub fn of(
        conn: &mut PgConnection,
        viewer: &User,
        scope: BoardScope,
    ) -> Result<Field, AppError> {
        Ok(match scope {
            BoardScope::MyTeam => Field::Teams(my_teams(conn, viewer)?),
            BoardScope::Company => Field::Everyone,
            BoardScope::Tier(id) => {
                PartnerTier::find(conn, id)?;
                Field::Tier(id)
            }
        })
    }

    /// One team with every team below it.
    pub fn team(conn: &mut PgConnection, team_id: i64) -> QueryResult<Field> {
        Ok(Field::Teams(tree::team_subtree(conn, team_id)?))
    }

    /// The teams of "my team" (empty for the other fields).
    pub fn teams(&self) -> &[i64] {
        match self {
            Field::Teams(teams) => teams,
            _ => &[],
        }
    }
}

/// The viewer's teams for "my team": those they manage and their own, each
/// with everything below it.
pub fn my_teams(conn: &mut PgConnection, viewer: &User) -> QueryResult<Vec<i64>> {
    let mut teams = tree::managed_subtree(conn, viewer.id)?;
    if let Some(own) = viewer.team_id {
        teams.extend(tree::team_subtree(conn, own)?);
    }
    teams.sort_unstable();
    teams.dedup();
    Ok(teams)
}

/// One person's place on a board.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Standing {
    /// 1-based; people with the same attainment share a rank and the next
    /// rank skips (1, 2, 2, 4).
    pub rank: u32,
    pub user_id: i64,
    /// The live goal ranked.
    pub goal_id: i64,
    pub name: String,
    pub team: Option<String>,
    pub actual: Decimal,
    pub target: Decimal,
    /// `None` for a zero target ("no target"), ranked last.
    pub attainment_percent: Option<Decimal>,
    /// actual − target.
    pub vs_quota: Decimal,
}

/// The ranking of one board: `field`'s active people with a live goal for
/// `metric` in `period`.
pub fn rank(
    conn: &mut PgConnection,
    period: &PeriodRow,
    metric: &Metric,
    field: &Field,
) -> Result<Vec<Standing>, AppError> {
    Ok(rank_boards(conn, &[(period, metric)], field)?
        .pop()
        .unwrap_or_default())
}

/// The ranking of `scope` for `viewer` (see [`Field::of`]).
pub fn standings(
    conn: &mut PgConnection,
    viewer: &User,
    period: &PeriodRow,
    metric: &Metric,
    scope: BoardScope,
) -> Result<Vec<Standing>, AppError> {
    let field = Field::of(conn, viewer, scope)?;
    rank(conn, period, metric, &field)
}

/// A candidate row: user, name, team name, goal id, period, metric, target.
type Entry = (i64, String, Option<String>, i64, i64, i64, Decimal);

/// Rankings of several boards over one field, in the order of `boards`: one
/// query for the people and their goals of every board, and one grouped
/// query for the actuals of each board.
pub fn rank_boards(
    conn: &mut PgConnection,
    boards: &[(&PeriodRow, &Metric)],
    field: &Field,
) -> Result<Vec<Vec<Standing>>, AppError> {
    if boards.is_empty() {
        return Ok(Vec::new());
    }
    let period_ids: Vec<i64> = boards.iter().map(|(p, _)| p.id).collect();
    let metric_ids: Vec<i64> = boards.iter().map(|(_, m)| m.id).collect();
    let mut query = users::table
        .left_join(teams::table.on(teams::id.nullable().eq(users::team_id)))
        .inner_join(
            goals::table.on(goals::user_id
                .eq(users::id.nullable())
                .and(goals::period_id.eq_any(&period_ids))
                .and(goals::metric_id.eq_any(&metric_ids))
                .and(goals::owner_kind.eq(OwnerKind::User))
                .and(goals::status.eq_any(LIVE_STATUSES))),
        )
        .filter(users::active.eq(true))
        .select((
            users::id,
            users::name,
            teams::name.nullable(),
            goals::id,
            goals::period_id,
            goals::metric_id,
            goals::target,
        ))
        .order(goals::id)
        .into_boxed();
    query = match field {
        Field::Everyone => query,
        Field::Teams(teams) => query.filter(users::team_id.eq_any(teams.clone())),
        Field::Tier(id) => query.filter(users::partner_tier_id.eq(*id)),
    };
    let entries: Vec<Entry> = query.load(conn)?;
    let mut ranked = Vec::with_capacity(boards.len());
    for (period, metric) in boards {
        let people: Vec<Entry> = entries
            .iter()
            .filter(|e| e.4 == period.id && e.5 == metric.id)
            .cloned()
            .collect();
        let totals = if people.is_empty() {
            HashMap::new()
        } else {
            let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
            // The company sums everyone's events without a list of ids.
            let scope = match field {
                Field::Everyone => Scope::Everyone,
                _ => Scope::Users(&ids),
            };
            let span = period.period();
            MetricEvent::totals_by_user(conn, scope, metric.id, span.start, span.end)?
        };
        ranked.push(order(people, &totals));
    }
    Ok(ranked)
}

/// The rule: ranks by attainment (ties share), then name, then user id.
fn order(people: Vec<Entry>, totals: &HashMap<i64, Decimal>) -> Vec<Standing> {
    let mut rows: Vec<Standing> = people
        .into_iter()
        .map(|(user_id, name, team, goal_id, _, _, target)| {
            let actual = totals.get(&user_id).copied().unwrap_or_default();
            Standing {
                rank: 0,
                user_id,
                goal_id,
                name,
                team,
                actual,
                target,
                attainment_percent: attainment_percent(actual, target),
                vs_quota: actual - target,
            }
        })
        .collect();
    let percents: Vec<Option<Decimal>> = rows.iter().map(|r| r.attainment_percent).collect();
    for (row, rank) in rows.iter_mut().zip(rank_with_ties(&percents)) {
        row.rank = rank;
    }
    rows.sort_by(|a, b| (a.rank, &a.name, a.user_id).cmp(&(b.rank, &b.name, b.user_id)));
    rows
}

/// Each standing's progress on `today` (pace, projection, the week's
/// change), by goal id: the actual is the standing's, the part before this
/// week one grouped query over the same people.
pub fn progress(
    conn: &mut PgConnection,
    period: &PeriodRow,
    metric: &Metric,
    standings: &[Standing],
    everyone: bool,
    today: NaiveDate,
) -> QueryResult<HashMap<i64, GoalProgress>> {
    let span = period.period();
    let ids: Vec<i64> = standings.iter().map(|s| s.user_id).collect();
    let scope = if everyone {
        Scope::Everyone
    } else {
        Scope::Users(&ids)
    };
    // As `goals::progress::views`: the actual up to the day before Monday.
    let week_start = attainment::week_start(today);
    let before_week = if week_start <= span.start || ids.is_empty() {
        HashMap::new()
    } else {
        let day_before = week_start
            .checked_sub_days(Days::new(1))
            .unwrap_or(week_start)
            .min(today.min(span.end));
        MetricEvent::totals_by_user(conn, scope, metric.id, span.start, day_before)?
    };
    Ok(standings
        .iter()
        .map(|s| {
            let before = before_week.get(&s.user_id).copied().unwrap_or_default();
            let progress = attainment::progress(s.target, s.actual, before, &span, today);
            (s.goal_id, progress)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn person(id: i64, name: &str, target: Decimal) -> Entry {
        (id, name.to_string(), None, id * 10, 1, 1, target)
    }

    #[test]
    fn scopes_round_trip_through_the_address() {
        for scope in [BoardScope::MyTeam, BoardScope::Company, BoardScope::Tier(7)] {
            assert_eq!(BoardScope::parse(&scope.param()), Some(scope));
        }
        for bad in ["", "tier:", "tier:x", "tier:-1", "everyone"] {
            assert_eq!(BoardScope::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ties_share_a_rank_and_names_break_the_order() {
        let people = vec![
            person(1, "Zoe", dec!(100)),
            person(2, "Ann", dec!(200)),
            person(3, "Bob", dec!(100)),
            person(4, "Cy", dec!(0)),
        ];
        let totals = HashMap::from([(1, dec!(50)), (2, dec!(100)), (3, dec!(80))]);
        let rows = order(people, &totals);
        let order: Vec<(&str, u32)> = rows.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(order, [("Bob", 1), ("Ann", 2), ("Zoe", 2), ("Cy", 4)]);
        assert_eq!(rows[1].vs_quota, dec!(-100));
        assert_eq!(rows[3].attainment_percent, None);
        assert_eq!(rows[0].goal_id, 30);
    }

    #[test]
    fn people_of_the_same_name_run_by_user_id() {
        let people = vec![person(9, "Kim", dec!(100)), person(4, "Kim", dec!(100))];
        let totals = HashMap::from([(9, dec!(50)), (4, dec!(50))]);
        let ids: Vec<i64> = order(people, &totals).iter().map(|r| r.user_id).collect();
        assert_eq!(ids, [4, 9]);
    }
}
