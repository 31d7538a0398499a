//! Organisations as speakers: the name an organisation speaks under, and the sources that refer
//! back to one ("it said", "the BRC said") or to a party's leader ("the Tory leader said").
//!
//! Each rule names an organisation only when the article leaves one choice; otherwise the quote
//! keeps no speaker (a wrong name is worse than none):
//! - a party speaks under its full name ("the Tories" is the Conservative Party), from the party
//!   groups of `lexicon/aliases.txt`;
//! - an acronym ("the ONS") speaks under the name the article spells it out as ("the Office for
//!   National Statistics (ONS)"), else under the one organisation of the article with those
//!   initials;
//! - "it" is the organisation of the attribution just before, when that one spoke last and no
//!   other organisation became a subject since;
//! - "the Tory leader" with no one given that role is the person the article is about, when the
//!   passage is about that person too.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::super::confidence::Resolution;
use super::super::words::{Class, is, same_role};
use super::{Ctx, Said, Speaker, is_role};
use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;
use crate::analysis::tokens::TokenKind;

/// Folded party alias -> the party's full name: the groups of `lexicon/aliases.txt` that hold a
/// party label (`lexicon/party_labels.txt`).
static PARTIES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for line in include_str!("../../lexicon/aliases.txt").lines() {
        let parts: Vec<&'static str> = line.split('|').map(str::trim).collect();
        let [kind, canonical, aliases @ ..] = parts.as_slice() else { continue };
        if *kind != "org" || !aliases.iter().chain([canonical]).any(|a| gaz::is_party_label(a)) {
            continue;
        }
        for a in aliases.iter().chain([canonical]) {
            map.insert(fold(a), *canonical);
        }
    }
    map
});

/// Lower case, words joined by one space.
fn fold(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The full name of the party `name` stands for ("Tories" -> "Conservative Party").
pub(super) fn party(name: &str) -> Option<&'static str> {
    PARTIES.get(&fold(name)).copied()
}

/// True when `qualifiers` name a party that `words` (in either order) name too: "Liberal
/// Democrat" and "Dem Lib leader" (the words before a name, read backwards).
pub(super) fn same_party(qualifiers: &[&str], words: &[&str]) -> bool {
    let Some(p) = party(&qualifiers.join(" ")) else { return false };
    let is_p = |n: &str| party(n) == Some(p);
    words.iter().enumerate().any(|(i, w)| {
        is_p(w)
            || words
                .get(i + 1)
                .is_some_and(|v| is_p(&format!("{w} {v}")) || is_p(&format!("{v} {w}")))
    })
}

/// True for an acronym: two to six capital letters ("ONS", "BRC").
fn is_acronym(w: &str) -> bool {
    (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
}

/// A word that may stand inside a spelled-out name without an initial ("of", "and").
fn is_link_word(w: &str) -> bool {
    matches!(w, "of" | "for" | "and" | "&" | "the" | "on" | "de")
}

/// The initials of a capitalised word: one a capitalised hyphen part ("Anti-Doping" is "AD",
/// "Co-operation" is "C").
fn initials(w: &str) -> Option<String> {
    w.starts_with(char::is_uppercase).then(|| {
        w.split('-').filter_map(|p| p.chars().next()).filter(|c| c.is_uppercase()).collect()
    })
}

/// The spelled-out name written just before `text[..end]` whose initials make `acr`, reading
/// words backwards ("British Retail Consortium" before "(BRC)").
fn spelled_before(text: &str, end: usize, acr: &str) -> Option<String> {
    let words: Vec<&str> = text[..end].split_whitespace().rev().take(12).collect();
    let mut got = String::new();
    for (n, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        if is_link_word(w) && !got.is_empty() {
            continue;
        }
        // A hyphenated word gives an initial a part ("Anti-Doping") or one ("Co-operation").
        let i = initials(w)?;
        let one = &i[..i.chars().next()?.len_utf8()];
        let full = format!("{i}{got}");
        got = if acr.ends_with(&full) { full } else { format!("{one}{got}") };
        if !acr.ends_with(&got) {
            return None;
        }
        if got == acr {
            let name: Vec<&str> = words[..=n].iter().rev().copied().collect();
            return Some(name.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string());
        }
    }
    None
}

impl Ctx<'_, '_> {
    /// The full name an acronym stands for in this article: spelled out before it in brackets
    /// ("the Office for National Statistics (ONS)"), else the one organisation of the article
    /// whose capitalised words have those initials. None when neither says.
    pub(super) fn acronym_name(&self, acr: &str) -> Option<String> {
        if !is_acronym(acr) {
            return None;
        }
        let text = self.doc.text;
        let marked = format!("({acr})");
        if let Some(at) = text.find(&marked)
            && let Some(name) = spelled_before(text, at, acr)
        {
            return Some(name);
        }
        let mut orgs = self.resolved.entities.iter().enumerate().filter(|&(e, x)| {
            self.kind(e) == Some(Kind::Org)
                && x.name != acr
                && x.name
                    .split_whitespace()
                    .filter(|w| !is_link_word(w))
                    .map(initials)
                    .collect::<Option<String>>()
                    .as_deref()
                    == Some(acr)
        });
        let (_, first) = orgs.next()?;
        orgs.all(|(_, x)| x.name == first.name).then(|| first.name.clone())
    }

    /// The name an organisation speaks under: a party's full name, an acronym spelled out.
    pub(super) fn org_name(&self, entity: usize) -> Option<String> {
        let e = self.resolved.entities.get(entity)?;
        if self.kind(entity) != Some(Kind::Org) {
            return None;
        }
        party(&e.name).map(str::to_string).or_else(|| self.acronym_name(&e.name))
    }

    /// An acronym source phrase no mention covers ("the ONS", "The BRC"): the organisation it
    /// stands for in this article.
    pub(super) fn acronym_source(&self, head: std::ops::Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let last = head.end.checked_sub(1)?;
        let det = (head.start..last).all(|k| doc.word(k).eq_ignore_ascii_case("the"));
        if !det || last > head.start + 1 || self.mentions_in(head.clone()).next().is_some() {
            return None;
        }
        let name = self.acronym_name(doc.word(last))?;
        let entity = self.resolved.entities.iter().position(|e| e.name == name);
        Some(Speaker { name, entity, resolution: Resolution::ShortName })
    }

    /// A party named by a source phrase no mention covers ("the Liberal Democrats said"): the
    /// party under its full name.
    pub(super) fn party_source(&self, head: std::ops::Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let from = head.start + usize::from(doc.word(head.start).eq_ignore_ascii_case("the"));
        if from >= head.end || self.mentions_in(head.clone()).next().is_some() {
            return None;
        }
        let name = party(doc.slice(from..head.end))?.to_string();
        let entity = self.resolved.entities.iter().position(|e| e.name == name);
        Some(Speaker { name, entity, resolution: Resolution::ShortName })
    }

    /// The organisation "it" at token `at` refers back to: the speaker of the attribution just
    /// before, when that is an organisation, its source stood at most three sentences back, and
    /// no other organisation was the subject of a sentence since.
    pub(super) fn org_pronoun(
        &self,
        at: usize,
        said: &[Said],
        before: &[super::Quote],
    ) -> Option<Speaker> {
        let doc = self.doc;
        let s = said.last().filter(|s| s.at < at && self.kind(s.entity) == Some(Kind::Org))?;
        // That attribution is the last one made: no unnamed or other source spoke in between.
        let last_source = before.iter().rev().find_map(|q| q.source.clone())?;
        if last_source.start != doc.tokens[s.at].start {
            return None;
        }
        let sentences = doc.sentence_of(at) - doc.sentence_of(s.at);
        if sentences > 3 {
            return None;
        }
        let rival = self.mentions_in(s.end..at).any(|i| {
            let e = self.resolved.entity_of[i];
            let pos = self.resolved.mentions[i].span.start;
            e != s.entity
                && self.kind(e) == Some(Kind::Org)
                && !self.quoted(pos)
                && !before.iter().any(|q| q.span.contains(&pos))
                && self.is_subject(i, said)
        });
        if rival {
            return None;
        }
        self.speaker(s.entity, Resolution::Pronoun { sentences, rivals: 0 })
    }

    /// "The Tory leader", "the Lib Dem leader" when the article gives that role to no one: news
    /// names the person the article is about so, as it says "he". It resolves as a pronoun does,
    /// and only to the first person the article names.
    pub(super) fn party_epithet(
        &self,
        head: std::ops::Range<usize>,
        said: &[Said],
        before: &[super::Quote],
    ) -> Option<Speaker> {
        let doc = self.doc;
        let last = head.end.checked_sub(1)?;
        let words: Vec<&str> = (head.start + 1..last).map(|k| doc.word(k)).collect();
        let ok = head.len() >= 3
            && doc.word(head.start).eq_ignore_ascii_case("the")
            && is_role(doc.word(last))
            && !is(doc.word(last), Class::SPEAKS_FOR)
            && (head.start..head.end).all(|k| doc.tokens[k].kind == TokenKind::Word)
            && party(&words.join(" ")).is_some();
        if !ok {
            return None;
        }
        let first =
            (0..self.resolved.entities.len()).find(|&e| self.kind(e) == Some(Kind::Person))?;
        let sp = self.antecedent(head.start, None, said, before)?;
        if sp.entity != Some(first) {
            return None;
        }
        let mentions: Vec<usize> = (0..self.resolved.mentions.len())
            .filter(|&i| self.resolved.entity_of[i] == first)
            .collect();
        // A person the article gives another post holds that one ("Home Secretary X", "MP Y").
        let role = doc.word(last);
        let other_post = mentions.iter().any(|&i| {
            self.described(i)
                .iter()
                .map(|&k| doc.word(k))
                .any(|w| is_role(w) && !is(w, Class::HONORIFIC) && !same_role(w, role))
        });
        // Someone else named since the person makes the epithet ambiguous.
        let since = mentions
            .iter()
            .rev()
            .map(|&i| self.resolved.mentions[i].tokens.end)
            .find(|&e| e <= head.start)?;
        let other = self.mentions_in(since..head.start).any(|i| {
            self.resolved.entity_of[i] != first
                && self.kind(self.resolved.entity_of[i]) == Some(Kind::Person)
                && !self.quoted(self.resolved.mentions[i].span.start)
        });
        (!other_post && !other).then_some(Speaker { resolution: Resolution::Role, ..sp })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_go_by_their_full_names() {
        assert_eq!(party("Tories"), Some("Conservative Party"));
        assert_eq!(party("lib dems"), Some("Liberal Democrats"));
        assert_eq!(party("Labour"), Some("Labour Party"));
        assert_eq!(party("Bank of England"), None);
    }

    #[test]
    fn acronyms_are_spelled_out_from_the_words_before_them() {
        let t = "figures from the British Retail Consortium (BRC) showed";
        let at = t.find("(BRC)").unwrap();
        assert_eq!(spelled_before(t, at, "BRC").as_deref(), Some("British Retail Consortium"));
        let t = "said the Office for National Statistics (ONS)";
        let at = t.find("(ONS)").unwrap();
        assert_eq!(spelled_before(t, at, "ONS").as_deref(), Some("Office for National Statistics"));
        let t = "the Organisation for Economic Co-operation and Development (OECD)";
        let at = t.find("(OECD)").unwrap();
        assert_eq!(
            spelled_before(t, at, "OECD").as_deref(),
            Some("Organisation for Economic Co-operation and Development")
        );
        let t = "a report by analysts (ONS)";
        assert_eq!(spelled_before(t, t.find("(ONS)").unwrap(), "ONS"), None);
    }
}
