//! Floors on the team's dev set (gold/dev.gold.json: 60 real news pages of
//! `../shared/corpora/news-pages`, see docs/dev-set.md). Each page goes in as a stdin record with
//! its publication date from the corpus metadata (the gold `published`) and the manifest's URL, as
//! `bench/dev_eval.py` does, so that event dates are measured apart from finding the publication
//! day (measured on date-pages). Without the corpus the test prints a note and passes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// Figures when these floors were set (2026-11-23): F1 0.948, dates 44/44, deadlines 11/14.
const F1_FLOOR: f64 = 0.93;
const DATES_FLOOR: f64 = 0.85;
const DEADLINES_FLOOR: f64 = 0.75;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsrake"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One stdin record per gold document: its text, the gold publication date, the manifest URL.
fn records(gold: &Value, pages: &std::path::Path) -> String {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(pages.join("web/manifest.json")).expect("manifest"),
    )
    .expect("manifest JSON");
    let url_of = |id: &str| {
        manifest.as_array()?.iter().find_map(|m| {
            (m["file"].as_str()?.strip_suffix(".txt")? == id).then(|| m["url"].clone())
        })
    };
    let mut out = String::new();
    for doc in gold["documents"].as_array().expect("documents") {
        let id = doc["id"].as_str().expect("id");
        let folder = doc["folder"].as_str().unwrap_or("web");
        let text = std::fs::read_to_string(pages.join(folder).join(format!("{id}.txt")))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let mut rec = json!({"id": id, "text": text});
        if let Some(date) = doc["published"].as_str() {
            rec["date"] = json!(date);
        }
        if folder == "web"
            && let Some(url) = url_of(id).filter(Value::is_string)
        {
            rec["url"] = url;
        }
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn dev_set_events_dates_and_deadlines_stay_above_their_floors() {
    let pages = root().join("../shared/corpora/news-pages");
    if !pages.join("web/manifest.json").exists() {
        eprintln!(
            "note: {} not found; skipping the dev-set test",
            pages.display()
        );
        return;
    }
    let gold_path = root().join("gold/dev.gold.json");
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("gold")).expect("JSON");
    let dir = std::env::temp_dir().join(format!("newsrake-dev-set-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out_path = dir.join("out.jsonl");

    let mut child = Command::new(bin())
        .args(["extract", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(&out_path).expect("out file"))
        .spawn()
        .expect("newsrake runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(records(&gold, &pages).as_bytes())
        .expect("records written");
    assert!(child.wait().expect("extract ends").success());

    let scored = Command::new(bin())
        .arg("eval")
        .arg(&gold_path)
        .arg(&out_path)
        .arg("--json")
        .output()
        .expect("eval runs");
    assert!(scored.status.success(), "{scored:?}");
    let s: Value = serde_json::from_slice(&scored.stdout).expect("scores JSON");
    std::fs::remove_dir_all(&dir).ok();

    let ratio = |a: &str, b: &str| s[a].as_f64().unwrap() / s[b].as_f64().unwrap().max(1.0);
    let f1 = s["f1"].as_f64().unwrap();
    let dates = ratio("dates_correct", "dates_gold");
    let deadlines = ratio("deadlines_correct", "deadlines_gold");
    eprintln!("dev set: F1 {f1:.3}, event dates {dates:.3}, deadlines {deadlines:.3}");
    assert_eq!(s["docs_missing"], 0, "{s}");
    assert!(s["dates_gold"].as_u64().unwrap() >= 40, "{s}");
    assert!(f1 >= F1_FLOOR, "F1 {f1:.3} below {F1_FLOOR}: {s}");
    assert!(
        dates >= DATES_FLOOR,
        "event dates {dates:.3} below {DATES_FLOOR}: {s}"
    );
    assert!(
        deadlines >= DEADLINES_FLOOR,
        "deadlines {deadlines:.3} below {DEADLINES_FLOOR}: {s}"
    );
    assert_eq!(s["false_assertions"], 0, "{s}");
    assert_eq!(s["dates_spurious"], 0, "undated events given a date: {s}");
}
