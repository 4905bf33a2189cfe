//! Segment: splits a deduplicated document's text into sentences.

pub mod sentences;

use std::ops::Range;

use crate::dedup::DedupDoc;

pub use sentences::split_sentences;

/// A document with its sentences: the input of extraction.
#[derive(Debug, Clone)]
pub struct SegmentedDoc {
    /// The document and its duplicate verdict.
    pub doc: DedupDoc,
    /// Sentence byte ranges into `doc.clean.text`, in order.
    pub sentences: Vec<Range<usize>>,
}

impl std::ops::Deref for SegmentedDoc {
    type Target = DedupDoc;
    fn deref(&self) -> &DedupDoc {
        &self.doc
    }
}

/// Splits the document's text into sentences.
pub fn segment(doc: DedupDoc) -> SegmentedDoc {
    let sentences = split_sentences(&doc.clean.text);
    SegmentedDoc { doc, sentences }
}
