//! Background jobs: a registry of named jobs, each run recorded in
//! `job_runs`. The CLI runs one (`attain jobs run NAME [--now T | --date
//! D]`), an admin from the jobs page; the server runs them all on a
//! schedule (`schedule`). Every job must be safe to run from several
//! instances at once (advisory lock, unique keys).

pub mod schedule;

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::PgConnection;

use crate::db::job_runs::{Finish, JobRun, NewJobRun};
use crate::notify::mail::Mailer;

/// What a job gets besides its connection.
#[derive(Clone, Debug)]
pub struct JobContext {
    /// The instant the job runs for (the clock, or `--now`).
    pub now: DateTime<Utc>,
    /// Set when SMTP is configured.
    pub mailer: Option<Mailer>,
    /// `--date D`: the business day the run is for (then `now` is noon of
    /// that day in the organisation's time zone). Jobs that work on a day
    /// take it from here, else from `now`.
    pub date: Option<NaiveDate>,
    /// How far a sheet source's fetch may go (`goals::sources`).
    pub fetch: crate::goals::sources::fetch::FetchLimits,
}

impl JobContext {
    /// A run for the instant `now`.
    pub fn at(now: DateTime<Utc>, mailer: Option<Mailer>) -> JobContext {
        JobContext {
            now,
            mailer,
            date: None,
            fetch: Default::default(),
        }
    }
}

/// What the server knows about running jobs: the schedule's interval
/// (`None`: no schedule in this instance) and the mailer, for the admin
/// page's "Run now".
#[derive(Clone, Default)]
pub struct JobsConfig {
    pub every: Option<Duration>,
    pub mailer: Option<Mailer>,
    /// Sheet sources' fetch limits ("Sync now"; the schedule uses the defaults).
    pub fetch: crate::goals::sources::fetch::FetchLimits,
}

/// How a job's run went, for its `job_runs` row.
pub struct Outcome {
    /// Another instance was already doing the work.
    pub skipped: bool,
    pub message: String,
    pub details: serde_json::Value,
}

pub type JobFn = fn(&mut PgConnection, &JobContext) -> anyhow::Result<Outcome>;

pub struct Job {
    pub name: &'static str,
    pub about: &'static str,
    pub run: JobFn,
}

/// Every job, in the order the schedule runs them. Adding a job is one line.
pub const JOBS: &[Job] = &[
    Job {
        name: "month-opening",
        about: "Draft goal sheets for the current month, from each rep's defaults or yearly goals",
        run: crate::goals::sheets::open_month_job,
    },
    Job {
        name: "goal-lifecycle",
        about: "Activate approved goals whose period started; close active goals whose period ended",
        run: crate::goals::lifecycle::job,
    },
    Job {
        name: "period-close",
        about: "Close active goals of ended periods (completed or failed), then record their final achievements",
        run: crate::rewards::achievements::period_close_job,
    },
    Job {
        name: "achievements",
        about: "Record newly earned achievements for everyone; suggest partner tier promotions",
        run: crate::rewards::achievements::job,
    },
    Job {
        name: "reminders",
        about: "Goal-sheet deadline reminders (in the app, and by email when SMTP is configured)",
        run: crate::goals::reminders::job,
    },
    Job {
        name: "notification-emails",
        about: "Email new achievement notifications not yet sent (when SMTP is configured; the server also sends them at once)",
        run: crate::notify::email::job,
    },
    Job {
        name: "snapshots",
        about: "Store each live goal's figures for the day that ended (weekly and monthly ones on week, month and period ends)",
        run: crate::goals::snapshots::job,
    },
    Job {
        name: "forecasts",
        about: "Forecast each live goal's chance of reaching its target from its owners' daily history (as of the last ended day)",
        run: crate::goals::forecast::job::job,
    },
    Job {
        name: "sheet-sync",
        about: "Sync each sheet source whose schedule is due (hourly or daily), adding its new rows",
        run: crate::goals::sources::job,
    },
];

/// "; skipped goals 12, 40 (figures too large to store)": how a job that
/// aggregates reports the goals it left out, so one person's bad data is
/// seen on the jobs page without stopping the run for everyone.
pub fn skipped_goals_note(goals: &[i64]) -> String {
    let ids: Vec<String> = goals.iter().map(i64::to_string).collect();
    format!(
        "; skipped goal(s) {} (figures too large to store; check their events)",
        ids.join(", ")
    )
}

pub fn find(name: &str) -> Option<&'static Job> {
    JOBS.iter().find(|job| job.name == name)
}

/// "reminders, …" for messages.
pub fn names() -> String {
    JOBS.iter().map(|j| j.name).collect::<Vec<_>>().join(", ")
}

/// What started a run.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Schedule,
    Cli,
    /// An admin's "Run now", with the admin's user id.
    Admin(i64),
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Schedule => "schedule",
            Source::Cli => "cli",
            Source::Admin(_) => "admin",
        }
    }

    fn run_by(self) -> Option<i64> {
        match self {
            Source::Admin(user) => Some(user),
            Source::Schedule | Source::Cli => None,
        }
    }
}

/// This process, for `job_runs.instance`.
fn instance() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    format!("{host}:{}", std::process::id())
}

/// Runs `job` and records the run; a failing job gives a row with `ok =
/// false` and its error, and the error is returned too.
pub fn run(
    conn: &mut PgConnection,
    job: &Job,
    ctx: &JobContext,
    source: Source,
) -> anyhow::Result<JobRun> {
    let instance = instance();
    let id = JobRun::start(
        conn,
        &NewJobRun {
            job: job.name,
            run_for: ctx.now,
            instance: &instance,
            source: source.as_str(),
            run_by: source.run_by(),
        },
    )
    .context("recording the job's start")?;
    let started = Instant::now();
    // A job may take minutes and wait for locks pages give up on; the
    // connection goes back to pages' timeouts after (it may be pooled).
    crate::db::timeouts::JOBS
        .apply(conn)
        .context("setting the job's timeouts")?;
    let result = (job.run)(conn, ctx);
    if let Err(error) = crate::db::timeouts::PAGES.apply(conn) {
        tracing::warn!(%error, "could not restore pages' timeouts after a job");
    }
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let (finish, error) = match result {
        Ok(outcome) => (
            Finish {
                ok: true,
                skipped: outcome.skipped,
                message: outcome.message,
                details: outcome.details,
                duration_ms,
            },
            None,
        ),
        Err(error) => (
            Finish {
                ok: false,
                skipped: false,
                message: format!("{error:#}"),
                details: serde_json::json!({}),
                duration_ms,
            },
            Some(error),
        ),
    };
    let row = JobRun::finish(conn, id, &finish).context("recording the job's end")?;
    match error {
        Some(error) => Err(error.context(format!("job {} failed", job.name))),
        None => Ok(row),
    }
}
