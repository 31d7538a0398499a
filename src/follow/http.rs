//! Polite HTTP for feeds and article pages: http/https only, timeouts, size caps, a
//! per-host pause between requests, conditional GET, and `Retry-After` read on 429/503.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use ureq::Agent;
use ureq::http::StatusCode;

/// Largest feed document read.
pub const MAX_FEED_BYTES: u64 = 10 << 20;
/// Largest article page read.
pub const MAX_PAGE_BYTES: u64 = 5 << 20;
/// Redirects followed for one request (a loop ends here with an error).
const MAX_REDIRECTS: u32 = 5;
/// Longest `Retry-After` honoured (a larger one is capped, not obeyed for days).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(6 * 3600);

/// Validators from an earlier answer, for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// How a request ended.
#[derive(Debug)]
pub enum Fetched {
    /// 200: the body and the new validators.
    Body(Vec<u8>, Validators),
    /// 304: nothing changed since the validators sent.
    NotModified,
    /// 429 or 503: come back after this long.
    RetryAfter(Duration, u16),
    /// Anything else: why, in words.
    Failed(String),
}

/// An HTTP client that waits between requests to one host.
pub struct Fetcher {
    agent: Agent,
    host_delay: Duration,
    last: HashMap<String, Instant>,
}

impl Fetcher {
    /// A client with this timeout per request and this pause between two requests to a host.
    pub fn new(timeout: Duration, host_delay: Duration) -> Fetcher {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(MAX_REDIRECTS)
            .http_status_as_error(false)
            .user_agent(concat!("whosaid/", env!("CARGO_PKG_VERSION"), " (feed follower)"))
            .build()
            .into();
        Fetcher { agent, host_delay, last: HashMap::new() }
    }

    /// GET `url` with the validators (if any), reading at most `cap` bytes of body.
    pub fn get(&mut self, url: &str, since: Option<&Validators>, cap: u64) -> Fetched {
        let host = match check_url(url) {
            Ok(h) => h,
            Err(e) => return Fetched::Failed(e),
        };
        self.pause(&host);
        let mut req = self.agent.get(url);
        if let Some(v) = since {
            if let Some(e) = &v.etag {
                req = req.header("If-None-Match", e);
            }
            if let Some(m) = &v.last_modified {
                req = req.header("If-Modified-Since", m);
            }
        }
        let result = req.call();
        self.last.insert(host, Instant::now());
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => return Fetched::Failed(describe(&e)),
        };
        let status = resp.status();
        let header =
            |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        match status {
            StatusCode::NOT_MODIFIED => Fetched::NotModified,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                let wait = header("retry-after").and_then(|v| retry_after(&v));
                Fetched::RetryAfter(
                    wait.unwrap_or(Duration::from_secs(60)).min(MAX_RETRY_AFTER),
                    status.as_u16(),
                )
            }
            s if s.is_success() => {
                let v = Validators { etag: header("etag"), last_modified: header("last-modified") };
                match resp.body_mut().with_config().limit(cap).read_to_vec() {
                    Ok(b) => Fetched::Body(b, v),
                    Err(e) => Fetched::Failed(describe(&e)),
                }
            }
            s => Fetched::Failed(format!("HTTP {}", s.as_u16())),
        }
    }

    /// Sleep until the host may be asked again.
    fn pause(&self, host: &str) {
        if let Some(t) = self.last.get(host) {
            let wait = self.host_delay.saturating_sub(t.elapsed());
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
        }
    }
}

/// The host of an http or https URL; anything else is refused.
pub fn check_url(url: &str) -> Result<String, String> {
    let (scheme, rest) = url.split_once("://").ok_or("not a URL")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err("only http and https URLs are fetched".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    if host.is_empty() {
        return Err("no host in the URL".into());
    }
    Ok(host.to_ascii_lowercase())
}

/// `Retry-After`: a number of seconds or an HTTP date.
pub fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(at.timestamp().max(0) as u64);
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::TooManyRedirects => {
            format!("more than {MAX_REDIRECTS} redirects (a redirect loop?)")
        }
        ureq::Error::BodyExceedsLimit(n) => format!("body larger than {} KB", n / 1024),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https() {
        assert_eq!(check_url("https://Example.org/feed").unwrap(), "example.org");
        assert_eq!(check_url("http://127.0.0.1:8080/x?y").unwrap(), "127.0.0.1:8080");
        for bad in ["file:///etc/passwd", "ftp://x/y", "x", "http:///nohost"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_after_in_seconds_or_a_date() {
        assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(retry_after("soon"), None);
    }
}
