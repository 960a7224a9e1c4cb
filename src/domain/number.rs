//! What a typed number may look like, and how large an entered fact may be.
//! One grammar for every edge (pages, the API, the CSV import), so the same
//! text never means two things:
//!
//! ```text
//! number  = [ "-" ] whole [ "." digits ]
//! whole   = digits | d{1,3} ( "," d{3} )+      (grouping commas, as the pages show numbers)
//! digits  = ASCII 0-9, one or more
//! ```
//!
//! Surrounding whitespace is ignored. Everything else is refused: `"1,5"`
//! (a comma that does not group thousands), `"1_000"`, `"1e5"`, `"+5"`,
//! `".5"`, `"5."`, fullwidth or other non-ASCII digits. A decimal comma is
//! never guessed, because `"1,500"` is one thousand five hundred here.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The largest size one entered fact may have, by what it measures: one
/// bound type, so every edge checks "too large" the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryLimit(Decimal);

impl EntryLimit {
    /// The most one money fact (an event, a sale, a setting) may hold: a
    /// trillion of the currency's major unit. Far above any real deal, and
    /// 10,000 of them still fit the `NUMERIC(18, 2)` columns that store sums.
    pub const MONEY: EntryLimit = EntryLimit(dec!(1000000000000));
    /// The most of a count one fact may add (a typo guard, not a business rule).
    pub const COUNT: EntryLimit = EntryLimit(dec!(100000));
    /// The most one percent-metric fact may add.
    pub const PERCENT: EntryLimit = EntryLimit(dec!(100000));

    /// The bound itself.
    pub const fn max(self) -> Decimal {
        self.0
    }

    /// Whether `value` is within the bound either way.
    pub fn admits(self, value: Decimal) -> bool {
        value.abs() <= self.0
    }

    /// `value` when [`admits`](Self::admits) holds, else why not.
    pub fn check(self, value: Decimal) -> Result<Decimal, ValueError> {
        if self.admits(value) {
            Ok(value)
        } else {
            Err(ValueError::TooLarge(self.0))
        }
    }
}

/// What a person's running total of one metric may reach: a sum past this
/// is refused at entry, so totals, team and company rollups of 99
/// such people still fit `NUMERIC(18, 2)` (below 10^16).
pub const MAX_PERSON_TOTAL: Decimal = dec!(100000000000000);
/// Decimal places a non-money value may have (the columns keep two).
pub const VALUE_SCALE: u32 = 2;

/// Why a text is not a number of the grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("Enter a number.")]
    Empty,
    #[error(
        "Enter a plain number such as 1500 or 1,500.50: digits, an optional leading minus and \
         a decimal point; commas only between groups of three digits."
    )]
    NotPlain,
    #[error("That number is too large.")]
    TooLarge,
}

/// Digits of a whole number with a comma between each group of three:
/// "1234567" → "1,234,567". Shared by counts and money.
pub fn group_thousands(whole: &str) -> String {
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// A count with thousands separators; fractions only when present.
pub fn count(amount: Decimal) -> String {
    let normalized = amount.normalize();
    let negative = normalized.is_sign_negative() && !normalized.is_zero();
    let text = normalized.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let grouped = group_thousands(&whole);
    let sign = if negative { "−" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Parses `text` by the grammar above.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if fraction.is_some_and(|f| !digits(f)) || !whole_part(whole, digits) {
        return Err(NumberError::NotPlain);
    }
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    Decimal::from_str(&plain).map_err(|_| NumberError::TooLarge)
}

/// Plain digits, or digits grouped by commas in threes ("1,234,567").
fn whole_part(whole: &str, digits: impl Fn(&str) -> bool) -> bool {
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    if !whole.contains(',') {
        return digits(first);
    }
    digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
}

/// What a metric (or a goal's objective) measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Money,
    Count,
    Percent,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Money, Unit::Count, Unit::Percent];

    /// The stored name: "money", "count" or "percent".
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Money => "money",
            Unit::Count => "count",
            Unit::Percent => "percent",
        }
    }

    /// The largest size one fact of this unit may have.
    pub fn max_entry(self) -> Decimal {
        self.limit().max()
    }

    /// The bound of one fact of this unit.
    pub fn limit(self) -> EntryLimit {
        match self {
            Unit::Money => EntryLimit::MONEY,
            Unit::Count => EntryLimit::COUNT,
            Unit::Percent => EntryLimit::PERCENT,
        }
    }

    /// A value in this unit as people read it: "₩1,234,000", "$1,234.56"
    /// (money in `currency` at `money`'s places), "1,250", "87.5%".
    pub fn show(
        self,
        amount: Decimal,
        money: crate::domain::currency::MoneyScale,
        currency: &str,
    ) -> String {
        match self {
            Unit::Money => money.format(amount, currency),
            Unit::Percent => format!("{}%", amount.normalize()),
            Unit::Count => count(amount),
        }
    }

    /// Decimal places allowed: the currency's minor unit for money (at most
    /// two, what the columns hold), none for counts.
    pub fn scale(self, minor_unit: u32) -> u32 {
        match self {
            Unit::Money => minor_unit.min(VALUE_SCALE),
            Unit::Count => 0,
            Unit::Percent => VALUE_SCALE,
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`Unit::as_str`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown unit")]
pub struct UnknownUnit;

impl std::str::FromStr for Unit {
    type Err = UnknownUnit;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or(UnknownUnit)
    }
}

/// Why a value cannot be entered as a fact of its unit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("Enter a value other than zero.")]
    Zero,
    #[error("Enter a whole number.")]
    NotWhole,
    #[error("Use at most {0} decimal places.")]
    TooPrecise(u32),
    /// Larger than the entry limit (the number).
    #[error("One entry may be at most {}.", grouped(*.0))]
    TooLarge(Decimal),
    /// Would take a person's total past the bound (the number).
    #[error("One entry may be at most what keeps this person's total within {}.", grouped(*.0))]
    TotalTooLarge(Decimal),
}

/// Why a text is not an amount of money that can be entered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error(transparent)]
    Number(#[from] NumberError),
    /// Below the least amount the field takes (the number).
    #[error("Must be at least {0}.")]
    Below(Decimal),
    #[error(transparent)]
    Value(#[from] ValueError),
}

/// Checks the size and precision of one fact of `unit`; the sign is the
/// caller's concern (a negative fact is a correction).
pub fn check_value(value: Decimal, unit: Unit, minor_unit: u32) -> Result<Decimal, ValueError> {
    if value.is_zero() {
        return Err(ValueError::Zero);
    }
    let scale = unit.scale(minor_unit);
    if value.normalize().scale() > scale {
        return Err(if scale == 0 && unit == Unit::Count {
            ValueError::NotWhole
        } else {
            ValueError::TooPrecise(scale)
        });
    }
    unit.limit().check(value)
}

/// Checks that a person's total after adding `value` stays within
/// [`MAX_PERSON_TOTAL`] either way.
pub fn check_total(total_before: Decimal, value: Decimal) -> Result<(), ValueError> {
    match total_before.checked_add(value) {
        Some(total) if total.abs() <= MAX_PERSON_TOTAL => Ok(()),
        _ => Err(ValueError::TotalTooLarge(MAX_PERSON_TOTAL)),
    }
}

/// An amount of money as entered: the grammar, at least `min`, in the
/// currency's minor unit (at most two places) and within [`EntryLimit::MONEY`].
pub fn parse_money(text: &str, minor_unit: u32, min: Decimal) -> Result<Decimal, MoneyError> {
    let amount = parse_decimal(text)?;
    if amount < min {
        return Err(MoneyError::Below(min));
    }
    let scale = Unit::Money.scale(minor_unit);
    if amount.normalize().scale() > scale {
        return Err(ValueError::TooPrecise(scale).into());
    }
    Ok(EntryLimit::MONEY.check(amount)?)
}

/// 1000000 → "1,000,000" (English messages only).
pub fn grouped(n: Decimal) -> String {
    let text = n.normalize().to_string();
    let mut out = String::new();
    for (i, ch) in text.chars().enumerate() {
        if i > 0 && (text.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inputs of issue 22 and their one answer at every edge.
    pub const TABLE: [(&str, Option<Decimal>); 16] = [
        ("1500", Some(dec!(1500))),
        (" 12.50 ", Some(dec!(12.50))),
        ("1,234.5", Some(dec!(1234.5))),
        ("1,250,000", Some(dec!(1250000))),
        ("-1,250.50", Some(dec!(-1250.50))),
        ("1,5", None),
        ("12,34", None),
        ("1,2345", None),
        ("1_000", None),
        ("1e5", None),
        ("+5", None),
        ("１２", None),
        (".5", None),
        ("5.", None),
        ("--5", None),
        ("1 000", None),
    ];

    #[test]
    fn one_grammar_of_plain_decimals() {
        for (text, expected) in TABLE {
            assert_eq!(parse_decimal(text).ok(), expected, "{text:?}");
        }
        assert_eq!(parse_decimal(""), Err(NumberError::Empty));
        assert_eq!(
            parse_decimal("99999999999999999999999999999999"),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn values_are_bounded_by_their_unit_and_the_currency() {
        assert_eq!(
            check_value(dec!(1.5), Unit::Money, 0),
            Err(ValueError::TooPrecise(0))
        );
        assert!(check_value(dec!(1.5), Unit::Money, 2).is_ok());
        assert!(check_value(dec!(1.005), Unit::Money, 3).is_err());
        assert_eq!(
            check_value(dec!(1.5), Unit::Count, 2),
            Err(ValueError::NotWhole)
        );
        assert_eq!(check_value(dec!(0), Unit::Count, 2), Err(ValueError::Zero));
        assert!(check_value(EntryLimit::MONEY.max(), Unit::Money, 2).is_ok());
        assert!(check_value(-EntryLimit::MONEY.max(), Unit::Money, 2).is_ok());
        assert!(check_value(EntryLimit::MONEY.max() + dec!(0.01), Unit::Money, 2).is_err());
        assert!(check_value(EntryLimit::COUNT.max() + dec!(1), Unit::Count, 2).is_err());
    }

    #[test]
    fn a_persons_total_stays_where_every_sum_fits() {
        assert!(
            check_total(
                MAX_PERSON_TOTAL - EntryLimit::MONEY.max(),
                EntryLimit::MONEY.max()
            )
            .is_ok()
        );
        assert!(check_total(MAX_PERSON_TOTAL, dec!(0.01)).is_err());
        assert!(check_total(-MAX_PERSON_TOTAL, dec!(-0.01)).is_err());
        // 99 people at the bound still fit NUMERIC(18, 2).
        assert!(MAX_PERSON_TOTAL * dec!(99) < dec!(10000000000000000));
    }

    #[test]
    fn money_follows_the_minor_unit() {
        assert_eq!(parse_money("1,5", 2, Decimal::ZERO).ok(), None);
        assert_eq!(parse_money("1.5", 2, Decimal::ZERO), Ok(dec!(1.5)));
        assert!(parse_money("1.5", 0, Decimal::ZERO).is_err());
        assert!(parse_money("-1", 2, Decimal::ZERO).is_err());
        assert!(parse_money("1000000000001", 2, Decimal::ZERO).is_err());
    }
}
