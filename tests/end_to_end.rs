//! End-to-end runs of the `newsrake` binary: golden records for the seed articles, the output
//! contract (one record per input, error records, exit status), and determinism across threads.
//!
//! Regenerate the golden file after an intended change with `UPDATE_GOLDEN=1 cargo test --test end_to_end`
//! and review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsrake"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("every stdout line is JSON"))
        .collect()
}

fn seed_paths() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("00"))
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn seeds_match_golden_records() {
    let seeds = seed_paths();
    assert_eq!(seeds.len(), 3);
    let mut args = vec!["extract", "-j2"];
    args.extend(seeds.iter().map(String::as_str));
    let (stdout, _, code) = run(&args);
    assert_eq!(code, 0);
    let golden = root().join("tests/golden/seeds.jsonl");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .expect("tests/golden/seeds.jsonl (UPDATE_GOLDEN=1 writes it)");
    let (got, want) = (records(&stdout), records(&expected));
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "record {} differs from the golden file", g["id"]);
    }
}

#[test]
fn seed_000_is_html_with_repeats_removed_and_no_teaser() {
    let (stdout, _, _) = run(&["extract", "corpus/000_a28434bf6207857c.txt"]);
    let r = &records(&stdout)[0];
    assert_eq!(r["schema"], 1);
    assert_eq!(r["format"], "html");
    assert!(r["repeats_removed"].as_u64().unwrap() > 0);
    let text = r["text"].as_str().unwrap();
    assert!(
        !text.contains("leaves door open to sanctions"),
        "teaser leaked"
    );
    let paras: Vec<&str> = text.split("\n\n").collect();
    let unique: std::collections::HashSet<&&str> = paras.iter().collect();
    assert_eq!(paras.len(), unique.len(), "a paragraph repeats");
    assert!(paras.len() >= 8);
}

#[test]
fn every_corpus_file_gives_one_valid_record() {
    let (stdout, stderr, code) = run(&["extract", "corpus/"]);
    assert_eq!(code, 0, "{stderr}");
    let recs = records(&stdout);
    let files = std::fs::read_dir(root().join("corpus")).unwrap().count();
    assert_eq!(recs.len(), files);
    for r in &recs {
        for field in [
            "schema",
            "id",
            "path",
            "url",
            "published",
            "format",
            "title",
            "text",
            "repeats_removed",
            "duplicate_of",
            "similarity",
            "actors",
            "events",
            "quotes",
            "times",
        ] {
            assert!(r.get(field).is_some(), "{} lacks {field}", r["id"]);
        }
        assert!(
            r.get("error").is_none(),
            "{} failed: {}",
            r["id"],
            r["error"]
        );
        let text: Vec<char> = r["text"].as_str().unwrap().chars().collect();
        for e in r["events"].as_array().unwrap() {
            let t = &e["trigger"];
            let (s, en) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[s..en].iter().collect::<String>(),
                t["text"].as_str().unwrap()
            );
        }
        for a in r["actors"].as_array().unwrap() {
            for m in a["mentions"].as_array().unwrap() {
                assert!(m[1].as_u64().unwrap() as usize <= text.len());
            }
        }
    }
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "records come in sorted path order");
}

#[test]
fn output_is_identical_for_one_and_four_threads() {
    let (a, _, _) = run(&["extract", "-j1", "corpus/"]);
    let (b, _, _) = run(&["extract", "-j4", "corpus/"]);
    assert_eq!(a, b);
}

#[test]
fn bad_inputs_get_error_records_and_exit_1() {
    let dir = std::env::temp_dir().join(format!("newsrake-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a_good.txt"),
        "Peru expelled Venezuela's ambassador on Friday.",
    )
    .unwrap();
    std::fs::write(dir.join("b_binary.dat"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(dir.join("c_big.txt"), "x".repeat(5000)).unwrap();
    std::fs::write(dir.join("logo.png"), [137u8, 80, 78, 71]).unwrap();
    let d = dir.to_string_lossy().into_owned();
    let (stdout, stderr, code) = run(&["extract", "--max-bytes", "1000", &d]);
    assert_eq!(code, 1);
    let recs = records(&stdout);
    assert_eq!(
        recs.len(),
        3,
        "the .png is skipped, every other file has a record"
    );
    assert!(recs[0].get("error").is_none());
    assert_eq!(recs[0]["events"][0]["action"], "expel");
    assert_eq!(recs[1]["error"]["kind"], "binary");
    assert_eq!(recs[2]["error"]["kind"], "too_large");
    assert!(
        stderr.contains("b_binary.dat"),
        "stderr names the file: {stderr}"
    );
    assert!(stderr.contains("skipped 1 web asset"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stdin_records_are_read_in_order() {
    let mut child = Command::new(bin())
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"{\"id\":\"x\",\"html\":\"<p>Chile recalled its ambassador to Peru.</p>\",\"url\":\"https://a.example/1\",\"date\":\"2024-05-02T10:00:00Z\"}\n{\"id\":\"y\",\"text\":\"Nothing here.\"}\nnot json\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let recs = records(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["format"], "html");
    assert_eq!(recs[0]["url"], "https://a.example/1");
    assert_eq!(recs[0]["published"], "2024-05-02");
    assert_eq!(recs[0]["events"][0]["target"]["code"], "PER");
    assert_eq!(recs[1]["id"], "y");
    assert_eq!(recs[2]["error"]["kind"], "bad_record");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn broken_rules_exit_2_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("newsrake-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.toml"), "schema = 1\nkind = \"patterns\"\n[[rule]]\nid = \"x\"\naction = \"expel\"\npattern = '{nope}'\nexamples = [{text = \"a\"}]\n").unwrap();
    let d = dir.to_string_lossy().into_owned();
    let (_, stderr, code) = run(&["rules", "check", &d]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.toml:3:"), "{stderr}");
    let (_, _, code) = run(&["extract", "--rules-add", &d, "corpus/"]);
    assert_eq!(code, 2);
    let (stdout, _, code) = run(&["rules", "check"]);
    assert_eq!(code, 0, "{stdout}");
    let (stdout, _, code) = run(&["rules", "test"]);
    assert_eq!(code, 0, "{stdout}");
    std::fs::remove_dir_all(Path::new(&dir)).ok();
}
