//! Property tests: the CI-sized smoke run of the fuzz targets in `fuzz/` (same entry points,
//! same invariants, shared through `fuzz/fuzz_targets/common.rs`). Inputs are drawn from
//! news-shaped pieces (quotation marks, names, speech verbs, Markdown marks, scripts, control
//! characters) so a few hundred cases reach the corners that random bytes rarely do.
//! The regressions found by fuzzing are pinned here as plain tests.

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use proptest::prelude::*;
use whosaid::article::read::Format;
use whosaid::index::Index;
use whosaid::index::query::parse;
use whosaid::index::search::{SearchRequest, Searcher};
use whosaid::ingest::{IngestOptions, Quiet, ingest};

const PIECES: &[&str] = &[
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    ",",
    ".",
    ":",
    ";",
    "!",
    "?",
    "—",
    "-",
    "# ",
    "## ",
    "- ",
    "* ",
    "> ",
    "1. ",
    "```",
    "Title: ",
    "Date: ",
    "Id: ",
    "said",
    "says",
    "told",
    "according to",
    "he",
    "she",
    "they",
    "it",
    "wrote",
    "Mr.",
    "Ms",
    "Dr.",
    "U.S.",
    "Zabihullah Mujahid",
    "Mujahid",
    "the Taliban",
    "Taliban",
    "China",
    "Chinese",
    "Kabul",
    "Suhail Shaheen",
    "the",
    "of",
    "and",
    "minister",
    "spokesman",
    "deputy foreign minister",
    "BBC",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<p>",
    "</p>",
    "<div>",
    "&amp;",
    "قال",
    "الوزير",
    "שלום",
    "中文",
    "Ελληνικά",
    "\u{202E}",
    "\u{200D}",
    "e\u{301}",
    "👩",
    "\u{0}",
    "\u{FEFF}",
    "\u{FFFD}",
    "İ",
    "ß",
    "ﬁ",
    "Σ",
    "x",
    "A",
    "1999",
    "2021-09-02",
];

/// News-shaped text: a few hundred pieces, any order.
fn newsy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..300).prop_map(|v| v.concat())
}

const QUERY_PIECES: &[&str] = &[
    "copper",
    "mines",
    "modern*",
    "*",
    "**",
    "\"",
    "“",
    "”",
    "(",
    ")",
    "-",
    "- ",
    "OR",
    "AND",
    "||",
    "&&",
    "title:",
    "speaker:",
    "actor:",
    "source:",
    "text:",
    "who:",
    ":",
    " ",
    " ",
    "é",
    "Mujahid",
    "main partner",
    "中文",
    "\u{0}",
    "-(",
    "a",
    "0",
    "said",
    "x:y",
];

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(QUERY_PIECES), 0..20).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

fn searcher() -> &'static Searcher {
    static S: OnceLock<Searcher> = OnceLock::new();
    S.get_or_init(|| {
        let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
        let file = dir.path().join("a.txt");
        std::fs::write(
            &file,
            "Title: Copper deal\n\n“We own rich copper mines, which will be modernized,” \
             Zabihullah Mujahid told reporters in Kabul.\n\nChina is our main partner, he said.\n",
        )
        .unwrap();
        let index = Index::open_or_create(&dir.path().join("idx")).unwrap();
        ingest(&index, &[file], &IngestOptions::default(), &Quiet, &AtomicBool::new(false))
            .unwrap();
        Searcher::new(index).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn text_and_markdown_readers_and_analysis(s in newsy()) {
        common::read_and_check(s.as_bytes(), Format::Text, true);
        common::read_and_check(s.as_bytes(), Format::Markdown, true);
    }

    #[test]
    fn readers_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for f in [Format::Text, Format::Markdown, Format::Json, Format::Jsonl, Format::Html] {
            common::read_and_check(&bytes, f, false);
        }
    }

    #[test]
    fn json_and_jsonl_readers(
        id in prop_oneof![Just("null".to_string()), "[0-9]{1,3}", "\"[a-z]{0,5}\"", Just("[1]".to_string())],
        text in newsy(),
        date in prop_oneof![Just("2021-09-02".to_string()), "[ -~]{0,20}"],
        nest in 0usize..200,
    ) {
        let body = serde_json::json!({"text": text, "date": date}).to_string();
        let one = format!("{{\"id\": {id}, {}", &body[1..]);
        let nested = "[".repeat(nest) + &one + &"]".repeat(nest);
        common::read_and_check(one.as_bytes(), Format::Json, true);
        common::read_and_check(nested.as_bytes(), Format::Json, false);
        let lines = format!("{one}\n{{broken\n{one}\n");
        common::read_and_check(lines.as_bytes(), Format::Jsonl, false);
    }


    #[test]
    fn query_parser_and_search(q in query_text()) {
        if let Err(e) = parse(&q) {
            prop_assert!(!e.to_string().contains('\n'));
            prop_assert!(e.at <= q.chars().count());
        }
        for any in [false, true] {
            let req = SearchRequest {
                text: q.clone(), any, limit: 3, facets: true, facet_limit: 3, ..Default::default()
            };
            if let Err(e) = searcher().search(&req) {
                prop_assert!(!e.to_string().contains('\n'), "{}", e);
            }
        }
    }
}

proptest! {
    // HTML parsing is the slowest reader (and debug builds are slow): fewer cases.
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn html_reader(s in newsy(), depth in prop_oneof![0usize..40, 500usize..530]) {
        let page = format!(
            "<html><head><title>{s}</title></head><body>{}<article><p>{s}</p><p>{s}</p></article>",
            "<div>".repeat(depth)
        );
        common::read_and_check(page.as_bytes(), Format::Html, true);
    }
}
