//! A JSON Lines file given as a path (`.jsonl`, `.ndjson`, and the same gzip-compressed): each
//! line is a record in the stdin format, `{"id", "html" or "text", "url"?, "date"?}`, read lazily.
//!
//! A record keeps the `id` it gives, exactly as on stdin, so piping a file into `newsrake extract -`
//! (as the Spark job does, partition by partition) and naming it as a path give the same ids. A
//! record without an id gets `<file id>:<line>`. Lines longer than `--max-bytes` (plus room for
//! the JSON around the content) get a `too_large` error record and the file goes on.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use super::{DocError, ErrorKind, Input, Source, gzip, parse_record};

/// Whether a file name marks a JSON Lines file of records.
pub fn is_jsonl_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// The lazy stream of records of one JSON Lines file.
pub struct JsonlRecords {
    file_id: String,
    path: PathBuf,
    reader: Option<Box<dyn BufRead>>,
    line_no: usize,
    max_line: u64,
}

impl JsonlRecords {
    /// Opens a JSON Lines file (plain or gzip); an unreadable file yields one error input.
    pub fn open(file_id: String, path: PathBuf, max_bytes: u64) -> Box<dyn Iterator<Item = Input>> {
        match gzip::open_stream(&path) {
            Ok((reader, _)) => Box::new(JsonlRecords {
                file_id,
                path,
                reader: Some(reader),
                line_no: 0,
                max_line: max_bytes.saturating_mul(2).saturating_add(64 * 1024),
            }),
            Err(e) => super::unopenable(file_id, path, e),
        }
    }

    fn failed(&mut self, kind: ErrorKind, message: String) -> Input {
        Input {
            id: format!("{}:{}", self.file_id, self.line_no),
            source: Source::Failed {
                path: self.path.clone(),
                error: DocError { kind, message },
            },
        }
    }
}

impl Iterator for JsonlRecords {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            let reader = self.reader.as_mut()?;
            let mut line = Vec::new();
            self.line_no += 1;
            let read = reader.take(self.max_line).read_until(b'\n', &mut line);
            match read {
                Ok(0) => {
                    self.reader = None;
                    return None;
                }
                Ok(n) if n as u64 >= self.max_line && !line.ends_with(b"\n") => {
                    // Skip the rest of the oversized line without holding it.
                    let rest = reader.skip_until(b'\n');
                    if rest.is_err() {
                        self.reader = None;
                    }
                    let message = format!(
                        "{} line {}: record longer than {} bytes",
                        self.path.display(),
                        self.line_no,
                        self.max_line
                    );
                    return Some(self.failed(ErrorKind::TooLarge, message));
                }
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line);
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    let fallback = format!("{}:{}", self.file_id, self.line_no);
                    let origin = format!("{} line {}", self.path.display(), self.line_no);
                    return Some(parse_record(text, fallback, &origin));
                }
                Err(e) => {
                    self.reader = None;
                    let message = format!(
                        "{} line {}: cannot read: {e}; rest of the file not read",
                        self.path.display(),
                        self.line_no
                    );
                    return Some(self.failed(ErrorKind::Io, message));
                }
            }
        }
    }
}
