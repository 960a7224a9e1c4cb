//! Partner types: what kind of partner someone is, with the minimums that
//! later feed dynamic targets.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::partner_types;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = partner_types)]
pub struct PartnerType {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub min_monthly_sales: Decimal,
    pub min_deal_count: i32,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = partner_types)]
pub struct PartnerTypeFields {
    pub code: String,
    pub name: String,
    pub min_monthly_sales: Decimal,
    pub min_deal_count: i32,
}

impl PartnerType {
    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<PartnerType>> {
        partner_types::table
            .select(PartnerType::as_select())
            .order((partner_types::active.desc(), partner_types::name))
            .load(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<PartnerType> {
        partner_types::table
            .find(id)
            .select(PartnerType::as_select())
            .first(conn)
    }

    pub fn insert(conn: &mut PgConnection, fields: &PartnerTypeFields) -> QueryResult<PartnerType> {
        diesel::insert_into(partner_types::table)
            .values(fields)
            .returning(PartnerType::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut PgConnection,
        id: i64,
        fields: &PartnerTypeFields,
    ) -> QueryResult<PartnerType> {
        diesel::update(partner_types::table.find(id))
            .set(fields)
            .returning(PartnerType::as_returning())
            .get_result(conn)
    }

    pub fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<PartnerType> {
        diesel::update(partner_types::table.find(id))
            .set(partner_types::active.eq(active))
            .returning(PartnerType::as_returning())
            .get_result(conn)
    }
}
