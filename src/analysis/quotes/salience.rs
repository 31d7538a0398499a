//! Which people a "he" or "she" can refer back to: the subject of a sentence, not someone named
//! as an object or beside another person, and a gender read from titles before the given name.
//!
//! A pronoun that reports speech ("he said") continues the topic of the text, and the topic is
//! what sentences are about: their subjects. A person named after the verb ("The 22-year-old
//! pipped Maurice Greene"), after a speech verb ("He told the programme Go Digital") or joined to
//! another person ("Maurice Greene and Francis Obikwelu will also take part") is not who the next
//! "he" is; taking them gives a wrong speaker, which is worse than none.

use crate::analysis::Kind;
use crate::analysis::gazetteer::{self as gaz, Gender};
use crate::analysis::names::Resolved;
use crate::analysis::tokens::{Document, TokenKind};

use super::cues::is_cue;
use super::words::{Class, is, is_aux};

/// True when token `k` reads as a verb: a finite form ("was", "will"), an auxiliary, a speech
/// verb, or a past form in -ed that no determiner opens ("pipped", not "the embattled").
fn verb_like(doc: &Document, k: usize) -> bool {
    let w = doc.word(k);
    if doc.tokens[k].kind != TokenKind::Word || !w.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let adverb = w.ends_with("ly");
    let past = w.len() > 4
        && w.ends_with("ed")
        && !(k > 0
            && (is(doc.word(k - 1), Class::DETERMINER) || is(doc.word(k - 1), Class::POSSESSIVE)));
    is(w, Class::FINITE) || (is_aux(w) && !adverb) || is_cue(doc, k) || past
}

/// True when a person's mention (index `i` into the mentions) is in subject position in the
/// sentence starting at token `start`: no verb stands between the sentence start and the name,
/// and no other person is joined to it by "and" (two people are no "he").
pub(super) fn subject_position(
    doc: &Document,
    resolved: &Resolved,
    i: usize,
    start: usize,
) -> bool {
    let m = &resolved.mentions[i];
    // "…, thinks Dr Tuffy." / "…, said Mr Ross, …": a name closing its clause right after a
    // comma and a verb is the inverted subject.
    let closes = doc.tokens.get(m.tokens.end).is_none_or(|t| t.kind != TokenKind::Word);
    let inverted = closes
        && (1..=2).any(|n| {
            m.tokens.start > start + n
                && doc.word(m.tokens.start - n - 1) == ","
                && (m.tokens.start - n..m.tokens.start).all(|k| {
                    let w = doc.word(k);
                    doc.tokens[k].kind == TokenKind::Word
                        && (w.starts_with(|c: char| c.is_lowercase()) || gaz::is_title(w))
                })
                && !gaz::is_title(doc.word(m.tokens.start - n))
        });
    if inverted {
        return true;
    }
    // "The musical's director is Matthew Warchus": a name right after a copula is the subject
    // described by the words before it.
    let copula = |k: usize| k + 1 == m.tokens.start && is(doc.word(k), Class::COPULA);
    if (start..m.tokens.start).any(|k| verb_like(doc, k) && !copula(k)) {
        return false;
    }
    let person = |j: usize| {
        resolved.entities.get(resolved.entity_of[j]).is_some_and(|e| e.kind == Kind::Person)
    };
    // "X and Y …" / "Y and X": another person within ten tokens on the other side of "and",
    // with only description words between ("Athens Olympic silver medallist Francis Obikwelu").
    let free =
        |r: std::ops::Range<usize>| !r.into_iter().any(|k| verb_like(doc, k) || doc.word(k) == ",");
    let and = |k: usize| k < doc.tokens.len() && matches!(doc.word(k), "and" | "&");
    let after = m.tokens.end;
    let joined_after = and(after)
        && (i + 1..resolved.mentions.len())
            .take_while(|&j| resolved.mentions[j].tokens.start <= after + 10)
            .any(|j| person(j) && free(after + 1..resolved.mentions[j].tokens.start));
    let joined_before = (0..i)
        .rev()
        .take_while(|&j| resolved.mentions[j].tokens.end + 10 >= m.tokens.start)
        .any(|j| {
            let p = &resolved.mentions[j];
            person(j)
                && p.tokens.end >= start
                && and(p.tokens.end)
                && free(p.tokens.end + 1..m.tokens.start)
        });
    !joined_after && !joined_before
}

/// The gender of each entity for pronouns, from the evidence of its mentions: a gendered title
/// before a name ("Mr Walkington", "Lady Thatcher") and the given name opening a full name
/// ("Sandy", "Katherine"). Evidence that disagrees (a given name that misleads, or two people
/// merged under one surname) leaves it unknown, so that either pronoun may take it; without
/// any, the entity finder's gender stands.
pub(super) fn genders(doc: &Document, resolved: &Resolved) -> Vec<Option<Gender>> {
    // Per entity: None = no evidence, Some(None) = conflicting, Some(Some(g)) = agreeing.
    let mut seen: Vec<Option<Option<Gender>>> = vec![None; resolved.entities.len()];
    for (i, m) in resolved.mentions.iter().enumerate() {
        let Some(slot) = seen.get_mut(resolved.entity_of[i]) else { continue };
        let before = m.tokens.start.checked_sub(1).map(|k| doc.word(k));
        let role = m.role.clone().into_iter().flatten().map(|k| doc.word(k));
        let first = doc.word(m.tokens.start);
        let title = before.into_iter().chain(role).chain([first]).find_map(gaz::title_gender);
        let given = (m.kind == Kind::Person && m.tokens.len() >= 2)
            .then(|| gaz::first_name_gender(first))
            .flatten();
        for g in title.into_iter().chain(given) {
            *slot = match *slot {
                None => Some(Some(g)),
                Some(Some(h)) if h == g => Some(Some(g)),
                _ => Some(None),
            };
        }
    }
    seen.into_iter().zip(&resolved.genders).map(|(t, &g)| t.unwrap_or(g)).collect()
}
