//! HTML to article blocks: the boilerplate-removing cleaner.
//!
//! Stages (see `docs/cleaner.md`):
//! 1. `strip`: a byte scanner drops scripts, styles, comments, SVG and the like, keeping JSON-LD.
//! 2. The rest is parsed with html5ever (`scraper`).
//! 3. One iterative walk drops chrome subtrees (nav, forms, hidden parts, comment/share/related
//!    widgets told by tag, role and class/id words), gathers metadata and cuts the text into
//!    blocks owned by their nearest block-level element.
//! 4. Readability-style scoring of containers picks the article region; blocks in the region pass
//!    per-block filters (link density, loose teaser text, boilerplate phrases) and come out in
//!    document order, headline first.

mod meta;
mod pubdate;
mod strip;

use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{Html, Node};

use meta::MetaFound;

/// What the cleaner tells about one HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Headline: og:title, else the first h1, else `<title>`.
    pub title: Option<String>,
    /// The page's own address: canonical link or og:url.
    pub url: Option<String>,
    /// Publication date as YYYY-MM-DD from the page's metadata, when trustworthy.
    pub published: Option<String>,
    /// Every publication-date clue of the page, for a choice that also weighs the fetch address.
    pub dates: Vec<crate::clean::dates::Clue>,
    /// Article blocks in document order: paragraphs, headings, list items, block quotes.
    /// Each is whitespace-folded text with entities decoded; repeats are NOT removed here.
    pub blocks: Vec<String>,
}

/// Element kinds the cleaner tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// Inline or unknown: transparent.
    Inline,
    /// Link: transparent, counts towards link density.
    A,
    /// Line break.
    Br,
    /// Paragraph.
    P,
    /// Preformatted text.
    Pre,
    /// Heading of the given level.
    H(u8),
    /// List item, definition term or description.
    Li,
    /// Block quote.
    Quote,
    /// Table cell.
    Cell,
    /// Generic block container (div, section, article, main, body, table parts, lists...).
    Block,
    /// `<article>` or `<main>`: a container with a positive prior.
    ArticleBox,
    /// Subtree never holds article text.
    Drop,
    /// Page header: walked for the headline, its blocks are not article text.
    Chrome,
    /// `<head>`: walked for metadata only.
    Head,
    /// `<title>`.
    Title,
    /// `<meta>`.
    Meta,
    /// `<link>`.
    Link,
    /// `<time>`: inline, may carry a date.
    Time,
}

fn tag_of(name: &str) -> Tag {
    match name {
        "a" => Tag::A,
        "br" => Tag::Br,
        "p" => Tag::P,
        "pre" => Tag::Pre,
        "h1" => Tag::H(1),
        "h2" => Tag::H(2),
        "h3" => Tag::H(3),
        "h4" => Tag::H(4),
        "h5" => Tag::H(5),
        "h6" => Tag::H(6),
        "li" | "dt" | "dd" => Tag::Li,
        "blockquote" => Tag::Quote,
        "td" | "th" => Tag::Cell,
        "div" | "section" | "form" | "body" | "html" | "table" | "tbody" | "thead" | "tfoot"
        | "tr" | "ul" | "ol" | "dl" | "center" | "hgroup" | "details" | "summary" | "caption"
        | "fieldset" | "legend" | "hr" | "font" => Tag::Block,
        "article" | "main" => Tag::ArticleBox,
        "script" | "style" | "noscript" | "svg" | "template" | "iframe" | "nav" | "aside"
        | "button" | "select" | "textarea" | "input" | "option" | "object" | "embed" | "canvas"
        | "video" | "audio" | "map" | "dialog" | "menu" | "figure" | "figcaption" | "footer"
        | "address" | "math" | "picture" | "img" | "label" | "frameset" | "frame" => Tag::Drop,
        "header" => Tag::Chrome,
        "head" => Tag::Head,
        "title" => Tag::Title,
        "meta" => Tag::Meta,
        "link" => Tag::Link,
        "time" => Tag::Time,
        _ => Tag::Inline,
    }
}

/// Block-level tags: text on either side of them belongs to different blocks.
fn is_block(t: Tag) -> bool {
    matches!(
        t,
        Tag::P
            | Tag::Pre
            | Tag::H(_)
            | Tag::Li
            | Tag::Quote
            | Tag::Block
            | Tag::ArticleBox
            | Tag::Chrome
            | Tag::Head
    )
}

/// A block-level element as seen by the scorer. Elements are numbered in document order, so a
/// parent's number is below its children's and a subtree is the range `idx..=end`.
#[derive(Debug, Clone)]
struct El {
    parent: u32,
    end: u32,
    tag: Tag,
    /// Class/id prior: positive for content-like names.
    weight: f32,
    /// Named like furniture: `NEG_WEAK` or `NEG_COMMENT`, else 0.
    neg: u8,
    /// Characters of text in the subtree (own text first, then aggregated).
    text: u32,
    /// Characters of link text in the subtree.
    link: u32,
    /// Paragraph blocks directly below (owned by a child `<p>`).
    p_children: u32,
    /// Content score.
    score: f32,
    /// Whether any paragraph gave it a score.
    scored: bool,
}

/// A run of text owned by one block-level element.
#[derive(Debug, Clone)]
struct Blk {
    text: String,
    owner: u32,
    chars: u32,
    link: u32,
    /// Inside a page header or `<head>`: never article text.
    chrome: bool,
}

const NONE: u32 = u32::MAX;

/// Furniture name: dropped unless it holds most of the article.
const NEG_WEAK: u8 = 1;
/// Comment-section name: dropped unless it holds the best container.
const NEG_COMMENT: u8 = 2;

/// Prior of an element whose class or id names page furniture.
const NEG_WEIGHT: f32 = -25.0;

/// Class and id words telling that a subtree is not article text.
fn negative_word(w: &str) -> bool {
    matches!(
        w,
        "comment"
            | "comments"
            | "commentlist"
            | "disqus"
            | "share"
            | "shares"
            | "sharing"
            | "sharebar"
            | "related"
            | "recommended"
            | "recommendations"
            | "recirc"
            | "promo"
            | "promotion"
            | "newsletter"
            | "subscribe"
            | "subscription"
            | "signup"
            | "cookie"
            | "cookies"
            | "consent"
            | "gdpr"
            | "sidebar"
            | "widget"
            | "advert"
            | "advertisement"
            | "ad"
            | "ads"
            | "adslot"
            | "adunit"
            | "sponsor"
            | "sponsored"
            | "outbrain"
            | "taboola"
            | "breadcrumb"
            | "breadcrumbs"
            | "pagination"
            | "pager"
            | "footer"
            | "byline"
            | "caption"
            | "credit"
            | "credits"
            | "masthead"
            | "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "popup"
            | "modal"
            | "overlay"
            | "tags"
            | "tagged"
            | "keywords"
            | "topics"
            | "bio"
            | "trending"
            | "popular"
            | "mostread"
            | "toolbar"
            | "tools"
            | "print"
            | "dateline"
            | "timestamp"
            | "follow"
            | "rss"
            | "skip"
            | "visually"
            | "sr"
            | "screenreader"
            | "lightbox"
            | "gallery"
            | "slideshow"
            | "carousel"
            | "banner"
            | "paywall"
            | "login"
            | "donate"
            | "donation"
            | "teaser"
            | "rollover"
            | "tooltip"
            | "popover"
            | "hovercard"
            | "flyout"
            | "teasers"
            | "readmore"
            | "seealso"
            | "author"
            | "authors"
            | "meta"
            | "metadata"
            | "inline"
    )
}

/// Class and id words telling that an element holds article text.
fn positive_word(w: &str) -> bool {
    matches!(
        w,
        "article"
            | "body"
            | "content"
            | "entry"
            | "main"
            | "post"
            | "story"
            | "text"
            | "blog"
            | "prose"
            | "richtext"
    )
}

/// Joined class/id spellings that are article bodies even when they hold a negative word.
const STRONG_POSITIVE: [&str; 12] = [
    "articlebody",
    "storybody",
    "entrycontent",
    "postcontent",
    "postbody",
    "articlecontent",
    "maincontent",
    "contentbody",
    "articletext",
    "storytext",
    "bodytext",
    "storycontent",
];

/// Splits a class or id value into lower-case words (on non-alphanumerics and camelCase) and
/// calls `f` on each.
fn for_words(s: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
                f(&word);
                word.clear();
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            word.push(c.to_ascii_lowercase());
        } else {
            if !word.is_empty() {
                f(&word);
                word.clear();
            }
            prev_lower = false;
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// Comment sections: never article text, however long.
fn comment_word(w: &str) -> bool {
    matches!(
        w,
        "comment" | "comments" | "commentlist" | "disqus" | "respond" | "replies" | "reply"
    )
}

/// Class/id verdict: `None` to drop the subtree (`Some(true)` inside when it names a comment
/// section), else a score prior.
fn class_hint(el: &scraper::node::Element) -> Result<f32, bool> {
    let class = el.attr("class").unwrap_or("");
    let id = el.attr("id").unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return Ok(0.0);
    }
    let mut neg = false;
    let mut pos = false;
    let mut comment = false;
    for v in [class, id] {
        for_words(v, |w| {
            neg |= negative_word(w);
            comment |= comment_word(w);
            pos |= positive_word(w);
        });
    }
    neg |= comment;
    if neg {
        let joined: String = class
            .chars()
            .chain(id.chars())
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !comment && STRONG_POSITIVE.iter().any(|p| joined.contains(p)) {
            return Ok(25.0);
        }
        return Err(comment);
    }
    Ok(if pos { 25.0 } else { 0.0 })
}

/// Attributes that hide an element or mark it as page chrome.
fn hidden_or_chrome(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if el
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = el.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "menu"
                | "menubar"
                | "search"
                | "toolbar"
                | "tablist"
        ) {
            return true;
        }
    }
    false
}

/// Everything the walk gathers.
#[derive(Default)]
struct Walk {
    els: Vec<El>,
    blocks: Vec<Blk>,
    meta: MetaFound,
    /// Pending text of the current block.
    cur: String,
    cur_link: u32,
    /// Open block-level elements.
    open: Vec<u32>,
    chrome_depth: u32,
    link_depth: u32,
}

impl Walk {
    fn owner(&self) -> u32 {
        self.open.last().copied().unwrap_or(NONE)
    }

    /// Ends the pending block.
    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.cur.len());
        for w in self.cur.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(w);
        }
        let link = self.cur_link;
        self.cur.clear();
        self.cur_link = 0;
        let owner = self.owner();
        if text.is_empty() || owner == NONE {
            return;
        }
        let chars = text.chars().count() as u32;
        self.els[owner as usize].text += chars;
        self.els[owner as usize].link += link.min(chars);
        self.blocks.push(Blk {
            text,
            owner,
            chars,
            link: link.min(chars),
            chrome: self.chrome_depth > 0,
        });
    }

    fn push_text(&mut self, t: &str) {
        if self.link_depth > 0 {
            self.cur_link += t.chars().filter(|c| !c.is_whitespace()).count() as u32;
            // Spaces inside links count too, roughly as the folded text will.
            self.cur_link += t.split_whitespace().count().saturating_sub(1) as u32;
        }
        self.cur.push_str(t);
    }
}

/// Walk step; generic so that the tree's node type need not be named.
enum Frame<N> {
    Enter(N),
    Exit { el: u32, link: bool, chrome: bool },
}

/// Pushes a node's children so that the first is popped first.
macro_rules! push_children {
    ($stack:expr, $node:expr) => {{
        let mut c = $node.last_child();
        while let Some(n) = c {
            $stack.push(Frame::Enter(n));
            c = n.prev_sibling();
        }
    }};
}

fn walk(doc: &Html) -> Walk {
    let mut w = Walk::default();
    let mut stack = vec![Frame::Enter(doc.tree.root())];
    while let Some(frame) = stack.pop() {
        let node = match frame {
            Frame::Exit { el, link, chrome } => {
                if el != NONE {
                    w.flush();
                    let last = w.els.len() as u32 - 1;
                    w.els[el as usize].end = last;
                    w.open.pop();
                }
                if link {
                    w.link_depth -= 1;
                }
                if chrome {
                    w.chrome_depth -= 1;
                }
                continue;
            }
            Frame::Enter(n) => n,
        };
        let element = match node.value() {
            Node::Text(t) => {
                if w.owner() != NONE {
                    w.push_text(&t[..]);
                }
                continue;
            }
            Node::Element(e) => e,
            Node::Document | Node::Fragment => {
                push_children!(stack, node);
                continue;
            }
            _ => continue,
        };
        let tag = tag_of(element.name());
        match tag {
            Tag::Drop => continue,
            Tag::Meta => {
                if let Some(content) = element.attr("content") {
                    for key in ["property", "name", "itemprop"] {
                        if let Some(k) = element.attr(key) {
                            w.meta.meta(k, content);
                        }
                    }
                }
                continue;
            }
            Tag::Link => {
                if element.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                }) && w.meta.canonical.is_none()
                {
                    w.meta.canonical = element.attr("href").map(str::to_string);
                }
                continue;
            }
            Tag::Title => {
                if w.meta.title_tag.is_none() {
                    let mut t = String::new();
                    for d in node.descendants() {
                        if let Node::Text(x) = d.value() {
                            t.push_str(x);
                        }
                    }
                    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !t.is_empty() {
                        w.meta.title_tag = Some(t);
                    }
                }
                continue;
            }
            Tag::Br => {
                let owner_tag = w.els.get(w.owner() as usize).map(|e| e.tag);
                if matches!(owner_tag, Some(Tag::P | Tag::Li | Tag::H(_) | Tag::Pre)) {
                    w.cur.push('\n');
                } else {
                    w.flush();
                }
                continue;
            }
            _ => {}
        }
        let is_root = matches!(element.name(), "html" | "body");
        let mut neg = 0;
        let weight = if is_root {
            0.0
        } else {
            if hidden_or_chrome(element) {
                continue;
            }
            match class_hint(element) {
                // ASP.NET pages wrap the whole body in a form: judge forms after scoring too.
                Ok(_) if element.name() == "form" => {
                    neg = NEG_WEAK;
                    NEG_WEIGHT
                }
                Ok(wt) => wt,
                // Inline widgets go at once; block-level ones are judged after scoring.
                Err(_) if !is_block(tag) => continue,
                Err(comment) => {
                    neg = if comment { NEG_COMMENT } else { NEG_WEAK };
                    NEG_WEIGHT
                }
            }
        };
        if tag == Tag::Cell && !w.cur.is_empty() {
            // Cells are not blocks: a table row reads as one line.
            w.cur.push(' ');
        }
        let link = tag == Tag::A;
        let chrome = matches!(tag, Tag::Chrome | Tag::Head);
        let mut el_idx = NONE;
        if is_block(tag) {
            w.flush();
            el_idx = w.els.len() as u32;
            let parent = w.owner();
            w.els.push(El {
                parent,
                end: el_idx,
                tag,
                weight,
                neg,
                text: 0,
                link: 0,
                p_children: 0,
                score: 0.0,
                scored: false,
            });
            w.open.push(el_idx);
        }
        if link {
            w.link_depth += 1;
        }
        if chrome {
            w.chrome_depth += 1;
        }
        stack.push(Frame::Exit {
            el: el_idx,
            link,
            chrome,
        });
        push_children!(stack, node);
    }
    w.flush();
    w
}

static BOILERPLATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)^(?:
            advertisement|advertising|advert|sponsored(?:\ content)?|ad|
            like\ this\ (?:story|article)\?.*|
            tell\ us\ what\ you\ think.*|
            trending:?|
            (?:image|photo|slide|picture)\ \d+\ (?:of|/)\ \d+|
            by\ [\p{Lu}][^,.]{1,40}\ [-–|•]\ .{0,40}\d.{0,30}|
            (?:story|article)\ continues\ (?:below|after\ advertisement)|
            continue\ reading.*|read\ (?:more|next|also|full\ story).*|
            see\ also.*|related(?:\ (?:articles?|stories|content|coverage))?:?.*|
            share(?:\ this(?:\ (?:article|story))?)?(?:\ on\ \w+)?|
            (?:sign\ up|subscribe)\b.*|
            click\ here.*|
            (?:follow|like)\ us\b.*|
            (?:photo|image|video)\s*(?:credit)?\s*:.*|
            (?:copyright|©|\(c\)).*|all\ rights\ reserved.*|
            by\ [\p{Lu}][\p{L}.'\-]+(?:\ [\p{Lu}][\p{L}.'\-]+){0,3}(?:\ and\ [\p{Lu}][\p{L}.'\-]+(?:\ [\p{Lu}][\p{L}.'\-]+){0,3})?|
            (?:updated|published|posted)\s*:?\ .{0,40}
        )$",
    )
    .expect("static regex")
});

static RELATED_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(?:you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested)|related(?:\ (?:articles?|stories|posts|content|news|coverage|reading|links))?|more\ (?:stories|news|articles|headlines|from|on|in)|recommended(?:\ for\ you|\ stories|\ reading)?|read\ (?:more|next|also)|most\ (?:read|popular|viewed|shared)|trending(?:\ now)?|popular\ (?:posts|stories|now)|also\ on|what\ to\ read\ next|você\ (?:também\ )?pode\ gostar|leia\ (?:também|mais)|veja\ também|notícias\ relacionadas|te\ puede\ interesar|lee\ también|mehr\ zum\ thema|das\ könnte\ sie\ auch\ interessieren|à\ lire\ aussi|lire\ aussi|sur\ le\ même\ sujet|leggi\ anche|comments?|\d+\ comments?|leave\ a\ (?:comment|reply)|join\ the\ (?:conversation|discussion)|отзывы|комментарии|самые\ популярные|читайте\ также|похожие\ (?:статьи|записи)|comentários|comentarios|kommentare|commentaires)\b.{0,30}$",
    )
    .expect("static regex")
});

/// A heading that opens a related-content list: nothing after it is the article.
fn is_related_heading(text: &str, chars: u32) -> bool {
    chars <= 60 && RELATED_HEADING.is_match(text)
}

static CREDIT_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|photo:|image:|credit:|getty images|/ reuters|/ ap)\s*[^.!?]{0,60}$")
        .expect("static regex")
});

/// Short blocks that are page furniture whatever container they sit in, and picture captions
/// that sit in plain paragraphs (ending with a credit).
fn is_boilerplate(text: &str, chars: u32) -> bool {
    (chars <= 80 && BOILERPLATE.is_match(text)) || (chars <= 300 && CREDIT_END.is_match(text))
}

fn is_para_like(t: Tag) -> bool {
    matches!(t, Tag::P | Tag::Pre)
}

/// Loose text directly in a container: the seed's teaser case.
fn is_loose(t: Tag) -> bool {
    matches!(t, Tag::Block | Tag::ArticleBox | Tag::Cell | Tag::Quote)
}

/// Scores containers and returns the article region as subtree roots.
/// The article region as subtree roots, and the best-scoring container (inside the region).
fn choose_region(w: &mut Walk) -> (Vec<u32>, u32) {
    let n = w.els.len();
    // Aggregate text and link lengths bottom-up: children come after parents.
    for i in (1..n).rev() {
        let p = w.els[i].parent;
        if p != NONE {
            let (t, l) = (w.els[i].text, w.els[i].link);
            w.els[p as usize].text += t;
            w.els[p as usize].link += l;
        }
    }
    for b in &w.blocks {
        let o = &w.els[b.owner as usize];
        let parent = o.parent;
        if is_para_like(o.tag) && parent != NONE && !b.chrome {
            w.els[parent as usize].p_children += 1;
        }
    }
    for bi in 0..w.blocks.len() {
        let b = &w.blocks[bi];
        if b.chrome || b.chars < 25 {
            continue;
        }
        let owner = &w.els[b.owner as usize];
        let container = if is_para_like(owner.tag) {
            owner.parent
        } else if is_loose(owner.tag) && owner.p_children < 2 {
            b.owner
        } else {
            continue;
        };
        if container == NONE {
            continue;
        }
        let commas = b.text.matches([',', '，', '、']).count() as f32;
        let score = 1.0 + commas + (b.chars as f32 / 100.0).min(3.0);
        let mut c = container;
        let mut level = 0;
        while c != NONE && level < 5 {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            let e = &mut w.els[c as usize];
            e.score += score / div;
            e.scored = true;
            c = e.parent;
            level += 1;
        }
    }
    let final_score = |e: &El| -> f32 {
        let ld = if e.text == 0 {
            0.0
        } else {
            e.link as f32 / e.text as f32
        };
        let prior = match e.tag {
            Tag::ArticleBox => 5.0,
            Tag::Quote | Tag::Li | Tag::Cell => -3.0,
            _ => 0.0,
        };
        (e.score + e.weight + prior) * (1.0 - ld)
    };
    let scores: Vec<f32> = w
        .els
        .iter()
        .map(|e| if e.scored { final_score(e) } else { 0.0 })
        .collect();
    let Some((mut top, _)) = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| w.els[*i].scored)
        .max_by(|a, b| a.1.total_cmp(b.1))
    else {
        return (vec![0], 0);
    };
    let best = top as u32;
    let top_score = scores[top];
    // Several near-best candidates under one ancestor: the article is that ancestor.
    let mut alts: Vec<usize> = (0..n)
        .filter(|&i| i != top && w.els[i].scored && scores[i] >= 0.75 * top_score)
        .collect();
    alts.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    alts.truncate(5);
    if alts.len() >= 3 {
        let mut a = w.els[top].parent;
        while a != NONE {
            let (lo, hi) = (a as usize, w.els[a as usize].end as usize);
            let inside = alts.iter().filter(|&&i| i > lo && i <= hi).count();
            if inside >= 3 {
                top = a as usize;
                break;
            }
            a = w.els[a as usize].parent;
        }
    }
    // Climb while the parent scores higher (the article is split over siblings).
    let mut last = scores[top];
    let threshold = last / 3.0;
    let mut p = w.els[top].parent;
    while p != NONE {
        let pi = p as usize;
        if !w.els[pi].scored {
            p = w.els[pi].parent;
            continue;
        }
        if scores[pi] < threshold {
            break;
        }
        if scores[pi] > last {
            top = pi;
            break;
        }
        last = scores[pi];
        p = w.els[pi].parent;
    }
    // Widen to an ancestor that holds clearly more link-poor paragraph text (an article split
    // over several wrappers), as long as what it adds is not link lists.
    let mut good = vec![0u32; n];
    for b in &w.blocks {
        let o = &w.els[b.owner as usize];
        if is_para_like(o.tag) && !b.chrome && b.chars >= 25 && b.link * 10 <= b.chars * 3 {
            good[b.owner as usize] += b.chars;
        }
    }
    for i in (1..n).rev() {
        let p = w.els[i].parent;
        if p != NONE && w.els[i].neg == 0 {
            good[p as usize] += good[i];
        }
    }
    let mut a = w.els[top].parent;
    let mut level = 0;
    while a != NONE && level < 8 {
        let (ai, ti) = (a as usize, top);
        let added_text = w.els[ai].text.saturating_sub(w.els[ti].text);
        let added_link = w.els[ai].link.saturating_sub(w.els[ti].link);
        let added_good = good[ai].saturating_sub(good[ti]);
        if w.els[ai].neg == 0
            && added_good * 100 >= good[ti] * 15
            && added_good * 2 >= added_text
            && added_link * 10 <= added_text * 3
        {
            top = ai;
        }
        a = w.els[ai].parent;
        level += 1;
    }
    // Siblings that look like more of the article.
    let mut region = vec![top as u32];
    let parent = w.els[top].parent;
    if parent != NONE {
        let sib_threshold = (scores[top] * 0.2).max(10.0);
        let mut i = parent as usize + 1;
        let end = w.els[parent as usize].end as usize;
        while i <= end {
            let e = &w.els[i];
            if i != top {
                let ld = if e.text == 0 {
                    1.0
                } else {
                    e.link as f32 / e.text as f32
                };
                let good = (e.scored
                    && scores[i]
                        + if e.weight > 0.0 {
                            scores[top] * 0.2
                        } else {
                            0.0
                        }
                        >= sib_threshold)
                    || (is_para_like(e.tag) && e.text > 80 && ld < 0.25);
                if good {
                    region.push(i as u32);
                }
            }
            i = e.end as usize + 1;
        }
    }
    region.sort_unstable();
    (region, best)
}

fn in_region(region: &[u32], els: &[El], i: u32) -> bool {
    region.iter().any(|&r| i >= r && i <= els[r as usize].end)
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Extracts the article from one HTML document.
pub fn extract_article(html: &str) -> HtmlArticle {
    let stripped = strip::strip(html);
    let doc = Html::parse_document(&stripped.html);
    let mut w = walk(&doc);
    drop(doc);
    let (region, best) = if w.els.is_empty() {
        (Vec::new(), NONE)
    } else {
        choose_region(&mut w)
    };

    // Furniture-named subtrees go unless they hold the article region.
    let mut dropped = vec![false; w.els.len()];
    for i in 0..w.els.len() {
        let e = &w.els[i];
        let inherited = e.parent != NONE && dropped[e.parent as usize];
        let holds_region = region
            .iter()
            .chain(std::iter::once(&best))
            .any(|&r| i as u32 <= r && r <= e.end);
        let holds_most = e.neg == NEG_WEAK
            && region.iter().any(|&r| {
                let re = &w.els[r as usize];
                r <= i as u32 && i as u32 <= re.end && e.text * 2 >= re.text
            });
        dropped[i] = inherited || (e.neg != 0 && !holds_region && !holds_most);
    }
    // Title.
    let h1 = w
        .blocks
        .iter()
        .position(|b| w.els[b.owner as usize].tag == Tag::H(1));
    let title = w
        .meta
        .og_title
        .as_deref()
        .map(|og| {
            // og:title sometimes carries the site name: prefer the h1 when it is og:title
            // without that suffix.
            let trimmed = meta::trim_site_suffix(og);
            match h1 {
                Some(i) if trimmed != og && normalise(&w.blocks[i].text) == normalise(&trimmed) => {
                    w.blocks[i].text.clone()
                }
                _ => og.to_string(),
            }
        })
        .or_else(|| h1.map(|i| w.blocks[i].text.clone()))
        .or_else(|| w.meta.title_tag.as_deref().map(meta::trim_site_suffix))
        .filter(|t| !t.trim().is_empty());

    // Blocks.
    let mut keep: Vec<usize> = Vec::new();
    for (i, b) in w.blocks.iter().enumerate() {
        if b.chrome || dropped[b.owner as usize] || !in_region(&region, &w.els, b.owner) {
            continue;
        }
        let owner = &w.els[b.owner as usize];
        let ld = b.link as f32 / b.chars.max(1) as f32;
        let max_ld = match owner.tag {
            Tag::H(_) => 0.6,
            // Long paragraphs full of inline links are still prose.
            Tag::P if b.chars >= 200 => 0.75,
            _ => 0.5,
        };
        if ld > max_ld {
            continue;
        }
        if is_loose(owner.tag) && owner.p_children >= 2 {
            continue;
        }
        if is_boilerplate(&b.text, b.chars) {
            continue;
        }
        keep.push(i);
    }
    // A related-content heading after some article text ends the article.
    let mut seen_para = false;
    let mut cut = None;
    for (k, &i) in keep.iter().enumerate() {
        let b = &w.blocks[i];
        let tag = w.els[b.owner as usize].tag;
        if seen_para && !matches!(tag, Tag::P) && is_related_heading(&b.text, b.chars) {
            cut = Some(k);
            break;
        }
        seen_para |= is_para_like(tag) && b.chars >= 80;
    }
    if let Some(k) = cut {
        keep.truncate(k);
    }
    // Trailing headings introduce nothing.
    while let Some(&last) = keep.last() {
        if matches!(w.els[w.blocks[last].owner as usize].tag, Tag::H(_)) {
            keep.pop();
        } else {
            break;
        }
    }
    // Headline first when the page has one before the kept text.
    let mut blocks: Vec<String> = Vec::with_capacity(keep.len() + 1);
    let has_h1 = keep
        .iter()
        .any(|&i| w.els[w.blocks[i].owner as usize].tag == Tag::H(1));
    if !has_h1 && !keep.is_empty() {
        let want = title.as_deref().map(normalise).unwrap_or_default();
        let headline = w.blocks[..keep[0]].iter().rev().find(|b| {
            matches!(w.els[b.owner as usize].tag, Tag::H(1) | Tag::H(2))
                && b.link * 2 <= b.chars
                && (w.els[b.owner as usize].tag == Tag::H(1) || normalise(&b.text) == want)
        });
        if let Some(h) = headline {
            let n = normalise(&h.text);
            if !want.is_empty() && (n == want || want.contains(&n) && n.len() * 2 > want.len()) {
                blocks.push(h.text.clone());
            }
        }
    }
    blocks.extend(keep.iter().map(|&i| w.blocks[i].text.clone()));

    // Address.
    let url = w
        .meta
        .canonical
        .as_deref()
        .and_then(meta::absolute_url)
        .or_else(|| w.meta.og_url.as_deref().and_then(meta::absolute_url))
        .or_else(|| stripped.json_ld.iter().find_map(|t| meta::json_ld_url(t)));

    // Date: see `pubdate` (clues) and `crate::clean::dates::choose`.
    let dates = pubdate::clues(&stripped.html, &stripped.json_ld, &w.meta);
    let published = crate::clean::dates::choose(&dates, url.as_deref()).map(|d| d.iso());

    HtmlArticle {
        title,
        url,
        published,
        dates,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOREM: &str = "The council voted on Tuesday to expand the program, officials said, \
                         after months of debate over costs, schedules and staffing.";

    fn para(i: usize) -> String {
        format!("<p>Paragraph {i}: {LOREM}</p>")
    }

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>Council expands program | Daily Ledger</title>\
             </head><body>{body}</body></html>"
        )
    }

    #[test]
    fn chrome_is_dropped_and_paragraphs_kept_in_order() {
        let body = format!(
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>\
             <div id='cookie-banner'><p>We use cookies to improve your experience on our site, \
             please accept them all.</p></div>\
             <article><h1>Council expands program</h1>\
             <div class='share-bar'><a href='#'>Share on Facebook</a> <a href='#'>Tweet</a></div>\
             {}{}{}\
             <figure><img src='x.jpg'><figcaption>The council chamber, pictured in May, \
             before the vote took place.</figcaption></figure>\
             {}</article>\
             <section class='comments'><p>Great article, I really enjoyed reading it, thanks \
             for the detailed write-up.</p><p>Disagree with all of it, this is a waste of \
             money, as usual, sadly.</p></section>\
             <footer><p>Copyright 2024 Daily Ledger, all rights reserved, no reuse without \
             written permission.</p></footer>",
            para(1),
            para(2),
            para(3),
            para(4)
        );
        let a = extract_article(&page(&body));
        let want: Vec<String> = std::iter::once("Council expands program".to_string())
            .chain((1..=4).map(|i| format!("Paragraph {i}: {LOREM}")))
            .collect();
        assert_eq!(a.blocks, want);
        assert_eq!(a.title.as_deref(), Some("Council expands program"));
    }

    #[test]
    fn related_teasers_and_newsletter_boxes_are_dropped() {
        let body = format!(
            "<div class='story'>{}{}\
             <div class='related-stories'><h3>More news</h3><p>Flooding closes roads across \
             the county as rivers rise to record levels overnight.</p></div>\
             <div class='newsletter-signup'><p>Get the morning briefing delivered to your inbox \
             every day, free of charge.</p></div>{}</div>\
             <div class='sidebar'><ul><li><a href='/a'>Most read story number one of the \
             day with a long title</a></li></ul></div>",
            para(1),
            para(2),
            para(3)
        );
        let a = extract_article(&page(&body));
        assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
        assert!(a.blocks[2].starts_with("Paragraph 3"));
    }

    #[test]
    fn loose_teaser_text_between_paragraphs_is_dropped_and_repeats_kept() {
        let one = format!(
            "{}{}.Related: Storm warnings issued for the coast as forecasters track a system. \
             {}<p>With <em>CNN</em> whether &amp; how &ldquo;quoted&rdquo;, said the \
             minister at length to reporters.</p>",
            para(1),
            para(2),
            para(3)
        );
        let html = format!("{one}\n{one}");
        let a = extract_article(&html);
        assert!(a.blocks.iter().all(|b| !b.contains("Storm warnings")));
        assert_eq!(a.blocks.len(), 8, "{:?}", a.blocks);
        assert_eq!(a.blocks[0..4], a.blocks[4..8]);
        assert_eq!(
            a.blocks[3],
            "With CNN whether & how \u{201c}quoted\u{201d}, said the minister at length to reporters."
        );
    }

    #[test]
    fn seed_page_with_article_twice() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seeds/000_a28434bf6207857c.txt"
        );
        let Ok(html) = std::fs::read_to_string(path) else {
            eprintln!("seed file not found, skipping");
            return;
        };
        let a = extract_article(&html);
        assert!(a.blocks.iter().all(|b| !b.contains("US accuses Venezuela")));
        assert_eq!(a.blocks.len(), 16, "{:?}", a.blocks);
        assert_eq!(a.blocks[..8], a.blocks[8..]);
        assert!(a.blocks[4].starts_with("Asked during an interview with CNN whether Peru"));
    }

    #[test]
    fn table_rows_are_lines_and_related_heading_ends_article() {
        let body = format!(
            "<article>{}{}<table><tr><th>Pos</th><th>Driver</th></tr>\
             <tr><td>1</td><td>Kyle Busch</td></tr><tr><td>2</td><td>Martin Truex</td></tr>\
             </table>{}<h2>You may also like</h2><p>Another story about something else that is \
             not this article, with a summary.</p><p>Advertisement</p></article>",
            para(1),
            para(2),
            para(3)
        );
        let a = extract_article(&page(&body));
        assert_eq!(
            a.blocks[2..5],
            ["Pos Driver", "1 Kyle Busch", "2 Martin Truex"]
        );
        assert_eq!(a.blocks.len(), 6, "{:?}", a.blocks);
        assert!(a.blocks[5].starts_with("Paragraph 3"));
    }

    #[test]
    fn div_and_br_layout() {
        let body = format!(
            "<div class='menu'><a href='/'>Home</a></div>\
             <div id='text'>First line of the story: {LOREM}<br><br>Second part: {LOREM}\
             <br>Third part: {LOREM}</div>"
        );
        let a = extract_article(&page(&body));
        assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
        assert!(a.blocks[0].starts_with("First line"));
        assert!(a.blocks[2].starts_with("Third part"));
    }

    #[test]
    fn metadata() {
        let html = format!(
            "<html><head><title>Headline here today - Site</title>\
             <meta property='og:title' content='OG headline'>\
             <meta property='og:url' content='https://ex.com/og'>\
             <link rel='canonical' href='/relative'>\
             <meta property='article:published_time' content='2021-03-04T05:06:07Z'>\
             <script type='application/ld+json'>{{\"@graph\":[{{\"@type\":\"NewsArticle\",\
             \"datePublished\":\"2021-03-05\"}}]}}</script></head>\
             <body><h1>Visible headline</h1>{}{}</body></html>",
            para(1),
            para(2)
        );
        let a = extract_article(&html);
        assert_eq!(a.title.as_deref(), Some("OG headline"));
        assert_eq!(a.url.as_deref(), Some("https://ex.com/og"));
        assert_eq!(a.published.as_deref(), Some("2021-03-05"));

        let html = format!(
            "<html><head><title>Headline here today | Site</title>\
             <link rel='canonical' href='https://ex.com/c'></head><body>{}\
             <p>Posted <time datetime='2020-02-02'>Feb 2</time> by staff, {LOREM}</p></body></html>",
            para(1)
        );
        let a = extract_article(&html);
        assert_eq!(a.title.as_deref(), Some("Headline here today"));
        assert_eq!(a.url.as_deref(), Some("https://ex.com/c"));
        assert_eq!(a.published.as_deref(), Some("2020-02-02"));

        let a = extract_article(&page(&para(1)));
        assert_eq!(a.published, None);
        assert_eq!(a.url, None);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let deep = "<div>".repeat(100_000) + "text" + &"</div>".repeat(10);
        let _ = extract_article(&deep);
        let _ = extract_article(&"<b><i>".repeat(50_000));
        let _ = extract_article("");
        let _ = extract_article("<");
        let _ = extract_article("<script>");
        let _ = extract_article("<p>unclosed <a href='x");
        let huge_attr = format!("<p class='{}'>x</p>", "a".repeat(1_000_000));
        let _ = extract_article(&huge_attr);
        let _ = extract_article("<table><td><p>a<li>b<h1>c</table></p>\u{0}\u{fffd}");
    }
}
