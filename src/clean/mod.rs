//! Clean: from decoded input to article text. Tells HTML from text by content, runs the HTML cleaner
//! or the plain-text paragrapher, folds whitespace, drops zero-width characters and removes blocks
//! that repeat an earlier block of the same document.

pub mod dates;
pub mod html;
pub mod text;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::ingest::{Declared, DocError, RawDoc};

/// Input format, told from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markup.
    Html,
    /// Plain text.
    Text,
}

impl Format {
    /// The name used in output records.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Text => "text",
        }
    }
}

/// A cleaned document: the output of the clean stage.
#[derive(Debug, Clone)]
pub struct CleanDoc {
    /// Record id.
    pub id: String,
    /// Path as read.
    pub path: Option<String>,
    /// The page's address.
    pub url: Option<String>,
    /// Publication date, YYYY-MM-DD.
    pub published: Option<String>,
    /// Detected format.
    pub format: Format,
    /// Headline.
    pub title: Option<String>,
    /// Article text: blocks joined by "\n\n".
    pub text: String,
    /// Blocks dropped because they repeated an earlier block.
    pub repeats_removed: usize,
    /// Set when the input could not be processed.
    pub error: Option<DocError>,
}

/// Cleans one document.
pub fn clean(raw: RawDoc) -> CleanDoc {
    let RawDoc {
        id,
        path,
        content,
        declared,
        url,
        date,
        fallback_date,
        error,
    } = raw;
    let format = match declared {
        Some(Declared::Html) => Format::Html,
        Some(Declared::Text) => Format::Text,
        None => detect_format(&content),
    };
    let mut doc = CleanDoc {
        id,
        path,
        url,
        published: date.as_deref().and_then(normalise_given_date),
        format,
        title: None,
        text: String::new(),
        repeats_removed: 0,
        error,
    };
    if doc.error.is_some() {
        return doc;
    }
    let (title, blocks) = match format {
        Format::Html => {
            let art = html::extract_article(&content);
            // The stdin address is where the page was fetched from: it wins over what the
            // page names, and its path is a date clue like the page's own address.
            doc.url = doc.url.or(art.url);
            doc.published = doc
                .published
                .or_else(|| dates::choose(&art.dates, doc.url.as_deref()).map(dates::Day::iso));
            (art.title, art.blocks)
        }
        Format::Text => {
            let (title, blocks) = text::paragraphs(&content);
            doc.published = doc
                .published
                .or_else(|| text::dateline_date(&blocks).map(dates::Day::iso));
            (title, blocks)
        }
    };
    // A capture date (WARC-Date) is the last resort: the page's own date wins over it.
    doc.published = doc
        .published
        .or_else(|| fallback_date.as_deref().and_then(normalise_given_date));
    doc.title = title.map(|t| fold_block(&t)).filter(|t| !t.is_empty());
    let (blocks, removed) = drop_repeated_blocks(blocks.iter().map(|b| fold_block(b)));
    doc.repeats_removed = removed;
    doc.text = blocks.join("\n\n");
    doc
}

static HTML_TAG: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)<(?:!doctype\s+html|html|head|body|meta|title|p|div|span|br|a\s|article|section|h[1-6]|table|ul|li|em|strong|script|style|img)[\s/>]",
    )
    .expect("static regex")
});

/// Tells HTML from plain text by looking for markup, whatever the file is called.
pub fn detect_format(content: &str) -> Format {
    let head = truncate_at_char(content, 16 * 1024);
    let tags = HTML_TAG.find_iter(head).take(3).count();
    let starts_with_tag = head.trim_start().starts_with('<');
    if tags >= 3 || (starts_with_tag && tags >= 1) {
        Format::Html
    } else {
        Format::Text
    }
}

fn truncate_at_char(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Characters that carry no text: zero-width spaces and joiners, word joiner, BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Folds runs of whitespace (including non-breaking spaces) to one space and drops invisible
/// characters; quote marks are left as they are.
pub fn fold_block(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    let mut pending_space = false;
    for c in block.chars() {
        if is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Drops empty blocks and blocks whose text (case and spacing aside) repeats an earlier block;
/// returns the kept blocks and how many repeats were dropped.
pub fn drop_repeated_blocks(blocks: impl Iterator<Item = String>) -> (Vec<String>, usize) {
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::new();
    let mut removed = 0;
    for b in blocks {
        if b.is_empty() {
            continue;
        }
        if seen.insert(b.to_lowercase()) {
            kept.push(b);
        } else {
            removed += 1;
        }
    }
    (kept, removed)
}

static GIVEN_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(\d{4})-(\d{2})-(\d{2})").expect("static regex"));

/// A date given with the input (stdin `date`): keeps its day when it starts with YYYY-MM-DD.
fn normalise_given_date(date: &str) -> Option<String> {
    let c = GIVEN_DATE.captures(date)?;
    Some(format!("{}-{}-{}", &c[1], &c[2], &c[3]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_by_content() {
        assert_eq!(
            detect_format("<p>Lima: Peru said.</p><p>More.</p>"),
            Format::Html
        );
        assert_eq!(
            detect_format("<!DOCTYPE html><html><body>x</body></html>"),
            Format::Html
        );
        assert_eq!(
            detect_format("Peru said 3 < 4 and <this> is text."),
            Format::Text
        );
    }

    #[test]
    fn folding_keeps_quotes_and_drops_invisibles() {
        assert_eq!(
            fold_block("  \u{2018}a\u{200B}b\u{2019}\u{a0}\n c "),
            "\u{2018}ab\u{2019} c"
        );
    }

    fn raw(html: &str, url: Option<&str>, date: Option<&str>) -> RawDoc {
        RawDoc {
            id: "a".into(),
            path: None,
            content: html.into(),
            declared: Some(Declared::Html),
            url: url.map(String::from),
            date: date.map(String::from),
            fallback_date: None,
            error: None,
        }
    }

    const PAGE: &str = "<html><head><link rel='canonical' href='https://ex.com/2020/01/02/a'>\
        <meta property='article:published_time' content='2020-01-03T10:00:00+01:00'>\
        <meta property='article:modified_time' content='2020-02-01'></head>\
        <body><h1>Peru expels the envoy of Venezuela</h1><p>Peru on Friday ordered the expulsion.</p>\
        <footer>© 2024</footer></body></html>";

    #[test]
    fn stdin_date_and_address_win_over_the_page() {
        let d = clean(raw(
            PAGE,
            Some("https://fetch.ex/x"),
            Some("2019-05-06T23:00:00Z"),
        ));
        assert_eq!(d.published.as_deref(), Some("2019-05-06"));
        assert_eq!(d.url.as_deref(), Some("https://fetch.ex/x"));
    }

    #[test]
    fn page_address_day_beats_metadata_and_stdin_address_counts() {
        // The canonical address's day is the page's own; modified and copyright dates never count.
        let d = clean(raw(PAGE, None, None));
        assert_eq!(d.url.as_deref(), Some("https://ex.com/2020/01/02/a"));
        assert_eq!(d.published.as_deref(), Some("2020-01-02"));
        // A fetch address with a day in its path is a clue too.
        let d = clean(raw(
            "<p>Peru on Friday ordered the expulsion.</p>",
            Some("https://ex.com/news/2021-03-04-peru"),
            None,
        ));
        assert_eq!(d.published.as_deref(), Some("2021-03-04"));
        let d = clean(raw("<p>Nothing dated here.</p>", None, None));
        assert_eq!(d.published, None);
    }

    #[test]
    fn text_documents_take_a_dateline() {
        let mut r = raw(
            "Peru Expels Envoy\n\nLIMA, Aug. 9, 2017 (Wire) - Peru ordered the expulsion.",
            None,
            None,
        );
        r.declared = Some(Declared::Text);
        assert_eq!(clean(r).published.as_deref(), Some("2017-08-09"));
    }

    #[test]
    fn repeated_blocks_are_counted() {
        let blocks = ["One.", "Two.", "one.", "", "Two."].map(String::from);
        let (kept, removed) = drop_repeated_blocks(blocks.into_iter());
        assert_eq!(kept, vec!["One.", "Two."]);
        assert_eq!(removed, 2);
    }
}
