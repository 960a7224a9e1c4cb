//! Sheet sources: a CSV link an admin registers (a spreadsheet "published
//! to the web as CSV"), with the sheet's header for each import column and
//! a schedule. A sync fetches the link (`fetch`: timeouts, a size limit,
//! bounded redirects), reads the rows through the mapping (`mapping`: every
//! row gets a reference, the sheet's own or one from its content), checks
//! them with the CSV import's one rule and writes every new row or none, in
//! one transaction under the sync lock. Each sync leaves a row in the sync
//! log; the first failure of a streak notifies the admins.

pub mod fetch;
pub mod mapping;
pub mod url;

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use serde_json::json;

use self::fetch::FetchLimits;
use self::mapping::Mapping;
use crate::db::audit::NewAuditEntry;
use crate::db::organisation::Organisation;
use crate::db::schema::{notifications, users};
use crate::db::sheet_sources::{NewSheetSync, SheetSource, SheetSourceFields, SheetSync};
use crate::db::users::User;
use crate::domain::role::Role;
use crate::error::{AppError, FieldErrors};
use crate::goals::events::import::{self, Checked, InvalidRow, Lookups};
use crate::goals::events::rule::Bounds;
use crate::goals::events::{self, Audit, NewEvent, RecordError, Source};
use crate::i18n::{Key, Msg};
use crate::jobs::{JobContext, Outcome};
use crate::notify::news::News;

/// The advisory lock key of every sheet sync (the job's and "Sync now").
pub const LOCK_KEY: i64 = 727_320;

/// How many refused rows a sync log row keeps.
pub const FIRST_ERRORS: usize = 10;

/// Longest source name and column name accepted.
pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_COLUMN_CHARS: usize = 100;

/// Where the failure notification points.
pub const LINK: &str = "/admin/sheet-sources";

/// How often a source is synced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    Hourly,
    Daily,
    Off,
}

impl Schedule {
    pub const ALL: [Schedule; 3] = [Schedule::Hourly, Schedule::Daily, Schedule::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            Schedule::Hourly => "hourly",
            Schedule::Daily => "daily",
            Schedule::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Option<Schedule> {
        Schedule::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim().to_lowercase())
    }

    /// Time between two scheduled syncs; `None` when off.
    pub fn every(self) -> Option<Duration> {
        match self {
            Schedule::Hourly => Some(Duration::hours(1)),
            Schedule::Daily => Some(Duration::days(1)),
            Schedule::Off => None,
        }
    }

    /// The catalog key of its name.
    pub fn label(self) -> &'static str {
        match self {
            Schedule::Hourly => "sources-schedule-hourly",
            Schedule::Daily => "sources-schedule-daily",
            Schedule::Off => "sources-schedule-off",
        }
    }
}

/// Is a source with `schedule`, last synced at `last`, due at `now`?
pub fn is_due(schedule: Schedule, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match (schedule.every(), last) {
        (None, _) => false,
        (Some(_), None) => true,
        // A minute's grace so a schedule ticking every few minutes does
        // not slip a whole round behind the hour.
        (Some(every), Some(last)) => last + every - Duration::minutes(1) <= now,
    }
}

impl SheetSource {
    pub fn mapping(&self) -> Mapping {
        Mapping {
            email: self.col_email.clone(),
            metric: self.col_metric.clone(),
            value: self.col_value.clone(),
            date: self.col_date.clone(),
            external_ref: self.col_external_ref.clone(),
            note: self.col_note.clone(),
            correction_reason: self.col_correction_reason.clone(),
        }
    }

    pub fn schedule(&self) -> Schedule {
        Schedule::parse(&self.schedule).unwrap_or(Schedule::Off)
    }

    /// The link as pages, the API and logs show it.
    pub fn shown_url(&self) -> String {
        url::redacted(&self.url)
    }
}

/// A source as typed (the admin form and the API's body).
#[derive(serde::Deserialize, Debug, Clone, Default)]
#[serde(default)]
pub struct SourceForm {
    pub name: String,
    pub url: String,
    pub col_email: String,
    pub col_metric: String,
    pub col_value: String,
    pub col_date: String,
    pub col_external_ref: String,
    pub col_note: String,
    pub col_correction_reason: String,
    pub schedule: String,
}

impl SourceForm {
    /// A new source's form: the import's own column names, synced daily.
    pub fn blank() -> SourceForm {
        let m = Mapping::default();
        SourceForm {
            col_email: m.email,
            col_metric: m.metric,
            col_value: m.value,
            col_date: m.date,
            col_external_ref: m.external_ref.unwrap_or_default(),
            schedule: Schedule::Daily.as_str().into(),
            ..SourceForm::default()
        }
    }

    /// An existing source's form; the link is never put back in a form.
    pub fn of(source: &SheetSource) -> SourceForm {
        SourceForm {
            name: source.name.clone(),
            url: String::new(),
            col_email: source.col_email.clone(),
            col_metric: source.col_metric.clone(),
            col_value: source.col_value.clone(),
            col_date: source.col_date.clone(),
            col_external_ref: source.col_external_ref.clone().unwrap_or_default(),
            col_note: source.col_note.clone().unwrap_or_default(),
            col_correction_reason: source.col_correction_reason.clone().unwrap_or_default(),
            schedule: source.schedule.clone(),
        }
    }
}

/// Checks a form without the database. Editing (`stored_url` is the
/// source's link), an empty link keeps the stored one.
pub fn validate(
    form: &SourceForm,
    stored_url: Option<&str>,
) -> Result<SheetSourceFields, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = crate::input::required(&mut errors, "name", &form.name, MAX_NAME_CHARS);
    let url = match (form.url.trim(), stored_url) {
        ("", Some(stored)) => stored.to_string(),
        (typed, _) => url::check(typed).unwrap_or_else(|key| {
            errors.add("url", key);
            String::new()
        }),
    };
    let mut column = |field: &'static str, value: &str| {
        crate::input::required(&mut errors, field, value, MAX_COLUMN_CHARS)
    };
    let col_email = column("col_email", &form.col_email);
    let col_metric = column("col_metric", &form.col_metric);
    let col_value = column("col_value", &form.col_value);
    let col_date = column("col_date", &form.col_date);
    let mut optional = |field: &'static str, value: &str| {
        let value = value.trim();
        if value.chars().count() > MAX_COLUMN_CHARS {
            errors.add(field, crate::input::too_long(MAX_COLUMN_CHARS));
        }
        (!value.is_empty()).then(|| value.to_string())
    };
    let col_external_ref = optional("col_external_ref", &form.col_external_ref);
    let col_note = optional("col_note", &form.col_note);
    let col_correction_reason = optional("col_correction_reason", &form.col_correction_reason);
    // Two import columns read from one sheet column is a mistake.
    let named = [
        ("col_email", Some(&col_email)),
        ("col_metric", Some(&col_metric)),
        ("col_value", Some(&col_value)),
        ("col_date", Some(&col_date)),
        ("col_external_ref", col_external_ref.as_ref()),
        ("col_note", col_note.as_ref()),
        ("col_correction_reason", col_correction_reason.as_ref()),
    ];
    for (i, (field, value)) in named.iter().enumerate() {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        let earlier = named[..i]
            .iter()
            .any(|(_, v)| v.is_some_and(|v| v.trim().eq_ignore_ascii_case(value.trim())));
        if earlier {
            errors.add(field, Key("sources-column-twice"));
        }
    }
    let schedule = match Schedule::parse(&form.schedule) {
        Some(s) => s,
        None => {
            errors.add("schedule", Key("sources-schedule-unknown"));
            Schedule::Off
        }
    };
    errors.into_result().map(|()| SheetSourceFields {
        name,
        url,
        col_email,
        col_metric,
        col_value,
        col_date,
        col_external_ref,
        col_note,
        col_correction_reason,
        schedule: schedule.as_str().into(),
    })
}

/// Creates (`id` None) or edits a source, with its audit entry (the link
/// redacted). A name taken (any case) is a field error.
pub fn save(
    conn: &mut PgConnection,
    actor: i64,
    id: Option<i64>,
    fields: &SheetSourceFields,
) -> Result<SheetSource, AppError> {
    conn.transaction(|conn| {
        if SheetSource::name_taken(conn, &fields.name, id)? {
            return Err(AppError::Invalid(FieldErrors::one(
                "name",
                Msg::new("sources-name-taken").arg("name", &fields.name),
            )));
        }
        let source = match id {
            Some(id) => SheetSource::update(conn, id, fields)?,
            None => SheetSource::insert(conn, fields, actor)?,
        };
        let summary = format!(
            "{} sheet source \"{}\" ({}, {})",
            if id.is_some() { "updated" } else { "created" },
            source.name,
            source.shown_url(),
            source.schedule
        );
        NewAuditEntry::new(
            Some(actor),
            if id.is_some() { "update" } else { "create" },
            "sheet_source",
            Some(source.id),
            summary,
        )
        .record(conn)?;
        Ok(source)
    })
}

/// What started a sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    /// An admin's "Sync now".
    Admin(i64),
    Cli,
}

impl Trigger {
    fn parts(self) -> (&'static str, Option<i64>) {
        match self {
            Trigger::Schedule => ("schedule", None),
            Trigger::Admin(id) => ("admin", Some(id)),
            Trigger::Cli => ("cli", None),
        }
    }
}

/// How a sync ended, before it is logged.
enum Ran {
    /// The sheet could not be fetched or read.
    Failed(Msg),
    /// Another instance held the sync lock.
    Skipped,
    /// Some row is invalid: nothing was written.
    Refused { read: usize, checked: Checked },
    Done {
        read: usize,
        added: usize,
        present: usize,
        people: Vec<i64>,
    },
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The first refused rows for the log.
fn first_errors(checked: &Checked) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = checked
        .invalid
        .iter()
        .take(FIRST_ERRORS)
        .map(|row| {
            let reasons: Vec<serde_json::Value> = row.reasons.iter().map(Msg::to_stored).collect();
            json!({ "line": row.line, "reasons": reasons })
        })
        .collect();
    serde_json::Value::Array(rows)
}

/// Syncs one source now, whatever its schedule: fetch, read, check and
/// write every new row or none, then log the sync. A sheet that cannot be
/// fetched or read, or has an invalid row, is a logged outcome, not an
/// error; only the database failing is.
pub fn sync(
    conn: &mut PgConnection,
    source: &SheetSource,
    trigger: Trigger,
    limits: FetchLimits,
) -> Result<SheetSync, AppError> {
    let started_at = Utc::now();
    let clock = Instant::now();
    let ran = run(conn, source, limits)?;
    let duration_ms = i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX);
    let (kind, run_by) = trigger.parts();
    let mut row = NewSheetSync {
        source_id: source.id,
        started_at,
        trigger: kind.into(),
        run_by,
        outcome: String::new(),
        rows_read: 0,
        added: 0,
        skipped: 0,
        refused: 0,
        errors: json!([]),
        failure: None,
        duration_ms,
    };
    let mut people = Vec::new();
    match &ran {
        Ran::Failed(message) => {
            row.outcome = "failed".into();
            row.failure = Some(message.to_stored());
        }
        Ran::Skipped => row.outcome = "skipped".into(),
        Ran::Refused { read, checked } => {
            row.outcome = "refused".into();
            row.rows_read = count(*read);
            row.skipped = count(checked.already_count());
            row.refused = count(checked.invalid.len());
            row.errors = first_errors(checked);
        }
        Ran::Done {
            read,
            added,
            present,
            people: moved,
        } => {
            row.outcome = "ok".into();
            row.rows_read = count(*read);
            row.added = count(*added);
            row.skipped = count(*present);
            people.clone_from(moved);
        }
    }
    let logged = SheetSync::insert(conn, &row)?;
    tracing::info!(
        source = source.id,
        name = %source.name,
        outcome = %logged.outcome,
        read = logged.rows_read,
        added = logged.added,
        skipped = logged.skipped,
        refused = logged.refused,
        "sheet synced"
    );
    if !people.is_empty() {
        crate::live::publish(conn, &[crate::live::LiveEvent::progress(people)]);
    }
    match logged.outcome.as_str() {
        // The streak's start and its notifications commit together.
        "failed" | "refused" => conn.transaction(|conn| {
            if SheetSource::start_failing(conn, source.id, started_at)? {
                notify_admins(conn, source)?;
            }
            QueryResult::Ok(())
        })?,
        "ok" => SheetSource::stop_failing(conn, source.id)?,
        _ => {}
    }
    Ok(logged)
}

fn run(
    conn: &mut PgConnection,
    source: &SheetSource,
    limits: FetchLimits,
) -> Result<Ran, AppError> {
    let text = match fetch::fetch(&source.url, limits) {
        Ok(text) => text,
        Err(error) => return Ok(Ran::Failed(error.msg())),
    };
    let rows = match mapping::rows(&text, &source.mapping(), source.id) {
        Ok(rows) => rows,
        Err(message) => return Ok(Ran::Failed(message)),
    };
    let read = rows.len();
    // The rows are written with the import rights of the admin who added
    // the source; one who is no longer an active admin writes nothing.
    let owner = User::find(conn, source.created_by)?;
    if !owner.active || owner.role() != Role::Admin {
        return Ok(Ran::Failed(
            Msg::new("sources-owner-not-admin").arg("name", &owner.name),
        ));
    }
    let org = Organisation::get(conn)?;
    let bounds = Bounds {
        today: crate::goals::progress::org_today(&org),
        minor_unit: org.money_scale().places(),
    };
    conn.transaction::<_, AppError, _>(|conn| {
        let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
            .bind::<BigInt, _>(LOCK_KEY)
            .get_result(conn)?;
        if !lock.locked {
            return Ok(Ran::Skipped);
        }
        let lookups = Lookups::load(conn, &owner, bounds, &rows)?;
        let checked = import::check(rows, &lookups);
        if !checked.is_clean() {
            return Ok(Ran::Refused { read, checked });
        }
        let new: Vec<NewEvent> = checked
            .valid
            .iter()
            .filter(|r| !r.already_imported)
            .map(|row| NewEvent {
                user_id: row.user_id,
                fact: row.fact.clone(),
                source: Source::Import,
                external_ref: row.external_ref.clone(),
                note: row.note.clone(),
                created_by: Some(owner.id),
            })
            .collect();
        if new.is_empty() {
            return Ok(Ran::Done {
                read,
                added: 0,
                present: checked.valid.len(),
                people: Vec::new(),
            });
        }
        let audit = Audit {
            actor_id: owner.id,
            already_present: checked.already_count(),
        };
        match events::write_in(conn, &new, Some(audit)) {
            Ok(recorded) => Ok(Ran::Done {
                read,
                added: recorded.written.len(),
                present: checked.valid.len() - recorded.written.len(),
                people: events::moved(&recorded.written),
            }),
            // A total moved past its bound since the check: refused before
            // anything was inserted, so nothing is kept.
            Err(RecordError::Refused(index, refusal)) => {
                let mut checked = checked;
                let row = checked
                    .valid
                    .iter()
                    .filter(|r| !r.already_imported)
                    .nth(index)
                    .cloned();
                if let Some(row) = row {
                    checked.invalid.push(InvalidRow {
                        line: row.line,
                        email: row.email,
                        metric: row.metric,
                        value: row.value.to_string(),
                        date: row.date.to_string(),
                        reasons: vec![
                            Msg::new("sources-row-total-refused")
                                .arg("problem", refusal.to_string().to_lowercase()),
                        ],
                    });
                }
                Ok(Ran::Refused { read, checked })
            }
            Err(RecordError::App(e)) => Err(e),
        }
    })
}

/// Tells every active admin that `source` started failing.
fn notify_admins(conn: &mut PgConnection, source: &SheetSource) -> QueryResult<()> {
    let admins: Vec<i64> = users::table
        .filter(users::active.eq(true))
        .filter(users::role.eq(Role::Admin.as_str()))
        .select(users::id)
        .load(conn)?;
    let (kind, params) = News::SheetFailing {
        source_id: source.id,
        name: source.name.clone(),
    }
    .to_row();
    let link = format!("{LINK}/{}", source.id);
    let rows: Vec<_> = admins
        .iter()
        .map(|id| {
            (
                notifications::user_id.eq(*id),
                notifications::kind.eq(kind),
                notifications::params.eq(params.clone()),
                notifications::link.eq(Some(link.clone())),
            )
        })
        .collect();
    diesel::insert_into(notifications::table)
        .values(&rows)
        .execute(conn)?;
    if !admins.is_empty() {
        crate::live::publish(
            conn,
            &[crate::live::LiveEvent::Notification { users: admins }],
        );
    }
    Ok(())
}

/// The `sheet-sync` job: every source whose schedule is due.
pub fn job(conn: &mut PgConnection, ctx: &JobContext) -> anyhow::Result<Outcome> {
    let sources = SheetSource::all(conn)?;
    let latest = SheetSync::latest_per_source(conn)?;
    let mut synced = Vec::new();
    for source in &sources {
        let last = latest
            .iter()
            .find(|s| s.source_id == source.id)
            .map(|s| s.started_at);
        if !is_due(source.schedule(), last, ctx.now) {
            continue;
        }
        let logged = sync(conn, source, Trigger::Schedule, ctx.fetch)
            .map_err(|e| anyhow::anyhow!("syncing sheet source {}: {e}", source.id))?;
        synced.push(logged);
    }
    let tally = |outcome: &str| synced.iter().filter(|s| s.outcome == outcome).count();
    let added: i64 = synced.iter().map(|s| i64::from(s.added)).sum();
    let message = if synced.is_empty() {
        "no sheet source is due".to_string()
    } else {
        format!(
            "{} sheet source(s) synced: {} ok ({added} row(s) added), {} refused, {} failed, {} skipped",
            synced.len(),
            tally("ok"),
            tally("refused"),
            tally("failed"),
            tally("skipped"),
        )
    };
    let skipped = !synced.is_empty() && tally("skipped") == synced.len();
    Ok(Outcome {
        skipped,
        message,
        details: json!({
            "syncs": synced.iter().map(|s| s.id).collect::<Vec<_>>(),
        }),
    })
}

#[cfg(test)]
mod tests;
