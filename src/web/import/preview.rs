//! What the import preview (`templates/import/_preview.html`) shows: the
//! checked rows, counted and formatted.

use crate::goals::events::import::{Checked, InvalidRow};
use crate::web::format::Fmt;

/// Valid rows listed in a preview; the rest are counted.
const VALID_SHOWN: usize = 200;

/// A valid row as the preview lists it.
pub struct PreviewRow {
    pub line: usize,
    pub person: String,
    pub email: String,
    pub metric: String,
    pub value: String,
    pub date: String,
    pub external_ref: String,
    pub already_imported: bool,
}

/// What the preview (`templates/import/_preview.html`) shows.
pub struct Preview {
    /// Why the file as a whole cannot be read; nothing else is shown then.
    pub file_error: Option<String>,
    /// The text, for the commit form's hidden field.
    pub csv: String,
    pub total: usize,
    pub new_count: usize,
    pub already_count: usize,
    pub without_ref: usize,
    pub invalid: Vec<InvalidRow>,
    pub valid: Vec<PreviewRow>,
    pub valid_hidden: usize,
    /// A commit was refused: say that nothing was written.
    pub refused: bool,
    pub csrf_token: String,
}

impl Preview {
    pub fn file_error(message: String, csrf_token: String) -> Preview {
        Preview {
            file_error: Some(message),
            csv: String::new(),
            total: 0,
            new_count: 0,
            already_count: 0,
            without_ref: 0,
            invalid: Vec::new(),
            valid: Vec::new(),
            valid_hidden: 0,
            refused: false,
            csrf_token,
        }
    }

    pub fn of(checked: Checked, csv: String, f: &Fmt, csrf_token: String) -> Preview {
        let total = checked.valid.len() + checked.invalid.len();
        let (new_count, already_count) = (checked.new_count(), checked.already_count());
        let without_ref = checked.without_ref_count();
        let valid_hidden = checked.valid.len().saturating_sub(VALID_SHOWN);
        let valid = checked
            .valid
            .into_iter()
            .take(VALID_SHOWN)
            .map(|r| PreviewRow {
                line: r.line,
                person: r.person,
                email: r.email,
                metric: r.metric,
                value: f.value(r.value, r.unit),
                date: r.date.format("%Y-%m-%d").to_string(),
                external_ref: r.external_ref.unwrap_or_default(),
                already_imported: r.already_imported,
            })
            .collect();
        Preview {
            file_error: None,
            csv,
            total,
            new_count,
            already_count,
            without_ref,
            invalid: checked.invalid,
            valid,
            valid_hidden,
            refused: false,
            csrf_token,
        }
    }

    /// Whether the whole file is valid (the commit button shows only then).
    pub fn is_clean(&self) -> bool {
        self.file_error.is_none() && self.invalid.is_empty()
    }
}
