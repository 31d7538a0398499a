//! Epithets as sources: "said the Welshman", "the Sale full-back added", "the singer told …".
//!
//! News names the person a passage is about by a description instead of repeating the name. Such
//! a phrase (`lexicon/quote_words.txt` [epithet]: a nationality, a place in a team, a trade, not
//! a post) designates, in this order:
//! - the one person the article described that way ("Sale full-back Jason Smith", "Jason Smith,
//!   the Sale full-back");
//! - else the one person named by a full name as the subject of a sentence outside quotes in
//!   the epithet's sentence and the three before it (quoted sentences not counted), of the
//!   epithet's gender if it has one ("the actress"), when that person is named in the
//!   epithet's sentence or the one before. Two such people ("Jones beat Smith. Smith said … said
//!   the Welshman") leave the quote without a speaker: the text does not say which one is meant.
//!   A person named as an object, a possessor or after a preposition is not who the passage is
//!   about.
//!
//! An age epithet ("said the 23-year-old") resolves as a pronoun of either gender does.

use std::ops::Range;

use super::super::confidence::Resolution;
use super::super::words::{Class, is};
use super::{Ctx, Said, Speaker, is_the};
use crate::analysis::Kind;
use crate::analysis::gazetteer::Gender;
use crate::analysis::tokens::TokenKind;

/// How many sentences (not wholly quoted) before the epithet's own are read for the people the
/// passage is about.
const EPITHET_WINDOW: usize = 3;

/// The gender an epithet noun implies ("Welshman", "actress").
fn epithet_gender(noun: &str) -> Option<Gender> {
    let n = noun.to_lowercase();
    if n.ends_with("woman") || n.ends_with("ess") {
        Some(Gender::Female)
    } else if n.ends_with("man") {
        Some(Gender::Male)
    } else {
        None
    }
}

impl Ctx<'_, '_> {
    /// The person an age epithet refers back to ("said the 23-year-old", "the 74-year-old
    /// comedian told …"): news uses it for the person the passage is about, as it uses "he" or
    /// "she", so it resolves as a pronoun of either gender does (the subject of the previous
    /// attribution or of the nearest sentence). Only a definite phrase with no name in it.
    pub(super) fn age_epithet(
        &self,
        head: Range<usize>,
        said: &[Said],
        before: &[super::Quote],
    ) -> Option<Speaker> {
        let doc = self.doc;
        let age = |w: &str| {
            w.strip_suffix("-year-old")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        let ok = head.len() >= 2
            && doc.word(head.start).eq_ignore_ascii_case("the")
            && age(doc.word(head.start + 1))
            && (head.start + 2..head.end).all(|k| {
                doc.tokens[k].kind == TokenKind::Word
                    && doc.word(k).starts_with(|c: char| c.is_lowercase())
            });
        if !ok {
            return None;
        }
        self.antecedent(head.start, None, said, before)
    }

    /// The person a definite epithet phrase `head` ("the Sale full-back", "the American")
    /// designates (module doc); None when the phrase is no epithet or the text leaves a choice.
    pub(super) fn epithet(
        &self,
        head: Range<usize>,
        said: &[Said],
        before: &[super::Quote],
    ) -> Option<Speaker> {
        let doc = self.doc;
        let ok = self.is_description(&head, is_the, Class::EPITHET, |k| {
            doc.tokens[k].kind == TokenKind::Word && !is(doc.word(k), Class::PREPOSITION)
        }) && !self
            .mentions_in(head.clone())
            .any(|i| self.kind(self.resolved.entity_of[i]) == Some(Kind::Person));
        if !ok {
            return None;
        }
        let gender = epithet_gender(doc.word(head.end - 1));
        let fits = |e: usize| {
            self.kind(e) == Some(Kind::Person)
                && self.genders.get(e).copied().flatten().zip(gender).is_none_or(|(g, h)| g == h)
        };
        if let Some(e) = self.described_as(head.clone()) {
            return fits(e).then(|| self.speaker(e, Resolution::Role)).flatten();
        }
        // The people the passage is about: persons named by their full names as subjects
        // outside quotes, in the epithet's sentence and the three before it that are not wholly
        // quoted. The one person must be among them, and named in the epithet's sentence or the
        // one before it.
        let here = doc.sentence_of(head.start);
        let starts = self.passage(here, EPITHET_WINDOW);
        let recent = starts.get(1).or(starts.first()).copied().unwrap_or(head.start);
        let from = starts.last().copied().unwrap_or(head.start);
        let full = |e: usize| self.resolved.entities.get(e).is_some_and(|x| x.name.contains(' '));
        let mut people: Vec<(usize, usize)> = self
            .mentions_in(from..head.start)
            .filter(|&i| {
                let m = &self.resolved.mentions[i];
                // Its clause opens after the last comma before it ("Replying to Y, X was …").
                let start = doc.sentences[doc.sentence_of(m.tokens.start)].start;
                let clause = (start..m.tokens.start)
                    .rev()
                    .find(|&k| doc.word(k) == ",")
                    .map_or(start, |c| c + 1);
                !self.quoted(m.span.start)
                    && !before.iter().any(|q| q.span.contains(&m.span.start))
                    && !self.dependent(i, clause)
                    && self.is_subject(i, said)
            })
            .map(|i| (self.resolved.mentions[i].tokens.start, self.resolved.entity_of[i]))
            .chain(
                said.iter().filter(|s| s.at >= from && s.at < head.start).map(|s| (s.at, s.entity)),
            )
            .filter(|&(_, e)| fits(e) && full(e))
            .collect();
        people.sort_unstable_by_key(|&(at, e)| (e, std::cmp::Reverse(at)));
        people.dedup_by_key(|&mut (_, e)| e);
        match people.as_slice() {
            [(at, e)] if *at >= recent => {
                let sentences = here - doc.sentence_of(*at);
                self.speaker(*e, Resolution::Pronoun { sentences, rivals: 0 })
            }
            _ => None,
        }
    }

    /// The first tokens of sentence `here` and of the `n` sentences before it that are not
    /// wholly inside a quote, nearest first.
    fn passage(&self, here: usize, n: usize) -> Vec<usize> {
        let doc = self.doc;
        let mut starts = vec![doc.sentences[here].start];
        for s in doc.sentences[..here].iter().rev() {
            if starts.len() > n {
                break;
            }
            let quoted = s.is_empty()
                || (self.quoted(doc.tokens[s.start].start)
                    && self.quoted(doc.tokens[s.end - 1].start));
            if !quoted {
                starts.push(s.start);
            }
        }
        starts
    }

    /// The one person the article describes with every word of epithet phrase `head` after its
    /// article ("Sale full-back Jason Smith" for "the Sale full-back"); None when no one or
    /// several people are.
    fn described_as(&self, head: Range<usize>) -> Option<usize> {
        let doc = self.doc;
        let wanted: Vec<String> =
            (head.start + 1..head.end).map(|k| doc.word(k).to_lowercase()).collect();
        let mut holders: Vec<usize> = Vec::new();
        for (i, m) in self.resolved.mentions.iter().enumerate() {
            let e = self.resolved.entity_of[i];
            if self.kind(e) != Some(Kind::Person) || m.tokens.start >= head.start {
                continue;
            }
            // The description as a title before the name may use epithet nouns, which are no
            // titles ("Sale full-back Jason Smith").
            let lead = (m.tokens.start.saturating_sub(3)..m.tokens.start).rev().take_while(|&k| {
                doc.tokens[k].kind == TokenKind::Word
                    && (is(doc.word(k), Class::EPITHET)
                        || doc.word(k).starts_with(char::is_uppercase))
            });
            // The epithet itself may stand in the name's apposition ("Tim Hale, the American
            // said"): only descriptions before it count.
            let words: Vec<String> = self
                .described(i)
                .into_iter()
                .chain(lead)
                .filter(|&k| k < head.start)
                .map(|k| doc.word(k).to_lowercase())
                .collect();
            if wanted.iter().all(|w| words.contains(w)) && !holders.contains(&e) {
                holders.push(e);
            }
        }
        match holders.as_slice() {
            [e] => Some(*e),
            _ => None,
        }
    }
}
