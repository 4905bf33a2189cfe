//! Literal prefilters: which of a list of patterns can match a text, told by one Aho-Corasick
//! pass instead of running every pattern.
//!
//! For each pattern, `required_literals` reads its syntax tree and finds a set of literal strings
//! such that every match of the pattern contains one of them (a trigger word of a class, a month
//! name, a unit). A pattern none of whose literals occur in a text cannot match it, so it need not
//! run there. The sets are derived from the same syntax tree the regex engine compiles, so the
//! prefilter never drops a pattern that could match: results are the same as running them all.
//! A pattern with no such set (it can match without any fixed text) is always a candidate.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Largest number of literals a set may hold before it is given up (case variants multiply).
const MAX_SET: usize = 256;
/// Largest character class read as a set of one-character literals (digits are ten).
const MAX_CLASS: usize = 10;

/// A set of literals: a text holds one of them.
pub type LiteralSet = Vec<Vec<u8>>;

/// What every match of a piece of a pattern contains.
#[derive(Debug, Clone)]
enum Req {
    /// The piece matches exactly one of these strings (ASCII letters in lower case).
    Exact(Vec<Vec<u8>>),
    /// Every match contains one literal of each of these sets (none: nothing is known).
    All(Vec<Vec<Vec<u8>>>),
}

/// Largest union of the sets of an alternation's branches.
const MAX_UNION: usize = 1024;

/// How good a set is as a prefilter: longer shortest literal (in characters, so that one actor
/// token mark is no better than one letter) first, then fewer literals.
fn score(set: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let chars = |l: &Vec<u8>| l.iter().filter(|b| (**b as i8) >= -0x40).count();
    let shortest = set.iter().map(chars).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

fn dedup(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort();
    set.dedup();
    set
}

/// Every string of `a` followed by every string of `b`, or None past `MAX_SET`.
fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len().saturating_mul(b.len()) > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = x.clone();
            s.extend_from_slice(y);
            out.push(s);
        }
    }
    Some(dedup(out))
}

/// The literals of a character class, one per character (ASCII letters folded to lower case,
/// since the search ignores ASCII case); None for a class too large to list.
fn class_literals(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                let n = (r.end() as usize) - (r.start() as usize) + 1;
                if out.len() + n > MAX_CLASS {
                    return None;
                }
                for ch in r.start()..=r.end() {
                    let mut buf = [0u8; 4];
                    out.push(ch.encode_utf8(&mut buf).as_bytes().to_ascii_lowercase());
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                let n = (r.end() as usize) - (r.start() as usize) + 1;
                if out.len() + n > MAX_CLASS {
                    return None;
                }
                for b in r.start()..=r.end() {
                    out.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    Some(dedup(out))
}

/// A set worth searching for: no empty literal (which every text holds).
fn useful(set: &[Vec<u8>]) -> bool {
    score(set).0 > 0
}

/// The best single set of a requirement, if it has one.
fn best_set(r: Req) -> Option<Vec<Vec<u8>>> {
    match r {
        Req::Exact(set) => useful(&set).then_some(set),
        Req::All(sets) => sets.into_iter().max_by_key(|s| score(s)),
    }
}

fn req(hir: &Hir) -> Req {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Req::Exact(vec![Vec::new()]),
        HirKind::Literal(l) => Req::Exact(vec![l.0.to_ascii_lowercase()]),
        HirKind::Class(c) => match class_literals(c) {
            Some(set) if !set.is_empty() => Req::Exact(set),
            _ => Req::All(vec![]),
        },
        HirKind::Capture(c) => req(&c.sub),
        HirKind::Repetition(r) => match (r.min, req(&r.sub)) {
            (0, _) => Req::All(vec![]),
            (1, sub) if r.max == Some(1) => sub,
            // Each repetition holds what one holds.
            (_, Req::Exact(set)) => Req::All(if useful(&set) { vec![set] } else { vec![] }),
            (_, all) => all,
        },
        HirKind::Alternation(subs) => {
            let reqs: Vec<Req> = subs.iter().map(req).collect();
            if reqs.iter().all(|r| matches!(r, Req::Exact(_))) {
                let mut all = Vec::new();
                for r in &reqs {
                    if let Req::Exact(set) = r {
                        all.extend(set.iter().cloned());
                    }
                }
                let all = dedup(all);
                if all.len() <= MAX_SET {
                    return Req::Exact(all);
                }
            }
            // A match holds what its branch holds: the union of one set from each branch.
            let mut union = Vec::new();
            for r in reqs {
                match best_set(r) {
                    Some(set) => union.extend(set),
                    None => return Req::All(vec![]),
                }
            }
            let union = dedup(union);
            Req::All(if union.len() <= MAX_UNION {
                vec![union]
            } else {
                vec![]
            })
        }
        HirKind::Concat(subs) => concat(subs),
    }
}

/// A sequence holds what each of its pieces holds; runs of exact pieces are multiplied out into
/// longer literals first.
fn concat(subs: &[Hir]) -> Req {
    let mut sets: Vec<Vec<Vec<u8>>> = Vec::new();
    // The run of exact pieces being multiplied; `whole` while every piece so far is in it.
    let mut run: Vec<Vec<u8>> = vec![Vec::new()];
    let mut whole = true;
    for s in subs {
        match req(s) {
            Req::Exact(set) => match product(&run, &set) {
                Some(p) => run = p,
                None => {
                    whole = false;
                    sets.push(std::mem::replace(&mut run, set));
                }
            },
            Req::All(more) => {
                whole = false;
                sets.push(std::mem::replace(&mut run, vec![Vec::new()]));
                sets.extend(more);
            }
        }
    }
    if whole {
        return Req::Exact(run);
    }
    sets.push(run);
    sets.retain(|s| useful(s));
    sets.sort();
    sets.dedup();
    Req::All(sets)
}

/// Drops every literal that contains another of the set: a text holding the longer one holds the
/// shorter one too, so the set still says the same.
fn minimise(set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let mut set = dedup(set);
    set.sort_by_key(Vec::len);
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for s in set {
        if !kept
            .iter()
            .any(|k| s.windows(k.len()).any(|w| w == k.as_slice()))
        {
            kept.push(s);
        }
    }
    kept
}

/// Sets of literals (ASCII letters in lower case) such that every match of `pattern`, compiled
/// with case-insensitive matching, contains one literal of each set; empty when nothing is known
/// (or the pattern does not parse).
pub fn required_literals(pattern: &str) -> Vec<Vec<Vec<u8>>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
    else {
        return vec![];
    };
    let sets = match req(&hir) {
        Req::Exact(set) => vec![set],
        Req::All(sets) => sets,
    };
    let mut sets: Vec<Vec<Vec<u8>>> = sets
        .into_iter()
        .filter(|s| useful(s))
        .map(minimise)
        .collect();
    sets.sort();
    sets.dedup();
    sets
}

/// Shortest literal, in characters, of a set worth searching beside a better one: shorter ones
/// ("a", "to", a digit) occur in most sentences, and every occurrence costs a step of the search.
const MIN_SEARCHED: usize = 3;

/// The sets of one pattern that are searched for: those whose literals are all long enough, or
/// the best one when none is.
fn searched(mut sets: Vec<Vec<Vec<u8>>>) -> Vec<Vec<Vec<u8>>> {
    if sets.iter().any(|s| score(s).0 >= MIN_SEARCHED) {
        sets.retain(|s| score(s).0 >= MIN_SEARCHED);
        sets
    } else {
        sets.into_iter()
            .max_by_key(|s| score(s))
            .into_iter()
            .collect()
    }
}

/// Tells which of a list of patterns may match a text.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Every literal of every pattern, ASCII case ignored; None when no pattern has literals.
    searcher: Option<AhoCorasick>,
    /// For each literal of the searcher, the sets (numbered across patterns) it belongs to.
    owners: Vec<Vec<usize>>,
    /// For each pattern, its sets: it may match a text that holds a literal of each.
    sets: Vec<Vec<usize>>,
    /// Number of sets.
    set_count: usize,
}

impl Prefilter {
    /// Builds the prefilter of `patterns`, each as compiled with case-insensitive matching.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        Prefilter::from_sets(patterns.into_iter().map(required_literals).collect())
    }

    /// Builds the prefilter from each pattern's `required_literals`.
    pub fn from_sets(per_pattern: Vec<Vec<Vec<Vec<u8>>>>) -> Prefilter {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut sets: Vec<Vec<usize>> = Vec::new();
        let mut set_count = 0;
        for pattern_sets in per_pattern {
            let mut mine = Vec::new();
            for set in searched(pattern_sets) {
                let id = set_count;
                set_count += 1;
                mine.push(id);
                for lit in set {
                    let k = *index.entry(lit.clone()).or_insert_with(|| {
                        literals.push(lit);
                        owners.push(Vec::new());
                        owners.len() - 1
                    });
                    owners[k].push(id);
                }
            }
            sets.push(mine);
        }
        let searcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .ok()
            .filter(|_| !literals.is_empty());
        if searcher.is_none() {
            // No automaton (none needed, or it could not be built): every pattern runs.
            sets.iter_mut().for_each(Vec::clear);
        }
        Prefilter {
            searcher,
            owners,
            sets,
            set_count,
        }
    }

    /// Sets `out[i]` for every pattern `i` that may match `text` (and clears the others).
    pub fn candidates(&self, text: &str, out: &mut Vec<bool>) {
        out.clear();
        let hit = match &self.searcher {
            Some(ac) => {
                let mut hit = vec![false; self.set_count];
                let mut left = self.set_count;
                for m in ac.find_overlapping_iter(text) {
                    for &s in &self.owners[m.pattern().as_usize()] {
                        if !hit[s] {
                            hit[s] = true;
                            left -= 1;
                        }
                    }
                    if left == 0 {
                        break;
                    }
                }
                hit
            }
            None => vec![],
        };
        out.extend(self.sets.iter().map(|sets| sets.iter().all(|&s| hit[s])));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str) -> Vec<Vec<String>> {
        required_literals(p)
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect()
            })
            .collect()
    }

    fn strs(sets: &[&[&str]]) -> Vec<Vec<String>> {
        sets.iter()
            .map(|s| s.iter().map(|l| l.to_string()).collect())
            .collect()
    }

    #[test]
    fn every_part_a_match_needs_is_a_set() {
        // Case-insensitive letters are classes in the syntax tree; runs of them become words,
        // a word containing another of its set is dropped, and "s" also matches the long s.
        assert_eq!(
            lits(r"\b(?:expelled|expel|ousted)\s+the\s+\w+"),
            strs(&[&["expel", "ousted", "ou\u{17F}ted"], &["the"]])
        );
        assert_eq!(
            lits(r"(?:the|an?)\s+(?:envoys?|diplomats?)"),
            strs(&[&["a", "the"], &["envoy", "diplomat"]])
        );
    }

    #[test]
    fn optional_parts_and_large_classes_give_nothing() {
        assert_eq!(lits(r"(?:within\s+)?\d+\s*h"), strs(&[&["h"]]));
        assert!(lits(r"(?:within)?\d+").is_empty());
        assert!(lits(r"\w+").is_empty());
        assert!(lits(r"x|\d").is_empty());
        assert!(lits(r"(unclosed").is_empty());
    }

    #[test]
    fn case_variants_outside_ascii_are_kept() {
        // "k" also matches the Kelvin sign under Unicode case folding: both spellings are listed.
        let set = &lits("week")[0];
        assert!(set.contains(&"week".to_string()), "{set:?}");
        assert!(set.contains(&"wee\u{212A}".to_string()), "{set:?}");
    }

    /// The prefilter's candidates are exactly a superset of the patterns that match.
    #[test]
    fn candidates_include_every_matching_pattern() {
        let patterns = [
            r"\b(?P<month>jan|feb|march)\s+\d+",
            r"\d{4}",
            r"(?:immediately|forthwith)\b",
            r"(?-i:may)\s+[^\d]",
        ];
        let f = Prefilter::new(patterns.iter().copied());
        let res: Vec<regex::Regex> = patterns
            .iter()
            .map(|p| {
                regex::RegexBuilder::new(p)
                    .case_insensitive(true)
                    .build()
                    .unwrap()
            })
            .collect();
        let mut out = Vec::new();
        for text in [
            "On MARCH 5 he left",
            "they may go forthwith",
            "in 2024",
            "nothing here",
            "Left IMMEDIATELY, May 4",
            "a wee\u{212A} ago, Feb 2",
        ] {
            f.candidates(text, &mut out);
            for (i, re) in res.iter().enumerate() {
                if re.is_match(text) {
                    assert!(out[i], "pattern {i} matches {text:?} but was filtered out");
                }
            }
        }
        f.candidates("nothing here", &mut out);
        assert_eq!(out, vec![false, true, false, false]);
    }
}

#[cfg(test)]
mod pack_tests {
    use super::required_literals;
    use crate::rules::{RulePack, TimeKind};

    /// Every pattern and time rule of the default pack is skipped on sentences without its words;
    /// a rule that loses its literals (a new optional part, say) would run on every sentence.
    #[test]
    fn every_default_rule_has_literals() {
        let pack = RulePack::default_pack().unwrap();
        let patterns = pack.patterns.iter().map(|p| (&p.id, p.regex.as_str()));
        let times = pack
            .times
            .iter()
            .filter(|t| t.kind != TimeKind::Veto)
            .map(|t| (&t.id, t.regex.as_str()));
        for (id, re) in patterns.chain(times) {
            let sets = required_literals(re);
            if std::env::var_os("SHOW_LITERALS").is_some() {
                let words: Vec<Vec<String>> = sets
                    .iter()
                    .map(|s| {
                        s.iter()
                            .map(|l| String::from_utf8_lossy(l).into_owned())
                            .collect()
                    })
                    .collect();
                eprintln!("{id}: {words:?}");
            }
            assert!(!sets.is_empty(), "rule {id} has no required literals");
        }
    }
}
