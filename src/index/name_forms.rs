//! A stored name as an actor's name: clauses, post-nominal letters, scores, titles and labels
//! that are no part of it ("Mr Prescott" -> "Prescott", "Guy Smith QC" -> "Guy Smith").

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;

/// Letters after a person's name (`lexicon/post_nominals.txt`).
static POST_NOMINALS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    crate::analysis::gazetteer::entries(include_str!("../analysis/lexicon/post_nominals.txt"))
        .map(str::trim)
        .collect()
});

/// A stored name as an actor's name, and its kind: a dash clause cut ("John Smith - were" ->
/// "John Smith"), "-based" cut ("Leeds-based" -> "Leeds"), post-nominal letters dropped ("Guy Smith QC" -> person "Guy Smith"), then
/// the labels before a person's name ([`strip_labels`]).
pub(super) fn clean(raw: &str, kind: Kind) -> (&str, Kind) {
    let mut name = raw.split(" - ").next().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(raw);
    // "California-based", "Washington-based": the adjective the analysis took in names the place
    // (or the firm) it is formed from.
    if let Some(stem) = name.strip_suffix("-based").filter(|s| !s.trim().is_empty()) {
        name = stem;
    }
    let mut kind = kind;
    while let Some((rest, last)) = name.rsplit_once(' ')
        && POST_NOMINALS.contains(last)
        && !rest.trim().is_empty()
    {
        name = rest.trim_end();
        kind = Kind::Person;
    }
    // An initial and a surname ("G Easterby", as line-ups write players) is a person's name
    // whatever its paragraphs said; a common word after a capital ("A Level") is not one.
    if let Some((i, rest)) = name.split_once(' ')
        && i.len() == 1
        && i.chars().all(|c| c.is_ascii_uppercase())
        && !rest.contains(' ')
        && rest.chars().next().is_some_and(char::is_uppercase)
        && rest.chars().skip(1).any(char::is_lowercase)
        && !gaz::is_common_word(&rest.to_lowercase())
        && !gaz::is_place(rest)
    {
        kind = Kind::Person;
    }
    // No word of a person's name starts with a digit: what follows is a score or a figure the
    // analysis took in ("Roddick 30-0" -> "Roddick"); a station or a model keeps its number.
    // A lone common word before the number was never a person's name: it is a programme's or an
    // edition's ("Film 2005"), and stays whole.
    if kind == Kind::Person
        && let Some(at) = name.find(|c: char| c.is_ascii_digit())
        && name[..at].ends_with(' ')
        && !name[..at].trim().is_empty()
    {
        let before = name[..at].trim_end();
        if before.contains(' ') || !gaz::is_common_word(before) {
            name = before;
        }
    }
    // A name that ends in an organisation's word ("Environmental Protection Agency", "Sunday
    // Times") is an organisation's, whatever its paragraphs said: no person is named so.
    if kind == Kind::Person && name.rsplit_once(' ').is_some_and(|(_, last)| gaz::is_org_last(last))
    {
        kind = Kind::Org;
    }
    (strip_labels(name, kind), kind)
}

/// A person's name without the titles, party labels and other words before it ("Mr Prescott"
/// -> "Prescott", "Tory Liam Fox" -> "Liam Fox", "Slovakian Daniela Hantuchova" -> "Daniela
/// Hantuchova", "Rapper Kanye West" -> "Kanye West"); other names as they are. A word that is
/// not a given name goes from before a full name that starts with one, and a common word from
/// before two capitalised words: a name does not start before its given name (a demonym or a
/// role the analysis took in).
fn strip_labels(name: &str, kind: Kind) -> &str {
    if kind != Kind::Person {
        return name;
    }
    let mut rest = name;
    loop {
        let Some((first, tail)) = rest.split_once(' ') else { return rest };
        let tail = tail.trim_start();
        let full_name_next = tail.split_once(' ').is_some_and(|(w, _)| gaz::is_given_name(w));
        // A common English word before two capitalised words is a role or a description the
        // analysis took in ("Rapper Kanye West", "New Zealander Graham Henry"), whoever bears it.
        let described = gaz::is_common_word(first)
            && tail.contains(' ')
            && tail.split(' ').all(|w| w.chars().next().is_some_and(char::is_uppercase));
        let role = (full_name_next || described) && !gaz::is_given_name(first);
        let label = gaz::is_title(first) || gaz::is_party_label(first) || role;
        // A woman's title before a bare surname stays: "Mrs Howard" is not Michael Howard, and
        // the table must not join her to him (see `is_female_title`).
        let her_surname = is_female_title(first) && !tail.contains(' ');
        // What is left must still be a name: a label before an organisation's word is part of
        // the organisation's name ("Green Party", taken for a person, is no person "Party").
        let org_word = !tail.contains(' ') && gaz::is_org_last(tail);
        if !label || tail.is_empty() || her_surname || org_word {
            return rest;
        }
        rest = tail;
    }
}

/// True for a title only women bear ("Mrs", "Ms", "Lady", "Baroness"), any letter case.
pub(super) fn is_female_title(word: &str) -> bool {
    gaz::title_gender(word) == Some(gaz::Gender::Female)
}

/// True for a given name men usually bear, the folded word ("michael") as the table holds it.
pub(super) fn is_male_given_name(folded: &str) -> bool {
    let mut c = folded.chars();
    let cap: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    gaz::first_name_gender(&cap) == Some(gaz::Gender::Male)
}
