//! The Fluent catalogs, compiled in, and the lookups on `Lang`.

use std::borrow::Cow;
use std::collections::HashMap;
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
