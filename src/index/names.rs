//! One name per actor across the whole index: the name table.
//!
//! The analysis names an actor as its own article does; across articles the same actor can
//! be stored under several names ("US" / "United States" / "America", "Prescott" / "John
//! Prescott", "Mr Prescott", "Tory Liam Fox"). The [`NameTable`] maps every stored name (a raw
//! `who` facet) to one canonical name and kind. It is computed from the stored names and their
//! paragraph counts, so it changes as the index does: a later article that gives "John
//! Prescott" makes an earlier bare "Prescott" his, whatever the order of ingest. Its rules:
//! - titles and party labels before a person's name go ("Mr Prescott" -> "Prescott", "Tory
//!   Liam Fox" -> "Liam Fox");
//! - aliases ([`Aliases`]: countries, parties and institutions from `lexicon/aliases.txt`,
//!   plus the user's file) give one name and kind ("Lib Dems" -> org "Liberal Democrats");
//! - one name has one kind: the kind most of its paragraphs give it;
//! - a person's short form (a surname, "George Bush") is the fuller person name the index
//!   knows whose words include it with the same last word, when that reading is more likely
//!   right than wrong ([`more_likely_than_not`]); otherwise it stays. A lone given name
//!   ("Charles", for Prince Charles) is never a short form: it may be anyone's first name;
//! - a dash clause and post-nominal letters are not part of a name ("Guy Smith QC" -> person
//!   "Guy Smith"), nor is a demonym or a common-word role before a full name ("Slovakian Daniela
//!   Hantuchova", "Backbencher Stephen Pound").
//!
//! The stored counts (raw name -> paragraphs) are cached in [`CACHE_FILE`] beside the index
//! at the end of an ingest; the mapping is recomputed from them and the alias files whenever
//! the index is opened, so an alias change takes effect without re-reading any article.

// Fx: the keys are the index's own stored names, and SipHash was an eighth of the build.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::name_groups::{Group, Grouped, counts_by_name, group_names};
use super::org_forms::{acronyms, spelling_variants, truncated_names};
use super::schema::Who;
use super::short_forms::Persons;
use crate::analysis::Kind;

pub use super::aliases::{ALIASES_FILE, Aliases, fold};
use super::aliases::{key, subset};
pub(crate) use super::name_cache::refresh_cache;
pub use super::name_cache::{CACHE_FILE, read_cache, write_cache};

/// A canonical actor: name and kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Canonical {
    /// The name shown.
    pub name: String,
    /// Its kind.
    pub kind: Kind,
}

/// Stored names -> canonical names, for the whole index.
#[derive(Clone, Debug, Default)]
pub struct NameTable {
    /// Stored (raw) name -> its canonical actor.
    canon: HashMap<String, Canonical>,
    /// Stored speaker name -> its person, where that differs from the name's actor reading.
    speakers: HashMap<String, String>,
    /// Stored name -> the words that match it (titles and party labels dropped).
    words: HashMap<String, Vec<String>>,
    /// The aliases the table was built with (for matching filters).
    aliases: Aliases,
}

impl NameTable {
    /// Build the table from the stored facets and the paragraphs each is on.
    pub fn build(raw: &[(Who, u64)], aliases: Aliases) -> NameTable {
        let by_name = counts_by_name(raw);
        // Step 1: strip titles and labels, apply aliases; group by folded key.
        let Grouped { groups, group_of, words } = group_names(&by_name, &aliases);
        // Step 2 (one kind a group) is [`Group::kind`]. Step 3: persons' short forms go to the
        // one (or dominant) fuller person name.
        let persons = Persons::new(&groups);
        let mut final_key = persons.final_keys();
        // Step 4: an organisation's one-word name cut short is the one longer name it starts
        // ("Yugansk" for "Yuganskneftegas"), a long one's spelling variants are it, and so is
        // its acronym where the index mostly spells it out ("IAAF").
        let org_groups: Vec<(&str, &str, u64)> = groups
            .iter()
            .filter(|(_, g)| g.kind() == Kind::Org)
            .map(|(k, g)| (k.as_str(), g.name.as_str(), g.total()))
            .collect();
        let orgs: Vec<(&str, u64)> = org_groups.iter().map(|&(k, _, n)| (k, n)).collect();
        let variants = spelling_variants(&orgs);
        for (short, long) in
            truncated_names(&orgs, &variants).into_iter().chain(acronyms(&org_groups))
        {
            final_key.entry(short.to_string()).or_insert_with(|| long.to_string());
        }
        for (&from, &to) in &variants {
            final_key.entry(from.to_string()).or_insert_with(|| to.to_string());
        }
        let said: HashSet<&str> = raw
            .iter()
            .filter_map(|(w, _)| match w {
                Who::Speaker(s) => Some(s.as_str()),
                Who::Actor(..) => None,
            })
            .collect();
        let mut canon = HashMap::default();
        let mut speakers = HashMap::default();
        for (raw_name, k) in group_of {
            let k = final_key.get(&k).unwrap_or(&k);
            let g = &groups[k];
            if said.contains(raw_name)
                && let Some(p) = speaker_person(g, k, &persons)
            {
                speakers.insert(raw_name.to_string(), groups[p].name.clone());
            }
            canon.insert(raw_name.to_string(), Canonical { name: g.name.clone(), kind: g.kind() });
        }
        NameTable { canon, speakers, words, aliases }
    }

    /// The canonical actor of a stored name (itself, with `kind`, when the table does not
    /// know it).
    pub fn canonical(&self, raw: &str, kind: Kind) -> Canonical {
        self.canon.get(raw).cloned().unwrap_or_else(|| Canonical { name: raw.to_string(), kind })
    }

    /// The canonical name of a stored speaker name.
    pub fn speaker(&self, raw: &str) -> String {
        if let Some(p) = self.speakers.get(raw) {
            return p.clone();
        }
        self.canon.get(raw).map_or_else(|| raw.to_string(), |c| c.name.clone())
    }

    /// Stored names that a filter `query` matches: the query's folded words are a subset of the
    /// words of the name, of its canonical name or of one of its aliases.
    pub fn matching(&self, query: &str, speakers: bool) -> Vec<&str> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hit: HashSet<String> = self.aliases.matching(&q).into_iter().map(key).collect();
        let name_of = |raw: &str, c: &'_ Canonical| -> String {
            match self.speakers.get(raw) {
                Some(p) if speakers => p.clone(),
                _ => c.name.clone(),
            }
        };
        for (raw, c) in &self.canon {
            let own = self.words.get(raw).is_some_and(|w| subset(&q, w));
            let name = name_of(raw, c);
            if own || subset(&q, &fold(&name)) {
                hit.insert(key(&name));
            }
        }
        let mut out: Vec<&str> = self
            .canon
            .iter()
            .filter(|(r, c)| hit.contains(&key(&name_of(r, c))))
            .map(|(r, _)| r.as_str())
            .collect();
        out.sort_unstable();
        out
    }

    #[cfg(test)]
    fn matching_any(&self, query: &str) -> Vec<&str> {
        self.matching(query, false)
    }

    /// Number of stored names.
    pub fn len(&self) -> usize {
        self.canon.len()
    }

    /// True when the table knows no name.
    pub fn is_empty(&self) -> bool {
        self.canon.is_empty()
    }
}

/// The person a stored speaker name of group `g` (key `k`) names, where that differs from the
/// group's actor reading: a speaker is a person where that reading is more likely than not, the
/// name's own paragraphs as an organisation or place counting against it ("Fox said" is Liam Fox
/// when he outweighs the broadcaster; "Disney said" stays the company).
fn speaker_person<'g>(g: &Group, k: &str, persons: &Persons<'g>) -> Option<&'g String> {
    if g.kind() == Kind::Person || g.alias_kind.is_some() {
        return None;
    }
    let other = g.counts[1] + g.counts[2];
    let t = persons.resolve(&k.split(' ').map(String::from).collect::<Vec<_>>(), other)?;
    Some(persons.key(persons.last(t)))
}

/// A short form's leading reading is taken when it is more likely right than wrong: the
/// person it reads as is named in full on more of the index's paragraphs than every other
/// person the short form can name, together. A writer who gives no full name expects the
/// reader to know whom they mean, and how often the index names each candidate is the only
/// measure of that the table has (it does not see the article around the name); below an
/// even chance, silence ("Smith" stays "Smith") is better than a wrong name.
pub fn more_likely_than_not(top: u64, others: u64) -> bool {
    top > others
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
