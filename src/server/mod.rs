//! `whosaid serve`: the index over HTTP, as a JSON API and a web page.
//!
//! - [`api`]: the read endpoints (search, timeline, articles, stats, names);
//! - [`write`]: `POST /api/articles`, behind a bearer token;
//! - [`params`]: query strings -> the core's requests, with the limits;
//! - [`error`]: every failure as a status and a JSON `{"error": …}`;
//! - [`layers`]: the request log line, CORS and the security headers;
//! - [`assets`]: the page, its script and style, and the OpenAPI document, embedded.
//!
//! One [`Searcher`] lives as long as the server and follows other processes' commits
//! (tantivy polls `meta.json` every 500 ms). Every index read holds one of `max_concurrent`
//! permits (none free: 429) and is answered 503 when it outlasts the timeout. Searches and
//! timelines also stop themselves at that deadline ([`crate::index::deadline`]), so a
//! timed-out search frees its thread; all index work runs on tokio's blocking pool. This
//! module is an edge: it prints the address it listens on, a warning for a non-loopback
//! address and, unless quiet, a line per request.

mod api;
mod assets;
mod error;
mod layers;
mod params;
mod write;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result};
use axum::Router;
use axum::routing::get;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use crate::index::Index;
use crate::index::names::Aliases;
use crate::index::search::Searcher;
use crate::index::suggest::NameList;
use error::ApiError;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// `HOST:PORT` to listen on.
    pub addr: String,
    /// Print one line per request on stderr.
    pub log_requests: bool,
    /// The bearer token that `POST /api/articles` needs; writes are off without one.
    pub write_token: Option<String>,
    /// The one origin allowed to call the API from a browser page.
    pub cors: Option<String>,
    /// Requests served at once.
    pub max_concurrent: usize,
    /// Longest a read may take.
    pub timeout: Duration,
    /// Largest request body, bytes.
    pub max_body: usize,
    /// The name aliases the searcher canonicalises with (built-in, beside the index, `--aliases`).
    pub aliases: Aliases,
}

/// What every handler shares.
struct AppState {
    searcher: Arc<Searcher>,
    index_dir: std::path::PathBuf,
    config: ServerConfig,
    permits: Arc<Semaphore>,
    /// Held while a POST ingests: one writer per index.
    writing: Arc<tokio::sync::Mutex<()>>,
    /// The name list of one searcher generation.
    names: Mutex<Option<(u64, Arc<NameList>)>>,
}

type State = Arc<AppState>;

impl AppState {
    /// A permit to do work, or 429 when `max_concurrent` requests are being served.
    fn permit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.permits.clone().try_acquire_owned().map_err(|_| ApiError::TooMany)
    }

    /// Run index work that stops itself at the deadline it is given (a search, a timeline)
    /// on the blocking pool. Running a search alone on the request's own thread saved ~3
    /// context switches but no measurable server CPU or wall time on 2 cores, and at 8
    /// clients searches queued behind each other on the workers (p50 4-5x the pool's).
    /// Measured again with the search timed inside the server: the two hand-offs cost ~25 µs
    /// of wall time at one client (p50 10-14 µs until a pool thread starts, 11-14 µs until
    /// this thread sees the answer), yet a search run inline on the HTTP thread when its
    /// connection was the only one open took ~10% more CPU (242 vs 221 µs p50) and the
    /// request's p50 did not drop in 3 interleaved runs of 4.
    async fn deadlined<T: Send + 'static>(
        &self,
        work: impl FnOnce(Option<std::time::Instant>) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self.permit()?;
        let deadline = std::time::Instant::now().checked_add(self.config.timeout);
        self.blocking(permit, move || work(deadline)).await
    }

    /// Run blocking index work on the blocking pool, holding `permit` until the work ends
    /// (also when the answer has already gone out as a timeout: the work cannot be cancelled,
    /// and the permits must count what really runs).
    async fn blocking<T: Send + 'static>(
        &self,
        permit: OwnedSemaphorePermit,
        work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let task = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        });
        let started = tokio::time::Instant::now();
        match tokio::time::timeout(self.config.timeout, task).await {
            Err(_) => Err(ApiError::Timeout),
            // The timer fires on its next tick, so work can finish after the deadline yet
            // before the timer: it outlasted the timeout all the same (and `--timeout 0`
            // then means every request, whatever the machine's load).
            Ok(Ok(_)) if started.elapsed() > self.config.timeout => Err(ApiError::Timeout),
            Ok(Err(join)) => {
                Err(ApiError::Internal(format!("the request's worker failed: {join}")))
            }
            Ok(Ok(out)) => out,
        }
    }

    /// The names of the current searcher generation, read once per generation.
    fn names(&self) -> Result<Arc<NameList>, ApiError> {
        let generation = self.searcher.generation();
        if let Some((g, list)) = self.names.lock().unwrap_or_else(|p| p.into_inner()).as_ref()
            && *g == generation
        {
            return Ok(list.clone());
        }
        let list = Arc::new(self.searcher.names()?);
        *self.names.lock().unwrap_or_else(|p| p.into_inner()) = Some((generation, list.clone()));
        Ok(list)
    }
}

/// The routes, over a shared state.
fn router(state: State) -> Router {
    Router::new()
        .route("/", get(assets::page))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api/search", get(api::search))
        .route("/api/timeline", get(api::timeline))
        .route("/api/stats", get(api::stats))
        .route("/api/names", get(api::names))
        .route("/api/articles", axum::routing::post(write::post_articles))
        .route("/api/articles/{*id}", get(api::article))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), layers::around))
        .with_state(state)
}

/// Serve `index` until `stop` is set (Ctrl-C) or SIGTERM arrives; in-flight requests finish
/// (for at most a few seconds).
pub fn run(index: Index, config: ServerConfig, stop: &'static AtomicBool) -> Result<()> {
    // One thread for the HTTP side: every handler does its index work on the blocking pool
    // and only parses, routes and writes on this thread. With a worker per core, each
    // request could wake a second, idle worker as well as the blocking thread and back
    // (5.3 context switches per search at one client; the kernel's switching took ~45 µs of
    // the ~390 µs of CPU a search cost the server).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_name("whosaid-http")
        .build()
        .context("starting the HTTP runtime")?;
    runtime.block_on(serve(index, config, stop))
}

async fn serve(index: Index, config: ServerConfig, stop: &'static AtomicBool) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    let addr: SocketAddr = listener.local_addr().context("reading the bound address")?;
    let index_dir = index.dir.clone();
    let searcher = Arc::new(Searcher::new_live(index, config.aliases.clone())?);
    let state = Arc::new(AppState {
        searcher,
        index_dir,
        permits: Arc::new(Semaphore::new(config.max_concurrent)),
        writing: Arc::new(tokio::sync::Mutex::new(())),
        names: Mutex::new(None),
        config,
    });
    // Tests and scripts read the address (port 0 picks one) from this first line.
    eprintln!("whosaid: listening on http://{addr}");
    if !addr.ip().is_loopback() {
        eprintln!(
            "whosaid: warning: {addr} is not a loopback address: anyone who can reach it can \
             read the whole index{}",
            if state.config.write_token.is_some() {
                " (and, with the token, write to it)"
            } else {
                ""
            }
        );
    }
    let shutdown = Arc::new(Notify::new());
    let server = {
        let shutdown = shutdown.clone();
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async move { shutdown.notified().await })
    };
    let handle = tokio::spawn(async move { server.await });
    stopped(stop).await;
    eprintln!("whosaid: shutting down");
    shutdown.notify_one();
    match tokio::time::timeout(Duration::from_secs(5), handle).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(e))) => Err(e).context("serving HTTP"),
        Ok(Err(join)) => Err(anyhow::anyhow!("the HTTP server failed: {join}")),
        // Requests still running after the grace period end with the process.
        Err(_) => Ok(()),
    }
}

/// Resolves on Ctrl-C (the process's handler sets `stop`) or SIGTERM.
async fn stopped(stop: &'static AtomicBool) {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    while !stop.load(Ordering::SeqCst) {
        let tick = Duration::from_millis(100);
        #[cfg(unix)]
        if let Some(t) = term.as_mut() {
            if tokio::time::timeout(tick, t.recv()).await.is_ok() {
                return;
            }
            continue;
        }
        tokio::time::sleep(tick).await;
    }
}
