//! `whosaid export`: every match as rows on stdout, or engine documents in a folder.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};

use anyhow::{Context as _, Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Context, Outcome};
use crate::analysis::Kind;
use crate::article::date::parse_date;
use crate::cli::{EngineArg, ExportArgs, ExportFormat, ExportWhat, KindArg, MatchArgs};
use crate::export::engine::{DOCUMENTS_FILE, Engine, EngineDoc};
use crate::export::{Exporter, Format, What};
use crate::index::search::{SearchRequest, Sort};

/// The search request of `export`'s and `push`'s query and filters (no page: a walk).
pub(super) fn match_request(m: &MatchArgs) -> Result<SearchRequest> {
    let day = |flag: &str, s: &Option<String>| -> Result<Option<chrono::NaiveDate>> {
        s.as_deref()
            .map(|s| {
                parse_date(s)
                    .ok_or_else(|| anyhow!("--{flag} {s:?} is not a date (try YYYY-MM-DD)"))
            })
            .transpose()
    };
    let since = day("since", &m.since)?;
    let until = day("until", &m.until)?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(anyhow!("--since {s} is after --until {u}"));
    }
    Ok(SearchRequest {
        text: m.text.join(" "),
        any: m.any,
        speakers: m.speaker.clone(),
        actors: m.actor.clone(),
        kind: m.kind.map(|k| match k {
            KindArg::Person => Kind::Person,
            KindArg::Org => Kind::Org,
            KindArg::Place => Kind::Place,
        }),
        sources: m.source.clone(),
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

/// The engine of a command-line flag.
pub(super) fn engine(e: EngineArg) -> Engine {
    match e {
        EngineArg::Quickwit => Engine::Quickwit,
        EngineArg::Opensearch => Engine::Opensearch,
    }
}

/// A progress bar of `len` paragraphs on stderr, drawn only on a terminal.
pub(super) fn paragraph_bar(len: u64, quiet: bool, unit: &str) -> ProgressBar {
    let target = if quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    let template =
        format!("{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit}  {{msg}}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    bar
}

/// Stream every match.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<Outcome> {
    let req = match_request(&args.matching)?;
    let searcher = ctx.searcher()?;
    let bar = paragraph_bar(searcher.count_matches(&req)?, args.quiet, "paragraphs");
    if let (Some(e), Some(dir)) = (args.engine, &args.out) {
        let engine = engine(e);
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let def = dir.join(engine.definition_file());
        std::fs::write(&def, engine.definition(&args.target))
            .with_context(|| format!("writing {}", def.display()))?;
        let path = dir.join(DOCUMENTS_FILE);
        let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = BufWriter::new(file);
        let n = searcher.walk(&req, |hit| -> Result<()> {
            serde_json::to_writer(&mut out, &EngineDoc::from_hit(&hit))?;
            out.write_all(b"\n")?;
            bar.inc(1);
            Ok(())
        });
        let n = n.with_context(|| format!("writing {}", path.display()))?;
        out.flush().with_context(|| format!("writing {}", path.display()))?;
        bar.finish_and_clear();
        eprintln!(
            "whosaid: wrote {n} {} documents to {} and the index definition to {}",
            engine.as_str(),
            path.display(),
            def.display()
        );
        return Ok(Outcome::Success);
    }
    let what = match args.what {
        ExportWhat::Paragraphs => What::Paragraphs,
        ExportWhat::Quotes => What::Quotes,
        ExportWhat::Articles => What::Articles,
    };
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
    };
    let stdout = BufWriter::new(std::io::stdout().lock());
    let mut exporter = Exporter::new(stdout, what, format, &req.speakers)?;
    searcher.walk(&req, |hit| -> Result<()> {
        exporter.paragraph(&searcher, &hit)?;
        bar.inc(1);
        Ok(())
    })?;
    exporter.finish()?;
    bar.finish_and_clear();
    Ok(Outcome::Success)
}
