//! Duplicate detection through the whole pipeline: near-duplicate pairs (the same story from two
//! outlets), unrelated stories wrapped in the same site boilerplate, exact duplicates, both input
//! orders, and identical output whatever the thread count.

use newsrake::dedup::fingerprint;
use newsrake::dedup::index::jaccard;
use newsrake::ingest::parse_stdin_record;

const PORT_STRIKE: &str = "Dock workers at the port of Valmera walked off the job on Monday morning, \
halting the loading of container ships and leaving dozens of vessels anchored outside the harbour \
as talks between the dockers' union and the port authority broke down over pay and night shifts.

The union, which represents about 4,200 crane operators, lashers and checkers, said its members \
had not received a real pay rise in six years while the volume of cargo handled at the terminal \
had nearly doubled. \"We have carried this port on our backs through the pandemic and the energy \
crisis,\" said union secretary Marta Ilescu. \"Now they want us to work more nights for less.\"

The port authority said the strike was illegal because the union had not given the fourteen days \
of notice required under the collective agreement, and warned that it would seek damages in court. \
A spokesman said the authority had offered a 4.5 per cent increase spread over two years, along with \
a one-off bonus for staff who accept the new rota, and that the offer remained on the table.

Shipping lines began diverting vessels to the rival ports of Orsk and Tamberg by midday. Analysts \
at a freight consultancy estimated that each day of disruption would delay about 30,000 containers \
and cost exporters in the region close to 40 million euros, with perishable goods such as fruit and \
frozen fish most at risk. Lorry drivers queued for several kilometres on the ring road leading to \
the terminal gates, and some said they had been waiting since dawn.

The transport minister, Pavel Dranic, urged both sides to return to the negotiating table and said \
the government was ready to appoint a mediator. He ruled out using the army to move cargo, a step \
demanded by the main employers' federation, saying it would only inflame the dispute. Opposition \
lawmakers accused the government of ignoring warnings about the dispute for months.

Union leaders said the walkout would continue until Thursday and that further stoppages could \
follow next week if no agreement is reached. Talks are due to resume on Wednesday.";

const DROUGHT: &str = "Farmers across the southern plains are bracing for the worst harvest in a \
generation after the driest spring since records began left reservoirs at a third of their usual \
level and turned wheat fields brown weeks before they were due to be cut.

The national weather service said rainfall between March and May was 62 per cent below the long-term \
average, and that temperatures had been more than three degrees above normal for most of the period. \
Forecasters expect no significant rain before the autumn, and have warned of a high risk of wildfires \
in forests that border farmland in the hill country.

In the village of Santo Alvaro, where most families grow wheat, barley and sunflowers, the river that \
once irrigated the valley has shrunk to a chain of muddy pools. \"My father farmed this land and his \
father before him, and none of them saw a year like this,\" said Rosa Menendez, who expects to lose \
most of her crop. \"The ears are empty. There is nothing to harvest.\"

The agriculture ministry has announced emergency payments for farmers who lose more than half of their \
yield and has allowed livestock owners to graze animals on land normally set aside for conservation. \
Farm unions say the aid is too small and comes too late, and have called for a suspension of loan \
repayments until next year. Water companies in three provinces have imposed restrictions on garden \
watering and the filling of swimming pools, and some towns are supplied by tanker lorries at night.

Economists warn that the drought could push up food prices that had only just begun to ease, with \
bread, pasta and animal feed likely to be hit first. The central bank said last week that weather \
was now one of the main risks to its inflation forecast. Grain traders said export contracts for the \
coming season were already being renegotiated.

Officials will review the aid package at the end of the month.";

const TRANSFER: &str = "Northfield United have agreed a club-record fee of about 85 million pounds \
with Real Castellon for the midfielder Tomas Beltran, ending a pursuit that has dragged on through \
most of the summer transfer window and tested the patience of supporters on both sides.

The 24-year-old, who scored eleven goals and provided fourteen assists in the league last season, \
will fly to England on Thursday for a medical and is expected to sign a five-year contract worth more \
than 200,000 pounds a week. The deal includes add-ons linked to trophies and appearances that could \
take the total above 95 million pounds, according to people familiar with the negotiations.

Castellon had repeatedly insisted that Beltran was not for sale and rejected two earlier offers, the \
second of them worth 70 million pounds. The Spanish club's position softened after the player told \
the coaching staff that he wanted to leave and missed two days of pre-season training. Its president \
said the club had acted in the best interests of its finances and its academy.

Northfield's manager, Greg Holloway, has made a new central midfielder his priority since the team \
finished fourth last season, well behind the champions. \"He controls games, he wins the ball back \
and he sees passes that other players do not see,\" Holloway said at a pre-season news conference \
in Singapore, where the team is on a four-match tour of Asia. \"He would make us better.\"

The signing is likely to push Northfield's spending this summer beyond 180 million pounds, raising \
questions about how the club will comply with the league's spending rules. Northfield are expected \
to sell at least two senior players before the window closes, with the winger Danny Okafor attracting \
interest from clubs in Germany and Italy.

Beltran could make his debut in the opening match against Harwick.";

const BRIDGE: &str = "City councillors voted on Tuesday night to close the Old Mill Bridge to \
all motor traffic for at least eighteen months after engineers found severe corrosion in the steel \
cables that hold up the main span, which carries about 22,000 vehicles a day across the river.

An inspection report presented to the council found that several cable anchors had lost more than \
a fifth of their original thickness, and recommended urgent repairs before the winter. Pedestrians \
and cyclists will still be allowed to cross on the footpath while the work is carried out, but buses \
will be diverted along the ring road, adding up to twenty minutes to some journeys.

Shop owners on both banks said the closure would devastate trade in the historic centre, which was \
still recovering from the loss of visitors during the pandemic. The chamber of commerce asked the city \
to cut parking charges and business rates for the duration of the works. The mayor said the repairs \
would cost about 48 million, most of it from a national infrastructure fund, and promised a free \
shuttle bus between the two main car parks.";

const ELECTION: &str = "Voters in the northern province of Kestrel go to the polls on Sunday \
in a regional election that is widely seen as a test of the prime minister's popularity eighteen \
months before a general election, with opinion polls showing the governing party narrowly behind.

The campaign has been dominated by the cost of housing, hospital waiting lists and a planned wind \
farm off the coast that has divided fishing communities. The opposition candidate, a former mayor of \
the provincial capital, has promised to freeze rents in public housing and to hire two thousand nurses, \
while the governing party has focused on tax cuts and new rail links to the south of the country.

Turnout in the last regional election was 58 per cent, and both parties have spent heavily on \
advertising aimed at younger voters. Polls close at eight in the evening and the first results are \
expected shortly before midnight, according to the electoral commission.";

/// Another outlet's version of a story: its own header and footer lines, the last paragraph
/// dropped and a few words changed.
fn outlet_b(story: &str) -> String {
    let mut paras: Vec<&str> = story.split("\n\n").collect();
    paras.pop();
    let body = paras
        .join("\n\n")
        .replacen("said", "told reporters", 1)
        .replacen(" about ", " roughly ", 1)
        .replacen("expected", "likely", 1);
    format!(
        "THE EVENING COURIER | Business and World\n\n{body}\n\n\
         Reporting by staff correspondents; editing by the news desk."
    )
}

/// A story as published by outlet A.
fn outlet_a(story: &str) -> String {
    format!(
        "Daily Ledger Online - Latest News\n\n{story}\n\nCopyright Daily Ledger. All rights reserved."
    )
}

/// Site furniture shared by every page of one website.
fn site_boilerplate(story: &str) -> String {
    format!(
        "Home | World | Business | Sport | Culture | Opinion | Subscribe | Sign in\n\n\
         We use cookies to improve your experience on our website, to personalise content and ads, \
         and to analyse our traffic. By continuing to browse this site you agree to our use of \
         cookies. You can change your cookie settings at any time in the privacy centre.\n\n\
         {story}\n\n\
         Sign up for our morning briefing newsletter and get the day's most important stories \
         delivered to your inbox before breakfast, every weekday, free of charge.\n\n\
         Most read: Ten things to do this weekend | The best new restaurants in town | \
         Weather warning issued for the coast | Readers' letters\n\n\
         About us | Contact | Advertise with us | Terms of use | Privacy policy | Cookie policy\n\n\
         Copyright The Metro Herald Media Group. All rights reserved."
    )
}

fn text_record(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string()
}

fn html_record(id: &str, html: &str) -> String {
    serde_json::json!({ "id": id, "html": html }).to_string()
}

/// One output record, reduced to what dedup decides.
#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    id: String,
    duplicate_of: Option<String>,
    similarity: Option<f64>,
    text: String,
}

/// Runs the pipeline over JSON records; returns the raw output and the parsed verdicts.
fn run_with(records: &[String], threads: usize) -> (Vec<u8>, Vec<Verdict>) {
    let inputs: Vec<_> = records
        .iter()
        .enumerate()
        .map(|(i, r)| parse_stdin_record(r, i + 1))
        .collect();
    let opts = newsrake::Options {
        near_dup: 0.8,
        ..Default::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut out: Vec<u8> = Vec::new();
    let summary = newsrake::extract_stream(inputs.into_iter(), &opts, &pool, &mut out, |_| {})
        .expect("pipeline runs");
    assert_eq!(summary.errors, 0);
    let verdicts: Vec<Verdict> = String::from_utf8(out.clone())
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            Verdict {
                id: v["id"].as_str().unwrap().to_string(),
                duplicate_of: v["duplicate_of"].as_str().map(String::from),
                similarity: v["similarity"].as_f64(),
                text: v["text"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect();
    assert_eq!(verdicts.len(), records.len());
    assert_eq!(
        summary.duplicates,
        verdicts.iter().filter(|v| v.duplicate_of.is_some()).count()
    );
    (out, verdicts)
}

fn run(records: &[String]) -> Vec<Verdict> {
    run_with(records, 2).1
}

/// The exact Jaccard of the two cleaned texts, rounded as the index rounds it.
fn expected_similarity(a: &str, b: &str) -> f64 {
    (jaccard(&fingerprint(a), &fingerprint(b)) * 1000.0).round() / 1000.0
}

#[test]
fn near_duplicates_in_both_orders() {
    for (name, story) in [
        ("port", PORT_STRIKE),
        ("drought", DROUGHT),
        ("transfer", TRANSFER),
    ] {
        let a = text_record(&format!("ledger/{name}.txt"), &outlet_a(story));
        let b = text_record(&format!("courier/{name}.txt"), &outlet_b(story));

        let ab = run(&[a.clone(), b.clone()]);
        assert_eq!(ab[0].duplicate_of, None, "{name}");
        assert_eq!(
            ab[1].duplicate_of.as_deref(),
            Some(format!("ledger/{name}.txt").as_str()),
            "{name}"
        );
        let sim = ab[1].similarity.expect("similarity");
        assert!((0.8..1.0).contains(&sim), "{name}: {sim}");
        eprintln!("{name}: similarity {sim}");
        assert_eq!(sim, expected_similarity(&ab[0].text, &ab[1].text), "{name}");

        let ba = run(&[b, a]);
        assert_eq!(ba[0].duplicate_of, None, "{name}");
        assert_eq!(
            ba[1].duplicate_of.as_deref(),
            Some(format!("courier/{name}.txt").as_str()),
            "{name}"
        );
        // Jaccard is symmetric.
        assert_eq!(ba[1].similarity, Some(sim), "{name}");
    }
}

#[test]
fn heavier_edits_fall_below_the_threshold() {
    // Outlet B's version with half of the story cut is related but not a near duplicate at 0.8.
    let paras: Vec<&str> = PORT_STRIKE.split("\n\n").collect();
    let half = paras[..paras.len() / 2].join("\n\n");
    let v = run(&[
        text_record("ledger/port.txt", &outlet_a(PORT_STRIKE)),
        text_record("courier/port-short.txt", &outlet_b(&half)),
    ]);
    assert_eq!(v[1].duplicate_of, None);
    assert!(jaccard(&fingerprint(&v[0].text), &fingerprint(&v[1].text)) < 0.8);
}

#[test]
fn shared_boilerplate_is_not_duplication() {
    let stories = [
        ("port", PORT_STRIKE),
        ("drought", DROUGHT),
        ("transfer", TRANSFER),
        ("bridge", BRIDGE),
        ("election", ELECTION),
    ];
    let records: Vec<String> = stories
        .iter()
        .map(|(name, s)| text_record(&format!("herald/{name}.txt"), &site_boilerplate(s)))
        .collect();
    let v = run(&records);
    for r in &v {
        assert_eq!(r.duplicate_of, None, "{}", r.id);
        assert_eq!(r.similarity, None, "{}", r.id);
    }
    // The two shortest stories share the most boilerplate, relatively: still far from 0.8.
    let j = jaccard(&fingerprint(&v[3].text), &fingerprint(&v[4].text));
    assert!(j > 0.05 && j < 0.5, "{j}");
    eprintln!("boilerplate-only overlap: {j:.3}");
}

#[test]
fn exact_duplicates() {
    let original = outlet_a(DROUGHT);
    // Same words, different case, punctuation and spacing: still exact after normalisation.
    let restyled = original
        .to_uppercase()
        .replace(", ", " ; ")
        .replace(". ", " -- ");
    let v = run(&[
        text_record("a/drought.txt", &original),
        text_record("b/drought-copy.txt", &original),
        text_record("c/drought-shouty.txt", &restyled),
        text_record("d/transfer.txt", TRANSFER),
    ]);
    assert_eq!(v[0].duplicate_of, None);
    for r in &v[1..3] {
        assert_eq!(r.duplicate_of.as_deref(), Some("a/drought.txt"), "{}", r.id);
        assert_eq!(r.similarity, Some(1.0), "{}", r.id);
    }
    assert_eq!(v[3].duplicate_of, None);
}

#[test]
fn html_and_text_versions_of_one_story() {
    let paras: String = PORT_STRIKE
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('"', "&quot;")))
        .collect();
    let html = format!(
        "<!DOCTYPE html><html><head><title>Port strike halts shipping</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>Port strike halts shipping</h1>{paras}</article>\
         <footer>Copyright Daily Ledger. All rights reserved.</footer></body></html>"
    );
    let v = run(&[
        html_record("ledger/port.html", &html),
        text_record("courier/port.txt", &outlet_b(PORT_STRIKE)),
    ]);
    assert_eq!(v[0].duplicate_of, None);
    assert_eq!(v[1].duplicate_of.as_deref(), Some("ledger/port.html"));
    let sim = v[1].similarity.unwrap();
    assert!((0.8..1.0).contains(&sim), "{sim}");
    assert_eq!(sim, expected_similarity(&v[0].text, &v[1].text));
}

#[test]
fn earliest_match_is_named_and_output_does_not_depend_on_threads() {
    let mut records = Vec::new();
    for (name, story) in [
        ("port", PORT_STRIKE),
        ("drought", DROUGHT),
        ("transfer", TRANSFER),
    ] {
        records.push(text_record(
            &format!("1-ledger/{name}.txt"),
            &outlet_a(story),
        ));
        records.push(text_record(
            &format!("2-herald/{name}.txt"),
            &site_boilerplate(story),
        ));
        records.push(text_record(
            &format!("3-courier/{name}.txt"),
            &outlet_b(story),
        ));
    }
    records.push(text_record(
        "4-herald/bridge.txt",
        &site_boilerplate(BRIDGE),
    ));
    records.push(text_record("5-copy/port.txt", &outlet_a(PORT_STRIKE)));
    records.push(text_record("6-empty.txt", "   "));
    records.push(text_record(
        "7-herald/election.txt",
        &site_boilerplate(ELECTION),
    ));
    // Enough documents to span several chunks of the pipeline.
    for i in 0..300 {
        let story = [BRIDGE, ELECTION, DROUGHT][i % 3];
        let filler = format!("Archive item {i}. Reference {}.", i * 7919 % 1000);
        records.push(text_record(
            &format!("8-archive/{i:03}.txt"),
            &format!("{filler}\n\n{story}"),
        ));
    }

    let (one, verdicts) = run_with(&records, 1);
    let (four, _) = run_with(&records, 4);
    assert!(one == four, "output differs between 1 and 4 threads");

    let of = |id: &str| {
        verdicts
            .iter()
            .find(|v| v.id == id)
            .and_then(|v| v.duplicate_of.clone())
    };
    for name in ["port", "drought", "transfer"] {
        assert_eq!(of(&format!("1-ledger/{name}.txt")), None);
        // The courier version is close to the ledger version (earliest), whatever else matches.
        assert_eq!(
            of(&format!("3-courier/{name}.txt")).as_deref(),
            Some(format!("1-ledger/{name}.txt").as_str())
        );
    }
    assert_eq!(of("4-herald/bridge.txt"), None);
    assert_eq!(of("5-copy/port.txt").as_deref(), Some("1-ledger/port.txt"));
    assert_eq!(of("6-empty.txt"), None);
    assert_eq!(of("7-herald/election.txt"), None);
    // Archive copies differ from each other only in a short first paragraph: the first one of each
    // story is near the earlier herald/ledger page or is the first of its kind.
    for i in 3..300 {
        let id = format!("8-archive/{i:03}.txt");
        assert!(of(&id).is_some(), "{id}");
    }
}

#[test]
fn an_earlier_near_duplicate_wins_over_a_later_exact_one() {
    let v = run(&[
        text_record("1-courier/port.txt", &outlet_b(PORT_STRIKE)),
        text_record("2-ledger/port.txt", &outlet_a(PORT_STRIKE)),
        text_record("3-copy/port.txt", &outlet_a(PORT_STRIKE)),
    ]);
    assert_eq!(v[1].duplicate_of.as_deref(), Some("1-courier/port.txt"));
    // The ledger copy is exact, but the courier version came first and is close enough.
    assert_eq!(v[2].duplicate_of.as_deref(), Some("1-courier/port.txt"));
    assert!(v[2].similarity.unwrap() < 1.0);
    assert_eq!(v[2].similarity, v[1].similarity);
}

/// The `bands` view of a run over some records, as JSON values.
fn bands_view(records: &[String]) -> Vec<serde_json::Value> {
    let inputs = records
        .iter()
        .enumerate()
        .map(|(i, r)| parse_stdin_record(r, i + 1));
    let opts = newsrake::Options {
        emit: newsrake::output::Emit::Bands,
        ..Default::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let mut out = Vec::new();
    newsrake::extract_stream(inputs, &opts, &pool, &mut out, |_| {}).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The definition of `duplicate_of` applied to `bands` records, as a distributed job applies it:
/// candidates share a band key; a candidate counts when its exact shingle Jaccard reaches the
/// threshold; the earliest one in input order wins.
fn verdicts_from_bands(rows: &[serde_json::Value], threshold: f64) -> Vec<Option<(String, f64)>> {
    use std::collections::{BTreeSet, HashMap};
    let indexed = |r: &serde_json::Value| r["indexed"].as_bool().unwrap();
    let shingles = |r: &serde_json::Value| -> BTreeSet<u64> {
        r["shingles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect()
    };
    let mut by_band: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate().filter(|(_, r)| indexed(r)) {
        for b in r["bands"].as_array().unwrap() {
            by_band
                .entry(b.as_str().unwrap().to_string())
                .or_default()
                .push(i);
        }
    }
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            if !indexed(r) {
                return None;
            }
            let mut candidates: Vec<usize> = r["bands"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|b| by_band[b.as_str().unwrap()].iter().copied())
                .filter(|&c| c < i)
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let mine = shingles(r);
            candidates.into_iter().find_map(|c| {
                let theirs = shingles(&rows[c]);
                let inter = mine.intersection(&theirs).count();
                let j = inter as f64 / (mine.len() + theirs.len() - inter) as f64;
                (j >= threshold).then(|| {
                    let id = rows[c]["id"].as_str().unwrap().to_string();
                    (id, (j * 1000.0).round() / 1000.0)
                })
            })
        })
        .collect()
}

#[test]
fn bands_view_reproduces_duplicate_of_across_partitions() {
    let mut records = Vec::new();
    for (i, story) in [PORT_STRIKE, DROUGHT, TRANSFER, BRIDGE, ELECTION]
        .iter()
        .enumerate()
    {
        records.push(text_record(&format!("{i}-a"), &outlet_a(story)));
        records.push(text_record(
            &format!("{i}-boiler"),
            &site_boilerplate(story),
        ));
        records.push(text_record(&format!("{i}-b"), &outlet_b(story)));
        records.push(text_record(&format!("{i}-copy"), &outlet_a(story)));
    }
    records.push(text_record("empty", " "));
    let single = run(&records);
    // Three partitions, each run on its own; global order is the partition offset plus `order`.
    let mut rows = Vec::new();
    for part in records.chunks(7) {
        let offset = rows.len();
        for (k, row) in bands_view(part).into_iter().enumerate() {
            assert_eq!(row["order"].as_u64().unwrap() as usize, k);
            assert_eq!(offset + k, rows.len());
            rows.push(row);
        }
    }
    let distributed = verdicts_from_bands(&rows, 0.8);
    assert_eq!(distributed.len(), single.len());
    for (s, d) in single.iter().zip(&distributed) {
        let expected = s.duplicate_of.clone().zip(s.similarity);
        assert_eq!(&expected, d, "{}", s.id);
    }
    let found = distributed.iter().filter(|d| d.is_some()).count();
    assert!(found >= 8, "{found}");
    assert!(!rows.last().unwrap()["indexed"].as_bool().unwrap());
}
