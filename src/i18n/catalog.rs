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

/// A piece of a message made of text, arguments and choices by number.
#[derive(Debug)]
enum Piece {
    Text(Box<str>),
    Arg(Box<str>),
    /// `{ $count -> [1] … *[12] … }` whose keys are all whole numbers:
    /// the variant whose key equals the count, else the default.
    Choice {
        on: Box<str>,
        variants: Box<[(i64, Box<[Piece]>)]>,
        default: Box<[Piece]>,
    },
}

/// A language's messages that are text and arguments only, by key.
type Patterns = FxHashMap<Box<str>, Box<[Piece]>>;

/// Every catalog file as (language tag, source), embedded by `build.rs`.
const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The messages of each language that are text and arguments only (no
/// term, function or literal, and no choice but by whole numbers: a
/// plural category needs Fluent's rules), in pieces. Most messages with
/// arguments are such ("{ $day }: { $value }", English month names chosen
/// by number), and Fluent resolves them afresh every time: an argument map
/// with its hashing, the bundle's lookup, the pattern's walk. Given text
/// arguments (and counts where they choose), such a message is its pieces
/// joined, which [`Lang::tr_slice`] does itself; any other message, or a
/// number printed that is not a count below a thousand, goes to Fluent.
static SIMPLE: LazyLock<[Patterns; 2]> = LazyLock::new(|| Lang::ALL.map(simple_patterns));

/// A pattern's pieces, if it is text, arguments and choices by number.
fn pieces_of(pattern: fluent_syntax::ast::Pattern<&str>) -> Option<Box<[Piece]>> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement, VariantKey};
    pattern
        .elements
        .into_iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => Some(Piece::Text(value.into())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => Some(Piece::Arg(id.name.into())),
            PatternElement::Placeable {
                expression:
                    Expression::Select {
                        selector: InlineExpression::VariableReference { id },
                        variants,
                    },
            } => {
                // The default's own key chooses it as no key would.
                let mut default = None;
                let mut keyed = Vec::new();
                for variant in variants {
                    let VariantKey::NumberLiteral { value } = variant.key else {
                        return None;
                    };
                    let pieces = pieces_of(variant.value)?;
                    let key: i64 = value.parse().ok()?;
                    if variant.default {
                        default = Some(pieces);
                    } else {
                        keyed.push((key, pieces));
                    }
                }
                Some(Piece::Choice {
                    on: id.name.into(),
                    variants: keyed.into(),
                    default: default?,
                })
            }
            PatternElement::Placeable { .. } => None,
        })
        .collect()
}

fn simple_patterns(lang: Lang) -> Patterns {
    use fluent_syntax::ast::Entry;
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
            if let Some(pieces) = message.value.and_then(pieces_of) {
                patterns.insert(message.id.name.into(), pieces);
            }
        }
    }
    patterns
}

/// `pieces` with `args` in place, when every argument it prints is text or
/// a count below a thousand (a day, a month) and every one it chooses by
/// is a count.
fn filled(pieces: &[Piece], args: &[(&str, Arg)]) -> Option<String> {
    let mut text = String::with_capacity(64);
    fill(&mut text, pieces, args).then_some(text)
}

fn fill(text: &mut String, pieces: &[Piece], args: &[(&str, Arg)]) -> bool {
    let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, a)| a);
    pieces.iter().all(|piece| match piece {
        Piece::Text(part) => {
            text.push_str(part);
            true
        }
        Piece::Arg(name) => match arg(name) {
            Some(Arg::Text(value)) => {
                text.push_str(value);
                true
            }
            // Below a thousand a count has no grouping in either language.
            Some(Arg::Count(n)) if (0..1000).contains(n) => write!(text, "{n}").is_ok(),
            _ => false,
        },
        Piece::Choice {
            on,
            variants,
            default,
        } => match arg(on) {
            Some(Arg::Count(n)) => {
                let chosen = variants.iter().find(|(key, _)| key == n);
                fill(text, chosen.map_or(default, |(_, p)| p), args)
            }
            _ => false,
        },
    })
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

    /// The arguments `pieces` name: `(name, chooses)`, a name once.
    fn names(pieces: &[Piece], out: &mut Vec<(String, bool)>) {
        for piece in pieces {
            let (name, chooses) = match piece {
                Piece::Text(_) => continue,
                Piece::Arg(name) => (name, false),
                Piece::Choice {
                    on,
                    variants,
                    default,
                } => {
                    for (_, p) in variants.iter() {
                        names(p, out);
                    }
                    names(default, out);
                    (on, true)
                }
            };
            match out.iter_mut().find(|(n, _)| n == &**name) {
                Some(seen) => seen.1 |= chooses,
                None => out.push((name.to_string(), chooses)),
            }
        }
    }

    /// Every message the quick form holds reads as Fluent reads it, in
    /// both languages: with text arguments (counts where they choose, over
    /// every key a catalog uses) and with counts everywhere.
    #[test]
    fn the_quick_form_of_a_message_reads_as_fluent_reads_it() {
        for lang in Lang::ALL {
            let simple = &SIMPLE[lang.index()];
            let with_args = simple
                .values()
                .filter(|pieces| !matches!(&pieces[..], [] | [Piece::Text(_)]))
                .count();
            assert!(
                with_args > 100,
                "{lang:?}: {with_args} messages with arguments"
            );
            for (key, pieces) in simple {
                let mut named = Vec::new();
                names(pieces, &mut named);
                for n in (0..=32).chain([999]) {
                    let args: Vec<(&str, Arg)> = named
                        .iter()
                        .map(|(name, chooses)| match chooses {
                            true => (name.as_str(), Arg::Count(n)),
                            false => (name.as_str(), Arg::Text(format!("«{name}» ₩1,250"))),
                        })
                        .collect();
                    let fluent = lang.fluent(key, &args);
                    assert_eq!(filled(pieces, &args).as_deref(), Some(&*fluent), "{key}");
                    assert_eq!(lang.tr_slice(key, &args), fluent, "{key}");
                    // Counts below a thousand, as Fluent groups (or does
                    // not group) them.
                    let counts: Vec<(&str, Arg)> = named
                        .iter()
                        .map(|(name, _)| (name.as_str(), Arg::Count(n)))
                        .collect();
                    assert_eq!(lang.tr_slice(key, &counts), lang.fluent(key, &counts));
                }
            }
        }
        let dot = [("day", Arg::from("3 Dec")), ("value", Arg::Count(1250))];
        assert_eq!(filled(&SIMPLE[0]["chart-trend-dot"], &dot), None);
        assert_eq!(Lang::En.tr_slice("chart-trend-dot", &dot), "3 Dec: 1,250");
        assert_eq!(filled(&SIMPLE[0]["chart-trend-dot"], &dot[..1]), None);
        // A choice by text is Fluent's (it compares the text to the keys).
        let month = [("day", Arg::Count(3)), ("month", Arg::from("12"))];
        assert_eq!(filled(&SIMPLE[0]["chart-day"], &month), None);
        assert_eq!(
            Lang::En.tr("chart-day", [("day", 3.into()), ("month", 12.into())]),
            "3 Dec"
        );
        assert_eq!(
            Lang::Ko.tr(
                "chart-trend-dot-live",
                [("day", "12월 3일".into()), ("value", "₩5".into())]
            ),
            "12월 3일: ₩5 (오늘, 실시간)"
        );
    }

    /// Whether `pattern` chooses, and whether by a plural category (a key
    /// that is a name, not a number).
    fn choices(pattern: &fluent_syntax::ast::Pattern<&str>) -> (bool, bool) {
        use fluent_syntax::ast::{Expression, PatternElement, VariantKey};
        let mut found = (false, false);
        for element in &pattern.elements {
            if let PatternElement::Placeable {
                expression: Expression::Select { variants, .. },
            } = element
            {
                found.0 = true;
                for variant in variants {
                    let inner = choices(&variant.value);
                    let named = matches!(variant.key, VariantKey::Identifier { .. });
                    found.1 |= named || inner.1;
                }
            }
        }
        found
    }

    /// A message that chooses by plural category (`[one]`, `*[other]`) is
    /// left to Fluent, which knows each language's plural rules; one that
    /// chooses by number only (English month names) is not.
    #[test]
    fn only_choices_by_number_take_the_quick_form() {
        use fluent_syntax::ast::Entry;
        let (mut by_category, mut by_number) = (0, 0);
        for (tag, source) in SOURCES {
            let lang = Lang::ALL.into_iter().find(|l| l.as_str() == *tag).unwrap();
            let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(r, _)| r);
            for entry in resource.body {
                let Entry::Message(message) = entry else {
                    continue;
                };
                let Some((true, categories)) = message.value.as_ref().map(choices) else {
                    continue;
                };
                let quick = SIMPLE[lang.index()].contains_key(message.id.name);
                if categories {
                    by_category += 1;
                    assert!(!quick, "{tag} {}", message.id.name);
                } else if quick {
                    by_number += 1;
                }
            }
        }
        assert!(
            by_category > 10 && by_number >= 2,
            "{by_category} {by_number}"
        );
        assert!(SIMPLE[0].contains_key("chart-day") && SIMPLE[0].contains_key("chart-month"));
    }
}
