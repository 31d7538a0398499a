//! Reports as speakers: a report, survey or study speaks for whoever made it ("according to a
//! report by Acme Research", "a survey from the BRC said", "Acme's study"), and "the report" later
//! in the article for the one it refers back to.
//!
//! A report speaks for a body only when the text names that body as its maker; "a report said"
//! with no maker, "the report" after a report the article never credits, and a report whose maker
//! is a complement of something else ("a report for the Treasury") keep no speaker.

use std::ops::Range;

use super::super::words::{Class, is};
use super::{Ctx, Speaker};
use crate::analysis::Kind;
use crate::analysis::tokens::TokenKind;

/// How far back (sentences) "the report" looks for the report it refers to.
const REPORT_WINDOW: usize = 15;

impl Ctx<'_, '_> {
    /// The maker of a report heading source part `part` ("a report by analysts Acme Research",
    /// "a new survey from the BRC", "Acme's annual study", "a Forrester report"): the
    /// organisation or person named as its maker. None when the part is not headed by a report
    /// noun or names no maker.
    pub(super) fn report_source(&self, part: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        // The report noun heads the part: no preposition stands before it.
        let k = part.clone().take_while(|&k| !is(doc.word(k), Class::PREPOSITION)).find(|&k| {
            doc.word(k).starts_with(|c: char| c.is_lowercase())
                && is(doc.word(k), Class::REPORT_NOUN)
        })?;
        let i = self.report_maker(k, part.end)?;
        self.speaker(self.resolved.entity_of[i], self.resolution_of_mention(i))
    }

    /// The mention naming the maker of the report whose noun is token `k` (looking no further
    /// than token `end`): after "by" or "from" ("a report by Acme", skipping descriptors such as
    /// "analysts"), a possessor before it ("Acme's report") or an organisation modifying it ("an
    /// Acme report").
    fn report_maker(&self, k: usize, end: usize) -> Option<usize> {
        let doc = self.doc;
        let actor = |i: usize| {
            matches!(self.kind(self.resolved.entity_of[i]), Some(Kind::Org | Kind::Person))
        };
        // "by"/"from" right after the noun or after a participle of making ("the study,
        // carried out by …"), then at most two lower-case descriptor words before the name ("by
        // analysts Forrester Research", "from the British Retail Consortium").
        let by = (k + 1..(k + 5).min(end))
            .take_while(|&t| {
                matches!(doc.word(t), "," | "by" | "from")
                    || is(doc.word(t), Class::MAKING)
                    || doc.word(t).ends_with("ly")
            })
            .find(|&t| matches!(doc.word(t), "by" | "from"))
            .filter(|&t| t == k + 1 || (k + 1..t).any(|p| is(doc.word(p), Class::MAKING)));
        if let Some(by) = by {
            let name_start = (by + 1..(by + 4).min(end)).find(|&t| {
                doc.tokens[t].kind != TokenKind::Word
                    || !doc.word(t).starts_with(char::is_lowercase)
            })?;
            let i = self.mentions_in(name_start..end).next()?;
            return (self.resolved.mentions[i].tokens.start == name_start && actor(i)).then_some(i);
        }
        // A possessor or a modifier before the noun, with only lower-case adjectives between.
        let mut j = k;
        while j > 0 && k - j < 3 && doc.word(j - 1).starts_with(char::is_lowercase) {
            if is(doc.word(j - 1), Class::DETERMINER) {
                return None;
            }
            j -= 1;
        }
        let j = if j > 0 && matches!(doc.word(j - 1), "'s" | "’s") { j - 1 } else { j };
        let i = self.resolved.mentions.iter().rposition(|m| m.tokens.end == j)?;
        // A name cut from a longer one ("The Forum for the Future report" gives "Future") is
        // the object of a preposition: not the maker.
        let start = self.resolved.mentions[i].tokens.start;
        let mut p = start;
        if p > 0 && is(doc.word(p - 1), Class::DETERMINER) {
            p -= 1;
        }
        if p > 0 && is(doc.word(p - 1), Class::PREPOSITION) {
            return None;
        }
        let org = self.kind(self.resolved.entity_of[i]) == Some(Kind::Org);
        (actor(i) && (j < k || org)).then_some(i)
    }

    /// The maker of the report a definite "the report" (source head `head`, "the new survey")
    /// refers back to: the nearest report (any report noun) before it outside quotes, at most
    /// [`REPORT_WINDOW`] sentences back, when the article named its maker there. A report
    /// introduced without a maker ("a study published today") stops the search: "the report" is
    /// that one, whose maker the text does not give.
    pub(super) fn report_anaphor(&self, head: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let the_or_this = |w: &str| matches!(w, "the" | "The" | "this" | "This");
        let ok = self.is_description(&head, the_or_this, Class::REPORT_NOUN, |k| {
            doc.tokens[k].kind == TokenKind::Word && doc.word(k).starts_with(char::is_lowercase)
        });
        if !ok {
            return None;
        }
        let floor = self.sentences_back(head.start, REPORT_WINDOW);
        for k in (floor..head.start).rev() {
            // Any report noun: "a study by Acme … said the report" is one document.
            let w = doc.word(k);
            if !(w.starts_with(char::is_lowercase) || k == doc.sentences[doc.sentence_of(k)].start)
                || !is(w, Class::REPORT_NOUN)
                || self.quoted(doc.tokens[k].start)
            {
                continue;
            }
            let end = doc.sentences.get(doc.sentence_of(k)).map_or(head.start, |s| s.end);
            if let Some(i) = self.report_maker(k, end.min(head.start)) {
                return self.speaker(
                    self.resolved.entity_of[i],
                    super::super::confidence::Resolution::Role,
                );
            }
            // An indefinite report ("a study published today", "a new survey") is a new one,
            // whose maker the text did not give.
            let article = (k.saturating_sub(3)..k).rev().find(|&t| {
                doc.tokens[t].kind != TokenKind::Word
                    || !doc.word(t).starts_with(char::is_lowercase)
                    || matches!(doc.word(t), "a" | "an")
            });
            if article.is_some_and(|t| matches!(doc.word(t), "a" | "an" | "A" | "An")) {
                return None;
            }
        }
        None
    }
}
