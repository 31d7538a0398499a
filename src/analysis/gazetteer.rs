//! Gazetteers and word lists: the data the rule-based analysis looks words up in.
//!
//! Every list is a data file under `lexicon/` (one entry a line, `#` comments),
//! compiled in with `include_str!` and parsed once on first use (`LazyLock`).
//! The generated lists (countries, demonyms, places, first names, common words)
//! come from maintained data sets via `scripts/gen_lexicons.py`; the short
//! hand-kept lists (titles, organisation cue words, speech verbs, aliases) are
//! edited by hand. Look-ups never allocate for ASCII words up to 48 bytes.

use std::sync::LazyLock;

// Every word of every article is looked up here, several times: std's SipHash (made to resist
// flooding by untrusted keys; these keys are our own lists) took 7% of an ingest.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Grammatical gender a title or first name suggests (for pronoun resolution).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// he / him / his.
    Male,
    /// she / her.
    Female,
}

/// The entries of a list file: trimmed, non-empty, non-comment lines.
fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim_end).filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// `key<TAB>value` lines (a line without a TAB maps to itself).
fn pairs(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    entries(data).map(|l| match l.split_once('\t') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => (l.trim(), l.trim()),
    })
}

fn gender_of(s: &str) -> Option<Gender> {
    match s {
        "m" => Some(Gender::Male),
        "f" => Some(Gender::Female),
        _ => None,
    }
}

/// Country names and aliases ("U.S.", "Britain") -> canonical country name.
static COUNTRIES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m: HashMap<_, _> = pairs(include_str!("lexicon/countries.txt")).collect();
    for (k, v) in pairs(include_str!("lexicon/place_aliases.txt")) {
        m.insert(k, v);
    }
    m
});

/// Cities, capitals, states, provinces, continents and regions.
static PLACES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/places.txt")).map(str::trim).collect());

/// Demonyms ("Chinese") -> canonical country ("China").
static DEMONYMS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m: HashMap<_, _> = pairs(include_str!("lexicon/demonyms.txt")).collect();
    for (k, v) in pairs(include_str!("lexicon/demonym_aliases.txt")) {
        m.insert(k, v);
    }
    m
});

/// Given names with their usual gender.
static FIRST_NAMES: LazyLock<HashMap<&'static str, Option<Gender>>> = LazyLock::new(|| {
    pairs(include_str!("lexicon/first_names.txt")).map(|(k, g)| (k, gender_of(g))).collect()
});

/// Lower-case English words (a capitalised word in this list may just start a sentence).
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/common_words.txt")).map(str::trim).collect());

/// Organisations named without a cue word.
static ORGS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/orgs.txt")).map(str::trim).collect());

/// Words ending an organisation's name, and (second set) words starting one.
static ORG_WORDS: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> =
    LazyLock::new(|| last_and_first(include_str!("lexicon/org_words.txt")));

/// Words ending a place name (buildings, sites, geographic features), and (second set) words
/// starting one.
static FACILITY_WORDS: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> =
    LazyLock::new(|| last_and_first(include_str!("lexicon/facility_words.txt")));

/// A list of words that end a name, and (marked `+word`) words that start one.
fn last_and_first(list: &'static str) -> (HashSet<&'static str>, HashSet<&'static str>) {
    let mut last = HashSet::default();
    let mut first = HashSet::default();
    for l in entries(list) {
        match l.trim().strip_prefix('+') {
            Some(w) => first.insert(w),
            None => last.insert(l.trim()),
        };
    }
    (last, first)
}

/// Titles and roles (lower case) with the gender they imply, if any.
static TITLES: LazyLock<HashMap<&'static str, Option<Gender>>> = LazyLock::new(|| {
    pairs(include_str!("lexicon/titles.txt")).map(|(k, g)| (k, gender_of(g))).collect()
});

/// Speech and attribution verbs, every surface form (lower case).
static SPEECH_VERBS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/speech_verbs.txt")).map(str::trim).collect());

/// Capitalised words that never start a name (months, days, "I").
static NON_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/non_names.txt")).map(str::trim).collect());

/// Words heading the name of a vehicle or a storm ("Shuttle", "Cyclone").
static THING_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/thing_words.txt")).map(str::trim).collect());

/// True for a word heading the name of a vehicle or a storm, in any case ("Cyclone Phailin").
pub fn is_thing_head(word: &str) -> bool {
    with_lower(word, |w| THING_WORDS.contains(w))
}

/// True for a capitalised word that is never a name ("Monday", "September", "I").
pub fn is_non_name(word: &str) -> bool {
    NON_NAMES.contains(word)
}

/// Call `f` with `w` in ASCII lower case, without allocating for short words.
fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 48];
    if w.len() <= buf.len() && w.is_ascii() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        // ASCII in, ASCII out: always valid UTF-8.
        match std::str::from_utf8(b) {
            Ok(s) => f(s),
            Err(_) => f(w),
        }
    } else {
        f(&w.to_lowercase())
    }
}

/// The canonical country for a country name or alias ("U.S." -> "United States").
pub fn country(name: &str) -> Option<&'static str> {
    COUNTRIES.get(name).copied().or_else(|| {
        // The list spells apostrophes straight ("People's Republic of China").
        name.contains('’')
            .then(|| COUNTRIES.get(name.replace('’', "'").as_str()).copied())
            .flatten()
    })
}

/// True for a known place name (country, alias, city, state, continent, region).
pub fn is_place(name: &str) -> bool {
    PLACES.contains(name) || COUNTRIES.contains_key(name)
}

/// The canonical place name: the country for a country alias, else the name itself.
pub fn canonical_place(name: &str) -> Option<&str> {
    if let Some(c) = country(name) {
        return Some(c);
    }
    PLACES.get(name).copied()
}

/// The country a demonym names ("Chinese" -> "China").
pub fn demonym(word: &str) -> Option<&'static str> {
    DEMONYMS.get(word).copied()
}

/// True for a known given name ("Patricia").
pub fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains_key(word)
}

/// The usual gender of a given name.
pub fn first_name_gender(word: &str) -> Option<Gender> {
    FIRST_NAMES.get(word).copied().flatten()
}

/// True when `word`, lower-cased, is an ordinary English word.
pub fn is_common_word(word: &str) -> bool {
    with_lower(word, |w| COMMON.contains(w))
}

/// True for an organisation known by name ("Taliban", "Reuters").
pub fn is_known_org(name: &str) -> bool {
    ORGS.contains(name)
}

/// True for a word that ends organisation names ("Party", "Ministry").
pub fn is_org_last(word: &str) -> bool {
    ORG_WORDS.0.contains(word)
}

/// True for a word that starts organisation names ("University" of ...).
pub fn is_org_first(word: &str) -> bool {
    ORG_WORDS.1.contains(word)
}

/// True for a word that ends the name of a building, site or geographic feature ("Stadium",
/// "Center", "River"): such a name is a place, not an organisation.
pub fn is_facility_last(word: &str) -> bool {
    FACILITY_WORDS.0.contains(word)
}

/// True for a word that starts the name of a site or geographic feature ("Museum" of ...,
/// "Lake", "Mount").
pub fn is_facility_first(word: &str) -> bool {
    FACILITY_WORDS.1.contains(word)
}

/// True for a title or role word ("President", "spokesman", "Mr.").
pub fn is_title(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    with_lower(w, |w| TITLES.contains_key(w))
}

/// The gender a title implies ("Ms" -> female).
pub fn title_gender(word: &str) -> Option<Gender> {
    let w = word.strip_suffix('.').unwrap_or(word);
    with_lower(w, |w| TITLES.get(w).copied().flatten())
}

/// True for a speech or attribution verb form ("said", "tweeted").
pub fn is_speech_verb(word: &str) -> bool {
    with_lower(word, |w| SPEECH_VERBS.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_answer() {
        assert_eq!(country("U.S."), Some("United States"));
        assert_eq!(country("United States"), Some("United States"));
        assert_eq!(demonym("Chinese"), Some("China"));
        assert!(is_place("Kabul") && is_place("Beijing") && is_place("Texas"));
        assert!(is_first_name("Patricia"));
        assert_eq!(title_gender("Ms"), Some(Gender::Female));
        assert!(is_title("spokesman") && is_title("President") && is_title("Mr."));
        assert!(is_speech_verb("tweeted") && is_speech_verb("Said"));
        assert!(is_common_word("Without") && !is_common_word("Mujahid"));
        assert!(is_known_org("Taliban") && is_org_last("Party") && is_org_first("University"));
        assert!(
            is_facility_last("Stadium")
                && is_facility_first("Museum")
                && !is_facility_last("Party")
        );
    }
}
