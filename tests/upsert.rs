//! Identity: ids, replacement of edited articles, duplicates by content, re-runs.

use std::path::Path;

use crate::util::*;

#[test]
fn rerun_edit_and_duplicate() {
    let t = TestDir::new();
    t.write("c/a.txt", "Alpha\n\nThe first story about nickel.\n\nA second paragraph.\n");
    t.write("c/b.txt", "Beta\n\nAnother story about cobalt.\n");
    t.write("c/sub/b-copy.txt", "Beta\n\nAnother   story about cobalt.\n");
    let first = t.run(&["ingest", "c", "--quiet", "--json"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let s: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!((s["added"].as_u64(), s["duplicates"].as_u64()), (Some(2), Some(1)), "{s}");
    assert!(s["duplicate_inputs"][0]["path"].as_str().unwrap().ends_with("b-copy.txt"));
    // The same text published on another day is another publication, not a duplicate.
    t.write("d/b-later.txt", "Date: 2024-05-06\n\nBeta\n\nAnother story about cobalt.\n");
    let later = t.run(&["ingest", "d", "--quiet", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!((s["added"].as_u64(), s["duplicates"].as_u64()), (Some(1), Some(0)), "{s}");
    // A second run indexes nothing again and the counts stay the same.
    let second = t.run(&["ingest", "c", "--quiet", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        (s["added"].as_u64(), s["unchanged"].as_u64(), s["replaced"].as_u64()),
        (Some(0), Some(2), Some(0)),
        "{s}"
    );
    assert!(stderr(&second).contains("nothing new to index"));
    assert_eq!(t.json(&["stats", "--json"])["articles"], 3);
    assert_eq!(t.json(&["stats", "--json"])["paragraphs"], 4);
    // Editing one line replaces only that article's paragraphs.
    t.write("c/a.txt", "Alpha\n\nThe first story about zinc.\n\nA second paragraph.\n");
    let third = t.run(&["ingest", "c", "--quiet", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&third.stdout).unwrap();
    assert_eq!((s["replaced"].as_u64(), s["unchanged"].as_u64()), (Some(1), Some(1)), "{s}");
    assert_eq!(t.json(&["query", "nickel", "--json"])["total"], 0);
    assert_eq!(t.json(&["query", "zinc", "--json"])["total"], 1);
    assert_eq!(t.json(&["stats", "--json"])["paragraphs"], 4);
}

/// The BBC corpus from ../shared, when present (CI has it; a fresh clone may not).
fn bbc() -> Option<std::path::PathBuf> {
    let p = repo().join("../shared/corpora/bbc");
    p.is_dir().then_some(p)
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walk(from) {
        let rel = e.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&e, &dest).unwrap();
    }
}

/// The article files below `dir`: README* and dotfiles are skipped (the corpus's README.TXT
/// describes it and is not an article).
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("README") {
            continue;
        }
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn bbc_corpus_distinct_articles_once_and_idempotent() {
    let Some(src) = bbc() else {
        eprintln!("skipped: ../shared/corpora/bbc not present");
        return;
    };
    let t = TestDir::new();
    copy_tree(&src, &t.path().join("bbc"));
    let run = |extra: &[&str]| {
        let mut args = vec!["ingest", "bbc", "--quiet", "--json", "--encoding", "windows-1252"];
        args.extend_from_slice(extra);
        let out = t.run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let first = run(&[]);
    let files = walk(&t.path().join("bbc")).len() as u64;
    assert_eq!(first["seen"].as_u64(), Some(files));
    let dups = first["duplicates"].as_u64().unwrap();
    assert!((50..=150).contains(&dups), "about 100 files repeat another's text: {first}");
    let stats = t.json(&["stats", "--json"]);
    assert_eq!(stats["articles"].as_u64(), Some(files - dups));
    assert!(bbc().unwrap().join("README.TXT").exists());
    assert_eq!(
        t.json(&["query", "diagonal dominance clustering", "--json"])["total"],
        0,
        "README.TXT is not an article"
    );
    let second = run(&[]);
    assert_eq!(second["added"], 0);
    assert_eq!(second["replaced"], 0);
    assert_eq!(t.json(&["stats", "--json"]), stats);
    // One changed line in one file replaces only that article.
    let f = t.path().join("bbc/tech/001.txt");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, format!("{}\nA brand new line about xylophones.\n", text.trim_end()))
        .unwrap();
    let third = run(&[]);
    assert_eq!(
        (third["replaced"].as_u64(), third["added"].as_u64()),
        (Some(1), Some(0)),
        "{third}"
    );
    assert_eq!(t.json(&["stats", "--json"])["articles"], stats["articles"]);
    assert_eq!(t.json(&["query", "xylophones", "--json"])["total"], 1);
}

/// An ingest leaves what it added in one segment (queries pay per segment), and adding one
/// article later merges it only with segments no larger than itself, never with the big one.
#[test]
fn ingest_leaves_few_segments() {
    let t = TestDir::new();
    for i in 0..40 {
        t.write(&format!("c/{i:02}.txt"), format!("Story {i}\n\nA paragraph about mineral {i}.\n"));
    }
    // Commits as often as the pipeline allows: many small segments before the end.
    let out = t.run(&["ingest", "c", "--quiet", "--commit-every", "0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(t.json(&["stats", "--json"])["segments"], 1);
    t.write("d/new1.txt", "New one\n\nA paragraph about copper.\n");
    t.ingest(&["d/new1.txt"]);
    assert_eq!(t.json(&["stats", "--json"])["segments"], 2);
    t.write("d/new2.txt", "New two\n\nA paragraph about zinc.\n");
    t.ingest(&["d/new2.txt"]);
    let stats = t.json(&["stats", "--json"]);
    assert_eq!((stats["segments"].as_u64(), stats["articles"].as_u64()), (Some(2), Some(42)));
    assert_eq!(t.json(&["query", "copper OR zinc", "--json"])["total"], 2);
}
