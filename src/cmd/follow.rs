//! `whosaid follow`: poll feeds, index their new entries.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::{Context, Outcome};
use crate::article::InputError;
use crate::cli::FollowArgs;
use crate::follow::{FollowOptions, Follower, PassReport, feed_urls};
use crate::index::Index;
use crate::ingest::{IngestOptions, Progress};
use crate::output::{json, text};

/// Rejected articles are named on stderr as they come.
struct Log;

impl Progress for Log {
    fn rejected(&self, e: &InputError) {
        eprintln!("whosaid: rejected {e}");
    }
}

/// One pass with --once, else a pass every --interval until Ctrl-C.
pub fn run(ctx: &Context, args: &FollowArgs) -> Result<Outcome> {
    let (feeds, bad) = feed_urls(&args.feeds);
    for e in &bad {
        eprintln!("whosaid: {}: {}", e.url, e.reason);
    }
    if feeds.is_empty() {
        anyhow::bail!("no feed to follow");
    }
    let index = Index::open_or_create(&ctx.index_dir)
        .with_context(|| format!("opening the index at {}", ctx.index_dir.display()))?;
    let opts = FollowOptions {
        ingest: IngestOptions::default(),
        timeout: args.timeout,
        host_delay: args.host_delay,
    };
    let mut follower = Follower::new(&ctx.index_dir, opts)?;
    loop {
        let started = Instant::now();
        let report = follower
            .pass(&index, &feeds, &Log, ctx.stop)
            .with_context(|| format!("following feeds into {}", ctx.index_dir.display()))?;
        print(args, &report)?;
        if args.once || ctx.stop.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(
                if report.errors.is_empty() && bad.is_empty() && report.summary.rejected.is_empty()
                {
                    Outcome::Success
                } else {
                    Outcome::SomeRejected
                },
            );
        }
        while started.elapsed() < args.interval {
            if ctx.stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(Outcome::Success);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn print(args: &FollowArgs, r: &PassReport) -> Result<()> {
    if args.json {
        let mut out = std::io::stdout().lock();
        json::follow_pass(&mut out, r)?;
        out.flush()?;
    }
    text::follow_pass(&mut std::io::stderr().lock(), r)?;
    Ok(())
}
