//! `delete`, `ingest --prune`, `--exclude` and the default exclusions; repeated ids and
//! unreadable dates reported.

use serde_json::Value;

use crate::util::{TestDir, stderr, stdout};

fn articles(t: &TestDir) -> u64 {
    t.json(&["stats", "--json"])["articles"].as_u64().unwrap()
}

fn corpus(t: &TestDir) {
    t.write("c/a.txt", "Port\n\nThe harbour cranes arrived, the mayor said.\n");
    t.write("c/b.txt", "Farm\n\nThe orchard harvest was poor this year.\n");
    t.write(
        "c/feed.jsonl",
        "{\"id\":\"wire-1\",\"source\":\"Wire\",\"text\":\"The wire reported harbour delays.\"}\n\
         {\"id\":\"wire-2\",\"source\":\"Wire\",\"text\":\"The wire reported a quiet day.\"}\n",
    );
    t.write("c/README.TXT", "About this corpus\n\nThe readme is not an article.\n");
    t.write("c/.draft.txt", "Draft\n\nA hidden draft.\n");
    t.write("c/skip/x.txt", "Skip\n\nThe skipped folder.\n");
}

#[test]
fn default_exclusions_and_exclude_globs_apply_to_ingest_and_analyze() {
    let t = TestDir::new();
    corpus(&t);
    let out = t.run(&["ingest", "--quiet", "c", "--exclude", "skip", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(articles(&t), 4);
    for word in ["readme", "draft", "skipped"] {
        let v = t.json(&["query", word, "--json"]);
        assert_eq!(v["total"], 0, "{word}");
    }
    // A file named directly is read even when a rule would skip it below a folder.
    assert_eq!(t.ingest(&["c/README.TXT"]).status.code(), Some(0));
    assert_eq!(articles(&t), 5);

    let out = t.cmd().args(["analyze", "c", "--json", "--exclude", "*.jsonl"]).output().unwrap();
    let lines = stdout(&out);
    assert_eq!(lines.lines().count(), 3, "a.txt, b.txt, skip/x.txt: {lines}");
    assert!(!lines.contains("readme is not"));

    let out = t.run(&["ingest", "c", "--exclude", "a["]);
    assert_eq!(out.status.code(), Some(2), "a bad glob is a usage error: {}", stderr(&out));
}

#[test]
fn delete_by_id_and_path_names_the_unknown() {
    let t = TestDir::new();
    corpus(&t);
    assert_eq!(t.ingest(&["c"]).status.code(), Some(0));
    assert_eq!(articles(&t), 5);
    let out = t.run(&["delete", "wire-1", "c/a.txt", "no-such-id"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-id"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not in the index: wire-1"));
    assert_eq!(articles(&t), 3);
    assert_eq!(t.json(&["query", "cranes", "--json"])["total"], 0);
    let abs = t.path().join("c/b.txt").canonicalize().unwrap();
    let out = t.run(&["delete", abs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(articles(&t), 2);
}

#[test]
fn delete_by_query_or_source_asks_for_yes() {
    let t = TestDir::new();
    corpus(&t);
    assert_eq!(t.ingest(&["c"]).status.code(), Some(0));
    let out = t.run(&["delete", "--source", "Wire"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 articles would be deleted"), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), ["wire-1", "wire-2"]);
    assert_eq!(articles(&t), 5, "nothing deleted without --yes");
    let out = t.run(&["delete", "--query", "harbour", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 articles deleted"), "{}", stderr(&out));
    assert_eq!(articles(&t), 3);
}

#[test]
fn prune_removes_the_articles_of_files_that_are_gone() {
    let t = TestDir::new();
    corpus(&t);
    assert_eq!(t.ingest(&["c"]).status.code(), Some(0));
    std::fs::remove_file(t.path().join("c/a.txt")).unwrap();
    std::fs::remove_file(t.path().join("c/feed.jsonl")).unwrap();
    // Without --prune the articles stay.
    assert_eq!(t.ingest(&["c"]).status.code(), Some(0));
    assert_eq!(articles(&t), 5);
    let v = t.json(&["ingest", "--quiet", "c", "--prune", "--json"]);
    assert_eq!(v["removed"], 3, "{v}");
    assert_eq!(articles(&t), 2);
}

#[test]
fn a_repeated_id_in_one_batch_is_reported_and_the_first_kept() {
    let t = TestDir::new();
    t.write(
        "r.jsonl",
        "{\"id\":\"x\",\"text\":\"The first telling of the story.\"}\n\
         {\"id\":\"x\",\"text\":\"A second, different telling.\"}\n",
    );
    let out = t.run(&["ingest", "--quiet", "r.jsonl", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rejected_inputs"][0]["line"], 2, "{v}");
    assert!(v["rejected_inputs"][0]["reason"].as_str().unwrap().contains("repeats"), "{v}");
    assert_eq!(t.json(&["query", "first", "--json"])["total"], 1);
    assert_eq!(t.json(&["query", "different", "--json"])["total"], 0);
}

#[test]
fn unreadable_dates_are_reported_and_the_article_kept_undated() {
    let t = TestDir::new();
    t.write("y.txt", "Title: Storm\nDate: yesterday\n\nThe storm passed over the bay.\n");
    t.write(
        "f.json",
        "{\"id\":\"leap\",\"date\":\"2024-02-30\",\"text\":\"The leap council met.\"}",
    );
    t.write(
        "ok.json",
        "{\"id\":\"ok\",\"date\":\"2024-02-29\",\"text\":\"The dated council met.\"}",
    );
    let out = t.run(&["ingest", "--quiet", "y.txt", "f.json", "ok.json", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let w = v["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 2, "{v}");
    assert!(stderr(&out).contains("\"yesterday\" cannot be read"), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"2024-02-30\" cannot be read"), "{}", stderr(&out));
    assert_eq!(t.json(&["query", "storm", "--json"])["hits"][0]["date"], Value::Null);

    let s = t.json(&["stats", "--json"]);
    assert_eq!(
        (&s["first_date"], &s["last_date"], &s["undated"]),
        (&"2024-02-29".into(), &"2024-02-29".into(), &2.into()),
        "{s}"
    );
    let q = t.json(&["query", "council", "--since", "2024-01-01", "--json"]);
    assert_eq!((&q["total"], &q["undated_left_out"]), (&1.into(), &1.into()), "{q}");
    let out = t.run(&["query", "council", "--until", "2030-01-01"]);
    assert!(
        stderr(&out).contains("1 matching paragraph without a date left out"),
        "{}",
        stderr(&out)
    );
    assert!(t.json(&["query", "council", "--json"]).get("undated_left_out").is_none());
}

#[test]
fn an_index_inside_the_ingested_folder_is_not_read_as_input() {
    let t = TestDir::new();
    corpus(&t);
    assert_eq!(t.ingest(&["."]).status.code(), Some(0));
    let v = t.json(&["ingest", "--quiet", ".", "--json"]);
    assert_eq!((&v["rejected"], &v["added"]), (&0.into(), &0.into()), "{v}");
}
