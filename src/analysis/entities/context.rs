//! The words around a name, read once a document's mentions are known: East Asian names the
//! tagger misses, vehicles and storms, and the kinds a context gives (an organisation after "oil
//! firm", no actor after "the film" or before "crude").

// Membership only (never iterated), so a fast hash cannot change any output.
use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::Mention;
use super::chunk::{is_cap, same_line, span_text};
use super::cues;
use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;
use crate::analysis::tokens::{Document, TokenKind};

/// Chinese and Korean names written surname first with a hyphenated given name ("Lee
/// Cheuk-yan", "Kim Jong-un"): the tagger, trained on Western names, misses or splits them. The
/// surname is short, the given name two short syllables, the second in lower case and no English
/// word of four letters or more nor a participle ("New York-based", "Pop Idol-style", "Trump-led"
/// are not names); a surname that is also an English word ("Lam") needs a first syllable that is
/// not one ("Cheuk").
pub(super) fn hyphenated_names(doc: &Document) -> Vec<Range<usize>> {
    let letters = |w: &str, n: usize| {
        (1..=n).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic())
    };
    let given = |w: &str| -> Option<bool> {
        let (a, b) = w.split_once('-')?;
        let ok = letters(a, 6)
            && is_cap(a)
            && !gaz::is_place(a)
            && gaz::demonym(a).is_none()
            && letters(b, 6)
            && b.chars().all(|c| c.is_ascii_lowercase())
            && !b.ends_with("ed")
            && (b.len() <= 3 || !gaz::is_common_word(b));
        // Some(strong): the first syllable is no English word.
        ok.then(|| !gaz::is_common_word(a))
    };
    let surname = |w: &str, strong: bool| {
        letters(w, 5)
            && w.len() >= 2
            && is_cap(w)
            && !gaz::is_place(w)
            && (strong || !gaz::is_common_word(w))
    };
    (1..doc.tokens.len())
        .filter(|&k| {
            doc.tokens[k - 1].kind == TokenKind::Word
                && doc.tokens[k].kind == TokenKind::Word
                // `given` needs a capital first (a cheap test that spares most words a search).
                && is_cap(doc.word(k))
                && given(doc.word(k)).is_some_and(|strong| surname(doc.word(k - 1), strong))
                && same_line(doc, k - 1, k)
        })
        .map(|k| k - 1..k + 1)
        .collect()
}

/// Drop the names of vehicles and storms: a mention headed by a thing word ("Space Shuttle
/// Atlantis", "Cyclone Phailin") or right after one ("the shuttle Endeavour"), and later mentions
/// of the bare name ("Atlantis"). An organisation or a site named after one stays ("Storm
/// Prediction Center").
pub(super) fn drop_things(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut things: HashSet<&str> = HashSet::default();
    for m in mentions.iter() {
        let last = doc.word(m.tokens.end - 1);
        if gaz::is_org_last(last) || gaz::is_facility_last(last) {
            continue;
        }
        let after_head = m.tokens.start.checked_sub(1).is_some_and(|p| {
            doc.tokens[p].kind == TokenKind::Word && gaz::is_thing_head(doc.word(p))
        });
        let head = (m.tokens.start..m.tokens.end - 1).rfind(|&k| gaz::is_thing_head(doc.word(k)));
        let name = match head {
            Some(k) => k + 1..m.tokens.end,
            None if after_head => m.tokens.clone(),
            None => continue,
        };
        things.insert(span_text(doc, name));
        things.insert(&doc.text[m.span.clone()]);
    }
    if !things.is_empty() {
        mentions.retain(|m| !things.contains(&doc.text[m.span.clone()]));
    }
}

/// Nouns after a name that make it an organisation's (`lexicon/org_after.txt`).
static ORG_AFTER: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    gaz::entries(include_str!("../lexicon/org_after.txt")).map(str::trim).collect()
});

/// Kinds that the words around a name give it, for the whole article: after an organisation
/// noun ("oil firm Yukos") or before a company's part or people ("its Yugansk unit", "Sony
/// bosses") a name is an organisation's; after a noun of works, products or
/// events ("the film Sideways", "the console Xbox") and for a name ending in an event word
/// ("Davis Cup", "Academy Awards") it is no actor at all; a name before a word that makes it a
/// thing ("Brent crude") is no actor there, nor is a common word after "the" read as a person's
/// name ("the Bill"). A given name and a surname stay a person.
pub(super) fn context_kinds(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut orgs: HashSet<&str> = HashSet::default();
    let mut things: HashSet<&str> = HashSet::default();
    let mut here: Vec<Range<usize>> = Vec::new();
    // Where an organisation's name ends: a name after its possessive may be its product.
    // (A country acting is an organisation by kind, but "Ethiopia's Tirunesh Dibaba" is no product.)
    let org_ends: HashSet<usize> = mentions
        .iter()
        .filter(|m| m.kind == Kind::Org && !gaz::is_place(&doc.text[m.span.clone()]))
        .map(|m| m.tokens.end)
        .collect();
    // Words of persons named in full: "the Tomlinson report" does not make Mike Tomlinson a thing.
    let person_words: HashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == Kind::Person && m.tokens.len() >= 2)
        .flat_map(|m| m.tokens.clone().map(|k| doc.word(k)))
        .collect();
    let person_ends: HashSet<usize> =
        mentions.iter().filter(|m| m.kind == Kind::Person).map(|m| m.tokens.end).collect();
    let titles = cues::titles(doc, mentions);
    for m in mentions.iter() {
        let text = &doc.text[m.span.clone()];
        let word_at =
            |k: usize| doc.tokens.get(k).filter(|t| t.kind == TokenKind::Word).map(|_| doc.word(k));
        let prev = m.tokens.start.checked_sub(1).and_then(word_at);
        if gaz::is_product(text) || is_work(doc, m, &person_ends) {
            things.insert(text);
            continue;
        }
        let named_person = m.tokens.len() >= 2 && gaz::is_given_name(doc.word(m.tokens.start));
        let known =
            gaz::is_known_org(text) || gaz::is_place(text) || gaz::club_or_ground(text).is_some();
        // "Champions League", "a Golden Globe award", "the Harry Potter films"; a known actor
        // stays ("the Chelsea final").
        let a_persons = named_person || (m.tokens.len() == 1 && person_words.contains(text));
        if !known && cues::is_event_or_work(doc, m, a_persons) {
            things.insert(text);
            continue;
        }
        // "rock band Franz Ferdinand", "Bolton were": a group, whatever its name reads as;
        // a place stays a place ("England were"), a person's surname or a titled name a
        // person's ("Mrs Cray are").
        if !gaz::is_place(text)
            && m.role.is_none()
            && !(m.tokens.len() == 1 && person_words.contains(text))
            && cues::is_group(doc, m)
        {
            orgs.insert(text);
            continue;
        }
        // "won for The Aviator": a title, unless a known actor's or a person's named in full
        // (a band named so is a group by the cues above: "The Streets were").
        if titles.contains(text) && !known && !named_person {
            things.insert(text);
            continue;
        }
        // "the Bill", "the Premiership": a capitalised common noun after an article is no
        // person's name ("the Sams", "the Monti government" are).
        let the_one_word = m.kind == Kind::Person
            && m.tokens.len() == 1
            && matches!(prev, Some("the" | "The"))
            && gaz::is_common_word(text);
        let next = word_at(m.tokens.end);
        if the_one_word || next.is_some_and(gaz::is_thing_after) {
            here.push(m.span.clone());
        } else if (is_product_or_edition(doc, m, &org_ends, next)
            && !(m.tokens.len() == 1 && person_words.contains(text)))
            || (gaz::is_event_last(doc.word(m.tokens.end - 1))
                && !gaz::is_known_org(text)
                && !gaz::is_place(text))
        {
            things.insert(text);
        } else if prev.is_some_and(gaz::is_work_head) && !gaz::is_place(text) {
            // "the film Ray", "the drama Vera Drake": a title that looks like a person's name.
            things.insert(text);
        } else if named_person || gaz::is_place(text) {
            continue;
        } else if prev.is_some_and(gaz::is_org_head)
            || word_at(m.tokens.end).is_some_and(|w| ORG_AFTER.contains(w))
        {
            orgs.insert(text);
        }
    }
    mentions.retain(|m| !things.contains(&doc.text[m.span.clone()]) && !here.contains(&m.span));
    for m in mentions.iter_mut().filter(|m| orgs.contains(&doc.text[m.span.clone()])) {
        m.kind = Kind::Org;
        m.weak = false;
    }
}

/// True when the name at `m` is what its context makes a product, a work or an event's edition:
/// - after an organisation's possessive ("Microsoft's Xbox", "Apple's iPod", "BBC One's
///   Breakfast"): a company's named thing, unless it is a person's name, a known organisation,
///   place or club, an acronym, or a part of the company ("Yukos's Yugansk unit");
/// - after "year's" ("this year's CES", "last year's Glastonbury"): an edition of an event;
/// - a person's name after "the" with no noun after it ("the Mac Mini is", "the Aviator,"): no
///   one is "the" Jane Smith; "the Blair government" names him as a modifier and stays.
///
/// A name headed by an organisation or site word, or a plural (a group: "the Lib Dems"), is none
/// of these.
fn is_product_or_edition(
    doc: &Document,
    m: &Mention,
    org_ends: &HashSet<usize>,
    next: Option<&str>,
) -> bool {
    let text = &doc.text[m.span.clone()];
    let known =
        gaz::is_known_org(text) || gaz::is_place(text) || gaz::club_or_ground(text).is_some();
    let word = |k: usize| doc.tokens.get(k).map_or("", |_| doc.word(k));
    let s = m.tokens.start;
    let possessive = s >= 1 && matches!(word(s - 1), "'s" | "’s" | "'" | "’");
    let acronym = text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    let part = next.is_some_and(|w| ORG_AFTER.contains(w) || gaz::is_org_last(w));
    // A name of its own kind ("Monetary Policy Committee", "Wembley Stadium") is no product.
    let (first, last) = (doc.word(s), doc.word(m.tokens.end - 1));
    let headed = gaz::is_org_last(last) || gaz::is_org_first(first) || gaz::is_facility_last(last);
    // A plural after "the" names a group: a band, a party, a team ("the Lib Dems").
    let plural = last.ends_with('s');
    if known || part || headed || plural {
        return false;
    }
    if possessive && s >= 2 && matches!(word(s - 2), "year" | "Year") {
        return m.kind != Kind::Person || m.weak;
    }
    if possessive && org_ends.contains(&(s - 1)) {
        // A place is a product's only when it is one common word ("BBC One's Breakfast"), not
        // "the SEC's Washington DC headquarters".
        let thing_kind =
            m.kind == Kind::Org || m.weak || (m.tokens.len() == 1 && gaz::is_common_word(first));
        return m.kind != Kind::Person && thing_kind && !acronym;
    }
    let noun_next = next.is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        && !next.is_some_and(is_verb_like);
    m.kind == Kind::Person && s >= 1 && word(s - 1) == "the" && !noun_next
}

/// Words after a name that begin its verb or a clause (`lexicon/clause_words.txt`), and "-ed"
/// past tenses: "the Mac Mini is", unlike "the Blair government".
fn is_verb_like(w: &str) -> bool {
    static CLAUSE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        gaz::entries(include_str!("../lexicon/clause_words.txt")).map(str::trim).collect()
    });
    CLAUSE.contains(w) || (w.len() > 4 && w.ends_with("ed"))
}

/// True when the words around the name at `m` make it a work's (a film, a show, a song), whatever
/// its kind: a part in it follows ("Vera Drake star Imelda Staunton", `lexicon/work_cues.txt`), a
/// part is played in it ("her performance in Closer"), it stands in brackets after a person's name
/// ("Imelda Staunton (Vera Drake)"), or it follows a person's possessive and is no person's name
/// itself ("Robbie Williams' Angels", "Scorsese's The Aviator"). A known place, organisation or
/// club is none of these ("Chelsea star", "her role in Iraq", "Smith (Arsenal)", "Ferguson's
/// Manchester United").
fn is_work(doc: &Document, m: &Mention, person_ends: &HashSet<usize>) -> bool {
    let text = &doc.text[m.span.clone()];
    if gaz::is_place(text) || gaz::is_known_org(text) || gaz::club_or_ground(text).is_some() {
        return false;
    }
    let word = |k: usize| doc.tokens.get(k).map_or("", |_| doc.word(k));
    let (s, e) = (m.tokens.start, m.tokens.end);
    let before = |n: usize| s.checked_sub(n).map_or("", word);
    let name_next = is_cap(word(e + 1)) && doc.tokens.get(e + 1).is_some();
    if gaz::is_work_cue_after(word(e)) && name_next {
        return true;
    }
    if before(1) == "in" && gaz::is_work_cue_before(before(2)) {
        return true;
    }
    if before(1) == "(" && word(e) == ")" && person_ends.contains(&(s - 1)) {
        return true;
    }
    // "Scorsese's The Aviator": the article's capital "The" is the title's.
    let s = if before(1) == "The" { s - 1 } else { s };
    let possessive = s >= 2 && matches!(word(s - 1), "'s" | "’s" | "'" | "’");
    let named_person = m.tokens.len() >= 2 && gaz::is_given_name(doc.word(m.tokens.start));
    possessive && person_ends.contains(&(s - 1)) && !named_person && m.kind != Kind::Place
}
