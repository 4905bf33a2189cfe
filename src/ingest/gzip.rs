//! gzip input: whole small files (`.html.gz`, `.txt.gz`) and member-by-member streams (`.warc.gz`,
//! `.jsonl.gz`).
//!
//! A `.warc.gz` is a sequence of gzip members, usually one per WARC record. Reading it member by
//! member (rather than through `MultiGzDecoder`) lets an error name the compressed offset of the
//! member where a record starts, which is how web-archive indexes (CDX) address records.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use flate2::bufread::GzDecoder;

/// The two magic bytes that open every gzip member.
pub const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether bytes start like a gzip stream.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Decompresses a whole gzip stream (all members), refusing to inflate past `max_bytes`: a small
/// file must not become a memory bomb.
pub fn gunzip_limited(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, GunzipError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(max_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| GunzipError::Corrupt(e.to_string()))?;
    if out.len() as u64 > max_bytes {
        return Err(GunzipError::TooLarge);
    }
    Ok(out)
}

/// Why `gunzip_limited` failed.
#[derive(Debug)]
pub enum GunzipError {
    /// The data inflates past the limit.
    TooLarge,
    /// The data is not valid gzip (the message says why).
    Corrupt(String),
}

/// Counts the bytes read from the file so that member offsets can be told.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

type Compressed = BufReader<Counting<File>>;

/// Where the compressed stream stands: a member being inflated, or between members.
enum State {
    Between(Compressed),
    Inside(GzDecoder<Compressed>),
    Done,
}

/// Inflates a multi-member gzip file one member at a time; a single `read` never returns bytes of
/// two members, so a buffer filled from it always lies within one member.
pub struct Members {
    state: State,
    member_start: Rc<Cell<u64>>,
}

impl Members {
    /// Opens `path` for member-wise reading; `member_start` receives the compressed offset of the
    /// member being read.
    pub fn open(path: &Path, member_start: Rc<Cell<u64>>) -> io::Result<Members> {
        let file = File::open(path)?;
        Ok(Members {
            state: State::Between(BufReader::new(Counting {
                inner: file,
                count: 0,
            })),
            member_start,
        })
    }
}

impl Read for Members {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Ok(0),
                State::Inside(mut dec) => match dec.read(buf) {
                    Ok(0) => self.state = State::Between(dec.into_inner()),
                    Ok(n) => {
                        self.state = State::Inside(dec);
                        return Ok(n);
                    }
                    // Leaves the state Done: nothing after a corrupt member can be trusted.
                    Err(e) => return Err(e),
                },
                State::Between(mut src) => {
                    if src.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    let at = src.get_ref().count - src.buffer().len() as u64;
                    self.member_start.set(at);
                    self.state = State::Inside(GzDecoder::new(src));
                }
            }
        }
    }
}

/// The compressed offset of the gzip member being read, shared with the reader that sets it.
pub type MemberOffset = Rc<Cell<u64>>;

/// Opens a file for streaming, inflating it member by member when it is gzip. The returned cell
/// holds the compressed offset of the current member (`None` for a plain file).
pub fn open_stream(path: &Path) -> io::Result<(Box<dyn BufRead>, Option<MemberOffset>)> {
    // Opening a named pipe or a device would block the run or read without end.
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut probe = [0u8; 2];
    let n = read_prefix(&mut File::open(path)?, &mut probe)?;
    if is_gzip(&probe[..n]) {
        let start = Rc::new(Cell::new(0));
        let members = Members::open(path, start.clone())?;
        Ok((
            Box::new(BufReader::with_capacity(64 * 1024, members)),
            Some(start),
        ))
    } else {
        Ok((Box::new(BufReader::new(File::open(path)?)), None))
    }
}

/// Reads the first bytes of a file (as many as `buf` holds or the file has), inflating gzip, to
/// tell its content.
pub fn sniff(path: &Path, buf: &mut [u8]) -> io::Result<usize> {
    let (mut stream, _) = open_stream(path)?;
    read_prefix(&mut stream, buf)
}

fn read_prefix(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn member(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn members_are_read_in_turn_with_their_offsets() {
        let (a, b) = (member(b"first "), member(b"second"));
        let dir = std::env::temp_dir().join(format!("newsrake-gz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("two.gz");
        std::fs::write(&path, [a.clone(), b].concat()).unwrap();
        let start = Rc::new(Cell::new(99));
        let mut m = Members::open(&path, start.clone()).unwrap();
        let mut buf = [0u8; 64];
        let n = m.read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"first ");
        assert_eq!(start.get(), 0);
        let n = m.read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"second");
        assert_eq!(start.get(), a.len() as u64);
        assert_eq!(m.read(&mut buf).unwrap(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn gunzip_refuses_to_inflate_past_the_limit() {
        let z = member(&vec![b'a'; 10_000]);
        assert!(matches!(
            gunzip_limited(&z, 100),
            Err(GunzipError::TooLarge)
        ));
        assert_eq!(gunzip_limited(&z, 10_000).unwrap().len(), 10_000);
        assert!(matches!(
            gunzip_limited(&z[..z.len() / 2], 10_000),
            Err(GunzipError::Corrupt(_))
        ));
    }
}
