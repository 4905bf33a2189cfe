//! Tests of finding, normalising and attaching time expressions, on sentences written for them.

use crate::clean;
use crate::dedup::DedupDoc;
use crate::extract::{Event, Extraction, Extractor};
use crate::ingest::{Declared, RawDoc};
use crate::segment;

fn extract(text: &str, published: Option<&str>) -> (String, Extraction) {
    let raw = RawDoc {
        id: "t".into(),
        path: None,
        content: text.to_string(),
        declared: Some(Declared::Text),
        url: None,
        date: published.map(String::from),
        fallback_date: None,
        error: None,
    };
    let seg = segment::segment(DedupDoc {
        clean: clean::clean(raw),
        duplicate: None,
    });
    let x = Extractor::default_shared().expect("default pack loads");
    let ex = x.extract(&seg);
    (seg.clean.text.clone(), ex)
}

fn times(text: &str, published: Option<&str>) -> Vec<(String, &'static str, Option<String>)> {
    let (clean, ex) = extract(text, published);
    ex.times
        .iter()
        .map(|t| (clean[t.span.clone()].to_string(), t.kind, t.value.clone()))
        .collect()
}

fn value_of(text: &str, published: Option<&str>) -> Option<String> {
    let all = times(text, published);
    assert_eq!(all.len(), 1, "{text:?}: {all:?}");
    all[0].2.clone()
}

fn event<'a>(ex: &'a Extraction, source: &str, target: &str) -> &'a Event {
    ex.events
        .iter()
        .find(|e| {
            e.source.as_ref().and_then(|s| s.code.as_deref()) == Some(source)
                && e.target.as_ref().and_then(|s| s.code.as_deref()) == Some(target)
        })
        .unwrap_or_else(|| panic!("no event {source}->{target}: {:?}", ex.events))
}

#[test]
fn explicit_dates_in_usual_forms() {
    let p = Some("2024-08-12");
    assert_eq!(
        value_of("It happened on Aug. 9.", p).as_deref(),
        Some("2024-08-09")
    );
    assert_eq!(
        value_of("It happened on 9 August 2024.", None).as_deref(),
        Some("2024-08-09")
    );
    assert_eq!(
        value_of("It began July 29th.", p).as_deref(),
        Some("2024-07-29")
    );
    assert_eq!(
        value_of("It began Sept. 1, 2017.", p).as_deref(),
        Some("2017-09-01")
    );
    assert_eq!(
        value_of("It began on Aug. 9.", None).as_deref(),
        Some("XXXX-08-09")
    );
    assert_eq!(value_of("It began on February 30.", p), None, "no such day");
}

#[test]
fn year_rolls_over_for_a_past_month_and_forward_for_a_limit() {
    let jan3 = Some("2024-01-03");
    assert_eq!(
        value_of("Talks failed in December.", jan3).as_deref(),
        Some("2023-12")
    );
    assert_eq!(
        value_of("Talks failed on December 30.", jan3).as_deref(),
        Some("2023-12-30")
    );
    assert_eq!(
        value_of("Talks failed in January.", jan3).as_deref(),
        Some("2024-01")
    );
    assert_eq!(
        value_of("He must leave by January 5.", Some("2023-12-20")).as_deref(),
        Some("2024-01-05")
    );
}

#[test]
fn weekdays_and_relative_days_resolve_against_publication() {
    // 12 August 2017 was a Saturday.
    let p = Some("2017-08-12");
    assert_eq!(
        value_of("Peru on Friday acted.", p).as_deref(),
        Some("2017-08-11")
    );
    assert_eq!(
        value_of("Peru on Saturday acted.", p).as_deref(),
        Some("2017-08-12")
    );
    assert_eq!(
        value_of("Peru on Sunday acted.", p).as_deref(),
        Some("2017-08-06")
    );
    assert_eq!(
        value_of("Peru acted yesterday.", p).as_deref(),
        Some("2017-08-11")
    );
    assert_eq!(
        value_of("Peru acted today.", p).as_deref(),
        Some("2017-08-12")
    );
    assert_eq!(
        value_of("Peru acted last week.", p).as_deref(),
        Some("2017-W31")
    );
    assert_eq!(value_of("Peru acted on Friday.", None), None);
}

#[test]
fn durations_in_words_digits_and_hyphens() {
    let v = |t: &str| value_of(t, None);
    assert_eq!(v("Leave within 72 hours.").as_deref(), Some("PT72H"));
    assert_eq!(v("He has 72 hours to leave.").as_deref(), Some("PT72H"));
    assert_eq!(v("He got a 48-hour deadline.").as_deref(), Some("PT48H"));
    assert_eq!(v("He has five days.").as_deref(), Some("P5D"));
    assert_eq!(v("He has seventy-two hours.").as_deref(), Some("PT72H"));
    assert_eq!(v("Leave within a week.").as_deref(), Some("P7D"));
    assert_eq!(v("It takes the next two weeks.").as_deref(), Some("P14D"));
    assert_eq!(v("It took 18 months.").as_deref(), Some("P18M"));
    assert_eq!(v("It took a year.").as_deref(), Some("P1Y"));
    assert!(times("Leave within days.", None).is_empty());
}

#[test]
fn immediate_forms_and_ranges() {
    for t in [
        "They left immediately.",
        "The immediate departure was ordered.",
        "They must leave forthwith.",
        "It applies with immediate effect.",
    ] {
        let all = times(t, None);
        assert_eq!(all.len(), 1, "{t}: {all:?}");
        assert_eq!((all[0].1, all[0].2.clone()), ("immediate", None), "{t}");
    }
    let r = times(
        "The summit runs from Monday to Wednesday.",
        Some("2024-08-12"),
    );
    assert_eq!(
        r,
        vec![("from Monday to Wednesday".to_string(), "date", None)]
    );
}

#[test]
fn traps_are_not_dates() {
    assert!(times("Officials may resign.", Some("2024-08-12")).is_empty());
    assert!(times("The Good Friday Agreement holds.", Some("2024-08-12")).is_empty());
}

#[test]
fn a_deadline_in_the_next_sentence_limits_the_event_before() {
    let (_, ex) = extract(
        "Peru on Friday ordered the expulsion of Venezuela's ambassador. Ambassador Diego Molero has five days to leave Peru, the foreign ministry said.",
        Some("2017-08-12"),
    );
    let e = event(&ex, "PER", "VEN");
    let d = e
        .deadline
        .as_ref()
        .expect("deadline from the next sentence");
    assert_eq!((d.kind, d.value.as_deref()), ("duration", Some("P5D")));
    let date = e.date.as_ref().expect("date of its own sentence");
    assert_eq!(date.value.as_deref(), Some("2017-08-11"));
}

#[test]
fn same_deadline_takes_the_value_pointed_back_to() {
    let (_, ex) = extract(
        "Peru ordered Venezuela's ambassador to leave within 72 hours. Venezuela responded by expelling Peru's envoy, with the same deadline given.",
        None,
    );
    let d = event(&ex, "VEN", "PER")
        .deadline
        .clone()
        .expect("back-reference");
    assert_eq!((d.kind, d.value.as_deref()), ("duration", Some("PT72H")));
}

#[test]
fn a_by_date_deadline_takes_the_publication_year() {
    let (_, ex) = extract(
        "Guatemala ordered the expulsion of Belize's ambassador and told him to leave by March 15.",
        Some("2026-03-10"),
    );
    let d = event(&ex, "GTM", "BLZ")
        .deadline
        .clone()
        .expect("date deadline");
    assert_eq!((d.kind, d.value.as_deref()), ("date", Some("2026-03-15")));
    assert!(
        event(&ex, "GTM", "BLZ").date.is_none(),
        "a limit is not an event date"
    );
}

#[test]
fn an_event_never_borrows_another_sentences_date() {
    let (_, ex) = extract(
        "Talks collapsed on Friday. Peru recalled its ambassador to Venezuela.",
        Some("2024-08-12"),
    );
    assert!(event(&ex, "PER", "VEN").date.is_none());
}

#[test]
fn a_date_of_something_else_does_not_date_the_event() {
    let (_, ex) = extract(
        "Peru ordered Venezuelan diplomats to leave, after the electoral authority declared Maduro the winner of Sunday's election.",
        Some("2024-07-30"),
    );
    assert!(event(&ex, "PER", "VEN").date.is_none());
    let (_, ex) = extract(
        "Peru recalled its ambassador to Caracas in late March in protest.",
        Some("2017-08-12"),
    );
    let date = event(&ex, "PER", "VEN").date.clone().expect("month date");
    assert_eq!(date.value.as_deref(), Some("2017-03"));
}

#[test]
fn immediately_before_the_verb_is_manner_not_a_limit() {
    let (_, ex) = extract(
        "Mexico is immediately breaking diplomatic relations with Ecuador.",
        None,
    );
    assert!(
        ex.events.iter().all(|e| e.deadline.is_none()),
        "{:?}",
        ex.events
    );
    let (_, ex) = extract(
        "Costa Rica expelled two Nicaraguan diplomats and ordered them to leave immediately.",
        None,
    );
    let d = event(&ex, "CRI", "NIC")
        .deadline
        .clone()
        .expect("immediate");
    assert_eq!(d.kind, "immediate");
}

#[test]
fn a_later_relative_clause_gives_no_date() {
    let (_, ex) = extract(
        "Kenya recalled its envoy from Tanzania over a ban that Tanzania imposed in March.",
        Some("2026-05-21"),
    );
    assert!(event(&ex, "KEN", "TZA").date.is_none());
}

#[test]
fn a_threat_has_no_date_of_happening() {
    let (_, ex) = extract(
        "Peru on Friday threatened to expel the Venezuelan ambassador.",
        Some("2024-08-12"),
    );
    let e = event(&ex, "PER", "VEN");
    assert_eq!(e.polarity, crate::extract::Polarity::Hypothetical);
    assert!(e.date.is_none(), "{:?}", e.date);
    // The same words, done: the date is the event's.
    let (_, ex) = extract(
        "Peru on Friday expelled the Venezuelan ambassador.",
        Some("2024-08-12"),
    );
    let date = event(&ex, "PER", "VEN").date.clone().expect("dated");
    assert_eq!(date.value.as_deref(), Some("2024-08-09"));
}

#[test]
fn a_date_that_opens_the_sentence_reaches_across_a_relative_clause() {
    let (_, ex) = extract(
        "On 3 March, the Chilean envoy was called to the ministry, where he was told that Peru had decided to declare two Chilean diplomats persona non grata.",
        Some("2024-03-05"),
    );
    let date = event(&ex, "PER", "CHL").date.clone().expect("dated");
    assert_eq!(date.value.as_deref(), Some("2024-03-03"));
    // Not fronted, the date belongs to the relative clause.
    let (_, ex) = extract(
        "Peru declared two Chilean diplomats persona non grata, who had arrived in Lima on 3 March.",
        Some("2024-03-05"),
    );
    assert!(event(&ex, "PER", "CHL").date.is_none());
}

#[test]
fn a_date_after_as_a_response_to_dates_the_earlier_act() {
    let (_, ex) = extract(
        "Peru declared two Chilean diplomats persona non grata as a response to the expulsion of Peruvian diplomats from Chile in March.",
        Some("2024-04-05"),
    );
    assert!(event(&ex, "PER", "CHL").date.is_none());
}

#[test]
fn a_later_mention_of_a_group_act_dates_every_member() {
    let (_, ex) = extract(
        "Peru expelled the ambassadors of Chile, Bolivia and Ecuador. The agency reported that the president signed an order on March 3 declaring the ambassadors of several countries persona non grata.",
        Some("2024-03-05"),
    );
    for target in ["CHL", "BOL", "ECU"] {
        let date = event(&ex, "PER", target).date.clone().expect("dated");
        assert_eq!(date.value.as_deref(), Some("2024-03-03"), "{target}");
    }
}

#[test]
fn a_date_in_an_opening_clause_dates_that_clause() {
    for text in [
        "After the election on Sunday, Peru recalled its ambassador from Venezuela.",
        "Peru, following the attack on its embassy last week, recalled its ambassador from Venezuela.",
        "In view of the raid on the embassy on Friday, April 5, and on the orders of the president, Peru is breaking diplomatic relations with Venezuela.",
    ] {
        let (_, ex) = extract(text, Some("2024-07-30"));
        assert!(event(&ex, "PER", "VEN").date.is_none(), "{text}");
    }
    // A clause that does not open the sentence holds both the date and the event.
    let (_, ex) = extract(
        "Trade fell after Peru in October closed its consulate in Caracas, recalling its ambassador from Venezuela.",
        Some("2024-11-30"),
    );
    let date = event(&ex, "PER", "VEN").date.clone().expect("dated");
    assert_eq!(date.value.as_deref(), Some("2024-10"));
    let (_, ex) = extract(
        "On Sunday, after the election, Peru recalled its ambassador from Venezuela.",
        Some("2024-07-30"),
    );
    let date = event(&ex, "PER", "VEN").date.clone().expect("dated");
    assert_eq!(date.value.as_deref(), Some("2024-07-28"));
}

#[test]
fn the_day_of_a_trailing_attribution_dates_the_event_it_reports() {
    let (_, ex) = extract(
        "Peru has expelled a Chilean diplomat for his alleged role in the plot against the president, Foreign Minister Ana Ruiz said Monday.",
        Some("2024-07-30"),
    );
    let date = event(&ex, "PER", "CHL").date.clone().expect("dated");
    assert_eq!(date.value.as_deref(), Some("2024-07-29"));
    // An aside that is no attribution keeps its break.
    let (_, ex) = extract(
        "Peru has expelled a Chilean diplomat for his alleged role in the plot, which failed on Monday.",
        Some("2024-07-30"),
    );
    assert!(event(&ex, "PER", "CHL").date.is_none());
}
