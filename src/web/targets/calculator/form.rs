//! The calculator's fields as typed, and the factor overrides read from them.

use super::*;

/// The calculator's fields, from the query or the posted form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CalcForm {
    pub(super) user: String,
    /// "2026-11".
    pub(super) month: String,
    pub(super) metric: String,
    pub(super) personal: String,
    pub(super) market: String,
    pub(super) seasonal: String,
    pub(super) team: String,
    pub(super) reason: String,
    /// "save" to save; anything else recalculates.
    pub(super) intent: String,
}

pub(super) const FACTORS: [(&str, &str); 4] = [
    ("personal", "target-line-personal"),
    ("market", "target-line-market"),
    ("seasonal", "target-line-seasonal"),
    ("team", "target-line-team"),
];

impl CalcForm {
    pub(super) fn factor_text(&self, name: &str) -> &str {
        match name {
            "personal" => &self.personal,
            "market" => &self.market,
            "seasonal" => &self.seasonal,
            _ => &self.team,
        }
        .trim()
    }

    /// The typed factors (blank: the stored one), with messages.
    pub(super) fn overrides(&self) -> (Overrides, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut parse = |field: &'static str| {
            let text = self.factor_text(field);
            if text.is_empty() {
                return None;
            }
            let value = input::decimal(&mut errors, field, text, Decimal::ZERO, 4);
            if errors.message(field).is_some() {
                return None;
            }
            match check_factor(value) {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.add(field, crate::goals::targets::target_error(&e));
                    None
                }
            }
        };
        let overrides = Overrides {
            personal: parse("personal"),
            market: parse("market"),
            seasonal: parse("seasonal"),
            team: parse("team"),
        };
        (overrides, errors)
    }
}
