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

use std::collections::HashMap;
use std::ops::Range;

/// Longest fragment, in bytes (tantivy's unit: its "max_num_chars" counts bytes).
pub const SNIPPET_BYTES: usize = 240;
/// Context kept before a snippet's first match, in bytes.
const CONTEXT_BYTES: usize = 40;
/// Words this long or longer are not indexed (tantivy's `RemoveLongFilter` in `en_stem`).
const MAX_WORD_BYTES: usize = 40;

/// A snippet: a fragment of the paragraph and the byte ranges of matched terms in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The fragment.
    pub fragment: String,
    /// Matched terms, byte ranges into `fragment`.
    pub highlights: Vec<Range<usize>>,
    /// The fragment starts after the paragraph's start.
    pub cut_start: bool,
    /// The fragment ends before the paragraph's end.
    pub cut_end: bool,
}

/// Finds a query's stemmed terms in paragraphs analysed like the `text` field (`en_stem`).
pub struct Highlighter {
    /// Indexed terms (lowercased stems) and their weights.
    terms: Vec<(String, f32)>,
    /// First letters of the terms.
    firsts: Vec<char>,
    stemmer: frostem::Stemmer,
    /// Lowercased words already stemmed -> their term's weight: a page of hits repeats its
    /// matched words, and stemming is the costly step.
    seen: HashMap<String, Option<f32>>,
}

impl Highlighter {
    /// A highlighter for indexed `terms` with their weights (rarer terms weigh more).
    pub fn new(terms: Vec<(String, f32)>) -> Highlighter {
        let mut firsts: Vec<char> = terms.iter().filter_map(|(t, _)| t.chars().next()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        Highlighter { terms, firsts, stemmer, seen: HashMap::new() }
    }

    /// The weight of `word` when it is one of the terms.
    fn weight(&mut self, word: &str, buf: &mut String) -> Option<f32> {
        let first = word.chars().next()?;
        let lower_first = if first.is_ascii() {
            first.to_ascii_lowercase()
        } else {
            first.to_lowercase().next().unwrap_or(first)
        };
        if !self.firsts.contains(&lower_first) || word.len() >= MAX_WORD_BYTES {
            return None;
        }
        buf.clear();
        if word.is_ascii() {
            buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(&w) = self.seen.get(buf.as_str()) {
            return w;
        }
        let stem = self.stemmer.stem(buf);
        let w = self.terms.iter().find(|(t, _)| *t == *stem).map(|&(_, w)| w);
        self.seen.insert(buf.clone(), w);
        w
    }

    /// The best fragment of `text`; without a match, the paragraph's start (a title match).
    pub fn snippet(&mut self, text: &str) -> Snippet {
        let mut buf = String::new();
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
        let (mut end, mut highlights) = (start, Vec::new());
        for word in words(&text[start..]) {
            let word = start + word.start..start + word.end;
            if word.end - start > SNIPPET_BYTES {
                break;
            }
            end = word.end;
            if self.weight(&text[word.clone()], &mut buf).is_some() {
                highlights.push(word.start - start..word.end - start);
            }
        }
        // Fragments are cut at words; take in the marks that cling to them (an opening quote,
        // a closing quote and full stop) so a snippet reads like the text.
        let lead = clinging(text[..start].chars().rev());
        let (start, end) = (start - lead, end + clinging(text[end..].chars()));
        for h in &mut highlights {
            *h = h.start + lead..h.end + lead;
        }
        Snippet {
            fragment: text[start..end].to_string(),
            highlights,
            cut_start: text[..start].chars().any(char::is_alphanumeric),
            cut_end: text[end..].chars().any(char::is_alphanumeric),
        }
    }
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
/// `SimpleTokenizer` cuts them.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(h: &mut Highlighter, text: &str) -> String {
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
        let mut h = Highlighter::new(vec![("die".into(), 1.0), ("élan".into(), 1.0)]);
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
