//! `whosaid query`: the request from flags, the search, the printer.

use std::io::Write;

use anyhow::Result;

use super::{Context, Outcome, UsageError};
use crate::analysis::Kind;
use crate::article::date::{parse_day, today};
use crate::cli::{FilterArgs, KindArg, QueryArgs, SortBy};
use crate::index::search::{SearchRequest, Sort};
use crate::output::{json, text};

/// Run a query and print the hits.
pub fn run(ctx: &Context, args: &QueryArgs) -> Result<Outcome> {
    let req = request(args)?;
    let searcher = ctx.searcher()?;
    let result = searcher.search(&req)?;
    if !args.json
        && let Some(n) = result.undated_left_out.filter(|&n| n > 0)
    {
        eprintln!(
            "whosaid: note: {n} matching paragraph{} without a date left out by --since/--until",
            if n == 1 { "" } else { "s" }
        );
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        json::query(&mut out, &req.text, &result)?;
    } else {
        text::hits(&mut out, &ctx.style, &result, &req.text)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn day(flag: &str, s: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    s.as_deref()
        .map(|s| {
            parse_day(s, today()).ok_or_else(|| {
                UsageError(format!(
                    "--{flag} {s:?} is not a date: write YYYY-MM-DD, or a time ago like 7d, 2w, 3m, 1y"
                ))
                .into()
            })
        })
        .transpose()
}

/// The request of a query's words and filters, before paging, order and facets.
pub(super) fn filtered(text: &[String], f: &FilterArgs) -> Result<SearchRequest> {
    let since = day("since", &f.since)?;
    let until = day("until", &f.until)?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(UsageError(format!("--since {s} is after --until {u}")).into());
    }
    Ok(SearchRequest {
        text: text.join(" "),
        any: f.any,
        speakers: f.speaker.clone(),
        actors: f.actor.clone(),
        kind: f.kind.map(|k| match k {
            KindArg::Person => Kind::Person,
            KindArg::Org => Kind::Org,
            KindArg::Place => Kind::Place,
        }),
        sources: f.source.clone(),
        since,
        until,
        sort: Sort::Relevance,
        limit: 1,
        offset: 0,
        facets: false,
        facet_limit: 1,
        facet_sources: false,
        deadline: None,
    })
}

fn request(a: &QueryArgs) -> Result<SearchRequest> {
    Ok(SearchRequest {
        sort: match a.sort {
            SortBy::Relevance => Sort::Relevance,
            SortBy::Date => Sort::Date,
        },
        limit: a.limit.min(10_000),
        offset: a.offset,
        facets: a.facets,
        facet_limit: a.facet_limit,
        ..filtered(&a.text, &a.filters)?
    })
}
