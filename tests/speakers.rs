//! Speakers on BBC articles (issue 10): every quote example of the "Why", read from the
//! BBC corpus in ../shared (never copied into the repository) through `whosaid analyze --json`.
//! Without ../shared the tests skip, except under CI (env `CI` set), where missing data fails.

use std::path::PathBuf;

use serde_json::Value;

use crate::util::{TestDir, repo};

/// The BBC file `rel` (e.g. "politics/001.txt"); `None` (skip) when ../shared is absent outside CI.
fn bbc_file(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared/corpora/bbc").join(rel);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but the BBC corpus file {} is missing",
        p.display()
    );
    eprintln!("skipped: {} not present", p.display());
    None
}

/// The `analyze --json` object of one BBC file.
fn analyze(rel: &str) -> Option<Value> {
    let path = bbc_file(rel)?;
    let t = TestDir::new();
    Some(t.json(&["analyze", path.to_str().expect("UTF-8 path"), "--json"]))
}

fn quotes(a: &Value) -> &Vec<Value> {
    a["quotes"].as_array().expect("quotes list")
}

/// The one quote whose text contains `needle`.
fn quote_with<'a>(a: &'a Value, needle: &str) -> &'a Value {
    let found: Vec<&Value> = quotes(a)
        .iter()
        .filter(|q| q["text"].as_str().is_some_and(|t| t.contains(needle)))
        .collect();
    assert_eq!(found.len(), 1, "quotes containing {needle:?}: {found:#?}");
    found[0]
}

/// The quote whose source phrase starts with `source`.
fn quote_from<'a>(a: &'a Value, source: &str) -> &'a Value {
    quotes(a)
        .iter()
        .find(|q| q["source"]["text"].as_str().is_some_and(|s| s.starts_with(source)))
        .unwrap_or_else(|| panic!("no quote with source {source:?}: {:#?}", quotes(a)))
}

/// Every paragraph speaker of the article.
fn paragraph_speakers(a: &Value) -> Vec<String> {
    a["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .flat_map(|p| p["speakers"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

fn speaker(q: &Value) -> Option<&str> {
    q["speaker"].as_str()
}

#[test]
fn apposition_names_the_speaker_not_a_role_holder() {
    // "The Shadow Secretary of State for the Family, Theresa May, said: "These plans …"" was
    // Patricia Hewitt's (the other Secretary of the article).
    let Some(a) = analyze("politics/001.txt") else { return };
    let q = quote_with(&a, "These plans were announced by Gordon Brown");
    assert_eq!(speaker(q), Some("Theresa May"), "{q:#}");
}

#[test]
fn he_said_after_a_reported_attribution_is_its_speaker() {
    // Vince Cable warned … as Mr Brown would like … "…Gordon Brown's record is very mixed," he said.
    let Some(a) = analyze("politics/349.txt") else { return };
    let q = quote_with(&a, "record is very mixed");
    assert_eq!(speaker(q), Some("Vince Cable"), "{q:#}");
}

#[test]
fn the_mp_for_a_constituency_is_not_the_constituency() {
    let Some(a) = analyze("politics/415.txt") else { return };
    let q = quote_from(&a, "The MP for Sittingbourne and Sheppey");
    // The article never says which person is that MP: no speaker beats a wrong one.
    assert!(matches!(speaker(q), None | Some("Derek Wyatt")), "{q:#}");
    assert!(!paragraph_speakers(&a).iter().any(|s| s.contains("Sheppey")));
}

#[test]
fn a_verb_after_a_name_is_no_speech_act() {
    // "The US dollar has continued its record-breaking slide …", "Umbro has posted a 222% rise …"
    for (file, verb, actor) in
        [("business/350.txt", "continued", "US"), ("business/040.txt", "posted", "Umbro")]
    {
        let Some(a) = analyze(file) else { return };
        for q in quotes(&a) {
            assert_ne!(q["cue"]["text"].as_str(), Some(verb), "{file}: {q:#}");
        }
        let first = &a["paragraphs"][0]["speakers"];
        let names: Vec<&str> =
            first.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert!(
            !names.iter().any(|n| n.contains(actor) || *n == "United States"),
            "{file}: opening paragraph speakers {names:?}"
        );
    }
}

#[test]
fn reported_speech_in_an_opening_sentence_has_its_speaker() {
    // "Tony Blair has rejected calls for …", "… Gerhard Schroeder has called for …",
    // "US president George W Bush has pledged to …"
    for (file, needle, who) in [
        ("politics/184.txt", "for the publication of advice", "Tony Blair"),
        ("business/457.txt", "radical reform of the EU", "Gerhard Schroeder"),
        ("business/328.txt", "federal budget next February", "George W Bush"),
    ] {
        let Some(a) = analyze(file) else { return };
        let q = quote_with(&a, needle);
        assert_eq!(q["direct"], false, "{file}: {q:#}");
        assert_eq!(speaker(q), Some(who), "{file}: {q:#}");
    }
}

#[test]
fn a_role_noun_is_the_person_the_article_gives_that_role_or_no_one() {
    // "… after the Federal Reserve head said …": the article calls Greenspan "Federal Reserve
    // chairman"; a head of currency strategy at a bank is no Federal Reserve head.
    let Some(a) = analyze("business/002.txt") else { return };
    let q = quote_from(&a, "the Federal Reserve head");
    assert_eq!(speaker(q), Some("Alan Greenspan"), "{q:#}");
    // "The MEP said …": never the word "MEP" itself, nor anyone but the MEP of the story.
    for file in ["politics/237.txt", "politics/281.txt"] {
        let Some(a) = analyze(file) else { return };
        let q = quote_from(&a, "The MEP");
        assert!(matches!(speaker(q), None | Some("Robert Kilroy-Silk")), "{file}: {q:#}");
    }
    // "The chancellor said …" in an article that names Gordon Brown but never as "Chancellor".
    let Some(a) = analyze("politics/349.txt") else { return };
    let q = quote_from(&a, "The chancellor");
    assert!(matches!(speaker(q), None | Some("Gordon Brown")), "{q:#}");
}

#[test]
fn people_spoken_about_are_not_speakers() {
    // "… Staunton's award was announced by Patrick Stewart …" then Derek Malcolm said: "…".
    let Some(a) = analyze("entertainment/034.txt") else { return };
    let speakers = paragraph_speakers(&a);
    assert!(!speakers.iter().any(|s| s.contains("Staunton")), "{speakers:?}");
    let q = quote_with(&a, "has never made a film that is better controlled");
    assert_eq!(speaker(q), Some("Derek Malcolm"), "{q:#}");
}

#[test]
fn confidences_are_in_range_and_unsure_speakers_stay_out_of_facets() {
    let Some(a) = analyze("politics/349.txt") else { return };
    for q in quotes(&a) {
        let c = q["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&c), "{q:#}");
        if q["speaker"].is_null() {
            assert_eq!(c, 0.0, "{q:#}");
        }
    }
}

#[test]
fn reader_comments_are_not_the_story_subjects() {
    // tech/009 ends with readers' comments ("I'd also put Apple's Newton …"): nobody the story
    // names said them.
    let Some(a) = analyze("tech/009.txt") else { return };
    let paragraphs = a["paragraphs"].as_array().expect("paragraphs");
    assert!(paragraphs.len() > 20);
    for p in &paragraphs[paragraphs.len() - 12..] {
        assert_eq!(p["speakers"].as_array().map_or(0, Vec::len), 0, "{p:#}");
    }
}
