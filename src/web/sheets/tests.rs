use super::*;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn the_countdown_says_days_and_hours_left_or_how_long_overdue() {
    let due = utc("2026-11-06T23:59:59Z");
    assert_eq!(
        countdown(Lang::En, utc("2026-11-03T19:59:59Z"), due),
        "3 days 4 hours left"
    );
    assert_eq!(
        countdown(Lang::En, utc("2026-11-06T22:59:59Z"), due),
        "1 hour left"
    );
    assert_eq!(
        countdown(Lang::En, utc("2026-11-06T23:30:00Z"), due),
        "29 minutes left"
    );
    assert_eq!(
        countdown(Lang::En, utc("2026-11-09T00:00:00Z"), due),
        "overdue by 2 days"
    );
    assert_eq!(
        countdown(Lang::En, utc("2026-11-07T03:00:00Z"), due),
        "overdue by 3 hours"
    );
}
