//! The front-end files under `static/`, embedded in the binary at build
//! time (`build.rs`) and answered from memory in one write.
//!
//! Each file is served under two names: its own (`/static/css/app.css`,
//! for outside links; revalidated with its ETag) and a fingerprinted one
//! with a hash of its content (`/static/css/app.1f2e3d4c5b6a7988.css`,
//! cached for a year as `immutable`). Pages link the fingerprinted name
//! through [`url`], so a changed file is a new URL. The gzip and brotli
//! versions were made by the build script; the client's `Accept-Encoding`
//! picks one, nothing is compressed per request.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header::{self, AcceptEncoding, Encoding, Header, HeaderValue, Preference};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

/// One embedded file: its path under `static/`, the first 64 bits of its
/// SHA-256 in hex, and its bytes as they are and compressed (when that
/// made them smaller).
pub struct Asset {
    pub path: &'static str,
    pub hash: &'static str,
    pub identity: &'static [u8],
    pub gzip: Option<&'static [u8]>,
    pub brotli: Option<&'static [u8]>,
}

/// Every file under `static/` of a type `hardening::is_asset` serves.
pub static ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Fingerprinted names are cached this long and never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Own names may change content: the cache asks again (ETag → 304).
pub const REVALIDATE: &str = "no-cache";

struct Served {
    asset: &'static Asset,
    /// `/static/` + the fingerprinted name.
    url: String,
    content_type: HeaderValue,
    etags: [HeaderValue; 3],
}

struct Index {
    served: Vec<Served>,
    /// Own and fingerprinted names → (index into `served`, fingerprinted).
    by_name: HashMap<String, (usize, bool)>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut served = Vec::with_capacity(ASSETS.len());
    let mut by_name = HashMap::with_capacity(ASSETS.len() * 2);
    for (i, asset) in ASSETS.iter().enumerate() {
        let name = fingerprinted(asset.path, asset.hash);
        by_name.insert(asset.path.to_string(), (i, false));
        by_name.insert(name.clone(), (i, true));
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{}{suffix}\"", asset.hash)).expect("hex etag")
        };
        served.push(Served {
            asset,
            url: format!("/static/{name}"),
            content_type: HeaderValue::from_static(content_type(asset.path)),
            etags: [etag(""), etag("-gz"), etag("-br")],
        });
    }
    Index { served, by_name }
});

/// `css/app.css` → `css/app.<hash>.css`: the hash goes before the last
/// extension, so the type stays readable.
pub fn fingerprinted(path: &str, hash: &str) -> String {
    let file_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[file_start..].rfind('.') {
        Some(dot) => {
            let dot = file_start + dot;
            format!("{}.{hash}{}", &path[..dot], &path[dot..])
        }
        None => format!("{path}.{hash}"),
    }
}

/// The URL a page links for the file `path` under `static/`
/// (`"vendor/htmx-2.0.11.min.js"` → `/static/vendor/htmx-2.0.11.min.<hash>.js`).
/// An unknown path (a template's typo) is logged and linked as given;
/// `tests::every_linked_asset_exists` catches it first.
pub fn url(path: &str) -> &'static str {
    match INDEX.by_name.get(path) {
        Some(&(i, _)) => &INDEX.served[i].url,
        None => {
            tracing::error!(path, "a page links an asset that is not embedded");
            "/static/missing-asset"
        }
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("");
    match extension {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "map" => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// What the client's `Accept-Encoding` prefers among brotli, gzip and
    /// none, brotli first when both weigh the same (it is smaller).
    pub fn preferred(req: &HttpRequest, gzip: bool, brotli: bool) -> Coding {
        let Ok(accept) = AcceptEncoding::parse(req) else {
            return Coding::Identity;
        };
        let quality = |wanted: &Encoding| {
            let specific = accept.iter().find(|q| match &q.item {
                Preference::Specific(e) => e == wanted,
                Preference::Any => false,
            });
            specific
                .or_else(|| accept.iter().find(|q| matches!(q.item, Preference::Any)))
                .map(|q| q.quality)
        };
        let acceptable = |q: Option<header::Quality>| q.is_some_and(|q| q > header::Quality::ZERO);
        let br = quality(&Encoding::brotli()).filter(|_| brotli);
        let gz = quality(&Encoding::gzip()).filter(|_| gzip);
        match (acceptable(br), acceptable(gz)) {
            (true, true) if br >= gz => Coding::Brotli,
            (true, false) => Coding::Brotli,
            (_, true) => Coding::Gzip,
            _ => Coding::Identity,
        }
    }

    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }
}

/// `GET`/`HEAD /static/{tail}`: the file under its own or fingerprinted
/// name, in the coding the client prefers, or 304 when its ETag matches.
pub async fn serve(req: HttpRequest) -> HttpResponse {
    let tail = req.match_info().query("tail");
    let Some(&(i, is_fingerprinted)) = INDEX.by_name.get(tail) else {
        return HttpResponse::NotFound().finish();
    };
    let served = &INDEX.served[i];
    let asset = served.asset;
    let cache = if is_fingerprinted {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let coding = Coding::preferred(&req, asset.gzip.is_some(), asset.brotli.is_some());
    let (body, etag) = match coding {
        Coding::Identity => (asset.identity, &served.etags[0]),
        Coding::Gzip => (asset.gzip.unwrap_or(asset.identity), &served.etags[1]),
        Coding::Brotli => (asset.brotli.unwrap_or(asset.identity), &served.etags[2]),
    };
    let not_modified = none_match(&req, &served.etags);
    let mut response = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)))
        .insert_header((header::ETAG, etag.clone()))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    if not_modified {
        return response.finish();
    }
    response.insert_header((header::CONTENT_TYPE, served.content_type.clone()));
    if let Some(name) = coding.header() {
        response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(name)));
    }
    response.body(Bytes::from_static(body))
}

/// `If-None-Match` names one of the file's ETags (any coding: they share
/// the content) or `*`; weak comparison, as RFC 9110 asks.
fn none_match(req: &HttpRequest, etags: &[HeaderValue; 3]) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || etags.iter().any(|e| e.as_bytes() == tag.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_goes_before_the_last_extension() {
        assert_eq!(fingerprinted("css/app.css", "ab12"), "css/app.ab12.css");
        assert_eq!(
            fingerprinted("vendor/htmx-2.0.11.min.js", "ab12"),
            "vendor/htmx-2.0.11.min.ab12.js"
        );
        assert_eq!(fingerprinted("a.b/file", "ab12"), "a.b/file.ab12");
    }

    #[test]
    fn every_file_is_embedded_with_its_hash() {
        use sha2::{Digest, Sha256};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.strip_prefix(&dir).unwrap().to_str().unwrap();
                assert_eq!(
                    ASSETS.iter().any(|a| a.path == name),
                    crate::web::hardening::is_asset(&path),
                    "{name}: embedded if and only if an asset type"
                );
            }
        }
        for asset in ASSETS {
            let on_disk = std::fs::read(dir.join(asset.path)).unwrap();
            assert_eq!(asset.identity, &on_disk[..], "{}", asset.path);
            let digest = Sha256::digest(&on_disk);
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(asset.hash, hex, "{}", asset.path);
        }
        assert!(ASSETS.iter().any(|a| a.path == "favicon.svg"));
        assert!(ASSETS.iter().any(|a| a.path == "vendor/htmx-2.0.11.min.js"));
    }

    /// Every `assets::url("…")` in the templates names an embedded file.
    #[test]
    fn every_linked_asset_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut linked = 0;
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains("\"/static/"),
                    "{} links an asset by its own name; use assets::url",
                    path.display()
                );
                for (start, _) in text.match_indices("assets::url(\"") {
                    let rest = &text[start + "assets::url(\"".len()..];
                    let name = &rest[..rest.find('"').unwrap()];
                    assert!(
                        INDEX.by_name.get(name).is_some_and(|&(_, f)| !f),
                        "{} links {name}, which is not under static/",
                        path.display()
                    );
                    linked += 1;
                }
            }
        }
        assert!(linked >= 17, "found {linked} links");
    }

    #[test]
    fn compressed_versions_decompress_to_the_file() {
        use std::io::Read;
        let mut compressed = 0;
        for asset in ASSETS {
            if let Some(gz) = asset.gzip {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(gz)
                    .read_to_end(&mut out)
                    .unwrap();
                assert_eq!(out, asset.identity, "{}", asset.path);
                compressed += 1;
            }
            if let Some(br) = asset.brotli {
                let mut out = Vec::new();
                brotli::Decompressor::new(br, 4096)
                    .read_to_end(&mut out)
                    .unwrap();
                assert_eq!(out, asset.identity, "{}", asset.path);
            }
        }
        assert!(compressed >= 10);
    }
}
