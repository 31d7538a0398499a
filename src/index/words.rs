//! The words of a text as tantivy's `SimpleTokenizer`, `RemoveLongFilter`, `LowerCaser` and
//! `AsciiFoldingFilter` chained make them, in one pass: the tokenizer under the stem and
//! name analyzers.
//!
//! Chained, the four stages cost an ingest about 260 instructions a word in callgrind (a
//! `char` decoded and classified a byte, then the word copied, measured, scanned for ASCII
//! twice and lower-cased), and every word of title, text and quotes goes through them. Here
//! an ASCII word (nearly every word of English news) is found, measured and lower-cased byte
//! by byte while it is copied; a word with any other character goes through tantivy's own
//! lower-casing and folding, so the tokens (text, offsets, positions) are the chain's own (a
//! test compares them).

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words of a text, lower-cased, accents folded, those of `limit` bytes or more dropped.
#[derive(Clone)]
pub struct FoldedWords {
    /// Words this long (in bytes, as found in the text) or longer are dropped.
    limit: usize,
    token: Token,
    /// tantivy's lower-casing and folding, for the words that are not ASCII.
    fold: TextAnalyzer,
}

impl FoldedWords {
    /// Words shorter than `limit` bytes (`RemoveLongFilter::limit(limit)`).
    pub fn new(limit: usize) -> FoldedWords {
        let fold = TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        FoldedWords { limit, token: Token::default(), fold }
    }
}

impl Tokenizer for FoldedWords {
    type TokenStream<'a> = FoldedWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldedWordStream<'a> {
        self.token.reset();
        FoldedWordStream {
            text,
            at: 0,
            limit: self.limit,
            token: &mut self.token,
            fold: &mut self.fold,
        }
    }
}

/// The tokens of [`FoldedWords`].
pub struct FoldedWordStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts (a character boundary).
    at: usize,
    limit: usize,
    token: &'a mut Token,
    fold: &'a mut TextAnalyzer,
}

/// What a byte is to the word scan, as bits: part of a word if ASCII (a letter or digit), an
/// upper-case ASCII letter, or a byte of a character beyond ASCII (decoded and tested as a
/// `char`). A table: the scan of a word is one load, test and or a byte, and it tells whether
/// the word needs lower-casing (most words do not) or folding.
const WORD: u8 = 1;
const UPPER: u8 = 2;
const WIDE: u8 = 4;
static CLASS: [u8; 256] = {
    let mut t = [WIDE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c.is_ascii_alphanumeric() {
            WORD
        } else {
            0
        };
        b += 1;
    }
    t
};

/// True when the character starting at byte `at` of `text` (not ASCII) is alphanumeric (the
/// `SimpleTokenizer` test), with its length in bytes.
fn wide_word_char(text: &str, at: usize) -> (bool, usize) {
    let c = text[at..].chars().next().expect("a character starts at a boundary");
    (c.is_alphanumeric(), c.len_utf8())
}

impl FoldedWordStream<'_> {
    /// The byte range of the next word, and the [`CLASS`] bits of its bytes together.
    fn next_word(&mut self) -> Option<(usize, usize, u8)> {
        let bytes = self.text.as_bytes();
        let mut start = self.at;
        loop {
            let Some(&b) = bytes.get(start) else {
                self.at = bytes.len();
                return None;
            };
            let class = CLASS[usize::from(b)];
            if class & WORD != 0 {
                break;
            }
            if class & WIDE == 0 {
                start += 1;
                continue;
            }
            match wide_word_char(self.text, start) {
                (true, _) => break,
                (false, n) => start += n,
            }
        }
        let mut end = start;
        let mut seen = 0;
        while let Some(&b) = bytes.get(end) {
            let class = CLASS[usize::from(b)];
            if class & WORD != 0 {
                seen |= class;
                end += 1;
                continue;
            }
            if class & WIDE != 0
                && let (true, n) = wide_word_char(self.text, end)
            {
                seen |= WIDE;
                end += n;
                continue;
            }
            break;
        }
        self.at = end;
        Some((start, end, seen))
    }
}

/// Append `word` lower-cased and folded by tantivy's own filters (a word that is not ASCII).
#[cold]
fn fold_into(fold: &mut TextAnalyzer, word: &str, out: &mut String) {
    fold.token_stream(word).process(&mut |t| out.push_str(&t.text));
}

impl TokenStream for FoldedWordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        loop {
            // Every word found takes a position, a dropped long one too, as in the chain.
            self.token.position = self.token.position.wrapping_add(1);
            let Some((from, to, seen)) = self.next_word() else { return false };
            if to - from >= self.limit {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            let word = &self.text[from..to];
            if seen & WIDE != 0 {
                fold_into(self.fold, word, &mut self.token.text);
            } else {
                self.token.text.push_str(word);
                if seen & UPPER != 0 {
                    self.token.text.make_ascii_lowercase();
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        analyzer.token_stream(text).process(&mut |t: &Token| {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        });
        out
    }

    /// tantivy's chain of the four stages.
    fn chain(limit: usize) -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(limit))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build()
    }

    /// The chain's tokens (text, offsets, positions) on news text, on words of every script
    /// and case, on words at and around the length limit (a dropped word keeps its position),
    /// on separators that are not ASCII, and on text that starts or ends inside a word.
    #[test]
    fn same_tokens_as_tantivys_chain() {
        let news = include_str!("../../corpus/taliban-china-main-partner.txt");
        let odd = [
            "",
            "   ",
            "x",
            "Running runs RAN; dying DIES died — naïve Ünïcödé café's x-ray 3.5bn £40 ’quoted’",
            "ΟΔΥΣΣΕΥΣ Σίσυφος straße İstanbul ǅemal ﬁnance Ⅻ ２０２４ 東京都 Москва́",
            "a\u{a0}b\u{2009}c\u{200b}d\u{feff}e\u{301}f",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
             ééééééééééééééééééé éééééééééééééééééééé word",
            "trailing word eBay iPhone McDONALD'S 4x4 B52",
            "¿Qué? ¡Sí! Ørsted, Æsir, Œuvre, Łódź, Đorđe, Þór — end.",
        ];
        for limit in [40, 60] {
            let mut reference = chain(limit);
            let mut ours = TextAnalyzer::from(FoldedWords::new(limit));
            for text in std::iter::once(news).chain(odd) {
                assert_eq!(tokens(&mut ours, text), tokens(&mut reference, text), "{text}");
            }
        }
    }
}
