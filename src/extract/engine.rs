//! Runs every extractor over one segmented document.

use std::sync::Arc;

use once_cell::sync::Lazy;

use super::actions::{self, DocContext, PatternSet};
use super::actors::{ActorMatcher, DocActors};
use super::time;
use super::{Actor, Event, Extraction};
use crate::rules::{RuleErrors, RulePack};
use crate::segment::SegmentedDoc;

/// A rule pack compiled for extraction; build once, share across threads.
#[derive(Debug)]
pub struct Extractor {
    /// The rules.
    pub pack: RulePack,
    actors: ActorMatcher,
    /// The pattern rules as one prefilter.
    pub patterns: PatternSet,
}

static DEFAULT: Lazy<Result<Arc<Extractor>, RuleErrors>> =
    Lazy::new(|| RulePack::default_pack().map(|p| Arc::new(Extractor::new(p))));

impl Extractor {
    /// Compiles a pack for extraction.
    pub fn new(pack: RulePack) -> Extractor {
        let actors = ActorMatcher::new(&pack);
        let patterns = PatternSet::new(&pack);
        Extractor {
            pack,
            actors,
            patterns,
        }
    }

    /// The extractor of the default pack embedded in the binary.
    pub fn default_shared() -> Result<Arc<Extractor>, RuleErrors> {
        DEFAULT.clone()
    }

    /// Finds the actors of one document.
    pub fn find_actors(&self, doc: &SegmentedDoc) -> DocActors {
        self.actors.find(&doc.clean.text, &doc.sentences)
    }

    /// Extracts actors, events, quotes and times from one document.
    pub fn extract(&self, doc: &SegmentedDoc) -> Extraction {
        let text = &doc.clean.text;
        let found = self.actors.find(text, &doc.sentences);
        let ctx = DocContext::new(text, &found);
        let mut events: Vec<Event> = Vec::new();
        for s in &doc.sentences {
            actions::sentence_events(&self.pack, &self.patterns, &ctx, s.clone(), &mut events);
            actions::repeated_events(&self.pack, &ctx, s.clone(), &mut events);
        }
        let times = self.attach_times(doc, &found, &mut events);
        Extraction {
            actors: actor_list(&found),
            events: dedupe_events(events),
            quotes: super::quotes::extract_quotes(&self.pack, text, &doc.sentences, &found),
            times,
        }
    }

    /// Finds the document's time expressions and gives the events their dates and deadlines.
    fn attach_times(
        &self,
        doc: &SegmentedDoc,
        found: &DocActors,
        events: &mut [Event],
    ) -> Vec<super::TimeExpr> {
        let text = &doc.clean.text;
        let mut times = time::find_times(
            &self.pack,
            text,
            &doc.sentences,
            doc.clean.published.as_deref(),
        );
        time::attach::resolve_back_references(&mut times);
        time::attach::attach_deadlines(&self.pack, text, &doc.sentences, found, &times, events);
        time::attach::attach_dates(&self.pack, text, &times, events);
        times.into_iter().map(|t| t.expr).collect()
    }
}

/// Extracts with the default pack (or returns nothing if it failed to load, which tests prevent).
pub fn extract_document(doc: &SegmentedDoc) -> Extraction {
    match Extractor::default_shared() {
        Ok(x) => x.extract(doc),
        Err(_) => Extraction::default(),
    }
}

fn actor_list(found: &DocActors) -> Vec<Actor> {
    let mut out: Vec<Actor> = found
        .actors
        .iter()
        .map(|a| Actor {
            name: a.name.clone(),
            code: a.code.clone(),
            kind: a.kind,
            mentions: vec![],
        })
        .collect();
    for m in &found.mentions {
        out[m.actor].mentions.push(m.span.clone());
    }
    out.retain(|a| !a.mentions.is_empty());
    out
}

/// One event per (action, source, target, polarity), as the annotation guide lists them: the
/// first mention is kept, with a deadline or person taken from a later one when it has none.
fn dedupe_events(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let key = |x: &Event| {
            (
                x.action.clone(),
                x.source.as_ref().and_then(|s| s.code.clone()),
                x.target.as_ref().and_then(|s| s.code.clone()),
                x.polarity,
            )
        };
        if let Some(prev) = out.iter_mut().find(|p| key(p) == key(&e)) {
            if prev.deadline.is_none() {
                prev.deadline = e.deadline;
            }
            if prev.person.is_none() {
                prev.person = e.person;
            }
            if prev.date.is_none() {
                prev.date = e.date;
            }
        } else {
            out.push(e);
        }
    }
    out
}
