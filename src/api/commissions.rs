//! `GET /api/v1/commissions`: ledger lines — payments and their reversals —
//! paid to people the caller may read: themselves, the people below them,
//! everyone for admins and executives. `month` (or `from`/`to`) selects the
//! lines written in those days of the organisation's calendar, as the
//! commission statement counts them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::IntoParams;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{FormText, Input, Page};
use super::schema::CommissionEntry;
use crate::db::DbPool;
use crate::domain::period::Period;
use crate::domain::period_query;
use crate::org::access::can_view_user;
use crate::sales::ledger::{EntryFilter, entries};

pub const KINDS: [&str; 4] = ["direct", "upline", "matching", "adjustment"];

/// The filters of the ledger lines, as `filter` reads them.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LineFilters {
    /// Lines of this recipient (403 outside the caller's reach).
    pub partner_id: Option<i64>,
    /// Lines of this sale.
    pub sale_id: Option<i64>,
    /// direct, upline, matching or adjustment.
    pub kind: Option<String>,
    /// Lines written in this month (YYYY-MM).
    pub month: Option<String>,
    /// Lines written from this day (with `to`).
    #[param(example = "2026-11-30")]
    pub from: Option<chrono::NaiveDate>,
    /// Lines written through this day (with `from`).
    #[param(example = "2026-11-30")]
    pub to: Option<chrono::NaiveDate>,
    /// Page size, 1–1000 (default 200).
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
}

struct Filter {
    /// The recipient.
    partner_id: Option<i64>,
    sale_id: Option<i64>,
    kind: Option<String>,
    period: Option<Period>,
    page: Page,
}

fn filter(req: &HttpRequest) -> Result<Filter, ApiError> {
    let mut q = Input::query(req.query_string())?;
    let kind: Option<String> = q.get("kind");
    if let Some(k) = &kind
        && !KINDS.contains(&k.as_str())
    {
        q.fail("kind", format!("must be one of {}", KINDS.join(", ")));
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
        partner_id: q.get("partner_id"),
        sale_id: q.get("sale_id"),
        kind,
        period,
        page: q.page(),
    };
    q.finish()?;
    Ok(filter)
}

/// `GET /api/v1/commissions?partner_id=&month=&sale_id=`: newest first.
#[utoipa::path(get, path = "/api/v1/commissions", tag = "commissions",
    operation_id = "list_commissions", summary = "Commission lines paid or reversed, newest first",
    description = "Partners: lines paid to them. Managers: also to their subtree. Admins and executives: all. Periods count the day a line was written, in the organisation's time zone, as the statement does.",
    params(LineFilters),
    responses(
        (status = 200, description = "Lines.", body = [CommissionEntry]),
        (status = 422, description = "Invalid filter.", body = ErrorBody),
    ))]
pub async fn list(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let f = filter(&req)?;
    let zone: chrono_tz::Tz = caller.org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let viewer = caller.user;
    let rows = db(&pool, move |conn| {
        if let Some(partner) = f.partner_id
            && !can_view_user(conn, &viewer, partner)?
        {
            return Err(ApiError::forbidden(
                "you may read only your own commissions and those of the people below you",
            ));
        }
        let within = f.period.map(|period| period_query::instants(&period, zone));
        let wanted = EntryFilter {
            recipient_id: f.partner_id,
            sale_id: f.sale_id,
            kind: f.kind,
            within,
            limit: f.page.limit,
            offset: f.page.offset,
        };
        Ok(entries(conn, &viewer, &wanted)?)
    })
    .await?;
    Ok(json(StatusCode::OK, &rows))
}
