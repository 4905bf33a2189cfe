//! Output: schema-1 records (see docs/schema.md) built from an extracted document, serialised as
//! JSON Lines. Byte spans become character offsets here and nowhere else.

use serde::Serialize;

use crate::dedup::DedupDoc;
use crate::extract::{self, Extraction, Span};
use crate::segment::SegmentedDoc;

/// The schema version this build writes.
pub const SCHEMA: u32 = 1;

/// One document record (`--emit docs`).
#[derive(Debug, Serialize)]
pub struct DocRecord {
    /// Always `SCHEMA`.
    pub schema: u32,
    /// Record id.
    pub id: String,
    /// Path as read.
    pub path: Option<String>,
    /// The page's address.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// "html" or "text".
    pub format: &'static str,
    /// Headline.
    pub title: Option<String>,
    /// Cleaned text.
    pub text: String,
    /// Repeated blocks dropped.
    pub repeats_removed: usize,
    /// Id of the document this one duplicates.
    pub duplicate_of: Option<String>,
    /// Similarity to that document.
    pub similarity: Option<f64>,
    /// Actors.
    pub actors: Vec<ActorOut>,
    /// Events.
    pub events: Vec<EventOut>,
    /// Quotes.
    pub quotes: Vec<QuoteOut>,
    /// Time expressions.
    pub times: Vec<TimeOut>,
    /// Why the document could not be processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorOut>,
}

/// `error` object.
#[derive(Debug, Serialize)]
pub struct ErrorOut {
    /// Machine-readable kind.
    pub kind: &'static str,
    /// Explanation.
    pub message: String,
}

/// An actor.
#[derive(Debug, Serialize)]
pub struct ActorOut {
    /// Canonical name.
    pub name: String,
    /// Code.
    pub code: Option<String>,
    /// Kind.
    pub kind: &'static str,
    /// `[start, end]` character offsets.
    pub mentions: Vec<[usize; 2]>,
}

/// A reference to an actor mention.
#[derive(Debug, Serialize)]
pub struct ActorRefOut {
    /// The mention as written.
    pub text: String,
    /// Code.
    pub code: Option<String>,
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
}

/// A person.
#[derive(Debug, Serialize)]
pub struct PersonOut {
    /// Name.
    pub name: String,
    /// Title.
    pub title: Option<String>,
}

/// A text span.
#[derive(Debug, Serialize)]
pub struct SpanOut {
    /// The words.
    pub text: String,
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
}

/// A sentence span.
#[derive(Debug, Serialize)]
pub struct OffsetsOut {
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
}

/// A time expression, event date or deadline.
#[derive(Debug, Serialize)]
pub struct TimeOut {
    /// The words.
    pub text: String,
    /// `date`, `duration` or `immediate`.
    pub kind: &'static str,
    /// Normalised value.
    pub value: Option<String>,
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
}

/// An event's date: as `TimeOut` without the kind.
#[derive(Debug, Serialize)]
pub struct DateOut {
    /// The words.
    pub text: String,
    /// Normalised value.
    pub value: Option<String>,
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
}

/// An event.
#[derive(Debug, Serialize)]
pub struct EventOut {
    /// Document id, in the `events` view only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Action.
    pub action: String,
    /// Source.
    pub source: Option<ActorRefOut>,
    /// Target.
    pub target: Option<ActorRefOut>,
    /// Person.
    pub person: Option<PersonOut>,
    /// Polarity.
    pub polarity: &'static str,
    /// When.
    pub date: Option<DateOut>,
    /// Time limit.
    pub deadline: Option<TimeOut>,
    /// Trigger words.
    pub trigger: SpanOut,
    /// Sentence.
    pub sentence: OffsetsOut,
    /// Rule id.
    pub rule: String,
}

/// A speaker.
#[derive(Debug, Serialize)]
pub struct SpeakerOut {
    /// Mention as written.
    pub text: String,
    /// Resolved personal name.
    pub name: Option<String>,
    /// Code.
    pub code: Option<String>,
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
}

/// A quote.
#[derive(Debug, Serialize)]
pub struct QuoteOut {
    /// Document id, in the `quotes` view only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Quoted words.
    pub text: String,
    /// Start (characters).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
    /// Fragment inside the reporter's sentence.
    pub partial: bool,
    /// Speaker.
    pub speaker: Option<SpeakerOut>,
    /// Reporting verb or phrase.
    pub cue: Option<String>,
}

/// Maps byte offsets of one text to character offsets.
struct CharIndex<'a> {
    text: &'a str,
    /// Character count at each byte offset that starts a character (and at the end).
    chars_before: Vec<u32>,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut chars_before = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (i, c) in text.char_indices() {
            for slot in &mut chars_before[i..i + c.len_utf8()] {
                *slot = n;
            }
            n += 1;
        }
        chars_before[text.len()] = n;
        CharIndex { text, chars_before }
    }

    fn at(&self, byte: usize) -> usize {
        self.chars_before[byte.min(self.text.len())] as usize
    }

    fn slice(&self, span: &Span) -> String {
        self.text.get(span.clone()).unwrap_or_default().to_string()
    }

    fn span(&self, span: &Span) -> SpanOut {
        SpanOut {
            text: self.slice(span),
            start: self.at(span.start),
            end: self.at(span.end),
        }
    }

    fn time(&self, t: &extract::TimeExpr) -> TimeOut {
        TimeOut {
            text: self.slice(&t.span),
            kind: t.kind,
            value: t.value.clone(),
            start: self.at(t.span.start),
            end: self.at(t.span.end),
        }
    }

    fn actor_ref(&self, r: &extract::ActorRef) -> ActorRefOut {
        ActorRefOut {
            text: self.slice(&r.span),
            code: r.code.clone(),
            start: self.at(r.span.start),
            end: self.at(r.span.end),
        }
    }
}

/// Builds the record of one document from its extraction.
pub fn build_record(doc: SegmentedDoc, ex: Extraction) -> DocRecord {
    let DedupDoc {
        clean: doc,
        duplicate,
    } = doc.doc;
    let idx = CharIndex::new(&doc.text);
    let actors = ex
        .actors
        .iter()
        .map(|a| ActorOut {
            name: a.name.clone(),
            code: a.code.clone(),
            kind: a.kind.as_str(),
            mentions: a
                .mentions
                .iter()
                .map(|m| [idx.at(m.start), idx.at(m.end)])
                .collect(),
        })
        .collect();
    let events = ex.events.iter().map(|e| event_out(&idx, e)).collect();
    let quotes = ex.quotes.iter().map(|q| quote_out(&idx, q)).collect();
    let times = ex.times.iter().map(|t| idx.time(t)).collect();
    let (duplicate_of, similarity) = match duplicate {
        Some(d) => (Some(d.of), Some(d.similarity)),
        None => (None, None),
    };
    DocRecord {
        schema: SCHEMA,
        id: doc.id,
        path: doc.path,
        url: doc.url,
        published: doc.published,
        format: doc.format.as_str(),
        title: doc.title,
        repeats_removed: doc.repeats_removed,
        duplicate_of,
        similarity,
        actors,
        events,
        quotes,
        times,
        error: doc.error.map(|e| ErrorOut {
            kind: e.kind.as_str(),
            message: e.message,
        }),
        text: doc.text,
    }
}

fn event_out(idx: &CharIndex, e: &extract::Event) -> EventOut {
    EventOut {
        doc: None,
        action: e.action.clone(),
        source: e.source.as_ref().map(|r| idx.actor_ref(r)),
        target: e.target.as_ref().map(|r| idx.actor_ref(r)),
        person: e.person.as_ref().map(|p| PersonOut {
            name: p.name.clone(),
            title: p.title.clone(),
        }),
        polarity: e.polarity.as_str(),
        date: e.date.as_ref().map(|d| {
            let t = idx.time(d);
            DateOut {
                text: t.text,
                value: t.value,
                start: t.start,
                end: t.end,
            }
        }),
        deadline: e.deadline.as_ref().map(|d| idx.time(d)),
        trigger: idx.span(&e.trigger),
        sentence: OffsetsOut {
            start: idx.at(e.sentence.start),
            end: idx.at(e.sentence.end),
        },
        rule: e.rule.clone(),
    }
}

fn quote_out(idx: &CharIndex, q: &extract::Quote) -> QuoteOut {
    let s = idx.span(&q.span);
    QuoteOut {
        doc: None,
        text: s.text,
        start: s.start,
        end: s.end,
        partial: q.partial,
        speaker: q.speaker.as_ref().map(|sp| {
            let m = idx.span(&sp.span);
            SpeakerOut {
                text: m.text,
                name: sp.name.clone(),
                code: sp.code.clone(),
                start: m.start,
                end: m.end,
            }
        }),
        cue: q.cue.clone(),
    }
}

/// Which records to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// One record per document (default).
    Docs,
    /// One line per event, with `doc`.
    Events,
    /// One line per quote, with `doc`.
    Quotes,
    /// One line per document with its MinHash band keys and shingle set, for finding duplicates
    /// across the partitions of a distributed run (no extraction is done).
    Bands,
}

/// Serialises one record as a JSON line ending in "\n".
pub fn render_json_line<T: serde::Serialize>(record: &T) -> String {
    let mut line = erased::Ser::json(record);
    line.push('\n');
    line
}

/// Serialises a record in the chosen view: zero or more JSON lines, each ending in "\n".
pub fn render(record: DocRecord, emit: Emit) -> String {
    let mut out = String::new();
    let mut push = |v: &dyn erased::Ser| {
        out.push_str(&v.json());
        out.push('\n');
    };
    match emit {
        Emit::Docs => push(&record),
        Emit::Events => {
            for mut e in record.events {
                e.doc = Some(record.id.clone());
                push(&e);
            }
        }
        Emit::Quotes => {
            for mut q in record.quotes {
                q.doc = Some(record.id.clone());
                push(&q);
            }
        }
        // Rendered from the fingerprint by `lib::render_bands`; a document record has none.
        Emit::Bands => push(&record),
    }
    out
}

mod erased {
    /// Serialises any record type to one JSON line; serialising these plain structs cannot fail.
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_else(|e| {
                format!("{{\"schema\":1,\"error\":{{\"kind\":\"internal\",\"message\":\"{e}\"}}}}")
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_characters() {
        let idx = CharIndex::new("a\u{2019}b c");
        assert_eq!(idx.at(0), 0);
        assert_eq!(idx.at(4), 2); // after the 3-byte apostrophe
        assert_eq!(idx.at(6), 4);
        assert_eq!(idx.span(&(4..6)).text, "b ");
    }
}
