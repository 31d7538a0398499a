//! tantivy's `en_stem` analyzer, with accents folded, and a cache of the stems it has computed.
//!
//! Title and text are indexed with English stemming, and the Snowball algorithm was a tenth
//! of ingest's CPU time in `perf`. News text repeats its words (and a paragraph repeats its
//! article's title), so most words have been stemmed before: a hash look-up replaces the
//! algorithm. The tokens are exactly those of tantivy's `en_stem` with its `AsciiFoldingFilter`
//! added before the stemmer (a test compares them), so indexes built with or without the cache
//! are the same. Folding makes `réforme`, `reforme` and `RÉFORME` one term (news writes names
//! both ways: Société Générale, Pelé, Zürich).

use std::hash::Hasher;

use rustc_hash::FxHasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Words longer than this are dropped, as in tantivy's `en_stem`.
const MAX_TOKEN_BYTES: usize = 40;

/// Slots of a full-grown cache (64 bytes each: 1 MB, half a core's L2 cache here). The
/// frequent words of news text, which are most of its tokens, keep their slots. At N = 10
/// this measured a little better than 4,096 slots.
const CACHE_SLOTS: usize = 16384;

/// The analyzer registered as [`super::schema::STEM_TOKENIZER`]: tantivy's `en_stem`
/// (simple tokenizer, long words removed, lower case, English stemmer) with accents folded
/// before stemming, and a stem cache.
pub fn stem_analyzer() -> TextAnalyzer {
    stem_analyzer_with(CACHE_SLOTS)
}

fn stem_analyzer_with(slots: usize) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer { slots })
        .build()
}

/// English stemming that remembers the stems it computed (lower-cased words in, stems out).
#[derive(Clone, Copy)]
struct CachedStemmer {
    slots: usize,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner, cache: StemCache::new(self.slots) }
    }
}

/// Word -> stem, for one analyzer (tantivy clones an analyzer for each field of each
/// segment writer, so no lock is needed). Direct-mapped: a word has one slot, and a new
/// word takes it over. A hash map of strings was tried first and saved little: its look-up
/// reached three places in memory (bucket, key, stem), each a cache miss in a large map,
/// where a slot holds both words in one cache line.
struct StemCache {
    stemmer: frostem::Stemmer,
    /// Empty until the first word; a power of two long.
    slots: Vec<Slot>,
    /// The size the cache grows to.
    max_slots: usize,
    /// Words stemmed since the cache last grew.
    misses: usize,
}

/// Longest word (in bytes) a slot holds; longer words are stemmed every time.
const SLOT_WORD: usize = 31;

/// One cached word and its stem, in one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    word_len: u8,
    stem_len: u8,
    word: [u8; SLOT_WORD],
    stem: [u8; SLOT_WORD],
}

/// A slot that matches no word.
const EMPTY: Slot =
    Slot { word_len: u8::MAX, stem_len: 0, word: [0; SLOT_WORD], stem: [0; SLOT_WORD] };

/// The size a cache starts at once it is used.
const FIRST_SLOTS: usize = 16;

impl StemCache {
    fn new(max_slots: usize) -> StemCache {
        StemCache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            slots: Vec::new(),
            max_slots: max_slots.next_power_of_two().max(2),
            misses: 0,
        }
    }

    /// Replace `word` by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        let bytes = word.as_bytes();
        if bytes.len() > SLOT_WORD {
            let stem = self.stemmer.stem(word).into_owned();
            *word = stem;
            return;
        }
        // A cache grows with the words it misses: a query's analyzer (one per query, for a
        // few words) stays a few kilobytes, an indexing one soon reaches its full size.
        if self.misses >= self.slots.len() && self.slots.len() < self.max_slots {
            let n = (self.slots.len() * 4).clamp(FIRST_SLOTS.min(self.max_slots), self.max_slots);
            self.slots = vec![EMPTY; n];
            self.misses = 0;
        }
        let mut h = FxHasher::default();
        h.write(bytes);
        // The high bits of an Fx hash are its best mixed.
        let at = (h.finish() >> (64 - self.slots.len().trailing_zeros())) as usize;
        let slot = &mut self.slots[at];
        if usize::from(slot.word_len) == bytes.len()
            && slot.word[..bytes.len()] == *bytes
            // Always valid: a cached stem is a whole stem of a string.
            && let Ok(stem) = std::str::from_utf8(&slot.stem[..usize::from(slot.stem_len)])
        {
            word.clear();
            word.push_str(stem);
            return;
        }
        self.misses += 1;
        let stem = self.stemmer.stem(word);
        if stem.len() <= SLOT_WORD {
            slot.word_len = bytes.len() as u8;
            slot.word[..bytes.len()].copy_from_slice(bytes);
            slot.stem_len = stem.len() as u8;
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
        }
        let stem = stem.into_owned();
        *word = stem;
    }
}

/// [`CachedStemmer`] applied to a tokenizer.
struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

impl<T: Clone> Clone for CachedStemmerFilter<T> {
    /// A clone starts with an empty cache: copying a warm one would cost more than it saves.
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            cache: StemCache::new(self.cache.max_slots),
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), cache: &mut self.cache }
    }
}

/// The tokens of [`CachedStemmerFilter`].
struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, Stemmer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        analyzer.token_stream(text).process(&mut |t: &Token| out.push(t.clone()));
        out
    }

    /// The same tokens (text, offsets, positions) as tantivy's own `en_stem` with its ASCII
    /// folding filter before the stemmer, on a cold cache, a warm one, and one that fills up
    /// and starts over.
    #[test]
    fn same_tokens_as_en_stem() {
        let seed = include_str!("../../corpus/taliban-china-main-partner.txt");
        let odd = "Running runs RAN; dying DIES died — naïve Ünïcödé café's \
                   x-ray 3.5bn £40 ’quoted’ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        for mut analyzer in [stem_analyzer(), stem_analyzer_with(7)] {
            for text in [seed, odd, seed, odd] {
                assert_eq!(
                    tokens(&mut analyzer, text)
                        .iter()
                        .map(|t| (t.text.clone(), t.offset_from, t.offset_to, t.position))
                        .collect::<Vec<_>>(),
                    tokens(&mut reference, text)
                        .iter()
                        .map(|t| (t.text.clone(), t.offset_from, t.offset_to, t.position))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn accents_and_case_fold_to_one_term() {
        let mut a = stem_analyzer();
        for w in ["reforme", "réforme", "RÉFORME", "Reformé"] {
            assert_eq!(tokens(&mut a, w)[0].text, "reform", "{w}");
        }
        assert_eq!(tokens(&mut a, "Zürich Pelé")[1].text, "pele");
    }
}
