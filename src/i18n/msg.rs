//! A sentence for a person, not yet in any language: a catalog key and its
//! arguments. Services return these (in field errors and refusals); each
//! edge renders them, pages in the reader's language, the API in English.

use std::fmt;

use super::{Arg, Lang};

#[derive(Clone, Debug, PartialEq)]
pub struct Msg(Body);

#[derive(Clone, Debug, PartialEq)]
enum Body {
    Key {
        key: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    /// Words that are already what the person should read in any language:
    /// what they typed themselves, or a library's own message.
    Verbatim(String),
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg(Body::Key {
            key,
            args: Vec::new(),
        })
    }

    /// The message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        if let Body::Key { args, .. } = &mut self.0 {
            args.push((name, value.into()));
        }
        self
    }

    /// Text shown as it is, in every language.
    pub fn verbatim(text: impl Into<String>) -> Msg {
        Msg(Body::Verbatim(text.into()))
    }

    /// The catalog key, if the message has one.
    pub fn key(&self) -> Option<&'static str> {
        match &self.0 {
            Body::Key { key, .. } => Some(key),
            Body::Verbatim(_) => None,
        }
    }

    /// The sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match &self.0 {
            Body::Key { key, args } => lang.tr_slice(key, args),
            Body::Verbatim(text) => text.clone(),
        }
    }

    /// The sentence in English: the API's `message`, logs and the command line.
    pub fn english(&self) -> String {
        self.render(Lang::En)
    }
}

/// A catalog key without arguments, for constants (`Msg` itself is not
/// `const`): `Key("user-email-taken")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(pub &'static str);

impl From<Key> for Msg {
    fn from(key: Key) -> Msg {
        Msg::new(key.0)
    }
}

impl Lang {
    /// `message` in this language (for templates holding a [`Msg`]).
    pub fn msg(self, message: &Msg) -> String {
        message.render(self)
    }
}

/// English, for logs and `thiserror` messages.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}
