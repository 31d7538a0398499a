//! Micro-benchmark of the named-entity tagger alone: tokens per second on one core over a folder of
//! texts (tokenisation is done first and not timed).
//!
//! ```text
//! cargo run --release --example bench_tagger -- ../shared/corpora/bbc [ROUNDS]
//! ```

use std::ops::Range;
use std::time::Instant;

use whosaid::analysis::tagger;
use whosaid::analysis::tokens::{Token, split_sentences, tokenize_into};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/corpora/bbc".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut docs: Vec<(String, Vec<Token>, Vec<Range<usize>>)> = Vec::new();
    for e in walkdir::WalkDir::new(&dir).into_iter().flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
        if !e.file_type().is_file() {
            continue;
        }
        let (mut toks, mut sents) = (Vec::new(), Vec::new());
        let mut pos = 0;
        for l in text.split('\n') {
            let first = toks.len();
            tokenize_into(&text, pos..pos + l.len(), &mut toks);
            split_sentences(&text, &toks, first..toks.len(), &mut sents);
            pos += l.len() + 1;
        }
        docs.push((text, toks, sents));
    }
    let n_tokens: usize = docs.iter().map(|d| d.1.len()).sum();
    let words: usize = docs.iter().map(|d| d.0.split_whitespace().count()).sum();
    let _ = tagger::tag("warm up", &[], &[]);
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        found = 0;
        for (text, toks, sents) in &docs {
            found += tagger::tag(text, toks, sents).len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} docs, {n_tokens} tokens, {words} words, {found} mentions: best of {rounds} {:.3}s = {:.0} ns/token, {:.0} tokens/s, {:.0} words/s",
        docs.len(),
        best,
        best * 1e9 / n_tokens as f64,
        n_tokens as f64 / best,
        words as f64 / best
    );
}
