//! Sheet sources: the list with each source's last sync, the form (name,
//! link, column mapping, schedule), each source's sync log and "Sync now",
//! which syncs here, under the sync lock like the schedule. The link is
//! never shown back: pages show its redacted form, and editing keeps it
//! unless a new one is typed.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{Either, HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono_tz::Tz;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::sheet_sources::{SheetSource, SheetSync};
use crate::db::users::User;
use crate::error::FieldMessages;
use crate::goals::sources::{self, Schedule, SourceForm, Trigger};
use crate::i18n::{Lang, Msg};
use crate::jobs::JobsConfig;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::{Layout, SelectOption};
use crate::web::respond::{PageOr, WithStatus, with_status};
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/sheet-sources", index)
        .get("/admin/sheet-sources/new", new)
        .post("/admin/sheet-sources", create)
        .get("/admin/sheet-sources/{id}", show)
        .post("/admin/sheet-sources/{id}", update)
        .post("/admin/sheet-sources/{id}/sync", sync_now);
}

/// How many syncs a source's page lists.
const LOG_LENGTH: i64 = 30;

/// One sync as the log shows it.
pub struct SyncView {
    pub when: String,
    pub when_iso: String,
    pub source_id: i64,
    pub source: String,
    /// "Schedule", "Command line" or the admin's name.
    pub by: String,
    pub outcome: String,
    pub outcome_class: &'static str,
    pub rows_read: i32,
    pub added: i32,
    pub skipped: i32,
    pub refused: i32,
    /// Why a failed sync failed.
    pub failure: String,
    /// The first refused rows: (line, reasons).
    pub errors: Vec<(i64, String)>,
    pub duration: String,
}

fn outcome_words(outcome: &str) -> (&'static str, &'static str) {
    match outcome {
        "ok" => ("sources-outcome-ok", "badge-ok"),
        "refused" => ("sources-outcome-refused", "badge-error"),
        "failed" => ("sources-outcome-failed", "badge-error"),
        _ => ("sources-outcome-skipped", "badge-muted"),
    }
}

/// "85 ms", "2.4 s".
fn duration_text(lang: Lang, ms: i64) -> String {
    if ms < 1_000 {
        lang.tr("sources-duration-ms", [("ms", ms.into())])
    } else {
        let tenths = rust_decimal::Decimal::new(ms / 100, 1);
        lang.tr("sources-duration-s", [("seconds", tenths.into())])
    }
}

/// The syncs as the log shows them; `sources` names them, `names` the
/// admins who pressed "Sync now".
pub fn sync_views(
    lang: Lang,
    syncs: &[SheetSync],
    sources: &HashMap<i64, String>,
    names: &HashMap<i64, String>,
    tz: Tz,
) -> Vec<SyncView> {
    syncs
        .iter()
        .map(|sync| {
            let (outcome, outcome_class) = outcome_words(&sync.outcome);
            let by = match sync.trigger.as_str() {
                "schedule" => lang.t("admin-jobs-source-schedule"),
                "cli" => lang.t("admin-jobs-source-cli"),
                _ => sync
                    .run_by
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_else(|| lang.t("admin-jobs-source-admin")),
            };
            let errors = sync
                .errors
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|row| {
                            let line = row.get("line").and_then(|l| l.as_i64()).unwrap_or(0);
                            let reasons: Vec<String> = row
                                .get("reasons")
                                .and_then(|r| r.as_array())
                                .map(|r| r.iter().map(|m| Msg::render_stored(m, lang)).collect())
                                .unwrap_or_default();
                            (line, reasons.join(" "))
                        })
                        .collect()
                })
                .unwrap_or_default();
            SyncView {
                when: crate::web::format::date_time_seconds(sync.started_at, tz),
                when_iso: sync.started_at.to_rfc3339(),
                source_id: sync.source_id,
                source: sources.get(&sync.source_id).cloned().unwrap_or_default(),
                by,
                outcome: lang.t(outcome),
                outcome_class,
                rows_read: sync.rows_read,
                added: sync.added,
                skipped: sync.skipped,
                refused: sync.refused,
                failure: sync
                    .failure
                    .as_ref()
                    .map(|f| Msg::render_stored(f, lang))
                    .unwrap_or_default(),
                errors,
                duration: duration_text(lang, sync.duration_ms),
            }
        })
        .collect()
}

/// The names of the admins behind `syncs`.
pub fn runner_names(
    conn: &mut diesel::PgConnection,
    syncs: &[SheetSync],
) -> diesel::QueryResult<HashMap<i64, String>> {
    let mut ids: Vec<i64> = syncs.iter().filter_map(|s| s.run_by).collect();
    ids.sort_unstable();
    ids.dedup();
    User::names_of(conn, &ids)
}

/// One source in the list.
pub struct SourceRow {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub schedule: String,
    pub failing: bool,
    pub last: Option<SyncView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sheet_sources/index.html")]
struct IndexPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<SourceRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sheet_sources/form.html")]
struct FormPage {
    layout: Layout,
    lang: Lang,
    /// `None` when adding.
    source: Option<SheetSource>,
    /// The stored link, redacted.
    shown_url: String,
    form: SourceForm,
    errors: FieldMessages,
    schedules: Vec<SelectOption>,
    log: Vec<SyncView>,
}

fn zone(admin: &RequireAdmin) -> Tz {
    crate::web::format::zone(&admin.org)
}

async fn index(pool: web::Data<DbPool>, admin: RequireAdmin) -> Result<IndexPage, AppError> {
    let (all, latest, names) = db(&pool, |conn| {
        let all = SheetSource::all(conn)?;
        let latest = SheetSync::latest_per_source(conn)?;
        let names = runner_names(conn, &latest)?;
        Ok((all, latest, names))
    })
    .await?;
    let lang = admin.lang();
    let labels: HashMap<i64, String> = all.iter().map(|s| (s.id, s.name.clone())).collect();
    let mut views = sync_views(lang, &latest, &labels, &names, zone(&admin));
    let rows = all
        .iter()
        .map(|source| SourceRow {
            id: source.id,
            name: source.name.clone(),
            url: source.shown_url(),
            schedule: lang.t(source.schedule().label()),
            failing: source.failing_since.is_some(),
            last: views
                .iter()
                .position(|v| v.source_id == source.id)
                .map(|i| views.swap_remove(i)),
        })
        .collect();
    Ok(IndexPage {
        layout: admin.layout_t("sources-title"),
        lang,
        rows,
    })
}

fn form_page(
    admin: &RequireAdmin,
    source: Option<SheetSource>,
    form: SourceForm,
    errors: FieldErrors,
    log: Vec<SyncView>,
) -> WithStatus<FormPage> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let lang = admin.lang();
    let layout = match &source {
        Some(s) => admin.layout(s.name.clone()),
        None => admin.layout_t("sources-new"),
    };
    let page = FormPage {
        layout,
        lang,
        shown_url: source
            .as_ref()
            .map(SheetSource::shown_url)
            .unwrap_or_default(),
        source,
        form,
        errors: errors.shown(lang),
        schedules: Schedule::ALL
            .into_iter()
            .map(|s| SelectOption::new(s.as_str(), lang.t(s.label())))
            .collect(),
        log,
    };
    with_status(page, status)
}

async fn new(admin: RequireAdmin) -> WithStatus<FormPage> {
    form_page(
        &admin,
        None,
        SourceForm::blank(),
        FieldErrors::new(),
        Vec::new(),
    )
}

/// A source and its log.
async fn load(
    pool: &DbPool,
    admin: &RequireAdmin,
    id: i64,
) -> Result<(SheetSource, Vec<SyncView>), AppError> {
    let (source, syncs, names) = db(pool, move |conn| {
        let source = SheetSource::find(conn, id)?;
        let syncs = SheetSync::of_source(conn, id, LOG_LENGTH)?;
        let names = runner_names(conn, &syncs)?;
        Ok((source, syncs, names))
    })
    .await?;
    let labels = HashMap::from([(source.id, source.name.clone())]);
    let log = sync_views(admin.lang(), &syncs, &labels, &names, zone(admin));
    Ok((source, log))
}

async fn show(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<WithStatus<FormPage>, AppError> {
    let (source, log) = load(&pool, &admin, path.into_inner()).await?;
    let form = SourceForm::of(&source);
    Ok(form_page(
        &admin,
        Some(source),
        form,
        FieldErrors::new(),
        log,
    ))
}

async fn create(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    form: web::Form<SourceForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    save(pool, admin, None, form.into_inner()).await
}

async fn update(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    path: web::Path<i64>,
    form: web::Form<SourceForm>,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    save(pool, admin, Some(path.into_inner()), form.into_inner()).await
}

async fn save(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    id: Option<i64>,
    form: SourceForm,
) -> Result<PageOr<WithStatus<FormPage>>, AppError> {
    // An unknown id is a 404 even when the form is invalid too.
    let (existing, log) = match id {
        Some(id) => {
            let (source, log) = load(&pool, &admin, id).await?;
            (Some(source), log)
        }
        None => (None, Vec::new()),
    };
    let stored_url = existing.as_ref().map(|s| s.url.clone());
    let fields = match sources::validate(&form, stored_url.as_deref()) {
        Ok(fields) => fields,
        Err(errors) => return Ok(Either::Left(form_page(&admin, existing, form, errors, log))),
    };
    let actor = admin.user.id;
    let saved = db(&pool, move |conn| sources::save(conn, actor, id, &fields)).await;
    match saved {
        Ok(source) => {
            let message = admin
                .lang()
                .tr("sources-saved", [("name", source.name.clone().into())]);
            admin.session.flash(FlashLevel::Success, message);
            Ok(Either::Right(see_other(format!(
                "/admin/sheet-sources/{}",
                source.id
            ))))
        }
        Err(AppError::Invalid(errors)) => {
            Ok(Either::Left(form_page(&admin, existing, form, errors, log)))
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/sheet-sources/{id}/sync`: syncs the source now and says
/// how it went.
async fn sync_now(
    pool: web::Data<DbPool>,
    config: web::Data<JobsConfig>,
    admin: RequireAdmin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let by = admin.user.id;
    let limits = config.fetch;
    let (source, logged) = db(&pool, move |conn| {
        let source = SheetSource::find(conn, id)?;
        let logged = sources::sync(conn, &source, Trigger::Admin(by), limits)?;
        Ok((source, logged))
    })
    .await?;
    let lang = admin.lang();
    let name = ("name", source.name.clone().into());
    let (level, message) = match logged.outcome.as_str() {
        "ok" => (
            FlashLevel::Success,
            lang.tr(
                "sources-synced",
                [
                    name,
                    ("added", logged.added.into()),
                    ("skipped", logged.skipped.into()),
                ],
            ),
        ),
        "refused" => (
            FlashLevel::Error,
            lang.tr(
                "sources-sync-refused",
                [name, ("refused", logged.refused.into())],
            ),
        ),
        "failed" => (
            FlashLevel::Error,
            lang.tr(
                "sources-sync-failed",
                [
                    name,
                    (
                        "problem",
                        logged
                            .failure
                            .as_ref()
                            .map(|f| Msg::render_stored(f, lang))
                            .unwrap_or_default()
                            .into(),
                    ),
                ],
            ),
        ),
        _ => (FlashLevel::Info, lang.tr("sources-sync-skipped", [name])),
    };
    admin.session.flash(level, message);
    Ok(see_other(format!("/admin/sheet-sources/{id}")))
}
