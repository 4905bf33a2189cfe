//! Byte-level pre-pass: removes the parts of a page that carry no article text and need no DOM
//! (scripts, styles, comments, SVG, noscript, templates, iframes) before the HTML parser sees it.
//! JSON-LD scripts are kept aside for the metadata stage.

/// Elements whose whole content is dropped by the scanner.
const RAW_DROPS: [&[u8]; 7] = [
    b"script",
    b"style",
    b"svg",
    b"noscript",
    b"template",
    b"iframe",
    b"math",
];

/// Deepest nesting handed to the parser: deeper opening tags (and their closing tags) are
/// removed, keeping their text. html5ever slows down quadratically on extreme nesting.
const MAX_DEPTH: u32 = 400;

/// Elements that need no closing tag, or whose closing tag the parser implies: they do not
/// count towards nesting depth.
fn depth_neutral(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 30] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen",
        b"p",
        b"li",
        b"dd",
        b"dt",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"html",
        b"head",
        b"body",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The tag name starting at `from` (ASCII letters and digits).
fn name_at(b: &[u8], from: usize) -> &[u8] {
    let end = b[from..]
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .map_or(b.len(), |p| from + p);
    &b[from..end]
}

/// The page with scripts, styles, comments and the like removed, and the JSON-LD texts found.
pub struct Stripped {
    /// What is left of the page, for the HTML parser.
    pub html: String,
    /// Contents of `<script type="application/ld+json">` elements, in page order.
    pub json_ld: Vec<String>,
}

/// Finds `needle` (ASCII, lower case) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let upper = first.to_ascii_uppercase();
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let rest = &hay[i..];
        let pos = rest.iter().position(|&b| b == first || b == upper)?;
        let at = i + pos;
        if at + needle.len() > hay.len() {
            return None;
        }
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// End (exclusive) of the tag that starts at `lt` (the `<`), honouring quoted attribute values.
/// Returns the end and whether the tag is self-closing (`/>`).
fn tag_end(b: &[u8], lt: usize) -> (usize, bool) {
    let mut i = lt + 1;
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            // Quotes only open a value right after `=` (possibly with spaces).
            let mut j = i;
            while j > lt && b[j - 1].is_ascii_whitespace() {
                j -= 1;
            }
            if j > lt && b[j - 1] == b'=' {
                quote = c;
            }
        } else if c == b'>' {
            return (i + 1, i > lt + 1 && b[i - 1] == b'/');
        }
        i += 1;
    }
    (b.len(), false)
}

/// Which raw-drop element, if any, starts at `lt`.
fn raw_drop_at(b: &[u8], lt: usize) -> Option<&'static [u8]> {
    let after = &b[lt + 1..];
    for name in RAW_DROPS {
        if after.len() > name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && matches!(
                after[name.len()],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
            )
        {
            return Some(name);
        }
    }
    None
}

/// Removes comments and raw-drop elements; collects JSON-LD.
pub fn strip(html: &str) -> Stripped {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut json_ld = Vec::new();
    let mut copied = 0; // start of the not yet copied input
    let mut i = 0;
    let mut depth = 0u32;
    let mut suppressed = 0u32;
    while let Some(pos) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + pos;
        if b[lt + 1..].starts_with(b"!--") {
            out.push_str(&html[copied..lt]);
            let end = match find_ci(b, lt + 4, b"-->") {
                Some(e) => e + 3,
                None => b.len(),
            };
            copied = end;
            i = end;
            continue;
        }
        let Some(name) = raw_drop_at(b, lt) else {
            // Nesting guard.
            let closing = b.get(lt + 1) == Some(&b'/');
            let start = lt + 1 + closing as usize;
            let tag = name_at(b, start);
            if tag.is_empty() || !tag[0].is_ascii_alphabetic() || depth_neutral(tag) {
                i = lt + 1;
                continue;
            }
            if closing {
                if suppressed > 0 {
                    suppressed -= 1;
                    out.push_str(&html[copied..lt]);
                    let (end, _) = tag_end(b, lt);
                    copied = end;
                    i = end;
                    continue;
                }
                depth = depth.saturating_sub(1);
            } else if depth >= MAX_DEPTH {
                suppressed += 1;
                out.push_str(&html[copied..lt]);
                let (end, _) = tag_end(b, lt);
                copied = end;
                i = end;
                continue;
            } else {
                depth += 1;
            }
            i = lt + 1;
            continue;
        };
        out.push_str(&html[copied..lt]);
        let (open_end, self_closing) = tag_end(b, lt);
        if self_closing && name != b"script" && name != b"style" {
            copied = open_end;
            i = open_end;
            continue;
        }
        let close = find_close(b, open_end, name);
        if name == b"script" {
            let open_tag = &b[lt..open_end];
            if find_ci(open_tag, 0, b"ld+json").is_some() {
                let body_end = close.unwrap_or(b.len());
                json_ld.push(html[open_end..body_end].to_string());
            }
        }
        let end = match close {
            Some(c) => tag_end(b, c).0,
            None => b.len(),
        };
        copied = end;
        i = end;
        if i >= b.len() {
            break;
        }
    }
    if copied < b.len() {
        out.push_str(&html[copied..]);
    }
    Stripped { html: out, json_ld }
}

/// Position of the `</name` that closes a raw-drop element opened before `from`.
fn find_close(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    loop {
        let at = find_ci(b, i, b"</")?;
        let after = &b[at + 2..];
        if after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after
                .get(name.len())
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'))
        {
            return Some(at);
        }
        i = at + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_comments_svg() {
        let s = strip(
            "<p>a</p><SCRIPT>var x='</p>';</Script ><style>p{}</style><!-- <p>c</p> -->\
             <svg viewBox='0'><path d='M0'/></svg><p>b</p><svg/><p>d</p>",
        );
        assert_eq!(s.html, "<p>a</p><p>b</p><p>d</p>");
    }

    #[test]
    fn keeps_json_ld_and_survives_truncation() {
        let s =
            strip("<script type=\"application/ld+json\">{\"a\":1}</script><p>x</p><script>never");
        assert_eq!(s.json_ld, vec!["{\"a\":1}".to_string()]);
        assert_eq!(s.html, "<p>x</p>");
        let s = strip("<p>x</p><!-- open");
        assert_eq!(s.html, "<p>x</p>");
        let s = strip("<");
        assert_eq!(s.html, "<");
        let s = strip("<scriptx>keep</scriptx><styles>");
        assert_eq!(s.html, "<scriptx>keep</scriptx><styles>");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let deep = "<div>".repeat(1000) + "text" + &"</div>".repeat(1000) + "<p>after</p>";
        let s = strip(&deep);
        assert_eq!(s.html.matches("<div>").count(), MAX_DEPTH as usize);
        assert_eq!(s.html.matches("</div>").count(), MAX_DEPTH as usize);
        assert!(s.html.ends_with("text</div><p>after</p>") || s.html.contains("text"));
    }

    #[test]
    fn attribute_with_gt_in_quotes() {
        let s = strip("<style media=\"a>b\">x</style>y");
        assert_eq!(s.html, "y");
    }
}
