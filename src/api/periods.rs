//! `/api/v1/quota-periods`: everyone signed in lists them; admins create
//! them. A month, quarter or year snaps to the one holding `start_date`
//! (fiscal quarters and years follow the organisation's settings).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, Input};
use super::requests::PeriodRequest;
use super::shapes::PeriodJson;
use crate::db::DbPool;
use crate::db::periods::PeriodRow;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::role::Role;

/// Lists periods, newest first; `period_type` and `date` (held by the
/// period) filter.
#[utoipa::path(get, path = "/api/v1/quota-periods", tag = "periods",
    operation_id = "list_periods", summary = "List periods, newest first",
    params(
        ("period_type" = Option<String>, Query, description = "month, quarter, year or custom."),
        ("date" = Option<NaiveDate>, Query, description = "Only periods holding this date.", example = "2026-11-30"),
    ),
    responses(
        (status = 200, description = "Periods.", body = [PeriodJson]),
        (status = 422, description = "Invalid filter.", body = ErrorBody),
    ))]
pub async fn list(
    pool: web::Data<DbPool>,
    _caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut query = Input::query(req.query_string())?;
    let kind: Option<String> = query.get("period_type");
    let date: Option<NaiveDate> = query.get("date");
    let kind = kind.and_then(|k| match k.parse::<PeriodKind>() {
        Ok(kind) => Some(kind),
        Err(_) => {
            query.fail("period_type", "must be month, quarter, year or custom");
            None
        }
    });
    query.finish()?;
    let rows = db(&pool, move |conn| Ok(PeriodRow::all(conn)?)).await?;
    let rows: Vec<PeriodJson> = rows
        .iter()
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .filter(|p| date.is_none_or(|d| p.start_date <= d && d <= p.end_date))
        .map(PeriodJson::from)
        .collect();
    Ok(json(StatusCode::OK, &rows))
}

/// Creates a period (201); one of the same type and dates already stored
/// is refused (422, on `start_date`), as on the admin page
/// (`goals::periods::create`).
#[utoipa::path(post, path = "/api/v1/quota-periods", tag = "periods",
    operation_id = "create_period", summary = "Create a period (admins)",
    description = "month, quarter and year snap to the one holding start_date (fiscal year from the organisation's settings); custom needs end_date.",
    request_body = PeriodRequest,
    responses(
        (status = 201, description = "The new period.", body = PeriodJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 422, description = "Invalid fields, or a period of this type with these dates already exists (fields.start_date).", body = ErrorBody),
    ))]
pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "create periods")?;
    let mut input = Input::body(&body)?;
    let kind: Option<String> = input.need("period_type");
    let start: Option<NaiveDate> = input.need("start_date");
    let end: Option<NaiveDate> = input.get("end_date");
    let name: Option<String> = input.get("name");
    let kind = kind.and_then(|k| match k.parse::<PeriodKind>() {
        Ok(kind) => Some(kind),
        Err(_) => {
            input.fail("period_type", "must be month, quarter, year or custom");
            None
        }
    });
    let fiscal = caller.org.fiscal_start_month();
    let period = match (kind, start) {
        (Some(PeriodKind::Custom), Some(start)) => match end {
            Some(end) => Period::custom(start, end)
                .map_err(|e| input.fail("end_date", e.to_string()))
                .ok(),
            None => {
                input.fail("end_date", "is required for a custom period");
                None
            }
        },
        (Some(kind), Some(start)) => Period::containing(kind, start, fiscal),
        _ => None,
    };
    let fields = input.into_fields();
    let (Some(period), true) = (period, fields.is_empty()) else {
        return Err(ApiError::Invalid(fields));
    };
    let name = name.unwrap_or_else(|| period.label(fiscal));
    let actor = caller.user.id;
    let row = db(&pool, move |conn| {
        Ok(crate::goals::periods::create(conn, actor, &period, &name)?)
    })
    .await?;
    Ok(json(StatusCode::CREATED, &PeriodJson::from(&row)))
}
