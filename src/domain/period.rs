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

/// A period's name in parts: the month, the quarter of a (fiscal) year, the
/// year, or the dates of a custom range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodName {
    /// The month starting on this day.
    Month(NaiveDate),
    Quarter {
        number: u32,
        year: FiscalYear,
    },
    Year(FiscalYear),
    Range {
        start: NaiveDate,
        end: NaiveDate,
    },
}

/// A fiscal year, named by the calendar year it ends in; `calendar` when it
/// is the calendar year (no "FY").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FiscalYear {
    pub ends_in: i32,
    pub calendar: bool,
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

    /// What [`Period::label`] says, in parts, for a page to word in its
    /// reader's language (`i18n`).
    pub fn name(&self, fiscal_start_month: u32) -> PeriodName {
        let year_start = fiscal_year_start(self.start, fiscal_start_month);
        let fiscal_year = FiscalYear {
            ends_in: add_months(year_start, 11).year(),
            calendar: fiscal_start_month == 1,
        };
        match self.kind {
            PeriodKind::Month => PeriodName::Month(self.start),
            PeriodKind::Quarter => PeriodName::Quarter {
                number: months_between(year_start, self.start) / 3 + 1,
                year: fiscal_year,
            },
            PeriodKind::Year => PeriodName::Year(fiscal_year),
            PeriodKind::Custom => PeriodName::Range {
                start: self.start,
                end: self.end,
            },
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
mod tests;
