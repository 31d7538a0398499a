//! `whosaid query`: the request from flags, the search, the printer.

use std::io::Write;

use anyhow::Result;

use super::{Context, Outcome, UsageError};
use crate::analysis::Kind;
use crate::article::date::{parse_day, today};
use crate::cli::{KindArg, QueryArgs, SortBy};
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

fn request(a: &QueryArgs) -> Result<SearchRequest> {
    let since = day("since", &a.since)?;
    let until = day("until", &a.until)?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(UsageError(format!("--since {s} is after --until {u}")).into());
    }
    Ok(SearchRequest {
        text: a.text.join(" "),
        any: a.any,
        speakers: a.speaker.clone(),
        actors: a.actor.clone(),
        kind: a.kind.map(|k| match k {
            KindArg::Person => Kind::Person,
            KindArg::Org => Kind::Org,
            KindArg::Place => Kind::Place,
        }),
        sources: a.source.clone(),
        since,
        until,
        sort: match a.sort {
            SortBy::Relevance => Sort::Relevance,
            SortBy::Date => Sort::Date,
        },
        limit: a.limit.min(10_000),
        offset: a.offset,
        facets: a.facets,
        facet_limit: a.facet_limit,
        facet_sources: false,
        deadline: None,
    })
}
