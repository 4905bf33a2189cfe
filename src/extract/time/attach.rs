//! Attaching time expressions to events: a time limit to the event it limits, a date to the event
//! it governs in its own sentence.

use std::ops::Range;

use super::Found;
use crate::extract::actors::DocActors;
use crate::extract::{Event, Polarity, Span};
use crate::rules::RulePack;

/// Gives back-references ("with the same deadline") the value of the time limit before them;
/// one with nothing to point to is dropped.
pub fn resolve_back_references(times: &mut Vec<Found>) {
    let mut last: Option<(&'static str, Option<String>)> = None;
    let mut keep = vec![true; times.len()];
    for (i, t) in times.iter_mut().enumerate() {
        if t.same {
            match &last {
                Some((kind, value)) => {
                    t.expr.kind = kind;
                    t.expr.value = value.clone();
                    t.same = false;
                }
                None => keep[i] = false,
            }
        } else if t.deadline {
            last = Some((t.expr.kind, t.expr.value.clone()));
        }
    }
    let mut flags = keep.into_iter();
    times.retain(|_| flags.next().unwrap_or(true));
}

fn sentence_of(sentences: &[Range<usize>], at: usize) -> Option<usize> {
    sentences.iter().position(|s| s.start <= at && at < s.end)
}

fn events_in(events: &[Event], sentence: &Range<usize>) -> Vec<usize> {
    (0..events.len())
        .filter(|&i| events[i].sentence.start == sentence.start)
        .collect()
}

/// Of `candidates`, the events fired by the trigger nearest to `span` (all of a compound actor's).
fn nearest_trigger(events: &[Event], candidates: &[usize], span: &Span) -> Vec<usize> {
    let distance = |t: &Span| {
        if t.end <= span.start {
            span.start - t.end
        } else {
            t.start.saturating_sub(span.end)
        }
    };
    let Some(best) = candidates
        .iter()
        .map(|&i| distance(&events[i].trigger))
        .min()
    else {
        return vec![];
    };
    candidates
        .iter()
        .copied()
        .filter(|&i| distance(&events[i].trigger) == best)
        .collect()
}

/// Whether a sentence carries on with an event of the sentence before: it names one of the
/// event's parties or person, or it says someone is "to leave".
fn continues(
    pack: &RulePack,
    text: &str,
    actors: &DocActors,
    sentence: &Range<usize>,
    e: &Event,
) -> bool {
    let words = &text[sentence.clone()];
    if pack
        .cues
        .get("time_leave_verb")
        .is_some_and(|r| r.is_match(words))
    {
        return true;
    }
    let codes: Vec<&str> = [&e.source, &e.target]
        .into_iter()
        .flatten()
        .filter_map(|r| r.code.as_deref())
        .collect();
    let named_party = actors.mentions.iter().any(|m| {
        m.span.start >= sentence.start
            && m.span.end <= sentence.end
            && actors.actors[m.actor]
                .code
                .as_deref()
                .is_some_and(|c| codes.contains(&c))
    });
    let named_person = e
        .person
        .as_ref()
        .and_then(|p| p.name.split_whitespace().last())
        .is_some_and(|surname| words.contains(surname));
    named_party || named_person
}

/// How many sentences back a time limit may look for the event it limits ("The diplomat must
/// leave within 72 hours" after a sentence about something else).
const LOOK_BACK: usize = 2;

/// The events of the nearest earlier sentence that has any, no more than `LOOK_BACK` back.
fn earlier_events(events: &[Event], sentences: &[Range<usize>], si: usize) -> Option<Vec<usize>> {
    (si.saturating_sub(LOOK_BACK)..si)
        .rev()
        .map(|j| events_in(events, &sentences[j]))
        .find(|found| !found.is_empty())
}

/// Gives each time limit to the event it limits: the nearest trigger of its own sentence (before
/// it, for "immediately", which before a verb is manner, not a limit), else the last event of the
/// sentence before when this sentence carries on with it. An event keeps its first limit.
pub fn attach_deadlines(
    pack: &RulePack,
    text: &str,
    sentences: &[Range<usize>],
    actors: &DocActors,
    times: &[Found],
    events: &mut [Event],
) {
    for t in times.iter().filter(|t| t.deadline && !t.same) {
        let Some(si) = sentence_of(sentences, t.expr.span.start) else {
            continue;
        };
        let own = events_in(events, &sentences[si]);
        let before: Vec<usize> = own
            .iter()
            .copied()
            .filter(|&i| events[i].trigger.start < t.expr.span.end)
            .collect();
        let chosen = if !before.is_empty() {
            nearest_trigger(events, &before, &t.expr.span)
        } else if !own.is_empty() {
            if t.expr.kind == "immediate" {
                vec![]
            } else {
                nearest_trigger(events, &own, &t.expr.span)
            }
        } else {
            earlier_events(events, sentences, si)
                .map(|prev| nearest_trigger(events, &prev, &t.expr.span))
                .unwrap_or_default()
                .into_iter()
                .filter(|&i| continues(pack, text, actors, &sentences[si], &events[i]))
                .collect()
        };
        for i in chosen {
            if events[i].deadline.is_none() {
                events[i].deadline = Some(t.expr.clone());
            }
        }
    }
}

/// Whether a date is a dateline ("Dubai, Jun 5:"): near the start of its sentence and followed by
/// a colon, a dash or a bracket. It dates the report, not the event.
fn is_dateline(text: &str, sentence: &Span, t: &Found) -> bool {
    let lead = &text[sentence.start..t.expr.span.start];
    let rest = text[t.expr.span.end..sentence.end].trim_start();
    lead.chars().count() <= 40
        && !lead.contains(' ') | lead.trim_end().ends_with(',')
        && (rest.starts_with([':', '(', '-', '\u{2014}', '\u{2013}']) || rest.is_empty())
}

/// Whether `lead` holds nothing but what may open a sentence before its first word: spaces,
/// quotation marks, a bracket.
fn only_openers(lead: &str) -> bool {
    lead.chars()
        .all(|c| c.is_whitespace() || "\"'\u{201c}\u{2018}(".contains(c))
}

/// Whether a date opens its sentence as a fronted adverbial ("On 28 March, ...", "Last week, ..."):
/// it then sets the time of the whole sentence, relative clauses included.
fn is_fronted(text: &str, sentence: &Span, t: &Found) -> bool {
    only_openers(&text[sentence.start..t.expr.span.start])
        && text[t.expr.span.end..sentence.end].starts_with(',')
}

/// Whether a date before the trigger sits in a clause of its own that opens the sentence and
/// closes with a comma before the event: "After the election on Sunday, Peru recalled ...",
/// "Peru, following the attack last week, recalled ...".
fn in_opening_clause(
    breaks: &regex::Regex,
    text: &str,
    sentence: &Span,
    t: &Found,
    to_trigger: &str,
) -> bool {
    let lead = &text[sentence.start..t.expr.span.start];
    let Some(opener) = breaks.find_iter(lead).last() else {
        return false;
    };
    let before = lead[..opener.start()].trim_end();
    let opens = only_openers(before) || before.ends_with(',');
    opens && !lead[opener.end()..].contains(',') && to_trigger.contains(',')
}

/// Whether a date is written as the time of something else: after "since", "until", "by"..., or
/// as a possessive ("Sunday's election").
fn dates_something_else(pack: &RulePack, text: &str, t: &Found) -> bool {
    let words = &text[t.expr.span.clone()];
    let head = pack
        .cues
        .get("time_not_event")
        .and_then(|r| r.find(words))
        .is_some_and(|m| m.start() == 0);
    let rest = &text[t.expr.span.end..];
    head || rest.starts_with("'s") || rest.starts_with("\u{2019}s")
}

/// The pack's classes that tell which clause a date belongs to.
struct ClauseCues<'a> {
    breaks: Option<&'a regex::Regex>,
    breaks_after: Option<&'a regex::Regex>,
    relative: Option<&'a regex::Regex>,
    attribution: Option<&'a regex::Regex>,
}

impl ClauseCues<'_> {
    /// Whether the date `t` belongs to another clause than the event's trigger.
    fn another_clause(&self, text: &str, e: &Event, t: &Found, between: &Range<usize>) -> bool {
        let after = e.trigger.end <= t.expr.span.start;
        let fronted = !after && is_fronted(text, &e.sentence, t);
        let whole = &text[between.clone()];
        let last_part = whole.rsplit(',').next().unwrap_or(whole);
        // "On Sunday, after the election, Peru recalled" and "Peru has expelled the envoy for his
        // alleged role in the plot, the minister said Monday": an aside before the comma does not
        // stand between the event and a fronted date or the day of the statement reporting it.
        let attributed = after
            && last_part.len() < whole.len()
            && self.attribution.is_some_and(|r| r.is_match(last_part));
        let crossed = if fronted || attributed {
            last_part
        } else {
            whole
        };
        let matches = |cue: Option<&regex::Regex>, s: &str| cue.is_some_and(|r| r.is_match(s));
        (!after
            && self
                .breaks
                .is_some_and(|r| in_opening_clause(r, text, &e.sentence, t, whole)))
            || matches(self.breaks, crossed)
            || (!fronted && matches(self.relative, crossed))
            || (after && matches(self.breaks_after, whole))
    }
}

/// Gives each event the date that governs it in its own sentence: the nearest date with no
/// clause break between it and the trigger. Never a limit, never another sentence's date, and
/// never a date for a hypothetical event: a threat or a demand has not happened, and the date
/// near it ("threatened on Sunday to expel") is the threat's.
pub fn attach_dates(pack: &RulePack, text: &str, times: &[Found], events: &mut [Event]) {
    let cues = ClauseCues {
        breaks: pack.cues.get("date_clause_break"),
        breaks_after: pack.cues.get("date_clause_break_after"),
        relative: pack.cues.get("date_relative_break"),
        attribution: pack.cues.get("date_attribution"),
    };
    for e in events.iter_mut() {
        if e.polarity == Polarity::Hypothetical {
            e.date = None;
            continue;
        }
        let candidates = times.iter().filter(|t| {
            t.expr.kind == "date"
                && !t.deadline
                && t.expr.span.start >= e.sentence.start
                && t.expr.span.end <= e.sentence.end
                && !t.range
                && !dates_something_else(pack, text, t)
                && !is_dateline(text, &e.sentence, t)
        });
        let mut best: Option<(usize, &Found)> = None;
        for t in candidates {
            let between = if t.expr.span.end <= e.trigger.start {
                t.expr.span.end..e.trigger.start
            } else if e.trigger.end <= t.expr.span.start {
                e.trigger.end..t.expr.span.start
            } else {
                e.trigger.start..e.trigger.start
            };
            if cues.another_clause(text, e, t, &between) {
                continue;
            }
            let distance = between.end - between.start;
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, t));
            }
        }
        e.date = best.map(|(_, t)| t.expr.clone());
    }
}
