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

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::schema::Who;
use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;

pub use super::aliases::{ALIASES_FILE, Aliases, fold};
use super::aliases::{key, subset};
pub(crate) use super::name_cache::refresh_cache;
pub use super::name_cache::{CACHE_FILE, read_cache, write_cache};
/// Letters after a person's name (`lexicon/post_nominals.txt`).
static POST_NOMINALS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    crate::analysis::gazetteer::entries(include_str!("../analysis/lexicon/post_nominals.txt"))
        .map(str::trim)
        .collect()
});

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
        // Per stored name: its paragraphs by kind (speaker facets count as persons unless
        // the name is an actor of some kind elsewhere).
        let mut by_name: HashMap<&str, [u64; 3]> = HashMap::new();
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
        // Step 1: strip titles and labels, apply aliases; group by folded key.
        struct Group {
            name: String,
            /// Paragraphs of the spelling that names the group.
            top: u64,
            counts: [u64; 3],
            alias_kind: Option<Kind>,
        }
        let mut groups: HashMap<String, Group> = HashMap::new();
        let mut group_of: HashMap<&str, String> = HashMap::new();
        let mut words: HashMap<String, Vec<String>> = HashMap::new();
        let mut names: Vec<&str> = by_name.keys().copied().collect();
        names.sort_unstable();
        for raw_name in names {
            let counts = by_name[raw_name];
            let total: u64 = counts.iter().sum();
            let (bare, kind) = clean(raw_name, Kind::ALL[best(counts)]);
            // Post-nominal letters make a name a person's whatever its paragraphs said.
            let counts = if kind == Kind::Person { [total, 0, 0] } else { counts };
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
        // Step 2: one kind a group.
        let kind_of = |g: &Group| g.alias_kind.unwrap_or(Kind::ALL[best(g.counts)]);
        // Step 3: persons' short forms go to the one (or dominant) fuller person name.
        // Only names written as a person's are written (every word capitalised: not
        // "ex-Yukos", not "Roddick 30-0") are targets.
        let persons: Vec<(&String, Vec<String>, u64)> = groups
            .iter()
            .filter(|(_, g)| kind_of(g) == Kind::Person)
            .map(|(k, g)| (k, k.split(' ').map(String::from).collect(), g.counts.iter().sum()))
            .collect();
        let written_as_name = |i: usize| -> bool {
            groups[persons[i].0].name.split([' ', '-']).all(|w| {
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    || matches!(
                        w,
                        "de" | "van"
                            | "von"
                            | "der"
                            | "da"
                            | "du"
                            | "del"
                            | "la"
                            | "le"
                            | "bin"
                            | "al"
                    )
            })
        };
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, w, _)) in persons.iter().enumerate() {
            if let Some(last) = w.last() {
                by_last.entry(last.as_str()).or_default().push(i);
            }
        }
        // Longest first, so a middle form ("George Bush") is resolved before the shortest.
        // (Compared in place: a key that clones the name made this sort most of the build.)
        let mut order: Vec<usize> = (0..persons.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&persons[a], &persons[b]);
            pb.1.len().cmp(&pa.1.len()).then_with(|| pa.0.cmp(pb.0))
        });
        // The fuller person name that the words `w` stand for: the one candidate, or the
        // clearly dominant one (candidates counted under their own final targets).
        // People whose first word is a given word: what a lone word names when it is a given
        // name ("Charles" for Charles Kennedy as much as for Ray Charles).
        let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, w, _)) in persons.iter().enumerate() {
            if let [first, _, ..] = w.as_slice() {
                by_first.entry(first.as_str()).or_default().push(i);
            }
        }
        let resolve = |w: &[String],
                       target: &HashMap<usize, usize>,
                       against: u64|
         -> Option<usize> {
            let last = w.last()?;
            // "Mrs Howard" is no man's: her title kept, the name she can be is a woman's
            // or one whose given name gives no gender.
            let (w, woman) = match w {
                [title, rest @ ..] if !rest.is_empty() && is_female_title(title) => (rest, true),
                _ => (w, false),
            };
            let mut cands: HashMap<usize, u64> = HashMap::new();
            for &j in by_last.get(last.as_str())? {
                let (_, wj, nj) = &persons[j];
                let fits = !woman || wj.first().is_none_or(|g| !is_male_given_name(g));
                if fuller(w, wj)
                    && written_as_name(j)
                    && fits
                    && !wj.first().is_some_and(|t| gaz::is_title(t))
                {
                    *cands.entry(*target.get(&j).unwrap_or(&j)).or_default() += nj;
                }
            }
            // A lone word may be a given name: the people it begins count against every
            // surname reading, and are never its target themselves.
            let given: u64 = match w {
                [only] => by_first
                    .get(only.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|&&j| persons[j].1.last() != Some(only) && written_as_name(j))
                    .map(|&j| persons[j].2)
                    .sum(),
                _ => 0,
            };
            let mut c: Vec<(usize, u64)> = cands.into_iter().collect();
            c.sort_by(|a, b| b.1.cmp(&a.1).then(persons[a.0].0.cmp(persons[b.0].0)));
            let (&(t, top), rest) = c.split_first()?;
            // An initial fits many given names, and line-ups, where initials are written, name
            // players of one surname side by side ("S Williams" for Shane, not Serena): only
            // the one person the index knows with that initial is its reading.
            if !rest.is_empty() && w.iter().any(|x| x.len() == 1) {
                return None;
            }
            let others = against + given + rest.iter().map(|r| r.1).sum::<u64>();
            more_likely_than_not(top, others).then_some(t)
        };
        // Full names whose given names are forms of one name join first ("Vince Cable" with
        // "Vincent Cable"), so their short forms weigh them as one person.
        let full: Vec<usize> = (0..persons.len()).filter(|&i| written_as_name(i)).collect();
        let full_words: Vec<Vec<String>> = full.iter().map(|&i| persons[i].1.clone()).collect();
        let full_weight: Vec<u64> = full.iter().map(|&i| persons[i].2).collect();
        let mut target: HashMap<usize, usize> = super::nicknames::joins(&full_words, &full_weight)
            .into_iter()
            .map(|(a, b)| (full[a], full[b]))
            .collect();
        for &i in &order {
            if target.contains_key(&i) {
                continue;
            }
            if let Some(t) = resolve(&persons[i].1, &target, 0) {
                target.insert(i, t);
            }
        }
        // A joined name's target may itself have gone to a fuller name since.
        let last = |mut t: usize| {
            for _ in 0..persons.len() {
                match target.get(&t) {
                    Some(&n) if n != t => t = n,
                    _ => break,
                }
            }
            t
        };
        let mut final_key: HashMap<String, String> = HashMap::new();
        for &i in target.keys() {
            final_key.insert(persons[i].0.clone(), persons[last(i)].0.clone());
        }
        // Step 4: an organisation's one-word name cut short is the one longer name it starts
        // ("Yugansk" for "Yuganskneftegas").
        let orgs: Vec<(&str, u64)> = groups
            .iter()
            .filter(|(_, g)| kind_of(g) == Kind::Org)
            .map(|(k, g)| (k.as_str(), g.counts.iter().sum()))
            .collect();
        let variants = spelling_variants(&orgs);
        for (short, long) in truncated_names(&orgs, &variants) {
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
        let mut canon = HashMap::new();
        let mut speakers = HashMap::new();
        for (raw_name, k) in group_of {
            let k = final_key.get(&k).unwrap_or(&k);
            let g = &groups[k];
            // A speaker is a person where that reading is more likely than not, the name's own
            // paragraphs as an organisation or place counting against it ("Fox said" is Liam
            // Fox when he outweighs the broadcaster; "Disney said" stays the company).
            let other = g.counts[1] + g.counts[2];
            if kind_of(g) != Kind::Person
                && g.alias_kind.is_none()
                && said.contains(raw_name)
                && let Some(t) =
                    resolve(&k.split(' ').map(String::from).collect::<Vec<_>>(), &target, other)
            {
                let t = last(t);
                speakers.insert(raw_name.to_string(), groups[persons[t].0].name.clone());
            }
            canon
                .insert(raw_name.to_string(), Canonical { name: g.name.clone(), kind: kind_of(g) });
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

/// Pairs (short, long) of one-word names (with their paragraph counts) where `short` is the start
/// of exactly one longer name of `keys` (its spelling `variants` counting as one),
/// and the longer name is the more used: a company's name as an article cuts it ("Yugansk" for
/// "Yuganskneftegas", also spelt "Yuganskneftegaz"). A short name used more than the long one is
/// a name of its own ("Apple" is no cut "Appleton", "Intel" no cut "Intellect"). Five letters at
/// least, and three more in the long name (not a plural: "Sony" / "Sonys").
fn truncated_names<'a>(
    keys: &[(&'a str, u64)],
    variants: &HashMap<&'a str, &'a str>,
) -> Vec<(&'a str, &'a str)> {
    let single: Vec<(&str, u64)> = keys.iter().copied().filter(|(k, _)| !k.contains(' ')).collect();
    let count: HashMap<&str, u64> = single.iter().copied().collect();
    let mut out = Vec::new();
    for &(short, n) in single.iter().filter(|(k, _)| k.chars().count() >= 5) {
        let mut longer: Vec<&str> = single
            .iter()
            .filter(|(l, _)| l.chars().count() >= short.chars().count() + 3 && l.starts_with(short))
            .map(|&(l, _)| variants.get(l).copied().unwrap_or(l))
            .collect();
        longer.sort_unstable();
        longer.dedup();
        if let [long] = longer[..]
            && count.get(long).is_some_and(|&m| m > n)
        {
            out.push((short, long));
        }
    }
    out
}

/// One-word names (with their paragraph counts) that are spelling variants of a more used one:
/// the same first four letters, eight letters at least, and one letter added, dropped or
/// changed ("Yuganskneftegaz", "Yuganskneftgas" for "Yuganskneftegas"). A transliterated name is
/// spelt several ways across articles; two names of companies that long one letter apart are
/// rarely two companies. Maps each variant to the most used spelling of its set.
fn spelling_variants<'a>(keys: &[(&'a str, u64)]) -> HashMap<&'a str, &'a str> {
    let mut by_start: HashMap<String, Vec<(&str, u64)>> = HashMap::new();
    for &(k, n) in keys {
        if !k.contains(' ') && k.chars().count() >= 8 {
            by_start.entry(k.chars().take(4).collect()).or_default().push((k, n));
        }
    }
    let mut out = HashMap::new();
    for names in by_start.values() {
        for &(a, n) in names {
            // The most used name one edit away (ties: the first in order), if it outweighs `a`.
            let better = names
                .iter()
                .filter(|&&(b, m)| (m, std::cmp::Reverse(b)) > (n, std::cmp::Reverse(a)))
                .filter(|&&(b, _)| one_edit_apart(a, b))
                .max_by_key(|&&(b, m)| (m, std::cmp::Reverse(b)));
            if let Some(&(b, _)) = better {
                out.insert(a, b);
            }
        }
    }
    // A chain (a -> b -> c) ends at its most used name.
    let ends: Vec<(&str, &str)> = out
        .keys()
        .map(|&a| {
            let mut t = a;
            while let Some(&n) = out.get(t) {
                t = n;
            }
            (a, t)
        })
        .collect();
    ends.into_iter().collect()
}

/// True when `a` and `b` differ by one letter added, dropped or changed.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        head < short.len() && short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

/// True when the folded words `wj` name more fully the person that `w` names: they hold every
/// word of `w` and more ("Prescott" in "John Prescott"), or as many, with a given name for each
/// of `w`'s initials ("G Easterby" for "Guy Easterby").
fn fuller(w: &[String], wj: &[String]) -> bool {
    if wj.len() > w.len() {
        return w.iter().all(|x| wj.contains(x));
    }
    let expands = |x: &String, y: &String| x.len() == 1 && y.len() > 1 && y.starts_with(x.as_str());
    wj.len() == w.len()
        && w.iter().any(|x| x.len() == 1)
        && w.iter().zip(wj).all(|(x, y)| x == y || expands(x, y))
        && w != wj
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

/// A stored name as an actor's name, and its kind: a dash clause cut ("John Smith - were" ->
/// "John Smith"), post-nominal letters dropped ("Guy Smith QC" -> person "Guy Smith"), then
/// the labels before a person's name ([`strip_labels`]).
fn clean(raw: &str, kind: Kind) -> (&str, Kind) {
    let mut name = raw.split(" - ").next().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(raw);
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
    (strip_labels(name, kind), kind)
}

/// A person's name without the titles, party labels and other words before it ("Mr Prescott"
/// -> "Prescott", "Tory Liam Fox" -> "Liam Fox", "Slovakian Daniela Hantuchova" -> "Daniela
/// Hantuchova"); other names as they are. A word that is not a given name goes from before a
/// full name that starts with one: a name does not start before its given name (a demonym or
/// a role the analysis took in).
fn strip_labels(name: &str, kind: Kind) -> &str {
    if kind != Kind::Person {
        return name;
    }
    let mut rest = name;
    loop {
        let Some((first, tail)) = rest.split_once(' ') else { return rest };
        let tail = tail.trim_start();
        let full_name_next = tail.split_once(' ').is_some_and(|(w, _)| gaz::is_given_name(w));
        let role = full_name_next && !gaz::is_given_name(first);
        let label = gaz::is_title(first) || gaz::is_party_label(first) || role;
        // A woman's title before a bare surname stays: "Mrs Howard" is not Michael Howard, and
        // the table must not join her to him (see `is_female_title`).
        let her_surname = is_female_title(first) && !tail.contains(' ');
        if !label || tail.is_empty() || her_surname {
            return rest;
        }
        rest = tail;
    }
}

/// True for a title only women bear ("Mrs", "Ms", "Lady", "Baroness"), any letter case.
fn is_female_title(word: &str) -> bool {
    gaz::title_gender(word) == Some(gaz::Gender::Female)
}

/// True for a given name men usually bear, the folded word ("michael") as the table holds it.
fn is_male_given_name(folded: &str) -> bool {
    let mut c = folded.chars();
    let cap: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    gaz::first_name_gender(&cap) == Some(gaz::Gender::Male)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: &str, c: u64) -> (Who, u64) {
        (Who::Actor(n.into(), Kind::Person), c)
    }

    fn table(raw: &[(Who, u64)]) -> NameTable {
        NameTable::build(raw, Aliases::builtin())
    }

    #[test]
    fn a_surname_goes_to_the_one_full_name() {
        let t =
            table(&[person("Prescott", 3), person("John Prescott", 10), person("Mr Prescott", 1)]);
        assert_eq!(t.canonical("Prescott", Kind::Person).name, "John Prescott");
        assert_eq!(t.canonical("Mr Prescott", Kind::Person).name, "John Prescott");
    }

    #[test]
    fn familiar_and_formal_given_names_are_one_person_with_their_surname() {
        let t = table(&[
            person("Vince Grebble", 4),
            person("Vincent Grebble", 2),
            person("Grebble", 3),
            person("Mr Grebble", 1),
        ]);
        for n in ["Vincent Grebble", "Grebble", "Mr Grebble"] {
            assert_eq!(t.canonical(n, Kind::Person).name, "Vince Grebble", "{n}");
        }
        // Another given name with the same surname is another person.
        let t = table(&[person("Vince Grebble", 4), person("Victor Grebble", 2)]);
        assert_eq!(t.canonical("Victor Grebble", Kind::Person).name, "Victor Grebble");
    }

    #[test]
    fn a_score_after_a_persons_name_is_not_part_of_it() {
        let t = table(&[person("Jo Pellingham", 6), person("Pellingham 40-15", 2)]);
        assert_eq!(t.canonical("Pellingham 40-15", Kind::Person).name, "Jo Pellingham");
        // A lone common word before a number is a programme's title, not a surname.
        let t = table(&[person("Film 2005", 4), person("Grebble 2", 1), person("Anna Grebble", 5)]);
        assert_eq!(t.canonical("Film 2005", Kind::Person).name, "Film 2005");
        assert_eq!(t.canonical("Grebble 2", Kind::Person).name, "Anna Grebble");
        let org = (Who::Actor("Channel 4".into(), Kind::Org), 3);
        assert_eq!(table(&[org]).canonical("Channel 4", Kind::Org).name, "Channel 4");
    }

    #[test]
    fn an_ambiguous_surname_goes_only_where_more_likely_than_not() {
        // Anna 10 against Bob 8 and Carol 5: not an even chance.
        let t = table(&[
            person("Smith", 3),
            person("Anna Smith", 10),
            person("Bob Smith", 8),
            person("Carol Smith", 5),
        ]);
        assert_eq!(t.canonical("Smith", Kind::Person).name, "Smith");
        let t = table(&[person("Smith", 3), person("Anna Smith", 10), person("Bob Smith", 10)]);
        assert_eq!(t.canonical("Smith", Kind::Person).name, "Smith");
        let t = table(&[person("Smith", 3), person("Anna Smith", 10), person("Bob Smith", 9)]);
        assert_eq!(t.canonical("Smith", Kind::Person).name, "Anna Smith");
    }

    #[test]
    fn a_lone_given_name_weighs_the_people_it_begins() {
        // "Charles" may be Ray Charles's surname or Charles Kennedy's given name.
        let t = table(&[
            person("Charles", 4),
            person("Ray Charles", 30),
            person("Charles Kennedy", 90),
        ]);
        assert_eq!(t.canonical("Charles", Kind::Person).name, "Charles");
        // A surname that is also a given name still goes to the person it mostly names.
        let t = table(&[
            person("Howard", 4),
            person("Michael Howard", 200),
            person("Howard Hughes", 14),
        ]);
        assert_eq!(t.canonical("Howard", Kind::Person).name, "Michael Howard");
    }

    #[test]
    fn the_table_does_not_depend_on_the_order_of_its_input() {
        let make = || {
            vec![
                person("Keane", 9),
                person("Roy Keane", 5),
                person("Robbie Keane", 2),
                person("Charles", 4),
                person("Ray Charles", 30),
                person("Charles Kennedy", 90),
                person("Kennedy", 3),
                person("George Bush", 2),
                person("George W. Bush", 7),
                person("Bush", 6),
                (Who::Speaker("Bush".into()), 2),
            ]
        };
        let raw = make();
        let names = |t: &NameTable| {
            let mut v: Vec<(String, String)> = raw
                .iter()
                .map(|(w, _)| match w {
                    Who::Actor(n, k) => (n.clone(), t.canonical(n, *k).name),
                    Who::Speaker(n) => (n.clone(), t.speaker(n)),
                })
                .collect();
            v.sort();
            v
        };
        let forward = names(&table(&raw));
        let mut reversed = make();
        reversed.reverse();
        assert_eq!(forward, names(&table(&reversed)));
        let mut rotated = make();
        rotated.rotate_left(4);
        assert_eq!(forward, names(&table(&rotated)));
        assert!(forward.contains(&("Bush".into(), "George W. Bush".into())), "{forward:?}");
        assert!(forward.contains(&("Keane".into(), "Roy Keane".into())), "{forward:?}");
    }

    #[test]
    fn a_company_speaker_stays_the_company_unless_a_person_outweighs_it() {
        let t = table(&[
            (Who::Actor("Disney".into(), Kind::Org), 15),
            (Who::Speaker("Disney".into()), 4),
            person("Roy Disney", 3),
            (Who::Actor("Fox".into(), Kind::Org), 11),
            (Who::Speaker("Fox".into()), 2),
            person("Liam Fox", 29),
            person("Chris Fox", 4),
        ]);
        assert_eq!(t.speaker("Disney"), "Disney");
        assert_eq!(t.speaker("Fox"), "Liam Fox");
    }

    #[test]
    fn clauses_letters_and_roles_are_not_part_of_a_name() {
        let t = table(&[
            (Who::Actor("Guy Smith QC".into(), Kind::Org), 4),
            person("Guy Smith", 1),
            person("John Prescott - were", 3),
            person("John Prescott", 9),
            person("Slovakian Daniela Hantuchova", 1),
            person("Daniela Hantuchova", 5),
            person("Backbencher Stephen Pound", 1),
            person("Stephen Pound", 2),
            person("Jose Manuel Barroso", 2),
        ]);
        let c = t.canonical("Guy Smith QC", Kind::Org);
        assert_eq!((c.name.as_str(), c.kind), ("Guy Smith", Kind::Person));
        assert_eq!(t.canonical("John Prescott - were", Kind::Person).name, "John Prescott");
        let c = t.canonical("Slovakian Daniela Hantuchova", Kind::Person);
        assert_eq!(c.name, "Daniela Hantuchova");
        let c = t.canonical("Backbencher Stephen Pound", Kind::Person);
        assert_eq!(c.name, "Stephen Pound");
        let c = t.canonical("Jose Manuel Barroso", Kind::Person);
        assert_eq!(c.name, "Jose Manuel Barroso");
    }

    #[test]
    fn a_womans_title_and_surname_is_no_mans_full_name() {
        let t = table(&[person("Arthur Penrose", 20), person("Mrs Penrose", 2)]);
        assert_eq!(t.canonical("Mrs Penrose", Kind::Person).name, "Mrs Penrose");
        let t = table(&[
            person("Arthur Penrose", 20),
            person("Helen Penrose", 3),
            person("Mrs Penrose", 2),
            person("Mr Penrose", 2),
        ]);
        assert_eq!(t.canonical("Mrs Penrose", Kind::Person).name, "Helen Penrose");
        assert_eq!(t.canonical("Mr Penrose", Kind::Person).name, "Arthur Penrose");
    }

    #[test]
    fn an_organisation_name_cut_short_is_the_one_it_starts() {
        let org = |n: &str, c: u64| (Who::Actor(n.into(), Kind::Org), c);
        let t = table(&[org("Norilskgaz", 9), org("Norilsk", 2), org("Vostok", 3)]);
        assert_eq!(t.canonical("Norilsk", Kind::Org).name, "Norilskgaz");
        // A short name used more than the longer one is a name of its own.
        let t = table(&[org("Corvex", 9), org("Corvexion", 2)]);
        assert_eq!(t.canonical("Corvex", Kind::Org).name, "Corvex");
        // Two longer names: no telling which one.
        let t = table(&[org("Vostok", 3), org("Vostokbank", 2), org("Vostokneft", 2)]);
        assert_eq!(t.canonical("Vostok", Kind::Org).name, "Vostok");
        // Unless they are one name spelt two ways: both and the short form are the most used.
        let t = table(&[
            org("Norilskneftegas", 9),
            org("Norilskneftegaz", 3),
            org("Norilskneftgas", 1),
            org("Norilsk", 4),
        ]);
        for n in ["Norilskneftegaz", "Norilskneftgas", "Norilsk"] {
            assert_eq!(t.canonical(n, Kind::Org).name, "Norilskneftegas", "{n}");
        }
        // Two letters apart, or short names one letter apart, are two names.
        let t =
            table(&[org("Telenorva", 5), org("Telenorsk", 3), org("Ardex", 4), org("Ardel", 2)]);
        assert_eq!(t.canonical("Telenorsk", Kind::Org).name, "Telenorsk");
        assert_eq!(t.canonical("Ardel", Kind::Org).name, "Ardel");
    }

    #[test]
    fn an_initial_and_a_surname_is_the_person_with_that_given_name() {
        let place = |n: &str, c: u64| (Who::Actor(n.into(), Kind::Place), c);
        let t = table(&[
            person("Gareth Pimbley", 5),
            person("G Pimbley", 4),
            place("T Pimbley", 2),
            person("Tomas Pimbley", 1),
            person("R Pimbley", 3),
        ]);
        assert_eq!(t.canonical("G Pimbley", Kind::Person).name, "Gareth Pimbley");
        // Whatever kind its paragraphs gave it, an initial and a surname is a person's.
        let c = t.canonical("T Pimbley", Kind::Place);
        assert_eq!((c.name.as_str(), c.kind), ("Tomas Pimbley", Kind::Person));
        // No one of the index has that initial: it stays as written.
        assert_eq!(t.canonical("R Pimbley", Kind::Person).name, "R Pimbley");
        // Two people with the initial, even of unlike weight: no telling which.
        let t =
            table(&[person("Dan Quorrel", 9), person("Dave Quorrel", 2), person("D Quorrel", 2)]);
        assert_eq!(t.canonical("D Quorrel", Kind::Person).name, "D Quorrel");
    }

    #[test]
    fn labels_and_aliases() {
        let t = table(&[
            person("Tory Liam Fox", 1),
            person("Liam Fox", 5),
            person("Fox", 2),
            (Who::Actor("US".into(), Kind::Place), 9),
            (Who::Actor("America".into(), Kind::Place), 2),
            (Who::Actor("United States".into(), Kind::Org), 1),
            person("Lib Dems", 2),
        ]);
        assert_eq!(t.canonical("Tory Liam Fox", Kind::Person).name, "Liam Fox");
        assert_eq!(t.canonical("Fox", Kind::Person).name, "Liam Fox");
        for n in ["US", "America", "United States"] {
            let c = t.canonical(n, Kind::Org);
            assert_eq!((c.name.as_str(), c.kind), ("United States", Kind::Place), "{n}");
        }
        let c = t.canonical("Lib Dems", Kind::Person);
        assert_eq!((c.name.as_str(), c.kind), ("Liberal Democrats", Kind::Org));
    }

    #[test]
    fn filters_match_words_as_a_subset() {
        let t = table(&[
            person("George W. Bush", 5),
            person("Pelé", 1),
            person("Prescott", 1),
            person("John Prescott", 4),
            (Who::Actor("America".into(), Kind::Place), 2),
        ]);
        assert_eq!(t.matching_any("george bush"), ["George W. Bush"]);
        assert_eq!(t.matching_any("pele"), ["Pelé"]);
        assert_eq!(t.matching_any("PRESCOTT"), ["John Prescott", "Prescott"]);
        assert_eq!(t.matching_any("u.s."), ["America"]);
        assert!(t.matching_any("bush george w. x").is_empty());
    }
}
