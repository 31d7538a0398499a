//! `export`: rows read back with a real CSV reader and counted against `analyze --json`;
//! `--for quickwit|opensearch` checked against golden files (tests/data/engines/golden/).
//! The fixture articles are written here (invented text, no corpus data).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::*;

const A1: &str = r#"{"id": "fx-1", "title": "Harbour plan approved", "date": "2024-03-05", "source": "Fixture Gazette", "url": "https://example.org/fx-1", "text": "The council approved the harbour plan on Tuesday.\n\n“This is a great day for the town,” said Mayor Helen Carter.\n\nHelen Carter said the harbour would be built by spring, while Tom Briggs said it would not.\n\nBriggs said the plan would cost the town too much money, \"a lot of money\" for a small town."}"#;
const A2: &str = r#"{"id": "fx-2", "title": "River clean-up finished", "date": "2024-04-11", "source": "Fixture Gazette", "url": "https://example.org/fx-2", "text": "Volunteers finished the river clean-up in Lindford on Saturday.\n\n“The water is clean again,” said Helen Carter, who joined the volunteers.\n\nThe Lindford Rowing Club thanked everyone."}"#;
const A3: &str = "Title: Undated note\n\nNobody said anything here, and there is no date.\n";

fn fixture() -> TestDir {
    TestDir::ingested(&[("fx/a1.json", A1), ("fx/a2.json", A2), ("fx/a3.txt", A3)])
}

/// Every quote `analyze --json` reports for the fixture: (article id, speaker, text).
fn analyzed_quotes(t: &TestDir) -> Vec<(String, Option<String>, String)> {
    let out = t.cmd().args(["analyze", "--json", "fx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut quotes = Vec::new();
    for line in stdout(&out).lines() {
        let a: Value = serde_json::from_str(line).unwrap();
        for q in a["quotes"].as_array().unwrap() {
            quotes.push((
                a["id"].as_str().unwrap().to_string(),
                q["speaker"].as_str().map(str::to_string),
                q["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    quotes
}

/// Parse CSV with the csv crate: (header, rows as column -> value).
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("a valid CSV record");
            header.iter().cloned().zip(rec.iter().map(str::to_string)).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn every_quote_exports_as_one_csv_row_with_the_contract_columns() {
    let t = fixture();
    let out = t.run(&["export", "--what", "quotes", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, rows) = read_csv(&out.stdout);
    assert_eq!(
        header,
        [
            "speaker",
            "quote",
            "direct",
            "confidence",
            "cue",
            "article_id",
            "title",
            "date",
            "source",
            "url",
            "paragraph",
            "start",
            "end"
        ]
    );
    let expected = analyzed_quotes(&t);
    assert!(expected.len() >= 4, "the fixture should yield several quotes: {expected:?}");
    assert_eq!(rows.len(), expected.len(), "{rows:#?}");
    let mut got: Vec<(String, Option<String>, String)> = rows
        .iter()
        .map(|r| {
            let sp = Some(r["speaker"].clone()).filter(|s| !s.is_empty());
            (r["article_id"].clone(), sp, r["quote"].clone())
        })
        .collect();
    let mut want = expected.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // Offsets are characters into the paragraph, whose text `paragraphs` export gives.
    let paras = t.run(&["export", "--what", "paragraphs"]);
    let paras: Vec<Value> =
        stdout(&paras).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for r in &rows {
        let p = paras
            .iter()
            .find(|p| {
                p["article_id"] == r["article_id"].as_str()
                    && p["paragraph"].as_u64().map(|n| n.to_string()).as_deref()
                        == Some(r["paragraph"].as_str())
            })
            .expect("the quote's paragraph is exported");
        let text: Vec<char> = p["text"].as_str().unwrap().chars().collect();
        let (s, e): (usize, usize) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
        assert_eq!(text[s..e].iter().collect::<String>(), r["quote"]);
        assert!(matches!(r["direct"].as_str(), "true" | "false"));
        let c: f64 = r["confidence"].parse().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
    let carter = rows.iter().find(|r| r["quote"].contains("great day")).unwrap();
    assert_eq!(carter["title"], "Harbour plan approved");
    assert_eq!(carter["date"], "2024-03-05");
    assert_eq!(carter["source"], "Fixture Gazette");
    assert_eq!(carter["url"], "https://example.org/fx-1");
    assert_eq!(carter["direct"], "true");
}

#[test]
fn speaker_filter_keeps_that_speakers_quotes_only() {
    let t = fixture();
    let expected =
        analyzed_quotes(&t).iter().filter(|q| q.1.as_deref() == Some("Tom Briggs")).count();
    assert!(expected >= 1);
    for filter in ["Tom Briggs", "briggs"] {
        let out = t.run(&["export", "--what", "quotes", "--speaker", filter, "--format", "csv"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let (_, rows) = read_csv(&out.stdout);
        assert_eq!(rows.len(), expected, "{filter}: {rows:#?}");
        assert!(rows.iter().all(|r| r["speaker"] == "Tom Briggs"), "{rows:#?}");
    }
    // The paragraphs that quote Tom Briggs hold quotes by others too: those are not rows.
    let paras = t.run(&["export", "--what", "paragraphs", "--speaker", "Tom Briggs"]);
    let in_paras: usize = stdout(&paras)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["quotes"].as_array().unwrap().len())
        .sum();
    assert!(in_paras > expected, "the fixture has a paragraph where two people speak");
}

#[test]
fn rows_name_speakers_as_queries_do() {
    // An article that gives only the surname: the index knows one Carter, Helen Carter.
    let t = fixture();
    t.write(
        "fx/a4.json",
        r#"{"id": "fx-4", "title": "Harbour works begin", "date": "2024-05-02", "text": "Work on the harbour began on Monday.\n\n“We kept our word,” Carter said."}"#,
    );
    assert_eq!(t.ingest(&["fx"]).status.code(), Some(0));
    let hit = &t.json(&["query", "kept", "word", "--json"])["hits"][0];
    assert_eq!(hit["speakers"][0], "Helen Carter", "{hit:#}");
    let out = t.run(&["export", "kept", "word", "--what", "quotes", "--format", "csv"]);
    let (_, rows) = read_csv(&out.stdout);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["speaker"], "Helen Carter");
    // The speaker filter of a quote export goes through the same names.
    let out =
        t.run(&["export", "--what", "quotes", "--speaker", "helen carter", "--format", "csv"]);
    let (_, rows) = read_csv(&out.stdout);
    assert!(rows.iter().any(|r| r["article_id"] == "fx-4"), "{rows:#?}");
    assert!(rows.iter().all(|r| r["speaker"] == "Helen Carter"), "{rows:#?}");
}

#[test]
fn no_query_exports_every_article_once_and_a_query_narrows() {
    let t = fixture();
    let out = t.run(&["export", "--what", "articles", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, rows) = read_csv(&out.stdout);
    let ids: Vec<&str> = rows.iter().map(|r| r["article_id"].as_str()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&"fx-1") && ids.contains(&"fx-2"));
    // Re-ingesting the same files changes nothing: still each article once.
    t.ingest(&["fx"]);
    let again = t.run(&["export", "--what", "articles", "--format", "jsonl"]);
    assert_eq!(stdout(&again).lines().count(), 3);
    // An edited article replaces its old paragraphs (deleted, still in their segment until
    // a merge): the walk skips the deleted ones.
    t.write("fx/a3.txt", format!("{A3}\nA second paragraph was added.\n"));
    assert_eq!(t.ingest(&["fx"]).status.code(), Some(0));
    let again = t.run(&["export", "--what", "articles", "--format", "jsonl"]);
    assert_eq!(stdout(&again).lines().count(), 3);
    let stats = t.json(&["stats", "--json"]);
    let paras = t.run(&["export", "--what", "paragraphs"]);
    assert_eq!(stdout(&paras).lines().count() as u64, stats["paragraphs"].as_u64().unwrap());
    let v: Value = serde_json::from_str(stdout(&again).lines().next().unwrap()).unwrap();
    assert!(v["paragraphs"].as_u64().unwrap() >= 1 && v["text"].is_string());
    let hits = t.run(&["export", "volunteers", "--what", "paragraphs", "--format", "csv"]);
    let (_, rows) = read_csv(&hits.stdout);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows.iter().all(|r| r["text"].to_lowercase().contains("volunteers")), "{rows:#?}");
    let none = t.run(&["export", "zeppelin", "--what", "quotes", "--format", "csv"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(
        stdout(&none),
        "speaker,quote,direct,confidence,cue,article_id,title,date,source,url,paragraph,start,end\n"
    );
}

#[test]
fn bad_query_and_bad_dates_fail_with_a_message() {
    let t = fixture();
    // Dates mean what they mean for `query`: a bad one is a usage error (exit 2) ...
    let out = t.run(&["export", "--since", "someday"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("someday"), "{}", stderr(&out));
    // ... and a time ago is a date (the fixture's dated articles are all older than a week).
    let out = t.run(&["export", "--what", "articles", "--until", "7d"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    let out = t.run(&["export", "--for", "quickwit"]);
    assert_eq!(out.status.code(), Some(2), "--for needs --out: {}", stderr(&out));
}

/// Compare with a golden file; `WHOSAID_BLESS=1` rewrites it (then review the diff).
fn golden(name: &str, got: &str) {
    let path = repo().join("tests/data/engines/golden").join(name);
    if std::env::var_os("WHOSAID_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (WHOSAID_BLESS=1 writes it)", path.display()));
    assert_eq!(got, want, "{} differs", path.display());
}

#[test]
fn engine_exports_match_their_golden_files() {
    let t = fixture();
    for engine in ["quickwit", "opensearch"] {
        let out = t.run(&["export", "--for", engine, "--out", engine, "--target", "news"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let def = if engine == "quickwit" {
            "quickwit-index-config.yaml"
        } else {
            "opensearch-index.json"
        };
        let text = std::fs::read_to_string(t.path().join(engine).join(def)).unwrap();
        golden(def, &text);
        let docs = std::fs::read_to_string(t.path().join(engine).join("documents.ndjson")).unwrap();
        // Only the JSON fixture articles: the text file's id is its absolute path.
        // Sorted: the order articles reach the index depends on the analysis threads.
        let mut sample: Vec<&str> =
            docs.lines().filter(|l| l.starts_with(r#"{"id":"fx-"#)).collect();
        sample.sort();
        let sample: String = sample.iter().map(|l| format!("{l}\n")).collect();
        golden("documents.ndjson", &sample);
        let all: Vec<Value> = docs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let paragraphs: usize = stdout(&t.run(&["export", "--what", "paragraphs"])).lines().count();
        assert_eq!(all.len(), paragraphs);
        let undated = all.iter().find(|d| d["title"] == "Undated note").unwrap();
        assert!(undated.get("date").is_none(), "no date field, not null: {undated}");
    }
}
