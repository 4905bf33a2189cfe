//! Hostile input: every kind of broken file a batch run meets, each beside a good article. For
//! every case the run must give exactly one record per input (an error record where the input
//! cannot be processed, with a clear message), name the file on stderr when it fails, exit with
//! the right status, and leave the good article next to it untouched.
//!
//! Every case is built at test time under the test's temporary folder: nothing large is committed.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsrake"))
}

/// A fresh, empty folder for one test, under Cargo's temporary folder for integration tests.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    if dir.exists() {
        make_readable(&dir);
        std::fs::remove_dir_all(&dir).expect("clear old test folder");
    }
    std::fs::create_dir_all(&dir).expect("create test folder");
    dir
}

/// Undoes `chmod 000` left by an earlier run, so the folder can be removed.
fn make_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644));
    }
}

struct Run {
    records: Vec<Value>,
    stderr: String,
    code: i32,
}

fn extract(args: &[&std::ffi::OsStr]) -> Run {
    let out = Command::new(bin())
        .arg("extract")
        .arg("-q")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("newsrake runs");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let records = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:.200}")))
        .collect();
    Run {
        records,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// A short article whose expulsion event names `source` and `target`; `tag` makes every article
/// different, so none is taken for a duplicate of another.
fn article(source: &str, target: &str, tag: &str) -> String {
    format!(
        "{source} expelled the ambassador of {target} on Monday, the foreign ministry in the capital \
         said in a statement about the {tag} affair.\n\nOfficials from {source} gave the envoy of \
         {target} three days to leave, citing the {tag} case and earlier disputes over trade.\n"
    )
}

/// What a hostile input must give.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// A normal record, without `error`.
    Processed,
    /// An error record of this kind.
    Error(&'static str),
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    expect: Expect,
    /// A string the record's text must contain, where decoding matters.
    text_has: Option<&'static str>,
}

fn case(name: &'static str, bytes: Vec<u8>, expect: Expect) -> Case {
    Case {
        name,
        bytes,
        expect,
        text_has: None,
    }
}

/// Deterministic pseudo-random bytes (xorshift), so a failure can be replayed.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

fn utf16(text: &str, bom: bool, big_endian: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn html_page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Envoy expelled</title></head><body>{body}</body></html>"
    )
}

/// The limit given to `--max-bytes` in the mixed run: above the 5 MB line, below the oversized file.
const MAX_BYTES: usize = 6_000_000;

fn hostile_cases() -> Vec<Case> {
    let story = article("Peru", "Venezuela", "hostile");
    let para = format!(
        "<article><p>{}</p></article>",
        story.replace("\n\n", "</p><p>")
    );
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend(noise(4000, 7));
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00".to_vec();
    png.extend(noise(4000, 11));
    let mut nul_text = story.clone().into_bytes();
    nul_text.splice(40..40, [0u8; 16]);
    let mut bad_utf8 =
        b"Chile recalled its ambassador \xE2\x80 from Bolivia on Tuesday.\n".to_vec();
    bad_utf8.extend_from_slice(b"The ministry said the \xF0\x9F move was final.\n");
    let deep = format!(
        "<html><body>{}<p>{story}</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let huge_attr = html_page(&format!(
        "<div data-x=\"{}\" class=\"{}\">{para}</div>",
        "a".repeat(1_000_000),
        "b ".repeat(200_000)
    ));
    let comment = html_page(&format!(
        "<!--{}-->{para}",
        "comment -- text ".repeat(65_536)
    ));
    let one_line =
        "The talks went on for another day without result and nobody said anything new. "
            .repeat(5_000_000 / 80);
    vec![
        case("empty", vec![], Expect::Processed),
        case(
            "whitespace_only",
            b" \n\t\r\n   \n\n".to_vec(),
            Expect::Processed,
        ),
        case("png_header", png, Expect::Error("binary")),
        case("zip_archive", zip, Expect::Error("binary")),
        case("random_bytes", noise(20_000, 42), Expect::Error("binary")),
        case("nul_bytes", vec![0; 4096], Expect::Error("binary")),
        case("nul_inside_text", nul_text, Expect::Error("binary")),
        Case {
            text_has: Some("recalled its ambassador"),
            ..case("invalid_utf8_mid_sequence", bad_utf8, Expect::Processed)
        },
        Case {
            text_has: Some("\u{201C}Leave,\u{201D} he said. It\u{2019}s \u{FFFD} done."),
            ..case(
                "utf8_with_one_broken_sequence",
                b"\xE2\x80\x9CLeave,\xE2\x80\x9D he said. It\xE2\x80\x99s \xE2\x80 done.\n"
                    .to_vec(),
                Expect::Processed,
            )
        },
        Case {
            text_has: Some("\u{201C}We will not accept this,\u{201D}"),
            ..case(
                "utf16le_bom",
                utf16(
                    "Chile expelled the envoy. \u{201C}We will not accept this,\u{201D} a minister said.",
                    true,
                    false,
                ),
                Expect::Processed,
            )
        },
        Case {
            text_has: Some("Bolivia recalled its ambassador"),
            ..case(
                "utf16be_no_bom",
                utf16(
                    "Bolivia recalled its ambassador from Argentina after the vote.",
                    false,
                    true,
                ),
                Expect::Processed,
            )
        },
        Case {
            text_has: Some("Bolivia recalled its ambassador"),
            ..case(
                "utf16le_no_bom",
                utf16(
                    "Bolivia recalled its ambassador from Argentina after the vote.",
                    false,
                    false,
                ),
                Expect::Processed,
            )
        },
        Case {
            text_has: Some("\u{201C}Leave now,\u{201D} the minister said. It\u{2019}s final."),
            ..case(
                "windows1252_curly_quotes",
                b"\x93Leave now,\x94 the minister said. It\x92s final.\n".to_vec(),
                Expect::Processed,
            )
        },
        case(
            "over_max_bytes",
            vec![b'a'; MAX_BYTES + 1],
            Expect::Error("too_large"),
        ),
        case("single_5mb_line", one_line.into_bytes(), Expect::Processed),
        Case {
            text_has: Some("expelled the ambassador of Venezuela"),
            ..case(
                "html_nested_100000_deep",
                deep.into_bytes(),
                Expect::Processed,
            )
        },
        Case {
            text_has: Some("expelled the ambassador of Venezuela"),
            ..case(
                "unclosed_tags",
                format!("<html><body><div><article><p>{story}<p><b><i><span><table><tr><td>")
                    .into_bytes(),
                Expect::Processed,
            )
        },
        case(
            "script_without_end",
            html_page(&format!(
                "{para}<script>var x = '</div>'; while (1) {{ {}",
                "x++; ".repeat(20_000)
            ))
            .into_bytes(),
            Expect::Processed,
        ),
        Case {
            text_has: Some("expelled the ambassador of Venezuela"),
            ..case("huge_attributes", huge_attr.into_bytes(), Expect::Processed)
        },
        Case {
            text_has: Some("expelled the ambassador of Venezuela"),
            ..case("comment_1mb", comment.into_bytes(), Expect::Processed)
        },
        Case {
            text_has: Some("three days to leave"),
            ..case(
                "cr_only_line_endings",
                story.replace('\n', "\r").into_bytes(),
                Expect::Processed,
            )
        },
        Case {
            text_has: Some("three days to leave"),
            ..case(
                "mixed_line_endings",
                story
                    .replacen("\n\n", "\r\n\r\n", 1)
                    .replace("said in", "said\rin")
                    .into_bytes(),
                Expect::Processed,
            )
        },
    ]
}

/// Writes each case as `NN_name` with a good article `NN_name_good.txt` beside it.
fn write_cases(dir: &Path, cases: &[Case]) {
    let countries = [
        "Argentina",
        "Brazil",
        "Chile",
        "Colombia",
        "Ecuador",
        "Mexico",
        "Uruguay",
    ];
    for (i, c) in cases.iter().enumerate() {
        std::fs::write(dir.join(format!("{i:02}_{}", c.name)), &c.bytes).unwrap();
        let good = article(countries[i % 7], countries[(i + 3) % 7], c.name);
        std::fs::write(dir.join(format!("{i:02}_{}_good.txt", c.name)), good).unwrap();
    }
}

fn by_id(records: &[Value]) -> BTreeMap<String, &Value> {
    records
        .iter()
        .map(|r| (r["id"].as_str().expect("id").to_string(), r))
        .collect()
}

/// Checks a record against its expectation and, for an error, that stderr names its file.
fn check_record(r: &Value, expect: Expect, stderr: &str) {
    let id = r["id"].as_str().unwrap();
    match expect {
        Expect::Processed => assert!(
            r.get("error").is_none(),
            "{id}: unexpected error {}",
            r["error"]
        ),
        Expect::Error(kind) => {
            assert_eq!(r["error"]["kind"], kind, "{id}: wrong error kind");
            let message = r["error"]["message"].as_str().unwrap();
            assert!(
                message.len() > 10,
                "{id}: message too short to help: {message:?}"
            );
            let path = r["path"].as_str().unwrap();
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains(path) && l.contains(message)),
                "{id}: stderr does not name the file with its error:\n{stderr}"
            );
        }
    }
}

/// A good article's record: processed, with its expulsion found.
fn check_good(r: &Value) {
    let id = r["id"].as_str().unwrap();
    assert!(r.get("error").is_none(), "{id}: good article got an error");
    assert_eq!(
        r["duplicate_of"],
        Value::Null,
        "{id}: taken for a duplicate"
    );
    let events = r["events"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["action"] == "expel" && e["polarity"] == "asserted"),
        "{id}: the expulsion was lost: {events:?}"
    );
}

#[test]
fn every_hostile_input_gets_one_record_and_spares_its_neighbour() {
    let dir = fresh_dir("mixed");
    let cases = hostile_cases();
    write_cases(&dir, &cases);
    let max = MAX_BYTES.to_string();
    let run = extract(&[
        "-j2".as_ref(),
        "--max-bytes".as_ref(),
        max.as_ref(),
        dir.as_os_str(),
    ]);
    assert!(
        !run.stderr.contains("panicked"),
        "a panic reached the user:\n{}",
        run.stderr
    );
    assert_eq!(
        run.records.len(),
        2 * cases.len(),
        "records out != documents in"
    );
    let records = by_id(&run.records);
    for (i, c) in cases.iter().enumerate() {
        let r = records[&format!("{i:02}_{}", c.name)];
        check_record(r, c.expect, &run.stderr);
        if let Some(want) = c.text_has {
            let text = r["text"].as_str().unwrap();
            assert!(
                text.contains(want),
                "{}: text lacks {want:?}: {:.300}",
                c.name,
                text
            );
        }
        check_good(records[&format!("{i:02}_{}_good.txt", c.name)]);
    }
    let failures = cases
        .iter()
        .filter(|c| c.expect != Expect::Processed)
        .count();
    assert!(
        run.stderr.contains(&format!("{failures} errors")),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1, "some inputs failed, so the exit status is 1");
}

#[test]
fn decoded_text_has_no_carriage_returns() {
    let dir = fresh_dir("line_endings");
    std::fs::write(
        dir.join("cr.txt"),
        article("Peru", "Chile", "cr").replace('\n', "\r"),
    )
    .unwrap();
    let run = extract(&[dir.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.records[0]["text"].as_str().unwrap();
    assert!(!text.contains('\r'), "{text:?}");
    assert_eq!(
        text.matches("\n\n").count(),
        1,
        "CR-only paragraphs kept apart: {text:?}"
    );
}

#[test]
fn unreadable_file_gets_an_io_error_record() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fresh_dir("unreadable");
    let locked = dir.join("a_locked.txt");
    std::fs::write(&locked, article("Peru", "Chile", "locked")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::write(dir.join("b_good.txt"), article("Brazil", "Mexico", "good")).unwrap();
    let run = extract(&[dir.as_os_str()]);
    assert_eq!(run.records.len(), 2);
    check_good(&run.records[1]);
    if std::fs::read(&locked).is_ok() {
        // Root reads through chmod 000, so the permission case cannot fail here: say so, and
        // check that the file is then processed normally (the dangling-link test covers the
        // cannot-open path whoever runs it).
        eprintln!(
            "NOTE: running as root: chmod 000 does not stop reading; permission error not exercised"
        );
        assert!(run.records[0].get("error").is_none());
        assert_eq!(run.code, 0);
    } else {
        check_record(&run.records[0], Expect::Error("io"), &run.stderr);
        assert_eq!(run.code, 1);
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn dangling_link_and_symlink_loop_get_io_error_records() {
    let dir = fresh_dir("links");
    std::os::unix::fs::symlink(dir.join("b_loop"), dir.join("a_loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("a_loop"), dir.join("b_loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.txt"), dir.join("c_dangling")).unwrap();
    std::fs::write(dir.join("d_good.txt"), article("Brazil", "Mexico", "links")).unwrap();
    let run = extract(&[dir.as_os_str()]);
    let ids: Vec<&str> = run
        .records
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a_loop", "b_loop", "c_dangling", "d_good.txt"]);
    for r in &run.records[..3] {
        check_record(r, Expect::Error("io"), &run.stderr);
    }
    check_good(&run.records[3]);
    assert_eq!(run.code, 1);
}

#[test]
fn folder_symlink_loop_lists_each_file_once() {
    let dir = fresh_dir("folder_loop");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/a.txt"), article("Peru", "Chile", "loop")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub/back")).unwrap();
    let run = extract(&[dir.as_os_str()]);
    assert_eq!(
        run.records.len(),
        1,
        "a folder reached again through a link was walked again"
    );
    check_good(&run.records[0]);
    assert!(
        run.stderr.contains("back"),
        "the skipped link is not named:\n{}",
        run.stderr
    );
}

#[test]
fn file_name_that_is_not_utf8_is_processed() {
    let dir = fresh_dir("non_utf8_name");
    let name = OsString::from_vec(b"caf\xe9_\xff.txt".to_vec());
    std::fs::write(dir.join(&name), article("Peru", "Chile", "name")).unwrap();
    std::fs::write(dir.join("z_good.txt"), article("Brazil", "Mexico", "name2")).unwrap();
    let run = extract(&[dir.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.records.len(), 2);
    assert_eq!(run.records[0]["id"], "caf\u{FFFD}_\u{FFFD}.txt");
    check_good(&run.records[0]);
    check_good(&run.records[1]);
}

#[test]
fn folder_of_ten_thousand_small_files() {
    let dir = fresh_dir("ten_thousand");
    for i in 0..10_000 {
        let text = format!("Note {i}: Peru and Chile held talks number {i} on trade.\n");
        std::fs::write(dir.join(format!("{i:05}.txt")), text).unwrap();
    }
    let run = extract(&["-j2".as_ref(), dir.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.records.len(), 10_000);
    for (i, r) in run.records.iter().enumerate() {
        assert_eq!(r["id"], format!("{i:05}.txt"));
        assert!(r.get("error").is_none());
    }
    assert!(run.stderr.contains("10000 documents"), "{}", run.stderr);
}

/// Feeds stdin records without end, as a producer that never stops would, until the pipe closes.
fn feed_forever(mut stdin: std::process::ChildStdin) -> std::thread::JoinHandle<()> {
    use std::io::Write;
    std::thread::spawn(move || {
        for i in 0.. {
            let text = article("Peru", "Chile", &format!("case{i} number{}", i * 7));
            let line = serde_json::json!({"id": format!("r{i}"), "text": text});
            if writeln!(stdin, "{line}").is_err() {
                return;
            }
        }
    })
}

#[test]
fn closed_pipe_ends_the_run_quietly() {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; yes '{}' | {} extract -q - | head -n 1",
            r#"{"id":"x","text":"Peru expelled the ambassador of Chile on Monday."}"#,
            bin().display()
        ))
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // With pipefail, `yes` dying of SIGPIPE gives 141; newsrake itself must exit 0 and say nothing.
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 141, "exit {code}: {stderr}");
    assert!(
        stderr.is_empty(),
        "newsrake complained about the closed pipe:\n{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    serde_json::from_str::<Value>(stdout.trim_end()).expect("the one line is a whole record");

    // The same with newsrake's own status checked directly: the reader goes away after one line.
    let (child, feeder, mut reader) = run_on_endless_stdin(&["extract", "-q", "-"]);
    let mut first = String::new();
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    drop(reader);
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts newsrake with `args` on stdin that never ends; returns the process (its stdout taken),
/// the thread feeding it and a reader of its stdout.
fn run_on_endless_stdin(
    args: &[&str],
) -> (
    std::process::Child,
    std::thread::JoinHandle<()>,
    std::io::BufReader<std::process::ChildStdout>,
) {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let feeder = feed_forever(child.stdin.take().unwrap());
    let reader = std::io::BufReader::new(child.stdout.take().unwrap());
    (child, feeder, reader)
}

/// Starts a run over endless stdin, waits for its first record, sends `signal`, and returns
/// everything printed after that.
fn interrupt_after_first_record(signal: &str) -> (Vec<String>, String, Option<i32>) {
    let (child, feeder, mut reader) = run_on_endless_stdin(&["extract", "-q", "-j2", "-"]);
    let mut lines = vec![String::new()];
    std::io::BufRead::read_line(&mut reader, &mut lines[0]).unwrap();
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    lines.extend(rest.split_inclusive('\n').map(str::to_string));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    (
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn check_interrupted(signal: &str) {
    let (lines, stderr, code) = interrupt_after_first_record(signal);
    assert_eq!(code, Some(130), "{signal}: {stderr}");
    for l in &lines {
        assert!(l.ends_with('\n'), "{signal}: truncated last line: {l:.100}");
        serde_json::from_str::<Value>(l).expect("every line a whole record");
    }
    assert!(
        stderr.contains(&format!("interrupted after {} documents", lines.len())),
        "{signal}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn sigint_stops_at_a_record_boundary_with_status_130() {
    check_interrupted("-INT");
}

#[test]
fn sigterm_stops_at_a_record_boundary_with_status_130() {
    check_interrupted("-TERM");
}

/// Runs `extract --rules-add` over a folder holding one broken rule file; the run must not start.
fn broken_rules(name: &str, file: &str, toml: &str) -> (String, String) {
    let rules_dir = fresh_dir(&format!("rules_{name}"));
    std::fs::write(rules_dir.join(file), toml).unwrap();
    let doc = fresh_dir(&format!("rules_{name}_input")).join("article.txt");
    std::fs::write(&doc, article("Peru", "Chile", name)).unwrap();
    let out = Command::new(bin())
        .arg("extract")
        .arg("--rules-add")
        .arg(&rules_dir)
        .arg(&doc)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{name}: a broken pack must stop the run"
    );
    assert!(
        out.stdout.is_empty(),
        "{name}: records printed despite broken rules"
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (rules_dir.join(file).display().to_string(), stderr)
}

#[test]
fn malformed_toml_names_file_and_line() {
    let (path, stderr) = broken_rules(
        "malformed",
        "bad.toml",
        "schema = 1\nkind = \"lexicon\"\n\n[[class]]\nname = \"broken\"\nterms = [\"a\", \"b\"\nregex = true\n",
    );
    assert!(
        stderr.contains(&format!("{path}:7: invalid rule file")),
        "{stderr}"
    );
}

#[test]
fn regex_over_the_size_limit_names_file_and_line() {
    let (path, stderr) = broken_rules(
        "too_big",
        "big.toml",
        "schema = 1\nkind = \"lexicon\"\n\n[[class]]\nname = \"ok_one\"\nterms = [\"fine\"]\n\n\
         [[class]]\nname = \"huge\"\nregex = true\nterms = ['(?:\\w{1,60}\\s){1,500}']\n",
    );
    assert!(
        stderr.contains(&format!("{path}:8: class \"huge\"")),
        "{stderr}"
    );
    assert!(stderr.contains("compiles to more than"), "{stderr}");
}

#[test]
fn lexicon_cycle_names_file_and_line() {
    let (path, stderr) = broken_rules(
        "cycle",
        "cyc.toml",
        "schema = 1\nkind = \"lexicon\"\n\n[[class]]\nname = \"ping\"\nregex = true\nterms = [\"a {pong}\"]\n\n\
         [[class]]\nname = \"pong\"\nregex = true\nterms = [\"b {ping}\"]\n",
    );
    assert!(
        stderr.contains(&format!("{path}:4: class cycle: ping -> pong -> ping")),
        "{stderr}"
    );
}

/// Waits for a child at most `secs` seconds; a run that hangs is killed and fails the test.
fn wait_bounded(mut child: std::process::Child, secs: u64) -> std::process::Output {
    for _ in 0..secs * 10 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("newsrake hung for {secs}s");
}

#[test]
fn named_pipe_gets_an_error_record_instead_of_hanging() {
    let dir = fresh_dir("fifo");
    // A plain name, and a name that makes the planner open the file as a record stream.
    for name in ["a_pipe", "a_pipe.jsonl"] {
        let made = Command::new("mkfifo")
            .arg(dir.join(name))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    std::fs::write(dir.join("b_good.txt"), article("Brazil", "Mexico", "fifo")).unwrap();
    let child = Command::new(bin())
        .args(["extract", "-q"])
        .arg(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_bounded(child, 60);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3, "{stderr}");
    for r in &records[..2] {
        check_record(r, Expect::Error("io"), &stderr);
        assert!(
            r["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not a regular file")
        );
    }
    check_good(&records[2]);
    assert_eq!(out.status.code(), Some(1));
}
