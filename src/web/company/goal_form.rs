//! An admin sets the company's goal for a metric and period from the
//! company page; a second live goal for the same metric and period is
//! refused by the unique index and shown as a message.

use actix_web::{Either, HttpResponse, web};
use diesel::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{ExecutivePage, render_executive};
use crate::auth::session::FlashLevel;
use crate::auth::{RequireAdmin, RequireCompanyReader};
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::goals::{self, Goal, NewGoal, Owner};
use crate::db::metrics::Metric;
use crate::db::periods::PeriodRow;
use crate::input;
use crate::web::error::{AppError, FieldErrors, on_constraint};
use crate::web::respond::{PageOr, WithStatus};
use crate::web::team::picker::Params;
use crate::web::{db, format};

/// The form as typed: every field text, so bad input is a message.
#[derive(Deserialize, Default, Debug, Clone)]
pub struct CompanyGoalForm {
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub target: String,
}

pub async fn create(
    pool: web::Data<DbPool>,
    caches: web::Data<super::Caches>,
    admin: RequireAdmin,
    form: web::Form<CompanyGoalForm>,
) -> Result<PageOr<WithStatus<ExecutivePage>>, AppError> {
    let form = form.into_inner();
    let actor = admin.user.id;
    let org = admin.org.clone();
    let typed = form.clone();
    let result = db(&pool, move |conn| {
        let mut errors = FieldErrors::new();
        let period = match typed.period.trim().parse::<i64>() {
            Ok(id) if id > 0 => PeriodRow::find(conn, id).optional()?,
            _ => None,
        };
        if period.is_none() {
            errors.add("period", "Choose a period.");
        }
        let metric = match typed.metric.trim().parse::<i64>() {
            Ok(id) if id > 0 => Metric::find(conn, id).optional()?,
            _ => None,
        }
        .filter(|m| m.active);
        let Some(metric) = metric else {
            errors.add("metric", "Choose a metric.");
            return Err(AppError::Invalid(errors));
        };
        let places = if metric.is_money() {
            org.money_scale().entry_places()
        } else if metric.unit == crate::domain::number::Unit::Percent {
            2
        } else {
            0
        };
        let target = if typed.target.trim().is_empty() {
            errors.add("target", "Enter the company's target.");
            Decimal::ZERO
        } else {
            input::decimal(&mut errors, "target", &typed.target, Decimal::ZERO, places)
        };
        let Some(period) = period.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let new = NewGoal {
            created_by: Some(actor),
            ..NewGoal::new(Owner::Company, metric.id, period.id, target)
        };
        let duplicate = format!(
            "The company already has a {} goal for {}.",
            metric.name, period.name
        );
        let goal = conn.transaction::<_, AppError, _>(|conn| {
            let today = crate::goals::progress::org_today(&org);
            let goal = Goal::insert_approved(conn, &new, actor, period.start_date, today)
                .map_err(|e| on_constraint(e, &[(goals::LIVE_KEY, "metric", &duplicate)]))?;
            NewAuditEntry::new(
                Some(actor),
                "create",
                "goal",
                Some(goal.id),
                format!(
                    "Set the company's {} goal for {} to {}",
                    metric.name,
                    period.name,
                    format::value(goal.target, metric.unit, &org)
                ),
            )
            .after(&goal)
            .record(conn)?;
            Ok(goal)
        })?;
        Ok((goal, metric, period))
    })
    .await;
    match result {
        Ok((goal, metric, period)) => {
            admin.session.flash(
                FlashLevel::Success,
                format!(
                    "The company's {} goal for {} is {}.",
                    metric.name,
                    period.name,
                    format::value(goal.target, metric.unit, &admin.org)
                ),
            );
            Ok(Either::Right(
                HttpResponse::SeeOther()
                    .insert_header(("Location", format!("/executive?period={}", period.id)))
                    .finish(),
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let period = form.period.trim().parse::<i64>().ok().filter(|id| *id > 0);
            let query = period.map(|id| format!("period={id}")).unwrap_or_default();
            // A period id that names nothing falls back to the current month.
            let params = match Params::parse(&query) {
                Ok(params) if errors.get("period").is_none() => params,
                _ => Params::parse("")?,
            };
            let reader = RequireCompanyReader(admin.0);
            render_executive(&pool, &caches, &reader, params, form, errors)
                .await
                .map(Either::Left)
        }
        Err(other) => Err(other),
    }
}
