//! The layering rules of `docs/DESIGN.md`, checked on the source:
//! handlers in `src/web` and `src/api` only translate (no queries of their
//! own), and nothing below them knows they exist.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The file's code lines with their numbers: comments and doc comments are
/// left out, so prose may name any module.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim().to_string()))
        .filter(|(_, line)| !line.starts_with("//"))
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

/// What only the table layer (`db/`) and the services may write.
const QUERY_CODE: &[&str] = &[
    "diesel::prelude",
    "diesel::dsl",
    "diesel::sql_query",
    "sql_query(",
    "db::schema",
    "RunQueryDsl",
    "QueryDsl",
    "ExpressionMethods",
    "diesel::insert_into",
    "diesel::update",
    "diesel::delete",
    "diesel::select",
    ".transaction(",
    ".transaction::<",
];

#[test]
fn handlers_hold_no_queries() {
    let mut found = Vec::new();
    for folder in ["web", "api"] {
        for file in rust_files(&src().join(folder)) {
            for (number, line) in code_lines(&file) {
                if let Some(pattern) = QUERY_CODE.iter().find(|p| line.contains(**p)) {
                    found.push(format!("{}:{number}: {pattern}", relative(&file)));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "query code in handlers (move it to a service or to db/):\n{}",
        found.join("\n")
    );
}

/// The composition root may wire the edges together; nothing else below
/// them may name them.
const ROOT: &[&str] = &["main.rs", "lib.rs", "cli.rs", "startup.rs"];

#[test]
fn nothing_below_the_edges_imports_them() {
    let mut found = Vec::new();
    for file in rust_files(&src()) {
        let inside = file.strip_prefix(src()).unwrap();
        let top = inside.components().next().unwrap().as_os_str();
        if top == "web" || top == "api" || ROOT.iter().any(|r| inside == Path::new(r)) {
            continue;
        }
        for (number, line) in code_lines(&file) {
            if line.contains("crate::web") || line.contains("crate::api") {
                found.push(format!("{}:{number}: {line}", relative(&file)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "modules below web/ and api/ that import them:\n{}",
        found.join("\n")
    );
}
