//! The monthly goal-setting deadline: a rep's sheet for a month must be set
//! by 23:59:59 on the 6th of that month in the organisation's time zone.
//! Reminders go out 3 days before, 1 day before, on the day and once
//! overdue.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The day of the month the deadline falls on.
pub const DEADLINE_DAY: u32 = 6;

/// The last instant at which a sheet counts as set on time: 23:59:59 on
/// the 6th, local time. (On a day when the clocks skip that instant it is
/// the first valid instant after it; when they repeat it, the later one.)
pub fn deadline(year: i32, month: u32, tz: Tz) -> Option<DateTime<Utc>> {
    let day = NaiveDate::from_ymd_opt(year, month, DEADLINE_DAY)?;
    let local = day.and_time(NaiveTime::from_hms_opt(23, 59, 59)?);
    let resolved = tz.from_local_datetime(&local).latest().or_else(|| {
        tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
    })?;
    Some(resolved.with_timezone(&Utc))
}

/// Was a sheet set at `set_at` on time for its month's deadline?
pub fn on_time(set_at: DateTime<Utc>, deadline: DateTime<Utc>) -> bool {
    set_at <= deadline
}

/// Where a rep stands with a month's sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Not set, and the month it is for has not begun yet.
    NotSet,
    /// Not set; the month has begun and the deadline has not passed.
    Pending,
    /// Not set and the deadline has passed.
    Overdue,
    /// Set (on time or late: see `set_by_deadline`).
    Complete,
}

impl DeadlineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotSet => "not_set",
            Self::Pending => "pending",
            Self::Overdue => "overdue",
            Self::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotSet => "Not set",
            Self::Pending => "Pending",
            Self::Overdue => "Overdue",
            Self::Complete => "Complete",
        }
    }
}

/// The status of a sheet for (`year`, `month`) at `now`.
pub fn status(is_set: bool, year: i32, month: u32, now: DateTime<Utc>, tz: Tz) -> DeadlineStatus {
    if is_set {
        return DeadlineStatus::Complete;
    }
    let Some(due) = deadline(year, month, tz) else {
        return DeadlineStatus::NotSet;
    };
    let today = now.with_timezone(&tz).date_naive();
    let month_start = NaiveDate::from_ymd_opt(year, month, 1);
    if now > due {
        DeadlineStatus::Overdue
    } else if month_start.is_some_and(|start| today >= start) {
        DeadlineStatus::Pending
    } else {
        DeadlineStatus::NotSet
    }
}

/// Whole local days from `now`'s date to the deadline's date: 0 on the 6th,
/// negative once past.
pub fn days_until(year: i32, month: u32, now: DateTime<Utc>, tz: Tz) -> Option<i64> {
    let day = NaiveDate::from_ymd_opt(year, month, DEADLINE_DAY)?;
    Some((day - now.with_timezone(&tz).date_naive()).num_days())
}

/// A reminder of the deadline; each is created once per rep and month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    ThreeDaysBefore,
    OneDayBefore,
    DeadlineDay,
    Overdue,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 4] = [
        Self::ThreeDaysBefore,
        Self::OneDayBefore,
        Self::DeadlineDay,
        Self::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThreeDaysBefore => "three_days_before",
            Self::OneDayBefore => "one_day_before",
            Self::DeadlineDay => "deadline_day",
            Self::Overdue => "overdue",
        }
    }

    /// Local days before the deadline's date from which this reminder is
    /// due (negative: after it).
    fn days_before(self) -> i64 {
        match self {
            Self::ThreeDaysBefore => 3,
            Self::OneDayBefore => 1,
            Self::DeadlineDay => 0,
            Self::Overdue => -1,
        }
    }
}

/// The one reminder a rep whose sheet is not set should have by `now`: the
/// latest whose day has come (a job that missed days sends only the most
/// pressing one, never a backlog). `None` before the first reminder's day.
pub fn reminder_due(year: i32, month: u32, now: DateTime<Utc>, tz: Tz) -> Option<ReminderKind> {
    let due = deadline(year, month, tz)?;
    if now > due {
        return Some(ReminderKind::Overdue);
    }
    let days = days_until(year, month, now, tz)?;
    ReminderKind::ALL
        .into_iter()
        .filter(|k| *k != ReminderKind::Overdue)
        .rfind(|k| days <= k.days_before())
}

/// The month whose sheet matters at `now` (local): the current month.
pub fn sheet_month(now: DateTime<Utc>, tz: Tz) -> (i32, u32) {
    let today = now.with_timezone(&tz).date_naive();
    (today.year(), today.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_deadline_is_the_end_of_the_sixth_in_local_time_east_and_west_of_utc() {
        assert_eq!(
            deadline(2026, 3, chrono_tz::Asia::Seoul),
            Some(utc("2026-03-06T14:59:59Z"))
        );
        assert_eq!(
            deadline(2026, 3, chrono_tz::America::Los_Angeles),
            Some(utc("2026-03-07T07:59:59Z"))
        );
        assert_eq!(
            deadline(2026, 3, chrono_tz::UTC),
            Some(utc("2026-03-06T23:59:59Z"))
        );
    }

    #[test]
    fn set_on_the_last_second_is_on_time_and_one_second_later_is_late() {
        let due = deadline(2026, 11, chrono_tz::Asia::Seoul).unwrap();
        assert!(on_time(utc("2026-11-06T14:59:59Z"), due));
        assert!(!on_time(utc("2026-11-06T15:00:00Z"), due));
    }

    #[test]
    fn status_moves_from_not_set_through_pending_to_overdue() {
        let tz = chrono_tz::America::New_York;
        // 31 October local: the November sheet's month has not begun.
        assert_eq!(
            status(false, 2026, 11, utc("2026-11-01T03:00:00Z"), tz),
            DeadlineStatus::NotSet
        );
        assert_eq!(
            status(false, 2026, 11, utc("2026-11-03T12:00:00Z"), tz),
            DeadlineStatus::Pending
        );
        assert_eq!(
            status(false, 2026, 11, utc("2026-11-07T04:59:59Z"), tz),
            DeadlineStatus::Pending
        );
        assert_eq!(
            status(false, 2026, 11, utc("2026-11-07T05:00:00Z"), tz),
            DeadlineStatus::Overdue
        );
        assert_eq!(
            status(true, 2026, 11, utc("2026-11-20T00:00:00Z"), tz),
            DeadlineStatus::Complete
        );
    }

    #[test]
    fn reminders_fall_three_days_before_one_day_before_on_the_day_and_after() {
        let tz = chrono_tz::UTC;
        let at = |s| reminder_due(2026, 11, utc(s), tz);
        assert_eq!(at("2026-11-02T12:00:00Z"), None);
        assert_eq!(
            at("2026-11-03T00:00:00Z"),
            Some(ReminderKind::ThreeDaysBefore)
        );
        assert_eq!(
            at("2026-11-04T12:00:00Z"),
            Some(ReminderKind::ThreeDaysBefore)
        );
        assert_eq!(at("2026-11-05T00:00:00Z"), Some(ReminderKind::OneDayBefore));
        assert_eq!(at("2026-11-06T23:59:59Z"), Some(ReminderKind::DeadlineDay));
        assert_eq!(at("2026-11-07T00:00:00Z"), Some(ReminderKind::Overdue));
        assert_eq!(
            days_until(2026, 11, utc("2026-11-04T12:00:00Z"), tz),
            Some(2)
        );
    }
}
