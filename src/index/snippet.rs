//! Snippets: the best fragment of a paragraph for a query, with the matched words marked.
//!
//! The fragments and their choice are tantivy's (`SnippetGenerator`): the paragraph is cut at
//! word starts into consecutive fragments of at most [`SNIPPET_BYTES`], a fragment scores the
//! sum of its matched words' weights, and the best (the first of equals) wins. What differs is
//! the cost: snippets are made for every hit of every query, and tantivy's generator
//! lowercases, copies and stems every word of the paragraph, which made snippets a quarter
//! of a query's time. Here a word is looked at only when its first letter starts a query term
//! (the English stemmer keeps a word's first letter, even in its irregular forms: "dying" ->
//! "die", "skies" -> "sky"), so most words cost a byte comparison and nothing is allocated.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer};

/// Longest fragment, in bytes (tantivy's unit: its "max_num_chars" counts bytes); a
/// paragraph this long or shorter is shown whole.
pub const SNIPPET_BYTES: usize = 240;
/// How far a fragment may grow to take in the whole of a quote that holds a match.
const QUOTE_SLACK_BYTES: usize = SNIPPET_BYTES / 2;
/// Context kept before a snippet's first match, in bytes.
const CONTEXT_BYTES: usize = 40;
/// Words this long or longer are not indexed (tantivy's `RemoveLongFilter` in `en_stem`).
const MAX_WORD_BYTES: usize = 40;

/// A snippet: a fragment of the paragraph and the byte ranges of matched terms in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The fragment.
    pub fragment: String,
    /// Matched terms (a matched phrase is one range), byte ranges into `fragment`.
    pub highlights: Vec<Range<usize>>,
    /// The fragment starts after the paragraph's start.
    pub cut_start: bool,
    /// The fragment ends before the paragraph's end.
    pub cut_end: bool,
}

/// Finds a query's stemmed terms in paragraphs analysed like the `text` field (`en_stem`
/// with accents folded).
pub struct Highlighter {
    /// Indexed terms (lowercased, folded stems) and their weights.
    terms: Vec<(String, f32)>,
    /// Phrases without slop, as indices into `terms`: their words are marked as one range.
    phrases: Vec<Vec<usize>>,
    /// Per term: it matches only inside one of `phrases` (it was never asked for alone).
    phrase_only: Vec<bool>,
    /// Fuzzy words (folded stems) and their edits, as indices into `terms`.
    fuzzy: Vec<(usize, u8)>,
    /// First letters of the terms (None: any letter may match, a fuzzy word may change it).
    firsts: Option<Vec<char>>,
    stemmer: frostem::Stemmer,
    /// Folds accents as the index does (tantivy's `AsciiFoldingFilter`), for words that
    /// are not ASCII.
    folder: TextAnalyzer,
    /// Lowercased words already stemmed -> their term: a page of hits repeats its matched
    /// words, and stemming is the costly step.
    seen: FxHashMap<String, Option<usize>>,
}

/// A matched word of a paragraph: its bytes and the term it matched.
struct Match {
    range: Range<usize>,
    term: usize,
}

impl Highlighter {
    /// A highlighter for indexed `terms` with their weights (rarer terms weigh more).
    pub fn new(terms: Vec<(String, f32)>) -> Highlighter {
        let mut firsts: Vec<char> = terms.iter().filter_map(|(t, _)| t.chars().next()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let folder =
            TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build();
        let phrase_only = vec![false; terms.len()];
        Highlighter {
            terms,
            phrases: Vec::new(),
            phrase_only,
            fuzzy: Vec::new(),
            firsts: Some(firsts),
            stemmer,
            folder,
            seen: FxHashMap::default(),
        }
    }

    /// Mark these phrases (analysed terms, in order) as one range each; a term of a phrase
    /// that is not in `alone` (the terms also asked for on their own) is marked only there.
    pub fn with_phrases(mut self, phrases: &[Vec<String>], alone: &[String]) -> Highlighter {
        for p in phrases.iter().filter(|p| p.len() > 1) {
            let ids: Option<Vec<usize>> =
                p.iter().map(|w| self.terms.iter().position(|(t, _)| t == w)).collect();
            if let Some(ids) = ids {
                self.phrases.push(ids);
            }
        }
        for (i, (t, _)) in self.terms.iter().enumerate() {
            self.phrase_only[i] = !alone.contains(t) && self.phrases.iter().any(|p| p.contains(&i));
        }
        self
    }

    /// Also mark the words within `edits` of these fuzzy words (stems).
    pub fn with_fuzzy(mut self, fuzzy: Vec<(String, u8)>) -> Highlighter {
        for (word, edits) in fuzzy {
            self.terms.push((word, 0.5));
            self.phrase_only.push(false);
            self.fuzzy.push((self.terms.len() - 1, edits));
            self.firsts = None;
        }
        self
    }

    /// The term `word` matches, if any.
    fn term_of(&mut self, word: &str, buf: &mut String) -> Option<usize> {
        let first = word.chars().next()?;
        // Only an ASCII first letter can be ruled out cheaply: "É" folds to "e".
        if first.is_ascii()
            && self.firsts.as_ref().is_some_and(|f| !f.contains(&first.to_ascii_lowercase()))
            || word.len() >= MAX_WORD_BYTES
        {
            return None;
        }
        buf.clear();
        if word.is_ascii() {
            buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let mut stream = self.folder.token_stream(&lower);
            while let Some(t) = stream.next() {
                buf.push_str(&t.text);
            }
        }
        if let Some(&t) = self.seen.get(buf.as_str()) {
            return t;
        }
        let stem = self.stemmer.stem(buf);
        let t = self.terms.iter().position(|(t, _)| *t == *stem).or_else(|| {
            self.fuzzy
                .iter()
                .find(|&&(i, edits)| within_edits(&stem, &self.terms[i].0, edits))
                .map(|&(i, _)| i)
        });
        self.seen.insert(buf.clone(), t);
        t
    }

    /// The weight of `word` when it is one of the terms.
    fn weight(&mut self, word: &str, buf: &mut String) -> Option<f32> {
        self.term_of(word, buf).map(|t| self.terms[t].1)
    }

    /// The marks of the matched words of `text[from..to]`, as byte ranges relative to
    /// `from`: a phrase's words as one range; a word that matches only inside a phrase is
    /// left unmarked elsewhere.
    fn marks(&mut self, text: &str, from: usize, to: usize, buf: &mut String) -> Vec<Range<usize>> {
        let mut found: Vec<Option<Match>> = Vec::new();
        for word in words(&text[from..to]) {
            let term = self.term_of(&text[from + word.start..from + word.end], buf);
            found.push(term.map(|term| Match { range: word, term }));
        }
        let mut out = Vec::new();
        let mut i = 0;
        'words: while i < found.len() {
            for p in &self.phrases {
                let fits = found.len() - i >= p.len()
                    && p.iter()
                        .zip(&found[i..])
                        .all(|(t, m)| m.as_ref().is_some_and(|m| m.term == *t));
                if fits {
                    let (a, b) = (&found[i], &found[i + p.len() - 1]);
                    if let (Some(a), Some(b)) = (a, b) {
                        out.push(a.range.start..b.range.end);
                    }
                    i += p.len();
                    continue 'words;
                }
            }
            if let Some(m) = &found[i]
                && !self.phrase_only[m.term]
            {
                out.push(m.range.clone());
            }
            i += 1;
        }
        out
    }

    /// The best fragment of `text`; without a match, the paragraph's start (a title match).
    pub fn snippet(&mut self, text: &str) -> Snippet {
        let mut buf = String::new();
        if text.len() <= SNIPPET_BYTES {
            let highlights = self.marks(text, 0, text.len(), &mut buf);
            return Snippet {
                fragment: text.to_string(),
                highlights,
                cut_start: false,
                cut_end: false,
            };
        }
        let mut best: Option<Fragment> = None;
        let mut current = Fragment::at(0);
        for word in words(text) {
            if word.end - current.start > SNIPPET_BYTES {
                current.offer_to(&mut best);
                current = Fragment::at(word.start);
            }
            current.end = word.end;
            if let Some(w) = self.weight(&text[word.clone()], &mut buf) {
                current.score += w;
                current.highlights.push(word);
            }
        }
        current.offer_to(&mut best);
        let Some(f) = best else { return head(text) };
        // The window found, redrawn to begin a few words before its first match rather than
        // wherever its chunk began (the chunks are tantivy's; this reads better).
        let first = f.highlights.first().map_or(f.start, |r| r.start);
        let mut from = first.saturating_sub(CONTEXT_BYTES).max(f.start);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let start = words(&text[from..])
            .map(|w| from + w.start)
            .find(|&s| !text[..s].chars().next_back().is_some_and(char::is_alphanumeric))
            .map_or(first, |s| s.min(first));
        let mut end = start;
        for word in words(&text[start..]) {
            if word.end > SNIPPET_BYTES {
                break;
            }
            end = start + word.end;
        }
        // Fragments are cut at words; take in the marks that cling to them (an opening quote,
        // a closing quote and full stop) so a snippet reads like the text.
        let mut start = start - clinging(text[..start].chars().rev());
        let mut end = end + clinging(text[end..].chars());
        let mut marks = self.marks(text, start, end, &mut buf);
        let drawn = (start, end);
        // A quote that holds a match is shown whole when it fits in a little more room;
        // otherwise the fragment keeps its opening or closing mark and says where it cuts.
        let (mut open, mut close) = (None, None);
        let quotes = quote_spans(text);
        let holds_match = |q: &Range<usize>, start: usize, marks: &[Range<usize>]| {
            marks.iter().any(|m| q.start <= start + m.start && start + m.end <= q.end)
        };
        if let Some(q) = quotes.iter().find(|q| q.start < start && start < q.end)
            && holds_match(q, start, &marks)
        {
            if end - q.start <= SNIPPET_BYTES + QUOTE_SLACK_BYTES {
                start = q.start;
            } else {
                open = text[q.start..].chars().next();
            }
        }
        if (start, end) != drawn {
            marks = self.marks(text, start, end, &mut buf);
        }
        if let Some(q) = quotes.iter().find(|q| q.start < end && end < q.end)
            && holds_match(q, start, &marks)
        {
            if q.end - start <= SNIPPET_BYTES + QUOTE_SLACK_BYTES {
                end = q.end + clinging(text[q.end..].chars());
            } else {
                close = text[..q.end].chars().next_back();
            }
        }
        if (start, end) != drawn {
            marks = self.marks(text, start, end, &mut buf);
        }
        let mut fragment = String::with_capacity(end - start + 8);
        if let Some(c) = open {
            fragment.push(c);
            fragment.push('…');
        }
        let shift = fragment.len();
        fragment.push_str(&text[start..end]);
        if let Some(c) = close {
            fragment.push('…');
            fragment.push(c);
        }
        for m in &mut marks {
            *m = m.start + shift..m.end + shift;
        }
        Snippet {
            fragment,
            highlights: marks,
            cut_start: open.is_none() && text[..start].chars().any(char::is_alphanumeric),
            cut_end: close.is_none() && text[end..].chars().any(char::is_alphanumeric),
        }
    }
}

/// Whether `a` becomes `b` in at most `max` insertions, deletions, substitutions or swaps of
/// two neighbours (tantivy's fuzzy query counts a swap as one edit too).
fn within_edits(a: &str, b: &str, max: u8) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Optimal string alignment distance, three rows.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev[b.len()] <= max
}

/// Byte ranges of the quotations of `text`, each from its opening mark to the end of its
/// closing mark: “…” pairs, and straight double quotes taken in pairs.
fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut curly: Option<usize> = None;
    let mut straight: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' => curly = Some(i),
            '”' => {
                if let Some(s) = curly.take() {
                    out.push(s..i + c.len_utf8());
                }
            }
            '"' => match straight.take() {
                Some(s) => out.push(s..i + 1),
                None => straight = Some(i),
            },
            _ => {}
        }
    }
    out
}

/// A candidate fragment: a byte range of the paragraph, its score and matched words.
struct Fragment {
    start: usize,
    end: usize,
    score: f32,
    highlights: Vec<Range<usize>>,
}

impl Fragment {
    fn at(start: usize) -> Fragment {
        Fragment { start, end: start, score: 0.0, highlights: Vec::new() }
    }

    /// Keep this fragment in `best` if it scores higher (the earlier wins a tie).
    fn offer_to(self, best: &mut Option<Fragment>) {
        if self.score > 0.0 && best.as_ref().is_none_or(|b| self.score > b.score) {
            *best = Some(self);
        }
    }
}

/// Bytes of the punctuation at the start of `chars`, up to a space or a word.
fn clinging(chars: impl Iterator<Item = char>) -> usize {
    chars.take_while(|c| !c.is_whitespace() && !c.is_alphanumeric()).map(char::len_utf8).sum()
}

/// The paragraph's first [`SNIPPET_BYTES`], cut after a word.
fn head(text: &str) -> Snippet {
    let mut end = text.len().min(SNIPPET_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        end = text[..end].rfind(' ').filter(|&e| e > 0).unwrap_or(end);
    }
    Snippet {
        fragment: text[..end].to_string(),
        highlights: Vec::new(),
        cut_start: false,
        cut_end: text[end..].chars().any(char::is_alphanumeric),
    }
}

/// Byte ranges of the words of `text`: maximal runs of alphanumeric characters, as tantivy's
/// `SimpleTokenizer` cuts them. Read byte by byte, decoding only non-ASCII characters: every
/// word of every hit's paragraph goes through here.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            let (alnum, len) = char_at(text, at)?;
            if alnum {
                break at;
            }
            at += len;
        };
        while let Some((true, len)) = char_at(text, at) {
            at += len;
        }
        Some(start..at)
    })
}

/// Whether the character at byte `at` of `text` is alphanumeric, and its length in bytes
/// (None at the end).
#[inline]
fn char_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        return Some((b.is_ascii_alphanumeric(), 1));
    }
    let c = text[at..].chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::tests_support::marked;
    use super::*;

    #[test]
    fn marks_every_form_that_stems_to_a_term() {
        let mut h = Highlighter::new(vec![("mine".into(), 1.0), ("modern".into(), 1.0)]);
        assert_eq!(
            marked(&mut h, "Rich copper Mines, modernized by the miners; MODERN mining."),
            "Rich copper [Mines], [modernized] by the miners; [MODERN] [mining]."
        );
    }

    #[test]
    fn irregular_stems_and_non_ascii_words() {
        let mut h = Highlighter::new(vec![("die".into(), 1.0), ("elan".into(), 1.0)]);
        assert_eq!(marked(&mut h, "Dying with Élan."), "[Dying] with [Élan].");
        assert_eq!(marked(&mut h, "He said: “Élan!” Then"), "He said: “[Élan]!” Then");
    }

    #[test]
    fn the_fragment_with_the_rarest_terms_wins() {
        let filler = "word ".repeat(60);
        let text = format!("common here. {filler} rare and common there.");
        let mut h = Highlighter::new(vec![("common".into(), 0.1), ("rare".into(), 1.0)]);
        let s = h.snippet(&text);
        assert_eq!(s.fragment, "word word word word word word word  rare and common there.");
        assert!(s.cut_start && !s.cut_end);
        assert_eq!(s.highlights.len(), 2);
    }

    #[test]
    fn any_text_any_match_position() {
        // Multi-byte letters and marks at every distance from the match.
        let mut h = Highlighter::new(vec![("mine".into(), 1.0)]);
        for pad in 0..60 {
            let text = format!("“{}” é mines ü “x”", "ü".repeat(pad));
            let s = h.snippet(&text);
            assert_eq!(s.highlights.len(), 1, "{text}");
            assert_eq!(&s.fragment[s.highlights[0].clone()], "mines");
        }
    }

    #[test]
    fn no_match_gives_the_paragraph_start() {
        let mut h = Highlighter::new(vec![("absent".into(), 1.0)]);
        let text = "word ".repeat(100);
        let s = h.snippet(&text);
        assert!(s.highlights.is_empty() && !s.cut_start && s.cut_end);
        assert!(s.fragment.len() <= SNIPPET_BYTES && s.fragment.ends_with("word"));
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let text = "U.S.-led, 2004's «café»";
        let w: Vec<&str> = words(text).map(|r| &text[r]).collect();
        assert_eq!(w, ["U", "S", "led", "2004", "s", "café"]);
    }
}

#[cfg(test)]
mod rules {
    //! The rules of issue 11: short paragraphs whole, quotes kept whole or cut at their marks,
    //! phrases marked as phrases, accents folded as the index folds them.
    use super::tests_support::marked;
    use super::*;

    #[test]
    fn a_short_paragraph_is_shown_whole() {
        let mut h = Highlighter::new(vec![("bailey".into(), 1.0)]);
        let text = "\"Prices will fall,\" said Bank of England governor Andrew Bailey.";
        assert_eq!(
            marked(&mut h, text),
            "\"Prices will fall,\" said Bank of England governor Andrew [Bailey]."
        );
        let s = h.snippet(text);
        assert!(!s.cut_start && !s.cut_end);
    }

    #[test]
    fn phrases_are_marked_as_phrases() {
        let mut h = Highlighter::new(vec![("main".into(), 1.0), ("partner".into(), 1.0)])
            .with_phrases(&[vec!["main".into(), "partner".into()]], &[]);
        assert_eq!(
            marked(&mut h, "The main reason: China is our main partner, a partner."),
            "The main reason: China is our [main partner], a partner."
        );
        // A word also asked for alone is marked alone too.
        let mut h = Highlighter::new(vec![("main".into(), 1.0), ("partner".into(), 1.0)])
            .with_phrases(&[vec!["main".into(), "partner".into()]], &["partner".into()]);
        assert_eq!(
            marked(&mut h, "Our main partner, a partner."),
            "Our [main partner], a [partner]."
        );
    }

    #[test]
    fn fuzzy_words_are_marked() {
        let mut h = Highlighter::new(Vec::new()).with_fuzzy(vec![("blar".into(), 1)]);
        assert_eq!(marked(&mut h, "Blair met Clair and Bliar."), "[Blair] met Clair and [Bliar].");
        assert!(within_edits("abc", "abc", 0) && within_edits("ab", "ba", 1));
        assert!(!within_edits("blar", "la", 1) && within_edits("blar", "la", 2));
    }

    #[test]
    fn accents_fold_and_the_original_is_marked() {
        let mut h = Highlighter::new(vec![("reform".into(), 1.0), ("pele".into(), 1.0)]);
        assert_eq!(
            marked(&mut h, "La réforme, RÉFORME, reforms; Pelé said."),
            "La [réforme], [RÉFORME], [reforms]; [Pelé] said."
        );
    }

    #[test]
    fn a_quote_holding_a_match_is_widened_to_its_opening_mark() {
        let lead = "He said ".to_string() + &"filler words here ".repeat(6);
        let quote = format!("“{} copper mines are ours”", "we own ".repeat(8));
        let text = format!("{lead}{quote} and more text {}", "tail ".repeat(40));
        let mut h = Highlighter::new(vec![("copper".into(), 1.0)]);
        let s = h.snippet(&text);
        assert!(s.fragment.starts_with("“we own"), "{}", s.fragment);
        assert!(s.fragment.contains("are ours”"), "{}", s.fragment);
        assert_eq!(&s.fragment[s.highlights[0].clone()], "copper");
    }

    #[test]
    fn a_long_quote_is_cut_at_its_mark_with_an_ellipsis() {
        let text = format!(
            "Intro words. “{} copper mines {}” Outro words.",
            "we own ".repeat(60),
            "are ours ".repeat(60)
        );
        let mut h = Highlighter::new(vec![("copper".into(), 1.0)]);
        let s = h.snippet(&text);
        assert!(s.fragment.starts_with("“…"), "{}", s.fragment);
        assert!(s.fragment.ends_with("…”"), "{}", s.fragment);
        assert!(!s.cut_start && !s.cut_end);
        assert_eq!(&s.fragment[s.highlights[0].clone()], "copper");
    }
}

#[cfg(test)]
mod tests_support {
    use super::Highlighter;

    /// The snippet with its marks in brackets.
    pub fn marked(h: &mut Highlighter, text: &str) -> String {
        let s = h.snippet(text);
        let mut out = String::new();
        let mut at = 0;
        for r in &s.highlights {
            out.push_str(&s.fragment[at..r.start]);
            out.push('[');
            out.push_str(&s.fragment[r.clone()]);
            out.push(']');
            at = r.end;
        }
        out.push_str(&s.fragment[at..]);
        out
    }
}
