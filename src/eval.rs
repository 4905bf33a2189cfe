//! `newsrake eval`: scores output records against a gold file in the format of
//! shared/gold/seeds.gold.json (events matched on action, source code and target code).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;
use serde_json::Value;

/// A gold file.
#[derive(Debug, Deserialize)]
pub struct Gold {
    /// Annotated documents.
    pub documents: Vec<GoldDoc>,
}

/// One annotated document.
#[derive(Debug, Deserialize)]
pub struct GoldDoc {
    /// File name without extension.
    pub id: String,
    /// Events.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// One gold event.
#[derive(Debug, Deserialize)]
pub struct GoldEvent {
    /// Action.
    pub action: String,
    /// Source code.
    pub source: Option<String>,
    /// Target code.
    pub target: Option<String>,
    /// Polarity.
    pub polarity: String,
    /// Deadline.
    pub deadline: Option<GoldDeadline>,
    /// When it happened, where its own sentence says so.
    #[serde(default)]
    pub date: Option<GoldDate>,
}

/// A gold event date; a null value means the text gives a date the annotator could not resolve
/// (no publication date).
#[derive(Debug, Deserialize)]
pub struct GoldDate {
    /// Value at the precision of the text.
    pub value: Option<String>,
}

/// A gold deadline.
#[derive(Debug, Deserialize)]
pub struct GoldDeadline {
    /// Kind.
    pub kind: String,
    /// Value.
    pub value: Option<String>,
}

type Key = (String, Option<String>, Option<String>);

/// Scores of one evaluation.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Gold documents with no output record.
    pub docs_missing: usize,
    /// Asserted events found that gold has.
    pub true_positives: usize,
    /// Asserted events found that gold lacks.
    pub false_positives: usize,
    /// Asserted gold events not found.
    pub false_negatives: usize,
    /// Precision of asserted events.
    pub precision: f64,
    /// Recall of asserted events.
    pub recall: f64,
    /// F1 of asserted events.
    pub f1: f64,
    /// Non-asserted gold events reported as asserted.
    pub false_assertions: usize,
    /// Gold events (any polarity) whose (action, source, target) was found.
    pub polarity_matched: usize,
    /// Of those, how many were found with the gold polarity.
    pub polarity_correct: usize,
    /// Polarity accuracy over matched events.
    pub polarity_accuracy: f64,
    /// Asserted gold events with a deadline.
    pub deadlines_gold: usize,
    /// Of those, found with the right kind and value.
    pub deadlines_correct: usize,
    /// Matched gold events (any polarity) that have a date.
    pub dates_gold: usize,
    /// Of those, found with the same value (both null counts when a date was given).
    pub dates_correct: usize,
    /// Matched gold events without a date that were given one.
    pub dates_spurious: usize,
    /// Per-document misses and extras, for finding what to improve.
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// The id under which gold knows a record: file name without folder and extension.
pub fn stem(id: &str) -> &str {
    let base = id.rsplit('/').next().unwrap_or(id);
    base.split_once('.').map(|(s, _)| s).unwrap_or(base)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn code(v: &Value) -> Option<String> {
    v.get("code").and_then(|c| c.as_str()).map(String::from)
}

/// Scores document records (schema 1, `--emit docs`) against gold.
pub fn score(gold: &Gold, records: &[Value]) -> Scores {
    let by_id: HashMap<&str, &Value> = records
        .iter()
        .filter_map(|r| Some((stem(r.get("id")?.as_str()?), r)))
        .collect();
    let mut s = Scores::default();
    for g in &gold.documents {
        let rec = by_id.get(g.id.as_str());
        if rec.is_none() {
            s.docs_missing += 1;
        }
        let mut pred: BTreeMap<Key, BTreeSet<String>> = BTreeMap::new();
        let mut pred_deadlines: BTreeMap<Key, Vec<(String, Option<String>)>> = BTreeMap::new();
        // Dates are scored per polarity: "threatened on Sunday to expel" and "expelled on
        // October 21" are two events of one key, each with its own date.
        let mut pred_dates: BTreeMap<(Key, String), Vec<Option<String>>> = BTreeMap::new();
        for e in rec
            .and_then(|r| r.get("events"))
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
        {
            let key: Key = (
                e["action"].as_str().unwrap_or_default().to_string(),
                code(&e["source"]),
                code(&e["target"]),
            );
            pred.entry(key.clone())
                .or_default()
                .insert(e["polarity"].as_str().unwrap_or_default().to_string());
            let polarity = e["polarity"].as_str().unwrap_or_default().to_string();
            pred_dates.entry((key.clone(), polarity)).or_default().push(
                e.get("date")
                    .filter(|d| !d.is_null())
                    .map(|d| d["value"].as_str().unwrap_or("null").to_string()),
            );
            if let Some(d) = e.get("deadline").filter(|d| !d.is_null()) {
                pred_deadlines.entry(key).or_default().push((
                    d["kind"].as_str().unwrap_or_default().to_string(),
                    d["value"].as_str().map(String::from),
                ));
            }
        }
        let key_of = |e: &GoldEvent| (e.action.clone(), e.source.clone(), e.target.clone());
        let gold_asserted: BTreeSet<Key> = g
            .events
            .iter()
            .filter(|e| e.polarity == "asserted")
            .map(key_of)
            .collect();
        let gold_other: BTreeSet<Key> = g
            .events
            .iter()
            .filter(|e| e.polarity != "asserted")
            .map(key_of)
            .collect();
        let pred_asserted: BTreeSet<Key> = pred
            .iter()
            .filter(|(_, p)| p.contains("asserted"))
            .map(|(k, _)| k.clone())
            .collect();
        for k in gold_asserted.intersection(&pred_asserted) {
            let _ = k;
            s.true_positives += 1;
        }
        for k in gold_asserted.difference(&pred_asserted) {
            s.false_negatives += 1;
            s.errors
                .push(format!("{}: missed {} {:?}->{:?}", g.id, k.0, k.1, k.2));
        }
        for k in pred_asserted.difference(&gold_asserted) {
            s.false_positives += 1;
            s.false_assertions += gold_other.contains(k) as usize;
            s.errors
                .push(format!("{}: extra {} {:?}->{:?}", g.id, k.0, k.1, k.2));
        }
        for e in &g.events {
            if let Some(p) = pred.get(&key_of(e)) {
                s.polarity_matched += 1;
                s.polarity_correct += p.contains(&e.polarity) as usize;
                if let Some(found) = pred_dates.get(&(key_of(e), e.polarity.clone())) {
                    score_date(&mut s, &g.id, e, found);
                }
            }
            if let (Some(d), "asserted") = (&e.deadline, e.polarity.as_str()) {
                s.deadlines_gold += 1;
                let ok = pred_deadlines.get(&key_of(e)).is_some_and(|ds| {
                    ds.iter()
                        .any(|(k, v)| *k == d.kind && (d.kind == "immediate" || *v == d.value))
                });
                s.deadlines_correct += ok as usize;
            }
        }
    }
    s.precision = ratio(s.true_positives, s.true_positives + s.false_positives);
    s.recall = ratio(s.true_positives, s.true_positives + s.false_negatives);
    s.f1 = if s.precision + s.recall > 0.0 {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    } else {
        0.0
    };
    s.polarity_accuracy = ratio(s.polarity_correct, s.polarity_matched);
    s
}

/// Counts one matched gold event's date: right when one of the found events with its key has the
/// gold value (a null gold value: a date with no value); spurious when gold has none.
fn score_date(s: &mut Scores, doc: &str, e: &GoldEvent, found: &[Option<String>]) {
    let Some(gold) = &e.date else {
        if found.iter().all(Option::is_some) {
            s.dates_spurious += 1;
            s.errors.push(format!(
                "{doc}: date {:?} for undated {} {:?}->{:?}",
                found, e.action, e.source, e.target
            ));
        }
        return;
    };
    s.dates_gold += 1;
    let want = gold.value.clone().unwrap_or_else(|| "null".into());
    if found.iter().any(|d| d.as_deref() == Some(want.as_str())) {
        s.dates_correct += 1;
    } else {
        s.errors.push(format!(
            "{doc}: date {want} of {} {:?}->{:?}, found {found:?}",
            e.action, e.source, e.target
        ));
    }
}

/// Human-readable report.
pub fn report(s: &Scores, verbose: bool) -> String {
    let mut out = format!(
        "documents missing: {}\nasserted events: precision {:.3}, recall {:.3}, F1 {:.3} (tp {}, fp {}, fn {})\nnon-asserted gold events reported as asserted: {}\npolarity accuracy: {:.3} ({}/{} matched events)\ndeadlines: {}/{}\nevent dates: {}/{} ({:.3}) of matched dated events; {} matched undated events given a date\n",
        s.docs_missing,
        s.precision,
        s.recall,
        s.f1,
        s.true_positives,
        s.false_positives,
        s.false_negatives,
        s.false_assertions,
        s.polarity_accuracy,
        s.polarity_correct,
        s.polarity_matched,
        s.deadlines_correct,
        s.deadlines_gold,
        s.dates_correct,
        s.dates_gold,
        ratio(s.dates_correct, s.dates_gold),
        s.dates_spurious
    );
    if verbose {
        for e in &s.errors {
            out.push_str(e);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_asserted_events_and_false_assertions() {
        let gold: Gold = serde_json::from_str(
            r#"{"documents": [{"id": "a", "events": [
                {"action": "expel", "source": "PER", "target": "VEN", "polarity": "asserted"},
                {"action": "sever", "source": "PER", "target": "VEN", "polarity": "hypothetical"}]}]}"#,
        )
        .unwrap();
        let rec: Value = serde_json::from_str(
            r#"{"id": "dir/a.txt", "events": [
                {"action": "expel", "source": {"code": "PER"}, "target": {"code": "VEN"}, "polarity": "asserted"},
                {"action": "sever", "source": {"code": "PER"}, "target": {"code": "VEN"}, "polarity": "asserted"}]}"#,
        )
        .unwrap();
        let s = score(&gold, &[rec]);
        assert_eq!(
            (s.true_positives, s.false_positives, s.false_negatives),
            (1, 1, 0)
        );
        assert_eq!(s.false_assertions, 1);
        assert_eq!((s.polarity_correct, s.polarity_matched), (1, 2));
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn event_dates_count_at_the_gold_value_and_spurious_ones_are_counted() {
        let gold: Gold = serde_json::from_str(
            r#"{"documents": [{"id": "a", "events": [
                {"action": "expel", "source": "PER", "target": "VEN", "polarity": "asserted", "date": {"text": "on Friday", "value": "2017-08-11"}},
                {"action": "recall", "source": "PER", "target": "VEN", "polarity": "asserted", "date": {"text": "on Friday", "value": null}},
                {"action": "sever", "source": "PER", "target": "VEN", "polarity": "asserted"}]}]}"#,
        )
        .unwrap();
        let rec: Value = serde_json::from_str(
            r#"{"id": "a", "events": [
                {"action": "expel", "source": {"code": "PER"}, "target": {"code": "VEN"}, "polarity": "asserted", "date": {"value": "2017-08-11"}},
                {"action": "recall", "source": {"code": "PER"}, "target": {"code": "VEN"}, "polarity": "asserted", "date": {"value": "2017-08-11"}},
                {"action": "sever", "source": {"code": "PER"}, "target": {"code": "VEN"}, "polarity": "asserted", "date": {"value": "2017"}}]}"#,
        )
        .unwrap();
        let s = score(&gold, &[rec]);
        assert_eq!((s.dates_correct, s.dates_gold, s.dates_spurious), (1, 2, 1));
    }

    #[test]
    fn a_date_is_scored_against_the_event_of_the_same_polarity() {
        let gold: Gold = serde_json::from_str(
            r#"{"documents": [{"id": "a", "events": [
                {"action": "expel", "source": "TUR", "target": "USA", "polarity": "asserted", "date": {"text": "on October 21", "value": "2021-10-21"}},
                {"action": "expel", "source": "TUR", "target": "USA", "polarity": "hypothetical"}]}]}"#,
        )
        .unwrap();
        // The threat is undated but the expulsion is: only a dated threat would be spurious.
        let rec: Value = serde_json::from_str(
            r#"{"id": "a", "events": [
                {"action": "expel", "source": {"code": "TUR"}, "target": {"code": "USA"}, "polarity": "hypothetical"},
                {"action": "expel", "source": {"code": "TUR"}, "target": {"code": "USA"}, "polarity": "asserted", "date": {"value": "2021-10-21"}}]}"#,
        )
        .unwrap();
        let s = score(&gold, std::slice::from_ref(&rec));
        assert_eq!((s.dates_correct, s.dates_gold, s.dates_spurious), (1, 1, 0));
        let swapped = rec
            .to_string()
            .replace("hypothetical", "HYP")
            .replace("\"asserted\"", "\"hypothetical\"")
            .replace("HYP", "asserted");
        let s = score(&gold, &[serde_json::from_str(&swapped).unwrap()]);
        assert_eq!((s.dates_correct, s.dates_gold, s.dates_spurious), (0, 1, 1));
    }
}
