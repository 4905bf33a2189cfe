//! Dedup: marks documents that repeat an earlier document of the run, exactly or nearly.
//!
//! Fingerprints are computed in parallel; the verdicts are given one document at a time in input
//! order, so that the earlier document in sorted order is always the canonical one.

pub mod index;

pub use index::{Deduper, Duplicate, Fingerprint, fingerprint};

use serde::Serialize;

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

/// Whether a document takes part in duplicate detection: failed and wordless documents do not.
fn indexable(clean: &CleanDoc, fp: Option<&Fingerprint>) -> bool {
    clean.error.is_none() && !clean.text.trim().is_empty() && fp.is_some_and(|f| f.words() > 0)
}

/// Gives the verdict for one document; failed and empty documents are never duplicates.
pub fn check(index: &mut Deduper, clean: CleanDoc, fp: Option<&Fingerprint>) -> DedupDoc {
    let duplicate = match fp {
        Some(fp) if indexable(&clean, Some(fp)) => index.check_and_insert(&clean.id, fp),
        _ => None,
    };
    DedupDoc { clean, duplicate }
}

/// One line of `--emit bands`: everything a distributed job needs to reproduce `duplicate_of`
/// across partitions (see the definition in `index`). Group documents by each band key to find
/// candidate pairs, verify a pair with the exact Jaccard of the two `shingles` sets
/// (`|A ∩ B| / |A ∪ B|` as a float division), and name the earliest (`order`) earlier document
/// whose Jaccard reaches the threshold. With a threshold of 1.0, candidates are documents with
/// the same `exact` key and an equal shingle set instead.
#[derive(Debug, Serialize)]
pub struct BandsRecord {
    /// The document id.
    pub id: String,
    /// Position in this run's input order, from 0 (the caller's global order may differ).
    pub order: usize,
    /// False for failed and wordless documents, which are never duplicates nor canonical.
    pub indexed: bool,
    /// Words after normalisation.
    pub words: u32,
    /// Hex of the word count and the two word-sequence hashes: equal for exact duplicates.
    pub exact: String,
    /// The 32 LSH band keys as 16-digit hex (JSON numbers would lose bits in many readers).
    pub bands: Vec<String>,
    /// The sorted, de-duplicated 32-bit shingle values.
    pub shingles: Vec<u32>,
}

impl BandsRecord {
    /// Builds the record of one document at input position `order`.
    pub fn new(doc: &CleanDoc, fp: Option<&Fingerprint>, order: usize) -> BandsRecord {
        let indexed = indexable(doc, fp);
        let mut record = BandsRecord {
            id: doc.id.clone(),
            order,
            indexed,
            words: 0,
            exact: String::new(),
            bands: Vec::new(),
            shingles: Vec::new(),
        };
        if let (true, Some(fp)) = (indexed, fp) {
            let (a, b) = fp.exact_hashes();
            record.words = fp.words();
            record.exact = format!("{:08x}{a:016x}{b:016x}", fp.words());
            record.bands = fp.band_keys().iter().map(|k| format!("{k:016x}")).collect();
            record.shingles = fp.shingles().to_vec();
        }
        record
    }
}
