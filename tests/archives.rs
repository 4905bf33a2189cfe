//! Compressed and archived input, end to end: a WARC.gz built at test time from corpus pages
//! (request, metadata and warcinfo records, a non-HTML response, a redirect, a chunked and
//! gzip-encoded response, a Windows-1252 response, a resource record and a truncated tail), a
//! corrupt plain WARC, a `.html.gz` page and a `.jsonl.gz` file of records.
//!
//! The memory figure for docs/archives.md comes from the ignored test at the end:
//! `cargo test --release --test archives -- --ignored --nocapture`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::Value;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsrake"))
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name),
    )
    .unwrap()
}

/// A fresh folder under the target dir, unique to one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("archives-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&Path]) -> (Vec<Value>, String, i32) {
    let out = Command::new(bin())
        .arg("extract")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let records = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (records, stderr, out.status.code().unwrap_or(-1))
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// One WARC/1.0 record: header, block, two CRLFs.
fn warc_record(kind: &str, id: &str, fields: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut head = format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n");
    for (k, v) in fields {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    [head.as_bytes(), block, b"\r\n\r\n"].concat()
}

fn http_response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    [head.as_bytes(), body].concat()
}

fn response(id: &str, uri: &str, date: &str, http: Vec<u8>) -> Vec<u8> {
    warc_record(
        "response",
        id,
        &[
            ("WARC-Target-URI", uri),
            ("WARC-Date", date),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &http,
    )
}

fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in body.chunks(700) {
        out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        out.extend_from_slice(piece);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

fn to_windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The records of the test archive, in order, each its own gzip member, without the damaged tail.
fn good_members() -> Vec<Vec<u8>> {
    let html = |s| ("Content-Type", s);
    let text_102 =
        String::from_utf8(corpus("102_uruguay-recalls-ambassador-paraguay.txt")).unwrap();
    let text_102 = text_102.replace('\'', "\u{2019}");
    vec![
        warc_record(
            "warcinfo",
            "info",
            &[("Content-Type", "application/warc-fields")],
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "req-a",
            &[("WARC-Target-URI", "https://example.test/a")],
            b"GET /a HTTP/1.1\r\nHost: example.test\r\n\r\n",
        ),
        response(
            "resp-a",
            "https://example.test/a",
            "2024-01-02T03:04:05Z",
            http_response(
                "200 OK",
                &[html("text/html; charset=utf-8")],
                &corpus("000_a28434bf6207857c.txt"),
            ),
        ),
        warc_record(
            "metadata",
            "meta-a",
            &[("Content-Type", "application/warc-fields")],
            b"fetchTimeMs: 12\r\n",
        ),
        warc_record(
            "request",
            "req-b",
            &[("WARC-Target-URI", "https://example.test/b")],
            b"GET /b HTTP/1.1\r\n\r\n",
        ),
        response(
            "resp-b",
            "https://example.test/b",
            "2024-01-02T03:05:00Z",
            http_response(
                "200 OK",
                &[html("text/html")],
                &corpus("101_lithuania-expels-belarus-diplomats.html"),
            ),
        ),
        response(
            "resp-png",
            "https://example.test/logo.png",
            "2024-01-02T03:05:01Z",
            http_response(
                "200 OK",
                &[("Content-Type", "image/png")],
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            ),
        ),
        response(
            "resp-302",
            "https://example.test/old",
            "2024-01-02T03:05:02Z",
            http_response(
                "302 Found",
                &[html("text/html"), ("Location", "/a")],
                b"<a href=/a>moved</a>",
            ),
        ),
        response(
            "resp-chunked",
            "https://example.test/c",
            "2024-01-02T03:06:00Z",
            http_response(
                "200 OK",
                &[
                    html("text/html; charset=UTF-8"),
                    ("Transfer-Encoding", "chunked"),
                    ("Content-Encoding", "gzip"),
                ],
                &chunked(&gz(&corpus("103_montenegro-expels-serbian-diplomats.html"))),
            ),
        ),
        response(
            "resp-1252",
            "https://example.test/d",
            "2024-01-03T00:00:00Z",
            http_response(
                "200 OK",
                &[("Content-Type", "text/plain; charset=windows-1252")],
                &to_windows_1252(&text_102),
            ),
        ),
        warc_record(
            "resource",
            "res-e",
            &[
                ("WARC-Target-URI", "file:///e.txt"),
                ("WARC-Date", "2024-01-04T00:00:00Z"),
                ("Content-Type", "text/plain"),
            ],
            &corpus("104_guatemala-expels-belize-diplomat.txt"),
        ),
        warc_record(
            "revisit",
            "rev-a",
            &[("WARC-Target-URI", "https://example.test/a")],
            b"",
        ),
    ]
}

/// Records of `good_members` that give no document.
const SKIPPED: usize = 7;

fn plain_record(name: &str) -> Value {
    let dir = scratch(&format!("plain-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, corpus(name)).unwrap();
    let (mut records, _, _) = run(&[&path]);
    records.remove(0)
}

#[test]
fn warc_gz_gives_one_record_per_article_and_reports_the_damage() {
    let dir = scratch("warc-gz");
    let members: Vec<Vec<u8>> = good_members().iter().map(|m| gz(m)).collect();
    let tail_offset: usize = members.iter().map(Vec::len).sum();
    let tail = gz(&response(
        "resp-cut",
        "https://example.test/f",
        "2024-01-05T00:00:00Z",
        http_response(
            "200 OK",
            &[("Content-Type", "text/html")],
            &corpus("105_latvia-persona-non-grata.txt"),
        ),
    ));
    let archive = [members.concat(), tail[..tail.len() / 2].to_vec()].concat();
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, archive).unwrap();

    let (records, stderr, status) = run(&[&path]);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let cut = format!("crawl.warc.gz@{tail_offset}");
    assert_eq!(
        ids,
        [
            "crawl.warc.gz#urn:uuid:resp-a",
            "crawl.warc.gz#urn:uuid:resp-b",
            "crawl.warc.gz#urn:uuid:resp-chunked",
            "crawl.warc.gz#urn:uuid:resp-1252",
            "crawl.warc.gz#urn:uuid:res-e",
            cut.as_str(),
        ]
    );
    assert_eq!(status, 1, "the damaged tail makes the run exit 1");
    assert!(
        stderr.contains(&format!("{SKIPPED} archive records skipped")),
        "{stderr}"
    );

    let by_id = |suffix: &str| {
        records
            .iter()
            .find(|r| r["id"].as_str().unwrap().ends_with(suffix))
            .unwrap()
    };
    // url comes from WARC-Target-URI; WARC-Date is only a fallback for the publication date.
    let a = by_id("resp-a");
    assert_eq!(a["url"], "https://example.test/a");
    assert_eq!(a["published"], "2024-01-02");
    assert_eq!(a["path"], path.to_string_lossy().as_ref());
    let b = by_id("resp-b");
    assert_eq!(b["url"], "https://example.test/b");
    assert_eq!(
        b["published"], "2026-03-05",
        "the page's own date wins over WARC-Date"
    );
    assert_eq!(
        b["text"],
        plain_record("101_lithuania-expels-belarus-diplomats.html")["text"]
    );
    assert!(!b["events"].as_array().unwrap().is_empty());
    // Chunked and gzip-encoded payload: the same text as the page read from disk.
    assert_eq!(
        by_id("resp-chunked")["text"],
        plain_record("103_montenegro-expels-serbian-diplomats.html")["text"]
    );
    // Windows-1252 named in the HTTP header: curly apostrophes come back.
    let d = by_id("resp-1252");
    assert!(d["text"].as_str().unwrap().contains('\u{2019}'));
    // The story's own date line ("April 17, 2026" under the byline) wins over WARC-Date.
    assert_eq!(d["published"], "2026-04-17");
    assert_eq!(by_id("res-e")["url"], "file:///e.txt");

    let err = records.last().unwrap();
    assert_eq!(err["error"]["kind"], "bad_record");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("crawl.warc.gz") && message.contains(&format!("offset {tail_offset}")),
        "{message}"
    );
    assert!(records[..5].iter().all(|r| r.get("error").is_none()));
}

#[test]
fn corrupt_plain_warc_names_the_offset_and_the_run_goes_on() {
    let dir = scratch("corrupt");
    let good = good_members();
    let head = [good[1].clone(), good[2].clone()].concat();
    let archive = [
        head.clone(),
        b"GARBAGE that is not a WARC header\r\n\r\n".to_vec(),
        good[5].clone(),
    ]
    .concat();
    std::fs::write(dir.join("a.warc"), archive).unwrap();
    std::fs::write(
        dir.join("b.txt"),
        corpus("104_guatemala-expels-belize-diplomat.txt"),
    )
    .unwrap();
    let (records, _, status) = run(&[&dir]);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let bad = format!("a.warc@{}", head.len());
    assert_eq!(ids, ["a.warc#urn:uuid:resp-a", bad.as_str(), "b.txt"]);
    assert_eq!(status, 1);
    assert!(
        records[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("offset {}", head.len()))
    );
    assert!(
        records[2].get("error").is_none(),
        "the next input is still processed"
    );
}

#[test]
fn gzip_pages_and_record_files_are_read() {
    let dir = scratch("gz-files");
    let name = "101_lithuania-expels-belarus-diplomats.html";
    std::fs::write(dir.join("page.html.gz"), gz(&corpus(name))).unwrap();
    let lines = concat!(
        r#"{"id":"r1","text":"Peru on Friday ordered the expulsion of Venezuela's ambassador.","date":"2025-02-03"}"#,
        "\n\n",
        r#"{"text":"Chile recalled its ambassador to Bolivia."}"#,
        "\nnot json\n"
    );
    std::fs::write(dir.join("records.jsonl.gz"), gz(lines.as_bytes())).unwrap();
    let (records, _, status) = run(&[&dir]);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "page.html.gz",
            "r1",
            "records.jsonl.gz:3",
            "records.jsonl.gz:4"
        ]
    );
    let plain = plain_record(name);
    for field in ["text", "title", "url", "published", "events"] {
        assert_eq!(records[0][field], plain[field], "{field}");
    }
    assert_eq!(records[1]["published"], "2025-02-03");
    assert_eq!(records[1]["events"][0]["action"], "expel");
    assert_eq!(records[3]["error"]["kind"], "bad_record");
    assert_eq!(status, 1);
}

#[test]
fn archive_output_does_not_depend_on_threads() {
    let dir = scratch("threads");
    let members: Vec<Vec<u8>> = good_members().iter().map(|m| gz(m)).collect();
    std::fs::write(dir.join("x.warc.gz"), members.concat()).unwrap();
    let out = |j: &str| {
        Command::new(bin())
            .args(["extract", "-j", j])
            .arg(&dir)
            .output()
            .unwrap()
            .stdout
    };
    let one = out("1");
    assert_eq!(String::from_utf8_lossy(&one).lines().count(), 5);
    assert_eq!(one, out("2"));
}

/// `len` hex digits from a seeded generator: incompressible enough to keep archives honest.
fn noise(seed: u64, len: usize) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from_digit((x & 15) as u32, 16).unwrap()
        })
        .collect()
}

/// Peak memory while a large WARC.gz streams through. Prints the figures for docs/archives.md.
#[test]
#[ignore]
fn memory_stays_flat_on_a_large_archive() {
    let dir = scratch("memory");
    let pages: Vec<Vec<u8>> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
    let write_archive = |name: &str, copies: usize| {
        let path = dir.join(name);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..copies {
            let page = &pages[i % pages.len()];
            // A varying line keeps every page distinct, as in a real crawl; a 20 KB script of
            // pseudo-random hex gives each response the weight of a real page without changing its
            // text.
            let body = [
                page.as_slice(),
                format!(
                    "\n<p>copy {i}</p>\n<script>{}</script>\n",
                    noise(i as u64, 20_000)
                )
                .as_bytes(),
            ]
            .concat();
            let rec = response(
                &format!("m{i}"),
                &format!("https://example.test/{i}"),
                "2024-01-01T00:00:00Z",
                http_response("200 OK", &[("Content-Type", "text/html")], &body),
            );
            f.write_all(&gz(&warc_record(
                "request",
                &format!("q{i}"),
                &[],
                b"GET / HTTP/1.1\r\n\r\n",
            )))
            .unwrap();
            f.write_all(&gz(&rec)).unwrap();
        }
        f.flush().unwrap();
        path
    };
    let small = write_archive("small.warc.gz", 1_000);
    let large = write_archive("large.warc.gz", 10_000);
    let inflated = |path: &Path| {
        let mut n = 0u64;
        let mut r = flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap());
        n += std::io::copy(&mut r, &mut std::io::sink()).unwrap();
        n
    };
    for near_dup in ["1.0", "0.8"] {
        let mut peaks = Vec::new();
        for path in [&small, &large] {
            let out = Command::new("/usr/bin/time")
                .arg("-v")
                .arg(bin())
                .args(["extract", "-q", "--near-dup", near_dup])
                .arg(path)
                .stdout(Stdio::null())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let kb: u64 = stderr
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("Maximum resident set size (kbytes): ")
                })
                .and_then(|v| v.parse().ok())
                .unwrap();
            println!(
                "--near-dup {near_dup}: {}: {} bytes compressed, {} inflated; peak RSS {kb} KB",
                path.file_name().unwrap().to_string_lossy(),
                std::fs::metadata(path).unwrap().len(),
                inflated(path)
            );
            peaks.push(kb * 1024);
        }
        let grown = peaks[1].saturating_sub(peaks[0]);
        let data = inflated(&large) - inflated(&small);
        println!(
            "  RSS grew {grown} bytes for {data} more bytes of archive ({:.1} KB per extra document)",
            grown as f64 / 9_000.0 / 1024.0
        );
        // What grows is the duplicate index (a few KB per document), not the archive's bytes.
        assert!(
            grown < data / 4,
            "memory grew {grown} bytes for {data} bytes of input"
        );
    }
}

/// Every prefix of an archive (a download cut anywhere) and every single corrupted byte give
/// documents and at most one error record, never a panic, and the error names the archive (in its
/// message or its `path`).
#[test]
fn any_cut_or_flipped_byte_is_reported_not_fatal() {
    use newsrake::ingest::{Input, Source, expand, load};
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;
    let dir = scratch("cuts");
    let members: Vec<Vec<u8>> = good_members()[..6].iter().map(|m| gz(m)).collect();
    let whole = members.concat();
    let path = dir.join("cut.warc.gz");
    let read_all = |bytes: &[u8]| {
        std::fs::write(&path, bytes).unwrap();
        let input = Input {
            id: "cut.warc.gz".into(),
            source: Source::File(path.clone()),
        };
        let skipped = Arc::new(AtomicUsize::new(0));
        expand(input, 1 << 20, &skipped)
            .map(|i| load(i, 1 << 20))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        read_all(&whole)
            .iter()
            .filter(|d| d.error.is_none())
            .count(),
        2
    );
    let step = (whole.len() / 150).max(1);
    for cut in (1..whole.len()).step_by(step) {
        let docs = read_all(&whole[..cut]);
        let failed: Vec<_> = docs.iter().filter(|d| d.error.is_some()).collect();
        assert!(failed.len() <= 1, "cut at {cut}");
        for d in failed {
            // Cut before the first "WARC/" can be inflated, the file is a broken gzip page.
            let named = d.error.as_ref().unwrap().message.contains("cut.warc.gz");
            assert!(
                named || d.path.as_deref() == Some(path.to_str().unwrap()),
                "cut at {cut}"
            );
        }
    }
    for at in (0..whole.len()).step_by(step) {
        let mut bytes = whole.clone();
        bytes[at] ^= 0x5a;
        let docs = read_all(&bytes);
        assert!(docs.len() <= 3, "flip at {at}");
    }
}
