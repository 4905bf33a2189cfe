//! Plain text to paragraphs: blank lines separate paragraphs; where a text has no blank lines,
//! every line is a paragraph; short heading lines become blocks of their own.

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
        if after_sentence_end && is_heading(line) && next_starts_sentence && !line.contains(',') {
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

#[cfg(test)]
mod tests {
    use super::*;

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
