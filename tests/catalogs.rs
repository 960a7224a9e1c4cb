//! The two catalogs (`locales/en`, `locales/ko`) say the same things: the
//! same keys, each with the same placeholders, and no key that no code uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

type Catalog = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for p in &arguments.positional {
                inline_variables(p, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

/// Every message of one language: key → its placeholders. A key defined
/// twice, or a file that does not parse, fails here.
fn catalog(lang: &str) -> Catalog {
    let mut keys = Catalog::new();
    for file in files(&root().join("locales").join(lang), "ftl") {
        let source = std::fs::read_to_string(&file).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", file.display()));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                if let Some(value) = &message.value {
                    variables(value, &mut vars);
                }
                for attribute in &message.attributes {
                    variables(&attribute.value, &mut vars);
                }
                let key = message.id.name.to_string();
                assert!(
                    keys.insert(key.clone(), vars).is_none(),
                    "{lang}: {key} is defined twice"
                );
            }
        }
    }
    keys
}

#[test]
fn both_catalogs_have_the_same_keys() {
    let en = catalog("en");
    let ko = catalog("ko");
    let only_en: Vec<_> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
    let only_ko: Vec<_> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing from ko: {only_en:?}");
    assert!(only_ko.is_empty(), "missing from en: {only_ko:?}");
}

#[test]
fn each_message_takes_the_same_placeholders_in_both_languages() {
    let en = catalog("en");
    let ko = catalog("ko");
    let differing: Vec<String> = en
        .iter()
        .filter_map(|(key, vars)| {
            let theirs = ko.get(key)?;
            (theirs != vars).then(|| format!("{key}: en {vars:?}, ko {theirs:?}"))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "placeholders differ:\n{}",
        differing.join("\n")
    );
}

/// Code names a key as a whole string literal (`"nav-dashboard"`), never
/// assembled at run time, so a key nobody quotes is a key nobody uses.
#[test]
fn every_key_is_used_by_some_code() {
    let mut code = String::new();
    for file in files(&root().join("src"), "rs")
        .into_iter()
        .chain(files(&root().join("templates"), "html"))
    {
        code.push_str(&std::fs::read_to_string(file).unwrap());
    }
    let unused: Vec<String> = catalog("en")
        .into_keys()
        .filter(|key| !code.contains(&format!("\"{key}\"")))
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

/// Every key the code quotes in a lookup exists in the catalogs (the
/// `i18n` module's own examples and tests aside).
#[test]
fn every_key_the_code_looks_up_exists() {
    let en = catalog("en");
    let mut missing = BTreeSet::new();
    let calls = [
        ".t(\"",
        ".tr(\"",
        ".tr_slice(\"",
        "Msg::new(\"",
        "Key(\"",
        "layout_t(\"",
    ];
    let own = root().join("src").join("i18n");
    for file in files(&root().join("src"), "rs")
        .into_iter()
        .filter(|f| !f.starts_with(&own))
        .chain(files(&root().join("templates"), "html"))
    {
        let text = std::fs::read_to_string(&file).unwrap();
        for call in calls {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                if !key.is_empty() && !en.contains_key(key) {
                    missing.insert(format!("{}: {key}", file.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing from the catalogs: {missing:?}"
    );
}
