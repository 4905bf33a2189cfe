//! Checking and compiling a parsed pack: class expansion, placeholders, regexes, cross-references.

use std::collections::{HashMap, HashSet};

use once_cell::sync::Lazy;
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

use super::files::{Located, ParsedPack, RawExample, error_at};
use super::{
    ActorEntry, ActorKind, Cues, Example, PatternRule, RuleError, RuleErrors, RulePack, VetoRule,
    Voice,
};

/// Marks the start of an actor token in a masked sentence (a private-use character).
pub const ACTOR_OPEN: char = '\u{E000}';
/// Marks the end of an actor token.
pub const ACTOR_CLOSE: char = '\u{E001}';

/// Compiled patterns may not grow past this (bytes of compiled program), so one careless class
/// cannot make a pack unusably slow.
const REGEX_SIZE_LIMIT: usize = 8 * 1024 * 1024;

static PLACEHOLDER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("static regex"));

/// Built-in placeholders, in upper case so they never clash with class names.
fn builtin(name: &str) -> Option<String> {
    let token = |kinds: &str| format!("(?:\\x{{E000}}[{kinds}]\\d+\\x{{E001}})");
    Some(match name {
        // Any actor mention: country name, demonym, people, seat, institution, organization,
        // person, group of countries, reference back to a group.
        "ACTOR" => token("CDGSIOPXR"),
        // Mentions that can stand for a government: everything but people of a nationality.
        "STATE" => token("CDSIOXR"),
        "DEMONYM" => token("DG"),
        "PERSON" => token("P"),
        "POSS" => "(?:['\u{2019}]s?)".to_string(),
        _ => return None,
    })
}

/// Turns one plain term into a regex: escaped, flexible spaces and apostrophes, word boundaries
/// where the term begins or ends with a word character.
fn term_regex(term: &str) -> String {
    let body = regex::escape(term)
        .replace(' ', r"\s+")
        .replace('\'', "['\u{2019}]");
    let starts = term.chars().next().is_some_and(|c| c.is_alphanumeric());
    let ends = term.chars().last().is_some_and(|c| c.is_alphanumeric());
    format!(
        "{}{}{}",
        if starts { r"\b" } else { "" },
        body,
        if ends { r"\b" } else { "" }
    )
}

pub(super) struct ClassTable<'a> {
    pub(super) raw: HashMap<&'a str, &'a Located<super::files::RawClass>>,
    done: HashMap<String, String>,
    /// Regex classes as compiled when checked, kept as their cues (no second compile).
    compiled: HashMap<String, Regex>,
}

impl<'a> ClassTable<'a> {
    /// Expands a class to its regex, resolving references to other classes; `stack` detects cycles.
    fn expand(&mut self, name: &str, stack: &mut Vec<String>) -> Result<String, RuleError> {
        if let Some(done) = self.done.get(name) {
            return Ok(done.clone());
        }
        let Some(c) = self.raw.get(name).copied() else {
            return Err(error_at("", 0, format!("unknown class {{{name}}}")));
        };
        if stack.iter().any(|s| s == name) {
            stack.push(name.to_string());
            return Err(error_at(
                &c.file,
                c.line,
                format!("class cycle: {}", stack.join(" -> ")),
            ));
        }
        stack.push(name.to_string());
        let mut terms: Vec<&String> = c.item.terms.iter().collect();
        // Longest first, so that "charge d'affaires" wins over "charge" in an alternation.
        terms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut alts = Vec::new();
        for t in terms {
            if t.trim().is_empty() {
                return Err(error_at(
                    &c.file,
                    c.line,
                    format!("class {name:?} has an empty term"),
                ));
            }
            if c.item.regex {
                alts.push(self.expand_placeholders(t, stack).map_err(|mut e| {
                    if e.file.is_empty() {
                        e.file = c.file.clone();
                        e.line = c.line;
                        e.message = format!("in class {name:?}: {}", e.message);
                    }
                    e
                })?);
            } else {
                alts.push(term_regex(t));
            }
        }
        stack.pop();
        let re = format!("(?:{})", alts.join("|"));
        if c.item.regex {
            match compile_regex(&re) {
                Ok(r) => {
                    self.compiled.insert(name.to_string(), r);
                }
                Err(e) => {
                    return Err(error_at(
                        &c.file,
                        c.line,
                        format!("class {name:?} is not a valid regex: {e}"),
                    ));
                }
            }
        }
        self.done.insert(name.to_string(), re.clone());
        Ok(re)
    }

    /// A rule's pattern with its classes expanded; the error says what is wrong.
    fn expand_pattern(&mut self, pattern: &str) -> Result<String, String> {
        self.expand_placeholders(pattern, &mut Vec::new())
            .map_err(|e| e.message)
    }

    fn expand_placeholders(
        &mut self,
        pattern: &str,
        stack: &mut Vec<String>,
    ) -> Result<String, RuleError> {
        let mut out = String::new();
        let mut last = 0;
        for cap in PLACEHOLDER.captures_iter(pattern) {
            let m = cap.get(0).expect("group 0");
            let name = &cap[1];
            out.push_str(&pattern[last..m.start()]);
            match builtin(name) {
                Some(b) => out.push_str(&b),
                None => out.push_str(&self.expand(name, stack)?),
            }
            last = m.end();
        }
        out.push_str(&pattern[last..]);
        Ok(out)
    }
}

const ASCII_BOUNDARY: &str = r"(?-u:\b)";

/// The source a pattern is compiled from: rule authors write \b; it is read as an ASCII word
/// boundary for speed (see term_regex).
fn regex_source(pattern: &str) -> String {
    pattern.replace(r"\b", ASCII_BOUNDARY)
}

fn compile_regex(pattern: &str) -> Result<Regex, String> {
    compile_source(&regex_source(pattern))
}

/// Compiles a source made by `regex_source`.
pub(super) fn compile_source(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        // Each rule regex keeps a lazy-DFA cache per thread, filled by the variety of the text it
        // reads: 1 MB each (the default is 2) keeps peak memory flat from 1,000 to 100,000
        // documents at the same speed (256 KB made extraction 30% slower).
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!(
                    "pattern compiles to more than {limit} bytes; split it or narrow its classes"
                )
            }
            other => other.to_string(),
        })
}

fn example(raw: &RawExample, line: usize) -> Example {
    Example {
        text: raw.text.clone(),
        source: raw.source.clone(),
        target: raw.target.clone(),
        polarity: raw.polarity.clone(),
        line,
    }
}

fn plain_example(text: &str, line: usize) -> Example {
    Example {
        text: text.to_string(),
        source: None,
        target: None,
        polarity: None,
        line,
    }
}

const POLARITIES: &[&str] = &["asserted", "negated", "hypothetical"];

/// A plain class (escaped words, `\s+`, apostrophes, word boundaries) whose regex is at most this
/// long cannot reach `REGEX_SIZE_LIMIT`: such pieces compile to at most about 250 bytes per byte
/// of source (measured; `\s+` is the largest), a quarter of the 1,024 this length allows. Its cue
/// is compiled on first use; most classes are only ever parts of patterns.
const LAZY_CUE_MAX: usize = 8 * 1024;

/// One compiled (or not yet compiled) regex per pattern, and the literals each needs; in
/// parallel, since this is most of the start-up time.
fn compile_all(expanded: &[Result<String, String>]) -> Vec<(Result<Regex, String>, LiteralSets)> {
    expanded
        .par_iter()
        .map(|e| match e {
            Ok(p) => {
                let source = regex_source(p);
                let (regex, sets) = rayon::join(
                    || compile_source(&source).map_err(|e| format!("bad pattern: {e}")),
                    || super::prefilter::required_literals(&source),
                );
                (regex, sets)
            }
            Err(m) => (Err(m.clone()), vec![]),
        })
        .collect()
}

/// The literal sets of one pattern (see `prefilter::required_literals`).
type LiteralSets = Vec<Vec<Vec<u8>>>;

/// Checks a parsed pack and compiles it; collects every problem.
pub fn compile(parsed: ParsedPack) -> Result<RulePack, RuleErrors> {
    let mut errors: Vec<RuleError> = Vec::new();

    let mut actions = Vec::new();
    for a in &parsed.actions {
        if actions.contains(&a.item.name) {
            errors.push(error_at(
                &a.file,
                a.line,
                format!("action {:?} is declared twice", a.item.name),
            ));
        } else {
            actions.push(a.item.name.clone());
        }
    }

    let mut table = ClassTable {
        raw: HashMap::new(),
        done: HashMap::new(),
        compiled: HashMap::new(),
    };
    // A time normalisation table is also a class of its words, so patterns can name it.
    let norm_classes = super::times::norm_classes(&parsed.norms);
    for c in parsed.classes.iter().chain(&norm_classes) {
        if table.raw.insert(c.item.name.as_str(), c).is_some() {
            errors.push(error_at(
                &c.file,
                c.line,
                format!("class {:?} is defined twice", c.item.name),
            ));
        }
        if c.item.terms.is_empty() {
            errors.push(error_at(
                &c.file,
                c.line,
                format!("class {:?} has no terms", c.item.name),
            ));
        }
    }
    let mut classes = HashMap::new();
    let mut cues = Cues::default();
    let mut names: Vec<&str> = table.raw.keys().copied().collect();
    names.sort();
    for name in names {
        match table.expand(name, &mut Vec::new()) {
            Ok(re) => {
                if let Some(r) = table.compiled.get(name) {
                    cues.insert_compiled(name, r.clone());
                } else if re.len() <= LAZY_CUE_MAX {
                    cues.insert_lazy(name, regex_source(&re));
                } else {
                    match compile_regex(&re) {
                        Ok(r) => cues.insert_compiled(name, r),
                        Err(e) => {
                            let c = table.raw[name];
                            errors.push(error_at(&c.file, c.line, format!("class {name:?}: {e}")));
                        }
                    }
                }
                classes.insert(name.to_string(), re);
            }
            Err(e) => {
                if !errors.contains(&e) {
                    errors.push(e);
                }
            }
        }
    }

    let actors = compile_actors(&parsed, &mut errors);

    // Every pattern is expanded here (in file order: rules, vetoes, time rules), then all are
    // compiled at once; the loops below report problems in the same order as before.
    let expanded: Vec<Result<String, String>> = parsed
        .rules
        .iter()
        .map(|r| &r.item.pattern)
        .chain(parsed.vetoes.iter().map(|v| &v.item.pattern))
        .chain(parsed.times.iter().map(|t| &t.item.pattern))
        .map(|p| table.expand_pattern(p))
        .collect();
    let mut compiled = compile_all(&expanded).into_iter();
    let mut pattern_sets = Vec::new();

    let mut ids = HashSet::new();
    let mut patterns = Vec::new();
    for r in &parsed.rules {
        let item = &r.item;
        let at = |m: String| error_at(&r.file, r.line, m);
        if !ids.insert(item.id.clone()) {
            errors.push(at(format!("rule id {:?} is used twice", item.id)));
        }
        if !actions.contains(&item.action) {
            errors.push(at(format!(
                "rule {:?}: unknown action {:?} (declared actions: {})",
                item.id,
                item.action,
                actions.join(", ")
            )));
        }
        if item.examples.is_empty() {
            errors.push(at(format!(
                "rule {:?} has no examples: give at least one sentence it must match",
                item.id
            )));
        }
        let voice = match item.voice.as_deref() {
            None | Some("active") => Voice::Active,
            Some("passive") => Voice::Passive,
            Some(v) => {
                errors.push(at(format!(
                    "rule {:?}: voice must be \"active\" or \"passive\", not {v:?}",
                    item.id
                )));
                Voice::Active
            }
        };
        let mut examples = Vec::new();
        for (i, e) in item.examples.iter().enumerate() {
            let line = r.example_lines.get(i).copied().unwrap_or(r.line);
            let e = e.get_ref();
            if let Some(p) = &e.polarity
                && !POLARITIES.contains(&p.as_str())
            {
                errors.push(error_at(
                    &r.file,
                    line,
                    format!("example polarity {p:?} is not one of {POLARITIES:?}"),
                ));
            }
            examples.push(example(e, line));
        }
        let counter_examples = item
            .counter_examples
            .iter()
            .enumerate()
            .map(|(i, t)| {
                plain_example(
                    t.get_ref(),
                    r.example_lines
                        .get(item.examples.len() + i)
                        .copied()
                        .unwrap_or(r.line),
                )
            })
            .collect();
        let (regex, sets) = compiled.next().expect("one per rule");
        let regex = match regex {
            Ok(r) => r,
            Err(m) => {
                errors.push(at(format!("rule {:?}: {m}", item.id)));
                continue;
            }
        };
        pattern_sets.push(sets);
        patterns.push(PatternRule {
            id: item.id.clone(),
            action: item.action.clone(),
            regex,
            voice,
            context_source: item.context_source,
            context_target: item.context_target,
            mutual: item.mutual,
            examples,
            counter_examples,
            file: r.file.clone(),
            line: r.line,
        });
    }

    let mut vetoes = Vec::new();
    for v in &parsed.vetoes {
        let item = &v.item;
        let at = |m: String| error_at(&v.file, v.line, m);
        if !ids.insert(item.id.clone()) {
            errors.push(at(format!("rule id {:?} is used twice", item.id)));
        }
        for a in &item.actions {
            if !actions.contains(a) {
                errors.push(at(format!("veto {:?}: unknown action {a:?}", item.id)));
            }
        }
        if item.examples.is_empty() {
            errors.push(at(format!(
                "veto {:?} has no examples: give at least one sentence it must stop",
                item.id
            )));
        }
        let examples = item
            .examples
            .iter()
            .enumerate()
            .map(|(i, t)| {
                plain_example(
                    t.get_ref(),
                    v.example_lines.get(i).copied().unwrap_or(v.line),
                )
            })
            .collect();
        let regex = match compiled.next().expect("one per veto").0 {
            Ok(r) => r,
            Err(m) => {
                errors.push(at(format!("veto {:?}: {m}", item.id)));
                continue;
            }
        };
        vetoes.push(VetoRule {
            id: item.id.clone(),
            actions: item.actions.clone(),
            regex,
            examples,
            file: v.file.clone(),
            line: v.line,
        });
    }

    let (times, time_sets) =
        super::times::compile_times(&parsed.times, &table, compiled, &mut ids, &mut errors);
    let norms = super::times::norm_tables(&parsed.norms);
    let pattern_filter = super::prefilter::Prefilter::from_sets(pattern_sets);
    let time_filter = super::prefilter::Prefilter::from_sets(time_sets);

    if errors.is_empty() {
        Ok(RulePack {
            actions,
            classes,
            actors,
            patterns,
            vetoes,
            cues,
            times,
            pattern_filter,
            time_filter,
            norms,
        })
    } else {
        Err(RuleErrors(errors))
    }
}

fn compile_actors(parsed: &ParsedPack, errors: &mut Vec<RuleError>) -> Vec<ActorEntry> {
    let mut out = Vec::new();
    for a in &parsed.actors {
        let item = &a.item;
        let at = |m: String| error_at(&a.file, a.line, m);
        let kind = match item.kind.as_str() {
            "country" => ActorKind::Country,
            "organization" => ActorKind::Organization,
            "person" => ActorKind::Person,
            other => {
                errors.push(at(format!(
                    "actor kind {other:?} is not country, organization or person"
                )));
                continue;
            }
        };
        if item.names.is_empty() {
            errors.push(at("actor has no names".into()));
            continue;
        }
        let code = match (&item.code, kind) {
            (Some(c), _)
                if !c.is_empty()
                    && c.chars()
                        .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()) =>
            {
                c.clone()
            }
            (Some(c), _) => {
                errors.push(at(format!(
                    "actor code {c:?} must be upper-case letters and digits"
                )));
                continue;
            }
            (None, ActorKind::Person) => String::new(),
            (None, _) => {
                errors.push(at(format!("actor {:?} has no code", item.names[0])));
                continue;
            }
        };
        let all = item
            .names
            .iter()
            .chain(&item.demonyms)
            .chain(&item.demonyms_plural)
            .chain(&item.seats)
            .chain(&item.institutions)
            .chain(&item.surname);
        if let Some(bad) = all
            .clone()
            .find(|s| s.trim().is_empty() || s.trim() != s.as_str())
        {
            errors.push(at(format!(
                "actor {:?}: form {bad:?} is empty or has surrounding spaces",
                item.names[0]
            )));
        }
        for w in &item.weak {
            if !all.clone().any(|s| s == w) {
                errors.push(at(format!(
                    "actor {:?}: weak form {w:?} is not one of its forms",
                    item.names[0]
                )));
            }
        }
        out.push(ActorEntry {
            code,
            kind,
            names: item.names.clone(),
            demonyms: item.demonyms.clone(),
            demonyms_plural: item.demonyms_plural.clone(),
            seats: item.seats.clone(),
            institutions: item.institutions.clone(),
            weak: item.weak.clone(),
            surname: item.surname.clone(),
            titles: item.titles.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::{RuleFile, RulePack};

    fn pack(files: &[(&str, &str)]) -> Result<RulePack, crate::rules::RuleErrors> {
        RulePack::from_files(
            files
                .iter()
                .map(|(p, t)| RuleFile {
                    path: p.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        )
    }

    const ACTIONS: (&str, &str) = (
        "actions.toml",
        "schema = 1\nkind = \"actions\"\n[[action]]\nname = \"expel\"\n",
    );
    const LEX: (&str, &str) = (
        "lex.toml",
        "schema = 1\nkind = \"lexicon\"\n[[class]]\nname = \"expel_verb\"\nterms = [\"expelled\", \"kicked out\"]\n",
    );

    #[test]
    fn unknown_class_names_file_and_line() {
        let rules = "schema = 1\nkind = \"patterns\"\n\n[[rule]]\nid = \"a\"\naction = \"expel\"\npattern = '{expel_nonn}'\nexamples = [{text = \"x\"}]\n";
        let e = pack(&[ACTIONS, LEX, ("p.toml", rules)]).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        assert_eq!((e.0[0].file.as_str(), e.0[0].line), ("p.toml", 4));
        assert!(e.0[0].message.contains("expel_nonn"), "{e}");
    }

    #[test]
    fn bad_regex_unknown_action_duplicate_id_missing_examples() {
        let rules = "schema = 1\nkind = \"patterns\"\n[[rule]]\nid = \"a\"\naction = \"expel\"\npattern = '({expel_verb}'\nexamples = [{text = \"x\"}]\n[[rule]]\nid = \"a\"\naction = \"bomb\"\npattern = 'x'\n";
        let e = pack(&[ACTIONS, LEX, ("p.toml", rules)]).unwrap_err();
        let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("p.toml:3:") && m.contains("bad pattern")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("p.toml:8:") && m.contains("used twice")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("unknown action \"bomb\"")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("no examples")), "{msgs:?}");
    }

    #[test]
    fn class_cycle_is_reported() {
        let lex = "schema = 1\nkind = \"lexicon\"\n[[class]]\nname = \"a\"\nregex = true\nterms = ['{b}']\n[[class]]\nname = \"b\"\nregex = true\nterms = ['{a}']\n";
        let e = pack(&[("lex.toml", lex)]).unwrap_err();
        assert!(e.0.iter().any(|e| e.message.contains("cycle")), "{e}");
    }

    #[test]
    fn oversized_pattern_is_reported() {
        let lex = "schema = 1\nkind = \"lexicon\"\n[[class]]\nname = \"w\"\nregex = true\nterms = ['\\w{500}']\n";
        let rules = "schema = 1\nkind = \"patterns\"\n[[rule]]\nid = \"big\"\naction = \"expel\"\npattern = '{w}{w}{w}{w}{w}{w}{w}{w}{w}{w}'\nexamples = [{text = \"x\"}]\n";
        let e = pack(&[ACTIONS, ("lex.toml", lex), ("p.toml", rules)]).unwrap_err();
        assert!(e.0.iter().any(|e| e.message.contains("more than")), "{e}");
    }

    #[test]
    fn classes_expand_with_boundaries_and_flexible_apostrophes() {
        let lex = "schema = 1\nkind = \"lexicon\"\n[[class]]\nname = \"dip\"\nterms = [\"charge d'affaires\", \"envoy\"]\n";
        let p = pack(&[("lex.toml", lex)]).unwrap();
        let re = &p.cues["dip"];
        assert!(re.is_match("the charge d\u{2019}affaires left"));
        assert!(re.is_match("the ENVOY left"));
        assert!(!re.is_match("the envoys left"));
    }
}
