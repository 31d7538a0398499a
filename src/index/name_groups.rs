//! The stored names grouped: one group per cleaned, aliased and folded name, with its paragraphs
//! by kind ("Mr Prescott" and "Prescott" are one group, "US" and "America" another).

use rustc_hash::FxHashMap as HashMap;

use super::aliases::{Aliases, fold, key};
use super::name_forms::clean;
use super::schema::Who;
use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;

/// The stored names of one actor reading.
pub(super) struct Group {
    /// The name shown.
    pub(super) name: String,
    /// Paragraphs of the spelling that names the group.
    top: u64,
    /// Paragraphs by kind (person, org, place).
    pub(super) counts: [u64; 3],
    /// The kind an alias gives the group, if one does.
    pub(super) alias_kind: Option<Kind>,
    /// The kind the whole index reads for a one-word name, where it overrules the count
    /// ([`one_word_orgs`]).
    read_kind: Option<Kind>,
}

impl Group {
    /// One kind a group: its alias's, else the one most of its paragraphs give it.
    pub(super) fn kind(&self) -> Kind {
        self.alias_kind.or(self.read_kind).unwrap_or(Kind::ALL[best(self.counts)])
    }

    /// Paragraphs of every kind.
    pub(super) fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The groups of the stored names, and what maps a stored name to them.
pub(super) struct Grouped<'a> {
    /// Group key -> group.
    pub(super) groups: HashMap<String, Group>,
    /// Stored name -> its group key.
    pub(super) group_of: HashMap<&'a str, String>,
    /// Stored name -> the words that match it (titles and party labels dropped).
    pub(super) words: HashMap<String, Vec<String>>,
}

/// Per stored name: its paragraphs by kind (speaker facets count as persons unless the name is
/// an actor of some kind elsewhere).
pub(super) fn counts_by_name(raw: &[(Who, u64)]) -> HashMap<&str, [u64; 3]> {
    let mut by_name: HashMap<&str, [u64; 3]> = HashMap::default();
    for (who, n) in raw {
        if let Who::Actor(name, kind) = who {
            by_name.entry(name).or_default()[slot(*kind)] += n;
        }
    }
    for (who, n) in raw {
        if let Who::Speaker(name) = who {
            by_name.entry(name).or_insert([*n, 0, 0]);
        }
    }
    by_name
}

/// Strip titles and labels, apply aliases; group by folded key.
pub(super) fn group_names<'a>(
    by_name: &HashMap<&'a str, [u64; 3]>,
    aliases: &Aliases,
) -> Grouped<'a> {
    let mut groups: HashMap<String, Group> = HashMap::default();
    let mut group_of: HashMap<&str, String> = HashMap::default();
    let mut words: HashMap<String, Vec<String>> = HashMap::default();
    let mut names: Vec<&str> = by_name.keys().copied().collect();
    names.sort_unstable();
    for raw_name in names {
        let counts = by_name[raw_name];
        let total: u64 = counts.iter().sum();
        // An alias names its actor whole, before any word is taken for a title or a label:
        // "Conservative Party" is the party, never a person "Party" after the label "Conservative".
        let (bare, kind) = match clean(raw_name, Kind::ALL[best(counts)]) {
            (bare, _) if bare != raw_name && aliases.is_alias(raw_name) => {
                (raw_name, Kind::ALL[best(counts)])
            }
            cleaned => cleaned,
        };
        // The name's form can say its kind whatever its paragraphs said (post-nominal letters
        // a person's, an organisation's last word an organisation's); otherwise the other
        // readings stay, as votes.
        let counts = if kind == Kind::ALL[best(counts)] {
            counts
        } else {
            let mut c = [0; 3];
            c[slot(kind)] = total;
            c
        };
        // Folded once: the words, the alias look-up key and the group key are all it.
        let folded = fold(bare);
        let bare_key = folded.join(" ");
        let (name, alias_kind, name_key) = match aliases.get_keyed(&bare_key, bare, kind) {
            Some((c, k)) => {
                let ck = key(&c);
                (c, Some(k), ck)
            }
            None => (bare.to_string(), None, bare_key),
        };
        words.insert(raw_name.to_string(), folded);
        let k = match name_key {
            k if k.is_empty() => raw_name.to_string(),
            k => k,
        };
        let g = groups.entry(k.clone()).or_insert(Group {
            name: name.clone(),
            top: 0,
            counts: [0; 3],
            alias_kind,
            read_kind: None,
        });
        for (a, b) in g.counts.iter_mut().zip(counts) {
            *a += b;
        }
        // An alias's canonical name names its group; otherwise the most used spelling
        // ("Pelé" over "Pele").
        if alias_kind.is_some() || (g.alias_kind.is_none() && total > g.top) {
            g.name = name;
            g.top = total;
        }
        g.alias_kind = g.alias_kind.or(alias_kind);
        group_of.insert(raw_name, k);
    }
    one_word_orgs(&mut groups);
    Grouped { groups, group_of, words }
}

/// A one-word name that no person of the index explains is an organisation when enough of its
/// paragraphs read it so ("Bolton were", "Napster's chief", "rock band Keane"). A person is
/// named in full somewhere: a surname alone, in every article, with no full name anywhere, is
/// rarely anyone's, while a club, a company or a band goes by one word. The analysis reads an
/// unknown capitalised word as a person by default and as an organisation only on a cue, so a
/// quarter of the name's paragraphs read as an organisation outweighs the rest, when they also
/// outnumber the paragraphs of the full person names that end with the word ("Keane" stays
/// Roy and Robbie Keane's). So is a one-word name no full person name ends with that begins
/// the name of one organisation ending in an organisation's word ("Baikal" of "Baikal Finance
/// Group", "Mozilla" of "Mozilla Foundation"): the short form of that body. A known given name
/// alone ("Tiago") is a person's.
fn one_word_orgs(groups: &mut HashMap<String, Group>) {
    let mut full: HashMap<String, u64> = HashMap::default();
    // First word -> how many organisations' names ending in an organisation's word it begins.
    let mut begins: HashMap<String, u32> = HashMap::default();
    for (k, g) in groups.iter() {
        let Some((_, last)) = k.rsplit_once(' ') else { continue };
        if g.kind() == Kind::Person {
            *full.entry(last.to_string()).or_default() += g.total();
        } else if g.kind() == Kind::Org
            && g.name.rsplit_once(' ').is_some_and(|(_, l)| gaz::is_org_last(l))
            && let Some((first, _)) = k.split_once(' ')
        {
            *begins.entry(first.to_string()).or_default() += 1;
        }
    }
    for (k, g) in groups.iter_mut() {
        let [person, org, _] = g.counts;
        if k.contains(' ')
            || g.kind() != Kind::Person
            || g.alias_kind.is_some()
            || gaz::is_given_name(&g.name)
        {
            continue;
        }
        let people = full.get(k).copied().unwrap_or(0);
        let body = people == 0 && begins.get(k) == Some(&1);
        if (org * 3 >= person && org > people) || body {
            g.read_kind = Some(Kind::Org);
        }
    }
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Place => 2,
    }
}

/// The slot with the most paragraphs (ties: person, org, place).
fn best(counts: [u64; 3]) -> usize {
    (0..3).max_by_key(|&k| (counts[k], std::cmp::Reverse(k))).unwrap_or(0)
}
