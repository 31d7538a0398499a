//! `whosaid push`: the paragraph documents to a running engine, with a summary.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Result, anyhow};

use super::export::{engine, match_request, paragraph_bar};
use super::{Context, Outcome};
use crate::analysis::analyze;
use crate::article::{ReadOptions, Reader};
use crate::cli::PushArgs;
use crate::export::engine::EngineDoc;
use crate::push::checkpoint::{Checkpoint, Scope};
use crate::push::{PushOptions, PushSummary, Pusher};

/// Push, print the summary on stderr.
pub fn run(ctx: &Context, args: &PushArgs) -> Result<Outcome> {
    let engine = engine(args.engine);
    if !(args.url.starts_with("http://") || args.url.starts_with("https://")) {
        return Err(anyhow!("{:?} is not an http:// or https:// URL", args.url));
    }
    if args.batch_docs == 0 || args.batch_bytes < 1024 {
        return Err(anyhow!("--batch-docs must be at least 1 and --batch-bytes at least 1024"));
    }
    if engine == crate::export::engine::Engine::Quickwit && args.batch_bytes > 10_000_000 {
        return Err(anyhow!("--batch-bytes: Quickwit refuses ingest requests over 10 MB"));
    }
    let opts = PushOptions {
        engine,
        url: args.url.clone(),
        target: args.target.clone(),
        batch_docs: args.batch_docs,
        batch_bytes: args.batch_bytes,
        max_attempts: args.max_attempts.max(1),
        backoff: Duration::from_millis(args.backoff_ms),
    };
    let scope = |stream: String| Scope {
        engine: engine.as_str().to_string(),
        url: args.url.clone(),
        target: args.target.clone(),
        stream,
    };
    if args.restart && engine == crate::export::engine::Engine::Quickwit {
        eprintln!(
            "whosaid: Quickwit keeps what was pushed before (its ingest has no document id): \
             without a delete task first, --restart duplicates it (docs/scale-out.md)"
        );
    }
    let name = format!("push-{}-{}.json", engine.as_str(), sanitize(&args.target));
    let pushed = if args.from_analyze.is_empty() {
        let path = args.checkpoint.clone().unwrap_or_else(|| beside(&ctx.index_dir, &name));
        push_index(ctx, args, opts, &|stream| scope(stream), &path)?
    } else {
        let path =
            args.checkpoint.clone().unwrap_or_else(|| PathBuf::from(format!("whosaid-{name}")));
        push_files(ctx, args, opts, &|stream| scope(stream), &path)?
    };
    let Some(summary) = pushed else { return Ok(Outcome::Success) };
    report(&summary);
    Ok(if summary.rejected > 0 { Outcome::SomeRejected } else { Outcome::Success })
}

/// Push the matching paragraphs of the local index; None when the checkpoint says it is done.
fn push_index(
    ctx: &Context,
    args: &PushArgs,
    opts: PushOptions,
    scope: &dyn Fn(String) -> Scope,
    path: &std::path::Path,
) -> Result<Option<PushSummary>> {
    let req = match_request(&args.matching)?;
    let searcher = ctx.searcher()?;
    let stream = format!("index {} request {:?}", searcher.fingerprint(), req);
    let checkpoint = Checkpoint::open(path, scope(hash(&stream)), args.restart)?;
    let Some(mut pusher) = start(opts, checkpoint)? else { return Ok(None) };
    let bar = paragraph_bar(searcher.count_matches(&req)?, args.quiet, "paragraphs");
    bar.set_position(pusher.skipping());
    let walked = searcher.walk(&req, |hit| -> Result<()> {
        if ctx.stop.load(Ordering::SeqCst) {
            return Err(anyhow!("interrupted"));
        }
        pusher.add(&EngineDoc::from_hit(&hit))?;
        bar.set_position(pusher.position());
        Ok(())
    });
    bar.finish_and_clear();
    if let Err(e) = walked {
        report(pusher.summary());
        return Err(e.context(format!("the checkpoint {} keeps what was answered", path.display())));
    }
    Ok(Some(pusher.finish()?))
}

/// Analyse files and push their paragraphs; None when the checkpoint says it is done.
fn push_files(
    ctx: &Context,
    args: &PushArgs,
    opts: PushOptions,
    scope: &dyn Fn(String) -> Scope,
    path: &std::path::Path,
) -> Result<Option<PushSummary>> {
    let (files, errors) = Reader::discover(&args.from_analyze);
    for e in &errors {
        eprintln!("whosaid: {e}");
    }
    let listing: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let stream = format!("files {}", listing.join("\n"));
    let checkpoint = Checkpoint::open(path, scope(hash(&stream)), args.restart)?;
    let Some(mut pusher) = start(opts, checkpoint)? else { return Ok(None) };
    let bar = paragraph_bar(files.len() as u64, args.quiet, "files");
    let read = ReadOptions { windows_1252: args.encoding.is_some() };
    let mut failed: Option<anyhow::Error> = None;
    for file in &files {
        let mut emit = |item: Result<crate::article::Article, crate::article::InputError>| {
            if failed.is_some() {
                return;
            }
            match item {
                Err(e) => bar.suspend(|| eprintln!("whosaid: {e}")),
                Ok(article) => {
                    let analysis = analyze(&article);
                    for doc in EngineDoc::from_analysis(&article, &analysis) {
                        if let Err(e) = pusher.add(&doc) {
                            failed = Some(e.into());
                            return;
                        }
                    }
                }
            }
        };
        if let Err(e) = Reader::read_with(file, read, &mut emit) {
            bar.suspend(|| eprintln!("whosaid: {e}"));
        }
        if ctx.stop.load(Ordering::SeqCst) {
            failed.get_or_insert_with(|| anyhow!("interrupted"));
        }
        if let Some(e) = failed.take() {
            bar.finish_and_clear();
            report(pusher.summary());
            return Err(
                e.context(format!("the checkpoint {} keeps what was answered", path.display()))
            );
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(Some(pusher.finish()?))
}

/// A pusher, or None (after saying so) when the checkpoint records this push as finished.
fn start(opts: PushOptions, checkpoint: Checkpoint) -> Result<Option<Pusher>> {
    let path = checkpoint.path().display().to_string();
    let pusher = Pusher::new(opts, checkpoint);
    if pusher.already_complete() {
        eprintln!(
            "whosaid: {path} records this push as finished ({} documents); pass --restart to push again",
            pusher.skipping()
        );
        return Ok(None);
    }
    if pusher.skipping() > 0 {
        eprintln!("whosaid: resuming after {} documents ({path})", pusher.skipping());
    }
    Ok(Some(pusher))
}

fn report(s: &PushSummary) {
    eprintln!(
        "whosaid: pushed: {} accepted, {} rejected, {} skipped (checkpoint), {} requests ({} retries)",
        s.accepted, s.rejected, s.skipped, s.requests, s.retries
    );
    for (id, reason) in &s.rejections {
        eprintln!("whosaid: rejected {id}: {reason}");
    }
    if s.rejected as usize > s.rejections.len() {
        eprintln!("whosaid: … and {} more rejected", s.rejected as usize - s.rejections.len());
    }
}

/// `name` in the folder that holds the index folder, prefixed by the index folder's name.
fn beside(index_dir: &std::path::Path, name: &str) -> PathBuf {
    let base = index_dir.file_name().map_or("index".into(), |n| n.to_string_lossy().into_owned());
    let parent = index_dir.parent().unwrap_or(std::path::Path::new("."));
    parent.join(format!("{base}.{name}"))
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect()
}

fn hash(s: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()))
}
