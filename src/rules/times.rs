//! Checking and compiling time rules and their normalisation tables (files of kind `times`).

use std::collections::{HashMap, HashSet};

use super::compile::ClassTable;
use super::files::{Located, RawClass, RawNorm, RawTime, RawTimeExample, error_at};
use super::prefilter::LiteralSet;
use super::{RuleError, TimeExample, TimeKind, TimeRule, norm_key};

/// Named groups a time pattern may use, with the normalisation table each one is read through
/// (None: the group is read as digits, or only whether it matched counts).
pub const TIME_GROUPS: &[(&str, Option<&str>)] = &[
    ("month", Some("month")),
    ("day", None),
    ("year", None),
    ("weekday", Some("weekday")),
    ("relative", Some("relative")),
    ("season", Some("season")),
    ("num", Some("number")),
    ("unit", Some("unit")),
    ("limit", None),
    ("forward", None),
    ("ago", None),
];

/// The classes a pack's normalisation tables stand for: one per table, its words as plain terms.
pub fn norm_classes(norms: &[Located<RawNorm>]) -> Vec<Located<RawClass>> {
    norms
        .iter()
        .map(|n| Located {
            item: RawClass {
                name: n.item.name.clone(),
                terms: n.item.values.keys().cloned().collect(),
                regex: false,
                description: String::new(),
            },
            file: n.file.clone(),
            line: n.line,
            example_lines: vec![],
        })
        .collect()
}

/// The normalisation tables with their keys folded as lookups fold them.
pub fn norm_tables(norms: &[Located<RawNorm>]) -> HashMap<String, HashMap<String, String>> {
    norms
        .iter()
        .map(|n| {
            let table = n
                .item
                .values
                .iter()
                .map(|(k, v)| (norm_key(k), v.clone()))
                .collect();
            (n.item.name.clone(), table)
        })
        .collect()
}

fn time_example(raw: &RawTimeExample, line: usize) -> TimeExample {
    TimeExample {
        text: raw.text.clone(),
        expr: raw.expr.clone(),
        value: raw.value.clone(),
        published: raw.published.clone(),
        deadline: raw.deadline,
        line,
    }
}

fn plain_time_example(text: &str, line: usize) -> TimeExample {
    TimeExample {
        text: text.to_string(),
        expr: None,
        value: None,
        published: None,
        deadline: None,
        line,
    }
}

/// Problems with a compiled pattern's groups: unknown names, or tables the pack lacks.
fn group_problems(regex: &regex::Regex, kind: TimeKind, norm_names: &HashSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let names: Vec<&str> = regex.capture_names().flatten().collect();
    for name in &names {
        match TIME_GROUPS.iter().find(|(g, _)| g == name) {
            None => {
                let known: Vec<&str> = TIME_GROUPS.iter().map(|(g, _)| *g).collect();
                out.push(format!(
                    "unknown group {name:?} (time groups: {})",
                    known.join(", ")
                ));
            }
            Some((_, Some(table))) if !norm_names.contains(table) => {
                out.push(format!(
                    "group {name:?} needs a [[norm]] table named {table:?}"
                ));
            }
            _ => {}
        }
    }
    if kind == TimeKind::Duration && !names.contains(&"unit") {
        out.push("a duration pattern needs a `unit` group".into());
    }
    out
}

/// Checks every time rule and takes its compiled pattern and literal sets from `compiled` (one
/// per rule, in order); problems go to `errors` with file and line. Returns the rules and the
/// literal sets of each.
pub fn compile_times(
    raw: &[Located<RawTime>],
    table: &ClassTable<'_>,
    mut compiled: impl Iterator<Item = (Result<regex::Regex, String>, Vec<LiteralSet>)>,
    ids: &mut HashSet<String>,
    errors: &mut Vec<RuleError>,
) -> (Vec<TimeRule>, Vec<Vec<LiteralSet>>) {
    let norm_names: HashSet<&str> = table.raw.keys().copied().collect();
    let mut out = Vec::new();
    let mut literal_sets = Vec::new();
    for t in raw {
        let (regex, sets) = compiled.next().expect("one per time rule");
        let item = &t.item;
        let at = |m: String| error_at(&t.file, t.line, m);
        if !ids.insert(item.id.clone()) {
            errors.push(at(format!("rule id {:?} is used twice", item.id)));
        }
        let Some(kind) = TimeKind::parse(&item.kind) else {
            errors.push(at(format!(
                "time rule {:?}: kind must be date, duration, immediate, same or veto, not {:?}",
                item.id, item.kind
            )));
            continue;
        };
        if item.examples.is_empty() {
            errors.push(at(format!(
                "time rule {:?} has no examples: give at least one sentence it must match",
                item.id
            )));
        }
        let regex = match regex {
            Ok(r) => r,
            Err(m) => {
                errors.push(at(format!("time rule {:?}: {m}", item.id)));
                continue;
            }
        };
        literal_sets.push(sets);
        for p in group_problems(&regex, kind, &norm_names) {
            errors.push(at(format!("time rule {:?}: {p}", item.id)));
        }
        let line_of = |i: usize| t.example_lines.get(i).copied().unwrap_or(t.line);
        let examples = item
            .examples
            .iter()
            .enumerate()
            .map(|(i, e)| time_example(e.get_ref(), line_of(i)))
            .collect();
        let counter_examples = item
            .counter_examples
            .iter()
            .enumerate()
            .map(|(i, e)| plain_time_example(e.get_ref(), line_of(item.examples.len() + i)))
            .collect();
        out.push(TimeRule {
            id: item.id.clone(),
            kind,
            regex,
            deadline: item.deadline,
            range: item.range,
            examples,
            counter_examples,
            file: t.file.clone(),
            line: t.line,
        });
    }
    (out, literal_sets)
}

#[cfg(test)]
mod tests {
    use crate::rules::{RuleFile, RulePack};

    fn pack(text: &str) -> Result<RulePack, crate::rules::RuleErrors> {
        RulePack::from_files(vec![RuleFile {
            path: "t.toml".into(),
            text: text.into(),
        }])
    }

    const NORMS: &str = "schema = 1\nkind = \"times\"\n[[norm]]\nname = \"unit\"\nvalues = { hours = \"T1H\", days = \"1D\" }\n[[norm]]\nname = \"number\"\nvalues = { five = \"5\" }\n";

    #[test]
    fn a_good_time_file_compiles_and_its_norms_are_classes() {
        let text = format!(
            "{NORMS}[[time]]\nid = \"d\"\nkind = \"duration\"\npattern = '(?P<num>\\d+|{{number}})\\s+(?P<unit>{{unit}})'\nexamples = [{{ text = \"five days\", value = \"P5D\" }}]\n"
        );
        let p = pack(&text).unwrap();
        assert_eq!(p.times.len(), 1);
        assert_eq!(p.norms["unit"]["hours"], "T1H");
        assert!(p.cues["number"].is_match("Five"));
    }

    #[test]
    fn unknown_groups_kinds_and_missing_examples_name_the_line() {
        let text = format!(
            "{NORMS}[[time]]\nid = \"d\"\nkind = \"duration\"\npattern = '(?P<amount>\\d+) (?P<unit>{{unit}})'\nexamples = [{{ text = \"5 days\" }}]\n[[time]]\nid = \"e\"\nkind = \"epoch\"\npattern = 'x'\n"
        );
        let e = pack(&text).unwrap_err();
        let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("t.toml:9:") && m.contains("unknown group \"amount\"")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("t.toml:14:") && m.contains("kind must be")),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_group_needs_its_table() {
        let text = "schema = 1\nkind = \"times\"\n[[time]]\nid = \"w\"\nkind = \"date\"\npattern = '(?P<weekday>friday)'\nexamples = [{ text = \"on Friday\" }]\n";
        let e = pack(text).unwrap_err();
        assert!(
            e.0[0]
                .message
                .contains("needs a [[norm]] table named \"weekday\""),
            "{e}"
        );
        assert_eq!(e.0[0].line, 3);
    }

    #[test]
    fn time_tables_are_refused_in_other_kinds() {
        let e = pack("schema = 1\nkind = \"lexicon\"\n[[norm]]\nname = \"unit\"\nvalues = {}\n")
            .unwrap_err();
        assert!(e.0[0].message.contains("may only hold [[class]]"), "{e}");
    }
}
