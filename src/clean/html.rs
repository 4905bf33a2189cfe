//! HTML to article blocks: the boilerplate-removing cleaner.
//!
//! Placeholder implementation: keeps every paragraph-like element. To be replaced by the real cleaner.

use scraper::{Html, Selector};

/// What the cleaner tells about one HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Headline: og:title, else the first h1, else `<title>`.
    pub title: Option<String>,
    /// The page's own address: canonical link or og:url.
    pub url: Option<String>,
    /// Publication date as YYYY-MM-DD from the page's metadata, when trustworthy.
    pub published: Option<String>,
    /// Article blocks in document order: paragraphs, headings, list items, block quotes.
    /// Each is whitespace-folded text with entities decoded; repeats are NOT removed here.
    pub blocks: Vec<String>,
}

/// Extracts the article from one HTML document.
pub fn extract_article(html: &str) -> HtmlArticle {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("p, h1, h2, h3, li, blockquote").expect("static selector");
    let blocks = doc
        .select(&sel)
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    HtmlArticle {
        title: None,
        url: None,
        published: None,
        blocks,
    }
}
