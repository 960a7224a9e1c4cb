//! `GET|POST /api/v1/sales` and `GET /api/v1/sales/{id}`. A sale opens to
//! the people its page opens to (`sale_access`): its partner, the managers
//! above them, admins and executives. Registering is for oneself, as on the
//! page, and goes through the same form checks (`sale_form`) and the sales
//! service, which confirms small sales at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::IntoParams;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, Fields, db, json};
use super::input::{Body, FormAmount, FormText, Input, Page};
use super::requests::SaleRequest;
use super::sale_shapes::{SaleDetailJson, SaleJson};
use crate::db::DbPool;
use crate::db::sales::CHANNELS;
use crate::domain::period::Period;
use crate::domain::period_query;
use crate::org::access::can_view_user;
use crate::sales::access::visible_sale;
use crate::sales::form::SaleForm;
use crate::sales::ledger::SaleFilter;
use crate::web::error::AppError;

pub const STATUSES: [&str; 4] = ["pending", "confirmed", "cancelled", "refunded"];

/// A sale id from the path; anything else is a sale that does not exist.
pub fn sale_id(path: &str) -> Result<i64, ApiError> {
    path.parse().map_err(|_| ApiError::not_found("sale"))
}

/// The page-side "not found" of a sale, in the API's words.
pub fn sale_error(e: AppError) -> ApiError {
    match e {
        AppError::NotFound => ApiError::not_found("sale"),
        other => other.into(),
    }
}

/// The filters of the sales list, as `filter` reads them.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SaleFilters {
    /// pending, confirmed, cancelled or refunded.
    pub status: Option<String>,
    /// Only this partner's sales (403 outside the caller's reach).
    pub partner_id: Option<i64>,
    /// Sales dated in this month (YYYY-MM).
    pub month: Option<String>,
    /// Sales dated from this day (with `to`).
    #[param(example = "2026-11-30")]
    pub from: Option<chrono::NaiveDate>,
    /// Sales dated through this day (with `from`).
    #[param(example = "2026-11-30")]
    pub to: Option<chrono::NaiveDate>,
    /// Page size, 1–1000 (default 200).
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
}

struct Filter {
    status: Option<String>,
    partner_id: Option<i64>,
    /// On the sales date.
    period: Option<Period>,
    page: Page,
}

fn filter(req: &HttpRequest) -> Result<Filter, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let status: Option<String> = q.get("status");
    if let Some(s) = &status
        && !STATUSES.contains(&s.as_str())
    {
        q.fail("status", format!("must be one of {}", STATUSES.join(", ")));
    }
    let text = |q: &mut Input, key| q.get::<FormText>(key).map(|t| t.0).unwrap_or_default();
    let (month, from, to) = (
        text(&mut q, "month"),
        text(&mut q, "from"),
        text(&mut q, "to"),
    );
    let period = period_query::requested(&month, &from, &to).unwrap_or_else(|problem| {
        q.fail(problem.field, problem.message);
        None
    });
    let filter = Filter {
        status,
        partner_id: q.get("partner_id"),
        period,
        page: q.page(),
    };
    q.finish()?;
    Ok(filter)
}

/// `GET /api/v1/sales`: the caller's own sales and those of the people
/// below them (everyone's for admins and executives), newest first.
#[utoipa::path(get, path = "/api/v1/sales", tag = "sales",
    operation_id = "list_sales", summary = "Sales the caller may see, newest sales date first",
    description = "Partners: their own. Managers: also their subtree's. Admins and executives: all.",
    params(SaleFilters),
    responses(
        (status = 200, description = "Sales.", body = [SaleJson]),
        (status = 422, description = "Invalid filter.", body = ErrorBody),
    ))]
pub async fn list(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let f = filter(&req)?;
    let viewer = caller.user;
    let rows = db(&pool, move |conn| {
        if let Some(partner) = f.partner_id
            && !can_view_user(conn, &viewer, partner)?
        {
            return Err(ApiError::forbidden(
                "you may list only your own sales and those of the people below you",
            ));
        }
        let wanted = SaleFilter {
            // Checked against STATUSES above.
            status: f.status.and_then(|s| s.parse().ok()),
            partner_id: f.partner_id,
            period: f.period,
            limit: f.page.limit,
            offset: f.page.offset,
        };
        let found = crate::sales::ledger::sales(conn, &viewer, &wanted)?;
        Ok(found.into_iter().map(SaleJson::from).collect::<Vec<_>>())
    })
    .await?;
    Ok(json(StatusCode::OK, &rows))
}

/// The body as the page's form: text fields as sent, the currency and the
/// date defaulting as the blank form does, with the problems of reading it
/// (wrong types, unknown fields). `partner_id` may only name the caller:
/// sales are registered by their partner.
fn parse(body: &[u8], caller: &ApiUser) -> Result<(SaleForm, Fields), ApiError> {
    let mut input = Input::body(body)?;
    if let Some(partner) = input.get::<i64>("partner_id")
        && partner != caller.user.id
    {
        return Err(ApiError::forbidden(
            "sales are registered by their partner: you may register only your own",
        ));
    }
    let today = crate::goals::progress::org_today(&caller.org);
    let mut form = SaleForm::blank(&caller.org, today);
    form.sales_channel.clear();
    if let Some(FormAmount(amount)) = input.get("amount") {
        form.amount = amount;
    }
    let texts: [(&str, &mut String); 9] = [
        ("title", &mut form.title),
        ("description", &mut form.description),
        ("currency_code", &mut form.currency_code),
        ("sales_date", &mut form.sales_date),
        ("category", &mut form.category),
        ("product_type", &mut form.product_type),
        ("sales_channel", &mut form.sales_channel),
        ("order_number", &mut form.order_number),
        ("order_code", &mut form.order_code),
    ];
    for (key, slot) in texts {
        if let Some(FormText(text)) = input.get(key) {
            *slot = text;
        }
    }
    Ok((form, input.into_fields()))
}

/// The form's messages as API fields; the channel's names the choices,
/// since an API client has no list to choose from.
fn form_fields(errors: crate::web::error::FieldErrors) -> Fields {
    let mut fields = Fields::default();
    for (field, message) in errors.iter() {
        if field == "sales_channel" {
            fields.add(field, format!("must be one of {}", CHANNELS.join(", ")));
        } else {
            fields.add(field, message.english());
        }
    }
    fields
}

/// `POST /api/v1/sales`: registers a sale for the caller. At or below the
/// auto-confirm limit it comes back confirmed with its distribution;
/// above it, pending.
#[utoipa::path(post, path = "/api/v1/sales", tag = "sales",
    operation_id = "register_sale", summary = "Register a sale for the caller",
    description = "At or below the auto-confirm limit the sale is confirmed at once and its commission paid; above it, it waits for approval. Checked as the sale form checks it.",
    request_body = SaleRequest,
    responses(
        (status = 201, description = "The new sale (confirmed or pending).", body = SaleDetailJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 422, description = "Invalid or unknown fields, another currency than the organisation's, or an order number already registered for the partner.", body = ErrorBody),
    ))]
pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    let (form, mut fields) = parse(&body, &caller)?;
    let today = crate::goals::progress::org_today(&caller.org);
    let new_sale = form.to_new_sale(&caller.user, &caller.org, today);
    if let Err(errors) = &new_sale {
        // A field already refused for its type keeps that message.
        fields.merge(form_fields(errors.clone()));
    }
    fields.into_result()?;
    let new_sale = new_sale.map_err(|errors| ApiError::Invalid(form_fields(errors)))?;
    let detail = db(&pool, move |conn| {
        let sale = crate::sales::register(conn, new_sale).map_err(|e| match e {
            AppError::Invalid(errors) => ApiError::Invalid(form_fields(errors)),
            other => other.into(),
        })?;
        let confirmed = (sale.status == crate::domain::sale_status::SaleStatus::Confirmed)
            .then_some(sale.partner_id);
        Ok((SaleDetailJson::load(conn, sale)?, confirmed))
    })
    .await?;
    let (detail, confirmed) = detail;
    if let Some(partner) = confirmed {
        crate::rewards::achievements::after_write(&pool, vec![partner]).await;
    }
    Ok(json(StatusCode::CREATED, &detail))
}

/// `GET /api/v1/sales/{id}`: the sale with its distribution, network
/// snapshot, status history and ledger lines.
#[utoipa::path(get, path = "/api/v1/sales/{id}", tag = "sales",
    operation_id = "show_sale",
    summary = "A sale with its distribution, network snapshot, history and ledger lines",
    params(("id" = i64, Path, description = "The sale's id.")),
    responses(
        (status = 200, description = "The sale.", body = SaleDetailJson),
        (status = 404, description = "No such sale, or the caller may not see it.", body = ErrorBody),
    ))]
pub async fn show(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = sale_id(&path)?;
    let viewer = caller.user;
    let detail = db(&pool, move |conn| {
        let sale = visible_sale(conn, &viewer, id).map_err(sale_error)?;
        Ok(SaleDetailJson::load(conn, sale)?)
    })
    .await?;
    Ok(json(StatusCode::OK, &detail))
}
