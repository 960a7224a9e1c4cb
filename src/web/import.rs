//! CSV import of metric events for managers and admins: upload or paste a
//! file, preview it with every row checked, then commit. The checking and
//! the writing are `goals::events::import`'s; this edge reads the upload and
//! renders the preview.

mod preview;
mod upload;

use actix_htmx::Htmx;
use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;

use self::preview::Preview;
use self::upload::read_upload;
use super::admin::see_other;
use super::error::AppError;
use super::layout::Layout;
use super::respond::{PageOr, WithStatus, with_status};
use super::{Routes, db};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::metrics::Metric;
use crate::goals::events::import::{self, Commit};
use crate::goals::events::rule::Bounds;
use crate::i18n::Lang;

pub fn routes(r: &mut Routes) {
    r.get("/import", index)
        .post("/import/preview", preview)
        .post("/import/commit", commit);
}

#[derive(Template, WebTemplate)]
#[template(path = "import/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    csv: String,
    preview: Option<Preview>,
    metrics: Vec<Metric>,
}

#[derive(Template, WebTemplate)]
#[template(path = "import/_preview.html")]
struct PreviewPartial {
    lang: Lang,
    preview: Preview,
}

async fn index(
    pool: web::Data<DbPool>,
    current: RequireManager,
) -> Result<WithStatus<IndexPage>, AppError> {
    render_page(&pool, &current, String::new(), None, StatusCode::OK).await
}

async fn render_page(
    pool: &DbPool,
    current: &RequireManager,
    csv: String,
    preview: Option<Preview>,
    status: StatusCode,
) -> Result<WithStatus<IndexPage>, AppError> {
    let metrics = db(pool, |conn| Ok(Metric::active(conn)?)).await?;
    let page = IndexPage {
        layout: current.layout_t("nav-import"),
        lang: current.lang(),
        csv,
        preview,
        metrics,
    };
    Ok(with_status(page, status))
}

/// Reads and checks the file; nothing is written.
async fn preview(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<Either<PreviewPartial, WithStatus<IndexPage>>, AppError> {
    let text = read_upload(&req, payload).await;
    let csrf_token = current.session.csrf_token();
    let preview = match text {
        Err(message) => Preview::file_error(message.render(current.lang()), csrf_token),
        Ok(text) => {
            match import::check_text(&pool, &current.user, bounds(&current), &text).await? {
                Err(message) => Preview::file_error(message, csrf_token),
                Ok(checked) => Preview::of(checked, text, &current.fmt(), csrf_token),
            }
        }
    };
    if htmx.is_htmx {
        // htmx swaps only 2xx answers into the page, and the report is the
        // answer whether or not the file is valid: the page shows it in place.
        return Ok(Either::Left(PreviewPartial {
            lang: current.lang(),
            preview,
        }));
    }
    let status = if preview.is_clean() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let pasted = preview.csv.clone();
    render_page(&pool, &current, pasted, Some(preview), status)
        .await
        .map(Either::Right)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CommitForm {
    csv: String,
}

/// Checks the submitted text again and writes every row, or nothing.
async fn commit(
    pool: web::Data<DbPool>,
    current: RequireManager,
    form: web::Form<CommitForm>,
) -> Result<PageOr<WithStatus<IndexPage>>, AppError> {
    let text = form.into_inner().csv;
    let csrf_token = current.session.csrf_token();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match import::commit(&pool, &current.user, bounds(&current), &text).await? {
        Commit::FileError(message) => {
            let mut preview = Preview::file_error(message, csrf_token);
            preview.refused = true;
            render_page(&pool, &current, text, Some(preview), status)
                .await
                .map(Either::Left)
        }
        Commit::Refused(checked) => {
            let mut preview = Preview::of(checked, text.clone(), &current.fmt(), csrf_token);
            preview.refused = true;
            render_page(&pool, &current, text, Some(preview), status)
                .await
                .map(Either::Left)
        }
        Commit::Done { imported, present } => {
            let message = current.lang().tr(
                "import-done",
                [("count", imported.into()), ("present", present.into())],
            );
            current.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(see_other("/import")))
        }
    }
}

/// Today and the currency's minor unit, the bounds of every row.
fn bounds(current: &RequireManager) -> Bounds {
    Bounds {
        today: crate::goals::progress::org_today(&current.org),
        minor_unit: current.org.money_scale().places(),
    }
}
