//! A monthly goal sheet's outcome, as the rep-goal rules name it: active
//! while its month runs, completed once both goals reached 100 %, missed
//! once the month closed short, archived when the month closed on a sheet
//! the rep never set (a leftover draft, with nothing to judge).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Active,
    Completed,
    Missed,
    Archived,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Active => "active",
            Outcome::Completed => "completed",
            Outcome::Missed => "missed",
            Outcome::Archived => "archived",
        }
    }
}

/// The outcome of the sheet of `year`-`month` on `today` (the
/// organisation's calendar day). The month has closed once `today` is past
/// its last day.
pub fn outcome(year: i32, month: u32, set: bool, completed: bool, today: NaiveDate) -> Outcome {
    let closed = (today.year(), today.month()) > (year, month);
    match (completed, closed, set) {
        (true, _, _) => Outcome::Completed,
        (false, false, _) => Outcome::Active,
        (false, true, true) => Outcome::Missed,
        (false, true, false) => Outcome::Archived,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_is_active_to_its_last_day_then_missed_unless_completed() {
        assert_eq!(
            outcome(2026, 11, true, false, d(2026, 11, 30)),
            Outcome::Active
        );
        assert_eq!(
            outcome(2026, 11, true, false, d(2026, 12, 1)),
            Outcome::Missed
        );
        assert_eq!(
            outcome(2026, 12, true, false, d(2027, 1, 1)),
            Outcome::Missed
        );
        assert_eq!(
            outcome(2026, 11, true, true, d(2026, 11, 20)),
            Outcome::Completed
        );
        assert_eq!(
            outcome(2026, 11, true, true, d(2027, 3, 1)),
            Outcome::Completed
        );
        assert_eq!(
            outcome(2026, 11, false, false, d(2026, 11, 2)),
            Outcome::Active
        );
        assert_eq!(
            outcome(2026, 11, false, false, d(2026, 12, 1)),
            Outcome::Archived
        );
        // Next month's sheet, opened early, is active.
        assert_eq!(
            outcome(2027, 1, false, false, d(2026, 12, 31)),
            Outcome::Active
        );
    }
}
