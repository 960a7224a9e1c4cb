//! The audit log: who changed what, with the row before and after.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{audit_log, users};

#[derive(Insertable, Debug)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Queryable, Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub actor_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub summary: String,
    pub created_at: DateTime<Utc>,
}

impl<'a> NewAuditEntry<'a> {
    /// Starts an entry: `actor` did `action` to `entity` #`entity_id`.
    pub fn new(
        actor_id: Option<i64>,
        action: &'a str,
        entity: &'a str,
        entity_id: Option<i64>,
        summary: impl Into<String>,
    ) -> Self {
        NewAuditEntry {
            actor_id,
            action,
            entity,
            entity_id,
            summary: summary.into(),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, row: &impl Serialize) -> Self {
        self.before = serde_json::to_value(row).ok();
        self
    }

    pub fn after(mut self, row: &impl Serialize) -> Self {
        self.after = serde_json::to_value(row).ok();
        self
    }

    pub fn record(self, conn: &mut PgConnection) -> QueryResult<()> {
        diesel::insert_into(audit_log::table)
            .values(&self)
            .execute(conn)?;
        Ok(())
    }
}

/// The newest entries first, optionally for one entity kind.
pub fn recent(
    conn: &mut PgConnection,
    entity: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audit_log::table
        .left_join(users::table)
        .select((
            audit_log::id,
            users::name.nullable(),
            audit_log::action,
            audit_log::entity,
            audit_log::entity_id,
            audit_log::summary,
            audit_log::created_at,
        ))
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(entity) = entity {
        query = query.filter(audit_log::entity.eq(entity.to_string()));
    }
    query.load(conn)
}
