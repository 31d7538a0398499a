//! Speech cues around a direct quote: `“…,” X said`, `X said: “…”`, `according to X, “…”`, a
//! colon sentence, a signature paragraph; and which tokens are speech verbs at all.

use std::ops::Range;

use super::confidence::CueKind;
use super::sources::{
    apposed_backward, np_backward, np_forward, plausible_source, subject, valid_source,
};
use super::words::{Class, classes, is, is_aux, is_pronoun};
use crate::analysis::Kind;
use crate::analysis::names::Resolved;
use crate::analysis::tokens::{Document, TokenKind};

/// A cue: the speech verb (or phrase) and, when found, the source phrase (token ranges).
#[derive(Clone, Debug)]
pub(super) struct Cue {
    /// The speech verb or phrase ("said", "according to", the colon).
    pub verb: Range<usize>,
    /// The source phrase, when one was found.
    pub source: Option<Range<usize>>,
    /// What kind of evidence tied the quote to the source.
    pub kind: CueKind,
}

impl Cue {
    /// A cue by a listed speech verb.
    fn verb(verb: Range<usize>, source: Option<Range<usize>>) -> Cue {
        Cue { verb, source, kind: CueKind::Verb }
    }
}

/// Join the parts of one quotation interrupted by its cue, as annotators do: `“A,” he said, “B.”`,
/// `“A,” he said. “B.”`, `“A,” she said on Thursday during a speech in New York. “B.”`. The parts
/// must share a paragraph, the first must have its cue after it, and the second must start in the
/// sentence after that cue at the latest. A cue that ends in `,` or `:` right before the second part
/// introduces that part instead (`“A.” He added, “B.”`), unless the first part ends in a comma (the
/// classic split). `“A,” he said. “B,” he added.` stays one quote too: PolNeAR train annotates such
/// runs as one attribution more often than not.
pub(super) fn merge_split_quotes(
    doc: &Document,
    resolved: &Resolved,
    raw: &mut Vec<Range<usize>>,
) -> Vec<Option<usize>> {
    let mut inner: Vec<Option<usize>> = vec![None; raw.len()];
    let mut i = 0;
    while i + 1 < raw.len() {
        let (a, b) = (raw[i].clone(), raw[i + 1].clone());
        let same_para = doc.paragraph_of(a.start) == doc.paragraph_of(b.start);
        let comma = a.end >= 2 && matches!(doc.word(a.end - 2), "," | "—" | "–");
        let before_b = doc.word(b.start - 1);
        let introduces_b = !comma && matches!(before_b, "," | ":");
        // The sentence of the second part is that of its first word: a straight opening mark
        // after a full stop (`… popular. "Apple …`) is kept with the sentence before it. A second
        // part with a cue of its own (`"B," he said`) is its own quote after another sentence;
        // one without may still continue the run by its mark's sentence (PolNeAR joins those).
        let b_sentence = doc.sentence_of((b.start + 1).min(b.end - 1));
        let b_sentence = if cue_after(doc, resolved, b.end).is_some() {
            b_sentence
        } else {
            doc.sentence_of(b.start)
        };
        let next_sentence = b_sentence <= doc.sentence_of(a.end - 1) + 1;
        // After a first part that ends its sentence (no `,` announcing a cue), a second part
        // quoted inside the reported content of the next sentence ("…considerably." X said the
        // economy had "slowed …") is a fragment of that report, not the rest of the first quote.
        let cued = b.start > a.end
            && cue_after(doc, resolved, a.end).is_some_and(|c| {
                attribution_follows(doc, a.end)
                    || b_sentence != doc.sentence_of(c.verb.start)
                    || doc.tokens[b.start - 1].kind != TokenKind::Word
            });
        // A second part right after a cue of its own in a new sentence ("…," she said. X paid
        // tribute to Y, saying: “B.”) is that cue's quote, not the rest of the first; one in the
        // first cue's sentence (`“A,” X said, adding later, “B.”`) continues it.
        let next = sentence_start(doc, a.end, b.start);
        let own_cue = matches!(before_b, "," | ":")
            && next > a.end
            && (next..b.start).any(|k| is_cue(doc, k));
        if same_para && cued && next_sentence && !introduces_b && !own_cue {
            raw[i] = a.start..b.end;
            raw.remove(i + 1);
            inner.remove(i + 1);
            inner[i] = inner[i].or(Some(a.end));
        } else {
            i += 1;
        }
    }
    inner
}

/// `“…,” X said` / `“…,” said X` right after the quote (`close` = token after the quote).
pub(super) fn cue_after(doc: &Document, resolved: &Resolved, close: usize) -> Option<Cue> {
    let para_end = doc
        .paragraph_of(close.saturating_sub(1))
        .and_then(|p| doc.paragraphs.get(p))
        .map_or(close, |p| p.end);
    let mut i = close;
    while i < para_end && matches!(doc.word(i), "," | "—" | "–") {
        i += 1;
    }
    if i >= para_end || doc.tokens[i].kind != TokenKind::Word {
        return None;
    }
    // "said X"
    if is_cue(doc, i) {
        let v = i;
        let src = np_forward(doc, v + 1, para_end).map(|e| v + 1..e);
        let src = src.map(|r| named_apposition(doc, resolved, r, para_end));
        return Some(Cue::verb(v..v + 1, src));
    }
    // "X said" (X up to 16 tokens with an apposition: "Seth McKee, a political scientist at
    // Texas Tech University, said"; "Sarandon, 69, told"; auxiliaries: "he has said")
    let limit = (i + 16).min(para_end);
    let mut j = i;
    while j < limit {
        let w = doc.word(j);
        let kind = doc.tokens[j].kind;
        if kind != TokenKind::Word
            && kind != TokenKind::Number
            && !matches!(w, "," | "-" | "’s" | "'s" | "(" | ")" | ".")
        {
            break;
        }
        if j > i && is_cue(doc, j) {
            let mut e = j;
            while e > i + 1 && is_aux(doc.word(e - 1)) {
                e -= 1;
            }
            let fits = if attribution_follows(doc, close) {
                plausible_source(doc, resolved, i..e)
            } else {
                valid_source(doc, resolved, i..e)
            };
            if !fits {
                return None;
            }
            return Some(Cue::verb(j..j + 1, Some(i..e)));
        }
        j += 1;
    }
    attribution_follows(doc, close)
        .then(|| unlisted_verb_after(doc, resolved, i, para_end))
        .flatten()
}

/// True when the quote closing just before token `close` ends in its own comma, question or
/// exclamation mark (`“…,” Hale said`): news style announcing that the attribution follows.
pub(super) fn attribution_follows(doc: &Document, close: usize) -> bool {
    close >= 2
        && doc.tokens[close - 1].kind == TokenKind::Quote
        && matches!(doc.word(close - 2), "," | "?" | "!")
}

/// `“…,” Trump shot back.`: after a quote announcing its attribution, a name, pronoun or short
/// nominal ("some protesters") followed by a verb missing from the cue lexicon ("shot back",
/// "barked", "answers", "it read"). The verb is the first lower-case content word after the name
/// (the last word of the nominal); it must end its clause (only a particle or adverb between it
/// and the punctuation), so that "Trump campaign aides" is not read as a verb.
pub(super) fn unlisted_verb_after(
    doc: &Document,
    resolved: &Resolved,
    from: usize,
    limit: usize,
) -> Option<Cue> {
    let capital = |k: usize| {
        doc.tokens[k].kind == TokenKind::Word && doc.word(k).starts_with(char::is_uppercase)
    };
    let mut v = from;
    if v < limit && is_pronoun(doc.word(v)) {
        v += 1;
    } else if v < limit && is(doc.word(v), Class::DETERMINER) {
        // "some protesters chanted": a determiner and one or two words.
        v = (from + 2..(from + 4).min(limit))
            .find(|&k| doc.tokens.get(k + 1).is_none_or(|t| t.kind != TokenKind::Word))
            .unwrap_or(from);
    } else {
        while v < limit && v < from + 5 && capital(v) {
            v += 1;
        }
    }
    if v == from || v >= limit || !plausible_source(doc, resolved, from..v) {
        return None;
    }
    let w = doc.word(v);
    let content = doc.tokens[v].kind == TokenKind::Word
        && w.starts_with(char::is_lowercase)
        && !is_aux(w)
        && !is(w, Class::BAD_START)
        && !is(w, Class::BAD_END)
        && !is(w, Class::CLAUSE);
    // The clause ends within two words: "shot back.", "barked.", "answers,", "retorted with a laugh".
    let ends = (v + 1..(v + 3).min(limit)).any(|k| matches!(doc.word(k), "." | "," | ";" | "!"))
        || (v + 1 < limit && matches!(doc.word(v + 1), "with" | "in" | "on" | "as" | "at"));
    (content && ends).then_some(Cue {
        verb: v..v + 1,
        source: Some(from..v),
        kind: CueKind::Unlisted,
    })
}

/// `X said: “…”`, `X said, “…”`, `according to X, “…”` just before the quote (`open` = its first token).
pub(super) fn cue_before(doc: &Document, resolved: &Resolved, open: usize) -> Option<Cue> {
    let para = doc.paragraph_of(open).and_then(|p| doc.paragraphs.get(p).map(|r| (p, r.start)));
    // A paragraph of its own introduced by the previous one ("Cruz continued:" ¶ “…”).
    if let Some((p, _)) = para.filter(|&(p, start)| p > 0 && start == open) {
        let prev = doc.paragraphs[p - 1].clone();
        if prev.end > prev.start && doc.word(prev.end - 1) == ":" {
            let s = doc.sentence_of(prev.end - 1);
            let floor = doc.sentences.get(s).map_or(prev.start, |r| r.start).max(prev.start);
            return cue_before_at(doc, resolved, prev.end, floor);
        }
    }
    let s = doc.sentence_of(open);
    let floor = doc.sentences.get(s).map_or(open, |r| r.start);
    let floor = para.map_or(floor, |(_, start)| start).max(floor.min(open));
    cue_before_at(doc, resolved, open, floor)
}

/// [`cue_before`] with the quote opening at token `open` and the search bounded by `floor`.
pub(super) fn cue_before_at(
    doc: &Document,
    resolved: &Resolved,
    open: usize,
    floor: usize,
) -> Option<Cue> {
    let mut i = open;
    while i > floor && matches!(doc.word(i - 1), ":" | "," | "—" | "that") {
        i -= 1;
    }
    if i == open && i > floor && doc.tokens[i - 1].kind == TokenKind::Word && !is_cue(doc, i - 1) {
        return None;
    }
    // The verb may be followed by a short adjunct: "said in a statement:", "told reporters:";
    // a verb with an addressee by a longer one and a comma ("told SiriusXM host Matt Boyle, “…”").
    let mut v = i;
    while v > floor && v + 10 > i {
        v -= 1;
        if is_cue(doc, v) {
            if v + 6 < i && !(is(doc.word(v), Class::ADDRESSEE) && i < open) {
                break;
            }
            let mut e = v;
            while e > floor && is_aux(doc.word(e - 1)) {
                e -= 1;
            }
            let src = apposed_backward(doc, resolved, e, floor).or_else(|| {
                np_backward(doc, e, floor)
                    .map(|st| st..e)
                    .filter(|s| plausible_source(doc, resolved, s.clone()))
            });
            // "Continued Stone: “…”", "Said Comey, “…”": a cue opening its sentence comes before
            // its source.
            let src = src.or_else(|| {
                (e == floor)
                    .then(|| np_forward(doc, v + 1, i).map(|x| v + 1..x))
                    .flatten()
                    .filter(|s| plausible_source(doc, resolved, s.clone()))
            });
            // "Clinton tweeted on Friday, saying: “…”", "… and added: “…”", "… by saying “…”",
            // "went on to say:": a participle or a coordinated verb takes the subject of its
            // sentence, which may follow an opening adjunct ("Before the convention, Chief …").
            // The sentence is the verb's own: a sentence ending since `floor` ("…," she said.
            // Davenport paid tribute to Williams, saying: “…”) leaves its subject behind.
            let clause = sentence_start(doc, floor, e);
            let src = src.or_else(|| {
                (e > clause).then(|| subject(doc, resolved, clause, e)).flatten().or_else(|| {
                    (clause..e)
                        .filter(|&k| doc.word(k) == ",")
                        .find_map(|k| subject(doc, resolved, k + 1, e))
                })
            });
            return Some(Cue::verb(v..v + 1, src));
        }
        if doc.tokens[v].kind == TokenKind::Quote {
            break;
        }
    }
    // "According to the newspaper, “…”", "As The Post's Dana Milbank puts it, “…”": attributions
    // without a speech verb.
    if let Some(k) = (floor..i)
        .find(|&k| doc.word(k).eq_ignore_ascii_case("according") && doc.word(k + 1) == "to")
        && plausible_source(doc, resolved, k + 2..i)
    {
        return Some(Cue::verb(k..k + 2, Some(k + 2..i)));
    }
    if i >= floor + 3 && doc.word(i - 1) == "it" && matches!(doc.word(i - 2), "put" | "puts") {
        let src = np_backward(doc, i - 2, floor).map(|st| st..i - 2);
        if let Some(src) = src.filter(|s| plausible_source(doc, resolved, s.clone())) {
            return Some(Cue::verb(i - 2..i, Some(src)));
        }
    }
    None
}

/// Source phrase `r` after an inverted cue, with the name set beside it after a comma when that
/// name closes the sentence: `“…,” said EEF chief economist, Steve Radley.` is Radley's. A name
/// followed by more of the clause ("said her son's killer, Warren Leblanc, should …") is not.
fn named_apposition(
    doc: &Document,
    resolved: &Resolved,
    r: Range<usize>,
    para_end: usize,
) -> Range<usize> {
    if r.end + 1 >= para_end || doc.word(r.end) != "," {
        return r;
    }
    let Some(i) = resolved.mention_at(doc.tokens[r.end + 1].span()) else { return r };
    let m = &resolved.mentions[i];
    let closes = m.tokens.start == r.end + 1
        && (m.tokens.end >= para_end || matches!(doc.word(m.tokens.end), "." | "!" | "?"));
    let person =
        resolved.entities.get(resolved.entity_of[i]).is_some_and(|e| e.kind == Kind::Person);
    if closes && person { r.start..m.tokens.end } else { r }
}

/// The first token after the last sentence end between tokens `floor` and `end`: a full stop,
/// question or exclamation mark followed by a capitalised word (the sentence splitter may keep
/// `“…,” she said. Davenport …` together when a quote opened the sentence); `floor` when none.
fn sentence_start(doc: &Document, floor: usize, end: usize) -> usize {
    (floor + 1..end)
        .rev()
        .find(|&k| {
            matches!(doc.word(k - 1), "." | "?" | "!")
                && doc.tokens[k].kind == TokenKind::Word
                && doc.word(k).starts_with(char::is_uppercase)
        })
        .unwrap_or(floor)
}

/// The source signed under a quote that ends its paragraph (`close` = the token after the
/// quote), fact-check style: “…” ¶ "- Bernie Sanders." Returns the dash's token and the source.
pub(super) fn signature(
    doc: &Document,
    resolved: &Resolved,
    close: usize,
) -> Option<(usize, Range<usize>)> {
    let p = doc.paragraph_of(close.checked_sub(1)?)?;
    // Only a final period may follow the quote in its paragraph.
    if close + 1 < doc.paragraphs[p].end {
        return None;
    }
    let next = doc.paragraphs.get(p + 1)?.clone();
    if next.is_empty() || !matches!(doc.word(next.start), "-" | "—" | "–") {
        return None;
    }
    let start = next.start + 1;
    let end = (start..next.end.min(start + 8))
        .find(|&k| matches!(doc.word(k), "," | "."))
        .unwrap_or(next.end.min(start + 8));
    plausible_source(doc, resolved, start..end).then_some((next.start, start..end))
}

/// The source of a quote introduced by a colon (`open` = the quote's first token): the name
/// ending at the colon ("Pollsters agree - Carl Bialik:", "Rep. Trey Gowdy (R-S.C.):"), else the
/// subject of the colon's sentence ("Cruz called them on it:", "Article 33 affirms:"). Returns
/// the colon's token and the source.
pub(super) fn colon_source(
    doc: &Document,
    resolved: &Resolved,
    open: usize,
) -> Option<(usize, Range<usize>)> {
    let para = doc.paragraph_of(open);
    let colon = if open > 0 && doc.word(open - 1) == ":" && doc.paragraph_of(open - 1) == para {
        open - 1
    } else {
        // A paragraph of its own introduced by the previous one ("He then listed them:" ¶ “…”).
        let p = para.filter(|&p| p > 0 && doc.paragraphs[p].start == open)?;
        let prev = doc.paragraphs[p - 1].clone();
        (prev.end > prev.start && doc.word(prev.end - 1) == ":").then_some(prev.end - 1)?
    };
    let sentence = doc.sentences.get(doc.sentence_of(colon)).map_or(colon, |r| r.start);
    let floor = doc.paragraph_of(colon).map_or(sentence, |p| sentence.max(doc.paragraphs[p].start));
    let mut end = colon;
    if end > floor && doc.word(end - 1) == ")" {
        end = (floor..end - 1).rev().find(|&k| doc.word(k) == "(").unwrap_or(end);
    }
    let mut start = end;
    while start > floor
        && start + 5 > end
        && doc.tokens[start - 1].kind == TokenKind::Word
        && doc.word(start - 1).starts_with(char::is_uppercase)
    {
        start -= 1;
    }
    // A name is the source when it stands alone before the colon ("- Carl Bialik:") or follows
    // "from" ("More from Jones:"); after a verb it is an object ("… a blunt message to Trump:").
    let alone = start == floor
        || doc.tokens[start - 1].kind != TokenKind::Word
        || doc.word(start - 1).eq_ignore_ascii_case("from");
    if start < end && alone && plausible_source(doc, resolved, start..end) {
        return Some((colon, start..end));
    }
    // The colon's own clause may follow a coordinator ("Reid said …, but he gave the Texan a
    // back-handed compliment:").
    (floor..colon)
        .rev()
        .filter(|&k| {
            doc.word(k) == ";"
                || (k > floor && doc.word(k - 1) == "," && matches!(doc.word(k), "but" | "and"))
        })
        .find_map(|k| subject(doc, resolved, k + 1, colon))
        .or_else(|| subject(doc, resolved, floor, colon))
        .map(|src| (colon, src))
}

/// True when token `k` is a speech verb used as a verb: lower case (or capitalised at the start
/// of a sentence: "Asked about it, …") and not after a determiner or preposition, so that nouns
/// spelled like cue verbs ("secretary of state", "the report", "HEADLINE STATES") are not cues.
pub(super) fn is_cue(doc: &Document, k: usize) -> bool {
    is_cue_word(doc, k)
}

/// True when token `k` opens a speech act named by a verb and its object rather than a speech
/// verb: "rejected calls for …", "dismissed claims that …", "issued a warning", "called for …".
/// `c` is the classes of the word at `k`.
fn reports_speech_act(doc: &Document, k: usize, c: Class) -> bool {
    let next = |j: usize| doc.tokens.get(j).map(|_| doc.word(j));
    if c.has(Class::STANCE_VERB) {
        let n = match next(k + 1) {
            Some("a" | "an" | "the" | "fresh" | "new" | "renewed") => next(k + 2),
            n => n,
        };
        return n.is_some_and(|n| is(n, Class::SPEECH_NOUN));
    }
    // "X accused Y of lying": an object, then "of" before the sentence goes on; not the passive
    // or adjectival "accused of", "accused by", "was accused".
    if c.has(Class::ACCUSE_VERB) {
        let of = (k + 2..(k + 10).min(doc.tokens.len()))
            .take_while(|&j| doc.tokens[j].kind == TokenKind::Word)
            .find(|&j| doc.word(j) == "of");
        return of.is_some()
            && next(k + 1).is_some_and(|n| n != "of" && n != "by")
            && doc.tokens[k + 1].kind == TokenKind::Word
            && (k == 0 || !is(&doc.word(k - 1).to_lowercase(), Class::COPULA));
    }
    // "has called for an inquiry", not "calls for …" after a stance verb (its object).
    c.has(Class::CALL_VERB)
        && next(k + 1) == Some("for")
        && (k == 0 || !is(doc.word(k - 1), Class::STANCE_VERB))
}

/// [`is_cue`] itself.
fn is_cue_word(doc: &Document, k: usize) -> bool {
    let Some(t) = doc.tokens.get(k) else { return false };
    let w = doc.word(k);
    if t.kind != TokenKind::Word {
        return false;
    }
    // Asked of every word of a text: one look-up for the speech verbs and the speech acts.
    let c = classes(w);
    if !(c.has(Class::SPEECH_VERB) || reports_speech_act(doc, k, c)) {
        return false;
    }
    let starts_sentence = doc.sentences.get(doc.sentence_of(k)).is_some_and(|s| s.start == k)
        || (k > 0 && doc.tokens[k - 1].kind == TokenKind::Quote);
    if !w.starts_with(|c: char| c.is_lowercase()) && !starts_sentence {
        return false;
    }
    if w.len() > 1 && w.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    k == 0 || !is(doc.word(k - 1), Class::NOUN_MARKER)
}
