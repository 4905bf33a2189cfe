//! Cleans arbitrary bytes as a file would be: format told by content, then the HTML cleaner or
//! the plain-text paragrapher. Must never panic; the text must not start or end with whitespace.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsrake::clean;
use newsrake::ingest::{self, RawDoc};

fuzz_target!(|data: &[u8]| {
    let Ok(content) = ingest::decode(data) else {
        return;
    };
    let doc = clean::clean(RawDoc {
        id: "fuzz".into(),
        path: None,
        content,
        declared: None,
        url: None,
        date: None,
        error: None,
    });
    assert_eq!(
        doc.text.trim(),
        doc.text,
        "cleaned text keeps outer whitespace"
    );
});
