//! The front-end files: served from memory under fingerprinted names with
//! immutable caching, precompressed for clients that ask, revalidated by
//! ETag under their own names; pages compressed when asked.

use std::io::Read;

use crate::helpers::spawn_app;

const HTMX: &str = "vendor/htmx-2.0.11.min.js";

fn on_disk(path: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("static")
            .join(path),
    )
    .unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

async fn get_with(
    app: &crate::helpers::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let client = app.client();
    let mut request = client.http.get(format!("{}{path}", client.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[actix_web::test]
async fn a_fingerprinted_asset_is_immutable_and_compressed_when_asked() {
    let app = spawn_app().await;
    let url = attain::web::assets::url(HTMX);
    assert_ne!(url, format!("/static/{HTMX}"));
    assert!(url.starts_with("/static/vendor/htmx-2.0.11.min."));
    assert!(url.ends_with(".js"));
    let original = on_disk(HTMX);

    // Not asked: as it is.
    let plain = get_with(&app, url, &[]).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(
        header(&plain, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(header(&plain, "content-encoding"), None);
    assert_eq!(header(&plain, "vary"), Some("Accept-Encoding"));
    assert_eq!(
        header(&plain, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        header(&plain, "content-length"),
        Some(original.len().to_string().as_str())
    );
    assert_eq!(plain.bytes().await.unwrap(), original);

    // gzip only.
    let gzip = get_with(&app, url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.status(), 200);
    assert_eq!(header(&gzip, "content-encoding"), Some("gzip"));
    assert_eq!(
        header(&gzip, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let body = gzip.bytes().await.unwrap();
    assert!(body.len() < original.len() / 2, "{} bytes", body.len());
    assert_eq!(gunzip(&body), original);

    // A browser's list: brotli, the smaller.
    let br = get_with(&app, url, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
    assert_eq!(header(&br, "content-encoding"), Some("br"));
    let br_body = br.bytes().await.unwrap();
    assert!(br_body.len() < body.len());
    assert_eq!(unbrotli(&br_body), original);

    // Weights are honoured; a refused coding is not sent.
    let weighed = get_with(&app, url, &[("accept-encoding", "br;q=0.5, gzip")]).await;
    assert_eq!(header(&weighed, "content-encoding"), Some("gzip"));
    let refused = get_with(&app, url, &[("accept-encoding", "br;q=0, gzip;q=0")]).await;
    assert_eq!(header(&refused, "content-encoding"), None);
    assert_eq!(refused.bytes().await.unwrap(), original);
}

#[actix_web::test]
async fn an_asset_under_its_own_name_is_revalidated_by_etag() {
    let app = spawn_app().await;
    let original = on_disk("favicon.svg");
    let first = get_with(&app, "/static/favicon.svg", &[]).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "cache-control"), Some("no-cache"));
    assert_eq!(header(&first, "content-type"), Some("image/svg+xml"));
    let etag = header(&first, "etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    assert_eq!(first.bytes().await.unwrap(), original);

    let again = get_with(&app, "/static/favicon.svg", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), Some(etag.as_str()));
    assert!(again.bytes().await.unwrap().is_empty());

    // A weak or listed match counts; another tag does not.
    let weak = format!("\"other\", W/{etag}");
    let listed = get_with(&app, "/static/favicon.svg", &[("if-none-match", &weak)]).await;
    assert_eq!(listed.status(), 304);
    let changed = get_with(
        &app,
        "/static/favicon.svg",
        &[("if-none-match", "\"other\"")],
    )
    .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(changed.bytes().await.unwrap(), original);

    // The compressed version has its own tag, and revalidates too.
    let gzip = get_with(&app, "/static/css/app.css", &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&gzip, "content-encoding"), Some("gzip"));
    let gz_etag = header(&gzip, "etag").unwrap().to_string();
    assert_eq!(gunzip(&gzip.bytes().await.unwrap()), on_disk("css/app.css"));
    let plain = get_with(&app, "/static/css/app.css", &[]).await;
    assert_ne!(header(&plain, "etag").unwrap(), gz_etag);
    let again = get_with(
        &app,
        "/static/css/app.css",
        &[("accept-encoding", "gzip"), ("if-none-match", &gz_etag)],
    )
    .await;
    assert_eq!(again.status(), 304);

    // HEAD: the headers without a body.
    let client = app.client();
    let head = client
        .http
        .head(format!("{}/static/favicon.svg", client.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(
        header(&head, "content-length"),
        Some(original.len().to_string().as_str())
    );
    assert!(head.bytes().await.unwrap().is_empty());

    assert_eq!(
        get_with(&app, "/static/no-such.css", &[]).await.status(),
        404
    );
}

#[actix_web::test]
async fn pages_link_fingerprinted_assets_and_are_compressed_when_asked() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "zip.page@example.com");
    let client = app.signed_in(&rep).await;
    let (status, page) = client.get_text("/dashboard").await;
    assert_eq!(status, 200);
    for asset in [
        "favicon.svg",
        "vendor/pico-2.1.1.indigo.min.css",
        "css/app.css",
        HTMX,
        "js/app.js",
        "js/live.js",
    ] {
        let url = attain::web::assets::url(asset);
        assert!(page.contains(&format!("\"{url}\"")), "{url} not linked");
        assert!(!page.contains(&format!("\"/static/{asset}\"")));
        // And what it links is served.
        let linked = client.get(url).await;
        assert_eq!(linked.status(), 200, "{url}");
        assert_eq!(linked.bytes().await.unwrap(), on_disk(asset));
    }

    let address = &client.address;
    for (accept, coding) in [("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let response = client
            .http
            .get(format!("{address}/dashboard"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "content-encoding"), Some(coding));
        assert!(header(&response, "vary").is_some_and(|v| v.contains("Accept-Encoding")));
        assert_eq!(header(&response, "cache-control"), Some("no-store"));
        let length: usize = header(&response, "content-length")
            .unwrap()
            .parse()
            .unwrap();
        let body = response.bytes().await.unwrap();
        assert_eq!(body.len(), length);
        let html = String::from_utf8(match coding {
            "gzip" => gunzip(&body),
            _ => unbrotli(&body),
        })
        .unwrap();
        assert!(
            body.len() * 3 < html.len(),
            "{} of {}",
            body.len(),
            html.len()
        );
        // The same page (its CSRF token aside).
        assert!(html.contains(attain::web::assets::url(HTMX)));
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.trim_end().ends_with("</html>"));
        assert_eq!(
            html.matches("<section").count(),
            page.matches("<section").count()
        );
    }

    // Not asked: not compressed.
    let plain = client.get("/dashboard").await;
    assert_eq!(header(&plain, "content-encoding"), None);
}
