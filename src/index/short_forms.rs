//! Persons' short forms: a surname, a name without its middle, an initial and a surname go to
//! the one (or dominant) fuller person name the index knows ("Prescott" -> "John Prescott").

use rustc_hash::FxHashMap as HashMap;

use super::name_forms::{is_female_title, is_male_given_name};
use super::name_groups::Group;
use super::names::more_likely_than_not;
use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;

/// The person groups of the table, and the fuller name each short form goes to.
pub(super) struct Persons<'g> {
    /// Group key of each person.
    keys: Vec<&'g String>,
    /// Its folded words.
    words: Vec<Vec<String>>,
    /// Its paragraphs.
    weight: Vec<u64>,
    /// True when its shown name is written as a person's (every word capitalised: not
    /// "ex-Yukos", not "Roddick 30-0"): only such names are targets.
    written: Vec<bool>,
    /// Persons by last word.
    by_last: HashMap<&'g str, Vec<usize>>,
    /// People whose first word is a given word: what a lone word names when it is a given
    /// name ("Charles" for Charles Kennedy as much as for Ray Charles).
    by_first: HashMap<&'g str, Vec<usize>>,
    /// Person -> the fuller person it is a short form of.
    target: HashMap<usize, usize>,
}

/// True when every word of a shown name is capitalised or a surname particle.
fn written_as_name(name: &str) -> bool {
    name.split([' ', '-']).all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase())
            || matches!(
                w,
                "de" | "van" | "von" | "der" | "da" | "du" | "del" | "la" | "le" | "bin" | "al"
            )
    })
}

impl<'g> Persons<'g> {
    /// The person groups of `groups`, each short form resolved.
    pub(super) fn new(groups: &'g HashMap<String, Group>) -> Persons<'g> {
        let mut p = Persons {
            keys: Vec::new(),
            words: Vec::new(),
            weight: Vec::new(),
            written: Vec::new(),
            by_last: HashMap::default(),
            by_first: HashMap::default(),
            target: HashMap::default(),
        };
        for (k, g) in groups.iter().filter(|(_, g)| g.kind() == Kind::Person) {
            p.keys.push(k);
            p.words.push(k.split(' ').map(String::from).collect());
            p.weight.push(g.total());
            p.written.push(written_as_name(&g.name));
        }
        for (i, k) in p.keys.iter().enumerate() {
            if let Some(last) = k.split(' ').next_back() {
                p.by_last.entry(last).or_default().push(i);
            }
            if let Some((first, _)) = k.split_once(' ') {
                p.by_first.entry(first).or_default().push(i);
            }
        }
        p.resolve_all();
        p
    }

    /// Resolve every short form, longest first.
    fn resolve_all(&mut self) {
        // Full names whose given names are forms of one name join first ("Vince Cable" with
        // "Vincent Cable"), so their short forms weigh them as one person.
        let full: Vec<usize> = (0..self.keys.len()).filter(|&i| self.written[i]).collect();
        let full_words: Vec<Vec<String>> = full.iter().map(|&i| self.words[i].clone()).collect();
        let full_weight: Vec<u64> = full.iter().map(|&i| self.weight[i]).collect();
        self.target = super::nicknames::joins(&full_words, &full_weight)
            .into_iter()
            .map(|(a, b)| (full[a], full[b]))
            .collect();
        // Longest first, so a middle form ("George Bush") is resolved before the shortest.
        // (Compared in place: a key that clones the name made this sort most of the build.)
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by(|&a, &b| {
            let (wa, wb) = (&self.words[a], &self.words[b]);
            wb.len().cmp(&wa.len()).then_with(|| self.keys[a].cmp(self.keys[b]))
        });
        for i in order {
            if self.target.contains_key(&i) {
                continue;
            }
            if let Some(t) = self.resolve(&self.words[i], 0) {
                self.target.insert(i, t);
            }
        }
    }

    /// The fuller person name that the words `w` stand for: the one candidate, or the clearly
    /// dominant one (candidates counted under their own final targets), with `against`
    /// paragraphs of other readings counting against it.
    pub(super) fn resolve(&self, w: &[String], against: u64) -> Option<usize> {
        let last = w.last()?;
        // "Mrs Howard" is no man's: her title kept, the name she can be is a woman's
        // or one whose given name gives no gender.
        let (w, woman) = match w {
            [title, rest @ ..] if !rest.is_empty() && is_female_title(title) => (rest, true),
            _ => (w, false),
        };
        let mut cands: HashMap<usize, u64> = HashMap::default();
        for &j in self.by_last.get(last.as_str())? {
            let wj = &self.words[j];
            let fits = !woman || wj.first().is_none_or(|g| !is_male_given_name(g));
            if fuller(w, wj)
                && self.written[j]
                && fits
                && !wj.first().is_some_and(|t| gaz::is_title(t))
            {
                *cands.entry(*self.target.get(&j).unwrap_or(&j)).or_default() += self.weight[j];
            }
        }
        // A lone word may be a given name: the people it begins count against every
        // surname reading, and are never its target themselves.
        let given: u64 = match w {
            [only] => self
                .by_first
                .get(only.as_str())
                .into_iter()
                .flatten()
                .filter(|&&j| self.words[j].last() != Some(only) && self.written[j])
                .map(|&j| self.weight[j])
                .sum(),
            _ => 0,
        };
        let mut c: Vec<(usize, u64)> = cands.into_iter().collect();
        c.sort_by(|a, b| b.1.cmp(&a.1).then(self.keys[a.0].cmp(self.keys[b.0])));
        let (&(t, top), rest) = c.split_first()?;
        // An initial fits many given names, and line-ups, where initials are written, name
        // players of one surname side by side ("S Williams" for Shane, not Serena): only
        // the one person the index knows with that initial is its reading.
        if !rest.is_empty() && w.iter().any(|x| x.len() == 1) {
            return None;
        }
        let others = against + given + rest.iter().map(|r| r.1).sum::<u64>();
        more_likely_than_not(top, others).then_some(t)
    }

    /// The last of a chain of targets: a joined name's target may itself have gone to a fuller
    /// name since.
    pub(super) fn last(&self, mut t: usize) -> usize {
        for _ in 0..self.keys.len() {
            match self.target.get(&t) {
                Some(&n) if n != t => t = n,
                _ => break,
            }
        }
        t
    }

    /// The group key of person `i`.
    pub(super) fn key(&self, i: usize) -> &'g String {
        self.keys[i]
    }

    /// Short form's group key -> its fuller person's group key.
    pub(super) fn final_keys(&self) -> HashMap<String, String> {
        self.target
            .keys()
            .map(|&i| (self.keys[i].clone(), self.keys[self.last(i)].clone()))
            .collect()
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
