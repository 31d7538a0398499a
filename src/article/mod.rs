//! Articles: what every input format is turned into before analysis.
//!
//! An [`Article`] owns the exact text that all offsets index (`text`), the
//! article's metadata, and the byte spans of its paragraphs inside `text`.
//! Reading files lives in [`read`]; splitting text into paragraphs lives in
//! [`paragraph`]; neither analyses anything nor touches the index.

pub mod date;
pub mod html;
pub mod json;
pub mod paragraph;
pub mod read;
pub mod text;
pub mod walk;

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use read::{InputError, ReadOptions, Reader};

/// A stable article identifier: the input's id, else its URL, else a path-derived id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One article, ready for analysis.
#[derive(Clone, Debug)]
pub struct Article {
    /// Stable identity (upserts replace by it).
    pub id: ArticleId,
    /// Where it came from, as the user named it (`-` for stdin).
    pub origin: String,
    /// The 1-based line of a JSON Lines input.
    pub line: Option<usize>,
    /// The headline, if any.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// A date the input gave that could not be read ("yesterday", "2024-02-30"): the article
    /// is kept undated and the ingest reports it.
    pub unread_date: Option<String>,
    /// Publisher or outlet.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// The text every offset indexes (a .txt/.md file exactly as read; the extracted body otherwise).
    pub text: String,
    /// Byte span of a headline inside `text` (analysed for entities, not indexed as a paragraph).
    pub headline: Option<Range<usize>>,
    /// Byte spans of the paragraphs inside `text`, in order; index = paragraph number.
    pub paragraphs: Vec<Range<usize>>,
}

impl Article {
    /// The text of paragraph `i`.
    pub fn paragraph(&self, i: usize) -> &str {
        &self.text[self.paragraphs[i].clone()]
    }

    /// A hash of the normalised content (title, date, source and paragraphs, whitespace
    /// folded): the same article under another name or path hashes the same. The date and
    /// source take part because the same wire text published on another day or by another
    /// outlet is another publication, which people following a story want to see.
    pub fn content_hash(&self) -> u64 {
        self.content_hash_and_words().0
    }

    /// [`Article::content_hash`] and the number of whitespace-separated words in the
    /// paragraphs (for throughput figures), in one pass: counting the words again took
    /// another pass over the text, 1% of ingest's instructions.
    pub fn content_hash_and_words(&self) -> (u64, usize) {
        use xxhash_rust::xxh3::Xxh3;
        let mut h = Xxh3::new();
        let mut feed = |s: &str| {
            let mut words = 0;
            for word in s.split_whitespace() {
                h.update(word.as_bytes());
                h.update(b" ");
                words += 1;
            }
            h.update(b"\n");
            words
        };
        feed(self.title.as_deref().unwrap_or(""));
        feed(&self.date.map(|d| d.to_string()).unwrap_or_default());
        feed(self.source.as_deref().unwrap_or(""));
        let mut words = 0;
        for p in &self.paragraphs {
            words += feed(&self.text[p.clone()]);
        }
        (h.digest(), words)
    }

    /// Number of whitespace-separated words in the paragraphs (for throughput figures).
    pub fn word_count(&self) -> usize {
        self.paragraphs.iter().map(|p| self.text[p.clone()].split_whitespace().count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 4] = [
        "",
        "  Plain words,\tand tabs\r\nand lines.  ",
        "no-break\u{a0}space, em\u{2003}space, next\u{85}line, zero\u{200b}width",
        "one",
    ];

    /// The content hash is kept in every index (an unchanged article is skipped by it): word,
    /// space, newline a part; the words counted are the paragraphs' only.
    #[test]
    fn content_hash_and_word_count_in_one_pass() {
        use xxhash_rust::xxh3::Xxh3;
        let text = TEXTS.join("\n\n");
        let mut paragraphs = Vec::new();
        let mut at = 0;
        for t in TEXTS {
            paragraphs.push(at..at + t.len());
            at += t.len() + 2;
        }
        let article = Article {
            id: ArticleId("a".into()),
            origin: "-".into(),
            line: None,
            title: Some("A  title\u{a0}here".into()),
            date: NaiveDate::from_ymd_opt(2005, 3, 1),
            unread_date: None,
            source: None,
            url: None,
            author: None,
            text,
            headline: None,
            paragraphs,
        };
        let mut h = Xxh3::new();
        let mut feed = |s: &str| {
            for word in s.split_whitespace() {
                h.update(word.as_bytes());
                h.update(b" ");
            }
            h.update(b"\n");
        };
        feed("A  title\u{a0}here");
        feed("2005-03-01");
        feed("");
        for p in &article.paragraphs {
            feed(&article.text[p.clone()]);
        }
        let words: usize = TEXTS.iter().map(|t| t.split_whitespace().count()).sum();
        assert_eq!(article.content_hash_and_words(), (h.digest(), words));
        assert_eq!(article.content_hash(), h.digest());
        assert_eq!(article.word_count(), words);
    }
}
