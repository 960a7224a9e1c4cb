//! The Fluent catalogs, compiled in, and the lookups on `Lang`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{LazyLock, RwLock};

use fluent_bundle::FluentValue;
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

use super::Lang;

fluent_templates::static_loader! {
    static CATALOGS = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments (they would show up
        // in titles, CSV files and emails), and numbers grouped by ICU4X.
        customise: |bundle| {
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(super::format::fluent_number));
        },
    };
}

static IDS: LazyLock<[LanguageIdentifier; 2]> =
    LazyLock::new(|| Lang::ALL.map(|l| l.as_str().parse().expect("a valid language tag")));

/// A language's messages without arguments, by key.
type Resolved = RwLock<FxHashMap<Box<str>, Box<str>>>;

/// Messages without arguments, per language, as first resolved. A page
/// names hundreds of them (a rollup of 200 teams, each cell's health
/// label), and Fluent resolves a message afresh every time: negotiating
/// the language, hashing the bundle's key, walking the pattern. Such a
/// message is the same text every time, so it is kept here once found.
/// Only keys the catalogs hold are kept, so the table never grows past
/// the catalogs.
static PLAIN: LazyLock<[Resolved; 2]> = LazyLock::new(|| [RwLock::default(), RwLock::default()]);

/// A piece of a message made of text and arguments only.
#[derive(Debug)]
enum Piece {
    Text(Box<str>),
    Arg(Box<str>),
}

/// A language's messages that are text and arguments only, by key.
type Patterns = FxHashMap<Box<str>, Box<[Piece]>>;

/// Every catalog file as (language tag, source), embedded by `build.rs`.
const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The messages of each language that are text and arguments only (no
/// selector, term, function or literal), in pieces. Most messages with
/// arguments are such ("{ $day }: { $value }"), and Fluent resolves them
/// afresh every time: an argument map with its hashing, the bundle's
/// lookup, the pattern's walk. Given text arguments, such a message is its
/// pieces joined, which [`Lang::tr_slice`] does itself; any other message,
/// or a number among the arguments (but a count below a thousand), goes to
/// Fluent.
static SIMPLE: LazyLock<[Patterns; 2]> = LazyLock::new(|| Lang::ALL.map(simple_patterns));

fn simple_patterns(lang: Lang) -> Patterns {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    let mut patterns = Patterns::default();
    let mut seen = std::collections::HashSet::new();
    let sources = SOURCES.iter().filter(|(tag, _)| *tag == lang.as_str());
    for (_, source) in sources {
        let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(r, _)| r);
        for entry in resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            // A key given twice is left to Fluent, whichever one it keeps.
            if !seen.insert(message.id.name) {
                patterns.remove(message.id.name);
                continue;
            }
            let Some(pattern) = message.value else {
                continue;
            };
            let pieces: Option<Vec<Piece>> = pattern
                .elements
                .into_iter()
                .map(|element| match element {
                    PatternElement::TextElement { value } => Some(Piece::Text(value.into())),
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::VariableReference { id }),
                    } => Some(Piece::Arg(id.name.into())),
                    PatternElement::Placeable { .. } => None,
                })
                .collect();
            if let Some(pieces) = pieces {
                patterns.insert(message.id.name.into(), pieces.into());
            }
        }
    }
    patterns
}

/// `pieces` with `args` in place, when every argument it names is text or
/// a count below a thousand (a day, a month).
fn filled(pieces: &[Piece], args: &[(&str, Arg)]) -> Option<String> {
    let mut text = String::with_capacity(64);
    for piece in pieces {
        match piece {
            Piece::Text(part) => text.push_str(part),
            Piece::Arg(name) => match args.iter().find(|(n, _)| *n == &**name)? {
                (_, Arg::Text(value)) => text.push_str(value),
                // Below a thousand a count has no grouping in either language.
                (_, Arg::Count(n)) if (0..1000).contains(n) => {
                    let _ = write!(text, "{n}");
                }
                _ => return None,
            },
        }
    }
    Some(text)
}

/// A value a message takes: text (already formatted: names, amounts,
/// dates), a count, which also picks the plural form, or a decimal number
/// (a limit, a bound), grouped in the reader's locale when rendered.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Count(i64),
    Number(rust_decimal::Decimal),
}

impl From<rust_decimal::Decimal> for Arg {
    fn from(n: rust_decimal::Decimal) -> Arg {
        Arg::Number(n)
    }
}
impl From<&rust_decimal::Decimal> for Arg {
    fn from(n: &rust_decimal::Decimal) -> Arg {
        Arg::Number(*n)
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}
impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}
impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}
impl From<&&str> for Arg {
    fn from(text: &&str) -> Arg {
        Arg::Text(text.to_string())
    }
}
macro_rules! count_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Arg {
                Arg::Count(i64::try_from(*n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_arg!(i16, i32, i64, u8, u16, u32, u64, usize);

impl Arg {
    fn to_fluent(&self, lang: Lang) -> FluentValue<'_> {
        match self {
            Arg::Text(text) => FluentValue::from(text.as_str()),
            // Counts stay far below 2^53, where f64 is exact.
            Arg::Count(n) => FluentValue::from(*n as f64),
            Arg::Number(n) => FluentValue::from(lang.count(*n)),
        }
    }
}

impl Lang {
    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Ko => 1,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        &IDS[self.index()]
    }

    /// The message `key` in this language. A key missing from the catalogs
    /// (which the catalog test forbids) shows as the key itself.
    pub fn t(self, key: &str) -> String {
        let plain = &PLAIN[self.index()];
        if let Some(text) = plain.read().ok().as_ref().and_then(|m| m.get(key)) {
            return text.to_string();
        }
        match self.resolve(key, None) {
            Some(text) => {
                if let Ok(mut m) = plain.write() {
                    m.insert(key.into(), text.as_str().into());
                }
                text
            }
            None => self.missing(key),
        }
    }

    /// The message `key` with its arguments.
    pub fn tr<const N: usize>(self, key: &str, args: [(&str, Arg); N]) -> String {
        self.tr_slice(key, &args)
    }

    /// [`Lang::tr`] for arguments gathered at run time ([`super::Msg`]).
    pub fn tr_slice(self, key: &str, args: &[(&str, Arg)]) -> String {
        let quick = SIMPLE[self.index()].get(key);
        match quick.and_then(|pieces| filled(pieces, args)) {
            Some(text) => text,
            None => self.fluent(key, args),
        }
    }

    /// The message `key` with its arguments, as Fluent resolves it.
    fn fluent(self, key: &str, args: &[(&str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Owned(name.to_string()), value.to_fluent(self)))
            .collect();
        self.lookup(key, Some(&map))
    }

    fn lookup(
        self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> String {
        self.resolve(key, args).unwrap_or_else(|| self.missing(key))
    }

    /// The message in this language, else in English (the fallback), as
    /// `Loader::try_lookup_complete` would give it, without negotiating
    /// the language on every call: each language has its own bundle.
    fn resolve(
        self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> Option<String> {
        CATALOGS
            .lookup_single_language(self.id(), key, args)
            .ok()
            .or_else(|| {
                (self != Lang::En)
                    .then(|| {
                        CATALOGS
                            .lookup_single_language(Lang::En.id(), key, args)
                            .ok()
                    })
                    .flatten()
            })
    }

    fn missing(self, key: &str) -> String {
        tracing::warn!(
            key,
            lang = self.as_str(),
            "message missing from the catalogs"
        );
        key.to_string()
    }

    /// Whether this language's catalog has `key` (for the tests and for
    /// keys chosen at run time from a closed list).
    pub fn has(self, key: &str) -> bool {
        CATALOGS
            .lookup_no_default_fallback::<&str>(self.id(), key, None)
            .is_some()
    }
}

/// The message ids of one `.ftl` source, in order (for the catalog tests).
pub fn keys_of(source: &str) -> Vec<String> {
    use fluent_bundle::FluentResource;
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message the quick form holds reads, with text arguments, as
    /// Fluent reads it, in both languages; a number among the arguments
    /// or a missing one goes to Fluent.
    #[test]
    fn the_quick_form_of_a_message_reads_as_fluent_reads_it() {
        for lang in Lang::ALL {
            let simple = &SIMPLE[lang.index()];
            let with_args = simple
                .values()
                .filter(|pieces| pieces.iter().any(|p| matches!(p, Piece::Arg(_))))
                .count();
            assert!(
                with_args > 100,
                "{lang:?}: {with_args} messages with arguments"
            );
            for (key, pieces) in simple {
                let args: Vec<(&str, Arg)> = pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Arg(name) => Some(&**name),
                        Piece::Text(_) => None,
                    })
                    .map(|name| (name, Arg::Text(format!("«{name}» ₩1,250"))))
                    .collect();
                assert_eq!(lang.tr_slice(key, &args), lang.fluent(key, &args), "{key}");
                assert_eq!(
                    filled(pieces, &args).as_deref(),
                    Some(&*lang.fluent(key, &args))
                );
            }
        }
        // Counts below a thousand, as Fluent groups (or does not group) them.
        for lang in Lang::ALL {
            for (key, pieces) in &SIMPLE[lang.index()] {
                for n in [0, 7, 31, 999] {
                    let args: Vec<(&str, Arg)> = pieces
                        .iter()
                        .filter_map(|p| match p {
                            Piece::Arg(name) => Some((&**name, Arg::Count(n))),
                            Piece::Text(_) => None,
                        })
                        .collect();
                    assert_eq!(lang.tr_slice(key, &args), lang.fluent(key, &args), "{key}");
                }
            }
        }
        let dot = [("day", Arg::from("3 Dec")), ("value", Arg::Count(1250))];
        assert_eq!(filled(&SIMPLE[0]["chart-trend-dot"], &dot), None);
        assert_eq!(Lang::En.tr_slice("chart-trend-dot", &dot), "3 Dec: 1,250");
        assert_eq!(filled(&SIMPLE[0]["chart-trend-dot"], &dot[..1]), None);
        assert_eq!(
            Lang::Ko.tr(
                "chart-trend-dot-live",
                [("day", "12월 3일".into()), ("value", "₩5".into())]
            ),
            "12월 3일: ₩5 (오늘, 실시간)"
        );
    }

    /// A message with a selector is left to Fluent: its plural forms.
    #[test]
    fn a_message_that_chooses_is_left_to_fluent() {
        let choosing: Vec<&str> = SOURCES
            .iter()
            .filter(|(tag, _)| *tag == "en")
            .flat_map(|(_, source)| source.lines())
            .filter(|line| line.contains("->"))
            .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.trim()))
            .collect();
        assert!(!choosing.is_empty());
        for key in choosing {
            assert!(!SIMPLE[0].contains_key(key), "{key}");
        }
    }
}
