//! Who a source phrase designates, and how sure that is: the name heading the phrase, the person
//! a pronoun refers back to, or the person the article gave a role noun ("the chancellor").
//!
//! The rules prefer no speaker to a wrong one:
//! - in a source phrase only its head names the speaker: "the MP for Sittingbourne and Sheppey"
//!   is the MP (not Sheppey), "The US dollar" is no one, "Romney's deputy" is not Romney; an
//!   apposition names the speaker when the head does not ("The Shadow Secretary of State for the
//!   Family, Theresa May"), and "X, a spokesman for Y" is X;
//! - an organisation or place speaks only as the head of its phrase ("the Bank of England said",
//!   not "a Labour party spokesman said");
//! - "he"/"she" go to the speaker of the previous attribution when that one fits, else to the
//!   subject (first person named) of the nearest earlier sentence that has one that fits;
//! - a role noun goes to the one person the article gave that role, and to no one when it gave it
//!   to none or to several; a rank the phrase lacks makes another post ("Deputy Prime Minister X"
//!   is not "the prime minister");
//! - an unnamed spokesperson or statement speaks for the organisation named with it ("a Google
//!   spokesperson", "a spokesman for Acme"), and "the firm", "the band" refer back to the
//!   organisation named last;
//! - organisations speak under their full names, and "it", acronyms and party-leader epithets
//!   resolve only where the article leaves one choice ([`orgs`]);
//! - a report speaks for its maker, "the report" for the maker of the one it refers to
//!   ([`reports`]), "the paper" for the newspaper named last ([`publications`]); "said the
//!   Welshman" is the one person so described or named just before ([`epithets`]);
//! - "X himself" is the person named X of the pronoun's gender ([`namesake`]).

mod epithets;
mod namesake;
mod orgs;
mod publications;
mod reports;

use std::ops::Range;

use super::confidence::{self, CueKind, Evidence, Resolution};
use super::cues::is_cue;
use super::salience;
use super::tok_span;
use super::words::{Class, is, is_pronoun, pronoun_gender, same_role};
use super::{Candidate, Quote};
use crate::analysis::Kind;
use crate::analysis::gazetteer::{self as gaz, Gender};
use crate::analysis::names::Resolved;
use crate::analysis::tokens::Document;
use crate::analysis::tokens::TokenKind;

/// A speaker a source resolved to.
#[derive(Clone, Debug)]
struct Speaker {
    /// Canonical name.
    name: String,
    /// The entity, when the name is one of the article's entities.
    entity: Option<usize>,
    /// How the source met the speaker.
    resolution: Resolution,
}

/// An attribution made so far: where its source stands (token) and who it named.
struct Said {
    at: usize,
    /// Token after the source phrase.
    end: usize,
    entity: usize,
}

/// Resolve every candidate's source to a speaker, in text order, and score it.
pub(super) fn attribute(
    doc: &Document,
    resolved: &Resolved,
    raw: &[Range<usize>],
    found: Vec<Candidate>,
) -> Vec<Quote> {
    let genders = salience::genders(doc, resolved);
    let ctx = Ctx { doc, resolved, raw, genders };
    let mut out: Vec<Quote> = Vec::with_capacity(found.len());
    let mut said: Vec<Said> = Vec::new();
    // The resolution behind the speaker of the last quote in `out`.
    let mut last_resolution: Option<Resolution> = None;
    for Candidate { span, direct, paragraph, cue } in found {
        let kind = cue.as_ref().map(|c| c.kind);
        let source = cue.as_ref().and_then(|c| c.source.clone());
        let speaker = source.clone().and_then(|s| ctx.speaker_of(s, &said, &out));
        let mut q = Quote {
            span,
            direct,
            paragraph,
            cue: cue.map(|c| tok_span(doc, c.verb)),
            source: source.clone().map(|s| tok_span(doc, s)),
            speaker: speaker.as_ref().map(|s| s.name.clone()),
            confidence: 0.0,
        };
        let mut evidence = Evidence {
            direct,
            cue: kind.unwrap_or(CueKind::Carried),
            resolution: speaker.as_ref().map(|s| s.resolution),
        };
        // A direct quote without a cue keeps the speaker of the quote before it, when that one is
        // in the same paragraph, or in the previous one and this quote opens its paragraph.
        if let Some(prev) = out.last().filter(|_| direct && kind.is_none()) {
            let prev_para = super::super::paragraph_of(doc.article, prev.span.end - 1)
                .unwrap_or(prev.paragraph);
            let opens =
                doc.article.paragraphs.get(paragraph).is_some_and(|r| q.span.start <= r.start + 1);
            if prev_para == paragraph || (prev_para + 1 == paragraph && opens) {
                q.source = prev.source.clone();
                q.speaker = prev.speaker.clone();
                evidence.resolution = last_resolution;
            }
        }
        q.confidence = confidence::score(evidence);
        if let (Some(sp), Some(src)) = (&speaker, &source)
            && let Some(entity) = sp.entity
        {
            said.push(Said { at: src.start, end: src.end, entity });
        }
        last_resolution = evidence.resolution;
        out.push(q);
    }
    out
}

/// What resolution looks at.
struct Ctx<'d, 'a> {
    doc: &'d Document<'a>,
    resolved: &'d Resolved,
    raw: &'d [Range<usize>],
    /// Gender of each entity for pronouns ([`salience::genders`]).
    genders: Vec<Option<Gender>>,
}

impl Ctx<'_, '_> {
    /// The kind of an entity; a party label taken for a person ("Lib Dems") is the party.
    fn kind(&self, entity: usize) -> Option<Kind> {
        let e = self.resolved.entities.get(entity)?;
        Some(if gaz::is_party_label(&e.name) { Kind::Org } else { e.kind })
    }

    fn speaker(&self, entity: usize, resolution: Resolution) -> Option<Speaker> {
        let e = self.resolved.entities.get(entity)?;
        let name = self.org_name(entity).unwrap_or_else(|| e.name.clone());
        Some(Speaker { name, entity: Some(entity), resolution })
    }

    /// True when byte `at` lies inside a direct quote.
    fn quoted(&self, at: usize) -> bool {
        let t = &self.doc.tokens;
        self.raw.iter().any(|r| t[r.start].start <= at && at < t[r.end - 1].end)
    }

    /// Whether source head `head` is a description ending in a noun of `class` ("the firm",
    /// "the Sale full-back"): two words or more, the first passing `determiner`, every word
    /// between the first and the last (token indices) passing `middle`.
    fn is_description(
        &self,
        head: &Range<usize>,
        determiner: impl Fn(&str) -> bool,
        class: Class,
        middle: impl Fn(usize) -> bool,
    ) -> bool {
        let doc = self.doc;
        head.len() >= 2
            && determiner(doc.word(head.start))
            && is(doc.word(head.end - 1), class)
            && (head.start + 1..head.end - 1).all(middle)
    }

    /// The first token of the sentence `n` sentences before the one holding token `at`: where a
    /// look-back for an antecedent stops.
    fn sentences_back(&self, at: usize, n: usize) -> usize {
        let doc = self.doc;
        doc.sentences.get(doc.sentence_of(at).saturating_sub(n)).map_or(0, |s| s.start)
    }

    /// Mention indices lying inside token range `r`.
    /// A mention made only of role words ("MEP", "Chancellor") names a post, not an actor.
    fn mentions_in(&self, r: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let first = self.resolved.mentions.partition_point(|m| m.tokens.start < r.start);
        (first..self.resolved.mentions.len())
            .take_while(move |&i| self.resolved.mentions[i].tokens.start < r.end)
            .filter(move |&i| self.resolved.mentions[i].tokens.end <= r.end)
            .filter(move |&i| {
                !self.resolved.mentions[i].tokens.clone().all(|k| is_role(self.doc.word(k)))
            })
    }

    /// True when mention `i` modifies or complements another word of its phrase (from token
    /// `floor`): it stands after a preposition of the phrase ("the MP for Sittingbourne and
    /// Sheppey", "a spokesman for Labour") or is a possessor ("Romney's deputy").
    fn dependent(&self, i: usize, floor: usize) -> bool {
        let m = &self.resolved.mentions[i];
        let doc = self.doc;
        if m.tokens.end < doc.tokens.len() && matches!(doc.word(m.tokens.end), "'s" | "’s") {
            return true;
        }
        // A preposition inside a name ("Bank of England") is no preposition of the phrase, nor
        // one whose complement ended before an honorific that opens a new noun phrase ("Speaking
        // in Harrogate Mr Kennedy", where the source lost its comma), while "a spokesman for Mr
        // Blair" is still Blair's spokesman.
        let new_phrase = |k: usize| {
            (k + 2..=m.tokens.start).any(|h| {
                is(doc.word(h), Class::HONORIFIC)
                    && doc.tokens[h - 1].kind == TokenKind::Word
                    && doc.word(h - 1).starts_with(char::is_uppercase)
            })
        };
        (floor..m.tokens.start).any(|k| {
            is(doc.word(k), Class::PREPOSITION)
                && self.resolved.mention_at(doc.tokens[k].span()).is_none()
                && !new_phrase(k)
        })
    }

    /// True when mention `i` modifies a role noun after it in its phrase (ending at token `end`):
    /// "the Lib Dem leader" is the leader, not the party.
    fn modifies_role(&self, i: usize, end: usize) -> bool {
        let m = &self.resolved.mentions[i];
        m.tokens.end < end && is_role(self.doc.word(m.tokens.end))
    }

    /// The body a spokesperson or statement in `part` speaks for: the organisation named in the
    /// part ("a Google spokesperson", "a spokesman for Acme", "a statement from the club's owners
    /// Acme").
    fn spoken_for(&self, part: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        if !part.clone().any(|k| is(doc.word(k), Class::SPEAKS_FOR)) {
            return None;
        }
        let i = self
            .mentions_in(part)
            .find(|&i| self.kind(self.resolved.entity_of[i]) == Some(Kind::Org))?;
        self.speaker(self.resolved.entity_of[i], self.resolution_of_mention(i))
    }

    fn resolution_of_mention(&self, i: usize) -> Resolution {
        let m = &self.resolved.mentions[i];
        let words = m.tokens.clone().filter(|&k| !gaz::is_title(self.doc.word(k))).count();
        if words >= 2 { Resolution::FullName } else { Resolution::ShortName }
    }

    /// The speaker a source phrase (token range) designates, if the text says who it is.
    fn speaker_of(&self, src: Range<usize>, said: &[Said], before: &[Quote]) -> Option<Speaker> {
        if src.is_empty() {
            return None;
        }
        let doc = self.doc;
        let first = doc.word(src.start);
        if src.len() == 1 && is_pronoun(first) {
            return match pronoun_gender(first) {
                Some(g) => self.antecedent(src.start, Some(g), said, before),
                None if first.eq_ignore_ascii_case("it") => {
                    self.org_pronoun(src.start, said, before)
                }
                None => None, // "they", "we", "I": no single person to name
            };
        }
        if src.len() == 1 && first == "who" && src.start >= 2 && doc.word(src.start - 1) == "," {
            // "Dianne Feinstein, who said …": the name before the comma.
            let i = self.resolved.mentions.iter().rposition(|m| m.tokens.end == src.start - 1)?;
            return self.speaker(self.resolved.entity_of[i], self.resolution_of_mention(i));
        }
        // The head part and its appositions ("Seth McKee, a political scientist at …").
        let mut parts = Vec::new();
        let mut from = src.start;
        for k in src.clone() {
            if doc.word(k) == "," {
                parts.push(from..k);
                from = k + 1;
            }
        }
        parts.push(from..src.end);
        parts.retain(|p| !p.is_empty());
        let person_in = |p: &Range<usize>| {
            self.mentions_in(p.clone())
                .filter(|&i| self.kind(self.resolved.entity_of[i]) == Some(Kind::Person))
                .filter(|&i| !self.dependent(i, p.start) && !self.modifies_role(i, p.end))
                .last()
        };
        // A person heads the phrase, or names it in an apposition.
        if let Some(i) = parts.iter().find_map(person_in) {
            if let Some(other) = self.namesake(i) {
                return other;
            }
            return self.speaker(self.resolved.entity_of[i], self.resolution_of_mention(i));
        }
        // A name the entity finder missed: a given name and a capitalised word ("Theresa May").
        // The name may be an entity's after all, one the phrase's grammar hid ("spokeswoman for
        // women Sandra Gidley"): then later pronouns can find it as the speaker.
        if let Some(name) = parts.iter().find_map(|p| self.unlisted_name(p.clone())) {
            let entity = self.resolved.entities.iter().position(|e| e.name == name);
            let entity = entity.filter(|&e| self.kind(e) == Some(Kind::Person));
            return Some(Speaker { name, entity, resolution: Resolution::FullName });
        }
        if let Some(e) = parts.first().and_then(|p| self.titled_surname(p.clone())) {
            return self.speaker(e, Resolution::ShortName);
        }
        // A spokesperson, statement or report of a named body speaks as that body.
        let first = parts.first().cloned();
        if let Some(body) = first.clone().and_then(|p| self.report_source(p)) {
            return Some(body);
        }
        if let Some(body) = first.and_then(|p| self.spoken_for(p)) {
            return Some(body);
        }
        // An organisation or place speaks as the head of its phrase ("the Bank of England").
        let head = parts.first()?.clone();
        let org = self.mentions_in(head.clone()).filter(|&i| !self.dependent(i, head.start)).last();
        if let Some(i) = org.filter(|&i| self.resolved.mentions[i].tokens.end == head.end) {
            return self.speaker(self.resolved.entity_of[i], self.resolution_of_mention(i));
        }
        // "the chancellor", "the MP for Sittingbourne and Sheppey": the one person given that role.
        self.named_publication(head.clone())
            .or_else(|| self.role_holder(head.clone()))
            .or_else(|| self.org_anaphor(head.clone()))
            .or_else(|| self.acronym_source(head.clone()))
            .or_else(|| self.party_source(head.clone()))
            .or_else(|| self.party_epithet(head.clone(), said, before))
            .or_else(|| self.report_anaphor(head.clone()))
            .or_else(|| self.publication_anaphor(head.clone()))
            .or_else(|| self.age_epithet(head.clone(), said, before))
            .or_else(|| self.epithet(head, said, before))
    }

    /// The organisation a definite description of one refers back to ("the firm", "the Leuven-based
    /// brewery", "the band"): the organisation named last before it outside quotes, at most six
    /// sentences back.
    fn org_anaphor(&self, head: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let ok = self.is_description(&head, is_the, Class::ORG_NOUN, |k| {
            doc.tokens[k].kind == TokenKind::Word
                && self.resolved.mention_at(doc.tokens[k].span()).is_none()
        });
        if !ok {
            return None;
        }
        let floor = self.sentences_back(head.start, 6);
        let i = self
            .mentions_in(floor..head.start)
            .filter(|&i| {
                self.kind(self.resolved.entity_of[i]) == Some(Kind::Org)
                    && !self.quoted(self.resolved.mentions[i].span.start)
            })
            .last()?;
        self.speaker(self.resolved.entity_of[i], Resolution::Role)
    }

    /// The person a title and a surname the entity finder did not take for a name designate
    /// ("said Mr Irish" after "Oliver Irish, editor of …": a surname that is also a demonym or an
    /// ordinary word): the one person of the article whose name ends in that word; none when no
    /// one or several do.
    fn titled_surname(&self, r: Range<usize>) -> Option<usize> {
        let doc = self.doc;
        let last = r.end.checked_sub(1).filter(|&l| l > r.start)?;
        let word = doc.word(last);
        let titled = (r.start..last).all(|k| gaz::is_title(doc.word(k)))
            && is(doc.word(last - 1), Class::HONORIFIC);
        if !titled || !word.starts_with(char::is_uppercase) || self.mentions_in(r).next().is_some()
        {
            return None;
        }
        let mut people = self.resolved.entities.iter().enumerate().filter(|&(e, x)| {
            self.kind(e) == Some(Kind::Person)
                && x.name.contains(' ')
                && x.name.rsplit(' ').next() == Some(word)
        });
        let (e, _) = people.next()?;
        people.next().is_none().then_some(e)
    }

    /// A person's name the entity finder did not list, inside token range `r`: a known given
    /// name followed by one or two capitalised words.
    fn unlisted_name(&self, r: Range<usize>) -> Option<String> {
        let doc = self.doc;
        let cap = |k: usize| {
            doc.tokens[k].kind == TokenKind::Word
                && doc.word(k).starts_with(char::is_uppercase)
                && !gaz::is_title(doc.word(k))
        };
        let start = r.clone().find(|&k| cap(k) && gaz::is_first_name(doc.word(k)))?;
        // As the object of a preposition it complements another word ("those polled for the
        // Sunday Times", "serialised in the Sunday Telegraph"); after the object ("Chancellor of
        // the Exchequer Gordon Brown", "head of research Peter Kim") it names the head.
        let prep = (r.start..start).rev().find(|&k| is(doc.word(k), Class::PREPOSITION));
        if prep.is_some_and(|p| {
            (p + 1..start).all(|k| is(&doc.word(k).to_lowercase(), Class::DETERMINER))
        }) {
            return None;
        }
        let mut end = start + 1;
        while end < r.end && end < start + 3 && cap(end) {
            end += 1;
        }
        (end >= start + 2 && end == r.end).then(|| doc.slice(start..end).to_string())
    }

    /// The one person the article gives the role of source phrase `head` (token range; "the
    /// chancellor", "the Federal Reserve head", "the MP for Sittingbourne and Sheppey"): a role
    /// noun of the same post (`lexicon/quote_words.txt` [role_group]) written as a title before
    /// the name ("Federal Reserve chairman Mr Greenspan"), or in an apposition after it ("Derek
    /// Wyatt, the MP for …"), with every capitalised qualifier of the phrase ("Federal Reserve",
    /// "Sittingbourne") in that description too. None when the article gives it to no one or to
    /// several people.
    fn role_holder(&self, head: Range<usize>) -> Option<Speaker> {
        let doc = self.doc;
        let roles: Vec<&str> = head
            .clone()
            .map(|k| doc.word(k))
            .filter(|w| is_role(w) && !is(w, Class::HONORIFIC))
            .collect();
        if roles.is_empty() || !doc.word(head.start).eq_ignore_ascii_case("the") {
            return None;
        }
        let qualifiers: Vec<&str> = (head.start + 1..head.end)
            .map(|k| doc.word(k))
            .filter(|w| w.starts_with(char::is_uppercase) && !is_role(w))
            .collect();
        let mut holders: Vec<usize> = Vec::new();
        for (i, m) in self.resolved.mentions.iter().enumerate() {
            let e = self.resolved.entity_of[i];
            if self.kind(e) != Some(Kind::Person) || m.tokens.start == head.start {
                continue;
            }
            let described = self.described(i);
            let words: Vec<&str> = described.iter().map(|&k| doc.word(k)).collect();
            // Every role word of the phrase describes the person ("prime minister" needs both).
            let role = roles.iter().all(|r| words.iter().any(|w| same_role(r, w)));
            // A party qualifier may be written under another of its names ("Lib Dem" for
            // "Liberal Democrat").
            let qualified = qualifiers.iter().all(|q| words.contains(q))
                || orgs::same_party(&qualifiers, &words);
            // A rank the phrase lacks makes another post ("Deputy Prime Minister X" is not "the
            // prime minister", "shadow chancellor Y" not "the chancellor").
            let same_rank = words
                .iter()
                .filter(|w| is_rank(w))
                .all(|w| head.clone().any(|k| doc.word(k).eq_ignore_ascii_case(w)));
            if role && qualified && same_rank && !holders.contains(&e) {
                holders.push(e);
            }
        }
        match holders.as_slice() {
            [e] => self.speaker(*e, Resolution::Role),
            _ => None,
        }
    }

    /// The words describing person mention `i` (token indices): the titles and capitalised words
    /// just before the name, its role, and an apposition right after it.
    fn described(&self, i: usize) -> Vec<usize> {
        let doc = self.doc;
        let m = &self.resolved.mentions[i];
        let mut described: Vec<usize> = (m.tokens.start.saturating_sub(5)..m.tokens.start)
            .rev()
            .take_while(|&k| {
                is_role(doc.word(k))
                    || is_rank(doc.word(k))
                    || (doc.tokens[k].kind == TokenKind::Word
                        && doc.word(k).starts_with(char::is_uppercase))
            })
            .collect();
        described.extend(m.role.clone().into_iter().flatten());
        if m.tokens.end < doc.tokens.len() && doc.word(m.tokens.end) == "," {
            described.extend(
                (m.tokens.end + 1..(m.tokens.end + 9).min(doc.tokens.len()))
                    .take_while(|&k| !matches!(doc.word(k), "," | "." | ";") && !is_cue(doc, k)),
            );
        }
        described
    }

    /// The antecedent of a "he"/"she" source at token `at`: the speaker of the previous
    /// attribution when it fits and no one who fits became a subject since (outside what was
    /// quoted or reported: people spoken about are not speakers), else the subject of the nearest
    /// sentence with one that fits; at most six sentences back. None when an unnamed speaker
    /// ("the first minister said", "a spokesman said") spoke after that antecedent and someone
    /// else became a subject between them.
    fn antecedent(
        &self,
        at: usize,
        gender: Option<Gender>,
        said: &[Said],
        before: &[Quote],
    ) -> Option<Speaker> {
        let doc = self.doc;
        let fits = |e: usize| {
            self.kind(e) == Some(Kind::Person)
                && self.genders.get(e).copied().flatten().zip(gender).is_none_or(|(g, h)| g == h)
        };
        let here = doc.sentence_of(at);
        let floor_sentence = here.saturating_sub(6);
        let floor = doc.sentences.get(floor_sentence).map_or(0, |s| s.start);
        // People named outside quotes between `floor` and the pronoun as the subject of their
        // sentence, (token, entity); those the pronoun fits are its candidates.
        let named: Vec<(usize, usize, usize)> = self
            .mentions_in(floor..at)
            .filter(|&i| {
                let pos = self.resolved.mentions[i].span.start;
                !self.quoted(pos) && !before.iter().any(|q| q.span.contains(&pos))
            })
            .filter(|&i| self.kind(self.resolved.entity_of[i]) == Some(Kind::Person))
            .map(|i| (i, self.resolved.mentions[i].tokens.start, self.resolved.entity_of[i]))
            .collect();
        let people: Vec<(usize, usize)> = named
            .iter()
            .filter(|&&(i, _, _)| self.is_subject(i, said))
            .map(|&(_, k, e)| (k, e))
            .collect();
        let subjects: Vec<(usize, usize)> =
            people.iter().copied().filter(|&(_, e)| fits(e)).collect();
        let previous = said
            .last()
            .filter(|s| s.at >= floor && s.at < at && fits(s.entity))
            .filter(|s| !subjects.iter().any(|&(k, _)| k >= s.end));
        let chosen = match previous {
            Some(s) => Some((s.at, s.entity)),
            None => (floor_sentence..=here).rev().find_map(|si| {
                let s = doc.sentences.get(si)?;
                subjects.iter().find(|&&(k, _)| k >= s.start && k < s.end && k < at).copied()
            }),
        }?;
        let (k, e) = chosen;
        // An unnamed speaker after the antecedent ("the first minister said") continues it only
        // when no one else became a subject in between, and a spokesperson never does (one speaks
        // for someone else); else the pronoun is most likely that speaker's, whom the text does
        // not name.
        if let Some((d, spokesperson)) = self.unnamed_speaker(k + 1, at, before)
            && (spokesperson || people.iter().any(|&(t, x)| t > k && t < d && x != e))
        {
            return None;
        }
        let mut rivals: Vec<usize> =
            subjects.iter().filter(|&&(t, x)| t > k && x != e).map(|&(_, x)| x).collect();
        rivals.sort_unstable();
        rivals.dedup();
        let sentences = here - doc.sentence_of(k);
        self.speaker(e, Resolution::Pronoun { sentences, rivals: rivals.len() })
    }

    /// True when person mention `i` is the subject of its sentence: the source of an
    /// attribution made to it, or a name no verb, preposition or other person stands before.
    fn is_subject(&self, i: usize, said: &[Said]) -> bool {
        let doc = self.doc;
        let m = &self.resolved.mentions[i];
        let e = self.resolved.entity_of[i];
        if said.iter().any(|x| x.entity == e && x.at <= m.tokens.start && m.tokens.start < x.end) {
            return true;
        }
        let Some(s) = doc.sentences.get(doc.sentence_of(m.tokens.start)) else { return false };
        // The clause of the name starts after a direct quote ending before it ("“…,” said X")
        // and after an opening adverbial ("When Wallace died in 1998, President Clinton …").
        let t = &doc.tokens;
        let mut start = s.start;
        for r in self.raw {
            let end = t[r.end - 1].end;
            if end <= m.span.start && r.end > start && r.end <= m.tokens.start {
                start = r.end;
            }
        }
        let w = doc.word(start);
        if (is(&w.to_lowercase(), Class::ADVERBIAL)
            || (w.ends_with("ing") && w.starts_with(char::is_uppercase)))
            && let Some(c) = (start..m.tokens.start).find(|&k| doc.word(k) == ",")
        {
            start = c + 1;
        }
        !self.dependent(i, start) && salience::subject_position(doc, self.resolved, i, start)
    }

    /// The first token of the first source between tokens `from` and `to` of a quote in
    /// `before` that is an unnamed single person: a description by a role or spokesperson noun
    /// with no one's name in it ("the first minister", "a spokesman for the firm"), which
    /// resolved to no person; and whether it is a spokesperson.
    fn unnamed_speaker(&self, from: usize, to: usize, before: &[Quote]) -> Option<(usize, bool)> {
        let doc = self.doc;
        let person = |name: &String| {
            self.resolved.entities.iter().any(|e| &e.name == name && e.kind == Kind::Person)
        };
        let unnamed = before.iter().filter(|q| !q.speaker.as_ref().is_some_and(person));
        unnamed.filter_map(|q| q.source.clone()).find_map(|src| {
            let a = doc.tokens.partition_point(|t| t.start < src.start);
            let b = doc.tokens.partition_point(|t| t.start < src.end);
            if a < from || a >= to || b <= a {
                return None;
            }
            let head_end = (a..b).find(|&k| doc.word(k) == ",").unwrap_or(b);
            let first = doc.word(a).to_lowercase();
            let last = doc.word(head_end - 1);
            let plural = last.ends_with('s') && !last.ends_with("ss");
            let spokesperson = (a..head_end).any(|k| is(doc.word(k), Class::SPEAKS_FOR));
            let person_noun = spokesperson || (a..head_end).any(|k| is_role(doc.word(k)));
            let named = self
                .mentions_in(a..b)
                .any(|i| self.kind(self.resolved.entity_of[i]) == Some(Kind::Person));
            (is(&first, Class::DETERMINER) && !plural && person_noun && !named)
                .then_some((a, spokesperson))
        })
    }
}

/// A post modifier ("deputy", "Shadow", "co-chairman"'s "co").
fn is_rank(w: &str) -> bool {
    is(w, Class::RANK) || w.split_once('-').is_some_and(|(a, _)| is(a, Class::RANK))
}

/// A role noun: a title ("chancellor", "spokesman") or a role word ("MP", "head").
fn is_role(w: &str) -> bool {
    gaz::is_title(w) || is(w, Class::ROLE)
}

/// "the" in any case: the determiner of a definite description.
fn is_the(w: &str) -> bool {
    w.eq_ignore_ascii_case("the")
}
