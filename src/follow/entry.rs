//! A feed entry -> an [`Article`]: the page's text through the HTML reader (or the feed's
//! own full content), with the entry's link as id, its date, and the feed as source.

use feed_rs::model::{Entry, Feed};

use crate::article::read::Format;
use crate::article::{Article, ArticleId, ReadOptions, Reader};

/// Feed content (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`) shorter
/// than this, in bytes of markup, is taken for a teaser and the page is fetched instead.
/// Summaries (`description`, `summary`) are never taken for the article.
pub const FULL_CONTENT_CHARS: usize = 500;

/// The link an entry is known by (its article id), if it has one that is http(s).
pub fn link(entry: &Entry) -> Option<String> {
    entry
        .links
        .iter()
        .map(|l| l.href.trim())
        .find(|h| h.starts_with("http://") || h.starts_with("https://"))
        .map(str::to_string)
}

/// The feed's name as a source: its title, else its site's host.
pub fn source(feed: &Feed) -> Option<String> {
    feed.title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| feed.links.first().and_then(|l| super::http::check_url(&l.href).ok()))
}

/// The entry's full content, when the feed carries more than a summary.
pub fn full_content(entry: &Entry) -> Option<String> {
    let body = entry.content.as_ref()?.body.as_ref()?;
    (body.len() >= FULL_CONTENT_CHARS).then(|| body.clone())
}

/// Read an article out of HTML (a fetched page, or feed content wrapped as a page) and give
/// it the entry's identity. `Err` says why there is no article.
pub fn article(
    html: &[u8],
    entry: &Entry,
    link: &str,
    source: Option<&str>,
) -> Result<Article, String> {
    let mut got: Option<Result<Article, String>> = None;
    let read =
        Reader::read_bytes(html, Some(Format::Html), link, ReadOptions::default(), &mut |a| {
            if got.is_none() {
                got = Some(a.map_err(|e| e.reason));
            }
        });
    if let Err(e) = read {
        return Err(e.reason);
    }
    let mut a = got.unwrap_or_else(|| Err("no article in the page".into()))?;
    a.id = ArticleId(link.to_string());
    a.url = Some(link.to_string());
    a.origin = link.to_string();
    if let Some(t) = entry.title.as_ref().map(|t| t.content.trim()).filter(|t| !t.is_empty()) {
        a.title = Some(t.to_string());
    }
    if let Some(d) = entry.published.or(entry.updated) {
        a.date = Some(d.date_naive());
        a.unread_date = None;
    }
    if let Some(s) = source {
        a.source = Some(s.to_string());
    }
    Ok(a)
}

/// Feed content as a page the HTML reader takes.
pub fn wrap(content: &str, title: &str) -> String {
    let title = title.replace('<', "&lt;");
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article>{content}</article></body></html>"
    )
}
