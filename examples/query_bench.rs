//! In-process query latency of whosaid, with the semantics of `../shared/bench/rawtantivy query`.
//!
//! ```text
//! cargo run --release --example query_bench -- --index DIR --queries FILE
//!     [--repeat 5] [--warmup 1] [--limit 10] [--facets] [--no-snippets] [--dump FILE]
//!     [--slowest K] [--dump-full FILE] [--api] [--json]
//! ```
//! The index is opened once; each query line then goes through the library's own
//! [`Searcher::search`] path, exactly what `whosaid query` runs after start-up: parse,
//! every term must match (AND), top `--limit` by BM25 over title and text, the total
//! count, stored fields of the page fetched and decoded into hits, and snippets built
//! (`--no-snippets` leaves them out, to show their share), plus speaker and actor
//! counts over all matches with `--facets`. Latency is measured per query around that
//! call; percentiles are nearest-rank, like the reference tools, and the last line is
//! `RESULT {json}`. `--slowest K` also lists the K queries with the highest median time,
//! the ones that make the p99. `--api` asks as `GET /api/search` does (sources counted with
//! the facets, a deadline 10 s ahead); `--json` also writes, timed, the answer's JSON body
//! (`output::json::query`, what the server sends): the two make the in-process baseline of
//! the server's figures. `--dump-full FILE` writes, untimed, everything a query returns
//! with snippets and facets (total, every field of every hit with its exact score, the facet
//! counts): two builds that must return the same results give byte-identical files.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use whosaid::index::Index;
use whosaid::index::search::{SearchRequest, Searcher};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn usage() -> ! {
    eprintln!(
        "usage: query_bench --index DIR --queries FILE [--repeat N] [--warmup N] [--limit K] \
         [--facets] [--no-snippets] [--dump FILE] [--slowest K] [--dump-full FILE] [--api] \
         [--json]"
    );
    std::process::exit(2)
}

fn main() -> Result<()> {
    let (mut index_dir, mut qfile, mut dump, mut dump_full) = (None, None, None, None);
    let (mut repeat, mut warmup, mut limit, mut slowest) = (5usize, 1usize, 10usize, 0usize);
    let (mut facets, mut snippets, mut api, mut json) = (false, true, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--index" => index_dir = Some(PathBuf::from(val())),
            "--queries" => qfile = Some(PathBuf::from(val())),
            "--dump" => dump = Some(PathBuf::from(val())),
            "--dump-full" => dump_full = Some(PathBuf::from(val())),
            "--repeat" => repeat = val().parse().unwrap_or_else(|_| usage()),
            "--warmup" => warmup = val().parse().unwrap_or_else(|_| usage()),
            "--limit" => limit = val().parse().unwrap_or_else(|_| usage()),
            "--slowest" => slowest = val().parse().unwrap_or_else(|_| usage()),
            "--facets" => facets = true,
            "--no-snippets" => snippets = false,
            "--api" => api = true,
            "--json" => json = true,
            _ => usage(),
        }
    }
    let (Some(index_dir), Some(qfile)) = (index_dir, qfile) else { usage() };
    let queries: Vec<String> = std::fs::read_to_string(&qfile)
        .with_context(|| format!("reading {}", qfile.display()))?
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if queries.is_empty() {
        bail!("no queries in {}", qfile.display());
    }

    let t_open = Instant::now();
    let searcher = Searcher::new(Index::open(&index_dir)?)?;
    let open_ms = t_open.elapsed().as_secs_f64() * 1e3;
    let requests: Vec<SearchRequest> = queries
        .iter()
        .map(|q| SearchRequest {
            text: q.clone(),
            limit,
            facets,
            facet_limit: 10,
            facet_sources: api && facets,
            ..SearchRequest::default()
        })
        .collect();

    let mut sink = 0usize; // keeps the page observable
    let mut errors = 0usize;
    let mut run = |req: &SearchRequest| -> Option<usize> {
        let mut with_deadline;
        let req = if api {
            with_deadline = req.clone();
            with_deadline.deadline = Instant::now().checked_add(Duration::from_secs(10));
            &with_deadline
        } else {
            req
        };
        match searcher.search_with(req, snippets) {
            Ok(r) => {
                if json {
                    let mut body = Vec::with_capacity(16 * 1024);
                    whosaid::output::json::query(&mut body, &req.text, &r).ok()?;
                    sink += body.len();
                }
                sink +=
                    r.hits.iter().map(|h| h.text.len() + h.snippet.fragment.len()).sum::<usize>();
                sink += r.facets.map_or(0, |f| f.speakers.len() + f.actors.len());
                Some(r.hits.len())
            }
            Err(_) => None,
        }
    };
    for _ in 0..warmup {
        for r in &requests {
            run(r);
        }
    }
    let mut lat_us = Vec::with_capacity(requests.len() * repeat);
    let (mut returned, mut zero) = (0usize, 0usize);
    let t_all = Instant::now();
    for _ in 0..repeat {
        for r in &requests {
            let t = Instant::now();
            let n = run(r);
            lat_us.push(t.elapsed().as_secs_f64() * 1e6);
            match n {
                Some(n) => {
                    returned += n;
                    zero += usize::from(n == 0);
                }
                None => errors += 1,
            }
        }
    }
    let wall = t_all.elapsed().as_secs_f64();
    // Each query's best time over the runs, then their median: on a busy machine the other
    // figures move by a quarter from run to run; this one barely does (for comparing builds).
    let runs_of = |q: usize| lat_us.iter().skip(q).step_by(requests.len()).copied();
    let mut best: Vec<f64> =
        (0..requests.len()).map(|q| runs_of(q).fold(f64::MAX, f64::min)).collect();
    let mut medians: Vec<(f64, usize)> = (0..requests.len())
        .map(|q| {
            let mut runs: Vec<f64> = runs_of(q).collect();
            runs.sort_by(|a, b| a.total_cmp(b));
            (percentile(&runs, 50.0), q)
        })
        .collect();
    medians.sort_by(|a, b| b.0.total_cmp(&a.0));
    best.sort_by(|a, b| a.total_cmp(b));
    let best_p50 = percentile(&best, 50.0);
    lat_us.sort_by(|a, b| a.total_cmp(b));
    let n = lat_us.len();
    let mean = lat_us.iter().sum::<f64>() / n as f64;
    let (p50, p90, p99, max) = (
        percentile(&lat_us, 50.0),
        percentile(&lat_us, 90.0),
        percentile(&lat_us, 99.0),
        lat_us[n - 1],
    );
    let qps = n as f64 / wall;

    // Untimed: per-query total and top ids, to cross-check semantics against rawtantivy's --dump.
    if let Some(dump) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&dump)?);
        for r in &requests {
            let res = searcher.search_with(r, false)?;
            let ids: Vec<String> =
                res.hits.iter().map(|h| format!("{}#{}", h.article_id, h.paragraph)).collect();
            writeln!(out, "{}\t{}\t{}", r.text, res.total, ids.join(","))?;
        }
    }

    if let Some(dump) = dump_full {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&dump)?);
        for r in &requests {
            let full = SearchRequest { facets: true, facet_sources: true, ..r.clone() };
            match searcher.search_with(&full, true) {
                Ok(res) => writeln!(
                    out,
                    "{}\t{}\t{:?}\t{:?}\t{:?}",
                    r.text, res.total, res.hits, res.facets, res.undated_left_out
                )?,
                Err(e) => writeln!(out, "{}\terror: {e}", r.text)?,
            }
        }
    }

    println!("index          {} (opened in {open_ms:.1} ms)", index_dir.display());
    println!(
        "queries        {} x {repeat} runs (+{warmup} warm-up), top {limit}, AND, facets: {facets}, \
         snippets: {snippets}, api request: {api}, json: {json}",
        queries.len()
    );
    println!(
        "latency us     p50 {p50:.1}  p90 {p90:.1}  p99 {p99:.1}  mean {mean:.1}  max {max:.1}"
    );
    println!("best of runs   p50 {best_p50:.1} (each query's fastest run)");
    println!("queries/s      {qps:.0}  (single thread)");
    println!("hits returned  {returned} total, {zero} empty results, {errors} errors");
    for &(us, q) in medians.iter().take(slowest) {
        println!("slow query     {us:>8.1} us  {}", queries[q]);
    }
    println!(
        "RESULT {}",
        serde_json::json!({
            "tool": "whosaid", "mode": "query", "queries": queries.len(), "repeat": repeat,
            "limit": limit, "and": true, "fetch": true, "facets": facets, "snippets": snippets, "api": api, "json": json,
            "p50_us": p50, "p90_us": p90, "p99_us": p99, "mean_us": mean, "max_us": max,
            "qps": qps, "hits_returned": returned, "empty": zero, "errors": errors,
            "best_p50_us": best_p50, "open_ms": open_ms, "sink": sink,
        })
    );
    Ok(())
}
