//! Canonical names within one article: mentions grouped into entities.
//!
//! [`resolve`] groups the mentions of [`super::entities::find`] so that every
//! entity carries the fullest name the article uses for it:
//! - a person's later short forms join the fuller form they are part of
//!   ("Mujahid", "Ms Hewitt" -> "Zabihullah Mujahid", "Patricia Hewitt");
//! - places take their gazetteer name ("U.S." / "US" / "United States" ->
//!   "United States");
//! - an acronym joins its expansion when the article gives it
//!   ("the Democratic Unionist Party (DUP)") or when it spells the initials of
//!   an organisation named in the article;
//! - a lone word that starts or ends one organisation's or place's name joins it
//!   ("the Church" -> "Church of Scientology"), and a named person's surname is
//!   that person even when it is also a place ("Valeska Paris" ... "Paris");
//! - an entity's kind is the vote of its mentions, cue-backed mentions first; a
//!   country is an organisation only when the article has it act;
//! - places named inside organisation names are mentions of those places too
//!   ("University of Copenhagen" -> Copenhagen);
//! - acronyms and single common words the article uses once, unexpanded and
//!   unbacked, are dropped as doubtful.
//!
//! Demonyms ("Chinese") are kept apart, resolved to their country: they make
//! the country an actor of their paragraph without being a name mention.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use super::Entity;
use super::Kind;
use super::entities::{Found, Mention};
use super::gazetteer as gaz;
use super::gazetteer::Gender;
use super::tokens::{Document, TokenKind};

/// Mentions grouped into entities under canonical names, with what quotes need to resolve sources.
pub struct Resolved {
    /// The entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// Entity index of each mention (same order as `mentions`).
    pub entity_of: Vec<usize>,
    /// Gender of each entity, when a title, given name or pronoun told it.
    pub genders: Vec<Option<Gender>>,
    /// Demonym mentions: byte span and the canonical name of the country.
    pub demonyms: Vec<(Range<usize>, String)>,
}

impl Resolved {
    /// The entities.
    pub fn into_entities(self) -> Vec<Entity> {
        self.entities
    }

    /// Index of the mention whose span overlaps the byte range `r`, if any.
    pub fn mention_at(&self, r: Range<usize>) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.span.end <= r.start);
        self.mentions.get(i).filter(|m| m.span.start < r.end).map(|_| i)
    }
}

/// The lookup key of a name: apostrophes straightened, periods kept (U.S. is a country alias).
fn key(s: &str) -> String {
    s.replace('’', "'")
}

/// Group mentions into entities under canonical names.
pub fn resolve(doc: &Document, found: Found) -> Resolved {
    let Found { mut mentions, demonyms } = found;
    // "People’s Republic of China": the tokenizer splits the possessive off "People" and the
    // mention keeps only "Republic of China", which is Taiwan's official name. Re-attach it.
    for m in &mut mentions {
        let s = m.tokens.start;
        if s >= 2
            && doc.word(s) == "Republic"
            && doc.word(s - 2) == "People"
            && matches!(doc.word(s - 1), "’s" | "'s")
        {
            m.tokens.start = s - 2;
            m.span.start = doc.tokens[s - 2].start;
        }
    }
    drop_lone_acronyms(doc, &mut mentions);
    drop_lone_common_words(doc, &mut mentions);
    surnames_are_persons(doc, &mut mentions);
    let n = mentions.len();
    let text = |m: &Mention| doc.text.get(m.span.clone()).unwrap_or("");

    // Acronyms the article expands: "Democratic Unionist Party (DUP)".
    let mut acronyms: HashMap<&str, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let t = m.tokens.end;
        if m.tokens.len() >= 2
            && doc.tokens.get(t + 2).is_some()
            && doc.word(t) == "("
            && doc.word(t + 2) == ")"
            && initials_match(doc.word(t + 1), text(m))
        {
            acronyms.insert(doc.word(t + 1), i);
        }
    }

    let mut b = Builder {
        entities: Vec::new(),
        genders: Vec::new(),
        votes: Vec::new(),
        by_key: HashMap::new(),
        entity_of: vec![usize::MAX; n],
    };
    // Pass 1: names of two words or more, and gazetteer places, found their entities.
    for i in 0..n {
        let m = &mentions[i];
        if m.tokens.len() >= 2 || gaz::canonical_place(text(m)).is_some() {
            // A longer form of a known person ("Barack Hussein Obama" ~ "Barack Obama").
            let ent = if m.kind == Kind::Person {
                person_superset(doc, &mentions, &b.entity_of, i)
            } else {
                None
            };
            b.add(doc, &mentions, i, ent);
        }
    }
    // A truncated form waits for the longer name it starts ("Yugansk" ... "Yuganskneftegas").
    let truncated: Vec<Option<usize>> = (0..n).map(|i| truncation_of(doc, &mentions, i)).collect();
    // Pass 2: single words join the entity whose name they are part of, else found their own.
    for i in 0..n {
        if b.entity_of[i] != usize::MAX || truncated[i].is_some() {
            continue;
        }
        let t = text(&mentions[i]);
        let ent = acronyms
            .get(t)
            .and_then(|&j| b.entity_of.get(j).copied())
            .filter(|&e| e != usize::MAX)
            .or_else(|| b.by_key.get(&key(t)).copied())
            .or_else(|| part_of(doc, &mentions, &b.entity_of, i))
            .or_else(|| acronym_of(t, &b.entities))
            .or_else(|| head_of(&mentions[i], t, &b.entities));
        b.add(doc, &mentions, i, ent);
    }
    for (i, long) in truncated.into_iter().enumerate() {
        if let Some(j) = long {
            let ent = b.entity_of.get(j).copied().filter(|&e| e != usize::MAX);
            b.add(doc, &mentions, i, ent);
        }
    }
    let Builder { mut entities, mut genders, votes, entity_of, .. } = b;
    // Kinds by vote; every mention takes its entity's kind (the scorer reads mention kinds).
    for (e, ent) in entities.iter_mut().enumerate() {
        let [strong, weak] = votes[e];
        let v = if strong.iter().any(|&c| c > 0) { strong } else { weak };
        let best = (0..3).max_by_key(|&k| (v[k], ent.kind == KINDS[k])).unwrap_or(0);
        ent.kind = KINDS[best];
    }
    // A country is a place unless the article has it act: "North Korea fired", "Belgium beat
    // Panama", "South Korea says" make it a government or a team (an organisation in GUM's
    // reading), and so does a match score or a contest around it ("defeated Panama", "Belgium
    // 3 – 0 Panama"). One acting mention in four decides; with fewer, it is the place.
    let mut acting = vec![[0u32; 2]; entities.len()];
    for (i, m) in mentions.iter().enumerate() {
        let Some(a) = acting.get_mut(entity_of[i]) else { continue };
        if gaz::country(text(m)).is_none() {
            continue;
        }
        a[0] += 1;
        a[1] += u32::from(
            acts_after(doc, m.tokens.end) || contested(doc, m.tokens.start, m.tokens.end),
        );
    }
    for (ent, [n, acts]) in entities.iter_mut().zip(acting) {
        if n == 0 || ent.kind == Kind::Person {
            continue;
        }
        // The tagger's per-mention "org" is no evidence here: it reads "in the United States" as
        // an organisation as often as not.
        ent.kind = if 4 * acts >= n && acts > 0 { Kind::Org } else { Kind::Place };
    }
    for (i, m) in mentions.iter_mut().enumerate() {
        if let Some(e) = entities.get(entity_of[i]) {
            m.kind = e.kind;
        }
    }
    // A country goes by its common name when the article uses it anywhere, even inside another
    // name ("UK" ... "the United Kingdom Home Office"; "People's Republic of China" ... "China"):
    // one name for one country across articles, so its facet counts add up.
    for ent in entities.iter_mut().filter(|e| e.kind != Kind::Person) {
        if let Some(c) = gaz::country(&ent.name)
            && c != ent.name
            && doc.text.contains(c)
        {
            ent.name = c.to_string();
        }
    }
    nested_places(doc, &mentions, &mut entities, &mut genders);
    let demonyms = demonyms.into_iter().map(|d| (d.span, d.country.to_string())).collect();
    Resolved { entities, mentions, entity_of, genders, demonyms }
}

/// True when the word at token `k` shows the name before it acting: a speech verb, an active verb
/// in the past tense ("fired", "defeated", not "backed by"), or one of a few verbs of contests and
/// intent. Auxiliaries ("has", "will") say nothing: "Thailand has ..." is as often the place.
fn acts_after(doc: &Document, k: usize) -> bool {
    if k >= doc.tokens.len() {
        return false;
    }
    let w = doc.word(k);
    if !w.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let passive = doc.tokens.get(k + 1).is_some() && doc.word(k + 1) == "by";
    gaz::is_speech_verb(w)
        || (w.len() > 4 && w.ends_with("ed") && !gaz::is_title(w) && !passive)
        || gaz::is_acting_verb(w)
}

/// True when the name at tokens `start..end` is a side in a contest: the object of a verb of
/// contests ("defeated Panama", "faced South Korea") or next to a match score ("Belgium 3 – 0
/// Panama").
fn contested(doc: &Document, start: usize, end: usize) -> bool {
    let word = |k: usize| doc.tokens.get(k).map_or("", |_| doc.word(k));
    let is_num = |k: usize| doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Number);
    let is_dash = |k: usize| matches!(word(k), "–" | "-" | "—");
    let before = start.checked_sub(1).map_or("", word);
    let score_before = start >= 3 && is_num(start - 1) && is_dash(start - 2) && is_num(start - 3);
    let score_after = is_num(end) && is_dash(end + 1) && is_num(end + 2);
    gaz::is_contest_word(before) || score_before || score_after
}

/// Entities under construction.
struct Builder {
    entities: Vec<Entity>,
    genders: Vec<Option<Gender>>,
    /// Kind votes per entity: [person, org, place] for cue-backed and guessed mentions.
    votes: Vec<[[u32; 3]; 2]>,
    by_key: HashMap<String, usize>,
    entity_of: Vec<usize>,
}

impl Builder {
    /// Add mention `i` to entity `ent`, or to the entity of its name, or to a new one.
    fn add(&mut self, doc: &Document, mentions: &[Mention], i: usize, ent: Option<usize>) {
        let m = &mentions[i];
        let t = doc.text.get(m.span.clone()).unwrap_or("");
        let e = match ent {
            Some(e) => e,
            None => {
                // Entities are found by their canonical key ("U.S." and "United States" are one
                // country), but named by the article's own fullest form.
                let k = key(&canonical(t, m.kind));
                match self.by_key.get(&k) {
                    Some(&e) => e,
                    None => {
                        self.entities.push(Entity {
                            name: t.to_string(),
                            kind: m.kind,
                            mentions: Vec::new(),
                        });
                        self.genders.push(None);
                        self.votes.push([[0; 3]; 2]);
                        let e = self.entities.len() - 1;
                        self.by_key.insert(k, e);
                        e
                    }
                }
            }
        };
        let Some(ent) = self.entities.get_mut(e) else { return };
        ent.mentions.push(m.span.clone());
        if let Some(g) = m.gender {
            self.genders[e] = Some(g);
        }
        self.votes[e][usize::from(m.weak)][kind_index(m.kind)] += 1;
        self.entity_of[i] = e;
        // A fuller form becomes the name ("Zabihullah Mujahid" over "Mujahid", "United States"
        // over "U.S."): the canonical name is the fullest form the article uses.
        if t.chars().count() > ent.name.chars().count() {
            ent.name = t.to_string();
            self.by_key.insert(key(t), e);
            self.by_key.insert(key(&canonical(t, m.kind)), e);
        }
    }
}

const KINDS: [Kind; 3] = [Kind::Person, Kind::Org, Kind::Place];

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Place => 2,
    }
}

/// The canonical form of a mention's text: the gazetteer's name for places.
fn canonical(t: &str, kind: Kind) -> String {
    if kind != Kind::Person
        && let Some(c) = gaz::country(t)
    {
        return c.to_string();
    }
    t.to_string()
}

/// An earlier person entity whose mention has all this one's words or whose words this one has,
/// with the same last word ("Barack Obama" ~ "Barack Hussein Obama").
fn person_superset(
    doc: &Document,
    mentions: &[Mention],
    entity_of: &[usize],
    i: usize,
) -> Option<usize> {
    let m = &mentions[i];
    let last = doc.word(m.tokens.end - 1);
    let words: Vec<&str> = m.tokens.clone().map(|k| doc.word(k)).collect();
    (0..i).rev().find_map(|j| {
        let o = &mentions[j];
        if o.kind != Kind::Person
            || entity_of[j] == usize::MAX
            || doc.word(o.tokens.end - 1) != last
        {
            return None;
        }
        let ow: Vec<&str> = o.tokens.clone().map(|k| doc.word(k)).collect();
        let sub = words.iter().all(|w| ow.contains(w)) || ow.iter().all(|w| words.contains(w));
        sub.then_some(entity_of[j])
    })
}

/// The entity of a longer mention containing this single word: the nearest earlier one, else the
/// first later one. A person matches on any of its words; an organisation or place does not (a
/// lone "Afghanistan" is not "Bank of Afghanistan").
fn part_of(doc: &Document, mentions: &[Mention], entity_of: &[usize], i: usize) -> Option<usize> {
    let m = &mentions[i];
    if !m.weak && m.kind != Kind::Person {
        return None;
    }
    let w = doc.word(m.tokens.start);
    // After "Prince" or "Queen" a lone word is a given name of someone without a surname: it
    // names no other person by their first name, only by their surname.
    let given = m.tokens.start > 0 && is_given_name_title(doc.word(m.tokens.start - 1));
    let matches = |j: &usize| {
        let o = &mentions[*j];
        entity_of[*j] != usize::MAX
            && o.tokens.len() >= 2
            && o.kind == Kind::Person
            && if given {
                doc.word(o.tokens.end - 1) == w
            } else {
                o.tokens.clone().any(|k| doc.word(k) == w)
            }
    };
    (0..i)
        .rev()
        .find(matches)
        .or_else(|| (i + 1..mentions.len()).find(matches))
        .map(|j| entity_of[j])
}

/// The longer single-word name of the article that this single word is the start of, when it
/// reads as a truncated form of it: "Yugansk" for "Yuganskneftegas", as news shortens a long
/// company name it has given. The short word is no person's (a given name starts many words),
/// no known place, organisation or club, at least four letters; the longer word goes on in
/// lower case, is an organisation's name by a cue and comes first in the article; every longer
/// word it starts must be one spelling, else it is left alone.
fn truncation_of(doc: &Document, mentions: &[Mention], i: usize) -> Option<usize> {
    let m = &mentions[i];
    let w = doc.word(m.tokens.start);
    if m.tokens.len() != 1
        || (m.kind == Kind::Person && !m.weak)
        || w.chars().count() < 4
        || !w.chars().next().is_some_and(char::is_uppercase)
        || gaz::is_given_name(w)
        || gaz::is_place(w)
        || gaz::is_known_org(w)
        || gaz::club_or_ground(w).is_some()
    {
        return None;
    }
    let mut longer = mentions.iter().enumerate().filter(|(_, o)| {
        let ow = doc.word(o.tokens.start);
        o.tokens.len() == 1
            && ow.len() >= w.len() + 3
            && ow.starts_with(w)
            && ow[w.len()..].starts_with(|c: char| c.is_lowercase())
    });
    // Introduced as an organisation of its own ("gas monopoly Gazprom"), it is no short form.
    if m.tokens.start > 0 && gaz::is_org_head(doc.word(m.tokens.start - 1)) {
        return None;
    }
    let (j, first) = longer.next()?;
    let one = doc.word(first.tokens.start);
    // The full name comes first, as a writer gives it before shortening it ("Gazprom" before
    // "Gazpromneft" is the parent company, not a short form of its arm).
    let given_first = first.span.start < m.span.start && first.kind == Kind::Org && !first.weak;
    (given_first && longer.all(|(_, o)| doc.word(o.tokens.start) == one)).then_some(j)
}

/// Titles before a lone given name (`lexicon/given_name_titles.txt`).
static GIVEN_NAME_TITLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    gaz::entries(include_str!("lexicon/given_name_titles.txt")).map(str::trim).collect()
});

/// True for a title written before a given name alone ("Prince Charles").
fn is_given_name_title(word: &str) -> bool {
    GIVEN_NAME_TITLES.contains(word.to_ascii_lowercase().as_str())
}

/// Places named inside organisation names ("University of Copenhagen", "New York Times", "US
/// State Department") are mentions of those places too, as GUM annotates them: each joins its
/// place's entity, or founds one. They stay out of the flat mention list quotes read.
fn nested_places(
    doc: &Document,
    mentions: &[Mention],
    entities: &mut Vec<Entity>,
    genders: &mut Vec<Option<Gender>>,
) {
    let span_of = |r: Range<usize>| doc.tokens[r.start].start..doc.tokens[r.end - 1].end;
    // A country acting is an organisation by kind, not by name: "South Africa" names no
    // "Africa".
    for m in mentions.iter().filter(|m| {
        m.kind == Kind::Org
            && m.tokens.len() >= 2
            && !gaz::is_place(doc.text.get(m.span.clone()).unwrap_or(""))
    }) {
        let (lo, hi) = (m.tokens.start, m.tokens.end);
        // The leftmost, longest run of words that is a known place, short of the whole name.
        let Some(r) = (lo..hi).find_map(|i| {
            (i + 1..=hi).rev().map(|j| i..j).find(|r| {
                *r != (lo..hi)
                    && !(r.len() == 1 && gaz::is_common_word(doc.word(r.start)))
                    && gaz::is_place(&doc.text[span_of(r.clone())])
            })
        }) else {
            continue;
        };
        let span = span_of(r);
        let t = &doc.text[span.clone()];
        let k = key(&canonical(t, Kind::Place));
        let found = entities
            .iter()
            .position(|e| e.kind != Kind::Person && key(&canonical(&e.name, e.kind)) == k);
        match found {
            Some(e) => {
                entities[e].mentions.push(span);
                entities[e].mentions.sort_by_key(|s| s.start);
            }
            None => {
                entities.push(Entity {
                    name: t.to_string(),
                    kind: Kind::Place,
                    mentions: vec![span],
                });
                genders.push(None);
            }
        }
    }
}

/// Drop an unknown acronym the article uses once and never expands: measured on GUM, such
/// mentions are mostly terms and products ("IQ", "XML", "GMT"), not organisations.
fn drop_lone_acronyms(doc: &Document, mentions: &mut Vec<Mention>) {
    let text = |m: &Mention| doc.text.get(m.span.clone()).unwrap_or("");
    let lone = |i: usize| {
        let m = &mentions[i];
        let t = text(m);
        let letters = t.chars().filter(char::is_ascii_uppercase).count();
        m.tokens.len() == 1
            && m.kind == Kind::Org
            && letters >= 2
            && t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
            && !gaz::is_known_org(t)
            && mentions.iter().filter(|o| text(o) == t).count() == 1
            && !mentions.iter().any(|o| o.tokens.len() >= 2 && initials_match(t, text(o)))
    };
    let keep: Vec<bool> = (0..mentions.len()).map(|i| !lone(i)).collect();
    let mut k = keep.iter();
    mentions.retain(|_| k.next().copied().unwrap_or(true));
}

/// Drop a person or organisation named by one common word that the article uses once and in no
/// longer name, unless it speaks ("The Guardian reported"): measured on GUM, such mentions are
/// mostly capitalised common nouns (headings, titles: "Biology", "Survival", "Team Manager").
fn drop_lone_common_words(doc: &Document, mentions: &mut Vec<Mention>) {
    let text = |m: &Mention| doc.text.get(m.span.clone()).unwrap_or("");
    // A player in a line-up is named by his surname alone, common word or not ("Bell", "Frost").
    let lineup: HashSet<usize> =
        super::entities::roster::lineup_names(doc).into_iter().map(|r| r.start).collect();
    let lone = |i: usize| {
        let m = &mentions[i];
        let t = text(m);
        let speaks = doc
            .tokens
            .get(m.tokens.end)
            .is_some_and(|_| gaz::is_speech_verb(doc.word(m.tokens.end)));
        m.tokens.len() == 1
            && m.kind != Kind::Place
            && !speaks
            && !lineup.contains(&m.tokens.start)
            && gaz::is_common_word(t)
            && !gaz::is_known_org(t)
            && !gaz::is_place(t)
            && gaz::club_or_ground(t).is_none()
            && mentions.iter().filter(|o| text(o) == t).count() == 1
            && !mentions
                .iter()
                .any(|o| o.tokens.len() >= 2 && o.tokens.clone().any(|k| doc.word(k) == t))
    };
    let keep: Vec<bool> = (0..mentions.len()).map(|i| !lone(i)).collect();
    let mut k = keep.iter();
    mentions.retain(|_| k.next().copied().unwrap_or(true));
}

/// Single-word mentions that are the surname of a person the article names in full become that
/// person, whatever the tagger or the gazetteer said ("Valeska Paris" ... "Paris said", "Agatha
/// Christie" ... "Christie"), unless a preposition of place comes first ("in Paris").
fn surnames_are_persons(doc: &Document, mentions: &mut [Mention]) {
    let surnames: HashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == Kind::Person && m.tokens.len() >= 2)
        .map(|m| doc.word(m.tokens.end - 1))
        .collect();
    for m in mentions.iter_mut().filter(|m| m.tokens.len() == 1 && m.kind != Kind::Person) {
        let prev = m.tokens.start.checked_sub(1).map_or("", |p| doc.word(p));
        let locative = gaz::is_place_preposition(prev) || prev == "at";
        if surnames.contains(doc.word(m.tokens.start)) && !locative {
            m.kind = Kind::Person;
            m.weak = false;
        }
    }
}

/// The organisation or place whose name starts or ends with this single-word mention: "the
/// Church" after "Church of Scientology", "the Council" after "Refugee Council", "the North" after
/// "North Korea", "United" after "Manchester United". A known place is not part of a name
/// ("Afghanistan" is not "Bank of Afghanistan"), nor is a person's name. Of several such names
/// ("Manchester United" and "Shareholders United"), the one the article names more often than all
/// the others together; else none ("Sheffield United" as often as "Manchester United").
fn head_of(m: &Mention, t: &str, entities: &[Entity]) -> Option<usize> {
    if m.kind == Kind::Person || gaz::is_place(t) {
        return None;
    }
    // (entity, its mentions so far, true when the word ends the name rather than starts it)
    let found: Vec<(usize, usize, bool)> =
        entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let mut words = e.name.split_whitespace();
                let (first, last) = (words.next(), words.next_back());
                let ends = last == Some(t);
                (e.kind != Kind::Person && last.is_some() && (first == Some(t) || ends))
                    .then_some((i, e.mentions.len(), ends && e.kind == Kind::Org))
            })
            .collect();
    if let [(one, _, _)] = found.as_slice() {
        return Some(*one);
    }
    // Only organisations the word ends choose by weight: a first word names the parent ("BBC"
    // beside "BBC One" and "BBC Three"), and a place's last word is no short form of one of two
    // places ("Korea" beside "North Korea" and "South Korea").
    if !found.iter().all(|f| f.2) {
        return None;
    }
    let total: usize = found.iter().map(|f| f.1).sum();
    found.iter().find(|f| 2 * f.1 > total).map(|f| f.0)
}

/// An organisation entity whose capitalised words' initials spell the acronym `t`.
fn acronym_of(t: &str, entities: &[Entity]) -> Option<usize> {
    if t.len() < 2 || !t.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    // Places too: "KSC" is "Kennedy Space Center".
    entities.iter().position(|e| e.kind != Kind::Person && initials_match(t, &e.name))
}

/// True when the capitalised words of `name` start with the letters of `acr`, in order.
fn initials_match(acr: &str, name: &str) -> bool {
    if acr.len() < 2 || !acr.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        return false;
    }
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let letters: String = acr.chars().filter(char::is_ascii_uppercase).collect();
    initials == letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_initials() {
        assert!(initials_match("DUP", "Democratic Unionist Party"));
        assert!(initials_match("FBI", "Federal Bureau of Investigation"));
        assert!(!initials_match("DUP", "Labour Party"));
    }
}
