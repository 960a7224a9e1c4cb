//! The team quota editor's write: one owner's targets for a period, set,
//! changed or removed together.

use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::goals::{self, Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::error::{AppError, on_constraint};
use crate::i18n::Key;

/// Writes one row of the quota editor (an owner's targets per metric) in
/// one transaction: creates the missing goals, changes the changed targets
/// and cancels the emptied ones, with an audit entry each (`show` writes an
/// amount as the audit text shows it). Returns how many goals changed.
pub fn apply(
    conn: &mut PgConnection,
    viewer: &User,
    (owner, owner_name): (Owner, &str),
    period: &PeriodRow,
    wanted: &[(Metric, Option<Decimal>)],
    org: &Organisation,
    show: &dyn Fn(Decimal, &Metric) -> String,
) -> Result<usize, AppError> {
    let actor = viewer.id;
    let today = crate::goals::progress::org_today(org);
    conn.transaction(|conn| {
        let mut changed = 0;
        for (metric, target) in wanted {
            let show = |amount: Decimal| show(amount, metric);
            let what = format!("{} target of {owner_name} for {}", metric.name, period.name);
            match (Goal::live(conn, owner, metric.id, period.id)?, target) {
                (None, Some(target)) => {
                    let new = NewGoal {
                        created_by: Some(actor),
                        ..NewGoal::new(owner, metric.id, period.id, *target)
                    };
                    let goal = Goal::insert_approved(conn, &new, actor, period.start_date, today)
                        .map_err(|e| {
                        on_constraint(e, &[(goals::LIVE_KEY, "target", Key("quota-taken"))])
                    })?;
                    NewAuditEntry::new(
                        Some(actor),
                        "create",
                        "goal",
                        Some(goal.id),
                        format!("Set the {what} to {}", show(goal.target)),
                    )
                    .after(&goal)
                    .record(conn)?;
                    changed += 1;
                }
                (Some(old), Some(target)) if old.target != *target => {
                    let change = crate::goals::lifecycle::Revision {
                        target: Some(*target),
                        ..Default::default()
                    };
                    let goal = crate::goals::lifecycle::revise_managed(
                        conn,
                        viewer,
                        old.id,
                        &change,
                        Some("Set in the team quota editor"),
                    )?;
                    NewAuditEntry::new(
                        Some(actor),
                        "update",
                        "goal",
                        Some(goal.id),
                        format!(
                            "Changed the {what} from {} to {}",
                            show(old.target),
                            show(goal.target)
                        ),
                    )
                    .before(&old)
                    .after(&goal)
                    .record(conn)?;
                    changed += 1;
                }
                (Some(old), None) => {
                    let goal = crate::goals::lifecycle::transition_managed(
                        conn,
                        viewer,
                        old.id,
                        crate::domain::lifecycle::Action::Cancel,
                        Some("Removed in the team quota editor"),
                        today,
                    )?;
                    NewAuditEntry::new(
                        Some(actor),
                        "cancel",
                        "goal",
                        Some(goal.id),
                        format!("Removed the {what} ({})", show(old.target)),
                    )
                    .before(&old)
                    .after(&goal)
                    .record(conn)?;
                    changed += 1;
                }
                _ => {}
            }
        }
        Ok(changed)
    })
}
