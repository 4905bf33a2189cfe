//! Rules as data: loading, checking and compiling rule packs.
//!
//! A pack is a folder of TOML files. Each file says which `kind` of rules it holds:
//! - `actions`: the action names patterns may produce (`expel`, `recall`, `sever`, ...);
//! - `lexicon`: named word classes (`expel_verb`, `diplomat_noun`, ...), referred to in patterns as
//!   `{class_name}`;
//! - `actors`: countries, organizations and people with their names, demonyms, seats and codes;
//! - `patterns`: pattern rules (regexes over sentences in which actor mentions stand as tokens)
//!   with the examples they must and must not match, and veto rules that cancel a match.
//!
//! Every problem found while loading is reported with file, line and what is wrong.

mod compile;
mod files;
pub mod prefilter;
mod times;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use regex::Regex;

pub use compile::{ACTOR_CLOSE, ACTOR_OPEN};
pub use times::TIME_GROUPS;

include!(concat!(env!("OUT_DIR"), "/default_rules.rs"));

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// File path as given (relative to the pack folder).
    pub file: String,
    /// 1-based line, 0 when the problem concerns the whole file or pack.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// All problems found in a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}

/// Kinds of actor, as rule files name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A state or territory.
    Country,
    /// An organization.
    Organization,
    /// A named person.
    Person,
}

/// One actor of the lexicon.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    /// Code (ISO 3166-1 alpha-3 for countries).
    pub code: String,
    /// Kind.
    pub kind: ActorKind,
    /// Names; the first is the canonical one.
    pub names: Vec<String>,
    /// Adjective / singular demonyms.
    pub demonyms: Vec<String>,
    /// Plural demonyms (people).
    pub demonyms_plural: Vec<String>,
    /// Capitals and seats used for the government.
    pub seats: Vec<String>,
    /// Metonyms for the government (the Kremlin).
    pub institutions: Vec<String>,
    /// Forms that count only when the actor is also named by a strong form in the document.
    pub weak: Vec<String>,
    /// For people: the surname used after first mention.
    pub surname: Option<String>,
    /// For people: titles.
    pub titles: Vec<String>,
}

/// How a pattern's roles relate to the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// The source is the subject before the trigger.
    Active,
    /// The target is the subject; the source follows "by".
    Passive,
}

/// An example sentence carried by a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// Expected source code (None: not checked).
    pub source: Option<String>,
    /// Expected target code.
    pub target: Option<String>,
    /// Expected polarity name.
    pub polarity: Option<String>,
    /// Line in its file.
    pub line: usize,
}

/// A compiled pattern rule.
#[derive(Debug, Clone)]
pub struct PatternRule {
    /// Unique id.
    pub id: String,
    /// Action produced.
    pub action: String,
    /// The compiled pattern.
    pub regex: Regex,
    /// Voice.
    pub voice: Voice,
    /// Whether a missing source may come from context (earlier events, the topic).
    pub context_source: bool,
    /// Whether a missing target may come from context.
    pub context_target: bool,
    /// Whether each event also holds the other way round.
    pub mutual: bool,
    /// Sentences the rule must match.
    pub examples: Vec<Example>,
    /// Sentences in which no event of the rule's action may be found.
    pub counter_examples: Vec<Example>,
    /// File and line, for messages.
    pub file: String,
    /// Line of the rule.
    pub line: usize,
}

/// A compiled veto rule: a match of it around a trigger cancels the event.
#[derive(Debug, Clone)]
pub struct VetoRule {
    /// Unique id.
    pub id: String,
    /// Actions it vetoes (empty: all).
    pub actions: Vec<String>,
    /// The compiled pattern.
    pub regex: Regex,
    /// Sentences in which it must stop every event of its actions.
    pub examples: Vec<Example>,
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
}

/// What a time rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    /// A calendar date at some precision ("Aug. 9", "in late March", "on Friday").
    Date,
    /// A length of time ("72 hours", "a week").
    Duration,
    /// "Immediately", "forthwith".
    Immediate,
    /// A back-reference to an earlier time limit ("with the same deadline").
    Same,
    /// A trap: its matches block every time match they overlap ("may" the verb).
    Veto,
}

impl TimeKind {
    /// Parses a rule file's `kind` value.
    pub fn parse(s: &str) -> Option<TimeKind> {
        Some(match s {
            "date" => TimeKind::Date,
            "duration" => TimeKind::Duration,
            "immediate" => TimeKind::Immediate,
            "same" => TimeKind::Same,
            "veto" => TimeKind::Veto,
            _ => return None,
        })
    }
}

/// An example sentence of a time rule.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExample {
    /// The sentence.
    pub text: String,
    /// Expected words of the expression (None: not checked).
    pub expr: Option<String>,
    /// Expected value, "null" for none (None: not checked).
    pub value: Option<String>,
    /// Publication date to resolve against.
    pub published: Option<String>,
    /// Whether the expression must be a time limit (None: not checked).
    pub deadline: Option<bool>,
    /// Line in its file.
    pub line: usize,
}

/// A compiled time rule.
#[derive(Debug, Clone)]
pub struct TimeRule {
    /// Unique id.
    pub id: String,
    /// What it finds.
    pub kind: TimeKind,
    /// The compiled pattern.
    pub regex: Regex,
    /// Every match is a time limit.
    pub deadline: bool,
    /// A range: value null.
    pub range: bool,
    /// Sentences it must match (a veto: block).
    pub examples: Vec<TimeExample>,
    /// Sentences in which it must find nothing.
    pub counter_examples: Vec<TimeExample>,
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
}

/// A loaded, checked and compiled rule pack.
#[derive(Debug, Clone)]
pub struct RulePack {
    /// Declared actions.
    pub actions: Vec<String>,
    /// Word classes: name -> regex fragment (an alternation).
    pub classes: HashMap<String, String>,
    /// Actors.
    pub actors: Vec<ActorEntry>,
    /// Pattern rules, in file order.
    pub patterns: Vec<PatternRule>,
    /// Veto rules.
    pub vetoes: Vec<VetoRule>,
    /// Compiled cue expressions (negation, hypothetical, titles, ...), by class name.
    pub cues: Cues,
    /// Time rules, in file order; vetoes included.
    pub times: Vec<TimeRule>,
    /// Which pattern rules may match a masked sentence, by the words each needs.
    pub pattern_filter: prefilter::Prefilter,
    /// Which time rules may match a sentence, by the words each needs (see `prefilter`).
    pub time_filter: prefilter::Prefilter,
    /// Normalisation tables of time expressions: table -> folded words -> value.
    pub norms: HashMap<String, HashMap<String, String>>,
}

/// Every class as a regex of its own (a cue: negation, hypothetical, titles, ...), by class name.
/// Classes checked as regexes keep the regex compiled then; plain word lists are compiled on first
/// use, since most classes are only ever parts of patterns and compiling them all took a fifth of
/// the start-up time.
#[derive(Debug, Clone, Default)]
pub struct Cues(HashMap<String, Cue>);

#[derive(Debug, Clone)]
struct Cue {
    /// The source it compiles from (already with ASCII word boundaries).
    source: String,
    regex: once_cell::sync::OnceCell<Option<Regex>>,
}

impl Cues {
    fn insert_compiled(&mut self, name: &str, regex: Regex) {
        let cell = once_cell::sync::OnceCell::new();
        let _ = cell.set(Some(regex));
        self.0.insert(
            name.to_string(),
            Cue {
                source: String::new(),
                regex: cell,
            },
        );
    }

    fn insert_lazy(&mut self, name: &str, source: String) {
        self.0.insert(
            name.to_string(),
            Cue {
                source,
                regex: once_cell::sync::OnceCell::new(),
            },
        );
    }

    /// The cue of a class, compiled on first use; None for a class the pack lacks.
    pub fn get(&self, name: &str) -> Option<&Regex> {
        let cue = self.0.get(name)?;
        cue.regex
            .get_or_init(|| compile::compile_source(&cue.source).ok())
            .as_ref()
    }

    /// Whether `word` is, as a whole, one of the words of the class `name` (false for a class the
    /// pack lacks).
    pub fn is_word(&self, name: &str, word: &str) -> bool {
        self.get(name)
            .and_then(|r| r.find(word))
            .is_some_and(|m| m.start() == 0 && m.end() == word.len())
    }

    /// Whether the pack has a class of that name.
    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no class.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&str> for Cues {
    type Output = Regex;

    fn index(&self, name: &str) -> &Regex {
        self.get(name).expect("no cue of that name")
    }
}

/// Folds a word or phrase for a normalisation-table lookup: lower case, one space between words,
/// typographic apostrophes as plain ones, no trailing full stop ("Sept." = "sept").
pub fn norm_key(s: &str) -> String {
    let lower = s.to_lowercase().replace('\u{2019}', "'");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").trim_end_matches('.').to_string()
}

/// A rule file before parsing.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// Path relative to the pack folder, for messages.
    pub path: String,
    /// Contents.
    pub text: String,
}

impl RulePack {
    /// The default pack embedded in the binary.
    pub fn default_pack() -> Result<RulePack, RuleErrors> {
        RulePack::from_files(default_files())
    }

    /// Loads every `.toml` file under `dir` (recursively, in sorted order).
    pub fn from_dir(dir: &Path) -> Result<RulePack, RuleErrors> {
        RulePack::from_files(read_dir_files(dir)?)
    }

    /// Loads a pack from files already read.
    pub fn from_files(files: Vec<RuleFile>) -> Result<RulePack, RuleErrors> {
        let parsed = files::parse_all(&files)?;
        compile::compile(parsed)
    }
}

/// The default pack's files.
pub fn default_files() -> Vec<RuleFile> {
    DEFAULT_RULES
        .iter()
        .map(|(p, t)| RuleFile {
            path: format!("rules/{p}"),
            text: t.to_string(),
        })
        .collect()
}

/// Reads every `.toml` file under `dir`, recursively, in sorted order.
pub fn read_dir_files(dir: &Path) -> Result<Vec<RuleFile>, RuleErrors> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    collect(dir, &mut out, &mut errors, 0);
    if out.is_empty() && errors.is_empty() {
        errors.push(RuleError {
            file: dir.display().to_string(),
            line: 0,
            message: "no .toml rule files found in this folder".into(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(RuleErrors(errors))
    }
}

fn collect(dir: &Path, out: &mut Vec<RuleFile>, errors: &mut Vec<RuleError>, depth: usize) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(RuleError {
                file: dir.display().to_string(),
                line: 0,
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            if depth < 16 {
                collect(&p, out, errors, depth + 1);
            }
        } else if p.extension().is_some_and(|e| e == "toml") {
            match std::fs::read_to_string(&p) {
                Ok(text) => out.push(RuleFile {
                    path: p.display().to_string(),
                    text,
                }),
                Err(e) => errors.push(RuleError {
                    file: p.display().to_string(),
                    line: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
    }
}

/// Combines packs: `base` first, then `extra` (for `--rules-add`).
pub fn merge_files(mut base: Vec<RuleFile>, extra: Vec<RuleFile>) -> Vec<RuleFile> {
    base.extend(extra);
    base
}
