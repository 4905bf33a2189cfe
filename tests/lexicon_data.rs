//! Checks the actor lexicon data under `rules/actors/`.
//!
//! The files are data, edited by hand; this test keeps them consistent:
//! header, codes, kinds, surface forms (no empty strings, no stray spaces,
//! no form that points at two actors unless listed below), `weak` forms,
//! person codes, and the full list of UN member states.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorFile {
    schema: i64,
    kind: String,
    #[serde(default)]
    actor: Vec<Actor>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Actor {
    code: String,
    kind: String,
    names: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    demonyms_plural: Vec<String>,
    #[serde(default)]
    seats: Vec<String>,
    #[serde(default)]
    institutions: Vec<String>,
    #[serde(default)]
    weak: Vec<String>,
    #[serde(default)]
    surname: Option<String>,
    #[serde(default)]
    titles: Vec<String>,
}

impl Actor {
    /// Every list of surface forms, with its field name (`weak` excluded).
    fn form_lists(&self) -> [(&'static str, &Vec<String>); 5] {
        [
            ("names", &self.names),
            ("demonyms", &self.demonyms),
            ("demonyms_plural", &self.demonyms_plural),
            ("seats", &self.seats),
            ("institutions", &self.institutions),
        ]
    }

    fn forms(&self) -> impl Iterator<Item = &String> {
        self.form_lists()
            .into_iter()
            .flat_map(|(_, list)| list.iter())
    }
}

/// Surface forms that intentionally map to more than one code, with the
/// codes and the reason. Every form here must be `weak` in each actor.
const SHARED_FORMS: &[(&str, &[&str], &str)] = &[
    (
        "Congo",
        &["COD", "COG"],
        "news uses the bare name for both Congos; context decides",
    ),
    (
        "Congolese",
        &["COD", "COG"],
        "one demonym for both Congos; context decides",
    ),
];

/// The 193 UN member states, ISO 3166-1 alpha-3.
const UN_MEMBERS: &[&str] = &[
    "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR",
    "BGD", "BRB", "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR",
    "BFA", "BDI", "CPV", "KHM", "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG",
    "COD", "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "PRK", "DNK", "DJI", "DMA", "DOM", "ECU",
    "EGY", "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN", "FRA", "GAB", "GMB", "GEO",
    "DEU", "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND",
    "IDN", "IRN", "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "KWT",
    "KGZ", "LAO", "LVA", "LBN", "LSO", "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS",
    "MDV", "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM", "MCO", "MNG", "MNE", "MAR", "MOZ",
    "MMR", "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR", "OMN", "PAK",
    "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "KOR", "MDA", "ROU", "RUS",
    "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC", "SLE", "SGP",
    "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE", "SYR",
    "TJK", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV", "UGA", "UKR", "ARE",
    "GBR", "TZA", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
];

/// UN observer states.
const UN_OBSERVERS: &[&str] = &["VAT", "PSE"];

/// Territories and partially recognised states the brief asks for.
const TERRITORIES: &[&str] = &["TWN", "XKX", "HKG", "MAC", "ESH", "PRI", "GRL"];

fn load(name: &str) -> ActorFile {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "rules", "actors", name]
        .iter()
        .collect();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

struct Lexicon {
    countries: ActorFile,
    organizations: ActorFile,
    people: ActorFile,
}

fn lexicon() -> Lexicon {
    Lexicon {
        countries: load("countries.toml"),
        organizations: load("organizations.toml"),
        people: load("people.toml"),
    }
}

impl Lexicon {
    fn files(&self) -> [(&'static str, &ActorFile); 3] {
        [
            ("countries.toml", &self.countries),
            ("organizations.toml", &self.organizations),
            ("people.toml", &self.people),
        ]
    }

    fn all(&self) -> impl Iterator<Item = (&'static str, &Actor)> {
        self.files()
            .into_iter()
            .flat_map(|(file, f)| f.actor.iter().map(move |a| (file, a)))
    }
}

fn is_country_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_org_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[test]
fn headers_and_kinds() {
    let lex = lexicon();
    for (file, f) in lex.files() {
        assert_eq!(f.schema, 1, "{file}: schema must be 1");
        assert_eq!(f.kind, "actors", "{file}: kind must be \"actors\"");
        assert!(!f.actor.is_empty(), "{file}: no [[actor]] entries");
    }
    for (file, f, kind) in [
        ("countries.toml", &lex.countries, "country"),
        ("organizations.toml", &lex.organizations, "organization"),
        ("people.toml", &lex.people, "person"),
    ] {
        for a in &f.actor {
            assert_eq!(a.kind, kind, "{file}: {} has kind {:?}", a.code, a.kind);
        }
    }
}

#[test]
fn no_empty_or_padded_strings() {
    let lex = lexicon();
    for (file, a) in lex.all() {
        let mut strings: Vec<(&str, &String)> = vec![("code", &a.code)];
        for (field, list) in a.form_lists() {
            strings.extend(list.iter().map(|s| (field, s)));
        }
        strings.extend(a.weak.iter().map(|s| ("weak", s)));
        strings.extend(a.titles.iter().map(|s| ("titles", s)));
        if let Some(s) = &a.surname {
            strings.push(("surname", s));
        }
        for (field, s) in strings {
            assert!(!s.is_empty(), "{file}: {} has an empty {field}", a.code);
            assert_eq!(
                s.trim(),
                s.as_str(),
                "{file}: {} {field} {s:?} has leading/trailing space",
                a.code
            );
            assert!(
                !s.contains("  "),
                "{file}: {} {field} {s:?} has a double space",
                a.code
            );
        }
    }
}

#[test]
fn no_duplicates_within_a_list() {
    let lex = lexicon();
    for (file, a) in lex.all() {
        let lists = a
            .form_lists()
            .into_iter()
            .chain([("weak", &a.weak), ("titles", &a.titles)]);
        for (field, list) in lists {
            let mut seen = BTreeSet::new();
            for s in list {
                assert!(
                    seen.insert(s),
                    "{file}: {} lists {s:?} twice in {field}",
                    a.code
                );
            }
        }
    }
}

#[test]
fn country_codes_are_alpha3_and_unique() {
    let lex = lexicon();
    let mut seen = BTreeSet::new();
    for a in &lex.countries.actor {
        assert!(is_country_code(&a.code), "bad country code {:?}", a.code);
        assert!(
            seen.insert(a.code.as_str()),
            "duplicate country code {}",
            a.code
        );
        assert!(!a.names.is_empty(), "{} has no names", a.code);
    }
}

#[test]
fn organization_codes_are_unique_and_distinct_from_countries() {
    let lex = lexicon();
    let countries: BTreeSet<&str> = lex
        .countries
        .actor
        .iter()
        .map(|a| a.code.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    for a in &lex.organizations.actor {
        assert!(is_org_code(&a.code), "bad organization code {:?}", a.code);
        assert!(
            seen.insert(a.code.as_str()),
            "duplicate organization code {}",
            a.code
        );
        assert!(
            !countries.contains(a.code.as_str()),
            "organization code {} is also a country code",
            a.code
        );
        assert!(!a.names.is_empty(), "{} has no names", a.code);
    }
}

#[test]
fn un_members_observers_and_territories_are_present() {
    assert_eq!(UN_MEMBERS.len(), 193, "the UN has 193 member states");
    let unique: BTreeSet<&str> = UN_MEMBERS.iter().copied().collect();
    assert_eq!(unique.len(), 193, "UN_MEMBERS has a duplicate");

    let lex = lexicon();
    let present: BTreeSet<&str> = lex
        .countries
        .actor
        .iter()
        .map(|a| a.code.as_str())
        .collect();
    let wanted = UN_MEMBERS.iter().chain(UN_OBSERVERS).chain(TERRITORIES);
    let missing: Vec<&&str> = wanted.filter(|c| !present.contains(**c)).collect();
    assert!(
        missing.is_empty(),
        "missing from countries.toml: {missing:?}"
    );
}

#[test]
fn people_have_known_codes_surnames_and_titles() {
    let lex = lexicon();
    let known: BTreeSet<&str> = lex
        .countries
        .actor
        .iter()
        .chain(&lex.organizations.actor)
        .map(|a| a.code.as_str())
        .collect();
    for p in &lex.people.actor {
        let who = p.names.first().map(String::as_str).unwrap_or("?");
        assert!(
            !p.names.is_empty(),
            "a person with code {} has no names",
            p.code
        );
        assert!(
            known.contains(p.code.as_str()),
            "{who}: code {} is neither a country nor an organization",
            p.code
        );
        let surname = p
            .surname
            .as_deref()
            .unwrap_or_else(|| panic!("{who}: no surname"));
        assert!(
            p.names.iter().any(|n| n.contains(surname)),
            "{who}: surname {surname:?} does not occur in any name"
        );
        assert!(!p.titles.is_empty(), "{who}: no titles");
        for field in [&p.demonyms, &p.demonyms_plural, &p.seats, &p.institutions] {
            assert!(field.is_empty(), "{who}: people have names only");
        }
    }
    for a in lex.countries.actor.iter().chain(&lex.organizations.actor) {
        assert!(
            a.surname.is_none() && a.titles.is_empty(),
            "{}: surname/titles are for people only",
            a.code
        );
    }
}

#[test]
fn weak_forms_are_listed_elsewhere_in_their_actor() {
    let lex = lexicon();
    for (file, a) in lex.all() {
        for w in &a.weak {
            // A weak surname (a common word or name) counts only beside the full name.
            assert!(
                a.forms().any(|f| f == w) || a.surname.as_ref() == Some(w),
                "{file}: {} has weak form {w:?} that is in none of its other lists",
                a.code
            );
        }
    }
}

#[test]
fn no_surface_form_maps_to_two_codes() {
    let lex = lexicon();
    let mut owners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, a) in lex.all() {
        for f in a.forms() {
            owners
                .entry(f.as_str())
                .or_default()
                .insert(a.code.as_str());
        }
    }
    let allowed: BTreeMap<&str, BTreeSet<&str>> = SHARED_FORMS
        .iter()
        .map(|(form, codes, _reason)| (*form, codes.iter().copied().collect()))
        .collect();

    let mut clashes = Vec::new();
    for (form, codes) in &owners {
        if codes.len() > 1 && allowed.get(form) != Some(codes) {
            clashes.push(format!("{form:?} -> {codes:?}"));
        }
    }
    assert!(
        clashes.is_empty(),
        "ambiguous surface forms:\n{}",
        clashes.join("\n")
    );

    // Every listed exception is real and weak in each actor that uses it.
    for (form, codes, reason) in SHARED_FORMS {
        assert!(!reason.is_empty());
        assert_eq!(
            owners.get(form),
            Some(&codes.iter().copied().collect()),
            "SHARED_FORMS entry {form:?} is stale"
        );
        for (_, a) in lex.all().filter(|(_, a)| a.forms().any(|f| f == form)) {
            assert!(
                a.weak.iter().any(|w| w == form),
                "{form:?} is shared, so it must be weak in {}",
                a.code
            );
        }
    }
}

#[test]
fn no_surface_form_in_two_entries() {
    // Catches a person (or country) entered twice under the same code.
    let lex = lexicon();
    let shared: BTreeSet<&str> = SHARED_FORMS.iter().map(|(form, _, _)| *form).collect();
    let mut first: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (file, f) in lex.files() {
        for (i, a) in f.actor.iter().enumerate() {
            let forms: BTreeSet<&str> = a.forms().map(String::as_str).collect();
            for form in forms {
                if shared.contains(form) {
                    continue;
                }
                if let Some((file0, i0)) = first.insert(form, (file, i)) {
                    panic!("{form:?} is in entry {i0} of {file0} and entry {i} of {file}");
                }
            }
        }
    }
}

#[test]
fn surnames_do_not_shadow_other_actors() {
    // Surnames are resolved only after a full-name mention, so two people
    // may share one ("Kim", "Rodríguez"). But a surname must not be a
    // surface form of a different actor, or it would be read as that actor.
    let lex = lexicon();
    let mut owners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, a) in lex.all() {
        for f in a.forms() {
            owners
                .entry(f.as_str())
                .or_default()
                .insert(a.code.as_str());
        }
    }
    for p in &lex.people.actor {
        let Some(surname) = p.surname.as_deref() else {
            continue;
        };
        if let Some(codes) = owners.get(surname) {
            let others: Vec<&&str> = codes.iter().filter(|c| **c != p.code).collect();
            assert!(
                others.is_empty(),
                "surname {surname:?} ({}) is a surface form of {others:?}",
                p.code
            );
        }
    }
}
