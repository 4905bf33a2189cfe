//! Finds quotes in arbitrary text, with sentences and actors from the default rule pack: quote
//! and speaker spans must be inside the text and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsrake::clean::{CleanDoc, Format};
use newsrake::dedup::DedupDoc;
use newsrake::extract::Extractor;
use newsrake::extract::quotes::{extract_quotes, quote_spans};
use newsrake::segment;

fn check(text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "{start}..{end} out of range"
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

fuzz_target!(|text: &str| {
    for s in quote_spans(text) {
        check(text, s.start, s.end);
    }
    let x = Extractor::default_shared().expect("default rules load");
    // The raw text goes in uncleaned, so the quote finder meets shapes the cleaner would fold.
    let seg = segment::segment(DedupDoc {
        clean: CleanDoc {
            id: "fuzz".into(),
            path: None,
            url: None,
            published: None,
            format: Format::Text,
            title: None,
            text: text.to_string(),
            repeats_removed: 0,
            error: None,
        },
        duplicate: None,
    });
    let actors = x.find_actors(&seg);
    for q in extract_quotes(&x.pack, text, &seg.sentences, &actors) {
        check(text, q.span.start, q.span.end);
        if let Some(sp) = &q.speaker {
            check(text, sp.span.start, sp.span.end);
        }
    }
});
