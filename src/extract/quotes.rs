//! Quotes: words inside quotation marks, whether they stand alone or are a fragment inside the
//! reporter's sentence (`partial`), the reporting cue and the speaker, with pronouns resolved to
//! the last named person or body.
//!
//! Marks: straight double quotes pair within a paragraph; curly double and single quotes, guillemets
//! and German low-high marks pair by kind. A closing curly single mark followed by a letter is an
//! apostrophe ("Venezuela’s"), not the end of a quote.

use crate::rules::RulePack;
use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::actors::{DocActors, Form, NAME_PART, NOT_A_NAME};
use super::{ActorKind, Quote, Span, Speaker};

/// Finds the quote spans (inside the marks) of `text`, in order, outermost only.
///
/// A quotation may run over paragraphs: opened in one and closed in the next, it is one quote
/// across the break; opened at a paragraph that is never closed while the next paragraph opens
/// again (the convention for a long quotation), each paragraph's part is a quote of its own; and
/// opened at the start of a paragraph that never closes it, it ends with that paragraph, unless
/// it is the document's last (a capture cut off mid-quote).
pub fn quote_spans(text: &str) -> Vec<Span> {
    let mut paragraphs: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for para in text.split("\n\n") {
        paragraphs.push((start, para));
        start += para.len() + 2;
    }
    let mut out = Vec::new();
    let mut resume_at = 0; // skip this many bytes of the next paragraph (a quote closed there)
    for (k, &(base, para)) in paragraphs.iter().enumerate() {
        let skip = std::mem::take(&mut resume_at).min(para.len());
        let unclosed = spans_in_paragraph(para, base, skip, &mut out);
        let Some((open_pos, open, close)) = unclosed else {
            continue;
        };
        let inner_start = base + open_pos + open.len_utf8();
        let next = paragraphs.get(k + 1);
        let opens_quote =
            para[..open_pos].trim().is_empty() || para[..open_pos].trim_end().ends_with(':');
        match next {
            Some(&(_, np)) if np.trim_start().starts_with(open) && opens_quote => {
                push_trimmed(text, inner_start..base + para.len(), &mut out);
            }
            Some(&(nbase, np)) => {
                if let Some(close_at) = closing_mark_in(np, open, close) {
                    push_trimmed(text, inner_start..nbase + close_at, &mut out);
                    resume_at = close_at + close.len_utf8();
                } else if opens_quote {
                    push_trimmed(text, inner_start..base + para.len(), &mut out);
                }
            }
            None => {}
        }
    }
    out
}

/// Pushes `r` without the whitespace at its ends, if anything is left.
fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Span>) {
    let inner = &text[r.clone()];
    let start = r.start + (inner.len() - inner.trim_start().len());
    let end = r.end - (inner.len() - inner.trim_end().len());
    if start < end {
        out.push(start..end);
    }
}

/// Where `close` ends a quotation opened by `open` in the previous paragraph: the first closing
/// mark (not an apostrophe) before `open` appears again.
fn closing_mark_in(para: &str, open: char, close: char) -> Option<usize> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for (j, &(pos, d)) in chars.iter().enumerate() {
        if d == close && !(open == '"' && j == 0) {
            let next = chars.get(j + 1).map(|x| x.1);
            let apostrophe = close == '\u{2019}' && next.is_some_and(|n| n.is_alphanumeric());
            if !apostrophe {
                return Some(pos);
            }
        } else if d == open && open != close {
            return None;
        }
    }
    None
}

fn closer_for(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '\u{201C}' => Some('\u{201D}'),
        '\u{2018}' => Some('\u{2019}'),
        '\u{00AB}' => Some('\u{00BB}'),
        '\u{201E}' => Some('\u{201C}'),
        _ => None,
    }
}

/// Pairs the marks of one paragraph from byte `skip` on; returns the first opening mark left
/// unclosed (its position, the mark and its closer), after which nothing more is paired.
fn spans_in_paragraph(
    para: &str,
    base: usize,
    skip: usize,
    out: &mut Vec<Span>,
) -> Option<(usize, char, char)> {
    let chars: Vec<(usize, char)> = para.char_indices().filter(|(p, _)| *p >= skip).collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let Some(close) = closer_for(c) else {
            i += 1;
            continue;
        };
        let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
        // An opening single mark starts a word: "‘enemy’", not "rock‘n".
        if c == '\u{2018}' && prev.is_some_and(|p| p.is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut found = None;
        while j < chars.len() {
            let (_, d) = chars[j];
            if d == close {
                let next = chars.get(j + 1).map(|x| x.1);
                let apostrophe = close == '\u{2019}' && next.is_some_and(|n| n.is_alphanumeric());
                if !apostrophe {
                    found = Some(j);
                    break;
                }
            }
            j += 1;
        }
        match found {
            Some(j) => {
                let start = pos + c.len_utf8();
                push_trimmed_local(para, base, start..chars[j].0, out);
                i = j + 1;
            }
            // A single mark left open is most often an apostrophe ("the Peruvians’"); only
            // double marks and guillemets carry a quotation on.
            None if c != '\u{2018}' => return Some((pos, c, close)),
            None => i += 1,
        }
    }
    None
}

/// `push_trimmed` for a range local to a paragraph starting at `base`.
fn push_trimmed_local(para: &str, base: usize, r: Range<usize>, out: &mut Vec<Span>) {
    let inner = &para[r.clone()];
    let start = r.start + (inner.len() - inner.trim_start().len());
    let end = r.end - (inner.len() - inner.trim_end().len());
    if start < end {
        out.push(base + start..base + end);
    }
}

static PRONOUN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey)\b").expect("static regex"));

/// Extracts quotes with cues and speakers.
pub fn extract_quotes(
    pack: &RulePack,
    text: &str,
    sentences: &[Range<usize>],
    actors: &DocActors,
) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let spans = quote_spans(text);
    if spans.is_empty() {
        return quotes;
    }
    let names = unknown_names(pack, text, actors, &spans);
    for span in spans {
        let sentence = sentences
            .iter()
            .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
            .cloned()
            .unwrap_or(span.clone());
        let open_at = text[..span.start]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(span.start);
        let before = text[sentence.start.min(open_at)..open_at].trim_end();
        let close_end = text[span.end..]
            .char_indices()
            .nth(1)
            .map(|(i, _)| span.end + i)
            .unwrap_or(text.len());
        let after_end = sentence.end.max(close_end).min(text.len());
        let after = &text[close_end.min(after_end)..after_end];
        let inner = &text[span.clone()];
        let partial = is_partial(before, inner, text, open_at);
        let scene = Scene {
            pack,
            text,
            actors,
            last_body: quotes
                .last()
                .and_then(|q| q.speaker.as_ref().map(|s| (q.span.end.max(s.span.end), s)))
                .filter(|(end, s)| {
                    s.name.is_none() && s.code.is_some() && span.start.saturating_sub(*end) < 600
                })
                .map(|(end, s)| (end, s.clone())),
            last_person: quotes
                .iter()
                .rev()
                .take_while(|q| span.start.saturating_sub(q.span.end) < 600)
                .find_map(|q| {
                    q.speaker
                        .as_ref()
                        .filter(|s| s.name.is_some())
                        .map(|s| (q.span.end, s))
                })
                .map(|(end, s)| (end, s.clone())),
            names: &names,
            context_code: context_code(text, actors, sentences, &sentence),
        };
        let (cue, speaker) = cue_and_speaker(
            &scene, &span, open_at, close_end, before, after, &sentence, partial,
        );
        let speaker = speaker.or_else(|| {
            // A full quote right after another one, with no cue of its own, continues it.
            let prev = quotes.last()?;
            (!partial && span.start.saturating_sub(prev.span.end) < 200)
                .then(|| prev.speaker.clone())?
        });
        quotes.push(Quote {
            span,
            partial,
            speaker,
            cue,
        });
    }
    quotes
}

/// A fragment inside the reporter's sentence, rather than words standing alone.
fn is_partial(before: &str, inner: &str, text: &str, open_at: usize) -> bool {
    let at_paragraph_start = before.is_empty() && (open_at == 0 || text[..open_at].ends_with('\n'));
    if at_paragraph_start || before.ends_with(':') {
        return false;
    }
    let starts_upper = inner.chars().next().is_some_and(|c| c.is_uppercase());
    let ends_sentence = inner.trim_end().ends_with(['.', '!', '?', ',']);
    !(starts_upper && ends_sentence && inner.split_whitespace().count() >= 2)
}

/// What speaker resolution needs to know about the document around one quote.
struct Scene<'a> {
    /// The rule pack: its `speech_verb`, `speaker_description`, `speaker_person_head` and
    /// `office_word` classes.
    pack: &'a RulePack,
    text: &'a str,
    actors: &'a DocActors,
    /// The latest body (a ministry, a statement) quoted nearby, and where its attribution ends:
    /// what "it" said, while no other country or body has been named since.
    last_body: Option<(usize, Speaker)>,
    /// The person quoted last, nearby, and where that quote ends: who "he" or "she" most likely
    /// is, while no other person has been named since.
    last_person: Option<(usize, Speaker)>,
    /// Names of people the lexicon does not know, found by their shape ("Ines Carvalho"), in text
    /// order, with the words they were found in: speakers are often such people.
    names: &'a [(Span, String)],
    /// The country a nameless statement or ministry most likely speaks for: the first one named
    /// in the quote's sentence outside the marks, else in the sentence before.
    context_code: Option<String>,
}

/// The first country named in `sentence` outside quotation marks, else in the sentence before.
fn context_code(
    text: &str,
    actors: &DocActors,
    sentences: &[Range<usize>],
    sentence: &Range<usize>,
) -> Option<String> {
    let quoted = quote_spans(&text[sentence.clone()]);
    let first_in = |r: &Range<usize>, skip: &[Span]| {
        actors
            .mentions
            .iter()
            .filter(|m| m.span.start >= r.start && m.span.end <= r.end)
            .filter(|m| {
                !skip
                    .iter()
                    .any(|q| q.start + r.start <= m.span.start && m.span.end <= q.end + r.start)
            })
            .map(|m| &actors.actors[m.actor])
            .find(|a| a.kind == ActorKind::Country && a.code.is_some())
            .and_then(|a| a.code.clone())
    };
    first_in(sentence, &quoted).or_else(|| {
        let i = sentences.iter().position(|s| s == sentence)?;
        let prev = sentences.get(i.checked_sub(1)?)?;
        first_in(prev, &[])
    })
}

/// Two to four capitalised words: the shape of a personal name.
static NAME_SHAPE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"\b{NAME_PART}(?:\s+(?:{NAME_PART}|de|da|del|van|von|bin|al|el|la)){{1,3}}\b"
    ))
    .expect("static regex")
});

/// Whether a capitalised word cannot be part of a personal name.
fn not_a_name_word(pack: &RulePack, w: &str) -> bool {
    NOT_A_NAME.contains(&w)
        || (w.starts_with(|c: char| c.is_uppercase()) && pack.cues.is_word("office_word", w))
}

/// Personal names of people the lexicon does not know: name-shaped words outside quotes and
/// actor mentions, office words and leading titles left out.
fn unknown_names(
    pack: &RulePack,
    text: &str,
    actors: &DocActors,
    quotes: &[Span],
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for m in NAME_SHAPE.find_iter(text) {
        let r = m.range();
        if quotes.iter().any(|q| q.start <= r.start && r.end <= q.end)
            || actors
                .mentions
                .iter()
                .any(|x| x.span.start < r.end && r.start < x.span.end)
        {
            continue;
        }
        if m.as_str().contains('\n') {
            continue;
        }
        // "State Secretary Andris Kalniņš": the name is the run of words after the last office
        // word; a run of fewer than two words is no full name.
        let words: Vec<(usize, &str)> = WORD
            .find_iter(m.as_str())
            .map(|w| (w.start(), w.as_str()))
            .collect();
        let first = words
            .iter()
            .rposition(|(_, w)| not_a_name_word(pack, w))
            .map_or(0, |i| i + 1);
        if words.len() < first + 2 {
            continue;
        }
        let start = r.start + words[first].0;
        out.push((start..r.end, text[start..r.end].to_string()));
    }
    out
}

/// A name-shaped speaker next to a cue: a full name, or a surname standing for a full name given
/// earlier in the text.
fn name_near(scene: &Scene, region: &Range<usize>, quote_start: usize) -> Vec<(Span, String)> {
    let mut out: Vec<(Span, String)> = scene
        .names
        .iter()
        .filter(|(r, _)| r.start >= region.start && r.end <= region.end)
        .cloned()
        .collect();
    // A lone surname: "Haworth told reporters" after "Dele Haworth" was named.
    let text = scene.text;
    for w in SURNAME_SHAPE.find_iter(&text[region.clone()]) {
        let r = region.start + w.start()..region.start + w.end();
        if out.iter().any(|(o, _)| o.start < r.end && r.start < o.end) {
            continue;
        }
        if let Some((_, full)) = scene.names.iter().rev().find(|(n, full)| {
            n.end <= quote_start.max(r.start) && full.split_whitespace().last() == Some(w.as_str())
        }) {
            out.push((r, full.clone()));
        }
    }
    out
}

/// Lower-case words between a reporting verb and a name: "said driver", "said senior analyst".
static ROLE_WORDS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:\p{Ll}[\p{L}-]*\s+){1,3}$").expect("static regex"));

static WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"\S+").expect("static regex"));

static SURNAME_SHAPE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b\p{Lu}[\p{L}\u{2019}'-]*\p{Ll}\b").expect("static regex"));

/// Resolves a description: a person's title to the latest person holding it, a body to the
/// country named inside the description or, failing that, the scene's country.
fn describe(scene: &Scene, np: Range<usize>, head: &str, quote_start: usize) -> Speaker {
    let head = head
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let actors = scene.actors;
    if scene.pack.cues.is_word("speaker_person_head", &head)
        && let Some(m) = actors.mentions.iter().rev().find(|m| {
            let a = &actors.actors[m.actor];
            m.span.end <= quote_start.max(np.start)
                && a.kind == ActorKind::Person
                && a.title
                    .as_ref()
                    .is_some_and(|t| t.to_lowercase().contains(&head))
        })
    {
        let a = &actors.actors[m.actor];
        return Speaker {
            span: np,
            name: Some(a.name.clone()),
            code: a.code.clone(),
        };
    }
    let inside = actors
        .mentions
        .iter()
        .filter(|m| m.span.start >= np.start && m.span.end <= np.end)
        .find_map(|m| actors.actors[m.actor].code.clone());
    Speaker {
        span: np,
        name: None,
        code: inside.or_else(|| scene.context_code.clone()),
    }
}

/// Where the clause that holds a cue begins: after ", while", ";", or an earlier quotation (not
/// after ", and", which also closes lists).
static CLAUSE_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?:,\s+(?:while|whereas|but)\s|;\s|[\u{201D}"\u{2019}\u{00BB}],?\s)"#)
        .expect("static regex")
});

/// The end of the words between a quote and its cue when they close with a comma and a short
/// subject: "‘... the Peruvians’ living in Venezuela, estimated at 40,000, he said".
static ATTRIBUTION_TAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i),\s*(?:[\w.\u{2019}'-]+\s+){0,4}$").expect("static regex"));

/// An apposition after a name and before its verb: ", a marine biologist at the University,".
static APPOSITION_TAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^,\s+(?:a|an|the)\s[^,]{0,90},\s*$").expect("static regex"));

/// An unknown name opening a clause with an apposition: "Smartmatic, a British-based company".
static NAME_WITH_APPOSITION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(?P<name>\p{Lu}[\w&.-]*(?:\s+\p{Lu}[\w&.-]*){0,3}),\s+(?:a|an|the)\s")
        .expect("static regex")
});

#[allow(clippy::too_many_arguments)]
fn cue_and_speaker(
    scene: &Scene,
    span: &Span,
    open_at: usize,
    close_end: usize,
    before: &str,
    after: &str,
    sentence: &Range<usize>,
    partial: bool,
) -> (Option<String>, Option<Speaker>) {
    let before_start = sentence.start.min(open_at);
    let speech = scene.pack.cues.get("speech_verb");
    let before_cue = speech
        .and_then(|r| r.find_iter(before).last())
        .map(|c| before_start + c.start()..before_start + c.end());
    let text = scene.text;
    let after_window: String = after.chars().take(90).collect();
    // A cue after the quote attributes it only when the quote is set off: '"...," X said',
    // '"..." said X', not '"very serious" results announced in Y'.
    let inner = &text[span.clone()];
    let set_off = |between: &str| {
        inner.trim_end().ends_with([',', '.', '!', '?', '\u{2026}'])
            || between
                .trim_start()
                .starts_with([',', '\u{2014}', '\u{2013}', '-'])
            || between.trim().is_empty()
            || ATTRIBUTION_TAIL.is_match(between)
    };
    let after_cue = speech
        .and_then(|r| r.find(&after_window))
        .filter(|c| c.start() < 60 && set_off(&after_window[..c.start()]))
        .map(|c| close_end + c.start()..close_end + c.end());
    let cue_text = |r: &Range<usize>| Some(text[r.clone()].to_string());
    // A fragment is most often introduced by its speaker's own verb: "X called it 'fraudulent'".
    let order: [Option<(Range<usize>, bool)>; 2] = if partial {
        [
            before_cue.clone().map(|c| (c, true)),
            after_cue.clone().map(|c| (c, false)),
        ]
    } else {
        [
            after_cue.clone().map(|c| (c, false)),
            before_cue.clone().map(|c| (c, true)),
        ]
    };
    for (cue, is_before) in order.into_iter().flatten() {
        let sp = if is_before {
            let clause_start = CLAUSE_START
                .find_iter(&text[before_start..cue.start])
                .last()
                .map_or(before_start, |m| before_start + m.end());
            speaker_before_cue(scene, clause_start..cue.start, span.start, true)
        } else {
            let end = clamp(text, cue.end..(cue.end + 50).min(sentence.end.max(cue.end))).end;
            speaker_near_cue(scene, close_end..end, &cue, span.start)
        };
        if sp.is_some() {
            return (cue_text(&cue), sp);
        }
    }
    if partial {
        // A fragment with no cue: the sentence's subject.
        if let Some(sp) = speaker_before_cue(scene, before_start..open_at, span.start, false) {
            return (None, Some(sp));
        }
    }
    let cue = after_cue.or(before_cue);
    (cue.as_ref().and_then(cue_text), None)
}

fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let mut end = r.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    r.start.min(end)..end
}

fn is_possessive(text: &str, m: &super::actors::Mention) -> bool {
    let rest = &text[m.span.end..];
    rest.starts_with("'s") || rest.starts_with("\u{2019}s")
}

/// The speaker of a cue that precedes the quote: a pronoun right before the verb ("he called"),
/// else the first person of the clause who is not a possessor ("Maduro's minister Gil"), else its
/// first actor.
fn speaker_before_cue(
    scene: &Scene,
    region: Range<usize>,
    quote_start: usize,
    cue_follows: bool,
) -> Option<Speaker> {
    let (text, actors) = (scene.text, scene.actors);
    let region = clamp(text, region);
    let head = &text[region.clone()];
    // Only a pronoun right before a reporting verb is its subject ("it calls", not "called it a").
    let pronoun = PRONOUN
        .find_iter(head)
        .last()
        .filter(|p| cue_follows && head[p.end()..].trim().is_empty());
    if let Some(p) = pronoun {
        let r = region.start + p.start()..region.start + p.end();
        return resolve_pronoun(scene, r, p.as_str(), quote_start);
    }
    // "the ministry said", "a statement read": a description right before the verb.
    if cue_follows
        && let Some(d) = scene
            .pack
            .cues
            .get("speaker_description")
            .and_then(|r| r.captures_iter(head).last())
        && let Some(whole) = d.get(0)
        && head[whole.end()..].split_whitespace().count() <= 1
    {
        let np = region.start + whole.start()..region.start + whole.end();
        return Some(describe(scene, np, &d["head"], quote_start));
    }
    // "Ines Carvalho, a marine biologist at the University of the Azores, said": a name-shaped
    // speaker ending the clause, after an apposition at most.
    if cue_follows
        && let Some((r, full)) =
            name_near(scene, &region, quote_start)
                .into_iter()
                .rfind(|(r, _)| {
                    let rest = &text[r.end..region.end];
                    rest.trim().is_empty() || APPOSITION_TAIL.is_match(rest)
                })
    {
        return Some(Speaker {
            span: r,
            name: Some(full),
            code: None,
        });
    }
    if let Some(c) = NAME_WITH_APPOSITION.captures(head) {
        let name = c.name("name").expect("name group");
        let np = region.start + name.start()..region.start + name.end();
        if !actors
            .mentions
            .iter()
            .any(|m| m.span.start < np.end && np.start < m.span.end)
        {
            return Some(Speaker {
                span: np,
                name: None,
                code: None,
            });
        }
    }
    let inside: Vec<&super::actors::Mention> = actors
        .mentions
        .iter()
        .filter(|m| m.span.start >= region.start && m.span.end <= region.end)
        .collect();
    let m = inside
        .iter()
        .find(|m| m.form == Form::Person && !is_possessive(text, m))
        .or_else(|| inside.first())?;
    Some(speaker_of(actors, m.actor, m.span.clone()))
}

/// The speaker of a cue that follows the quote (", X said" / ", said X" / ", he said"): the
/// mention or pronoun nearest the verb.
fn speaker_near_cue(
    scene: &Scene,
    region: Range<usize>,
    cue: &Range<usize>,
    quote_start: usize,
) -> Option<Speaker> {
    let (text, actors) = (scene.text, scene.actors);
    let region = clamp(text, region);
    let dist = |r: &Range<usize>| {
        if r.end <= cue.start {
            cue.start - r.end
        } else {
            r.start.saturating_sub(cue.end)
        }
    };
    let best_mention = actors
        .mentions
        .iter()
        .filter(|m| m.span.start >= region.start && m.span.end <= region.end)
        .min_by_key(|m| dist(&m.span));
    let best_pronoun = PRONOUN
        .find_iter(&text[region.clone()])
        .map(|p| {
            (
                region.start + p.start()..region.start + p.end(),
                p.as_str().to_string(),
            )
        })
        .min_by_key(|(r, _)| dist(r));
    let best_description = scene
        .pack
        .cues
        .get("speaker_description")
        .into_iter()
        .flat_map(|r| r.captures_iter(&text[region.clone()]))
        .filter_map(|c| {
            let g = c.get(0)?;
            Some((
                region.start + g.start()..region.start + g.end(),
                c["head"].to_string(),
            ))
        })
        .min_by_key(|(r, _)| dist(r));
    // A name-shaped speaker the lexicon does not know, nearer the verb than any known one.
    if let Some((r, full)) = name_near(scene, &region, quote_start)
        .into_iter()
        .min_by_key(|(r, _)| dist(r))
        .filter(|(r, _)| {
            // Next to the verb, or with lower-case role words between ("said driver Tom Odhiambo").
            let gap = if r.end <= cue.start {
                &text[r.end..cue.start]
            } else {
                &text[cue.end..r.start]
            };
            dist(r) <= 2 || ROLE_WORDS.is_match(gap)
        })
        && best_mention.is_none_or(|m| dist(&r) < dist(&m.span))
    {
        return Some(Speaker {
            span: r,
            name: Some(full),
            code: None,
        });
    }
    // A description nearer the verb than any name or pronoun is the speaker ("..., a Venezuelan
    // foreign ministry statement read").
    if let Some((r, head)) = &best_description {
        let nearer = |d: usize| dist(r) < d;
        if best_mention.is_none_or(|m| nearer(dist(&m.span)))
            && best_pronoun.as_ref().is_none_or(|(p, _)| nearer(dist(p)))
        {
            return Some(describe(scene, r.clone(), head, quote_start));
        }
    }
    match (best_mention, best_pronoun) {
        (Some(m), Some((r, w))) if dist(&r) < dist(&m.span) => {
            resolve_pronoun(scene, r, &w, quote_start)
        }
        (Some(m), _) => Some(speaker_of(actors, m.actor, m.span.clone())),
        (None, Some((r, w))) => resolve_pronoun(scene, r, &w, quote_start),
        (None, None) => None,
    }
}

fn resolve_pronoun(scene: &Scene, span: Span, word: &str, before: usize) -> Option<Speaker> {
    let actors = scene.actors;
    let lower = word.to_lowercase();
    // "It labeled ..." after a statement was quoted: the statement speaks again.
    if lower == "it"
        && let Some((end, body)) = &scene.last_body
        && !actors.mentions.iter().any(|m| {
            m.span.start >= *end
                && m.span.end <= span.start
                && actors.actors[m.actor].kind != ActorKind::Person
        })
    {
        return Some(Speaker {
            span,
            name: None,
            code: body.code.clone(),
        });
    }
    // "He added": the person quoted just before is the likeliest "he".
    if matches!(lower.as_str(), "he" | "she")
        && let Some((end, p)) = &scene.last_person
        && !actors.mentions.iter().any(|m| {
            m.span.start >= *end
                && m.span.end <= span.start
                && actors.actors[m.actor].kind == ActorKind::Person
                && actors.actors[m.actor].name != p.name.clone().unwrap_or_default()
        })
    {
        return Some(Speaker {
            span,
            name: p.name.clone(),
            code: p.code.clone(),
        });
    }
    let m = actors
        .mentions
        .iter()
        .rev()
        .filter(|m| m.span.end <= before)
        .find(|m| {
            let kind = actors.actors[m.actor].kind;
            match lower.as_str() {
                "he" | "she" => kind == ActorKind::Person,
                "they" => matches!(m.form, Form::People | Form::Group),
                _ => kind != ActorKind::Person && m.form != Form::People,
            }
        })?;
    let a = &actors.actors[m.actor];
    Some(Speaker {
        span,
        name: (a.kind == ActorKind::Person).then(|| a.name.clone()),
        code: a.code.clone(),
    })
}

fn speaker_of(actors: &DocActors, actor: usize, span: Span) -> Speaker {
    let a = &actors.actors[actor];
    Speaker {
        span,
        name: (a.kind == ActorKind::Person).then(|| a.name.clone()),
        code: a.code.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        quote_spans(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn marks_of_every_kind_pair() {
        assert_eq!(
            texts("He said \"we leave\" and \u{201C}now\u{201D}."),
            vec!["we leave", "now"]
        );
        assert_eq!(
            texts("a \u{00AB}bonjour\u{00BB} b \u{201E}hallo\u{201C}"),
            vec!["bonjour", "hallo"]
        );
    }

    #[test]
    fn apostrophe_is_not_a_closing_mark() {
        let t = "\u{2018}We would look after the Peruvians\u{2019} living in Venezuela, he said. It\u{2019}s \u{2018}enemy\u{2019}";
        assert_eq!(texts(t), vec!["We would look after the Peruvians", "enemy"]);
        assert_eq!(
            texts("Venezuela\u{2019}s \u{2018}break with rule\u{2019} now"),
            vec!["break with rule"]
        );
    }

    #[test]
    fn unclosed_quote_gives_nothing() {
        assert!(texts("He said \"we leave and never came back.").is_empty());
    }

    #[test]
    fn partial_and_full_are_told_apart() {
        assert!(is_partial(
            "citing the",
            "serious decisions.",
            "citing the \"serious decisions.\"",
            11
        ));
        assert!(!is_partial("Gil answered:", "It is not our wish.", "x", 5));
        assert!(!is_partial("", "We leave.", "\"We leave.\"", 0));
    }

    #[test]
    fn speakers_resolve_pronouns_and_cues() {
        let x = crate::extract::Extractor::default_shared().expect("default pack");
        let text = "Peruvian President Pedro Pablo Kuczynski spoke on Friday.\n\n\u{2018}We would look after the Peruvians\u{2019} living there, he said. Officials called it a \"serious\" matter.";
        let (_, ex) = crate::extract::examples::extract_text(&x, text);
        let first = &ex.quotes[0];
        assert_eq!(
            &text[first.span.clone()],
            "We would look after the Peruvians"
        );
        let sp = first.speaker.as_ref().expect("a speaker");
        assert_eq!(sp.name.as_deref(), Some("Pedro Pablo Kuczynski"));
        assert_eq!(sp.code.as_deref(), Some("PER"));
        assert_eq!(first.cue.as_deref(), Some("said"));
        assert!(!first.partial);
        let second = &ex.quotes[1];
        assert!(second.partial);
        assert!(
            second.speaker.is_none(),
            "nobody named is reported as saying it"
        );
    }

    #[test]
    fn a_quotation_runs_over_paragraphs() {
        // Opened in one paragraph and closed in the next: one quote across the break.
        let t = "He said: \u{201C}We leave today.\n\nWe will not return.\u{201D} Then he left.";
        assert_eq!(texts(t), vec!["We leave today.\n\nWe will not return."]);
        // Reopened at each paragraph and closed only at the end: one quote per paragraph.
        let t = "\u{201C}We leave today.\n\n\u{201C}We will not return,\u{201D} he said.";
        assert_eq!(texts(t), vec!["We leave today.", "We will not return,"]);
        // Opened at a paragraph's start and never closed: it ends with its paragraph.
        let t = "\u{201C}We leave today.\n\nThe minister then left.";
        assert_eq!(texts(t), vec!["We leave today."]);
    }

    fn speakers(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let x = crate::extract::Extractor::default_shared().expect("default pack");
        let (_, ex) = crate::extract::examples::extract_text(&x, text);
        ex.quotes
            .iter()
            .map(|q| {
                let sp = q.speaker.as_ref();
                (
                    text[q.span.clone()].to_string(),
                    sp.map(|s| text[s.span.clone()].to_string()),
                    sp.and_then(|s| s.code.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn descriptions_speak_for_the_country_they_name_or_the_one_in_context() {
        let got = speakers(
            "\u{2018}We reject the decision,\u{2019} a Kenyan foreign ministry statement read.\n\n\
             It called the move \u{2018}hostile\u{2019} and left.\n\n\
             Ghana's decision came a day later. \u{2018}Ghana stands by its envoy,\u{2019} a statement said.",
        );
        assert_eq!(got[0].2.as_deref(), Some("KEN"));
        assert!(
            got[0]
                .1
                .as_deref()
                .is_some_and(|s| s.contains("Kenyan foreign ministry"))
        );
        // "It" is the statement quoted just before, while nobody else has been named.
        assert_eq!(
            (got[1].1.as_deref(), got[1].2.as_deref()),
            (Some("It"), Some("KEN"))
        );
        assert_eq!(
            (got[2].1.as_deref(), got[2].2.as_deref()),
            (Some("a statement"), Some("GHA"))
        );
    }

    #[test]
    fn a_title_finds_its_holder_again() {
        let got = speakers(
            "Prime Minister Theresa May spoke in London on Monday.\n\n\
             \u{201C}We will not tolerate this,\u{201D} the Prime Minister said.",
        );
        assert_eq!(got[0].1.as_deref(), Some("the Prime Minister"));
        assert_eq!(got[0].2.as_deref(), Some("GBR"));
    }

    #[test]
    fn a_fragment_belongs_to_its_own_clause_and_only_a_set_off_quote_takes_a_later_cue() {
        let got = speakers(
            "Peru recalled its envoy because of the \"very grave\" results announced in Bolivia.",
        );
        assert_eq!(got[0].2.as_deref(), Some("PER"));
        let got = speakers(
            "Chilean President Gabriel Boric called it \"odd\", while Colombia's Foreign Minister Luis Gilberto Murillo called for an \"audit\".",
        );
        assert_eq!(got[1].2.as_deref(), Some("COL"));
        let got = speakers(
            "Acme Votes, a Dutch firm that ran the count, has said turnout was \u{2018}inflated.\u{2019}",
        );
        assert_eq!(
            (got[0].1.as_deref(), got[0].2.as_deref()),
            (Some("Acme Votes"), None)
        );
    }

    #[test]
    fn people_the_lexicon_does_not_know_are_found_by_the_shape_of_their_name() {
        let x = crate::extract::Extractor::default_shared().expect("default pack");
        let text = "Kenya closed the border.\n\n\
             \u{201C}I have fruit going bad,\u{201D} said driver Tom Odhiambo.\n\n\
             Lena Varga, a geologist at the University of Szeged, said: \u{201C}We measured it twice.\u{201D}\n\n\
             \u{201C}It held,\u{201D} Varga told reporters.\n\n\
             Minister Fatuma Ali spoke next. \u{201C}We wait,\u{201D} she said.";
        let (_, ex) = crate::extract::examples::extract_text(&x, text);
        let names: Vec<Option<&str>> = ex
            .quotes
            .iter()
            .map(|q| q.speaker.as_ref().and_then(|s| s.name.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                Some("Tom Odhiambo"),
                Some("Lena Varga"),
                Some("Lena Varga"),
                Some("Fatuma Ali")
            ]
        );
    }

    #[test]
    fn he_is_the_person_just_quoted_unless_another_was_named_since() {
        let x = crate::extract::Extractor::default_shared().expect("default pack");
        let text = "Foreign Minister Sergei Lavrov met Ambassador John Sullivan.\n\n\
             \u{201C}We expect answers,\u{201D} Lavrov said.\n\n\
             \u{201C}They will come,\u{201D} he added.";
        let (_, ex) = crate::extract::examples::extract_text(&x, text);
        let last = ex.quotes.last().and_then(|q| q.speaker.as_ref());
        assert_eq!(last.and_then(|s| s.name.as_deref()), Some("Sergei Lavrov"));
    }
}
