//! Rule-matching speed on one core: sentences per second for actor recognition, the pattern rules
//! alone, and the whole extraction (actors, rules, quotes), over the team corpus and the real news
//! pages of ../shared/corpora/news-pages.
//!
//! Run: `cargo bench --bench rules` (add `-- --json` for one JSON object). Nothing here runs in
//! parallel: the figures are per core.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsrake::clean;
use newsrake::dedup::DedupDoc;
use newsrake::extract::Extractor;
use newsrake::extract::actions::{self, DocContext};
use newsrake::ingest::{self, Input, Source};
use newsrake::segment::{self, SegmentedDoc};

/// Every regular file under `dir`, sorted, skipping notes that are not articles.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".md") && !name.ends_with(".json") && !name.starts_with('.') {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Loads, cleans and segments one file, as the pipeline does before extraction.
fn prepare(path: &Path) -> Option<SegmentedDoc> {
    let raw = ingest::load(
        Input {
            id: path.display().to_string(),
            source: Source::File(path.to_path_buf()),
        },
        64 << 20,
    );
    let doc = clean::clean(raw);
    if doc.error.is_some() {
        return None;
    }
    Some(segment::segment(DedupDoc {
        clean: doc,
        duplicate: None,
    }))
}

/// Runs `f` over all documents until at least `min` has passed; returns passes and time taken.
fn time_passes(min: Duration, mut f: impl FnMut()) -> (usize, Duration) {
    let start = Instant::now();
    let mut passes = 0;
    while passes == 0 || start.elapsed() < min {
        f();
        passes += 1;
    }
    (passes, start.elapsed())
}

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = files_under(&root.join("corpus"));
    paths.extend(files_under(&root.join("../shared/corpora/news-pages")));
    let docs: Vec<SegmentedDoc> = paths.iter().filter_map(|p| prepare(p)).collect();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let bytes: usize = docs.iter().map(|d| d.clean.text.len()).sum();
    let x = Extractor::default_shared().expect("default rule pack loads");
    let min = Duration::from_secs(2);

    let mut sink = 0usize;
    let (p_actors, t_actors) = time_passes(min, || {
        for d in &docs {
            sink += x.find_actors(d).mentions.len();
        }
    });
    let found: Vec<_> = docs.iter().map(|d| x.find_actors(d)).collect();
    let (p_rules, t_rules) = time_passes(min, || {
        for (d, a) in docs.iter().zip(&found) {
            let ctx = DocContext::new(&d.clean.text, a);
            let mut events = Vec::new();
            for s in &d.sentences {
                actions::sentence_events(&x.pack, &x.patterns, &ctx, s.clone(), &mut events);
            }
            sink += events.len();
        }
    });
    let (p_all, t_all) = time_passes(min, || {
        for d in &docs {
            sink += x.extract(d).events.len();
        }
    });
    std::hint::black_box(sink);

    let rate = |passes: usize, t: Duration| sentences as f64 * passes as f64 / t.as_secs_f64();
    let mbs = |passes: usize, t: Duration| bytes as f64 * passes as f64 / t.as_secs_f64() / 1e6;
    let rows = [
        ("actors", rate(p_actors, t_actors), mbs(p_actors, t_actors)),
        (
            "pattern rules",
            rate(p_rules, t_rules),
            mbs(p_rules, t_rules),
        ),
        ("whole extraction", rate(p_all, t_all), mbs(p_all, t_all)),
    ];
    if json {
        let obj = serde_json::json!({
            "documents": docs.len(),
            "sentences": sentences,
            "text_bytes": bytes,
            "patterns": x.pack.patterns.len(),
            "sentences_per_second": {
                "actors": rows[0].1, "pattern_rules": rows[1].1, "whole_extraction": rows[2].1,
            },
        });
        println!("{obj}");
        return;
    }
    println!(
        "{} documents, {} sentences, {:.1} MB of clean text, {} pattern rules; one core",
        docs.len(),
        sentences,
        bytes as f64 / 1e6,
        x.pack.patterns.len()
    );
    for (what, r, m) in rows {
        println!("{what:>17}: {r:>10.0} sentences/s  {m:>6.1} MB/s");
    }
}
