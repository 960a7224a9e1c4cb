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
