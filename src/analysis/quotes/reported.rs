//! Reported speech: `X said (that) …`, `…, X said.`, `according to X, …` outside direct quotes.

use std::ops::Range;

use super::Candidate;
use super::confidence::CueKind;
use super::cues::{Cue, is_cue};
use super::sources::{
    apposed_backward, cut_body_tail, in_insertion, np_backward, np_forward, plausible_source,
    subject, valid_source,
};
use super::tok_span;
use super::words::{Class, is, is_aux, is_pronoun};
use crate::analysis::names::Resolved;
use crate::analysis::tokens::{Document, TokenKind};

/// Reported speech outside the direct quotes `raw` (token ranges): for every speech verb of a
/// body sentence not already the cue of a quote (`used_cues`, extended here), and for every
/// "according to".
pub(super) fn find(
    doc: &Document,
    resolved: &Resolved,
    raw: &[Range<usize>],
    used_cues: &mut Vec<usize>,
) -> Vec<Candidate> {
    let starts_inside = |pos: usize| {
        raw.iter().any(|r| doc.tokens[r.start].start <= pos && pos < doc.tokens[r.end - 1].end)
    };
    let inside = |k: usize| starts_inside(doc.tokens[k].start);
    let mut out = Vec::new();
    for s in doc.sentences.iter().cloned() {
        // A headline reports only in its inverted form ("No TV debate, says Blair").
        let headline = doc.paragraph_of(s.start).is_none();
        for v in s.clone() {
            if headline && !(v > s.start + 1 && doc.word(v - 1) == ",") {
                continue;
            }
            // Verbs that attribute only a quotation next to them ("continued:") report nothing.
            if !is_cue(doc, v) || is(doc.word(v), Class::QUOTE_ONLY) {
                continue;
            }
            if inside(v) || (used_cues.contains(&v) && !reports_on(doc, raw, s.clone(), v)) {
                continue;
            }
            // Content that is a direct quote ('"…", she added.') is that quote's, not a report.
            if let Some(q) = reported(doc, resolved, s.clone(), v)
                .filter(|q| !raw.iter().any(|r| doc.tokens[r.start].start == q.span.start))
                .filter(|q| !starts_inside(q.span.start))
                .filter(|q| !headline || q.cue.as_ref().is_some_and(after_verb))
            {
                used_cues.push(v);
                out.push(q);
            }
        }
        if headline {
            continue;
        }
        // "according to X, ..." and "..., according to X."
        for k in s.clone() {
            if doc.word(k).eq_ignore_ascii_case("according")
                && k + 1 < s.end
                && doc.word(k + 1) == "to"
                && !inside(k)
                && let Some(q) = according(doc, s.clone(), k, raw)
            {
                out.push(q);
            }
        }
    }
    out
}

/// True when a cue's source stands after its verb, up to the end ("…, says Blair").
fn after_verb(c: &Cue) -> bool {
    c.source.as_ref().is_some_and(|s| s.start > c.verb.start)
}

/// True when tokens `c..end` after a speech verb read as a clause (reported content) rather than
/// a noun phrase object: "that …", a subject pronoun ("it sought help"), or a finite verb form
/// within the first words ("the plan was dead", "the dollar would fall", "prices rose"). With
/// `extracted` (the clause's subject stands before the source: "the unit, which Yukos claims was
/// sold illegally", "what he claimed was indecision") the finite verb may come first; else a
/// verb first is the predicate of a noun ("the NIESR report was optimistic").
fn clause_follows(doc: &Document, c: usize, end: usize, extracted: bool) -> bool {
    if c >= end {
        return false;
    }
    let first = doc.word(c);
    // "it" opens a clause when a verb, not a preposition, follows ("claimed it sought help", not
    // "did not mention it at any briefing").
    let it_subject = first.eq_ignore_ascii_case("it")
        && c + 1 < end
        && doc.word(c + 1).starts_with(|ch: char| ch.is_ascii_lowercase())
        && !is(doc.word(c + 1), Class::PREPOSITION);
    if first.eq_ignore_ascii_case("that") || is(first, Class::PERSON_PRONOUN) || it_subject {
        return true;
    }
    let from = if extracted { c } else { c + 1 };
    (from..end.min(c + 10)).any(|k| {
        let w = doc.word(k);
        is(w, Class::FINITE)
            || (w.len() > 4 && w.ends_with("ed") && w.starts_with(|ch: char| ch.is_lowercase()))
    })
}

/// Reported speech around speech verb `v` in sentence `s`.
fn reported(doc: &Document, resolved: &Resolved, s: Range<usize>, v: usize) -> Option<Candidate> {
    // A headline's report is the headline paragraph's (0), as its direct quotes are.
    let para = doc.paragraph_of(v).unwrap_or(0);
    let mut e = v;
    while e > s.start && is_aux(doc.word(e - 1)) {
        e -= 1;
    }
    if hypothetical(doc, e..v) {
        return None;
    }
    let end = trim_end(doc, s.clone());
    // "…, X said." / "…,” X said." / "…, said X.": the content is what comes before the comma.
    // In that place a short bare plural is a source too ("…, forecasters say.").
    // An acronym in brackets after a name belongs to it ("The Association of Directors (AD)").
    let back = np_backward(doc, bracket_start(doc, e, s.start), s.start);
    // "It said (that) …" opening its sentence is an organisation or a report speaking, as "it"
    // inside a sentence is.
    let it = |st: usize| e == st + 1 && doc.word(st) == "It";
    let src_start = back.filter(|&st| it(st) || plausible_source(doc, resolved, st..e));
    let comma = back.filter(|&st| st > s.start + 2).and_then(|st| {
        let quoted = doc.tokens[st - 1].kind == TokenKind::Quote;
        let k = if quoted { st - 2 } else { st - 1 };
        (doc.word(k) == ",").then_some((st, k))
    });
    // "X accused Y of …" is never inverted: the accuser stands before the verb.
    let accuse = is(doc.word(v), Class::ACCUSE_VERB);
    if let Some((st, comma)) = comma
        && !accuse
        && tail_is_short(doc, v + 1, continuation(doc, v + 1, end))
        && (src_start.is_some()
            || (e - st <= 4
                && (st..e).all(|k| !is(doc.word(k), Class::CLAUSE) && !is_aux(doc.word(k)))))
    {
        return Some(make(doc, s.start..comma, v..v + 1, Some(st..e), para));
    }
    // The inverted source may also be followed by more of the sentence after a comma ("…, said
    // Mr Ross, but the test …", "…, said Mr Fogg, who …"): the sentence's own subject before the
    // comma is then part of the content, not the speaker. An inverted verb stands alone ("…, Parry
    // also admits Gerrard, who …" is no inversion).
    if e > s.start + 2
        && !accuse
        && doc.word(e - 1) == ","
        && is_cue(doc, v)
        && np_forward(doc, v + 1, end).is_some_and(|x| {
            x >= end.saturating_sub(1) || (e == v && x < end && doc.word(x) == ",")
        })
    {
        let src = np_forward(doc, v + 1, end).map(|x| v + 1..x);
        if !src.clone().is_some_and(|r| valid_source(doc, resolved, r)) {
            return None;
        }
        return Some(make(doc, s.start..e - 1, v..v + 1, src, para));
    }
    // "X said (that) …": the source is right before the verb, the content runs to the sentence end;
    // an apposition may stand between them ("Patch, a former party director, said …").
    // A relative pronoun is the surface source ("Feinstein, who said …"); a coordinated verb
    // takes the subject of its sentence ("Scott blasted Congress and said …").
    let src = match src_start {
        // "Dr X, who was a GP in Town, said": the subject before the insertion speaks, if it
        // is a phrase closed by the insertion's comma; else nobody.
        Some(st) if in_insertion(doc, s.start, st) => {
            subject(doc, resolved, s.start, st).filter(|r| doc.word(r.end) == ",")?
        }
        Some(st) => st..e,
        None if e > s.start && doc.word(e - 1) == "who" => e - 1..e,
        None if e > s.start + 1 && doc.word(e - 1) == "," => {
            apposed_backward(doc, resolved, e, s.start)
                .or_else(|| subject(doc, resolved, s.start, e - 1))?
        }
        None if e > s.start + 1 && doc.word(e - 1) == "and" => {
            subject(doc, resolved, s.start, e - 1)?
        }
        None => return None,
    };
    if cut_body_tail(doc, resolved, s.start, src.clone()) {
        return None;
    }
    let mut c = v + 1;
    let verb = doc.word(v).to_ascii_lowercase();
    if is(&verb, Class::ADDRESSEE) && c < end && doc.tokens[c].kind == TokenKind::Word {
        // Skip the addressee: up to "that", else one short noun phrase, unless a verb follows
        // that phrase: then it is the subject of the content ("warned the picture was …").
        match (c..(c + 8).min(end)).find(|&k| doc.word(k) == "that") {
            Some(k) => c = k,
            None => {
                // The content's subject may follow the addressee directly ("told the audience he
                // believed …", "told reporters the plan was dead"): it starts at a pronoun or
                // determiner after a word that is neither.
                let opens = |k: usize| {
                    let w = doc.word(k);
                    is_pronoun(w) || matches!(w, "the" | "a" | "an")
                };
                let split = (c + 1..(c + 7).min(end)).find(|&k| {
                    opens(k)
                        && !opens(k - 1)
                        && !is(doc.word(k - 1), Class::DETERMINER)
                        && doc.tokens[k - 1].kind == TokenKind::Word
                });
                let np = np_forward(doc, c, end).unwrap_or(c);
                let w = doc.word(np);
                let verb_next = np < end && (is(w, Class::FINITE) || is_aux(w));
                // "urged politicians to avoid …": the addressee is the subject of the infinitive
                // and part of what was urged, which the noun phrase read past.
                let infinitive = (c + 1..np).any(|k| {
                    doc.word(k) == "to"
                        && doc.word(k + 1).starts_with(|ch: char| ch.is_ascii_lowercase())
                        && !is(doc.word(k + 1), Class::DETERMINER)
                        && !is(doc.word(k + 1), Class::POSSESSIVE)
                });
                match split {
                    Some(k) => c = k,
                    None if !verb_next && !infinitive => c = np,
                    None => {}
                }
            }
        }
    }
    // "called for a vote": the demand is what follows "for".
    if is(doc.word(v), Class::CALL_VERB) && c < end && doc.word(c) == "for" {
        c += 1;
    }
    // A short adjunct before the complementizer is not content ("said Friday that …",
    // "said in a statement that …").
    if let Some(k) = (c..(c + 6).min(end)).find(|&k| doc.word(k) == "that")
        && (c..k).all(|j| {
            doc.tokens[j].kind != TokenKind::Quote
                && !is_cue(doc, j)
                && !is(doc.word(j), Class::FINITE)
        })
    {
        c = k;
    }
    while c < end && matches!(doc.word(c), "," | ":") {
        c += 1;
    }
    if end <= c + 2 || doc.tokens[c].kind == TokenKind::Quote {
        return None;
    }
    // A verb that also takes a plain object reports only a clause ("announced that …", not
    // "announced a plan"); "said on Monday" alone is not speech either.
    // The source is a pronoun, or a relative word stands before it: the verb is a verb.
    let extracted = (src.len() == 1 && is(doc.word(src.start), Class::PERSON_PRONOUN))
        || (src.start > s.start && matches!(doc.word(src.start - 1), "which" | "what" | "who"));
    if is(doc.word(v), Class::OBJECT_VERB) && !clause_follows(doc, c, end, extracted) {
        return None;
    }
    // "adding to a growing list of awards she has won", "agreed to the deal": "to" and a noun
    // phrase is the verb's complement; a clause inside that phrase reports nothing.
    if is(doc.word(v), Class::OBJECT_VERB)
        && doc.word(c) == "to"
        && (is(doc.word(c + 1), Class::DETERMINER) || is(doc.word(c + 1), Class::POSSESSIVE))
    {
        return None;
    }
    Some(make(doc, c..end, v..v + 1, Some(src), para))
}

/// Where the source before token `e` ends its search backwards: before an acronym in brackets
/// that closes it ("The Association of Directors of Social Services (ADSS) said"), else `e`.
fn bracket_start(doc: &Document, e: usize, floor: usize) -> usize {
    if e < floor + 3 || doc.word(e - 1) != ")" {
        return e;
    }
    (e.saturating_sub(5).max(floor)..e - 1)
        .rev()
        .find(|&k| doc.word(k) == "(")
        .filter(|&k| (k + 1..e - 1).all(|j| doc.tokens[j].kind == TokenKind::Word))
        .unwrap_or(e)
}

/// The end of a cue's tail in `from..end` when the sentence goes on after a comma with a
/// speech act or clause of the source's own ("…, BMW said, adding that …", "…, he said, and they
/// had also …", "…, he added, but …"): the content before the cue is still the reported quote.
fn continuation(doc: &Document, from: usize, end: usize) -> usize {
    (from..end)
        .find(|&k| {
            doc.word(k) == ","
                && k + 1 < end
                && (matches!(doc.word(k + 1), "and" | "but" | "adding" | "saying")
                    || is_cue(doc, k + 1))
        })
        .unwrap_or(end)
}

/// True when speech verb `v` of sentence `s`, already the cue of a direct quote closing just
/// before its source without announcing it (`"…." X said the plan was dead.`), also reports the
/// clause after it: the quote keeps its speaker, and the clause is a report of its own.
fn reports_on(doc: &Document, raw: &[Range<usize>], s: Range<usize>, v: usize) -> bool {
    let Some(r) = raw.iter().rev().find(|r| r.end <= v) else { return false };
    let source_only =
        (r.end..v).all(|k| doc.tokens[k].kind != TokenKind::Quote && doc.word(k) != ",");
    let end = trim_end(doc, s);
    source_only
        && r.end < v
        && !super::cues::attribution_follows(doc, r.end)
        && v + 3 < end
        && !tail_is_short(doc, v + 1, end)
}

/// True when the auxiliaries `aux` before a speech verb make it a speech act that has not taken
/// place: a modal of possibility ("would argue", "might claim") or a future with a guess in it
/// ("will undoubtedly claim"). A plain "will say" is a speech announced for a set time (a
/// pre-released text) and stays a report.
fn hypothetical(doc: &Document, aux: Range<usize>) -> bool {
    let words = || aux.clone().map(|k| doc.word(k));
    words().any(|w| is(w, Class::HYPOTHETICAL))
        || (words().any(|w| w == "will") && words().any(|w| is(w, Class::EPISTEMIC)))
}

/// True when tokens `from..end` are a short tail ("on Tuesday", "in a statement", a source name).
/// A clause ("he would win", "that …", "his words had been twisted") is content, not a tail.
fn tail_is_short(doc: &Document, from: usize, end: usize) -> bool {
    end <= from + 6
        && (from..end).all(|k| doc.tokens[k].kind == TokenKind::Word || doc.word(k) == ",")
        && (from == end || !(is_pronoun(doc.word(from)) || doc.word(from) == "that"))
        && !(from..end).any(|k| is(doc.word(k), Class::FINITE))
}

/// The sentence range without its final punctuation and closing marks.
fn trim_end(doc: &Document, s: Range<usize>) -> usize {
    let mut end = s.end;
    while end > s.start
        && doc.tokens[end - 1].kind != TokenKind::Word
        && doc.tokens[end - 1].kind != TokenKind::Number
        && doc.word(end - 1) != "%"
    {
        end -= 1;
    }
    end
}

/// `according to X, …` / `…, according to X.`
fn according(doc: &Document, s: Range<usize>, k: usize, raw: &[Range<usize>]) -> Option<Candidate> {
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
    Some(make(doc, content, k..k + 2, Some(src), para))
}

/// Build a reported (indirect) quote.
fn make(
    doc: &Document,
    content: Range<usize>,
    verb: Range<usize>,
    src: Option<Range<usize>>,
    para: usize,
) -> Candidate {
    Candidate {
        span: tok_span(doc, content),
        direct: false,
        paragraph: para,
        cue: Some(Cue { verb, source: src, kind: CueKind::Verb }),
    }
}
