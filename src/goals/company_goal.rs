//! An admin sets the company's goal for a metric and period: the choices
//! checked, the goal inserted approved and its audit line written in one
//! transaction; a second live goal for the same metric and period is
//! refused by the unique index as a message on the metric.

use diesel::{Connection, OptionalExtension, PgConnection};
use rust_decimal::Decimal;

use crate::db::audit::NewAuditEntry;
use crate::db::goals::{self, Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::input;

/// The company goal's fields as typed (ids and the target as text).
pub struct Typed<'a> {
    pub metric: &'a str,
    pub period: &'a str,
    pub target: &'a str,
}

/// What was set, for the answer.
pub struct CompanyGoal {
    pub goal: Goal,
    pub metric: Metric,
    pub period: PeriodRow,
}

/// A stored row named by a positive id typed as text, if there is one.
fn chosen<T>(
    conn: &mut PgConnection,
    typed: &str,
    find: impl FnOnce(&mut PgConnection, i64) -> diesel::QueryResult<T>,
) -> Result<Option<T>, AppError> {
    match typed.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(find(conn, id).optional()?),
        _ => Ok(None),
    }
}

pub fn set(
    conn: &mut PgConnection,
    actor: i64,
    org: &Organisation,
    typed: Typed<'_>,
) -> Result<CompanyGoal, AppError> {
    let mut errors = FieldErrors::new();
    let period = chosen(conn, typed.period, PeriodRow::find)?;
    if period.is_none() {
        errors.add("period", crate::i18n::Key("goal-choose-period"));
    }
    let metric = chosen(conn, typed.metric, Metric::find)?.filter(|m| m.active);
    let Some(metric) = metric else {
        errors.add("metric", crate::i18n::Key("goal-choose-metric"));
        return Err(AppError::Invalid(errors));
    };
    let places = metric.unit.scale(org.money_scale().places());
    let target = if typed.target.trim().is_empty() {
        errors.add("target", crate::i18n::Key("goal-company-target-required"));
        Decimal::ZERO
    } else {
        input::decimal(&mut errors, "target", typed.target, Decimal::ZERO, places)
    };
    let Some(period) = period.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let new = NewGoal {
        created_by: Some(actor),
        ..NewGoal::new(Owner::Company, metric.id, period.id, target)
    };
    let duplicate = crate::i18n::Msg::new("goal-company-duplicate")
        .arg("metric", metric.name.clone())
        .arg("period", period.name.clone());
    let goal = conn.transaction::<_, AppError, _>(|conn| {
        let today = crate::goals::progress::org_today(org);
        let goal = Goal::insert_approved(conn, &new, actor, period.start_date, today)
            .map_err(|e| on_constraint(e, &[(goals::LIVE_KEY, "metric", duplicate.clone())]))?;
        NewAuditEntry::new(
            Some(actor),
            "create",
            "goal",
            Some(goal.id),
            format!(
                "Set the company's {} goal for {} to {}",
                metric.name,
                period.name,
                metric
                    .unit
                    .show(goal.target, org.money_scale(), &org.currency_code)
            ),
        )
        .after(&goal)
        .record(conn)?;
        Ok(goal)
    })?;
    Ok(CompanyGoal {
        goal,
        metric,
        period,
    })
}
