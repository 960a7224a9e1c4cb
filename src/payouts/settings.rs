//! The payout rules an admin sets: the minimum payout and the holdback in
//! days. The settings form and the API read their input into
//! [`SettingsForm`] and save through [`save`].

use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::require_admin;
use crate::db::audit::NewAuditEntry;
use crate::db::payouts::PayoutSettings;
use crate::db::users::User;
use crate::domain::currency::MoneyScale;
use crate::error::{AppError, FieldErrors};
use crate::input;

/// The longest holdback an admin may set.
pub const MAX_HOLDBACK_DAYS: i32 = 365;

/// The fields as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub minimum_amount: String,
    #[serde(default)]
    pub holdback_days: String,
}

impl SettingsForm {
    /// The minimum and the holdback, or a message on each field that is
    /// wrong.
    pub fn parse(&self, scale: MoneyScale) -> Result<(Decimal, i32), FieldErrors> {
        let mut errors = FieldErrors::new();
        let minimum = input::money(
            &mut errors,
            "minimum_amount",
            &self.minimum_amount,
            scale,
            Decimal::ZERO,
        );
        let holdback = input::integer(
            &mut errors,
            "holdback_days",
            &self.holdback_days,
            0,
            MAX_HOLDBACK_DAYS,
        );
        errors.into_result().map(|()| (minimum, holdback))
    }
}

/// Saves the rules (audited); `None` when nothing changed.
pub fn save(
    conn: &mut PgConnection,
    actor: &User,
    minimum: Decimal,
    holdback_days: i32,
) -> Result<Option<PayoutSettings>, AppError> {
    require_admin(actor)?;
    conn.transaction(|conn| {
        let before = PayoutSettings::lock(conn)?;
        if before.minimum_amount == minimum && before.holdback_days == holdback_days {
            return Ok(None);
        }
        let after = PayoutSettings::save(conn, minimum, holdback_days, actor.id)?;
        NewAuditEntry::new(
            Some(actor.id),
            "update",
            "payout_settings",
            None,
            format!("payout minimum {minimum}, holdback {holdback_days} days"),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(Some(after))
    })
}
