//! `whosaid delete`: remove articles by id or path, or every article a query matches.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::{Context as _, Result, bail};

use super::{Context, Outcome};
use crate::article::ArticleId;
use crate::cli::DeleteArgs;
use crate::index::Index;
use crate::index::search::{SearchRequest, Searcher};
use crate::ingest::{IngestOptions, Pipeline};

/// Hits fetched per page while collecting the articles a query matches.
const PAGE: usize = 10_000;

/// Delete the named articles, or (with --yes) the ones --query/--source match.
pub fn run(ctx: &Context, args: &DeleteArgs) -> Result<Outcome> {
    let index = Index::open(&ctx.index_dir)
        .with_context(|| format!("opening the index at {}", ctx.index_dir.display()))?;
    if args.query.is_some() || !args.source.is_empty() {
        return by_query(ctx, index, args);
    }
    let mut opts = IngestOptions::default();
    opts.writer.wait = args.wait;
    let mut pipeline = Pipeline::open(&index, opts)?;
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for given in &args.ids {
        let found = pipeline.resolve(given);
        if found.is_empty() {
            unknown.push(given.as_str());
        }
        ids.extend(found);
    }
    let missing = pipeline.delete(&ids);
    pipeline.commit()?;
    pipeline.finish()?;
    let removed = ids.len() - missing.len();
    eprintln!("whosaid: {removed} article{} removed", if removed == 1 { "" } else { "s" });
    if !unknown.is_empty() {
        bail!("not in the index: {}", unknown.join(", "));
    }
    Ok(Outcome::Success)
}

fn by_query(ctx: &Context, index: Index, args: &DeleteArgs) -> Result<Outcome> {
    // The searcher takes the index; the pipeline needs one of its own.
    let ids = matching_articles(&Searcher::new(index)?, args)?;
    let index = Index::open(&ctx.index_dir)?;
    if !args.yes {
        let mut out = std::io::stdout().lock();
        for id in &ids {
            writeln!(out, "{id}")?;
        }
        out.flush()?;
        bail!(
            "{} article{} would be deleted (listed on stdout); run again with --yes to delete {}",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            if ids.len() == 1 { "it" } else { "them" }
        );
    }
    let mut opts = IngestOptions::default();
    opts.writer.wait = args.wait;
    let mut pipeline = Pipeline::open(&index, opts)?;
    let ids: Vec<ArticleId> = ids.into_iter().map(ArticleId).collect();
    let missing = pipeline.delete(&ids);
    pipeline.commit()?;
    pipeline.finish()?;
    let n = ids.len() - missing.len();
    eprintln!("whosaid: {n} article{} deleted", if n == 1 { "" } else { "s" });
    Ok(Outcome::Success)
}

/// The ids of every article with a paragraph matching --query and --source.
fn matching_articles(searcher: &Searcher, args: &DeleteArgs) -> Result<BTreeSet<String>> {
    let mut req = SearchRequest {
        text: args.query.clone().unwrap_or_default(),
        sources: args.source.clone(),
        limit: PAGE,
        ..SearchRequest::default()
    };
    let mut ids = BTreeSet::new();
    loop {
        let page = searcher.search_with(&req, false)?;
        let n = page.hits.len();
        ids.extend(page.hits.into_iter().map(|h| h.article_id));
        req.offset += n;
        if n == 0 || req.offset >= page.total {
            return Ok(ids);
        }
    }
}
