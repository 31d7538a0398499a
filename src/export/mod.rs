//! `export`: every match of a request as data rows, and as documents for a distributed engine.
//!
//! - [`rows`]: quote, paragraph and article rows;
//! - [`engine`]: one document per paragraph for Quickwit or OpenSearch, and each engine's
//!   index definition.
//!
//! [`Exporter`] takes the paragraphs of a walk ([`crate::index::search::Searcher::walk`])
//! one at a time and writes rows as it goes: nothing but the current paragraph is held,
//! except the ids of the articles already written by an article export (8 bytes each).

pub mod engine;
pub mod rows;

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::io::Write;

use anyhow::Result;

use crate::index::search::{Hit, Searcher};
use rows::{ArticleRow, ParagraphRow, QuoteRow, Row, article_row, paragraph_row, quote_rows};

/// What one row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// A matching paragraph.
    Paragraphs,
    /// A quote of a matching paragraph.
    Quotes,
    /// An article with at least one matching paragraph (each once).
    Articles,
}

/// How rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object a line.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> Sink<W> {
    fn row<T: Row>(&mut self, row: &T) -> Result<()> {
        match self {
            Sink::Csv(w) => w.write_record(row.csv_record()).map_err(io_error)?,
            Sink::Jsonl(w) => {
                // Serialised first, so a failed write is a plain io::Error (a closed pipe
                // must read as one: `export … | head` is not a failure).
                let mut line = serde_json::to_vec(row)?;
                line.push(b'\n');
                w.write_all(&line)?;
            }
        }
        Ok(())
    }
}

/// A CSV error as the io::Error it wraps when it is one (so a closed pipe is recognised).
fn io_error(e: csv::Error) -> anyhow::Error {
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => return io.into(),
            other => return anyhow::anyhow!("CSV: {other:?}"),
        }
    }
    e.into()
}

/// Writes the rows of the paragraphs it is given.
pub struct Exporter<W: Write> {
    sink: Sink<W>,
    what: What,
    /// With quotes: keep only the quotes of these speakers (canonical names), when given.
    speakers: Option<HashSet<String>>,
    /// Hashes of the ids of articles already written (article export only).
    seen: HashSet<u64, BuildHasherDefault<rustc_hash::FxHasher>>,
    rows: u64,
}

impl<W: Write> Exporter<W> {
    /// Start an export (a CSV export writes its header now). With [`What::Quotes`], a quote
    /// is kept only when its speaker is one of `speakers` (canonical names, when given): the
    /// walk's `--speaker` filter keeps paragraphs that quote S, this keeps S's own quotes.
    pub fn new(
        out: W,
        what: What,
        format: Format,
        speakers: Option<HashSet<String>>,
    ) -> Result<Self> {
        let sink = match format {
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(out);
                match what {
                    What::Quotes => w.write_record(QuoteRow::COLUMNS),
                    What::Paragraphs => w.write_record(ParagraphRow::COLUMNS),
                    What::Articles => w.write_record(ArticleRow::COLUMNS),
                }
                .map_err(io_error)?;
                Sink::Csv(Box::new(w))
            }
        };
        Ok(Exporter { sink, what, speakers, seen: HashSet::default(), rows: 0 })
    }

    /// Write the rows of one matching paragraph (`searcher` reads an article's other
    /// paragraphs for an article row).
    pub fn paragraph(&mut self, searcher: &Searcher, hit: &Hit) -> Result<()> {
        match self.what {
            What::Quotes => {
                for q in quote_rows(hit) {
                    let keep = self
                        .speakers
                        .as_ref()
                        .is_none_or(|only| q.speaker.as_ref().is_some_and(|s| only.contains(s)));
                    if keep {
                        self.sink.row(&q)?;
                        self.rows += 1;
                    }
                }
            }
            What::Paragraphs => {
                self.sink.row(&paragraph_row(hit))?;
                self.rows += 1;
            }
            What::Articles => {
                let key = xxhash_rust::xxh3::xxh3_64(hit.article_id.as_bytes());
                if self.seen.insert(key) {
                    let article = searcher.article(&hit.article_id)?;
                    if let Some(row) = article_row(&article.paragraphs) {
                        self.sink.row(&row)?;
                        self.rows += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Flush; the number of rows written (not counting a CSV header).
    pub fn finish(self) -> Result<u64> {
        match self.sink {
            Sink::Csv(mut w) => w.flush()?,
            Sink::Jsonl(mut w) => w.flush()?,
        }
        Ok(self.rows)
    }
}
