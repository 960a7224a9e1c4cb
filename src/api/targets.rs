//! `GET /api/v1/targets/calculate`: the formula's target for a person, a
//! month period and a metric, with the breakdown (base, each factor and
//! where it came from, the final), decimals as strings. Optional
//! `personal`, `market`, `seasonal` and `team` replace the stored factors
//! for a what-if. The person must be one the caller may read (404
//! otherwise): themselves, their subtree for managers, anyone for admins
//! and executives.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::Input;
use super::schema;
use crate::db::DbPool;
use crate::db::goals::{Goal, Owner};
use crate::domain::target::{Breakdown, check_factor};
use crate::goals::targets::{Overrides, calculate};
use crate::org::access;

#[derive(Serialize, ToSchema)]
pub struct LiveGoal {
    id: i64,
    target_value: Decimal,
    #[schema(schema_with = schema::goal_status)]
    status: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = TargetCalculation)]
pub struct Calculation {
    user_id: i64,
    period_id: i64,
    metric_type: String,
    /// The computed target.
    final_target: Decimal,
    #[schema(value_type = schema::TargetBreakdown)]
    target_breakdown: Breakdown,
    /// The person's live goal for the metric and period, if any.
    live_goal: Option<LiveGoal>,
}

fn factor(q: &mut Input, key: &str) -> Option<Decimal> {
    let value: Decimal = q.get(key)?;
    match check_factor(value) {
        Ok(v) => Some(v),
        Err(e) => {
            q.errors.add(key, e.to_string());
            None
        }
    }
}

#[utoipa::path(get, path = "/api/v1/targets/calculate", tag = "targets",
    summary = "The formula's target for a person, month and metric, with its breakdown",
    description = "base = the partner type's minimum (min_monthly_sales for revenue, min_deal_count for deals) × the tier's multiplier (1 without a tier); target = base × personal × market × seasonal × team, rounded half away from zero to the currency's minor unit (money) or to whole numbers. The team factor of a leader (someone who manages a team, or sponsors partners) is clamp(attainment / 100, 0.80, 1.20) to 2 decimals, from the summed actuals over the summed targets of their team's goals last month, unless set by hand. For people the caller may read (themselves; managers their subtree; admins and executives anyone).",
    params(
        ("user_id" = Option<i64>, Query, description = "The person (required)."),
        ("period_id" = Option<i64>, Query, description = "A month period (required)."),
        ("metric_type" = Option<String>, Query, description = "revenue or deals (required)."),
        ("personal" = Option<String>, Query, description = "Replaces the stored personal factor."),
        ("market" = Option<String>, Query, description = "Replaces the stored market factor."),
        ("seasonal" = Option<String>, Query, description = "Replaces the stored seasonal factor."),
        ("team" = Option<String>, Query, description = "Replaces the team factor."),
    ),
    responses(
        (status = 200, description = "The computed target.", body = Calculation),
        (status = 404, description = "No such user, or the caller may not read them.", body = ErrorBody),
        (status = 422, description = "A parameter is missing or invalid, or the formula does not apply (no partner type, not a month, a metric other than revenue or deals).", body = ErrorBody),
    ))]
pub async fn calculate_target(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let user_id: Option<i64> = q.need("user_id");
    let period_id: Option<i64> = q.need("period_id");
    let metric_type: Option<String> = q.need("metric_type");
    let overrides = Overrides {
        personal: factor(&mut q, "personal"),
        market: factor(&mut q, "market"),
        seasonal: factor(&mut q, "seasonal"),
        team: factor(&mut q, "team"),
    };
    let fields = q.into_fields();
    let (Some(user_id), Some(period_id), Some(metric_type)) = (user_id, period_id, metric_type)
    else {
        return Err(ApiError::Invalid(fields));
    };
    fields.into_result()?;
    let body = db(&pool, move |conn| {
        let person = access::visible_user(conn, &caller.user, user_id)?
            .ok_or_else(|| ApiError::not_found("user"))?;
        let period = super::board::period(conn, period_id)?;
        let metric = super::board::metric(conn, &metric_type)?;
        let breakdown = match calculate(conn, &caller.org, &person, &period, &metric, &overrides)? {
            Ok(b) => b,
            Err(why) => {
                let field = match why.field() {
                    "user" => "user_id",
                    "period" => "period_id",
                    _ => "metric_type",
                };
                return Err(ApiError::invalid(field, why.message().english()));
            }
        };
        let live = Goal::live(conn, Owner::User(person.id), metric.id, period.id)?;
        Ok(Calculation {
            user_id: person.id,
            period_id: period.id,
            metric_type: metric.key,
            final_target: breakdown.final_target,
            target_breakdown: breakdown,
            live_goal: live.map(|g| LiveGoal {
                id: g.id,
                target_value: g.target,
                status: g.status.to_string(),
            }),
        })
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}
