//! The ingest pipeline: sources -> articles -> analysis -> index, on all cores.
//!
//! ```text
//! feeder thread ──(bounded)──> analysis workers ──> tantivy writer threads
//!   walk, read, hash, plan        analyze, build docs        (tantivy's own pool)
//! caller's thread: commits every few seconds, then once at the end of a batch
//! ```
//! A [`Pipeline`] holds the index's writer lock from [`Pipeline::open`] to
//! [`Pipeline::finish`]; each [`Pipeline::run`] takes one batch of [`Source`]s
//! (paths, stdin, articles already in memory) and returns its [`Summary`]. The
//! `ingest` command runs one batch; `watch`, `follow` and the server run many.
//!
//! Unchanged articles are recognised by content hash and never analysed. An
//! article's delete and adds happen under a read lock that a commit must wait
//! for, so every commit holds whole articles only. A stop request (Ctrl-C)
//! stops reading; what was read is finished and committed.

mod feeder;
mod in_flight;
pub mod ledger;
mod pipeline;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::article::walk::Filter;
use crate::article::{Article, ArticleId, InputError, ReadOptions};
use crate::error::Result;
use crate::index::Index;
use crate::index::writer::WriterOptions;

pub use in_flight::MAX_BYTES_IN_FLIGHT;
pub use pipeline::Pipeline;

/// Settings of an ingest run.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// The tantivy writer's settings.
    pub writer: WriterOptions,
    /// Analysis threads.
    pub analysis_threads: usize,
    /// Commit at least this often, so an interrupted ingest keeps most of its work.
    pub commit_every: Duration,
    /// How input files are decoded.
    pub read: ReadOptions,
    /// Which files below a folder are skipped.
    pub filter: Filter,
    /// Skip a file whose size and modification time (or content hash) are those the file
    /// ledger recorded, without reading it (`watch` reconciling after a restart).
    pub skip_unchanged_files: bool,
    /// Leave files modified less than this long ago for later ([`Summary::deferred`]): they
    /// may still be being written (`watch`).
    pub min_age: Option<Duration>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        IngestOptions {
            writer: WriterOptions::default(),
            analysis_threads: cores,
            commit_every: Duration::from_secs(30),
            read: ReadOptions::default(),
            filter: Filter::default(),
            skip_unchanged_files: false,
            min_age: None,
        }
    }
}

/// Where articles come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file or a folder (walked with the options' filter); `-` is stdin.
    Path(PathBuf),
    /// An article already in memory (a feed entry, an HTTP request body).
    Article(Box<Article>),
}

/// An article that repeats another's content.
#[derive(Clone, Debug)]
pub struct Duplicate {
    /// Where the repeat came from.
    pub origin: String,
    /// Its own id.
    pub id: ArticleId,
    /// The id under which the content is indexed.
    pub of: ArticleId,
}

/// An article indexed with a caveat: its date could not be read, so it is undated.
#[derive(Clone, Debug)]
pub struct DateWarning {
    /// Where it came from.
    pub origin: String,
    /// 1-based line of a JSON Lines input.
    pub line: Option<usize>,
    /// The article's id.
    pub id: ArticleId,
    /// The date text as given.
    pub date: String,
}

/// What an ingest did. `seen = added + replaced + unchanged + duplicates + rejected`.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Inputs seen: articles read plus inputs rejected.
    pub seen: u64,
    /// New articles indexed.
    pub added: u64,
    /// Articles whose content changed, re-indexed.
    pub replaced: u64,
    /// Articles already indexed with the same content.
    pub unchanged: u64,
    /// Articles whose content is indexed under another id.
    pub duplicates: Vec<Duplicate>,
    /// Inputs rejected, with reasons.
    pub rejected: Vec<InputError>,
    /// Articles indexed undated because their date could not be read.
    pub date_warnings: Vec<DateWarning>,
    /// Articles removed (their file no longer holds them, or `--prune` found it gone).
    pub removed: u64,
    /// Files left unread because they changed too recently (see [`IngestOptions::min_age`]).
    pub deferred: Vec<PathBuf>,
    /// Paragraphs indexed by this run.
    pub paragraphs: u64,
    /// Bytes of paragraph text indexed by this run.
    pub bytes: u64,
    /// Words analysed by this run.
    pub words: u64,
    /// Wall time.
    pub seconds: f64,
    /// True when a stop request ended the run early.
    pub interrupted: bool,
}

/// Callbacks for a progress display; the core itself never prints.
pub trait Progress: Sync {
    /// Input files found: `n`.
    fn files(&self, _n: u64) {}
    /// One more input file read.
    fn file_done(&self) {}
    /// An input was rejected.
    fn rejected(&self, _e: &InputError) {}
    /// A commit made `articles` articles of this run durable so far.
    fn committed(&self, _articles: u64) {}
}

/// A progress sink that shows nothing.
pub struct Quiet;
impl Progress for Quiet {}

/// Ingest `paths` into `index` in one batch. Bad inputs are collected in the summary, not
/// returned as errors; an error means the index itself could not be written (busy, disk full).
pub fn ingest(
    index: &Index,
    paths: &[PathBuf],
    opts: &IngestOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<Summary> {
    let mut pipeline = Pipeline::open(index, opts.clone())?;
    let sources = paths.iter().cloned().map(Source::Path).collect();
    let sum = pipeline.run(sources, progress, stop)?;
    pipeline.finish()?;
    Ok(sum)
}

/// Ingest one input held in memory (`format`: as a file name would imply it, None to guess
/// from the content), with the same accounting and rejections as [`ingest`]; `name` names
/// the input in rejections. For `whosaid serve`'s `POST /api/articles`.
pub fn ingest_bytes(
    index: &Index,
    bytes: &[u8],
    format: Option<crate::article::read::Format>,
    name: &str,
    opts: &IngestOptions,
    stop: &AtomicBool,
) -> Result<Summary> {
    let mut articles = Vec::new();
    let mut rejected = Vec::new();
    let read =
        crate::article::Reader::read_bytes(bytes, format, name, opts.read, &mut |a| match a {
            Ok(a) => articles.push(a),
            Err(e) => rejected.push(e),
        });
    if let Err(e) = read {
        rejected.push(e);
    }
    let mut sum = ingest_articles(index, articles, opts, stop)?;
    sum.seen += rejected.len() as u64;
    rejected.append(&mut sum.rejected);
    sum.rejected = rejected;
    Ok(sum)
}

/// Ingest articles already in memory (an HTTP request's body, feed entries) in one batch,
/// as [`ingest`] does paths.
pub fn ingest_articles(
    index: &Index,
    articles: Vec<Article>,
    opts: &IngestOptions,
    stop: &AtomicBool,
) -> Result<Summary> {
    let mut pipeline = Pipeline::open(index, opts.clone())?;
    let sources = articles.into_iter().map(|a| Source::Article(Box::new(a))).collect();
    let sum = pipeline.run(sources, &Quiet, stop)?;
    pipeline.finish()?;
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Reader;
    use crate::article::read::Format;
    use crate::index::search::{SearchRequest, Searcher};

    fn article(id: &str, text: &str) -> Article {
        let mut got = None;
        let json = serde_json::json!({"id": id, "text": text}).to_string();
        Reader::read_bytes(
            json.as_bytes(),
            Some(Format::Json),
            "-",
            ReadOptions::default(),
            &mut |a| got = a.ok(),
        )
        .unwrap();
        got.unwrap()
    }

    #[test]
    fn in_memory_articles_go_through_the_pipeline_and_repeats_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        let stop = AtomicBool::new(false);
        let opts = IngestOptions { analysis_threads: 1, ..IngestOptions::default() };
        let batch = vec![
            article("a", "The ferry sailed at dawn."),
            article("a", "A second text under the same id."),
            article("b", "The walrus slept."),
        ];
        let sum = ingest_articles(&index, batch, &opts, &stop).unwrap();
        assert_eq!((sum.added, sum.rejected.len()), (2, 1));
        let again =
            ingest_articles(&index, vec![article("a", "The ferry sailed at dawn.")], &opts, &stop);
        assert_eq!(again.unwrap().unchanged, 1);
        let s = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        let req = SearchRequest { text: "ferry".into(), limit: 10, ..SearchRequest::default() };
        assert_eq!(s.search(&req).unwrap().total, 1);
    }

    /// Every writer that finishes leaves the name counts of its last commit beside the index
    /// (without them each query process recounts every paragraph's names), also one that
    /// drives the pipeline itself as `whosaid ingest` and `delete` do.
    #[test]
    fn a_finished_pipeline_leaves_the_name_counts_of_its_segments() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        let opts = IngestOptions { analysis_threads: 1, ..IngestOptions::default() };
        let text = "\u{201c}We sail at dawn,\u{201d} said Anna Berg in Oslo.";
        let mut pipeline = Pipeline::open(&index, opts.clone()).unwrap();
        let batch = vec![Source::Article(Box::new(article("a", text)))];
        pipeline.run(batch, &Quiet, &AtomicBool::new(false)).unwrap();
        pipeline.finish().unwrap();
        let segments =
            crate::index::segment_who::segment_keys(&index.inner.reader().unwrap().searcher());
        let raw = crate::index::names::read_cache(dir.path(), &segments).expect("counts cached");
        assert!(raw.iter().any(|(w, n)| *n == 1 && format!("{w:?}").contains("Anna Berg")));
        let mut pipeline = Pipeline::open(&index, opts).unwrap();
        assert!(pipeline.delete(&[ArticleId("a".into())]).is_empty());
        pipeline.commit().unwrap();
        pipeline.finish().unwrap();
        let segments =
            crate::index::segment_who::segment_keys(&index.inner.reader().unwrap().searcher());
        let raw = crate::index::names::read_cache(dir.path(), &segments).expect("counts cached");
        assert!(raw.is_empty(), "{raw:?}");
    }
}
