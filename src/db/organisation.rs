//! The organisation's settings: one row.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::organisation;

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = organisation)]
pub struct Organisation {
    pub id: i16,
    pub name: String,
    pub currency_code: String,
    pub currency_minor_unit: i16,
    pub time_zone: String,
    pub fiscal_year_start_month: i16,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = organisation)]
pub struct OrganisationChanges {
    pub name: String,
    pub currency_code: String,
    pub currency_minor_unit: i16,
    pub time_zone: String,
    pub fiscal_year_start_month: i16,
}

impl Organisation {
    pub fn get(conn: &mut PgConnection) -> QueryResult<Organisation> {
        organisation::table
            .select(Organisation::as_select())
            .first(conn)
    }

    pub fn update(
        conn: &mut PgConnection,
        changes: &OrganisationChanges,
    ) -> QueryResult<Organisation> {
        diesel::update(organisation::table)
            .set(changes)
            .returning(Organisation::as_returning())
            .get_result(conn)
    }
}
