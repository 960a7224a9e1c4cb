//! Reading the import's upload: a multipart file or pasted text, within
//! [`MAX_BODY`].

use actix_multipart::{Multipart, MultipartError};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use crate::goals::events::import::csv;
use crate::i18n::Msg;

/// Largest request read: the file, a pasted copy and the form around them.
const MAX_BODY: usize = 2 * csv::MAX_BYTES + 64 * 1024;

/// The CSV text of the form: the uploaded file if one was chosen (htmx
/// posts multipart with the CSRF header), else the pasted text (a plain
/// urlencoded post works without JavaScript). `Err` is a message for the page.
pub async fn read_upload(req: &HttpRequest, payload: web::Payload) -> Result<String, Msg> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let not_utf8 = || Msg::new("import-upload-not-utf8");
    let text = if is_mime(content_type, "multipart/form-data") {
        let data = multipart_csv(req, payload).await?;
        String::from_utf8(data).map_err(|_| not_utf8())?
    } else if is_mime(content_type, "application/x-www-form-urlencoded") {
        let body = read_limited(payload).await?;
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .map_err(|_| Msg::new("import-upload-form-unreadable"))?
            .into_iter()
            .find(|(k, _)| k == "csv")
            .map(|(_, v)| v)
            .unwrap_or_default()
    } else {
        String::new()
    };
    if text.len() > csv::MAX_BYTES {
        return Err(too_large());
    }
    if text.trim().is_empty() {
        return Err(Msg::new("import-upload-empty"));
    }
    Ok(text)
}

fn too_large() -> Msg {
    Msg::new("import-upload-too-large")
}

fn is_mime(content_type: &str, mime: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(mime))
}

/// A urlencoded body, refused beyond [`MAX_BODY`].
async fn read_limited(mut payload: web::Payload) -> Result<web::BytesMut, Msg> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| interrupted())?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn interrupted() -> Msg {
    Msg::new("import-upload-interrupted")
}

/// The bytes of the multipart form's CSV: the `file` field when a file was
/// chosen and is not empty, else the pasted `csv` field, else nothing. Every
/// field is read to the end (the parser needs it) and counts towards
/// [`MAX_BODY`]; other fields (the CSRF token) are read and dropped.
async fn multipart_csv(req: &HttpRequest, payload: web::Payload) -> Result<Vec<u8>, Msg> {
    let broken = |error: MultipartError| match error {
        MultipartError::Payload(_) => interrupted(),
        _ => Msg::new("import-upload-unreadable"),
    };
    let mut form = Multipart::new(req.headers(), payload);
    let (mut file, mut pasted) = (None, None);
    let mut read = 0;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(broken)?;
        let name = field.name().unwrap_or_default().to_owned();
        let chosen_file = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .is_some();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(broken)?;
            read += chunk.len();
            if read > MAX_BODY {
                return Err(too_large());
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if chosen_file && !data.is_empty() && file.is_none() => file = Some(data),
            "csv" if pasted.is_none() => pasted = Some(data),
            _ => {}
        }
    }
    Ok(file.or(pasted).unwrap_or_default())
}
