//! Cleans arbitrary bytes as an HTML page: decoding, the byte scanner, html5ever and the scorer
//! must never panic, and the article text must be free of markup-breaking NULs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsrake::clean;
use newsrake::ingest::{self, Declared, RawDoc};

fuzz_target!(|data: &[u8]| {
    let content = match ingest::decode(data) {
        Ok(text) => text,
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let doc = clean::clean(RawDoc {
        id: "fuzz".into(),
        path: None,
        content,
        declared: Some(Declared::Html),
        url: None,
        date: None,
        error: None,
    });
    assert!(doc.error.is_none());
    assert!(!doc.text.contains('\0'), "NUL in cleaned text");
});
