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

/// A message kept in the database (a sync log's row errors), worded when
/// read: `{"key": …, "args": {name: {"t": text} | {"c": count} | {"n":
/// "decimal"}}}` or `{"text": …}`.
impl Msg {
    pub fn to_stored(&self) -> serde_json::Value {
        use serde_json::json;
        match &self.0 {
            Body::Key { key, args } => {
                let args: serde_json::Map<String, serde_json::Value> = args
                    .iter()
                    .map(|(name, arg)| {
                        let value = match arg {
                            Arg::Text(text) => json!({ "t": text }),
                            Arg::Count(n) => json!({ "c": n }),
                            Arg::Number(n) => json!({ "n": n.to_string() }),
                        };
                        (name.to_string(), value)
                    })
                    .collect();
                json!({ "key": key, "args": args })
            }
            Body::Verbatim(text) => json!({ "text": text }),
        }
    }

    /// A [`Msg::to_stored`] value in `lang`; anything else shows as empty.
    pub fn render_stored(stored: &serde_json::Value, lang: Lang) -> String {
        if let Some(text) = stored.get("text").and_then(|t| t.as_str()) {
            return text.to_string();
        }
        let Some(key) = stored.get("key").and_then(|k| k.as_str()) else {
            return String::new();
        };
        let args: Vec<(&str, Arg)> = stored
            .get("args")
            .and_then(|a| a.as_object())
            .map(|args| {
                args.iter()
                    .filter_map(|(name, value)| {
                        let arg = if let Some(t) = value.get("t").and_then(|t| t.as_str()) {
                            Arg::Text(t.to_string())
                        } else if let Some(c) = value.get("c").and_then(|c| c.as_i64()) {
                            Arg::Count(c)
                        } else {
                            Arg::Number(value.get("n")?.as_str()?.parse().ok()?)
                        };
                        Some((name.as_str(), arg))
                    })
                    .collect()
            })
            .unwrap_or_default();
        lang.tr_slice(key, &args)
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
