//! Splits arbitrary text into sentences: ranges must be on character boundaries, in order, not
//! overlapping and inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsrake::segment::split_sentences;

fuzz_target!(|text: &str| {
    let mut last_end = 0;
    for r in split_sentences(text) {
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "{r:?} out of range"
        );
        assert!(r.start >= last_end, "{r:?} overlaps the previous sentence");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        last_end = r.end;
    }
});
