//! Reading the import file: RFC 4180 records (quoted fields, `""` escapes,
//! CRLF or LF line ends) with the line each record starts on, and the header
//! that names the columns. Pure text in, records or one file-level message out.

/// Largest file accepted.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Most data rows accepted in one file.
pub const MAX_ROWS: usize = 5_000;

/// One record and the line of the file it starts on (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits `text` into records. Blank lines are skipped. A quote left open
/// swallows the rest of the file, so it fails the whole file with the line
/// it was opened on.
pub fn records(text: &str) -> Result<Vec<Record>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    // Inside quotes, and the line the quote opened on.
    let mut quoted: Option<usize> = None;
    // The current field was quoted and its closing quote has passed.
    let mut closed = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted.is_some() {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = None;
                    closed = true;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    line += 1;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match ch {
            ',' => {
                fields.push(std::mem::take(&mut field));
                closed = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                push_record(&mut out, start, std::mem::take(&mut fields));
                closed = false;
                line += 1;
                start = line;
            }
            '"' if field.trim().is_empty() && !closed => {
                field.clear();
                quoted = Some(line);
            }
            _ if closed => {
                return Err(format!(
                    "Line {line}: text after a closing quote. Put the whole field in quotes and double any quote inside it (\"\")."
                ));
            }
            other => field.push(other),
        }
    }
    if let Some(opened) = quoted {
        return Err(format!(
            "Line {opened}: a quoted field is never closed. Check that every opening \" has a closing one."
        ));
    }
    fields.push(field);
    push_record(&mut out, start, fields);
    Ok(out)
}

fn push_record(out: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    let blank = fields.iter().all(|f| f.trim().is_empty());
    if !blank {
        out.push(Record { line, fields });
    }
}

/// Where each known column sits in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub email: usize,
    pub metric: usize,
    pub value: usize,
    pub date: usize,
    pub external_ref: Option<usize>,
    pub note: Option<usize>,
    pub correction_reason: Option<usize>,
    pub count: usize,
}

pub const REQUIRED: [&str; 4] = ["email", "metric", "value", "date"];
pub const OPTIONAL: [&str; 3] = ["external_ref", "note", "correction_reason"];

impl Columns {
    /// Reads the header: the four required columns in any order, optionally
    /// `external_ref`, `note` and `correction_reason` (needed on a row with
    /// a negative value); nothing unknown, nothing twice.
    pub fn from_header(header: &Record) -> Result<Columns, String> {
        let names: Vec<String> = header
            .fields
            .iter()
            .map(|f| f.trim().to_lowercase())
            .collect();
        for (i, name) in names.iter().enumerate() {
            if !REQUIRED.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
                return Err(format!(
                    "The header has an unknown column \"{}\". Use email,metric,value,date,external_ref (note and correction_reason are optional too).",
                    header.fields[i].trim()
                ));
            }
            if names[..i].contains(name) {
                return Err(format!("The header names the column \"{name}\" twice."));
            }
        }
        let find = |wanted: &str| names.iter().position(|n| n == wanted);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| find(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "The first line must be the header email,metric,value,date,external_ref; it lacks {}.",
                missing.join(", ")
            ));
        }
        Ok(Columns {
            email: find("email").unwrap_or_default(),
            metric: find("metric").unwrap_or_default(),
            value: find("value").unwrap_or_default(),
            date: find("date").unwrap_or_default(),
            external_ref: find("external_ref"),
            note: find("note"),
            correction_reason: find("correction_reason"),
            count: names.len(),
        })
    }
}

/// A data row's fields by name, before any checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub email: String,
    pub metric: String,
    pub value: String,
    pub date: String,
    pub external_ref: String,
    pub note: String,
    pub correction_reason: String,
    /// The record does not have as many fields as the header.
    pub shape_error: Option<String>,
}

/// The header and data rows of a file, or why the file as a whole cannot be
/// read (empty, too large, no header, too many rows, broken quoting).
pub fn rows(text: &str) -> Result<Vec<RawRow>, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "The file is {} KB; import at most 1,024 KB (1 MB) at a time. Split it into smaller files.",
            text.len().div_ceil(1024)
        ));
    }
    let records = records(text)?;
    let Some((header, data)) = records.split_first() else {
        return Err(
            "The file is empty. Paste or upload a CSV whose first line is email,metric,value,date,external_ref."
                .into(),
        );
    };
    let columns = Columns::from_header(header)?;
    if data.is_empty() {
        return Err("The file has a header but no rows to import.".into());
    }
    if data.len() > MAX_ROWS {
        return Err(format!(
            "The file has {} rows; import at most {} at a time. Split it into smaller files.",
            grouped(data.len()),
            grouped(MAX_ROWS)
        ));
    }
    Ok(data.iter().map(|r| raw_row(r, &columns)).collect())
}

/// 5000 → "5,000".
fn grouped(n: usize) -> String {
    crate::domain::number::count(rust_decimal::Decimal::from(n))
}

fn raw_row(record: &Record, columns: &Columns) -> RawRow {
    let get = |i: usize| record.fields.get(i).map(|f| f.trim().to_string());
    let get_opt = |i: Option<usize>| i.and_then(get).unwrap_or_default();
    let shape_error = (record.fields.len() != columns.count).then(|| {
        format!(
            "has {} fields but the header has {}",
            record.fields.len(),
            columns.count
        )
    });
    RawRow {
        line: record.line,
        email: get(columns.email).unwrap_or_default(),
        metric: get(columns.metric).unwrap_or_default(),
        value: get(columns.value).unwrap_or_default(),
        date: get(columns.date).unwrap_or_default(),
        external_ref: get_opt(columns.external_ref),
        note: get_opt(columns.note),
        correction_reason: get_opt(columns.correction_reason),
        shape_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(line: usize, fields: &[&str]) -> Record {
        Record {
            line,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn plain_records_carry_their_line_and_blank_lines_are_skipped() {
        assert_eq!(
            records("a,b\r\n\r\n1,2\n3,\n").unwrap(),
            [rec(1, &["a", "b"]), rec(3, &["1", "2"]), rec(4, &["3", ""])]
        );
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_newlines() {
        assert_eq!(
            records("\u{feff}x,y\n\"1,500\",\"say \"\"hi\"\"\nthere\"\nlast,1").unwrap(),
            [
                rec(1, &["x", "y"]),
                rec(2, &["1,500", "say \"hi\"\nthere"]),
                rec(4, &["last", "1"]),
            ]
        );
    }

    #[test]
    fn broken_quoting_fails_the_file_with_its_line() {
        assert!(records("a\n\"open,1\n2").unwrap_err().starts_with("Line 2"));
        assert!(records("a\n\"x\"y,1").unwrap_err().starts_with("Line 2"));
    }

    #[test]
    fn the_header_names_columns_in_any_order() {
        let header = Record {
            line: 1,
            fields: vec![
                "Date".into(),
                " email ".into(),
                "value".into(),
                "metric".into(),
            ],
        };
        let columns = Columns::from_header(&header).unwrap();
        assert_eq!(
            (columns.email, columns.date, columns.external_ref),
            (1, 0, None)
        );
        let unknown = Record {
            line: 1,
            fields: vec!["email".into(), "amount".into()],
        };
        assert!(
            Columns::from_header(&unknown)
                .unwrap_err()
                .contains("amount")
        );
    }

    #[test]
    fn whole_file_problems_are_one_message() {
        assert!(rows("").unwrap_err().contains("empty"));
        assert!(
            rows("email,metric,value,date\n")
                .unwrap_err()
                .contains("no rows")
        );
        assert!(
            rows("name,value\nx,1")
                .unwrap_err()
                .contains("unknown column")
        );
        let many = format!(
            "email,metric,value,date\n{}",
            "a@b.c,calls,1,2026-01-01\n".repeat(MAX_ROWS + 1)
        );
        assert!(rows(&many).unwrap_err().contains("at most 5,000"));
        let huge = "x".repeat(MAX_BYTES + 1);
        assert!(rows(&huge).unwrap_err().contains("1 MB"));
    }

    #[test]
    fn a_short_row_is_flagged_not_dropped() {
        let rows = rows("email,metric,value,date,external_ref\na@b.c,calls,1\n").unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].email, "a@b.c");
        assert!(rows[0].shape_error.as_deref().unwrap().contains("3 fields"));
    }
}
