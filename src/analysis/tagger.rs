//! The learned named-entity tagger: person / org / place spans from a greedy averaged-perceptron
//! sequence model shipped in the repository (`model/ner.bin`).
//!
//! This module owns the feature extraction (shared verbatim by the trainer in
//! `examples/train_ner.rs`, so training and serving cannot drift apart), the model file format and
//! the decoder. Features are hashed into a fixed table of rows, one row of per-class weights per
//! bucket, so a feature costs one cache line and no allocation. Decoding is greedy left to right
//! within a sentence, with the previous two tags as features and BILOU transitions enforced, so every
//! output span is well formed. The model was trained on silver labels (see `scripts/ner/README.md`).

use std::ops::Range;
use std::sync::LazyLock;

use super::Kind;
use super::gazetteer::WordClasses as C;
use super::tokens::{Document, Token, TokenKind};

/// Magic bytes at the start of a model file.
pub const MAGIC: &[u8; 8] = b"WSNERv01";

/// Header size in bytes: magic, bits (u32), classes (u32), scale (f32), reserved (u32).
const HEADER: usize = 24;

/// Entity tag scheme: BILOU, kinds in `Kind::ALL` order. Class 0 is `O`; class `1 + 4k + p` is part
/// `p` (B, I, L, U) of kind `k`.
pub const CLASSES: usize = 13;

/// Parts of a BILOU tag.
const B: usize = 0;
const I: usize = 1;
const L: usize = 2;
const U: usize = 3;

/// Class of part `p` of kind index `k`.
pub const fn class(k: usize, p: usize) -> usize {
    1 + 4 * k + p
}

/// Kind index and part of a non-`O` class.
pub const fn parts(c: usize) -> (usize, usize) {
    ((c - 1) / 4, (c - 1) % 4)
}

/// May class `c` follow class `prev` (with `prev == 0` also standing for the sentence start)?
pub fn allowed(prev: usize, c: usize) -> bool {
    let open = prev != 0 && matches!(parts(prev).1, B | I);
    if c == 0 {
        return !open;
    }
    let (k, p) = parts(c);
    match p {
        B | U => !open,
        _ => open && parts(prev).0 == k,
    }
}

/// May a sentence end after class `c`?
pub fn may_end(c: usize) -> bool {
    c == 0 || matches!(parts(c).1, L | U)
}

// ---------------------------------------------------------------------------------------------
// Hashing

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

#[inline]
fn mix(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(K1).rotate_left(29) ^ K2
}

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// FNV-1a over the lowercased characters of `s`, without allocating.
#[cfg(test)]
fn hash_lower(s: &str) -> u64 {
    let mut h = FNV_START;
    for c in s.chars() {
        for_lower(c, |c| h = fnv_step(h, c));
    }
    h
}

/// The FNV-1a state of an empty word.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One lower-case character into an FNV-1a word hash.
#[inline]
fn fnv_step(h: u64, c: char) -> u64 {
    // Fold curly apostrophes into straight ones: the same word either way.
    let c = if c == '’' { '\'' } else { c };
    (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Call `f` with each character of `c` in lower case (`char::to_lowercase`, without its
/// table search for ASCII, which is nearly every character of English news).
#[inline]
fn for_lower(c: char, mut f: impl FnMut(char)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase());
    } else {
        c.to_lowercase().for_each(f);
    }
}

// ---------------------------------------------------------------------------------------------
// Per-token observations

/// Word-shape classes of a character, for [`Obs::shape`].
fn shape_char(c: char) -> u8 {
    // ASCII (nearly every character of English news) without the Unicode tables: the same
    // classes as `shape_by_tables` gives, which a test checks.
    match c {
        'A'..='Z' => b'X',
        'a'..='z' => b'x',
        '0'..='9' => b'd',
        _ if c.is_ascii() => c as u8,
        _ => shape_by_tables(c),
    }
}

/// [`shape_char`] by the Unicode properties.
fn shape_by_tables(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_numeric() {
        b'd'
    } else if c.is_alphabetic() {
        b'a'
    } else if c.is_ascii() {
        c as u8
    } else {
        b'*'
    }
}

/// What the features need to know about one token, computed once per token.
#[derive(Clone, Copy, Debug, Default)]
pub struct Obs {
    /// Hash of the lowercased word.
    pub word: u64,
    /// Hash of the short shape (runs collapsed: "Xx", "X.X.", "d,d").
    pub shape: u64,
    /// Hash of the lowercased first three characters.
    pub prefix: u64,
    /// Hash of the lowercased last three characters.
    pub suffix3: u64,
    /// Hash of the lowercased last two characters.
    pub suffix2: u64,
    /// Character length, capped at 8.
    pub len: u8,
    /// Capitalised word (first character upper case).
    pub cap: bool,
    /// First character lower case.
    pub lower: bool,
    /// No upper-case letter anywhere ("said", "3.5", but not "iPod" or "3GSM").
    pub uncased: bool,
    /// The document also uses this word in lower case (filled by [`observe_all`]): a capitalised
    /// word that the text elsewhere writes in lower case is usually a common word.
    pub seen_lower: bool,
    /// Gazetteer memberships, [`LEX_FIRST_NAME`] and the other `LEX_*` bits (capitalised words
    /// only, except titles; two-word places are filled by [`observe_all`]).
    pub lex: u16,
}

// The lists' bits are the gazetteer's own (`gazetteer::classes` gives them all at once).
/// [`Obs::lex`] bit: a known given name ("Patricia").
pub const LEX_FIRST_NAME: u16 = C::FIRST_NAME;
/// [`Obs::lex`] bit: a known place (city, region, country alias) on its own.
pub const LEX_PLACE: u16 = C::PLACE;
/// [`Obs::lex`] bit: a country name or alias.
pub const LEX_COUNTRY: u16 = C::COUNTRY;
/// [`Obs::lex`] bit: an organisation known by name ("Reuters", "NATO").
pub const LEX_ORG: u16 = C::KNOWN_ORG;
/// [`Obs::lex`] bit: a title or role word ("President", "spokesman").
pub const LEX_TITLE: u16 = C::TITLE;
/// [`Obs::lex`] bit: a word that ends or starts organisation names ("Party", "University").
pub const LEX_ORG_WORD: u16 = C::ORG_WORD;
/// [`Obs::lex`] bit: a word that ends or starts place names of buildings and features
/// ("Stadium", "River", "Lake").
pub const LEX_FACILITY: u16 = C::FACILITY;
/// [`Obs::lex`] bit: an ordinary English word when lower-cased ("Western", "Without").
pub const LEX_COMMON: u16 = C::COMMON;
/// [`Obs::lex`] bit: a demonym ("Chinese").
pub const LEX_DEMONYM: u16 = C::DEMONYM;
/// [`Obs::lex`] bit: part of a two-word place ("New York", "Hong Kong").
pub const LEX_PLACE2: u16 = 1 << 9;
/// [`Obs::lex`] bit: the document also writes this word capitalised in mid-sentence (filled by
/// [`observe_all`]): a sentence-initial word that is a name elsewhere is a name here too.
pub const LEX_SEEN_CAP: u16 = 1 << 10;

/// The gazetteer bits of one word ([`Obs::lex`]). Look-ups only for capitalised words (and a
/// title check for lower-case ones), so the cost stays a few hash probes per name-like token.
fn lexicon_bits(w: &str, cap: bool) -> u16 {
    use super::gazetteer as gaz;
    if cap {
        gaz::classes(w).0
    } else if gaz::is_title(w) {
        LEX_TITLE
    } else {
        0
    }
}

/// Observations of a sentence boundary (used for context positions outside the sentence).
const PAD: Obs = Obs {
    word: 0x5eed_0001,
    shape: 0x5eed_0002,
    prefix: 0,
    suffix3: 0,
    suffix2: 0,
    len: 0,
    cap: false,
    lower: false,
    uncased: false,
    seen_lower: false,
    lex: 0,
};

/// Compute a token's observations.
pub fn observe(text: &str, t: &Token) -> Obs {
    let w = text.get(t.span()).unwrap_or("");
    let mut shape: u64 = 0x811c_9dc5;
    let mut last = 0u8;
    let mut run = 0u8;
    let mut n = 0usize;
    let mut prefix: u64 = 0x1234_5678;
    let mut cap = false;
    let mut lower = false;
    let mut uncased = true;
    let mut word = FNV_START;
    for (i, c) in w.chars().enumerate() {
        uncased &= !c.is_uppercase();
        let s = shape_char(c);
        // Runs of the same class collapse after two, so "Xxxxx" and "Xxx" both read "Xxx"-like
        // but "Xx" (two letters) stays distinct from longer words.
        if s == last {
            run += 1;
        } else {
            run = 0;
            last = s;
        }
        if run < 2 {
            shape = (shape ^ s as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        if i == 0 {
            cap = c.is_uppercase();
            lower = c.is_lowercase();
        }
        // One lower-casing serves the prefix and the word's hash (what `hash_lower` computes).
        for_lower(c, |l| {
            if i < 3 {
                prefix = mix(prefix, l as u64);
            }
            word = fnv_step(word, l);
        });
        n += 1;
    }
    let mut suffix3: u64 = 0x9abc_def0;
    let mut suffix2: u64 = 0x0fed_cba9;
    for (i, c) in w.chars().rev().take(3).enumerate() {
        for_lower(c, |l| {
            suffix3 = mix(suffix3, l as u64);
            if i < 2 {
                suffix2 = mix(suffix2, l as u64);
            }
        });
    }
    let kind_tag = match t.kind {
        TokenKind::Word => 1,
        TokenKind::Number => 2,
        TokenKind::Quote => 3,
        TokenKind::Punct => 4,
    };
    Obs {
        word,
        shape: mix(shape, kind_tag),
        prefix,
        suffix3,
        suffix2,
        len: n.min(8) as u8,
        cap,
        lower,
        uncased,
        seen_lower: false,
        lex: if t.kind == TokenKind::Word { lexicon_bits(w, cap) } else { 0 },
    }
}

/// Observe every token of a document into `out` (cleared first), including the document-level
/// [`Obs::seen_lower`] flag. A 16,384-bit set of word hashes on the stack stands in for a hash set:
/// a rare false "seen" costs a little accuracy, never an allocation.
pub fn observe_all(text: &str, tokens: &[Token], out: &mut Vec<Obs>) {
    out.clear();
    out.extend(tokens.iter().map(|t| observe(text, t)));
    let mut set = [0u64; 256];
    let bit = |h: u64| (fmix(h) >> 50) as usize;
    for o in out.iter().filter(|o| o.lower) {
        let b = bit(o.word);
        set[b >> 6] |= 1 << (b & 63);
    }
    for o in out.iter_mut() {
        let b = bit(o.word);
        o.seen_lower = set[b >> 6] & (1 << (b & 63)) != 0;
    }
    // Capitalised words in mid-sentence (after a lower-case word), for LEX_SEEN_CAP.
    let mut caps = [0u64; 256];
    for w in out.windows(2).filter(|w| w[0].lower && w[1].cap) {
        let b = bit(w[1].word);
        caps[b >> 6] |= 1 << (b & 63);
    }
    for o in out.iter_mut().filter(|o| o.cap) {
        let b = bit(o.word);
        if caps[b >> 6] & (1 << (b & 63)) != 0 {
            o.lex |= LEX_SEEN_CAP;
        }
    }
    // Two-word places ("New York"): both words capitalised, one space apart.
    for i in 1..out.len().min(tokens.len()) {
        if !(out[i - 1].cap && out[i].cap) {
            continue;
        }
        let (a, b) = (&tokens[i - 1], &tokens[i]);
        if let Some(pair) = text.get(a.start..b.end)
            && b.start == a.end + 1
            && super::gazetteer::is_place(pair)
        {
            out[i - 1].lex |= LEX_PLACE2;
            out[i].lex |= LEX_PLACE2;
        }
    }
}

/// Number of features [`features`] writes for one position.
pub const N_FEATURES: usize = 37;

/// The hashed features of position `i` of a sentence whose observations are `obs`, given the two
/// previous classes. Written into `out` (no allocation); every value is a full 64-bit hash, reduced
/// to a table row by [`Model::row`].
pub fn features(obs: &[Obs], i: usize, prev: usize, prev2: usize, out: &mut [u64; N_FEATURES]) {
    let at = |d: isize| -> Obs {
        let j = i as isize + d;
        if j < 0 || j as usize >= obs.len() { PAD } else { obs[j as usize] }
    };
    let (m2, m1, o, p1, p2) = (at(-2), at(-1), at(0), at(1), at(2));
    let first = (i == 0) as u64;
    let (pv, pv2) = (prev as u64, prev2 as u64);
    let f = |t: u64, a: u64| mix(mix(t.wrapping_mul(K2), a), t);
    let g = |t: u64, a: u64, b: u64| mix(mix(mix(t.wrapping_mul(K2), a), b), t);
    *out = [
        f(1, 0),
        f(2, o.word),
        f(3, m1.word),
        f(4, p1.word),
        f(5, m2.word),
        f(6, p2.word),
        f(7, o.shape),
        g(8, m1.shape, o.shape),
        g(9, o.shape, p1.shape),
        f(10, o.prefix),
        f(11, o.suffix3),
        f(12, o.suffix2),
        g(13, m1.word, o.word),
        g(14, o.word, p1.word),
        g(15, o.shape, first),
        g(16, o.word, first),
        f(17, o.len as u64 | (o.cap as u64) << 8),
        f(18, pv),
        g(19, pv, pv2),
        g(20, pv, o.word),
        g(21, pv, o.shape),
        g(22, pv, m1.word),
        g(23, m2.shape, m1.shape),
        g(24, p1.shape, p2.shape),
        g(25, m1.word, o.shape),
        g(26, o.shape, p1.word),
        g(27, m1.suffix3, o.shape),
        g(28, p1.suffix3, o.shape),
        g(29, pv, p1.shape),
        g(30, m1.shape, p1.shape),
        g(31, o.shape, o.seen_lower as u64 | first << 1),
        g(
            32,
            p1.seen_lower as u64 | (p1.cap as u64) << 1 | (m1.seen_lower as u64) << 2,
            m1.cap as u64,
        ),
        // Gazetteers: the word's own memberships, with its shape, and its neighbours' (a title
        // before, an organisation word after, a given name before a surname).
        f(33, o.lex as u64),
        g(34, o.lex as u64, o.shape),
        g(35, m1.lex as u64, o.lex as u64),
        g(36, o.lex as u64, p1.lex as u64),
        g(37, m2.lex as u64 | (p2.lex as u64) << 16, o.lex as u64),
    ];
}

// ---------------------------------------------------------------------------------------------
// The model

/// A feature-hashed weight table: `1 << bits` rows of [`CLASSES`] quantised weights.
pub struct Model {
    bits: u32,
    weights: Vec<i16>,
}

impl Model {
    /// Build a model from float weights (`(1 << bits) * CLASSES` of them), quantising to i16.
    pub fn quantise(bits: u32, w: &[f32]) -> Model {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = 32767.0 / max;
        let weights =
            w.iter().map(|x| (x * scale).round().clamp(-32767.0, 32767.0) as i16).collect();
        Model { bits, weights }
    }

    /// Serialise: header (magic, bits, classes, scale, reserved) then little-endian i16 weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + 2 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(CLASSES as u32).to_le_bytes());
        out.extend_from_slice(&1f32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Parse a model file; None when it is not one this code can read.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        if b.len() < HEADER || &b[..8] != MAGIC {
            return None;
        }
        let u = |at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        let (bits, classes) = (u(8), u(12) as usize);
        if classes != CLASSES || !(8..=24).contains(&bits) {
            return None;
        }
        let n = (1usize << bits) * CLASSES;
        let body = &b[HEADER..];
        if body.len() != 2 * n {
            return None;
        }
        let weights = body.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        Some(Model { bits, weights })
    }

    /// Table row of a feature hash.
    #[inline]
    pub fn row(bits: u32, h: u64) -> usize {
        (fmix(h) >> (64 - bits)) as usize
    }

    /// Add the weights of `feats` into `scores`.
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [i32; CLASSES]) {
        for &h in feats {
            let r = Self::row(self.bits, h) * CLASSES;
            // A fixed-size row: the compiler adds it in a few vector instructions.
            if let Some(row) = self.weights.get(r..r + CLASSES)
                && let Ok(row) = <&[i16; CLASSES]>::try_from(row)
            {
                for c in 0..CLASSES {
                    scores[c] += i32::from(row[c]);
                }
            }
        }
    }

    /// Tag one sentence given its observations, writing one class per token into `out`.
    pub fn decode(&self, obs: &[Obs], out: &mut Vec<usize>) {
        out.clear();
        let mut feats = [0u64; N_FEATURES];
        let (mut prev, mut prev2) = (0usize, 0usize);
        for i in 0..obs.len() {
            if may_skip(obs, i, prev) {
                out.push(0);
                (prev2, prev) = (prev, 0);
                continue;
            }
            features(obs, i, prev, prev2, &mut feats);
            let mut scores = [0i32; CLASSES];
            self.score(&feats, &mut scores);
            let last = i + 1 == obs.len();
            let best = best_class(&scores, prev, last);
            out.push(best);
            prev2 = prev;
            prev = best;
        }
    }
}

/// True where the model is not asked and the token is tagged `O`: outside a name, a token with
/// no upper-case letter and no gazetteer membership, before a token that is not capitalised. The
/// model all but never starts a name there (1 token in 711,800 such tokens of the BBC corpus
/// tagged otherwise, `arm` in "a US winemaking arm - Diageo"), and they are three tokens in four:
/// not scoring them takes most of the tagger's time off ingest.
fn may_skip(obs: &[Obs], i: usize, prev: usize) -> bool {
    let o = &obs[i];
    prev == 0 && o.uncased && o.lex == 0 && !obs.get(i + 1).is_some_and(|next| next.cap)
}

/// The highest-scoring class allowed after `prev` (and, at the sentence's end, one that closes).
pub fn best_class(scores: &[i32; CLASSES], prev: usize, last: bool) -> usize {
    let mut best = usize::MAX;
    for c in 0..CLASSES {
        if allowed(prev, c)
            && (!last || may_end(c))
            && (best == usize::MAX || scores[c] > scores[best])
        {
            best = c;
        }
    }
    // Only reachable if no class is allowed, which the tag scheme rules out; O is always safe then.
    if best == usize::MAX { 0 } else { best }
}

/// Turn a sentence's classes into (token range, kind) spans, offsets relative to the sentence.
pub fn spans(tags: &[usize], offset: usize, out: &mut Vec<(Range<usize>, Kind)>) {
    let mut open: Option<(usize, usize)> = None;
    for (i, &c) in tags.iter().enumerate() {
        if c == 0 {
            open = None;
            continue;
        }
        let (k, p) = parts(c);
        match p {
            B => open = Some((i, k)),
            U => {
                out.push((offset + i..offset + i + 1, Kind::ALL[k]));
                open = None;
            }
            L => {
                if let Some((s, ok)) = open.take()
                    && ok == k
                {
                    out.push((offset + s..offset + i + 1, Kind::ALL[k]));
                }
            }
            _ => {}
        }
    }
}

/// The shipped model (an empty table if the embedded file were unreadable, so tagging never fails).
static MODEL: LazyLock<Option<Model>> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("model/ner.bin")));

/// Tag entity mentions in `tokens`, sentence by sentence: (token index range, kind), in text order.
pub fn tag(text: &str, tokens: &[Token], sentences: &[Range<usize>]) -> Vec<(Range<usize>, Kind)> {
    match MODEL.as_ref() {
        Some(model) => tag_with(model, text, tokens, sentences),
        None => Vec::new(),
    }
}

/// [`tag`] with a given model (for training-time evaluation and benchmarks).
pub fn tag_with(
    model: &Model,
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    let mut obs = Vec::new();
    observe_all(text, tokens, &mut obs);
    let mut tags = Vec::new();
    for s in sentences {
        let Some(o) = obs.get(s.clone()) else { continue };
        model.decode(o, &mut tags);
        spans(&tags, s.start, &mut out);
    }
    harmonise(&obs, &mut out);
    out
}

/// Make the kinds of one document's mentions agree: a name is one thing throughout an article.
/// A surname alone takes the kind of the full person name it ends ("Warhol" after "Andy Warhol"),
/// then every mention of the same words takes the kind most of them have (the first one on a tie).
fn harmonise(obs: &[Obs], spans: &mut [(Range<usize>, Kind)]) {
    if spans.len() < 2 {
        return;
    }
    let key = |r: &Range<usize>| {
        obs.get(r.clone()).map_or(0, |o| o.iter().fold(K2, |h, o| mix(h, o.word)))
    };
    // Last words of multi-word person names.
    let mut surnames: Vec<u64> = spans
        .iter()
        .filter(|(r, k)| *k == Kind::Person && r.len() > 1)
        .filter_map(|(r, _)| obs.get(r.end - 1).map(|o| mix(K2, o.word)))
        .collect();
    surnames.sort_unstable();
    for (r, k) in spans.iter_mut() {
        if r.len() == 1 && surnames.binary_search(&key(r)).is_ok() {
            *k = Kind::Person;
        }
    }
    // Majority kind per name: group equal names by sorting (linear-logarithmic even for a
    // pathological paragraph with a hundred thousand mentions).
    let mut order: Vec<(u64, usize)> =
        spans.iter().enumerate().map(|(i, (r, _))| (key(r), i)).collect();
    order.sort_unstable();
    for group in order.chunk_by(|a, b| a.0 == b.0) {
        let mut votes = [0u32; 3];
        for &(_, i) in group {
            votes[Kind::ALL.iter().position(|a| *a == spans[i].1).unwrap_or(0)] += 1;
        }
        // Ties go to the first mention's kind (the group is in text order after the stable key sort).
        let first = Kind::ALL.iter().position(|a| *a == spans[group[0].1].1).unwrap_or(0);
        let best = (0..3).fold(first, |b, x| if votes[x] > votes[b] { x } else { b });
        for &(_, i) in group {
            spans[i].1 = Kind::ALL[best];
        }
    }
}

/// Tag a tokenised article.
pub fn tag_document(doc: &Document) -> Vec<(Range<usize>, Kind)> {
    tag(doc.text, &doc.tokens, &doc.sentences)
}

/// The record of the lexicons a model is trained with (`model/ner.lexicons`): their hash, then
/// the files it covers.
pub fn lexicons_record() -> String {
    let files: Vec<&str> = super::gazetteer::TAGGER_LEXICONS.iter().map(|(n, _)| *n).collect();
    format!(
        "# The lexicons the NER model's features were computed with (written by train_ner).\n\
         xxh3 {}\nfiles {}\n",
        super::gazetteer::tagger_lexicons_hash(),
        files.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model was trained with the lexicons the program now reads: a changed list changes
    /// the features, and the model must be retrained (scripts/ner/README.md).
    #[test]
    fn model_matches_its_lexicons() {
        let recorded = include_str!("model/ner.lexicons");
        assert_eq!(
            recorded,
            lexicons_record(),
            "src/analysis/lexicon/ changed since the NER model was trained: retrain it \
             (scripts/ner/README.md), which rewrites src/analysis/model/ner.lexicons"
        );
    }
    use crate::analysis::tokens::{split_sentences, tokenize_into};

    fn run(s: &str) -> Vec<(String, Kind)> {
        let mut t = vec![];
        tokenize_into(s, 0..s.len(), &mut t);
        let mut sents = vec![];
        split_sentences(s, &t, 0..t.len(), &mut sents);
        tag(s, &t, &sents)
            .into_iter()
            .map(|(r, k)| (s[t[r.start].start..t[r.end - 1].end].to_string(), k))
            .collect()
    }

    /// The ASCII shortcuts give what the Unicode rules give (the model's features must not move).
    #[test]
    fn ascii_shortcuts_match_the_unicode_rules() {
        for c in (0u8..128).map(char::from) {
            assert_eq!(shape_char(c), shape_by_tables(c), "{c:?}");
            let mut lower = Vec::new();
            for_lower(c, |l| lower.push(l));
            assert_eq!(lower, c.to_lowercase().collect::<Vec<_>>(), "{c:?}");
        }
    }

    /// A token's word hash is its lower-cased text's, curly apostrophes read as straight ones
    /// (the model's features hash it: it must not move).
    #[test]
    fn word_hash_is_the_lowercased_text() {
        for w in ["Blair", "blair", "O’Brien", "o'brien", "ÉTÉ", "3.5", "’s", "Straße", "İ"]
        {
            let mut t = vec![];
            tokenize_into(w, 0..w.len(), &mut t);
            let o = observe(w, &Token { start: 0, end: w.len(), kind: t[0].kind });
            assert_eq!(o.word, hash_lower(w), "{w:?}");
        }
        assert_eq!(hash_lower("O’Brien"), hash_lower("o'brien"));
        assert_ne!(hash_lower("Blair"), hash_lower("Blaire"));
    }

    #[test]
    fn transitions_are_well_formed() {
        for prev in 0..CLASSES {
            assert!(allowed(prev, 0) || !may_end(prev));
            assert!((0..CLASSES).any(|c| allowed(prev, c) && may_end(c)));
        }
    }

    #[test]
    fn model_loads_and_tags_names() {
        assert!(MODEL.is_some(), "embedded model unreadable");
        let got =
            run("Prime Minister Tony Blair met officials from Microsoft in London on Tuesday.");
        assert!(got.contains(&("Tony Blair".to_string(), Kind::Person)), "{got:?}");
        assert!(got.contains(&("Microsoft".to_string(), Kind::Org)), "{got:?}");
        assert!(got.contains(&("London".to_string(), Kind::Place)), "{got:?}");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["", " ", "\u{0}", "’s", "A", "«»", "X. Y. Z.", "ǅ ß ﬁ İ", "...", "\u{202e}abc"]
        {
            let _ = run(s);
        }
        // Out-of-range sentences are ignored, not a panic.
        let s = "Tony Blair";
        let mut t = vec![];
        tokenize_into(s, 0..s.len(), &mut t);
        // A reversed range, built so that clippy sees no literal empty range.
        let (a, b) = (3, 1);
        let _ = tag(s, &t, &[0..5, a..b]);
    }
}
