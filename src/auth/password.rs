//! argon2id hashing. Always called inside `web::block`: one hash costs tens
//! of milliseconds of CPU and must not stall an actix worker.

use std::sync::LazyLock;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash = hasher()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// A hash of nothing in particular, checked when the email is unknown so the
/// answer takes as long as for a real account.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("attain-dummy-password").expect("hashing the dummy password"));

/// Checks `password` against `stored`, or against the dummy hash when there
/// is no account; `None` never verifies.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let target = stored.unwrap_or(DUMMY_HASH.as_str());
    let ok = hasher()
        .verify_password(password.as_bytes(), target)
        .is_ok();
    ok && stored.is_some()
}

/// Warms the dummy hash at start-up so the first unknown-email sign-in is
/// not faster than the rest.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", Some(&stored)));
        assert!(!verify("wrong", Some(&stored)));
    }

    #[test]
    fn an_unknown_account_never_verifies() {
        assert!(!verify("attain-dummy-password", None));
    }
}
