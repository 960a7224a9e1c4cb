//! Checking an email and password, shared by the sign-in form and
//! `POST /api/v1/auth/token`: one rule, two answers (a cookie, a token).
//!
//! The attempt is counted first (`db::sign_in::count_attempt`, atomic over
//! its rows), so at most the scopes' limits of guesses are ever verified in
//! a window, however many arrive at once. Only then does the password go to
//! the [`HashGate`]; an unknown email is checked against a dummy hash so the
//! answer takes as long. A success is confirmed in the transaction that
//! signs the user in, where a lock that filled meanwhile still refuses it.

use chrono::{DateTime, Utc};
use diesel::{Connection, PgConnection, QueryResult};

use super::password::HashGate;
use crate::db::DbPool;
use crate::db::sign_in::{self, Counted, Keys, Scope};
use crate::db::users::User;
use crate::error::AppError;
use crate::i18n::Msg;

/// How a sign-in ended.
pub enum Outcome<T> {
    /// The user, and what `on_success` made of it (a time, a token).
    SignedIn(Box<User>, T),
    /// Wrong email or password, or an inactive account.
    Refused,
    /// Too many attempts in `scope`; none is checked before `until`.
    Locked { scope: Scope, until: DateTime<Utc> },
    /// Too many password checks at once; try again after a second.
    Busy,
}

/// Checks `email` and `password` from `address`. `on_success` runs in the
/// transaction that accepts the sign-in (give out a token, read the clock);
/// `None` from it refuses the sign-in after all.
pub async fn sign_in<T, F>(
    pool: &DbPool,
    gate: &HashGate,
    email: &str,
    password: String,
    address: String,
    on_success: F,
) -> Result<Outcome<T>, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection, &User) -> QueryResult<Option<T>> + Send + 'static,
{
    let keys = Keys {
        email: email.trim().to_lowercase(),
        address,
    };
    let counting = keys.clone();
    let (counted, user) = crate::db::run(pool, move |conn| {
        let counted = sign_in::count_attempt(conn, &counting)?;
        let user = match counted {
            Counted::Counted { .. } => User::find_by_email(conn, &counting.email)?,
            Counted::Full { .. } => None,
        };
        Ok((counted, user))
    })
    .await?;
    let (fills, number) = match counted {
        Counted::Full { scope, until } => return Ok(Outcome::Locked { scope, until }),
        Counted::Counted { fills, number } => (fills, number),
    };

    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let Ok(verified) = gate.verify(password, stored).await else {
        let keys = keys.clone();
        crate::db::run(pool, move |conn| Ok(sign_in::give_back(conn, &keys)?)).await?;
        return Ok(Outcome::Busy);
    };

    match user {
        Some(user) if verified && user.active => {
            let accepted = crate::db::run(pool, move |conn| {
                Ok(conn.transaction(|conn| {
                    if !sign_in::accept_success(conn, &keys, number)? {
                        return Ok(Err(()));
                    }
                    Ok::<_, diesel::result::Error>(Ok(on_success(conn, &user)?.map(|t| (user, t))))
                })?)
            })
            .await?;
            Ok(match accepted {
                Ok(Some((user, made))) => Outcome::SignedIn(Box::new(user), made),
                Ok(None) => Outcome::Refused,
                // Guessed from this address in parallel while it was checked.
                Err(()) => Outcome::Locked {
                    scope: Scope::AccountAtAddress,
                    until: Utc::now() + chrono::Duration::minutes(sign_in::WINDOW_MINUTES),
                },
            })
        }
        _ => Ok(match fills {
            Some((scope, until)) => Outcome::Locked { scope, until },
            None => Outcome::Refused,
        }),
    }
}

/// The sentence for a lock, in the form's words.
pub fn locked_message(scope: Scope, until: DateTime<Utc>) -> Msg {
    let minutes = ((until - Utc::now()).num_seconds() + 59) / 60;
    let minutes = minutes.max(1);
    Msg::new(match scope {
        Scope::Address => "sign-in-locked-address",
        Scope::AccountAtAddress | Scope::Account => "sign-in-locked-account",
    })
    .arg("minutes", minutes)
}

/// Seconds until `until`, at least one (`Retry-After`).
pub fn retry_after(until: DateTime<Utc>) -> i64 {
    (until - Utc::now()).num_seconds().max(1)
}
