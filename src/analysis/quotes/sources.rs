//! Source noun phrases: where the phrase naming a speaker starts and ends, and whether a run of
//! tokens can be one ("Hale", "the board", "Seth McKee, a political scientist at Texas Tech").

use std::ops::Range;

use super::cues::is_cue;
use super::tok_span;
use super::words::{Class, is, is_aux, is_predicate_word, is_pronoun};
use crate::analysis::gazetteer as gaz;
use crate::analysis::names::Resolved;
use crate::analysis::tokens::{Document, TokenKind};

/// The end of a source noun phrase starting at token `i` (exclusive), at most `max` tokens.
/// Accepts a pronoun, a name run, or "the"/"a"/"another" + modifiers + noun(s).
pub(super) fn np_forward(doc: &Document, i: usize, limit: usize) -> Option<usize> {
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
pub(super) fn np_backward(doc: &Document, end: usize, floor: usize) -> Option<usize> {
    let mut j = end;
    while j > floor && j > end.saturating_sub(8) {
        let k = j - 1;
        let t = doc.tokens[k];
        let w = doc.word(k);
        if t.kind != TokenKind::Word || is_cue(doc, k) {
            break;
        }
        // A lowercase function word starting a clause ends the phrase ("that", "and"), but
        // "and" joining two capitalised words is inside a name ("Sittingbourne and Sheppey",
        // "Trade and Industry Secretary").
        let capital = |k: usize| doc.word(k).starts_with(char::is_uppercase);
        let joins_names =
            w == "and" && k > floor && capital(k - 1) && k + 1 < end && capital(k + 1);
        if is(w, Class::PHRASE_BREAK) && !joins_names {
            break;
        }
        j = k;
        if is_pronoun(w) {
            break;
        }
    }
    // A sentence-opening conjunction or adverbial is not part of the phrase ("But a Homeland
    // Security Department official said").
    while j < end && is(doc.word(j), Class::BAD_START) {
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

/// A source phrase with an apposition ending just before token `end`, which is a comma:
/// "Seth McKee, a political scientist at Texas Tech," / "The Shadow Secretary of State for the
/// Family, Theresa May,". Returns the phrase (head, comma, apposition) without the final comma,
/// when the whole reads as a noun phrase.
pub(super) fn apposed_backward(
    doc: &Document,
    resolved: &Resolved,
    end: usize,
    floor: usize,
) -> Option<Range<usize>> {
    if end <= floor + 3 || doc.word(end - 1) != "," {
        return None;
    }
    let comma = (floor.max(end.saturating_sub(12))..end - 1).rev().find(|&k| doc.word(k) == ",")?;
    if comma + 1 >= end - 1 {
        return None;
    }
    let start = np_backward(doc, comma, floor)?;
    if in_insertion(doc, floor, start) {
        return None;
    }
    let r = start..end - 1;
    // The apposition is a noun phrase of its own: no verb form or clause word in it.
    let apposition_ok = (comma + 1..end - 1).all(|k| {
        let w = doc.word(k);
        doc.tokens[k].kind != TokenKind::Quote
            && !is_cue(doc, k)
            && !is_aux(w)
            && !is(w, Class::CLAUSE)
    });
    (apposition_ok && plausible_source(doc, resolved, r.clone())).then_some(r)
}

/// True when a past-tense form follows a capitalised word in token range `r` ("Michael Mates
/// joined calls for …"): a clause, not a noun phrase.
fn verb_after_name(doc: &Document, r: Range<usize>) -> bool {
    (r.start + 1..r.end).any(|k| {
        let w = doc.word(k);
        w.len() > 4
            && w.ends_with("ed")
            && w.starts_with(|c: char| c.is_ascii_lowercase())
            && doc.word(k - 1).starts_with(char::is_uppercase)
    })
}

/// A looser [`valid_source`] for places that only a source can fill (between `“…,”` and its verb,
/// or before a verb that introduces a quote): a short noun phrase opened by a capitalised word, a
/// pronoun or a determiner ("Hale", "the board", "his colleague", "Another child",
/// "Rep. Earl Blumenauer (D-Ore.)"), with no clause in its head.
pub(super) fn plausible_source(doc: &Document, resolved: &Resolved, r: Range<usize>) -> bool {
    // "it" alone is a letter, a report or an email here ("“…,” it read").
    if valid_source(doc, resolved, r.clone()) || (r.len() == 1 && doc.word(r.start) == "it") {
        return true;
    }
    if r.is_empty() || r.len() > 16 || r.end > doc.tokens.len() {
        return false;
    }
    let first = doc.word(r.start);
    if is(first, Class::BAD_START) || is(doc.word(r.end - 1), Class::BAD_END) {
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
        is(w, Class::CLAUSE) || is_aux(w) || is_predicate_word(w)
    }) || verb_after_name(doc, r.start..head_end);
    let share = doc.tokens[r.start].kind == TokenKind::Number
        && r.len() > 1
        && doc.word(r.start + 1) == "percent";
    !clause && (first.starts_with(char::is_uppercase) || is(first, Class::DETERMINER) || share)
}

/// The subject noun phrase of the clause starting at token `from` (before `limit`): a pronoun, or
/// a run of names, titles and role nouns with their modifiers ("Hillary Clinton", "The Republican
/// vice presidential nominee", "Former Secretary of State Madeleine Albright").
pub(super) fn subject(
    doc: &Document,
    resolved: &Resolved,
    from: usize,
    limit: usize,
) -> Option<Range<usize>> {
    // An opening adverbial clause or phrase ends at a comma; the subject follows it ("When Wallace
    // died in 1998, President Clinton …", "At the town hall meeting, the supporter …").
    if from < limit && is(doc.word(from), Class::ADVERBIAL) {
        let after = (from..limit)
            .filter(|&k| doc.word(k) == ",")
            .find_map(|k| subject(doc, resolved, k + 1, limit));
        if after.is_some() {
            return after;
        }
    }
    let mut j = from;
    // Sentence adverbials and conjunctions ("But", "On Monday,") come before the subject.
    while j < limit && (is(doc.word(j), Class::BAD_START) || doc.word(j) == ",") {
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
            is(n, Class::BAD_START) || is(n, Class::BAD_END) || is_aux(n) || is(n, Class::CLAUSE)
        });
    if (gaz::is_common_word(w) || gaz::is_non_name(w))
        && adverbial
        && !named
        && !gaz::is_title(w)
        && !is(&w.to_lowercase(), Class::DETERMINER)
    {
        return None;
    }
    let mut head_end = None;
    let mut k = j;
    while k < limit && k < j + 10 {
        let w = doc.word(k);
        if doc.tokens[k].kind != TokenKind::Word
            || is_cue(doc, k)
            || is_aux(w)
            || is(w, Class::CLAUSE)
            || (k > j && verb_after_name(doc, k - 1..k + 1))
        {
            break;
        }
        let lower = w.to_ascii_lowercase();
        let capital = w.starts_with(|c: char| c.is_uppercase());
        if capital || gaz::is_title(w) || is(lower.as_str(), Class::SOURCE_NOUN) {
            head_end = Some(k + 1);
        } else if k > j && matches!(lower.as_str(), "the" | "a" | "an") {
            break;
        }
        k += 1;
    }
    let e = head_end?;
    plausible_source(doc, resolved, j..e).then_some(j..e)
}

/// True when tokens `r` can be a speaker: a name, a personal pronoun, a role or a source noun.
pub(super) fn valid_source(doc: &Document, resolved: &Resolved, r: Range<usize>) -> bool {
    if r.is_empty() || r.end > doc.tokens.len() {
        return false;
    }
    if r.len() == 1 && is(doc.word(r.start), Class::PERSON_PRONOUN) {
        return true;
    }
    // The phrase must look like a noun phrase: no sentence break, no adjunct or clause opening
    // it, no dangling determiner or preposition closing it, no clause word in its head.
    let first = doc.word(r.start);
    if is(first, Class::BAD_START) || is(doc.word(r.end - 1), Class::BAD_END) {
        return false;
    }
    let head_end = r.clone().find(|&k| doc.word(k) == ",").unwrap_or(r.end);
    if r.clone().any(|k| matches!(doc.word(k), "." | ";" | "!" | "?" | ":"))
        || (r.start..head_end).any(|k| is(doc.word(k), Class::CLAUSE))
        || verb_after_name(doc, r.start..head_end)
    {
        return false;
    }
    // Possessed things ("its diplomatic mission") and clauses do not speak.
    if is(doc.word(r.start), Class::POSSESSIVE) {
        return false;
    }
    if r.clone().any(|k| is_predicate_word(doc.word(k))) {
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
            gaz::is_title(w) || is(w, Class::SOURCE_NOUN)
        })
}

/// True when the phrase starting at token `start` is the object of a preposition inside an
/// insertion after the sentence's subject ("Dr Gibbons, who was a GP in Blaengwynfi, in the
/// Upper Afan Valley, … said", "Lisa Power, head of policy at the Trust said"): a place or body
/// named there is a complement, never the one who speaks. Not so for "with" opening an absolute
/// clause (", with analysts saying"), for the body a spokesman speaks for, or when the sentence
/// opens with a preposition or an adverbial (the commas then close that, not an insertion).
pub(super) fn in_insertion(doc: &Document, floor: usize, start: usize) -> bool {
    // A name after a name and a comma belongs to the same complement ("from Harlow, Essex",
    // "with Lords Bingham, Steyn, Hope and Carswell").
    let capital = |k: usize| doc.word(k).starts_with(char::is_uppercase);
    let mut start = start;
    if start > floor + 2 && capital(start) && doc.word(start - 1) == "," && capital(start - 2) {
        start -= 2;
        while start > floor + 1 && capital(start - 1) {
            start -= 1;
        }
    }
    if start < floor + 3 || !is(doc.word(start - 1), Class::PREPOSITION) {
        return false;
    }
    let p = start - 1;
    let opener = doc.word(floor);
    let Some(comma) = (floor + 1..p).rev().find(|&k| doc.word(k) == ",") else { return false };
    // A conjunction after the comma opens a clause of its own ("…, but on Wednesday Mr Straw
    // said"): its subject may follow a preposition.
    let new_clause = (comma + 1..p).any(|k| {
        let w = doc.word(k);
        is(w, Class::CLAUSE) || is(w, Class::SUBORDINATOR) || matches!(w, "and" | "or" | "so")
    });
    if new_clause
        || is(doc.word(p), Class::SUBORDINATOR)
        || (doc.word(p) == "with" && doc.word(p - 1) == ",")
        || is(doc.word(p - 1), Class::SPEAKS_FOR)
        || is(opener, Class::PREPOSITION)
        || is(opener, Class::ADVERBIAL)
        || is(opener, Class::BAD_START)
    {
        return false;
    }
    true
}

/// True when source `r` is the tail of a body's name cut at a comma after "a spokesman for"
/// ("A spokesman for the Department for Culture, Media and Sport said": "Media and Sport"):
/// the tail is no actor of its own. A person named after the comma is the spokesman himself
/// ("A spokesman for US Immigration, Customs and Enforcement, Dean Boyd, said").
pub(super) fn cut_body_tail(
    doc: &Document,
    resolved: &Resolved,
    floor: usize,
    r: Range<usize>,
) -> bool {
    let comma = r.start.wrapping_sub(1);
    if r.start < floor + 4
        || doc.word(comma) != ","
        || !doc.word(comma - 1).starts_with(char::is_uppercase)
    {
        return false;
    }
    let clause = (floor..comma).rev().take_while(|&k| doc.word(k) != ",");
    let spokesman = clause.into_iter().any(|k| {
        is(doc.word(k), Class::SPEAKS_FOR) && matches!(doc.word(k + 1), "for" | "of" | "at")
    });
    let span = tok_span(doc, r);
    let person = resolved.mentions.iter().any(|m| {
        m.kind == crate::analysis::Kind::Person
            && !m.weak
            && m.span.start >= span.start
            && m.span.end <= span.end
    });
    spokesman && !person
}
