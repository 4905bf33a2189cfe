//! Actions: pattern rules run over masked sentences (actor mentions replaced by tokens), then roles
//! are completed from the sentence's structure and the document's context, and polarity is read
//! from the cues that govern the trigger.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::actors::{DocActors, Form};
use super::{ActorRef, Event, Person, Polarity, Span};
use crate::rules::{ACTOR_CLOSE, ACTOR_OPEN, PatternRule, RulePack, Voice};

/// A sentence with its actor mentions replaced by tokens `\u{E000}<letter><index>\u{E001}`.
pub struct Masked {
    /// The masked text.
    pub text: String,
    /// (masked start, original start, masked len, original len) of each piece, in order.
    pieces: Vec<(usize, usize, usize, usize)>,
}

impl Masked {
    /// Masks the sentence `range` of `text`.
    pub fn new(text: &str, range: Range<usize>, actors: &DocActors) -> Masked {
        let mut out = String::with_capacity(range.len() + 16);
        let mut pieces = Vec::new();
        let mut pos = range.start;
        // Mentions are sorted by start: visit only this sentence's.
        let first = actors
            .mentions
            .partition_point(|m| m.span.start < range.start);
        for (i, m) in actors.mentions.iter().enumerate().skip(first) {
            if m.span.start >= range.end {
                break;
            }
            if m.span.end > range.end {
                continue;
            }
            if m.span.start > pos {
                pieces.push((out.len(), pos, m.span.start - pos, m.span.start - pos));
                out.push_str(&text[pos..m.span.start]);
            }
            let token = format!("{ACTOR_OPEN}{}{i}{ACTOR_CLOSE}", m.form.letter());
            pieces.push((out.len(), m.span.start, token.len(), m.span.len()));
            out.push_str(&token);
            pos = m.span.end;
        }
        if range.end > pos {
            pieces.push((out.len(), pos, range.end - pos, range.end - pos));
            out.push_str(&text[pos..range.end]);
        }
        Masked { text: out, pieces }
    }

    /// Maps a masked offset to the original text; inside a token, to its start or end.
    pub fn to_original(&self, masked: usize, is_end: bool) -> usize {
        for &(ms, os, ml, ol) in &self.pieces {
            if masked < ms + ml || (masked == ms + ml && is_end) {
                if ml == ol {
                    return os + (masked - ms).min(ol);
                }
                return if is_end && masked > ms { os + ol } else { os };
            }
        }
        self.pieces
            .last()
            .map(|&(_, os, _, ol)| os + ol)
            .unwrap_or(0)
    }

    /// Maps a masked range to the original text.
    pub fn span(&self, r: Range<usize>) -> Span {
        self.to_original(r.start, false)..self.to_original(r.end, true)
    }
}

static TOKEN: Lazy<Regex> =
    Lazy::new(|| Regex::new("\u{E000}([A-Z])(\\d+)\u{E001}").expect("static regex"));

/// Mention indices of the tokens in `s`, with their masked ranges.
fn tokens(s: &str, offset: usize) -> Vec<(usize, Range<usize>, char)> {
    TOKEN
        .captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            let kind = c[1].chars().next()?;
            Some((
                c[2].parse().ok()?,
                offset + m.start()..offset + m.end(),
                kind,
            ))
        })
        .collect()
}

const DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her"];

fn previous_word(s: &str) -> Option<String> {
    let mut words = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev();
    let mut w = words.next()?.to_lowercase();
    if DETERMINERS.contains(&w.as_str()) {
        w = words.next()?.to_lowercase();
    }
    Some(w)
}

/// Where the quotation that is still open at the end of `before` starts (0 when none is open).
fn open_quote_start(before: &str) -> usize {
    let mut open: Option<usize> = None;
    let mut straight_open = false;
    for (i, c) in before.char_indices() {
        match c {
            '“' | '«' => open = Some(i + c.len_utf8()),
            '”' | '»' => open = None,
            '"' => {
                straight_open = !straight_open;
                open = straight_open.then_some(i + 1);
            }
            _ => {}
        }
    }
    // A quotation that opens in lower case continues the reporter's sentence ("Bolivia “decided to
    // break ...”"): its subject stands outside it.
    match open {
        Some(i)
            if before[i..]
                .trim_start()
                .starts_with(|c: char| c.is_lowercase()) =>
        {
            0
        }
        Some(i) => i,
        None => 0,
    }
}

/// What may stand between a clause's subject and its verb: an auxiliary or adverb or two.
static CLAUSE_SUBJECT_GAP: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:[a-z]+\s+){0,2}$").expect("static regex"));

/// Before the first example of a subject: "nations like", "countries such as".
static EXAMPLES_OF_STATES: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:nations|countries|states|governments)\s+(?:like|such\s+as|including)\s+$")
        .expect("static regex")
});

/// Between a possessor and the verb: "'s threat to", "’s decision to".
static POSSESSOR_OF_PLAN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:'s|’s|'|’)\s+(?:[\w-]+\s+){1,2}to\s*$").expect("static regex"));

static GOVERNMENT_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^,\s+(?:the\s+)?(?:government|authorities|foreign\s+ministry|regime|administration|president)")
        .expect("static regex")
});

/// A candidate subject before the trigger: the nearest mention not governed by a preposition, or
/// for a participle (", expelling", "by expelling") the first such mention of the sentence.
fn subject_before(
    pack: &RulePack,
    m: &Masked,
    trigger_start: usize,
    participle: bool,
    exclude: &[usize],
) -> Option<(usize, Range<usize>)> {
    let before = &m.text[..trigger_start];
    // Inside a quotation the subject is in the quoted words, not the reporter's ("X wrote:
    // “The expulsion of ...").
    let from = open_quote_start(before);
    let cands: Vec<(usize, Range<usize>)> = tokens(before, 0)
        .into_iter()
        .filter(|(_, r, _)| r.start >= from)
        .filter(|(i, _, kind)| !exclude.contains(i) && *kind != 'G')
        .filter(|(_, r, _)| {
            let prev = previous_word(&before[..r.start]);
            let governed = prev
                .as_deref()
                .is_some_and(|p| is_class_word(pack, "object_preposition", p));
            // "In Venezuela, the government responded ..." names the actor in a preposition.
            // "... as Russia expels diplomats": a conjunction opens a clause whose subject is the
            // mention right before the verb.
            !governed
                || (prev.as_deref() == Some("in") && GOVERNMENT_AFTER.is_match(&before[r.end..]))
                || (prev
                    .as_deref()
                    .is_some_and(|p| is_class_word(pack, "clause_subordinator", p))
                    && CLAUSE_SUBJECT_GAP.is_match(&before[r.end..]))
                // "reacted to Erdogan's threat to expel": the possessor of the plan is its agent.
                || POSSESSOR_OF_PLAN.is_match(&before[r.end..])
                // "nations like Brazil have done the same": the examples stand for the subject.
                || EXAMPLES_OF_STATES.is_match(&before[..r.start])
        })
        .map(|(i, r, _)| (i, r))
        .collect();
    if participle {
        cands.first().cloned()
    } else {
        cands.last().cloned()
    }
}

static COORD_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new("^(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+and\\s+|\\s+or\\s+)(?:the\\s+)?\u{E000}([A-Z])(\\d+)\u{E001}").expect("static regex")
});
static COORD_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new("\u{E000}([A-Z])(\\d+)\u{E001}(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+)(?:the\\s+)?$")
        .expect("static regex")
});

/// After a conjunct, the words that show it is the subject of a new clause ("... with Israel and
/// Chile recalled its ambassador"): a finite verb.
static NEW_CLAUSE_VERB: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s+(?:[a-z]+ed|has|have|had|was|were|is|are|will|would|said|says|also|then)\b")
        .expect("static regex")
});

/// An alias in brackets after a name: "the United Arab Emirates (UAE)".
static ALIAS_BEFORE: Lazy<Regex> =
    Lazy::new(|| Regex::new("\u{E000}([A-Z])(\\d+)\u{E001}\\s*\\(\\s*$").expect("static regex"));
static ALIAS_AFTER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*\)").expect("static regex"));

/// The name a bracketed alias stands beside, or the token itself.
fn alias_head(m: &Masked, idx: usize, r: Range<usize>) -> (usize, Range<usize>) {
    if !ALIAS_AFTER.is_match(&m.text[r.end..]) {
        return (idx, r);
    }
    let Some(c) = ALIAS_BEFORE.captures(&m.text[..r.start]) else {
        return (idx, r);
    };
    let head_start = c.get(0).expect("group 0").start();
    let head_end = c.get(2).expect("group 2").end() + ACTOR_CLOSE.len_utf8();
    match c[2].parse() {
        Ok(i) => (i, head_start..head_end),
        Err(_) => (idx, r),
    }
}

/// A token and the tokens coordinated with it ("Argentina, Chile and Peru").
fn coordinated(m: &Masked, idx: usize, r: Range<usize>, backward: bool) -> Vec<usize> {
    let (idx, r) = alias_head(m, idx, r);
    let mut out = vec![idx];
    let mut end = r.end;
    while let Some(c) = COORD_AFTER.captures(&m.text[end..]) {
        let Ok(i) = c[2].parse() else { break };
        let next = end + c.get(0).expect("group 0").end();
        if NEW_CLAUSE_VERB.is_match(&m.text[next..]) {
            break;
        }
        out.push(i);
        end = next;
    }
    if backward {
        let mut start = r.start;
        while let Some(c) = COORD_BEFORE.captures(&m.text[..start]) {
            let Ok(i) = c[2].parse() else { break };
            out.insert(0, i);
            start = c.get(0).expect("group 0").start();
        }
    }
    out
}

/// Context shared by the events of one document.
pub struct DocContext<'a> {
    /// The document text.
    pub text: &'a str,
    /// Its actors.
    pub actors: &'a DocActors,
    /// Mention counts per country code, for the document's topic.
    pub code_counts: Vec<(String, usize)>,
}

impl<'a> DocContext<'a> {
    /// Builds the context.
    pub fn new(text: &'a str, actors: &'a DocActors) -> Self {
        let mut counts: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        for (order, m) in actors.mentions.iter().enumerate() {
            let a = &actors.actors[m.actor];
            if a.kind != super::ActorKind::Country || m.form == Form::People {
                continue;
            }
            if let Some(c) = &a.code {
                let e = counts.entry(c.clone()).or_insert((0, order));
                e.0 += 1;
            }
        }
        let mut code_counts: Vec<(String, usize, usize)> =
            counts.into_iter().map(|(c, (n, o))| (c, n, o)).collect();
        code_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        DocContext {
            text,
            actors,
            code_counts: code_counts.into_iter().map(|(c, n, _)| (c, n)).collect(),
        }
    }

    fn codes_of(&self, mention: usize) -> Vec<String> {
        self.actors.actors[self.actors.mentions[mention].actor].codes()
    }

    /// The most mentioned country other than `not`.
    fn topic_other_than(&self, not: &[String]) -> Option<String> {
        self.code_counts
            .iter()
            .find(|(c, _)| !not.contains(c))
            .map(|(c, _)| c.clone())
    }
}

/// A role filled in: the mention it comes from (if any) and the codes it stands for.
#[derive(Debug, Clone)]
struct Role {
    mention: Option<usize>,
    codes: Vec<String>,
}

/// All of a pack's pattern rules behind one literal prefilter: one pass over a sentence tells
/// which rules can match it (those whose required words it holds), so that the others (most
/// rules, for most sentences) never run. It replaced a RegexSet of the rules, whose automaton
/// took 75 ms to build at start-up and whose lazy DFA states, built anew in every thread, cost
/// more than the rules they skipped.
#[derive(Debug)]
pub struct PatternSet {
    filter: crate::rules::prefilter::Prefilter,
}

impl PatternSet {
    /// Takes the pack's prefilter of its patterns (built while they compile).
    pub fn new(pack: &RulePack) -> PatternSet {
        PatternSet {
            filter: pack.pattern_filter.clone(),
        }
    }

    /// Indices of the rules that may match `masked`, in rule order.
    fn candidates(&self, masked: &str) -> Vec<usize> {
        let mut may = Vec::new();
        self.filter.candidates(masked, &mut may);
        may.iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| i)
            .collect()
    }
}

/// Runs every pattern rule over one sentence; appends events to `events` (which holds the
/// document's earlier events, used as context).
pub fn sentence_events(
    pack: &RulePack,
    set: &PatternSet,
    ctx: &DocContext,
    sentence: Range<usize>,
    events: &mut Vec<Event>,
) {
    let masked = Masked::new(ctx.text, sentence.clone(), ctx.actors);
    let mut fired: Vec<Range<usize>> = Vec::new();
    for rule in set
        .candidates(&masked.text)
        .into_iter()
        .map(|i| &pack.patterns[i])
    {
        for cap in rule.regex.captures_iter(&masked.text) {
            let whole = cap.get(0).expect("group 0").range();
            let trig = cap
                .name("trigger")
                .map(|t| t.range())
                .unwrap_or(whole.clone());
            if fired
                .iter()
                .any(|f| f.start < trig.end && trig.start < f.end)
            {
                continue; // an earlier rule already read these words
            }
            if vetoed(pack, &rule.action, &masked.text, &whole) {
                continue;
            }
            let new = build_events(
                pack, rule, ctx, &masked, &cap, &whole, &trig, &sentence, events,
            );
            if !new.is_empty() {
                fired.push(trig.clone());
                events.extend(new);
            }
        }
    }
}

/// "Brazil and Turkey have done the same": the latest event of the document again, with the
/// subject before the words of the pack's `same_action` class as its source. Only for a sentence
/// in which no pattern rule fired.
pub fn repeated_events(
    pack: &RulePack,
    ctx: &DocContext,
    sentence: Range<usize>,
    events: &mut Vec<Event>,
) {
    if events.last().is_some_and(|e| e.sentence == sentence) {
        return;
    }
    let Some(cue) = pack.cues.get("same_action") else {
        return;
    };
    // Most sentences have no such words: look before masking.
    if !cue.is_match(&ctx.text[sentence.clone()]) {
        return;
    }
    let masked = Masked::new(ctx.text, sentence.clone(), ctx.actors);
    let Some(m) = cue.find(&masked.text) else {
        return;
    };
    let Some(last) = events.last().cloned() else {
        return;
    };
    let Some((i, r)) = subject_before(pack, &masked, m.start(), false, &[]) else {
        return;
    };
    let source = role(ctx, &coordinated(&masked, i, r, true));
    let polarity = polarity_of_window(
        &pack.cues,
        &ctx.text[masked.span(0..m.start())],
        &ctx.text[masked.span(m.end()..masked.text.len())],
    );
    let target_code = last.target.as_ref().and_then(|t| t.code.clone());
    for code in &source.codes {
        if target_code.as_ref() == Some(code) {
            continue;
        }
        events.push(Event {
            source: Some(actor_ref(ctx, &source, code)),
            polarity,
            person: None,
            trigger: masked.span(m.range()),
            sentence: sentence.clone(),
            rule: format!(
                "{}+same_action",
                last.rule.split('+').next().unwrap_or(&last.rule)
            ),
            ..last.clone()
        });
    }
}

fn vetoed(pack: &RulePack, action: &str, masked: &str, whole: &Range<usize>) -> bool {
    pack.vetoes
        .iter()
        .filter(|v| v.actions.is_empty() || v.actions.iter().any(|a| a == action))
        .any(|v| {
            v.regex
                .find_iter(masked)
                .any(|m| m.start() < whole.end + 40 && whole.start < m.end())
        })
}

fn group_mentions(cap: &regex::Captures, re: &Regex, prefix: &str) -> Vec<(usize, Range<usize>)> {
    re.capture_names()
        .flatten()
        .filter(|n| n.starts_with(prefix))
        .filter_map(|n| cap.name(n))
        .filter_map(|g| {
            tokens(g.as_str(), g.start())
                .into_iter()
                .next()
                .map(|(i, r, _)| (i, r))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn build_events(
    pack: &RulePack,
    rule: &PatternRule,
    ctx: &DocContext,
    masked: &Masked,
    cap: &regex::Captures,
    whole: &Range<usize>,
    trig: &Range<usize>,
    sentence: &Range<usize>,
    earlier: &[Event],
) -> Vec<Event> {
    let mut target_mentions: Vec<usize> = Vec::new();
    for (i, r) in group_mentions(cap, &rule.regex, "target") {
        target_mentions.extend(coordinated(masked, i, r, false));
    }
    let mut source_mentions: Vec<usize> = Vec::new();
    for (i, r) in group_mentions(cap, &rule.regex, "source") {
        source_mentions.extend(coordinated(masked, i, r, true));
    }
    let trigger_text = &masked.text[trig.clone()];
    let before_trigger = masked.text[..whole.start.min(trig.start)]
        .trim_end()
        .to_lowercase();
    let participle = trigger_text
        .split_whitespace()
        .next()
        .is_some_and(|w| w.to_lowercase().ends_with("ing"))
        && (before_trigger.ends_with(',')
            || before_trigger.ends_with(" by")
            || before_trigger.ends_with(" and"));
    // A verb right after ";" has the sentence's subject: "Germany accuses Moscow; expels diplomats".
    let elided_subject = before_trigger.ends_with(';');
    // An active rule's verb read in the passive ("... would be declared persona non grata"): the
    // subject is the one acted on.
    let passive_use = rule.voice == Voice::Active && PASSIVE_AUX_END.is_match(&before_trigger);
    if passive_use
        && target_mentions.is_empty()
        && let Some((i, r)) = subject_before(pack, masked, whole.start.min(trig.start), false, &[])
    {
        target_mentions = coordinated(masked, i, r, true);
    }
    let mut subject_next_to_verb = false;
    // "welcomed the decision to expel": whoever welcomed it did not decide it.
    let agent_elsewhere = pack
        .cues
        .get("decision_of_another")
        .is_some_and(|r| r.is_match(&before_trigger));
    if source_mentions.is_empty() && rule.voice == Voice::Active && !passive_use && !agent_elsewhere
    {
        let start = whole.start.min(trig.start);
        // A mention already read as the object of an earlier verb of this sentence is not the
        // subject of this one ("expelling the Canadian ambassador and recalling its envoy").
        let mut exclude = target_mentions.clone();
        exclude.extend(objects_in_sentence(ctx, earlier, sentence));
        if let Some((i, r)) =
            subject_before(pack, masked, start, participle || elided_subject, &exclude)
        {
            subject_next_to_verb = CLAUSE_SUBJECT_GAP.is_match(&masked.text[r.end..start]);
            source_mentions = coordinated(masked, i, r, true);
        }
    }
    if target_mentions.is_empty()
        && rule.action == "sever"
        && let Some(c) = WITH_OBJECT.captures(&masked.text[trig.end..])
        && let Ok(i) = c[2].parse::<usize>()
    {
        // "cut diplomatic relations and all land, sea and air contacts with Qatar".
        let tok = c.get(1).expect("token group").range();
        target_mentions = coordinated(masked, i, trig.end + tok.start..trig.end + tok.end, false);
    }
    let mut source = role(ctx, &source_mentions);
    let mut target = role(ctx, &target_mentions);
    // "X and Y broke off relations": each with the other, when they are the verb's own subject.
    let mutual_pairs = rule.mutual
        || (target.codes.is_empty()
            && source.codes.len() >= 2
            && rule.action == "sever"
            && subject_next_to_verb);
    if target.codes.is_empty() && !mutual_pairs && rule.voice == Voice::Active {
        // An object after the trigger: "recalled its ambassador over remarks by Y".
        let after: Vec<(usize, Range<usize>, char)> = tokens(&masked.text[trig.end..], trig.end);
        if let Some((i, r, _)) = after.into_iter().find(|(i, _, k)| {
            *k != 'G' && *k != 'P' && ctx.codes_of(*i).iter().any(|c| !source.codes.contains(c))
        }) {
            target = role(ctx, &coordinated(masked, i, r, false));
        }
    }
    if target.codes.is_empty() && masked.text[whole.clone()].to_lowercase().contains("their") {
        // "expelling their diplomatic missions": the latest group before this sentence.
        if let Some(g) = ctx.actors.mentions.iter().enumerate().rev().find(|(_, m)| {
            m.span.start < sentence.end && matches!(m.form, Form::Group | Form::GroupRef)
        }) {
            target = role(ctx, &[g.0]);
        }
    }
    if source.codes.is_empty() && rule.context_source {
        if let Some(e) = earlier
            .iter()
            .rev()
            .find(|e| e.source.as_ref().and_then(|s| s.code.as_ref()).is_some())
        {
            source = Role {
                mention: None,
                codes: vec![
                    e.source
                        .as_ref()
                        .and_then(|s| s.code.clone())
                        .expect("checked"),
                ],
            };
        } else if let Some(c) = ctx.topic_other_than(&target.codes) {
            source = Role {
                mention: None,
                codes: vec![c],
            };
        }
    }
    if target.codes.is_empty() && rule.context_target && !mutual_pairs {
        let counterparts = counterparts(earlier, &source.codes);
        if !counterparts.is_empty() {
            target = Role {
                mention: None,
                codes: counterparts,
            };
        } else if let Some(c) = ctx.topic_other_than(&source.codes) {
            target = Role {
                mention: None,
                codes: vec![c],
            };
        }
    }
    // "... asked the ambassador to leave and withdrew its own": a verb in the past after "and"
    // heads a clause of its own, which the cues of the first clause do not govern.
    let own_clause = before_trigger.ends_with(" and") && is_past_tense(pack, trigger_text);
    let window_start = if own_clause { trig.start } else { 0 };
    let polarity = polarity_of_window(
        &pack.cues,
        &ctx.text[masked.span(window_start..trig.start)],
        &ctx.text[masked.span(trig.end..masked.text.len())],
    );
    let trigger = masked.span(trig.clone());
    let person = find_person(pack, ctx, masked, whole);
    let mut out = Vec::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for s in &source.codes {
        if mutual_pairs && target.codes.is_empty() {
            for t in source.codes.iter().filter(|t| *t != s) {
                pairs.push((s.clone(), t.clone()));
            }
        }
        for t in &target.codes {
            pairs.push((s.clone(), t.clone()));
            if rule.mutual {
                pairs.push((t.clone(), s.clone()));
            }
        }
    }
    for (s, t) in pairs {
        if s == t {
            continue;
        }
        out.push(Event {
            action: rule.action.clone(),
            source: Some(actor_ref(ctx, &source, &s)),
            target: Some(actor_ref(ctx, &target, &t)),
            person: person.clone(),
            polarity,
            date: None,
            deadline: None,
            trigger: trigger.clone(),
            sentence: sentence.clone(),
            rule: rule.id.clone(),
        });
    }
    out
}

/// The other parties of the latest earlier event that involves one of `codes`: all of them when
/// that event named a group ("expelled the envoys of the US, Canada and France" then "the order
/// declaring ambassadors of a number of countries unwelcome" acts on the same three), else one.
fn counterparts(earlier: &[Event], codes: &[String]) -> Vec<String> {
    let pair = |e: &Event| -> Option<(String, String)> {
        Some((
            e.source.as_ref()?.code.clone()?,
            e.target.as_ref()?.code.clone()?,
        ))
    };
    let Some((latest, as_source)) = earlier.iter().rev().find_map(|e| {
        let (s, t) = pair(e)?;
        if codes.contains(&s) {
            Some((e, true))
        } else if codes.contains(&t) {
            Some((e, false))
        } else {
            None
        }
    }) else {
        return vec![];
    };
    let mut out: Vec<String> = Vec::new();
    for e in earlier.iter().filter(|e| {
        e.trigger == latest.trigger && e.action == latest.action && e.polarity == latest.polarity
    }) {
        let Some((s, t)) = pair(e) else { continue };
        let (own, other) = if as_source { (s, t) } else { (t, s) };
        if codes.contains(&own) && !codes.contains(&other) && !out.contains(&other) {
            out.push(other);
        }
    }
    out
}

/// Whether a trigger opens with a verb in the past tense ("expelled", "withdrew", "broke off"):
/// a regular one, or one of the pack's `past_irregular` class.
fn is_past_tense(pack: &RulePack, trigger: &str) -> bool {
    trigger.split_whitespace().next().is_some_and(|w| {
        let w = w.to_lowercase();
        w.ends_with("ed") || is_class_word(pack, "past_irregular", &w)
    })
}

/// Whether `word` is one of the words of the pack's class `class`.
fn is_class_word(pack: &RulePack, class: &str, word: &str) -> bool {
    pack.cues.is_word(class, word)
}

/// "with Y" later in the clause of a severing verb.
static WITH_OBJECT: Lazy<Regex> = Lazy::new(|| {
    Regex::new("^[^;.]{0,80}?\\bwith\\s+(?:the\\s+)?(\u{E000}[A-Z](\\d+)\u{E001})")
        .expect("static regex")
});

/// A passive auxiliary right before a verb.
static PASSIVE_AUX_END: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(?:be|been|being|was|were|is|are)$").expect("static regex"));

/// Mentions that earlier events of this sentence took as their target.
fn objects_in_sentence(ctx: &DocContext, earlier: &[Event], sentence: &Range<usize>) -> Vec<usize> {
    earlier
        .iter()
        .rev()
        .take_while(|e| e.sentence == *sentence)
        .filter_map(|e| e.target.as_ref())
        .filter_map(|t| ctx.actors.mentions.iter().position(|m| m.span == t.span))
        .collect()
}

fn role(ctx: &DocContext, mentions: &[usize]) -> Role {
    let mut codes = Vec::new();
    for &i in mentions {
        for c in ctx.codes_of(i) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    Role {
        mention: mentions.first().copied(),
        codes,
    }
}

/// The reference for one code of a role: the mention that names it when there is one.
fn actor_ref(ctx: &DocContext, role: &Role, code: &str) -> ActorRef {
    let span = role
        .mention
        .map(|i| ctx.actors.mentions[i].span.clone())
        .unwrap_or(0..0);
    ActorRef {
        span,
        code: Some(code.to_string()),
    }
}

/// A named person expelled or recalled: a titled person inside the match or right after it.
fn find_person(
    pack: &RulePack,
    ctx: &DocContext,
    masked: &Masked,
    whole: &Range<usize>,
) -> Option<Person> {
    let end = (whole.end + 24).min(masked.text.len());
    let end = (end..=masked.text.len())
        .find(|&e| masked.text.is_char_boundary(e))
        .unwrap_or(masked.text.len());
    tokens(&masked.text[whole.start..end], whole.start)
        .into_iter()
        .find_map(|(i, _, kind)| {
            if kind != 'P' {
                return None;
            }
            let a = &ctx.actors.actors[ctx.actors.mentions[i].actor];
            let title = a.title.clone()?;
            // Only diplomats are expelled or recalled: the pack's `diplomatic_title` class says who.
            let diplomatic = pack
                .cues
                .get("diplomatic_title")
                .is_some_and(|r| r.is_match(&title));
            diplomatic.then(|| Person {
                name: a.name.clone(),
                title: Some(title),
            })
        })
}

static RULE_OUT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:cannot|can't|can\s+not|could\s+not|couldn't|did\s+not|didn't|won't|will\s+not|would\s+not|not)\s+rule\s+(?:\w+\s+)?out\b").expect("static regex")
});

/// A relative clause set off by commas.
static RELATIVE_CLAUSE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r",\s*(?:who|which|whose|whom)\b[^,;:]*,").expect("static regex"));

/// A condition after the verb: "said it would expel ... if the raids continued".
static CONDITION_AFTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b(?:if|unless|in\s+case)\b").expect("static regex"));

/// Polarity from the words governing a trigger: the text of its sentence before it, and after it
/// for a condition attached to a reported decision.
pub fn polarity_of_window(cues: &crate::rules::Cues, before: &str, after: &str) -> Polarity {
    let mut start = 0;
    if let Some(m) = cues
        .get("clause_break")
        .and_then(|b| b.find_iter(before).last())
    {
        start = m.end();
    }
    // A relative clause (", who had called for ...,") governs its own verb, not the trigger.
    let clause = RELATIVE_CLAUSE.replace_all(&before[start..], |c: &regex::Captures| {
        " ".repeat(c[0].len())
    });
    let clause = clause.as_ref();
    // Keep to the last dozen words: cues further back govern something else.
    let words: Vec<(usize, &str)> = clause.split_word_bound_indices_simple();
    let from = words.len().saturating_sub(12);
    let offset = words.get(from).map(|(i, _)| *i).unwrap_or(0);
    let window = &clause[offset..];
    if RULE_OUT.is_match(window) {
        return Polarity::Hypothetical;
    }
    if cues.get("negation_cue").is_some_and(|r| r.is_match(window)) {
        return Polarity::Negated;
    }
    // "announced that it would": the future of a decision, not a condition. The reporting verb
    // may lie further back in the clause than the window reaches.
    let decided: Vec<Range<usize>> = cues
        .get("reported_decision")
        .map(|r| {
            r.find_iter(clause)
                .filter(|m| m.end() > offset)
                .map(|m| m.start().saturating_sub(offset)..m.end() - offset)
                .collect()
        })
        .unwrap_or_default();
    if let Some(h) = cues.get("hypothetical_cue")
        && h.find_iter(window).any(|m| {
            let future_of_decision = m.as_str().eq_ignore_ascii_case("would")
                && decided
                    .iter()
                    .any(|d| d.start <= m.start() && m.end() <= d.end);
            (m.as_str() != "May" || m.start() == 0) && !future_of_decision
        })
    {
        return Polarity::Hypothetical;
    }
    if !decided.is_empty() && CONDITION_AFTER.is_match(after) {
        return Polarity::Hypothetical;
    }
    Polarity::Asserted
}

trait SimpleWords {
    fn split_word_bound_indices_simple(&self) -> Vec<(usize, &str)>;
}

impl SimpleWords for str {
    fn split_word_bound_indices_simple(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in self.char_indices() {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    out.push((s, &self[s..i]));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            out.push((s, &self[s..]));
        }
        out
    }
}

/// Whether `rule`'s pattern matches any sentence of `doc` (after masking), for example checks.
pub fn rule_matches(
    x: &super::Extractor,
    doc: &crate::segment::SegmentedDoc,
    rule: &PatternRule,
) -> bool {
    let found = x.find_actors(doc);
    doc.sentences.iter().any(|s| {
        rule.regex
            .is_match(&Masked::new(&doc.clean.text, s.clone(), &found).text)
    })
}

#[cfg(test)]
mod tests {
    use super::super::Extractor;
    use super::super::examples::extract_text;
    use super::{is_class_word, is_past_tense};
    use crate::rules::RulePack;

    /// Every event of `text` as "action SRC->TGT polarity", sorted.
    fn events(text: &str) -> Vec<String> {
        let x = Extractor::default_shared().expect("default pack loads");
        let (_, ex) = extract_text(&x, text);
        let code = |r: &Option<super::ActorRef>| {
            r.as_ref()
                .and_then(|r| r.code.clone())
                .unwrap_or_else(|| "?".into())
        };
        let mut out: Vec<String> = ex
            .events
            .iter()
            .map(|e| {
                format!(
                    "{} {}->{} {}",
                    e.action,
                    code(&e.source),
                    code(&e.target),
                    e.polarity.as_str()
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_class_the_code_reads_is_in_the_default_pack() {
        let pack = RulePack::default_pack().expect("default pack");
        for class in [
            "object_preposition",
            "clause_subordinator",
            "past_irregular",
            "decision_of_another",
            "same_action",
            "reported_decision",
            "clause_break",
            "negation_cue",
            "hypothetical_cue",
            "diplomatic_title",
            "time_leave_verb",
            "time_not_event",
            "date_clause_break",
            "date_clause_break_after",
            "date_relative_break",
            "date_attribution",
            "speech_verb",
            "speaker_description",
            "speaker_person_head",
            "office_word",
        ] {
            assert!(pack.cues.get(class).is_some(), "class {class} missing");
        }
        // Class words are whole words: "as" is a subordinator, "has" is not.
        assert!(is_class_word(&pack, "clause_subordinator", "as"));
        assert!(!is_class_word(&pack, "clause_subordinator", "has"));
        assert!(is_past_tense(&pack, "withdrew its ambassador"));
        assert!(is_past_tense(&pack, "expelled"));
        assert!(!is_past_tense(&pack, "withdraws"));
    }

    #[test]
    fn a_clause_after_a_conjunction_has_its_own_subject() {
        assert_eq!(
            events(
                "Crowds gathered outside the embassy in Minsk as Lithuania expels Belarusian diplomats."
            ),
            ["expel LTU->BLR asserted"]
        );
        // "and Honduras recalled" opens a clause: Honduras is no second target of Belize's break.
        assert_eq!(
            events(
                "The vote came days after Belize broke off relations with Guatemala and Honduras recalled its ambassador to Guatemala."
            ),
            ["recall HND->GTM asserted", "sever BLZ->GTM asserted"]
        );
    }

    #[test]
    fn the_object_of_one_verb_is_not_the_subject_of_the_next() {
        assert_eq!(
            events("Oman said it was expelling the Yemeni ambassador and recalling its envoy."),
            ["expel OMN->YEM asserted", "recall OMN->YEM asserted"]
        );
        assert_eq!(
            events("Hungary accuses Poland of meddling; expels diplomats"),
            ["expel HUN->POL asserted"]
        );
    }

    #[test]
    fn a_bracketed_alias_keeps_its_list_together() {
        assert_eq!(
            events(
                "Kenya, Uganda and the Democratic Republic of the Congo (DRC) on Monday cut diplomatic ties with Rwanda."
            ),
            [
                "sever COD->RWA asserted",
                "sever KEN->RWA asserted",
                "sever UGA->RWA asserted"
            ]
        );
    }

    #[test]
    fn a_reported_decision_is_asserted_unless_a_condition_follows() {
        assert_eq!(
            events("Fiji announced that it would recall its ambassador from Vanuatu."),
            ["recall FJI->VUT asserted"]
        );
        assert_eq!(
            events("Fiji said it would recall its ambassador from Vanuatu if the raids continued."),
            ["recall FJI->VUT hypothetical"]
        );
        assert_eq!(
            events("Fiji said it would consider recalling its ambassador from Vanuatu."),
            ["recall FJI->VUT hypothetical"]
        );
        assert_eq!(
            events("Fiji has vowed to cut diplomatic ties with Vanuatu."),
            ["sever FJI->VUT hypothetical"]
        );
    }

    #[test]
    fn a_relative_clause_does_not_lend_its_cues() {
        assert_eq!(
            events(
                "Peru announced that the envoys of Bolivia, who had called for a boycott, would be declared persona non grata."
            ),
            ["expel PER->BOL asserted"]
        );
    }

    #[test]
    fn a_past_verb_after_and_is_out_of_reach_of_earlier_cues() {
        assert_eq!(
            events(
                "Ghana said it will not renew the visas of Nigerian staff and ordered Nigerian diplomats to leave."
            ),
            ["expel GHA->NGA asserted"]
        );
    }

    #[test]
    fn severing_verbs_find_their_object_further_on_and_pair_only_their_own_subjects() {
        assert_eq!(
            events(
                "Mali and Sudan have cut diplomatic relations and all trade and air links with Libya."
            ),
            ["sever MLI->LBY asserted", "sever SDN->LBY asserted"]
        );
        assert_eq!(
            events("Mali and Sudan broke off diplomatic relations on Monday."),
            ["sever MLI->SDN asserted", "sever SDN->MLI asserted"]
        );
        // Two countries named earlier as no one's subject are not paired with each other.
        assert!(
            events("Pilgrims from Mali and Sudan were stranded. The cutting of diplomatic relations takes effect on Friday.")
                .len()
                <= 1
        );
    }

    #[test]
    fn the_possessor_of_a_threat_is_its_agent_and_a_quotation_has_its_own_subject() {
        assert_eq!(
            events("Armenia reacted to Azerbaijan’s threat to expel the French ambassador."),
            ["expel AZE->FRA hypothetical"]
        );
        assert_eq!(
            events(
                "Bolivia “decided to break diplomatic relations with Israel,” the minister said."
            ),
            ["sever BOL->ISR asserted"]
        );
    }

    #[test]
    fn a_count_group_is_resolved_by_a_list_of_that_size_further_on() {
        let got = events(
            "Mali expelled the ambassadors of three countries on Monday. The three had signed a letter. \
             It was sent by the embassies of Ghana, Benin and Senegal last week.",
        );
        assert_eq!(
            got,
            [
                "expel MLI->BEN asserted",
                "expel MLI->GHA asserted",
                "expel MLI->SEN asserted"
            ]
        );
    }

    #[test]
    fn names_match_without_their_diacritics() {
        assert_eq!(
            events(
                "President Recep Tayyip Erdogan said Turkey would expel the ambassadors of Norway."
            ),
            ["expel TUR->NOR asserted"]
        );
    }

    #[test]
    fn all_four_nations_points_back_to_the_counted_group() {
        assert_eq!(
            events(
                "Four nations including Ghana, Benin, Senegal and Gambia cut diplomatic ties with Mali. \
                 All four nations announced they would withdraw their diplomatic staff from Mali."
            ),
            [
                "recall BEN->MLI asserted",
                "recall GHA->MLI asserted",
                "recall GMB->MLI asserted",
                "recall SEN->MLI asserted",
                "sever BEN->MLI asserted",
                "sever GHA->MLI asserted",
                "sever GMB->MLI asserted",
                "sever SEN->MLI asserted"
            ]
        );
    }

    #[test]
    fn a_common_word_surname_needs_the_full_name() {
        let x = Extractor::default_shared().expect("default pack loads");
        let persons = |t: &str| -> Vec<String> {
            extract_text(&x, t)
                .1
                .actors
                .into_iter()
                .filter(|a| a.kind == super::super::ActorKind::Person)
                .map(|a| a.name)
                .collect()
        };
        assert!(persons("In May the talks failed. By May 30 they resumed.").is_empty());
        assert_eq!(
            persons("Theresa May spoke in London. May said the talks failed."),
            ["Theresa May"]
        );
        // A surname that is no common word counts alone.
        assert_eq!(persons("Lavrov said the talks failed."), ["Sergei Lavrov"]);
    }

    #[test]
    fn doing_the_same_repeats_the_latest_event_with_a_new_subject() {
        assert_eq!(
            events(
                "Chile and Colombia have recalled their ambassadors from Israel. \
                 Previously, nations like Brazil and Bolivia have done the same. \
                 Peru did not follow suit."
            ),
            [
                "recall BOL->ISR asserted",
                "recall BRA->ISR asserted",
                "recall CHL->ISR asserted",
                "recall COL->ISR asserted",
                "recall PER->ISR negated"
            ]
        );
    }
}
