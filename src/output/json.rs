//! JSON output: the contract in `../shared/contract.md`, as serde structs.
//!
//! Offsets in `analyze --json` are character offsets (Unicode scalar values);
//! the core works in bytes, so [`CharIndex`] converts.

use std::io::{self, Write};

use serde::Serialize;

use crate::analysis::{Actor, Analysis, Kind};
use crate::article::Article;
use crate::index::search::{Facets, Hit, SearchResult, Stats, StoredArticle};
use crate::index::suggest::Name;
use crate::index::timeline::Timeline;
use crate::ingest::Summary;

/// Byte offset -> character offset, in O(1) after an O(n) pass.
pub struct CharIndex<'a> {
    text: &'a str,
    /// Characters before each 64-byte block.
    blocks: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    /// Index `text`.
    pub fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let mut blocks = Vec::with_capacity(b.len() / 64 + 1);
        let mut chars = 0;
        for chunk in b.chunks(64) {
            blocks.push(chars);
            chars += chunk.iter().filter(|&&c| (c as i8) >= -0x40).count();
        }
        blocks.push(chars);
        CharIndex { text, blocks }
    }

    /// The character offset of byte offset `at` (which must be a char boundary).
    pub fn chars(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        let block = at / 64;
        let from = block * 64;
        self.blocks[block]
            + self.text.as_bytes()[from..at].iter().filter(|&&c| (c as i8) >= -0x40).count()
    }
}

#[derive(Serialize)]
struct ActorJson<'a> {
    name: &'a str,
    kind: Kind,
}

fn actors_json(actors: &[Actor]) -> Vec<ActorJson<'_>> {
    actors.iter().map(|a| ActorJson { name: &a.name, kind: a.kind }).collect()
}

#[derive(Serialize)]
struct NameCount<'a> {
    name: &'a str,
    count: u64,
}

#[derive(Serialize)]
struct ActorCount<'a> {
    name: &'a str,
    kind: Kind,
    count: u64,
}

#[derive(Serialize)]
struct FacetsJson<'a> {
    speakers: Vec<NameCount<'a>>,
    actors: Vec<ActorCount<'a>>,
    /// Counted only where asked for (the web API), so absent from `query --json`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<NameCount<'a>>,
}

fn facets_json(f: &Facets) -> FacetsJson<'_> {
    FacetsJson {
        speakers: f.speakers.iter().map(|(n, c)| NameCount { name: n, count: *c }).collect(),
        actors: f
            .actors
            .iter()
            .map(|(a, c)| ActorCount { name: &a.name, kind: a.kind, count: *c })
            .collect(),
        sources: f.sources.iter().map(|(n, c)| NameCount { name: n, count: *c }).collect(),
    }
}

#[derive(Serialize)]
struct HitJson<'a> {
    rank: usize,
    score: Option<f32>,
    article_id: &'a str,
    title: Option<&'a str>,
    date: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    paragraph: u64,
    text: &'a str,
    snippet: String,
    speakers: &'a [String],
    actors: Vec<ActorJson<'a>>,
    quotes: Vec<ParagraphQuoteJson<'a>>,
}

#[derive(Serialize)]
struct QueryJson<'a> {
    query: &'a str,
    total: usize,
    took_ms: f64,
    hits: Vec<HitJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<FacetsJson<'a>>,
    /// With --since/--until: matching paragraphs left out because they have no date.
    #[serde(skip_serializing_if = "Option::is_none")]
    undated_left_out: Option<usize>,
}

/// The snippet with matched terms in `<b>…</b>` and everything else HTML-escaped.
pub fn snippet_html(hit: &Hit) -> String {
    super::render_snippet(&hit.snippet, escape_into, |term, out| {
        out.push_str("<b>");
        escape_into(term, out);
        out.push_str("</b>");
    })
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn hit_json(h: &Hit) -> HitJson<'_> {
    HitJson {
        rank: h.rank,
        score: h.score,
        article_id: &h.article_id,
        title: h.title.as_deref(),
        // NaiveDate's Display is `%Y-%m-%d`, without parsing a format string per hit.
        date: h.date.map(|d| d.to_string()),
        source: h.source.as_deref(),
        url: h.url.as_deref(),
        paragraph: h.paragraph,
        text: &h.text,
        snippet: snippet_html(h),
        speakers: &h.speakers,
        actors: actors_json(&h.actors),
        quotes: quotes_json(h),
    }
}

/// A hit's quotes as the contract shapes them: character offsets into the hit's `text`.
fn quotes_json(h: &Hit) -> Vec<ParagraphQuoteJson<'_>> {
    if h.quotes.is_empty() {
        return Vec::new();
    }
    let chars = CharIndex::new(&h.text);
    h.quotes
        .iter()
        .map(|q| ParagraphQuoteJson {
            text: h.text.get(q.span.clone()).unwrap_or(""),
            speaker: q.speaker.as_deref(),
            direct: q.direct,
            confidence: (f64::from(q.confidence) * 100.0).round() / 100.0,
            start: chars.chars(q.span.start),
            end: chars.chars(q.span.end),
        })
        .collect()
}

/// `query --json`.
pub fn query(w: &mut (impl Write + ?Sized), query: &str, r: &SearchResult) -> io::Result<()> {
    let out = QueryJson {
        query,
        total: r.total,
        took_ms: (r.took.as_secs_f64() * 1e6).round() / 1e3,
        hits: r.hits.iter().map(hit_json).collect(),
        facets: r.facets.as_ref().map(facets_json),
        undated_left_out: r.undated_left_out,
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

#[derive(Serialize)]
struct StatsJson<'a> {
    articles: u64,
    paragraphs: u64,
    segments: usize,
    speakers: Vec<NameCount<'a>>,
    actors: Vec<ActorCount<'a>>,
    /// The earliest article date (`YYYY-MM-DD`), null when no article has one.
    first_date: Option<String>,
    /// The latest article date.
    last_date: Option<String>,
    /// Articles without a date.
    undated: u64,
}

/// `stats --json`.
pub fn stats(w: &mut (impl Write + ?Sized), s: &Stats) -> io::Result<()> {
    let f = facets_json(&s.facets);
    let out = StatsJson {
        articles: s.articles,
        paragraphs: s.paragraphs,
        segments: s.segments,
        speakers: f.speakers,
        actors: f.actors,
        first_date: s.dates.first.map(|d| d.to_string()),
        last_date: s.dates.last.map(|d| d.to_string()),
        undated: s.dates.undated,
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

#[derive(Serialize)]
struct SpanJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct ParagraphJson<'a> {
    index: usize,
    start: usize,
    end: usize,
    speakers: &'a [String],
    actors: Vec<ActorJson<'a>>,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    name: &'a str,
    kind: Kind,
    mentions: Vec<SpanJson<'a>>,
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    direct: bool,
    paragraph: usize,
    cue: Option<SpanJson<'a>>,
    source: Option<SpanJson<'a>>,
    speaker: Option<&'a str>,
    confidence: f32,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    id: &'a str,
    path: &'a str,
    title: Option<&'a str>,
    date: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    author: Option<&'a str>,
    text: &'a str,
    paragraphs: Vec<ParagraphJson<'a>>,
    entities: Vec<EntityJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
}

/// `analyze --json`: one line per article.
pub fn analysis(w: &mut (impl Write + ?Sized), a: &Article, an: &Analysis) -> io::Result<()> {
    let ci = CharIndex::new(&a.text);
    let span = |r: &std::ops::Range<usize>| SpanJson {
        start: ci.chars(r.start),
        end: ci.chars(r.end),
        text: a.text.get(r.clone()).unwrap_or(""),
    };
    let out = ArticleJson {
        id: a.id.as_str(),
        path: &a.origin,
        title: a.title.as_deref(),
        date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
        source: a.source.as_deref(),
        url: a.url.as_deref(),
        author: a.author.as_deref(),
        text: &a.text,
        paragraphs: a
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let facts = an.paragraphs.get(i);
                ParagraphJson {
                    index: i,
                    start: ci.chars(p.start),
                    end: ci.chars(p.end),
                    speakers: facts.map_or(&[][..], |f| &f.speakers),
                    actors: facts.map_or_else(Vec::new, |f| actors_json(&f.actors)),
                }
            })
            .collect(),
        entities: an
            .entities
            .iter()
            .map(|e| EntityJson {
                name: &e.name,
                kind: e.kind,
                mentions: e.mentions.iter().map(span).collect(),
            })
            .collect(),
        quotes: an
            .quotes
            .iter()
            .map(|q| QuoteJson {
                start: ci.chars(q.span.start),
                end: ci.chars(q.span.end),
                text: a.text.get(q.span.clone()).unwrap_or(""),
                direct: q.direct,
                paragraph: q.paragraph,
                cue: q.cue.as_ref().map(span),
                source: q.source.as_ref().map(span),
                speaker: q.speaker.as_deref(),
                confidence: q.confidence,
            })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

#[derive(Serialize)]
struct RejectedJson {
    path: String,
    line: Option<usize>,
    reason: String,
}

#[derive(Serialize)]
struct DuplicateJson<'a> {
    path: &'a str,
    id: &'a str,
    of: &'a str,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    seen: u64,
    added: u64,
    replaced: u64,
    unchanged: u64,
    duplicates: usize,
    rejected: usize,
    paragraphs: u64,
    bytes: u64,
    words: u64,
    seconds: f64,
    interrupted: bool,
    rejected_inputs: Vec<RejectedJson>,
    duplicate_inputs: Vec<DuplicateJson<'a>>,
    removed: u64,
    warnings: Vec<WarningJson<'a>>,
}

/// An article indexed with a caveat (an unreadable date: indexed undated).
#[derive(Serialize)]
struct WarningJson<'a> {
    path: &'a str,
    line: Option<usize>,
    id: &'a str,
    reason: String,
}

/// `ingest --json`.
pub fn summary(w: &mut (impl Write + ?Sized), s: &Summary) -> io::Result<()> {
    let out = SummaryJson {
        seen: s.seen,
        added: s.added,
        replaced: s.replaced,
        unchanged: s.unchanged,
        duplicates: s.duplicates.len(),
        rejected: s.rejected.len(),
        paragraphs: s.paragraphs,
        bytes: s.bytes,
        words: s.words,
        seconds: (s.seconds * 1000.0).round() / 1000.0,
        interrupted: s.interrupted,
        rejected_inputs: s
            .rejected
            .iter()
            .map(|e| RejectedJson { path: e.path.clone(), line: e.line, reason: e.reason.clone() })
            .collect(),
        duplicate_inputs: s
            .duplicates
            .iter()
            .map(|d| DuplicateJson { path: &d.origin, id: d.id.as_str(), of: d.of.as_str() })
            .collect(),
        removed: s.removed,
        warnings: s
            .date_warnings
            .iter()
            .map(|w| WarningJson {
                path: &w.origin,
                line: w.line,
                id: w.id.as_str(),
                reason: crate::output::text::date_warning(&w.date),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

/// A quote of a paragraph, with character offsets into the paragraph's text.
#[derive(Serialize)]
struct ParagraphQuoteJson<'a> {
    text: &'a str,
    speaker: Option<&'a str>,
    direct: bool,
    confidence: f64,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct ShowParagraph<'a> {
    index: u64,
    text: &'a str,
    speakers: &'a [String],
    actors: Vec<ActorJson<'a>>,
    quotes: Vec<ParagraphQuoteJson<'a>>,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    id: &'a str,
    title: Option<&'a str>,
    date: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    path: Option<&'a str>,
    paragraphs: Vec<ShowParagraph<'a>>,
}

/// `show --json` (and `GET /api/articles/{id}`).
pub fn article(w: &mut (impl Write + ?Sized), a: &StoredArticle) -> io::Result<()> {
    let first = a.paragraphs.first();
    let out = ShowJson {
        id: first.map_or("", |h| &h.article_id),
        title: first.and_then(|h| h.title.as_deref()),
        date: first.and_then(|h| h.date).map(|d| d.format("%Y-%m-%d").to_string()),
        source: first.and_then(|h| h.source.as_deref()),
        url: first.and_then(|h| h.url.as_deref()),
        path: first.and_then(|h| h.origin.as_deref()),
        paragraphs: a
            .paragraphs
            .iter()
            .map(|h| ShowParagraph {
                index: h.paragraph,
                text: &h.text,
                speakers: &h.speakers,
                actors: actors_json(&h.actors),
                quotes: quotes_json(h),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

#[derive(Serialize)]
struct BucketJson {
    start: String,
    count: u64,
    all: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize)]
struct TimelineJson<'a> {
    interval: &'static str,
    total: u64,
    undated: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    split: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    names: Option<&'a [String]>,
    buckets: Vec<BucketJson>,
}

/// `GET /api/timeline`: buckets with `count`, `all` and, when split, `series` by name
/// (`names` lists the series, most matches first).
pub fn timeline(w: &mut (impl Write + ?Sized), t: &Timeline) -> io::Result<()> {
    let out = TimelineJson {
        interval: t.interval.as_str(),
        total: t.total,
        undated: t.undated,
        split: t.split.map(|s| s.as_str()),
        names: t.split.map(|_| t.names.as_slice()),
        buckets: t
            .buckets
            .iter()
            .map(|b| BucketJson {
                start: b.start.format("%Y-%m-%d").to_string(),
                count: b.count,
                all: b.all,
                series: t.split.map(|_| {
                    t.names.iter().zip(&b.series).map(|(n, c)| (n.clone(), (*c).into())).collect()
                }),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

#[derive(Serialize)]
struct SuggestedJson<'a> {
    name: &'a str,
    kind: &'static str,
    count: u64,
}

#[derive(Serialize)]
struct NamesJson<'a> {
    names: Vec<SuggestedJson<'a>>,
}

/// `GET /api/names`: `{"names": [{"name", "kind", "count"}]}`, `kind` being `speaker` or an
/// actor kind.
pub fn names(w: &mut (impl Write + ?Sized), names: &[&Name]) -> io::Result<()> {
    let out = NamesJson {
        names: names
            .iter()
            .map(|n| SuggestedJson { name: &n.name, kind: n.kind.as_str(), count: n.count })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_scalar_values() {
        let t = "“We” é 😀 x".repeat(20);
        let ci = CharIndex::new(&t);
        for (ci_expected, (b, _)) in t.char_indices().enumerate() {
            assert_eq!(ci.chars(b), ci_expected);
        }
        assert_eq!(ci.chars(t.len()), t.chars().count());
    }
}

#[derive(Serialize)]
struct FetchErrorJson<'a> {
    url: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct FollowPassJson<'a> {
    feeds: usize,
    not_modified: usize,
    backing_off: usize,
    new_entries: usize,
    pages: usize,
    added: u64,
    replaced: u64,
    unchanged: u64,
    duplicates: usize,
    rejected: usize,
    errors: Vec<FetchErrorJson<'a>>,
}

/// `follow --json`: one object a pass.
pub fn follow_pass(w: &mut (impl Write + ?Sized), r: &crate::follow::PassReport) -> io::Result<()> {
    let s = &r.summary;
    let out = FollowPassJson {
        feeds: r.feeds,
        not_modified: r.not_modified,
        backing_off: r.backing_off,
        new_entries: r.new_entries,
        pages: r.pages,
        added: s.added,
        replaced: s.replaced,
        unchanged: s.unchanged,
        duplicates: s.duplicates.len(),
        rejected: s.rejected.len(),
        errors: r
            .errors
            .iter()
            .map(|e| FetchErrorJson { url: &e.url, reason: &e.reason })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    writeln!(w)
}
