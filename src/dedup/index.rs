//! Duplicate detection across a run: exact (identical normalised word sequence) and near (exact
//! Jaccard similarity of word 5-shingle sets, candidates found with MinHash and banded LSH).
//!
//! # Definition (kept exact so that a distributed job can reproduce it)
//!
//! * **Normalisation.** Words are the maximal runs of characters for which Rust's
//!   `char::is_alphanumeric` holds (Unicode `Alphabetic` or `Numeric`), taken from the original
//!   text; everything else (punctuation, symbols, whitespace) separates words and is dropped. Each
//!   character of a word is lowercased with its context-free Unicode full lowercase mapping
//!   (`char::to_lowercase`). A document with no words is never a duplicate and is not indexed.
//! * **Word hash.** `w = fnv1a64(utf8 bytes of the lowercased word)`.
//! * **Shingles.** The word 5-shingles (windows of 5 consecutive words); a document with fewer than
//!   5 words has one shingle made of all its words. The hash of a shingle of words `w_1..w_k` is
//!   `s = 0; for w: s = (rotl(s, 27) ^ w) * K_SHINGLE; value = hi32(fmix64(s ^ k))`, a `u32`.
//!   The *shingle set* of a document is the sorted, de-duplicated set of these values.
//! * **Exact duplicate.** Same word count, same two 64-bit order-dependent folds of the word
//!   hashes (`s1 = fmix64(s1 ^ w)` from `K_SEQUENCE`; `s2 = (rotl(s2, 31) ^ w) * (K_SEQUENCE | 1)`
//!   from `K_SHINGLE`; each finished with `fmix64(s ^ word_count)`) and an identical shingle set
//!   (checked element by element). In effect: the same sequence of 64-bit word hashes, so two
//!   different word sequences are confused only through a 64-bit FNV collision between two of
//!   their words. Similarity 1.0.
//! * **Near duplicate.** `J = |A ∩ B| / |A ∪ B|` over the shingle sets, computed exactly as
//!   `intersection as f64 / union as f64`; a near duplicate when `J >= threshold`.
//! * **Verdict.** When `threshold < 1.0`, the verdict names the earliest earlier document (input
//!   order) that shares at least one LSH band key with it (see below) and whose `J >= threshold`,
//!   with `J` rounded to 3 decimals (half away from zero). An exact duplicate has `J = 1.0` and
//!   shares every band key, so it is found by the same rule: an earlier near duplicate wins over a
//!   later exact one. When `threshold >= 1.0`, the verdict names the earliest earlier exact
//!   duplicate, similarity 1.0. Every document with at least one word is indexed afterwards,
//!   duplicates included. `--emit bands` prints what is needed to apply this definition across
//!   the partitions of a distributed run (see `spark/` and docs/spark.md).
//!
//! 32-bit shingle values keep the stored sets small; two different shingles of two documents
//! collide with probability 2^-32 per pair (about 1e-4 expected spurious matches between two
//! 700-word articles), far below the 3-decimal rounding.
//!
//! # Candidates: MinHash and banded LSH
//!
//! A 128-value MinHash signature by one-permutation hashing (OPH, Li, Owen and Zhang 2012) with
//! optimal densification (Shrivastava 2017): one mix per shingle instead of 128. For each shingle
//! value `x`, `v = fmix64(x ^ OPH_SEED)`; its bin is the top 7 bits `v >> 57`, and bin `i` keeps
//! the minimum of `v & (2^57 - 1)`. An empty bin `i` borrows the minimum of bin
//! `fmix64(DENSIFY_SEED ^ (i << 32) ^ t) >> 57` for `t = 1, 2, ...`, the first one that is not
//! empty. Signature value `i` is the top 32 of the 57 bits (`min >> 25`). For two documents, each
//! signature position agrees with probability (close to) their Jaccard similarity, as with 128
//! independent MinHash functions. The signature is cut into 32 bands of 4 rows; band `j`'s key
//! is `k = fmix64(BAND_SEED ^ j); for each of its 4 values v: k = fmix64(k ^ v)`. Two documents are
//! candidates when they share a band key. With independent signature positions, the probability
//! that a pair with Jaccard `s` becomes a candidate is `1 - (1 - s^4)^32`: 0.99999995 at 0.8,
//! 0.988 at 0.6, 0.87 at 0.5, 0.23 at 0.3 and 0.05 at 0.2 (measured with the densified signature:
//! 296 of 300 pairs at a mean Jaccard of 0.61, see `lsh_recall_at_0_6`). So recall stays high down
//! to a threshold of about 0.6 while unrelated pages that share some boilerplate (Jaccard 0.2-0.3)
//! rarely need verifying. Every candidate is verified with the exact Jaccard above, so LSH can only
//! cost recall, never precision.
//!
//! Candidates are verified in insertion order (the band chains are merged in increasing document
//! order), stopping at the first match, so a large cluster of near duplicates costs little per
//! document. Nothing that affects the output uses std's randomly seeded hashing: the hash tables
//! use a fixed hasher.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hasher};

/// Number of MinHash functions.
const NUM_HASHES: usize = 128;
/// Number of LSH bands.
const BANDS: usize = 32;
/// Rows (MinHash values) per band.
const ROWS: usize = NUM_HASHES / BANDS;
/// Words per shingle.
const SHINGLE: usize = 5;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const K_SHINGLE: u64 = 0x9e37_79b9_7f4a_7c15;
const K_SEQUENCE: u64 = 0xd6e8_feb8_6659_fd93;
const OPH_SEED: u64 = 0x6e65_7773_7261_6b65; // "newsrake"
const DENSIFY_SEED: u64 = 0x6465_6e73_6966_7921; // "densify!"
const BAND_SEED: u64 = 0x6c73_685f_6261_6e64; // "lsh_band"

/// FNV-1a, 64 bits (the word hash; `fingerprint` computes it inline while lowercasing).
#[cfg(test)]
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The splitmix64 / MurmurHash3 64-bit finaliser: a bijection with full avalanche.
const fn fmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What `fingerprint` computes for one document; cheap to compute in parallel.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    /// Number of words after normalisation; 0 means "nothing to compare".
    words: u32,
    /// Two independent hashes of the normalised word sequence.
    exact: (u64, u64),
    /// Sorted, de-duplicated shingle values.
    shingles: Vec<u32>,
    /// LSH band keys (empty when there are no words).
    bands: Vec<u64>,
}

impl Fingerprint {
    /// The 32 LSH band keys of the document (empty for a document without words). Stable across
    /// runs and platforms: two documents are candidates when they share a key.
    pub fn band_keys(&self) -> Vec<u64> {
        self.bands.clone()
    }

    /// Number of words after normalisation (0: never a duplicate, never indexed).
    pub fn words(&self) -> u32 {
        self.words
    }

    /// The two 64-bit hashes of the normalised word sequence.
    pub fn exact_hashes(&self) -> (u64, u64) {
        self.exact
    }

    /// The sorted, de-duplicated shingle values that `jaccard` compares.
    pub fn shingles(&self) -> &[u32] {
        &self.shingles
    }
}

/// A document found to duplicate an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// Id of the earlier (canonical) document.
    pub of: String,
    /// 1.0 for an exact duplicate, the Jaccard similarity (3 decimals) for a near one.
    pub similarity: f64,
}

/// Computes the fingerprint of a document's cleaned text.
pub fn fingerprint(text: &str) -> Fingerprint {
    // One pass: the FNV-1a hash of each lowercased word, fed byte by byte as it is lowercased.
    let mut word_hashes: Vec<u64> = Vec::with_capacity(text.len() / 5 + 1);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut utf8 = [0u8; 4];
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                in_word = true;
                h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(FNV_PRIME);
            } else if in_word {
                word_hashes.push(h);
                h = FNV_OFFSET;
                in_word = false;
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            in_word = true;
            for l in c.to_lowercase() {
                for &lb in l.encode_utf8(&mut utf8).as_bytes() {
                    h = (h ^ lb as u64).wrapping_mul(FNV_PRIME);
                }
            }
        } else if in_word {
            word_hashes.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
        i += c.len_utf8();
    }
    if in_word {
        word_hashes.push(h);
    }

    let n = word_hashes.len();
    if n == 0 {
        return Fingerprint {
            words: 0,
            exact: (0, 0),
            shingles: Vec::new(),
            bands: Vec::new(),
        };
    }
    // Two order-dependent folds of the word hashes identify the word sequence.
    let (mut seq1, mut seq2) = (K_SEQUENCE, K_SHINGLE);
    for &w in &word_hashes {
        seq1 = fmix64(seq1 ^ w);
        seq2 = (seq2.rotate_left(31) ^ w).wrapping_mul(K_SEQUENCE | 1);
    }
    let exact = (fmix64(seq1 ^ n as u64), fmix64(seq2 ^ n as u64));

    let k = SHINGLE.min(n);
    let mut shingles: Vec<u32> = word_hashes
        .windows(k)
        .map(|win| {
            let mut s = 0u64;
            for &w in win {
                s = (s.rotate_left(27) ^ w).wrapping_mul(K_SHINGLE);
            }
            (fmix64(s ^ k as u64) >> 32) as u32
        })
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles.shrink_to_fit();

    let sig = minhash(&shingles);
    let bands = (0..BANDS)
        .map(|j| {
            let mut key = fmix64(BAND_SEED ^ j as u64);
            for &v in &sig[j * ROWS..(j + 1) * ROWS] {
                key = fmix64(key ^ v as u64);
            }
            key
        })
        .collect();
    Fingerprint {
        words: u32::try_from(n).unwrap_or(u32::MAX),
        exact,
        shingles,
        bands,
    }
}

/// The 128 MinHash values of a non-empty shingle set, by one-permutation hashing with optimal
/// densification (see the module documentation).
fn minhash(shingles: &[u32]) -> [u32; NUM_HASHES] {
    const EMPTY: u64 = u64::MAX;
    const LOW: u64 = (1 << 57) - 1;
    let mut mins = [EMPTY; NUM_HASHES];
    for &x in shingles {
        let v = fmix64(x as u64 ^ OPH_SEED);
        let bin = (v >> 57) as usize;
        mins[bin] = mins[bin].min(v & LOW);
    }
    let mut sig = [0u32; NUM_HASHES];
    for i in 0..NUM_HASHES {
        let mut m = mins[i];
        let mut attempt: u64 = 0;
        while m == EMPTY {
            attempt += 1;
            let j = if attempt <= 1 << 16 {
                (fmix64(DENSIFY_SEED ^ ((i as u64) << 32) ^ attempt) >> 57) as usize
            } else {
                // Unreachable in practice (a non-empty set has a filled bin); keeps termination.
                (i + attempt as usize) % NUM_HASHES
            };
            m = mins[j];
        }
        sig[i] = (m >> 25) as u32;
    }
    sig
}

/// Exact Jaccard similarity of two sorted, de-duplicated sets.
fn jaccard_sorted(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Exact Jaccard similarity of the shingle sets of two documents (0.0 when either has no words).
pub fn jaccard(a: &Fingerprint, b: &Fingerprint) -> f64 {
    jaccard_sorted(&a.shingles, &b.shingles)
}

/// Rounds a similarity to 3 decimals.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A fixed hasher for keys that are already well mixed (band keys, sequence hashes): no random
/// seed, so table behaviour is identical from run to run.
#[derive(Debug, Default, Clone, Copy)]
struct FixedState;

#[derive(Debug, Default)]
struct FixedHasher(u64);

impl Hasher for FixedHasher {
    fn finish(&self) -> u64 {
        fmix64(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(29) ^ x).wrapping_mul(K_SHINGLE);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
}

impl BuildHasher for FixedState {
    type Hasher = FixedHasher;
    fn build_hasher(&self) -> FixedHasher {
        FixedHasher(0)
    }
}

/// No next node in a bucket chain.
const NIL: u32 = u32::MAX;

/// The run's duplicate index. Documents must be offered in canonical (sorted) order.
///
/// Memory: about 4.2 KB per indexed 700-word article (the 32-bit shingle set, ~2.8 KB; 32 band
/// chain nodes and their share of the band table, ~1.3 KB; the id and the exact-hash entry); see
/// `heap_bytes` and the `bench_fingerprint_and_index` test.
#[derive(Debug)]
pub struct Deduper {
    threshold: f64,
    /// Indexed documents' ids, by insertion number.
    ids: Vec<Box<str>>,
    /// Indexed documents' shingle sets, by insertion number.
    sets: Vec<Box<[u32]>>,
    /// (word count, sequence hashes) -> first document with them.
    exact: HashMap<(u32, u64, u64), u32, FixedState>,
    /// Band key -> (oldest, newest) node of its chain in `nodes`.
    buckets: HashMap<u64, (u32, u32), FixedState>,
    /// Bucket chains, oldest document first: (document, next node or NIL).
    nodes: Vec<(u32, u32)>,
    /// Scratch space: one chain cursor per band.
    cursors: Vec<u32>,
}

impl Default for Deduper {
    fn default() -> Self {
        Deduper::new(0.8)
    }
}

impl Deduper {
    /// A new index; `threshold` is the Jaccard similarity at which a document is a near duplicate
    /// (1.0 or above: exact duplicates only).
    pub fn new(threshold: f64) -> Self {
        Deduper {
            threshold,
            ids: Vec::new(),
            sets: Vec::new(),
            exact: HashMap::with_hasher(FixedState),
            buckets: HashMap::with_hasher(FixedState),
            nodes: Vec::new(),
            cursors: Vec::new(),
        }
    }

    /// Number of indexed documents.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Approximate heap bytes used by the index (allocated capacities; hash tables counted at
    /// their bucket count times entry size plus one control byte).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let ids: usize = self.ids.iter().map(|s| s.len()).sum::<usize>()
            + self.ids.capacity() * size_of::<Box<str>>();
        let sets: usize = self.sets.iter().map(|s| s.len() * 4).sum::<usize>()
            + self.sets.capacity() * size_of::<Box<[u32]>>();
        let table = |cap: usize, entry: usize| {
            // hashbrown keeps at least 1/8 of its buckets free.
            let buckets = (cap * 8 / 7).next_power_of_two();
            buckets * (entry + 1)
        };
        ids + sets
            + table(self.exact.capacity(), size_of::<((u32, u64, u64), u32)>())
            + table(self.buckets.capacity(), size_of::<(u64, (u32, u32))>())
            + self.nodes.capacity() * size_of::<(u32, u32)>()
    }

    /// Checks a document against all earlier ones, then indexes it (duplicates included; documents
    /// without words are neither duplicates nor indexed).
    pub fn check_and_insert(&mut self, id: &str, fp: &Fingerprint) -> Option<Duplicate> {
        if fp.words == 0 {
            return None;
        }
        let key = (fp.words, fp.exact.0, fp.exact.1);
        let verdict = self.check(key, fp);
        self.insert(id, key, fp);
        verdict
    }

    fn check(&mut self, key: (u32, u64, u64), fp: &Fingerprint) -> Option<Duplicate> {
        if self.threshold.is_nan() || self.threshold >= 1.0 {
            return self
                .exact
                .get(&key)
                .filter(|&&d| *self.sets[d as usize] == *fp.shingles)
                .map(|&d| Duplicate {
                    of: self.ids[d as usize].to_string(),
                    similarity: 1.0,
                });
        }
        // Walk the chains of all bands at once, in increasing document order (a 32-way merge),
        // and stop at the first verified match: the earliest one. The cost is the number of
        // candidates before that match, not the size of the document's cluster.
        let mut cursors = std::mem::take(&mut self.cursors);
        cursors.clear();
        cursors.extend(
            fp.bands
                .iter()
                .filter_map(|band| self.buckets.get(band).map(|&(head, _)| head)),
        );
        let n = fp.shingles.len() as f64;
        let mut found = None;
        while let Some(d) = cursors
            .iter()
            .filter(|&&c| c != NIL)
            .map(|&c| self.nodes[c as usize].0)
            .min()
        {
            for c in cursors.iter_mut() {
                while *c != NIL && self.nodes[*c as usize].0 == d {
                    *c = self.nodes[*c as usize].1;
                }
            }
            let set = &self.sets[d as usize];
            // Jaccard <= min(|A|, |B|) / max(|A|, |B|): skip pairs too different in size.
            let m = set.len() as f64;
            if n.min(m) / n.max(m) < self.threshold {
                continue;
            }
            let j = jaccard_sorted(set, &fp.shingles);
            if j >= self.threshold {
                found = Some(Duplicate {
                    of: self.ids[d as usize].to_string(),
                    similarity: round3(j),
                });
                break;
            }
        }
        self.cursors = cursors;
        found
    }

    fn insert(&mut self, id: &str, key: (u32, u64, u64), fp: &Fingerprint) {
        let doc = u32::try_from(self.ids.len()).expect("more than 4 billion documents");
        self.ids.push(id.into());
        self.sets.push(fp.shingles.as_slice().into());
        self.exact.entry(key).or_insert(doc);
        if self.threshold.is_nan() || self.threshold >= 1.0 {
            return;
        }
        for &band in &fp.bands {
            let node = u32::try_from(self.nodes.len()).expect("too many index entries");
            self.nodes.push((doc, NIL));
            match self.buckets.entry(band) {
                Entry::Occupied(mut e) => {
                    let (_, tail) = e.get_mut();
                    self.nodes[*tail as usize].1 = node;
                    *tail = node;
                }
                Entry::Vacant(e) => {
                    e.insert((node, node));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up article of about `n` words, deterministic in `seed`.
    fn article(seed: u64, n: usize) -> String {
        const WORDS: &[&str] = &[
            "port",
            "strike",
            "workers",
            "union",
            "minister",
            "said",
            "on",
            "the",
            "of",
            "wages",
            "ships",
            "cargo",
            "talks",
            "government",
            "agreement",
            "week",
            "police",
            "city",
            "drought",
            "farmers",
            "rain",
            "water",
            "prices",
            "market",
            "club",
            "transfer",
            "million",
            "season",
            "coach",
            "league",
            "officials",
            "report",
            "council",
            "vote",
            "protest",
            "harbour",
            "dockers",
            "container",
            "shipping",
            "delay",
        ];
        let mut s = seed;
        let mut out = String::new();
        for i in 0..n {
            s = fmix64(s.wrapping_add(0x9e37_79b9_7f4a_7c15));
            out.push_str(WORDS[(s % WORDS.len() as u64) as usize]);
            out.push(if i % 17 == 16 { '.' } else { ' ' });
            if i % 17 == 16 {
                out.push(' ');
            }
        }
        out
    }

    /// Changes every `every`-th word of `text` to a new word.
    fn mutate(text: &str, every: usize) -> String {
        text.split(' ')
            .enumerate()
            .map(|(i, w)| {
                if i % every == every - 1 {
                    format!("changed{i}")
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn exact_duplicate_ignores_case_and_punctuation() {
        let a = article(1, 300);
        let b = format!("  {}!!", a.to_uppercase().replace(' ', " -- "));
        let mut d = Deduper::new(0.8);
        assert_eq!(d.check_and_insert("a", &fingerprint(&a)), None);
        assert_eq!(
            d.check_and_insert("b", &fingerprint(&b)),
            Some(Duplicate {
                of: "a".into(),
                similarity: 1.0
            })
        );
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn exact_only_at_threshold_one() {
        let a = article(2, 300);
        let b = mutate(&a, 100);
        let mut d = Deduper::new(1.0);
        assert_eq!(d.check_and_insert("a", &fingerprint(&a)), None);
        assert_eq!(d.check_and_insert("b", &fingerprint(&b)), None);
        assert_eq!(
            d.check_and_insert("c", &fingerprint(&a)).map(|x| x.of),
            Some("a".to_string())
        );
    }

    #[test]
    fn near_duplicate_above_threshold() {
        let a = article(3, 600);
        let b = mutate(&a, 60); // 10 changed words: about 50 of ~600 shingles differ
        let j = jaccard(&fingerprint(&a), &fingerprint(&b));
        assert!(j > 0.8 && j < 1.0, "{j}");
        let mut d = Deduper::new(0.8);
        d.check_and_insert("a", &fingerprint(&a));
        let dup = d
            .check_and_insert("b", &fingerprint(&b))
            .expect("near duplicate");
        assert_eq!(dup.of, "a");
        assert_eq!(dup.similarity, round3(j));
    }

    #[test]
    fn near_duplicate_below_threshold() {
        let a = article(4, 600);
        let b = mutate(&a, 12); // every 12th word changed: well under 0.8
        let j = jaccard(&fingerprint(&a), &fingerprint(&b));
        assert!(j < 0.8, "{j}");
        let mut d = Deduper::new(0.8);
        d.check_and_insert("a", &fingerprint(&a));
        assert_eq!(d.check_and_insert("b", &fingerprint(&b)), None);
        // ...but found at a threshold it passes (LSH recall at j is high).
        let mut low = Deduper::new(j - 0.01);
        low.check_and_insert("a", &fingerprint(&a));
        assert!(low.check_and_insert("b", &fingerprint(&b)).is_some());
    }

    #[test]
    fn unrelated_documents_are_not_duplicates() {
        let mut d = Deduper::new(0.5);
        for i in 0..50 {
            assert_eq!(
                d.check_and_insert(&format!("d{i}"), &fingerprint(&article(100 + i, 400))),
                None
            );
        }
    }

    #[test]
    fn short_documents() {
        let mut d = Deduper::new(0.8);
        assert_eq!(
            d.check_and_insert("a", &fingerprint("Port strike ends")),
            None
        );
        assert_eq!(
            d.check_and_insert("b", &fingerprint("PORT STRIKE ENDS.")),
            Some(Duplicate {
                of: "a".into(),
                similarity: 1.0
            })
        );
        assert_eq!(
            d.check_and_insert("c", &fingerprint("Port strike ends now")),
            None
        );
        assert_eq!(d.check_and_insert("d", &fingerprint("Strike ends")), None);
        // Exactly 5 words: one shingle each, different.
        assert_eq!(
            d.check_and_insert("e", &fingerprint("one two three four five")),
            None
        );
        assert_eq!(
            d.check_and_insert("f", &fingerprint("one two three four six")),
            None
        );
        let fp = fingerprint("x");
        assert_eq!(fp.band_keys().len(), BANDS);
        assert_eq!(fp.shingles.len(), 1);
    }

    #[test]
    fn empty_documents_are_never_duplicates() {
        let mut d = Deduper::new(0.5);
        for (i, t) in ["", "   ", "--- !!! ...", "\n\n"].iter().enumerate() {
            let fp = fingerprint(t);
            assert!(fp.band_keys().is_empty());
            assert_eq!(d.check_and_insert(&i.to_string(), &fp), None);
        }
        assert!(d.is_empty());
        assert_eq!(jaccard(&fingerprint(""), &fingerprint("")), 0.0);
    }

    #[test]
    fn unicode_words() {
        let a = fingerprint("Ça coûte 5 €, dit-il. ÉNORME Straße");
        let b = fingerprint("ça COÛTE 5 dit il énorme straße");
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.words, 7);
        assert_eq!(jaccard(&a, &b), 1.0);
    }

    #[test]
    fn deterministic() {
        let t = article(7, 700);
        let a = fingerprint(&t);
        let b = fingerprint(&t);
        assert_eq!(a.band_keys(), b.band_keys());
        assert_eq!(a.shingles, b.shingles);
        // Pinned values: they must not change across runs, platforms or releases (a change
        // invalidates stored band keys).
        let fp = fingerprint("The port strike ended on Tuesday.");
        assert_eq!(fnv1a64(b"port"), 0x8c2c_db0d_a893_3fa6);
        assert_eq!(fp.band_keys()[0], PINNED_BAND0);
        assert_eq!(fp.shingles[0], PINNED_SHINGLE0);

        let docs: Vec<String> = (0..20)
            .map(|i| {
                if i % 3 == 0 {
                    article(i / 3, 300)
                } else {
                    mutate(&article(i / 3, 300), 40 + i as usize)
                }
            })
            .collect();
        let run = || {
            let mut d = Deduper::new(0.7);
            docs.iter()
                .enumerate()
                .map(|(i, t)| d.check_and_insert(&i.to_string(), &fingerprint(t)))
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        assert!(first.iter().filter(|v| v.is_some()).count() >= 10);
    }

    const PINNED_BAND0: u64 = 15016592254729743521;
    const PINNED_SHINGLE0: u32 = 0x28a6_0168;

    #[test]
    fn candidate_is_the_earliest_match() {
        let base = article(9, 500);
        let v1 = mutate(&base, 80);
        let v2 = mutate(&base, 90);
        let mut d = Deduper::new(0.7);
        assert_eq!(
            d.check_and_insert("x-unrelated", &fingerprint(&article(10, 500))),
            None
        );
        assert_eq!(d.check_and_insert("v1", &fingerprint(&v1)), None);
        // v2 is closer to base than v1 is, but v1 came first.
        assert_eq!(
            d.check_and_insert("v2", &fingerprint(&v2)).map(|x| x.of),
            Some("v1".into())
        );
        let dup = d.check_and_insert("base", &fingerprint(&base)).unwrap();
        assert_eq!(dup.of, "v1");
        // One definition: an earlier near duplicate wins over a later exact one.
        let dup = d.check_and_insert("base2", &fingerprint(&base)).unwrap();
        assert_eq!(dup.of.as_str(), "v1");
        assert!(dup.similarity < 1.0);
        // With no near match earlier, an exact duplicate is named with similarity 1.0.
        let other = article(11, 400);
        assert_eq!(d.check_and_insert("other", &fingerprint(&other)), None);
        let dup = d.check_and_insert("other2", &fingerprint(&other)).unwrap();
        assert_eq!((dup.of.as_str(), dup.similarity), ("other", 1.0));
        // At threshold 1.0 only exact duplicates count, and the earliest is named.
        let mut exact_only = Deduper::new(1.0);
        assert_eq!(exact_only.check_and_insert("v1", &fingerprint(&v1)), None);
        assert_eq!(
            exact_only.check_and_insert("base", &fingerprint(&base)),
            None
        );
        let dup = exact_only
            .check_and_insert("base2", &fingerprint(&base))
            .unwrap();
        assert_eq!((dup.of.as_str(), dup.similarity), ("base", 1.0));
    }

    /// Throughput and memory figures: `cargo test --release --lib -- --ignored --nocapture bench`.
    #[test]
    #[ignore]
    fn bench_fingerprint_and_index() {
        // ~700-word articles with a realistic vocabulary size and word lengths.
        let vocab: Vec<String> = (0..5000u64)
            .map(|i| {
                let len = 2 + (fmix64(i) % 9) as usize;
                (0..len)
                    .map(|k| (b'a' + (fmix64(i * 31 + k as u64) % 26) as u8) as char)
                    .collect()
            })
            .collect();
        let docs: Vec<String> = (0..5000u64)
            .map(|d| {
                let mut t = String::new();
                for w in 0..700u64 {
                    let r = fmix64(d * 1_000_003 + w);
                    // Zipf-ish: common words often.
                    let idx = ((r % 5000) * (r % 5000) / 5000) as usize;
                    t.push_str(&vocab[idx]);
                    t.push_str(if w % 20 == 19 { ". " } else { " " });
                }
                t
            })
            .collect();
        let bytes: usize = docs.iter().map(|d| d.len()).sum();
        let t0 = std::time::Instant::now();
        let fps: Vec<Fingerprint> = docs.iter().map(|d| fingerprint(d)).collect();
        let dt = t0.elapsed().as_secs_f64();
        eprintln!(
            "fingerprint: {} docs, {:.0} docs/s, {:.1} MB/s, {:.0} shingles/doc",
            docs.len(),
            docs.len() as f64 / dt,
            bytes as f64 / dt / 1e6,
            fps.iter().map(|f| f.shingles.len()).sum::<usize>() as f64 / fps.len() as f64
        );
        let t0 = std::time::Instant::now();
        let mut acc = 0u32;
        for f in &fps {
            acc ^= minhash(&f.shingles)[5];
        }
        let rate = fps.len() as f64 / t0.elapsed().as_secs_f64();
        eprintln!("signature alone: {rate:.0} docs/s ({acc})");
        let mut d = Deduper::new(0.8);
        let t0 = std::time::Instant::now();
        let mut dups = 0;
        for (i, fp) in fps.iter().enumerate() {
            dups += d
                .check_and_insert(&format!("doc-{i:06}.html"), fp)
                .is_some() as usize;
        }
        let dt = t0.elapsed().as_secs_f64();
        eprintln!(
            "index: {:.0} docs/s check+insert, {dups} dups, {} bytes/doc",
            fps.len() as f64 / dt,
            d.heap_bytes() / d.len()
        );
    }

    /// A large cluster of near duplicates (a template page with one changing line) stays cheap:
    /// `cargo test --release --lib -- --ignored --nocapture bench`.
    #[test]
    #[ignore]
    fn bench_large_cluster() {
        let base = article(77, 600);
        let fps: Vec<Fingerprint> = (0..20_000)
            .map(|i| fingerprint(&format!("Updated {i} minutes ago. {base}")))
            .collect();
        let mut d = Deduper::new(0.8);
        let t0 = std::time::Instant::now();
        let mut dups = 0;
        for (i, fp) in fps.iter().enumerate() {
            if let Some(x) = d.check_and_insert(&format!("page-{i:05}"), fp) {
                assert_eq!(x.of, "page-00000");
                dups += 1;
            }
        }
        let dt = t0.elapsed().as_secs_f64();
        assert_eq!(dups, fps.len() - 1);
        eprintln!(
            "cluster of {}: {:.0} docs/s check+insert",
            fps.len(),
            fps.len() as f64 / dt
        );
    }

    #[test]
    fn lsh_recall_at_0_6() {
        // Pairs with Jaccard around 0.6 must share a band key about 98.8% of the time.
        let (mut hits, mut pairs, mut jsum) = (0, 0, 0.0);
        for seed in 0..300 {
            let a = article(1000 + seed, 400);
            let b = mutate(&a, 20);
            let (fa, fb) = (fingerprint(&a), fingerprint(&b));
            jsum += jaccard(&fa, &fb);
            pairs += 1;
            let kb = fb.band_keys();
            hits += fa.band_keys().iter().zip(&kb).any(|(x, y)| x == y) as usize;
        }
        let mean = jsum / pairs as f64;
        eprintln!("LSH candidates: {hits}/{pairs} pairs at mean Jaccard {mean:.3}");
        assert!((0.55..0.65).contains(&mean), "{mean}");
        assert!(
            hits as f64 / pairs as f64 >= 0.95,
            "{hits}/{pairs} at J={mean}"
        );
    }

    #[test]
    fn fingerprint_is_send() {
        fn send<T: Send + Sync>() {}
        send::<Fingerprint>();
    }
}
