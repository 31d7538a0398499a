//! Keeping an index in step with folders: an initial reconcile, then file-system events.
//!
//! Events are debounced: a path is handled only once it has had no event for the settle
//! time, so a file still being written is not read half-way (a writer that pauses longer
//! than that should write elsewhere and rename into place). Paths that settled together
//! go through the [`Pipeline`] as one batch and one commit, at most [`MAX_BATCH`] at a time.
//! When the kernel's event queue overflows (a burst larger than it holds), the folders are
//! reconciled again: files whose size, time and hash the ledger knows are not re-read, so
//! nothing is lost and nothing is analysed twice.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{RecvTimeoutError, unbounded};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::error::{Error, Result};
use crate::index::Index;
use crate::ingest::{IngestOptions, Pipeline, Progress, Source, Summary};

/// Most paths handed to the pipeline in one batch (one commit each).
pub const MAX_BATCH: usize = 2_000;

/// How often the loop looks at the stop flag while no event comes.
const POLL: Duration = Duration::from_millis(100);

/// What one batch did.
#[derive(Debug, Default)]
pub struct Batch {
    /// The pipeline's summary of the files read.
    pub summary: Summary,
    /// Articles removed because their files were deleted or moved away.
    pub removed: usize,
    /// True for a full reconcile (the start, or after the event queue overflowed).
    pub reconcile: bool,
}

/// Where the watcher reports; the core never prints.
pub trait WatchReport: Progress {
    /// A batch was committed (the index's readers see it from now on).
    fn batch(&self, _b: &Batch) {}
    /// The watcher could not read some events (it reconciles next).
    fn trouble(&self, _what: &str) {}
}

/// Watch `roots` until `stop` is set, keeping the index in step with them. Holds the
/// index's writer lock the whole time.
pub fn watch(
    index: &Index,
    roots: &[PathBuf],
    mut opts: IngestOptions,
    settle: Duration,
    report: &dyn WatchReport,
    stop: &AtomicBool,
) -> Result<()> {
    let roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| r.canonicalize().map_err(|source| Error::Io { path: r.clone(), source }))
        .collect::<Result<_>>()?;
    let index_dir = index.dir.canonicalize().unwrap_or_else(|_| index.dir.clone());
    opts.skip_unchanged_files = true;
    // The walk of a reconcile sees files without waiting for events: one written moments ago
    // may still be growing, so it waits its turn like an event would.
    opts.min_age = Some(settle);
    let mut pipeline = Pipeline::open(index, opts)?;
    // Files too fresh to read yet, and when to look at them again.
    let mut later: Vec<PathBuf> = Vec::new();
    let mut due = Instant::now();

    // Watch first, then reconcile: a change made during the initial pass is not missed.
    let (tx, rx) = unbounded::<DebounceEventResult>();
    let mut debouncer = new_debouncer(settle, None, move |r: DebounceEventResult| {
        let _ = tx.send(r);
    })
    .map_err(watch_error)?;
    for r in &roots {
        debouncer.watch(r, RecursiveMode::Recursive).map_err(watch_error)?;
    }
    later.extend(reconcile(&mut pipeline, &roots, report, stop)?);

    while !stop.load(Ordering::Relaxed) {
        if !later.is_empty() && Instant::now() >= due {
            let paths = std::mem::take(&mut later);
            later = apply(&mut pipeline, &paths, report, stop)?;
        }
        if !later.is_empty() && due <= Instant::now() {
            due = Instant::now() + settle;
        }
        let first = match rx.recv_timeout(POLL) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut paths = BTreeSet::new();
        let mut rescan = false;
        for result in std::iter::once(first).chain(rx.try_iter()) {
            match result {
                Ok(events) => {
                    for e in events {
                        rescan |= e.need_rescan();
                        if matches!(e.kind, EventKind::Access(_)) {
                            continue;
                        }
                        paths.extend(e.event.paths.iter().cloned());
                    }
                }
                Err(errors) => {
                    let what: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                    report.trouble(&what.join("; "));
                    rescan = true;
                }
            }
        }
        if rescan {
            later.extend(reconcile(&mut pipeline, &roots, report, stop)?);
            continue;
        }
        let paths: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| !p.starts_with(&index_dir) && !excluded(&pipeline, &roots, p))
            .collect();
        for chunk in paths.chunks(MAX_BATCH) {
            later.extend(apply(&mut pipeline, chunk, report, stop)?);
        }
    }
    drop(debouncer);
    pipeline.finish()
}

/// True when `path` is below a root and excluded there (or in an excluded folder).
fn excluded(pipeline: &Pipeline, roots: &[PathBuf], path: &Path) -> bool {
    let filter = &pipeline.options().filter;
    roots.iter().any(|r| path.starts_with(r) && filter.excludes_below(r, path))
}

/// Index what exists among `paths` and forget what is gone, in one commit; returns the
/// files too fresh to read yet.
fn apply(
    pipeline: &mut Pipeline,
    paths: &[PathBuf],
    report: &dyn WatchReport,
    stop: &AtomicBool,
) -> Result<Vec<PathBuf>> {
    let mut removed = 0;
    let mut sources = Vec::new();
    for p in paths {
        if p.exists() {
            sources.push(Source::Path(p.clone()));
        } else {
            removed += pipeline.forget_files(p);
        }
    }
    let mut summary = pipeline.run(sources, report, stop)?;
    let later = std::mem::take(&mut summary.deferred);
    report.batch(&Batch { summary, removed, reconcile: false });
    Ok(later)
}

/// Read every file below the roots whose stamp or hash changed, and forget the files
/// below them that are gone; returns the files too fresh to read yet.
fn reconcile(
    pipeline: &mut Pipeline,
    roots: &[PathBuf],
    report: &dyn WatchReport,
    stop: &AtomicBool,
) -> Result<Vec<PathBuf>> {
    let sources = roots.iter().cloned().map(Source::Path).collect();
    let mut summary = pipeline.run(sources, report, stop)?;
    let later = std::mem::take(&mut summary.deferred);
    let mut removed = 0;
    let filter = pipeline.options().filter.clone();
    for key in pipeline.known_files() {
        let path = Path::new(&key);
        let Some(root) = roots.iter().find(|r| path.starts_with(r)) else { continue };
        // Gone, or now excluded (an --exclude added since the last run).
        if !path.is_file() || filter.excludes_below(root, path) {
            removed += pipeline.forget_files(path);
        }
    }
    pipeline.commit()?;
    report.batch(&Batch { summary, removed, reconcile: true });
    Ok(later)
}

fn watch_error(e: notify_debouncer_full::notify::Error) -> Error {
    let path = e.paths.first().cloned().unwrap_or_default();
    Error::Io { path, source: std::io::Error::other(e.to_string()) }
}
