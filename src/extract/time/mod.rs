//! Time expressions: dates, durations and "immediately", found by the pack's time rules and
//! normalised to ISO 8601 against the publication date; then attached to events as their dates
//! and deadlines (see `attach`). The design follows HeidelTime: named classes and normalisation
//! tables are data in rules/time/, negative rules veto traps, and this code only reads the groups.

pub mod attach;
pub mod calendar;
pub mod examples;

use std::ops::Range;

use regex::Captures;

use super::{Span, TimeExpr};
use crate::rules::{RulePack, TimeKind, TimeRule, norm_key};
use calendar::Day;

/// A time expression as found, before it is attached to anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Span, kind and value as output.
    pub expr: TimeExpr,
    /// Read as a time limit ("within 72 hours", "by March 15", "immediately").
    pub deadline: bool,
    /// A back-reference ("with the same deadline") still to be given its value.
    pub same: bool,
    /// A range, kept as written without a value.
    pub range: bool,
    /// Id of the rule that found it.
    pub rule: String,
}

/// A match of one rule, before overlapping matches are settled.
struct Candidate<'r> {
    span: Span,
    rule: &'r TimeRule,
    order: usize,
    groups: Vec<(&'static str, String)>,
}

/// Finds every time expression of a document, sentence by sentence, in text order.
pub fn find_times(
    pack: &RulePack,
    text: &str,
    sentences: &[Range<usize>],
    published: Option<&str>,
) -> Vec<Found> {
    let published = published.and_then(Day::parse);
    let mut out = Vec::new();
    let mut may = Vec::new();
    for s in sentences {
        let Some(sentence) = text.get(s.clone()) else {
            continue;
        };
        for c in settle(sentence_candidates(pack, sentence, s.start, &mut may)) {
            out.push(normalise(pack, &c, published));
        }
    }
    out
}

/// The matches of the time rules in one sentence. Only the rules whose words the sentence holds
/// run (`may`, from the pack's prefilter, is reused across sentences); when no rule but a veto
/// may match, nothing runs.
fn sentence_candidates<'r>(
    pack: &'r RulePack,
    sentence: &str,
    offset: usize,
    may: &mut Vec<bool>,
) -> Vec<Candidate<'r>> {
    pack.time_filter.candidates(sentence, may);
    let runs = |(i, r): &(usize, &TimeRule)| may[*i] && r.kind != TimeKind::Veto;
    if !pack.times.iter().enumerate().any(|x| runs(&x)) {
        return Vec::new();
    }
    let vetoed: Vec<Span> = pack
        .times
        .iter()
        .enumerate()
        .filter(|(i, r)| may[*i] && r.kind == TimeKind::Veto)
        .flat_map(|(_, r)| r.regex.find_iter(sentence).map(|m| m.range()))
        .collect();
    let mut out = Vec::new();
    for (order, rule) in pack.times.iter().enumerate() {
        if !runs(&(order, rule)) {
            continue;
        }
        for caps in rule.regex.captures_iter(sentence) {
            let m = caps.get(0).expect("group 0");
            let span = trim_span(sentence, m.range());
            if span.is_empty() || vetoed.iter().any(|v| overlaps(v, &span)) {
                continue;
            }
            out.push(Candidate {
                span: span.start + offset..span.end + offset,
                rule,
                order,
                groups: groups(&caps),
            });
        }
    }
    out
}

/// Drops surrounding spaces and punctuation a pattern's optional parts may leave at the edges.
fn trim_span(s: &str, r: Range<usize>) -> Range<usize> {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
        .len();
    r.start + lead..r.start + trail.max(lead)
}

fn overlaps(a: &Span, b: &Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn groups(caps: &Captures) -> Vec<(&'static str, String)> {
    crate::rules::TIME_GROUPS
        .iter()
        .filter_map(|(g, _)| caps.name(g).map(|m| (*g, m.as_str().to_string())))
        .collect()
}

/// Keeps the longest of overlapping matches (the earlier rule on a tie), in text order.
fn settle(mut cands: Vec<Candidate<'_>>) -> Vec<Candidate<'_>> {
    cands.sort_by(|a, b| {
        (b.span.end - b.span.start)
            .cmp(&(a.span.end - a.span.start))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.order.cmp(&b.order))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        if !kept.iter().any(|k| overlaps(&k.span, &c.span)) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.span.start);
    kept
}

fn normalise(pack: &RulePack, c: &Candidate<'_>, published: Option<Day>) -> Found {
    let g = |name: &str| {
        c.groups
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    let deadline = c.rule.deadline || g("limit").is_some();
    let (kind, value) = match c.rule.kind {
        TimeKind::Duration => ("duration", duration_value(pack, &g)),
        TimeKind::Immediate | TimeKind::Same | TimeKind::Veto => ("immediate", None),
        TimeKind::Date if c.rule.range => ("date", None),
        TimeKind::Date => ("date", date_value(pack, &g, published, deadline)),
    };
    Found {
        expr: TimeExpr {
            span: c.span.clone(),
            kind,
            value,
        },
        deadline: deadline || c.rule.kind == TimeKind::Same,
        same: c.rule.kind == TimeKind::Same,
        range: c.rule.range,
        rule: c.rule.id.clone(),
    }
}

fn lookup<'p>(pack: &'p RulePack, table: &str, word: &str) -> Option<&'p str> {
    pack.norms
        .get(table)
        .and_then(|t| t.get(&norm_key(word)))
        .map(String::as_str)
}

/// A count in digits or words; word compounds add up ("seventy-two" = 70 + 2).
fn count(pack: &RulePack, s: &str) -> Option<u64> {
    if let Ok(n) = s.trim().parse::<u64>() {
        return Some(n);
    }
    if let Some(v) = lookup(pack, "number", s) {
        return v.parse().ok();
    }
    s.split(['-', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| lookup(pack, "number", p).and_then(|v| v.parse::<u64>().ok()))
        .sum()
}

/// A unit's table value: whether it is a time-of-day unit, how many designators one is, which.
fn unit(pack: &RulePack, word: &str) -> Option<(bool, u64, char)> {
    let v = lookup(pack, "unit", word)?;
    let (time, rest) = match v.strip_prefix('T') {
        Some(r) => (true, r),
        None => (false, v),
    };
    let designator = rest.chars().last()?;
    let n = rest[..rest.len() - designator.len_utf8()].parse().ok()?;
    Some((time, n, designator))
}

fn duration_value<'a>(pack: &RulePack, g: &impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let n = g("num").map_or(Some(1), |s| count(pack, s))?;
    let (time, per, designator) = unit(pack, g("unit")?)?;
    Some(format!(
        "P{}{}{}",
        if time { "T" } else { "" },
        n * per,
        designator
    ))
}

/// A month from a table word or digits.
fn month(pack: &RulePack, s: &str) -> Option<u32> {
    s.parse()
        .ok()
        .or_else(|| lookup(pack, "month", s)?.parse().ok())
        .filter(|m| (1..=12).contains(m))
}

fn leading_number(s: &str) -> Option<u32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn date_value<'a>(
    pack: &RulePack,
    g: &impl Fn(&str) -> Option<&'a str>,
    published: Option<Day>,
    limit: bool,
) -> Option<String> {
    let year: Option<i64> = g("year").and_then(|y| y.parse().ok());
    if let Some(rel) = g("relative") {
        return relative_value(lookup(pack, "relative", rel)?, published?);
    }
    if g("ago").is_some() {
        let n = count(pack, g("num")?)? as i64;
        let (time, per, designator) = unit(pack, g("unit")?)?;
        if time {
            // Hours or minutes ago: the publication day, as far as a date goes.
            return Some(published?.iso());
        }
        return ago_value(n * per as i64, designator, published?);
    }
    if let Some(w) = g("weekday") {
        let w: u32 = lookup(pack, "weekday", w)?.parse().ok()?;
        return Some(weekday_date(w, published?, g("forward").is_some() || limit).iso());
    }
    if let Some(season) = g("season") {
        let start: u32 = lookup(pack, "season", season)?.parse().ok()?;
        // "this summer" is the publication year's; "in the summer" may be last year's.
        let forward = g("forward").is_some();
        let resolved = || {
            let p = published?;
            Some(if forward {
                p.year
            } else {
                rolled_year(start, None, p, false)
            })
        };
        return Some(match year.or_else(resolved) {
            Some(y) => format!("{y:04}"),
            None => "XXXX".into(),
        });
    }
    let Some(m) = g("month").and_then(|m| month(pack, m)) else {
        return year.map(|y| format!("{y:04}"));
    };
    let day = g("day").and_then(leading_number);
    let year_text = match (year, published) {
        (Some(y), _) => format!("{y:04}"),
        (None, Some(p)) => format!("{:04}", rolled_year(m, day, p, limit)),
        (None, None) => "XXXX".into(),
    };
    match day {
        Some(d) => {
            // A day that does not exist in that month is no date at all.
            let check_year = year_text.parse().unwrap_or(2000);
            Day::new(check_year, m, d)?;
            Some(format!("{year_text}-{m:02}-{d:02}"))
        }
        None => Some(format!("{year_text}-{m:02}")),
    }
}

/// The year of a month (and day) written without one: the publication year, except that a month
/// after the publication month is last year's (news reports the past), and a time limit before
/// the publication day is next year's (limits lie ahead).
fn rolled_year(month: u32, day: Option<u32>, published: Day, limit: bool) -> i64 {
    let here = (month, day.unwrap_or(if limit { 31 } else { 1 }));
    let now = (published.month, published.day);
    if limit {
        published.year + i64::from(here < now)
    } else {
        published.year - i64::from(month > published.month)
    }
}

/// The latest such weekday on or before the publication day, or the next one after it.
fn weekday_date(weekday: u32, published: Day, forward: bool) -> Day {
    let today = published.weekday() as i64;
    let w = weekday as i64;
    if forward {
        let ahead = (w - today).rem_euclid(7);
        published.plus_days(if ahead == 0 { 7 } else { ahead })
    } else {
        published.plus_days(-(today - w).rem_euclid(7))
    }
}

fn relative_value(code: &str, published: Day) -> Option<String> {
    let unit = code.chars().next()?;
    let n: i64 = code[1..].parse().ok()?;
    Some(match unit {
        'D' => published.plus_days(n).iso(),
        'W' => published.plus_days(7 * n).iso_week(),
        // The latest weekend on or before the publication day, as the ISO week it ends.
        'E' => {
            let back = (published.weekday() as i64 + 1).rem_euclid(7);
            published.plus_days(7 * n - back).iso_week()
        }
        'M' => {
            let (y, m) = published.plus_months(n);
            format!("{y:04}-{m:02}")
        }
        'Y' => format!("{:04}", published.year + n),
        _ => return None,
    })
}

fn ago_value(n: i64, designator: char, published: Day) -> Option<String> {
    Some(match designator {
        'D' => published.plus_days(-n).iso(),
        'M' => {
            let (y, m) = published.plus_months(-n);
            format!("{y:04}-{m:02}")
        }
        'Y' => format!("{:04}", published.year - n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
