//! A part of a page that is the same for every reader (the company
//! rollup's table of 200 teams), rendered and compressed once, then spliced
//! into each reader's page.
//!
//! A page answered with a shared part is three pieces: what the reader's
//! own frame puts before it (their name, navigation, CSRF token), the part
//! itself, and what comes after. Sent as it is, the part goes out as the
//! bytes kept. Sent gzipped, it goes out as the deflate blocks kept: DEFLATE
//! lets independently compressed runs follow each other when each ends on a
//! byte boundary without the final-block bit (a sync flush), and a run's
//! back-references never reach before its own start. So only the reader's
//! own few kilobytes are compressed per request, and the gzip trailer's
//! CRC-32 is combined from the pieces' (`crc32fast::Hasher::combine`). A
//! test holds the spliced stream to a plain decompression of the page.

use std::fmt;
use std::sync::Arc;

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Responder};
use flate2::{Compress, Compression, FlushCompress, Status};

/// Where a shared part goes in the page rendered around it. Escaped text
/// can never produce it (`<` is escaped), so it only comes from a template.
pub const MARKER: &str = "<!--attain:shared-part-->";

/// A rendered part with its compressed form.
pub struct Shared {
    html: Bytes,
    deflated: Bytes,
    crc: crc32fast::Hasher,
}

impl Shared {
    /// Renders nothing itself: `html` is the part as rendered. It is
    /// compressed here once, at a better level than per-request answers
    /// get, since it is reused until the figures under it change.
    pub fn new(html: String) -> Shared {
        let mut crc = crc32fast::Hasher::new();
        crc.update(html.as_bytes());
        let mut deflated = Vec::new();
        deflate_into(
            &mut deflated,
            html.as_bytes(),
            Compression::new(6),
            FlushCompress::Sync,
        );
        Shared {
            html: Bytes::from(html),
            deflated: Bytes::from(deflated),
            crc,
        }
    }

    /// No part: a page rendered without a slot.
    pub fn none() -> Arc<Shared> {
        static NONE: std::sync::LazyLock<Arc<Shared>> =
            std::sync::LazyLock::new(|| Arc::new(Shared::new(String::new())));
        NONE.clone()
    }

    pub fn len(&self) -> usize {
        self.html.len()
    }

    pub fn is_empty(&self) -> bool {
        self.html.is_empty()
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("bytes", &self.html.len())
            .field("deflated", &self.deflated.len())
            .finish()
    }
}

/// What a template prints where the shared part goes (see [`Page::split`]).
pub struct Slot;

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MARKER)
    }
}

/// A reader's page: their own text around a shared part.
pub struct Page {
    pub before: Bytes,
    pub shared: Arc<Shared>,
    pub after: Bytes,
}

impl Page {
    /// The page from its rendering with [`Slot`] printed once where
    /// `shared` goes. Without the slot (a template that left it out), the
    /// part is not shown: the page is what was rendered.
    pub fn split(rendered: String, shared: Arc<Shared>) -> Page {
        match rendered.find(MARKER) {
            Some(at) => {
                let mut before = rendered.into_bytes();
                let after = before.split_off(at + MARKER.len());
                before.truncate(at);
                Page {
                    before: Bytes::from(before),
                    shared,
                    after: Bytes::from(after),
                }
            }
            None => Page {
                before: Bytes::from(rendered),
                shared: Shared::none(),
                after: Bytes::new(),
            },
        }
    }

    pub fn len(&self) -> usize {
        self.before.len() + self.shared.len() + self.after.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page as one gzip member: the reader's pieces compressed at
    /// `level`, the shared part's kept blocks between them.
    pub fn gzip(&self, level: u32) -> Vec<u8> {
        gzip_pieces(&self.before, &self.shared, &self.after, level)
    }

    /// The page uncompressed, as a body of three chunks (no copy of the
    /// shared part).
    pub fn body(&self) -> PageBody {
        PageBody {
            chunks: [
                Some(self.before.clone()),
                Some(self.shared.html.clone()),
                Some(self.after.clone()),
            ],
            size: self.len() as u64,
        }
    }
}

/// `input` as one gzip member compressed at `level`, with a compressor
/// this thread keeps ([`deflate_into`]).
pub fn gzip(input: &[u8], level: u32) -> Vec<u8> {
    gzip_pieces(&[], &Shared::none(), input, level)
}

/// One gzip member of `before`, the `shared` part's kept blocks and
/// `after`.
fn gzip_pieces(before: &[u8], shared: &Shared, after: &[u8], level: u32) -> Vec<u8> {
    let level = Compression::new(level);
    let mut out = Vec::with_capacity(shared.deflated.len() + (before.len() + after.len()) / 4 + 64);
    // The gzip header: deflate, no name, no time, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    deflate_into(&mut out, before, level, FlushCompress::Sync);
    out.extend_from_slice(&shared.deflated);
    deflate_into(&mut out, after, level, FlushCompress::Finish);
    let mut crc = crc32fast::Hasher::new();
    crc.update(before);
    crc.combine(&shared.crc);
    crc.update(after);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    // ISIZE: the length modulo 2^32, as RFC 1952 defines it.
    let size = (before.len() + shared.len() + after.len()) as u64;
    out.extend_from_slice(&((size & 0xffff_ffff) as u32).to_le_bytes());
    out
}

thread_local! {
    /// A compressor per level, kept by each thread between answers. Making
    /// one allocates and zeroes about 230 KB of window and tables (fresh
    /// pages from the kernel, as often as not); resetting one only zeroes.
    static COMPRESSORS: std::cell::RefCell<Vec<(u32, Compress)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Raw DEFLATE of `input` in one run, appended to `out` and ended by
/// `flush`: `Sync` leaves the stream open on a byte boundary, `Finish`
/// closes it with the final block. Nothing is written for an empty `input`
/// ended by `Sync`.
fn deflate_into(out: &mut Vec<u8>, input: &[u8], level: Compression, flush: FlushCompress) {
    if input.is_empty() && matches!(flush, FlushCompress::Sync) {
        return;
    }
    let mut compress = COMPRESSORS
        .with_borrow_mut(|kept| {
            kept.iter()
                .position(|(l, _)| *l == level.level())
                .map(|at| kept.swap_remove(at).1)
        })
        .unwrap_or_else(|| Compress::new(level, false));
    out.reserve(input.len() / 3 + 64);
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let consumed = compress.total_in() as usize;
        let status = compress
            .compress_vec(&input[consumed..], out, flush)
            .expect("deflating into a buffer with room cannot fail");
        let all_in = compress.total_in() as usize == input.len();
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            // A flush is complete once it left room in the buffer (zlib's
            // rule: a full buffer means call again with the same flush).
            _ => all_in && out.len() < out.capacity(),
        };
        if done {
            break;
        }
    }
    compress.reset();
    COMPRESSORS.with_borrow_mut(|kept| kept.push((level.level(), compress)));
}

/// A page with a shared part, as a handler answers it: the uncompressed
/// body, and the pieces kept on the response for `web::compress`.
pub struct Answer {
    page: Page,
    status: StatusCode,
}

impl Answer {
    pub fn new(page: Page, status: StatusCode) -> Answer {
        Answer { page, status }
    }
}

impl Responder for Answer {
    type Body = PageBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse<PageBody> {
        let mut res = HttpResponse::with_body(self.status, self.page.body());
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        res.extensions_mut().insert(self.page);
        res
    }
}

/// An uncompressed page sent in its three pieces, with its length known.
pub struct PageBody {
    chunks: [Option<Bytes>; 3],
    size: u64,
}

impl MessageBody for PageBody {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.size)
    }

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        let next = this
            .chunks
            .iter_mut()
            .find_map(|chunk| chunk.take().filter(|c| !c.is_empty()));
        std::task::Poll::Ready(next.map(Ok))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut out)
            .expect("a valid gzip stream");
        out
    }

    fn page(before: &str, shared: &str, after: &str) -> Page {
        let rendered = format!("{before}{Slot}{after}");
        Page::split(rendered, Arc::new(Shared::new(shared.to_string())))
    }

    #[test]
    fn a_spliced_page_unzips_to_the_page() {
        let row = "<tr><td class=\"num\">$7,415,534.00</td><td>Team 001</td></tr>\n";
        let cases = [
            ("", "", ""),
            ("<html><body>", "", "</body></html>"),
            ("", &row.repeat(3), ""),
            (
                "<h1>Hello, 지훈</h1>",
                &row.repeat(2_000),
                "<footer>end</footer>",
            ),
            // A reader's piece that repeats the shared part: no reference
            // may cross from one run into another.
            (&row.repeat(50), &row.repeat(50), &row.repeat(50)),
        ];
        for (before, shared, after) in cases {
            let p = page(before, shared, after);
            let expected = format!("{before}{shared}{after}");
            assert_eq!(p.len(), expected.len());
            assert_eq!(gunzip(&p.gzip(1)), expected);
            assert_eq!(gunzip(&p.gzip(9)), expected);
        }
    }

    #[test]
    fn the_shared_part_is_compressed_once_and_shrinks_the_answer() {
        let row = "<tr><td class=\"num\">$7,415,534.00</td><td>Team 001</td></tr>\n";
        let p = page("<main>", &row.repeat(2_000), "</main>");
        let zipped = p.gzip(1);
        assert!(
            zipped.len() * 20 < p.len(),
            "{} of {}",
            zipped.len(),
            p.len()
        );
    }

    #[test]
    fn a_page_without_its_slot_is_what_was_rendered() {
        let p = Page::split(
            "<p>no slot</p>".to_string(),
            Arc::new(Shared::new("<table></table>".into())),
        );
        assert_eq!(gunzip(&p.gzip(1)), "<p>no slot</p>");
        assert_eq!(p.len(), "<p>no slot</p>".len());
    }

    #[test]
    fn the_plain_body_is_the_three_pieces_in_order() {
        use actix_web::body::to_bytes;
        let p = page("a", "bb", "ccc");
        let body =
            actix_web::rt::System::new().block_on(async { to_bytes(p.body()).await.unwrap() });
        assert_eq!(&body[..], b"abbccc");
    }
}
