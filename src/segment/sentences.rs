//! Sentence segmentation with byte offsets.
//!
//! A single linear pass, no regular expressions. Every "\n" ends a sentence (so sentences never
//! cross a paragraph break, "\n\n"). Inside a line, a sentence can only end at a *terminator
//! cluster*: a run of `.`, `!`, `?`, `…` (so "?!", "..." and "!!!" are one terminator), followed by
//! any closing quotes and brackets (`"` `'` `”` `’` `»` `›` `)` `]`, also `» ` with French spacing)
//! and then whitespace. Whether it does end there depends on what comes next and, for a period, on
//! the word before it:
//!
//! * Next is a lowercase letter, or `,` `;` `:` a dash or a closing bracket: never a break. This
//!   keeps `"Are you leaving?" he asked.`, `etc. and`, `3.30 p.m. on Monday` and ellipses inside
//!   sentences (`the plan ... was dropped`) together.
//! * `?` or `!`: a break (before an uppercase letter, a digit, an opening quote, ...).
//! * An ellipsis (`...`, `…`): a break only before a *sentence starter* (see below).
//! * A period after a title that always precedes a name (Mr., Mrs., Ms., Dr., Prof., Sen., Rep.,
//!   Gov., Gen., Lt., Col., Capt., Sgt., ...): never a break.
//! * A period after another known abbreviation (months such as Jan., Aug., Sept.; No., St., vs.,
//!   etc., Inc., Corp., Ltd., Co., Jr., Sr., ...) or after initials (a single capital letter as in
//!   "John F. Kennedy", or letters separated by periods: U.S., U.N., J.R.R., a.m., p.m., e.g.):
//!   no break before a number ("Aug. 11", "No. 10"), a break after a closing quote, and otherwise
//!   a break only before a sentence starter. This is the ambiguous case: "the U.S. Embassy" stays
//!   one sentence while "in the U.S. The ambassador" is two. The heuristic: a capitalised word
//!   after an abbreviation is taken as part of a name unless it is one of a short list of words
//!   that commonly open a sentence and rarely continue a name (`STARTERS`: The, A, He, She, It,
//!   They, We, But, In, On, ...). So "at 3.30 p.m. Police said" is (wrongly) kept as one sentence:
//!   misses cost less than cutting names apart.
//! * A period after any other word: a break unless a lowercase letter follows.
//!
//! Datelines such as "LIMA, Aug. 11 (Reuters) - Peru ..." stay one sentence; decimals and numbers
//! ("51.2", "$1.5 billion", "3.30") never break since no whitespace follows their period.
//!
//! Lookbehind (the word before a period) and lookahead (the word after) are bounded, so the whole
//! pass is linear in the text length.

use std::ops::Range;

/// Titles that always precede a name: a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col",
    "capt", "cpt", "sgt", "maj", "adm", "cmdr", "cdr", "brig", "rev", "hon", "pres", "supt",
    "insp", "det", "cpl", "pvt", "fr",
];

/// Abbreviations after which a period ends a sentence only before a sentence starter (or after a
/// closing quote). "Jr." and "Sr." follow names, so they are here rather than among the titles.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "st", "vs", "etc", "inc", "corp", "ltd", "co", "plc", "bros", "jr", "sr", "ave", "blvd",
    "rd", "mt", "ft", "approx", "dept", "est", "fig", "govt", "intl", "univ", "assn", "ph.d",
    "a.k.a", "mln", "bln", "pct",
];

/// Words that commonly open a sentence and rarely continue a name (case-sensitive).
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "For",
    "From",
    "By",
    "With",
    "After",
    "Before",
    "As",
    "If",
    "When",
    "While",
    "Although",
    "Though",
    "However",
    "Meanwhile",
    "Also",
    "Some",
    "Many",
    "Most",
    "Both",
    "All",
    "Other",
    "Such",
    "Then",
    "Now",
    "Last",
    "Earlier",
    "Later",
    "According",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Since",
    "Despite",
    "Under",
    "Over",
    "During",
    "Still",
    "Instead",
    "Asked",
    "Speaking",
    "Separately",
    "Officials",
];

/// How far back the word before a period is looked for (bytes); longer words are ordinary words.
const MAX_TOKEN: usize = 24;
/// How far ahead the word after a terminator is read (bytes).
const MAX_NEXT_WORD: usize = 16;

/// Splits `text` into sentences; returns byte ranges into `text`, in order, trimmed of surrounding
/// whitespace, never crossing a line break (and so never a paragraph break, "\n\n").
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, &mut out);
        line_start = line_end + 1;
    }
    out
}

/// How a period relates to the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// An ordinary word (or nothing).
    Word,
    /// A title that precedes a name.
    Title,
    /// A known abbreviation or initials.
    Abbreviation,
}

/// The character starting at byte `i` (a char boundary) if before `end`.
fn char_at(text: &str, i: usize, end: usize) -> Option<char> {
    if i >= end {
        return None;
    }
    text.get(i..end).and_then(|s| s.chars().next())
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{00bb}' | '\u{203a}' | ')' | ']'
    )
}

fn is_closing_quote(c: char) -> bool {
    is_closing(c) && !matches!(c, ')' | ']')
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{00ab}' | '\u{2039}' | '(' | '['
    )
}

/// Splits the line `text[start..end]` (no "\n" inside).
fn split_line(text: &str, line_start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = line_start;
    let mut i = line_start;
    while i < end {
        let b = bytes[i];
        let is_term = matches!(b, b'.' | b'!' | b'?')
            || (b == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA6);
        if !is_term {
            i += 1;
            continue;
        }
        // The terminator cluster.
        let cluster_start = i;
        let (mut dots, mut strong, mut ellipsis) = (0usize, false, false);
        let mut j = i;
        while j < end {
            match bytes[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'!' | b'?' => {
                    strong = true;
                    j += 1;
                }
                0xE2 if j + 2 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0xA6 => {
                    ellipsis = true;
                    j += 3;
                }
                _ => break,
            }
        }
        ellipsis |= dots >= 2;
        // Closing quotes and brackets, including "nous partons. »" with French spacing.
        let mut k = j;
        let mut closed_quote = false;
        while let Some(c) = char_at(text, k, end) {
            if is_closing(c) {
                closed_quote |= is_closing_quote(c);
                k += c.len_utf8();
            } else if matches!(c, ' ' | '\u{a0}' | '\u{202f}')
                && matches!(
                    char_at(text, k + c.len_utf8(), end),
                    Some('\u{00bb}' | '\u{203a}')
                )
            {
                closed_quote = true;
                k += c.len_utf8() + '\u{00bb}'.len_utf8();
            } else {
                break;
            }
        }
        // A break needs whitespace after the cluster; the end of the line ends the sentence anyway.
        let mut n = k;
        while let Some(c) = char_at(text, n, end) {
            if !c.is_whitespace() {
                break;
            }
            n += c.len_utf8();
        }
        if n == k || n >= end {
            i = j;
            continue;
        }
        let next = char_at(text, n, end).unwrap_or(' ');
        let brk = if next.is_lowercase()
            || matches!(
                next,
                ',' | ';' | ':' | '-' | '\u{2013}' | '\u{2014}' | ')' | ']' | '}'
            ) {
            false
        } else if strong {
            true
        } else if ellipsis {
            starts_sentence(text, n, end)
        } else {
            match word_before(text, start, cluster_start) {
                Before::Word => true,
                Before::Title => false,
                Before::Abbreviation => {
                    if next.is_numeric() {
                        false
                    } else if closed_quote {
                        true
                    } else {
                        starts_sentence(text, n, end)
                    }
                }
            }
        };
        if brk {
            push_trimmed(text, start, k, out);
            start = k;
        }
        i = k.max(j);
    }
    push_trimmed(text, start, end, out);
}

/// Whether the word at `n` (after any opening quotes or brackets) is a common sentence starter.
fn starts_sentence(text: &str, mut n: usize, end: usize) -> bool {
    while let Some(c) = char_at(text, n, end) {
        if !is_opening(c) {
            break;
        }
        n += c.len_utf8();
    }
    let limit = (n + MAX_NEXT_WORD + 1).min(end);
    let bytes = text.as_bytes();
    let mut m = n;
    while m < limit && bytes[m].is_ascii_alphabetic() {
        m += 1;
    }
    if m == n || m - n > MAX_NEXT_WORD {
        return false;
    }
    // The word must end there (not continue with a non-ASCII letter).
    if char_at(text, m, end).is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    STARTERS.contains(&&text[n..m])
}

/// Classifies the word that ends at the period at `dot` (the sentence began at `start`).
fn word_before(text: &str, start: usize, dot: usize) -> Before {
    let bytes = text.as_bytes();
    let lo = dot.saturating_sub(MAX_TOKEN + 1).max(start);
    let mut b = dot;
    while b > lo && !(bytes[b - 1] as char).is_ascii_whitespace() && bytes[b - 1] < 0x80 {
        b -= 1;
    }
    // A longer token, or one with non-ASCII characters, is an ordinary word.
    if b > start
        && !(bytes[b - 1].is_ascii_whitespace()
            || text[..b].ends_with(['\u{a0}', '\u{201c}', '\u{2018}', '\u{00ab}']))
    {
        return Before::Word;
    }
    // Strip opening punctuation: `(U.S.` -> `U.S`.
    while b < dot && !bytes[b].is_ascii_alphanumeric() {
        b += 1;
    }
    let token = &text[b..dot];
    if token.is_empty() {
        return Before::Word;
    }
    let mut lower = [0u8; MAX_TOKEN + 1];
    let len = token.len().min(lower.len());
    for (l, c) in lower.iter_mut().zip(token.bytes()) {
        *l = c.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&lower[..len]).unwrap_or("");
    let first_upper = token.as_bytes()[0].is_ascii_uppercase();
    if first_upper && TITLES.contains(&lower) {
        return Before::Title;
    }
    if ABBREVIATIONS.contains(&lower) {
        return Before::Abbreviation;
    }
    // A single capital letter: an initial.
    if token.len() == 1 && first_upper {
        return Before::Abbreviation;
    }
    // Letters separated by periods: U.S, J.R.R, a.m, e.g.
    let tb = token.as_bytes();
    if tb.len() >= 3
        && tb.iter().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                *c == b'.'
            }
        })
    {
        return Before::Abbreviation;
    }
    Before::Word
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if s + lead < e - trail {
        out.push(s + lead..e - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn basic() {
        assert_eq!(
            sents("The strike ended. Workers returned!  Did they? Yes."),
            vec![
                "The strike ended.",
                "Workers returned!",
                "Did they?",
                "Yes."
            ]
        );
        assert!(sents("").is_empty());
        assert!(sents("  \n\n \t ").is_empty());
        assert_eq!(sents("No terminator"), vec!["No terminator"]);
    }

    #[test]
    fn line_and_paragraph_breaks() {
        assert_eq!(
            sents("Headline without period\nFirst line. Second\n\nNew paragraph here"),
            vec![
                "Headline without period",
                "First line.",
                "Second",
                "New paragraph here"
            ]
        );
        assert_eq!(sents("a\r\nb"), vec!["a", "b"]);
    }

    #[test]
    fn abbreviations() {
        for s in [
            "The U.S. Embassy said the U.N. and the U.K. agreed.",
            "Gen. Smith met Lt. Col. Jones and Sen. Brown in Sept. last year.",
            "Mr. Smith, Mrs. Smith, Ms. Lee, Dr. Ali and Prof. Chen attended.",
            "Rep. Ortiz and Gov. Hall visited St. Louis on Aug. 3 and Jan. 4.",
            "It was the No. 1 issue, vs. 2 last year, etc. and more.",
            "Acme Inc. and Globex Corp. and Initech Ltd. signed.",
            "Martin Luther King Jr. and Sr. Smith arrived at 9 a.m. and left at 5 p.m. on Friday.",
            "Chelsea vs. Arsenal ended 2-1.",
            "The deal was signed on Sep. 12 and Feb. 2.",
        ] {
            assert_eq!(sents(s), vec![s], "{s}");
        }
    }

    #[test]
    fn abbreviation_before_sentence_starter() {
        assert_eq!(
            sents("He lives in the U.S. The ambassador disagreed."),
            vec!["He lives in the U.S.", "The ambassador disagreed."]
        );
        assert_eq!(
            sents("They bought shares in Acme Inc. But the price fell."),
            vec!["They bought shares in Acme Inc.", "But the price fell."]
        );
        assert_eq!(
            sents("It happened at 3.30 p.m. He was arrested."),
            vec!["It happened at 3.30 p.m.", "He was arrested."]
        );
    }

    #[test]
    fn initials() {
        for s in [
            "John F. Kennedy was shot in Dallas.",
            "J.R.R. Tolkien wrote it.",
            "George W. Bush and H. W. Brands spoke.",
        ] {
            assert_eq!(sents(s), vec![s], "{s}");
        }
        assert_eq!(
            sents("He chose plan B. The rest refused."),
            vec!["He chose plan B.", "The rest refused."]
        );
    }

    #[test]
    fn numbers() {
        for s in [
            "Turnout was 51.2 per cent, up from 48.9.",
            "The deal is worth $1.5 billion, or 1,200.75 euros each.",
            "The train left at 3.30 p.m. on Monday.",
            "Version 2.0.1 shipped.",
        ] {
            assert_eq!(sents(s), vec![s], "{s}");
        }
        assert_eq!(
            sents("Prices rose 5.5 percent. 20 people were hurt."),
            vec!["Prices rose 5.5 percent.", "20 people were hurt."]
        );
    }

    #[test]
    fn ellipses() {
        for s in [
            "He said the plan ... was not feasible.",
            "The talks … stalled again.",
            "We waited... and waited.",
            "We will win... Britain will not fall.",
        ] {
            assert_eq!(sents(s), vec![s], "{s}");
        }
        assert_eq!(
            sents("They waited... The ship never came."),
            vec!["They waited...", "The ship never came."]
        );
        assert_eq!(
            sents("They waited… Then it came."),
            vec!["They waited…", "Then it came."]
        );
    }

    #[test]
    fn quotations() {
        assert_eq!(
            sents(r#"He said: "We leave." Then he left."#),
            vec![r#"He said: "We leave.""#, "Then he left."]
        );
        assert_eq!(
            sents("He said: “We leave.” Then he left."),
            vec!["He said: “We leave.”", "Then he left."]
        );
        assert_eq!(
            sents("He said: ‘We leave.’ Then he left."),
            vec!["He said: ‘We leave.’", "Then he left."]
        );
        assert_eq!(
            sents("Il a dit : « Nous partons. » Puis il est parti."),
            vec!["Il a dit : « Nous partons. »", "Puis il est parti."]
        );
        assert_eq!(
            sents("Il a dit : «Nous partons.» Puis il est parti."),
            vec!["Il a dit : «Nous partons.»", "Puis il est parti."]
        );
        assert_eq!(
            sents(r#""Are you leaving?" he asked. "Yes!" she said."#),
            vec![r#""Are you leaving?" he asked."#, r#""Yes!" she said."#]
        );
        assert_eq!(
            sents("“Why now?” asked Ms. Lee. The minister smiled."),
            vec!["“Why now?” asked Ms. Lee.", "The minister smiled."]
        );
        assert_eq!(
            sents(r#"The strike is over. "We won," he said."#),
            vec!["The strike is over.", r#""We won," he said."#]
        );
        assert_eq!(
            sents(r#"He cited the "U.S." Officials disagreed."#),
            vec![r#"He cited the "U.S.""#, "Officials disagreed."]
        );
        assert_eq!(
            sents("(The vote was close.) Then came the count."),
            vec!["(The vote was close.)", "Then came the count."]
        );
    }

    #[test]
    fn datelines() {
        let s = "LIMA, Aug. 11 (Reuters) - Peru's government declared a state of emergency.";
        assert_eq!(sents(s), vec![s]);
        let s = "WASHINGTON, Sept. 5 (AP) — The U.S. Senate voted on Tuesday.";
        assert_eq!(sents(s), vec![s]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in [
            "\"",
            "“",
            "”",
            "…",
            "...",
            ".",
            "?!",
            " . ",
            "a.\u{a0}B",
            "é. É",
            "日本。中国. X",
            "U.S.",
            "Mr.",
            "“.” ’",
            "» « . »",
            "\u{2026}\u{2026}",
            "x.\u{202f}» y",
            "a. \u{a0}",
        ] {
            let r = split_sentences(s);
            for w in &r {
                assert!(s.is_char_boundary(w.start) && s.is_char_boundary(w.end));
            }
        }
        assert_eq!(sents("Café. Über alles."), vec!["Café.", "Über alles."]);
    }

    #[test]
    fn long_text_is_fast() {
        let para = "LIMA, Aug. 11 (Reuters) - Peru's U.S. Embassy said on Tuesday that 51.2 per \
                    cent of the $1.5 billion fund... was spent. \"Are you leaving?\" he asked. \
                    Mr. Smith said: “We leave.” Then John F. Kennedy arrived at 3.30 p.m.\n\n";
        let text = para.repeat(20_000);
        let t0 = std::time::Instant::now();
        let n = split_sentences(&text).len();
        let dt = t0.elapsed().as_secs_f64();
        assert_eq!(n, 4 * 20_000);
        eprintln!("{:.0} MB/s", text.len() as f64 / dt / 1e6);
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        for unit in [
            ".",
            ". ",
            "…",
            "?\" ",
            "\u{a0}",
            " » ",
            "a.b.",
            "U.S. ",
            "x.\u{a0}\u{a0}\u{a0}",
            "”’",
            "Mr. ",
            "... The ",
            "e\u{301}. ",
        ] {
            let text = unit.repeat(400_000 / unit.len());
            let t0 = std::time::Instant::now();
            let r = split_sentences(&text);
            let dt = t0.elapsed().as_secs_f64();
            assert!(dt < 2.0, "{unit:?}: {dt:.2}s");
            assert!(r.iter().all(|r| text.is_char_boundary(r.start)));
        }
    }

    proptest! {
        #[test]
        fn ranges_are_well_formed(text in "(\\PC|[ .!?\"'“”‘’«»…\n]){0,200}") {
            check_ranges(&text);
        }

        #[test]
        fn ranges_are_well_formed_newsy(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("U.S."), Just("Mr."), Just(" "), Just("\n"), Just("\n\n"), Just("..."),
                    Just("…"), Just("\""), Just("”"), Just("»"), Just(" »"), Just("?"), Just("!"),
                    Just("The"), Just("he"), Just("3.30"), Just("é"), Just("\u{a0}"), Just("."),
                    Just("J."), Just("Aug."), Just("11"), Just("("),
                ],
                0..60,
            )
        ) {
            check_ranges(&parts.concat());
        }
    }

    fn check_ranges(text: &str) {
        let ranges = split_sentences(text);
        let mut prev_end = 0;
        for r in &ranges {
            assert!(r.start < r.end && r.end <= text.len());
            assert!(r.start >= prev_end);
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            assert!(!s.contains("\n\n"));
            assert_eq!(s, s.trim());
            prev_end = r.end;
        }
    }
}
