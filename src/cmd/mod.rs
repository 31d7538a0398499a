//! The command layer: resolves settings, calls the core, prints.
//!
//! One file per subcommand, each with `run(&Context, &Args) -> Result<Outcome>`.
//! Errors leave here as anyhow errors with context; `main` prints them once.

mod analyze;
mod ingest;
mod query;
mod serve;
mod show;
mod stats;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context as _, Result};

use crate::cli::{Cli, Color, Command};
use crate::index::Index;
use crate::index::search::Searcher;
use crate::ingest::{IngestOptions, Quiet, ingest};
use crate::output::Style;

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
            style: Style { color },
            stop,
        }
    }

    /// Open the index for reading; on first use of the default index, build it from `corpus/`.
    pub fn searcher(&self) -> Result<Searcher> {
        Ok(Searcher::new(self.index()?)?)
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
                "whosaid: indexed {} articles ({} paragraphs) from {}/",
                sum.added, sum.paragraphs, DEFAULT_CORPUS
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
        Command::Serve(a) => serve::run(&ctx, a),
    }
}
