//! The query language, snippets, folding and the papercuts of issues 11 and 15, through the
//! real binary, on small articles written here (the titles hold none of the query words, so a
//! hit is a paragraph that says them).

use crate::util::{TestDir, stderr, stdout};
use serde_json::Value;

const BRIEFING: &str = "Title: Morning briefing
Date: 2021-03-01

\"Prices will fall,\" said Bank of England governor Andrew Bailey.

Tony Blair said the war in Iraq had been the right decision. Gordon Brown did not agree with him.

Blair spoke about Africa, trade and debt relief at the summit.

Officials in Iran rejected the proposal on Monday.
";

const PENSIONS: &str = "Title: Pension plans
Date: 2021-05-01

La réforme des retraites was announced by economists on Tuesday.

The reforme will raise the age, critics said.

A RÉFORME of the rules was also discussed.
";

fn setup() -> TestDir {
    TestDir::ingested(&[("news/briefing.txt", BRIEFING), ("news/pensions.txt", PENSIONS)])
}

fn query(t: &TestDir, q: &str) -> Value {
    t.json(&["query", q, "--json"])
}

fn snippets(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["snippet"].as_str().unwrap().into()).collect()
}

#[test]
fn the_examples_of_issue_11_work() {
    let t = setup();
    // NOT is an operator: the paragraph naming Brown is excluded, and "not" is not searched.
    let v = query(&t, "blair NOT brown");
    assert_eq!(v["total"], 1);
    assert_eq!(
        snippets(&v),
        ["<b>Blair</b> spoke about Africa, trade and debt relief at the summit."]
    );
    // In lower case it is a word: the paragraph that says "did not" matches.
    let v = query(&t, "blair not brown");
    assert_eq!(v["total"], 1);
    assert!(snippets(&v)[0].contains("Gordon <b>Brown</b> did <b>not</b>"), "{v}");
    // A phrase with slop: four words lie between Blair and Iraq.
    assert_eq!(query(&t, "\"blair iraq\"~5")["total"], 1);
    assert_eq!(query(&t, "\"blair iraq\"~3")["total"], 0);
    assert_eq!(query(&t, "\"blair iraq\"")["total"], 0);
    // Fuzzy on request, and marked where it matched.
    let v = query(&t, "blar~");
    assert_eq!(v["total"], 2);
    assert!(snippets(&v).iter().all(|s| s.contains("<b>Blair</b>")), "{v}");
    assert_eq!(query(&t, "blar")["total"], 0);
    // A field group.
    let v = query(&t, "text:(iraq OR iran)");
    assert_eq!(v["total"], 2);
    let all = snippets(&v).join(" ");
    assert!(all.contains("<b>Iraq</b>") && all.contains("<b>Iran</b>"), "{all}");
}

#[test]
fn unknown_fields_and_bad_syntax_exit_2_with_one_line() {
    let t = setup();
    for (q, what) in [
        ("foo:bar", "unknown field 'foo:'"),
        ("author:smith", "unknown field 'author:'"),
        ("blair~3", "'~' takes 0, 1 or 2 edits"),
        ("(iraq OR iran", "unclosed '('"),
        ("\"blair iraq", "unclosed quotation mark"),
        ("title:[a TO b]", "ranges work on date: only"),
        ("mo*ern", "'*' works only at the end of a word"),
        ("iraq AND", "AND needs a term on both sides"),
    ] {
        let out = t.run(&["query", q]);
        assert_eq!(out.status.code(), Some(2), "{q}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{q}: {err}");
        assert!(err.contains(what), "{q}: {err}");
        assert!(stdout(&out).is_empty(), "{q}");
        if what.starts_with("unknown field") {
            assert!(err.contains("title, text (or body), speaker (or said, by)"), "{err}");
        }
    }
}

#[test]
fn required_boosts_dates_prefixes_and_aliases() {
    let t = setup();
    // `+` keeps a term required under --any; without it either term is enough.
    let any = t.json(&["query", "blair iran", "--any", "--json"]);
    assert_eq!(any["total"], 3);
    let plus = t.json(&["query", "+blair iran", "--any", "--json"]);
    assert_eq!(plus["total"], 2);
    // A boost reorders: the Iran paragraph first once iran weighs ten times more.
    let v = t.json(&["query", "blair OR iran^10", "--json"]);
    assert!(v["hits"][0]["text"].as_str().unwrap().contains("Iran"), "{v}");
    // Dates: the briefing is dated March, the pensions article May.
    assert_eq!(query(&t, "date:[2021-01-01 TO 2021-03-31]")["total"], 4);
    assert_eq!(query(&t, "date:{2021-03-01 TO *}")["total"], 3);
    assert_eq!(query(&t, "date:2021-05-01 reforme")["total"], 3);
    assert_eq!(query(&t, "retrait*")["total"], 1);
    // The speaker aliases reach the same field as speaker:.
    let s = query(&t, "speaker:bailey")["total"].clone();
    assert_eq!(s, 1);
    for alias in ["said:bailey", "by:bailey"] {
        assert_eq!(query(&t, alias)["total"], s, "{alias}");
    }
}

#[test]
fn accents_and_case_fold_and_the_original_is_marked() {
    let t = setup();
    let totals: Vec<Value> =
        ["reforme", "réforme", "RÉFORME"].iter().map(|q| query(&t, q)["total"].clone()).collect();
    assert_eq!(totals, [3, 3, 3]);
    let all = snippets(&query(&t, "reforme")).join(" ");
    for marked in ["<b>réforme</b>", "<b>reforme</b>", "<b>RÉFORME</b>"] {
        assert!(all.contains(marked), "{all}");
    }
}

#[test]
fn a_short_paragraph_keeps_its_opening_quote() {
    let t = setup();
    let out = t.run(&["query", "bailey", "--color", "never"]);
    assert!(
        stdout(&out).contains(
            "\n   \"Prices will fall,\" said Bank of England governor Andrew **Bailey**.\n"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_phrase_is_marked_as_a_phrase() {
    let t = setup();
    let v = query(&t, "\"debt relief\"");
    assert_eq!(
        snippets(&v),
        ["Blair spoke about Africa, trade and <b>debt relief</b> at the summit."]
    );
}

#[test]
fn limit_0_gives_total_and_facets_only() {
    let t = setup();
    let v = t.json(&["query", "blair", "--limit", "0", "--facets", "--json"]);
    assert_eq!(v["total"], 2);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
    assert!(v["facets"]["actors"].as_array().unwrap().iter().any(|a| a["name"] == "Tony Blair"));
    let out = t.run(&["query", "blair", "--limit", "0"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("2 paragraphs match"), "{}", stdout(&out));
}

#[test]
fn since_takes_a_time_ago_and_a_bad_one_exits_2() {
    let t = setup();
    // Both articles are from 2021: within the last hundred years, not the last week.
    assert_eq!(t.json(&["query", "reforme", "--since", "100y", "--json"])["total"], 3);
    assert_eq!(t.json(&["query", "reforme", "--since", "7d", "--json"])["total"], 0);
    let out = t.run(&["query", "reforme", "--since", "7x"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "whosaid: --since \"7x\" is not a date: write YYYY-MM-DD, or a time ago like 7d, 2w, 3m, 1y"
    );
}

#[test]
fn show_takes_the_path_a_user_types() {
    let t = setup();
    let out = t.run(&["show", "news/briefing.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Morning briefing"), "{}", stdout(&out));
    let out = t.run(&["show", "./news/../news/pensions.txt", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = t.run(&["show", "news/absent.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no article with id \"news/absent.txt\""), "{}", stderr(&out));
}

#[test]
fn an_index_path_that_is_a_file_is_named_once() {
    let t = TestDir::new();
    t.write("notadir", "x");
    t.write("a.txt", "Some text.");
    for args in
        [&["ingest", "a.txt", "--index", "notadir"][..], &["query", "x", "--index", "notadir"]]
    {
        let out = t.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("notadir is a file, not a folder"), "{err}");
        assert!(!err.contains("os error") && !err.contains("whosaid ingest"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn jsonl_errors_name_the_file_line_only_and_counts_agree() {
    let t = TestDir::new();
    t.write("a2.jsonl", "{\"id\": \"a\", \"text\": \"One paragraph.\"}\n{\"id\": \n");
    let out = t.ingest(&["a2.jsonl"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("a2.jsonl:2: invalid JSON: EOF while parsing a value\n"), "{err}");
    assert!(!err.contains("at line"), "{err}");
    assert!(err.contains("1 paragraph ("), "{err}");
    let out = t.run(&["stats"]);
    assert!(stdout(&out).starts_with("1 article, 1 paragraph, 1 segment\n"), "{}", stdout(&out));
}
