//! `whosaid analyze`: the analysis of each article, without an index.

use std::io::Write;

use anyhow::Result;

use super::{Context, Outcome};
use crate::analysis::analyze;
use crate::article::walk::{Filter, walk};
use crate::article::{InputError, ReadOptions, Reader};
use crate::cli::AnalyzeArgs;
use crate::output::{json, text};

/// Analyse every article under the paths and print the results; bad inputs are named on stderr.
pub fn run(ctx: &Context, args: &AnalyzeArgs) -> Result<Outcome> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut rejected = 0usize;
    let mut io_error = None;
    let filter = Filter::new(&args.exclude.exclude).map_err(anyhow::Error::msg)?;
    let (files, errors) = walk(&args.paths, &filter);
    let mut report = |e: &InputError| {
        eprintln!("whosaid: {e}");
        rejected += 1;
    };
    for e in &errors {
        report(e);
    }
    for path in files {
        let mut emit = |item: Result<crate::article::Article, InputError>| match item {
            Err(e) => report(&e),
            Ok(article) => {
                let analysis = analyze(&article);
                let r = if args.json {
                    json::analysis(&mut out, &article, &analysis)
                } else {
                    text::analysis(&mut out, &ctx.style, &article, &analysis)
                };
                if let Err(e) = r {
                    io_error.get_or_insert(e);
                }
            }
        };
        let read = ReadOptions { windows_1252: args.encoding.is_some() };
        if let Err(e) = Reader::read_with(&path, read, &mut emit) {
            report(&e);
        }
        if let Some(e) = io_error.take() {
            return Err(e.into());
        }
    }
    out.flush()?;
    Ok(if rejected > 0 { Outcome::SomeRejected } else { Outcome::Success })
}
