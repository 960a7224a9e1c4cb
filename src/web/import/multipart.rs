//! Just enough `multipart/form-data` to read the uploaded CSV and the text
//! fields beside it, as browsers send them: flat parts, no transfer
//! encodings. The import form is the only upload in the application, which
//! does not justify a multipart dependency.

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Set for a file input (empty when no file was chosen).
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

/// The parts of `body`, or a message when it is not well formed.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let broken = || "The upload could not be read; please try again.".to_string();
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0).ok_or_else(broken)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        if !rest.starts_with(b"\r\n") {
            return Err(broken());
        }
        let headers_start = at + 2;
        let headers_end = find(body, b"\r\n\r\n", headers_start).ok_or_else(broken)?;
        let headers =
            std::str::from_utf8(&body[headers_start..headers_end]).map_err(|_| broken())?;
        let data_start = headers_end + 4;
        let data_end = find(body, &next_delimiter, data_start).ok_or_else(broken)?;
        if let Some((name, filename)) = disposition(headers) {
            parts.push(Part {
                name,
                filename,
                data: body[data_start..data_end].to_vec(),
            });
        }
        at = data_end + next_delimiter.len();
    }
}

/// The `name` and `filename` of a part's Content-Disposition header.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.split("\r\n").find(|l| {
        l.split_once(':')
            .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let (_, value) = line.split_once(':')?;
    let mut name = None;
    let mut filename = None;
    for param in value.split(';').skip(1) {
        let Some((key, raw)) = param.split_once('=') else {
            continue;
        };
        let text = raw.trim().trim_matches('"').to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(text),
            "filename" => filename = Some(text),
            _ => {}
        }
    }
    Some((name?, filename))
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "--XyZ\r\n\
        Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\
        tok\r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"events.csv\"\r\n\
        Content-Type: text/csv\r\n\r\n\
        email,metric\r\na@b.c,calls\r\n\r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"csv\"\r\n\r\n\
        \r\n\
        --XyZ--\r\n";

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(
            boundary("Multipart/Form-Data;charset=utf-8; boundary=----a1").as_deref(),
            Some("----a1")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }

    #[test]
    fn parts_keep_their_names_files_and_exact_bytes() {
        let parts = parse(BODY.as_bytes(), "XyZ").unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].data.as_slice()),
            ("csrf_token", &b"tok"[..])
        );
        assert_eq!(parts[1].filename.as_deref(), Some("events.csv"));
        assert_eq!(parts[1].data, b"email,metric\r\na@b.c,calls\r\n");
        assert!(parts[2].data.is_empty());
    }

    #[test]
    fn a_truncated_body_is_refused() {
        let cut = &BODY.as_bytes()[..BODY.len() / 2];
        assert!(parse(cut, "XyZ").is_err());
        assert!(parse(b"no parts here", "XyZ").is_err());
    }
}
