//! Cue words beside a name that say what it names, read by [`super::context`]: events, prizes
//! and works ("a Golden Globe award", "the Harry Potter films"), and groups ("rock band Franz
//! Ferdinand", "Bolton were").

// Membership only (never iterated), so a fast hash cannot change any output.
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use super::Mention;
use super::chunk::same_line;
use crate::analysis::gazetteer as gaz;
use crate::analysis::tokens::{Document, TokenKind};

/// Whole names of events, prizes and competitions (`lexicon/events.txt`).
static EVENTS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| gaz::entries(include_str!("../lexicon/events.txt")).map(str::trim).collect());

/// Nouns after a name that make it an event's, a prize's or a work's (`lexicon/event_after.txt`):
/// (after any name, after "the" and a name).
static EVENT_AFTER: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> =
    LazyLock::new(|| split(include_str!("../lexicon/event_after.txt"), "any", "the"));

/// Newspapers and magazines written with "The" (`lexicon/press.txt`).
static PRESS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| gaz::entries(include_str!("../lexicon/press.txt")).map(str::trim).collect());

/// Words beside a name that make it a group's (`lexicon/group_cues.txt`).
struct GroupCues {
    before: HashSet<&'static str>,
    after: HashSet<&'static str>,
    verbs: HashSet<&'static str>,
}

static GROUP: LazyLock<GroupCues> = LazyLock::new(|| {
    let data = include_str!("../lexicon/group_cues.txt");
    let (before, after) = split(data, "before", "after");
    let verbs = gaz::pairs(data).filter(|(s, _)| *s == "verb").map(|(_, w)| w).collect();
    GroupCues { before, after, verbs }
});

/// The words of `side_a` lines and of `side_b` lines of a `side<TAB>word` list.
fn split(
    data: &'static str,
    side_a: &str,
    side_b: &str,
) -> (HashSet<&'static str>, HashSet<&'static str>) {
    let (mut a, mut b) = (HashSet::default(), HashSet::default());
    for (side, w) in gaz::pairs(data) {
        if side == side_a {
            a.insert(w);
        } else if side == side_b {
            b.insert(w);
        }
    }
    (a, b)
}

/// The word token at `k`, if there is one and it is on the line of the name's token `at` (a
/// headline's last word does not precede the article's first name).
fn word_at<'a>(doc: &Document<'a>, k: usize, at: usize) -> Option<&'a str> {
    doc.tokens
        .get(k)
        .filter(|t| t.kind == TokenKind::Word && same_line(doc, k.min(at), k.max(at)))
        .map(|_| doc.word(k))
}

/// Prepositions before a name: a plural verb after "in Darfur have" agrees with what came
/// before them.
fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "of"
            | "at"
            | "from"
            | "for"
            | "to"
            | "on"
            | "by"
            | "about"
            | "against"
            | "over"
            | "under"
            | "into"
            | "near"
            | "like"
            | "than"
            | "between"
            | "among"
            | "across"
    )
}

/// True when the name at `m` is an event's, a prize's or a work's by its own words or the noun
/// after it: a known event ("Champions League"), a name between "the" and a work noun ("the Harry
/// Potter films": no one is "the" John Smith), or, unless it is a person's name (`persons`: named
/// in full here or in the article), a name before an event noun ("a Golden Globe award", unlike
/// "the Ivor Novello award"). The caller keeps known organisations, clubs and places out.
pub(super) fn is_event_or_work(doc: &Document, m: &Mention, persons: bool) -> bool {
    let text = &doc.text[m.span.clone()];
    if EVENTS.contains(text) {
        return true;
    }
    if gaz::is_org_last(doc.word(m.tokens.end - 1)) {
        return false;
    }
    let (s, e) = (m.tokens.start, m.tokens.end);
    let Some(next) = word_at(doc, e, e - 1) else { return false };
    let the = s.checked_sub(1).and_then(|p| word_at(doc, p, s)) == Some("the");
    // An acronym before "series" or "films" is their maker's ("the ESPN films").
    let acronym = text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    (the && !acronym && EVENT_AFTER.1.contains(next)) || (!persons && EVENT_AFTER.0.contains(next))
}

/// True when the words around the name at `m` make it a group's, a band or a team, even where it
/// reads as a person's name: a group noun before it ("indie band Kasabian"), a member after it
/// ("Snow Patrol bassist"), or, for a one-word name, a plural verb right after it with no
/// conjunction, list comma, auxiliary, title, preposition or "the" before it ("Bolton were",
/// unlike "Smith and Jones are", "should Brown have", "Mr Hoyle and Mrs Pellow are", "groups in
/// Darfur have" or "the Yangtze are").
pub(super) fn is_group(doc: &Document, m: &Mention) -> bool {
    let (s, e) = (m.tokens.start, m.tokens.end);
    let prev = s.checked_sub(1).and_then(|p| word_at(doc, p, s));
    let next = word_at(doc, e, e - 1);
    if prev.is_some_and(|w| GROUP.before.contains(w))
        || next.is_some_and(|w| GROUP.after.contains(w))
    {
        return true;
    }
    let joined = s.checked_sub(1).is_some_and(|p| {
        let t = &doc.text[doc.tokens[p].span()];
        // A title before it makes it a person's ("Mrs Pellow are" after "Mr Hoyle and").
        if gaz::is_title(t) {
            return true;
        }
        // "the Yangtze are known": a river or a region, no team.
        let t = t.to_lowercase();
        if t == "the" || is_preposition(&t) {
            return true;
        }
        // An auxiliary before the name asks a question ("Would Brown have ...").
        matches!(
            t.as_str(),
            "," | "&"
                | "and"
                | "or"
                | "nor"
                | "with"
                | "plus"
                | "do"
                | "does"
                | "did"
                | "can"
                | "could"
                | "may"
                | "might"
                | "must"
                | "shall"
                | "should"
                | "will"
                | "would"
        )
    });
    m.tokens.len() == 1 && next.is_some_and(|w| GROUP.verbs.contains(w)) && !joined
}

/// Names the article writes as titles of works: every mention after "the", and at least one
/// after a capital "The" inside a sentence ("Scorsese won for The Aviator", "a role in The Sea
/// Inside"). Mid-sentence, only a title keeps its "The" capitalised; an organisation called
/// "The Carphone Warehouse" is written without it too. Newspapers (`lexicon/press.txt`), names
/// ending in an organisation's word ("The Times") and names starting with a place ("The Brooklyn
/// Paper") are organisations, not works.
pub(super) fn titles<'a>(doc: &Document<'a>, mentions: &[Mention]) -> HashSet<&'a str> {
    let mut all_the: rustc_hash::FxHashMap<&str, bool> = Default::default();
    let mut titled: HashSet<&str> = HashSet::default();
    for m in mentions {
        let text = &doc.text[m.span.clone()];
        let s = m.tokens.start;
        let before = |n: usize| s.checked_sub(n).and_then(|p| word_at(doc, p, s));
        let the = matches!(before(1), Some("the" | "The"));
        *all_the.entry(text).or_insert(true) &= the;
        // A word or a comma before the capital "The": inside a sentence.
        let inside = s >= 2
            && (before(2).is_some() || doc.text[doc.tokens[s - 2].span()] == *",")
            && same_line(doc, s - 2, s);
        if before(1) == Some("The") && inside {
            titled.insert(text);
        }
    }
    // A name that starts with a place is a local paper's, club's or group's ("The Brooklyn
    // Paper", "The Ontario Ghostbusters"), seldom a work's.
    titled.retain(|t| {
        all_the.get(t) == Some(&true)
            && !PRESS.contains(t)
            && !t.rsplit(' ').next().is_some_and(gaz::is_org_last)
            && !t.split_once(' ').is_some_and(|(first, _)| gaz::is_place(first))
    });
    titled
}
