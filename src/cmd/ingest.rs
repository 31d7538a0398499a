//! `whosaid ingest`: the pipeline with a progress bar and a summary.

use std::io::{IsTerminal, Write};

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Context, Outcome};
use crate::article::InputError;
use crate::article::walk::Filter;
use crate::cli::IngestArgs;
use crate::index::Index;
use crate::ingest::{IngestOptions, Pipeline, Progress, Source, Summary};
use crate::output::{json, text};

/// A progress bar on stderr when it is a terminal; rejected inputs are printed as they come.
struct Bar {
    bar: ProgressBar,
}

impl Progress for Bar {
    fn files(&self, n: u64) {
        self.bar.set_length(n);
    }
    fn file_done(&self) {
        self.bar.inc(1);
    }
    fn rejected(&self, e: &InputError) {
        self.bar.suspend(|| eprintln!("whosaid: rejected {e}"));
    }
    fn committed(&self, articles: u64) {
        self.bar.set_message(format!("{articles} articles committed"));
    }
}

/// Ingest the paths and print the summary.
pub fn run(ctx: &Context, args: &IngestArgs) -> Result<Outcome> {
    let index = Index::open_or_create(&ctx.index_dir)
        .with_context(|| format!("opening the index at {}", ctx.index_dir.display()))?;
    let mut opts = IngestOptions::default();
    opts.writer.wait = args.wait;
    opts.read.windows_1252 = args.encoding.is_some();
    if let Some(t) = args.threads {
        opts.analysis_threads = t.max(1);
    }
    opts.commit_every = args.commit_every;
    opts.filter = Filter::new(&args.exclude.exclude).map_err(anyhow::Error::msg)?;
    let target = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files  {msg}",
        )
        .expect("valid template"),
    );
    let progress = Bar { bar };
    let summary = ingest(&index, &args.paths, &opts, args.prune, &progress, ctx.stop)
        .with_context(|| format!("ingesting into {}", ctx.index_dir.display()))?;
    progress.bar.finish_and_clear();
    if args.json {
        let mut out = std::io::stdout().lock();
        json::summary(&mut out, &summary)?;
        out.flush()?;
    }
    text::summary(&mut std::io::stderr().lock(), &summary, args.verbose)?;
    Ok(if summary.interrupted {
        Outcome::Interrupted
    } else if summary.rejected.is_empty() {
        Outcome::Success
    } else {
        Outcome::SomeRejected
    })
}

/// One batch through the pipeline; with `prune`, then remove the articles of files that are gone.
fn ingest(
    index: &Index,
    paths: &[std::path::PathBuf],
    opts: &IngestOptions,
    prune: bool,
    progress: &dyn Progress,
    stop: &std::sync::atomic::AtomicBool,
) -> crate::error::Result<Summary> {
    let mut pipeline = Pipeline::open(index, opts.clone())?;
    let sources = paths.iter().cloned().map(Source::Path).collect();
    let mut sum = pipeline.run(sources, progress, stop)?;
    if prune && !sum.interrupted {
        sum.removed += pipeline.prune() as u64;
        pipeline.commit()?;
    }
    pipeline.finish()?;
    Ok(sum)
}
