//! Fuzz the query language: the hand-written parser, then the whole search path (query
//! building, prefix expansion, snippets, facets) against a small index built once.
//! Any text must give hits or a one-line error, never a panic.
#![no_main]

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use libfuzzer_sys::fuzz_target;
use whosaid::index::Index;
use whosaid::index::query::parse;
use whosaid::index::search::{SearchRequest, Searcher};
use whosaid::ingest::{IngestOptions, Quiet, ingest};

const ARTICLE: &str = "Title: Copper deal\n\n“We own rich copper mines, which will be modernized,” \
    Zabihullah Mujahid told reporters in Kabul on Thursday.\n\nChina is our main partner, \
    he said, according to the Taliban.\n";

fn searcher() -> &'static Searcher {
    static S: OnceLock<Searcher> = OnceLock::new();
    S.get_or_init(|| {
        // Leaked on purpose: the index must outlive every fuzz iteration.
        let dir = Box::leak(Box::new(tempfile::tempdir().expect("temp dir")));
        let file = dir.path().join("a.txt");
        std::fs::write(&file, ARTICLE).expect("write article");
        let index = Index::open_or_create(&dir.path().join("idx")).expect("create index");
        let stop = AtomicBool::new(false);
        ingest(&index, &[file], &IngestOptions::default(), &Quiet, &stop).expect("ingest");
        Searcher::new(index).expect("searcher")
    })
}

fuzz_target!(|q: &str| {
    match parse(q) {
        Ok(node) => {
            let _ = node.is_empty();
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "error message is not one line: {msg:?}");
            assert!(e.at <= q.chars().count(), "error position beyond the query: {e:?}");
        }
    }
    for any in [false, true] {
        let req = SearchRequest {
            text: q.to_string(),
            any,
            limit: 5,
            facets: true,
            facet_limit: 5,
            ..Default::default()
        };
        if let Err(e) = searcher().search(&req) {
            assert!(!e.to_string().contains('\n'), "error message is not one line: {e}");
        }
    }
});
