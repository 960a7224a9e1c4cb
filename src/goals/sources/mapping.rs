//! Reading a sheet through its column mapping: the sheet's own header
//! names stand for the import's columns (email, metric, value, date and
//! the optional external_ref, note, correction_reason); other columns are
//! ignored. Every row gets a reference: the sheet's own, or, when it has
//! none, one made from the row's content, so an unchanged sheet adds
//! nothing when synced again. Pure: text in, rows or one message out.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::goals::events::import::csv::{self, MAX_BYTES, MAX_ROWS, RawRow, Record};
use crate::i18n::Msg;

/// The sheet's header for each import column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub email: String,
    pub metric: String,
    pub value: String,
    pub date: String,
    pub external_ref: Option<String>,
    pub note: Option<String>,
    pub correction_reason: Option<String>,
}

impl Default for Mapping {
    /// The import's own column names.
    fn default() -> Self {
        Mapping {
            email: "email".into(),
            metric: "metric".into(),
            value: "value".into(),
            date: "date".into(),
            external_ref: Some("external_ref".into()),
            note: Some("note".into()),
            correction_reason: Some("correction_reason".into()),
        }
    }
}

fn norm(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Where the mapped columns sit in the sheet.
struct Positions {
    email: usize,
    metric: usize,
    value: usize,
    date: usize,
    external_ref: Option<usize>,
    note: Option<usize>,
    correction_reason: Option<usize>,
    count: usize,
}

fn positions(header: &Record, mapping: &Mapping) -> Result<Positions, Msg> {
    let names: Vec<String> = header.fields.iter().map(|f| norm(f)).collect();
    let find = |wanted: &str| names.iter().position(|n| *n == norm(wanted));
    let required = [
        &mapping.email,
        &mapping.metric,
        &mapping.value,
        &mapping.date,
    ];
    let mut missing: Vec<&str> = required
        .iter()
        .filter(|c| find(c).is_none())
        .map(|c| c.as_str())
        .collect();
    // An optional column named in the mapping must be there too: a
    // renamed reference column would otherwise import everything again.
    let optional = [
        &mapping.external_ref,
        &mapping.note,
        &mapping.correction_reason,
    ];
    for name in optional.iter().filter_map(|c| c.as_deref()) {
        if find(name).is_none() {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return Err(Msg::new("sources-sheet-columns-missing")
            .arg("columns", missing.join(", "))
            .arg("found", header.fields.join(", ")));
    }
    let opt = |c: &Option<String>| c.as_deref().and_then(find);
    Ok(Positions {
        email: find(&mapping.email).unwrap_or_default(),
        metric: find(&mapping.metric).unwrap_or_default(),
        value: find(&mapping.value).unwrap_or_default(),
        date: find(&mapping.date).unwrap_or_default(),
        external_ref: opt(&mapping.external_ref),
        note: opt(&mapping.note),
        correction_reason: opt(&mapping.correction_reason),
        count: names.len(),
    })
}

/// The reference of a row without its own: the source, the row's content
/// and, for the second and later copies of an identical row, which copy.
pub fn content_ref(source_id: i64, row: &RawRow, copy: usize) -> String {
    let mut hash = Sha256::new();
    for part in [
        row.email.to_lowercase().as_str(),
        row.metric.to_lowercase().as_str(),
        row.value.as_str(),
        row.date.as_str(),
        row.note.as_str(),
        row.correction_reason.as_str(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0x1f]);
    }
    let digest = hash.finalize();
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    if copy > 1 {
        format!("sheet-{source_id}-{hex}-{copy}")
    } else {
        format!("sheet-{source_id}-{hex}")
    }
}

/// The sheet's data rows as import rows, each with a reference, or why the
/// sheet as a whole cannot be read. A sheet with only its header has no
/// rows (a sync of it adds nothing).
pub fn rows(text: &str, mapping: &Mapping, source_id: i64) -> Result<Vec<RawRow>, Msg> {
    if text.len() > MAX_BYTES {
        return Err(Msg::new("sources-sheet-too-large")
            .arg("kb", i64::try_from(MAX_BYTES / 1024).unwrap_or(i64::MAX)));
    }
    let records = csv::records(text).map_err(Msg::verbatim)?;
    let Some((header, data)) = records.split_first() else {
        return Err(Msg::new("sources-sheet-empty"));
    };
    let at = positions(header, mapping)?;
    if data.len() > MAX_ROWS {
        return Err(Msg::new("sources-sheet-too-many-rows")
            .arg("rows", i64::try_from(data.len()).unwrap_or(i64::MAX))
            .arg("max", i64::try_from(MAX_ROWS).unwrap_or(i64::MAX)));
    }
    let mut copies: HashMap<String, usize> = HashMap::new();
    Ok(data
        .iter()
        .map(|record| {
            let get = |i: usize| {
                record
                    .fields
                    .get(i)
                    .map(|f| f.trim().to_string())
                    .unwrap_or_default()
            };
            let get_opt = |i: Option<usize>| i.map(get).unwrap_or_default();
            let shape_error = (record.fields.len() != at.count).then(|| {
                format!(
                    "has {} fields but the header has {}",
                    record.fields.len(),
                    at.count
                )
            });
            let mut row = RawRow {
                line: record.line,
                email: get(at.email),
                metric: get(at.metric),
                value: get(at.value),
                date: get(at.date),
                external_ref: get_opt(at.external_ref),
                note: get_opt(at.note),
                correction_reason: get_opt(at.correction_reason),
                shape_error,
            };
            if row.external_ref.is_empty() {
                let first = content_ref(source_id, &row, 1);
                let copy = copies.entry(first).or_default();
                *copy += 1;
                row.external_ref = content_ref(source_id, &row, *copy);
            }
            row
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet_mapping() -> Mapping {
        Mapping {
            email: "Rep email".into(),
            metric: "KPI".into(),
            value: "Amount".into(),
            date: "Day".into(),
            external_ref: Some("Deal".into()),
            note: None,
            correction_reason: None,
        }
    }

    #[test]
    fn mapped_columns_are_found_in_any_order_and_others_ignored() {
        let text = "Day,Owner team,rep EMAIL,KPI,Amount,Deal\n2026-11-02,North,ann@x.test,revenue,\"1,500\",D-1\n";
        let rows = rows(text, &sheet_mapping(), 7).unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            (row.email.as_str(), row.metric.as_str(), row.value.as_str()),
            ("ann@x.test", "revenue", "1,500")
        );
        assert_eq!(
            (row.date.as_str(), row.external_ref.as_str()),
            ("2026-11-02", "D-1")
        );
        assert_eq!(row.line, 2);
        assert!(row.shape_error.is_none());
    }

    #[test]
    fn a_missing_mapped_column_fails_the_sheet_naming_it() {
        let message = rows("Day,KPI,Amount\n", &sheet_mapping(), 1).unwrap_err();
        assert_eq!(message.key(), Some("sources-sheet-columns-missing"));
        assert!(
            message.english().contains("Rep email"),
            "{}",
            message.english()
        );
        assert!(message.english().contains("Deal"));
        assert_eq!(
            rows("", &Mapping::default(), 1).unwrap_err().key(),
            Some("sources-sheet-empty")
        );
    }

    #[test]
    fn a_header_alone_is_no_rows() {
        assert!(
            rows(
                "email,metric,value,date\n",
                &Mapping {
                    external_ref: None,
                    note: None,
                    correction_reason: None,
                    ..Mapping::default()
                },
                1
            )
            .unwrap()
            .is_empty()
        );
    }

    #[test]
    fn rows_without_a_reference_get_a_stable_one_from_their_content() {
        let mapping = Mapping {
            external_ref: Some("external_ref".into()),
            note: None,
            correction_reason: None,
            ..Mapping::default()
        };
        let text = "email,metric,value,date,external_ref\n\
                    a@x.test,calls,1,2026-11-02,\n\
                    a@x.test,calls,1,2026-11-02,\n\
                    a@x.test,calls,2,2026-11-02,\n\
                    a@x.test,calls,1,2026-11-02,own-ref\n";
        let first = rows(text, &mapping, 3).unwrap();
        let refs: Vec<&str> = first.iter().map(|r| r.external_ref.as_str()).collect();
        assert!(refs[0].starts_with("sheet-3-"));
        assert_eq!(
            refs[1],
            format!("{}-2", refs[0]),
            "an identical row is another copy"
        );
        assert_ne!(refs[2], refs[0], "another value is another row");
        assert_eq!(refs[3], "own-ref");
        // The same sheet read again gives the same references; another
        // source never shares them.
        let again = rows(text, &mapping, 3).unwrap();
        assert!(
            first
                .iter()
                .zip(&again)
                .all(|(a, b)| a.external_ref == b.external_ref)
        );
        let other = rows(text, &mapping, 4).unwrap();
        assert_ne!(other[0].external_ref, first[0].external_ref);
        assert!(
            refs.iter()
                .all(|r| r.chars().count() <= crate::goals::events::import::MAX_REF_CHARS)
        );
    }

    #[test]
    fn a_short_row_is_flagged() {
        let text = "email,metric,value,date\na@x.test,calls\n";
        let mapping = Mapping {
            external_ref: None,
            note: None,
            correction_reason: None,
            ..Mapping::default()
        };
        let rows = rows(text, &mapping, 1).unwrap();
        assert!(rows[0].shape_error.is_some());
    }
}
