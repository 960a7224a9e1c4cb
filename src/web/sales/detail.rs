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

use super::{channel_label, kind_label, sale_status_class, sale_status_label};
use crate::auth::CurrentUser;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::commissions::Entry;
use crate::db::users::User;
use crate::domain::commission::{Distribution, NetworkSnapshot};
use crate::domain::sale_status::SaleStatus;
use crate::error::FieldMessages;
use crate::i18n::{Lang, Msg};
use crate::sales::detail::{self, Loaded};
use crate::sales::form::NOTE_MAX;
use crate::web::admin::see_other;
use crate::web::db;
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{PageOr, WithStatus, with_status};

mod view;

use view::page;
pub(super) use view::percent;

pub struct Fact {
    pub label: String,
    pub value: String,
}

pub struct HistoryRow {
    pub time: String,
    pub from: String,
    pub to: String,
    pub to_class: &'static str,
    pub reason: String,
    pub actor: String,
}

pub struct LineRow {
    pub id: i64,
    pub recipient: String,
    pub kind: String,
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
    lang: Lang,
    id: i64,
    title: String,
    order_number: String,
    status_label: String,
    status_class: &'static str,
    is_cancelled: bool,
    is_pending: bool,
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
    errors: FieldMessages,
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
    let layout = current.layout(current.lang().tr(
        "sale-detail-title",
        [("order", loaded.sale.order_number.as_str().into())],
    ));
    let page = page(
        layout,
        &current.fmt(),
        &current.user,
        loaded,
        reason,
        &errors,
    );
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
            crate::sales::already_reversed(sale.status).render(current.lang()),
        );
        return Ok(Either::Right(see_other(back)));
    }
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let reason = form.into_inner().reason.trim().to_string();
    let problem = if reason.is_empty() {
        Some(Msg::new("sale-cancel-reason-missing"))
    } else if reason.chars().count() > NOTE_MAX {
        Some(Msg::new("sale-cancel-reason-long").arg("max", NOTE_MAX))
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
            let f = current.fmt();
            let order = cancelled.order_number.as_str();
            let message = if sale.status == SaleStatus::Confirmed {
                f.lang.tr(
                    "sale-cancelled-reversed",
                    [
                        ("order", order.into()),
                        (
                            "amount",
                            f.money(sale.commission_total.unwrap_or_default()).into(),
                        ),
                    ],
                )
            } else {
                f.lang.tr("sale-cancelled", [("order", order.into())])
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
