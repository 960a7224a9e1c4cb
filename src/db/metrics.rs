//! Metric definitions: the nine built-ins and the admins' custom metrics.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::schema::metric_definitions;
use crate::domain::number::Unit;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = metric_definitions)]
pub struct Metric {
    pub id: i64,
    pub key: String,
    pub name: String,
    /// money | count | percent
    pub unit: Unit,
    pub built_in: bool,
    pub active: bool,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = metric_definitions)]
pub struct MetricFields {
    pub key: String,
    pub name: String,
    pub unit: Unit,
}

impl Metric {
    pub fn is_money(&self) -> bool {
        self.unit == Unit::Money
    }

    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<Metric>> {
        metric_definitions::table
            .select(Metric::as_select())
            .order((metric_definitions::position, metric_definitions::name))
            .load(conn)
    }

    pub fn active(conn: &mut PgConnection) -> QueryResult<Vec<Metric>> {
        metric_definitions::table
            .filter(metric_definitions::active.eq(true))
            .select(Metric::as_select())
            .order((metric_definitions::position, metric_definitions::name))
            .load(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Metric> {
        metric_definitions::table
            .find(id)
            .select(Metric::as_select())
            .first(conn)
    }

    pub fn find_by_key(conn: &mut PgConnection, key: &str) -> QueryResult<Option<Metric>> {
        metric_definitions::table
            .filter(metric_definitions::key.eq(key.trim().to_lowercase()))
            .select(Metric::as_select())
            .first(conn)
            .optional()
    }

    pub fn insert(conn: &mut PgConnection, fields: &MetricFields) -> QueryResult<Metric> {
        diesel::insert_into(metric_definitions::table)
            .values(fields)
            .returning(Metric::as_returning())
            .get_result(conn)
    }

    pub fn update(conn: &mut PgConnection, id: i64, fields: &MetricFields) -> QueryResult<Metric> {
        diesel::update(metric_definitions::table.find(id))
            .set(fields)
            .returning(Metric::as_returning())
            .get_result(conn)
    }

    pub fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<Metric> {
        diesel::update(metric_definitions::table.find(id))
            .set(metric_definitions::active.eq(active))
            .returning(Metric::as_returning())
            .get_result(conn)
    }
}
