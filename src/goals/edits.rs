//! Changing and cancelling a goal through the API: the goal must be one the
//! caller may read and change, and not final; each change is audited in the
//! same transaction.

use diesel::prelude::*;

use crate::db::audit::NewAuditEntry;
use crate::db::goals::Goal;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::lifecycle::Action;
use crate::domain::lifecycle::Status;
use crate::error::AppError;
use crate::goals::lifecycle::{self, Revision};
use crate::goals::progress::org_today;
use crate::org::access;

/// Why the caller may not touch the goal; the edge words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such goal, or one the caller may not read (not told apart, so
    /// ids of other people's goals are not confirmed).
    Missing,
    /// The caller may read the goal but not change it.
    NotYours,
}

/// The goal, if `viewer` may read it and change it.
fn managed<E>(conn: &mut PgConnection, viewer: &User, id: i64) -> Result<Goal, E>
where
    E: From<Refusal> + From<diesel::result::Error>,
{
    let goal = Goal::find(conn, id).optional()?.ok_or(Refusal::Missing)?;
    if !access::can_view_goal(conn, viewer, &goal)? {
        return Err(Refusal::Missing.into());
    }
    if !access::can_manage_goal(conn, viewer, &goal)? {
        return Err(Refusal::NotYours.into());
    }
    Ok(goal)
}

/// Revises target, weight, priority and title of a goal that is not final,
/// with `reason` (needed for the target of an active goal). `change` is
/// what the request asked; its error is reported only once the caller is
/// known to manage the goal and the goal is known to be open. `show` turns
/// the changed goal into the answer, inside the transaction.
pub fn update<T, E>(
    conn: &mut PgConnection,
    viewer: &User,
    id: i64,
    change: Result<(Revision, Option<String>), E>,
    show: impl FnOnce(&mut PgConnection, &Goal) -> QueryResult<T>,
) -> Result<T, E>
where
    E: From<Refusal> + From<AppError> + From<diesel::result::Error>,
{
    conn.transaction(|conn| {
        let before = managed::<E>(conn, viewer, id)?;
        if before.status.is_final() {
            return Err(AppError::Conflict(
                crate::i18n::Msg::new("goal-status-cannot-change")
                    .arg("status", before.status.as_str()),
            )
            .into());
        }
        let (revision, reason) = change?;
        let after = lifecycle::revise(conn, viewer, id, &revision, reason.as_deref())?;
        NewAuditEntry::new(
            Some(viewer.id),
            "update",
            "goal",
            Some(id),
            format!("Changed goal #{id} through the API"),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(show(conn, &after)?)
    })
}

/// Cancels the goal (the row stays, for history); cancelling twice is
/// harmless, a completed or failed goal is final.
pub fn cancel<T, E>(
    conn: &mut PgConnection,
    viewer: &User,
    id: i64,
    show: impl FnOnce(&mut PgConnection, &Goal) -> QueryResult<T>,
) -> Result<T, E>
where
    E: From<Refusal> + From<AppError> + From<diesel::result::Error>,
{
    conn.transaction(|conn| {
        let before = managed::<E>(conn, viewer, id)?;
        let after = match before.status {
            Status::Cancelled => before,
            Status::Completed | Status::Failed => {
                return Err(AppError::Conflict(
                    crate::i18n::Msg::new("goal-status-final")
                        .arg("status", before.status.as_str()),
                )
                .into());
            }
            _ => {
                let today = org_today(&Organisation::get(conn)?);
                let after = lifecycle::transition(
                    conn,
                    viewer,
                    id,
                    Action::Cancel,
                    Some("Cancelled through the API"),
                    today,
                )?;
                NewAuditEntry::new(
                    Some(viewer.id),
                    "cancel",
                    "goal",
                    Some(id),
                    format!("Cancelled goal #{id} through the API"),
                )
                .before(&before)
                .after(&after)
                .record(conn)?;
                after
            }
        };
        Ok(show(conn, &after)?)
    })
}
