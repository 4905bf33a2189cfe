//! `extract --stats`: one JSON object on stderr whose counts equal the records written.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsrake"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The last stderr line, which `--stats` makes the stats object.
fn stats_of(stderr: &str) -> Value {
    let last = stderr.lines().last().expect("stderr has lines");
    serde_json::from_str(last).expect("the last stderr line is one JSON object")
}

fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn counts_equal_the_records_written() {
    let (stdout, stderr) = run(&["extract", "-q", "--stats", "-j2", "corpus", "tests/golden"]);
    let recs = records(&stdout);
    let s = stats_of(&stderr);
    assert_eq!(s["documents"], recs.len());
    let sum = |field: &str| -> usize {
        recs.iter()
            .map(|r| r[field].as_array().map_or(0, Vec::len))
            .sum()
    };
    assert_eq!(s["events"], sum("events"));
    assert_eq!(s["quotes"], sum("quotes"));
    assert!(s["events"].as_u64().unwrap() > 0, "the corpus has events");
    let dups = recs.iter().filter(|r| !r["duplicate_of"].is_null()).count();
    assert_eq!(s["duplicates"], dups);
    let errors = recs.iter().filter(|r| !r["error"].is_null()).count();
    assert_eq!(s["errors"], errors);
    let bytes: u64 = ["corpus", "tests/golden"]
        .iter()
        .flat_map(|d| std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(d)))
        .flatten()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(
        s["bytes_in"].as_u64().unwrap() > bytes / 2,
        "decoded bytes are counted"
    );
    assert_eq!(s["threads"], 2);
}

#[test]
fn every_stage_is_timed_and_the_index_is_measured() {
    let (_, stderr) = run(&["extract", "-q", "--stats", "-j1", "corpus"]);
    let s = stats_of(&stderr);
    for stage in [
        "load",
        "clean",
        "fingerprint",
        "dedup",
        "extract",
        "render",
        "write",
    ] {
        let t = &s["stages"][stage];
        assert!(t["cpu_s"].as_f64().unwrap() >= 0.0, "{stage}");
        assert!(t["wall_s"].as_f64().unwrap() >= 0.0, "{stage}");
    }
    assert!(s["stages"]["extract"]["cpu_s"].as_f64().unwrap() > 0.0);
    assert!(s["stages"]["clean"]["cpu_s"].as_f64().unwrap() > 0.0);
    let index = &s["dedup_index"];
    assert_eq!(index["documents"], s["documents"]);
    assert!(index["bytes_per_document"].as_f64().unwrap() > 100.0);
}

#[test]
fn duplicates_are_counted_when_an_input_repeats() {
    let (stdout, stderr) = run(&["extract", "-q", "--stats", "corpus", "corpus"]);
    let s = stats_of(&stderr);
    let recs = records(&stdout);
    assert_eq!(s["duplicates"].as_u64().unwrap() as usize, recs.len() / 2);
}

#[test]
fn the_events_view_counts_the_lines_it_writes() {
    let (stdout, stderr) = run(&["extract", "-q", "--stats", "--emit", "events", "corpus"]);
    let s = stats_of(&stderr);
    assert_eq!(s["events"], stdout.lines().count());
}

#[test]
fn without_the_flag_no_object_is_printed() {
    let (_, stderr) = run(&["extract", "-q", "corpus"]);
    assert!(
        stderr
            .lines()
            .all(|l| serde_json::from_str::<Value>(l).is_err())
    );
}
