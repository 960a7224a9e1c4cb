//! The session cookie's contents, behind typed accessors.

use actix_session::{Session, SessionExt, SessionGetError, SessionInsertError};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::future::{Ready, ready};

use crate::domain::lang::Lang;

const USER_ID: &str = "uid";
const ISSUED_AT: &str = "iat";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";
const LANG: &str = "lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashLevel {
    Success,
    Info,
    Error,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Flash {
    pub level: FlashLevel,
    pub message: String,
}

impl Flash {
    pub fn css_class(&self) -> &'static str {
        match self.level {
            FlashLevel::Success => "flash flash-success",
            FlashLevel::Info => "flash flash-info",
            FlashLevel::Error => "flash flash-error",
        }
    }
}

pub struct TypedSession(pub Session);

impl TypedSession {
    /// Starts a signed-in session: new cookie, new CSRF token.
    pub fn sign_in(
        &self,
        user_id: i64,
        issued_at: DateTime<Utc>,
    ) -> Result<(), SessionInsertError> {
        self.0.renew();
        self.0.insert(USER_ID, user_id)?;
        self.0.insert(ISSUED_AT, issued_at.timestamp_micros())?;
        self.0.insert(CSRF, new_token())?;
        Ok(())
    }

    /// Keeps the user signed in after their other sessions were ended.
    pub fn reissue(&self, issued_at: DateTime<Utc>) -> Result<(), SessionInsertError> {
        self.0.renew();
        self.0.insert(ISSUED_AT, issued_at.timestamp_micros())
    }

    pub fn sign_out(&self) {
        self.0.purge();
    }

    pub fn user(&self) -> Result<Option<(i64, DateTime<Utc>)>, SessionGetError> {
        let id = self.0.get::<i64>(USER_ID)?;
        let issued = self.0.get::<i64>(ISSUED_AT)?;
        Ok(match (id, issued) {
            (Some(id), Some(micros)) => DateTime::from_timestamp_micros(micros).map(|t| (id, t)),
            _ => None,
        })
    }

    /// The session's CSRF token, created on first use.
    pub fn csrf_token(&self) -> String {
        match self.0.get::<String>(CSRF) {
            Ok(Some(token)) => token,
            _ => {
                let token = new_token();
                let _ = self.0.insert(CSRF, &token);
                token
            }
        }
    }

    pub fn existing_csrf_token(&self) -> Option<String> {
        self.0.get::<String>(CSRF).ok().flatten()
    }

    pub fn flash(&self, level: FlashLevel, message: impl Into<String>) {
        let mut list: Vec<Flash> = self.0.get(FLASH).ok().flatten().unwrap_or_default();
        list.push(Flash {
            level,
            message: message.into(),
        });
        let _ = self.0.insert(FLASH, list);
    }

    /// The language a visitor chose before signing in (the sign-in page's
    /// switch); a signed-in person's own setting wins over it.
    pub fn chosen_lang(&self) -> Option<Lang> {
        self.0
            .get::<String>(LANG)
            .ok()
            .flatten()
            .and_then(|name| Lang::parse(&name))
    }

    pub fn choose_lang(&self, lang: Lang) {
        let _ = self.0.insert(LANG, lang.as_str());
    }

    pub fn take_flashes(&self) -> Vec<Flash> {
        self.0
            .remove_as::<Vec<Flash>>(FLASH)
            .and_then(Result::ok)
            .unwrap_or_default()
    }
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

impl FromRequest for TypedSession {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(TypedSession(req.get_session())))
    }
}
