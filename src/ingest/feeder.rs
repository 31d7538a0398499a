//! The feeder: walks and reads the sources of a batch, plans each article against the
//! catalog, and hands the ones to index to the analysis workers.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::Sender;

use super::in_flight::InFlight;
use super::ledger::{FileEntry, Ledger, Stamp, file_hash};
use super::{DateWarning, Duplicate, IngestOptions, Progress, Source, Summary};
use crate::article::walk::walk;
use crate::article::{Article, ArticleId, InputError, Reader};
use crate::error::Error;
use crate::index::writer::{Catalog, Plan};

/// An article to analyse and index.
pub(super) struct Work {
    pub article: Article,
    pub hash: u64,
    /// Whitespace-separated words of its paragraphs, counted with the hash.
    pub words: usize,
    pub replace: bool,
}

/// The feeder's view of one batch.
pub(super) struct Feeder<'a> {
    pub catalog: &'a mut Catalog,
    pub ledger: &'a mut Ledger,
    pub opts: &'a IngestOptions,
    pub progress: &'a dyn Progress,
    pub stop: &'a AtomicBool,
    /// Set when indexing failed: reading more is pointless.
    pub failure: &'a OnceLock<Error>,
    pub in_flight: &'a InFlight,
    pub tx: Sender<Work>,
    pub sum: Summary,
    /// Ids read in this batch, with where they came from: a repeat is reported, not indexed.
    pub batch: HashMap<ArticleId, String>,
    /// Ids a file of this batch used to give and no longer does: removed after the batch.
    pub stale: Vec<ArticleId>,
}

impl Feeder<'_> {
    /// Read every source, then close the channel to the workers.
    pub fn feed(mut self, sources: Vec<Source>) -> (Summary, Vec<ArticleId>) {
        let mut paths = Vec::new();
        let mut articles = Vec::new();
        for s in sources {
            match s {
                Source::Path(p) => paths.push(p),
                Source::Article(a) => articles.push(a),
            }
        }
        let (files, errors) = walk(&paths, &self.opts.filter);
        self.progress.files(files.len() as u64);
        for e in errors {
            self.reject(e);
        }
        for a in articles {
            if self.stopping() {
                break;
            }
            self.article(Ok(*a));
        }
        let mut read = HashSet::new();
        for path in files {
            if self.stopping() {
                break;
            }
            if path.as_os_str() == "-" {
                if let Err(e) = Reader::read_with(&path, self.opts.read, &mut |a| {
                    self.article(a);
                }) {
                    self.reject(e);
                }
            } else {
                let key = Ledger::key(&path);
                // `ingest dir dir/a.txt` names a file twice: it is read once.
                if read.insert(key.clone()) {
                    self.file(&path, key);
                }
            }
            self.progress.file_done();
        }
        (self.sum, self.stale)
    }

    fn stopping(&mut self) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            self.sum.interrupted = true;
        }
        self.sum.interrupted || self.failure.get().is_some()
    }

    fn reject(&mut self, e: InputError) {
        self.progress.rejected(&e);
        self.sum.rejected.push(e);
    }

    /// Read one file, recording in the ledger which ids it gave.
    fn file(&mut self, path: &Path, key: String) {
        let stamp = Stamp::of(path);
        if let (Some(min_age), Some(s)) = (self.opts.min_age, stamp)
            && s.age() < min_age
        {
            self.sum.deferred.push(path.to_path_buf());
            return;
        }
        let known = self.ledger.get(&key).cloned();
        let mut hash = None;
        if self.opts.skip_unchanged_files
            && let (Some(s), Some(k)) = (stamp, &known)
        {
            let same_stamp = s.len == k.len && s.mtime_ns == k.mtime_ns;
            hash = if same_stamp { Some(k.hash) } else { file_hash(path) };
            if hash == Some(k.hash) {
                self.sum.unchanged += k.ids.len() as u64;
                if !same_stamp {
                    self.ledger
                        .set(key, FileEntry { len: s.len, mtime_ns: s.mtime_ns, ..k.clone() });
                }
                return;
            }
        }
        let mut ids = Vec::new();
        let result = Reader::read_with(path, self.opts.read, &mut |a| {
            if let Some(id) = self.article(a) {
                ids.push(id);
            }
        });
        if let Err(e) = result {
            self.reject(e);
            return;
        }
        if let Some(k) = known {
            self.stale.extend(
                k.ids
                    .into_iter()
                    .filter(|id| !ids.contains(id) && !self.ledger.claimed_elsewhere(id, &key)),
            );
        }
        let (Some(stamp), Some(hash)) = (stamp, hash.or_else(|| file_hash(path))) else { return };
        self.ledger.set(key, FileEntry { len: stamp.len, mtime_ns: stamp.mtime_ns, hash, ids });
    }

    /// Plan one article; returns its id when the index holds it under that id afterwards.
    fn article(&mut self, item: Result<Article, InputError>) -> Option<ArticleId> {
        let article = match item.and_then(check_article) {
            Ok(a) => a,
            Err(e) => {
                self.reject(e);
                return None;
            }
        };
        if let Some(first) = self.batch.get(&article.id) {
            let e = InputError {
                path: article.origin.clone(),
                line: article.line,
                reason: format!(
                    "id {:?} repeats the id of an article read before it in this ingest (from {first}); \
                     the first one is kept",
                    article.id.as_str()
                ),
            };
            self.reject(e);
            return None;
        }
        self.batch.insert(article.id.clone(), article.origin.clone());
        let (hash, words) = article.content_hash_and_words();
        let id = article.id.clone();
        match self.catalog.plan(&article.id, hash) {
            Plan::Unchanged => self.sum.unchanged += 1,
            Plan::Duplicate(of) => {
                self.sum.duplicates.push(Duplicate {
                    origin: article.origin.clone(),
                    id: article.id.clone(),
                    of,
                });
                return None;
            }
            plan => {
                let replace = plan == Plan::Replace;
                if replace {
                    self.sum.replaced += 1;
                } else {
                    self.sum.added += 1;
                }
                if let Some(date) = &article.unread_date {
                    self.sum.date_warnings.push(DateWarning {
                        origin: article.origin.clone(),
                        line: article.line,
                        id: article.id.clone(),
                        date: date.clone(),
                    });
                }
                // Bounded in bytes as well as in articles: a folder of huge files
                // must not be read far ahead of the analysis.
                self.in_flight.reserve(article.text.len() as u64);
                // A send fails only when every worker is gone (after a write failure).
                let _ = self.tx.send(super::feeder::Work { article, hash, words, replace });
            }
        }
        Some(id)
    }
}

/// An article must have some text to be worth indexing.
fn check_article(a: Article) -> Result<Article, InputError> {
    if a.paragraphs.is_empty() {
        return Err(InputError {
            path: a.origin,
            line: a.line,
            reason: "no text: the article has no paragraphs".into(),
        });
    }
    Ok(a)
}
