//! What a sale must hold to be registered: the fields as typed (the page's
//! form, or an API body read into the same shape), checked into a
//! `NewSale` with a message per field. The sales service adds the rules that
//! need the database (the organisation's currency, one order number per
//! partner). Shared by `web::sales` and `api::sales`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::db::organisation::Organisation;
use crate::db::sales::{CHANNELS, NewSale};
use crate::db::users::User;
use crate::error::FieldErrors;
use crate::i18n::{Key, Msg};
use crate::input;

/// The longest note an approver or a canceller may leave with a decision.
pub const NOTE_MAX: usize = 1000;
const TITLE_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 2000;
const LABEL_MAX: usize = 100;
const ORDER_MAX: usize = 64;

/// The form as typed: every field is text, so nothing is refused by the
/// extractor and every problem becomes a message beside its field.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct SaleForm {
    pub title: String,
    pub description: String,
    pub amount: String,
    pub currency_code: String,
    pub sales_date: String,
    pub category: String,
    pub product_type: String,
    pub sales_channel: String,
    pub order_number: String,
    pub order_code: String,
}

impl SaleForm {
    /// A blank form for `org`, dated `today`.
    pub fn blank(org: &Organisation, today: NaiveDate) -> SaleForm {
        SaleForm {
            currency_code: org.currency_code.clone(),
            sales_date: today.to_string(),
            sales_channel: "online".into(),
            ..SaleForm::default()
        }
    }

    /// The sale `partner` registers for themselves. The currency is only
    /// checked for shape here; that it is the organisation's is the
    /// service's rule, and its message.
    pub fn to_new_sale(
        &self,
        partner: &User,
        org: &Organisation,
        today: NaiveDate,
    ) -> Result<NewSale, FieldErrors> {
        let mut errors = FieldErrors::new();
        // PostgreSQL text cannot hold NUL: refuse it here, not in the database.
        for (field, value) in [
            ("title", &self.title),
            ("description", &self.description),
            ("category", &self.category),
            ("product_type", &self.product_type),
            ("order_number", &self.order_number),
            ("order_code", &self.order_code),
        ] {
            if value.contains('\0') {
                errors.add(field, Key("sale-field-nul"));
            }
        }
        let title = input::required(&mut errors, "title", &self.title, TITLE_MAX);
        let description = optional(
            &mut errors,
            "description",
            &self.description,
            DESCRIPTION_MAX,
        );
        if crate::domain::currency::parse_amount(&self.amount).is_some_and(|a| a <= Decimal::ZERO) {
            errors.add("amount", Key("sale-amount-not-positive"));
        }
        let amount = input::decimal(
            &mut errors,
            "amount",
            &self.amount,
            Decimal::ZERO,
            org.money_scale().places(),
        );
        let limit = crate::domain::number::EntryLimit::MONEY;
        // Above zero by now (or already refused), so only the upper side counts.
        if !limit.admits(amount) && !errors.has("amount") {
            let max = limit.max();
            errors.add(
                "amount",
                Msg::new("sale-amount-too-large").arg("max", max.to_string()),
            );
        }
        let currency_code = self.currency_code.trim().to_uppercase();
        if currency_code.len() != 3 || !currency_code.chars().all(|c| c.is_ascii_uppercase()) {
            errors.add("currency_code", Key("sale-currency-code-bad"));
        }
        let sales_date = match crate::domain::business_date::parse(&self.sales_date) {
            Ok(date) if date > today => {
                errors.add("sales_date", Key("sale-date-future"));
                today
            }
            Ok(date) => date,
            Err(_) if self.sales_date.trim().is_empty() => {
                errors.add("sales_date", Key("sale-field-required"));
                today
            }
            Err(e) => {
                errors.add(
                    "sales_date",
                    Key(match e {
                        crate::domain::business_date::DateError::OutOfRange => {
                            "sale-date-out-of-range"
                        }
                        _ => "sale-date-bad",
                    }),
                );
                today
            }
        };
        let category = optional(&mut errors, "category", &self.category, LABEL_MAX);
        let product_type = optional(&mut errors, "product_type", &self.product_type, LABEL_MAX);
        let sales_channel = self.sales_channel.trim().to_string();
        if !CHANNELS.contains(&sales_channel.as_str()) {
            errors.add("sales_channel", Key("sale-channel-unknown"));
        }
        let order_number =
            input::required(&mut errors, "order_number", &self.order_number, ORDER_MAX);
        let order_code = optional(&mut errors, "order_code", &self.order_code, ORDER_MAX);
        errors.into_result()?;
        Ok(NewSale {
            partner_id: partner.id,
            partner_name: partner.name.clone(),
            partner_email: partner.email.clone(),
            title,
            description,
            amount,
            currency_code,
            sales_date,
            category,
            product_type,
            sales_channel,
            order_number,
            order_code,
            registered_by: Some(partner.id),
        })
    }
}

/// An optional, trimmed text of at most `max` characters; empty is none.
fn optional(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, Msg::new("sale-field-too-long").arg("max", max));
    }
    (!value.is_empty()).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner() -> User {
        User {
            id: 7,
            email: "ana@example.com".into(),
            name: "Ana Kim".into(),
            role: crate::domain::role::Role::Rep,
            team_id: None,
            sponsor_id: None,
            partner_type_id: None,
            partner_tier_id: None,
            active: true,
            password_hash: String::new(),
            sessions_valid_after: chrono::Utc::now(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            language: None,
        }
    }

    fn filled() -> SaleForm {
        SaleForm {
            title: " Water purifier ".into(),
            amount: "1,250.50".into(),
            currency_code: "usd".into(),
            sales_date: "2026-03-10".into(),
            sales_channel: "offline".into(),
            order_number: "ORD-1".into(),
            ..SaleForm::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 14).unwrap()
    }

    #[test]
    fn a_filled_form_becomes_the_partners_sale() {
        let org = crate::db::organisation::test_org("USD", 2, "UTC");
        let sale = filled().to_new_sale(&partner(), &org, today()).unwrap();
        assert_eq!(sale.title, "Water purifier");
        assert_eq!(sale.amount, Decimal::new(125050, 2));
        assert_eq!(sale.currency_code, "USD");
        assert_eq!(sale.partner_name, "Ana Kim");
        assert_eq!(sale.registered_by, Some(7));
        assert_eq!(sale.description, None);
    }

    #[test]
    fn bad_fields_each_get_a_message() {
        let org = crate::db::organisation::test_org("KRW", 0, "Asia/Seoul");
        let form = SaleForm {
            title: String::new(),
            amount: "10.5".into(),
            currency_code: "₩".into(),
            sales_date: "2026-03-15".into(),
            sales_channel: "carrier pigeon".into(),
            order_number: " ".into(),
            ..SaleForm::default()
        };
        let errors = form.to_new_sale(&partner(), &org, today()).unwrap_err();
        for field in [
            "title",
            "amount",
            "currency_code",
            "sales_date",
            "sales_channel",
            "order_number",
        ] {
            assert!(errors.has(field), "no message on {field}");
        }
    }

    #[test]
    fn text_with_a_nul_character_is_refused_before_the_database_sees_it() {
        let org = crate::db::organisation::test_org("USD", 2, "UTC");
        let form = SaleForm {
            order_code: "A\0B".into(),
            ..filled()
        };
        let errors = form.to_new_sale(&partner(), &org, today()).unwrap_err();
        assert!(errors.english("order_code").unwrap().contains("NUL"));
    }

    #[test]
    fn zero_and_negative_amounts_are_refused() {
        let org = crate::db::organisation::test_org("USD", 2, "UTC");
        for amount in ["0", "-5", "0.00"] {
            let form = SaleForm {
                amount: amount.into(),
                ..filled()
            };
            let errors = form.to_new_sale(&partner(), &org, today()).unwrap_err();
            assert_eq!(
                errors.english("amount"),
                Some("Enter an amount above zero.".to_string())
            );
        }
    }
}
