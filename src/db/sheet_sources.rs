//! Sheet sources and their sync log: row types and queries. The rules of
//! a sync live in `crate::goals::sources`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{sheet_sources, sheet_syncs};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = sheet_sources)]
pub struct SheetSource {
    pub id: i64,
    pub name: String,
    /// As entered: it may carry credentials. Never shown; see
    /// `goals::sources::url::redacted`.
    #[serde(skip)]
    pub url: String,
    pub col_email: String,
    pub col_metric: String,
    pub col_value: String,
    pub col_date: String,
    pub col_external_ref: Option<String>,
    pub col_note: Option<String>,
    pub col_correction_reason: Option<String>,
    /// `hourly`, `daily` or `off`.
    pub schedule: String,
    pub created_by: i64,
    /// The first failed sync of the current failure streak.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an admin sets on a source.
#[derive(Insertable, AsChangeset, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = sheet_sources, treat_none_as_null = true)]
pub struct SheetSourceFields {
    pub name: String,
    pub url: String,
    pub col_email: String,
    pub col_metric: String,
    pub col_value: String,
    pub col_date: String,
    pub col_external_ref: Option<String>,
    pub col_note: Option<String>,
    pub col_correction_reason: Option<String>,
    pub schedule: String,
}

impl SheetSource {
    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<SheetSource>> {
        sheet_sources::table
            .order((sheet_sources::name, sheet_sources::id))
            .select(SheetSource::as_select())
            .load(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<SheetSource> {
        sheet_sources::table
            .find(id)
            .select(SheetSource::as_select())
            .first(conn)
    }

    /// Is the name (any case) taken by another source?
    pub fn name_taken(
        conn: &mut PgConnection,
        name: &str,
        except: Option<i64>,
    ) -> QueryResult<bool> {
        let mut query = sheet_sources::table
            .filter(crate::db::lower(sheet_sources::name).eq(name.to_lowercase()))
            .select(sheet_sources::id)
            .into_boxed();
        if let Some(id) = except {
            query = query.filter(sheet_sources::id.ne(id));
        }
        Ok(query.first::<i64>(conn).optional()?.is_some())
    }

    pub fn insert(
        conn: &mut PgConnection,
        fields: &SheetSourceFields,
        created_by: i64,
    ) -> QueryResult<SheetSource> {
        diesel::insert_into(sheet_sources::table)
            .values((fields, sheet_sources::created_by.eq(created_by)))
            .returning(SheetSource::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut PgConnection,
        id: i64,
        fields: &SheetSourceFields,
    ) -> QueryResult<SheetSource> {
        diesel::update(sheet_sources::table.find(id))
            .set((fields, sheet_sources::updated_at.eq(diesel::dsl::now)))
            .returning(SheetSource::as_returning())
            .get_result(conn)
    }

    /// Starts a failure streak; true when this call started it (the
    /// admins are told once per streak).
    pub fn start_failing(conn: &mut PgConnection, id: i64, at: DateTime<Utc>) -> QueryResult<bool> {
        let changed = diesel::update(
            sheet_sources::table
                .find(id)
                .filter(sheet_sources::failing_since.is_null()),
        )
        .set(sheet_sources::failing_since.eq(at))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// Ends a failure streak (a sync went through).
    pub fn stop_failing(conn: &mut PgConnection, id: i64) -> QueryResult<()> {
        diesel::update(
            sheet_sources::table
                .find(id)
                .filter(sheet_sources::failing_since.is_not_null()),
        )
        .set(sheet_sources::failing_since.eq(None::<DateTime<Utc>>))
        .execute(conn)?;
        Ok(())
    }
}

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = sheet_syncs)]
pub struct SheetSync {
    pub id: i64,
    pub source_id: i64,
    pub started_at: DateTime<Utc>,
    /// `schedule`, `admin` or `cli`.
    pub trigger: String,
    pub run_by: Option<i64>,
    /// `ok`, `refused`, `failed` or `skipped`.
    pub outcome: String,
    pub rows_read: i32,
    pub added: i32,
    pub skipped: i32,
    pub refused: i32,
    pub errors: serde_json::Value,
    pub failure: Option<serde_json::Value>,
    pub duration_ms: i64,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = sheet_syncs)]
pub struct NewSheetSync {
    pub source_id: i64,
    pub started_at: DateTime<Utc>,
    pub trigger: String,
    pub run_by: Option<i64>,
    pub outcome: String,
    pub rows_read: i32,
    pub added: i32,
    pub skipped: i32,
    pub refused: i32,
    pub errors: serde_json::Value,
    pub failure: Option<serde_json::Value>,
    pub duration_ms: i64,
}

impl SheetSync {
    pub fn insert(conn: &mut PgConnection, new: &NewSheetSync) -> QueryResult<SheetSync> {
        diesel::insert_into(sheet_syncs::table)
            .values(new)
            .returning(SheetSync::as_returning())
            .get_result(conn)
    }

    /// One source's syncs, newest first.
    pub fn of_source(
        conn: &mut PgConnection,
        source_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<SheetSync>> {
        sheet_syncs::table
            .filter(sheet_syncs::source_id.eq(source_id))
            .order(sheet_syncs::id.desc())
            .limit(limit)
            .select(SheetSync::as_select())
            .load(conn)
    }

    /// Every source's syncs, newest first.
    pub fn recent(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<SheetSync>> {
        sheet_syncs::table
            .order(sheet_syncs::id.desc())
            .limit(limit)
            .select(SheetSync::as_select())
            .load(conn)
    }

    /// Each source's latest sync that was not skipped (what "due" counts
    /// from), in one query.
    pub fn latest_per_source(conn: &mut PgConnection) -> QueryResult<Vec<SheetSync>> {
        sheet_syncs::table
            .distinct_on(sheet_syncs::source_id)
            .filter(sheet_syncs::outcome.ne("skipped"))
            .order((sheet_syncs::source_id, sheet_syncs::id.desc()))
            .select(SheetSync::as_select())
            .load(conn)
    }
}
