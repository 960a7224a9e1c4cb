//! Partner tiers: ranked levels (bronze, silver, …) whose multiplier scales
//! a partner's target.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::schema::partner_tiers;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = partner_tiers)]
pub struct PartnerTier {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub rank: i32,
    pub target_multiplier: Decimal,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = partner_tiers)]
pub struct PartnerTierFields {
    pub code: String,
    pub name: String,
    pub rank: i32,
    pub target_multiplier: Decimal,
}

impl PartnerTier {
    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<PartnerTier>> {
        partner_tiers::table
            .select(PartnerTier::as_select())
            .order((partner_tiers::active.desc(), partner_tiers::rank))
            .load(conn)
    }

    /// Which of `ids` name a tier.
    pub fn existing_ids(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<i64>> {
        partner_tiers::table
            .filter(partner_tiers::id.eq_any(ids))
            .select(partner_tiers::id)
            .load(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<PartnerTier> {
        partner_tiers::table
            .find(id)
            .select(PartnerTier::as_select())
            .first(conn)
    }

    pub fn insert(conn: &mut PgConnection, fields: &PartnerTierFields) -> QueryResult<PartnerTier> {
        diesel::insert_into(partner_tiers::table)
            .values(fields)
            .returning(PartnerTier::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut PgConnection,
        id: i64,
        fields: &PartnerTierFields,
    ) -> QueryResult<PartnerTier> {
        diesel::update(partner_tiers::table.find(id))
            .set(fields)
            .returning(PartnerTier::as_returning())
            .get_result(conn)
    }

    pub fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<PartnerTier> {
        diesel::update(partner_tiers::table.find(id))
            .set(partner_tiers::active.eq(active))
            .returning(PartnerTier::as_returning())
            .get_result(conn)
    }
}
