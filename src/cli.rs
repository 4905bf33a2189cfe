//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Emit;

/// newsrake turns folders of news articles into structured JSON Lines: cleaned text, actors,
/// diplomatic events (expel, recall, sever) with who did what to whom, deadlines and quotes.
#[derive(Debug, Parser)]
#[command(name = "newsrake", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract one JSON record per document from files, folders or stdin.
    ///
    /// Examples:
    ///   newsrake extract corpus/ > out.jsonl
    ///   newsrake extract --emit events corpus/ | jq .action
    ///   printf '{"id":"a","text":"Peru expelled Venezuela\u0027s ambassador."}\n' | newsrake extract -
    #[command(verbatim_doc_comment)]
    Extract(ExtractArgs),

    /// Check a rule pack or run its examples.
    #[command(subcommand)]
    Rules(RulesCommand),

    /// Score records against a gold file (format of shared/gold/seeds.gold.json).
    ///
    /// INPUTS are either one JSON Lines file of records (as `newsrake extract` prints them) or
    /// files and folders to run the pipeline on first.
    ///
    /// Examples:
    ///   newsrake eval gold/dev.gold.json ../shared/corpora/news-pages/web ../shared/corpora/news-pages/archive
    ///   newsrake extract corpus/ > out.jsonl && newsrake eval gold/corpus.gold.json out.jsonl
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),
}

/// `newsrake rules ...`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load and check every rule file; report each problem as FILE:LINE: MESSAGE (exit 2 if any).
    Check(RulesDirArg),
    /// Run every rule's examples (sentences it must and must not match); exit 1 if any fails.
    Test(RulesDirArg),
}

/// The pack a `rules` subcommand works on.
#[derive(Debug, Args, Clone)]
pub struct RulesDirArg {
    /// Rule folder (default: the pack embedded in the binary).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Which rules to use.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleArgs {
    /// Use the rule files in DIR instead of the default pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Add the rule files in DIR to the pack (may be repeated): new actions, classes, actors, patterns.
    #[arg(long, value_name = "DIR")]
    pub rules_add: Vec<PathBuf>,
}

/// Options of `newsrake eval`.
#[derive(Debug, Args, Clone)]
pub struct EvalArgs {
    /// Gold file.
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,

    /// A records file (.jsonl) or files and folders to extract from.
    #[arg(required = true, value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,

    /// Print the scores as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// List every missed and extra event.
    #[arg(short, long)]
    pub verbose: bool,

    /// Rules.
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Options of `newsrake extract`.
#[derive(Debug, Args, Clone)]
pub struct ExtractArgs {
    /// Files and folders to read (folders recursively, in sorted order); `-` reads JSON Lines
    /// records {"id": ..., "html": ...} or {"id": ..., "text": ...} (optional "url", "date") from stdin.
    /// gzip files are inflated; WARC(.gz) archives and .jsonl(.gz) files give one document per record.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Which records to print: one per document, one line per event or quote, or each
    /// document's MinHash band keys and shingle set (`bands`: for finding duplicates across the
    /// partitions of a distributed run; nothing is extracted).
    #[arg(long, value_enum, default_value = "docs")]
    pub emit: Emit,

    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Jaccard similarity of word 5-shingles at or above which a document is a near duplicate of an
    /// earlier one (1.0 keeps exact duplicates only).
    #[arg(long, value_name = "THRESHOLD", default_value_t = 0.8)]
    pub near_dup: f64,

    /// Extract events and quotes from duplicates too (they are still marked with `duplicate_of`).
    #[arg(long)]
    pub keep_duplicates: bool,

    /// Inputs larger than this many bytes get an error record instead of being read.
    #[arg(long, value_name = "BYTES", default_value_t = 50_000_000)]
    pub max_bytes: u64,

    /// Never show progress on stderr, even on a terminal.
    #[arg(short, long)]
    pub quiet: bool,

    /// At the end, print one JSON object on stderr with the time spent in each stage (load,
    /// clean, fingerprint, dedup, extract, render, write) and the counts (documents, bytes in,
    /// errors, duplicates, events, quotes, duplicate index size).
    #[arg(long)]
    pub stats: bool,

    /// Rules.
    #[command(flatten)]
    pub rules: RuleArgs,
}
