//! A name followed by an intensive pronoun ("Osbourne himself said"): the pronoun tells the
//! person's gender, so a surname shared by two people of the article ("Sharon Osbourne", "Ozzy
//! Osbourne") names the one of that gender, whichever was named last.

use super::super::words::pronoun_gender;
use super::{Ctx, Speaker};
use crate::analysis::Kind;

impl Ctx<'_, '_> {
    /// The speaker person mention `i` designates, with an intensive pronoun after it ("X
    /// himself", "X, herself a …") checked against the gender of its entity: when they disagree,
    /// the one person of the article with that surname and the pronoun's gender, else nobody.
    /// `None` when no intensive pronoun follows (the mention's own entity stands).
    pub(super) fn namesake(&self, i: usize) -> Option<Option<Speaker>> {
        let doc = self.doc;
        let m = &self.resolved.mentions[i];
        let mut k = m.tokens.end;
        if k < doc.tokens.len() && doc.word(k) == "," {
            k += 1;
        }
        if k >= doc.tokens.len() {
            return None;
        }
        let w = doc.word(k).to_ascii_lowercase();
        let g = match w.as_str() {
            "himself" => pronoun_gender("he")?,
            "herself" => pronoun_gender("she")?,
            _ => return None,
        };
        let e = self.resolved.entity_of[i];
        if self.genders.get(e).copied().flatten().is_none_or(|h| h == g) {
            return None;
        }
        let surname = doc.word(m.tokens.end - 1);
        let mut others = (0..self.resolved.entities.len()).filter(|&x| {
            x != e
                && self.kind(x) == Some(Kind::Person)
                && self.genders.get(x).copied().flatten() == Some(g)
                && self.resolved.entities[x].name.rsplit(' ').next() == Some(surname)
        });
        let found = match (others.next(), others.next()) {
            (Some(x), None) => self.speaker(x, self.resolution_of_mention(i)),
            _ => None,
        };
        Some(found)
    }
}
