//! Settings shared by every command: where the database is, where to listen,
//! and the key that encrypts session cookies.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;

/// How the application finds its database.
#[derive(Clone, Debug)]
pub enum DatabaseSetting {
    /// `DATABASE_URL` was given: use that server as it is.
    Url(String),
    /// No URL: run a private PostgreSQL cluster inside the data directory.
    Private,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database: DatabaseSetting,
    pub data_dir: PathBuf,
    /// Connections kept by the pool; about the number of cores is fastest.
    pub pool_size: u32,
    /// Seconds a request waits for a pooled connection before answering 503.
    pub pool_timeout_secs: u64,
}

impl Settings {
    pub fn new(database_url: Option<String>, data_dir: PathBuf) -> Self {
        let database = match database_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => DatabaseSetting::Url(url),
            None => DatabaseSetting::Private,
        };
        Settings {
            database,
            data_dir,
            pool_size: 4,
            pool_timeout_secs: 3,
        }
    }
}

/// Minimum length of the session key, in bytes (actix-web's `Key` needs 64).
pub const SESSION_KEY_LEN: usize = 64;

/// The session key: from `ATTAIN_SESSION_KEY` (base64 of at least 64 bytes),
/// or generated once and kept in `<data_dir>/session.key` so restarts keep
/// people signed in.
pub fn session_key(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(text) = configured.filter(|t| !t.trim().is_empty()) {
        let bytes = STANDARD
            .decode(text.trim())
            .context("ATTAIN_SESSION_KEY must be base64")?;
        if bytes.len() < SESSION_KEY_LEN {
            bail!(
                "ATTAIN_SESSION_KEY must decode to at least {SESSION_KEY_LEN} bytes (got {})",
                bytes.len()
            );
        }
        return Ok(bytes);
    }
    let path = data_dir.join("session.key");
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let bytes = STANDARD
            .decode(text.trim())
            .with_context(|| format!("{} is not base64", path.display()))?;
        if bytes.len() >= SESSION_KEY_LEN {
            return Ok(bytes);
        }
        bail!(
            "{} holds fewer than {SESSION_KEY_LEN} bytes",
            path.display()
        );
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating data directory {}", data_dir.display()))?;
    let mut bytes = vec![0u8; SESSION_KEY_LEN];
    rand::rng().fill_bytes(&mut bytes);
    write_private_file(&path, &STANDARD.encode(&bytes))?;
    Ok(bytes)
}

fn write_private_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_configured_key_is_refused() {
        let short = STANDARD.encode([7u8; 32]);
        let err = session_key(Some(&short), Path::new("/nonexistent")).unwrap_err();
        assert!(err.to_string().contains("at least 64 bytes"));
    }

    #[test]
    fn a_generated_key_is_kept_for_the_next_start() {
        let dir = std::env::temp_dir().join(format!("attain-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = session_key(None, &dir).unwrap();
        let second = session_key(None, &dir).unwrap();
        assert_eq!(first.len(), SESSION_KEY_LEN);
        assert_eq!(first, second);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
