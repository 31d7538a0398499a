//! `push`: engine documents to a running Quickwit or OpenSearch over HTTP.
//!
//! - [`protocol`]: request bodies and the engines' answers;
//! - [`checkpoint`]: the resumable record of how far a push got.
//!
//! [`Pusher`] takes documents one at a time, sends them in batches (at most
//! `batch_docs` documents and `batch_bytes` bytes), and for each batch: retries on a
//! dropped connection, a timeout, 429 or 503 (waiting `Retry-After` when the engine sends
//! it, else a doubling back-off), at most `max_attempts` times; splits the batch in two
//! on 413; sends again only the items an OpenSearch `_bulk` refused with 429; counts and
//! names the documents refused for good; and records the checkpoint once the engine has
//! answered for the whole batch. Any other error status stops the push (a wrong index
//! name or URL would fail every batch alike).

pub mod checkpoint;
pub mod protocol;

use std::time::Duration;

use crate::export::engine::{Engine, EngineDoc};
use checkpoint::{Checkpoint, CheckpointError};
use protocol::{Doc, body, cost, path, verdict};

/// Longest wait between two attempts, whatever Retry-After says.
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// Longest wait for one request, connect to last byte.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Rejected documents named in a summary (all are counted).
pub const MAX_NAMED_REJECTIONS: usize = 1000;

/// How to push.
#[derive(Clone, Debug)]
pub struct PushOptions {
    /// Which engine.
    pub engine: Engine,
    /// Base URL (`http://host:port`).
    pub url: String,
    /// The engine's index.
    pub target: String,
    /// Most documents a request.
    pub batch_docs: usize,
    /// Most body bytes a request.
    pub batch_bytes: usize,
    /// Attempts per batch.
    pub max_attempts: u32,
    /// First back-off delay.
    pub backoff: Duration,
}

/// What a push did.
#[derive(Debug, Default, Clone)]
pub struct PushSummary {
    /// Documents the engine took.
    pub accepted: u64,
    /// Documents the engine refused for good.
    pub rejected: u64,
    /// The first [`MAX_NAMED_REJECTIONS`] refused documents: (id, reason).
    pub rejections: Vec<(String, String)>,
    /// Documents skipped because the checkpoint says they were pushed before.
    pub skipped: u64,
    /// Requests sent (including retries).
    pub requests: u64,
    /// Requests sent again after a failure.
    pub retries: u64,
}

/// Why a push stopped.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// A batch failed `attempts` times.
    #[error("gave up on the batch starting at document {first} after {attempts} attempts: {last}")]
    GaveUp {
        /// Position of the batch's first document in the stream.
        first: u64,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The engine answered with an error status that retrying cannot fix.
    #[error("{url} answered {status}: {body}")]
    Refused {
        /// The request URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The start of the answer.
        body: String,
    },
    /// The checkpoint.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
}

/// A batch being filled.
#[derive(Default)]
struct Batch {
    docs: Vec<Doc>,
    bytes: usize,
}

/// Sends documents in batches, with retries and a checkpoint.
pub struct Pusher {
    opts: PushOptions,
    agent: ureq::Agent,
    checkpoint: Checkpoint,
    batch: Batch,
    /// Documents seen in the stream so far (skipped ones included).
    position: u64,
    summary: PushSummary,
}

/// The outcome of one HTTP exchange.
enum Exchange {
    /// An answer: status, Retry-After in seconds, body.
    Answer(u16, Option<u64>, String),
    /// No answer (connection refused or dropped, timeout).
    NoAnswer(String),
}

impl Pusher {
    /// A pusher that resumes after the checkpoint's documents.
    pub fn new(opts: PushOptions, checkpoint: Checkpoint) -> Pusher {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build()
            .into();
        let skipped = checkpoint.done();
        Pusher {
            opts,
            agent,
            checkpoint,
            batch: Batch::default(),
            position: 0,
            summary: PushSummary { skipped, ..PushSummary::default() },
        }
    }

    /// Documents the checkpoint lets this push skip.
    pub fn skipping(&self) -> u64 {
        self.checkpoint.done()
    }

    /// True when the checkpoint records a finished push of the same stream.
    pub fn already_complete(&self) -> bool {
        self.checkpoint.complete()
    }

    /// Take the next document of the stream; sends a batch when one is full.
    pub fn add(&mut self, doc: &EngineDoc) -> Result<(), PushError> {
        if self.position < self.checkpoint.done() {
            self.position += 1;
            return Ok(());
        }
        let json = serde_json::to_string(doc).expect("a document serialises");
        let doc = Doc { id: doc.id.clone(), json };
        let c = cost(self.opts.engine, &self.opts.target, &doc);
        if !self.batch.docs.is_empty()
            && (self.batch.docs.len() >= self.opts.batch_docs
                || self.batch.bytes + c > self.opts.batch_bytes)
        {
            self.flush()?;
        }
        // Counted only now: a flush records `position` as answered for, and this document
        // is not sent yet.
        self.position += 1;
        self.batch.bytes += c;
        self.batch.docs.push(doc);
        Ok(())
    }

    /// Send what is left and mark the checkpoint complete.
    pub fn finish(mut self) -> Result<PushSummary, PushError> {
        self.flush()?;
        let done = self.position.max(self.checkpoint.done());
        self.checkpoint.save(done, true)?;
        Ok(self.summary)
    }

    /// Documents seen so far in the stream.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// What was done so far.
    pub fn summary(&self) -> &PushSummary {
        &self.summary
    }

    fn flush(&mut self) -> Result<(), PushError> {
        if self.batch.docs.is_empty() {
            return Ok(());
        }
        let docs = std::mem::take(&mut self.batch).docs;
        let first = self.position - docs.len() as u64;
        self.send(docs, first)?;
        self.checkpoint.save(self.position, false)?;
        Ok(())
    }

    fn reject(&mut self, id: String, reason: String) {
        self.summary.rejected += 1;
        if self.summary.rejections.len() < MAX_NAMED_REJECTIONS {
            self.summary.rejections.push((id, reason));
        }
    }

    /// Send `docs` until the engine has answered for every one of them.
    fn send(&mut self, mut docs: Vec<Doc>, first: u64) -> Result<(), PushError> {
        let url = format!(
            "{}{}",
            self.opts.url.trim_end_matches('/'),
            path(self.opts.engine, &self.opts.target)
        );
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let payload = body(self.opts.engine, &self.opts.target, &docs);
            self.summary.requests += 1;
            if attempt > 1 {
                self.summary.retries += 1;
            }
            let failure = match self.exchange(&url, payload) {
                Exchange::Answer(200..=299, _, answer) => {
                    match verdict(self.opts.engine, &docs, &answer) {
                        Ok(v) => {
                            self.summary.accepted += v.accepted;
                            for (id, reason) in v.rejected {
                                self.reject(id, reason);
                            }
                            for _ in 0..v.unnamed_rejected {
                                self.reject("(not named by the engine)".into(), "rejected".into());
                            }
                            for _ in 0..v.unaccounted {
                                self.reject(
                                    "(not named by the engine)".into(),
                                    "neither ingested nor rejected in the answer".into(),
                                );
                            }
                            if v.retry.is_empty() {
                                return Ok(());
                            }
                            let n = v.retry.len();
                            docs = v.retry.into_iter().map(|i| docs[i].clone()).collect();
                            (format!("{n} items refused with 429"), None)
                        }
                        Err(e) => (e, None),
                    }
                }
                Exchange::Answer(413, _, _) if docs.len() > 1 => {
                    let rest = docs.split_off(docs.len() / 2);
                    let n = docs.len() as u64;
                    self.send(docs, first)?;
                    return self.send(rest, first + n);
                }
                Exchange::Answer(413, _, _) => {
                    let d = docs.pop().expect("one document");
                    self.reject(d.id, "413 too large for the engine's request limit".into());
                    return Ok(());
                }
                Exchange::Answer(s @ (429 | 502 | 503 | 504), retry_after, answer) => {
                    (format!("{s}: {}", excerpt(&answer)), retry_after)
                }
                Exchange::Answer(status, _, answer) => {
                    return Err(PushError::Refused { url, status, body: excerpt(&answer) });
                }
                Exchange::NoAnswer(e) => (e, None),
            };
            if attempt >= self.opts.max_attempts {
                return Err(PushError::GaveUp { first, attempts: attempt, last: failure.0 });
            }
            let doubling = self.opts.backoff.saturating_mul(1u32 << (attempt - 1).min(16));
            let wait = failure.1.map_or(doubling, Duration::from_secs).min(MAX_BACKOFF);
            std::thread::sleep(wait);
        }
    }

    fn exchange(&self, url: &str, payload: String) -> Exchange {
        let result = self
            .agent
            .post(url)
            .header("Content-Type", "application/x-ndjson")
            .send(payload.as_bytes());
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => return Exchange::NoAnswer(e.to_string()),
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok());
        match resp.body_mut().with_config().limit(256 << 20).read_to_string() {
            Ok(text) => Exchange::Answer(status, retry_after, text),
            Err(e) => Exchange::NoAnswer(format!("reading the answer: {e}")),
        }
    }
}

/// The start of an answer, for messages.
fn excerpt(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
