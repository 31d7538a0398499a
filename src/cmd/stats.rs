//! `whosaid stats`: what the index holds.

use std::io::Write;

use anyhow::Result;

use super::{Context, Outcome};
use crate::cli::StatsArgs;
use crate::output::{json, text};

/// Print counts and top speakers and actors.
pub fn run(ctx: &Context, args: &StatsArgs) -> Result<Outcome> {
    let stats = ctx.searcher()?.stats(args.top.max(1))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json::stats(&mut out, &stats)?;
    } else {
        text::stats(&mut out, &ctx.style, &stats)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
