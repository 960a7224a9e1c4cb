//! Compressing pages (HTML, JSON, text) for clients that accept it.
//!
//! Not actix's `middleware::Compress`: that one cannot leave routes out
//! (the precompressed assets, the live event stream), sends every answer
//! chunked, and hands each body over 1 KiB to the blocking thread pool. A
//! page is one rendered buffer: it is compressed here, on the worker, at a
//! fast level (gzip 2; pieces under 4 KB at 1, see `fragment`), and goes out with its `Content-Length` in one write. Bodies
//! that stream (the live updates) pass through untouched, as do `/static/`
//! (compressed at build time) and anything already encoded.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

use super::assets::Coding;
use super::fragment::Page;

/// Smaller answers are not worth a compressor's set-up and header.
pub const MIN_BYTES: usize = 1024;
/// A fast level with dynamic Huffman codes: zlib-rs's level 1 uses fixed
/// codes only, and left a 14 KB dashboard at a third of its size; level 2
/// makes it a fifth smaller again for about 7% of the dashboard's requests
/// (the pages bench). Short pieces still get level 1 (`fragment`).
const GZIP_LEVEL: u32 = 2;

pub async fn compress(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let coding = if req.path().starts_with("/static/") {
        Coding::Identity
    } else {
        // gzip only: brotli's encoder sets up megabytes of window and
        // tables per answer, which cost more than its smaller output saved
        // (the pages bench: the dashboard at quality 4 served 0.6× the
        // requests of the uncompressed one).
        Coding::preferred(req.request(), true, false)
    };
    let res = next.call(req).await?.map_into_boxed_body();
    if !compressible(&res) {
        return Ok(res);
    }
    let (req, mut res) = res.into_parts();
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    let Some(name) = coding.header() else {
        return Ok(ServiceResponse::new(req, res));
    };
    let (mut res, body) = res.into_parts();
    // A page with a part shared by every reader: only the reader's own
    // pieces are compressed, the shared part's blocks are spliced in.
    let page = res.extensions_mut().remove::<Page>();
    if let Some(page) = page {
        if page.len() < MIN_BYTES {
            return Ok(ServiceResponse::new(req, res.set_body(body)));
        }
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        let gzipped = Bytes::from(page.gzip(GZIP_LEVEL));
        return Ok(ServiceResponse::new(
            req,
            res.set_body(BoxBody::new(gzipped)),
        ));
    }
    let bytes = match body.try_into_bytes() {
        Ok(bytes) if bytes.len() >= MIN_BYTES => bytes,
        Ok(bytes) => return Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(bytes)))),
        Err(body) => return Ok(ServiceResponse::new(req, res.set_body(body))),
    };
    let compressed = match encode(coding, &bytes) {
        Ok(compressed) if compressed.len() < bytes.len() => compressed,
        Ok(_) => return Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(bytes)))),
        Err(error) => {
            tracing::warn!(%error, "compressing an answer failed; sent as it is");
            return Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(bytes))));
        }
    };
    res.headers_mut()
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    Ok(ServiceResponse::new(
        req,
        res.set_body(BoxBody::new(Bytes::from(compressed))),
    ))
}

/// A page, fragment, JSON or text answer with a body, not yet encoded.
fn compressible(res: &ServiceResponse<BoxBody>) -> bool {
    if matches!(
        res.status(),
        StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
    ) || res.status().is_informational()
    {
        return false;
    }
    let headers = res.headers();
    if headers.contains_key(header::CONTENT_ENCODING) {
        return false;
    }
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "text/html" | "application/json" | "text/plain" | "text/csv" | "application/problem+json"
    )
}

/// gzip at [`GZIP_LEVEL`]; the only coding pages are sent in.
fn encode(coding: Coding, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    debug_assert_eq!(coding, Coding::Gzip);
    Ok(super::fragment::gzip(bytes, GZIP_LEVEL))
}
