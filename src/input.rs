//! Small parsers shared by every form and API body: every field arrives as text and
//! is checked here, so bad input becomes a message on the field, never a 400
//! from the extractor or a 500 from the database.

use rust_decimal::Decimal;

use crate::domain::currency::MoneyScale;
use crate::domain::number::{MoneyError, NumberError, ValueError, grouped};
use crate::error::FieldErrors;
use crate::i18n::{Key, Msg};

pub const REQUIRED: Key = Key("forms-required");
pub const WHOLE_NUMBER: Key = Key("forms-whole-number");

/// "Use at most 120 characters."
pub fn too_long(max: usize) -> Msg {
    Msg::new("forms-too-long").arg("max", max.to_string())
}

/// "Must be at least 0."
pub fn at_least(min: Decimal) -> Msg {
    Msg::new("forms-at-least").arg("min", min.to_string())
}

/// "Enter a whole number from 1 to 12."
pub fn whole_number_from(min: impl ToString, max: impl ToString) -> Msg {
    Msg::new("forms-whole-number-range")
        .arg("min", min.to_string())
        .arg("max", max.to_string())
}

/// "Enter a whole number of levels from 0 to 50."
pub fn whole_number_levels(max: impl ToString) -> Msg {
    Msg::new("forms-whole-number-levels").arg("max", max.to_string())
}

/// Why a text is not a business date.
pub fn date_message(error: &crate::domain::business_date::DateError) -> Msg {
    use crate::domain::business_date::DateError;
    Msg::new(match error {
        DateError::NotADate => "forms-date-invalid",
        DateError::OutOfRange => "forms-date-out-of-range",
    })
}

/// Why a text is not a number, in words for the person who typed it.
pub fn number_message(error: &NumberError) -> Msg {
    Msg::new(match error {
        NumberError::Empty => "forms-number-empty",
        NumberError::NotPlain => "forms-number-not-plain",
        NumberError::TooLarge => "forms-number-too-large",
    })
}

/// Why a value cannot be entered, in words for the person who typed it.
pub fn value_message(error: &ValueError) -> Msg {
    match error {
        ValueError::Zero => Msg::new("forms-value-zero"),
        ValueError::NotWhole => WHOLE_NUMBER.into(),
        ValueError::TooPrecise(places) => Msg::new("forms-decimal-places").arg("places", places),
        ValueError::TooLarge(max) => Msg::new("forms-entry-too-large").arg("max", grouped(*max)),
        ValueError::TotalTooLarge(max) => {
            Msg::new("forms-total-too-large").arg("max", grouped(*max))
        }
    }
}

/// Why a text is not an amount of money that can be entered.
pub fn money_message(error: &MoneyError) -> Msg {
    match error {
        MoneyError::Number(e) => number_message(e),
        MoneyError::Below(min) => at_least(*min),
        MoneyError::Value(e) => value_message(e),
    }
}

/// A required, trimmed text of at most `max` characters.
pub fn required(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, REQUIRED);
    } else if value.chars().count() > max {
        errors.add(field, too_long(max));
    }
    value.to_string()
}

/// An optional reference by id: empty means none.
pub fn optional_id(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.add(field, Key("forms-choose-from-list"));
            None
        }
    }
}

/// A decimal within bounds, with at most `scale` decimal places, typed in
/// the grammar of `domain::number` (grouping commas only in threes).
pub fn decimal(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    min: Decimal,
    scale: u32,
) -> Decimal {
    match crate::domain::number::parse_decimal(value) {
        Ok(amount) if amount < min => {
            errors.add(field, at_least(min));
            amount
        }
        Ok(amount) if amount.normalize().scale() > scale => {
            errors.add(field, Msg::new("forms-decimal-places").arg("places", scale));
            amount
        }
        Ok(amount) if amount.abs() >= Decimal::from(10_000_000_000_000_000i64) => {
            errors.add(field, Key("forms-number-too-large"));
            Decimal::ZERO
        }
        Ok(amount) => amount,
        Err(e) => {
            errors.add(field, number_message(&e));
            Decimal::ZERO
        }
    }
}

/// An amount of money of at least `min`: the grammar, the currency's minor
/// unit and at most `domain::number::EntryLimit::MONEY` (`number::parse_money`).
pub fn money(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    scale: MoneyScale,
    min: Decimal,
) -> Decimal {
    crate::domain::number::parse_money(value, scale.places(), min)
        .map_err(|e| errors.add(field, money_message(&e)))
        .unwrap_or_default()
}

/// A whole number within bounds, in the grammar of `domain::number`.
pub fn integer(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    min: i32,
    max: i32,
) -> i32 {
    let parsed = crate::domain::number::parse_decimal(value)
        .ok()
        .filter(|n| n.fract().is_zero())
        .and_then(|n| i32::try_from(n).ok());
    match parsed.ok_or(()) {
        Ok(n) if (min..=max).contains(&n) => n,
        Ok(_) => {
            errors.add(field, whole_number_from(min, max));
            min
        }
        Err(_) => {
            errors.add(field, WHOLE_NUMBER);
            min
        }
    }
}

/// A short machine code: lowercase letters, digits, `-` and `_`.
pub fn code(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let value = value.trim().to_lowercase();
    if value.is_empty() {
        errors.add(field, REQUIRED);
    } else if value.len() > 32
        || !value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        errors.add(field, Key("forms-code"));
    }
    value
}

/// A plausible email address, lowercased.
pub fn email(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let value = value.trim().to_lowercase();
    let plausible = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if value.is_empty() {
        errors.add(field, REQUIRED);
    } else if !plausible || value.len() > 254 {
        errors.add(field, Key("forms-email"));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_lowercased_and_checked() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            email(&mut errors, "email", " Ana@Example.COM "),
            "ana@example.com"
        );
        assert!(errors.is_empty());
        email(&mut errors, "email", "not-an-email");
        assert!(errors.has("email"));
    }

    #[test]
    fn decimals_respect_bounds_and_scale() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            decimal(&mut errors, "a", "1,500.5", Decimal::ZERO, 2),
            Decimal::new(15005, 1)
        );
        assert!(errors.is_empty());
        decimal(&mut errors, "b", "-1", Decimal::ZERO, 2);
        decimal(&mut errors, "c", "1.234", Decimal::ZERO, 2);
        decimal(&mut errors, "d", "abc", Decimal::ZERO, 2);
        decimal(&mut errors, "e", "1,5", Decimal::ZERO, 2);
        assert!(errors.has("b") && errors.has("c") && errors.has("d") && errors.has("e"));
        for bad in ["+5", "1_000", "1e5", "１２"] {
            let mut errors = FieldErrors::new();
            integer(&mut errors, "n", bad, 0, 100_000);
            assert!(errors.has("n"), "{bad}");
        }
    }
}
