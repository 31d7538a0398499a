//! `whosaid watch`: keep an index in step with folders until Ctrl-C.

use anyhow::{Context as _, Result};

use super::{Context, Outcome};
use crate::article::InputError;
use crate::article::walk::Filter;
use crate::cli::WatchArgs;
use crate::index::Index;
use crate::ingest::{IngestOptions, Progress};
use crate::output::text;
use crate::watch::{Batch, WatchReport, watch};

/// Reports on stderr: rejected inputs as they come, one line a batch.
struct Log;

impl Progress for Log {
    fn rejected(&self, e: &InputError) {
        eprintln!("whosaid: rejected {e}");
    }
}

impl WatchReport for Log {
    fn batch(&self, b: &Batch) {
        let s = &b.summary;
        if b.reconcile
            || s.added + s.replaced + s.removed + b.removed as u64 > 0
            || !s.rejected.is_empty()
        {
            let _ = text::watch_batch(&mut std::io::stderr().lock(), b);
        }
    }
    fn trouble(&self, what: &str) {
        eprintln!("whosaid: watch: {what}; reconciling the folders");
    }
}

/// Ingest the paths, then follow their changes until stopped.
pub fn run(ctx: &Context, args: &WatchArgs) -> Result<Outcome> {
    let index = Index::open_or_create(&ctx.index_dir)
        .with_context(|| format!("opening the index at {}", ctx.index_dir.display()))?;
    let mut opts = IngestOptions::default();
    opts.read.windows_1252 = args.encoding.is_some();
    if let Some(t) = args.threads {
        opts.analysis_threads = t.max(1);
    }
    // Other processes see a large batch in parts while it is being indexed.
    opts.commit_every = std::time::Duration::from_secs(1);
    opts.filter = Filter::new(&args.exclude.exclude).map_err(anyhow::Error::msg)?;
    eprintln!(
        "whosaid: watching {} (files are read once unchanged for {:.1} s; Ctrl-C stops)",
        args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
        args.settle.as_secs_f64()
    );
    watch(&index, &args.paths, opts, args.settle, &Log, ctx.stop)
        .with_context(|| format!("watching into {}", ctx.index_dir.display()))?;
    eprintln!("whosaid: watch stopped; everything read is committed");
    Ok(Outcome::Success)
}
