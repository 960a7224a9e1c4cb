//! CSV import of metric events for managers and admins: upload or paste a
//! file, preview it with every row checked, then commit. The commit checks
//! the submitted text again (never the preview) and writes every row in one
//! transaction, or nothing when any row is invalid. Rows whose external_ref
//! is already recorded are skipped, so a file can be imported twice safely.

mod check;
mod csv;

use actix_htmx::Htmx;
use actix_multipart::{Multipart, MultipartError};
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use futures_util::StreamExt;

use self::check::{Checked, InvalidRow, Lookups, ValidRow};
use super::admin::see_other;
use super::error::{AppError, html};
use super::layout::Layout;
use super::{Routes, db, format};
use crate::auth::RequireManager;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::audit::NewAuditEntry;
use crate::db::events::NewMetricEvent;
use crate::db::metrics::Metric;
use crate::db::organisation::Organisation;
use crate::db::schema::metric_events;
use crate::live::LiveEvent;

pub fn routes(r: &mut Routes) {
    r.get("/import", index)
        .post("/import/preview", preview)
        .post("/import/commit", commit);
}

/// Largest request read: the file, a pasted copy and the form around them.
const MAX_BODY: usize = 2 * csv::MAX_BYTES + 64 * 1024;
/// Valid rows listed in a preview; the rest are counted.
const VALID_SHOWN: usize = 200;
/// Rows per INSERT (8 parameters each, well under PostgreSQL's 65,535).
const INSERT_CHUNK: usize = 1_000;

/// A valid row as the preview lists it.
pub struct PreviewRow {
    pub line: usize,
    pub person: String,
    pub email: String,
    pub metric: String,
    pub value: String,
    pub date: String,
    pub external_ref: String,
    pub already_imported: bool,
}

/// What the preview (`templates/import/_preview.html`) shows.
pub struct Preview {
    /// Why the file as a whole cannot be read; nothing else is shown then.
    pub file_error: Option<String>,
    /// The text, for the commit form's hidden field.
    pub csv: String,
    pub total: usize,
    pub new_count: usize,
    pub already_count: usize,
    pub without_ref: usize,
    pub invalid: Vec<InvalidRow>,
    pub valid: Vec<PreviewRow>,
    pub valid_hidden: usize,
    /// A commit was refused: say that nothing was written.
    pub refused: bool,
    pub csrf_token: String,
}

impl Preview {
    fn file_error(message: String, csrf_token: String) -> Preview {
        Preview {
            file_error: Some(message),
            csv: String::new(),
            total: 0,
            new_count: 0,
            already_count: 0,
            without_ref: 0,
            invalid: Vec::new(),
            valid: Vec::new(),
            valid_hidden: 0,
            refused: false,
            csrf_token,
        }
    }

    fn of(checked: Checked, csv: String, org: &Organisation, csrf_token: String) -> Preview {
        let total = checked.valid.len() + checked.invalid.len();
        let (new_count, already_count) = (checked.new_count(), checked.already_count());
        let without_ref = checked.without_ref_count();
        let valid_hidden = checked.valid.len().saturating_sub(VALID_SHOWN);
        let valid = checked
            .valid
            .into_iter()
            .take(VALID_SHOWN)
            .map(|r| PreviewRow {
                line: r.line,
                person: r.person,
                email: r.email,
                metric: r.metric,
                value: format::value(r.value, &r.unit, org),
                date: r.date.format("%Y-%m-%d").to_string(),
                external_ref: r.external_ref.unwrap_or_default(),
                already_imported: r.already_imported,
            })
            .collect();
        Preview {
            file_error: None,
            csv,
            total,
            new_count,
            already_count,
            without_ref,
            invalid: checked.invalid,
            valid,
            valid_hidden,
            refused: false,
            csrf_token,
        }
    }

    /// Whether the whole file is valid (the commit button shows only then).
    pub fn is_clean(&self) -> bool {
        self.file_error.is_none() && self.invalid.is_empty()
    }
}

#[derive(Template)]
#[template(path = "import/index.html")]
struct IndexPage {
    layout: Layout,
    csv: String,
    preview: Option<Preview>,
    metrics: Vec<Metric>,
}

#[derive(Template)]
#[template(path = "import/_preview.html")]
struct PreviewPartial {
    preview: Preview,
}

async fn index(pool: web::Data<DbPool>, current: RequireManager) -> Result<HttpResponse, AppError> {
    render_page(&pool, &current, String::new(), None, StatusCode::OK).await
}

async fn render_page(
    pool: &DbPool,
    current: &RequireManager,
    csv: String,
    preview: Option<Preview>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let metrics = db(pool, |conn| Ok(Metric::active(conn)?)).await?;
    let page = IndexPage {
        layout: current.layout("Import activities"),
        csv,
        preview,
        metrics,
    };
    Ok(html(status, page.render()))
}

/// Reads and checks the file; nothing is written.
async fn preview(
    pool: web::Data<DbPool>,
    current: RequireManager,
    htmx: Htmx,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let text = read_upload(&req, payload).await;
    let csrf_token = current.session.csrf_token();
    let preview = match text {
        Err(message) => Preview::file_error(message, csrf_token),
        Ok(text) => match checked(&pool, &current, &text).await? {
            Err(message) => Preview::file_error(message, csrf_token),
            Ok(checked) => Preview::of(checked, text, &current.org, csrf_token),
        },
    };
    if htmx.is_htmx {
        // htmx swaps only 2xx answers into the page, and the report is the
        // answer whether or not the file is valid: the page shows it in place.
        return Ok(html(StatusCode::OK, PreviewPartial { preview }.render()));
    }
    let status = if preview.is_clean() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let pasted = preview.csv.clone();
    render_page(&pool, &current, pasted, Some(preview), status).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CommitForm {
    csv: String,
}

enum Commit {
    Refused(Checked),
    Done {
        imported: usize,
        present: usize,
        /// Whose figures the import moved.
        people: Vec<i64>,
    },
}

/// Checks the submitted text again and writes every row, or nothing.
async fn commit(
    pool: web::Data<DbPool>,
    current: RequireManager,
    form: web::Form<CommitForm>,
) -> Result<HttpResponse, AppError> {
    let text = form.into_inner().csv;
    let csrf_token = current.session.csrf_token();
    let rows = match csv::rows(&text) {
        Ok(rows) => rows,
        Err(message) => {
            let mut preview = Preview::file_error(message, csrf_token);
            preview.refused = true;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_page(&pool, &current, text, Some(preview), status).await;
        }
    };
    let actor = current.user.clone();
    let today = crate::goals::progress::org_today(&current.org);
    let minor_unit = u32::try_from(current.org.currency_minor_unit).unwrap_or(2);
    let outcome = db(&pool, move |conn| {
        let outcome = conn.transaction::<_, AppError, _>(|conn| {
            let lookups = Lookups::load(conn, &actor, today, minor_unit, &rows)?;
            let checked = check::check(rows, &lookups);
            if !checked.is_clean() {
                return Ok(Commit::Refused(checked));
            }
            let imported = write(conn, &checked.valid, actor.id)?;
            mark_milestones(conn, &checked.valid)?;
            let present = checked.valid.len() - imported;
            let summary =
                format!("imported {imported} metric events from CSV ({present} already present)");
            NewAuditEntry::new(Some(actor.id), "import", "metric_event", None, summary)
                .record(conn)?;
            let mut people: Vec<i64> = checked
                .valid
                .iter()
                .filter(|r| !r.already_imported)
                .map(|r| r.user_id)
                .collect();
            people.sort_unstable();
            people.dedup();
            Ok(Commit::Done {
                imported,
                present,
                people,
            })
        })?;
        if let Commit::Done { people, .. } = &outcome
            && !people.is_empty()
        {
            let moved = LiveEvent::progress(people.iter().copied());
            crate::live::publish(conn, std::slice::from_ref(&moved));
        }
        Ok(outcome)
    })
    .await?;
    match outcome {
        Commit::Refused(checked) => {
            let mut preview = Preview::of(checked, text.clone(), &current.org, csrf_token);
            preview.refused = true;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_page(&pool, &current, text, Some(preview), status).await
        }
        Commit::Done {
            imported,
            present,
            people,
        } => {
            // After the import's commit, never inside it.
            crate::rewards::achievements::after_write(&pool, people).await;
            let events = if imported == 1 { "event" } else { "events" };
            let message = format!("{imported} {events} imported, {present} already present.");
            current.session.flash(FlashLevel::Success, message);
            Ok(see_other("/import"))
        }
    }
}

/// Parses and checks `text`: a file-level message, or every row sorted.
async fn checked(
    pool: &DbPool,
    current: &RequireManager,
    text: &str,
) -> Result<Result<Checked, String>, AppError> {
    let rows = match csv::rows(text) {
        Ok(rows) => rows,
        Err(message) => return Ok(Err(message)),
    };
    let actor = current.user.clone();
    let today = crate::goals::progress::org_today(&current.org);
    let minor_unit = u32::try_from(current.org.currency_minor_unit).unwrap_or(2);
    db(pool, move |conn| {
        let lookups = Lookups::load(conn, &actor, today, minor_unit, &rows)?;
        Ok(Ok(check::check(rows, &lookups)))
    })
    .await
}

/// Inserts the rows not yet recorded; a reference recorded meanwhile by
/// someone else is skipped by the unique index. Returns how many were written.
fn write(conn: &mut PgConnection, rows: &[ValidRow], actor_id: i64) -> QueryResult<usize> {
    let events: Vec<NewMetricEvent> = rows
        .iter()
        .filter(|r| !r.already_imported)
        .map(|r| NewMetricEvent {
            user_id: r.user_id,
            metric_id: r.metric_id,
            value: r.value,
            occurred_on: r.date,
            source: "import".into(),
            external_ref: r.external_ref.clone(),
            note: r.note.clone(),
            created_by: Some(actor_id),
            correction_reason: r.correction_reason.clone(),
        })
        .collect();
    let mut written = 0;
    // One statement per chunk instead of one per row (`MetricEvent::record`):
    // a 5,000-row file is five round trips.
    for chunk in events.chunks(INSERT_CHUNK) {
        written += diesel::insert_into(metric_events::table)
            .values(chunk)
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(written)
}

/// Marks the milestones the new facts reach, in the import's transaction
/// like any other event's; once per person, metric and day.
fn mark_milestones(conn: &mut PgConnection, rows: &[ValidRow]) -> QueryResult<()> {
    let mut seen = std::collections::HashSet::new();
    for row in rows.iter().filter(|r| !r.already_imported) {
        if seen.insert((row.user_id, row.metric_id, row.date)) {
            crate::goals::progress::mark_reached_milestones(
                conn,
                row.user_id,
                row.metric_id,
                row.date,
            )?;
        }
    }
    Ok(())
}

/// The CSV text of the form: the uploaded file if one was chosen (htmx
/// posts multipart with the CSRF header), else the pasted text (a plain
/// urlencoded post works without JavaScript). `Err` is a message for the page.
async fn read_upload(req: &HttpRequest, payload: web::Payload) -> Result<String, String> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let not_utf8 =
        || "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again.".to_string();
    let text = if is_mime(content_type, "multipart/form-data") {
        let data = multipart_csv(req, payload).await?;
        String::from_utf8(data).map_err(|_| not_utf8())?
    } else if is_mime(content_type, "application/x-www-form-urlencoded") {
        let body = read_limited(payload).await?;
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .map_err(|_| "The form could not be read; please try again.".to_string())?
            .into_iter()
            .find(|(k, _)| k == "csv")
            .map(|(_, v)| v)
            .unwrap_or_default()
    } else {
        String::new()
    };
    if text.len() > csv::MAX_BYTES {
        return Err(too_large());
    }
    if text.trim().is_empty() {
        return Err("Choose a CSV file or paste its rows first.".into());
    }
    Ok(text)
}

fn too_large() -> String {
    "The file is larger than 1 MB; import at most 1 MB (5,000 rows) at a time.".to_string()
}

fn is_mime(content_type: &str, mime: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(mime))
}

/// A urlencoded body, refused beyond [`MAX_BODY`].
async fn read_limited(mut payload: web::Payload) -> Result<web::BytesMut, String> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| interrupted())?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn interrupted() -> String {
    "The upload was interrupted; please try again.".to_string()
}

/// The bytes of the multipart form's CSV: the `file` field when a file was
/// chosen and is not empty, else the pasted `csv` field, else nothing. Every
/// field is read to the end (the parser needs it) and counts towards
/// [`MAX_BODY`]; other fields (the CSRF token) are read and dropped.
async fn multipart_csv(req: &HttpRequest, payload: web::Payload) -> Result<Vec<u8>, String> {
    let broken = |error: MultipartError| match error {
        MultipartError::Payload(_) => interrupted(),
        _ => "The upload could not be read; please try again.".to_string(),
    };
    let mut form = Multipart::new(req.headers(), payload);
    let (mut file, mut pasted) = (None, None);
    let mut read = 0;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(broken)?;
        let name = field.name().unwrap_or_default().to_owned();
        let chosen_file = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .is_some();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(broken)?;
            read += chunk.len();
            if read > MAX_BODY {
                return Err(too_large());
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if chosen_file && !data.is_empty() && file.is_none() => file = Some(data),
            "csv" if pasted.is_none() => pasted = Some(data),
            _ => {}
        }
    }
    Ok(file.or(pasted).unwrap_or_default())
}
