//! Familiar given names ("Vince" for "Vincent", "Bill" for "William"), from
//! `lexicon/nicknames.txt`: the name table joins two full person names it holds whose given
//! names are the same name in two forms and whose other words are the same.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Folded given name -> the formal names it is a form of (a formal name is its own form).
static FORMS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut out: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for line in include_str!("../analysis/lexicon/nicknames.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('|').map(str::trim).filter(|w| !w.is_empty());
        let Some(formal) = parts.next() else { continue };
        for w in std::iter::once(formal).chain(parts) {
            let forms = out.entry(w).or_default();
            if !forms.contains(&formal) {
                forms.push(formal);
            }
        }
    }
    out
});

/// The formal names a folded given name is a form of: itself when the list does not know it
/// ("pat" -> patricia and patrick; "vince" -> vincent; "zebedee" -> zebedee).
pub fn formal_forms(given: &str) -> Vec<&str> {
    match FORMS.get(given) {
        Some(f) => f.clone(),
        None => vec![given],
    }
}

/// Joins among full names (folded words, two or more): index of a name -> the index of the name
/// it is the same person as. Names whose first words are forms of one formal name and whose
/// other words are the same make a set; each set goes to its most used member (`weight`, ties:
/// the first in `names`' sorted order). A name whose given name has two formal readings that
/// both meet other names ("Pat Smith" beside "Patrick Smith" and "Patricia Smith") is left out:
/// it could be either.
pub fn joins(names: &[Vec<String>], weight: &[u64]) -> HashMap<usize, usize> {
    // Formal key ("vincent cable") -> the names that can be read as it.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut keys_of: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    for (i, w) in names.iter().enumerate() {
        let [first, rest @ ..] = w.as_slice() else { continue };
        if rest.is_empty() {
            continue;
        }
        for f in formal_forms(first) {
            let k = format!("{f} {}", rest.join(" "));
            by_key.entry(k.clone()).or_default().push(i);
            keys_of[i].push(k);
        }
    }
    let shared = |k: &String| by_key[k].len() > 1;
    let ambiguous: HashSet<usize> =
        (0..names.len()).filter(|&i| keys_of[i].iter().filter(|k| shared(k)).count() > 1).collect();
    let mut out = HashMap::new();
    for members in by_key.values() {
        let members: Vec<usize> =
            members.iter().copied().filter(|i| !ambiguous.contains(i)).collect();
        if members.len() < 2 {
            continue;
        }
        let top = members
            .iter()
            .copied()
            .max_by(|&a, &b| weight[a].cmp(&weight[b]).then_with(|| names[b].cmp(&names[a])))
            .expect("two or more members");
        for &i in &members {
            if i != top {
                out.insert(i, top);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(names: &[&str]) -> Vec<Vec<String>> {
        names.iter().map(|n| n.split(' ').map(String::from).collect()).collect()
    }

    #[test]
    fn familiar_and_formal_forms_of_one_name_join_to_the_most_used() {
        let n = words(&["vince grebble", "vincent grebble", "bill orpwood", "william orpwood"]);
        let j = joins(&n, &[5, 2, 1, 9]);
        assert_eq!(j.get(&1), Some(&0));
        assert_eq!(j.get(&2), Some(&3));
        assert_eq!(j.len(), 2);
    }

    #[test]
    fn other_words_must_match_and_a_lone_name_never_joins() {
        let n = words(&["tony quarrington", "anthony quarringdon", "tony", "anthony"]);
        assert!(joins(&n, &[1, 1, 1, 1]).is_empty());
        // Different formal names are different people, even with one familiar form between.
        let n = words(&["stephen fallowby", "steven fallowby"]);
        assert!(joins(&n, &[1, 1]).is_empty());
    }

    #[test]
    fn a_familiar_name_with_two_readings_that_both_meet_stays_alone() {
        let n = words(&["pat hurlock", "patrick hurlock", "patricia hurlock"]);
        assert!(joins(&n, &[1, 5, 5]).is_empty());
        let n = words(&["pat hurlock", "patrick hurlock"]);
        assert_eq!(joins(&n, &[1, 5]).get(&0), Some(&1));
    }

    #[test]
    fn the_joins_do_not_depend_on_input_order() {
        let a = words(&["bob tillery", "robert tillery", "bobby tillery"]);
        let b = words(&["bobby tillery", "bob tillery", "robert tillery"]);
        let ja = joins(&a, &[3, 3, 1]);
        let jb = joins(&b, &[1, 3, 3]);
        let named = |n: &[Vec<String>], j: &HashMap<usize, usize>| {
            let mut v: Vec<(String, String)> =
                j.iter().map(|(a, b)| (n[*a].join(" "), n[*b].join(" "))).collect();
            v.sort();
            v
        };
        assert_eq!(named(&a, &ja), named(&b, &jb));
        assert_eq!(ja.len(), 2);
    }
}
