//! The rows of `export`: one quote, one paragraph or one article, shaped for CSV and JSONL.
//!
//! Offsets are character offsets (Unicode scalar values) into the paragraph's text, as
//! the quotes of `query --json` hits give them. CSV has no lists: speakers and actors
//! are joined with `"; "` there (an actor as `Name (kind)`), and JSONL keeps arrays.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::Kind;
use crate::index::search::Hit;
use crate::output::json::CharIndex;

/// Separator of list values in a CSV cell.
pub const CSV_LIST_SEP: &str = "; ";

/// One quote with its article's metadata (the same keys in CSV and JSONL).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct QuoteRow {
    /// Canonical name of the speaker (empty in CSV, null in JSON, when unresolved).
    pub speaker: Option<String>,
    /// The quote's text.
    pub quote: String,
    /// In quotation marks (true) or reported speech (false).
    pub direct: bool,
    /// How well the text supports the speaker, 0 to 1.
    pub confidence: f32,
    /// The speech verb or phrase ("said", "told"), when there is one in the paragraph.
    pub cue: Option<String>,
    /// Article id.
    pub article_id: String,
    /// Article title.
    pub title: Option<String>,
    /// Publication day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// URL of the article.
    pub url: Option<String>,
    /// 0-based paragraph index in the article.
    pub paragraph: u64,
    /// First character of the quote in the paragraph.
    pub start: usize,
    /// Character after the quote's last, in the paragraph.
    pub end: usize,
}

/// The CSV header of a paragraph row.
pub const PARAGRAPH_COLUMNS: [&str; 10] = [
    "article_id",
    "title",
    "date",
    "source",
    "url",
    "paragraph",
    "text",
    "speakers",
    "actors",
    "quotes",
];

/// The CSV header of an article row.
pub const ARTICLE_COLUMNS: [&str; 10] = [
    "article_id",
    "title",
    "date",
    "source",
    "url",
    "paragraphs",
    "speakers",
    "actors",
    "quotes",
    "text",
];

/// An actor in a JSONL row.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ActorCell {
    /// Canonical name.
    pub name: String,
    /// person, org or place.
    pub kind: Kind,
}

/// A quote inside a paragraph or article row (JSONL only), as in `query --json` hits.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct QuoteCell {
    /// The quote's text.
    pub text: String,
    /// Canonical name of the speaker, or null.
    pub speaker: Option<String>,
    /// In quotation marks.
    pub direct: bool,
    /// 0 to 1.
    pub confidence: f32,
    /// First character in the paragraph's text.
    pub start: usize,
    /// Character after the last.
    pub end: usize,
}

/// One paragraph (JSONL form; [`ParagraphRow::csv_record`] for CSV).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ParagraphRow {
    /// Article id.
    pub article_id: String,
    /// Article title.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// 0-based paragraph index.
    pub paragraph: u64,
    /// The paragraph's text.
    pub text: String,
    /// Speakers quoted in it.
    pub speakers: Vec<String>,
    /// Actors quoted or mentioned.
    pub actors: Vec<ActorCell>,
    /// Its quotes.
    pub quotes: Vec<QuoteCell>,
}

/// One article: metadata, every paragraph's text, and the union of their speakers and actors.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ArticleRow {
    /// Article id.
    pub article_id: String,
    /// Title.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// Distinct speakers, in order of first quote.
    pub speakers: Vec<String>,
    /// Distinct actors, in order of first appearance.
    pub actors: Vec<ActorCell>,
    /// Number of quotes.
    pub quotes: usize,
    /// The paragraphs' texts joined by blank lines.
    pub text: String,
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// A text slice by stored byte offsets, or "" when they do not fit the text.
fn slice(text: &str, s: usize, e: usize) -> &str {
    text.get(s..e).unwrap_or("")
}

/// The quotes of a paragraph as rows.
pub fn quote_rows(hit: &Hit) -> Vec<QuoteRow> {
    let idx = CharIndex::new(&hit.text);
    hit.quotes
        .iter()
        .map(|q| QuoteRow {
            speaker: q.speaker.clone(),
            quote: slice(&hit.text, q.span.start, q.span.end).to_string(),
            direct: q.direct,
            confidence: q.confidence,
            cue: q.cue.clone().map(|c| slice(&hit.text, c.start, c.end).to_string()),
            article_id: hit.article_id.clone(),
            title: hit.title.clone(),
            date: day(hit.date),
            source: hit.source.clone(),
            url: hit.url.clone(),
            paragraph: hit.paragraph,
            start: idx.chars(q.span.start),
            end: idx.chars(q.span.end),
        })
        .collect()
}

fn quote_cells(hit: &Hit) -> Vec<QuoteCell> {
    quote_rows(hit)
        .into_iter()
        .map(|r| QuoteCell {
            text: r.quote,
            speaker: r.speaker,
            direct: r.direct,
            confidence: r.confidence,
            start: r.start,
            end: r.end,
        })
        .collect()
}

fn actor_cells(hit: &Hit) -> Vec<ActorCell> {
    hit.actors.iter().map(|a| ActorCell { name: a.name.clone(), kind: a.kind }).collect()
}

/// A paragraph as a row.
pub fn paragraph_row(hit: &Hit) -> ParagraphRow {
    ParagraphRow {
        article_id: hit.article_id.clone(),
        title: hit.title.clone(),
        date: day(hit.date),
        source: hit.source.clone(),
        url: hit.url.clone(),
        paragraph: hit.paragraph,
        text: hit.text.clone(),
        speakers: hit.speakers.clone(),
        actors: actor_cells(hit),
        quotes: quote_cells(hit),
    }
}

/// An article, from all of its paragraphs in order.
pub fn article_row(paragraphs: &[Hit]) -> Option<ArticleRow> {
    let first = paragraphs.first()?;
    let mut speakers: Vec<String> = Vec::new();
    let mut actors: Vec<ActorCell> = Vec::new();
    let mut quotes = 0;
    let mut text = String::new();
    for p in paragraphs {
        for s in &p.speakers {
            if !speakers.contains(s) {
                speakers.push(s.clone());
            }
        }
        for a in actor_cells(p) {
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        quotes += p.quotes.len();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&p.text);
    }
    Some(ArticleRow {
        article_id: first.article_id.clone(),
        title: first.title.clone(),
        date: day(first.date),
        source: first.source.clone(),
        url: first.url.clone(),
        paragraphs: paragraphs.len(),
        speakers,
        actors,
        quotes,
        text,
    })
}

fn actors_cell(actors: &[ActorCell]) -> String {
    actors
        .iter()
        .map(|a| format!("{} ({})", a.name, a.kind.as_str()))
        .collect::<Vec<_>>()
        .join(CSV_LIST_SEP)
}

impl ParagraphRow {
    /// The CSV cells, in [`PARAGRAPH_COLUMNS`] order.
    pub fn csv_record(&self) -> [String; 10] {
        [
            self.article_id.clone(),
            self.title.clone().unwrap_or_default(),
            self.date.clone().unwrap_or_default(),
            self.source.clone().unwrap_or_default(),
            self.url.clone().unwrap_or_default(),
            self.paragraph.to_string(),
            self.text.clone(),
            self.speakers.join(CSV_LIST_SEP),
            actors_cell(&self.actors),
            self.quotes.len().to_string(),
        ]
    }
}

impl ArticleRow {
    /// The CSV cells, in [`ARTICLE_COLUMNS`] order.
    pub fn csv_record(&self) -> [String; 10] {
        [
            self.article_id.clone(),
            self.title.clone().unwrap_or_default(),
            self.date.clone().unwrap_or_default(),
            self.source.clone().unwrap_or_default(),
            self.url.clone().unwrap_or_default(),
            self.paragraphs.to_string(),
            self.speakers.join(CSV_LIST_SEP),
            actors_cell(&self.actors),
            self.quotes.to_string(),
            self.text.clone(),
        ]
    }
}
