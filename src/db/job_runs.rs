//! The record of background job runs: one row per run, opened when it
//! starts and closed with its outcome.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::job_runs;

#[derive(Queryable, QueryableByName, Selectable, Debug, Clone, Serialize)]
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
    /// The admin who ran it from the jobs page.
    pub run_by: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = job_runs)]
pub struct NewJobRun<'a> {
    pub job: &'a str,
    pub run_for: DateTime<Utc>,
    pub instance: &'a str,
    pub source: &'a str,
    pub run_by: Option<i64>,
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

    /// The latest run of each of `jobs` that has run (one index probe per
    /// job, however long the history).
    pub fn latest_of(conn: &mut PgConnection, jobs: &[&str]) -> QueryResult<Vec<JobRun>> {
        diesel::sql_query(
            "SELECT r.* FROM unnest($1::text[]) AS j(name)
             CROSS JOIN LATERAL (SELECT * FROM job_runs WHERE job = j.name
                                 ORDER BY started_at DESC, id DESC LIMIT 1) r",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(jobs)
        .load(conn)
    }

    /// When a schedule (of any instance) last started one of `jobs`.
    pub fn last_scheduled_start(
        conn: &mut PgConnection,
        jobs: &[&str],
    ) -> QueryResult<Option<DateTime<Utc>>> {
        #[derive(QueryableByName)]
        struct Start {
            #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>)]
            started_at: Option<DateTime<Utc>>,
        }
        let row: Start = diesel::sql_query(
            "SELECT max(r.started_at) AS started_at FROM unnest($1::text[]) AS j(name)
             CROSS JOIN LATERAL (SELECT started_at FROM job_runs
                                 WHERE job = j.name AND source = 'schedule'
                                 ORDER BY started_at DESC LIMIT 1) r",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(jobs)
        .get_result(conn)?;
        Ok(row.started_at)
    }

    /// The latest runs of every job, newest first.
    pub fn recent_all(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<JobRun>> {
        job_runs::table
            .order(job_runs::id.desc())
            .limit(limit)
            .select(JobRun::as_select())
            .load(conn)
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
