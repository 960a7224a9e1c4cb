//! Checking every import row: who (an active user the actor may import
//! for), what (an active metric), how much, when, and the external
//! reference. The database is read in a few set-based queries; the rules
//! themselves are plain functions over what was read. Values and dates
//! follow the same domain rules as the logger and the API
//! (`domain::number`, `domain::business_date`, `domain::correction`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::csv::RawRow;
use crate::db::events::MetricEvent;
use crate::db::metrics::Metric;
use crate::db::schema::users;
use crate::db::tree;
use crate::db::users::User;
use crate::domain::number::{self, Unit};
use crate::domain::role::Role;
use crate::domain::{business_date, correction};

/// Longest external reference accepted.
pub const MAX_REF_CHARS: usize = 200;
/// Longest note accepted.
pub const MAX_NOTE_CHARS: usize = 500;

/// A row that can be written.
#[derive(Debug, Clone)]
pub struct ValidRow {
    pub line: usize,
    pub user_id: i64,
    pub person: String,
    pub email: String,
    pub metric_id: i64,
    pub metric: String,
    pub unit: String,
    pub value: Decimal,
    pub date: NaiveDate,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub correction_reason: Option<String>,
    /// Its external reference is already recorded: the commit skips it.
    pub already_imported: bool,
}

/// A row that cannot be written, as typed, with every reason.
#[derive(Debug, Clone)]
pub struct InvalidRow {
    pub line: usize,
    pub email: String,
    pub metric: String,
    pub value: String,
    pub date: String,
    pub reasons: Vec<String>,
}

/// Every row of a file, sorted into valid and invalid (each in file order).
#[derive(Debug, Default)]
pub struct Checked {
    pub valid: Vec<ValidRow>,
    pub invalid: Vec<InvalidRow>,
}

impl Checked {
    /// Nothing is written unless this holds.
    pub fn is_clean(&self) -> bool {
        self.invalid.is_empty()
    }
    /// Valid rows that a commit would write.
    pub fn new_count(&self) -> usize {
        self.valid.iter().filter(|r| !r.already_imported).count()
    }
    /// Valid rows already recorded, which a commit skips.
    pub fn already_count(&self) -> usize {
        self.valid.iter().filter(|r| r.already_imported).count()
    }
    /// Rows without an external reference: importing them twice counts twice.
    pub fn without_ref_count(&self) -> usize {
        self.valid
            .iter()
            .filter(|r| r.external_ref.is_none())
            .count()
    }
}

/// Whose results the actor may import.
#[derive(Debug, Clone)]
pub enum Allowed {
    Everyone,
    /// A manager: people in these teams, never themselves (the same rule as
    /// `access::can_manage_user`, evaluated for a whole file at once).
    Teams {
        actor_id: i64,
        teams: HashSet<i64>,
    },
    Nobody,
}

/// What the rules look things up in.
pub struct Lookups {
    /// By lowercased email.
    pub users: HashMap<String, User>,
    /// By key.
    pub metrics: HashMap<String, Metric>,
    /// External references already recorded.
    pub existing: HashSet<String>,
    pub allowed: Allowed,
    pub today: NaiveDate,
    /// The organisation's currency minor unit, for money values.
    pub minor_unit: u32,
    /// Each person's running total per metric before the file.
    pub totals: HashMap<(i64, i64), Decimal>,
}

impl Lookups {
    /// Loads what `rows` refer to, in five queries however long the file is.
    pub fn load(
        conn: &mut PgConnection,
        actor: &User,
        today: NaiveDate,
        minor_unit: u32,
        rows: &[RawRow],
    ) -> QueryResult<Lookups> {
        let emails: Vec<String> = unique(rows.iter().map(|r| r.email.to_lowercase()));
        let users: HashMap<String, User> = users::table
            .filter(crate::db::lower(users::email).eq_any(&emails))
            .select(User::as_select())
            .load::<User>(conn)?
            .into_iter()
            .map(|u| (u.email.to_lowercase(), u))
            .collect();
        let metrics: HashMap<String, Metric> = Metric::all(conn)?
            .into_iter()
            .map(|m| (m.key.clone(), m))
            .collect();
        let user_ids: Vec<i64> = users.values().map(|u| u.id).collect();
        let metric_ids: Vec<i64> = metrics.values().map(|m| m.id).collect();
        let totals = MetricEvent::person_totals(conn, &user_ids, &metric_ids)?;
        let refs: Vec<String> = unique(rows.iter().map(|r| r.external_ref.clone()));
        let existing = MetricEvent::existing_refs(conn, &refs)?
            .into_iter()
            .collect();
        let allowed = match actor.role() {
            Role::Admin => Allowed::Everyone,
            Role::Manager => Allowed::Teams {
                actor_id: actor.id,
                teams: tree::managed_subtree(conn, actor.id)?.into_iter().collect(),
            },
            Role::Rep | Role::Executive => Allowed::Nobody,
        };
        Ok(Lookups {
            users,
            metrics,
            existing,
            allowed,
            today,
            minor_unit,
            totals,
        })
    }
}

fn unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let set: HashSet<String> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().collect()
}

/// Checks every row; a reference repeated inside the file is refused on
/// every line after its first.
pub fn check(rows: Vec<RawRow>, lookups: &Lookups) -> Checked {
    let mut checked = Checked::default();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    let mut totals = lookups.totals.clone();
    for row in rows {
        let mut outcome = check_row(&row, lookups);
        // The file's new rows add up: each must keep its person's total
        // where every sum still fits.
        if let Ok(valid) = &outcome
            && !valid.already_imported
        {
            let total = totals.entry((valid.user_id, valid.metric_id)).or_default();
            match number::check_total(*total, valid.value) {
                Ok(()) => *total += valid.value,
                Err(e) => {
                    outcome = Err(vec![format!(
                        "value {}: {}",
                        row.value,
                        e.to_string().to_lowercase()
                    )])
                }
            }
        }
        if !row.external_ref.is_empty() {
            match first_line_of.get(&row.external_ref) {
                Some(first) => {
                    let reason = format!(
                        "external_ref \"{}\" is already used on line {first}",
                        row.external_ref
                    );
                    match &mut outcome {
                        Ok(_) => outcome = Err(vec![reason]),
                        Err(reasons) => reasons.push(reason),
                    }
                }
                None => {
                    first_line_of.insert(row.external_ref.clone(), row.line);
                }
            }
        }
        match outcome {
            Ok(valid) => checked.valid.push(valid),
            Err(reasons) => checked.invalid.push(InvalidRow {
                line: row.line,
                email: row.email,
                metric: row.metric,
                value: row.value,
                date: row.date,
                reasons,
            }),
        }
    }
    checked
}

/// One row against the rules, with every reason it fails.
pub fn check_row(row: &RawRow, lookups: &Lookups) -> Result<ValidRow, Vec<String>> {
    let mut reasons = Vec::new();
    if let Some(shape) = &row.shape_error {
        reasons.push(format!("the row {shape}"));
    }
    let user = person(row, lookups).map_err(|r| reasons.push(r)).ok();
    let metric = metric(row, lookups).map_err(|r| reasons.push(r)).ok();
    let value = value(&row.value, metric, lookups.minor_unit)
        .map_err(|r| reasons.push(r))
        .ok();
    let correction_reason = value.and_then(|v| {
        let reason = &row.correction_reason;
        correction::reason_for(v, !reason.trim().is_empty(), reason)
            .map_err(|e| reasons.push(correction_message(&e)))
            .ok()
            .flatten()
    });
    let date = date(&row.date, lookups.today)
        .map_err(|r| reasons.push(r))
        .ok();
    if row.external_ref.chars().count() > MAX_REF_CHARS {
        reasons.push(format!(
            "external_ref is longer than {MAX_REF_CHARS} characters"
        ));
    }
    if row.note.chars().count() > MAX_NOTE_CHARS {
        reasons.push(format!("note is longer than {MAX_NOTE_CHARS} characters"));
    }
    match (user, metric, value, date) {
        (Some(user), Some(metric), Some(value), Some(date)) if reasons.is_empty() => {
            let external_ref = Some(row.external_ref.clone()).filter(|r| !r.is_empty());
            Ok(ValidRow {
                line: row.line,
                user_id: user.id,
                person: user.name.clone(),
                email: user.email.clone(),
                metric_id: metric.id,
                metric: metric.name.clone(),
                unit: metric.unit.clone(),
                value,
                date,
                already_imported: external_ref
                    .as_ref()
                    .is_some_and(|r| lookups.existing.contains(r)),
                external_ref,
                note: Some(row.note.clone()).filter(|n| !n.is_empty()),
                correction_reason,
            })
        }
        _ => Err(reasons),
    }
}

fn person<'a>(row: &RawRow, lookups: &'a Lookups) -> Result<&'a User, String> {
    if row.email.is_empty() {
        return Err("email is missing".into());
    }
    let Some(user) = lookups.users.get(&row.email.to_lowercase()) else {
        return Err(format!("no user has the email {}", row.email));
    };
    if !user.active {
        return Err(format!("{} ({}) is deactivated", user.name, user.email));
    }
    match &lookups.allowed {
        Allowed::Everyone => Ok(user),
        Allowed::Teams { actor_id, .. } if *actor_id == user.id => {
            Err("you cannot import your own results; ask an administrator".into())
        }
        Allowed::Teams { teams, .. } if user.team_id.is_some_and(|t| teams.contains(&t)) => {
            Ok(user)
        }
        _ => Err(format!("{} is not in a team you manage", user.name)),
    }
}

fn metric<'a>(row: &RawRow, lookups: &'a Lookups) -> Result<&'a Metric, String> {
    let key = row.metric.to_lowercase();
    if key.is_empty() {
        return Err("metric is missing".into());
    }
    match lookups.metrics.get(&key) {
        None => Err(format!(
            "unknown metric \"{}\"; use a metric key such as revenue or calls",
            row.metric
        )),
        Some(m) if !m.active => Err(format!("the metric {} is deactivated", m.name)),
        Some(m) => Ok(m),
    }
}

/// A number in the one grammar, sized for its metric's unit (money in the
/// currency's minor unit).
fn value(text: &str, metric: Option<&Metric>, minor_unit: u32) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err("value is missing".into());
    }
    let amount = number::parse_decimal(text).map_err(|e| match e {
        number::NumberError::TooLarge => format!("value {text} is too large"),
        _ => format!(
            "value \"{text}\" is not a number in the accepted form (such as 1500 or 1,500.50)"
        ),
    })?;
    let Some(metric) = metric else {
        return Ok(amount);
    };
    number::check_value(amount, Unit::of(&metric.unit), minor_unit)
        .map_err(|e| format!("value {text}: {}", e.to_string().to_lowercase()))
}

/// The correction rule in the file's words: the column, not a checkbox.
fn correction_message(e: &correction::CorrectionError) -> String {
    match e {
        correction::CorrectionError::NegativeWithoutCorrection => {
            "a negative value is a correction: give its reason in the correction_reason column"
                .into()
        }
        correction::CorrectionError::NotNegative => {
            "correction_reason is only for a negative value (a correction)".into()
        }
        other => format!("correction_reason: {}", other.to_string().to_lowercase()),
    }
}

fn date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if text.is_empty() {
        return Err("date is missing".into());
    }
    match business_date::parse(text) {
        Err(business_date::DateError::NotADate) => Err(format!(
            "date \"{text}\" is not a date like 2026-03-31 (YYYY-MM-DD)"
        )),
        Err(business_date::DateError::OutOfRange) => {
            Err(format!("date {text} is outside 2000-01-01 to 2100-12-31"))
        }
        Ok(day) if day > today => Err(format!("date {text} is in the future")),
        Ok(day) => Ok(day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            role: "rep".into(),
            team_id: team,
            sponsor_id: None,
            partner_type_id: None,
            partner_tier_id: None,
            active,
            password_hash: String::new(),
            sessions_valid_after: Utc::now(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn metric(id: i64, key: &str, unit: &str, active: bool) -> Metric {
        Metric {
            id,
            key: key.into(),
            name: key.to_uppercase(),
            unit: unit.into(),
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
            today: day("2026-03-15"),
            minor_unit: 2,
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
        check_row(r, &lookups(allowed)).err().unwrap_or_default()
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
        assert!(checked.invalid[0].reasons[0].contains("total"));
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
        assert!(checked.invalid[0].reasons[0].contains("already used on line 3"));
    }
}
