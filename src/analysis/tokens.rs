//! Words, sentences and quotation marks that survive news text.
//!
//! A [`Document`] tokenises the headline and each paragraph of an article into
//! [`Token`]s (byte spans into the article text) and groups them into
//! sentences that never cross a paragraph. Abbreviation periods stay on their
//! word ("Mr.", "U.S.", "No. 10"), a possessive `'s` is split off, and every
//! quotation mark is a token of its own so the quote finder can pair them.

use std::ops::Range;
use std::sync::LazyLock;

use crate::article::Article;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits, internal hyphens, apostrophes or abbreviation periods).
    Word,
    /// Digits (with internal `,` `.` `:` `/`).
    Number,
    /// A quotation mark: `"` `“` `”` `'` `‘` `’` `«` `»` `„`.
    Quote,
    /// Any other punctuation or symbol, one character.
    Punct,
}

/// One token: a byte span into the article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Kind.
    pub kind: TokenKind,
}

impl Token {
    /// The byte span.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// An article tokenised: tokens, sentences (token ranges) and paragraphs (token ranges).
pub struct Document<'a> {
    /// The article analysed.
    pub article: &'a Article,
    /// The article text all spans index.
    pub text: &'a str,
    /// All tokens of the headline and paragraphs, in text order.
    pub tokens: Vec<Token>,
    /// Sentences as token index ranges, in order; none crosses a paragraph.
    pub sentences: Vec<Range<usize>>,
    /// Token range of each article paragraph (same index as `article.paragraphs`).
    pub paragraphs: Vec<Range<usize>>,
    /// Token range of the headline, if any.
    pub headline: Option<Range<usize>>,
}

impl<'a> Document<'a> {
    /// Tokenise an article's headline and paragraphs.
    pub fn new(article: &'a Article) -> Document<'a> {
        let text = article.text.as_str();
        let mut doc = Document {
            article,
            text,
            tokens: Vec::with_capacity(text.len() / 5),
            sentences: Vec::new(),
            paragraphs: Vec::with_capacity(article.paragraphs.len()),
            headline: None,
        };
        if let Some(h) = &article.headline {
            doc.headline = Some(doc.add_block(h.clone()));
        }
        for p in &article.paragraphs {
            let r = doc.add_block(p.clone());
            doc.paragraphs.push(r);
        }
        doc
    }

    fn add_block(&mut self, span: Range<usize>) -> Range<usize> {
        let first = self.tokens.len();
        tokenize_into(self.text, span, &mut self.tokens);
        let last = self.tokens.len();
        split_sentences(self.text, &self.tokens, first..last, &mut self.sentences);
        first..last
    }

    /// The text of token `i`; empty past the last token, since rules look ahead of a name or
    /// a cue ("said" followed by ",") and a text may end right there.
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| &self.text[t.span()])
    }

    /// The text covered by tokens `r` (from the first token's start to the last one's end).
    pub fn slice(&self, r: Range<usize>) -> &'a str {
        if r.is_empty() {
            return "";
        }
        &self.text[self.tokens[r.start].start..self.tokens[r.end - 1].end]
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.end <= i)
    }

    /// Index of the paragraph holding token `i` (None for the headline).
    pub fn paragraph_of(&self, i: usize) -> Option<usize> {
        let p = self.paragraphs.partition_point(|r| r.end <= i);
        self.paragraphs.get(p).filter(|r| r.start <= i).map(|_| p)
    }
}

/// Abbreviations that keep their period and do not end a sentence.
static ABBREVIATIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::gazetteer::entries(include_str!("lexicon/abbreviations.txt")).map(str::trim).collect()
});

/// True when `w` (without its period) is a known abbreviation such as "Mr" or "Gen".
pub fn is_abbreviation(w: &str) -> bool {
    ABBREVIATIONS.contains(&w)
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '`' | '«' | '»' | '„' | '‟' | '‹' | '›')
}

/// Tokenise `text[span]`, appending to `out`.
pub fn tokenize_into(text: &str, span: Range<usize>, out: &mut Vec<Token>) {
    let s = &text[span.clone()];
    let base = span.start;
    // `chars` runs over `s[at..]`: after a word it restarts at the word's end rather than
    // stepping over the word's characters a second time.
    let mut at = 0;
    let mut chars = s.char_indices().peekable();
    while let Some(&(j, c)) = chars.peek() {
        let i = at + j;
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c.is_alphanumeric() {
            let (end, kind) = scan_word(s, i);
            // Split a possessive or clitic 's off its word ("Afghanistan’s" -> "Afghanistan" "’s").
            let w = &s[i..end];
            let clitic = w.len() > 2
                && (w.ends_with("'s")
                    || w.ends_with("’s")
                    || w.ends_with("'S")
                    || w.ends_with("’S"));
            if clitic {
                let cut = end - if w.ends_with("’s") || w.ends_with("’S") { 4 } else { 2 };
                out.push(Token { start: base + i, end: base + cut, kind });
                out.push(Token { start: base + cut, end: base + end, kind: TokenKind::Word });
            } else {
                out.push(Token { start: base + i, end: base + end, kind });
            }
            at = end;
            chars = s[end..].char_indices().peekable();
            continue;
        }
        chars.next();
        let end = i + c.len_utf8();
        // Ellipsis "..." is one token.
        if c == '.' && s[end..].starts_with("..") {
            out.push(Token { start: base + i, end: base + end + 2, kind: TokenKind::Punct });
            chars.next();
            chars.next();
            continue;
        }
        let kind = if is_quote_char(c) { TokenKind::Quote } else { TokenKind::Punct };
        out.push(Token { start: base + i, end: base + end, kind });
    }
}

/// Scan a word or number starting at byte `i` of `s`; returns its end and kind.
fn scan_word(s: &str, i: usize) -> (usize, TokenKind) {
    let mut end = i;
    let mut has_alpha = false;
    let mut has_digit = false;
    let mut it = s[i..].char_indices().peekable();
    while let Some((off, c)) = it.next() {
        let at = i + off;
        if c.is_alphanumeric() {
            has_alpha |= c.is_alphabetic();
            has_digit |= c.is_numeric();
            end = at + c.len_utf8();
            continue;
        }
        let next = it.peek().map(|&(_, n)| n);
        let joins = match c {
            // don't, O’Brien, Afghanistan’s
            '\'' | '’' => next.is_some_and(char::is_alphabetic) && end == at,
            // U.S.-led keeps the hyphen out; well-known, 24-hour join.
            '-' | '‐' => next.is_some_and(char::is_alphanumeric) && end == at,
            // 1,000 / 3.5 / 10:30 / 9/11
            ',' | ':' | '/' => {
                has_digit && !has_alpha && next.is_some_and(|n| n.is_ascii_digit()) && end == at
            }
            '.' => {
                if end != at {
                    false
                } else if has_digit && !has_alpha && next.is_some_and(|n| n.is_ascii_digit()) {
                    true
                } else {
                    // Abbreviation periods: U.S. / e.g. / a.m. / J. (initial) / Mr.
                    let word = &s[i..at];
                    let single_letter_run = word
                        .split('.')
                        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
                    if single_letter_run {
                        end = at + 1;
                        // Continue only into another single letter followed by a period (U.S.A.).
                        let rest = &s[at + 1..];
                        let mut rc = rest.chars();
                        match (rc.next(), rc.next()) {
                            (Some(l), Some('.')) if l.is_alphabetic() => continue,
                            _ => break,
                        }
                    } else if is_abbreviation(word)
                        || (matches!(word, "No" | "Nos" | "no")
                            && s[at + 1..].trim_start().starts_with(|d: char| d.is_ascii_digit()))
                    {
                        end = at + 1;
                        break;
                    } else {
                        false
                    }
                }
            }
            _ => false,
        };
        if !joins {
            break;
        }
    }
    let kind = if has_alpha || !has_digit { TokenKind::Word } else { TokenKind::Number };
    (end, kind)
}

/// Words that start a sentence after an abbreviation such as "U.S." ends one.
const SENTENCE_STARTERS: &[&str] = &[
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "In", "A", "This", "That", "His",
    "Her", "Their", "There", "Its", "On", "At", "As", "After", "If", "When", "While", "Some",
    "Many", "Mr.", "Mrs.", "Ms.",
];

/// Group `tokens[range]` into sentences, appending token ranges to `out`.
pub fn split_sentences(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    out: &mut Vec<Range<usize>>,
) {
    let mut start = range.start;
    let mut i = range.start;
    let tok = |k: usize| &text[tokens[k].span()];
    while i < range.end {
        let t = tok(i);
        let terminal = matches!(t, "." | "!" | "?" | "..." | "…");
        let abbrev_end = !terminal
            && tokens[i].kind == TokenKind::Word
            && t.ends_with('.')
            && t.matches('.').count() >= 2
            && i + 1 < range.end
            && SENTENCE_STARTERS.contains(&tok(i + 1));
        if terminal || abbrev_end {
            // Closing quotes and brackets after the terminal belong to this sentence.
            let mut j = i + 1;
            while j < range.end && (is_closing(tok(j)) || matches!(tok(j), "." | "!" | "?")) {
                j += 1;
            }
            let boundary = j >= range.end || {
                let next = tok(j);
                let c = next.chars().next().unwrap_or(' ');
                c.is_uppercase()
                    || c.is_numeric()
                    || tokens[j].kind == TokenKind::Quote
                    || next == "("
                    || next == "—"
            };
            if boundary && j > start {
                out.push(start..j);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < range.end {
        out.push(start..range.end);
    }
}

fn is_closing(t: &str) -> bool {
    matches!(t, "”" | "’" | "\"" | "'" | ")" | "]" | "»")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut out = vec![];
        tokenize_into(s, 0..s.len(), &mut out);
        out.iter().map(|t| &s[t.span()]).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        let mut t = vec![];
        tokenize_into(s, 0..s.len(), &mut t);
        let mut out = vec![];
        split_sentences(s, &t, 0..t.len(), &mut out);
        out.iter().map(|r| &s[t[r.start].start..t[r.end - 1].end]).collect()
    }

    #[test]
    fn words_abbreviations_and_possessives() {
        assert_eq!(
            toks("Mr. Smith’s U.S.-led plan"),
            ["Mr.", "Smith", "’s", "U.S.", "-", "led", "plan"]
        );
        assert_eq!(
            toks("“We own 1,000.5 mines,” he said."),
            ["“", "We", "own", "1,000.5", "mines", ",", "”", "he", "said", "."]
        );
        assert_eq!(toks("No. 10 and O’Brien don't"), ["No.", "10", "and", "O’Brien", "don't"]);
        assert_eq!(toks("J. K. Rowling wrote..."), ["J.", "K.", "Rowling", "wrote", "..."]);
    }

    #[test]
    fn sentences_survive_abbreviations_and_quotes() {
        assert_eq!(
            sents(
                "Gen. Smith met Mr. Jones in the U.S. capital. “It went well,” he said. Then he left."
            ),
            [
                "Gen. Smith met Mr. Jones in the U.S. capital.",
                "“It went well,” he said.",
                "Then he left."
            ]
        );
        assert_eq!(
            sents("He lives in the U.S. The rest stay."),
            ["He lives in the U.S.", "The rest stay."]
        );
        assert_eq!(sents("“Stop!” she said. “Now.”"), ["“Stop!” she said.", "“Now.”"]);
    }
}
