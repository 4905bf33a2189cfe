//! Page metadata: headline, canonical address and publication date.

use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

use crate::clean::dates::Source;

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
    /// Publication-date meta tags in page order: (key, content).
    pub dates: Vec<(String, String)>,
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
        } else if is_publication_key(key) && self.dates.len() < 16 {
            self.dates.push((key.to_string(), content.to_string()));
        }
    }
}

/// Meta names and properties whose content is the publication date. Modified, updated,
/// expiry and copyright tags are left out on purpose: they are not publication dates.
fn is_publication_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    matches!(
        k.as_str(),
        "article:published_time"
            | "og:article:published_time"
            | "og:published_time"
            | "published_time"
            | "article:published"
            | "article.published"
            | "article_date_original"
            | "article.created"
            | "datepublished"
            | "datecreated"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "publication_date"
            | "publication-date"
            | "original-publish-date"
            | "originalpublicationdate"
            | "parsely-pub-date"
            | "sailthru.date"
            | "dc.date"
            | "dc:date"
            | "dc.date.issued"
            | "dc.date.created"
            | "dc.created"
            | "dc.issued"
            | "dcterms.created"
            | "dcterms.issued"
            | "dcterms.date"
            | "dcterms:created"
            | "dcterms:issued"
            | "citation_publication_date"
            | "citation_date"
            | "prism.publicationdate"
            | "bt:pubdate"
            | "sw-pubdate"
            | "rnews:datepublished"
            | "cxenseparse:recs:publishtime"
            | "shareaholic:article_published_time"
            | "dcsext.articlefirstpublished"
            | "uploaddate"
            | "og:pubdate"
            | "pub_date"
            | "displaydate"
    )
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

/// Publication dates of one JSON-LD text: `datePublished` of article objects (also inside
/// `@graph`, arrays and `mainEntity`), then `dateCreated` and other objects' `datePublished` as
/// weaker clues. Text that is not valid JSON is scanned for `"datePublished": "..."` instead.
pub fn json_ld_dates(text: &str) -> Vec<(String, Source)> {
    let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
        return LOOSE_DATE
            .captures_iter(text)
            .take(4)
            .map(|c| {
                let source = if c[1].eq_ignore_ascii_case("datePublished") {
                    Source::JsonLd
                } else {
                    Source::JsonLdWeak
                };
                (c[2].to_string(), source)
            })
            .collect();
    };
    let mut out = Vec::new();
    for o in json_ld_objects(&v) {
        let article = has_article_type(o) == Some(true);
        if let Some(d) = o.get("datePublished").and_then(Value::as_str) {
            let source = if article {
                Source::JsonLd
            } else {
                Source::JsonLdWeak
            };
            out.push((d.to_string(), source));
        }
        if let Some(d) = o.get("dateCreated").and_then(Value::as_str) {
            out.push((d.to_string(), Source::JsonLdWeak));
        }
    }
    out
}

static LOOSE_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#""(datePublished|dateCreated)"\s*:\s*"([^"]{6,40})""#).expect("static regex")
});

/// The address an article object of the JSON-LD names for itself (`url`, else
/// `mainEntityOfPage` as a string or its `@id`).
pub fn json_ld_url(text: &str) -> Option<String> {
    let v = serde_json::from_str::<Value>(text.trim()).ok()?;
    json_ld_objects(&v)
        .into_iter()
        .filter(|o| has_article_type(o) == Some(true))
        .find_map(|o| {
            let main = o.get("mainEntityOfPage");
            let main = main
                .and_then(Value::as_str)
                .or_else(|| main.and_then(|m| m.get("@id")).and_then(Value::as_str));
            o.get("url")
                .and_then(Value::as_str)
                .and_then(absolute_url)
                .or_else(|| main.and_then(absolute_url))
        })
}

/// The JSON objects of a JSON-LD value that can describe the page, in document order.
fn json_ld_objects(v: &Value) -> Vec<&serde_json::Map<String, Value>> {
    // Iterative walk: JSON-LD can nest arbitrarily.
    let mut stack = vec![v];
    let mut out = Vec::new();
    while let Some(v) = stack.pop() {
        if out.len() > 1_000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                out.push(o);
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_and_addresses() {
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
    fn json_ld_graph_arrays_and_broken_json() {
        let ld = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","datePublished":"2020-01-01"},
            [{"@type":["NewsArticle"],"datePublished":"2024-07-29T21:00:00-05:00",
              "dateModified":"2024-08-01","url":"https://ex.com/a"}]]}"#;
        let got = json_ld_dates(ld);
        assert_eq!(
            got,
            [
                ("2020-01-01".to_string(), Source::JsonLdWeak),
                ("2024-07-29T21:00:00-05:00".to_string(), Source::JsonLd)
            ]
        );
        assert_eq!(json_ld_url(ld).as_deref(), Some("https://ex.com/a"));
        let broken = r#"{"@type":"NewsArticle", "datePublished": "2019-05-06T10:00:00Z",, }"#;
        assert_eq!(
            json_ld_dates(broken),
            [("2019-05-06T10:00:00Z".to_string(), Source::JsonLd)]
        );
        assert!(json_ld_dates("[]").is_empty());
        let main = r#"{"@type":"Article","mainEntityOfPage":{"@id":"https://ex.com/m"}}"#;
        assert_eq!(json_ld_url(main).as_deref(), Some("https://ex.com/m"));
    }

    #[test]
    fn only_publication_meta_tags_count() {
        let mut m = MetaFound::default();
        m.meta("article:modified_time", "2020-01-02");
        m.meta("og:updated_time", "2020-01-03");
        m.meta("copyright", "2020");
        m.meta("DC.date.issued", "2020-01-01");
        m.meta("parsely-pub-date", "2020-01-01T10:00:00Z");
        let keys: Vec<&str> = m.dates.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["DC.date.issued", "parsely-pub-date"]);
    }
}
