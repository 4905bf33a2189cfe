//! Duplicate detection across a run: exact (hash of normalised text) and near (MinHash over word
//! 5-shingles, banded LSH, exact Jaccard check of candidates).
//!
//! Placeholder implementation: exact duplicates only. To be replaced.

use std::collections::HashMap;

/// What `fingerprint` computes for one document; cheap to compute in parallel.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    exact: u64,
}

/// A document found to duplicate an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// Id of the earlier (canonical) document.
    pub of: String,
    /// 1.0 for an exact duplicate, the similarity estimate for a near one.
    pub similarity: f64,
}

/// Computes the fingerprint of a document's cleaned text.
pub fn fingerprint(text: &str) -> Fingerprint {
    let norm: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut h: u64 = 0xcbf29ce484222325;
    for b in norm.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    Fingerprint { exact: h }
}

/// The run's duplicate index. Documents must be offered in canonical (sorted) order.
#[derive(Debug, Default)]
pub struct Deduper {
    threshold: f64,
    exact: HashMap<u64, String>,
}

impl Deduper {
    /// A new index; `threshold` is the Jaccard similarity at which a document is a near duplicate.
    pub fn new(threshold: f64) -> Self {
        Deduper {
            threshold,
            exact: HashMap::new(),
        }
    }

    /// Checks a document against all earlier ones and, when it is not a duplicate, indexes it.
    pub fn check_and_insert(&mut self, id: &str, fp: &Fingerprint) -> Option<Duplicate> {
        let _ = self.threshold;
        if let Some(of) = self.exact.get(&fp.exact) {
            return Some(Duplicate {
                of: of.clone(),
                similarity: 1.0,
            });
        }
        self.exact.insert(fp.exact, id.to_string());
        None
    }
}
