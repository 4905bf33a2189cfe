//! Floor of `published` on the date-pages corpus (511 real pages with gold publication days, half
//! of htmldate's evaluation set). The corpus lives outside the repository, in
//! `../shared/corpora/date-pages`; without it the test prints a note and passes. Each page goes
//! through the clean stage as a stdin record would: its HTML with the gold URL as `url`. Counting
//! is htmldate's, as in `bench/dates.py`.

use std::io::Read;
use std::path::PathBuf;

use newsrake::clean::clean;
use newsrake::ingest::{Declared, RawDoc, decode};

/// Right was 0.912 (466 pages) and wrong 0.033 (17) when these floors were set; a regression
/// past either (below 460 right, above 20 wrong) fails.
const RIGHT_FLOOR: f64 = 0.90;
const WRONG_CEILING: f64 = 0.04;

#[test]
fn published_dates_on_date_pages() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/date-pages");
    let Ok(gold) = std::fs::read_to_string(dir.join("gold.json")) else {
        eprintln!(
            "note: {} not found; skipping the date-pages test",
            dir.display()
        );
        return;
    };
    // Gold without a date is NaN upstream: not JSON, so it is read as null.
    let gold: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&gold.replace(": NaN", ": null")).expect("gold.json");
    let (mut right, mut wrong, mut none) = (0usize, 0usize, 0usize);
    for (file, g) in &gold {
        let mut bytes = Vec::new();
        let gz = std::fs::File::open(dir.join("html").join(format!("{file}.gz"))).expect("page");
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut bytes)
            .expect("gzip");
        let doc = clean(RawDoc {
            id: file.clone(),
            path: None,
            content: decode(&bytes).expect("decodable page"),
            declared: Some(Declared::Html),
            url: g["url"].as_str().map(String::from),
            date: None,
            fallback_date: None,
            error: None,
        });
        match (doc.published.as_deref(), g["date"].as_str()) {
            (None, None) => right += 1,
            (None, Some(_)) => none += 1,
            (Some(got), want) if Some(got) == want => right += 1,
            (Some(_), _) => wrong += 1,
        }
    }
    let pages = gold.len() as f64;
    let (r, w) = (right as f64 / pages, wrong as f64 / pages);
    eprintln!("date-pages: {right} right, {wrong} wrong, {none} none of {pages}");
    assert!(gold.len() >= 500, "expected the 511 pages, found {pages}");
    assert!(
        r >= RIGHT_FLOOR,
        "right {r:.3} below the floor {RIGHT_FLOOR}"
    );
    assert!(
        w <= WRONG_CEILING,
        "wrong {w:.3} above the ceiling {WRONG_CEILING}"
    );
}
