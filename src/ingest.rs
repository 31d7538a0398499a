//! The ingest pipeline: files -> articles -> analysis -> index, on all cores.
//!
//! ```text
//! reader thread ──(bounded)──> analysis workers ──> tantivy writer threads
//!   walk, read, hash, plan        analyze, build docs        (tantivy's own pool)
//! main thread: commits every few seconds, then once at the end, and waits for merges
//! ```
//! Unchanged articles are recognised by content hash and never analysed. An
//! article's delete and adds happen under a read lock that a commit must wait
//! for, so every commit holds whole articles only. A stop request (Ctrl-C)
//! stops reading; what was read is finished and committed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crossbeam_channel::{RecvTimeoutError, bounded};

use crate::analysis::analyze;
use crate::article::read::Format;
use crate::article::{Article, ArticleId, InputError, ReadOptions, Reader};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::index::writer::{Catalog, Plan, Writer, WriterOptions};

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
}

impl Default for IngestOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        IngestOptions {
            writer: WriterOptions::default(),
            analysis_threads: cores,
            commit_every: Duration::from_secs(30),
            read: ReadOptions::default(),
        }
    }
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

struct Work {
    article: Article,
    hash: u64,
    replace: bool,
}

/// Where an ingest reads its articles.
#[derive(Clone, Copy)]
enum Inputs<'a> {
    /// Files and folders (recursively), `-` for stdin.
    Paths(&'a [PathBuf]),
    /// One input already in memory (an HTTP request's body), shown in errors as `name`.
    Bytes { bytes: &'a [u8], format: Option<Format>, name: &'a str },
}

/// Ingest `paths` into `index`. Bad inputs are collected in the summary, not returned as errors;
/// an error means the index itself could not be written (busy, disk full).
pub fn ingest(
    index: &Index,
    paths: &[PathBuf],
    opts: &IngestOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<Summary> {
    run(index, Inputs::Paths(paths), opts, progress, stop)
}

/// Ingest one input held in memory (`format`: as a file name would imply it, None to guess
/// from the content), with the same accounting and rejections as [`ingest`]; `name` names
/// the input in rejections. For `whosaid serve`'s `POST /api/articles`.
pub fn ingest_bytes(
    index: &Index,
    bytes: &[u8],
    format: Option<Format>,
    name: &str,
    opts: &IngestOptions,
    stop: &AtomicBool,
) -> Result<Summary> {
    run(index, Inputs::Bytes { bytes, format, name }, opts, &Quiet, stop)
}

fn run(
    index: &Index,
    inputs: Inputs<'_>,
    opts: &IngestOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<Summary> {
    let started = Instant::now();
    let writer = RwLock::new(Writer::open(index, opts.writer)?);
    let mut catalog = Catalog::load(index)?;
    let paragraphs = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let words = AtomicU64::new(0);
    let indexed = AtomicU64::new(0);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let failed = AtomicBool::new(false);
    let workers = opts.analysis_threads.max(1);
    let (tx, rx) = bounded::<Work>(workers * 16);
    let in_flight = InFlight::default();
    let (done_tx, done_rx) = bounded::<()>(1);

    let counts = std::thread::scope(|s| -> Result<Summary> {
        for _ in 0..workers {
            let rx = rx.clone();
            let done_tx = done_tx.clone();
            let (writer, paragraphs, bytes, words, indexed, failure, failed, in_flight) =
                (&writer, &paragraphs, &bytes, &words, &indexed, &failure, &failed, &in_flight);
            let alive = in_flight.worker();
            s.spawn(move || {
                let _alive = alive;
                for w in rx {
                    let _release = in_flight.hold(w.article.text.len() as u64);
                    if failed.load(Ordering::Relaxed) {
                        continue;
                    }
                    let analysis = analyze(&w.article);
                    let guard = writer.read().unwrap_or_else(|p| p.into_inner());
                    match guard.put(&w.article, &analysis, w.hash, w.replace) {
                        Ok(()) => {
                            paragraphs
                                .fetch_add(w.article.paragraphs.len() as u64, Ordering::Relaxed);
                            let b: usize = w.article.paragraphs.iter().map(|p| p.len()).sum();
                            bytes.fetch_add(b as u64, Ordering::Relaxed);
                            words.fetch_add(w.article.word_count() as u64, Ordering::Relaxed);
                            indexed.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            failure.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                        }
                    }
                }
                drop(done_tx);
            });
        }
        drop(rx);
        drop(done_tx);

        let reader = s.spawn(|| {
            let mut sum = Summary::default();
            let files = match inputs {
                Inputs::Paths(paths) => {
                    let (files, errors) = Reader::discover(paths);
                    for e in errors {
                        progress.rejected(&e);
                        sum.rejected.push(e);
                    }
                    files.into_iter().map(Some).collect()
                }
                Inputs::Bytes { .. } => vec![None],
            };
            progress.files(files.len() as u64);
            for path in files {
                if stop.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
                    sum.interrupted = stop.load(Ordering::Relaxed);
                    break;
                }
                let mut emit = |item: std::result::Result<Article, InputError>| {
                    let article = match item.and_then(check_article) {
                        Ok(a) => a,
                        Err(e) => {
                            progress.rejected(&e);
                            sum.rejected.push(e);
                            return;
                        }
                    };
                    let hash = article.content_hash();
                    match catalog.plan(&article.id, hash) {
                        Plan::Unchanged => sum.unchanged += 1,
                        Plan::Duplicate(of) => sum.duplicates.push(Duplicate {
                            origin: article.origin.clone(),
                            id: article.id.clone(),
                            of,
                        }),
                        plan => {
                            let replace = plan == Plan::Replace;
                            if replace {
                                sum.replaced += 1;
                            } else {
                                sum.added += 1;
                            }
                            // Bounded in bytes as well as in articles: a folder of huge files
                            // must not be read far ahead of the analysis.
                            in_flight.reserve(article.text.len() as u64);
                            // A send fails only when every worker is gone (after a write failure).
                            let _ = tx.send(Work { article, hash, replace });
                        }
                    }
                };
                let read = match (&path, inputs) {
                    (Some(path), _) => Reader::read_with(path, opts.read, &mut emit),
                    (None, Inputs::Bytes { bytes, format, name }) => {
                        Reader::read_bytes(bytes, format, name, opts.read, &mut emit)
                    }
                    (None, Inputs::Paths(_)) => Ok(()),
                };
                if let Err(e) = read {
                    progress.rejected(&e);
                    sum.rejected.push(e);
                }
                progress.file_done();
            }
            drop(tx);
            sum
        });

        // Commit on a timer until the workers are done.
        let mut last_commit = Instant::now();
        while let Err(RecvTimeoutError::Timeout) = done_rx.recv_timeout(Duration::from_millis(200))
        {
            if last_commit.elapsed() >= opts.commit_every {
                writer.write().unwrap_or_else(|p| p.into_inner()).commit()?;
                progress.committed(indexed.load(Ordering::Relaxed));
                last_commit = Instant::now();
            }
        }
        let sum = reader.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        Ok(sum)
    })?;
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        // Whatever was committed before the failure stays; the rest is rolled back by dropping the writer.
        return Err(e);
    }
    let writer = writer.into_inner().unwrap_or_else(|p| p.into_inner());
    writer.finish()?;
    progress.committed(indexed.load(Ordering::Relaxed));
    let mut sum = counts;
    sum.paragraphs = paragraphs.into_inner();
    sum.bytes = bytes.into_inner();
    sum.words = words.into_inner();
    sum.seen = sum.added
        + sum.replaced
        + sum.unchanged
        + sum.duplicates.len() as u64
        + sum.rejected.len() as u64;
    sum.seconds = started.elapsed().as_secs_f64();
    Ok(sum)
}

/// Article text read but not yet indexed, at most (plus one article larger than this alone).
pub const MAX_BYTES_IN_FLIGHT: u64 = 256 << 20;

/// Bytes of article text between the reader and the end of indexing: the reader reserves
/// before sending, a worker releases when done with the article.
#[derive(Default)]
struct InFlight {
    bytes: Mutex<u64>,
    freed: Condvar,
    /// Workers still running: with none left (a panic), nothing would ever be freed.
    workers: AtomicU64,
}

impl InFlight {
    /// Wait until `n` more bytes fit (or nothing is in flight), then count them.
    fn reserve(&self, n: u64) {
        let mut b = self.bytes.lock().unwrap_or_else(|p| p.into_inner());
        while *b > 0 && *b + n > MAX_BYTES_IN_FLIGHT && self.workers.load(Ordering::SeqCst) > 0 {
            b = self.freed.wait(b).unwrap_or_else(|p| p.into_inner());
        }
        *b += n;
    }

    /// Count a worker in until the returned guard drops (also when it unwinds).
    fn worker(&self) -> Release<'_> {
        self.workers.fetch_add(1, Ordering::SeqCst);
        Release(self, u64::MAX)
    }

    /// A guard that gives `n` bytes back when the worker is done with its article.
    fn hold(&self, n: u64) -> Release<'_> {
        Release(self, n)
    }
}

struct Release<'a>(&'a InFlight, u64);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        let mut b = self.0.bytes.lock().unwrap_or_else(|p| p.into_inner());
        if self.1 == u64::MAX {
            self.0.workers.fetch_sub(1, Ordering::SeqCst);
        } else {
            *b = b.saturating_sub(self.1);
        }
        self.0.freed.notify_all();
    }
}

/// An article must have some text to be worth indexing.
fn check_article(a: Article) -> std::result::Result<Article, InputError> {
    if a.paragraphs.is_empty() {
        return Err(InputError {
            path: a.origin,
            line: a.line,
            reason: "no text: the article has no paragraphs".into(),
        });
    }
    Ok(a)
}

#[cfg(test)]
mod in_flight_tests {
    use super::*;

    #[test]
    fn the_reader_waits_for_bytes_to_be_freed() {
        let f = InFlight::default();
        let _worker = f.worker();
        // One article larger than the whole budget still goes, alone.
        f.reserve(MAX_BYTES_IN_FLIGHT * 2);
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                f.reserve(1);
                done.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(50));
            assert!(!done.load(Ordering::SeqCst), "must wait while the budget is used");
            drop(f.hold(MAX_BYTES_IN_FLIGHT * 2));
        });
        assert!(done.load(Ordering::SeqCst));
    }

    #[test]
    fn no_wait_once_every_worker_is_gone() {
        let f = InFlight::default();
        f.reserve(MAX_BYTES_IN_FLIGHT);
        drop(f.worker());
        f.reserve(MAX_BYTES_IN_FLIGHT); // would block forever if it waited for a dead worker
    }
}
