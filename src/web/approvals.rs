//! The approval queue: pending sales a manager (their subtree) or an admin
//! (everyone) decides on, approved or rejected inline through htmx, and the
//! navigation badge that counts what is waiting for the viewer.

mod queue;

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::http::header::{self};
use actix_web::{CustomizeResponder, Either, HttpResponse, Responder, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::error::AppError;
use super::layout::Layout;
use super::respond::{PageOr, Reply, WithStatus, reply, to_toast_area, with_status};
use super::{Routes, db};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::sales::Sale;
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::sales::form::NOTE_MAX;
use queue::Queue;

pub fn routes(r: &mut Routes) {
    r.get("/approvals", index)
        .get("/approvals/count", count)
        .post("/approvals/{id}/approve", approve)
        .post("/approvals/{id}/reject", reject);
}

#[derive(Template, WebTemplate)]
#[template(path = "approvals/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    queue: Queue,
}

/// The row that replaces a decided sale.
#[derive(Template, WebTemplate)]
#[template(path = "approvals/_outcome.html")]
struct OutcomePartial {
    id: i64,
    confirmed: bool,
    title: String,
    partner: String,
    message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "_toast.html")]
struct Toast {
    message: String,
    lang: Lang,
}

/// One queue row again, its note marked: the htmx answer to a refused note.
#[derive(Template, WebTemplate)]
#[template(path = "approvals/_row.html")]
struct RowPartial {
    lang: Lang,
    row: queue::QueueRow,
    /// The row reads the token as the page does (`layout.csrf_token`).
    layout: RowLayout,
}

struct RowLayout {
    csrf_token: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    note: String,
}

async fn index(
    pool: web::Data<DbPool>,
    current: RequireManager,
) -> Result<WithStatus<IndexPage>, AppError> {
    render_queue(&pool, &current, None, StatusCode::OK).await
}

/// The queue page; `invalid` marks one row's note with a message.
async fn render_queue(
    pool: &DbPool,
    current: &RequireManager,
    invalid: Option<(i64, String, String)>,
    status: StatusCode,
) -> Result<WithStatus<IndexPage>, AppError> {
    let viewer = current.user.clone();
    let f = current.fmt();
    let mut queue = db(pool, move |conn| queue::load(conn, &viewer, &f)).await?;
    if let Some((id, note, message)) = invalid
        && let Some(row) = queue.rows.iter_mut().find(|r| r.id == id)
    {
        row.note = note;
        row.note_error = Some(message);
    }
    let page = IndexPage {
        layout: current.layout_t("approval-title"),
        lang: current.lang(),
        queue,
    };
    Ok(with_status(page, status))
}

/// `GET /approvals/count`: what waits for the viewer's decision, for the
/// navigation badge; empty when nothing does.
async fn count(pool: web::Data<DbPool>, current: RequireManager) -> Result<HttpResponse, AppError> {
    let viewer = current.user.clone();
    let waiting = db(&pool, move |conn| {
        crate::sales::queue::actionable_count(conn, &viewer)
    })
    .await?;
    let body = if waiting == 0 {
        String::new()
    } else {
        current.fmt().count(waiting.into())
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// The note as typed, or a message when it is too long.
fn note_of(form: &DecisionForm) -> Result<String, Msg> {
    let note = form.note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(Msg::new("approval-note-too-long").arg("max", NOTE_MAX));
    }
    Ok(note.to_string())
}

async fn approve(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<DecisionForm>,
) -> Result<Reply, AppError> {
    let id = path.into_inner();
    let is_htmx = htmx.is_htmx;
    let note = match note_of(&form) {
        Ok(note) => note,
        Err(message) => {
            return invalid_note(&pool, &current, is_htmx, id, &form.note, message).await;
        }
    };
    let actor = current.user.clone();
    let sale = db(&pool, move |conn| {
        let note = (!note.is_empty()).then_some(note.as_str());
        crate::sales::approve(conn, &actor, id, note)
    })
    .await?;
    // After the confirmation's commit: nothing added to its transaction.
    crate::rewards::achievements::after_write(&pool, vec![sale.partner_id]).await;
    let message = confirmed_message(&sale, &current);
    decided(&current, is_htmx, &sale, true, message).map(reply)
}

async fn reject(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    path: web::Path<i64>,
    form: web::Form<DecisionForm>,
) -> Result<Reply, AppError> {
    let id = path.into_inner();
    let is_htmx = htmx.is_htmx;
    let note = match note_of(&form) {
        Ok(note) => note,
        Err(message) => {
            return invalid_note(&pool, &current, is_htmx, id, &form.note, message).await;
        }
    };
    let actor = current.user.clone();
    // The service checks the approver before the note, so a sale outside the
    // viewer's reach is refused (403/409) whatever the note says.
    let outcome = db(&pool, move |conn| {
        crate::sales::reject(conn, &actor, id, &note)
    })
    .await;
    let sale = match outcome {
        Ok(sale) => sale,
        Err(AppError::Invalid(_)) => {
            let message = Msg::new("approval-reject-note-missing");
            return invalid_note(&pool, &current, is_htmx, id, &form.note, message).await;
        }
        Err(other) => return Err(other),
    };
    let lang = current.lang();
    let message = match sale.status_reason.as_deref() {
        Some(reason) => lang.tr("approval-rejected-because", [("reason", reason.into())]),
        None => lang.t("approval-rejected"),
    };
    decided(&current, is_htmx, &sale, false, message).map(reply)
}

/// "Confirmed — ₩120,000 commission to 4 partners".
fn confirmed_message(sale: &Sale, current: &RequireManager) -> String {
    let f = current.fmt();
    let total = sale.commission_total.unwrap_or_default();
    let recipients = sale.commission_recipient_count.unwrap_or(0);
    if recipients == 0 || total.is_zero() {
        return f.lang.t("approval-confirmed-nothing");
    }
    f.lang.tr(
        "approval-confirmed-paid",
        [
            ("amount", f.money(total).into()),
            ("count", recipients.into()),
        ],
    )
}

/// The answer to a decision: the outcome row for htmx (and a
/// `sales-changed` event so the badge refreshes), else back to the queue.
fn decided(
    current: &RequireManager,
    is_htmx: bool,
    sale: &Sale,
    confirmed: bool,
    message: String,
) -> Result<PageOr<CustomizeResponder<OutcomePartial>>, AppError> {
    if !is_htmx {
        current.session.flash(
            FlashLevel::Success,
            current.lang().tr(
                "approval-decided-flash",
                [
                    ("title", sale.title.as_str().into()),
                    ("partner", sale.partner_name.as_str().into()),
                    ("outcome", message.into()),
                ],
            ),
        );
        return Ok(Either::Right(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/approvals"))
                .finish(),
        ));
    }
    let partial = OutcomePartial {
        id: sale.id,
        confirmed,
        title: sale.title.clone(),
        partner: sale.partner_name.clone(),
        message,
    };
    Ok(Either::Left(
        partial
            .customize()
            .insert_header(("hx-trigger", "sales-changed")),
    ))
}

/// A note the form refused, shown beside the field of its row (422, nothing
/// written): the row alone for htmx, the queue otherwise. A sale no longer
/// in the viewer's queue gets the message as a toast.
async fn invalid_note(
    pool: &DbPool,
    current: &RequireManager,
    is_htmx: bool,
    id: i64,
    typed: &str,
    message: Msg,
) -> Result<Reply, AppError> {
    let message = message.render(current.lang());
    if !is_htmx {
        return render_queue(
            pool,
            current,
            Some((id, typed.to_string(), message)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(reply);
    }
    let viewer = current.user.clone();
    let f = current.fmt();
    let queue = db(pool, move |conn| queue::load(conn, &viewer, &f)).await?;
    let Some(mut row) = queue.rows.into_iter().find(|r| r.id == id) else {
        let toast = with_status(
            Toast {
                message,
                lang: current.lang(),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        return Ok(reply(to_toast_area(toast)));
    };
    row.note = typed.to_string();
    row.note_error = Some(message);
    let partial = RowPartial {
        lang: current.lang(),
        row,
        layout: RowLayout {
            csrf_token: current.session.csrf_token(),
        },
    };
    Ok(reply(with_status(
        partial,
        StatusCode::UNPROCESSABLE_ENTITY,
    )))
}
