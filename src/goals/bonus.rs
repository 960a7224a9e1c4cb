//! Setting a goal's bonus: its schedule and base, by those who may manage
//! the goal, with a revision and an audit line, in one transaction.

use diesel::{Connection, OptionalExtension, PgConnection, QueryResult};
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::bonus::BonusSchedule;
use crate::db::goals::Goal;
use crate::db::revisions::RevisionDraft;
use crate::db::users::User;
use crate::error::{AppError, FieldErrors};
use crate::org::access;

/// The schedule and base chosen.
pub type BonusChoice = (Option<i64>, Option<Decimal>);

/// What is wrong with schedule `id` for `goal`, if anything: it must exist,
/// be in use (or be the goal's own already), and count the goal's metric
/// (an attainment schedule counts any).
pub fn schedule_problem(
    conn: &mut PgConnection,
    goal: &Goal,
    id: i64,
) -> QueryResult<Option<crate::i18n::Key>> {
    use crate::i18n::Key;
    Ok(match BonusSchedule::find(conn, id).optional()? {
        Some(s) if !s.active && goal.bonus_schedule_id != Some(id) => {
            Some(Key("goal-bonus-schedule-retired"))
        }
        Some(s) if !s.fits_metric(goal.metric_id) => Some(Key("goal-bonus-schedule-other-metric")),
        Some(_) => None,
        None => Some(Key("goal-bonus-schedule-unknown")),
    })
}

/// Sets goal `id`'s bonus to what `choose` reads for it (the edge's form,
/// checked against the locked goal); `Ok(Ok(false))` when nothing changed,
/// `Ok(Err(..))` when the choice is refused.
pub fn set(
    conn: &mut PgConnection,
    actor: &User,
    id: i64,
    choose: impl FnOnce(&mut PgConnection, &Goal) -> Result<Result<BonusChoice, FieldErrors>, AppError>,
) -> Result<Result<bool, FieldErrors>, AppError> {
    conn.transaction(|conn| {
        let goal = Goal::lock(conn, id)?;
        if !access::can_view_goal(conn, actor, &goal)? {
            return Err(AppError::NotFound);
        }
        if !access::can_manage_goal(conn, actor, &goal)? {
            return Err(AppError::Forbidden);
        }
        let (schedule, base) = match choose(conn, &goal)? {
            Ok(parsed) => parsed,
            Err(errors) => return Ok(Err(errors)),
        };
        if (schedule, base) == (goal.bonus_schedule_id, goal.bonus_base) {
            return Ok(Ok(false));
        }
        let after = Goal::set_bonus(conn, goal.id, schedule, base)?;
        RevisionDraft::new(goal.id, Some(actor.id), Some("Bonus changed"))
            .field(
                "bonus_schedule_id",
                &goal.bonus_schedule_id,
                &after.bonus_schedule_id,
            )
            .field("bonus_base", &goal.bonus_base, &after.bonus_base)
            .record(conn)?;
        NewAuditEntry::new(
            Some(actor.id),
            "update",
            "goal",
            Some(goal.id),
            format!("Changed the bonus of goal {}", goal.id),
        )
        .before(&goal)
        .after(&after)
        .record(conn)?;
        Ok(Ok(true))
    })
}
