//! The period a request names — `month=YYYY-MM`, or `from=` and `to=` dates —
//! and the UTC instant a business day starts at. The partner pages and the
//! API read their period filters through here, so both accept and refuse
//! the same input with the same words.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::period::Period;

/// "2026-03" → 1 March 2026.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// Why the period a request names cannot be used; `field` is the parameter
/// to blame (`month`, or `from` for a range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodProblem {
    pub field: &'static str,
    /// What is wrong, for the pages to word in the reader's language.
    pub kind: ProblemKind,
    /// The same in English (the API's words).
    pub message: String,
}

/// What is wrong with a requested period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The range ends before it starts.
    Backwards,
    /// The range is longer than a custom period may be.
    TooLong { max_years: u32 },
    /// One of the two dates is missing or not a date.
    MissingDate,
    /// The month is not `YYYY-MM`.
    BadMonth,
}

/// The period asked for: a `from`–`to` range (both needed), else a month,
/// else `None` (the caller picks its default). Blank values count as absent.
pub fn requested(month: &str, from: &str, to: &str) -> Result<Option<Period>, PeriodProblem> {
    let (from, to) = (from.trim(), to.trim());
    if !from.is_empty() || !to.is_empty() {
        let parse = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        return match (parse(from), parse(to)) {
            (Some(start), Some(end)) => {
                Period::custom(start, end)
                    .map(Some)
                    .map_err(|e| PeriodProblem {
                        field: "from",
                        kind: match e {
                            super::period::PeriodError::TooLong { max_years } => {
                                ProblemKind::TooLong { max_years }
                            }
                            _ => ProblemKind::Backwards,
                        },
                        message: format!("That range does not work: {e}."),
                    })
            }
            _ => Err(PeriodProblem {
                field: if parse(from).is_none() { "from" } else { "to" },
                kind: ProblemKind::MissingDate,
                message: "Enter both dates, such as 2026-03-01 and 2026-03-31.".into(),
            }),
        };
    }
    match month.trim() {
        "" => Ok(None),
        text => parse_month(text)
            .map(|start| Some(Period::month_containing(start)))
            .ok_or_else(|| PeriodProblem {
                field: "month",
                kind: ProblemKind::BadMonth,
                message: "Choose a month, such as 2026-03.".into(),
            }),
    }
}

/// The first instant of a business date in the organisation's time zone.
pub fn start_of_day(date: NaiveDate, zone: chrono_tz::Tz) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    zone.from_local_datetime(&midnight)
        .earliest()
        // A zone that skips midnight (a DST jump) starts the day an hour on.
        .or_else(|| {
            zone.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// The instants `[from, until)` of a period's business days.
pub fn instants(period: &Period, zone: chrono_tz::Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let after = period.end.succ_opt().unwrap_or(period.end);
    (start_of_day(period.start, zone), start_of_day(after, zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_parse_from_the_month_input_only() {
        assert_eq!(parse_month("2026-03"), Some(day(2026, 3, 1)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("26-03"), None);
        assert_eq!(parse_month("March"), None);
    }

    #[test]
    fn a_range_wins_over_a_month_and_nothing_asks_for_nothing() {
        assert_eq!(requested("", "", ""), Ok(None));
        let month = requested("2026-02", "", "").unwrap().unwrap();
        assert_eq!(
            (month.start, month.end),
            (day(2026, 2, 1), day(2026, 2, 28))
        );
        let range = requested("2026-02", "2026-01-10", "2026-03-05")
            .unwrap()
            .unwrap();
        assert_eq!(
            (range.start, range.end),
            (day(2026, 1, 10), day(2026, 3, 5))
        );
    }

    #[test]
    fn a_bad_period_names_the_parameter_to_fix() {
        assert_eq!(requested("March", "", "").unwrap_err().field, "month");
        assert_eq!(requested("", "2026-03-10", "").unwrap_err().field, "to");
        assert_eq!(requested("", "", "2026-03-10").unwrap_err().field, "from");
        let backwards = requested("", "2026-03-10", "2026-03-01").unwrap_err();
        assert_eq!(backwards.field, "from");
        assert!(backwards.message.starts_with("That range does not work"));
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let seoul: chrono_tz::Tz = "Asia/Seoul".parse().unwrap();
        assert_eq!(
            start_of_day(day(2026, 3, 1), seoul).to_rfc3339(),
            "2026-02-28T15:00:00+00:00"
        );
        let march = Period::month_containing(day(2026, 3, 14));
        let (from, until) = instants(&march, seoul);
        assert_eq!(from.to_rfc3339(), "2026-02-28T15:00:00+00:00");
        assert_eq!(until.to_rfc3339(), "2026-03-31T15:00:00+00:00");
    }
}
