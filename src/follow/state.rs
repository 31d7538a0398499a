//! The follower's memory, kept beside the index in `whosaid-follow.json`: per feed its
//! validators and back-off, and every entry already indexed, so that a restart fetches
//! nothing twice.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::http::Validators;
use crate::error::{Error, Result};

/// The state file's name inside the index folder.
pub const STATE_FILE: &str = "whosaid-follow.json";

/// What the follower remembers of one feed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FeedState {
    /// Validators of the last full answer.
    pub validators: Validators,
    /// Seconds since the epoch before which the feed is not asked again.
    pub retry_at: Option<u64>,
    /// Failures in a row (the back-off doubles with each).
    pub failures: u32,
}

/// The whole state.
#[derive(Default, Serialize, Deserialize)]
pub struct State {
    /// Per feed URL.
    pub feeds: BTreeMap<String, FeedState>,
    /// Entry links (article ids) already indexed or found empty.
    pub seen: BTreeSet<String>,
    /// Per host: seconds since the epoch before which its pages are not asked again.
    #[serde(default)]
    pub hosts: BTreeMap<String, u64>,
    #[serde(skip)]
    path: PathBuf,
}

impl State {
    /// Load the state of the index in `dir`; a missing file is an empty state, an
    /// unreadable one an error (silently forgetting it would fetch everything again).
    pub fn load(dir: &Path) -> Result<State> {
        let path = dir.join(STATE_FILE);
        let mut s = match fs::read(&path) {
            Ok(b) => serde_json::from_slice::<State>(&b).map_err(|e| Error::Io {
                path: path.clone(),
                source: std::io::Error::other(format!("unreadable follow state: {e}")),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::default(),
            Err(source) => return Err(Error::Io { path, source }),
        };
        s.path = path;
        Ok(s)
    }

    /// Write the state atomically.
    pub fn save(&self) -> Result<()> {
        let io = |source| Error::Io { path: self.path.clone(), source };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io)?;
        let mut tmp =
            tempfile::Builder::new().prefix(".tmp-follow").tempfile_in(dir).map_err(io)?;
        serde_json::to_writer(std::io::BufWriter::new(&mut tmp), self)
            .map_err(|e| io(std::io::Error::other(e)))?;
        tmp.persist(&self.path).map_err(|e| io(e.error))?;
        Ok(())
    }
}
