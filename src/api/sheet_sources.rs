//! `/api/v1/sheet-sources` (admins): the sheet sources with their links
//! redacted, adding one, a source's sync log, and "sync now". The same
//! checks, sync and log as the admin pages (`goals::sources`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody, db, json};
use super::input::{Body, Input};
use crate::db::DbPool;
use crate::db::sheet_sources::{SheetSource, SheetSync};
use crate::domain::role::Role;
use crate::goals::sources::{self, SourceForm, Trigger};
use crate::i18n::{Lang, Msg};
use crate::jobs::JobsConfig;

/// The sheet's header for each import column (`null`: not in the sheet).
#[derive(Serialize, ToSchema)]
pub struct ColumnsJson {
    email: String,
    metric: String,
    value: String,
    date: String,
    external_ref: Option<String>,
    note: Option<String>,
    correction_reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SheetSourceJson {
    id: i64,
    name: String,
    /// The link with any credentials replaced by `***`.
    url: String,
    columns: ColumnsJson,
    #[schema(pattern = "^(hourly|daily|off)$")]
    schedule: String,
    /// The first failed sync of the current failure streak, if failing.
    failing_since: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl From<&SheetSource> for SheetSourceJson {
    fn from(s: &SheetSource) -> Self {
        SheetSourceJson {
            id: s.id,
            name: s.name.clone(),
            url: s.shown_url(),
            columns: ColumnsJson {
                email: s.col_email.clone(),
                metric: s.col_metric.clone(),
                value: s.col_value.clone(),
                date: s.col_date.clone(),
                external_ref: s.col_external_ref.clone(),
                note: s.col_note.clone(),
                correction_reason: s.col_correction_reason.clone(),
            },
            schedule: s.schedule.clone(),
            failing_since: s.failing_since,
            created_at: s.created_at,
        }
    }
}

/// A refused row of a sync.
#[derive(Serialize, ToSchema)]
pub struct SyncErrorJson {
    line: i64,
    reasons: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SheetSyncJson {
    id: i64,
    source_id: i64,
    started_at: DateTime<Utc>,
    #[schema(pattern = "^(schedule|admin|cli)$")]
    trigger: String,
    /// The admin who pressed "sync now".
    run_by: Option<i64>,
    /// `ok`, `refused` (some row is invalid: nothing written), `failed` (the
    /// sheet could not be fetched or read) or `skipped` (another instance
    /// was syncing).
    #[schema(pattern = "^(ok|refused|failed|skipped)$")]
    outcome: String,
    rows_read: i32,
    added: i32,
    /// Rows already imported.
    skipped: i32,
    refused: i32,
    /// The first refused rows.
    errors: Vec<SyncErrorJson>,
    /// Why a failed sync failed.
    failure: Option<String>,
    duration_ms: i64,
}

impl From<&SheetSync> for SheetSyncJson {
    fn from(s: &SheetSync) -> Self {
        let errors = s
            .errors
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| SyncErrorJson {
                        line: row.get("line").and_then(|l| l.as_i64()).unwrap_or(0),
                        reasons: row
                            .get("reasons")
                            .and_then(|r| r.as_array())
                            .map(|r| r.iter().map(|m| Msg::render_stored(m, Lang::En)).collect())
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        SheetSyncJson {
            id: s.id,
            source_id: s.source_id,
            started_at: s.started_at,
            trigger: s.trigger.clone(),
            run_by: s.run_by,
            outcome: s.outcome.clone(),
            rows_read: s.rows_read,
            added: s.added,
            skipped: s.skipped,
            refused: s.refused,
            errors,
            failure: s.failure.as_ref().map(|f| Msg::render_stored(f, Lang::En)),
            duration_ms: s.duration_ms,
        }
    }
}

/// The body of `POST /api/v1/sheet-sources`.
#[derive(serde::Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct SheetSourceRequest {
    name: String,
    /// An http or https link serving CSV; credentials in it are kept but never shown.
    url: String,
    /// The sheet's header of each column (defaults: the import's names;
    /// external_ref "external_ref", note and correction_reason none).
    col_email: Option<String>,
    col_metric: Option<String>,
    col_value: Option<String>,
    col_date: Option<String>,
    col_external_ref: Option<String>,
    col_note: Option<String>,
    col_correction_reason: Option<String>,
    /// hourly, daily (default) or off.
    schedule: Option<String>,
}

/// `GET /api/v1/sheet-sources`
#[utoipa::path(get, path = "/api/v1/sheet-sources", tag = "sheet sources",
    operation_id = "list_sheet_sources", summary = "List the sheet sources (admins)",
    responses(
        (status = 200, description = "The sources, by name.", body = [SheetSourceJson]),
        (status = 403, description = "Not an admin.", body = ErrorBody),
    ))]
pub async fn list(pool: web::Data<DbPool>, caller: ApiUser) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "read the sheet sources")?;
    let all = db(&pool, |conn| Ok(SheetSource::all(conn)?)).await?;
    let body: Vec<SheetSourceJson> = all.iter().map(SheetSourceJson::from).collect();
    Ok(json(StatusCode::OK, &body))
}

/// `POST /api/v1/sheet-sources`
#[utoipa::path(post, path = "/api/v1/sheet-sources", tag = "sheet sources",
    operation_id = "create_sheet_source", summary = "Add a sheet source (admins)",
    request_body = SheetSourceRequest,
    responses(
        (status = 201, description = "The new source (its link redacted).", body = SheetSourceJson),
        (status = 400, description = "The body is not a JSON object.", body = ErrorBody),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the name is taken.", body = ErrorBody),
    ))]
pub async fn create(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    body: Body,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "add sheet sources")?;
    let mut input = Input::body(&body)?;
    let blank = SourceForm::blank();
    let name: Option<String> = input.need("name");
    let url: Option<String> = input.need("url");
    let text = |input: &mut Input, key: &str, default: String| -> String {
        input.get::<String>(key).unwrap_or(default)
    };
    let form = SourceForm {
        name: name.unwrap_or_default(),
        url: url.unwrap_or_default(),
        col_email: text(&mut input, "col_email", blank.col_email),
        col_metric: text(&mut input, "col_metric", blank.col_metric),
        col_value: text(&mut input, "col_value", blank.col_value),
        col_date: text(&mut input, "col_date", blank.col_date),
        col_external_ref: text(&mut input, "col_external_ref", blank.col_external_ref),
        col_note: text(&mut input, "col_note", String::new()),
        col_correction_reason: text(&mut input, "col_correction_reason", String::new()),
        schedule: text(&mut input, "schedule", blank.schedule),
    };
    let mut fields = input.into_fields();
    let checked = sources::validate(&form, None);
    if let Err(errors) = &checked {
        fields.merge(errors.clone().into());
    }
    fields.into_result()?;
    let values = checked.map_err(|errors| ApiError::Invalid(errors.into()))?;
    let actor = caller.user.id;
    let source = db(&pool, move |conn| {
        Ok(sources::save(conn, actor, None, &values)?)
    })
    .await?;
    Ok(json(StatusCode::CREATED, &SheetSourceJson::from(&source)))
}

/// `GET /api/v1/sheet-sources/{id}/syncs`
#[utoipa::path(get, path = "/api/v1/sheet-sources/{id}/syncs", tag = "sheet sources",
    operation_id = "list_sheet_syncs", summary = "A sheet source's sync log, newest first (admins)",
    params(("id" = i64, Path, description = "The sheet source.")),
    responses(
        (status = 200, description = "Its last 100 syncs.", body = [SheetSyncJson]),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 404, description = "No such source.", body = ErrorBody),
    ))]
pub async fn syncs(
    pool: web::Data<DbPool>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "read sync logs")?;
    let id = source_id(&path)?;
    let log = db(&pool, move |conn| {
        SheetSource::find(conn, id)?;
        Ok(SheetSync::of_source(conn, id, 100)?)
    })
    .await?;
    let body: Vec<SheetSyncJson> = log.iter().map(SheetSyncJson::from).collect();
    Ok(json(StatusCode::OK, &body))
}

/// `POST /api/v1/sheet-sources/{id}/sync`
#[utoipa::path(post, path = "/api/v1/sheet-sources/{id}/sync", tag = "sheet sources",
    operation_id = "sync_sheet_source", summary = "Sync a sheet source now (admins)",
    description = "Fetches the sheet and writes every new row, or none when a row is invalid. A sheet that cannot be fetched or read is a logged outcome (200 with outcome failed), not an error.",
    params(("id" = i64, Path, description = "The sheet source.")),
    responses(
        (status = 200, description = "The sync, as logged.", body = SheetSyncJson),
        (status = 403, description = "Not an admin.", body = ErrorBody),
        (status = 404, description = "No such source.", body = ErrorBody),
    ))]
pub async fn sync(
    pool: web::Data<DbPool>,
    config: web::Data<JobsConfig>,
    caller: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::is_admin, "sync sheet sources")?;
    let (id, by, limits) = (source_id(&path)?, caller.user.id, config.fetch);
    let logged = db(&pool, move |conn| {
        let source = SheetSource::find(conn, id)?;
        Ok(sources::sync(conn, &source, Trigger::Admin(by), limits)?)
    })
    .await?;
    Ok(json(StatusCode::OK, &SheetSyncJson::from(&logged)))
}

/// The path's source id; one that is not a number the database could hold
/// names no source (a JSON 404, like any unknown source).
fn source_id(path: &str) -> Result<i64, ApiError> {
    path.parse()
        .map_err(|_| ApiError::not_found("sheet source"))
}
