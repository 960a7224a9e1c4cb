//! The jobs page: every registered job with its last run (result, duration,
//! who or what started it) and the next scheduled round, the latest runs of
//! all jobs, and "Run now", which runs a job here, under its own advisory
//! lock, and shows the outcome in its row.

use std::collections::HashMap;
use std::time::Duration;

use actix_htmx::Htmx;
use actix_web::{Either, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::PgConnection;

use super::see_other;
use crate::auth::RequireAdmin;
use crate::auth::session::FlashLevel;
use crate::db::DbPool;
use crate::db::job_runs::JobRun;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::i18n::Lang;
use crate::jobs::{self, JOBS, Job, JobContext, JobsConfig, Source};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::respond::PageOr;
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/jobs", index)
        .post("/admin/jobs/{name}/run", run_now);
}

/// How many runs the history under the table lists.
const RECENT: i64 = 25;
/// How many sheet syncs the page lists.
const SHEET_SYNCS: i64 = 10;

/// A run as the page words it.
pub struct RunView {
    pub when: String,
    pub when_iso: String,
    pub job: String,
    /// "Schedule", "Command line", "Oh Eun-ji".
    pub source: String,
    /// "OK", "Skipped", "Error", "Running".
    pub result: String,
    pub result_class: &'static str,
    pub message: String,
    pub duration: String,
}

/// One job's row.
pub struct JobRow {
    pub name: &'static str,
    pub about: String,
    pub last: Option<RunView>,
    pub next: String,
    /// The row was just run from this page.
    pub just_ran: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    layout: Layout,
    lang: Lang,
    rows: Vec<JobRow>,
    recent: Vec<RunView>,
    time_zone: String,
    schedule: String,
    csrf_token: String,
    /// The latest sheet syncs of every source.
    log: Vec<super::sheet_sources::SyncView>,
    log_sources: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/_job_row.html")]
struct RowPartial {
    lang: Lang,
    row: JobRow,
    csrf_token: String,
}

/// "85 ms", "2.4 s", "3 min 5 s".
fn duration_text(ms: i64) -> String {
    match ms {
        ..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.1} s", ms as f64 / 1000.0),
        _ => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
    }
}

fn zone(org: &Organisation) -> Tz {
    crate::web::format::zone(org)
}

/// What a job does, in the reader's language.
fn about(lang: Lang, job: &Job) -> String {
    match job.name {
        "month-opening" => lang.t("admin-jobs-about-month-opening"),
        "goal-lifecycle" => lang.t("admin-jobs-about-goal-lifecycle"),
        "period-close" => lang.t("admin-jobs-about-period-close"),
        "achievements" => lang.t("admin-jobs-about-achievements"),
        "reminders" => lang.t("admin-jobs-about-reminders"),
        "notification-emails" => lang.t("admin-jobs-about-notification-emails"),
        "snapshots" => lang.t("admin-jobs-about-snapshots"),
        "sheet-sync" => lang.t("admin-jobs-about-sheet-sync"),
        "forecasts" => lang.t("admin-jobs-about-forecasts"),
        _ => job.about.to_string(),
    }
}

fn run_view(lang: Lang, run: &JobRun, names: &HashMap<i64, String>, tz: Tz) -> RunView {
    let (result, result_class) = match (run.ok, run.skipped) {
        (None, _) => ("admin-jobs-result-running", "badge-muted"),
        (Some(true), true) => ("admin-jobs-result-skipped", "badge-muted"),
        (Some(true), false) => ("admin-jobs-result-ok", "badge-ok"),
        (Some(false), _) => ("admin-jobs-result-error", "badge-error"),
    };
    let result = lang.t(result);
    let source = match run.source.as_str() {
        "schedule" => lang.t("admin-jobs-source-schedule"),
        "cli" => lang.t("admin-jobs-source-cli"),
        _ => run
            .run_by
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| lang.t("admin-jobs-source-admin")),
    };
    RunView {
        when: crate::web::format::date_time_seconds(run.started_at, tz),
        when_iso: run.started_at.to_rfc3339(),
        job: run.job.clone(),
        source,
        result,
        result_class,
        message: run.message.clone().unwrap_or_default(),
        duration: run.duration_ms.map(duration_text).unwrap_or_default(),
    }
}

/// When the schedule runs next: a round starts `every` after the last one
/// started (of any instance).
fn next_text(
    every: Option<Duration>,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: Tz,
) -> String {
    let Some(every) = every else {
        return "Not scheduled on this server".into();
    };
    let Some(last) = last else {
        return "Soon: the schedule has not run yet".into();
    };
    let next = last + chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
    if next <= now {
        return "Due now".into();
    }
    let minutes = (next - now).num_minutes();
    let when = crate::web::format::local(next, tz, "%H:%M");
    match minutes {
        0 => format!("{when} (in under a minute)"),
        1 => format!("{when} (in 1 minute)"),
        m => format!("{when} (in {m} minutes)"),
    }
}

/// Everything the page shows.
struct Loaded {
    latest: Vec<JobRun>,
    recent: Vec<JobRun>,
    last_scheduled: Option<DateTime<Utc>>,
    names: HashMap<i64, String>,
}

fn load(conn: &mut PgConnection, recent: i64) -> Result<Loaded, AppError> {
    let job_names: Vec<&str> = JOBS.iter().map(|j| j.name).collect();
    let latest = JobRun::latest_of(conn, &job_names)?;
    let recent = JobRun::recent_all(conn, recent)?;
    let mut ids: Vec<i64> = latest
        .iter()
        .chain(&recent)
        .filter_map(|r| r.run_by)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names = User::names_of(conn, &ids)?;
    Ok(Loaded {
        latest,
        recent,
        last_scheduled: JobRun::last_scheduled_start(conn, &job_names)?,
        names,
    })
}

fn rows(
    lang: Lang,
    loaded: &Loaded,
    config: &JobsConfig,
    tz: Tz,
    just_ran: Option<&str>,
) -> Vec<JobRow> {
    let next = next_text(config.every, loaded.last_scheduled, Utc::now(), tz);
    JOBS.iter()
        .map(|job| JobRow {
            name: job.name,
            about: about(lang, job),
            last: loaded
                .latest
                .iter()
                .find(|r| r.job == job.name)
                .map(|r| run_view(lang, r, &loaded.names, tz)),
            next: next.clone(),
            just_ran: just_ran == Some(job.name),
        })
        .collect()
}

/// `GET /admin/jobs`.
async fn index(
    pool: web::Data<DbPool>,
    config: web::Data<JobsConfig>,
    admin: RequireAdmin,
) -> Result<JobsPage, AppError> {
    let (loaded, syncs, sources, runners) = db(&pool, |conn| {
        let loaded = load(conn, RECENT)?;
        let syncs = crate::db::sheet_sources::SheetSync::recent(conn, SHEET_SYNCS)?;
        let sources = crate::db::sheet_sources::SheetSource::all(conn)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let runners = super::sheet_sources::runner_names(conn, &syncs)?;
        Ok((loaded, syncs, sources, runners))
    })
    .await?;
    let tz = zone(&admin.org);
    let lang = admin.lang();
    let page = JobsPage {
        layout: admin.layout_t("admin-jobs-title"),
        lang,
        csrf_token: admin.session.csrf_token(),
        rows: rows(lang, &loaded, &config, tz, None),
        recent: loaded
            .recent
            .iter()
            .map(|r| run_view(lang, r, &loaded.names, tz))
            .collect(),
        time_zone: admin.org.time_zone.clone(),
        schedule: match config.every {
            Some(every) => lang.tr(
                "admin-jobs-schedule-every",
                [("every", every_text(every).into())],
            ),
            None => lang.t("admin-jobs-schedule-none"),
        },
        log: super::sheet_sources::sync_views(lang, &syncs, &sources, &runners, tz),
        log_sources: true,
    };
    Ok(page)
}

/// "5 minutes", "30 seconds", "1 hour".
fn every_text(every: Duration) -> String {
    let secs = every.as_secs();
    let (n, unit) = match secs {
        s if s % 3600 == 0 => (s / 3600, "hour"),
        s if s % 60 == 0 => (s / 60, "minute"),
        s => (s, "second"),
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// `POST /admin/jobs/{name}/run`: runs the job now (off the async workers,
/// under the job's own lock like any run) and answers its row (htmx) or
/// the page with the outcome as a flash.
async fn run_now(
    pool: web::Data<DbPool>,
    config: web::Data<JobsConfig>,
    admin: RequireAdmin,
    path: web::Path<String>,
    htmx: Htmx,
) -> Result<PageOr<RowPartial>, AppError> {
    let is_htmx = htmx.is_htmx;
    let job: &'static Job = jobs::find(&path.into_inner()).ok_or(AppError::NotFound)?;
    let ctx = JobContext::at(Utc::now(), config.mailer.clone());
    let by = admin.user.id;
    let (outcome, loaded) = db(&pool, move |conn| {
        // A failed run is recorded with its error; the page shows it.
        let outcome = jobs::run(conn, job, &ctx, Source::Admin(by));
        if let Err(error) = &outcome {
            tracing::warn!(
                job = job.name,
                "job run from the admin page failed: {error:#}"
            );
        }
        let loaded = load(conn, 0)?;
        Ok((outcome.map_err(|e| format!("{e:#}")), loaded))
    })
    .await?;
    let tz = zone(&admin.org);
    if is_htmx {
        let row = rows(admin.lang(), &loaded, &config, tz, Some(job.name))
            .into_iter()
            .find(|r| r.name == job.name)
            .ok_or(AppError::NotFound)?;
        let partial = RowPartial {
            lang: admin.lang(),
            row,
            csrf_token: admin.session.csrf_token(),
        };
        return Ok(Either::Left(partial));
    }
    match outcome {
        Ok(run) => admin.session.flash(
            FlashLevel::Success,
            format!(
                "{}: {} ({})",
                job.name,
                run.message.unwrap_or_default(),
                duration_text(run.duration_ms.unwrap_or(0))
            ),
        ),
        Err(error) => admin
            .session
            .flash(FlashLevel::Error, format!("{} failed: {error}", job.name)),
    }
    Ok(Either::Right(see_other("/admin/jobs")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(duration_text(85), "85 ms");
        assert_eq!(duration_text(2_449), "2.4 s");
        assert_eq!(duration_text(185_000), "3 min 5 s");
    }

    #[test]
    fn the_next_round_follows_the_last_by_the_interval() {
        let now: DateTime<Utc> = "2026-11-22T09:00:00Z".parse().unwrap();
        let every = Some(Duration::from_secs(300));
        let tz = chrono_tz::UTC;
        assert_eq!(
            next_text(None, None, now, tz),
            "Not scheduled on this server"
        );
        assert!(next_text(every, None, now, tz).starts_with("Soon"));
        let last = now - chrono::Duration::minutes(2);
        assert_eq!(
            next_text(every, Some(last), now, tz),
            "09:03 (in 3 minutes)"
        );
        let long_ago = now - chrono::Duration::minutes(20);
        assert_eq!(next_text(every, Some(long_ago), now, tz), "Due now");
        assert_eq!(every_text(Duration::from_secs(300)), "5 minutes");
        assert_eq!(every_text(Duration::from_secs(3600)), "1 hour");
    }
}
