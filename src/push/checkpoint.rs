//! The resumable checkpoint of a push: how many documents of the stream the engine has
//! answered for, under which scope (engine, URL, index, and what was being pushed).
//!
//! Written after every batch the engine answered (atomically: a temporary file, then a
//! rename), so an interrupted push resumes after the last answered batch. The stream
//! order is the index order (or the files' order with `--from-analyze`), which is stable
//! while the index (or the file list) is unchanged; the scope records a fingerprint of it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What a checkpoint applies to.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// `quickwit` or `opensearch`.
    pub engine: String,
    /// The engine's base URL.
    pub url: String,
    /// The engine's index.
    pub target: String,
    /// Fingerprint of the documents' stream (request and index generation, or file list).
    pub stream: String,
}

/// A checkpoint's contents.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// What it applies to.
    pub scope: Scope,
    /// Documents of the stream the engine answered for (accepted or rejected).
    pub done: u64,
    /// True once the whole stream was pushed.
    pub complete: bool,
}

/// Why a checkpoint cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// It records another push.
    #[error(
        "{path} records another push ({found}); pass --restart to push everything again, or --checkpoint FILE"
    )]
    OtherScope {
        /// The file.
        path: PathBuf,
        /// What it records, in words.
        found: String,
    },
    /// It cannot be read or written.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// A checkpoint file.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    state: State,
}

impl Checkpoint {
    /// Open the checkpoint at `path` for `scope`: a fresh one when there is none (or when
    /// `restart`), the recorded one when it has the same scope, an error otherwise.
    pub fn open(path: &Path, scope: Scope, restart: bool) -> Result<Checkpoint, CheckpointError> {
        let fresh = State { scope: scope.clone(), done: 0, complete: false };
        if restart || !path.exists() {
            return Ok(Checkpoint { path: path.to_path_buf(), state: fresh });
        }
        let io = |e: String| CheckpointError::Io { path: path.to_path_buf(), reason: e };
        let text = std::fs::read_to_string(path).map_err(|e| io(e.to_string()))?;
        let state: State = serde_json::from_str(&text)
            .map_err(|e| io(format!("not a whosaid push checkpoint ({e})")))?;
        if state.scope != scope {
            let s = &state.scope;
            let found = if s.engine == scope.engine
                && s.url == scope.url
                && s.target == scope.target
            {
                "the same engine and index, but other documents: the local index or the query changed"
                    .to_string()
            } else {
                format!("{} {} index {}", s.engine, s.url, s.target)
            };
            return Err(CheckpointError::OtherScope { path: path.to_path_buf(), found });
        }
        Ok(Checkpoint { path: path.to_path_buf(), state })
    }

    /// Documents already answered for.
    pub fn done(&self) -> u64 {
        self.state.done
    }

    /// True when a previous push finished.
    pub fn complete(&self) -> bool {
        self.state.complete
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Record that the first `done` documents were answered for.
    pub fn save(&mut self, done: u64, complete: bool) -> Result<(), CheckpointError> {
        self.state.done = done;
        self.state.complete = complete;
        let io = |e: std::io::Error| CheckpointError::Io {
            path: self.path.clone(),
            reason: e.to_string(),
        };
        let tmp = self.path.with_extension("json.tmp");
        let json = serde_json::to_string_pretty(&self.state).expect("plain struct serialises");
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}
