//! The whole extract path on a text document, as `newsrake extract -` runs it: clean, segment,
//! extract (actors, events, quotes, times and whatever else the extractor grows), build the record
//! and render it. The record must be one line of JSON whose every span's character offsets select
//! exactly its `text`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsrake::extract::{Extractor, examples};
use newsrake::output::{self, Emit};
use serde_json::Value;

fn check_span(chars: &[char], v: &Value) {
    let (Some(start), Some(end)) = (v["start"].as_u64(), v["end"].as_u64()) else {
        return;
    };
    let (start, end) = (start as usize, end as usize);
    assert!(
        start <= end && end <= chars.len(),
        "span {start}..{end} out of range: {v}"
    );
    if let Some(t) = v["text"].as_str() {
        let got: String = chars[start..end].iter().collect();
        assert_eq!(
            got, t,
            "span text differs from the document text at {start}..{end}"
        );
    }
}

fuzz_target!(|text: &str| {
    let x = Extractor::default_shared().expect("default rules load");
    let (seg, ex) = examples::extract_text(&x, text);
    let line = output::render(output::build_record(seg, ex), Emit::Docs);
    assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
    let rec: Value = serde_json::from_str(&line).expect("valid JSON");
    let doc: Vec<char> = rec["text"].as_str().unwrap_or("").chars().collect();
    for a in rec["actors"].as_array().into_iter().flatten() {
        for m in a["mentions"].as_array().into_iter().flatten() {
            let (s, e) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            assert!(s < e && e <= doc.len(), "mention {s}..{e} out of range");
        }
    }
    for e in rec["events"].as_array().into_iter().flatten() {
        for k in [
            "source", "target", "trigger", "sentence", "date", "deadline",
        ] {
            check_span(&doc, &e[k]);
        }
    }
    for q in rec["quotes"].as_array().into_iter().flatten() {
        check_span(&doc, q);
        check_span(&doc, &q["speaker"]);
    }
    for t in rec["times"].as_array().into_iter().flatten() {
        check_span(&doc, t);
    }
});
