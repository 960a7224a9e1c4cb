//! The import's row rules, table by table.

use std::collections::{HashMap, HashSet};

use super::super::check;
use super::*;
use crate::goals::events::rule::Bounds;
use chrono::Utc;
use rust_decimal_macros::dec;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn user(id: i64, email: &str, team: Option<i64>, active: bool) -> User {
    User {
        id,
        email: email.into(),
        name: format!("User {id}"),
        role: crate::domain::role::Role::Rep,
        team_id: team,
        sponsor_id: None,
        partner_type_id: None,
        partner_tier_id: None,
        active,
        password_hash: String::new(),
        sessions_valid_after: Utc::now(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        language: None,
    }
}

fn metric(id: i64, key: &str, unit: &str, active: bool) -> Metric {
    Metric {
        id,
        key: key.into(),
        name: key.to_uppercase(),
        unit: unit.parse().unwrap(),
        built_in: true,
        active,
        position: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn lookups(allowed: Allowed) -> Lookups {
    let users = [
        user(1, "ana@example.com", Some(10), true),
        user(2, "bo@example.com", Some(20), true),
        user(3, "gone@example.com", Some(10), false),
        user(9, "boss@example.com", Some(10), true),
    ];
    let metrics = [
        metric(1, "revenue", "money", true),
        metric(2, "calls", "count", true),
        metric(3, "old", "count", false),
    ];
    Lookups {
        users: users.into_iter().map(|u| (u.email.clone(), u)).collect(),
        metrics: metrics.into_iter().map(|m| (m.key.clone(), m)).collect(),
        existing: HashSet::from(["seen-1".to_string()]),
        allowed,
        bounds: Bounds {
            today: day("2026-03-15"),
            minor_unit: 2,
        },
        totals: HashMap::from([((1, 1), dec!(99999999999000))]),
    }
}

fn row(line: usize, email: &str, metric: &str, value: &str, date: &str, r: &str) -> RawRow {
    RawRow {
        line,
        email: email.into(),
        metric: metric.into(),
        value: value.into(),
        date: date.into(),
        external_ref: r.into(),
        ..RawRow::default()
    }
}

fn reasons(r: &RawRow, allowed: Allowed) -> Vec<String> {
    check_row(r, &lookups(allowed))
        .err()
        .unwrap_or_default()
        .iter()
        .map(|m| m.english())
        .collect()
}

#[test]
fn a_good_row_is_valid_and_emails_ignore_case() {
    let good = row(
        2,
        "ANA@example.com",
        "Revenue",
        "1,500.50",
        "2026-03-15",
        "x-1",
    );
    let valid = check_row(&good, &lookups(Allowed::Everyone)).unwrap();
    assert_eq!((valid.user_id, valid.metric_id), (1, 1));
    assert_eq!(valid.value, dec!(1500.50));
    assert!(!valid.already_imported);
}

#[test]
fn every_reason_of_a_bad_row_is_listed() {
    let bad = row(3, "nobody@example.com", "karma", "lots", "2026-13-01", "");
    let found = reasons(&bad, Allowed::Everyone);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[0].contains("no user has the email nobody@example.com"));
    assert!(found[1].contains("unknown metric \"karma\""));
    assert!(found[2].contains("not a number"));
    assert!(found[3].contains("YYYY-MM-DD"));
}

#[test]
fn values_dates_and_people_have_limits() {
    let cases = [
        (
            row(2, "ana@example.com", "revenue", "1.005", "2026-03-01", ""),
            "decimal places",
        ),
        (
            row(2, "ana@example.com", "calls", "1", "2026-03-16", ""),
            "in the future",
        ),
        (
            row(2, "ana@example.com", "calls", "1", "2026-3-1", ""),
            "YYYY-MM-DD",
        ),
        (
            row(2, "gone@example.com", "calls", "1", "2026-03-01", ""),
            "deactivated",
        ),
        (
            row(2, "ana@example.com", "old", "1", "2026-03-01", ""),
            "metric OLD is deactivated",
        ),
        (
            row(2, "ana@example.com", "calls", "", "2026-03-01", ""),
            "value is missing",
        ),
        (
            row(2, "ana@example.com", "revenue", "1,5", "2026-03-01", ""),
            "not a number",
        ),
        (
            row(2, "ana@example.com", "calls", "1", "-2026-01-01", ""),
            "outside 2000-01-01",
        ),
        (
            row(2, "ana@example.com", "calls", "1", "0001-01-01", ""),
            "outside 2000-01-01",
        ),
        (
            row(2, "ana@example.com", "calls", "100001", "2026-03-01", ""),
            "at most 100,000",
        ),
        (
            row(2, "ana@example.com", "calls", "-1", "2026-03-01", ""),
            "correction_reason column",
        ),
    ];
    for (bad, expected) in cases {
        let found = reasons(&bad, Allowed::Everyone);
        assert!(
            found.iter().any(|r| r.contains(expected)),
            "{expected}: {found:?}"
        );
    }
    let long = row(
        2,
        "ana@example.com",
        "calls",
        "1",
        "2026-03-01",
        &"r".repeat(201),
    );
    assert!(reasons(&long, Allowed::Everyone)[0].contains("longer than 200"));
}

#[test]
fn a_negative_row_is_a_correction_with_its_reason() {
    let mut fixed = row(2, "ana@example.com", "calls", "-2", "2026-03-01", "");
    fixed.correction_reason = "logged twice".into();
    let valid = check_row(&fixed, &lookups(Allowed::Everyone)).unwrap();
    assert_eq!(valid.value, dec!(-2));
    assert_eq!(valid.correction_reason.as_deref(), Some("logged twice"));
    let mut positive = row(2, "ana@example.com", "calls", "2", "2026-03-01", "");
    positive.correction_reason = "why".into();
    assert!(reasons(&positive, Allowed::Everyone)[0].contains("only for a negative"));
}

#[test]
fn rows_that_would_push_a_total_past_the_bound_are_refused() {
    // Ana's revenue stands 1,000 below the bound before the file.
    let rows = vec![
        row(2, "ana@example.com", "revenue", "600", "2026-03-01", ""),
        row(3, "ana@example.com", "revenue", "600", "2026-03-01", ""),
        row(4, "bo@example.com", "revenue", "600", "2026-03-01", ""),
    ];
    let checked = check(rows, &lookups(Allowed::Everyone));
    assert_eq!(checked.valid.len(), 2);
    assert_eq!(checked.invalid[0].line, 3);
    assert!(checked.invalid[0].reasons[0].english().contains("total"));
}

#[test]
fn a_manager_imports_only_for_their_teams_and_not_for_themselves() {
    let manager = || Allowed::Teams {
        actor_id: 9,
        teams: HashSet::from([10]),
    };
    let mine = row(2, "ana@example.com", "calls", "3", "2026-03-01", "");
    assert!(check_row(&mine, &lookups(manager())).is_ok());
    let other = row(3, "bo@example.com", "calls", "3", "2026-03-01", "");
    assert!(reasons(&other, manager())[0].contains("not in a team you manage"));
    let me = row(4, "boss@example.com", "calls", "3", "2026-03-01", "");
    assert!(reasons(&me, manager())[0].contains("your own results"));
}

#[test]
fn references_seen_before_are_skipped_and_repeats_in_the_file_refused() {
    let rows = vec![
        row(2, "ana@example.com", "calls", "1", "2026-03-01", "seen-1"),
        row(3, "ana@example.com", "calls", "1", "2026-03-01", "new-1"),
        row(4, "bo@example.com", "calls", "1", "2026-03-02", "new-1"),
        row(5, "bo@example.com", "calls", "1", "2026-03-02", ""),
    ];
    let checked = check(rows, &lookups(Allowed::Everyone));
    assert_eq!((checked.new_count(), checked.already_count()), (2, 1));
    assert_eq!(checked.without_ref_count(), 1);
    assert_eq!(checked.invalid.len(), 1);
    assert_eq!(checked.invalid[0].line, 4);
    assert!(
        checked.invalid[0].reasons[0]
            .english()
            .contains("already used on line 3")
    );
}
