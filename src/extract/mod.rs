//! Extract: actors, actions, dates, deadlines and quotes from a segmented document.
//!
//! Every span here is a byte range into the document's text; `output` turns them into the
//! character offsets of the contract.

use std::ops::Range;

/// Byte span into the document text.
pub type Span = Range<usize>;

/// Kind of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActorKind {
    /// A state or territory.
    Country,
    /// An international or domestic organization.
    Organization,
    /// A named individual.
    Person,
    /// A group of people ("Thousands of Venezuelans").
    Group,
}

impl ActorKind {
    /// Name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Organization => "organization",
            ActorKind::Person => "person",
            ActorKind::Group => "group",
        }
    }
}

/// An actor recognised in the text, with every mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3 or organization code.
    pub code: Option<String>,
    /// Kind.
    pub kind: ActorKind,
    /// Mentions, in text order.
    pub mentions: Vec<Span>,
}

/// A reference from an event to an actor mention.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRef {
    /// Span of the mention.
    pub span: Span,
    /// Actor code.
    pub code: Option<String>,
}

/// Event polarity, per the annotation guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Polarity {
    /// Reported as done.
    Asserted,
    /// Reported as not done, denied or ruled out.
    Negated,
    /// Conditional, asked about, threatened, demanded, possible.
    Hypothetical,
}

impl Polarity {
    /// Name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Asserted => "asserted",
            Polarity::Negated => "negated",
            Polarity::Hypothetical => "hypothetical",
        }
    }
}

/// A named individual expelled or recalled.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Name as written.
    pub name: String,
    /// Title, when given.
    pub title: Option<String>,
}

/// A time expression: a date, a duration or "immediate".
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Span of the words.
    pub span: Span,
    /// `date`, `duration` or `immediate`.
    pub kind: &'static str,
    /// Normalised value (ISO 8601), if any.
    pub value: Option<String>,
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Action name from the rule pack.
    pub action: String,
    /// Who acts.
    pub source: Option<ActorRef>,
    /// Who is acted on.
    pub target: Option<ActorRef>,
    /// Named individual expelled or recalled.
    pub person: Option<Person>,
    /// Polarity.
    pub polarity: Polarity,
    /// When it happened.
    pub date: Option<TimeExpr>,
    /// Time limit.
    pub deadline: Option<TimeExpr>,
    /// Words that fired the rule.
    pub trigger: Span,
    /// The sentence.
    pub sentence: Span,
    /// Rule id.
    pub rule: String,
}

/// A speaker of a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// The mention as written.
    pub span: Span,
    /// Resolved personal name.
    pub name: Option<String>,
    /// Country or organization code.
    pub code: Option<String>,
}

/// A direct quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Span of the quoted words, without the marks.
    pub span: Span,
    /// A fragment inside the reporter's own sentence.
    pub partial: bool,
    /// Who said it.
    pub speaker: Option<Speaker>,
    /// Reporting verb or phrase.
    pub cue: Option<String>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// Actors.
    pub actors: Vec<Actor>,
    /// Events.
    pub events: Vec<Event>,
    /// Quotes.
    pub quotes: Vec<Quote>,
    /// Time expressions.
    pub times: Vec<TimeExpr>,
}
pub mod actions;
pub mod actors;
mod engine;
pub mod examples;
pub mod quotes;
pub mod time;
pub use engine::{Extractor, extract_document};
