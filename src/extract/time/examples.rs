//! Runs the examples of the time rules: each sentence must give an expression of its rule with
//! the words, value and time-limit reading it names; a counter-example must give none; a veto's
//! sentence must match the veto and keep every time rule off its words.

use super::{Found, find_times};
use crate::extract::examples::ExampleFailure;
use crate::rules::{RulePack, TimeExample, TimeKind, TimeRule};
use crate::segment::split_sentences;

fn found_in(pack: &RulePack, ex: &TimeExample) -> Vec<Found> {
    find_times(
        pack,
        &ex.text,
        &split_sentences(&ex.text),
        ex.published.as_deref(),
    )
}

fn describe(text: &str, found: &[Found]) -> String {
    let all: Vec<String> = found
        .iter()
        .map(|f| {
            format!(
                "{:?}={} ({}{})",
                &text[f.expr.span.clone()],
                f.expr.value.as_deref().unwrap_or("null"),
                f.rule,
                if f.deadline { ", limit" } else { "" }
            )
        })
        .collect();
    if all.is_empty() {
        "nothing".into()
    } else {
        all.join("; ")
    }
}

/// Whether one found expression is what the example asks of its rule.
fn fits(rule: &TimeRule, ex: &TimeExample, f: &Found) -> bool {
    f.rule == rule.id
        && ex
            .expr
            .as_ref()
            .is_none_or(|w| ex.text.get(f.expr.span.clone()) == Some(w.as_str()))
        && ex
            .value
            .as_ref()
            .is_none_or(|v| f.expr.value.as_deref().unwrap_or("null") == v)
        && ex.deadline.is_none_or(|d| f.deadline == d)
}

fn check_veto(pack: &RulePack, rule: &TimeRule, ex: &TimeExample) -> Option<String> {
    let Some(m) = rule.regex.find(&ex.text) else {
        return Some(format!("veto does not match {:?}", ex.text));
    };
    let found = found_in(pack, ex);
    found
        .iter()
        .any(|f| f.expr.span.start < m.end() && m.start() < f.expr.span.end)
        .then(|| {
            format!(
                "veto did not stop {:?}: {}",
                ex.text,
                describe(&ex.text, &found)
            )
        })
}

/// Runs every time rule's examples; adds failures and returns how many examples ran.
pub fn run_time_examples(pack: &RulePack, failures: &mut Vec<ExampleFailure>) -> usize {
    let mut count = 0;
    for rule in &pack.times {
        let fail = |line, message| ExampleFailure::at(&rule.file, &rule.id, line, message);
        for ex in &rule.examples {
            count += 1;
            let problem = if rule.kind == TimeKind::Veto {
                check_veto(pack, rule, ex)
            } else {
                let found = found_in(pack, ex);
                (!found.iter().any(|f| fits(rule, ex, f))).then(|| {
                    format!(
                        "expected {} {} in {:?}, got {}",
                        ex.expr.as_deref().unwrap_or("an expression"),
                        ex.value.as_deref().unwrap_or(""),
                        ex.text,
                        describe(&ex.text, &found)
                    )
                })
            };
            if let Some(p) = problem {
                failures.push(fail(ex.line, p));
            }
        }
        for ex in &rule.counter_examples {
            count += 1;
            let found = found_in(pack, ex);
            if found.iter().any(|f| f.rule == rule.id) {
                failures.push(fail(
                    ex.line,
                    format!(
                        "counter-example {:?} gave {}",
                        ex.text,
                        describe(&ex.text, &found)
                    ),
                ));
            }
        }
    }
    count
}
