//! Analysis throughput on one core: `analyze` over a corpus, in words a second.
//!
//! ```text
//! cargo run --release --example analyze_bench -- [PATH...] [--passes N]
//! ```
//! PATH defaults to `../shared/corpora/bbc`. Every file is read and split into articles
//! first (untimed), then `analyze` runs over all of them `--passes` times (default 3) on
//! the calling thread; the best pass is reported, because the other engineers' builds
//! share this machine and only ever make a pass slower. Words are whitespace-separated
//! words of the paragraphs ([`Article::word_count`]), the unit of issue 3's speed figure.
//! Ends with a `RESULT {json}` line like the reference tools in `../shared/bench`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use whosaid::analysis::analyze;
use whosaid::article::{Article, Reader};

fn main() -> Result<()> {
    let mut paths = Vec::new();
    let mut passes = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--passes" => passes = args.next().and_then(|v| v.parse().ok()).unwrap_or(3).max(1),
            "-h" | "--help" => {
                eprintln!("usage: analyze_bench [PATH...] [--passes N]");
                return Ok(());
            }
            _ => paths.push(PathBuf::from(a)),
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("../shared/corpora/bbc"));
    }

    let t_read = Instant::now();
    let (files, _) = Reader::discover(&paths);
    let mut articles: Vec<Article> = Vec::new();
    let mut rejected = 0usize;
    for f in &files {
        let mut emit = |r: std::result::Result<Article, _>| match r {
            Ok(a) => articles.push(a),
            Err(_) => rejected += 1,
        };
        if Reader::read(f, &mut emit).is_err() {
            rejected += 1;
        }
    }
    if articles.is_empty() {
        bail!("no articles under {paths:?}");
    }
    let read_s = t_read.elapsed().as_secs_f64();
    let words: usize = articles.iter().map(Article::word_count).sum();
    let bytes: usize =
        articles.iter().map(|a| a.paragraphs.iter().map(|p| p.len()).sum::<usize>()).sum();

    let mut best = f64::INFINITY;
    let mut sink = 0usize; // keeps the results observable
    for _ in 0..passes {
        let t = Instant::now();
        for a in &articles {
            let an = analyze(a);
            sink += an.quotes.len() + an.entities.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let wps = words as f64 / best;
    println!(
        "articles       {} ({} files, {rejected} rejected; read in {read_s:.2} s)",
        articles.len(),
        files.len()
    );
    println!("words          {words}  ({:.1} MB of paragraph text)", bytes as f64 / 1e6);
    println!("analyze        best of {passes} passes: {best:.3} s on one thread");
    println!(
        "words/s        {wps:.0}  ({:.2} MB/s, {:.0} articles/s)",
        bytes as f64 / 1e6 / best,
        articles.len() as f64 / best
    );
    println!(
        "RESULT {}",
        serde_json::json!({
            "tool": "whosaid-analyze", "articles": articles.len(), "words": words,
            "text_bytes": bytes, "seconds": best, "passes": passes, "words_per_s": wps,
            "mb_per_s": bytes as f64 / 1e6 / best, "sink": sink,
        })
    );
    Ok(())
}
