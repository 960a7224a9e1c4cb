//! Numbers, money and dates in the reader's locale, by ICU4X. Korean and
//! English group digits alike ("3,000,000"); dates differ: "2026년 12월 4일
//! (금)" and "Friday, 4 December 2026" (English keeps the British order the
//! pages always had).

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use fluent_bundle::FluentValue;
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{E, M, YM, YMD, YMDT};
use icu_datetime::input::{DateTime as IcuDateTime, Time};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use rust_decimal::{Decimal, RoundingStrategy};

use super::Lang;
use crate::domain::number::Unit;

/// How much of a day a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// "4 Dec 2026" / "2026년 12월 4일": tables and lists.
    Short,
    /// "4 December 2026" / "2026년 12월 4일".
    Long,
    /// "Friday, 4 December 2026" / "2026년 12월 4일 (금)": headings.
    Weekday,
}

struct Formats {
    decimal: DecimalFormatter,
    short: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    weekday: FixedCalendarDateTimeFormatter<Gregorian, E>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    month_only: FixedCalendarDateTimeFormatter<Gregorian, M>,
    instant: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
    instant_seconds: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
}

impl Formats {
    /// Korean headings abbreviate the weekday ("(금)") and Korean instants
    /// spell the day out ("2026년 3월 13일 오전 8:30"): ICU's medium Korean
    /// instant and day read "2026/3/13", which no Korean page writes.
    fn new(tag: &str, korean: bool) -> Formats {
        let locale: Locale = tag.parse().expect("a valid locale");
        let instant_date = if korean { YMD::long() } else { YMD::medium() };
        let prefs = || (&locale).into();
        Formats {
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .expect("compiled decimal data"),
            short: FixedCalendarDateTimeFormatter::try_new(prefs(), instant_date)
                .expect("compiled date data"),
            long: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long())
                .expect("compiled date data"),
            weekday: FixedCalendarDateTimeFormatter::try_new(
                prefs(),
                if korean { E::short() } else { E::long() },
            )
            .expect("compiled date data"),
            month: FixedCalendarDateTimeFormatter::try_new(prefs(), YM::long())
                .expect("compiled date data"),
            month_only: FixedCalendarDateTimeFormatter::try_new(prefs(), M::long())
                .expect("compiled date data"),
            instant: FixedCalendarDateTimeFormatter::try_new(prefs(), instant_date.with_time_hm())
                .expect("compiled date data"),
            instant_seconds: FixedCalendarDateTimeFormatter::try_new(
                prefs(),
                instant_date.with_time_hms(),
            )
            .expect("compiled date data"),
        }
    }
}

static FORMATS: LazyLock<[Formats; 2]> =
    LazyLock::new(|| [Formats::new("en-GB", false), Formats::new("ko-KR", true)]);

fn formats(lang: Lang) -> &'static Formats {
    match lang {
        Lang::En => &FORMATS[0],
        Lang::Ko => &FORMATS[1],
    }
}

/// `amount` rounded half to even at `places`, with exactly `places` decimals.
fn to_icu(amount: Decimal, places: u32) -> fixed_decimal::Decimal {
    let rounded = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    let mut icu: fixed_decimal::Decimal = rounded
        .to_string()
        .parse()
        .expect("a Decimal prints as a decimal");
    icu.absolute.pad_end(-(places as i16));
    icu
}

fn gregorian(day: NaiveDate) -> Date<Gregorian> {
    Date::try_new_gregorian(day.year(), day.month() as u8, day.day() as u8)
        .expect("a chrono date is a Gregorian date")
}

impl Lang {
    /// `amount` with `places` decimals, grouped: "1,234,567.89".
    pub fn decimal(self, amount: Decimal, places: u32) -> String {
        formats(self)
            .decimal
            .format(&to_icu(amount, places))
            .to_string()
    }

    /// A count or measure, with only the decimals it really has: "1,250",
    /// "1,250.5".
    pub fn count(self, amount: Decimal) -> String {
        let places = amount.normalize().scale();
        self.decimal(amount, places)
    }

    /// Money in `code` with the currency's `places`: "₩3,000,000",
    /// "$1,234.56", "-$5.00".
    pub fn money(self, amount: Decimal, code: &str, places: u32) -> String {
        let symbol = iso_currency::Currency::from_code(code)
            .map(|c| c.symbol().symbol)
            .unwrap_or_else(|| code.to_string());
        let digits = self.decimal(amount.abs(), places);
        let negative = amount.round_dp(places) < Decimal::ZERO;
        let sign = if negative { "-" } else { "" };
        format!("{sign}{symbol}{digits}")
    }

    /// A metric value in its unit: money as [`Lang::money`], percentages
    /// with their sign, counts as [`Lang::count`].
    pub fn value(self, amount: Decimal, unit: Unit, code: &str, places: u32) -> String {
        match unit {
            Unit::Money => self.money(amount, code, places),
            Unit::Percent => self.percent(amount, 2),
            _ => self.count(amount),
        }
    }

    /// "75.00%".
    pub fn percent(self, amount: Decimal, places: u32) -> String {
        self.tr(
            "format-percent",
            [("value", self.decimal(amount, places).into())],
        )
    }

    /// A day in `style`.
    pub fn date(self, day: NaiveDate, style: DateStyle) -> String {
        let f = formats(self);
        let date = gregorian(day);
        match style {
            DateStyle::Short => f.short.format(&date).to_string(),
            DateStyle::Long => f.long.format(&date).to_string(),
            DateStyle::Weekday => self.tr(
                "format-date-weekday",
                [
                    ("date", f.long.format(&date).to_string().into()),
                    ("weekday", f.weekday.format(&date).to_string().into()),
                ],
            ),
        }
    }

    /// The month's own name: "December" / "12월".
    pub fn month_name(self, first_day: NaiveDate) -> String {
        formats(self)
            .month_only
            .format(&gregorian(first_day))
            .to_string()
    }

    /// "December 2026" / "2026년 12월".
    pub fn month(self, first_day: NaiveDate) -> String {
        formats(self)
            .month
            .format(&gregorian(first_day))
            .to_string()
    }

    /// An instant on `zone`'s clock: "12 Mar 2026, 14:05" / "2026. 3. 12. 오후 2:05".
    pub fn instant(self, at: DateTime<Utc>, zone: Tz) -> String {
        formats(self)
            .instant
            .format(&icu_instant(at, zone))
            .to_string()
    }

    /// [`Lang::instant`] with seconds (job runs, deadlines).
    pub fn instant_seconds(self, at: DateTime<Utc>, zone: Tz) -> String {
        formats(self)
            .instant_seconds
            .format(&icu_instant(at, zone))
            .to_string()
    }
}

fn icu_instant(at: DateTime<Utc>, zone: Tz) -> IcuDateTime<Gregorian> {
    let local = at.with_timezone(&zone).naive_local();
    IcuDateTime {
        date: gregorian(local.date()),
        time: Time::try_new(
            local.hour() as u8,
            local.minute() as u8,
            local.second() as u8,
            0,
        )
        .expect("a chrono time is a valid time"),
    }
}

/// Fluent's number formatter: counts in messages are grouped by ICU4X
/// like every other number (Fluent alone prints "1234").
pub(super) fn fluent_number(
    value: &FluentValue,
    memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let whole = number.value;
    if whole.fract() != 0.0 || whole.abs() > 9.0e15 {
        return None;
    }
    memoizer
        .with_try_get::<Grouping, _, _>((), |g| g.0.format(&(whole as i64).into()).to_string())
        .ok()
}

/// ICU4X's decimal formatter as Fluent's memoizer keeps it per language.
struct Grouping(DecimalFormatter);

impl intl_memoizer::Memoizable for Grouping {
    type Args = ();
    type Error = ();

    fn construct(lang: unic_langid::LanguageIdentifier, _: ()) -> Result<Self, ()> {
        let locale: Locale = lang.to_string().parse().map_err(drop)?;
        DecimalFormatter::try_new((&locale).into(), Default::default())
            .map(Grouping)
            .map_err(drop)
    }
}
