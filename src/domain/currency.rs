//! Currencies: ISO 4217 codes, their minor units, and how amounts are shown.

use rust_decimal::Decimal;

/// The minor unit (decimal places) of an ISO 4217 currency, or `None` for an
/// unknown code.
pub fn minor_unit(code: &str) -> Option<u16> {
    let currency = iso_currency::Currency::from_code(code)?;
    Some(currency.exponent().unwrap_or(0))
}

/// Every circulating ISO 4217 currency as (code, name), by code: the
/// organisation's chooser. Funds, special units (gold, SDR, "no currency")
/// and superseded codes are left out; `minor_unit` still knows them all.
pub fn circulating() -> Vec<(&'static str, String)> {
    // The crate lists its currencies only behind an optional feature; every
    // currency has a distinct three-digit numeric code, so walk those.
    let mut list: Vec<(&'static str, String)> = (1..1000)
        .filter_map(iso_currency::Currency::from_numeric)
        .filter(|c| !c.is_fund() && !c.is_special() && c.is_superseded().is_none())
        .map(|c| (c.code(), c.name().to_string()))
        .collect();
    list.sort_unstable_by_key(|(code, _)| *code);
    list.dedup_by_key(|(code, _)| *code);
    list
}

/// How many decimal places the organisation's money has: its currency's
/// ISO 4217 minor unit. Built once from the stored column
/// (`Organisation::money_scale`), so no caller converts it by hand.
///
/// The column is a `SMALLINT` with `CHECK (currency_minor_unit BETWEEN 0
/// AND 4)`, so every stored value is kept as it is; the one bound rule
/// (clamp into 0..=4) only decides what a value the database cannot hold
/// would mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MoneyScale(u8);

impl MoneyScale {
    /// The most places a stored minor unit has (ISO 4217 knows up to four).
    pub const MAX_PLACES: u8 = 4;

    /// The scale of a stored minor unit.
    pub fn from_stored(minor_unit: i16) -> MoneyScale {
        // Within 0..=4 after the clamp, so the cast keeps the value.
        MoneyScale(minor_unit.clamp(0, i16::from(Self::MAX_PLACES)) as u8)
    }

    /// The currency's own places: how amounts are shown and to what a
    /// commission line is rounded.
    pub fn places(self) -> u32 {
        u32::from(self.0)
    }

    /// The places a typed amount may have where the columns keep two:
    /// the currency's, but never more than two (`number::Unit::scale`).
    pub fn entry_places(self) -> u32 {
        super::number::Unit::Money.scale(self.places())
    }

    /// `amount` in the currency's own style ([`format_money`]).
    pub fn format(self, amount: Decimal, code: &str) -> String {
        format_money(amount, code, self.places())
    }
}

/// Formats an amount in the currency's own style: "₩1,234,000", "$1,234.56".
pub fn format_money(amount: Decimal, code: &str, minor_unit: u32) -> String {
    let rounded = amount.round_dp_with_strategy(
        minor_unit,
        rust_decimal::RoundingStrategy::MidpointNearestEven,
    );
    let symbol = iso_currency::Currency::from_code(code)
        .map(|c| c.symbol().symbol)
        .unwrap_or_else(|| code.to_string());
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", minor_unit as usize, rounded.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let grouped = super::number::group_thousands(&whole);
    let sign = if negative { "−" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{symbol}{grouped}.{f}"),
        None => format!("{sign}{symbol}{grouped}"),
    }
}

/// Parses a user-typed amount by the one grammar of `domain::number`:
/// digits with optional grouping commas, never `"1,5"` as 15.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    super::number::parse_decimal(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(minor_unit("KRW"), Some(0));
        assert_eq!(minor_unit("USD"), Some(2));
        assert_eq!(minor_unit("BHD"), Some(3));
        assert_eq!(minor_unit("XYZ"), None);
    }

    #[test]
    fn a_money_scale_keeps_every_stored_minor_unit_and_caps_entry_at_two() {
        for (stored, places, entry) in [(0, 0, 0), (2, 2, 2), (3, 3, 2), (4, 4, 2)] {
            let scale = MoneyScale::from_stored(stored);
            assert_eq!((scale.places(), scale.entry_places()), (places, entry));
        }
        // Outside the column's CHECK: clamped, never wrapped.
        assert_eq!(MoneyScale::from_stored(-1).places(), 0);
        assert_eq!(MoneyScale::from_stored(9).places(), 4);
        assert_eq!(
            MoneyScale::from_stored(0).format(dec!(1234000), "KRW"),
            "₩1,234,000"
        );
    }

    #[test]
    fn the_chooser_lists_circulating_currencies_by_code() {
        let list = circulating();
        let codes: Vec<&str> = list.iter().map(|(code, _)| *code).collect();
        for code in ["EUR", "JPY", "KRW", "USD"] {
            assert!(codes.contains(&code), "{code}");
        }
        for gone in ["XAU", "XXX", "BOV"] {
            assert!(!codes.contains(&gone), "{gone}");
        }
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert!(codes.iter().all(|c| minor_unit(c).is_some()));
    }

    #[test]
    fn money_shows_in_the_currencys_own_format() {
        assert_eq!(format_money(dec!(1234000), "KRW", 0), "₩1,234,000");
        assert_eq!(format_money(dec!(1234.56), "USD", 2), "$1,234.56");
        assert_eq!(format_money(dec!(-5000), "USD", 2), "−$5,000.00");
        assert_eq!(format_money(dec!(999.5), "KRW", 0), "₩1,000");
        assert_eq!(format_money(dec!(0), "USD", 2), "$0.00");
    }

    #[test]
    fn amounts_parse_with_thousands_separators() {
        assert_eq!(parse_amount("1,250,000"), Some(dec!(1250000)));
        assert_eq!(parse_amount(" 12.50 "), Some(dec!(12.50)));
        assert_eq!(parse_amount("twelve"), None);
        assert_eq!(parse_amount("1,5"), None);
        assert_eq!(parse_amount(""), None);
    }
}
