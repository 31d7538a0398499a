//! Following feeds: RSS 2.0, Atom and JSON Feed entries indexed once each.
//!
//! A pass asks every feed (conditionally: `If-None-Match`/`If-Modified-Since` from the
//! last answer), and for each entry not seen before fetches its page and reads it with the
//! HTML reader, or takes the feed's own content when it carries the full text. Requests to
//! one host are spaced by a pause; a 429 or 503 is obeyed (`Retry-After`), other failures
//! back off exponentially. The state (validators, back-off, entries seen) lives beside the
//! index and is saved after the pass's commit, so a restart fetches nothing twice.

pub mod entry;
pub mod http;
pub mod state;

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use http::{Fetched, Fetcher, MAX_FEED_BYTES, MAX_PAGE_BYTES};
use state::{FeedState, State};

use crate::error::Result;
use crate::index::Index;
use crate::ingest::{IngestOptions, Pipeline, Progress, Source, Summary};

/// Longest back-off after failures in a row.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);
/// Back-off after the first failure; doubles with each further one.
const FIRST_BACKOFF: Duration = Duration::from_secs(60);

/// Settings of a follower.
#[derive(Clone, Debug)]
pub struct FollowOptions {
    /// The pipeline's settings.
    pub ingest: IngestOptions,
    /// Give up on one request after this long.
    pub timeout: Duration,
    /// Fewest time between two requests to one host.
    pub host_delay: Duration,
}

/// A feed or page that could not be used this pass.
#[derive(Clone, Debug)]
pub struct FetchError {
    /// The URL (or feed list file).
    pub url: String,
    /// Why, in words.
    pub reason: String,
}

/// What one pass did.
#[derive(Debug, Default)]
pub struct PassReport {
    /// Feeds asked.
    pub feeds: usize,
    /// Feeds that answered 304 Not Modified.
    pub not_modified: usize,
    /// Feeds not asked because they are backing off.
    pub backing_off: usize,
    /// Entries not seen before.
    pub new_entries: usize,
    /// Article pages fetched.
    pub pages: usize,
    /// The pipeline's summary of the new articles.
    pub summary: Summary,
    /// What failed.
    pub errors: Vec<FetchError>,
}

/// Feed URLs from the command line: each a URL, or a file with one URL a line (`#` comments).
pub fn feed_urls(args: &[String]) -> (Vec<String>, Vec<FetchError>) {
    let mut urls = Vec::new();
    let mut errors = Vec::new();
    for a in args {
        if a.contains("://") {
            match http::check_url(a) {
                Ok(_) => urls.push(a.clone()),
                Err(reason) => errors.push(FetchError { url: a.clone(), reason }),
            }
            continue;
        }
        match std::fs::read_to_string(Path::new(a)) {
            Ok(text) => {
                for line in
                    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    match http::check_url(line) {
                        Ok(_) => urls.push(line.to_string()),
                        Err(reason) => {
                            errors.push(FetchError { url: format!("{a}: {line}"), reason })
                        }
                    }
                }
            }
            Err(e) => errors.push(FetchError {
                url: a.clone(),
                reason: format!("not a URL, and not a readable file: {e}"),
            }),
        }
    }
    let mut seen = HashSet::new();
    urls.retain(|u| seen.insert(u.clone()));
    (urls, errors)
}

/// A follower: one HTTP client and the state beside the index.
pub struct Follower {
    fetcher: Fetcher,
    state: State,
    opts: FollowOptions,
}

/// Seconds since the epoch.
fn now() -> u64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Follower {
    /// A follower for the index in `index_dir` (its state is loaded from there).
    pub fn new(index_dir: &Path, opts: FollowOptions) -> Result<Follower> {
        Ok(Follower {
            fetcher: Fetcher::new(opts.timeout, opts.host_delay),
            state: State::load(index_dir)?,
            opts,
        })
    }

    /// Ask every feed once, index the new entries, save the state.
    pub fn pass(
        &mut self,
        index: &Index,
        feeds: &[String],
        progress: &dyn Progress,
        stop: &AtomicBool,
    ) -> Result<PassReport> {
        let mut report = PassReport::default();
        let mut articles = Vec::new();
        let mut taken = Vec::new();
        for url in feeds {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            self.feed(url, &mut report, &mut articles, &mut taken, stop);
        }
        if !articles.is_empty() {
            let mut pipeline = Pipeline::open(index, self.opts.ingest.clone())?;
            report.summary = pipeline.run(articles, progress, stop)?;
            pipeline.finish()?;
        }
        // After the commit: a kill before this line fetches this pass's pages again, never
        // loses them.
        self.state.seen.extend(taken);
        self.state.save()?;
        Ok(report)
    }

    /// Ask one feed and collect its new entries' articles.
    fn feed(
        &mut self,
        url: &str,
        report: &mut PassReport,
        articles: &mut Vec<Source>,
        taken: &mut Vec<String>,
        stop: &AtomicBool,
    ) {
        let mut fs = self.state.feeds.get(url).cloned().unwrap_or_default();
        if fs.retry_at.is_some_and(|t| t > now()) {
            report.backing_off += 1;
            return;
        }
        report.feeds += 1;
        let fail = |fs: &mut FeedState, report: &mut PassReport, reason: String| {
            fs.failures += 1;
            let backoff = FIRST_BACKOFF
                .saturating_mul(1 << fs.failures.min(16).saturating_sub(1))
                .min(MAX_BACKOFF);
            fs.retry_at = Some(now() + backoff.as_secs());
            report.errors.push(FetchError {
                url: url.to_string(),
                reason: format!("{reason}; backing off for {} s", backoff.as_secs()),
            });
        };
        match self.fetcher.get(url, Some(&fs.validators), MAX_FEED_BYTES) {
            Fetched::NotModified => {
                report.not_modified += 1;
                fs.failures = 0;
                fs.retry_at = None;
            }
            Fetched::RetryAfter(wait, code) => {
                fs.retry_at = Some(now() + wait.as_secs());
                report.errors.push(FetchError {
                    url: url.to_string(),
                    reason: format!("HTTP {code}; asked again after {} s", wait.as_secs()),
                });
            }
            Fetched::Failed(reason) => fail(&mut fs, report, reason),
            Fetched::Body(body, validators) => match feed_rs::parser::parse(&body[..]) {
                Err(e) => fail(&mut fs, report, format!("not a feed: {e}")),
                Ok(feed) => {
                    fs.failures = 0;
                    fs.retry_at = None;
                    fs.validators = validators;
                    let source = entry::source(&feed);
                    for e in &feed.entries {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        self.entry(e, source.as_deref(), url, report, articles, taken);
                    }
                }
            },
        }
        self.state.feeds.insert(url.to_string(), fs);
    }

    /// One entry: skip it if seen, else get its article (feed content or the page).
    fn entry(
        &mut self,
        e: &feed_rs::model::Entry,
        source: Option<&str>,
        feed_url: &str,
        report: &mut PassReport,
        articles: &mut Vec<Source>,
        taken: &mut Vec<String>,
    ) {
        let Some(link) = entry::link(e) else {
            report.errors.push(FetchError {
                url: feed_url.to_string(),
                reason: format!("entry {:?} has no http(s) link; skipped", e.id),
            });
            return;
        };
        if self.state.seen.contains(&link) || taken.contains(&link) {
            return;
        }
        report.new_entries += 1;
        let title = e.title.as_ref().map_or("", |t| t.content.as_str());
        let html = match entry::full_content(e) {
            Some(content) => entry::wrap(&content, title).into_bytes(),
            None => {
                let Ok(host) = http::check_url(&link) else {
                    report
                        .errors
                        .push(FetchError { url: link, reason: "not an http(s) link".into() });
                    return;
                };
                if self.state.hosts.get(&host).is_some_and(|&t| t > now()) {
                    return; // the host asked us to wait; the entry stays new for the next pass
                }
                report.pages += 1;
                match self.fetcher.get(&link, None, MAX_PAGE_BYTES) {
                    Fetched::Body(b, _) => b,
                    Fetched::RetryAfter(wait, code) => {
                        self.state.hosts.insert(host, now() + wait.as_secs());
                        report.errors.push(FetchError {
                            url: link,
                            reason: format!(
                                "HTTP {code}; the host is asked again after {} s",
                                wait.as_secs()
                            ),
                        });
                        return;
                    }
                    Fetched::NotModified => return,
                    Fetched::Failed(reason) => {
                        report.errors.push(FetchError {
                            url: link,
                            reason: format!("{reason}; tried again next pass"),
                        });
                        return;
                    }
                }
            }
        };
        match entry::article(&html, e, &link, source) {
            Ok(a) => articles.push(Source::Article(Box::new(a))),
            Err(reason) => report.errors.push(FetchError {
                url: link.clone(),
                reason: format!("{reason}; not fetched again"),
            }),
        }
        taken.push(link);
    }
}
