//! Dedup: marks documents that repeat an earlier document of the run, exactly or nearly.
//!
//! Fingerprints are computed in parallel; the verdicts are given one document at a time in input
//! order, so that the earlier document in sorted order is always the canonical one.

pub mod index;

pub use index::{Deduper, Duplicate, Fingerprint, fingerprint};

use crate::clean::CleanDoc;

/// A cleaned document with its duplicate verdict: the output of the dedup stage.
#[derive(Debug, Clone)]
pub struct DedupDoc {
    /// The cleaned document.
    pub clean: CleanDoc,
    /// Set when it duplicates an earlier document.
    pub duplicate: Option<Duplicate>,
}

impl std::ops::Deref for DedupDoc {
    type Target = CleanDoc;
    fn deref(&self) -> &CleanDoc {
        &self.clean
    }
}

/// Gives the verdict for one document; failed and empty documents are never duplicates.
pub fn check(index: &mut Deduper, clean: CleanDoc, fp: Option<&Fingerprint>) -> DedupDoc {
    let duplicate = match fp {
        Some(fp) if clean.error.is_none() && !clean.text.trim().is_empty() => {
            index.check_and_insert(&clean.id, fp)
        }
        _ => None,
    };
    DedupDoc { clean, duplicate }
}
