//! Organisation names that are one name across articles: a one-word name cut short ("Yugansk"
//! for "Yuganskneftegas"), spelling variants of a long one ("Yuganskneftegaz"), and an acronym
//! of the name spelt out ("IAAF" for "International Association of Athletics Federations").

use rustc_hash::FxHashMap as HashMap;

/// Pairs (short, long) of one-word names (with their paragraph counts) where `short` is the start
/// of exactly one longer name of `keys` (its spelling `variants` counting as one),
/// and the longer name is the more used: a company's name as an article cuts it ("Yugansk" for
/// "Yuganskneftegas", also spelt "Yuganskneftegaz"). A short name used more than the long one is
/// a name of its own ("Apple" is no cut "Appleton", "Intel" no cut "Intellect"). Five letters at
/// least, and three more in the long name (not a plural: "Sony" / "Sonys").
pub(super) fn truncated_names<'a>(
    keys: &[(&'a str, u64)],
    variants: &HashMap<&'a str, &'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut single: Vec<(&str, u64)> =
        keys.iter().copied().filter(|(k, _)| !k.contains(' ')).collect();
    // Sorted, the names a name starts follow it: a look at those, not at every name (comparing
    // every pair was a sixth of the table's build at N = 40).
    single.sort_unstable();
    let count: HashMap<&str, u64> = single.iter().copied().collect();
    let mut out = Vec::new();
    for &(short, n) in single.iter().filter(|(k, _)| k.chars().count() >= 5) {
        let from = single.partition_point(|(l, _)| *l < short);
        let mut longer: Vec<&str> = single[from..]
            .iter()
            .take_while(|(l, _)| l.starts_with(short))
            .filter(|(l, _)| l.chars().count() >= short.chars().count() + 3)
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
pub(super) fn spelling_variants<'a>(keys: &[(&'a str, u64)]) -> HashMap<&'a str, &'a str> {
    let mut by_start: HashMap<String, Vec<(&str, u64)>> = HashMap::default();
    for &(k, n) in keys {
        if !k.contains(' ') && k.chars().count() >= 8 {
            by_start.entry(k.chars().take(4).collect()).or_default().push((k, n));
        }
    }
    let mut out = HashMap::default();
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

/// Words an acronym may skip ("Court of Arbitration for Sport" is "CAS").
const SKIPPED: [&str; 6] = ["of", "and", "the", "for", "de", "in"];

/// Pairs (acronym, name) of organisations where `acronym` (a name written in three to six
/// capitals) is the initials of `name` (every word's, or every word's but "of", "and", "the",
/// "for") and `name` is the more used: the index spells the body out more often than not, so a
/// reader knows it by that name, and the acronym names it too. The name must be the one reading
/// more likely than not among the names with those initials, and be spelt in words (no
/// acronym in it: "BBC Three" is no "BT"). Two letters fit too many names to tell ("BA": Band
/// Aid, Bank of America, British Airways), and an acronym used more than its look-alike
/// expansion ("NBC" and a one-off "Norwegian Broadcasting Corporation") is a name of its own.
/// `orgs` holds (group key, shown name, paragraphs).
pub(super) fn acronyms<'a>(orgs: &[(&'a str, &str, u64)]) -> Vec<(&'a str, &'a str)> {
    let mut by_initials: HashMap<String, Vec<(&str, u64)>> = HashMap::default();
    for &(k, name, n) in orgs {
        let words: Vec<&str> = k.split(' ').collect();
        let content: Vec<&str> = words.iter().copied().filter(|w| !SKIPPED.contains(w)).collect();
        let spelt =
            name.split([' ', '-']).all(|w| w.chars().filter(char::is_ascii_uppercase).count() <= 1);
        if content.len() < 2 || !spelt {
            continue;
        }
        let all: String = words.iter().filter_map(|w| w.chars().next()).collect();
        let some: String = content.iter().filter_map(|w| w.chars().next()).collect();
        by_initials.entry(all.clone()).or_default().push((k, n));
        if some != all {
            by_initials.entry(some).or_default().push((k, n));
        }
    }
    let mut out = Vec::new();
    for &(k, name, n) in orgs {
        let caps = (3..=6).contains(&name.len()) && name.chars().all(|c| c.is_ascii_uppercase());
        let Some(cands) = by_initials.get_mut(k).filter(|_| caps) else { continue };
        cands.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        cands.dedup();
        let (&(long, top), rest) = cands.split_first().expect("a listed initial has a name");
        let others: u64 = rest.iter().map(|r| r.1).sum();
        if top > n && super::names::more_likely_than_not(top, others) {
            out.push((k, long));
        }
    }
    out
}
