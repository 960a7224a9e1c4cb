//! `GET|PUT /api/v1/commission-plan`: the plan in force, and a new version
//! of it. Admins only, as the admin page. Rates are fractions as decimal
//! strings ("0.05" = 5 %). A PUT checks the plan with the domain's rules
//! and saves it as the page does (`sales::settings::save_plan`): a new
//! version (201) unless it pays the same as the version in force (200);
//! with `based_on`, a version saved meanwhile is a 409.

use std::collections::BTreeMap;
use std::str::FromStr;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, Fields, db, json};
use super::input::{Body, FromField, Input};
use super::requests::CommissionPlanRequest;
use super::sale_shapes::PlanJson;
use crate::db::DbPool;
use crate::db::commissions::PlanRow;
use crate::db::partner_tiers::PartnerTier;
use crate::domain::commission::{CommissionPlan, MAX_DEPTH, RateName};
use crate::domain::role::Role;
use crate::sales::settings::{
    PlanPart, PlanSaved, max_depth_message, plan_problem, save_plan, too_many_levels,
};

/// Rates are stored with six decimals.
const RATE_SCALE: u32 = 6;

/// A rate as a fraction: a decimal string ("0.05") or a JSON number, with
/// at most six decimals. Its range is the domain's to check.
struct Rate(Decimal);

impl FromField for Rate {
    fn from_field(value: &Value) -> Result<Self, String> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => return Err("must be a decimal string such as \"0.05\" (5%)".into()),
        };
        let rate = Decimal::from_str(&text)
            .map_err(|_| "must be a decimal string such as \"0.05\" (5%)".to_string())?;
        if rate.normalize().scale() > RATE_SCALE {
            return Err(format!("may have at most {RATE_SCALE} decimal places"));
        }
        Ok(Rate(rate))
    }
}

/// The plan the body describes, with direct rates keyed by tier id, or
/// every problem of its fields.
pub(super) fn parse(body: &[u8]) -> Result<(CommissionPlan, Option<i32>), ApiError> {
    let mut input = Input::body(body)?;
    let mut direct_rates = BTreeMap::new();
    if let Some(map) = input.get::<Map<String, Value>>("direct_rates") {
        for (tier, rate) in map {
            let field = format!("direct_rates.{tier}");
            match (tier.parse::<i64>(), Rate::from_field(&rate)) {
                (Err(_), _) => input
                    .errors
                    .add(field, "must be keyed by a partner tier id"),
                (_, Err(message)) => input.errors.add(field, message),
                (Ok(tier), Ok(Rate(rate))) => {
                    direct_rates.insert(tier, rate);
                }
            }
        }
    }
    let default_direct_rate = input.need::<Rate>("default_direct_rate");
    let matching_rate = input.need::<Rate>("matching_rate");
    let mut upline_rates = Vec::new();
    if let Some(list) = input.need::<Vec<Value>>("upline_rates") {
        if let Some(message) = too_many_levels(list.len()) {
            input.fail("upline_rates", message.english());
        }
        for (index, rate) in list.iter().enumerate() {
            match Rate::from_field(rate) {
                Ok(Rate(rate)) => upline_rates.push(rate),
                Err(message) => input.errors.add(format!("upline_rates[{index}]"), message),
            }
        }
    }
    let max_depth = input.need::<i64>("max_depth");
    if max_depth.is_some_and(|d| !(0..=i64::from(MAX_DEPTH)).contains(&d)) {
        input.fail("max_depth", max_depth_message().english());
    }
    let compression = input.need::<bool>("compression");
    let based_on = input.get::<i64>("based_on");
    let fields = input.into_fields();
    let (Some(Rate(default)), Some(Rate(matching)), Some(depth), Some(compression), true) = (
        default_direct_rate,
        matching_rate,
        max_depth,
        compression,
        fields.is_empty(),
    ) else {
        return Err(ApiError::Invalid(fields));
    };
    let plan = CommissionPlan {
        version: 0,
        direct_rates,
        default_direct_rate: default,
        upline_rates,
        matching_rate: matching,
        max_depth: depth as u32,
        compression,
    };
    if let Err(problems) = plan.validate() {
        let mut fields = Fields::default();
        for problem in problems {
            let (part, message) = plan_problem(&problem);
            let field = match part {
                PlanPart::Rate(RateName::Tier(id)) => format!("direct_rates.{id}"),
                PlanPart::Rate(RateName::Default) => "default_direct_rate".into(),
                PlanPart::Rate(RateName::Upline(level)) => format!("upline_rates[{}]", level - 1),
                PlanPart::Rate(RateName::Matching) => "matching_rate".into(),
                PlanPart::MaxDepth => "max_depth".into(),
                PlanPart::Whole => "plan".into(),
            };
            fields.add(field, message.english());
        }
        return Err(ApiError::Invalid(fields));
    }
    let based_on = based_on.map(|v| i32::try_from(v).unwrap_or(i32::MAX));
    Ok((plan, based_on))
}

/// `GET /api/v1/commission-plan`: the version in force.
#[utoipa::path(get, path = "/api/v1/commission-plan", tag = "settings",
    operation_id = "show_commission_plan", summary = "The commission plan in force (admins)",
    responses((status = 200, description = "The plan.", body = PlanJson)))]
pub async fn show(pool: web::Data<DbPool>, caller: ApiUser) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "read the commission plan")?;
    let row = db(&pool, |conn| Ok(PlanRow::current(conn)?)).await?;
    Ok(json(StatusCode::OK, &PlanJson::from(&row)))
}

/// `PUT /api/v1/commission-plan`: the whole plan; a new version.
#[utoipa::path(put, path = "/api/v1/commission-plan", tag = "settings",
    operation_id = "replace_commission_plan", summary = "Write a new plan version (admins)",
    description = "The whole plan. Sales confirmed from now on use the new version; confirmed sales keep theirs.",
    request_body = CommissionPlanRequest,
    responses(
        (status = 201, description = "The new version.", body = PlanJson),
        (status = 200, description = "Nothing changed: the version in force.", body = PlanJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 409, description = "A version newer than based_on was saved meanwhile.", body = ErrorBody),
        (status = 422, description = "Invalid rates, unknown tiers, too deep, or a plan that could pay more than the sale.", body = ErrorBody),
    ))]
pub async fn replace(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "change the commission plan")?;
    let (plan, based_on) = parse(&body)?;
    let actor = caller.user.id;
    let saved = db(&pool, move |conn| {
        let named: Vec<i64> = plan.direct_rates.keys().copied().collect();
        let tiers = PartnerTier::existing_ids(conn, &named)?;
        let mut unknown = Fields::default();
        for tier in plan.direct_rates.keys().filter(|t| !tiers.contains(t)) {
            unknown.add(format!("direct_rates.{tier}"), "is not a partner tier");
        }
        unknown.into_result()?;
        Ok(save_plan(conn, &plan, based_on, actor)?)
    })
    .await?;
    match saved {
        PlanSaved::Version(row) => Ok(json(StatusCode::CREATED, &PlanJson::from(&row))),
        PlanSaved::Unchanged(row) => Ok(json(StatusCode::OK, &PlanJson::from(&row))),
        PlanSaved::Stale(version) => Err(ApiError::Conflict(format!(
            "version {version} was saved after version {} you sent as based_on; \
             read the plan again and send your changes on top of it",
            based_on.unwrap_or_default()
        ))),
    }
}
