//! Registering a sale, confirmed at once at or below the auto-confirm limit.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::confirm::confirm_locked;
use super::publish_change;
use crate::db::organisation::Organisation;
use crate::db::sales::{ApprovalRules, NewSale, ORDER_NUMBER_KEY, Sale};
use crate::domain::sale_status::SaleStatus;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::i18n::{Key, Msg};

/// Registers a sale. At or below the auto-confirm limit it is confirmed in
/// the same transaction; above it, it waits for approval.
pub fn register(conn: &mut PgConnection, new: NewSale) -> Result<Sale, AppError> {
    register_at(conn, new, None)
}

/// [`register`] as of `at` (the transaction's start when `None`): the demo
/// writes its months of history through here, so every stamp, ledger line
/// included, carries the day the sale was made rather than the seed's.
pub fn register_at(
    conn: &mut PgConnection,
    new: NewSale,
    at: Option<DateTime<Utc>>,
) -> Result<Sale, AppError> {
    let sale = conn.transaction(|conn| {
        let org = Organisation::get(conn)?;
        if new.currency_code != org.currency_code {
            return Err(AppError::Invalid(FieldErrors::one(
                "currency_code",
                Msg::new("sale-field-currency-hint").arg("currency", &org.currency_code),
            )));
        }
        let sale = Sale::insert(conn, &new).map_err(|e| {
            on_constraint(
                e,
                &[(
                    ORDER_NUMBER_KEY,
                    "order_number",
                    Key("sale-order-number-taken"),
                )],
            )
        })?;
        Sale::record_change(
            conn,
            sale.id,
            None,
            SaleStatus::Pending,
            None,
            new.registered_by,
            at,
        )?;
        let rules = ApprovalRules::get(conn)?;
        if sale.amount <= rules.auto_confirm_limit {
            // The row is new and not yet visible to anyone else: no lock needed.
            return confirm_locked(conn, sale, None, Some(super::AUTO_CONFIRMED), at);
        }
        Ok(sale)
    })?;
    publish_change(conn, &sale, SaleStatus::Pending);
    Ok(sale)
}
