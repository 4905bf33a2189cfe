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

/// Month number of a month name or abbreviation in English, German, French, Spanish, Italian,
/// Portuguese or Dutch (lower case, without a trailing dot).
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
        r"(?i)(?:(?-u:\b)(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?((?:19|20)?\d\d)(?-u:\b)|(?-u:\b)((?:19|20)\d\d)-(\d\d)-(\d\d)(?-u:\b)|(?-u:\b)(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?{MONTH},?\s+(?:de\s+)?((?:19|20)\d\d)(?-u:\b)|(?-u:\b){MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?-u:\b)|(?-u:\b)(\d{{1,2}})/(\d{{1,2}})/((?:19|20)\d\d)(?-u:\b)|(?-u:\b)((?:19|20)\d\d)(?:[/.]|年\s?)(\d{{1,2}})(?:[/.]|月\s?)(\d{{1,2}})(?:日|(?-u:\b)))"
    ))
    .expect("static regex")
});

/// A date written out in text, with its byte span: "29.07.2024", "29. Juli 2024",
/// "Aug. 9, 2017", "9 de agosto de 2017", "2024-07-29", "2024/07/29", "2024年7月29日"; day-first
/// slashed dates only where the order of day and month can be told.
pub fn text_dates(text: &str) -> impl Iterator<Item = (Day, usize, usize)> + '_ {
    TEXT_DATE.captures_iter(text).filter_map(|c| {
        let whole = c.get(0)?;
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let day = if let (Some(d), Some(m), Some(y)) = (num(1), num(2), num(3)) {
            if c[3].len() == 2 {
                // "28.01.22": a short year, unless the numbers run on like a version or an
                // address ("1.10.12.4", "10.0.0.12").
                let before = &text[..whole.start()];
                let after = &text[whole.end()..];
                let runs_on = before.ends_with(|ch: char| ch == '.' || ch.is_ascii_digit())
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
            match (a > 12, b > 12) {
                (true, false) => Day::new(y, b, a),
                (false, true) => Day::new(y, a, b),
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
