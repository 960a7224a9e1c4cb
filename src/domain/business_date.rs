//! The one range every business date lives in (sales dates, event dates,
//! period bounds, CSV rows): years 2000 to 2100. Earlier or later days are
//! typos or probes ("-2026-01-01", "0001-01-01", year 73); refusing them at
//! every entry keeps them out of period lists, boards and payouts.
//!
//! Dates are typed as `YYYY-MM-DD`: a four-digit year, two-digit month and
//! day, ASCII digits only, nothing else.

use chrono::NaiveDate;

/// The first business date accepted.
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
/// The last business date accepted.
pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();

/// Why a text is not a business date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("Enter a date such as 2026-03-31 (YYYY-MM-DD).")]
    NotADate,
    #[error("Enter a date from 2000-01-01 to 2100-12-31.")]
    OutOfRange,
}

/// Whether `date` lies in the business range.
pub fn in_range(date: NaiveDate) -> bool {
    (EARLIEST..=LATEST).contains(&date)
}

/// `date` if it lies in the business range.
pub fn check(date: NaiveDate) -> Result<NaiveDate, DateError> {
    if in_range(date) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange)
    }
}

/// Parses a typed `YYYY-MM-DD` (surrounding whitespace ignored) and checks
/// the range.
pub fn parse(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        // A signed or five-digit year is a date, just not one we take.
        return match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) if !in_range(date) => Err(DateError::OutOfRange),
            _ => Err(DateError::NotADate),
        };
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| DateError::NotADate)?;
    check(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_four_digit_years_within_the_range() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse(" 2026-03-31 "), Ok(day(2026, 3, 31)));
        assert_eq!(parse("2000-01-01"), Ok(EARLIEST));
        assert_eq!(parse("2100-12-31"), Ok(LATEST));
        for out in [
            "-2026-01-01",
            "0001-01-01",
            "0073-01-01",
            "0814-06-01",
            "1999-12-31",
            "2101-01-01",
        ] {
            assert_eq!(parse(out), Err(DateError::OutOfRange), "{out}");
        }
        for bad in [
            "+2026-01-01",
            "2026-3-1",
            "2026-02-30",
            "31/03/2026",
            "２０２６-01-01",
            "",
        ] {
            assert_eq!(parse(bad), Err(DateError::NotADate), "{bad}");
        }
    }

    #[test]
    fn checked_dates_hold_the_bounds_inclusively() {
        assert!(in_range(EARLIEST) && in_range(LATEST));
        assert!(check(EARLIEST.pred_opt().unwrap()).is_err());
        assert!(check(LATEST.succ_opt().unwrap()).is_err());
    }
}
