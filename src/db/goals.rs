//! Goals and quotas: owner (user, team or company) × metric × period with a
//! target. Actuals are never stored here; they are summed from events.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::metrics::Metric;
use super::periods::PeriodRow;
use super::schema::{goals, metric_definitions, periods};
use crate::domain::lifecycle::Status;
use crate::domain::owner::OwnerKind;
use crate::domain::period::PeriodKind;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = goals)]
pub struct Goal {
    pub id: i64,
    pub owner_kind: OwnerKind,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub metric_id: i64,
    pub period_id: i64,
    pub title: Option<String>,
    pub target: Decimal,
    pub weight: Decimal,
    pub priority: i16,
    pub parent_id: Option<i64>,
    pub bonus_base: Option<Decimal>,
    pub status: Status,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The bonus schedule whose tiers pay `bonus_base` × rate.
    pub bonus_schedule_id: Option<i64>,
}

/// Who a goal belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Owner {
    User(i64),
    Team(i64),
    Company,
}

impl Owner {
    pub fn kind(self) -> OwnerKind {
        match self {
            Owner::User(_) => OwnerKind::User,
            Owner::Team(_) => OwnerKind::Team,
            Owner::Company => OwnerKind::Company,
        }
    }
    pub fn user_id(self) -> Option<i64> {
        match self {
            Owner::User(id) => Some(id),
            _ => None,
        }
    }
    pub fn team_id(self) -> Option<i64> {
        match self {
            Owner::Team(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Insertable, Debug, Clone, Serialize)]
#[diesel(table_name = goals)]
pub struct NewGoal {
    pub owner_kind: OwnerKind,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub metric_id: i64,
    pub period_id: i64,
    pub title: Option<String>,
    pub target: Decimal,
    pub weight: Decimal,
    pub priority: i16,
    pub parent_id: Option<i64>,
    pub bonus_base: Option<Decimal>,
    pub bonus_schedule_id: Option<i64>,
    pub created_by: Option<i64>,
    /// How the target calculator arrived at the target, when it did.
    pub target_breakdown: Option<serde_json::Value>,
}

impl NewGoal {
    pub fn new(owner: Owner, metric_id: i64, period_id: i64, target: Decimal) -> NewGoal {
        NewGoal {
            owner_kind: owner.kind(),
            user_id: owner.user_id(),
            team_id: owner.team_id(),
            metric_id,
            period_id,
            title: None,
            target,
            weight: Decimal::ONE,
            priority: 3,
            parent_id: None,
            bonus_base: None,
            bonus_schedule_id: None,
            created_by: None,
            target_breakdown: None,
        }
    }
}

/// The unique index behind "one live goal per owner × metric × period".
pub const LIVE_KEY: &str = "goals_live_key";

/// Statuses whose goals count in progress views and leaderboards.
pub const LIVE_STATUSES: [Status; 4] = [
    Status::Active,
    Status::Approved,
    Status::Completed,
    Status::Failed,
];

/// What [`Goal::search`] keeps.
#[derive(Debug, Default)]
pub struct GoalSearch {
    /// Only goals on stored months, quarters and years (no custom ranges).
    pub quotas_only: bool,
    pub metric_id: Option<i64>,
    pub period_id: Option<i64>,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    /// `None`: everything but cancelled; "all": everything.
    pub status: Option<String>,
    /// `Some((people, teams))`: only company goals and those of these
    /// people and teams.
    pub owners: Option<(Vec<i64>, Vec<i64>)>,
    pub limit: i64,
    pub offset: i64,
}

impl Goal {
    pub fn owner(&self) -> Owner {
        match (self.owner_kind, self.user_id, self.team_id) {
            (OwnerKind::User, Some(id), _) => Owner::User(id),
            (OwnerKind::Team, _, Some(id)) => Owner::Team(id),
            _ => Owner::Company,
        }
    }

    /// How many goals that are not cancelled each period holds.
    pub fn count_by_period(
        conn: &mut PgConnection,
    ) -> QueryResult<std::collections::HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = goals::table
            .filter(goals::status.ne(Status::Cancelled))
            .group_by(goals::period_id)
            .select((goals::period_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// A person's own goals that are not cancelled, newest period first
    /// (at most 50), with each goal's status reason.
    #[expect(clippy::type_complexity, reason = "rows of a three-table join")]
    pub fn own_with_reasons(
        conn: &mut PgConnection,
        user_id: i64,
    ) -> QueryResult<(Vec<(Goal, PeriodRow, Metric)>, Vec<(i64, Option<String>)>)> {
        let mine: Vec<(Goal, PeriodRow, Metric)> = goals::table
            .inner_join(periods::table)
            .inner_join(metric_definitions::table)
            .filter(goals::owner_kind.eq(OwnerKind::User))
            .filter(goals::user_id.eq(user_id))
            .filter(goals::status.ne(Status::Cancelled))
            .select((
                Goal::as_select(),
                PeriodRow::as_select(),
                Metric::as_select(),
            ))
            .order((periods::start_date.desc(), goals::id.desc()))
            .limit(50)
            .load(conn)?;
        let reasons: Vec<(i64, Option<String>)> = goals::table
            .filter(goals::id.eq_any(mine.iter().map(|(g, _, _)| g.id).collect::<Vec<_>>()))
            .select((goals::id, goals::status_reason))
            .load(conn)?;
        Ok((mine, reasons))
    }

    /// The goals with these ids.
    pub fn by_ids(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<Goal>> {
        goals::table
            .filter(goals::id.eq_any(ids))
            .select(Goal::as_select())
            .load(conn)
    }

    /// Sets a goal's bonus schedule and base.
    pub fn set_bonus(
        conn: &mut PgConnection,
        id: i64,
        schedule_id: Option<i64>,
        base: Option<Decimal>,
    ) -> QueryResult<Goal> {
        diesel::update(goals::table.find(id))
            .set((
                goals::bonus_schedule_id.eq(schedule_id),
                goals::bonus_base.eq(base),
            ))
            .returning(Goal::as_returning())
            .get_result(conn)
    }

    /// Puts a goal on a bonus schedule.
    pub fn set_bonus_schedule(
        conn: &mut PgConnection,
        id: i64,
        schedule_id: i64,
    ) -> QueryResult<Goal> {
        diesel::update(goals::table.find(id))
            .set(goals::bonus_schedule_id.eq(schedule_id))
            .returning(Goal::as_returning())
            .get_result(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Goal> {
        goals::table.find(id).select(Goal::as_select()).first(conn)
    }

    pub fn insert(conn: &mut PgConnection, goal: &NewGoal) -> QueryResult<Goal> {
        diesel::insert_into(goals::table)
            .values(goal)
            .returning(Goal::as_returning())
            .get_result(conn)
    }

    /// A goal set by someone who may approve it (a manager's quota, an
    /// admin's company goal, the target calculator): approved by them now,
    /// and active at once when its period has started by `today`;
    /// otherwise it waits as approved and the `goal-lifecycle` job
    /// activates it on the period's first day.
    pub fn insert_approved(
        conn: &mut PgConnection,
        goal: &NewGoal,
        approver: i64,
        period_start: NaiveDate,
        today: NaiveDate,
    ) -> QueryResult<Goal> {
        let now = Utc::now();
        let started = period_start <= today;
        let status = if started {
            Status::Active
        } else {
            Status::Approved
        };
        diesel::insert_into(goals::table)
            .values((
                goal,
                goals::status.eq(status),
                goals::approved_at.eq(Some(now)),
                goals::approved_by.eq(Some(approver)),
                goals::activated_at.eq(started.then_some(now)),
                goals::status_changed_at.eq(Some(now)),
            ))
            .returning(Goal::as_returning())
            .get_result(conn)
    }

    /// The owner's live goals whose period holds `day`, each with its
    /// period and metric (one query: every dashboard shows them).
    pub fn current_for(
        conn: &mut PgConnection,
        owner: Owner,
        day: NaiveDate,
    ) -> QueryResult<Vec<(Goal, PeriodRow, Metric)>> {
        let mut query = goals::table
            .inner_join(periods::table)
            .inner_join(metric_definitions::table)
            .filter(goals::owner_kind.eq(owner.kind()))
            .filter(goals::status.eq_any(LIVE_STATUSES))
            .filter(periods::start_date.le(day))
            .filter(periods::end_date.ge(day))
            .select((
                Goal::as_select(),
                PeriodRow::as_select(),
                Metric::as_select(),
            ))
            .order((goals::priority, goals::id))
            .into_boxed();
        query = match owner {
            Owner::User(id) => query.filter(goals::user_id.eq(id)),
            Owner::Team(id) => query.filter(goals::team_id.eq(id)),
            Owner::Company => query,
        };
        query.load(conn)
    }

    /// Live goals of one period and metric for an owner kind (a leaderboard,
    /// a team's quotas).
    pub fn in_period(
        conn: &mut PgConnection,
        period_id: i64,
        metric_id: Option<i64>,
        owner_kind: OwnerKind,
    ) -> QueryResult<Vec<Goal>> {
        let mut query = goals::table
            .filter(goals::period_id.eq(period_id))
            .filter(goals::owner_kind.eq(owner_kind))
            .filter(goals::status.eq_any(LIVE_STATUSES))
            .select(Goal::as_select())
            .order(goals::id)
            .into_boxed();
        if let Some(metric_id) = metric_id {
            query = query.filter(goals::metric_id.eq(metric_id));
        }
        query.load(conn)
    }

    /// The live goal of an owner, metric and period, if any.
    pub fn live(
        conn: &mut PgConnection,
        owner: Owner,
        metric_id: i64,
        period_id: i64,
    ) -> QueryResult<Option<Goal>> {
        let mut query = goals::table
            .filter(goals::owner_kind.eq(owner.kind()))
            .filter(goals::metric_id.eq(metric_id))
            .filter(goals::period_id.eq(period_id))
            .filter(goals::status.ne(Status::Cancelled))
            .select(Goal::as_select())
            .into_boxed();
        query = match owner {
            Owner::User(id) => query.filter(goals::user_id.eq(id)),
            Owner::Team(id) => query.filter(goals::team_id.eq(id)),
            Owner::Company => query,
        };
        query.first(conn).optional()
    }

    /// The goals that pass `search`, newest period first, then by priority
    /// and id, one page of them.
    pub fn search(conn: &mut PgConnection, search: &GoalSearch) -> QueryResult<Vec<Goal>> {
        let mut query = goals::table
            .inner_join(periods::table)
            .select(Goal::as_select())
            .into_boxed();
        if search.quotas_only {
            query = query.filter(periods::kind.ne(PeriodKind::Custom));
        }
        if let Some(id) = search.metric_id {
            query = query.filter(goals::metric_id.eq(id));
        }
        if let Some(id) = search.period_id {
            query = query.filter(goals::period_id.eq(id));
        }
        if let Some(id) = search.user_id {
            query = query.filter(goals::user_id.eq(id));
        }
        if let Some(id) = search.team_id {
            query = query.filter(goals::team_id.eq(id));
        }
        query = match search.status.as_deref() {
            Some("all") => query,
            Some(status) => query.filter(goals::status.eq(status.to_string())),
            None => query.filter(goals::status.ne(Status::Cancelled)),
        };
        if let Some((people, teams)) = &search.owners {
            query = query.filter(
                goals::owner_kind
                    .eq(OwnerKind::Company)
                    .or(goals::user_id.eq_any(people))
                    .or(goals::team_id.eq_any(teams)),
            );
        }
        query
            .order((periods::start_date.desc(), goals::priority, goals::id))
            .limit(search.limit)
            .offset(search.offset)
            .load(conn)
    }

    pub fn children(conn: &mut PgConnection, parent_id: i64) -> QueryResult<Vec<Goal>> {
        goals::table
            .filter(goals::parent_id.eq(parent_id))
            .filter(goals::status.ne(Status::Cancelled))
            .select(Goal::as_select())
            .load(conn)
    }

    /// Cancels without the lifecycle's checks or a revision: for test set-up
    /// only; the pages and the API cancel through `goal_lifecycle`.
    pub fn cancel(conn: &mut PgConnection, id: i64) -> QueryResult<Goal> {
        diesel::update(goals::table.find(id))
            .set(goals::status.eq(Status::Cancelled))
            .returning(Goal::as_returning())
            .get_result(conn)
    }
}
