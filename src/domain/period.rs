//! Periods: month, quarter, year (fiscal) and custom ranges, and the business
//! date of an instant in the organisation's time zone.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use std::fmt;
use std::str::FromStr;

/// The longest custom range: its end must come before the same day this many
/// years after its start (1 Jan 2026 – 31 Dec 2028 is allowed, – 1 Jan 2029 is not).
pub const MAX_CUSTOM_YEARS: u32 = 3;

/// What kind of span a period is. Quarters and years follow the fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [Self::Month, Self::Quarter, Self::Year, Self::Custom];

    /// The stored name: "month", "quarter", "year" or "custom".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
            Self::Custom => "custom",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`PeriodKind::as_str`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown period kind")]
pub struct UnknownPeriodKind;

/// Parses the stored name, ignoring case and surrounding spaces.
impl FromStr for PeriodKind {
    type Err = UnknownPeriodKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or(UnknownPeriodKind)
    }
}

/// Why a custom range was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the end date is before the start date")]
    EndBeforeStart,
    #[error("a period may span at most {max_years} years")]
    TooLong { max_years: u32 },
}

/// A span of business dates from `start` through `end`, both INCLUSIVE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// The calendar month holding `date`.
    pub fn month_containing(date: NaiveDate) -> Period {
        let start = date.with_day(1).expect("every month has a first day");
        Self::spanning(PeriodKind::Month, start, 1)
    }

    /// The fiscal quarter holding `date`: quarters are three-month blocks
    /// counted from `fiscal_start_month` (with 4, Q1 = Apr–Jun, Q4 = Jan–Mar).
    ///
    /// # Panics
    /// If `fiscal_start_month` is outside 1..=12.
    pub fn quarter_containing(date: NaiveDate, fiscal_start_month: u32) -> Period {
        let year_start = fiscal_year_start(date, fiscal_start_month);
        let offset = months_between(year_start, date) / 3 * 3;
        let start = add_months(year_start, offset);
        Self::spanning(PeriodKind::Quarter, start, 3)
    }

    /// The fiscal year holding `date`: twelve months from the 1st of
    /// `fiscal_start_month` (with 4, 1 Apr through 31 Mar).
    ///
    /// # Panics
    /// If `fiscal_start_month` is outside 1..=12.
    pub fn year_containing(date: NaiveDate, fiscal_start_month: u32) -> Period {
        let start = fiscal_year_start(date, fiscal_start_month);
        Self::spanning(PeriodKind::Year, start, 12)
    }

    /// The month, quarter or year holding `date`; `None` for `Custom`, which
    /// has no natural bounds.
    pub fn containing(
        kind: PeriodKind,
        date: NaiveDate,
        fiscal_start_month: u32,
    ) -> Option<Period> {
        match kind {
            PeriodKind::Month => Some(Self::month_containing(date)),
            PeriodKind::Quarter => Some(Self::quarter_containing(date, fiscal_start_month)),
            PeriodKind::Year => Some(Self::year_containing(date, fiscal_start_month)),
            PeriodKind::Custom => None,
        }
    }

    /// A custom range, refused when `end` is before `start` or when it spans
    /// [`MAX_CUSTOM_YEARS`] years or more. A single day is a valid range.
    pub fn custom(start: NaiveDate, end: NaiveDate) -> Result<Period, PeriodError> {
        if end < start {
            return Err(PeriodError::EndBeforeStart);
        }
        if end >= add_months(start, MAX_CUSTOM_YEARS * 12) {
            return Err(PeriodError::TooLong {
                max_years: MAX_CUSTOM_YEARS,
            });
        }
        Ok(Period {
            kind: PeriodKind::Custom,
            start,
            end,
        })
    }

    /// The adjacent period of the same kind after this one (December's next
    /// is January); `None` for a custom range.
    pub fn next(&self) -> Option<Period> {
        let months = self.kind_months()?;
        let start = add_months(self.start, months);
        Some(Self::spanning(self.kind, start, months))
    }

    /// The adjacent period of the same kind before this one; `None` for a
    /// custom range.
    pub fn previous(&self) -> Option<Period> {
        let months = self.kind_months()?;
        let start = self
            .start
            .checked_sub_months(Months::new(months))
            .expect("date within chrono's range");
        Some(Self::spanning(self.kind, start, months))
    }

    /// Whether `date` falls within the period, both ends included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Number of days in the period, both ends counted.
    pub fn total_days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Days from the start through `today` inclusive, clamped to
    /// 0..=total: 1 on the first day, total on the last day and after, 0 before.
    pub fn elapsed_days(&self, today: NaiveDate) -> i64 {
        ((today - self.start).num_days() + 1).clamp(0, self.total_days())
    }

    /// Days strictly after `today` through the end, clamped to 0..=total.
    /// Today is NOT counted (it is elapsed), so `elapsed + remaining == total`
    /// always, and on the last day this is 0. For "N days left" and for
    /// needed-per-day use [`Period::days_left`].
    pub fn remaining_days(&self, today: NaiveDate) -> i64 {
        (self.end - today).num_days().clamp(0, self.total_days())
    }

    /// Days a rep can still act on: from `today` through the end inclusive,
    /// so 1 on the last day, total before the start and 0 after the end. This
    /// is the number shown as "23 days remaining" and the divisor of
    /// needed-per-day.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        ((self.end - today).num_days() + 1).clamp(0, self.total_days())
    }

    /// A human name. A fiscal year is named by the calendar year in which it
    /// ends, and the "FY" is dropped when the fiscal year is the calendar year:
    /// - month: "November 2026";
    /// - January start: "Q1 2026", "2026";
    /// - April start: "Q3 FY2027" (Oct–Dec 2026), "FY2027";
    /// - custom: "1 Mar – 15 Apr 2026", "20 Dec 2026 – 10 Jan 2027", "1 Mar 2026".
    ///
    /// Quarter numbers depend on the fiscal start, which the dates alone do
    /// not tell, hence the argument.
    ///
    /// # Panics
    /// If `fiscal_start_month` is outside 1..=12.
    pub fn label(&self, fiscal_start_month: u32) -> String {
        let year_start = fiscal_year_start(self.start, fiscal_start_month);
        let ends_in = add_months(year_start, 11).year();
        let fiscal_year = match fiscal_start_month {
            1 => ends_in.to_string(),
            _ => format!("FY{ends_in}"),
        };
        match self.kind {
            PeriodKind::Month => self.start.format("%B %Y").to_string(),
            PeriodKind::Quarter => {
                let number = months_between(year_start, self.start) / 3 + 1;
                format!("Q{number} {fiscal_year}")
            }
            PeriodKind::Year => fiscal_year,
            PeriodKind::Custom => {
                let end = self.end.format("%-d %b %Y").to_string();
                let same_year = self.start.year() == self.end.year();
                let start = self
                    .start
                    .format(if same_year { "%-d %b" } else { "%-d %b %Y" });
                if self.start == self.end {
                    end
                } else {
                    format!("{start} – {end}")
                }
            }
        }
    }

    fn kind_months(&self) -> Option<u32> {
        match self.kind {
            PeriodKind::Month => Some(1),
            PeriodKind::Quarter => Some(3),
            PeriodKind::Year => Some(12),
            PeriodKind::Custom => None,
        }
    }

    fn spanning(kind: PeriodKind, start: NaiveDate, months: u32) -> Period {
        let end = add_months(start, months) - Days::new(1);
        Period { kind, start, end }
    }
}

/// The business date of an instant: its calendar date in the organisation's
/// time zone, not in UTC (23:30 on 31 Jan in New York is still January).
pub fn local_date(instant: DateTime<Utc>, tz: chrono_tz::Tz) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

/// Noon of a business date in the organisation's time zone, as an instant:
/// the instant a job run "for that day" (`--date`) takes as its clock. Noon
/// exists on every date, whatever the daylight-saving change.
pub fn noon(date: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    use chrono::TimeZone;
    let midday = date.and_hms_opt(12, 0, 0).expect("noon is a valid time");
    tz.from_local_datetime(&midday)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midday.and_utc())
}

/// The 1st of the fiscal year holding `date`.
fn fiscal_year_start(date: NaiveDate, fiscal_start_month: u32) -> NaiveDate {
    assert!(
        (1..=12).contains(&fiscal_start_month),
        "fiscal start month must be 1..=12, got {fiscal_start_month}"
    );
    let year = date.year() - i32::from(date.month() < fiscal_start_month);
    NaiveDate::from_ymd_opt(year, fiscal_start_month, 1).expect("date within chrono's range")
}

fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    u32::try_from(months).expect("`to` is not before `from`")
}

fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .expect("date within chrono's range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use PeriodKind::{Month, Quarter, Year};
    use chrono_tz::{America::New_York, Asia::Seoul};
    use proptest::prelude::*;

    fn d(iso: &str) -> NaiveDate {
        iso.parse().unwrap()
    }

    /// "start..end", to compare bounds in one short string.
    fn span(period: Period) -> String {
        format!("{}..{}", period.start, period.end)
    }

    #[test]
    fn kinds_parse_back_from_their_names() {
        for kind in PeriodKind::ALL {
            assert_eq!(kind.as_str().parse::<PeriodKind>(), Ok(kind));
        }
        assert_eq!(" Quarter ".parse::<PeriodKind>(), Ok(PeriodKind::Quarter));
        assert_eq!("week".parse::<PeriodKind>(), Err(UnknownPeriodKind));
    }

    #[test]
    fn months_end_on_their_last_day_including_leap_february() {
        let cases = [
            ("2026-01-31", "2026-01-01..2026-01-31"),
            ("2026-02-14", "2026-02-01..2026-02-28"),
            ("2028-02-29", "2028-02-01..2028-02-29"),
            ("2026-12-01", "2026-12-01..2026-12-31"),
        ];
        for (date, bounds) in cases {
            assert_eq!(span(Period::month_containing(d(date))), bounds, "{date}");
        }
    }

    #[test]
    fn quarters_and_years_follow_the_fiscal_start_month() {
        // (kind, date, fiscal start month, bounds)
        let cases = [
            (Quarter, "2026-03-31", 4, "2026-01-01..2026-03-31"),
            (Quarter, "2026-04-01", 4, "2026-04-01..2026-06-30"),
            (Quarter, "2026-12-31", 4, "2026-10-01..2026-12-31"),
            (Quarter, "2026-12-31", 1, "2026-10-01..2026-12-31"),
            (Quarter, "2028-02-29", 2, "2028-02-01..2028-04-30"),
            (Year, "2026-03-31", 4, "2025-04-01..2026-03-31"),
            (Year, "2026-04-01", 4, "2026-04-01..2027-03-31"),
            (Year, "2026-12-31", 1, "2026-01-01..2026-12-31"),
            (Year, "2028-02-29", 2, "2028-02-01..2029-01-31"),
        ];
        for (kind, date, fsm, bounds) in cases {
            let period = Period::containing(kind, d(date), fsm).unwrap();
            assert_eq!(span(period), bounds, "{kind} of {date} @{fsm}");
        }
    }

    #[test]
    fn december_is_followed_by_january_and_preceded_by_november() {
        let december = Period::month_containing(d("2026-12-15"));
        assert_eq!(span(december.next().unwrap()), "2027-01-01..2027-01-31");
        assert_eq!(span(december.previous().unwrap()), "2026-11-01..2026-11-30");
        let q4 = Period::quarter_containing(d("2027-03-01"), 4);
        assert_eq!(span(q4.next().unwrap()), "2027-04-01..2027-06-30");
        let custom = Period::custom(d("2026-03-01"), d("2026-04-15")).unwrap();
        assert_eq!((custom.next(), custom.previous()), (None, None));
    }

    #[test]
    fn custom_ranges_refuse_backwards_and_overlong_spans() {
        let custom = |start, end| Period::custom(d(start), d(end));
        let backwards = Err(PeriodError::EndBeforeStart);
        assert_eq!(custom("2026-03-02", "2026-03-01"), backwards);
        assert!(custom("2026-03-01", "2026-03-01").is_ok());
        assert!(custom("2026-01-01", "2028-12-31").is_ok());
        let too_long = Err(PeriodError::TooLong { max_years: 3 });
        assert_eq!(custom("2026-01-01", "2029-01-01"), too_long);
    }

    #[test]
    fn elapsed_remaining_and_left_on_the_edges_of_a_month() {
        let november = Period::month_containing(d("2026-11-01"));
        assert_eq!(november.total_days(), 30);
        // (today, elapsed, remaining, left)
        let cases = [
            ("2026-10-31", 0, 30, 30),
            ("2026-11-01", 1, 29, 30),
            ("2026-11-08", 8, 22, 23),
            ("2026-11-30", 30, 0, 1),
            ("2026-12-01", 30, 0, 0),
        ];
        for (today, elapsed, remaining, left) in cases {
            let today = d(today);
            let days = (
                november.elapsed_days(today),
                november.remaining_days(today),
                november.days_left(today),
            );
            assert_eq!(days, (elapsed, remaining, left), "on {today}");
        }
    }

    #[test]
    fn labels_name_fiscal_years_by_the_year_they_end() {
        let cases = [
            (Month, "2026-11-05", 4, "November 2026"),
            (Quarter, "2026-11-05", 4, "Q3 FY2027"),
            (Quarter, "2027-02-05", 4, "Q4 FY2027"),
            (Year, "2026-11-05", 4, "FY2027"),
            (Quarter, "2026-01-05", 1, "Q1 2026"),
            (Year, "2026-11-05", 1, "2026"),
        ];
        for (kind, date, fsm, label) in cases {
            let period = Period::containing(kind, d(date), fsm).unwrap();
            assert_eq!(period.label(fsm), label);
        }
        let customs = [
            ("2026-03-01", "2026-04-15", "1 Mar – 15 Apr 2026"),
            ("2026-12-20", "2027-01-10", "20 Dec 2026 – 10 Jan 2027"),
            ("2026-03-01", "2026-03-01", "1 Mar 2026"),
        ];
        for (start, end, label) in customs {
            let period = Period::custom(d(start), d(end)).unwrap();
            assert_eq!(period.label(4), label);
        }
    }

    #[test]
    fn late_evening_local_time_stays_on_the_local_date() {
        // 23:30 on 30 Nov in New York is 1 Dec in UTC; 00:30 on 1 Dec in
        // Seoul is still 30 Nov in UTC.
        let cases = [
            ("2026-12-01T04:30:00Z", New_York, "2026-11-30"),
            ("2026-11-30T15:30:00Z", Seoul, "2026-12-01"),
            ("2026-11-30T14:30:00Z", Seoul, "2026-11-30"),
        ];
        for (instant, zone, local) in cases {
            let instant: DateTime<Utc> = instant.parse().unwrap();
            assert_eq!(local_date(instant, zone), d(local), "{instant} in {zone}");
        }
    }

    #[test]
    fn noon_of_a_date_falls_on_that_date_in_its_zone() {
        let instant = noon(d("2026-11-15"), Seoul);
        assert_eq!(instant.to_rfc3339(), "2026-11-15T03:00:00+00:00");
        for zone in [Seoul, New_York, chrono_tz::UTC] {
            // 8 March 2026 is a daylight-saving change in New York.
            for date in ["2026-03-08", "2026-11-01", "2026-12-31"] {
                assert_eq!(local_date(noon(d(date), zone), zone), d(date), "{zone}");
            }
        }
    }

    #[test]
    fn every_date_belongs_to_exactly_one_period_and_periods_tile() {
        for fsm in 1..=12 {
            for kind in [Month, Quarter, Year] {
                let mut date = d("2025-01-01");
                let mut current = Period::containing(kind, date, fsm).unwrap();
                while date <= d("2029-12-31") {
                    if !current.contains(date) {
                        let next = current.next().unwrap();
                        assert_eq!(next.start, current.end + Days::new(1));
                        assert_eq!(next.start, date, "{kind} @{fsm} leaves a gap");
                        current = next;
                    }
                    assert_eq!(Period::containing(kind, date, fsm), Some(current));
                    date = date + Days::new(1);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn a_period_contains_its_date_and_its_neighbours_touch_it(
            day in 0u64..40_000, fsm in 1u32..=12, kind_index in 0usize..3,
        ) {
            let date = d("1970-01-01") + Days::new(day);
            let kind = PeriodKind::ALL[kind_index];
            let period = Period::containing(kind, date, fsm).unwrap();
            prop_assert!(period.contains(date));
            let (next, previous) = (period.next().unwrap(), period.previous().unwrap());
            prop_assert_eq!(next.start, period.end + Days::new(1));
            prop_assert_eq!(previous.end + Days::new(1), period.start);
            prop_assert_eq!(next.previous(), Some(period));
            let lengths = [28..=31, 89..=92, 365..=366];
            prop_assert!(lengths[kind_index].contains(&period.total_days()));
            prop_assert_eq!(period.elapsed_days(date) + period.remaining_days(date), period.total_days());
        }
    }
}
