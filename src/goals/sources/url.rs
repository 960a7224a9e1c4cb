//! A sheet source's link: what is accepted (an absolute http or https URL)
//! and the redacted form every page, the API and the logs show. A link may
//! carry credentials (`https://user:secret@host/…`, `?token=…`); they are
//! stored to fetch with and never shown back.

use crate::i18n::Key;

/// Longest link accepted.
pub const MAX_CHARS: usize = 2_000;

/// What stands in for a hidden part.
const HIDDEN: &str = "***";

/// Query parameters whose value is hidden: any whose name holds one of
/// these (case-insensitive). Published spreadsheet links carry none.
const SECRET_PARAMS: [&str; 9] = [
    "token", "key", "secret", "pass", "auth", "sig", "cred", "session", "code",
];

/// The link as entered, checked: trimmed, absolute, http or https, with a
/// host. The reason as a catalog key otherwise.
pub fn check(text: &str) -> Result<String, Key> {
    let text = text.trim();
    if text.is_empty() {
        return Err(crate::input::REQUIRED);
    }
    if text.contains(['\0', ' ', '\n', '\r', '\t']) {
        return Err(Key("sources-url-invalid"));
    }
    if text.chars().count() > MAX_CHARS {
        return Err(Key("sources-url-too-long"));
    }
    let parsed = url::Url::parse(text).map_err(|_| Key("sources-url-invalid"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Key("sources-url-scheme"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Key("sources-url-invalid"));
    }
    Ok(text.to_string())
}

fn is_secret(name: &str) -> bool {
    let name = name.to_lowercase();
    SECRET_PARAMS.iter().any(|s| name.contains(s))
}

/// The link without its credentials: the user name and password, and the
/// value of every secret-looking query parameter, become `***`. A link that
/// does not parse shows only its scheme and `***`.
pub fn redacted(text: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(text.trim()) else {
        return HIDDEN.to_string();
    };
    let had_user = !parsed.username().is_empty() || parsed.password().is_some();
    if had_user {
        // Both calls fail only on links without a host, which `check` refuses.
        let _ = parsed.set_password(None);
        let _ = parsed.set_username(HIDDEN);
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let value = if is_secret(&k) {
                    HIDDEN.to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.set_fragment(None);
    // `***` is percent-encoded by the setters; show it as typed.
    parsed.to_string().replace("%2A%2A%2A", HIDDEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_links_are_accepted() {
        assert_eq!(
            check("  https://docs.example.com/pub?output=csv ").unwrap(),
            "https://docs.example.com/pub?output=csv"
        );
        assert!(check("http://127.0.0.1:8080/a.csv").is_ok());
        assert_eq!(check(""), Err(crate::input::REQUIRED));
        assert_eq!(
            check("ftp://x.example/a.csv"),
            Err(Key("sources-url-scheme"))
        );
        assert_eq!(check("file:///etc/passwd"), Err(Key("sources-url-scheme")));
        assert_eq!(
            check("docs.example.com/a.csv"),
            Err(Key("sources-url-invalid"))
        );
        let long = format!("https://x.example/{}", "a".repeat(MAX_CHARS));
        assert_eq!(check(&long), Err(Key("sources-url-too-long")));
    }

    #[test]
    fn credentials_never_show() {
        let shown = redacted(
            "https://ann:s3cret@sheets.example.com/d/1/pub?output=csv&token=abc123&gid=0#x",
        );
        assert_eq!(
            shown,
            "https://***@sheets.example.com/d/1/pub?output=csv&token=***&gid=0"
        );
        assert!(!shown.contains("s3cret") && !shown.contains("ann") && !shown.contains("abc123"));
        assert_eq!(
            redacted("https://x.example/a.csv?API_KEY=zzz&Signature=q"),
            "https://x.example/a.csv?API_KEY=***&Signature=***"
        );
        assert_eq!(
            redacted(
                "https://docs.google.com/spreadsheets/d/e/2PACX-1v/pub?gid=0&single=true&output=csv"
            ),
            "https://docs.google.com/spreadsheets/d/e/2PACX-1v/pub?gid=0&single=true&output=csv"
        );
        assert_eq!(redacted("not a link with secret"), "***");
    }
}
