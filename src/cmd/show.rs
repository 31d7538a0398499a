//! `whosaid show ARTICLE_ID`: one article with its paragraphs, quotes and speakers.

use std::io::Write;

use anyhow::Result;

use super::{Context, Outcome};
use crate::cli::ShowArgs;
use crate::index::resolve::resolve_article_id;
use crate::output::{json, text};

/// Print one article.
pub fn run(ctx: &Context, args: &ShowArgs) -> Result<Outcome> {
    let searcher = ctx.searcher()?;
    let id = resolve_article_id(&searcher, &args.id)?;
    let article = searcher.article(&id)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json::article(&mut out, &article)?;
    } else {
        text::article(&mut out, &ctx.style, &article)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
