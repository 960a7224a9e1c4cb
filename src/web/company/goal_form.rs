//! An admin sets the company's goal for a metric and period from the
//! company page (`goals::company_goal`); refused fields come back as
//! messages on the company page.

use actix_web::{Either, HttpResponse, web};
use serde::Deserialize;

use super::render_executive;
use crate::auth::session::FlashLevel;
use crate::auth::{RequireAdmin, RequireCompanyReader};
use crate::db::DbPool;
use crate::goals::company_goal::{self, CompanyGoal};
use crate::web::db;
use crate::web::error::AppError;
use crate::web::respond::PageOr;
use crate::web::team::picker::Params;

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
) -> Result<PageOr<crate::web::fragment::Answer>, AppError> {
    let form = form.into_inner();
    let actor = admin.user.id;
    let org = admin.org.clone();
    let typed = form.clone();
    let result = db(&pool, move |conn| {
        let typed = company_goal::Typed {
            metric: &typed.metric,
            period: &typed.period,
            target: &typed.target,
        };
        company_goal::set(conn, actor, &org, typed)
    })
    .await;
    match result {
        Ok(CompanyGoal {
            goal,
            metric,
            period,
        }) => {
            let f = admin.fmt();
            let message = f.lang.tr(
                "company-goal-set",
                [
                    ("metric", f.metric(&metric.key, &metric.name).into()),
                    ("period", f.period(&period).into()),
                    ("target", f.value(goal.target, metric.unit).into()),
                ],
            );
            admin.session.flash(FlashLevel::Success, message);
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
                Ok(params) if !errors.has("period") => params,
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
