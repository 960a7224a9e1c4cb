//! The product in the reader's language: Fluent catalogs (`locales/<lang>/*.ftl`)
//! for every sentence, ICU4X for numbers and dates.
//!
//! Code names a message by its key and hands over the arguments; it never
//! builds a sentence itself. Templates reach the catalogs through the
//! `Lang` every page and partial carries: `{{ lang.t("nav-dashboard") }}`,
//! `{{ lang.tr("goals-count", [("count", n.into())]) }}`. Services that
//! refuse something return a [`Msg`] (a key and its arguments), which the
//! edge renders in the reader's language (the API in English).
//!
//! Which language a person reads: their own choice (`users.language`), else
//! the organisation's default (`organisation.language`); before sign-in,
//! the browser's `Accept-Language` ([`negotiate`]).

mod catalog;
mod format;
mod msg;
mod names;

pub use crate::domain::lang::Lang;
pub use catalog::{Arg, keys_of};
pub use format::DateStyle;
pub use msg::{Key, Msg};

/// The language a browser asks for in `Accept-Language`, among ours;
/// English when it names none of them.
pub fn negotiate(accept_language: &str) -> Lang {
    let requested = fluent_langneg::accepted_languages::parse(accept_language);
    let available: Vec<unic_langid::LanguageIdentifier> = Lang::ALL
        .iter()
        .filter_map(|l| l.as_str().parse().ok())
        .collect();
    let default: unic_langid::LanguageIdentifier = Lang::En.as_str().parse().expect("en");
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    chosen
        .first()
        .and_then(|id| Lang::parse(id.language.as_str()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
