//! Parsing rule files: TOML to raw rules with their file and line.

use serde::Deserialize;
use toml::Spanned;

use super::{RuleError, RuleErrors, RuleFile};

/// The schema version of rule files this build reads.
pub const RULES_SCHEMA: i64 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Spanned<i64>,
    kind: Spanned<String>,
    #[serde(default)]
    action: Vec<Spanned<RawAction>>,
    #[serde(default)]
    class: Vec<Spanned<RawClass>>,
    #[serde(default)]
    actor: Vec<Spanned<RawActor>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    veto: Vec<Spanned<RawVeto>>,
    #[serde(default)]
    norm: Vec<Spanned<RawNorm>>,
    #[serde(default)]
    time: Vec<Spanned<RawTime>>,
}

/// An action declaration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    /// Name.
    pub name: String,
    /// What it means.
    #[serde(default)]
    #[allow(dead_code)] // for the people who read and review rule files
    pub description: String,
}

/// A word class.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClass {
    /// Name used as `{name}` in patterns.
    pub name: String,
    /// Terms: plain words and phrases, or regex fragments when `regex` is true.
    pub terms: Vec<String>,
    /// Whether terms are regex fragments (they may refer to other classes as `{name}`).
    #[serde(default)]
    pub regex: bool,
    /// What it is for.
    #[serde(default)]
    #[allow(dead_code)] // for the people who read and review rule files
    pub description: String,
}

/// An actor entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    /// Code.
    pub code: Option<String>,
    /// country, organization or person.
    pub kind: String,
    /// Names.
    pub names: Vec<String>,
    #[serde(default)]
    /// Demonyms.
    pub demonyms: Vec<String>,
    #[serde(default)]
    /// Plural demonyms.
    pub demonyms_plural: Vec<String>,
    #[serde(default)]
    /// Seats.
    pub seats: Vec<String>,
    #[serde(default)]
    /// Institutions.
    pub institutions: Vec<String>,
    #[serde(default)]
    /// Weak forms.
    pub weak: Vec<String>,
    /// Surname.
    pub surname: Option<String>,
    #[serde(default)]
    /// Titles.
    pub titles: Vec<String>,
}

/// An example in a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// The sentence.
    pub text: String,
    /// Expected source code.
    pub source: Option<String>,
    /// Expected target code.
    pub target: Option<String>,
    /// Expected polarity.
    pub polarity: Option<String>,
}

/// A pattern rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Unique id.
    pub id: String,
    /// Action produced.
    pub action: String,
    /// Pattern.
    pub pattern: String,
    /// active or passive.
    #[serde(default)]
    pub voice: Option<String>,
    /// May the source come from context.
    #[serde(default = "yes")]
    pub context_source: bool,
    /// May the target come from context.
    #[serde(default = "yes")]
    pub context_target: bool,
    /// Whether each event also holds the other way round ("relations between X and Y").
    #[serde(default)]
    pub mutual: bool,
    /// Sentences it must match.
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
    /// Sentences where no event of this action may be found.
    #[serde(default)]
    pub counter_examples: Vec<Spanned<String>>,
    /// A note.
    #[serde(default)]
    #[allow(dead_code)] // for the people who read and review rule files
    pub description: String,
}

fn yes() -> bool {
    true
}

/// A veto rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVeto {
    /// Unique id.
    pub id: String,
    /// Actions vetoed (empty: all).
    #[serde(default)]
    pub actions: Vec<String>,
    /// Pattern.
    pub pattern: String,
    /// Sentences it must stop.
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    /// A note.
    #[serde(default)]
    #[allow(dead_code)] // for the people who read and review rule files
    pub description: String,
}

/// A normalisation table of time expressions: words to the values they stand for ("sept" -> "09").
/// Its words also form a class of the same name, so that patterns can say `{month}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNorm {
    /// Name, used as `{name}` in patterns and to read a group of the same name.
    pub name: String,
    /// Word or phrase -> value.
    pub values: std::collections::BTreeMap<String, String>,
    /// What it is for.
    #[serde(default)]
    #[allow(dead_code)] // for the people who read and review rule files
    pub description: String,
}

/// An example of a time rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTimeExample {
    /// The sentence.
    pub text: String,
    /// Expected words of the expression (None: not checked).
    pub expr: Option<String>,
    /// Expected value; "null" for none (None: not checked).
    pub value: Option<String>,
    /// Publication date the example is read against.
    pub published: Option<String>,
    /// Whether the expression must be read as a time limit.
    pub deadline: Option<bool>,
}

/// A time rule: a pattern for dates, durations or "immediate", or a veto that blocks them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTime {
    /// Unique id.
    pub id: String,
    /// date, duration, immediate, same (a back-reference to an earlier deadline) or veto.
    pub kind: String,
    /// Pattern; its named groups carry the parts of the value.
    pub pattern: String,
    /// Whether every match is a time limit (otherwise only when the `limit` group matched).
    #[serde(default)]
    pub deadline: bool,
    /// A range: kept as written, value null.
    #[serde(default)]
    pub range: bool,
    /// Sentences it must match (or, for a veto, block).
    #[serde(default)]
    pub examples: Vec<Spanned<RawTimeExample>>,
    /// Sentences in which it must find nothing.
    #[serde(default)]
    pub counter_examples: Vec<Spanned<String>>,
    /// A note.
    #[serde(default)]
    #[allow(dead_code)] // for the people who read and review rule files
    pub description: String,
}

/// An item with the place it was read from.
#[derive(Debug)]
pub struct Located<T> {
    /// The item.
    pub item: T,
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
    /// Lines of its examples, in order.
    pub example_lines: Vec<usize>,
}

/// Every rule of a pack, parsed but not yet checked across files.
#[derive(Debug, Default)]
pub struct ParsedPack {
    /// Actions.
    pub actions: Vec<Located<RawAction>>,
    /// Classes.
    pub classes: Vec<Located<RawClass>>,
    /// Actors.
    pub actors: Vec<Located<RawActor>>,
    /// Pattern rules.
    pub rules: Vec<Located<RawRule>>,
    /// Veto rules.
    pub vetoes: Vec<Located<RawVeto>>,
    /// Normalisation tables of time expressions.
    pub norms: Vec<Located<RawNorm>>,
    /// Time rules.
    pub times: Vec<Located<RawTime>>,
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Byte offsets of the newlines of a file, so that the line of each of its thousands of items is
/// a binary search rather than a count from the top (which made loading quadratic in file size).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// 1-based line of a byte offset, as `line_of` counts it.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// Parses every file; collects every problem before failing.
pub fn parse_all(files: &[RuleFile]) -> Result<ParsedPack, RuleErrors> {
    use rayon::prelude::*;
    // Files are parsed side by side (start-up time), then joined in their order.
    let parsed: Vec<(ParsedPack, Option<RuleError>)> = files
        .par_iter()
        .map(|f| {
            let mut one = ParsedPack::default();
            let e = parse_one(f, &mut one).err();
            (one, e)
        })
        .collect();
    let mut pack = ParsedPack::default();
    let mut errors = Vec::new();
    for (one, e) in parsed {
        pack.actions.extend(one.actions);
        pack.classes.extend(one.classes);
        pack.actors.extend(one.actors);
        pack.rules.extend(one.rules);
        pack.vetoes.extend(one.vetoes);
        pack.norms.extend(one.norms);
        pack.times.extend(one.times);
        errors.extend(e);
    }
    if errors.is_empty() {
        Ok(pack)
    } else {
        Err(RuleErrors(errors))
    }
}

fn parse_one(f: &RuleFile, pack: &mut ParsedPack) -> Result<(), RuleError> {
    let err = |line: usize, message: String| RuleError {
        file: f.path.clone(),
        line,
        message,
    };
    let raw: RawFile = toml::from_str(&f.text).map_err(|e| {
        let line = e.span().map(|s| line_of(&f.text, s.start)).unwrap_or(0);
        err(line, format!("invalid rule file: {}", e.message()))
    })?;
    if *raw.schema.get_ref() != RULES_SCHEMA {
        return Err(err(
            line_of(&f.text, raw.schema.span().start),
            format!(
                "schema {} is not supported (this build reads schema {RULES_SCHEMA})",
                raw.schema.get_ref()
            ),
        ));
    }
    let kind = raw.kind.get_ref().as_str();
    let kind_line = line_of(&f.text, raw.kind.span().start);
    let counts = [
        ("action", raw.action.len()),
        ("class", raw.class.len()),
        ("actor", raw.actor.len()),
        ("rule", raw.rule.len()),
        ("veto", raw.veto.len()),
        ("norm", raw.norm.len()),
        ("time", raw.time.len()),
    ];
    let tables: &[&str] = match kind {
        "actions" => &["action"],
        "lexicon" => &["class"],
        "actors" => &["actor"],
        "patterns" => &["rule", "veto"],
        "times" => &["norm", "time"],
        other => {
            return Err(err(
                kind_line,
                format!(
                    "unknown kind {other:?}: expected \"actions\", \"lexicon\", \"actors\", \"patterns\" or \"times\""
                ),
            ));
        }
    };
    if counts.iter().any(|(t, n)| *n > 0 && !tables.contains(t)) {
        let names: Vec<String> = tables.iter().map(|t| format!("[[{t}]]")).collect();
        return Err(err(
            kind_line,
            format!(
                "a file of kind {kind:?} may only hold {} tables",
                names.join(" and ")
            ),
        ));
    }
    let lines = Lines::new(&f.text);
    let locate = |span: std::ops::Range<usize>| lines.of(span.start.min(f.text.len()));
    for a in raw.action {
        let line = locate(a.span());
        pack.actions.push(Located {
            item: a.into_inner(),
            file: f.path.clone(),
            line,
            example_lines: vec![],
        });
    }
    for c in raw.class {
        let line = locate(c.span());
        pack.classes.push(Located {
            item: c.into_inner(),
            file: f.path.clone(),
            line,
            example_lines: vec![],
        });
    }
    for a in raw.actor {
        let line = locate(a.span());
        pack.actors.push(Located {
            item: a.into_inner(),
            file: f.path.clone(),
            line,
            example_lines: vec![],
        });
    }
    for r in raw.rule {
        let line = locate(r.span());
        let item = r.into_inner();
        let mut example_lines: Vec<usize> =
            item.examples.iter().map(|e| locate(e.span())).collect();
        example_lines.extend(item.counter_examples.iter().map(|e| locate(e.span())));
        pack.rules.push(Located {
            item,
            file: f.path.clone(),
            line,
            example_lines,
        });
    }
    for v in raw.veto {
        let line = locate(v.span());
        let item = v.into_inner();
        let example_lines = item.examples.iter().map(|e| locate(e.span())).collect();
        pack.vetoes.push(Located {
            item,
            file: f.path.clone(),
            line,
            example_lines,
        });
    }
    for n in raw.norm {
        let line = locate(n.span());
        pack.norms.push(Located {
            item: n.into_inner(),
            file: f.path.clone(),
            line,
            example_lines: vec![],
        });
    }
    for t in raw.time {
        let line = locate(t.span());
        let item = t.into_inner();
        let mut example_lines: Vec<usize> =
            item.examples.iter().map(|e| locate(e.span())).collect();
        example_lines.extend(item.counter_examples.iter().map(|e| locate(e.span())));
        pack.times.push(Located {
            item,
            file: f.path.clone(),
            line,
            example_lines,
        });
    }
    Ok(())
}

/// Errors for a file, helper for `compile`.
pub fn error_at(file: &str, line: usize, message: impl Into<String>) -> RuleError {
    RuleError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> RuleFile {
        RuleFile {
            path: "t.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn line_index_agrees_with_counting() {
        let text = "a\n\nbc\nd";
        let lines = Lines::new(text);
        for offset in 0..=text.len() {
            assert_eq!(lines.of(offset), line_of(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e =
            parse_all(&[file("schema = 1\nkind = \"lexicon\"\n[[class]\nname = 1\n")]).unwrap_err();
        assert_eq!(e.0[0].file, "t.toml");
        assert_eq!(e.0[0].line, 3, "{e}");
    }

    #[test]
    fn unknown_fields_and_kinds_are_errors() {
        let e = parse_all(&[file(
            "schema = 1\nkind = \"lexicon\"\n[[class]]\nname = \"a\"\nterms = []\ncolour = 1\n",
        )])
        .unwrap_err();
        assert!(e.0[0].message.contains("colour"), "{e}");
        let e = parse_all(&[file("schema = 1\nkind = \"words\"\n")]).unwrap_err();
        assert_eq!(e.0[0].line, 2);
        let e = parse_all(&[file("schema = 2\nkind = \"lexicon\"\n")]).unwrap_err();
        assert!(e.0[0].message.contains("schema 2"));
    }
}
