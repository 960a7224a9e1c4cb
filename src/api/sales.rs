//! `GET|POST /api/v1/sales` and `GET /api/v1/sales/{id}`. A sale opens to
//! the people its page opens to (`sale_access`): its partner, the managers
//! above them, admins and executives. Registering is for oneself, as on the
//! page, and goes through the same form checks (`sale_form`) and the sales
//! service, which confirms small sales at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::auth::ApiUser;
use super::error::{ApiError, Fields, db, json};
use super::input::{Body, FormAmount, FormText, Input, Page};
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
            fields.add(field, message);
        }
    }
    fields
}

/// `POST /api/v1/sales`: registers a sale for the caller. At or below the
/// auto-confirm limit it comes back confirmed with its distribution;
/// above it, pending.
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
