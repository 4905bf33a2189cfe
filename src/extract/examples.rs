//! Runs the examples every rule carries: sentences a pattern must match (with the event they must
//! give), sentences in which its action must not be found, and sentences a veto must stop.

use super::{Extraction, Extractor};
use crate::clean::{self, CleanDoc};
use crate::dedup::DedupDoc;
use crate::ingest::{Declared, RawDoc};
use crate::segment::{self, SegmentedDoc};

/// One example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    /// Rule file.
    pub file: String,
    /// Line of the example.
    pub line: usize,
    /// Rule id.
    pub rule: String,
    /// What went wrong.
    pub message: String,
}

impl ExampleFailure {
    /// A failure of the example at `line` of the rule `rule` in `file`.
    pub fn at(file: &str, rule: &str, line: usize, message: String) -> ExampleFailure {
        ExampleFailure {
            file: file.to_string(),
            line,
            rule: rule.to_string(),
            message,
        }
    }
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: rule {}: {}",
            self.file, self.line, self.rule, self.message
        )
    }
}

/// Cleans, segments and extracts one piece of plain text, as the pipeline would.
pub fn extract_text(x: &Extractor, text: &str) -> (SegmentedDoc, Extraction) {
    let raw = RawDoc {
        id: "example".into(),
        path: None,
        content: text.to_string(),
        declared: Some(Declared::Text),
        url: None,
        date: None,
        fallback_date: None,
        error: None,
    };
    let clean: CleanDoc = clean::clean(raw);
    let seg = segment::segment(DedupDoc {
        clean,
        duplicate: None,
    });
    let ex = x.extract(&seg);
    (seg, ex)
}

fn describe(ex: &Extraction) -> String {
    let events: Vec<String> = ex
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {}->{} {} ({})",
                e.action,
                e.source
                    .as_ref()
                    .and_then(|s| s.code.as_deref())
                    .unwrap_or("?"),
                e.target
                    .as_ref()
                    .and_then(|s| s.code.as_deref())
                    .unwrap_or("?"),
                e.polarity.as_str(),
                e.rule
            )
        })
        .collect();
    if events.is_empty() {
        "no events".into()
    } else {
        events.join("; ")
    }
}

/// Runs every example of every rule; returns the failures and the number of examples run.
pub fn run_examples(x: &Extractor) -> (Vec<ExampleFailure>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in &x.pack.patterns {
        let fail = |line, message| ExampleFailure::at(&rule.file, &rule.id, line, message);
        for ex in &rule.examples {
            count += 1;
            let (seg, got) = extract_text(x, &ex.text);
            let fired = got.events.iter().any(|e| e.rule == rule.id);
            let wanted =
                got.events.iter().any(|e| {
                    e.action == rule.action
                        && ex.source.as_ref().is_none_or(|s| {
                            e.source.as_ref().and_then(|r| r.code.as_ref()) == Some(s)
                        })
                        && ex.target.as_ref().is_none_or(|t| {
                            e.target.as_ref().and_then(|r| r.code.as_ref()) == Some(t)
                        })
                        && ex
                            .polarity
                            .as_ref()
                            .is_none_or(|p| e.polarity.as_str() == p)
                });
            let regex_matches = super::actions::rule_matches(x, &seg, rule);
            if !regex_matches {
                failures.push(fail(
                    ex.line,
                    format!("pattern does not match {:?}", ex.text),
                ));
            } else if !wanted {
                failures.push(fail(
                    ex.line,
                    format!(
                        "expected {} {}->{} {} in {:?}, got {}",
                        rule.action,
                        ex.source.as_deref().unwrap_or("*"),
                        ex.target.as_deref().unwrap_or("*"),
                        ex.polarity.as_deref().unwrap_or("*"),
                        ex.text,
                        describe(&got)
                    ),
                ));
            } else if !fired && got.events.iter().all(|e| e.action != rule.action) {
                failures.push(fail(ex.line, format!("rule did not fire on {:?}", ex.text)));
            }
        }
        for ex in &rule.counter_examples {
            count += 1;
            let (_, got) = extract_text(x, &ex.text);
            if got.events.iter().any(|e| e.action == rule.action) {
                failures.push(fail(
                    ex.line,
                    format!("counter-example {:?} gave {}", ex.text, describe(&got)),
                ));
            }
        }
    }
    count += super::time::examples::run_time_examples(&x.pack, &mut failures);
    for veto in &x.pack.vetoes {
        for ex in &veto.examples {
            count += 1;
            let (_, got) = extract_text(x, &ex.text);
            let stopped = veto
                .actions
                .iter()
                .all(|a| got.events.iter().all(|e| &e.action != a));
            if !veto.regex.is_match(&ex.text) || !stopped {
                failures.push(ExampleFailure {
                    file: veto.file.clone(),
                    line: ex.line,
                    rule: veto.id.clone(),
                    message: format!("veto did not stop {:?}: {}", ex.text, describe(&got)),
                });
            }
        }
    }
    (failures, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_rule_example_holds() {
        let x = Extractor::default_shared().expect("default pack loads");
        let (failures, count) = run_examples(&x);
        assert!(count >= 30, "only {count} examples");
        let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        assert!(
            failures.is_empty(),
            "{} of {count} rule examples fail:\n{}",
            failures.len(),
            report.join("\n")
        );
    }

    #[test]
    fn weak_forms_need_a_strong_mention_or_repetition() {
        let x = Extractor::default_shared().expect("default pack loads");
        let codes = |t: &str| -> Vec<Option<String>> {
            extract_text(&x, t)
                .1
                .actors
                .into_iter()
                .map(|a| a.code)
                .collect()
        };
        assert!(!codes("Rain fell across Georgia on Monday.").contains(&Some("GEO".into())));
        let (_, ex) = extract_text(
            &x,
            "Niger ordered the French ambassador to leave within 48 hours. Niger's junta said so.",
        );
        let e = &ex.events[0];
        assert_eq!(
            e.source.as_ref().and_then(|s| s.code.as_deref()),
            Some("NER")
        );
        assert_eq!(
            e.target.as_ref().and_then(|s| s.code.as_deref()),
            Some("FRA")
        );
    }
}
