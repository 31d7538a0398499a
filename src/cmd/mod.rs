//! The command layer: resolves settings, calls the core, prints.
//!
//! One file per subcommand, each with `run(&Context, &Args) -> Result<Outcome>`.
//! Errors leave here as anyhow errors with context; `main` prints them once.

mod analyze;
mod completions;
mod delete;
mod export;
mod follow;
mod ingest;
mod push;
mod query;
mod serve;
mod show;
mod stats;
mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context as _, Result};

use crate::cli::{Cli, Color, Command};
use crate::index::Index;
use crate::index::names::Aliases;
use crate::index::search::Searcher;
use crate::ingest::{IngestOptions, Quiet, ingest};
use crate::output::Style;
use crate::output::text::count;

/// How a command ended when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked (exit 0).
    Success,
    /// Ingest finished but rejected some inputs (exit 3).
    SomeRejected,
    /// Ctrl-C stopped an ingest early; what was read is committed (exit 130, as for a command
    /// ended by SIGINT, so a script does not take a partial ingest for a finished one).
    Interrupted,
}

/// A mistake on the command line that clap cannot see (a `--since` that is not a date): the
/// command exits 2 like any usage error.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit status of a failed command: 2 for a usage error (a bad flag value, a query that
/// does not parse), 1 for anything else.
pub fn failure_status(err: &anyhow::Error) -> u8 {
    let usage = err.chain().any(|e| {
        e.is::<UsageError>()
            || matches!(
                e.downcast_ref::<crate::error::Error>(),
                Some(crate::error::Error::Query(_))
            )
    });
    if usage { 2 } else { 1 }
}

/// The error and its causes on one line, each said once: a cause whose text the line already
/// holds (a core error that prints its source, then that source again) is left out.
pub fn error_message(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// The default index folder, relative to the current folder.
pub const DEFAULT_INDEX: &str = "index";
/// The bundled corpus the default index is built from on first use.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Settings resolved from the command line and environment.
pub struct Context {
    /// The index folder.
    pub index_dir: PathBuf,
    /// True when the user named no index (so the bundled corpus may be indexed on first use).
    pub default_index: bool,
    /// The user's alias file (`--aliases`), if any.
    pub aliases: Option<PathBuf>,
    /// Styling of stdout.
    pub style: Style,
    /// Set by Ctrl-C.
    pub stop: &'static AtomicBool,
}

impl Context {
    /// Resolve the command line.
    pub fn new(cli: &Cli, stop: &'static AtomicBool) -> Context {
        let color = match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Context {
            index_dir: cli.index.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
            default_index: cli.index.is_none(),
            aliases: cli.aliases.clone(),
            style: Style { color },
            stop,
        }
    }

    /// Open the index for reading; on first use of the default index, build it from `corpus/`.
    pub fn searcher(&self) -> Result<Searcher> {
        let index = self.index()?;
        let aliases = Aliases::for_index(&self.index_dir, self.aliases.as_deref())
            .context("reading the name aliases")?;
        Ok(Searcher::with_aliases(index, aliases)?)
    }

    /// Open the index; on first use of the default index, build it from `corpus/`.
    pub fn index(&self) -> Result<Index> {
        if self.default_index
            && !Index::exists(&self.index_dir)
            && Path::new(DEFAULT_CORPUS).is_dir()
        {
            eprintln!(
                "whosaid: no index at {}/ yet; building it from the bundled {}/ (first use)…",
                self.index_dir.display(),
                DEFAULT_CORPUS
            );
            let index = Index::open_or_create(&self.index_dir)
                .with_context(|| format!("creating the index at {}", self.index_dir.display()))?;
            let sum = ingest(
                &index,
                &[PathBuf::from(DEFAULT_CORPUS)],
                &IngestOptions::default(),
                &Quiet,
                self.stop,
            )
            .context("indexing the bundled corpus")?;
            eprintln!(
                "whosaid: indexed {} ({}) from {}/",
                count(sum.added as u64, "article", "articles"),
                count(sum.paragraphs as u64, "paragraph", "paragraphs"),
                DEFAULT_CORPUS
            );
        }
        Ok(Index::open(&self.index_dir)?)
    }
}

/// Run the command.
pub fn run(cli: Cli, stop: &'static AtomicBool) -> Result<Outcome> {
    let ctx = Context::new(&cli, stop);
    match &cli.command {
        Command::Ingest(a) => ingest::run(&ctx, a),
        Command::Query(a) => query::run(&ctx, a),
        Command::Analyze(a) => analyze::run(&ctx, a),
        Command::Stats(a) => stats::run(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Push(a) => push::run(&ctx, a),
        Command::Delete(a) => delete::run(&ctx, a),
        Command::Watch(a) => watch::run(&ctx, a),
        Command::Follow(a) => follow::run(&ctx, a),
        Command::Completions(a) => completions::completions(a),
        Command::Man(_) => completions::man(),
        Command::Serve(a) => serve::run(&ctx, a),
    }
}
