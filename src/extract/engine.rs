//! Runs every extractor over one segmented document.

use super::Extraction;
use crate::segment::SegmentedDoc;

/// Extracts actors, events, quotes and times from one document.
pub fn extract_document(_doc: &SegmentedDoc) -> Extraction {
    Extraction::default()
}
