//! API bearer tokens: 32 random bytes, base64url, shown once; only their
//! SHA-256 is stored. A token works until it expires, its user is
//! deactivated, or the user's sessions are ended (sign-out everywhere,
//! password change) after it was issued — the same rule as session cookies.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::schema::{api_tokens, users};
use crate::db::users::User;

/// How long a token lives.
pub const LIFETIME_DAYS: i64 = 30;
/// `last_used_at` is refreshed at most this often, so reading with a token
/// is not a write per request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A new random token (43 characters).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for a token: its SHA-256 in lowercase hex. The token has
/// 256 random bits, so a fast hash is enough (no password stretching).
pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores a new token for `user_id` if the user is still active with the
/// password hash that was just verified (so a password change between the
/// check and now wins); returns the token and its expiry. The user's expired
/// tokens are cleared on the way.
pub fn issue(
    conn: &mut PgConnection,
    user_id: i64,
    verified_hash: &str,
) -> QueryResult<Option<(String, DateTime<Utc>)>> {
    conn.transaction(|conn| {
        let still_valid: Option<(bool, String)> = users::table
            .find(user_id)
            .select((users::active, users::password_hash))
            .for_update()
            .first(conn)
            .optional()?;
        if !matches!(still_valid, Some((true, ref hash)) if hash == verified_hash) {
            return Ok(None);
        }
        diesel::delete(
            api_tokens::table
                .filter(api_tokens::user_id.eq(user_id))
                .filter(api_tokens::expires_at.le(diesel::dsl::now)),
        )
        .execute(conn)?;
        let token = generate();
        let expires_at = Utc::now() + Duration::days(LIFETIME_DAYS);
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::user_id.eq(user_id),
                api_tokens::token_hash.eq(digest(&token)),
                api_tokens::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
        Ok(Some((token, expires_at)))
    })
}

/// The user a presented token belongs to, if the token is known, unexpired,
/// issued after the user's sessions were last ended, and the user is active.
pub fn authenticate(conn: &mut PgConnection, token: &str) -> QueryResult<Option<User>> {
    let found: Option<(i64, User)> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(digest(token)))
        .filter(api_tokens::expires_at.gt(diesel::dsl::now))
        .filter(api_tokens::created_at.ge(users::sessions_valid_after))
        .filter(users::active.eq(true))
        .select((api_tokens::id, User::as_select()))
        .first(conn)
        .optional()?;
    let Some((token_id, user)) = found else {
        return Ok(None);
    };
    let stale = Utc::now() - Duration::seconds(TOUCH_EVERY_SECONDS);
    diesel::update(
        api_tokens::table.find(token_id).filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.lt(stale)),
        ),
    )
    .set(api_tokens::last_used_at.eq(diesel::dsl::now))
    .execute(conn)?;
    Ok(Some(user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_base64url_and_only_their_digest_is_kept() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(digest(&a), a);
    }
}
