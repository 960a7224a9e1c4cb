//! Rebuild when a migration or a catalog changes: both are embedded into
//! the binary. The front-end files under `static/` are embedded too: each
//! is fingerprinted with a hash of its content and compressed once here
//! (gzip and brotli at their best levels), so the server answers an asset
//! from memory in one write and never compresses one per request.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The file types served from `static/` (`web::hardening::is_asset` agrees).
const ASSET_EXTENSIONS: &[&str] = &[
    "css", "js", "svg", "png", "jpg", "jpeg", "gif", "webp", "ico", "woff", "woff2", "map",
    "LICENSE", "md", "txt",
];

/// Types that compression cannot shrink: served as they are.
const COMPRESSED_ALREADY: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "woff", "woff2"];

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=static");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("static");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for (i, file) in files.iter().enumerate() {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_str()
            .expect("asset paths are UTF-8")
            .replace('\\', "/");
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !ASSET_EXTENSIONS.contains(&extension) {
            continue;
        }
        let content = std::fs::read(file).unwrap();
        let digest = Sha256::digest(&content);
        let hash: String = digest[..8].iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        let (gzip, brotli) = if COMPRESSED_ALREADY.contains(&extension) {
            (None, None)
        } else {
            (
                smaller(&content, gzip(&content), &out.join(format!("asset-{i}.gz"))),
                smaller(
                    &content,
                    brotli(&content),
                    &out.join(format!("asset-{i}.br")),
                ),
            )
        };
        let include = |p: Option<PathBuf>| match p {
            Some(p) => format!("Some(include_bytes!({:?}))", p.display().to_string()),
            None => "None".to_string(),
        };
        let _ = writeln!(
            table,
            "    Asset {{ path: {relative:?}, hash: {hash:?}, identity: include_bytes!({:?}), gzip: {}, brotli: {} }},",
            file.display().to_string(),
            include(gzip),
            include(brotli),
        );
    }
    table.push(']');
    std::fs::write(out.join("assets.rs"), table).unwrap();
    let locales = root.with_file_name("locales");
    std::fs::write(out.join("locales.rs"), locale_table(&locales)).unwrap();
}

/// Every catalog file as `(language, include_str!(path))`, for
/// `i18n::catalog`'s quick form of the messages.
fn locale_table(root: &Path) -> String {
    let mut files = Vec::new();
    walk(root, &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "ftl"))
    {
        let lang = file
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .expect("a catalog sits in its language's folder");
        let _ = writeln!(
            table,
            "    ({lang:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    table.push(']');
    table
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// Writes `compressed` to `path` when it is smaller than `original`.
fn smaller(original: &[u8], compressed: Vec<u8>, path: &Path) -> Option<PathBuf> {
    if compressed.len() >= original.len() {
        return None;
    }
    std::fs::write(path, compressed).unwrap();
    Some(path.to_path_buf())
}

fn gzip(content: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(content).unwrap();
    encoder.finish().unwrap()
}

fn brotli(content: &[u8]) -> Vec<u8> {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &content[..], &mut compressed, &params).unwrap();
    compressed
}
