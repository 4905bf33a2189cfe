//! Sentence segmentation with byte offsets.
//!
//! Placeholder implementation: splits after . ! ? followed by space. To be replaced.

use std::ops::Range;

/// Splits `text` into sentences; returns byte ranges into `text`, in order, trimmed of surrounding
/// whitespace, never crossing a paragraph break ("\n\n").
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let end_here = matches!(bytes[i], b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        let para = bytes[i] == b'\n';
        if end_here || para {
            let e = if para { i } else { i + 1 };
            push_trimmed(text, start, e, &mut out);
            start = e;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if s + lead < e - trail {
        out.push(s + lead..e - trail);
    }
}
