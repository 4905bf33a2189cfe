//! Property tests over generated HTML and text. The generator is a small grammar of tags,
//! entities, quote marks and sentences that name countries with diplomatic verbs, so that the
//! actor, event and quote paths are reached and not only the "nothing found" path. For every
//! generated batch:
//! - the output is valid JSON, exactly one line per input;
//! - every offset is in range, and the characters `text[start..end]` equal the span's `text`
//!   (events' source, target, trigger; quotes; speakers; times; dates and deadlines);
//!   sentences and mentions are in range;
//! - the output is byte-identical with one thread and with four.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;

use newsrake::ingest::{Declared, Input, Source};
use newsrake::{Options, extract_stream};

const COUNTRIES: &[&str] = &[
    "Peru",
    "Venezuela",
    "Chile",
    "Bolivia",
    "Argentina",
    "Brazil",
    "the United States",
    "Russia",
    "Côte d’Ivoire",
    "Türkiye",
    "Iran",
    "Israel",
    "Colombia",
    "Mexico",
    "Nicaragua",
    "China",
];

const VERBS: &[&str] = &[
    "expelled the ambassador of",
    "ordered the expulsion of the envoy of",
    "recalled its ambassador from",
    "severed diplomatic ties with",
    "broke off relations with",
    "declared persona non grata the consul of",
    "did not expel the diplomats of",
    "threatened to recall its envoy from",
    "may sever relations with",
    "denied expelling the attaché of",
];

const TAILS: &[&str] = &[
    ".",
    " on Friday.",
    ", the ministry said.",
    " within 72 hours.",
    "!",
    "?",
    "",
    " …",
    "; ",
];

const QUOTES: &[(&str, &str)] = &[
    ("\"", "\""),
    ("\u{201C}", "\u{201D}"),
    ("\u{2018}", "\u{2019}"),
    ("\u{00AB}", "\u{00BB}"),
    ("\u{201E}", "\u{201C}"),
    ("\"", ""),
    ("", "\u{201D}"),
];

const ODDITIES: &[&str] = &[
    "&amp;",
    "&quot;",
    "&#8220;",
    "&#x2019;",
    "&nbsp;",
    "&#99999999;",
    "&bogus;",
    "\u{200B}",
    "e\u{0301}",
    "😀",
    "\u{FEFF}",
    "\t",
    "\r",
    "\r\n",
    "\n\n",
    " ",
    "Mr.",
    "U.S.",
    "Dr. Ana Ruiz",
    "President Maduro",
    "the OAS",
    "seven Latin American nations",
    "he said",
    "She told reporters",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(list).prop_map(String::from)
}

fn sentence() -> impl Strategy<Value = String> {
    (pick(COUNTRIES), pick(VERBS), pick(COUNTRIES), pick(TAILS))
        .prop_map(|(s, v, t, end)| format!("{s} {v} {t}{end}"))
}

fn quoted() -> impl Strategy<Value = String> {
    (prop::sample::select(QUOTES), sentence(), pick(ODDITIES))
        .prop_map(|((open, close), s, cue)| format!("{open}{s}{close} {cue} "))
}

/// A run of words: sentences, quotes, oddities and a little arbitrary text.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => sentence().prop_map(|s| s + " "),
            2 => quoted(),
            2 => pick(ODDITIES),
            1 => "[^<>&]{0,12}",
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

const OPEN_TAGS: &[&str] = &[
    "<p>",
    "<div class=\"story\">",
    "<article>",
    "<h1>",
    "<blockquote>",
    "<span>",
    "<b>",
    "<li>",
    "<a href=\"/x?a=1&b=2\">",
    "<td>",
    "<nav>",
    "<footer>",
    "<aside class=\"share\">",
    "<br>",
];

const CLOSE_TAGS: &[&str] = &[
    "</p>",
    "</div>",
    "</article>",
    "</h1>",
    "</blockquote>",
    "</span>",
    "</b>",
    "</li>",
    "</a>",
    "",
];

const ODD_MARKUP: &[&str] = &[
    "<script>var s = \"</p>\";</script>",
    "<style>p { color: red }</style>",
    "<!-- a comment <p>hidden</p> -->",
    "<!--",
    "<script>",
    "<svg><text>Peru</text></svg>",
    "<meta property=\"og:url\" content=\"https://example.org/a\">",
    "<title>Envoy expelled | Site</title>",
    "<![CDATA[ x ]]>",
    "</html>",
    "<p",
];

fn html() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => (pick(OPEN_TAGS), words(), pick(CLOSE_TAGS)).prop_map(|(o, w, c)| o + &w + &c),
            1 => pick(ODD_MARKUP),
        ],
        0..10,
    )
    .prop_map(|parts| format!("<html><body>{}</body></html>", parts.concat()))
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(words(), 0..5).prop_map(|paras| paras.join("\n\n"))
}

/// One input: generated HTML, generated text, or any string at all.
fn document() -> impl Strategy<Value = (String, Declared)> {
    prop_oneof![
        3 => html().prop_map(|h| (h, Declared::Html)),
        3 => text().prop_map(|t| (t, Declared::Text)),
        1 => any::<String>().prop_map(|t| (t, Declared::Text)),
        1 => any::<String>().prop_map(|t| (t, Declared::Html)),
    ]
}

fn inputs(docs: &[(String, Declared)]) -> impl Iterator<Item = Input> + '_ {
    docs.iter()
        .enumerate()
        .map(|(i, (content, declared))| Input {
            id: format!("doc{i}"),
            source: Source::Record {
                content: content.clone(),
                declared: *declared,
                url: None,
                date: Some("2024-03-01".into()),
            },
        })
}

fn run(docs: &[(String, Declared)], threads: usize) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let opts = Options {
        keep_duplicates: true,
        ..Options::default()
    };
    let mut out = Vec::new();
    let summary = extract_stream(inputs(docs), &opts, &pool, &mut out, |_| {}).unwrap();
    assert_eq!(summary.documents, docs.len());
    String::from_utf8(out).expect("output is UTF-8")
}

/// Checks a `{text?, start, end}` object against the document's characters.
fn check_span(chars: &[char], v: &Value, what: &str) -> Result<(), TestCaseError> {
    if v.is_null() {
        return Ok(());
    }
    let start = v["start"].as_u64().expect("start") as usize;
    let end = v["end"].as_u64().expect("end") as usize;
    prop_assert!(
        start <= end && end <= chars.len(),
        "{what} {start}..{end} of {}",
        chars.len()
    );
    if let Some(t) = v["text"].as_str() {
        let got: String = chars[start..end].iter().collect();
        prop_assert_eq!(
            got.as_str(),
            t,
            "{} text differs at {}..{}",
            what,
            start,
            end
        );
    }
    Ok(())
}

fn check_record(rec: &Value) -> Result<(), TestCaseError> {
    let chars: Vec<char> = rec["text"].as_str().expect("text").chars().collect();
    for a in rec["actors"].as_array().expect("actors") {
        for m in a["mentions"].as_array().expect("mentions") {
            let (s, e) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            prop_assert!(
                s < e && e <= chars.len(),
                "mention {}..{} of {}",
                s,
                e,
                chars.len()
            );
        }
    }
    for e in rec["events"].as_array().expect("events") {
        for k in [
            "source", "target", "trigger", "sentence", "date", "deadline",
        ] {
            check_span(&chars, &e[k], k)?;
        }
    }
    for q in rec["quotes"].as_array().expect("quotes") {
        check_span(&chars, q, "quote")?;
        check_span(&chars, &q["speaker"], "speaker")?;
    }
    for t in rec["times"].as_array().expect("times") {
        check_span(&chars, t, "time")?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn records_are_json_with_exact_offsets_and_thread_independent(
        docs in prop::collection::vec(document(), 1..6)
    ) {
        let one = run(&docs, 1);
        let four = run(&docs, 4);
        prop_assert_eq!(&one, &four, "-j1 and -j4 differ");
        let lines: Vec<&str> = one.lines().collect();
        prop_assert_eq!(lines.len(), docs.len());
        for (i, line) in lines.iter().enumerate() {
            let rec: Value = serde_json::from_str(line).expect("valid JSON");
            let id = format!("doc{i}");
            prop_assert_eq!(rec["id"].as_str(), Some(id.as_str()));
            prop_assert!(rec.get("error").is_none(), "error record: {}", rec["error"]);
            check_record(&rec)?;
        }
    }
}

/// The grammar must reach extraction, or the offset checks above would pass vacuously.
#[test]
fn generated_documents_reach_events_and_quotes() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let docs: Vec<(String, Declared)> = (0..40)
        .map(|_| document().new_tree(&mut runner).unwrap().current())
        .collect();
    let out = run(&docs, 2);
    let recs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |k: &str| {
        recs.iter()
            .map(|r| r[k].as_array().unwrap().len())
            .sum::<usize>()
    };
    assert!(count("events") >= 5, "only {} events", count("events"));
    assert!(count("quotes") >= 5, "only {} quotes", count("quotes"));
    assert!(count("actors") >= 20, "only {} actors", count("actors"));
}
