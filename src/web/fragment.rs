//! A part of a page that is the same for every reader (the company
//! rollup's table of 200 teams), rendered and compressed once, then spliced
//! into each reader's page.
//!
//! A page answered with shared parts is the reader's own pieces (their
//! name, navigation, CSRF token) with the parts between them. Sent as it
//! is, a part goes out as the bytes kept. Sent gzipped, it goes out as the
//! deflate blocks kept: DEFLATE lets independently compressed runs follow
//! each other when each ends on a byte boundary without the final-block
//! bit (a sync flush), and a run's back-references never reach before its
//! own start. So only the reader's own few kilobytes are compressed per
//! request (a piece of a few hundred bytes goes out as a stored block),
//! and the gzip trailer's CRC-32 is combined from the pieces'
//! (`crc32fast::Hasher::combine`). A
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

    /// The part kept in `cell`, rendered by `render` and compressed the
    /// first time it is asked for (by the first reader of the figures the
    /// cell sits beside).
    pub fn kept(
        cell: &std::sync::OnceLock<Arc<Shared>>,
        render: impl FnOnce() -> Result<String, askama::Error>,
    ) -> Result<Arc<Shared>, crate::web::error::AppError> {
        if let Some(part) = cell.get() {
            return Ok(part.clone());
        }
        let html = render().map_err(|e| crate::web::error::AppError::Internal(e.into()))?;
        Ok(cell.get_or_init(|| Arc::new(Shared::new(html))).clone())
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

/// A reader's page: their own text around shared parts.
pub struct Page {
    /// The reader's own pieces, one more than `parts`: the first before
    /// the first part, then one after each.
    own: Vec<Bytes>,
    parts: Vec<Arc<Shared>>,
}

impl Page {
    /// The page from its rendering with [`Slot`] printed once where
    /// `shared` goes. Without the slot (a template that left it out), the
    /// part is not shown: the page is what was rendered.
    pub fn split(rendered: String, shared: Arc<Shared>) -> Page {
        Page::split_all(rendered, vec![shared])
    }

    /// The page from its rendering with a [`Slot`] for each of `parts`, in
    /// their order. A part whose slot is missing is not shown.
    pub fn split_all(rendered: String, parts: Vec<Arc<Shared>>) -> Page {
        let mut cuts = Vec::with_capacity(parts.len());
        let mut from = 0;
        while cuts.len() < parts.len() {
            let Some(at) = rendered[from..].find(MARKER) else {
                break;
            };
            cuts.push(from + at);
            from += at + MARKER.len();
        }
        let rendered = Bytes::from(rendered);
        let mut own = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for &at in &cuts {
            own.push(rendered.slice(start..at));
            start = at + MARKER.len();
        }
        own.push(rendered.slice(start..));
        let mut parts = parts;
        parts.truncate(cuts.len());
        Page { own, parts }
    }

    pub fn len(&self) -> usize {
        self.own.iter().map(Bytes::len).sum::<usize>()
            + self.parts.iter().map(|p| p.len()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page as one text, its parts spliced in (for tests).
    #[cfg(test)]
    pub(crate) fn html(&self) -> String {
        let mut out = Vec::with_capacity(self.len());
        for (at, own) in self.own.iter().enumerate() {
            if at > 0 {
                out.extend_from_slice(&self.parts[at - 1].html);
            }
            out.extend_from_slice(own);
        }
        String::from_utf8(out).expect("pages are text")
    }

    /// The page as one gzip member: the reader's pieces compressed at
    /// `level` (a piece under [`QUICK_BELOW`] at level 1, one under
    /// [`STORED_BELOW`] stored), the shared parts' kept blocks between them.
    pub fn gzip(&self, level: u32) -> Vec<u8> {
        gzip_pieces(&self.own, &self.parts, level)
    }

    /// The page uncompressed, as a body of its pieces (no copy of the
    /// shared parts).
    pub fn body(&self) -> PageBody {
        let mut chunks = Vec::with_capacity(self.own.len() + self.parts.len());
        for (at, own) in self.own.iter().enumerate() {
            if at > 0 {
                chunks.push(self.parts[at - 1].html.clone());
            }
            chunks.push(own.clone());
        }
        chunks.retain(|c| !c.is_empty());
        chunks.reverse();
        PageBody {
            chunks,
            size: self.len() as u64,
        }
    }
}

/// `input` as one gzip member compressed at `level`, with a compressor
/// this thread keeps ([`deflate_into`]).
pub fn gzip(input: &[u8], level: u32) -> Vec<u8> {
    gzip_pieces(&[Bytes::copy_from_slice(input)], &[], level)
}

/// One gzip member of the `own` pieces with the `parts`' kept blocks
/// between them (`own` has one piece more than `parts`).
fn gzip_pieces(own: &[Bytes], parts: &[Arc<Shared>], level: u32) -> Vec<u8> {
    let level = Compression::new(level);
    let own_bytes: usize = own.iter().map(Bytes::len).sum();
    let kept: usize = parts.iter().map(|p| p.deflated.len()).sum();
    let mut out = Vec::with_capacity(kept + own_bytes / 4 + 64);
    // The gzip header: deflate, no name, no time, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    for (at, piece) in own.iter().enumerate() {
        if at > 0 {
            let part = &parts[at - 1];
            out.extend_from_slice(&part.deflated);
            crc.combine(&part.crc);
            size += part.len() as u64;
        }
        let flush = if at + 1 == own.len() {
            FlushCompress::Finish
        } else {
            FlushCompress::Sync
        };
        let piece_level = if piece.len() < QUICK_BELOW {
            Compression::fast()
        } else {
            level
        };
        deflate_into(&mut out, piece, piece_level, flush);
        crc.update(piece);
        size += piece.len() as u64;
    }
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    // ISIZE: the length modulo 2^32, as RFC 1952 defines it.
    out.extend_from_slice(&((size & 0xffff_ffff) as u32).to_le_bytes());
    out
}

/// Pieces shorter than this are deflated at level 1 whatever the level
/// asked: zlib-rs's level 1 (zlib-ng's "quick" strategy) writes fixed
/// Huffman codes, which cost nothing to describe, while a dynamic block's
/// code description is a large share of a small piece's output and its
/// construction most of its time. On the pages bench, level 2 for the
/// leaderboard's and rollup's pieces of 1–2 KB cost 15% of their requests;
/// on the dashboard's 25 KB, it is a fifth smaller than level 1.
const QUICK_BELOW: usize = 4096;

/// Pieces this short go out as a stored block: resetting a compressor
/// (zeroing its 230 KB of tables) costs more than the bytes it would save.
const STORED_BELOW: usize = 512;

/// `input` as one stored DEFLATE block (RFC 1951, 3.2.4), on a byte
/// boundary as every run here starts: the block header's three bits padded
/// to a byte, then the length and its complement. `last` sets the
/// final-block bit. `input` is shorter than a stored block's 65,535 bytes.
fn store_into(out: &mut Vec<u8>, input: &[u8], last: bool) {
    let len = u16::try_from(input.len()).expect("a short piece");
    out.push(u8::from(last));
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(input);
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
    let last = matches!(flush, FlushCompress::Finish);
    if input.is_empty() && !last {
        return;
    }
    if input.len() < STORED_BELOW {
        store_into(out, input, last);
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

/// An uncompressed page sent in its pieces, with its length known.
pub struct PageBody {
    /// The pieces still to send, the next one last.
    chunks: Vec<Bytes>,
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
        std::task::Poll::Ready(self.get_mut().chunks.pop().map(Ok))
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
    fn several_parts_splice_in_their_order_and_a_missing_slot_drops_its_part() {
        let row = "<tr><td class=\"num\">$7,415,534.00</td><td>Team 001</td></tr>\n";
        let head = Arc::new(Shared::new(format!("<h1>Head</h1>{}", row.repeat(40))));
        let table = Arc::new(Shared::new(row.repeat(500)));
        let form = "<form><input name=\"csrf_token\" value=\"abc\"></form>".repeat(30);
        let rendered = format!("<nav>Ana</nav>{Slot}{form}{Slot}<footer>end</footer>");
        let p = Page::split_all(rendered, vec![head.clone(), table.clone()]);
        let expected = format!(
            "<nav>Ana</nav><h1>Head</h1>{}{form}{}<footer>end</footer>",
            row.repeat(40),
            row.repeat(500)
        );
        assert_eq!(p.len(), expected.len());
        assert_eq!(gunzip(&p.gzip(1)), expected);
        let chunks: Vec<u8> = p.body().chunks.into_iter().rev().flatten().collect();
        assert_eq!(String::from_utf8(chunks).unwrap(), expected);

        // One slot for two parts: the second is left out.
        let p = Page::split_all(format!("<nav>{Slot}</nav>"), vec![head, table]);
        let expected = format!("<nav><h1>Head</h1>{}</nav>", row.repeat(40));
        assert_eq!(gunzip(&p.gzip(1)), expected);
        assert_eq!(p.len(), expected.len());
    }

    #[test]
    fn a_short_piece_is_stored_and_still_unzips() {
        // Shorter than `STORED_BELOW` on both sides of the part, and an
        // empty last piece (a final stored block of nothing).
        for after in ["", "</main>"] {
            let p = page("<main>", &"<p>x</p>".repeat(300), after);
            let zipped = p.gzip(1);
            assert_eq!(
                gunzip(&zipped),
                format!("<main>{}{after}", "<p>x</p>".repeat(300))
            );
            // Header 10, stored "<main>" 5 + 6, the part, stored end 5 +
            // its bytes, trailer 8.
            assert_eq!(
                zipped.len(),
                10 + 11 + p.parts[0].deflated.len() + 5 + after.len() + 8
            );
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
