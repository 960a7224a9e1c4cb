//! Goals people propose for themselves (`/my-goals`): a draft on a
//! metric, a period (stored if new) and a target, optionally on a bonus
//! schedule of its metric.

use diesel::{Connection, OptionalExtension, PgConnection};
use rust_decimal::Decimal;

use crate::db::goals::Goal;
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::db::users::User;
use crate::domain::period::Period;
use crate::error::{AppError, FieldErrors};

/// Drafts `me`'s goal; an inactive metric or a schedule that does not fit
/// it is refused as a field error.
pub fn draft(
    conn: &mut PgConnection,
    me: &User,
    metric_id: i64,
    period: Period,
    fiscal: u32,
    target: Decimal,
    schedule_id: Option<i64>,
) -> Result<Goal, AppError> {
    let metric = Metric::all(conn)?
        .into_iter()
        .find(|m| m.id == metric_id && m.active);
    if metric.is_none() {
        return Err(AppError::Invalid(FieldErrors::one(
            "metric",
            crate::i18n::Key("goal-own-metric-invalid"),
        )));
    }
    if let Some(id) = schedule_id {
        let fits = crate::db::bonus::BonusSchedule::find(conn, id)
            .optional()?
            .is_some_and(|s| s.active && s.fits_metric(metric_id));
        if !fits {
            return Err(AppError::Invalid(FieldErrors::one(
                "bonus_schedule_id",
                crate::i18n::Key("goal-own-schedule-invalid"),
            )));
        }
    }
    conn.transaction(|conn| {
        let row = PeriodRow::ensure(conn, &period, &period.label(fiscal))?;
        let goal = crate::goals::lifecycle::draft(conn, me, metric_id, row.id, target)?;
        match schedule_id {
            None => Ok(goal),
            Some(id) => Ok(Goal::set_bonus_schedule(conn, goal.id, id)?),
        }
    })
}
