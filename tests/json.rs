//! The JSON contract (../shared/contract.md), checked by deserialising the output.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::*;

fn chars(s: &str, start: u64, end: u64) -> String {
    s.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn query_json_has_every_contract_field() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let v = t.json(&["query", "copper mines", "--json", "--facets"]);
    assert_eq!(v["query"], "copper mines");
    assert_eq!(v["total"], 1);
    assert!(v["took_ms"].is_number());
    let h = &v["hits"][0];
    for key in [
        "rank",
        "score",
        "article_id",
        "title",
        "date",
        "source",
        "paragraph",
        "text",
        "snippet",
        "speakers",
        "actors",
        "quotes",
    ] {
        assert!(h.get(key).is_some(), "hit lacks {key}: {h}");
    }
    // The paragraph's quote, with character offsets into the hit's text (contract, round 2).
    let text = h["text"].as_str().unwrap();
    let quotes = h["quotes"].as_array().unwrap();
    let copper = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("copper mines"))
        .unwrap_or_else(|| panic!("no quote holds the copper mines: {quotes:?}"));
    assert_eq!(copper["speaker"], "Zabihullah Mujahid");
    assert_eq!(copper["direct"], true);
    let c = copper["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c), "{copper}");
    let (start, end) = (copper["start"].as_u64().unwrap(), copper["end"].as_u64().unwrap());
    assert_eq!(chars(text, start, end), copper["text"].as_str().unwrap());
    assert_eq!(h["rank"], 1);
    assert!(h["score"].as_f64().unwrap() > 0.0);
    assert_eq!(h["date"], "2021-09-03");
    assert_eq!(h["paragraph"], 12);
    assert!(h["text"].as_str().unwrap().starts_with(COPPER));
    let snippet = h["snippet"].as_str().unwrap();
    assert!(snippet.contains("rich <b>copper</b> <b>mines</b>"), "{snippet}");
    assert_eq!(h["speakers"], serde_json::json!(["Zabihullah Mujahid"]));
    let actors = h["actors"].as_array().unwrap();
    assert!(actors.contains(&serde_json::json!({"name": "China", "kind": "place"})), "{actors:?}");
    assert!(
        actors.contains(&serde_json::json!({"name": "Zabihullah Mujahid", "kind": "person"})),
        "{actors:?}"
    );
    for a in actors {
        assert!(matches!(a["kind"].as_str(), Some("person" | "org" | "place")));
    }
    let f = &v["facets"];
    assert_eq!(f["speakers"][0], serde_json::json!({"name": "Zabihullah Mujahid", "count": 1}));
    assert!(
        f["actors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["count"].as_u64().unwrap() >= 1 && a["kind"].is_string())
    );
    // No facets unless asked.
    assert!(t.json(&["query", "copper", "--json"]).get("facets").is_none());
}

#[test]
fn snippets_escape_html() {
    let t = TestDir::new();
    t.write("a.txt", "Title: Tags\n\nThe <script> tag & the copper \"mines\" are here.\n");
    assert_eq!(t.ingest(&["a.txt"]).status.code(), Some(0));
    let v = t.json(&["query", "copper", "--json"]);
    let s = v["hits"][0]["snippet"].as_str().unwrap();
    assert!(s.contains("&lt;script&gt; tag &amp; the <b>copper</b> &quot;mines&quot;"), "{s}");
}

#[test]
fn stats_json_counts_articles_once() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let v = t.json(&["stats", "--json"]);
    assert_eq!(v["articles"], 1);
    assert_eq!(v["paragraphs"], 19);
    assert!(v["speakers"].as_array().unwrap().iter().any(|s| s["name"] == "Zabihullah Mujahid"));
    let a = &v["actors"][0];
    assert!(a["name"].is_string() && a["kind"].is_string() && a["count"].is_u64(), "{v}");
}

#[test]
fn analyze_json_offsets_are_characters_into_text() {
    let t = TestDir::new().with_corpus();
    let out = t
        .cmd()
        .args(["analyze", "corpus/taliban-china-main-partner.txt", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1);
    let a: Value = serde_json::from_str(lines[0]).unwrap();
    for key in ["id", "path", "title", "date", "source", "text", "paragraphs", "entities", "quotes"]
    {
        assert!(a.get(key).is_some(), "article lacks {key}");
    }
    let text = a["text"].as_str().unwrap();
    let file =
        std::fs::read_to_string(t.path().join("corpus/taliban-china-main-partner.txt")).unwrap();
    assert_eq!(text, file, "text is the file exactly as read");
    for p in a["paragraphs"].as_array().unwrap() {
        let s = chars(text, p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
        assert!(!s.trim().is_empty() && s == s.trim());
        assert!(p["speakers"].is_array() && p["actors"].is_array());
    }
    for e in a["entities"].as_array().unwrap() {
        assert!(matches!(e["kind"].as_str(), Some("person" | "org" | "place")));
        for m in e["mentions"].as_array().unwrap() {
            assert_eq!(
                chars(text, m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap()),
                m["text"].as_str().unwrap()
            );
        }
    }
    let quotes = a["quotes"].as_array().unwrap();
    let copper = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("copper mines"))
        .expect("copper quote");
    assert_eq!(copper["direct"], true);
    assert_eq!(copper["speaker"], "Zabihullah Mujahid");
    assert_eq!(copper["paragraph"], 12);
    for q in quotes {
        assert_eq!(
            chars(text, q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap()),
            q["text"].as_str().unwrap()
        );
        for part in ["cue", "source"] {
            if let Some(span) = q[part].as_object() {
                let (s, e) = (span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap());
                assert_eq!(chars(text, s, e), span["text"].as_str().unwrap());
            }
        }
    }
    let tweet = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("maintain their embassy"))
        .expect("tweet quote");
    assert_eq!(tweet["speaker"], "Suhail Shaheen");
}

/// `total` and the facet counts describe every match, whichever way the query is collected (a
/// one-term query in a pruned pass plus an unscored one, anything else in one scored pass):
/// with every match on the page, they equal what the hits themselves say.
#[test]
fn total_and_facets_agree_with_every_hit() {
    let t = TestDir::new().with_corpus();
    // More matches than the facet collector tallies in one block.
    let mut many = String::from("Talks in Kabul\n\n");
    for i in 0..150 {
        many += &format!(
            "\u{201c}Round {i} of the Taliban talks went well,\u{201d} said Anna Berg.\n\n"
        );
        if i % 2 == 0 {
            many += &format!("Observers from China watched round {i} of the Taliban talks.\n\n");
        }
    }
    t.write("corpus/many.txt", &many);
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let queries: [&[&str]; 9] = [
        &["taliban"],
        &["said"],
        &["minist*"],
        &["taliban china"],
        &["\"copper mines\""],
        &["china -russia"],
        &["china OR russia"],
        &["title:taliban"],
        &["said", "--speaker", "Mujahid"],
    ];
    for q in queries {
        let mut args =
            vec!["query", "--json", "--facets", "--limit", "1000", "--facet-limit", "1000"];
        args.extend_from_slice(q);
        let v = t.json(&args);
        let hits = v["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{q:?} matches nothing");
        assert_eq!(v["total"].as_u64(), Some(hits.len() as u64), "{q:?}");
        // Speakers by name, actors by name and kind: paragraphs per entry.
        let key = |e: &Value| format!("{}\t{}", e["name"], e["kind"]);
        let mut speakers = BTreeMap::new();
        let mut actors = BTreeMap::new();
        for h in hits {
            for s in h["speakers"].as_array().unwrap() {
                *speakers.entry(s.as_str().unwrap().to_string()).or_insert(0) += 1;
            }
            for a in h["actors"].as_array().unwrap() {
                *actors.entry(key(a)).or_insert(0) += 1;
            }
        }
        let counted = |list: &Value, key: &dyn Fn(&Value) -> String| -> BTreeMap<String, u64> {
            list.as_array()
                .unwrap()
                .iter()
                .map(|e| (key(e), e["count"].as_u64().unwrap()))
                .collect()
        };
        let facet_speakers =
            counted(&v["facets"]["speakers"], &|e| e["name"].as_str().unwrap().to_string());
        let facet_actors = counted(&v["facets"]["actors"], &key);
        assert_eq!(facet_speakers, speakers, "{q:?}");
        assert_eq!(facet_actors, actors, "{q:?}");
    }
}
