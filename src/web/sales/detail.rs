//! `GET /sales/{id}`: one sale as its partner, the managers above them,
//! admins and executives see it — status history, the commission lines of
//! the ledger (reversals included), and the network as it was captured.
//! `POST /sales/{id}/cancel` hands a cancellation to the sales service.

use actix_web::http::StatusCode;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::register::channel_label;
use super::{kind_label, local_time, money, status_badge};
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::commissions::Entry;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::commission::{Distribution, NetworkSnapshot};
use crate::domain::sale_status::SaleStatus;
use crate::sales::detail::{self, Loaded};
use crate::sales::form::NOTE_MAX;
use crate::web::admin::see_other;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{db, format};

mod view;

use view::page;

pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct HistoryRow {
    pub time: String,
    pub from: &'static str,
    pub to: &'static str,
    pub to_class: &'static str,
    pub reason: String,
    pub actor: String,
}

pub struct LineRow {
    pub recipient: String,
    pub kind: &'static str,
    pub level: i32,
    pub rate: String,
    pub base: String,
    pub amount: String,
    pub reversal: bool,
}

pub struct NodeRow {
    pub level: usize,
    pub role: String,
    pub name: String,
    pub tier: String,
    pub active: bool,
}

pub struct Snapshot {
    pub rows: Vec<NodeRow>,
    pub direct: u32,
    pub total: u32,
}

pub struct Totals {
    pub paid: String,
    pub reversed: String,
    pub net: String,
    pub has_reversals: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sales/detail.html")]
pub struct DetailPage {
    layout: Layout,
    id: i64,
    title: String,
    order_number: String,
    status_label: &'static str,
    status_class: &'static str,
    status_note: String,
    is_own: bool,
    amount: String,
    facts: Vec<Fact>,
    description: String,
    commission: Vec<Fact>,
    lines: Vec<LineRow>,
    totals: Totals,
    history: Vec<HistoryRow>,
    snapshot: Option<Snapshot>,
    may_cancel: bool,
    cancel_is_reversal: bool,
    reason: String,
    errors: FieldErrors,
}

async fn render(
    pool: &DbPool,
    current: &CurrentUser,
    id: i64,
    reason: String,
    errors: FieldErrors,
) -> Result<WithStatus<DetailPage>, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let viewer = current.user.clone();
    let loaded = db(pool, move |conn| detail::load(conn, &viewer, id)).await?;
    let layout = current.layout(format!("Sale {}", loaded.sale.order_number));
    let page = page(layout, &current.org, &current.user, loaded, reason, errors);
    Ok(with_status(page, status))
}

/// `GET /sales/{id}`
pub async fn show(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
) -> Result<WithStatus<DetailPage>, AppError> {
    render(
        &pool,
        &current,
        path.into_inner(),
        String::new(),
        FieldErrors::new(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelForm {
    reason: String,
}

/// `POST /sales/{id}/cancel`: 404 when the viewer cannot read the sale, 403
/// when they may not cancel it, the page again (422) without a reason, and
/// a flash with the service's answer otherwise.
pub async fn cancel(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<CancelForm>,
) -> Result<PageOr<WithStatus<DetailPage>>, AppError> {
    let id = path.into_inner();
    let viewer = current.user.clone();
    let (sale, allowed) = db(&pool, move |conn| detail::for_cancel(conn, &viewer, id)).await?;
    let back = format!("/sales/{id}");
    if sale.status.is_reversed() {
        current.session.flash(
            FlashLevel::Error,
            format!("This sale is already {}.", sale.status),
        );
        return Ok(Either::Right(see_other(back)));
    }
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let reason = form.into_inner().reason.trim().to_string();
    let problem = if reason.is_empty() {
        Some("Give a reason for the cancellation.".to_string())
    } else if reason.chars().count() > NOTE_MAX {
        Some(format!("Keep the reason to {NOTE_MAX} characters."))
    } else {
        None
    };
    if let Some(message) = problem {
        return render(
            &pool,
            &current,
            id,
            reason,
            FieldErrors::one("reason", message),
        )
        .await
        .map(Either::Left);
    }
    let actor = current.user.clone();
    let given = reason.clone();
    let outcome = db(&pool, move |conn| {
        crate::sales::cancel(conn, &actor, id, &given)
    })
    .await;
    match outcome {
        Ok(cancelled) => {
            let message = if sale.status == SaleStatus::Confirmed {
                format!(
                    "Sale {} is cancelled and its commission of {} is reversed.",
                    cancelled.order_number,
                    money(&current.org, sale.commission_total.unwrap_or_default())
                )
            } else {
                format!("Sale {} is cancelled.", cancelled.order_number)
            };
            current.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(see_other(back)))
        }
        Err(AppError::Conflict(message)) => {
            current
                .session
                .flash(FlashLevel::Error, message.render(current.lang()));
            Ok(Either::Right(see_other(back)))
        }
        Err(AppError::Invalid(errors)) => render(&pool, &current, id, reason, errors)
            .await
            .map(Either::Left),
        Err(other) => Err(other),
    }
}
