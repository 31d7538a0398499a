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
        // The bytes the hash has always fed, one streaming update a word (each word, a space;
        // a newline a part), gathered first and hashed at once: the same digest, without a
        // hasher call per word, and words split byte by byte (see [`for_each_word`]).
        let mut buf = Vec::with_capacity(self.text.len() + 64);
        let mut feed = |s: &str| {
            for_each_word(s, |word| {
                buf.extend_from_slice(word.as_bytes());
                buf.push(b' ');
            });
            buf.push(b'\n');
        };
        feed(self.title.as_deref().unwrap_or(""));
        feed(&self.date.map(|d| d.to_string()).unwrap_or_default());
        feed(self.source.as_deref().unwrap_or(""));
        for p in &self.paragraphs {
            feed(&self.text[p.clone()]);
        }
        xxhash_rust::xxh3::xxh3_64(&buf)
    }

    /// Number of whitespace-separated words in the paragraphs (for throughput figures).
    pub fn word_count(&self) -> usize {
        let mut n = 0;
        for p in &self.paragraphs {
            for_each_word(&self.text[p.clone()], |_| n += 1);
        }
        n
    }
}

/// Call `f` on each word of `s`, the words `str::split_whitespace` gives (separated by
/// Unicode white space), looking at ASCII text a byte at a time instead of decoding every
/// character: hashing and counting articles this way took 2% of ingest's CPU time.
pub fn for_each_word<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = s.as_bytes();
    // The white space at `i` and its length in bytes; 0 when `i` starts a word character.
    let space_at = |i: usize| -> usize {
        match bytes[i] {
            b' ' | b'\t'..=b'\r' => 1,
            b if b.is_ascii() => 0,
            _ => s[i..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8),
        }
    };
    let mut i = 0;
    loop {
        while i < bytes.len() {
            match space_at(i) {
                0 => break,
                n => i += n,
            }
        }
        if i == bytes.len() {
            return;
        }
        let from = i;
        while i < bytes.len() && space_at(i) == 0 {
            // A word character: an ASCII byte, or a whole UTF-8 sequence.
            i += 1;
            while i < bytes.len() && !s.is_char_boundary(i) {
                i += 1;
            }
        }
        f(&s[from..i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 6] = [
        "",
        "  Plain words,\tand tabs\r\nand lines.  ",
        "no-break\u{a0}space, em\u{2003}space, ideographic\u{3000}space, next\u{85}line",
        "not spaces: unit\u{1f}separator, zero\u{200b}width, caf\u{e9} na\u{ef}ve \u{1f600}!",
        "\u{2028}\u{2029} \u{202f}x\u{205f}y\u{1680}z\u{0b}v\u{0c}w ",
        "one",
    ];

    #[test]
    fn words_are_those_split_whitespace_gives() {
        for text in TEXTS {
            let mut got = Vec::new();
            for_each_word(text, |w| got.push(w));
            assert_eq!(got, text.split_whitespace().collect::<Vec<_>>(), "{text:?}");
        }
    }

    /// The content hash is kept in every index (an unchanged article is skipped by it), so it
    /// must stay the digest the streaming hasher gave: word, space, newline a part.
    #[test]
    fn content_hash_is_the_streaming_digest_of_the_words() {
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
        assert_eq!(article.content_hash(), h.digest());
        let words: usize = TEXTS.iter().map(|t| t.split_whitespace().count()).sum();
        assert_eq!(article.word_count(), words);
    }
}
