//! The command line as a person uses it: first-run index build, highlighting,
//! the query language, filters, errors and exit codes.

use crate::util::*;

#[test]
fn first_query_builds_the_default_index_from_the_bundled_corpus() {
    let t = TestDir::new().with_corpus();
    let out = t.cmd().args(["query", "copper mines"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("building it from the bundled corpus/"), "{}", stderr(&out));
    assert!(t.path().join("index/whosaid.json").is_file());
    let s = stdout(&out);
    let first = s.split("\n\n").next().unwrap();
    assert!(first.starts_with("1. "), "{s}");
    // Piped output marks matches with plain markers.
    assert!(first.contains("We own rich **copper** **mines**"), "{s}");
    assert!(first.contains("speakers: Zabihullah Mujahid"), "{s}");
    assert!(first.contains("China (place)"), "{s}");
    // The second run uses the index and says nothing about building it.
    let again = t.cmd().args(["query", "copper", "mines"]).output().unwrap();
    assert!(!stderr(&again).contains("building"), "{}", stderr(&again));
    assert!(stdout(&again).contains("**copper**"));
}

#[test]
fn color_is_bold_only_when_asked_or_on_a_terminal() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let always = t.run(&["query", "copper", "--color", "always"]);
    assert!(stdout(&always).contains("\x1b[1;31mcopper\x1b[0m"), "{}", stdout(&always));
    let never = t.run(&["query", "copper", "--color", "never"]);
    assert!(!stdout(&never).contains('\x1b'));
    assert!(stdout(&never).contains("**copper**"));
}

#[test]
fn query_language() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let texts = |q: &[&str]| {
        let mut args = vec!["query", "--json", "--limit", "50"];
        args.extend_from_slice(q);
        hit_texts(&t.json(&args))
    };
    // Prefix terms work (tantivy's parser returns nothing for a bare `modern*`).
    assert!(texts(&["modern*"]).iter().any(|p| p.starts_with(COPPER)));
    assert!(texts(&["modernized*"]).iter().any(|p| p.starts_with(COPPER)));
    assert!(texts(&["text:cop*", "mine*"]).iter().any(|p| p.starts_with(COPPER)));
    // Stemming: "mine" finds "mines".
    assert!(texts(&["mine"]).iter().any(|p| p.starts_with(COPPER)));
    // Phrases. The title holds "main partner" too, so every paragraph of the article matches,
    // the ones that say it first; `text:` looks at paragraphs only.
    let phrase = texts(&["\"main partner\""]);
    assert!(phrase[..2].iter().all(|p| p.contains("main partner")), "{phrase:?}");
    let body = texts(&["text:\"main partner\""]);
    assert!(body.len() == 2 && body.iter().all(|p| p.contains("main partner")), "{body:?}");
    assert!(texts(&["text:\"partner main\""]).is_empty());
    // Every term must match by default; --any relaxes that.
    let all = texts(&["copper", "embassy"]);
    assert!(all.is_empty(), "{all:?}");
    assert!(texts(&["copper", "embassy", "--any"]).len() >= 2);
    // Exclusion and OR.
    let aid = texts(&["aid"]);
    let no_drought = texts(&["aid -drought"]);
    assert_eq!(no_drought.len() + 1, aid.len(), "{no_drought:?}");
    assert!(no_drought.iter().all(|p| !p.contains("drought")));
    let or = texts(&["copper OR embassy"]);
    assert!(or.iter().any(|p| p.contains("copper")) && or.iter().any(|p| p.contains("embassy")));
    // Field prefixes.
    assert!(texts(&["speaker:Shaheen"]).iter().any(|p| p.contains("embassy")));
    assert!(!texts(&["title:rebuilding"]).is_empty());
    assert!(texts(&["title:copper"]).is_empty());
}

#[test]
fn filters_and_pagination() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let v = t.json(&["query", "embassy", "--speaker", "Shaheen", "--json"]);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0]["text"].as_str().unwrap().contains("maintain their embassy"), "{v}");
    assert!(
        hits.iter().all(|h| h["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Suhail Shaheen"))
    );
    // Names match in part and in any case; repeats are ANDed.
    let lower = t.json(&["query", "", "--speaker", "mujahid", "--json", "--limit", "50"]);
    assert!(lower["total"].as_u64().unwrap() >= 3, "{lower}");
    let both = t.json(&["query", "", "--speaker", "mujahid", "--speaker", "shaheen", "--json"]);
    assert_eq!(both["total"], 0);
    let actor = t.json(&["query", "copper", "--actor", "China", "--kind", "place", "--json"]);
    assert_eq!(actor["total"], 1);
    let wrong_kind = t.json(&["query", "copper", "--actor", "China", "--kind", "person", "--json"]);
    assert_eq!(wrong_kind["total"], 0);
    // Dates.
    assert_eq!(t.json(&["query", "copper", "--since", "2021-09-01", "--json"])["total"], 1);
    assert_eq!(t.json(&["query", "copper", "--until", "2021-01-01", "--json"])["total"], 0);
    // Pagination: pages do not overlap and total counts everything.
    let p1 = t.json(&["query", "China", "--limit", "2", "--json"]);
    let p2 = t.json(&["query", "China", "--limit", "2", "--offset", "2", "--json"]);
    assert_eq!(p1["total"], p2["total"]);
    assert!(p1["total"].as_u64().unwrap() > 4);
    assert_eq!(p2["hits"][0]["rank"], 3);
    assert_ne!(hit_texts(&p1), hit_texts(&p2));
}

#[test]
fn facets_count_all_matches_not_just_the_page() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let v = t.json(&["query", "--facets", "China", "--limit", "1", "--json"]);
    let total = v["total"].as_u64().unwrap();
    let actors = v["facets"]["actors"].as_array().unwrap();
    let china = actors.iter().find(|a| a["name"] == "China").expect("China is an actor");
    assert_eq!(china["kind"], "place");
    assert!(china["count"].as_u64().unwrap() > 1 && china["count"].as_u64().unwrap() <= total);
    assert!(!v["facets"]["speakers"].as_array().unwrap().is_empty());
    let text = stdout(&t.run(&["query", "--facets", "aid"]));
    assert!(text.contains("Top speakers") && text.contains("Top actors"), "{text}");
}

#[test]
fn errors_are_one_line_with_the_right_exit_code() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    for (q, msg) in [
        ("\"main partner", "unclosed quotation mark"),
        ("(china", "unclosed '('"),
        ("china OR", "OR needs a term on both sides"),
        ("-china", "at least one term that is not excluded"),
    ] {
        let out =
            t.cmd().arg("query").arg("--index").arg(t.index()).args(["--", q]).output().unwrap();
        // A query that does not parse is a usage error (../shared/contract.md).
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = stderr(&out);
        assert!(err.contains(msg), "{q}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{q}: {err}");
        assert!(!err.contains("panicked"));
    }
    // Usage errors exit 2.
    assert_eq!(t.run(&["query", "x", "--limit", "many"]).status.code(), Some(2));
    assert_eq!(t.cmd().arg("frobnicate").output().unwrap().status.code(), Some(2));
    // A missing index is a clear failure, not a crash.
    let out = t.cmd().args(["query", "x", "--index", "nowhere"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no index at nowhere"), "{}", stderr(&out));
}

#[test]
fn an_index_of_another_schema_version_is_refused() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let vf = t.index().join("whosaid.json");
    let current = format!("\"schema_version\": {}", whosaid::index::schema::SCHEMA_VERSION);
    let text = std::fs::read_to_string(&vf).unwrap().replace(&current, "\"schema_version\": 999");
    std::fs::write(&vf, text).unwrap();
    let out = t.run(&["query", "copper"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("re-ingest"), "{}", stderr(&out));
}

#[test]
fn a_folder_of_other_files_is_refused_and_a_cut_short_index_is_finished() {
    let t = TestDir::new();
    t.write("notes/a.txt", "A note about the harbour.\n");
    // Someone's folder: ingest refuses to write into it and leaves it as it was.
    let theirs = t.write("theirs/keep.txt", "mine");
    let out = t.cmd().args(["ingest", "notes", "--index", "theirs"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("not a whosaid index"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(theirs.parent().unwrap()).unwrap().count(), 1);
    // A first ingest killed while tantivy created its files leaves the version file (written
    // first) beside tantivy's bookkeeping: the next ingest finishes the index.
    t.write("idx/whosaid.json", "");
    t.write("idx/.managed.json", "[]");
    let out = t.ingest(&["notes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(t.json(&["query", "harbour", "--json"])["total"], 1);
}

#[test]
fn show_and_stats() {
    let t = TestDir::new().with_corpus();
    assert_eq!(t.ingest(&["corpus"]).status.code(), Some(0));
    let v = t.json(&["query", "copper", "--json"]);
    let id = v["hits"][0]["article_id"].as_str().unwrap().to_string();
    let out = t.run(&["show", &id]);
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    assert!(s.contains("[12] “We own rich copper mines"), "{s}");
    assert!(s.contains("Zabihullah Mujahid"), "{s}");
    let missing = t.run(&["show", "no-such-article"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no article with id"));
    let st = stdout(&t.run(&["stats"]));
    assert!(st.starts_with("1 article, "), "{st}");
    assert!(st.contains("Zabihullah Mujahid"), "{st}");
}
