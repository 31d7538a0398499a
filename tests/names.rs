//! Names across the index: one canonical name and kind per actor in facets, stats, hits and
//! filters; aliases from data files the user can extend; BBC regression checks.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::util::*;

/// (name, kind) of every actor of a `stats --json` answer.
fn actors(stats: &Value) -> Vec<(String, String)> {
    stats["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap().to_string(), a["kind"].as_str().unwrap().to_string()))
        .collect()
}

fn names_of(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()).collect()
}

fn total(t: &TestDir, args: &[&str]) -> u64 {
    let mut a = vec!["query", "--json", "--limit", "1"];
    a.extend_from_slice(args);
    t.json(&a)["total"].as_u64().unwrap()
}

/// Lower case, accents folded, split on anything not a letter or digit (as the name table does).
fn fold(name: &str) -> BTreeSet<String> {
    let plain: String = name
        .chars()
        .map(|c| match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'è'..='ë' | 'È'..='Ë' => 'e',
            'ì'..='ï' | 'Ì'..='Ï' => 'i',
            'ò'..='ö' | 'Ò'..='Ö' => 'o',
            'ù'..='ü' | 'Ù'..='Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn a_surname_resolves_to_the_full_name_another_article_gives_in_any_order() {
    let short = "Rail plans\n\nPrescott said the new line would open in 2009.\n";
    let full = "Rail plans backed\n\nJohn Prescott, the deputy prime minister, said the new \
                line was vital.\n";
    for order in [["a.txt", "b.txt"], ["b.txt", "a.txt"]] {
        let t = TestDir::new();
        t.write("a.txt", short);
        t.write("b.txt", full);
        for f in order {
            assert_eq!(t.ingest(&[f]).status.code(), Some(0));
        }
        let stats = t.json(&["stats", "--json"]);
        assert_eq!(names_of(&stats["speakers"]), ["John Prescott"], "{order:?}: {stats}");
        assert!(!actors(&stats).iter().any(|(n, _)| n == "Prescott"), "{stats}");
        // The bare surname's paragraph shows him under his full name, and every way of
        // naming him finds both paragraphs.
        let hits = t.json(&["query", "line", "--json"]);
        for h in hits["hits"].as_array().unwrap() {
            assert_eq!(h["speakers"], serde_json::json!(["John Prescott"]), "{h}");
        }
        for s in ["prescott", "John Prescott", "PRESCOTT", "john"] {
            assert_eq!(total(&t, &["--speaker", s]), 2, "--speaker {s}");
            assert_eq!(total(&t, &[&format!("speaker:{s:?}")]), 2, "speaker:{s}");
        }
        assert_eq!(total(&t, &["--speaker", "prescott", "--speaker", "jane"]), 0);
    }
}

#[test]
fn a_given_name_after_a_royal_title_is_no_other_persons_first_name() {
    let t = TestDir::new();
    t.write(
        "a.txt",
        "Royal visit\n\nPrince Charles opened the new wing on Monday, watched by Charles \
         Kennedy. Charles said the hospital was a triumph.\n",
    );
    t.write(
        "b.txt",
        "Party plans\n\nCharles Kennedy, the party leader, said the budget was unfair.\n",
    );
    assert_eq!(t.ingest(&["a.txt", "b.txt"]).status.code(), Some(0));
    let hits = t.json(&["query", "hospital", "--json"]);
    let h = &hits["hits"][0];
    assert!(!h["speakers"].to_string().contains("Kennedy"), "{h}");
    assert_eq!(total(&t, &["--speaker", "charles kennedy"]), 1);
}

#[test]
fn titles_party_labels_aliases_and_accents() {
    let t = TestDir::new();
    t.write(
        "a.txt",
        "Defence row\n\nTory Liam Fox said the cuts were reckless.\n\nThe US and America's allies \
         met in the United States.\n",
    );
    t.write("b.txt", "Pay talks\n\nLiam Fox met union leaders in Britain and the UK regions.\n");
    t.write("c.txt", "Cup final\n\nThe great Pelé said the final was the best he had seen.\n");
    assert_eq!(t.ingest(&["a.txt", "b.txt", "c.txt"]).status.code(), Some(0));
    let stats = t.json(&["stats", "--json", "--top", "50"]);
    let names: Vec<String> = actors(&stats).into_iter().map(|(n, _)| n).collect();
    for gone in ["Tory Liam Fox", "US", "America", "UK", "Britain"] {
        assert!(!names.contains(&gone.to_string()), "{gone} in {names:?}");
    }
    for kept in ["Liam Fox", "United States", "United Kingdom"] {
        assert!(names.contains(&kept.to_string()), "{kept} missing from {names:?}");
    }
    assert_eq!(total(&t, &["--actor", "u.s."]), 1);
    assert_eq!(total(&t, &["--actor", "britain"]), 1);
    assert_eq!(total(&t, &["--speaker", "fox"]), 1);
    assert_eq!(total(&t, &["--speaker", "pele"]), 1);
    assert_eq!(total(&t, &["--speaker", "PELÉ"]), 1);
}

#[test]
fn the_alias_file_beside_the_index_or_given_recanonicalises_without_reingest() {
    let t = TestDir::new();
    t.write(
        "a.txt",
        "Bid\n\n\u{201c}The bid is fair,\u{201d} said Jane Roe, the chief executive.\n",
    );
    t.write(
        "b.txt",
        "Bid again\n\n\u{201c}The bid is low,\u{201d} said Janet Smith, a union leader.\n",
    );
    assert_eq!(t.ingest(&["a.txt", "b.txt"]).status.code(), Some(0));
    let before = names_of(&t.json(&["stats", "--json"])["speakers"]);
    assert_eq!(before.len(), 2, "{before:?}");
    // A user file on the command line joins the two names.
    let aliases = t.write("my-aliases.txt", "# ours\nperson | Jane Roe | Janet Smith\n");
    let out = t.run(&["stats", "--json", "--aliases", aliases.to_str().unwrap()]);
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(names_of(&s["speakers"]), ["Jane Roe"], "{s}");
    // The same file beside the index applies to every command.
    std::fs::copy(&aliases, t.index().join("aliases.txt")).unwrap();
    assert_eq!(names_of(&t.json(&["stats", "--json"])["speakers"]), ["Jane Roe"]);
    assert_eq!(total(&t, &["bid", "--speaker", "roe"]), 2);
    // A bad line is named with its file and line; nothing is changed.
    let bad = t.write("bad.txt", "person | Jane Roe | Janet Smith\nwidget | X\n");
    let out = t.run(&["stats", "--aliases", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.txt:2"), "{}", stderr(&out));
}

/// The BBC corpus from ../shared; absent: skipped with a message, but a failure under CI.
fn bbc() -> Option<std::path::PathBuf> {
    let p = repo().join("../shared/corpora/bbc");
    if p.is_dir() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "CI: ../shared/corpora/bbc is missing");
    eprintln!("skipped: ../shared/corpora/bbc not present");
    None
}

#[test]
fn bbc_one_name_per_actor_and_right_kinds() {
    let Some(src) = bbc() else { return };
    let t = TestDir::new();
    let out = t.run(&["ingest", src.to_str().unwrap(), "--quiet", "--encoding", "windows-1252"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats = t.json(&["stats", "--json", "--top", "300"]);
    let acts = actors(&stats);
    let speakers = names_of(&stats["speakers"]);
    // Each group names one actor: at most one of its names may be listed.
    let groups: [&[&str]; 11] = [
        &["United", "Manchester United", "Man Utd"],
        &["Tottenham", "Tottenham Hotspur", "Spurs"],
        &["Stephen Pound", "Backbencher Stephen Pound"],
        &["Daniela Hantuchova", "Slovakian Daniela Hantuchova"],
        &["Guy Mansfield", "Guy Mansfield QC"],
        &["Jonathan Kaplan", "Jonathan Kaplan - England"],
        &["US", "United States", "America"],
        &["Prescott", "John Prescott"],
        &["Fox", "Liam Fox", "Tory Liam Fox"],
        &["Goldsmith", "Peter Goldsmith"],
        &["UK", "Britain", "United Kingdom"],
    ];
    for g in groups {
        let listed: Vec<&&str> = g.iter().filter(|n| acts.iter().any(|(a, _)| a == *n)).collect();
        assert!(listed.len() <= 1, "one actor under several names: {listed:?}");
        let said: Vec<&&str> = g.iter().filter(|n| speakers.iter().any(|s| s == *n)).collect();
        assert!(said.len() <= 1, "one speaker under several names: {said:?}");
    }
    // Kinds are the contract's, and one name has one kind.
    let mut seen = HashSet::new();
    for (n, k) in &acts {
        assert!(["person", "org", "place"].contains(&k.as_str()), "{n}: {k}");
        assert!(seen.insert(n.clone()), "{n} listed under two kinds");
    }
    let kind_of = |name: &str| acts.iter().find(|(n, _)| n == name).map(|(_, k)| k.clone());
    assert_eq!(kind_of("Yukos").as_deref(), Some("org"));
    assert_eq!(kind_of("Liberal Democrats").as_deref(), Some("org"));
    // Clubs are organisations and grounds places, never persons.
    for (name, kind) in [("Everton", "org"), ("Aston Villa", "org"), ("Anfield", "place")] {
        assert!(kind_of(name).is_none_or(|k| k == kind), "{name}: {:?}", kind_of(name));
    }
    // A programme's title, a product after its maker's possessive, an event's edition.
    for not_actor in ["Lib Dems", "Budget", "Davis Cup", "Film", "Breakfast", "Mac Mini", "CES"] {
        assert_eq!(kind_of(not_actor), None, "{not_actor} is listed");
    }
    // Kinds of names outside the top 300, read from the hits that name them.
    let kinds_in_hits = |args: &[&str], name: &str| -> BTreeSet<String> {
        let mut a = vec!["query", "--json", "--limit", "50"];
        a.extend_from_slice(args);
        let v = t.json(&a);
        let mut ks = BTreeSet::new();
        for h in v["hits"].as_array().unwrap() {
            for x in h["actors"].as_array().unwrap() {
                if fold(x["name"].as_str().unwrap()) == fold(name) {
                    ks.insert(x["kind"].as_str().unwrap().to_string());
                }
            }
        }
        ks
    };
    assert_eq!(kinds_in_hits(&["umbro"], "Umbro"), BTreeSet::from(["org".to_string()]));
    // Prince Charles is not the Charles Kennedy the index knows.
    let royal = t.json(&["query", "\"Prince Charles\" Camilla", "--json", "--limit", "20"]);
    let hits = royal["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits.iter().filter(|h| !h["text"].as_str().unwrap().contains("Kennedy")) {
        assert!(!h.to_string().contains("Charles Kennedy"), "{h}");
    }
    assert!(kinds_in_hits(&["\"Brent crude\""], "Brent").is_empty(), "Brent crude is no place");
    let mo = kinds_in_hits(&["--actor", "murphy-o'connor"], "Cormac Murphy-O'Connor");
    assert!(!mo.contains("org") && !mo.contains("place"), "{mo:?}");
    // Filters find every paragraph of an actor under any of its names.
    assert_eq!(total(&t, &["--speaker", "prescott"]), total(&t, &["--speaker", "john prescott"]));
    assert!(total(&t, &["--speaker", "prescott"]) > 0);
    // The filter finds at least every paragraph the facet counts, whatever name each used.
    let us = stats["actors"].as_array().unwrap().iter().find(|a| a["name"] == "United States");
    let us = us.and_then(|a| a["count"].as_u64()).expect("United States is listed");
    for name in ["us", "U.S.", "america", "United States"] {
        assert!(total(&t, &["--actor", name]) >= us, "--actor {name}");
    }
    // No person in the top 300 whose words are part of exactly one other listed person's
    // name: that would be one person under two names.
    let persons: Vec<(String, BTreeSet<String>)> =
        acts.iter().filter(|(_, k)| k == "person").map(|(n, _)| (n.clone(), fold(n))).collect();
    for (n, w) in &persons {
        let supersets: Vec<&String> = persons
            .iter()
            .filter(|(m, v)| m != n && w.len() < v.len() && w.is_subset(v))
            .map(|(m, _)| m)
            .collect();
        assert!(supersets.len() != 1, "{n} and {} are one person under two names", supersets[0]);
    }
}
