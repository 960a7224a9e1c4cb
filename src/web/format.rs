//! How numbers and times look on the pages: money in the organisation's
//! currency, counts with thousands separators, percentages with two
//! decimals, and every instant on the organisation's clock.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::db::organisation::Organisation;
use crate::db::periods::PeriodRow;
use crate::domain::number::Unit;
use crate::i18n::{DateStyle, Lang};

/// Everything a page needs to show numbers, money, days and instants the
/// way its reader reads them: their language, the organisation's currency
/// and clock. Built once per request (`current.fmt()`), then
/// `f.money(x)`, `f.value(x, unit)`, `f.day(d)`, `f.instant(at)`.
#[derive(Clone, Debug)]
pub struct Fmt {
    pub lang: Lang,
    currency: String,
    places: u32,
    zone: Tz,
    fiscal_start: u32,
}

impl Fmt {
    pub fn new(lang: Lang, org: &Organisation) -> Fmt {
        Fmt {
            lang,
            currency: org.currency_code.clone(),
            places: org.money_scale().places(),
            zone: zone(org),
            fiscal_start: org.fiscal_start_month(),
        }
    }

    /// "₩3,000,000", "$1,234.56".
    pub fn money(&self, amount: Decimal) -> String {
        self.lang.money(amount, &self.currency, self.places)
    }

    /// A money amount as a form field shows it: grouped digits without the
    /// symbol ("3,000,000", "1,234.50"), which the parsers read back exactly.
    pub fn money_input(&self, amount: Decimal) -> String {
        self.lang.decimal(amount, self.places)
    }

    /// A metric value in its unit.
    pub fn value(&self, amount: Decimal, unit: Unit) -> String {
        self.lang.value(amount, unit, &self.currency, self.places)
    }

    /// Like [`Fmt::value`] with an explicit sign: "+₩32,500", "-5".
    pub fn signed(&self, amount: Decimal, unit: Unit) -> String {
        if amount > Decimal::ZERO {
            format!("+{}", self.value(amount, unit))
        } else {
            self.value(amount, unit)
        }
    }

    /// "1,250", "1,250.5".
    pub fn count(&self, amount: Decimal) -> String {
        self.lang.count(amount)
    }

    /// "75.00%", or "—" when there is no target.
    pub fn percent(&self, p: Option<Decimal>) -> String {
        match p {
            Some(p) => self.lang.percent(p, 2),
            None => "—".into(),
        }
    }

    /// A day in tables: "4 Dec 2026" / "2026년 12월 4일".
    pub fn day(&self, day: chrono::NaiveDate) -> String {
        self.lang.date(day, DateStyle::Short)
    }

    /// A day in `style`.
    pub fn date(&self, day: chrono::NaiveDate, style: DateStyle) -> String {
        self.lang.date(day, style)
    }

    /// "December 2026" / "2026년 12월".
    pub fn month(&self, first_day: chrono::NaiveDate) -> String {
        self.lang.month(first_day)
    }

    /// An instant on the organisation's clock: "12 Mar 2026, 14:05".
    pub fn instant(&self, at: DateTime<Utc>) -> String {
        self.lang.instant(at, self.zone)
    }

    /// [`Fmt::instant`] with seconds.
    pub fn instant_seconds(&self, at: DateTime<Utc>) -> String {
        self.lang.instant_seconds(at, self.zone)
    }

    /// The organisation's day of an instant, as [`Fmt::day`] shows it.
    pub fn day_of(&self, at: DateTime<Utc>) -> String {
        self.day(at.with_timezone(&self.zone).date_naive())
    }

    /// A period's name in the reader's language ("2026년 4분기").
    pub fn period(&self, period: &PeriodRow) -> String {
        self.lang
            .period_name(period.period().name(self.fiscal_start))
    }

    /// A metric's name (built-in ones in the reader's language).
    pub fn metric(&self, key: &str, name: &str) -> String {
        self.lang.metric_name(key, name)
    }
}

impl crate::auth::CurrentUser {
    /// How this person's pages show numbers, money and days.
    pub fn fmt(&self) -> Fmt {
        Fmt::new(self.lang(), &self.org)
    }
}

/// A metric value in its unit: "₩1,234,000", "$1,234.56", "1,250", "87.5%".
pub fn value(amount: Decimal, unit: Unit, org: &Organisation) -> String {
    unit.show(amount, org.money_scale(), &org.currency_code)
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

/// "12 Mar 2026, 14:05:09": the same with seconds (job runs, deadlines).
pub fn date_time_seconds(at: DateTime<Utc>, zone: Tz) -> String {
    local(at, zone, "%-d %b %Y, %H:%M:%S")
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
        assert_eq!(date_time_seconds(at, zone(&seoul)), "13 Mar 2026, 08:30:05");
        let f = Fmt::new(Lang::En, &seoul);
        assert_eq!(f.instant(at), "13 Mar 2026, 08:30");
        assert_eq!(f.day_of(at), "13 Mar 2026");
        let new_york = crate::db::organisation::test_org("USD", 2, "America/New_York");
        assert_eq!(
            Fmt::new(Lang::En, &new_york).instant(at),
            "12 Mar 2026, 19:30"
        );
        let broken = crate::db::organisation::test_org("USD", 2, "Mars/Olympus");
        assert_eq!(
            Fmt::new(Lang::Ko, &broken).instant(at),
            "2026년 3월 12일 오후 11:30"
        );
    }

    #[test]
    fn figures_follow_the_readers_locale_and_the_currency() {
        let seoul = crate::db::organisation::test_org("KRW", 0, "Asia/Seoul");
        let f = Fmt::new(Lang::Ko, &seoul);
        assert_eq!(f.money(dec!(3000000)), "₩3,000,000");
        assert_eq!(f.money_input(dec!(3000000)), "3,000,000");
        assert_eq!(f.count(dec!(1250.50)), "1,250.5");
        assert_eq!(f.percent(Some(dec!(75))), "75.00%");
        assert_eq!(f.percent(None), "—");
        let usd = crate::db::organisation::test_org("USD", 2, "UTC");
        assert_eq!(
            Fmt::new(Lang::En, &usd).money_input(dec!(1234567.89)),
            "1,234,567.89"
        );
    }

    /// What a money field shows is read back to the same amount, in either
    /// language: grouped digits never change a value.
    fn round_trip(code: &str, minor_unit: i16, amount: Decimal) {
        let org = crate::db::organisation::test_org(code, minor_unit, "UTC");
        for lang in Lang::ALL {
            let shown = Fmt::new(lang, &org).money_input(amount);
            let mut errors = crate::error::FieldErrors::new();
            let back = crate::input::money(
                &mut errors,
                "amount",
                &shown,
                org.money_scale(),
                Decimal::ZERO,
            );
            assert!(errors.is_empty(), "{shown}: {errors:?}");
            assert_eq!(back, amount, "{lang} {code} {shown}");
        }
    }

    #[test]
    fn money_inputs_round_trip_exactly() {
        round_trip("USD", 2, dec!(1234567.89));
        assert_eq!(
            Fmt::new(
                Lang::Ko,
                &crate::db::organisation::test_org("KRW", 0, "UTC")
            )
            .money_input(dec!(1234567)),
            "1,234,567"
        );
        round_trip("KRW", 0, dec!(1234567));
    }

    proptest::proptest! {
        #[test]
        fn any_amount_of_cents_or_won_round_trips(cents in 0i64..1_000_000_000_000, won in 0i64..1_000_000_000_000) {
            round_trip("USD", 2, Decimal::new(cents, 2));
            round_trip("KRW", 0, Decimal::from(won));
        }
    }

    #[test]
    fn bars_step_by_five_and_cap_at_one_hundred() {
        assert_eq!(bar_step(Some(dec!(74.99))), 70);
        assert_eq!(bar_step(Some(dec!(180))), 100);
        assert_eq!(bar_step(None), 0);
    }
}
