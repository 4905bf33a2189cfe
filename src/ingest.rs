//! Ingest: turns command-line inputs into a deterministic stream of documents and decodes their bytes.
//!
//! Inputs are listed first (`plan_inputs`), cheaply and in order; each one is then loaded and decoded
//! (`load`) on a worker thread. Nothing here panics on bad bytes: an input that cannot be read or
//! decoded becomes a `RawDoc` carrying a `DocError`, so that it still gets a record.
//!
//! Containers are opened lazily by `expand`: a WARC archive or a JSON Lines file listed as one
//! input becomes a stream of document inputs read as the pipeline asks for them, so memory does not
//! grow with the container's size. A gzip-compressed single document (`.html.gz`, `.txt.gz`) is
//! told by its magic bytes and inflated in `load`.

pub mod gzip;
pub mod jsonl;
pub mod warc;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use serde::Deserialize;

/// What kind of failure kept a document from being processed; becomes the record's `error.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io,
    /// The bytes are not text in any encoding we read (binary data).
    Binary,
    /// The input is larger than `--max-bytes`.
    TooLarge,
    /// A stdin line that is not a valid record.
    BadRecord,
    /// A bug in newsrake met this document; the run went on.
    Internal,
}

impl ErrorKind {
    /// The stable name used in output records.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Binary => "binary",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::BadRecord => "bad_record",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Why one input produced an error record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// Machine-readable kind.
    pub kind: ErrorKind,
    /// Human-readable explanation naming what went wrong.
    pub message: String,
}

/// The format a stdin record declares by its field name (`html` or `text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    /// `{"html": ...}`
    Html,
    /// `{"text": ...}`
    Text,
}

/// One input, listed but not yet read.
#[derive(Debug, Clone)]
pub struct Input {
    /// The record id: path relative to the folder argument, file name for a file argument, or the
    /// id given on stdin.
    pub id: String,
    /// Where it comes from.
    pub source: Source,
}

/// Where an input's content lives.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file to read.
    File(PathBuf),
    /// A stdin record, already parsed.
    Record {
        /// The document's content.
        content: String,
        /// Which field carried it.
        declared: Declared,
        /// `url` given with the record.
        url: Option<String>,
        /// `date` given with the record.
        date: Option<String>,
    },
    /// A stdin line that could not be parsed.
    BadRecord(String),
    /// The payload of a WARC `response` or `resource` record, still encoded.
    Archived(Box<Payload>),
    /// Damage met while reading a container (truncated or corrupt archive, unreadable file).
    Failed {
        /// The container's path.
        path: PathBuf,
        /// What went wrong, naming the file and the offset.
        error: DocError,
    },
}

/// A document's bytes as a web archive stored them, with what is needed to decode them.
#[derive(Debug, Clone)]
pub struct Payload {
    /// The archive it comes from.
    pub path: PathBuf,
    /// The HTTP body (after the HTTP header), or the whole block of a `resource` record.
    pub body: Vec<u8>,
    /// The body is sent with chunked transfer-encoding.
    pub chunked: bool,
    /// HTTP Content-Encoding (`gzip`, `deflate`, ...), lowercased.
    pub content_encoding: Option<String>,
    /// Charset named by the HTTP Content-Type.
    pub charset: Option<String>,
    /// WARC-Target-URI.
    pub url: Option<String>,
    /// WARC-Date: when the page was captured, used only when the page gives no date.
    pub date: Option<String>,
}

/// A loaded, decoded document: the input of the clean stage.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Record id.
    pub id: String,
    /// Path as read, for file inputs.
    pub path: Option<String>,
    /// Decoded text (empty when `error` is set).
    pub content: String,
    /// Format declared by a stdin record; files are told by content in the clean stage.
    pub declared: Option<Declared>,
    /// Address given alongside the input.
    pub url: Option<String>,
    /// Publication date given alongside the input (stdin `date`); it wins over the page's own.
    pub date: Option<String>,
    /// A date to fall back on when the page gives none (WARC-Date, the capture time).
    pub fallback_date: Option<String>,
    /// Set when the input could not be read or decoded.
    pub error: Option<DocError>,
}

/// What `plan_inputs` found besides the inputs themselves.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files to process, in output order.
    pub inputs: Vec<Input>,
    /// Files skipped because their names mark them as web assets (images, styles, scripts, ...).
    pub skipped_assets: usize,
    /// Problems met while walking folders (unreadable folder, ...), each naming the path; each
    /// also yields an error input so nothing is lost silently.
    pub warnings: Vec<String>,
}

/// File name endings of web assets, skipped when walking folders: a saved web page drags these along.
const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "avif", "css", "js",
    "mjs", "map", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "webm", "ogg", "wav", "avi",
    "mov", "pdf", "zip", "tar", "tgz", "bz2", "xz", "7z", "rar", "exe", "dll", "so", "wasm",
];

/// Whether a file name marks a web asset that is not an article.
pub fn is_asset_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| ASSET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// Lists the files named on the command line, walking folders recursively in sorted order and
/// skipping hidden entries and web assets. `-` is not handled here (see `read_stdin_records`).
pub fn plan_inputs(args: &[PathBuf]) -> Plan {
    let mut plan = Plan::default();
    for arg in args {
        match fs::metadata(arg) {
            Ok(m) if m.is_dir() => walk_dir(arg, arg, &mut plan, 0),
            Ok(_) => {
                let id = arg
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| arg.to_string_lossy().into_owned());
                plan.inputs.push(Input {
                    id,
                    source: Source::File(arg.clone()),
                });
            }
            Err(_) => {
                // A missing file still gets a record: `load` reports the read error.
                plan.inputs.push(Input {
                    id: arg.to_string_lossy().into_owned(),
                    source: Source::File(arg.clone()),
                });
            }
        }
    }
    plan
}

/// Deep enough for any real archive, shallow enough that a symlink loop ends.
const MAX_DEPTH: usize = 64;

fn walk_dir(root: &Path, dir: &Path, plan: &mut Plan, depth: usize) {
    if depth > MAX_DEPTH {
        plan.warnings.push(format!(
            "{}: folders nested too deep, not entered",
            dir.display()
        ));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            plan.warnings
                .push(format!("{}: cannot read folder: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .map(|n| n.to_string_lossy().starts_with('.'))
            .unwrap_or(false);
        if hidden {
            continue;
        }
        if path.is_dir() {
            if links_to_ancestor(dir, &path) {
                plan.warnings.push(format!(
                    "{}: link back to an enclosing folder, not entered",
                    path.display()
                ));
                continue;
            }
            walk_dir(root, &path, plan, depth + 1);
        } else if is_asset_name(&path) {
            plan.skipped_assets += 1;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            plan.inputs.push(Input {
                id,
                source: Source::File(path),
            });
        }
    }
}

/// A symlinked folder that resolves to `dir` or one of its ancestors would list the same files
/// again at every level down to `MAX_DEPTH`.
fn links_to_ancestor(dir: &Path, path: &Path) -> bool {
    if !path.is_symlink() {
        return false;
    }
    match (dir.canonicalize(), path.canonicalize()) {
        (Ok(here), Ok(target)) => here.starts_with(target),
        _ => false,
    }
}

#[derive(Deserialize)]
struct StdinRecord {
    id: Option<serde_json::Value>,
    html: Option<String>,
    text: Option<String>,
    url: Option<String>,
    date: Option<String>,
}

/// Parses one stdin line into an input; `line_no` (1-based) names records without an id.
pub fn parse_stdin_record(line: &str, line_no: usize) -> Input {
    parse_record(
        line,
        format!("stdin:{line_no}"),
        &format!("stdin line {line_no}"),
    )
}

/// Parses one JSON Lines record (stdin format); `fallback_id` names a record without an id and
/// `origin` ("stdin line 3") starts error messages.
pub fn parse_record(line: &str, fallback_id: String, origin: &str) -> Input {
    let rec: StdinRecord = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            return Input {
                id: fallback_id,
                source: Source::BadRecord(format!("{origin}: not a JSON record: {e}")),
            };
        }
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => fallback_id,
        Some(other) => other.to_string(),
    };
    let (content, declared) = match (rec.html, rec.text) {
        (Some(h), _) => (h, Declared::Html),
        (None, Some(t)) => (t, Declared::Text),
        (None, None) => {
            return Input {
                id,
                source: Source::BadRecord(format!(
                    "{origin}: record has neither an \"html\" nor a \"text\" field"
                )),
            };
        }
    };
    Input {
        id,
        source: Source::Record {
            content,
            declared,
            url: rec.url,
            date: rec.date,
        },
    }
}

/// Reads one input and decodes it; never panics, whatever the bytes.
pub fn load(input: Input, max_bytes: u64) -> RawDoc {
    let Input { id, source } = input;
    let mut doc = RawDoc {
        id,
        path: None,
        content: String::new(),
        declared: None,
        url: None,
        date: None,
        fallback_date: None,
        error: None,
    };
    match source {
        Source::File(path) => {
            doc.path = Some(path.to_string_lossy().into_owned());
            match read_limited(&path, max_bytes).and_then(|b| inflate_if_gzip(b, max_bytes)) {
                Ok(bytes) => match decode(&bytes) {
                    Ok(text) => doc.content = text,
                    Err(e) => doc.error = Some(e),
                },
                Err(e) => doc.error = Some(e),
            }
        }
        Source::Record {
            content,
            declared,
            url,
            date,
        } => {
            if content.len() as u64 > max_bytes {
                doc.error = Some(too_large(content.len() as u64, max_bytes));
            } else {
                doc.content = content;
            }
            doc.declared = Some(declared);
            doc.url = url;
            doc.date = date;
        }
        Source::BadRecord(message) => {
            doc.error = Some(DocError {
                kind: ErrorKind::BadRecord,
                message,
            });
        }
        Source::Archived(payload) => {
            let Payload {
                path,
                body,
                chunked,
                content_encoding,
                charset,
                url,
                date,
            } = *payload;
            doc.path = Some(path.to_string_lossy().into_owned());
            doc.url = url;
            doc.fallback_date = date;
            let body = if chunked { warc::dechunk(&body) } else { body };
            match decode_content(body, content_encoding.as_deref(), max_bytes)
                .and_then(|b| decode_with_charset(&b, charset.as_deref()))
            {
                Ok(text) => doc.content = text,
                Err(e) => doc.error = Some(e),
            }
        }
        Source::Failed { path, error } => {
            doc.path = Some(path.to_string_lossy().into_owned());
            doc.error = Some(error);
        }
    }
    doc
}

/// Lists the documents an input stands for: a WARC archive or a JSON Lines file becomes the lazy
/// stream of its records; any other input stands for itself. `skipped` counts archive records
/// that give no document (requests, metadata, non-HTML responses, ...).
pub fn expand(
    input: Input,
    max_bytes: u64,
    skipped: &Arc<AtomicUsize>,
) -> Box<dyn Iterator<Item = Input>> {
    let Input { id, source } = input;
    match source {
        Source::File(path) if jsonl::is_jsonl_name(&path) => {
            jsonl::JsonlRecords::open(id, path, max_bytes)
        }
        Source::File(path) if warc::is_warc(&path) => {
            warc::WarcRecords::open(id, path, max_bytes, skipped.clone())
        }
        source => Box::new(std::iter::once(Input { id, source })),
    }
}

/// Inflates a gzip-compressed document (told by its magic bytes, whatever its name).
fn inflate_if_gzip(bytes: Vec<u8>, max_bytes: u64) -> Result<Vec<u8>, DocError> {
    if !gzip::is_gzip(&bytes) {
        return Ok(bytes);
    }
    gzip::gunzip_limited(&bytes, max_bytes).map_err(|e| gunzip_error(e, max_bytes))
}

fn gunzip_error(e: gzip::GunzipError, max_bytes: u64) -> DocError {
    match e {
        gzip::GunzipError::TooLarge => DocError {
            kind: ErrorKind::TooLarge,
            message: format!("content inflates past the --max-bytes limit of {max_bytes}"),
        },
        gzip::GunzipError::Corrupt(m) => DocError {
            kind: ErrorKind::Binary,
            message: format!("corrupt gzip data: {m}"),
        },
    }
}

/// Undoes an HTTP Content-Encoding. A body that does not inflate is kept as it is: crawlers often
/// store the decoded body and leave the header.
fn decode_content(
    body: Vec<u8>,
    encoding: Option<&str>,
    max_bytes: u64,
) -> Result<Vec<u8>, DocError> {
    match encoding {
        Some("gzip" | "x-gzip") if gzip::is_gzip(&body) => {
            gzip::gunzip_limited(&body, max_bytes).map_err(|e| gunzip_error(e, max_bytes))
        }
        Some("deflate") => Ok(inflate_deflate(&body, max_bytes).unwrap_or(body)),
        _ => Ok(body),
    }
}

/// HTTP "deflate" is meant to be zlib, but some servers send raw deflate: try both.
fn inflate_deflate(body: &[u8], max_bytes: u64) -> Option<Vec<u8>> {
    let attempt = |r: &mut dyn Read| {
        let mut out = Vec::new();
        r.take(max_bytes + 1).read_to_end(&mut out).ok()?;
        (out.len() as u64 <= max_bytes).then_some(out)
    };
    attempt(&mut flate2::read::ZlibDecoder::new(body))
        .or_else(|| attempt(&mut flate2::read::DeflateDecoder::new(body)))
}

/// The one input that stands for a record file or archive that cannot be opened: an error
/// record, so that the run reports it and goes on.
fn unopenable(
    file_id: String,
    path: PathBuf,
    e: std::io::Error,
) -> Box<dyn Iterator<Item = Input>> {
    let error = DocError {
        kind: ErrorKind::Io,
        message: format!("cannot read {}: {e}", path.display()),
    };
    Box::new(std::iter::once(Input {
        id: file_id,
        source: Source::Failed { path, error },
    }))
}

fn too_large(size: u64, max: u64) -> DocError {
    DocError {
        kind: ErrorKind::TooLarge,
        message: format!("input is {size} bytes, over the --max-bytes limit of {max}"),
    }
}

fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, DocError> {
    let io_err = |e: std::io::Error| DocError {
        kind: ErrorKind::Io,
        message: format!("cannot read {}: {e}", path.display()),
    };
    // Opening a named pipe or a device would block or read without end: only regular files are read.
    let kind = fs::metadata(path).map_err(io_err)?.file_type();
    if !kind.is_file() && !kind.is_dir() {
        return Err(DocError {
            kind: ErrorKind::Io,
            message: format!("cannot read {}: not a regular file", path.display()),
        });
    }
    let file = fs::File::open(path).map_err(io_err)?;
    if let Ok(m) = file.metadata() {
        if m.is_dir() {
            return Err(DocError {
                kind: ErrorKind::Io,
                message: format!("cannot read {}: is a folder", path.display()),
            });
        }
        if m.len() > max_bytes {
            return Err(too_large(m.len(), max_bytes));
        }
    }
    // Read one byte past the limit so a file that grows (or lies about its size) is still caught.
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    Ok(bytes)
}

/// Decodes bytes with the charset a transport header named (HTTP Content-Type): a BOM still wins,
/// as in browsers; an unknown label, or UTF-8 named but not valid, falls back to `decode`.
pub fn decode_with_charset(bytes: &[u8], charset: Option<&str>) -> Result<String, DocError> {
    let named = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    let Some(enc) = named else {
        return decode(bytes);
    };
    if encoding_rs::Encoding::for_bom(bytes).is_some() || enc == encoding_rs::UTF_8 {
        return decode(bytes);
    }
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    if looks_binary(bytes) {
        return decode(bytes);
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Ok(text.into_owned())
}

/// Decodes bytes to text: BOMs first (UTF-8, UTF-16LE/BE), then UTF-8, then a charset declared in an
/// HTML meta tag, then Windows-1252. Binary data (NUL bytes, control-character soup) is an error.
pub fn decode(bytes: &[u8]) -> Result<String, DocError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    if let Some(enc) = sniff_utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err(DocError {
            kind: ErrorKind::Binary,
            message: "content is binary data, not text".to_string(),
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let declared = meta_charset(bytes);
    if declared.is_none_or(|d| d == encoding_rs::UTF_8) && mostly_utf8(bytes) {
        return Ok(String::from_utf8_lossy(bytes).into_owned());
    }
    let enc = declared.unwrap_or(encoding_rs::WINDOWS_1252);
    // A page that declares UTF-8 but is not valid UTF-8 is most often Windows-1252 in disguise;
    // encoding_rs maps ISO-8859-1 labels to Windows-1252 as browsers do.
    let enc = if enc == encoding_rs::UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    };
    let (text, _, _) = enc.decode(bytes);
    Ok(text.into_owned())
}

/// UTF-8 with a few broken sequences (a cut download, a bad splice) is still UTF-8: read as
/// Windows-1252, every correct curly quote and accent of the page would turn into mojibake. Text
/// in a legacy encoding almost never forms valid multi-byte UTF-8 sequences by chance.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += !chunk.invalid().is_empty() as usize;
    }
    valid_multibyte > invalid
}

/// UTF-16 without a BOM shows as every other byte NUL in ASCII-heavy text.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 16 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Text has no NUL bytes and few control characters; images, archives and executables do.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > sample.len().max(1)
}

fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let pos = find(&lower, b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFhello").unwrap(), "hello");
    }

    #[test]
    fn decodes_utf16_le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Peru \u{2019}s".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Peru \u{2019}s");
    }

    #[test]
    fn decodes_utf16_be_without_bom() {
        let mut bytes = Vec::new();
        for u in "Venezuela expelled the ambassador.".encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            decode(&bytes).unwrap(),
            "Venezuela expelled the ambassador."
        );
    }

    #[test]
    fn falls_back_to_windows_1252_for_curly_quotes() {
        assert_eq!(
            decode(b"\x93quoted\x94 it\x92s").unwrap(),
            "\u{201c}quoted\u{201d} it\u{2019}s"
        );
    }

    #[test]
    fn utf8_with_a_broken_sequence_stays_utf8() {
        let bytes = b"\xE2\x80\x9CLeave,\xE2\x80\x9D he said. It\xE2\x80\x99s \xE2\x80 done.";
        assert_eq!(
            decode(bytes).unwrap(),
            "\u{201C}Leave,\u{201D} he said. It\u{2019}s \u{FFFD} done."
        );
    }

    #[test]
    fn honours_meta_charset() {
        let bytes = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode(bytes).unwrap().contains("caf\u{e9}"));
    }

    #[test]
    fn transport_charset_is_honoured() {
        // 0xE9 is é in Windows-1252 and ISO-8859-1 but invalid alone in UTF-8.
        assert_eq!(
            decode_with_charset(b"caf\xe9", Some("windows-1252")).unwrap(),
            "caf\u{e9}"
        );
        // KOI8-R: a byte that Windows-1252 would read otherwise.
        assert_eq!(
            decode_with_charset(b"\xc1", Some("koi8-r")).unwrap(),
            "\u{430}"
        );
        assert_eq!(decode_with_charset(b"\xc1", None).unwrap(), "\u{c1}");
        // A BOM wins over the header.
        assert_eq!(
            decode_with_charset(b"\xEF\xBB\xBFok", Some("koi8-r")).unwrap(),
            "ok"
        );
    }

    #[test]
    fn gzip_documents_are_inflated() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b"<p>Peru</p>").unwrap();
        let z = e.finish().unwrap();
        assert_eq!(inflate_if_gzip(z.clone(), 100).unwrap(), b"<p>Peru</p>");
        assert_eq!(inflate_if_gzip(z, 5).unwrap_err().kind, ErrorKind::TooLarge);
        assert_eq!(inflate_if_gzip(b"plain".to_vec(), 100).unwrap(), b"plain");
    }

    #[test]
    fn rejects_binary() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0";
        assert_eq!(decode(png).unwrap_err().kind, ErrorKind::Binary);
    }

    #[test]
    fn stdin_record_without_content_is_an_error() {
        let input = parse_stdin_record(r#"{"id": "a"}"#, 3);
        assert_eq!(input.id, "a");
        assert!(matches!(input.source, Source::BadRecord(_)));
        let input = parse_stdin_record("not json", 4);
        assert_eq!(input.id, "stdin:4");
    }

    #[test]
    fn asset_names_are_recognised() {
        assert!(is_asset_name(Path::new("a/b/logo.PNG")));
        assert!(!is_asset_name(Path::new("story.html")));
        assert!(!is_asset_name(Path::new("story.txt")));
    }
}
