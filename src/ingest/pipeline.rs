//! [`Pipeline`]: the index's one writer, fed batch after batch.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, bounded};

use super::feeder::{Feeder, Work};
use super::in_flight::InFlight;
use super::ledger::Ledger;
use super::{IngestOptions, Progress, Source, Summary};
use crate::analysis::analyze;
use crate::article::ArticleId;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::index::writer::{Catalog, Writer};

/// The ingest pipeline of one index: holds its writer lock until [`Pipeline::finish`] (or
/// drop, which rolls back what was not committed).
pub struct Pipeline {
    opts: IngestOptions,
    writer: RwLock<Writer>,
    catalog: Catalog,
    ledger: Ledger,
    /// The index and its folder, for the name counts written at [`Pipeline::finish`].
    index: (tantivy::Index, PathBuf),
}

/// What the analysis workers count while a batch runs.
#[derive(Default)]
struct Counts {
    paragraphs: AtomicU64,
    bytes: AtomicU64,
    words: AtomicU64,
    indexed: AtomicU64,
}

/// State the workers and the feeder share during one batch.
struct Shared<'a> {
    writer: &'a RwLock<Writer>,
    counts: Counts,
    /// The first write failure; once set, the batch stops.
    failure: OnceLock<Error>,
    in_flight: InFlight,
}

impl Pipeline {
    /// Take the index's writer lock and load what it holds ([`Error::IndexBusy`] when
    /// another process writes it).
    pub fn open(index: &Index, opts: IngestOptions) -> Result<Pipeline> {
        let writer = RwLock::new(Writer::open(index, opts.writer)?);
        let catalog = Catalog::load(index)?;
        let ledger = Ledger::load(&index.dir);
        let index = (index.inner.clone(), index.dir.clone());
        Ok(Pipeline { opts, writer, catalog, ledger, index })
    }

    /// The options the pipeline runs with.
    pub fn options(&self) -> &IngestOptions {
        &self.opts
    }

    /// Read, analyse and index one batch of sources, then commit. Bad inputs are collected
    /// in the summary; an error means the index could not be written.
    pub fn run(
        &mut self,
        sources: Vec<Source>,
        progress: &dyn Progress,
        stop: &AtomicBool,
    ) -> Result<Summary> {
        let started = Instant::now();
        let shared = Shared {
            writer: &self.writer,
            counts: Counts::default(),
            failure: OnceLock::new(),
            in_flight: InFlight::default(),
        };
        let workers = self.opts.analysis_threads.max(1);
        let (tx, rx) = bounded::<Work>(workers * 16);
        let (done_tx, done_rx) = bounded::<()>(1);
        let opts = &self.opts;
        let (catalog, ledger) = (&mut self.catalog, &mut self.ledger);
        let (mut sum, stale) = std::thread::scope(|s| -> Result<_> {
            for _ in 0..workers {
                let (rx, done_tx, shared) = (rx.clone(), done_tx.clone(), &shared);
                s.spawn(move || {
                    shared.work(rx);
                    drop(done_tx);
                });
            }
            drop(rx);
            drop(done_tx);
            let feeder = Feeder {
                catalog,
                ledger,
                opts,
                progress,
                stop,
                failure: &shared.failure,
                in_flight: &shared.in_flight,
                tx,
                sum: Summary::default(),
                batch: HashMap::new(),
                stale: Vec::new(),
            };
            let reader = s.spawn(move || feeder.feed(sources));
            // Commit on a timer until the workers are done.
            let mut last_commit = Instant::now();
            while let Err(RecvTimeoutError::Timeout) =
                done_rx.recv_timeout(Duration::from_millis(100))
            {
                if last_commit.elapsed() >= opts.commit_every {
                    shared.writer.write().unwrap_or_else(|p| p.into_inner()).commit()?;
                    progress.committed(shared.counts.indexed.load(Ordering::Relaxed));
                    last_commit = Instant::now();
                }
            }
            Ok(reader.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        })?;
        let Shared { counts, failure, .. } = shared;
        if let Some(e) = failure.into_inner() {
            // Whatever was committed before the failure stays; the rest is rolled back when
            // the pipeline is dropped.
            return Err(e);
        }
        sum.removed += self.remove(&stale) as u64;
        self.commit()?;
        progress.committed(counts.indexed.load(Ordering::Relaxed));
        let c = counts;
        sum.paragraphs = c.paragraphs.into_inner();
        sum.bytes = c.bytes.into_inner();
        sum.words = c.words.into_inner();
        sum.seen = sum.added
            + sum.replaced
            + sum.unchanged
            + sum.duplicates.len() as u64
            + sum.rejected.len() as u64;
        sum.seconds = started.elapsed().as_secs_f64();
        Ok(sum)
    }

    /// Delete the articles with these ids (uncommitted until [`Pipeline::commit`]); returns
    /// the ids the index does not hold.
    pub fn delete(&mut self, ids: &[ArticleId]) -> Vec<ArticleId> {
        let (known, unknown): (Vec<ArticleId>, Vec<ArticleId>) =
            ids.iter().cloned().partition(|id| self.catalog.contains(id));
        self.remove(&known);
        unknown
    }

    /// Delete the articles that the files at or below `path` gave (a file or folder that was
    /// deleted or moved away); returns how many were removed.
    pub fn forget_files(&mut self, path: &Path) -> usize {
        let key = Ledger::key(path);
        let mut ids = Vec::new();
        for k in self.ledger.at_or_below(&key) {
            if let Some(e) = self.ledger.remove(&k) {
                ids.extend(e.ids.into_iter().filter(|id| !self.ledger.claimed_elsewhere(id, &k)));
            }
        }
        self.remove(&ids)
    }

    /// Files the ledger knows whose path no longer exists.
    pub fn missing_files(&self) -> Vec<String> {
        self.ledger.keys().filter(|k| !Path::new(k.as_str()).exists()).cloned().collect()
    }

    /// Files the ledger knows.
    pub fn known_files(&self) -> Vec<String> {
        self.ledger.keys().cloned().collect()
    }

    /// Articles whose id is the absolute path of a file that no longer exists (ingested
    /// before the ledger kept track, or from a file the ledger lost).
    pub fn missing_path_ids(&self) -> Vec<ArticleId> {
        self.catalog
            .ids()
            .filter(|id| id.as_str().starts_with('/') && !Path::new(id.as_str()).exists())
            .cloned()
            .collect()
    }

    /// Remove the articles of files that are gone: those the ledger knows, and those whose
    /// id is the absolute path of a missing file. Returns how many were removed.
    pub fn prune(&mut self) -> usize {
        let mut n = 0;
        for key in self.missing_files() {
            n += self.forget_files(Path::new(&key));
        }
        let ids = self.missing_path_ids();
        n + self.remove(&ids)
    }

    /// The articles `given` names: an id the index holds, or the path (relative to the
    /// current folder, or absolute) of an ingested file, whose articles it names.
    pub fn resolve(&self, given: &str) -> Vec<ArticleId> {
        let id = ArticleId(given.to_string());
        if self.catalog.contains(&id) {
            return vec![id];
        }
        let path = Path::new(given);
        let key = Ledger::key(path);
        let as_path = ArticleId(key.clone());
        if self.catalog.contains(&as_path) {
            return vec![as_path];
        }
        self.ledger.get(&key).map(|e| e.ids.clone()).unwrap_or_default()
    }

    fn remove(&mut self, ids: &[ArticleId]) -> usize {
        let writer = self.writer.get_mut().unwrap_or_else(|p| p.into_inner());
        let mut n = 0;
        for id in ids {
            if self.catalog.remove(id) {
                writer.delete(id);
                n += 1;
            }
            self.ledger.forget_id(id);
        }
        n
    }

    /// Make everything done so far durable and visible to readers, then save the ledger.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.get_mut().unwrap_or_else(|p| p.into_inner()).commit()?;
        self.ledger.save()
    }

    /// Commit, merge what this pipeline added, wait for merges, release the lock, and write
    /// the name counts of the final segments beside the index. Every writer (ingest, delete,
    /// watch, follow, the server) ends here, so the next reader finds the counts instead of
    /// recounting every paragraph's names (at N = 40, nine tenths of a one-shot query).
    pub fn finish(mut self) -> Result<()> {
        // The ledger goes after the commit: it must never be ahead of the index.
        let writer = self.writer.into_inner().unwrap_or_else(|p| p.into_inner());
        writer.finish()?;
        self.ledger.save()?;
        crate::index::names::refresh_cache(&self.index.0, &self.index.1)
    }
}

impl Shared<'_> {
    /// An analysis worker: analyse and index articles until the channel closes.
    fn work(&self, rx: Receiver<Work>) {
        let _alive = self.in_flight.worker();
        for w in rx {
            let _release = self.in_flight.hold(w.article.text.len() as u64);
            if self.failure.get().is_some() {
                continue;
            }
            let analysis = analyze(&w.article);
            let guard = self.writer.read().unwrap_or_else(|p| p.into_inner());
            match guard.put(&w.article, &analysis, w.hash, w.replace) {
                Ok(()) => {
                    let c = &self.counts;
                    c.paragraphs.fetch_add(w.article.paragraphs.len() as u64, Ordering::Relaxed);
                    let b: usize = w.article.paragraphs.iter().map(|p| p.len()).sum();
                    c.bytes.fetch_add(b as u64, Ordering::Relaxed);
                    c.words.fetch_add(w.words as u64, Ordering::Relaxed);
                    c.indexed.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => {
                    let _ = self.failure.set(e);
                }
            }
        }
    }
}
