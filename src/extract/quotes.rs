//! Quotes: words inside quotation marks, whether they stand alone or are a fragment inside the
//! reporter's sentence (`partial`), the reporting cue and the speaker, with pronouns resolved to
//! the last named person or body.
//!
//! Marks: straight double quotes pair within a paragraph; curly double and single quotes, guillemets
//! and German low-high marks pair by kind. A closing curly single mark followed by a letter is an
//! apostrophe ("Venezuela’s"), not the end of a quote.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::actors::{DocActors, Form};
use super::{ActorKind, Quote, Span, Speaker};

/// Finds the quote spans (inside the marks) of `text`, in order, outermost only.
pub fn quote_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for para in text.split("\n\n") {
        spans_in_paragraph(para, para_start, &mut out);
        para_start += para.len() + 2;
    }
    out
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

fn spans_in_paragraph(para: &str, base: usize, out: &mut Vec<Span>) {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
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
                let end = chars[j].0;
                let inner = &para[start..end];
                let trimmed_start = start + (inner.len() - inner.trim_start().len());
                let trimmed_end = end - (inner.len() - inner.trim_end().len());
                if trimmed_start < trimmed_end {
                    out.push(base + trimmed_start..base + trimmed_end);
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

static CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:said|says|say|told(?:\s+reporters|\s+journalists)?|tells|added|adds|stated|states|noted|notes|wrote|writes|answered|replied|asked|declared|announced|according\s+to|read|reads|called|calls|labell?ed|described|urged|insisted|argued|warned|tweeted|posted|explained|continued|chanting|chanted|shouting|shouted|citing|cited|saying|claimed|claims|accused|stressed|reported)\b",
    )
    .expect("static regex")
});

static PRONOUN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey)\b").expect("static regex"));

/// Extracts quotes with cues and speakers.
pub fn extract_quotes(text: &str, sentences: &[Range<usize>], actors: &DocActors) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    for span in quote_spans(text) {
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
        let (cue, speaker) = cue_and_speaker(
            text, actors, &span, open_at, close_end, before, after, &sentence, partial,
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

#[allow(clippy::too_many_arguments)]
fn cue_and_speaker(
    text: &str,
    actors: &DocActors,
    span: &Span,
    open_at: usize,
    close_end: usize,
    before: &str,
    after: &str,
    sentence: &Range<usize>,
    partial: bool,
) -> (Option<String>, Option<Speaker>) {
    let before_start = sentence.start.min(open_at);
    let before_cue = CUE
        .find_iter(before)
        .last()
        .map(|c| before_start + c.start()..before_start + c.end());
    let after_window: String = after.chars().take(90).collect();
    let after_cue = CUE
        .find(&after_window)
        .filter(|c| c.start() < 60)
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
            speaker_before_cue(text, actors, before_start..cue.start, span.start, true)
        } else {
            let end = clamp(text, cue.end..(cue.end + 50).min(sentence.end.max(cue.end))).end;
            speaker_near_cue(text, actors, close_end..end, &cue, span.start)
        };
        if sp.is_some() {
            return (cue_text(&cue), sp);
        }
    }
    if partial {
        // A fragment with no cue: the sentence's subject.
        if let Some(sp) = speaker_before_cue(text, actors, before_start..open_at, span.start, false)
        {
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
    text: &str,
    actors: &DocActors,
    region: Range<usize>,
    quote_start: usize,
    cue_follows: bool,
) -> Option<Speaker> {
    let region = clamp(text, region);
    let head = &text[region.clone()];
    // Only a pronoun right before a reporting verb is its subject ("it calls", not "called it a").
    let pronoun = PRONOUN
        .find_iter(head)
        .last()
        .filter(|p| cue_follows && head[p.end()..].trim().is_empty());
    if let Some(p) = pronoun {
        let r = region.start + p.start()..region.start + p.end();
        return resolve_pronoun(actors, r, p.as_str(), quote_start);
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
    text: &str,
    actors: &DocActors,
    region: Range<usize>,
    cue: &Range<usize>,
    quote_start: usize,
) -> Option<Speaker> {
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
    match (best_mention, best_pronoun) {
        (Some(m), Some((r, w))) if dist(&r) < dist(&m.span) => {
            resolve_pronoun(actors, r, &w, quote_start)
        }
        (Some(m), _) => Some(speaker_of(actors, m.actor, m.span.clone())),
        (None, Some((r, w))) => resolve_pronoun(actors, r, &w, quote_start),
        (None, None) => None,
    }
}

fn resolve_pronoun(actors: &DocActors, span: Span, word: &str, before: usize) -> Option<Speaker> {
    let lower = word.to_lowercase();
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
}
