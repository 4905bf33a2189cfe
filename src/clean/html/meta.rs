//! Page metadata: headline, canonical address and publication date.

use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

/// Metadata gathered while walking the page.
#[derive(Debug, Default)]
pub struct MetaFound {
    /// `og:title` (or `twitter:title`).
    pub og_title: Option<String>,
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// `og:url`.
    pub og_url: Option<String>,
    /// `article:published_time` and similar meta tags.
    pub meta_published: Option<String>,
    /// `itemprop=datePublished` values.
    pub itemprop_published: Option<String>,
}

impl MetaFound {
    /// Records what a `<meta>` element tells.
    pub fn meta(&mut self, key: &str, content: &str) {
        let content = content.trim();
        if content.is_empty() {
            return;
        }
        let key = key.trim();
        if key.eq_ignore_ascii_case("og:title") {
            set_once(&mut self.og_title, content);
        } else if key.eq_ignore_ascii_case("og:url") {
            set_once(&mut self.og_url, content);
        } else if key.eq_ignore_ascii_case("article:published_time")
            || key.eq_ignore_ascii_case("og:article:published_time")
            || key.eq_ignore_ascii_case("datePublished")
        {
            set_once(&mut self.meta_published, content);
        }
    }
}

fn set_once(slot: &mut Option<String>, v: &str) {
    if slot.is_none() {
        *slot = Some(v.to_string());
    }
}

/// Keeps absolute http(s) addresses only.
pub fn absolute_url(u: &str) -> Option<String> {
    let u = u.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    if (lower.starts_with("http://") || lower.starts_with("https://"))
        && u.len() > 10
        && !u.contains(char::is_whitespace)
    {
        Some(u.to_string())
    } else {
        None
    }
}

/// Title separators whose last part is taken for the site name.
const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// Trims a trailing " | Site" or " - Site" from a `<title>`.
pub fn trim_site_suffix(title: &str) -> String {
    let t = title.trim();
    let mut best: Option<usize> = None;
    for sep in SEPARATORS {
        if let Some(p) = t.rfind(sep) {
            best = Some(best.map_or(p, |b: usize| b.max(p)));
        }
    }
    if let Some(p) = best {
        let head = t[..p].trim();
        let tail = &t[p..];
        // Only a short tail is a site name; keep titles that merely contain a dash.
        if head.chars().count() >= 10 && tail.chars().count() <= 40 {
            return head.to_string();
        }
    }
    t.to_string()
}

static DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])").expect("static regex"));

/// YYYY-MM-DD from an ISO-8601 date or date-time, when it is a plausible date.
pub fn iso_day(s: &str) -> Option<String> {
    let c = DATE.captures(s)?;
    let y: u32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    let d: u32 = c[3].parse().ok()?;
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Article types of schema.org whose `datePublished` is the page's date.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit('/').next().unwrap_or(t);
    matches!(
        t,
        "NewsArticle"
            | "Article"
            | "ReportageNewsArticle"
            | "AnalysisNewsArticle"
            | "OpinionNewsArticle"
            | "BackgroundNewsArticle"
            | "ReviewNewsArticle"
            | "BlogPosting"
            | "LiveBlogPosting"
            | "SocialMediaPosting"
            | "TechArticle"
            | "ScholarlyArticle"
            | "Report"
            | "WebPage"
    )
}

fn has_article_type(obj: &serde_json::Map<String, Value>) -> Option<bool> {
    match obj.get("@type")? {
        Value::String(s) => Some(is_article_type(s) && !s.ends_with("WebPage")),
        Value::Array(a) => Some(a.iter().any(|v| {
            v.as_str()
                .is_some_and(|s| is_article_type(s) && !s.ends_with("WebPage"))
        })),
        _ => Some(false),
    }
}

fn is_web_page(obj: &serde_json::Map<String, Value>) -> bool {
    matches!(obj.get("@type"), Some(Value::String(s)) if s.ends_with("WebPage"))
}

/// `datePublished` of the first article object in the JSON-LD texts (also inside `@graph`);
/// a `WebPage` object's date is used only when no article object has one.
pub fn json_ld_published(texts: &[String]) -> Option<String> {
    let mut page_date = None;
    for text in texts {
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        // Iterative walk: JSON-LD can nest arbitrarily.
        let mut stack = vec![&v];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    let date = o.get("datePublished").and_then(Value::as_str);
                    if let Some(d) = date.and_then(iso_day) {
                        if has_article_type(o) == Some(true) {
                            return Some(d);
                        }
                        if is_web_page(o) && page_date.is_none() {
                            page_date = Some(d);
                        }
                    }
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                    if let Some(m) = o.get("mainEntity") {
                        stack.push(m);
                    }
                }
                _ => {}
            }
        }
    }
    page_date
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_suffixes() {
        assert_eq!(
            iso_day("2024-07-29T10:00:00Z").as_deref(),
            Some("2024-07-29")
        );
        assert_eq!(iso_day("2024-7-9").as_deref(), Some("2024-07-09"));
        assert_eq!(iso_day("1850-01-01"), None);
        assert_eq!(iso_day("2024-13-01"), None);
        assert_eq!(iso_day("yesterday"), None);
        assert_eq!(
            trim_site_suffix("Peru expels Venezuelan diplomats | The Site"),
            "Peru expels Venezuelan diplomats"
        );
        assert_eq!(trim_site_suffix("Short - X"), "Short - X");
        assert_eq!(absolute_url("/a/b"), None);
        assert_eq!(
            absolute_url(" https://ex.com/a ").as_deref(),
            Some("https://ex.com/a")
        );
    }

    #[test]
    fn json_ld_graph_date() {
        let ld = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","datePublished":"2020-01-01"},
            {"@type":["NewsArticle"],"datePublished":"2024-07-29T21:00:00-05:00"}]}"#;
        assert_eq!(
            json_ld_published(&[ld.to_string()]).as_deref(),
            Some("2024-07-29")
        );
        let only_page = r#"{"@type":"WebPage","datePublished":"2020-01-02"}"#;
        assert_eq!(
            json_ld_published(&["{bad".to_string(), only_page.to_string()]).as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(json_ld_published(&["[]".to_string()]), None);
    }
}
