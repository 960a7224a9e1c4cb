//! Fetching a sheet: one GET with reqwest, bounded in every way a remote
//! server could stretch it: a connect timeout and a total timeout (the body
//! included), a size limit enforced while the body streams in (a
//! `Content-Length` over it is refused before reading), and a few redirects
//! at most. Errors never carry the link (it may hold credentials).

use std::time::Duration;

use crate::i18n::Msg;

/// How far a fetch may go. The server's defaults; tests shorten them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchLimits {
    /// The whole request, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: usize,
    pub max_redirects: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_bytes: crate::goals::events::import::csv::MAX_BYTES,
            max_redirects: 5,
        }
    }
}

/// Why a sheet could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    Timeout,
    Connect,
    TooLarge {
        max_bytes: usize,
    },
    Status(u16),
    TooManyRedirects,
    NotUtf8,
    /// Anything else the client reports, without the link.
    Other(String),
}

impl FetchError {
    /// The reason in the reader's words.
    pub fn msg(&self) -> Msg {
        match self {
            FetchError::Timeout => Msg::new("sources-fetch-timeout"),
            FetchError::Connect => Msg::new("sources-fetch-connect"),
            FetchError::TooLarge { max_bytes } => Msg::new("sources-fetch-too-large").arg(
                "kb",
                i64::try_from(max_bytes.div_ceil(1024)).unwrap_or(i64::MAX),
            ),
            FetchError::Status(code) => {
                Msg::new("sources-fetch-status").arg("status", code.to_string())
            }
            FetchError::TooManyRedirects => Msg::new("sources-fetch-redirects"),
            FetchError::NotUtf8 => Msg::new("sources-fetch-not-utf8"),
            FetchError::Other(text) => Msg::new("sources-fetch-other").arg("problem", text),
        }
    }
}

fn client_error(error: reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout
    } else if error.is_redirect() {
        FetchError::TooManyRedirects
    } else if error.is_connect() {
        FetchError::Connect
    } else {
        // Display would name the link: drop it first.
        FetchError::Other(error.without_url().to_string())
    }
}

/// Fetches `url` as text within `limits`.
pub async fn fetch_async(url: &str, limits: FetchLimits) -> Result<String, FetchError> {
    let client = reqwest::Client::builder()
        .timeout(limits.timeout)
        .connect_timeout(limits.connect_timeout)
        .redirect(reqwest::redirect::Policy::limited(limits.max_redirects))
        .user_agent(concat!("Attain/", env!("CARGO_PKG_VERSION"), " sheet sync"))
        .build()
        .map_err(client_error)?;
    let mut response = client.get(url).send().await.map_err(client_error)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    let too_large = FetchError::TooLarge {
        max_bytes: limits.max_bytes,
    };
    if response
        .content_length()
        .is_some_and(|n| n > limits.max_bytes as u64)
    {
        return Err(too_large);
    }
    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(client_error)? {
        if body.len() + chunk.len() > limits.max_bytes {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| FetchError::NotUtf8)
}

/// [`fetch_async`] from blocking code (a job, on a pooled connection's
/// thread): on a thread of its own with a small runtime, so it works
/// whether or not the caller is inside one.
pub fn fetch(url: &str, limits: FetchLimits) -> Result<String, FetchError> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| FetchError::Other(e.to_string()))?;
                runtime.block_on(fetch_async(url, limits))
            })
            .join()
            .unwrap_or_else(|_| Err(FetchError::Other("the fetch stopped unexpectedly".into())))
    })
}
