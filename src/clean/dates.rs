//! Publication dates: parsing the forms pages write dates in, and choosing the one date a page
//! tells about itself. A wrong date is worse than none, so the choice returns `None` when the
//! clues are weak or disagree (see `docs/dates.md`).

use once_cell::sync::Lazy;
use regex::Regex;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub y: u16,
    /// Month, 1-12.
    pub m: u8,
    /// Day of month, 1-31.
    pub d: u8,
}

impl Day {
    /// A day when it exists in the calendar and lies in the years news pages come from.
    pub fn new(y: u32, m: u32, d: u32) -> Option<Day> {
        if !(1995..=2100).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
            return None;
        }
        Some(Day {
            y: y as u16,
            m: m as u8,
            d: d as u8,
        })
    }

    /// YYYY-MM-DD.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// Days since 1970-01-01, for telling neighbouring days apart.
    fn ordinal(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (self.y as i64, self.m as i64, self.d as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Signed distance in days from `other` to `self`.
    pub fn minus(self, other: Day) -> i64 {
        self.ordinal() - other.ordinal()
    }
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Where a date clue comes from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// `datePublished` of a JSON-LD article object.
    JsonLd,
    /// A publication meta tag (article:published_time, Dublin Core, parsely, sailthru ...).
    Meta,
    /// An element with `itemprop=datePublished` in the body.
    Itemprop,
    /// `dateCreated`, or `datePublished` of a JSON-LD object that is not an article.
    JsonLdWeak,
    /// A `<time>` element marked as the publication time (pubdate, class or itemprop).
    TimeMarked,
    /// A date written next to a publication cue ("Veröffentlicht am", "Published:").
    TextCued,
    /// The first element after the headline whose class names a date ("date", "datum", "posted").
    DatedElement,
    /// The first `<time datetime>` after the headline.
    Time,
    /// The first date written near the headline (byline, dateline).
    Text,
    /// A bare `<meta name=date>`: many sites fill it with the last change.
    MetaBare,
}

/// One date a page gives, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clue {
    /// The day as written (a timestamp keeps its own calendar day).
    pub day: Day,
    /// Where it was found.
    pub source: Source,
    /// Hour of a timestamp given in UTC ("Z", "+00:00"), whose local day may be a neighbour.
    pub utc_hour: Option<u8>,
}

static ISO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::\d{2}(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?")
        .expect("static regex")
});

/// The day of an ISO-8601 date or date-time (its own calendar day, not converted to UTC), and
/// the hour when the time is given in UTC.
pub fn parse_iso(s: &str) -> Option<(Day, Option<u8>)> {
    let c = ISO.captures(s)?;
    let rest = &s[c.get(0)?.end()..];
    // "20240729" must not be the head of a longer number.
    if rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let day = Day::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    let utc = match (c.get(4), c.get(6).map(|m| m.as_str())) {
        (Some(h), Some("Z" | "+00:00" | "+0000" | "-00:00" | "UTC" | "GMT")) => {
            h.as_str().parse().ok()
        }
        _ => None,
    };
    Some((day, utc))
}

// `Tue Jan 28 15:28:56 CET 2020`: how Java's Date and Unix `date` print a moment.
static C_STAMP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*[A-Za-z]{3},?\s+([A-Za-z]{3})\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[A-Za-z]{1,5}\s+|[+-]\d{4}\s+)?(\d{4})\s*$")
        .expect("static regex")
});

/// The day of a metadata value: ISO 8601 first, else the forms some sites put in their tags
/// instead (`Tue Jan 28 15:28:56 CET 2020`, `Fri, 01 May 2020 23:00:00 -0400`, `28.01.2020`),
/// each keeping its own calendar day. Only a date at the head of the value counts.
pub fn parse_stamp(s: &str) -> Option<(Day, Option<u8>)> {
    if let Some(found) = parse_iso(s) {
        return Some(found);
    }
    if let Some(c) = C_STAMP.captures(s) {
        let m = month_number(&c[1].to_lowercase())?;
        return Day::new(c[3].parse().ok()?, m, c[2].parse().ok()?).map(|d| (d, None));
    }
    let mut end = s.len().min(40);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    text_dates(&s[..end])
        .next()
        .filter(|&(_, start, _)| start <= 5)
        .map(|(d, _, _)| (d, None))
}

/// Month number of a month name or abbreviation in English, German, French, Spanish, Italian,
/// Portuguese, Dutch, Romanian, the Scandinavian languages, Polish, Czech, Russian or Ukrainian
/// (lower case, without a trailing dot).
fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.');
    let m = match n {
        "january" | "jan" | "januar" | "jänner" | "janvier" | "janv" | "enero" | "ene"
        | "gennaio" | "janeiro" | "januari" => 1,
        "february" | "feb" | "febr" | "februar" | "feber" | "février" | "févr" | "fevrier"
        | "febrero" | "febbraio" | "fevereiro" | "februari" => 2,
        "march" | "mar" | "märz" | "mär" | "maerz" | "mars" | "marzo" | "março" | "maart" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" | "maio" | "mei" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "giugno" | "junho" => 6,
        "july" | "jul" | "juli" | "juillet" | "juil" | "julio" | "luglio" | "julho" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" | "setembro" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" | "ottobre" | "outubro" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "déc" | "decembre" | "diciembre"
        | "dicembre" | "dezembro" => 12,
        // Romanian, Swedish, Danish and Norwegian forms the names above miss.
        "ianuarie" | "ian" => 1,
        "februarie" => 2,
        "martie" => 3,
        "aprilie" => 4,
        "maj" => 5,
        "iunie" | "iun" => 6,
        "iulie" | "iul" => 7,
        "augusti" => 8,
        "septembrie" => 9,
        "octombrie" => 10,
        "noiembrie" | "noi" => 11,
        "decembrie" | "desember" => 12,
        // Polish and Czech genitive forms ("listopada" is left out: November in Polish,
        // October in Croatian).
        "stycznia" | "ledna" => 1,
        "lutego" | "února" => 2,
        "marca" | "března" => 3,
        "kwietnia" | "dubna" => 4,
        "maja" | "května" => 5,
        "czerwca" | "června" => 6,
        "lipca" | "července" => 7,
        "sierpnia" | "srpna" => 8,
        "września" | "září" => 9,
        "października" | "října" => 10,
        "listopadu" => 11,
        "grudnia" | "prosince" => 12,
        // Russian and Ukrainian genitive forms, as dates write them.
        "января" | "січня" => 1,
        "февраля" | "лютого" => 2,
        "марта" | "березня" => 3,
        "апреля" | "квітня" => 4,
        "мая" | "травня" => 5,
        "июня" | "червня" => 6,
        "июля" | "липня" => 7,
        "августа" | "серпня" => 8,
        "сентября" | "вересня" => 9,
        "октября" | "жовтня" => 10,
        "ноября" | "листопада" => 11,
        "декабря" | "грудня" => 12,
        _ => return None,
    };
    Some(m)
}

// Unbounded: a counted Unicode class would blow up the regex's DFA; month_number() checks it.
const MONTH: &str = r"(\p{L}+\.?)";

static TEXT_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:(?-u:\b)(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?((?:19|20)?\d\d)(?-u:\b)|(?-u:\b)((?:19|20)\d\d)-(\d\d)-(\d\d)(?-u:\b)|(?-u:\b)(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?{MONTH},?\s+(?:de\s+)?((?:19|20)\d\d)(?-u:\b)|(?-u:\b){MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?-u:\b)|(?-u:\b)(\d{{1,2}})/(\d{{1,2}})/((?:19|20)\d\d)(?-u:\b)|(?-u:\b)((?:19|20)\d\d)(?:/|\.\s?|年\s?)(\d{{1,2}})(?:/|\.\s?|月\s?)(\d{{1,2}})(?:日|(?-u:\b)))"
    ))
    .expect("static regex")
});

/// How a page writes slashed dates whose day and month could be swapped (`02/10/2020`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashOrder {
    /// Unknown: such dates are not read.
    Unknown,
    /// Day first (`02/10/2020` is 2 October), as most of the world writes.
    DayFirst,
    /// Month first (`02/10/2020` is 10 February), as the United States writes.
    MonthFirst,
}

/// A date written out in text, with its byte span: "29.07.2024", "29. Juli 2024",
/// "Aug. 9, 2017", "9 de agosto de 2017", "2024-07-29", "2024/07/29", "2024. 07. 29.",
/// "2024年7月29日"; day-first
/// slashed dates only where the order of day and month can be told.
pub fn text_dates(text: &str) -> impl Iterator<Item = (Day, usize, usize)> + '_ {
    text_dates_in(text, SlashOrder::Unknown)
}

/// [`text_dates`], reading slashed dates whose day and month could be swapped in the order
/// the page is known to write them.
pub fn text_dates_in(
    text: &str,
    order: SlashOrder,
) -> impl Iterator<Item = (Day, usize, usize)> + '_ {
    TEXT_DATE.captures_iter(text).filter_map(move |c| {
        let whole = c.get(0)?;
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let day = if let (Some(d), Some(m), Some(y)) = (num(1), num(2), num(3)) {
            if c[3].len() == 2 {
                // "28.01.22": a short year, unless the numbers run on like a version or an
                // address ("1.10.12.4", "10.0.0.12").
                let before = &text[..whole.start()];
                let after = &text[whole.end()..];
                // "2020. 06. 04. 11:27" (year first) is not 6 April 2011 either.
                let runs_on = before
                    .trim_end_matches(' ')
                    .ends_with(|ch: char| ch == '.' || ch.is_ascii_digit())
                    || after.starts_with('.')
                        && after[1..].starts_with(|ch: char| ch.is_ascii_digit());
                if runs_on {
                    return None;
                }
                Day::new(2000 + y, m, d)
            } else {
                Day::new(y, m, d)
            }
        } else if let (Some(y), Some(m), Some(d)) = (num(4), num(5), num(6)) {
            Day::new(y, m, d)
        } else if let (Some(d), Some(y)) = (num(7), num(9)) {
            Day::new(y, month_number(&c[8].to_lowercase())?, d)
        } else if let (Some(d), Some(y)) = (num(11), num(12)) {
            Day::new(y, month_number(&c[10].to_lowercase())?, d)
        } else if let (Some(y), Some(m), Some(d)) = (num(16), num(17), num(18)) {
            Day::new(y, m, d)
        } else if let (Some(a), Some(b), Some(y)) = (num(13), num(14), num(15)) {
            match (a > 12, b > 12, order) {
                (true, false, _) => Day::new(y, b, a),
                (false, true, _) => Day::new(y, a, b),
                (false, false, SlashOrder::DayFirst) => Day::new(y, b, a),
                (false, false, SlashOrder::MonthFirst) => Day::new(y, a, b),
                _ => None,
            }
        } else {
            None
        };
        day.map(|d| (d, whole.start(), whole.end()))
    })
}

static URL_DAY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
        .expect("static regex")
});
static URL_MONTH: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/").expect("static regex"));

/// What an address's path tells about the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlDate {
    /// A whole day: /2024/07/29/, /20240729/, /2024-07-29-
    Day(Day),
    /// Year and month only: /2024/07/
    Month(u16, u8),
}

/// The date in an address's path, looked for after the host and before the query.
pub fn url_date(url: &str) -> Option<UrlDate> {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("", |p| &after_scheme[p..]);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    if let Some(c) = URL_DAY.captures(path) {
        let day = Day::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if let Some(day) = day {
            return Some(UrlDate::Day(day));
        }
    }
    let c = URL_MONTH.captures(path)?;
    Some(UrlDate::Month(c[1].parse().ok()?, c[2].parse().ok()?))
}

impl Source {
    /// How much a clue of this kind counts in the vote. Metadata counts most, but two visible
    /// dates that agree outvote one metadata date: sites refresh their metadata on every change.
    fn weight(self) -> u32 {
        match self {
            Source::JsonLd | Source::Meta => 12,
            Source::Itemprop => 10,
            Source::TimeMarked | Source::TextCued => 8,
            Source::DatedElement | Source::Time | Source::Text => 7,
            Source::JsonLdWeak | Source::MetaBare => 6,
        }
    }
}

/// The clue of the day with the most weight (a tie goes to the day of the most trusted clue).
fn vote<'a>(clues: impl Iterator<Item = &'a Clue>) -> Option<&'a Clue> {
    let mut days: Vec<(Day, u32, &Clue)> = Vec::new();
    for c in clues {
        match days.iter_mut().find(|(d, _, _)| *d == c.day) {
            Some((_, w, best)) => {
                *w += c.source.weight();
                if c.source < best.source {
                    *best = c;
                }
            }
            None => days.push((c.day, c.source.weight(), c)),
        }
    }
    days.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.source.cmp(&a.2.source)))
        .map(|(_, _, c)| c)
}

/// The page's publication day from its clues and address: the address's whole day first (it is
/// almost never wrong), then the day with most weight among the clues that agree with the
/// address's month. A UTC timestamp near midnight gives way to a written date on the
/// neighbouring day, which is the local day the page was dated with.
pub fn choose(clues: &[Clue], url: Option<&str>) -> Option<Day> {
    let from_url = url.and_then(url_date);
    if let Some(UrlDate::Day(d)) = from_url {
        return Some(d);
    }
    let fits = |c: &&Clue| match from_url {
        Some(UrlDate::Month(y, m)) => c.day.y == y && c.day.m == m,
        _ => true,
    };
    let best = vote(clues.iter().filter(fits))?;
    if let Some(h) = best.utc_hour {
        let local = clues.iter().filter(fits).find(|c| {
            c.utc_hour.is_none()
                && c.source >= Source::TimeMarked
                && match c.day.minus(best.day) {
                    -1 => h < 10,
                    1 => h >= 14,
                    _ => false,
                }
        });
        if let Some(l) = local {
            return Some(l.day);
        }
    }
    Some(best.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        parse_iso(s).expect("day").0
    }

    #[test]
    fn iso_keeps_its_own_calendar_day() {
        assert_eq!(
            parse_iso("2017-08-10T00:30:00+09:00"),
            Some((day("2017-08-10"), None))
        );
        assert_eq!(
            parse_iso("2023-11-09T01:09:55Z"),
            Some((day("2023-11-09"), Some(1)))
        );
        assert_eq!(
            parse_iso("20240729").map(|d| d.0.iso()).as_deref(),
            Some("2024-07-29")
        );
        assert_eq!(parse_iso("2024-02-30"), None);
        assert_eq!(parse_iso("1850-01-01"), None);
        assert_eq!(parse_iso("202407291"), None);
        assert_eq!(parse_iso("yesterday"), None);
    }

    #[test]
    fn written_dates_in_several_languages() {
        let found = |t: &str| text_dates(t).map(|(d, _, _)| d.iso()).collect::<Vec<_>>();
        assert_eq!(found("Stand: 29.07.2024, 10:15 Uhr"), ["2024-07-29"]);
        assert_eq!(found("Veröffentlicht am 29. Juli 2024"), ["2024-07-29"]);
        assert_eq!(found("By Jo Doe | Aug. 9, 2017"), ["2017-08-09"]);
        assert_eq!(found("publié le 3 mars 2021"), ["2021-03-03"]);
        assert_eq!(found("9 de agosto de 2017"), ["2017-08-09"]);
        assert_eq!(
            found("July 29th, 2024 and 2024-07-30"),
            ["2024-07-29", "2024-07-30"]
        );
        assert_eq!(
            found("13/05/2020 or 05/13/2020"),
            ["2020-05-13", "2020-05-13"]
        );
        assert_eq!(
            found("2020年07月03日 2020/07/04 2020.07.05"),
            ["2020-07-03", "2020-07-04", "2020-07-05"]
        );
        assert_eq!(found("15 августа 2016, 13:43"), ["2016-08-15"]);
        assert_eq!(found("Party, 30.10.23 |"), ["2023-10-30"]);
        assert!(found("v1.10.12.4 or 10.0.0.12").is_empty());
        // Order of day and month unknown; version numbers; impossible days.
        assert!(found("05/06/2020, v1.2.3, 31.02.2020, 12 Foo 2020").is_empty());
    }

    #[test]
    fn year_first_dates_with_spaced_dots() {
        let found = |t: &str| text_dates(t).map(|(d, _, _)| d.iso()).collect::<Vec<_>>();
        // Hungarian style: year, month and day, each with a dot, then the time.
        assert_eq!(found("Frissítve: 2021. 03. 07. 08:15"), ["2021-03-07"]);
        assert_eq!(found("2021. 3. 7."), ["2021-03-07"]);
        // Numbers that run on after a dot and a space are an outline, not a short-year date.
        assert!(found("Kapitel 3. 4. 5. 19 Seiten").is_empty());
        assert_eq!(found("am 4. 5. 19 um"), ["2019-05-04"]);
    }

    #[test]
    fn month_names_of_more_languages() {
        let found = |t: &str| text_dates(t).map(|(d, _, _)| d.iso()).collect::<Vec<_>>();
        assert_eq!(found("marți, 3 martie 2021, 10:00"), ["2021-03-03"]);
        assert_eq!(found("7 listopadu 2019"), ["2019-11-07"]);
        assert_eq!(found("12 października 2018"), ["2018-10-12"]);
        assert_eq!(found("den 4 augusti 2016"), ["2016-08-04"]);
        // Polish November and Croatian October share a name: not read.
        assert!(found("5 listopada 2017").is_empty());
    }

    #[test]
    fn slashed_dates_in_the_order_of_the_page() {
        let found = |t: &str, o| {
            text_dates_in(t, o)
                .map(|(d, _, _)| d.iso())
                .collect::<Vec<_>>()
        };
        assert!(found("03/04/2021", SlashOrder::Unknown).is_empty());
        assert_eq!(found("03/04/2021", SlashOrder::DayFirst), ["2021-04-03"]);
        assert_eq!(found("03/04/2021", SlashOrder::MonthFirst), ["2021-03-04"]);
        // A date whose order shows itself is read the same whatever the page says.
        assert_eq!(found("25/04/2021", SlashOrder::MonthFirst), ["2021-04-25"]);
    }

    #[test]
    fn metadata_stamps_other_than_iso() {
        let got = |s: &str| parse_stamp(s).map(|(d, h)| (d.iso(), h));
        assert_eq!(
            got("Wed Mar 03 09:15:00 CET 2021"),
            Some(("2021-03-03".to_string(), None))
        );
        assert_eq!(
            got("Thu, 04 Mar 2021 23:30:00 -0500"),
            Some(("2021-03-04".to_string(), None))
        );
        assert_eq!(
            got("05.03.2021 10:00"),
            Some(("2021-03-05".to_string(), None))
        );
        assert_eq!(
            got("2021-03-06T01:00:00Z"),
            Some(("2021-03-06".to_string(), Some(1)))
        );
        // A date deep inside a sentence is no stamp; neither is an ambiguous slashed one.
        assert_eq!(got("Our summer sale ends on 5 March 2021"), None);
        assert_eq!(got("03/04/2021"), None);
        assert_eq!(got("soon"), None);
    }

    #[test]
    fn dates_in_address_paths() {
        let u = |s: &str| url_date(s);
        let d = UrlDate::Day(day("2024-07-29"));
        assert_eq!(u("https://ex.com/2024/07/29/peru-expels"), Some(d));
        assert_eq!(u("https://ex.com/news/20240729/peru"), Some(d));
        assert_eq!(u("https://ex.com/2024-07-29-peru.html"), Some(d));
        assert_eq!(
            u("https://ex.com/2024/07/peru"),
            Some(UrlDate::Month(2024, 7))
        );
        assert_eq!(u("https://ex.com/a?d=2024/07/29/"), None);
        assert_eq!(u("https://ex.com/article-1202407291234"), None);
        assert_eq!(u("https://2024-07-29.ex.com/a"), None);
    }

    fn clue(s: &str, source: Source) -> Clue {
        let (day, utc_hour) = parse_iso(s).expect("day");
        Clue {
            day,
            source,
            utc_hour,
        }
    }

    #[test]
    fn choice_trusts_the_address_then_metadata() {
        let clues = [
            clue("2020-01-01", Source::Text),
            clue("2020-01-02", Source::Meta),
            clue("2020-01-03T12:00:00+01:00", Source::JsonLd),
        ];
        let got = |u: Option<&str>| choose(&clues, u).map(Day::iso);
        assert_eq!(got(None).as_deref(), Some("2020-01-03"));
        assert_eq!(
            got(Some("https://e.com/2019/12/30/x")).as_deref(),
            Some("2019-12-30")
        );
        // Two visible dates that agree outvote one metadata date.
        let mut more = clues.to_vec();
        more.push(clue("2020-01-01", Source::Time));
        assert_eq!(
            choose(&more, None).map(Day::iso).as_deref(),
            Some("2020-01-01")
        );
        // An address month that no clue fits leaves nothing.
        assert_eq!(got(Some("https://e.com/2019/12/x")), None);
        assert_eq!(choose(&[], None), None);
    }

    #[test]
    fn utc_timestamp_yields_to_local_written_day() {
        let clues = [
            clue("2023-11-09T01:09:55Z", Source::Meta),
            clue("2023-11-08", Source::Text),
        ];
        assert_eq!(
            choose(&clues, None).map(Day::iso).as_deref(),
            Some("2023-11-08")
        );
        // Noon UTC is the same day almost everywhere: the metadata stands.
        let clues = [
            clue("2023-11-09T12:00:00Z", Source::Meta),
            clue("2023-11-08", Source::Text),
        ];
        assert_eq!(
            choose(&clues, None).map(Day::iso).as_deref(),
            Some("2023-11-09")
        );
    }
}
