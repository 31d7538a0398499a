//! Quotes and speakers: direct quotes in quotation marks, reported speech, and who said them.
//!
//! [`find`] works in three steps:
//! 1. **Direct quotes**: quotation marks are paired per paragraph (curly and
//!    straight, double marks outside, single marks only at top level, nested
//!    ‘ ’ inside “ ” ignored). A quote left open at the end of a paragraph
//!    continues when the next paragraph opens with a quotation mark (news
//!    style). `“A,” he said, “B.”` becomes one quote. Short quoted phrases with
//!    no speech cue next to them are scare quotes, not quotes.
//! 2. **Attribution**: a speech cue next to the quote (`“…,” X said`,
//!    `“…,” said X`, `X said: “…”`, `according to X, “…”`), with the cue verb
//!    from `lexicon/speech_verbs.txt`; without a cue verb, a colon (`Cruz called
//!    them on it: “…”`) or a signature paragraph (`- Bernie Sanders.`). A quote
//!    without a cue that fills its paragraph keeps the speaker of the quote just
//!    before it.
//! 3. **Reported speech**: `X said (that) …`, `X told Y …`, `…, X said.`,
//!    `according to X, …` outside direct quotes, for every speech verb of a
//!    sentence (nested reports are attributions too).
//!
//! A source (the surface mention: a name, "he", "the spokesman", "the Post")
//! resolves to a speaker: the entity of the name; for a pronoun the most recent
//! compatible person outside quotes (gender from titles, given names and earlier
//! pronouns); for a role noun the person last described with that role.

use std::ops::Range;

use super::Kind;
use super::Quote;
use super::gazetteer as gaz;
use super::gazetteer::Gender;
use super::names::Resolved;
use super::tokens::{Document, TokenKind};

/// A quotation mark's role.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Open,
    Close,
    /// Straight quote whose role depends on what is open.
    Either,
}

/// Double (“ ” ") or single (‘ ’ ') marks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Double,
    Single,
}

fn mark_of(doc: &Document, i: usize) -> Option<(Style, Mark)> {
    let t = doc.tokens[i];
    if t.kind != TokenKind::Quote {
        return None;
    }
    let before = doc.text.get(..t.start).and_then(|s| s.chars().next_back());
    let after = doc.text.get(t.end..).and_then(|s| s.chars().next());
    let space_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]—–".contains(c));
    let w = doc.word(i);
    Some(match w {
        "“" | "„" | "«" => (Style::Double, Mark::Open),
        "”" | "»" => (Style::Double, Mark::Close),
        "\"" => (
            Style::Double,
            if space_before && !space_after {
                Mark::Open
            } else if space_after && !space_before {
                Mark::Close
            } else {
                Mark::Either
            },
        ),
        "‘" => (Style::Single, Mark::Open),
        "’" | "'" => {
            if space_before && !space_after {
                (Style::Single, Mark::Open)
            } else if !space_before {
                (Style::Single, Mark::Close)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// Find direct and reported quotes and attribute them.
pub fn find(doc: &Document, resolved: &Resolved) -> Vec<Quote> {
    let mut raw = direct_spans(doc);
    let inner = merge_split_quotes(doc, resolved, &mut raw);
    let mut quotes = Vec::new();
    let inside = |pos: usize, raw: &[Range<usize>]| {
        raw.iter().any(|r| doc.tokens[r.start].start <= pos && pos < doc.tokens[r.end - 1].end)
    };
    let mut used_cues: Vec<usize> = Vec::new();
    for (qi, r) in raw.iter().enumerate() {
        let para = doc.paragraph_of(r.start).unwrap_or(0);
        // A quote joined from two parts has its cue between them.
        // A quote opening in lower case inside a sentence is a fragment of reported speech
        // ('… said the plan was “a disaster” for …'), not a quote of its own, unless a cue follows it.
        let fragment = doc
            .text
            .get(doc.tokens[r.start].end..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_lowercase)
            && r.start > 0
            && doc.tokens[r.start - 1].kind == TokenKind::Word;
        if fragment && cue_after(doc, resolved, r.end).is_none() {
            continue;
        }
        // A cue after the quote that introduces the next one (`“A.” He added, “B.”`) is the
        // next quote's; this one keeps the cue before it when it has one.
        let after = cue_after(doc, resolved, r.end);
        let introduces_next = after.as_ref().is_some_and(|(v, _)| {
            matches!(doc.word(v.end), "," | ":")
                && doc.tokens.get(v.end + 1).is_some_and(|t| t.kind == TokenKind::Quote)
        });
        let before = || cue_before(doc, resolved, r.start);
        let cue =
            inner.get(qi).copied().flatten().and_then(|mid| cue_after(doc, resolved, mid)).or_else(
                || if introduces_next { before().or(after) } else { after.or_else(before) },
            );
        let words = (r.start..r.end).filter(|&k| doc.tokens[k].kind == TokenKind::Word).count();
        // Markup attributes from embeds (`"1449075600" tweet_id="6721…"`) are not speech.
        if (r.start..r.end).any(|k| doc.word(k) == "=") {
            continue;
        }
        // A quote after a colon and no speech verb is the colon sentence's ("Cruz called them on
        // it:", "Pollsters agree - Carl Bialik:", the headline "Trump: ‘…’"); one without either
        // may be signed in the next paragraph ("- Bernie Sanders.").
        let cue = match cue {
            Some((v, None)) => Some((v, colon_source(doc, resolved, r.start).map(|(_, s)| s))),
            None if words >= 8 => colon_source(doc, resolved, r.start)
                .or_else(|| signature(doc, resolved, r.end))
                .map(|(c, s)| (c..c + 1, Some(s))),
            cue => cue,
        };
        let span = tok_span(doc, r.clone());
        let quote = match cue {
            // Quoted numbers and codes (tweet ids in embeds) are not speech.
            Some(_) if words < 2 => continue,
            Some((verb, src)) => {
                used_cues.push(verb.start);
                let speaker = src.clone().and_then(|s| speaker_of(doc, resolved, s, &raw));
                Quote {
                    span,
                    direct: true,
                    paragraph: para,
                    cue: Some(tok_span(doc, verb)),
                    source: src.map(|s| tok_span(doc, s)),
                    confidence: confidence(true, speaker.is_some()),
                    speaker,
                }
            }
            // Scare quotes and titles (“main partner”) have no cue and few words.
            None if words < 8 => continue,
            None => Quote {
                span,
                direct: true,
                paragraph: para,
                cue: None,
                source: None,
                speaker: None,
                confidence: 0.0,
            },
        };
        quotes.push(quote);
    }
    // Reported speech outside direct quotes.
    for s in doc.sentences.iter().cloned() {
        if doc.paragraph_of(s.start).is_none() {
            continue; // headline
        }
        for v in s.clone() {
            if !is_cue(doc, v) {
                continue;
            }
            if used_cues.contains(&v) || inside(doc.tokens[v].start, &raw) {
                continue;
            }
            if let Some(q) = reported(doc, resolved, s.clone(), v, &raw) {
                used_cues.push(v);
                quotes.push(q);
            }
        }
        // "according to X, ..." and "..., according to X."
        for k in s.clone() {
            if doc.word(k).eq_ignore_ascii_case("according")
                && k + 1 < s.end
                && doc.word(k + 1) == "to"
                && !inside(doc.tokens[k].start, &raw)
                && let Some(q) = according(doc, resolved, s.clone(), k, &raw)
            {
                quotes.push(q);
            }
        }
    }
    quotes.sort_by_key(|q| q.span.start);
    carry_speakers(doc, &mut quotes);
    quotes
}

/// A direct quote without a cue keeps the speaker of the quote before it, when that one is in the
/// same paragraph, or in the previous paragraph and this quote opens its paragraph.
fn carry_speakers(doc: &Document, quotes: &mut [Quote]) {
    for i in 1..quotes.len() {
        if !quotes[i].direct || quotes[i].cue.is_some() || quotes[i].speaker.is_some() {
            continue;
        }
        let prev = &quotes[i - 1];
        let prev_para = super::paragraph_of(doc.article, prev.span.end.saturating_sub(1))
            .unwrap_or(prev.paragraph);
        let p = quotes[i].paragraph;
        let opens =
            doc.article.paragraphs.get(p).is_some_and(|r| quotes[i].span.start <= r.start + 1);
        if prev_para == p || (prev_para + 1 == p && opens) {
            let (source, speaker) = (prev.source.clone(), prev.speaker.clone());
            quotes[i].source = source;
            quotes[i].speaker = speaker;
        }
    }
}

/// Byte span of token range `r`.
fn tok_span(doc: &Document, r: Range<usize>) -> Range<usize> {
    doc.tokens[r.start].start..doc.tokens[r.end - 1].end
}

/// Token ranges of direct quotes (marks included), paired per paragraph.
fn direct_spans(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Style)> = None;
    for (p, pr) in doc.paragraphs.iter().enumerate() {
        let mut i = pr.start;
        // A quote carried over from the previous paragraph: this one must open with a mark.
        if let Some((_, style)) = open {
            match (pr.start < pr.end).then(|| mark_of(doc, pr.start)).flatten() {
                Some((s, Mark::Open | Mark::Either)) if s == style => i += 1,
                _ => open = None,
            }
        }
        while i < pr.end {
            if let Some((style, mark)) = mark_of(doc, i) {
                match open {
                    None if mark != Mark::Close => open = Some((i, style)),
                    Some((o, s)) if s == style && mark != Mark::Open => {
                        if i > o + 1 {
                            out.push(o..i + 1);
                        }
                        open = None;
                    }
                    // A stray straight quote reopening: treat as a new opening.
                    Some((_, Style::Double)) if style == Style::Double && mark == Mark::Open => {
                        open = Some((i, style))
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        // Left open: continues only if the next paragraph opens with the same mark.
        if let Some((o, style)) = open {
            let next_opens = doc.paragraphs.get(p + 1).is_some_and(|n| {
                n.start < n.end && matches!(mark_of(doc, n.start), Some((s, Mark::Open | Mark::Either)) if s == style)
            });
            if !next_opens {
                if pr.end > o + 1 && style == Style::Double {
                    out.push(o..pr.end);
                }
                open = None;
            }
        }
    }
    out
}

/// Join the parts of one quotation interrupted by its cue, as annotators do: `“A,” he said, “B.”`,
/// `“A,” he said. “B.”`, `“A,” she said on Thursday during a speech in New York. “B.”`. The parts
/// must share a paragraph, the first must have its cue after it, and the second must start in the
/// sentence after that cue at the latest. A cue that ends in `,` or `:` right before the second part
/// introduces that part instead (`“A.” He added, “B.”`), unless the first part ends in a comma (the
/// classic split). `“A,” he said. “B,” he added.` stays one quote too: PolNeAR train annotates such
/// runs as one attribution more often than not.
fn merge_split_quotes(
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
        let next_sentence = doc.sentence_of(b.start) <= doc.sentence_of(a.end - 1) + 1;
        let cued = b.start > a.end && cue_after(doc, resolved, a.end).is_some();
        if same_para && cued && next_sentence && !introduces_b {
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

/// Words that can stand between a source and its verb ("has", "also") or after the verb.
fn is_aux(w: &str) -> bool {
    // Adverbs in -ly ("repeatedly", "immediately") sit between a subject and its verb.
    if w.len() > 4 && w.ends_with("ly") && w.starts_with(|c: char| c.is_ascii_lowercase()) {
        return true;
    }
    matches!(
        w,
        "has"
            | "had"
            | "have"
            | "also"
            | "later"
            | "then"
            | "previously"
            | "once"
            | "again"
            | "would"
            | "will"
            | "recently"
            | "further"
            | "simply"
            | "just"
            | "repeatedly"
            | "often"
            | "reportedly"
            | "publicly"
            | "privately"
            | "says"
            | "was"
            | "is"
            | "not"
            | "never"
            | "still"
            | "did"
            | "does"
            | "do"
            | "didn't"
            | "doesn't"
            | "don't"
            | "didn’t"
            | "doesn’t"
            | "don’t"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "must"
            | "first"
    )
}

fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "He" | "She" | "They" | "I" | "we" | "We" | "it" | "It")
}

/// The end of a source noun phrase starting at token `i` (exclusive), at most `max` tokens.
/// Accepts a pronoun, a name run, or "the"/"a"/"another" + modifiers + noun(s).
fn np_forward(doc: &Document, i: usize, limit: usize) -> Option<usize> {
    let w = doc.tokens.get(i).map(|_| doc.word(i))?;
    if is_pronoun(w) {
        return Some(i + 1);
    }
    let mut j = i;
    while j < limit && j < i + 8 {
        let t = doc.tokens[j];
        let w = doc.word(j);
        if t.kind != TokenKind::Word || is_cue(doc, j) || is_aux(w) {
            break;
        }
        j += 1;
    }
    (j > i).then_some(j)
}

/// Start of the source noun phrase that ends just before token `end` (a name run, pronoun or
/// short nominal), searched back no further than `floor`.
fn np_backward(doc: &Document, end: usize, floor: usize) -> Option<usize> {
    let mut j = end;
    while j > floor && j > end.saturating_sub(8) {
        let k = j - 1;
        let t = doc.tokens[k];
        let w = doc.word(k);
        if t.kind != TokenKind::Word || is_cue(doc, k) {
            break;
        }
        // A lowercase function word starting a clause ends the phrase ("that", "and").
        if matches!(
            w,
            "that" | "and" | "but" | "which" | "who" | "as" | "because" | "when" | "while" | "if"
        ) {
            break;
        }
        j = k;
        if is_pronoun(w) {
            break;
        }
    }
    // A sentence-opening conjunction or adverbial is not part of the phrase ("But a Homeland
    // Security Department official said").
    while j < end && bad_source_start(doc.word(j)) {
        j += 1;
    }
    // Poll shares speak too: "59 percent (of Republicans) said".
    if j > floor
        && j < end
        && doc.word(j) == "percent"
        && doc.tokens[j - 1].kind == TokenKind::Number
    {
        j -= 1;
    }
    (j < end).then_some(j)
}

/// `“…,” X said` / `“…,” said X` right after the quote (`close` = token after the quote).
fn cue_after(
    doc: &Document,
    resolved: &Resolved,
    close: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
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
        return Some((v..v + 1, src));
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
            return Some((j..j + 1, Some(i..e)));
        }
        j += 1;
    }
    attribution_follows(doc, close)
        .then(|| unlisted_verb_after(doc, resolved, i, para_end))
        .flatten()
}

/// True when the quote closing just before token `close` ends in its own comma, question or
/// exclamation mark (`“…,” Hale said`): news style announcing that the attribution follows.
fn attribution_follows(doc: &Document, close: usize) -> bool {
    close >= 2
        && doc.tokens[close - 1].kind == TokenKind::Quote
        && matches!(doc.word(close - 2), "," | "?" | "!")
}

/// `“…,” Trump shot back.`: after a quote announcing its attribution, a name, pronoun or short
/// nominal ("some protesters") followed by a verb missing from the cue lexicon ("shot back",
/// "barked", "answers", "it read"). The verb is the first lower-case content word after the name
/// (the last word of the nominal); it must end its clause (only a particle or adverb between it
/// and the punctuation), so that "Trump campaign aides" is not read as a verb.
fn unlisted_verb_after(
    doc: &Document,
    resolved: &Resolved,
    from: usize,
    limit: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let capital = |k: usize| {
        doc.tokens[k].kind == TokenKind::Word && doc.word(k).starts_with(char::is_uppercase)
    };
    let mut v = from;
    if v < limit && is_pronoun(doc.word(v)) {
        v += 1;
    } else if v < limit && SOURCE_DETERMINERS.contains(&doc.word(v)) {
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
        && !bad_source_start(w)
        && !bad_source_end(w)
        && !clause_word(w);
    // The clause ends within two words: "shot back.", "barked.", "answers,", "retorted with a laugh".
    let ends = (v + 1..(v + 3).min(limit)).any(|k| matches!(doc.word(k), "." | "," | ";" | "!"))
        || (v + 1 < limit && matches!(doc.word(v + 1), "with" | "in" | "on" | "as" | "at"));
    (content && ends).then_some((v..v + 1, Some(from..v)))
}

/// A looser [`valid_source`] for places that only a source can fill (between `“…,”` and its verb,
/// or before a verb that introduces a quote): a short noun phrase opened by a capitalised word, a
/// pronoun or a determiner ("Hale", "the board", "his colleague", "Another child",
/// "Rep. Earl Blumenauer (D-Ore.)"), with no clause in its head.
fn plausible_source(doc: &Document, resolved: &Resolved, r: Range<usize>) -> bool {
    // "it" alone is a letter, a report or an email here ("“…,” it read").
    if valid_source(doc, resolved, r.clone()) || (r.len() == 1 && doc.word(r.start) == "it") {
        return true;
    }
    if r.is_empty() || r.len() > 16 || r.end > doc.tokens.len() {
        return false;
    }
    let first = doc.word(r.start);
    if bad_source_start(first) || bad_source_end(doc.word(r.end - 1)) {
        return false;
    }
    // Sentence punctuation only inside parentheses ("(D-Ore.)").
    let mut depth = 0usize;
    for k in r.clone() {
        match doc.word(k) {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "." | ";" | "!" | "?" | ":" if depth == 0 => return false,
            _ => {}
        }
    }
    let head_end = r.clone().find(|&k| doc.word(k) == ",").unwrap_or(r.end);
    let clause = (r.start..head_end).any(|k| {
        let w = doc.word(k);
        clause_word(w)
            || is_aux(w)
            || matches!(w, "be" | "been" | "is" | "are" | "was" | "were" | "it" | "It" | "this")
    });
    let share = doc.tokens[r.start].kind == TokenKind::Number
        && r.len() > 1
        && doc.word(r.start + 1) == "percent";
    !clause
        && (first.starts_with(char::is_uppercase) || SOURCE_DETERMINERS.contains(&first) || share)
}

/// Words that open a nominal source ("the board", "his colleague", "one person").
const SOURCE_DETERMINERS: &[&str] = &[
    "the", "a", "an", "another", "one", "his", "her", "their", "its", "our", "some", "many",
    "several", "two", "three",
];

/// `X said: “…”`, `X said, “…”`, `according to X, “…”` just before the quote (`open` = its first token).
fn cue_before(
    doc: &Document,
    resolved: &Resolved,
    open: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
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
fn cue_before_at(
    doc: &Document,
    resolved: &Resolved,
    open: usize,
    floor: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
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
            if v + 6 < i && !(addresses(doc.word(v)) && i < open) {
                break;
            }
            let mut e = v;
            while e > floor && is_aux(doc.word(e - 1)) {
                e -= 1;
            }
            let src = np_backward(doc, e, floor).map(|st| st..e);
            let src = src.filter(|s| plausible_source(doc, resolved, s.clone()));
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
            let src = src.or_else(|| {
                (e > floor).then(|| subject(doc, resolved, floor, e)).flatten().or_else(|| {
                    (floor..e)
                        .filter(|&k| doc.word(k) == ",")
                        .find_map(|k| subject(doc, resolved, k + 1, e))
                })
            });
            return Some((v..v + 1, src));
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
        return Some((k..k + 2, Some(k + 2..i)));
    }
    if i >= floor + 3 && doc.word(i - 1) == "it" && matches!(doc.word(i - 2), "put" | "puts") {
        let src = np_backward(doc, i - 2, floor).map(|st| st..i - 2);
        if let Some(src) = src.filter(|s| plausible_source(doc, resolved, s.clone())) {
            return Some((i - 2..i, Some(src)));
        }
    }
    None
}

/// True for a speech verb whose addressee may stand between it and the quote ("told", "asked").
fn addresses(w: &str) -> bool {
    matches!(
        w,
        "told" | "tell" | "tells" | "telling" | "asked" | "asking" | "urged" | "warned" | "warning"
    )
}

/// The source signed under a quote that ends its paragraph (`close` = the token after the
/// quote), fact-check style: “…” ¶ "- Bernie Sanders." Returns the dash's token and the source.
fn signature(doc: &Document, resolved: &Resolved, close: usize) -> Option<(usize, Range<usize>)> {
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
fn colon_source(doc: &Document, resolved: &Resolved, open: usize) -> Option<(usize, Range<usize>)> {
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

/// The subject noun phrase of the clause starting at token `from` (before `limit`): a pronoun, or
/// a run of names, titles and role nouns with their modifiers ("Hillary Clinton", "The Republican
/// vice presidential nominee", "Former Secretary of State Madeleine Albright").
fn subject(doc: &Document, resolved: &Resolved, from: usize, limit: usize) -> Option<Range<usize>> {
    // An opening adverbial clause or phrase ends at a comma; the subject follows it ("When Wallace
    // died in 1998, President Clinton …", "At the town hall meeting, the supporter …").
    if from < limit && opens_adverbial(doc.word(from)) {
        let after = (from..limit)
            .filter(|&k| doc.word(k) == ",")
            .find_map(|k| subject(doc, resolved, k + 1, limit));
        if after.is_some() {
            return after;
        }
    }
    let mut j = from;
    // Sentence adverbials and conjunctions ("But", "On Monday,") come before the subject.
    while j < limit && (bad_source_start(doc.word(j)) || doc.word(j) == ",") {
        j += 1;
    }
    if j >= limit || doc.tokens[j].kind != TokenKind::Word {
        return None;
    }
    if is_pronoun(doc.word(j)) {
        return valid_source(doc, resolved, j..j + 1).then_some(j..j + 1);
    }
    // A capitalised ordinary word opening an adverbial is no subject ("Later on Sunday, …",
    // "Likewise, …", "Speaking in his real voice, …", "Thursday, …", "Among the …").
    let w = doc.word(j);
    let named = resolved.mention_at(doc.tokens[j].span()).is_some();
    let next =
        doc.tokens.get(j + 1).filter(|t| t.kind != TokenKind::Punct).map(|_| doc.word(j + 1));
    let adverbial = gaz::is_non_name(w)
        || w.ends_with("ing")
        || w.ends_with("ly")
        || w.ends_with("wise")
        || next.is_none_or(|n| {
            bad_source_start(n) || bad_source_end(n) || is_aux(n) || clause_word(n)
        });
    if (gaz::is_common_word(w) || gaz::is_non_name(w))
        && adverbial
        && !named
        && !gaz::is_title(w)
        && !SOURCE_DETERMINERS.contains(&w.to_lowercase().as_str())
    {
        return None;
    }
    let mut head_end = None;
    let mut k = j;
    while k < limit && k < j + 10 {
        let w = doc.word(k);
        if doc.tokens[k].kind != TokenKind::Word || is_cue(doc, k) || is_aux(w) || clause_word(w) {
            break;
        }
        let lower = w.to_ascii_lowercase();
        let capital = w.starts_with(|c: char| c.is_uppercase());
        if capital || gaz::is_title(w) || SOURCE_NOUNS.contains(lower.as_str()) {
            head_end = Some(k + 1);
        } else if k > j && matches!(lower.as_str(), "the" | "a" | "an") {
            break;
        }
        k += 1;
    }
    let e = head_end?;
    plausible_source(doc, resolved, j..e).then_some(j..e)
}

/// Reported speech around speech verb `v` in sentence `s`.
fn reported(
    doc: &Document,
    resolved: &Resolved,
    s: Range<usize>,
    v: usize,
    raw: &[Range<usize>],
) -> Option<Quote> {
    let para = doc.paragraph_of(v)?;
    let mut e = v;
    while e > s.start && is_aux(doc.word(e - 1)) {
        e -= 1;
    }
    let end = trim_end(doc, s.clone());
    // "…, X said." / "…,” X said." / "…, said X.": the content is what comes before the comma.
    // In that place a short bare plural is a source too ("…, forecasters say.").
    let back = np_backward(doc, e, s.start);
    let src_start = back.filter(|&st| plausible_source(doc, resolved, st..e));
    let comma = back.filter(|&st| st > s.start + 2).and_then(|st| {
        let quoted = doc.tokens[st - 1].kind == TokenKind::Quote;
        let k = if quoted { st - 2 } else { st - 1 };
        (doc.word(k) == ",").then_some((st, k))
    });
    if let Some((st, comma)) = comma
        && tail_is_short(doc, v + 1, end)
        && (src_start.is_some()
            || (e - st <= 4 && (st..e).all(|k| !clause_word(doc.word(k)) && !is_aux(doc.word(k)))))
    {
        return Some(make(doc, resolved, s.start..comma, v, Some(st..e), para, raw));
    }
    if e > s.start + 2
        && doc.word(e - 1) == ","
        && is_cue(doc, v)
        && np_forward(doc, v + 1, end).is_some_and(|x| x >= end.saturating_sub(1))
    {
        let src = np_forward(doc, v + 1, end).map(|x| v + 1..x);
        if !src.clone().is_some_and(|r| valid_source(doc, resolved, r)) {
            return None;
        }
        return Some(make(doc, resolved, s.start..e - 1, v, src, para, raw));
    }
    // "X said (that) …": the source is right before the verb, the content runs to the sentence end;
    // an apposition may stand between them ("Patch, a former party director, said …").
    // A relative pronoun is the surface source ("Feinstein, who said …"); a coordinated verb
    // takes the subject of its sentence ("Scott blasted Congress and said …").
    let src = match src_start {
        Some(st) => st..e,
        None if e > s.start && doc.word(e - 1) == "who" => e - 1..e,
        None if e > s.start + 1 && matches!(doc.word(e - 1), "," | "and") => {
            subject(doc, resolved, s.start, e - 1)?
        }
        None => return None,
    };
    let mut c = v + 1;
    let verb = doc.word(v).to_ascii_lowercase();
    if addresses(&verb) {
        // Skip the addressee: up to "that", else one short noun phrase.
        match (c..(c + 8).min(end)).find(|&k| doc.word(k) == "that") {
            Some(k) => c = k,
            None => c = np_forward(doc, c, end).unwrap_or(c),
        }
    }
    // A short adjunct before the complementizer is not content ("said Friday that …",
    // "said in a statement that …").
    if let Some(k) = (c..(c + 6).min(end)).find(|&k| doc.word(k) == "that")
        && (c..k).all(|j| doc.tokens[j].kind != TokenKind::Quote && !is_cue(doc, j))
    {
        c = k;
    }
    while c < end && matches!(doc.word(c), "," | ":") {
        c += 1;
    }
    if end <= c + 2 || doc.tokens[c].kind == TokenKind::Quote {
        return None;
    }
    // The content must look like a clause: "said on Monday" alone is not speech.
    let content = c..end;
    Some(make(doc, resolved, content, v, Some(src), para, raw))
}

/// Common nouns that can be a source without a name ("officials", "the report").
static SOURCE_NOUNS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("lexicon/source_nouns.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });

/// True when token `k` is a speech verb used as a verb: lower case (or capitalised at the start
/// of a sentence: "Asked about it, …") and not after a determiner or preposition, so that nouns
/// spelled like cue verbs ("secretary of state", "the report", "HEADLINE STATES") are not cues.
fn is_cue(doc: &Document, k: usize) -> bool {
    let Some(t) = doc.tokens.get(k) else { return false };
    let w = doc.word(k);
    if t.kind != TokenKind::Word || !gaz::is_speech_verb(w) {
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
    k == 0
        || !matches!(
            doc.word(k - 1).to_ascii_lowercase().as_str(),
            "the"
                | "a"
                | "an"
                | "of"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
                | "this"
                | "these"
                | "those"
                | "’s"
                | "'s"
                | "no"
                | "any"
                | "every"
                | "such"
        )
}

/// Words that cannot open a source noun phrase: prepositions and conjunctions that start an
/// adjunct or a clause ("for the eventual nominee", "until Haley said", "As Michael Dell").
fn bad_source_start(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "and"
            | "or"
            | "but"
            | "so"
            | "for"
            | "with"
            | "without"
            | "between"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "from"
            | "into"
            | "about"
            | "as"
            | "if"
            | "when"
            | "while"
            | "until"
            | "because"
            | "since"
            | "after"
            | "before"
            | "than"
            | "that"
            | "which"
            | "who"
            | "whose"
            | "where"
            | "regarding"
            | "according"
            | "though"
            | "although"
            | "like"
            | "unlike"
            | "during"
            | "despite"
            | "over"
            | "under"
            | "against"
            | "toward"
            | "towards"
            | "then"
            | "also"
            | "not"
            | "did"
            | "does"
            | "do"
            | "had"
            | "has"
            | "have"
            | "once"
            | "even"
            | "just"
            | "only"
    )
}

/// Subordinators and prepositions that open a sentence-initial adverbial ("When …,", "At …,").
fn opens_adverbial(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "when"
            | "after"
            | "before"
            | "while"
            | "as"
            | "if"
            | "since"
            | "because"
            | "although"
            | "though"
            | "until"
            | "once"
            | "in"
            | "on"
            | "at"
            | "by"
            | "from"
            | "for"
            | "with"
            | "without"
            | "during"
            | "despite"
            | "among"
            | "following"
            | "under"
            | "over"
            | "amid"
            | "through"
    )
}

/// Words that cannot end a source noun phrase ("a court document filed by", "the city embodied the").
fn bad_source_end(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "the"
            | "a"
            | "an"
            | "of"
            | "by"
            | "to"
            | "for"
            | "from"
            | "with"
            | "in"
            | "on"
            | "at"
            | "and"
            | "or"
            | "that"
            | "which"
            | "who"
            | "whose"
            | "as"
            | "if"
            | "its"
            | "his"
            | "her"
            | "their"
    )
}

/// Words that mark a clause inside the head of a would-be source (before any apposition comma):
/// "the man who built his career on said" is not a source phrase.
fn clause_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "if"
            | "when"
            | "while"
            | "because"
            | "but"
            | "although"
            | "though"
            | "until"
            | "since"
            | "than"
            | "not"
            | "did"
            | "does"
            | "do"
            | "where"
            | "to"
    )
}

/// True when tokens `r` can be a speaker: a name, a personal pronoun, a role or a source noun.
fn valid_source(doc: &Document, resolved: &Resolved, r: Range<usize>) -> bool {
    if r.is_empty() || r.end > doc.tokens.len() {
        return false;
    }
    if r.len() == 1
        && matches!(
            doc.word(r.start),
            "he" | "she" | "they" | "He" | "She" | "They" | "I" | "we" | "We"
        )
    {
        return true;
    }
    // The phrase must look like a noun phrase: no sentence break, no adjunct or clause opening
    // it, no dangling determiner or preposition closing it, no clause word in its head.
    let first = doc.word(r.start);
    if bad_source_start(first) || bad_source_end(doc.word(r.end - 1)) {
        return false;
    }
    let head_end = r.clone().find(|&k| doc.word(k) == ",").unwrap_or(r.end);
    if r.clone().any(|k| matches!(doc.word(k), "." | ";" | "!" | "?" | ":"))
        || (r.start..head_end).any(|k| clause_word(doc.word(k)))
    {
        return false;
    }
    // Possessed things ("its diplomatic mission") and clauses do not speak.
    if matches!(
        doc.word(r.start),
        "its" | "his" | "her" | "their" | "Its" | "His" | "Her" | "Their"
    ) {
        return false;
    }
    if r.clone().any(|k| {
        matches!(
            doc.word(k),
            "be" | "been" | "is" | "are" | "was" | "were" | "it" | "It" | "this" | "This"
        )
    }) {
        return false;
    }
    let span = tok_span(doc, r.clone());
    let named = resolved.mention_at(span.clone()).is_some_and(|i| {
        resolved
            .mentions
            .get(i)
            .is_some_and(|m| m.span.start >= span.start && m.span.end <= span.end)
    });
    named
        || r.clone().any(|k| {
            let w = doc.word(k);
            gaz::is_title(w) || SOURCE_NOUNS.contains(w.to_ascii_lowercase().as_str())
        })
}

/// True when tokens `from..end` are a short tail ("on Tuesday", "in a statement", a source name).
/// A clause ("he would win", "that …") is content, not a tail.
fn tail_is_short(doc: &Document, from: usize, end: usize) -> bool {
    end <= from + 6
        && (from..end).all(|k| doc.tokens[k].kind == TokenKind::Word || doc.word(k) == ",")
        && (from == end || !(is_pronoun(doc.word(from)) || doc.word(from) == "that"))
}

/// The sentence range without its final punctuation and closing marks.
fn trim_end(doc: &Document, s: Range<usize>) -> usize {
    let mut end = s.end;
    while end > s.start
        && doc.tokens[end - 1].kind != TokenKind::Word
        && doc.tokens[end - 1].kind != TokenKind::Number
    {
        end -= 1;
    }
    end
}

/// `according to X, …` / `…, according to X.`
fn according(
    doc: &Document,
    resolved: &Resolved,
    s: Range<usize>,
    k: usize,
    raw: &[Range<usize>],
) -> Option<Quote> {
    let para = doc.paragraph_of(k)?;
    let end = trim_end(doc, s.clone());
    let src_end = (k + 2..end).find(|&j| doc.word(j) == ",").unwrap_or(end);
    if src_end <= k + 2 {
        return None;
    }
    let src = k + 2..src_end.min(k + 10);
    let content = if k <= s.start + 1 {
        if src_end + 1 >= end {
            return None;
        }
        src_end + 1..end
    } else {
        let mut ce = k;
        while ce > s.start && doc.word(ce - 1) == "," {
            ce -= 1;
        }
        s.start..ce
    };
    // Content opening with a direct quote is that quote's attribution, already made.
    if content.is_empty() || raw.iter().any(|r| r.start == content.start) {
        return None;
    }
    let mut q = make(doc, resolved, content, k, Some(src), para, raw);
    q.cue = Some(doc.tokens[k].start..doc.tokens[k + 1].end);
    Some(q)
}

/// Build a reported (indirect) quote.
fn make(
    doc: &Document,
    resolved: &Resolved,
    content: Range<usize>,
    verb: usize,
    src: Option<Range<usize>>,
    para: usize,
    raw: &[Range<usize>],
) -> Quote {
    let speaker = src.clone().and_then(|s| speaker_of(doc, resolved, s, raw));
    Quote {
        span: tok_span(doc, content),
        direct: false,
        paragraph: para,
        cue: Some(doc.tokens[verb].span()),
        source: src.map(|s| tok_span(doc, s)),
        confidence: confidence(false, speaker.is_some()),
        speaker,
    }
}

/// A provisional confidence: a resolved speaker of a direct quote is better supported than one
/// of reported speech, whose span and source are both guessed from the sentence's shape.
fn confidence(direct: bool, resolved: bool) -> f32 {
    match (resolved, direct) {
        (false, _) => 0.0,
        (true, true) => 0.9,
        (true, false) => 0.7,
    }
}

/// The canonical speaker a source phrase (token range) designates.
fn speaker_of(
    doc: &Document,
    resolved: &Resolved,
    src: Range<usize>,
    raw: &[Range<usize>],
) -> Option<String> {
    if src.is_empty() {
        return None;
    }
    let span = tok_span(doc, src.clone());
    // A name inside the phrase: the last person or org mentioned in it ("Taliban spokesman Suhail
    // Shaheen" -> Suhail Shaheen).
    let mut best: Option<usize> = None;
    for (i, m) in resolved.mentions.iter().enumerate() {
        if m.span.start >= span.start && m.span.end <= span.end {
            let e = resolved.entity_of[i];
            let kind = resolved.entities.get(e).map(|x| x.kind);
            let better = match best {
                None => true,
                Some(b) => {
                    kind == Some(Kind::Person)
                        || resolved.entities.get(resolved.entity_of[b]).map(|x| x.kind)
                            != Some(Kind::Person)
                }
            };
            if better {
                best = Some(i);
            }
        }
    }
    if let Some(i) = best {
        return resolved.entities.get(resolved.entity_of[i]).map(|e| e.name.clone());
    }
    let first = doc.word(src.start);
    let lower = first.to_ascii_lowercase();
    let gender = match lower.as_str() {
        "he" => Some(Some(Gender::Male)),
        "she" => Some(Some(Gender::Female)),
        _ => None,
    };
    if let Some(g) = gender {
        return recent_person(doc, resolved, span.start, raw, |m_g| m_g.is_none() || m_g == g);
    }
    if matches!(
        lower.as_str(),
        "another" | "a" | "an" | "one" | "some" | "many" | "other" | "they" | "we" | "i" | "it"
    ) {
        return None;
    }
    // "the spokesman": the person last described with that role.
    let role_words: Vec<&str> =
        src.clone().map(|k| doc.word(k)).filter(|w| gaz::is_title(w)).collect();
    if role_words.is_empty() {
        return None;
    }
    let before = resolved.mentions.partition_point(|m| m.span.start < span.start);
    for i in (0..before).rev() {
        let m = &resolved.mentions[i];
        if resolved.entities.get(resolved.entity_of[i]).map(|e| e.kind) != Some(Kind::Person) {
            continue;
        }
        let described = role_before(doc, m.tokens.start)
            .iter()
            .any(|w| role_words.iter().any(|r| r.eq_ignore_ascii_case(w)));
        if described {
            return resolved.entities.get(resolved.entity_of[i]).map(|e| e.name.clone());
        }
    }
    None
}

/// The role words written just before a name ("Taliban spokesman" before "Zabihullah Mujahid").
fn role_before<'a>(doc: &Document<'a>, start: usize) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut k = start;
    while k > 0 && out.len() < 4 {
        let w = doc.word(k - 1);
        if !gaz::is_title(w) {
            break;
        }
        out.push(w);
        k -= 1;
    }
    out
}

/// The most recent person (outside direct quotes) before byte `at` whose gender fits.
fn recent_person(
    doc: &Document,
    resolved: &Resolved,
    at: usize,
    raw: &[Range<usize>],
    fits: impl Fn(Option<Gender>) -> bool,
) -> Option<String> {
    let before = resolved.mentions.partition_point(|m| m.span.start < at);
    for i in (0..before).rev() {
        let m = &resolved.mentions[i];
        let e = resolved.entity_of[i];
        let Some(ent) = resolved.entities.get(e) else { continue };
        if ent.kind != Kind::Person {
            continue;
        }
        let quoted = raw.iter().any(|r| {
            doc.tokens[r.start].start <= m.span.start && m.span.end <= doc.tokens[r.end - 1].end
        });
        if quoted {
            continue;
        }
        if fits(resolved.genders.get(e).copied().flatten()) {
            return Some(ent.name.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::analysis::entities::tests::{article, run_table};

    /// Render quotes as `speaker: NAME | direct|reported | TEXT` lines (a paragraph break as ¶);
    /// a source that names no one shows as `[source text]`.
    fn render(input: &str) -> Vec<String> {
        let a = article(input);
        let an = crate::analysis::analyze(&a);
        an.quotes
            .iter()
            .map(|q| {
                let source = q.source.clone().map(|s| format!("[{}]", &a.text[s]));
                format!(
                    "speaker: {} | {} | {}",
                    q.speaker.clone().or(source).as_deref().unwrap_or("-"),
                    if q.direct { "direct" } else { "reported" },
                    a.text[q.span.clone()].replace("\n\n", " ¶ ").replace('\n', " ")
                )
            })
            .collect()
    }

    #[test]
    fn table() {
        run_table(include_str!("../../tests/data/quotes.txt"), render);
    }
}
