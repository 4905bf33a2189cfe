//! Publication-date clues of an HTML page: JSON-LD, meta tags, `<time>` and `itemprop` elements,
//! and dates written near the headline. Body clues come from byte scans of the stripped page, so
//! the page is not parsed a second time and chrome the cleaner drops (bylines in "meta" boxes) is
//! still seen.

use once_cell::sync::Lazy;
use regex::Regex;

use super::meta::MetaFound;
use crate::clean::dates::{Clue, SlashOrder, Source, parse_iso, parse_stamp, text_dates_in};

/// All date clues of a page, in no particular order.
pub fn clues(html: &str, json_ld: &[String], meta: &MetaFound) -> Vec<Clue> {
    let mut out = Vec::new();
    for text in json_ld {
        for (date, source) in super::meta::json_ld_dates(text) {
            push_iso(&mut out, &date, source);
        }
    }
    for (key, date) in &meta.dates {
        let source = if key.eq_ignore_ascii_case("date") {
            Source::MetaBare
        } else {
            Source::Meta
        };
        push_iso(&mut out, date, source);
    }
    let order = slash_order(html);
    itemprop_dates(html, order, &mut out);
    let title = meta.og_title.as_deref().or(meta.title_tag.as_deref());
    let anchor = headline_at(html, title);
    time_elements(html, anchor, order, &mut out);
    dated_elements(html, anchor, order, &mut out);
    near_headline(html, anchor, order, &mut out);
    out
}

fn push_iso(out: &mut Vec<Clue>, s: &str, source: Source) {
    if let Some((day, utc_hour)) = parse_stamp(s) {
        out.push(Clue {
            day,
            source,
            utc_hour,
        });
    }
}

/// Words in an element's attributes or a date's lead-in that mark a date as not the publication.
static NOT_PUBLISHED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)modif|updat|aktualisier|geändert|bearbeitet|mis à jour|actualiz|aggiornat|copyright|©|\(c\)|expir|event|geburt|born|gestorben|died")
        .expect("static regex")
});

static TIME_TAG: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)<time(?-u:\b)([^>]*)>([^<]*)").expect("static regex"));
static DATETIME_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r#"(?i)(?-u:\b)(?:datetime|content|title)\s*=\s*["']?([^"'\s>]+(?:[ T][0-9:+\-.Z]+)?)"#,
    )
    .expect("static regex")
});
static PUB_MARK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?-u:\b)pubdate(?-u:\b)|publi|datePublished|created|erstellt")
        .expect("static regex")
});

/// `<time>` elements: one marked as the publication time (pubdate, a class or itemprop naming
/// it) and the first one after the headline.
fn time_elements(html: &str, anchor: Option<usize>, order: SlashOrder, out: &mut Vec<Clue>) {
    let mut first_after = None;
    let mut only = None;
    let mut count = 0;
    for c in TIME_TAG.captures_iter(html) {
        count += 1;
        let attrs = &c[1];
        if NOT_PUBLISHED.is_match(attrs) {
            continue;
        }
        let parsed = DATETIME_ATTR
            .captures(attrs)
            .and_then(|d| parse_iso(&d[1]))
            .or_else(|| {
                text_dates_in(&c[2][..floor_char(&c[2], 80)], order)
                    .next()
                    .map(|(day, _, _)| (day, None::<u8>))
            });
        let Some((day, utc_hour)) = parsed else {
            continue;
        };
        let at = c.get(0).map_or(0, |m| m.start());
        if in_foreign_box(html, at) {
            continue;
        }
        let clue = |source| Clue {
            day,
            source,
            utc_hour,
        };
        if PUB_MARK.is_match(attrs) {
            out.push(clue(Source::TimeMarked));
        }
        only = Some(clue(Source::Time));
        if first_after.is_none() && anchor.is_some_and(|a| at > a && at - a < 20_000) {
            first_after = Some(clue(Source::Time));
        }
    }
    // Without a headline to go by, a page's only `<time>` is its date.
    out.extend(first_after.or(only.filter(|_| count == 1)));
}

// Both scans start at a literal word ("class", "itemprop") so the regex prefilter skips the
// rest of the page; the enclosing tag is found by hand.
static DATED_CLASS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?i)(?-u:\b)class\s*=\s*["']?([^"'>]*)"#).expect("static regex"));
static DATED_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)date|datum|publi|posted|zeit|fecha|time|meta").expect("static regex")
});

/// Tags a date box is written in.
const DATED_TAGS: [&str; 16] = [
    "span", "div", "p", "small", "li", "h2", "h3", "h4", "h5", "h6", "abbr", "em", "strong", "b",
    "i", "dd",
];

/// The tag around byte `at` (an attribute's position): its start (`<`), its end (after `>`) and
/// its name.
fn enclosing_tag(html: &str, at: usize) -> Option<(usize, usize, &str)> {
    let from = floor_char(html, at.saturating_sub(400));
    let lt = from + html[from..at].rfind('<')?;
    if html[lt..at].contains('>') {
        return None;
    }
    let to = floor_char(html, (at + 400).min(html.len()));
    let gt = at + html[at..to].find('>')? + 1;
    let name = &html[lt + 1..];
    let name = &name[..name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len())];
    Some((lt, gt, name))
}

/// Words in a class that mark an element as a comment or teaser, whose dates are not the page's.
static NOT_PAGE_CLASS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)comment|reply|antwort|kommentar|teaser|related|widget|sidebar|event|termin|calendar|kalender")
        .expect("static regex")
});

static PAGE_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i)(?-u:\b)id\s*=\s*["']?(?:footer|colophon)["'\s>]"#).expect("static regex")
});

static BOX_CLASS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i)<(?:div|section|article|aside|li|ul|ol|footer)(?-u:\b)[^>]*?(?-u:\b)class\s*=\s*["']?([^"'>]*)"#)
        .expect("static regex")
});

/// Whether the element at byte `at` sits in a comment or teaser box: a class naming one on a
/// block opened shortly before it, with no block closed in between (a box already closed is a
/// neighbour, not a container; an icon's class is no box).
fn in_foreign_box(html: &str, at: usize) -> bool {
    let from = floor_char(html, at.saturating_sub(400));
    let mut before = &html[from..at];
    if let Some(p) = CLOSE_BLOCK.find_iter(before).last() {
        before = &before[p.end()..];
    }
    BOX_CLASS
        .captures_iter(before)
        .any(|c| NOT_PAGE_CLASS.is_match(&c[1]))
}

static CLOSE_BLOCK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)</(?:div|li|ul|ol|section|article|aside|p|footer|header)\s*>")
        .expect("static regex")
});

/// The first element after the headline (or the first on a page without one) whose class names a
/// date and whose text starts with one: bylines and date boxes the cleaner drops as chrome.
fn dated_elements(html: &str, anchor: Option<usize>, order: SlashOrder, out: &mut Vec<Clue>) {
    // A date box may sit just above the headline, with the kicker.
    let (lo, hi) = anchor.map_or((0, html.len()), |a| {
        (
            floor_char(html, a.saturating_sub(1_500)),
            floor_char(html, (a + 30_000).min(html.len())),
        )
    });
    // The page's footer lists other stories with their dates.
    let hi = anchor.map_or(hi, |a| {
        PAGE_END.find(&html[a..hi]).map_or(hi, |m| a + m.start())
    });
    for c in DATED_CLASS.captures_iter(&html[lo..hi]) {
        let Some(m) = c.get(0) else { continue };
        let class = &c[1];
        if !DATED_WORD.is_match(class)
            || NOT_PUBLISHED.is_match(class)
            || NOT_PAGE_CLASS.is_match(class)
        {
            continue;
        }
        let Some((lt, gt, name)) = enclosing_tag(html, lo + m.start()) else {
            continue;
        };
        if !DATED_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) || in_foreign_box(html, lt) {
            continue;
        }
        let end = floor_char(html, (gt + 200).min(html.len()));
        let text = visible_text(&html[gt..end]);
        let first = text_dates_in(&text, order)
            .next()
            .filter(|&(_, s, _)| s < 60 && !NOT_PUBLISHED.is_match(lead_in(&text, s)));
        if let Some((day, _, _)) = first {
            out.push(Clue {
                day,
                source: Source::DatedElement,
                utc_hour: None,
            });
            return;
        }
    }
}

static ITEMPROP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i)(?-u:\b)itemprop\s*=\s*["']?datePublished(?-u:\b)"#).expect("static regex")
});

/// Elements with `itemprop=datePublished`: the date in `content`, `datetime` or `title`, else
/// their text.
fn itemprop_dates(html: &str, order: SlashOrder, out: &mut Vec<Clue>) {
    for m in ITEMPROP.find_iter(html).take(3) {
        let Some((lt, gt, _)) = enclosing_tag(html, m.start()) else {
            continue;
        };
        let text_end = floor_char(html, (gt + 80).min(html.len()));
        let text = &html[gt..text_end];
        let text = text.find('<').map_or(text, |p| &text[..p]);
        let parsed = DATETIME_ATTR
            .captures(&html[lt..gt])
            .and_then(|d| parse_iso(&d[1]))
            .or_else(|| {
                text_dates_in(text, order)
                    .next()
                    .map(|(day, _, _)| (day, None))
            });
        if let Some((day, utc_hour)) = parsed {
            out.push(Clue {
                day,
                source: Source::Itemprop,
                utc_hour,
            });
            return;
        }
    }
}

static HTML_LANG: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i)<html(?-u:\b)[^>]*?(?-u:\b)(?:xml:)?lang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?"#)
        .expect("static regex")
});

/// How the page writes slashed dates whose day and month could be swapped, from the language
/// of its `<html>` element: month first in American English, day first in the other Englishes
/// that name their region and in the languages of Europe, Latin America, Russia and the Middle
/// East; unknown otherwise (English without a region, East Asian languages that write the year
/// first).
fn slash_order(html: &str) -> SlashOrder {
    let head = &html[..floor_char(html, html.len().min(4_000))];
    let Some(c) = HTML_LANG.captures(head) else {
        return SlashOrder::Unknown;
    };
    let lang = c[1].to_ascii_lowercase();
    let region = c.get(2).map(|m| m.as_str().to_ascii_lowercase());
    match (lang.as_str(), region.as_deref()) {
        ("en", Some("us" | "ph")) => SlashOrder::MonthFirst,
        ("en", Some("gb" | "uk" | "au" | "nz" | "ie" | "in" | "za" | "sg" | "ng" | "ke")) => {
            SlashOrder::DayFirst
        }
        (
            "de" | "fr" | "es" | "it" | "pt" | "nl" | "ru" | "uk" | "pl" | "cs" | "sk" | "ro"
            | "tr" | "el" | "da" | "sv" | "nb" | "nn" | "no" | "fi" | "ar" | "he" | "id" | "vi"
            | "hr" | "sr" | "sl" | "bg" | "ca",
            _,
        ) => SlashOrder::DayFirst,
        _ => SlashOrder::Unknown,
    }
}

static HEADING: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)<h([1-3])[\s>]").expect("static regex"));

/// Byte offset of the headline the byline and dateline sit by: the first `<h1>`-`<h3>` whose
/// text is the page's title (a logo in an `<h1>` comes first on many pages), else the first `<h1>`.
fn headline_at(html: &str, title: Option<&str>) -> Option<usize> {
    let title = title.map(normalise).unwrap_or_default();
    let mut first_h1 = None;
    for m in HEADING.find_iter(html).take(60) {
        let level = html.as_bytes()[m.start() + 2];
        if level == b'1' && first_h1.is_none() {
            first_h1 = Some(m.start());
        }
        let end = floor_char(html, (m.end() + 600).min(html.len()));
        let inner = &html[m.end()..end];
        let inner = inner.find("</h").map_or(inner, |p| &inner[..p]);
        // `<h1 class=...>`: the rest of the open tag comes first.
        let inner = if m.as_str().ends_with('>') {
            inner
        } else {
            inner.split_once('>').map_or(inner, |x| x.1)
        };
        let text = normalise(&visible_text(inner));
        // A short heading is the headline only when it is the whole title ("Axios Future"):
        // short parts of a title are section names.
        let n = text.chars().count();
        if n >= 12 && title.contains(&text) || n >= 4 && text == title {
            return Some(m.start());
        }
    }
    first_h1
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How much page text around the headline is read for bylines and datelines.
const BEFORE: usize = 1_500;
const AFTER: usize = 6_000;
/// How far into its line (bytes) a date may sit and still be a byline's or a dateline's.
const IN_PROSE: usize = 120;

static CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:veröffentlicht|publiziert|published|posted|erstellt|erschienen|publié|publicado|pubblicato|gepubliceerd|datum|date)\W{0,3}(?:am|on|le|el|il|op|vom)?\W{0,3}$")
        .expect("static regex")
});

/// Dates written near the headline: one after a publication cue anywhere in the window, the first
/// uncued one after the headline and the last one just before it.
fn near_headline(html: &str, anchor: Option<usize>, order: SlashOrder, out: &mut Vec<Clue>) {
    let Some(at) = anchor else {
        // Without a headline to go by, the first date at the start of the body that is no
        // link's text (menus and story lists link to other pages) and no sentence's.
        if let Some(b) = html.find("<body").or_else(|| html.find("<BODY")) {
            let end = floor_char(html, (b + AFTER).min(html.len()));
            let text = unlinked_text(&html[b..end]);
            let first = text_dates_in(&text, order).find(|&(_, s, _)| {
                as_in_byline(&text, s) && !NOT_PUBLISHED.is_match(lead_in(&text, s))
            });
            out.extend(first.map(|(day, _, _)| Clue {
                day,
                source: Source::Text,
                utc_hour: None,
            }));
        }
        return;
    };
    let start = floor_char(html, at.saturating_sub(BEFORE));
    let end = floor_char(html, (at + AFTER).min(html.len()));
    let (before, after) = (visible_text(&html[start..at]), visible_text(&html[at..end]));
    let mut cued = None;
    let mut last_before = None;
    for (day, s, _) in text_dates_in(&before, order) {
        let lead = lead_in(&before, s);
        if NOT_PUBLISHED.is_match(lead) {
            continue;
        }
        if cued.is_none() && CUE.is_match(lead) {
            cued = Some(day);
        }
        // Only a date right above the headline belongs to it (kickers, datelines).
        if before.len() - s < 300 {
            last_before = Some(day);
        }
    }
    let mut first_after = None;
    for (day, s, _) in text_dates_in(&after, order) {
        let lead = lead_in(&after, s);
        if NOT_PUBLISHED.is_match(lead) {
            continue;
        }
        if cued.is_none() && CUE.is_match(lead) {
            cued = Some(day);
        }
        if first_after.is_none() && as_in_byline(&after, s) {
            first_after = Some(day);
        }
    }
    let text = |day, source| Clue {
        day,
        source,
        utc_hour: None,
    };
    out.extend(cued.map(|d| text(d, Source::TextCued)));
    out.extend(first_after.or(last_before).map(|d| text(d, Source::Text)));
}

static CAPTION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:file photo|photo|foto|abbildung|abb\.|bild|image|picture|caption|légende|credit)(?-u:\b)")
        .expect("static regex")
});

/// Whether a date at `at` sits where bylines and datelines put theirs: at the start of its line
/// or a few words into it. One deep in a sentence (the story's own events) or in a photo
/// caption is a date the page talks about, not the day it appeared.
fn as_in_byline(text: &str, at: usize) -> bool {
    let line = &text[text[..at].rfind('\n').map_or(0, |p| p + 1)..at];
    line.len() <= IN_PROSE && !CAPTION.is_match(line)
}

/// The words that lead to a date at `at`: up to 40 bytes back, not across a line break.
fn lead_in(text: &str, at: usize) -> &str {
    let lead = &text[floor_char(text, at.saturating_sub(40))..at];
    lead.rfind('\n').map_or(lead, |p| &lead[p + 1..])
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Text of an HTML fragment: block tags become line breaks (a date's lead-in stops there),
/// inline tags and the spaces entities name become spaces.
fn visible_text(html: &str) -> String {
    text_of(html, false)
}

/// [`visible_text`] without the text of links (menus and lists of other pages), each link
/// leaving a line break.
fn unlinked_text(html: &str) -> String {
    text_of(html, true)
}

fn text_of(html: &str, skip_links: bool) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut in_link = false;
    while let Some(lt) = rest.find('<') {
        if !in_link {
            out.push_str(&rest[..lt]);
        }
        let tag = &rest[lt + 1..];
        let gt = tag.find('>').map_or(tag.len(), |p| p + 1);
        let closing = tag.starts_with('/');
        let name = tag.trim_start_matches('/');
        let name_end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        let name = &name[..name_end];
        if skip_links && name.eq_ignore_ascii_case("a") {
            in_link = !closing;
            out.push('\n');
        } else {
            out.push(if is_block_name(name) { '\n' } else { ' ' });
        }
        rest = &tag[gt..];
    }
    if !in_link {
        out.push_str(rest);
    }
    out.replace("&nbsp;", " ").replace("&#160;", " ")
}

fn is_block_name(name: &str) -> bool {
    const BLOCKS: [&str; 16] = [
        "p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "section",
        "article", "header", "footer",
    ];
    BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<(Source, String)> {
        let mut c: Vec<_> = clues(html, &[], &MetaFound::default())
            .into_iter()
            .map(|c| (c.source, c.day.iso()))
            .collect();
        c.sort();
        c
    }

    #[test]
    fn time_elements_marked_and_after_headline() {
        let html = "<time datetime='2019-01-01'>x</time><h1>Head</h1>\
                    <time class='updated' datetime='2020-02-03'></time>\
                    <time datetime='2020-02-02T08:00:00+01:00' pubdate>2 Feb</time>";
        assert_eq!(
            found(html),
            [
                (Source::TimeMarked, "2020-02-02".to_string()),
                (Source::Time, "2020-02-02".to_string())
            ]
        );
    }

    #[test]
    fn byline_dates_skip_updates_and_copyright() {
        let html = "<div>Related: 01.01.2018</div><h1>Head</h1><p class=meta>Aktualisiert am \
                    05.03.2021</p><p>Von Anna, 4. März 2021</p><p>Mehr</p><footer>© 2021</footer>";
        assert_eq!(found(html), [(Source::Text, "2021-03-04".to_string())]);
        let html = "<h1>Head</h1><p>Updated: Aug. 10, 2017</p><p>Published: Aug. 9, 2017</p>";
        assert_eq!(
            found(html),
            [
                (Source::TextCued, "2017-08-09".to_string()),
                (Source::Text, "2017-08-09".to_string())
            ]
        );
    }

    #[test]
    fn itemprop_in_body() {
        let html = "<h1>H</h1><span itemprop=\"datePublished\" content=\"2018-05-06\">6 May</span>";
        assert!(found(html).contains(&(Source::Itemprop, "2018-05-06".to_string())));
        let html = "<p><span itemprop=datePublished>6. Mai 2018</span></p>";
        assert_eq!(found(html), [(Source::Itemprop, "2018-05-06".to_string())]);
    }

    #[test]
    fn page_with_modified_copyright_and_related_dates() {
        let ld = r#"{"@type":"NewsArticle","datePublished":"2021-03-04T09:00:00+01:00",
                     "dateModified":"2021-03-09T10:00:00+01:00"}"#;
        let mut meta = MetaFound::default();
        meta.meta("article:modified_time", "2021-03-09");
        let html = "<h1>Head line of the story</h1><p>Von Anna, 4. März 2021</p><p>Text.</p>\
                    <h2>Related</h2><ul><li class='teaser-date'>10.03.2021</li></ul>\
                    <footer>© 2024 Example</footer>";
        let c = clues(html, &[ld.to_string()], &meta);
        let day = crate::clean::dates::choose(&c, None).map(|d| d.iso());
        assert_eq!(day.as_deref(), Some("2021-03-04"));
    }

    fn with_title(html: &str, title: &str) -> Vec<(Source, String)> {
        let meta = MetaFound {
            title_tag: Some(title.to_string()),
            ..MetaFound::default()
        };
        let mut c: Vec<_> = clues(html, &[], &meta)
            .into_iter()
            .map(|c| (c.source, c.day.iso()))
            .collect();
        c.sort();
        c
    }

    #[test]
    fn caption_and_sentence_dates_are_not_bylines() {
        let html = "<h1>Head</h1><p><img src=x><br>FILE PHOTO: The minister speaks, March 1,                     2021.</p><p>March 3, 2021</p><p>Text.</p>";
        assert_eq!(found(html), [(Source::Text, "2021-03-03".to_string())]);
        let html = "<h1>Head</h1><div><span>Abbildung: Karte vom 31.05.2021</span></div>";
        assert!(found(html).is_empty());
        let html = "<h1>Head</h1><p>The court in the capital held its hearing on the case of the                     two men who were arrested near the border in the spring, on 27 September                     2016, and sentenced them.</p>";
        assert!(found(html).is_empty());
    }

    #[test]
    fn times_in_comment_boxes_are_not_the_page_date() {
        let html = "<h1>Head</h1><p>Text.</p><div class=\"recipe-comment-box\">\
                    <time datetime=\"2021-03-09T18:19:06+02:00\">9.3.</time></div>";
        assert!(found(html).is_empty());
        // An icon's class is no box, and a closed comment box is a neighbour.
        let html = "<h1>Head</h1><div class='comments'>2</div><ul><li>\
                    <i class=\"fa fa-calendar\"></i> <time datetime=\"2021-03-04\">4 March</time>";
        assert_eq!(found(html), [(Source::Time, "2021-03-04".to_string())]);
    }

    #[test]
    fn footer_story_lists_are_not_date_boxes() {
        // The article's own text gives its date; the footer's list of stories does not.
        let html = "<html lang=fr><h1>Head</h1><p>Texte du mardi 27 septembre 2016.</p>\
                    <div id=\"footer\"><ul><li><a href=/a>Autre</a>\
                    <span class=\"post-date\">20/06/2019</span></li></ul></div>";
        assert_eq!(found(html), [(Source::Text, "2016-09-27".to_string())]);
        let html = "<html lang=fr><h1>Head</h1><span class=\"post-date\">20/06/2019</span>";
        assert!(found(html).contains(&(Source::DatedElement, "2019-06-20".to_string())));
    }

    #[test]
    fn short_headline_that_is_the_whole_title() {
        let html = "<h1>Sections</h1><nav>...</nav><span class=\"time-rubric\">Jan 18, 2019</span>\
                    <h1 class=big>Weekly Notes</h1><p>Text.</p>";
        assert_eq!(
            headline_at(html, Some("Weekly Notes")),
            html.find("<h1 class")
        );
        // Part of a longer title is a section name, not the headline.
        assert_eq!(headline_at(html, Some("Weekly Notes on Sections")), Some(0));
        assert!(
            with_title(html, "Weekly Notes")
                .contains(&(Source::DatedElement, "2019-01-18".to_string()))
        );
    }

    #[test]
    fn page_without_headline_dated_at_the_body_start() {
        let html = "<body><ul><li><a href=/x>Archive 01.02.2020</a></li></ul>\
                    <div style='color:#aaa'>Apr 7, 2009</div><p>Text.</p></body>";
        assert_eq!(found(html), [(Source::Text, "2009-04-07".to_string())]);
        let html = "<body><ul><li><a href=/x>Archive 01.02.2020</a></li></ul><p>Text.</p>";
        assert!(found(html).is_empty());
    }

    #[test]
    fn slashed_dates_follow_the_page_language() {
        let page = |lang: &str| {
            format!("<html lang=\"{lang}\"><h1>Head</h1><span class=\"time\">02/10/2020</span>")
        };
        let day = |html: &str| {
            let c = clues(html, &[], &MetaFound::default());
            crate::clean::dates::choose(&c, None).map(|d| d.iso())
        };
        assert_eq!(day(&page("en-GB")).as_deref(), Some("2020-10-02"));
        assert_eq!(day(&page("de")).as_deref(), Some("2020-10-02"));
        assert_eq!(day(&page("en-US")).as_deref(), Some("2020-02-10"));
        assert_eq!(day(&page("en")), None);
    }

    #[test]
    fn pages_without_dates_give_none() {
        assert!(found("<h1>Head</h1><p>Nothing here, version 1.2.3.</p>").is_empty());
        assert!(found("").is_empty());
        assert!(found("<h1").is_empty());
    }
}
