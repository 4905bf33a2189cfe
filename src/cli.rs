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
}

/// Options of `newsrake extract`.
#[derive(Debug, Args, Clone)]
pub struct ExtractArgs {
    /// Files and folders to read (folders recursively, in sorted order); `-` reads JSON Lines
    /// records {"id": ..., "html": ...} or {"id": ..., "text": ...} (optional "url", "date") from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Which records to print: one per document, or one line per event or quote.
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
}
