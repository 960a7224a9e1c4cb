//! `GET|PUT /api/v1/approval-rules`: the auto-confirm and manager approval
//! limits. Managers read them (the approval queue shows them), admins set
//! them with the admin page's checks and audit entry (`sale_settings`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, FormAmount, Input};
use super::requests::ApprovalRulesRequest;
use super::sale_shapes::RulesJson;
use crate::db::DbPool;
use crate::db::sales::ApprovalRules;
use crate::domain::role::Role;
use crate::sales::settings::{LimitsForm, save_limits};

/// `GET /api/v1/approval-rules`
#[utoipa::path(get, path = "/api/v1/approval-rules", tag = "settings",
    operation_id = "show_approval_rules", summary = "The approval limits (managers, admins)",
    responses((status = 200, description = "The limits.", body = RulesJson)))]
pub async fn show(pool: web::Data<DbPool>, caller: ApiUser) -> Result<HttpResponse, ApiError> {
    caller.require(Role::can_manage, "read the approval rules")?;
    let rules = db(&pool, |conn| Ok(ApprovalRules::get(conn)?)).await?;
    Ok(json(
        StatusCode::OK,
        &RulesJson::new(rules, caller.org.currency_code),
    ))
}

/// `PUT /api/v1/approval-rules`: both limits, as decimal strings.
#[utoipa::path(put, path = "/api/v1/approval-rules", tag = "settings",
    operation_id = "replace_approval_rules", summary = "Set the approval limits (admins)",
    request_body = ApprovalRulesRequest,
    responses(
        (status = 200, description = "The limits now in force.", body = RulesJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 422, description = "Missing, negative or too precise limits, or a manager limit below the auto-confirm limit.", body = ErrorBody),
    ))]
pub async fn replace(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "change the approval rules")?;
    let mut input = Input::body(&body)?;
    let auto = input.need::<FormAmount>("auto_confirm_limit");
    let manager = input.need::<FormAmount>("manager_approval_limit");
    let form = LimitsForm {
        auto_confirm_limit: auto.map(|t| t.0).unwrap_or_default(),
        manager_approval_limit: manager.map(|t| t.0).unwrap_or_default(),
    };
    let mut fields = input.into_fields();
    let limits = form.limits(caller.org.money_scale());
    if let Err(errors) = &limits {
        // A field refused as missing or mistyped keeps that message.
        fields.merge(errors.clone().into());
    }
    fields.into_result()?;
    let (auto, manager) = limits.map_err(|errors| ApiError::Invalid(errors.into()))?;
    let actor = caller.user.id;
    let rules = db(&pool, move |conn| {
        save_limits(conn, auto, manager, actor)?;
        Ok(ApprovalRules::get(conn)?)
    })
    .await?;
    Ok(json(
        StatusCode::OK,
        &RulesJson::new(rules, caller.org.currency_code),
    ))
}
