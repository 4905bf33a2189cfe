//! Plain text to paragraphs: blank lines separate paragraphs; where a text has no blank lines,
//! every line is a paragraph; short heading lines become blocks of their own. Datelines give the
//! publication day.

use once_cell::sync::Lazy;
use regex::Regex;

use super::dates::{Day, text_dates};

/// Splits plain text into a title (when the first line is a headline) and paragraph blocks.
pub fn paragraphs(text: &str) -> (Option<String>, Vec<String>) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let has_blank_lines = text.trim().split('\n').any(|l| l.trim().is_empty());
    let mut blocks = Vec::new();
    if has_blank_lines {
        for chunk in split_on_blank_lines(&text) {
            join_wrapped_lines(&chunk, &mut blocks);
        }
    } else {
        blocks.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    let title = blocks
        .first()
        .filter(|b| blocks.len() > 1 && is_heading(b))
        .cloned();
    (title, blocks)
}

fn split_on_blank_lines(text: &str) -> Vec<Vec<&str>> {
    let mut chunks = Vec::new();
    let mut cur = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                chunks.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line.trim());
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

/// Joins hard-wrapped lines of one paragraph; a heading line at the top stays a block of its own.
fn join_wrapped_lines(lines: &[&str], blocks: &mut Vec<String>) {
    let mut cur = String::new();
    for (i, line) in lines.iter().enumerate() {
        let after_sentence_end = i == 0 || ends_sentence(lines[i - 1]);
        // A wrapped line ends mid-sentence too; a heading is followed by a new sentence.
        let next_starts_sentence = lines
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_some_and(|c| c.is_uppercase() || c == '"' || c == '\u{201c}');
        // A comma is common in a wrapped sentence or a dateline ("LIMA, July 29"), rare in a
        // heading unless it is written in title case ("Envoy, Recalled Over Spat, Returns").
        let heading_commas = !line.contains(',') || is_title_case(line);
        if after_sentence_end && is_heading(line) && next_starts_sentence && heading_commas {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
            blocks.push(line.to_string());
            continue;
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(line);
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
}

/// Whether a line is written in title case: most of its longer words capitalised, and nothing
/// of a dateline (brackets, dashes).
fn is_title_case(line: &str) -> bool {
    if line.contains(['(', '\u{2014}', '\u{2013}']) || line.contains(" - ") {
        return false;
    }
    let long: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let capitalised = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    long.len() >= 3 && capitalised * 5 >= long.len() * 4
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '\u{201d}', '\u{2019}', '\''])
}

/// A short line without sentence punctuation at its end: a headline or section heading.
pub fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=12).contains(&words)
        && line.chars().count() <= 90
        && !line.ends_with([
            '.', ',', ';', ':', '!', '?', '"', '\u{201d}', '\u{2019}', '\'', '-',
        ])
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// The publication day a wire story gives in its first lines: a dateline or byline date with its
/// year ("WASHINGTON, Aug. 9, 2017 (AP) -", "Berlin, 29. Juli 2024", "Posted: 2024-07-29").
/// A dateline without a year ("LIMA, July 29 (Reuters) -") gives none: a guessed year is worse
/// than no date. Dates after an update or copyright cue are not publication dates.
pub fn dateline_date(blocks: &[String]) -> Option<Day> {
    // The headline, the short lines under it (section, byline, a date line of its own) and the
    // first paragraph of the story, where a dateline opens it.
    for (i, block) in head_blocks(blocks).enumerate() {
        let head = &block[..floor_char(block, 120)];
        let found = text_dates(head).find(|&(_, s, e)| {
            let lead = &head[floor_char(head, s.saturating_sub(40))..s];
            // Below the headline, a caption or a teaser may carry the date of something else:
            // only a line of its own or a dateline counts there.
            let placed =
                i == 0 || block.chars().count() <= HEAD_LINE_CHARS || opens_dateline(head, s, e);
            placed && !NOT_PUBLISHED.is_match(lead)
        });
        if let Some((day, _, _)) = found {
            return Some(day);
        }
    }
    None
}

/// Whether the date at `start..end` of a paragraph is its dateline: near the opening, and
/// followed by the agency, a dash or a colon ("WASHINGTON, Aug. 9, 2017 (AP) -").
fn opens_dateline(head: &str, start: usize, end: usize) -> bool {
    let rest = head[end..].trim_start();
    start <= 40 && (rest.starts_with(['(', '-', ':', '\u{2013}', '\u{2014}']) || rest.is_empty())
}

/// How many blocks the head of a story may have before its first paragraph.
const HEAD_BLOCKS: usize = 6;

/// A block longer than this is a paragraph of the story, not a byline or date line.
const HEAD_LINE_CHARS: usize = 80;

/// A first block longer than this is no headline but the story's first paragraph.
const HEADLINE_CHARS: usize = 150;

/// The blocks where a story says when it appeared: up to its first long paragraph (included),
/// at most `HEAD_BLOCKS`, and at least the first two.
fn head_blocks(blocks: &[String]) -> impl Iterator<Item = &String> {
    let long = |(i, b): &(usize, &String)| {
        b.chars().count()
            > if *i == 0 {
                HEADLINE_CHARS
            } else {
                HEAD_LINE_CHARS
            }
    };
    let first_paragraph = blocks
        .iter()
        .enumerate()
        .find(long)
        .map_or(blocks.len(), |(i, _)| i);
    blocks
        .iter()
        .take((first_paragraph + 1).clamp(2, HEAD_BLOCKS))
}

static NOT_PUBLISHED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)updat|modifi|revised|aktualisiert|geändert|copyright|©|\(c\)")
        .expect("static regex")
});

fn floor_char(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(text: &str) -> Option<String> {
        dateline_date(&paragraphs(text).1).map(Day::iso)
    }

    #[test]
    fn datelines_with_a_year_give_the_day() {
        assert_eq!(
            dateline("Peru Expels Envoy\n\nWASHINGTON, Aug. 9, 2017 (AP) - Peru on Friday ordered the expulsion.").as_deref(),
            Some("2017-08-09")
        );
        assert_eq!(
            dateline("Berlin, 29. Juli 2024 - Die Regierung hat entschieden.").as_deref(),
            Some("2024-07-29")
        );
        // No year: no guess.
        assert_eq!(
            dateline("LIMA, July 29 (Reuters) - Peru ordered the expulsion."),
            None
        );
        // A date line of its own under a byline, and one under a masthead line.
        assert_eq!(
            dateline("Peru Expels Envoy\n\nBy Ana Ruiz\nMarch 3, 2026\n\nLIMA, March 3 (Newswire) - Peru on Tuesday ordered the expulsion of the envoy, the ministry said in a statement.").as_deref(),
            Some("2026-03-03")
        );
        assert_eq!(
            dateline("Daily Mirror | News | World\n\nPeru Expels Envoy\n\nFriday 6 March 2026\n\nPeru on Friday ordered the expulsion of the envoy, the ministry said in a statement.").as_deref(),
            Some("2026-03-06")
        );
        // A caption under the headline dates the photo.
        assert_eq!(
            dateline("Peru Expels Envoy\n\nBy Ana Ruiz\n\nThis file photo taken on December 8, 2019, shows the foreign minister of Peru at a press conference in Lima.\n\nPeru on Friday ordered the expulsion.").as_deref(),
            None
        );
        assert_eq!(
            dateline("Peru Expels Envoy\n\nBy Ana Ruiz\n\nLIMA, March 3, 2026 (Newswire) - Peru on Tuesday ordered the expulsion of the envoy, the ministry said.").as_deref(),
            Some("2026-03-03")
        );
        // A date in the story's second paragraph is not its publication day.
        assert_eq!(
            dateline("Peru Expels Envoy\n\nPeru on Friday ordered the expulsion of the envoy, the ministry said in a statement on its website.\n\nThe envoy arrived on March 3, 2019.").as_deref(),
            None
        );
        // An update line is not the publication.
        assert_eq!(
            dateline("Updated Aug. 10, 2017\n\nPeru ordered the expulsion.").as_deref(),
            None
        );
        // Dates deep in the story are events, not the publication.
        let late = format!(
            "{}\n\nMore.\n\nThe treaty of 9 August 2017 stands.",
            "Peru said so. ".repeat(20)
        );
        assert_eq!(dateline(&late), None);
    }

    #[test]
    fn lines_are_paragraphs_without_blank_lines() {
        let (title, blocks) = paragraphs("First sentence here.\nDisputed Election\nSecond one.");
        assert_eq!(
            blocks,
            vec!["First sentence here.", "Disputed Election", "Second one."]
        );
        assert_eq!(title, None);
    }

    #[test]
    fn a_title_case_heading_with_commas_stays_apart_from_the_caption_under_it() {
        let (_, blocks) = paragraphs(
            "Intro line.\n\nChile's Envoy, Recalled Over Spat, Returns to Lima\nThe envoy speaks at a forum in Lima, on March 4, 2019. Photo Agency\n",
        );
        assert_eq!(
            blocks[1],
            "Chile's Envoy, Recalled Over Spat, Returns to Lima"
        );
        // A wrapped sentence line with commas is not a heading.
        let (_, blocks) = paragraphs(
            "Intro line.\n\nAfter the vote, Peru, Chile and Bolivia recalled\nTheir envoys on Friday.\n",
        );
        assert_eq!(blocks.len(), 2, "{blocks:?}");
    }

    #[test]
    fn wrapped_lines_are_joined_and_headings_kept() {
        let text = "Peru Expels Envoy\n\nLIMA, Aug 11 (Wire) - Peru on Friday\nordered the expulsion.\n\r\nSecond para.\r\n";
        let (title, blocks) = paragraphs(text);
        assert_eq!(title.as_deref(), Some("Peru Expels Envoy"));
        assert_eq!(
            blocks,
            vec![
                "Peru Expels Envoy",
                "LIMA, Aug 11 (Wire) - Peru on Friday ordered the expulsion.",
                "Second para."
            ]
        );
    }

    #[test]
    fn cr_only_line_endings_split() {
        let (_, blocks) = paragraphs("One.\r\rTwo.\rThree.");
        assert_eq!(blocks, vec!["One.", "Two. Three."]);
    }
}
