//! The record of background job runs: one row per run, opened when it
//! starts and closed with its outcome.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::job_runs;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = job_runs)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    pub run_for: DateTime<Utc>,
    pub instance: String,
    pub source: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub ok: Option<bool>,
    pub skipped: bool,
    pub message: Option<String>,
    pub details: serde_json::Value,
    pub duration_ms: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = job_runs)]
pub struct NewJobRun<'a> {
    pub job: &'a str,
    pub run_for: DateTime<Utc>,
    pub instance: &'a str,
    pub source: &'a str,
}

/// How a run ended.
pub struct Finish {
    pub ok: bool,
    pub skipped: bool,
    pub message: String,
    pub details: serde_json::Value,
    pub duration_ms: i64,
}

impl JobRun {
    pub fn start(conn: &mut PgConnection, new: &NewJobRun) -> QueryResult<i64> {
        diesel::insert_into(job_runs::table)
            .values(new)
            .returning(job_runs::id)
            .get_result(conn)
    }

    pub fn finish(conn: &mut PgConnection, id: i64, finish: &Finish) -> QueryResult<JobRun> {
        diesel::update(job_runs::table.find(id))
            .set((
                job_runs::finished_at.eq(diesel::dsl::sql::<
                    diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
                >("clock_timestamp()")),
                job_runs::ok.eq(finish.ok),
                job_runs::skipped.eq(finish.skipped),
                job_runs::message.eq(&finish.message),
                job_runs::details.eq(&finish.details),
                job_runs::duration_ms.eq(finish.duration_ms),
            ))
            .returning(JobRun::as_returning())
            .get_result(conn)
    }

    /// The latest runs of `job`, newest first.
    pub fn recent(conn: &mut PgConnection, job: &str, limit: i64) -> QueryResult<Vec<JobRun>> {
        job_runs::table
            .filter(job_runs::job.eq(job))
            .order(job_runs::id.desc())
            .limit(limit)
            .select(JobRun::as_select())
            .load(conn)
    }
}
