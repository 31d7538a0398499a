//! Micro-benchmarks of the hot analysis functions (divan).
//!
//! ```text
//! cargo bench --bench analysis            # all
//! cargo bench --bench analysis -- seed    # only names matching "seed"
//! ```
//! `analyze` on the bundled seed article and on synthetic news text (quotes, titles, names,
//! places), and the tokenizer alone over the same texts. Whole-corpus throughput in words a
//! second is `cargo run --release --example analyze_bench` (and part of `scripts/bench.sh`).

use std::io::Write;
use std::path::Path;

use divan::{Bencher, black_box};
use whosaid::analysis::analyze;
use whosaid::analysis::tokens::{Document, Token, tokenize_into};
use whosaid::article::{Article, Reader};

fn main() {
    divan::main();
}

/// The first article read from `path`.
fn read(path: &Path) -> Article {
    let mut out = None;
    Reader::read(path, &mut |a| {
        if out.is_none() {
            out = a.ok();
        }
    })
    .expect("readable article");
    out.expect("one article")
}

fn seed() -> Article {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/taliban-china-main-partner.txt"))
}

/// A news-like article of `paragraphs` paragraphs: direct and reported quotes, titles,
/// pronouns, organisations, places and demonyms, rotated so names vary.
fn synthetic(paragraphs: usize) -> Article {
    const PEOPLE: &[&str] = &["Tony Blair", "Gordon Brown", "Patricia Hewitt", "Michael Howard"];
    const PLACES: &[&str] = &["London", "Brussels", "Washington", "Beijing"];
    const ORGS: &[&str] = &["the Labour Party", "the European Commission", "Microsoft", "the BBC"];
    let mut text = String::from("Ministers clash over budget plans\n\n");
    for i in 0..paragraphs {
        let (p, q) = (PEOPLE[i % 4], PEOPLE[(i + 1) % 4]);
        let (place, org) = (PLACES[i % 4], ORGS[(i + 2) % 4]);
        let last = q.rsplit(' ').next().unwrap_or(q);
        text.push_str(&format!(
            "\"We will not accept cuts to public services,\" {p} told reporters in {place} on \
             Tuesday. Mr {last} said that {org} had agreed to review the plans, according to \
             a spokesman. The Chinese delegation, he added, \"expects progress by March\".\n\n"
        ));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("synthetic.txt");
    std::fs::File::create(&path).and_then(|mut f| f.write_all(text.as_bytes())).expect("write");
    read(&path)
}

#[divan::bench]
fn analyze_seed(bencher: Bencher) {
    let a = seed();
    bencher.counter(divan::counter::BytesCount::new(a.text.len())).bench(|| analyze(black_box(&a)));
}

#[divan::bench(args = [4, 32])]
fn analyze_synthetic(bencher: Bencher, paragraphs: usize) {
    let a = synthetic(paragraphs);
    bencher.counter(divan::counter::BytesCount::new(a.text.len())).bench(|| analyze(black_box(&a)));
}

#[divan::bench]
fn tokenize_seed(bencher: Bencher) {
    let a = seed();
    let mut out: Vec<Token> = Vec::new();
    bencher.counter(divan::counter::BytesCount::new(a.text.len())).bench_local(|| {
        out.clear();
        for p in &a.paragraphs {
            tokenize_into(black_box(&a.text), p.clone(), &mut out);
        }
        out.len()
    });
}

#[divan::bench]
fn document_synthetic(bencher: Bencher) {
    // Tokens, sentences and quotation marks of the whole article: the first stage of `analyze`.
    let a = synthetic(32);
    bencher
        .counter(divan::counter::BytesCount::new(a.text.len()))
        .bench(|| Document::new(black_box(&a)).tokens.len());
}
