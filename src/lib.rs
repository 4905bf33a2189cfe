//! newsrake: folders of news articles in, structured JSON Lines out.
//!
//! The pipeline follows the data, one module per stage:
//! `ingest` (`Input` -> `RawDoc`) -> `clean` (`CleanDoc`) -> `dedup` (`DedupDoc`) -> `segment`
//! (`SegmentedDoc`) -> `extract` (`Extraction`) -> `output` (`DocRecord`).
//!
//! Documents stream through in chunks: each chunk is loaded and cleaned in parallel, given its
//! duplicate verdicts in input order, extracted in parallel and written in input order. Memory is
//! bounded by the chunk size and the duplicate index, and output is byte-identical whatever the
//! thread count.

pub mod clean;
pub mod cli;
pub mod dedup;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod output;
pub mod rules;
pub mod segment;
pub mod stats;

use std::io::{self, BufRead, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use rayon::prelude::*;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::cli::{Cli, Command, EvalArgs, ExtractArgs, RuleArgs, RulesCommand};
use crate::extract::Extractor;
use crate::ingest::{DocError, ErrorKind, Input};
use crate::output::{DocRecord, Emit};
use crate::rules::{RuleErrors, RulePack};
use crate::stats::{Count, Phase, Stage, Stats};

/// Exit status: every input processed.
pub const EXIT_OK: i32 = 0;
/// Exit status: some inputs failed (each still has an error record).
pub const EXIT_SOME_FAILED: i32 = 1;
/// Exit status: the run could not start.
pub const EXIT_CANNOT_START: i32 = 2;
/// Exit status: stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// How many documents are in flight at once: enough to keep every core busy, few enough that
/// memory does not depend on corpus size.
const CHUNK: usize = 256;

/// Runs a parsed command line; returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Extract(args) => run_extract(&args),
        Command::Rules(RulesCommand::Check(a)) => Ok(run_rules_check(a.dir)),
        Command::Rules(RulesCommand::Test(a)) => Ok(run_rules_test(a.dir)),
        Command::Eval(args) => run_eval(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("newsrake: error: {e:#}");
        EXIT_CANNOT_START
    })
}

/// Loads the rule pack the arguments name: the default pack or `--rules DIR`, plus every
/// `--rules-add DIR`.
pub fn load_rules(args: &RuleArgs) -> Result<Arc<Extractor>, RuleErrors> {
    if args.rules.is_none() && args.rules_add.is_empty() {
        return Extractor::default_shared();
    }
    let mut files = match &args.rules {
        Some(dir) => rules::read_dir_files(dir)?,
        None => rules::default_files(),
    };
    for dir in &args.rules_add {
        files = rules::merge_files(files, rules::read_dir_files(dir)?);
    }
    Ok(Arc::new(Extractor::new(RulePack::from_files(files)?)))
}

fn report_rule_errors(e: &RuleErrors) -> i32 {
    for err in &e.0 {
        eprintln!("{err}");
    }
    eprintln!("newsrake: {} problem(s) in the rules", e.0.len());
    EXIT_CANNOT_START
}

fn rules_from(dir: Option<PathBuf>) -> Result<Arc<Extractor>, RuleErrors> {
    load_rules(&RuleArgs {
        rules: dir,
        rules_add: vec![],
    })
}

fn run_rules_check(dir: Option<PathBuf>) -> i32 {
    match rules_from(dir) {
        Ok(x) => {
            let p = &x.pack;
            println!(
                "ok: {} actions, {} classes, {} actors, {} pattern rules, {} vetoes",
                p.actions.len(),
                p.classes.len(),
                p.actors.len(),
                p.patterns.len(),
                p.vetoes.len()
            );
            EXIT_OK
        }
        Err(e) => report_rule_errors(&e),
    }
}

fn run_rules_test(dir: Option<PathBuf>) -> i32 {
    match rules_from(dir) {
        Ok(x) => {
            let (failures, count) = extract::examples::run_examples(&x);
            for f in &failures {
                println!("FAIL {f}");
            }
            println!(
                "{} passed, {} failed",
                count - failures.len(),
                failures.len()
            );
            if failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            }
        }
        Err(e) => report_rule_errors(&e),
    }
}

fn run_eval(args: &EvalArgs) -> anyhow::Result<i32> {
    use anyhow::Context;
    let gold: eval::Gold = serde_json::from_str(
        &std::fs::read_to_string(&args.gold)
            .with_context(|| format!("cannot read {}", args.gold.display()))?,
    )
    .with_context(|| format!("{} is not a gold file", args.gold.display()))?;
    let is_records = args.inputs.len() == 1
        && args.inputs[0]
            .extension()
            .is_some_and(|e| e == "jsonl" || e == "json")
        && args.inputs[0].is_file();
    let lines: Vec<u8> = if is_records {
        std::fs::read(&args.inputs[0])
            .with_context(|| format!("cannot read {}", args.inputs[0].display()))?
    } else {
        let extractor = match load_rules(&args.rules) {
            Ok(x) => x,
            Err(e) => return Ok(report_rule_errors(&e)),
        };
        let opts = Options {
            extractor: Some(extractor),
            ..Options::default()
        };
        let pool = rayon::ThreadPoolBuilder::new().build()?;
        let (inputs, _, _) = input_stream(&args.inputs, opts.max_bytes);
        let mut out = Vec::new();
        extract_stream(inputs, &opts, &pool, &mut out, |_| {})?;
        out
    };
    let records: Vec<serde_json::Value> = lines
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .filter_map(|l| serde_json::from_slice(l).ok())
        .collect();
    let scores = eval::score(&gold, &records);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        print!("{}", eval::report(&scores, args.verbose));
    }
    Ok(EXIT_OK)
}

/// Options of one extraction run, independent of the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which records to print.
    pub emit: Emit,
    /// Near-duplicate threshold.
    pub near_dup: f64,
    /// Extract duplicates too.
    pub keep_duplicates: bool,
    /// Largest input read.
    pub max_bytes: u64,
    /// Compiled rules; `None` uses the default pack.
    pub extractor: Option<Arc<Extractor>>,
    /// When set (by a signal handler, say), the run stops at the next record boundary.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Options {
    fn stop_requested(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            emit: Emit::Docs,
            near_dup: 0.8,
            keep_duplicates: false,
            max_bytes: 50_000_000,
            extractor: None,
            stop: None,
        }
    }
}

/// Counts reported at the end of a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Documents that got a record.
    pub documents: usize,
    /// Documents marked as duplicates.
    pub duplicates: usize,
    /// Documents with an error record.
    pub errors: usize,
    /// Archive records that gave no document (requests, metadata, non-HTML responses, ...).
    pub skipped_records: usize,
    /// True when the reader went away (closed pipe) before the run ended.
    pub stopped_early: bool,
    /// True when `Options::stop` was raised before the run ended.
    pub interrupted: bool,
    /// Documents in the duplicate index at the end (set only when stats are measured).
    pub index_documents: usize,
    /// Heap bytes of the duplicate index at the end (set only when stats are measured).
    pub index_bytes: usize,
}

fn run_extract(args: &ExtractArgs) -> anyhow::Result<i32> {
    if !(0.0..=1.0).contains(&args.near_dup) {
        anyhow::bail!("--near-dup must be between 0 and 1, got {}", args.near_dup);
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("`-` (stdin) may be given only once");
    }
    let extractor = match load_rules(&args.rules) {
        Ok(x) => x,
        Err(e) => return Ok(report_rule_errors(&e)),
    };
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let opts = Options {
        emit: args.emit,
        near_dup: args.near_dup,
        keep_duplicates: args.keep_duplicates,
        max_bytes: args.max_bytes,
        extractor: Some(extractor),
        stop: Some(stop_on_signals()?),
    };
    let started = Instant::now();
    let (inputs, skipped_assets, skipped_records) = input_stream(&args.paths, opts.max_bytes);
    if skipped_assets > 0 {
        eprintln!(
            "newsrake: skipped {skipped_assets} web asset file(s) (images, styles, scripts, fonts, archives)"
        );
    }
    let show_progress = !args.quiet && io::stderr().is_terminal();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // A panic inside a document's processing becomes that document's error record; the default
    // hook would print a backtrace message the user cannot act on.
    panic::set_hook(Box::new(|_| {}));
    let stats = if args.stats {
        Stats::enabled()
    } else {
        Stats::disabled()
    };
    let progress = |done| {
        if show_progress {
            eprint!("\rnewsrake: {done} documents");
        }
    };
    let mut summary = extract_stream_measured(inputs, &opts, &pool, &mut out, progress, &stats)?;
    summary.skipped_records = skipped_records.load(Ordering::Relaxed);
    let _ = panic::take_hook();
    if show_progress {
        eprint!("\r");
    }
    if summary.stopped_early {
        return Ok(EXIT_OK);
    }
    if summary.interrupted {
        eprintln!(
            "newsrake: interrupted after {} documents; the output ends with a complete record",
            summary.documents
        );
        return Ok(EXIT_INTERRUPTED);
    }
    let skipped = match summary.skipped_records {
        0 => String::new(),
        n => format!(", {n} archive records skipped"),
    };
    eprintln!(
        "newsrake: {} documents, {} duplicates, {} errors{skipped}, {:.2}s",
        summary.documents,
        summary.duplicates,
        summary.errors,
        started.elapsed().as_secs_f64()
    );
    if stats.is_enabled() {
        print_stats(&stats, &summary, &pool, started);
    }
    Ok(if summary.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// Turns SIGINT and SIGTERM into a flag the writer checks between records, so the output never
/// ends in a cut line. A second signal while the first is pending ends the process at once, for
/// a user who does not want to wait for the current chunk.
fn stop_on_signals() -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        flag::register_conditional_shutdown(sig, EXIT_INTERRUPTED, Arc::clone(&stop))?;
        flag::register(sig, Arc::clone(&stop))?;
    }
    Ok(stop)
}

/// Prints the `--stats` object on stderr.
fn print_stats(stats: &Stats, summary: &Summary, pool: &rayon::ThreadPool, started: Instant) {
    let facts = stats::RunFacts {
        threads: pool.current_num_threads(),
        wall_s: started.elapsed().as_secs_f64(),
        documents: summary.documents,
        errors: summary.errors,
        duplicates: summary.duplicates,
        index_documents: summary.index_documents,
        index_bytes: summary.index_bytes,
    };
    eprintln!("{}", stats.report(&facts).to_json_line());
}

/// Lists the inputs of the command line in output order: files and folders as planned (archives
/// and JSON Lines files opened into their records), stdin records where `-` stands, all read
/// lazily. Returns the stream, the count of skipped assets and the counter of skipped archive
/// records (final once the stream is drained).
fn input_stream(
    paths: &[std::path::PathBuf],
    max_bytes: u64,
) -> (Box<dyn Iterator<Item = Input>>, usize, Arc<AtomicUsize>) {
    let mut skipped = 0;
    let skipped_records = Arc::new(AtomicUsize::new(0));
    let mut parts: Vec<Box<dyn Iterator<Item = Input>>> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            parts.push(Box::new(stdin_inputs()));
        } else {
            let plan = ingest::plan_inputs(std::slice::from_ref(p));
            skipped += plan.skipped_assets;
            for w in &plan.warnings {
                eprintln!("newsrake: warning: {w}");
            }
            let counter = skipped_records.clone();
            parts.push(Box::new(
                plan.inputs
                    .into_iter()
                    .flat_map(move |input| ingest::expand(input, max_bytes, &counter)),
            ));
        }
    }
    (
        Box::new(parts.into_iter().flatten()),
        skipped,
        skipped_records,
    )
}

fn stdin_inputs() -> impl Iterator<Item = Input> {
    let lines = io::BufReader::new(io::stdin()).split(b'\n');
    lines.enumerate().filter_map(|(i, line)| match line {
        Ok(bytes) => {
            let line = String::from_utf8_lossy(&bytes);
            let line = line.trim();
            if line.is_empty() {
                None
            } else {
                Some(ingest::parse_stdin_record(line, i + 1))
            }
        }
        Err(e) => Some(Input {
            id: format!("stdin:{}", i + 1),
            source: ingest::Source::BadRecord(format!("cannot read stdin: {e}")),
        }),
    })
}

/// Runs the pipeline over a stream of inputs, writing records to `out` in input order.
/// `progress` is called after each chunk with the number of documents written so far.
pub fn extract_stream<W: Write>(
    inputs: impl Iterator<Item = Input>,
    opts: &Options,
    pool: &rayon::ThreadPool,
    out: &mut W,
    progress: impl FnMut(usize),
) -> anyhow::Result<Summary> {
    extract_stream_measured(inputs, opts, pool, out, progress, &Stats::disabled())
}

/// `extract_stream`, timing each stage and counting its outcomes into `stats` (see `stats`).
pub fn extract_stream_measured<W: Write>(
    inputs: impl Iterator<Item = Input>,
    opts: &Options,
    pool: &rayon::ThreadPool,
    out: &mut W,
    progress: impl FnMut(usize),
    stats: &Stats,
) -> anyhow::Result<Summary> {
    let mut summary =
        extract_each_measured(inputs, opts, pool, WriterSink(&mut *out), progress, stats)?;
    if !summary.stopped_early {
        match stats.time(Stage::Write, || out.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => summary.stopped_early = true,
            r => r?,
        }
    }
    Ok(summary)
}

/// Where the pipeline hands each document's output, in input order.
pub trait RecordSink {
    /// Takes one document's output. An error of kind `BrokenPipe` means the consumer went away.
    fn write(&mut self, doc: DocOutput) -> io::Result<()>;
    /// Called after each chunk of documents, at a record boundary (a writer flushes here).
    fn end_chunk(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<F: FnMut(DocOutput) -> io::Result<()>> RecordSink for F {
    fn write(&mut self, doc: DocOutput) -> io::Result<()> {
        self(doc)
    }
}

/// A sink that writes records to a byte stream, diagnostics to stderr, and flushes per chunk.
struct WriterSink<'a, W: Write>(&'a mut W);

impl<W: Write> RecordSink for WriterSink<'_, W> {
    fn write(&mut self, doc: DocOutput) -> io::Result<()> {
        if let Some(m) = &doc.diagnostic {
            eprintln!("newsrake: {m}");
        }
        self.0.write_all(doc.lines.as_bytes())
    }
    fn end_chunk(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// One document's output, as the pipeline hands it to a sink.
#[derive(Debug, Clone, PartialEq)]
pub struct DocOutput {
    /// The rendered view (`Options::emit`): zero or more JSON lines, each ending in "\n".
    pub lines: String,
    /// For a document that failed, a one-line explanation naming it, for diagnostics.
    pub diagnostic: Option<String>,
}

/// Runs the pipeline over a stream of inputs and hands each document's output to `sink`, in
/// input order. This is `extract_stream` for consumers that are not a byte stream (a channel to
/// another thread, a language binding). A sink error of kind `BrokenPipe` means the consumer went
/// away: the run stops early and reports it in `Summary::stopped_early`; any other error ends
/// the run with that error.
pub fn extract_each(
    inputs: impl Iterator<Item = Input>,
    opts: &Options,
    pool: &rayon::ThreadPool,
    sink: impl RecordSink,
    progress: impl FnMut(usize),
) -> anyhow::Result<Summary> {
    extract_each_measured(inputs, opts, pool, sink, progress, &Stats::disabled())
}

/// `extract_each`, timing each stage and counting its outcomes into `stats`.
pub fn extract_each_measured(
    inputs: impl Iterator<Item = Input>,
    opts: &Options,
    pool: &rayon::ThreadPool,
    mut sink: impl RecordSink,
    mut progress: impl FnMut(usize),
    stats: &Stats,
) -> anyhow::Result<Summary> {
    let mut index = dedup::Deduper::new(opts.near_dup);
    let mut summary = Summary::default();
    let mut inputs = inputs.peekable();
    while !opts.stop_requested() && inputs.peek().is_some() {
        let chunk: Vec<Input> = inputs.by_ref().take(CHUNK).collect();
        let cleaned: Vec<(clean::CleanDoc, Option<dedup::Fingerprint>)> =
            stats.phase(Phase::Prepare, || {
                pool.install(|| {
                    chunk
                        .into_par_iter()
                        .map(|input| load_and_clean(input, opts, true, stats))
                        .collect()
                })
            });
        let first = summary.documents;
        let verdicts: Vec<(usize, dedup::DedupDoc, Option<dedup::Fingerprint>)> =
            stats.phase(Phase::Dedup, || {
                stats.time(Stage::Dedup, || {
                    cleaned
                        .into_iter()
                        .enumerate()
                        .map(|(i, (doc, fp))| {
                            (first + i, dedup::check(&mut index, doc, fp.as_ref()), fp)
                        })
                        .collect()
                })
            });
        let rendered: Vec<(String, bool, bool, Option<String>)> =
            stats.phase(Phase::Extract, || {
                pool.install(|| {
                    verdicts
                        .into_par_iter()
                        .map(|(order, doc, fp)| match opts.emit {
                            Emit::Bands => {
                                stats.time(Stage::Render, || render_bands(doc, fp, order))
                            }
                            _ => extract_and_render(doc, opts, stats),
                        })
                        .collect()
                })
            });
        let write_started = stats.is_enabled().then(Instant::now);
        for (lines, failed, duplicate, diagnostic) in rendered {
            if opts.stop_requested() {
                break;
            }
            summary.documents += 1;
            summary.errors += failed as usize;
            summary.duplicates += duplicate as usize;
            let written = stats.time(Stage::Write, || sink.write(DocOutput { lines, diagnostic }));
            if reader_gone(written)? {
                summary.stopped_early = true;
                return Ok(summary);
            }
        }
        // Whole records only sit in the buffer, so flushing here keeps what a reader (or a run
        // stopped by a second signal) sees at a record boundary, and streams output chunk by chunk.
        if reader_gone(stats.time(Stage::Write, || sink.end_chunk()))? {
            summary.stopped_early = true;
            return Ok(summary);
        }
        if let Some(t) = write_started {
            stats.phase_since(Phase::Write, t);
        }
        progress(summary.documents);
    }
    summary.interrupted = opts.stop_requested();
    if stats.is_enabled() {
        summary.index_documents = index.len();
        summary.index_bytes = index.heap_bytes();
    }
    Ok(summary)
}

/// A closed pipe (`| head`) is a reader that has seen enough, not a failure: `Ok(true)`.
fn reader_gone(written: io::Result<()>) -> anyhow::Result<bool> {
    match written {
        Ok(()) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(true),
        Err(e) => Err(e.into()),
    }
}

/// Runs the whole pipeline on one input on the calling thread and returns its rendered view
/// (`Options::emit`). A lone document has nothing to duplicate, so `duplicate_of` is null; bad
/// input gives an error record, as in a run.
pub fn extract_one(input: Input, opts: &Options) -> DocOutput {
    let stats = Stats::disabled();
    let (doc, _) = load_and_clean(input, opts, false, &stats);
    let verdict = dedup::DedupDoc {
        clean: doc,
        duplicate: None,
    };
    let (lines, _, _, diagnostic) = extract_and_render(verdict, opts, &stats);
    DocOutput { lines, diagnostic }
}

/// Loads, decodes, cleans and (for a duplicate check) fingerprints one input; a panic becomes an
/// error record.
fn load_and_clean(
    input: Input,
    opts: &Options,
    fingerprint: bool,
    stats: &Stats,
) -> (clean::CleanDoc, Option<dedup::Fingerprint>) {
    let id = input.id.clone();
    let path = match &input.source {
        ingest::Source::File(p) | ingest::Source::Failed { path: p, .. } => {
            Some(p.to_string_lossy().into_owned())
        }
        ingest::Source::Archived(payload) => Some(payload.path.to_string_lossy().into_owned()),
        _ => None,
    };
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let raw = stats.time(Stage::Load, || ingest::load(input, opts.max_bytes));
        stats.count(Count::BytesIn, raw.content.len());
        let doc = stats.time(Stage::Clean, || clean::clean(raw));
        let fp = (fingerprint && doc.error.is_none() && opts.near_dup <= 1.0)
            .then(|| stats.time(Stage::Fingerprint, || dedup::fingerprint(&doc.text)));
        (doc, fp)
    }));
    result.unwrap_or_else(|_| (internal_error_doc(id, path, "cleaning"), None))
}

fn internal_error_doc(id: String, path: Option<String>, stage: &str) -> clean::CleanDoc {
    clean::CleanDoc {
        id,
        path,
        url: None,
        published: None,
        format: clean::Format::Text,
        title: None,
        text: String::new(),
        repeats_removed: 0,
        error: Some(DocError {
            kind: ErrorKind::Internal,
            message: format!("internal error while {stage} this document (please report it)"),
        }),
    }
}

/// The stderr line for a failed document: its path or id, then the message (which names the
/// path itself when it comes from reading an archive).
fn error_line(name: &str, message: &str) -> String {
    if message.starts_with(name) {
        message.to_string()
    } else {
        format!("{name}: {message}")
    }
}

/// Renders the `bands` view of one document: what a distributed job needs to find and verify
/// duplicates across partitions (see `dedup::BandsRecord`); nothing is extracted.
fn render_bands(
    doc: dedup::DedupDoc,
    fp: Option<dedup::Fingerprint>,
    order: usize,
) -> (String, bool, bool, Option<String>) {
    let message = doc
        .error
        .as_ref()
        .map(|e| error_line(doc.path.as_deref().unwrap_or(&doc.id), &e.message));
    let (failed, is_dup) = (doc.error.is_some(), doc.duplicate.is_some());
    let record = dedup::BandsRecord::new(&doc, fp.as_ref(), order);
    (output::render_json_line(&record), failed, is_dup, message)
}

/// Segments, extracts and renders one document. Returns its output lines, whether it failed,
/// whether it is a duplicate, and a message for stderr.
fn extract_and_render(
    doc: dedup::DedupDoc,
    opts: &Options,
    stats: &Stats,
) -> (String, bool, bool, Option<String>) {
    let is_dup = doc.duplicate.is_some();
    let skip_extraction = doc.clean.error.is_some() || (is_dup && !opts.keep_duplicates);
    let fallback = (doc.clean.id.clone(), doc.clean.path.clone());
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        stats.time(Stage::Extract, || {
            let seg = segment::segment(doc);
            let ex = match (&opts.extractor, skip_extraction) {
                (_, true) => Default::default(),
                (Some(extractor), false) => extractor.extract(&seg),
                (None, false) => extract::extract_document(&seg),
            };
            output::build_record(seg, ex)
        })
    }));
    let record: DocRecord = match result {
        Ok(r) => r,
        Err(_) => {
            let doc = internal_error_doc(fallback.0, fallback.1, "extracting from");
            let seg = segment::segment(dedup::DedupDoc {
                clean: doc,
                duplicate: None,
            });
            output::build_record(seg, Default::default())
        }
    };
    let message = record
        .error
        .as_ref()
        .map(|e| error_line(record.path.as_deref().unwrap_or(&record.id), &e.message));
    let failed = record.error.is_some();
    stats.count(Count::Events, record.events.len());
    stats.count(Count::Quotes, record.quotes.len());
    let lines = stats.time(Stage::Render, || output::render(record, opts.emit));
    (lines, failed, is_dup, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_input(id: &str, text: &str) -> Input {
        ingest::parse_stdin_record(&serde_json::json!({"id": id, "text": text}).to_string(), 1)
    }

    fn run_to_string(inputs: Vec<Input>, opts: &Options) -> String {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let mut out = Vec::new();
        extract_stream(inputs.into_iter(), opts, &pool, &mut out, |_| {}).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn extract_each_hands_over_the_records_extract_stream_writes() {
        let inputs = || {
            vec![
                text_input("a", EXPULSION),
                text_input("b", EXPULSION),
                ingest::parse_stdin_record("not json", 3),
            ]
        };
        let written = run_to_string(inputs(), &Options::default());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut handed = Vec::new();
        let summary = extract_each(
            inputs().into_iter(),
            &Options::default(),
            &pool,
            |doc| {
                handed.push(doc);
                Ok(())
            },
            |_| {},
        )
        .unwrap();
        let joined: String = handed.iter().map(|d| d.lines.as_str()).collect();
        assert_eq!(joined, written);
        assert_eq!(
            (summary.documents, summary.duplicates, summary.errors),
            (3, 1, 1)
        );
        assert!(handed[2].diagnostic.as_deref().unwrap().contains("stdin:3"));
    }

    #[test]
    fn a_sink_that_goes_away_stops_the_run() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let inputs = (0..600).map(|i| text_input(&i.to_string(), EXPULSION));
        let mut taken = 0;
        let summary = extract_each(
            inputs,
            &Options::default(),
            &pool,
            |_| {
                taken += 1;
                if taken == 3 {
                    Err(io::ErrorKind::BrokenPipe.into())
                } else {
                    Ok(())
                }
            },
            |_| {},
        )
        .unwrap();
        assert!(summary.stopped_early);
        assert_eq!(summary.documents, 3);
    }

    #[test]
    fn extract_one_matches_a_run_of_one() {
        let run = run_to_string(vec![text_input("a", EXPULSION)], &Options::default());
        let one = extract_one(text_input("a", EXPULSION), &Options::default());
        assert_eq!(one.lines, run);
        assert!(one.diagnostic.is_none());
        let bad = extract_one(ingest::parse_stdin_record("{}", 1), &Options::default());
        assert!(
            bad.lines.contains("\"error\":{\"kind\":\"bad_record\""),
            "{}",
            bad.lines
        );
    }

    const EXPULSION: &str = "Peru on Friday ordered the expulsion of Venezuela's ambassador.";

    #[test]
    fn the_rules_in_options_drive_extraction() {
        let without_expel: Vec<_> = rules::default_files()
            .into_iter()
            .filter(|f| !f.path.ends_with("patterns/expel.toml"))
            .collect();
        let custom = Extractor::new(RulePack::from_files(without_expel).unwrap());
        let custom_opts = Options {
            extractor: Some(Arc::new(custom)),
            ..Options::default()
        };
        let default_out = run_to_string(vec![text_input("a", EXPULSION)], &Options::default());
        let custom_out = run_to_string(vec![text_input("a", EXPULSION)], &custom_opts);
        assert!(
            default_out.contains("\"action\":\"expel\""),
            "{default_out}"
        );
        assert!(!custom_out.contains("\"action\":\"expel\""), "{custom_out}");
    }
}
