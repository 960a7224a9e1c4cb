//! The organisation's settings: one row.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::organisation;
use crate::domain::currency::MoneyScale;
use crate::domain::lang::Lang;

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
    /// The language of anyone who has not chosen their own.
    pub language: Lang,
}

#[derive(AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = organisation)]
pub struct OrganisationChanges {
    pub name: String,
    pub currency_code: String,
    pub currency_minor_unit: i16,
    pub time_zone: String,
    pub fiscal_year_start_month: i16,
    pub language: Lang,
}

impl Organisation {
    /// The month the fiscal year starts in (1–12; names quarters and
    /// years).
    pub fn fiscal_start_month(&self) -> u32 {
        self.fiscal_year_start_month.clamp(1, 12) as u32
    }

    /// The decimal places of the organisation's money.
    pub fn money_scale(&self) -> MoneyScale {
        MoneyScale::from_stored(self.currency_minor_unit)
    }

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

/// An organisation as the unit tests need one, not stored.
#[cfg(test)]
pub(crate) fn test_org(currency: &str, minor_unit: i16, time_zone: &str) -> Organisation {
    Organisation {
        id: 1,
        name: "Test".into(),
        currency_code: currency.into(),
        currency_minor_unit: minor_unit,
        time_zone: time_zone.into(),
        fiscal_year_start_month: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        language: Lang::En,
    }
}
