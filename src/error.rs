//! The core's error type: the cases a caller must tell apart.
//!
//! User mistakes (a busy index, an index of another version, a query that
//! does not parse, an unknown article) read like help text; internal faults
//! carry their source. The command layer adds context with anyhow.

use std::path::PathBuf;

/// Errors of the core (index, search); input files have their own [`crate::article::InputError`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Another process holds the index writer lock.
    #[error(
        "index is busy: another whosaid ingest is writing to {0} (wait for it, or pass --wait)"
    )]
    IndexBusy(PathBuf),
    /// The folder holds no index.
    #[error("no index at {0} (run `whosaid ingest PATH --index {0}` first)")]
    NoIndex(PathBuf),
    /// The index path names a file.
    #[error("{0} is a file, not a folder: give --index a folder (a missing one is created)")]
    NotAFolder(PathBuf),
    /// The folder holds something that is not a whosaid index.
    #[error("{0} is not a whosaid index (no whosaid.json); refusing to touch it")]
    NotAnIndex(PathBuf),
    /// The index was built by another schema version.
    #[error(
        "the index at {dir} was built with schema version {found}, this whosaid uses version {expected}: \
         delete {dir} and re-ingest your articles"
    )]
    SchemaVersion {
        /// The index folder.
        dir: PathBuf,
        /// Version found in the index.
        found: String,
        /// Version this build writes.
        expected: u32,
    },
    /// The query text does not parse.
    #[error("query: {0}")]
    Query(String),
    /// A request's deadline (`SearchRequest::deadline`) passed before its work was done.
    #[error("the request ran out of time")]
    OutOfTime,
    /// No article with that id.
    #[error("no article with id {0:?} in the index")]
    ArticleNotFound(String),
    /// A tantivy failure.
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A line of an alias file does not parse.
    #[error("{}:{line}: {reason}", path.display())]
    Aliases {
        /// The alias file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A file-system failure outside tantivy.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
