//! Publications as speakers: "Edge magazine wrote", "the Reuters news agency said", and "the
//! paper said" after an article has named a newspaper ("according to the Financial Times, … The
//! paper said …").
//!
//! "The paper" refers back to the publication named last before it outside quotes, at most
//! [`PUBLICATION_WINDOW`] sentences back: an organisation written before a publication noun
//! ("Edge magazine") or one whose name has a press word ("Times", "News", `lexicon/
//! quote_words.txt` [press_word]). None when the article named none there.

use std::ops::Range;

use super::super::confidence::Resolution;
use super::super::words::{Class, is};
use super::{Ctx, Speaker, is_the};
use crate::analysis::Kind;
use crate::analysis::tokens::TokenKind;

/// How far back (sentences) "the paper" looks for the publication it refers to.
const PUBLICATION_WINDOW: usize = 8;

impl Ctx<'_, '_> {
    /// A source head made of a name and publication nouns ("Edge magazine", "the Reuters news
    /// agency"): the name's organisation.
    pub(super) fn named_publication(&self, head: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let last = head.end.checked_sub(1)?;
        if !is(doc.word(last), Class::PUBLICATION) {
            return None;
        }
        let i = self.mentions_in(head.clone()).last()?;
        let m = &self.resolved.mentions[i];
        let tail_ok = (m.tokens.end..head.end).all(|k| {
            is(doc.word(k), Class::PUBLICATION) || doc.word(k).eq_ignore_ascii_case("news")
        });
        let lead_ok = (head.start..m.tokens.start).all(|k| is(doc.word(k), Class::DETERMINER));
        let e = self.resolved.entity_of[i];
        // A person or a place before the noun describes it ("the US magazine Blender").
        (tail_ok && lead_ok && self.kind(e) == Some(Kind::Org))
            .then(|| self.speaker(e, self.resolution_of_mention(i)))
            .flatten()
    }

    /// The publication a definite "the paper", "the magazine" (source head `head`) refers back
    /// to (module doc).
    pub(super) fn publication_anaphor(&self, head: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let ok = self.is_description(&head, is_the, Class::PUBLICATION, |k| {
            doc.tokens[k].kind == TokenKind::Word && doc.word(k).starts_with(char::is_lowercase)
        });
        // "The agency", "the website" are as often a government agency or a firm's site.
        if !ok || matches!(doc.word(head.end - 1), "agency" | "website") {
            return None;
        }
        let floor = self.sentences_back(head.start, PUBLICATION_WINDOW);
        let i = self
            .mentions_in(floor..head.start)
            .filter(|&i| {
                let m = &self.resolved.mentions[i];
                let e = self.resolved.entity_of[i];
                let press = m.tokens.end < doc.tokens.len()
                    && is(doc.word(m.tokens.end), Class::PUBLICATION);
                let named =
                    self.resolved.entities[e].name.split(' ').any(|w| is(w, Class::PRESS_WORD));
                // A publication spoken to ("told the BBC News website") is not one that speaks.
                let mut b = m.tokens.start;
                if b > 0 && is(doc.word(b - 1), Class::DETERMINER) {
                    b -= 1;
                }
                let addressee = b > 0
                    && (matches!(doc.word(b - 1), "told" | "tells" | "telling")
                        || (doc.word(b - 1) == "to"
                            && !(b > 1 && doc.word(b - 2).eq_ignore_ascii_case("according"))));
                self.kind(e) == Some(Kind::Org)
                    && !self.quoted(m.span.start)
                    && !addressee
                    && (press || named)
            })
            .last()?;
        self.speaker(self.resolved.entity_of[i], Resolution::Role)
    }
}
