//! The goals a reader may see, filtered: `/api/v1/quotas` and
//! `/api/v1/goals` list through here.

use diesel::PgConnection;

use crate::db::goals::{Goal, GoalSearch};
use crate::db::metrics::Metric;
use crate::db::users::User;
use crate::error::{AppError, FieldErrors};
use crate::org::access;

/// What the reader asked for; `metric_type` is a metric's key.
#[derive(Debug, Default)]
pub struct Filter {
    pub quotas_only: bool,
    pub period_id: Option<i64>,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub metric_type: Option<String>,
    /// `None`: everything but cancelled; "all": everything.
    pub status: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The goals `viewer` may read that pass `filter`, newest period first.
/// Mirrors `access::can_view_goal` as one query: own and subtree people's
/// goals, own and subtree teams' goals, company goals; everything for
/// admins and executives. An unknown `metric_type` is a field error.
pub fn visible(
    conn: &mut PgConnection,
    viewer: &User,
    filter: Filter,
) -> Result<Vec<Goal>, AppError> {
    let metric_id = match &filter.metric_type {
        Some(key) => Some(
            Metric::find_by_key(conn, key)?
                .ok_or_else(|| {
                    AppError::Invalid(FieldErrors::one(
                        "metric_type",
                        crate::i18n::Msg::new("goal-metric-unknown"),
                    ))
                })?
                .id,
        ),
        None => None,
    };
    let owners = match access::visible_teams(conn, viewer)? {
        Some(mut teams) => {
            let mut people = User::ids_in_teams(conn, &teams)?;
            people.push(viewer.id);
            teams.extend(viewer.team_id);
            Some((people, teams))
        }
        None => None,
    };
    let search = GoalSearch {
        quotas_only: filter.quotas_only,
        metric_id,
        period_id: filter.period_id,
        user_id: filter.user_id,
        team_id: filter.team_id,
        status: filter.status,
        owners,
        limit: filter.limit,
        offset: filter.offset,
    };
    Ok(Goal::search(conn, &search)?)
}
