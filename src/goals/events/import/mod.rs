//! The CSV import of metric events: every row of a file checked against
//! the one rule (`goals::events::rule`) before anything is written, then
//! the whole file recorded by `goals::events::record` in one transaction,
//! or nothing when any row is invalid. Rows whose external_ref is already
//! recorded are skipped, so a file can be imported twice safely.

pub mod csv;
mod lookups;
mod row;

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use self::csv::RawRow;
pub use self::lookups::{Allowed, Lookups};
pub use self::row::check_row;
use super::rule::{self, Bounds, Fact};
use super::{Audit, NewEvent, RecordError, Source, record};
use crate::db::DbPool;
use crate::db::users::User;
use crate::error::AppError;

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
    pub unit: crate::domain::number::Unit,
    pub value: Decimal,
    pub date: NaiveDate,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub correction_reason: Option<String>,
    /// What the rule made of the row, for the commit.
    pub fact: Fact,
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
    pub reasons: Vec<crate::i18n::Msg>,
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
            match rule::check_total(*total, valid.value) {
                Ok(()) => *total += valid.value,
                Err(refusal) => outcome = Err(vec![row::message(&refusal, &row, None)]),
            }
        }
        if !row.external_ref.is_empty() {
            match first_line_of.get(&row.external_ref) {
                Some(first) => {
                    let reason = crate::i18n::Msg::new("import-row-ref-repeated")
                        .arg("reference", &row.external_ref)
                        .arg("line", first.to_string());
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

/// Parses and checks `text`: a file-level message, or every row sorted.
/// Nothing is written.
pub async fn check_text(
    pool: &DbPool,
    actor: &User,
    bounds: Bounds,
    text: &str,
) -> Result<Result<Checked, String>, AppError> {
    let rows = match csv::rows(text) {
        Ok(rows) => rows,
        Err(message) => return Ok(Err(message)),
    };
    let actor = actor.clone();
    crate::db::run(pool, move |conn| {
        let lookups = Lookups::load(conn, &actor, bounds, &rows)?;
        Ok(Ok(check(rows, &lookups)))
    })
    .await
}

/// What a commit did.
pub enum Commit {
    /// The file as a whole cannot be read.
    FileError(String),
    /// Some row is invalid: nothing was written.
    Refused(Checked),
    Done {
        imported: usize,
        present: usize,
    },
}

/// Checks the submitted text again (never the preview) and records every
/// new row, or nothing.
pub async fn commit(
    pool: &DbPool,
    actor: &User,
    bounds: Bounds,
    text: &str,
) -> Result<Commit, AppError> {
    let mut checked = match check_text(pool, actor, bounds, text).await? {
        Err(message) => return Ok(Commit::FileError(message)),
        Ok(checked) if !checked.is_clean() => return Ok(Commit::Refused(checked)),
        Ok(checked) => checked,
    };
    let new: Vec<usize> = (0..checked.valid.len())
        .filter(|&i| !checked.valid[i].already_imported)
        .collect();
    let events = new
        .iter()
        .map(|&i| {
            let row = &checked.valid[i];
            NewEvent {
                user_id: row.user_id,
                fact: row.fact.clone(),
                source: Source::Import,
                external_ref: row.external_ref.clone(),
                note: row.note.clone(),
                created_by: Some(actor.id),
            }
        })
        .collect();
    let audit = Audit {
        actor_id: actor.id,
        already_present: checked.already_count(),
    };
    match record(pool, events, Some(audit)).await {
        Ok(recorded) => {
            let imported = recorded.written.len();
            Ok(Commit::Done {
                imported,
                present: checked.valid.len() - imported,
            })
        }
        // Facts recorded since the check moved a total past its bound.
        Err(RecordError::Refused(index, refusal)) => {
            let row = checked.valid.remove(new[index]);
            let value = crate::domain::number::count(row.value);
            let raw = RawRow {
                value: value.clone(),
                ..RawRow::default()
            };
            checked.invalid.push(InvalidRow {
                line: row.line,
                email: row.email,
                metric: row.metric,
                value,
                date: row.date.to_string(),
                reasons: vec![row::message(&refusal, &raw, None)],
            });
            Ok(Commit::Refused(checked))
        }
        Err(RecordError::App(e)) => Err(e),
    }
}
