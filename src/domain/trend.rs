//! A goal's trend over its period: the actual at the end of each day, from
//! stored snapshots where they exist and from the facts otherwise, against
//! the straight-line expected path of `attainment::expected_to_date`.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::attainment::expected_to_date;
use crate::domain::period::Period;

/// Where a day's figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The day's stored snapshot.
    Snapshot,
    /// Summed from the events (a day the job has not recorded).
    Events,
    /// Today: the live figure, as on the goal's card.
    Live,
}

/// The actual at the end of one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    pub day: NaiveDate,
    pub actual: Decimal,
    pub origin: Origin,
}

/// The actual at the end of each day of `period` from its start through
/// `today` (or its end, if earlier): a day's snapshot where `snapshots`
/// (day, actual) has one, else the running total of `daily` (day, sum, in
/// date order); today always the `live` figure. Empty before the period
/// starts.
pub fn actual_path(
    period: &Period,
    today: NaiveDate,
    daily: &[(NaiveDate, Decimal)],
    snapshots: &[(NaiveDate, Decimal)],
    live: Decimal,
) -> Vec<TrendPoint> {
    let last = today.min(period.end);
    let mut points = Vec::new();
    let mut running = daily
        .iter()
        .filter(|(day, _)| *day < period.start)
        .map(|(_, amount)| *amount)
        .sum::<Decimal>();
    let mut events = daily
        .iter()
        .filter(|(day, _)| *day >= period.start)
        .peekable();
    let mut day = period.start;
    while day <= last {
        while let Some((_, amount)) = events.next_if(|(d, _)| *d <= day) {
            running += *amount;
        }
        let point = if day == today {
            TrendPoint {
                day,
                actual: live,
                origin: Origin::Live,
            }
        } else if let Some((_, actual)) = snapshots.iter().find(|(d, _)| *d == day) {
            TrendPoint {
                day,
                actual: *actual,
                origin: Origin::Snapshot,
            }
        } else {
            TrendPoint {
                day,
                actual: running,
                origin: Origin::Events,
            }
        };
        points.push(point);
        day = day + Days::new(1);
    }
    points
}

/// The expected path's ends: (first day, expected at its end) and (last
/// day, the target). A straight line between them is expected-to-date on
/// every day of the period.
pub fn expected_line(target: Decimal, period: &Period) -> [(NaiveDate, Decimal); 2] {
    [
        (period.start, expected_to_date(target, period, period.start)),
        (period.end, target),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn snapshots_win_gaps_are_filled_from_events_and_today_is_live() {
        let november = Period::month_containing(d(1));
        let daily = [(d(2), dec!(100)), (d(4), dec!(50)), (d(6), dec!(10))];
        // The job recorded days 1–3; day 3's snapshot predates a late import.
        let snapshots = [(d(1), dec!(0)), (d(2), dec!(100)), (d(3), dec!(90))];
        let points = actual_path(&november, d(6), &daily, &snapshots, dec!(165));
        let figures: Vec<(u32, Decimal, Origin)> = points
            .iter()
            .map(|p| (chrono::Datelike::day(&p.day), p.actual, p.origin))
            .collect();
        assert_eq!(
            figures,
            [
                (1, dec!(0), Origin::Snapshot),
                (2, dec!(100), Origin::Snapshot),
                (3, dec!(90), Origin::Snapshot),
                (4, dec!(150), Origin::Events),
                (5, dec!(150), Origin::Events),
                (6, dec!(165), Origin::Live),
            ]
        );
    }

    #[test]
    fn the_path_stops_at_the_period_end_and_is_empty_before_its_start() {
        let october = Period::month_containing(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        let points = actual_path(&october, d(20), &[], &[], dec!(0));
        assert_eq!(points.len(), 31);
        assert!(points.iter().all(|p| p.origin == Origin::Events));
        assert!(
            actual_path(
                &Period::month_containing(d(1)),
                d(1) - Days::new(3),
                &[],
                &[],
                dec!(0)
            )
            .is_empty()
        );
    }

    #[test]
    fn the_expected_line_runs_from_the_first_days_share_to_the_target() {
        let november = Period::month_containing(d(1));
        assert_eq!(
            expected_line(dec!(3000), &november),
            [(d(1), dec!(100)), (d(30), dec!(3000))]
        );
    }
}
