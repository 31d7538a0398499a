//! The rows of `export`: one quote, one paragraph or one article, shaped for CSV and JSONL.
//!
//! Offsets are character offsets (Unicode scalar values) into the paragraph's text, as
//! the quotes of `query --json` hits give them. CSV has no lists: speakers and actors
//! are joined with `"; "` there (an actor as `Name (kind)`), and JSONL keeps arrays.

use serde::Serialize;

use crate::analysis::Kind;
use crate::index::search::Hit;
use crate::output::json::CharIndex;

/// Separator of list values in a CSV cell.
pub const CSV_LIST_SEP: &str = "; ";

/// A row of an export: serialised as one JSONL object, or as CSV cells under its header.
pub trait Row: Serialize {
    /// The CSV header, in the order of [`Row::csv_record`].
    const COLUMNS: &'static [&'static str];
    /// The CSV cells (lists joined with [`CSV_LIST_SEP`]).
    fn csv_record(&self) -> Vec<String>;
}

/// The article a row comes from: the same keys, in the same order, in every kind of row.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ArticleMeta {
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
}

impl ArticleMeta {
    const COLUMNS: [&'static str; 5] = ["article_id", "title", "date", "source", "url"];

    fn of(hit: &Hit) -> ArticleMeta {
        ArticleMeta {
            article_id: hit.article_id.clone(),
            title: hit.title.clone(),
            date: hit.date.map(|d| d.format("%Y-%m-%d").to_string()),
            source: hit.source.clone(),
            url: hit.url.clone(),
        }
    }

    fn cells(&self) -> [String; 5] {
        [
            self.article_id.clone(),
            self.title.clone().unwrap_or_default(),
            self.date.clone().unwrap_or_default(),
            self.source.clone().unwrap_or_default(),
            self.url.clone().unwrap_or_default(),
        ]
    }
}

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
    /// Its article.
    #[serde(flatten)]
    pub article: ArticleMeta,
    /// 0-based paragraph index in the article.
    pub paragraph: u64,
    /// First character of the quote in the paragraph.
    pub start: usize,
    /// Character after the quote's last, in the paragraph.
    pub end: usize,
}

/// An actor in a JSONL row.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ActorCell {
    /// Canonical name.
    pub name: String,
    /// person, org or place.
    pub kind: Kind,
}

/// A quote inside a paragraph row (JSONL only), as in `query --json` hits.
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

/// One paragraph.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ParagraphRow {
    /// Its article.
    #[serde(flatten)]
    pub article: ArticleMeta,
    /// 0-based paragraph index.
    pub paragraph: u64,
    /// The paragraph's text.
    pub text: String,
    /// Speakers quoted in it.
    pub speakers: Vec<String>,
    /// Actors quoted or mentioned.
    pub actors: Vec<ActorCell>,
    /// Its quotes (their number in CSV).
    pub quotes: Vec<QuoteCell>,
}

/// One article: metadata, every paragraph's text, and the union of their speakers and actors.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ArticleRow {
    /// The article.
    #[serde(flatten)]
    pub article: ArticleMeta,
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
            article: ArticleMeta::of(hit),
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
        article: ArticleMeta::of(hit),
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
        article: ArticleMeta::of(first),
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

/// CSV columns: the quote's own five, the article's, then where it is.
const QUOTE_COLUMNS: [&str; 13] = concat_columns(
    ["speaker", "quote", "direct", "confidence", "cue"],
    ArticleMeta::COLUMNS,
    ["paragraph", "start", "end"],
);

/// CSV columns: the article's, then the paragraph's.
const PARAGRAPH_COLUMNS: [&str; 10] =
    concat_columns([], ArticleMeta::COLUMNS, ["paragraph", "text", "speakers", "actors", "quotes"]);

/// CSV columns: the article's, then its contents.
const ARTICLE_COLUMNS: [&str; 10] = concat_columns(
    [],
    ArticleMeta::COLUMNS,
    ["paragraphs", "speakers", "actors", "quotes", "text"],
);

/// `before ++ article ++ after`, at compile time (the header lists must stay in field order).
const fn concat_columns<const A: usize, const B: usize, const N: usize>(
    before: [&'static str; A],
    article: [&'static str; 5],
    after: [&'static str; B],
) -> [&'static str; N] {
    assert!(A + 5 + B == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < A {
        out[i] = before[i];
        i += 1;
    }
    while i < A + 5 {
        out[i] = article[i - A];
        i += 1;
    }
    while i < N {
        out[i] = after[i - A - 5];
        i += 1;
    }
    out
}

impl Row for QuoteRow {
    const COLUMNS: &'static [&'static str] = &QUOTE_COLUMNS;

    fn csv_record(&self) -> Vec<String> {
        let mut cells = vec![
            self.speaker.clone().unwrap_or_default(),
            self.quote.clone(),
            self.direct.to_string(),
            // As the csv crate writes an f32 (`1.0`, not `1`).
            format!("{:?}", self.confidence),
            self.cue.clone().unwrap_or_default(),
        ];
        cells.extend(self.article.cells());
        cells.extend([self.paragraph.to_string(), self.start.to_string(), self.end.to_string()]);
        cells
    }
}

impl Row for ParagraphRow {
    const COLUMNS: &'static [&'static str] = &PARAGRAPH_COLUMNS;

    fn csv_record(&self) -> Vec<String> {
        let mut cells = self.article.cells().to_vec();
        cells.extend([
            self.paragraph.to_string(),
            self.text.clone(),
            self.speakers.join(CSV_LIST_SEP),
            actors_cell(&self.actors),
            self.quotes.len().to_string(),
        ]);
        cells
    }
}

impl Row for ArticleRow {
    const COLUMNS: &'static [&'static str] = &ARTICLE_COLUMNS;

    fn csv_record(&self) -> Vec<String> {
        let mut cells = self.article.cells().to_vec();
        cells.extend([
            self.paragraphs.to_string(),
            self.speakers.join(CSV_LIST_SEP),
            actors_cell(&self.actors),
            self.quotes.to_string(),
            self.text.clone(),
        ]);
        cells
    }
}
