//! WARC and WARC.gz archives (ISO 28500, WARC/1.0 and 1.1), read by hand: the format is a header
//! block of `Name: value` lines, a `Content-Length`-sized block and two CRLFs, so a crate would add
//! little. Records are read one at a time, lazily, from a streaming (member-wise for gzip)
//! reader: a multi-gigabyte archive never sits in memory, only the record being handed on.
//!
//! One document comes from each `response` record whose HTTP status is 2xx and whose payload is
//! HTML or plain text (`text/html`, `application/xhtml+xml`, `text/plain`), and from each
//! `resource` record with such a `Content-Type`. Every other record (`request`, `metadata`,
//! `warcinfo`, `revisit`, images, redirects, ...) is skipped and counted. The HTTP header is parsed
//! here; de-chunking, content decoding and charset decoding happen later, on a worker thread
//! (`ingest::load`).
//!
//! Ids are `<file id>#<WARC-Record-ID without angle brackets>`: the record id alone is unique only
//! if the crawler did its job, and the file id keeps two archives apart. A record without an id
//! gets `<file id>#offset:<N>`. Damage (a header that is not WARC, a block cut short, corrupt gzip)
//! gives one error record `<file id>@<N>` naming the file and the offset, and ends that archive:
//! what follows cannot be trusted to start on a record boundary. Offsets are those of the gzip
//! member holding the record's first byte for a `.warc.gz` (as CDX indexes give them), and byte
//! offsets for a plain `.warc`.

use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{DocError, ErrorKind, Input, Payload, Source, gzip};

/// A header block larger than this is not a WARC header.
const MAX_HEADER: u64 = 64 * 1024;
/// An HTTP header larger than this is treated as absent.
const MAX_HTTP_HEADER: usize = 64 * 1024;

/// Whether a file is a WARC archive (plain or gzip), told by its first bytes.
pub fn is_warc(path: &Path) -> bool {
    let mut head = [0u8; 5];
    matches!(gzip::sniff(path, &mut head), Ok(5) if &head == b"WARC/")
}

/// The lazy stream of documents of one archive.
pub struct WarcRecords {
    file_id: String,
    path: PathBuf,
    reader: Box<dyn BufRead>,
    member_start: Option<gzip::MemberOffset>,
    /// Bytes consumed from the (inflated) stream.
    pos: u64,
    max_bytes: u64,
    skipped: Arc<AtomicUsize>,
    done: bool,
}

/// What one record turned into.
enum Step {
    Doc(Input),
    Skipped,
}

/// A record's header fields that matter here.
#[derive(Default)]
struct Header {
    kind: String,
    record_id: Option<String>,
    target_uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    length: Option<u64>,
}

impl WarcRecords {
    /// Opens an archive; `skipped` counts the records that give no document. An archive that
    /// cannot be opened yields one error input.
    pub fn open(
        file_id: String,
        path: PathBuf,
        max_bytes: u64,
        skipped: Arc<AtomicUsize>,
    ) -> Box<dyn Iterator<Item = Input>> {
        match gzip::open_stream(&path) {
            Ok((reader, member_start)) => Box::new(WarcRecords {
                file_id,
                path,
                reader,
                member_start,
                pos: 0,
                max_bytes,
                skipped,
                done: false,
            }),
            Err(e) => super::unopenable(file_id, path, e),
        }
    }

    /// The offset errors name: the gzip member's, or the byte offset in a plain file.
    fn offset(&self) -> u64 {
        self.member_start.as_ref().map_or(self.pos, |c| c.get())
    }

    fn next_record(&mut self) -> Result<Option<Step>, (u64, String)> {
        let at_pos = self.pos;
        if !self
            .skip_blank_lines()
            .map_err(|e| (at_pos, e.to_string()))?
        {
            return Ok(None);
        }
        let offset = self.offset();
        let fail = |m: String| (offset, m);
        let header = self.read_header().map_err(fail)?;
        let Some(length) = header.length else {
            return Err(fail("record has no valid Content-Length".into()));
        };
        let wanted = matches!(header.kind.as_str(), "response" | "resource");
        if !wanted || length > self.max_bytes {
            self.discard(length).map_err(fail)?;
            if !wanted {
                return Ok(Some(Step::Skipped));
            }
            let error = super::too_large(length, self.max_bytes);
            return Ok(Some(Step::Doc(self.failed(&header, offset, error))));
        }
        let block = self.read_block(length).map_err(fail)?;
        Ok(Some(self.to_document(header, block, offset)))
    }

    /// Consumes the CR/LF run between records; false at the end of the stream.
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let more = n == buf.len();
            self.reader.consume(n);
            self.pos += n as u64;
            if !more {
                return Ok(true);
            }
        }
    }

    fn read_header(&mut self) -> Result<Header, String> {
        let mut line = Vec::new();
        let mut used = 0u64;
        let mut header = Header::default();
        let mut first = true;
        loop {
            line.clear();
            let n = (&mut self.reader)
                .take(MAX_HEADER - used)
                .read_until(b'\n', &mut line)
                .map_err(|e| e.to_string())?;
            used += n as u64;
            self.pos += n as u64;
            if n == 0 || !line.ends_with(b"\n") {
                return Err(if used >= MAX_HEADER {
                    "WARC header is too long".into()
                } else {
                    "archive ends inside a WARC header (truncated)".into()
                });
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if first {
                if !text.starts_with("WARC/") {
                    return Err("not a WARC record header (corrupt archive)".into());
                }
                first = false;
                continue;
            }
            if text.is_empty() {
                return Ok(header);
            }
            if let Some((name, value)) = text.split_once(':') {
                header.set(name.trim(), value.trim());
            }
        }
    }

    fn discard(&mut self, length: u64) -> Result<(), String> {
        let n = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())
            .map_err(|e| e.to_string())?;
        self.pos += n;
        if n < length {
            return Err(truncated(length, n));
        }
        Ok(())
    }

    fn read_block(&mut self, length: u64) -> Result<Vec<u8>, String> {
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        let n = (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| e.to_string())? as u64;
        self.pos += n;
        if n < length {
            return Err(truncated(length, n));
        }
        Ok(block)
    }

    /// Turns a response or resource block into a document input, or a skip.
    fn to_document(&self, header: Header, mut block: Vec<u8>, offset: u64) -> Step {
        let (content_type, chunked, content_encoding) = if header.kind == "response" {
            let Some(http) = HttpHead::parse(&block) else {
                let error = DocError {
                    kind: ErrorKind::BadRecord,
                    message: format!(
                        "{}: response record at offset {offset} has no valid HTTP header",
                        self.path.display()
                    ),
                };
                return Step::Doc(self.failed(&header, offset, error));
            };
            if !(200..300).contains(&http.status) {
                return Step::Skipped;
            }
            block.drain(..http.len);
            (http.content_type, http.chunked, http.content_encoding)
        } else {
            (header.content_type.clone(), false, None)
        };
        let Some((mime, charset)) = content_type.as_deref().map(split_content_type) else {
            return Step::Skipped;
        };
        if !is_document_type(&mime) {
            return Step::Skipped;
        }
        Step::Doc(Input {
            id: self.record_id(&header, offset),
            source: Source::Archived(Box::new(Payload {
                path: self.path.clone(),
                body: block,
                chunked,
                content_encoding,
                charset,
                url: header.target_uri,
                date: header.date,
            })),
        })
    }

    fn record_id(&self, header: &Header, offset: u64) -> String {
        match &header.record_id {
            Some(r) => format!("{}#{r}", self.file_id),
            None => format!("{}#offset:{offset}", self.file_id),
        }
    }

    fn failed(&self, header: &Header, offset: u64, error: DocError) -> Input {
        Input {
            id: self.record_id(header, offset),
            source: Source::Failed {
                path: self.path.clone(),
                error,
            },
        }
    }

    fn damage(&self, offset: u64, message: String) -> Input {
        Input {
            id: format!("{}@{offset}", self.file_id),
            source: Source::Failed {
                path: self.path.clone(),
                error: DocError {
                    kind: ErrorKind::BadRecord,
                    message: format!(
                        "{}: WARC record at offset {offset}: {message}; rest of the archive not read",
                        self.path.display()
                    ),
                },
            },
        }
    }
}

fn truncated(length: u64, got: u64) -> String {
    format!("archive ends inside a record (truncated): {got} of {length} bytes")
}

impl Iterator for WarcRecords {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        while !self.done {
            match self.next_record() {
                Ok(Some(Step::Doc(input))) => return Some(input),
                Ok(Some(Step::Skipped)) => {
                    self.skipped.fetch_add(1, Ordering::Relaxed);
                }
                Ok(None) => self.done = true,
                Err((offset, message)) => {
                    self.done = true;
                    return Some(self.damage(offset, message));
                }
            }
        }
        None
    }
}

impl Header {
    fn set(&mut self, name: &str, value: &str) {
        let value = value.to_string();
        match name.to_ascii_lowercase().as_str() {
            "warc-type" => self.kind = value.to_ascii_lowercase(),
            "warc-record-id" => {
                self.record_id = Some(value.trim_start_matches('<').trim_end_matches('>').into())
            }
            "warc-target-uri" => {
                let uri = value.trim_start_matches('<').trim_end_matches('>');
                self.target_uri = Some(uri.to_string()).filter(|u| !u.is_empty());
            }
            "warc-date" => self.date = Some(value),
            "content-type" => self.content_type = Some(value),
            "content-length" => self.length = value.parse().ok(),
            _ => {}
        }
    }
}

/// The parts of an HTTP response header that decide and decode the payload.
#[derive(Debug, PartialEq)]
struct HttpHead {
    status: u16,
    content_type: Option<String>,
    chunked: bool,
    content_encoding: Option<String>,
    /// Length of the header including the blank line.
    len: usize,
}

impl HttpHead {
    fn parse(block: &[u8]) -> Option<HttpHead> {
        let window = &block[..block.len().min(MAX_HTTP_HEADER)];
        let (head_end, len) = find_blank_line(window)?;
        let text = String::from_utf8_lossy(&window[..head_end]);
        let mut lines = text.lines();
        let status_line = lines.next()?;
        if !status_line.starts_with("HTTP/") {
            return None;
        }
        let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
        let mut head = HttpHead {
            status,
            content_type: None,
            chunked: false,
            content_encoding: None,
            len,
        };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => head.content_type = Some(value.to_string()),
                "transfer-encoding" => {
                    head.chunked = value.to_ascii_lowercase().contains("chunked")
                }
                "content-encoding" => {
                    head.content_encoding = Some(value.to_ascii_lowercase())
                        .filter(|v| !v.is_empty() && v != "identity")
                }
                _ => {}
            }
        }
        Some(head)
    }
}

/// End of the header text and start of the body: after "\r\n\r\n" (or a bare "\n\n").
fn find_blank_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4));
    let lf = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|p| (p, p + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// `text/html; charset=windows-1252` -> ("text/html", Some("windows-1252")).
fn split_content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    });
    (mime, charset)
}

/// The payload types that carry articles.
fn is_document_type(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml" | "text/plain")
}

/// Undoes chunked transfer-encoding. A body whose first line is not a chunk size was stored
/// de-chunked by the crawler (a common practice) and is returned as it is; a chunk cut short
/// keeps what arrived.
pub fn dechunk(body: &[u8]) -> Vec<u8> {
    if chunk_size_line(body).is_none() {
        return body.to_vec();
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some((size, line_len)) = chunk_size_line(rest) {
        rest = &rest[line_len..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
    out
}

/// Reads a chunk-size line ("1a3;ext=1\r\n"): the size and the line's length.
fn chunk_size_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let eol = bytes.iter().take(256).position(|&b| b == b'\n')?;
    let text = std::str::from_utf8(&bytes[..eol]).ok()?;
    let size = text.split(';').next()?.trim();
    let size = usize::from_str_radix(size, 16).ok()?;
    Some((size, eol + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_head_is_parsed() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\
Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\nbody";
        let head = HttpHead::parse(block).unwrap();
        assert_eq!(head.status, 200);
        assert!(head.chunked);
        assert_eq!(head.content_encoding.as_deref(), Some("gzip"));
        assert_eq!(&block[head.len..], b"body");
        let (mime, charset) = split_content_type(head.content_type.as_deref().unwrap());
        assert_eq!(
            (mime.as_str(), charset.as_deref()),
            ("text/html", Some("windows-1252"))
        );
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"),
            b"hello world"
        );
        // Stored de-chunked by the crawler: left alone.
        assert_eq!(dechunk(b"<html>hi</html>"), b"<html>hi</html>");
        // Cut short: what arrived is kept.
        assert_eq!(dechunk(b"5\r\nhel"), b"hel");
    }

    #[test]
    fn only_article_types_are_documents() {
        assert!(is_document_type("text/html"));
        assert!(is_document_type("text/plain"));
        assert!(!is_document_type("image/png"));
        assert!(!is_document_type("text/css"));
    }
}
