//! tantivy's `en_stem` analyzer, with accents folded, and a cache of the stems it has computed.
//!
//! Title and text are indexed with English stemming, and the Snowball algorithm was a tenth
//! of ingest's CPU time in `perf`. News text repeats its words (and a paragraph repeats its
//! article's title), so most words have been stemmed before: a hash look-up replaces the
//! algorithm. The tokens are exactly those of tantivy's `en_stem` with its `AsciiFoldingFilter`
//! added before the stemmer (a test compares them), so indexes built with or without the cache
//! are the same. Folding makes `réforme`, `reforme` and `RÉFORME` one term (news writes names
//! both ways: Société Générale, Pelé, Zürich).
//!
//! One cache serves every stemming analyzer of a thread. tantivy clones an analyzer for each
//! field of a segment writer, so the indexing thread stems title, text and quoted words with
//! three analyzers: with a cache each, a quoted word was stemmed again although its paragraph's
//! text had just stemmed it, and three 1 MB tables crowded the core's 1 MB L2 cache beside
//! tantivy's postings arena (in `perf`, the slot load was three quarters of the look-up's time).

use std::cell::RefCell;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

use super::words::FoldedWords;

/// Words longer than this are dropped, as in tantivy's `en_stem`.
const MAX_TOKEN_BYTES: usize = 40;

/// Slots of a full-grown cache (32 bytes each: 512 kB, half a core's L2 cache here). The
/// 16,384 commonest words of the BBC corpus are 99% of its words.
const CACHE_SLOTS: usize = 16384;

thread_local! {
    /// The cache of the thread's analyzers built by [`stem_analyzer`].
    static SHARED: RefCell<StemCache> = RefCell::new(StemCache::new(CACHE_SLOTS));
}

/// The analyzer registered as [`super::schema::STEM_TOKENIZER`]: tantivy's `en_stem`
/// (simple tokenizer, long words removed, lower case, English stemmer) with accents folded
/// before stemming, and the thread's stem cache.
pub fn stem_analyzer() -> TextAnalyzer {
    analyzer(CachedStemmer { own_slots: None })
}

/// The same analyzer with a cache of its own of `slots` slots (tests: a small cache that
/// fills up and starts over).
#[cfg(test)]
fn stem_analyzer_with(slots: usize) -> TextAnalyzer {
    analyzer(CachedStemmer { own_slots: Some(slots) })
}

fn analyzer(stemmer: CachedStemmer) -> TextAnalyzer {
    TextAnalyzer::builder(FoldedWords::new(MAX_TOKEN_BYTES)).filter(stemmer).build()
}

/// English stemming that remembers the stems it computed (lower-cased words in, stems out),
/// in the thread's cache or, given a size, in one of its own.
#[derive(Clone, Copy)]
struct CachedStemmer {
    own_slots: Option<usize>,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner, own: self.own_slots.map(StemCache::new) }
    }
}

/// Word -> stem. Direct-mapped: a word has one slot, and a new word takes it over. A hash
/// map of strings was tried first and saved little: its look-up reached three places in
/// memory (bucket, key, stem), each a cache miss in a large map, where a slot holds both
/// words in one cache line.
struct StemCache {
    stemmer: frostem::Stemmer,
    /// Empty until the first word; a power of two long.
    slots: Vec<Slot>,
    /// The size the cache grows to.
    max_slots: usize,
    /// Words stemmed since the cache last grew.
    misses: usize,
}

/// Longest word (and stem), in bytes, a slot holds; longer words (under 0.02% of the BBC
/// corpus's words) are stemmed every time.
const SLOT_WORD: usize = 15;

/// Set in [`Slot::stem_len`] when the stem is the word's own beginning (`running` -> `run`,
/// most words): the word is then cut, not rewritten.
const PREFIX: u8 = 0x80;

/// One cached word and its stem: half a cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    /// The word's length, then its bytes, then zeros: compared as one 16-byte value.
    key: [u8; SLOT_WORD + 1],
    /// The stem's length, with [`PREFIX`].
    stem_len: u8,
    stem: [u8; SLOT_WORD],
}

/// A slot that matches no word (no word is 255 bytes long).
const EMPTY: Slot = Slot { key: [u8::MAX; SLOT_WORD + 1], stem_len: 0, stem: [0; SLOT_WORD] };

/// The size a cache starts at once it is used.
const FIRST_SLOTS: usize = 16;

/// The slot key of a word of at most [`SLOT_WORD`] bytes.
fn key_of(bytes: &[u8]) -> [u8; SLOT_WORD + 1] {
    let mut key = [0u8; SLOT_WORD + 1];
    key[0] = bytes.len() as u8;
    key[1..=bytes.len()].copy_from_slice(bytes);
    key
}

/// A hash of a key, best mixed in its high bits (one multiply of the folded halves).
fn hash_of(key: &[u8; SLOT_WORD + 1]) -> u64 {
    let v = u128::from_le_bytes(*key);
    let folded = (v as u64) ^ ((v >> 64) as u64).rotate_left(29);
    folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (folded >> 7).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
}

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
        let key = key_of(bytes);
        let at = (hash_of(&key) >> (64 - self.slots.len().trailing_zeros())) as usize;
        let slot = &mut self.slots[at];
        if slot.key == key {
            let len = usize::from(slot.stem_len & !PREFIX);
            if slot.stem_len & PREFIX != 0 {
                word.truncate(len);
                return;
            }
            // Always valid: a cached stem is a whole stem of a string.
            if let Ok(stem) = std::str::from_utf8(&slot.stem[..len]) {
                word.clear();
                word.push_str(stem);
                return;
            }
        }
        self.misses += 1;
        let stem = self.stemmer.stem(word);
        if stem.len() <= SLOT_WORD {
            slot.key = key;
            let prefix = if bytes.starts_with(stem.as_bytes()) { PREFIX } else { 0 };
            slot.stem_len = stem.len() as u8 | prefix;
            slot.stem = [0; SLOT_WORD];
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
        }
        let stem = stem.into_owned();
        *word = stem;
    }
}

/// [`CachedStemmer`] applied to a tokenizer.
struct CachedStemmerFilter<T> {
    inner: T,
    /// A cache of its own, or None for the thread's.
    own: Option<StemCache>,
}

impl<T: Clone> Clone for CachedStemmerFilter<T> {
    /// A clone of one with a cache of its own starts with an empty cache: copying a warm one
    /// would cost more than it saves.
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            own: self.own.as_ref().map(|c| StemCache::new(c.max_slots)),
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), own: self.own.as_mut() }
    }
}

/// The tokens of [`CachedStemmerFilter`].
struct CachedStemmerStream<'a, T> {
    tail: T,
    own: Option<&'a mut StemCache>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        match self.own.as_deref_mut() {
            Some(cache) => cache.stem_in_place(word),
            None => SHARED.with(|c| c.borrow_mut().stem_in_place(word)),
        }
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
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    };

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        analyzer.token_stream(text).process(&mut |t: &Token| out.push(t.clone()));
        out
    }

    /// tantivy's own stemming chain, as the `en_stem` tokenizer with folding builds it.
    fn en_stem() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    /// The same tokens (text, offsets, positions) as tantivy's own `en_stem` with its ASCII
    /// folding filter before the stemmer, on a cold cache, a warm one, and one that fills up
    /// and starts over.
    #[test]
    fn same_tokens_as_en_stem() {
        let seed = include_str!("../../corpus/taliban-china-main-partner.txt");
        let odd = "Running runs RAN; dying DIES died — naïve Ünïcödé café's \
                   x-ray 3.5bn £40 ’quoted’ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let mut reference = en_stem();
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

    /// Analyzers of one thread share its cache (as the title, text and quote fields of the
    /// indexing thread do): interleaved, each still gives en_stem's tokens, including words
    /// whose stem is not their beginning (`happi`, `die`) and words too long for a slot.
    #[test]
    fn analyzers_sharing_the_thread_cache_give_en_stem_tokens() {
        let mut reference = en_stem();
        let texts = [
            "Happy families: dying, DIES, died; happiness and happily",
            "The dying happy family, internationalisation, counterrevolutionaries",
            "Ünïcödé naïve Zürich happy dies internationalisation",
        ];
        let mut shared = [stem_analyzer(), stem_analyzer(), stem_analyzer()];
        for round in 0..3 {
            for (i, analyzer) in shared.iter_mut().enumerate() {
                let text = texts[(i + round) % texts.len()];
                assert_eq!(tokens(analyzer, text), tokens(&mut reference, text), "{text}");
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
