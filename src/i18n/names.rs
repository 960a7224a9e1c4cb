//! Names the pages show for things the data names in parts or in English:
//! periods (from their kind and dates) and the built-in metrics.

use crate::domain::period::{FiscalYear, PeriodName};

use super::{DateStyle, Lang};

impl Lang {
    /// "December 2026" / "2026년 12월", "Q4 2026" / "2026년 4분기",
    /// "FY2027" / "2027 회계연도", "1 Mar – 15 Apr 2026".
    pub fn period_name(self, name: PeriodName) -> String {
        match name {
            PeriodName::Month(first) => self.month(first),
            PeriodName::Quarter { number, year } => self.tr(
                "period-quarter",
                [
                    ("number", number.into()),
                    ("year", self.fiscal_year(year).into()),
                ],
            ),
            PeriodName::Year(year) => self.fiscal_year(year),
            PeriodName::Range { start, end } if start == end => self.date(start, DateStyle::Short),
            PeriodName::Range { start, end } => self.tr(
                "period-range",
                [
                    ("start", self.date(start, DateStyle::Short).into()),
                    ("end", self.date(end, DateStyle::Short).into()),
                ],
            ),
        }
    }

    fn fiscal_year(self, year: FiscalYear) -> String {
        let key = if year.calendar {
            "period-calendar-year"
        } else {
            "period-fiscal-year"
        };
        // A year is a name, not an amount: no grouping ("2026", not "2,026").
        self.tr(key, [("year", year.ends_in.to_string().into())])
    }

    /// A metric's name: a built-in metric that still has its English name
    /// is named in the reader's language; a renamed or custom one keeps
    /// the name it was given.
    pub fn metric_name(self, key: &str, name: &str) -> String {
        let (default, message) = match key {
            "revenue" => ("Revenue", "metric-revenue"),
            "deals" => ("Deals", "metric-deals"),
            "signups" => ("Signups", "metric-signups"),
            "leads" => ("Leads", "metric-leads"),
            "calls" => ("Calls", "metric-calls"),
            "meetings" => ("Meetings", "metric-meetings"),
            "emails" => ("Emails", "metric-emails"),
            "recruits" => ("Recruits", "metric-recruits"),
            "trainings" => ("Trainings", "metric-trainings"),
            _ => return name.to_string(),
        };
        if name == default {
            self.t(message)
        } else {
            name.to_string()
        }
    }
}
