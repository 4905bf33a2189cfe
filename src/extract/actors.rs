//! Actors: countries, organizations and people found in a document's text through the rule pack's
//! actor lexicon, titled persons ("Peruvian President Pedro Pablo Kuczynski"), their later
//! surname-only mentions, and groups of countries named by a count ("seven Latin American nations")
//! resolved by the list that follows, with references back to them ("those countries").

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::{ActorKind, Span};
use crate::rules::{self, RulePack};

/// How a mention names its actor; the letter is the token kind used in masked sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A country's name.
    Name,
    /// An organization's name or acronym.
    Org,
    /// An adjective or singular demonym ("Venezuelan").
    Demonym,
    /// A plural demonym: people of that nationality ("Venezuelans").
    People,
    /// A capital or seat standing for the government ("Caracas").
    Seat,
    /// An institution standing for the government ("the Kremlin").
    Institution,
    /// A person.
    Person,
    /// A counted group of countries.
    Group,
    /// A reference back to a group ("those countries").
    GroupRef,
}

impl Form {
    /// The token letter used in masked sentences (see `{ACTOR}` in rules).
    pub fn letter(self) -> char {
        match self {
            Form::Name => 'C',
            Form::Org => 'O',
            Form::Demonym => 'D',
            Form::People => 'G',
            Form::Seat => 'S',
            Form::Institution => 'I',
            Form::Person => 'P',
            Form::Group => 'X',
            Form::GroupRef => 'R',
        }
    }
}

/// An actor of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocActor {
    /// Canonical name (a person's full name, a group's phrase).
    pub name: String,
    /// Code, when known.
    pub code: Option<String>,
    /// Kind.
    pub kind: ActorKind,
    /// A person's title, as written.
    pub title: Option<String>,
    /// A group's member codes.
    pub members: Vec<String>,
}

impl DocActor {
    /// The codes this actor stands for: its own, or a group's members.
    pub fn codes(&self) -> Vec<String> {
        if self.kind == ActorKind::Group {
            self.members.clone()
        } else {
            self.code.iter().cloned().collect()
        }
    }
}

/// One mention of an actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte span in the text (without a possessive ending).
    pub span: Span,
    /// Index into `DocActors::actors`.
    pub actor: usize,
    /// How it is named.
    pub form: Form,
}

/// The actors of one document and their mentions, in text order.
#[derive(Debug, Clone, Default)]
pub struct DocActors {
    /// Actors.
    pub actors: Vec<DocActor>,
    /// Mentions sorted by start, not overlapping.
    pub mentions: Vec<Mention>,
}

/// What the lexicon matcher knows about one surface form.
#[derive(Debug, Clone)]
struct FormInfo {
    actor: usize,
    form: Form,
    weak: bool,
    /// A surname that is also a common word or name, listed as weak: it counts only where the
    /// person is also named in full ("May" is a month unless "Theresa May" is in the story).
    surname: bool,
}

/// Compiled actor recognition for one rule pack.
#[derive(Debug)]
pub struct ActorMatcher {
    ac: Option<AhoCorasick>,
    forms: Vec<FormInfo>,
    entries: Vec<rules::ActorEntry>,
    titled: Option<Regex>,
    not_actor: Option<Regex>,
    count_phrase: Option<Regex>,
    group_ref: Option<Regex>,
}

/// One capitalised word of a personal name.
pub(super) const NAME_PART: &str = r"\p{Lu}[\p{L}'\u{2019}-]*\p{Ll}";
/// Capitalised words that open sentences or name times: never the first word of a name.
pub(super) const NOT_A_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "And",
    "But",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "His",
    "Her",
    "Its",
    "Their",
    "This",
    "That",
    "Said",
    "Who",
    "Of",
    "For",
];

impl ActorMatcher {
    /// Builds the matcher from a pack's actors and classes.
    pub fn new(pack: &RulePack) -> ActorMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut forms = Vec::new();
        for (i, a) in pack.actors.iter().enumerate() {
            let name_form = match a.kind {
                rules::ActorKind::Country => Form::Name,
                rules::ActorKind::Organization => Form::Org,
                rules::ActorKind::Person => Form::Person,
            };
            let groups: [(&Vec<String>, Form); 5] = [
                (&a.names, name_form),
                (&a.demonyms, Form::Demonym),
                (&a.demonyms_plural, Form::People),
                (&a.seats, Form::Seat),
                (&a.institutions, Form::Institution),
            ];
            for (list, form) in groups {
                for s in list {
                    patterns.push(s.clone());
                    forms.push(FormInfo {
                        actor: i,
                        form,
                        weak: a.weak.contains(s),
                        surname: false,
                    });
                }
            }
            // English news often drops diacritics ("Erdogan", "Lopez Obrador"): each accented form
            // is also matched without its accents.
            let accented: Vec<(String, Form, bool, bool)> = groups
                .iter()
                .flat_map(|(list, form)| list.iter().map(move |s| (s, *form, false)))
                .chain(a.surname.iter().map(|s| (s, Form::Person, true)))
                .filter_map(|(s, form, surname)| {
                    let weak = a.weak.contains(s);
                    fold_diacritics(s).map(|f| (f, form, weak && !surname, weak && surname))
                })
                .collect();
            for (folded, form, weak, surname) in accented {
                patterns.push(folded);
                forms.push(FormInfo {
                    actor: i,
                    form,
                    weak,
                    surname,
                });
            }
            if let Some(s) = &a.surname {
                patterns.push(s.clone());
                forms.push(FormInfo {
                    actor: i,
                    form: Form::Person,
                    weak: false,
                    surname: a.weak.contains(s),
                });
            }
        }
        // The automaton of the forms and the context regexes are built side by side: start-up.
        let build_ac = || {
            (!patterns.is_empty()).then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .expect("actor forms are plain strings")
            })
        };
        let build_regexes = || {
            let titled = pack.classes.get("title").map(|t| {
                fast_regex(&format!(
                    r"(?i:{t})\s+(?P<name>{NAME_PART}(?:\s+\p{{Lu}}\.)?(?:\s+(?:{NAME_PART}|de|del|da|van|von|bin|al|el)){{0,3}})"
                ))
            });
            let not_actor = pack.classes.get("not_actor").map(|c| fast_regex(c));
            let count_phrase = match (
                pack.classes.get("count_word"),
                pack.classes.get("state_noun"),
            ) {
                (Some(n), Some(s)) => Some(fast_regex(&format!(
                    r"(?i)\b(?P<n>{n}|\d+)\s+(?:[\w-]+\s+){{0,3}}?(?:other\s+)?{s}"
                ))),
                _ => None,
            };
            let group_ref = match (
                pack.classes.get("count_word"),
                pack.classes.get("state_noun"),
            ) {
                (Some(n), Some(s)) => Some(fast_regex(&format!(
                    r"(?i)\b(?:those|these|the\s+(?:same|above|{n}|\d+)|all\s+(?:the\s+)?(?:{n}|\d+))\s+(?:[\w-]+\s+){{0,2}}?{s}"
                ))),
                _ => None,
            };
            (titled, not_actor, count_phrase, group_ref)
        };
        let (ac, (titled, not_actor, count_phrase, group_ref)) =
            rayon::join(build_ac, build_regexes);
        ActorMatcher {
            ac,
            forms,
            entries: pack.actors.clone(),
            titled,
            not_actor,
            count_phrase,
            group_ref,
        }
    }

    /// Finds every actor mention in `text`; `sentences` are byte ranges used to bound group lists.
    pub fn find(&self, text: &str, sentences: &[Range<usize>]) -> DocActors {
        let mut doc = DocActors::default();
        let mut lex_index: HashMap<usize, usize> = HashMap::new();
        let blocked: Vec<Range<usize>> = self
            .not_actor
            .as_ref()
            .map(|r| r.find_iter(text).map(|m| m.range()).collect())
            .unwrap_or_default();
        let mut raw: Vec<(Span, usize, Form, bool)> = Vec::new();
        let mut surnames: Vec<(usize, usize)> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(text) {
                if !is_word_bounded(text, m.start(), m.end()) {
                    continue;
                }
                if blocked
                    .iter()
                    .any(|b| b.start <= m.start() && m.end() <= b.end)
                {
                    continue;
                }
                let f = &self.forms[m.pattern().as_usize()];
                if f.surname {
                    surnames.push((raw.len(), f.actor));
                }
                raw.push((m.start()..m.end(), f.actor, f.form, f.weak));
            }
        }
        let named_in_full: std::collections::HashSet<usize> = raw
            .iter()
            .enumerate()
            .filter(|(i, r)| r.2 == Form::Person && !surnames.iter().any(|(j, _)| j == i))
            .map(|(_, r)| r.1)
            .collect();
        let lone_surnames: std::collections::HashSet<usize> = surnames
            .iter()
            .filter(|(_, a)| !named_in_full.contains(a))
            .map(|(i, _)| *i)
            .collect();
        let raw: Vec<(Span, usize, Form, bool)> = raw
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !lone_surnames.contains(i))
            .map(|(_, r)| r)
            .collect();
        // A weak form ("Georgia", "Jordan") counts only when the actor is also named strongly, or
        // named weakly more than once (a story about Niger says "Niger" again and again).
        let strong: std::collections::HashSet<usize> =
            raw.iter().filter(|r| !r.3).map(|r| r.1).collect();
        let mut weak_counts: HashMap<usize, usize> = HashMap::new();
        for r in raw.iter().filter(|r| r.3) {
            *weak_counts.entry(r.1).or_default() += 1;
        }
        for (span, actor, form, weak) in raw {
            if weak && !strong.contains(&actor) && weak_counts.get(&actor).copied().unwrap_or(0) < 2
            {
                continue;
            }
            let e = &self.entries[actor];
            let idx = *lex_index.entry(actor).or_insert_with(|| {
                doc.actors.push(DocActor {
                    name: e.names[0].clone(),
                    code: (!e.code.is_empty()).then(|| e.code.clone()),
                    kind: match e.kind {
                        rules::ActorKind::Country => ActorKind::Country,
                        rules::ActorKind::Organization => ActorKind::Organization,
                        rules::ActorKind::Person => ActorKind::Person,
                    },
                    title: e.titles.first().cloned(),
                    members: vec![],
                });
                doc.actors.len() - 1
            });
            doc.mentions.push(Mention {
                span,
                actor: idx,
                form,
            });
        }
        self.find_titled_persons(text, &mut doc);
        self.find_groups(text, sentences, &mut doc);
        doc.mentions
            .sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        remove_overlaps(&mut doc.mentions);
        doc
    }

    fn find_titled_persons(&self, text: &str, doc: &mut DocActors) {
        let Some(re) = &self.titled else { return };
        let mut found: Vec<(Span, String, String, Option<String>)> = Vec::new();
        for cap in re.captures_iter(text) {
            let whole = cap.get(0).expect("group 0");
            let name_m = cap.name("name").expect("name group");
            if text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let mut name = name_m.as_str().to_string();
            let mut end = name_m.end();
            for suffix in ["'s", "\u{2019}s"] {
                if let Some(stripped) = name.strip_suffix(suffix) {
                    end -= suffix.len();
                    name = stripped.to_string();
                }
            }
            let first = name.split_whitespace().next().unwrap_or("");
            if NOT_A_NAME.contains(&first) {
                continue;
            }
            let span = name_m.start()..end;
            // A name the lexicon already knows (or that is a country) is not a new person.
            if doc
                .mentions
                .iter()
                .any(|m| m.span.start < span.end && span.start < m.span.end)
            {
                if let Some(m) = doc
                    .mentions
                    .iter()
                    .find(|m| m.span.start == span.start && m.form == Form::Person)
                {
                    let title = text[whole.start()..name_m.start()].trim().to_string();
                    doc.actors[m.actor].title = Some(title);
                }
                continue;
            }
            let title = text[whole.start()..name_m.start()].trim().to_string();
            let code = self.affiliation(text, whole.start(), doc);
            found.push((span, name, title, code));
        }
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (span, name, title, code) in found {
            let idx = *by_name.entry(name.clone()).or_insert_with(|| {
                doc.actors.push(DocActor {
                    name: name.clone(),
                    code: code.clone(),
                    kind: ActorKind::Person,
                    title: Some(title.clone()),
                    members: vec![],
                });
                doc.actors.len() - 1
            });
            if doc.actors[idx].code.is_none() {
                doc.actors[idx].code = code;
            }
            doc.mentions.push(Mention {
                span,
                actor: idx,
                form: Form::Person,
            });
        }
        // Later mentions by surname alone.
        let persons: Vec<(usize, String, usize)> = doc
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == ActorKind::Person)
            .filter_map(|(i, a)| {
                let surname = a.name.split_whitespace().last()?.to_string();
                let first_at = doc
                    .mentions
                    .iter()
                    .filter(|m| m.actor == i)
                    .map(|m| m.span.end)
                    .min()?;
                (surname.chars().count() > 2 && surname != a.name).then_some((i, surname, first_at))
            })
            .collect();
        for (i, surname, after) in persons {
            let mut from = after;
            while let Some(pos) = text[from..].find(surname.as_str()) {
                let s = from + pos;
                let e = s + surname.len();
                from = e;
                if is_word_bounded(text, s, e)
                    && !doc
                        .mentions
                        .iter()
                        .any(|m| m.span.start < e && s < m.span.end)
                {
                    doc.mentions.push(Mention {
                        span: s..e,
                        actor: i,
                        form: Form::Person,
                    });
                }
            }
        }
    }

    /// The country or body a titled person acts for: a mention just before the title
    /// ("Peruvian President", "Costa Rica's President", "Maduro's Foreign Minister").
    fn affiliation(&self, text: &str, title_start: usize, doc: &DocActors) -> Option<String> {
        let m = doc
            .mentions
            .iter()
            .filter(|m| m.span.end <= title_start && title_start - m.span.end <= 4)
            .max_by_key(|m| m.span.end)?;
        let between = &text[m.span.end..title_start];
        let glue = between.trim_start_matches(['\'', '\u{2019}', 's']).trim();
        if !glue.is_empty() {
            return None;
        }
        doc.actors[m.actor].code.clone()
    }

    fn find_groups(&self, text: &str, sentences: &[Range<usize>], doc: &mut DocActors) {
        let Some(re) = &self.count_phrase else { return };
        let mut groups: Vec<(Span, usize)> = Vec::new();
        for cap in re.captures_iter(text) {
            let whole = cap.get(0).expect("group 0");
            let Some(n) = count_value(&cap["n"]) else {
                continue;
            };
            // "the two countries' leaders" counts; "Peru and two other countries" leaves Peru out.
            if doc.mentions.iter().any(|m| {
                m.span.start >= whole.start() && m.span.end <= whole.end() && m.form == Form::Name
            }) {
                continue;
            }
            let sent_idx = sentences
                .iter()
                .position(|s| s.start <= whole.start() && whole.start() < s.end.max(s.start + 1));
            let limit = sent_idx
                .and_then(|i| sentences.get((i + 2).min(sentences.len() - 1)))
                .map(|s| s.end)
                .unwrap_or(text.len());
            // The list usually follows within two sentences; a story may also name the members
            // of "10 countries" further off, and a list of exactly that many (three or more) is
            // then the same group.
            let members = find_list(text, &doc.mentions, &doc.actors, whole.end(), limit, n)
                .or_else(|| {
                    (n >= 3)
                        .then(|| find_list(text, &doc.mentions, &doc.actors, 0, text.len(), n))
                        .flatten()
                });
            if let Some(members) = members {
                doc.actors.push(DocActor {
                    name: whole.as_str().to_string(),
                    code: None,
                    kind: ActorKind::Group,
                    title: None,
                    members,
                });
                let idx = doc.actors.len() - 1;
                groups.push((whole.range(), idx));
                doc.mentions.push(Mention {
                    span: whole.range(),
                    actor: idx,
                    form: Form::Group,
                });
            }
        }
        if groups.is_empty() {
            return;
        }
        if let Some(re) = &self.group_ref {
            for m in re.find_iter(text) {
                if let Some((_, g)) = groups.iter().rev().find(|(s, _)| s.end <= m.start())
                    && !doc
                        .mentions
                        .iter()
                        .any(|x| x.span.start < m.end() && m.start() < x.span.end)
                {
                    doc.mentions.push(Mention {
                        span: m.range(),
                        actor: *g,
                        form: Form::GroupRef,
                    });
                }
            }
        }
    }
}

fn count_value(word: &str) -> Option<usize> {
    const WORDS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.to_lowercase();
    WORDS
        .iter()
        .position(|x| *x == w)
        .or_else(|| w.parse().ok())
        .filter(|n| *n >= 2 && *n <= 60)
}

/// The first coordinated list of `n` distinct country codes after `from` and before `limit`.
fn find_list(
    text: &str,
    mentions: &[Mention],
    actors: &[DocActor],
    from: usize,
    limit: usize,
    n: usize,
) -> Option<Vec<String>> {
    let mut sorted: Vec<&Mention> = mentions
        .iter()
        .filter(|m| {
            m.span.start >= from
                && m.span.end <= limit
                && actors[m.actor].kind == ActorKind::Country
        })
        .collect();
    sorted.sort_by_key(|m| m.span.start);
    let mut i = 0;
    while i < sorted.len() {
        let mut run = vec![sorted[i]];
        let mut j = i + 1;
        while j < sorted.len()
            && is_list_glue(&text[run.last().expect("non-empty").span.end..sorted[j].span.start])
        {
            run.push(sorted[j]);
            j += 1;
        }
        let mut codes: Vec<String> = Vec::new();
        for m in &run {
            if let Some(c) = &actors[m.actor].code
                && !codes.contains(c)
            {
                codes.push(c.clone());
            }
        }
        if codes.len() == n {
            return Some(codes);
        }
        i = j;
    }
    None
}

/// What may stand between two items of a list: commas, "and", "or", "the".
pub fn is_list_glue(between: &str) -> bool {
    let t = between.trim();
    let t = t.strip_prefix(',').unwrap_or(t).trim();
    let t = t
        .strip_prefix("and")
        .or_else(|| t.strip_prefix("or"))
        .unwrap_or(t)
        .trim();
    let t = t.strip_prefix("the").unwrap_or(t).trim();
    t.is_empty() && between.len() <= 12
}

/// True when the span is not part of a longer word.
pub fn is_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    !before.is_some_and(word) && !after.is_some_and(word)
}

/// Keeps the first (longest at equal start) of overlapping mentions.
fn remove_overlaps(mentions: &mut Vec<Mention>) {
    let mut kept: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions.drain(..) {
        if kept.last().is_some_and(|k| m.span.start < k.span.end) {
            continue;
        }
        kept.push(m);
    }
    *mentions = kept;
}

/// Compiles a regex built from the pack's classes with `\b` read as an ASCII word boundary: a
/// Unicode boundary keeps the regex engine off its fast DFA on non-ASCII text (the same reading
/// the rule compiler gives `\b`). The classes were checked when the pack loaded.
fn fast_regex(pattern: &str) -> Regex {
    regex::RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        // Case-insensitive lists of titles make big automata: a roomier cache than the default
        // keeps the lazy DFA from rebuilding its states over and over (6x faster); 8 MB is as fast
        // as 32 MB and keeps memory flat.
        .dfa_size_limit(8 << 20)
        .build()
        .expect("pattern built from checked classes")
}

/// The ASCII form of a name written with Latin diacritics ("Erdoğan" -> "Erdogan"), or None when
/// it has none or has letters this table does not fold.
pub fn fold_diacritics(s: &str) -> Option<String> {
    const TABLE: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("ÀÁÂÃÄÅĀĂĄ", 'A'),
        ("çćĉčċ", 'c'),
        ("ÇĆĈČĊ", 'C'),
        ("ďđ", 'd'),
        ("ĎĐ", 'D'),
        ("èéêëēėęěĕ", 'e'),
        ("ÈÉÊËĒĖĘĚĔ", 'E'),
        ("ğĝģġ", 'g'),
        ("ĞĜĢĠ", 'G'),
        ("ìíîïīįıĩ", 'i'),
        ("ÌÍÎÏĪĮİĨ", 'I'),
        ("ķ", 'k'),
        ("Ķ", 'K'),
        ("łľĺļ", 'l'),
        ("ŁĽĹĻ", 'L'),
        ("ñńňņ", 'n'),
        ("ÑŃŇŅ", 'N'),
        ("òóôõöøōő", 'o'),
        ("ÒÓÔÕÖØŌŐ", 'O'),
        ("řŕ", 'r'),
        ("ŘŔ", 'R'),
        ("śšşșŝ", 's'),
        ("ŚŠŞȘŜ", 'S'),
        ("ťţț", 't'),
        ("ŤŢȚ", 'T'),
        ("ùúûüūůűųũ", 'u'),
        ("ÙÚÛÜŪŮŰŲŨ", 'U'),
        ("ýÿ", 'y'),
        ("ÝŸ", 'Y'),
        ("źżž", 'z'),
        ("ŹŻŽ", 'Z'),
    ];
    if s.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() || c == '’' {
            out.push(c);
        } else if let Some((_, a)) = TABLE.iter().find(|(set, _)| set.contains(c)) {
            out.push(*a);
        } else {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::fold_diacritics;

    #[test]
    fn diacritics_fold_to_ascii_and_unknown_letters_give_none() {
        assert_eq!(fold_diacritics("Erdoğan").as_deref(), Some("Erdogan"));
        assert_eq!(
            fold_diacritics("Andrés Manuel López Obrador").as_deref(),
            Some("Andres Manuel Lopez Obrador")
        );
        assert_eq!(
            fold_diacritics("Şakir Özkan").as_deref(),
            Some("Sakir Ozkan")
        );
        assert_eq!(fold_diacritics("Peru"), None);
        assert_eq!(fold_diacritics("Владимир"), None);
    }
}
