//! The file ledger: which article ids each ingested file gave, with its size, modification
//! time and content hash, kept beside the index in `whosaid-files.json`.
//!
//! It lets `watch` reconcile after a restart without re-reading unchanged files, and lets a
//! deleted file's articles (`watch`, `ingest --prune`) be found again. It is written after a
//! commit, so it never names an article the index does not hold; a ledger that lags behind
//! the index (a kill between the two) only makes the next run read a few files again.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::article::ArticleId;
use crate::article::read::show_path;
use crate::error::{Error, Result};

/// The ledger's file name inside the index folder.
pub const LEDGER_FILE: &str = "whosaid-files.json";

/// What the ledger knows of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: u128,
    /// xxh3 of the file's bytes.
    pub hash: u64,
    /// The ids of the articles it gave that the index holds.
    pub ids: Vec<ArticleId>,
}

/// A file's size and modification time, read without opening it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: u128,
}

impl Stamp {
    /// The stamp of `path`; `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = fs::metadata(path).ok()?;
        let mtime_ns = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        Some(Stamp { len: m.len(), mtime_ns })
    }

    /// Time since the modification (zero for a time in the future).
    pub fn age(&self) -> std::time::Duration {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        std::time::Duration::from_nanos(
            now.saturating_sub(self.mtime_ns).min(u64::MAX as u128) as u64
        )
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    files: BTreeMap<String, FileEntry>,
}

/// Files -> their entries, keyed by canonical path.
pub struct Ledger {
    path: PathBuf,
    files: BTreeMap<String, FileEntry>,
    /// Article id -> the files that gave it (almost always one), so that deleting a folder
    /// of many files does not scan every entry for every id.
    owners: HashMap<ArticleId, Vec<String>>,
    dirty: bool,
}

impl Ledger {
    /// Load the ledger of the index in `dir` (empty when there is none or it is unreadable:
    /// it is a cache, and a missing entry only means a file is read again).
    pub fn load(dir: &Path) -> Ledger {
        let path = dir.join(LEDGER_FILE);
        let files = fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
            .map(|s| s.files)
            .unwrap_or_default();
        let mut l = Ledger { path, files: BTreeMap::new(), owners: HashMap::new(), dirty: false };
        for (k, e) in files {
            l.set(k, e);
        }
        l.dirty = false;
        l
    }

    /// The key of a file: its canonical path (as given when it no longer exists).
    pub fn key(path: &Path) -> String {
        show_path(&fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }

    /// The entry of a file.
    pub fn get(&self, key: &str) -> Option<&FileEntry> {
        self.files.get(key)
    }

    /// Record a file; returns its previous entry.
    pub fn set(&mut self, key: String, entry: FileEntry) -> Option<FileEntry> {
        self.dirty = true;
        for id in &entry.ids {
            self.owners.entry(id.clone()).or_default().push(key.clone());
        }
        let old = self.files.insert(key.clone(), entry);
        if let Some(o) = &old {
            self.disown(&o.ids, &key);
            // The new entry may repeat ids of the old one: they were disowned just now.
            for id in &self.files[&key].ids {
                let owners = self.owners.entry(id.clone()).or_default();
                if !owners.contains(&key) {
                    owners.push(key.clone());
                }
            }
        }
        old
    }

    /// Forget a file; returns its entry.
    pub fn remove(&mut self, key: &str) -> Option<FileEntry> {
        let e = self.files.remove(key)?;
        self.dirty = true;
        self.disown(&e.ids, key);
        Some(e)
    }

    fn disown(&mut self, ids: &[ArticleId], key: &str) {
        for id in ids {
            if let Some(owners) = self.owners.get_mut(id) {
                owners.retain(|k| k != key);
                if owners.is_empty() {
                    self.owners.remove(id);
                }
            }
        }
    }

    /// The files at or below `key` (a file, or a folder that was deleted or moved away).
    pub fn at_or_below(&self, key: &str) -> Vec<String> {
        let folder = format!("{}/", key.trim_end_matches('/'));
        self.files
            .range(key.to_string()..)
            .take_while(|(k, _)| k.as_str() == key || k.starts_with(&folder) || k.starts_with(key))
            .filter(|(k, _)| k.as_str() == key || k.starts_with(&folder))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Every file key.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// True when a file other than `except` gave article `id`.
    pub fn claimed_elsewhere(&self, id: &ArticleId, except: &str) -> bool {
        self.owners.get(id).is_some_and(|o| o.iter().any(|k| k != except))
    }

    /// Drop `id` from every entry (the article was deleted).
    pub fn forget_id(&mut self, id: &ArticleId) {
        for key in self.owners.remove(id).unwrap_or_default() {
            if let Some(e) = self.files.get_mut(&key) {
                e.ids.retain(|x| x != id);
                self.dirty = true;
            }
        }
    }

    /// Write the ledger if it changed (atomically: a temporary file renamed into place).
    pub fn save(&mut self) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let io = |source| Error::Io { path: self.path.clone(), source };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut tmp =
            tempfile::Builder::new().prefix(".tmp-ledger").tempfile_in(dir).map_err(io)?;
        let stored = StoredRef { files: &self.files };
        serde_json::to_writer(std::io::BufWriter::new(&mut tmp), &stored)
            .map_err(|e| io(std::io::Error::other(e)))?;
        tmp.persist(&self.path).map_err(|e| io(e.error))?;
        self.dirty = false;
        Ok(())
    }
}

#[derive(Serialize)]
struct StoredRef<'a> {
    files: &'a BTreeMap<String, FileEntry>,
}

/// xxh3 of a file's bytes; `None` when it cannot be read.
pub fn file_hash(path: &Path) -> Option<u64> {
    let bytes = fs::read(path).ok()?;
    Some(xxhash_rust::xxh3::xxh3_64(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> FileEntry {
        FileEntry { len: 1, mtime_ns: 2, hash: 3, ids: vec![ArticleId(id.into())] }
    }

    #[test]
    fn files_below_a_folder_and_not_its_siblings() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::load(dir.path());
        for k in ["/a/b", "/a/b/x.txt", "/a/b/y/z.txt", "/a/bc.txt", "/a/b.txt"] {
            l.set(k.into(), entry(k));
        }
        assert_eq!(l.at_or_below("/a/b"), vec!["/a/b", "/a/b/x.txt", "/a/b/y/z.txt"]);
        assert_eq!(l.at_or_below("/a/bc.txt"), vec!["/a/bc.txt"]);
        l.save().unwrap();
        let again = Ledger::load(dir.path());
        assert_eq!(again.get("/a/b.txt"), Some(&entry("/a/b.txt")));
        assert!(again.claimed_elsewhere(&ArticleId("/a/b".into()), "/x"));
        assert!(!again.claimed_elsewhere(&ArticleId("/a/b".into()), "/a/b"));
    }

    #[test]
    fn owners_follow_sets_removes_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::load(dir.path());
        let x = ArticleId("x".into());
        l.set("/f1".into(), entry("x"));
        l.set("/f2".into(), entry("x"));
        assert!(l.claimed_elsewhere(&x, "/f1"));
        l.set("/f2".into(), entry("y"));
        assert!(!l.claimed_elsewhere(&x, "/f1"), "f2 no longer gives x");
        l.set("/f1".into(), entry("x")); // the same file again keeps its claim
        assert!(l.claimed_elsewhere(&x, "/other"));
        l.forget_id(&x);
        assert!(l.get("/f1").unwrap().ids.is_empty());
        assert!(l.remove("/f2").is_some());
        assert!(!l.claimed_elsewhere(&ArticleId("y".into()), "/z"));
    }
}
