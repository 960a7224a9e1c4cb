//! How numbers and times look on the pages: money in the organisation's
//! currency, counts with thousands separators, percentages with two
//! decimals, and every instant on the organisation's clock.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::db::organisation::Organisation;
use crate::domain::number::Unit;

/// A metric value in its unit: "₩1,234,000", "$1,234.56", "1,250", "87.5%".
pub fn value(amount: Decimal, unit: Unit, org: &Organisation) -> String {
    unit.show(amount, org.money_scale(), &org.currency_code)
}

/// An amount of money in the organisation's currency: "₩1,234,000", "$1,234.56".
pub fn money(amount: Decimal, org: &Organisation) -> String {
    value(amount, Unit::Money, org)
}

/// Like [`value`] with an explicit sign: "+$32,500.00", "−5".
pub fn signed(amount: Decimal, unit: Unit, org: &Organisation) -> String {
    if amount > Decimal::ZERO {
        format!("+{}", value(amount, unit, org))
    } else {
        value(amount, unit, org)
    }
}

pub use crate::domain::number::count;

/// "75.00%", or "—" when there is no target.
pub fn percent(p: Option<Decimal>) -> String {
    match p {
        Some(p) => format!("{p:.2}%"),
        None => "—".into(),
    }
}

/// The width of a progress bar, 0–100, for a CSS class `w-NN` (no inline
/// styles under the CSP): attainment rounded down to a multiple of 5.
pub fn bar_step(p: Option<Decimal>) -> u32 {
    let p = p
        .unwrap_or_default()
        .max(Decimal::ZERO)
        .min(Decimal::from(100));
    let whole: u32 = p.trunc().to_string().parse().unwrap_or(0);
    whole / 5 * 5
}

/// The organisation's time zone. The admin form accepts only IANA names;
/// a stored name that no longer parses reads as UTC.
pub fn zone(org: &Organisation) -> Tz {
    org.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// An instant on the organisation's clock in `pattern` (chrono's `%`
/// codes). The pages use the shapes below; this is for the rare other one.
pub fn local(at: DateTime<Utc>, zone: Tz, pattern: &str) -> String {
    at.with_timezone(&zone).format(pattern).to_string()
}

/// "12 Mar 2026, 14:05" on the organisation's clock: how every page shows
/// when something happened.
pub fn date_time(at: DateTime<Utc>, zone: Tz) -> String {
    local(at, zone, "%-d %b %Y, %H:%M")
}

/// "12 Mar 2026, 14:05:09": the same with seconds (job runs, deadlines).
pub fn date_time_seconds(at: DateTime<Utc>, zone: Tz) -> String {
    local(at, zone, "%-d %b %Y, %H:%M:%S")
}

/// "12 Mar 2026": the organisation's day of an instant.
pub fn date(at: DateTime<Utc>, zone: Tz) -> String {
    local(at, zone, "%-d %b %Y")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn instants_show_on_the_organisations_clock() {
        let at = DateTime::parse_from_rfc3339("2026-03-12T23:30:05Z")
            .unwrap()
            .with_timezone(&Utc);
        let seoul = crate::db::organisation::test_org("KRW", 0, "Asia/Seoul");
        assert_eq!(date_time(at, zone(&seoul)), "13 Mar 2026, 08:30");
        assert_eq!(date(at, zone(&seoul)), "13 Mar 2026");
        assert_eq!(date_time_seconds(at, zone(&seoul)), "13 Mar 2026, 08:30:05");
        let new_york = crate::db::organisation::test_org("USD", 2, "America/New_York");
        assert_eq!(date_time(at, zone(&new_york)), "12 Mar 2026, 19:30");
        let broken = crate::db::organisation::test_org("USD", 2, "Mars/Olympus");
        assert_eq!(date_time(at, zone(&broken)), "12 Mar 2026, 23:30");
    }

    #[test]
    fn counts_group_thousands_and_keep_real_fractions() {
        assert_eq!(count(dec!(1250)), "1,250");
        assert_eq!(count(dec!(1250.50)), "1,250.5");
        assert_eq!(count(dec!(-3)), "−3");
    }

    #[test]
    fn percentages_have_two_decimals_or_a_dash() {
        assert_eq!(percent(Some(dec!(75))), "75.00%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn bars_step_by_five_and_cap_at_one_hundred() {
        assert_eq!(bar_step(Some(dec!(74.99))), 70);
        assert_eq!(bar_step(Some(dec!(180))), 100);
        assert_eq!(bar_step(None), 0);
    }
}
