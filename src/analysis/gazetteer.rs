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
pub(crate) fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim_end).filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// `key<TAB>value` lines (a line without a TAB maps to itself).
pub(crate) fn pairs(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
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

/// Given names the census list lacks or misgenders (`lexicon/given_names.txt`, hand-kept): they
/// win over [`FIRST_NAMES`] for gender, and count as given names for the rules, not the tagger.
static GIVEN_NAMES: LazyLock<HashMap<&'static str, Option<Gender>>> = LazyLock::new(|| {
    pairs(include_str!("lexicon/given_names.txt")).map(|(k, g)| (k, gender_of(g))).collect()
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

/// A 4,096-bit sieve over the (length, first byte, last byte) of a list's words: a word whose
/// bit is clear is not in the list, known without hashing it. Lists asked about nearly every
/// word of a text, of which they hold few, answer most words this way.
struct Sieve([u64; 64]);

impl Sieve {
    fn of<'a>(words: impl Iterator<Item = &'a str>) -> Sieve {
        let mut bits = [0u64; 64];
        for w in words {
            let s = Sieve::slot(w);
            bits[s >> 6] |= 1 << (s & 63);
        }
        Sieve(bits)
    }

    fn slot(w: &str) -> usize {
        let b = w.as_bytes();
        let (first, last) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
        let key = (b.len() as u64 & 0xff) | u64::from(first) << 8 | u64::from(last) << 16;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
    }

    /// False when `w` is surely not one of the words.
    fn may_hold(&self, w: &str) -> bool {
        let s = Sieve::slot(w);
        self.0[s >> 6] & (1 << (s & 63)) != 0
    }
}

/// [`TITLES`]' sieve.
static TITLE_SIEVE: LazyLock<Sieve> = LazyLock::new(|| Sieve::of(TITLES.keys().copied()));

/// Speech and attribution verbs, every surface form (lower case).
static SPEECH_VERBS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/speech_verbs.txt")).map(str::trim).collect());

/// Capitalised words that never start a name (months, days, "I").
static NON_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/non_names.txt")).map(str::trim).collect());

/// Words heading the name of a vehicle or a storm ("Shuttle", "Cyclone").
static THING_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/thing_words.txt")).map(str::trim).collect());

/// Nouns naming an organisation's kind before its name ("firm", "company").
static ORG_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/org_heads.txt")).map(str::trim).collect());

/// Nouns naming a work, product or event before its name ("film", "album", "console").
static WORK_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/work_words.txt")).map(str::trim).collect());

/// Last words of event and prize names ("Cup", "Awards").
static EVENT_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/event_words.txt")).map(str::trim).collect());

/// Words after a name that make it a thing's ("crude", "console").
static THING_AFTER: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/thing_after.txt")).map(str::trim).collect());

/// Words joining the parts of one name: word -> true when it joins only organisations' names.
static CONNECTORS: LazyLock<HashMap<&'static str, bool>> = LazyLock::new(|| {
    pairs(include_str!("lexicon/connectors.txt")).map(|(k, v)| (k, v == "org")).collect()
});

/// Small word lists of the entity rules, each a set.
static HEADLINE_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/headline_words.txt")).map(str::trim).collect());
static NAME_TITLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/name_titles.txt")).map(str::trim).collect());
static PLACE_PREPOSITIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    entries(include_str!("lexicon/place_prepositions.txt")).map(str::trim).collect()
});
static ACTING_VERBS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/acting_verbs.txt")).map(str::trim).collect());
static CONTEST_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/contest_words.txt")).map(str::trim).collect());

/// True for a word joining the parts of one name ("of", "de", and inside organisations "and").
pub fn is_connector(word: &str) -> bool {
    // Asked of every word after a capitalised one: the length test spares most of them a hash.
    static LONGEST: LazyLock<usize> =
        LazyLock::new(|| CONNECTORS.keys().map(|k| k.len()).max().unwrap_or(0));
    word.len() <= *LONGEST && CONNECTORS.contains_key(word)
}

/// True for a connector that joins only organisations' names ("and", "&", "the").
pub fn is_org_connector(word: &str) -> bool {
    CONNECTORS.get(word).copied().unwrap_or(false)
}

/// True for a function word as headline case writes it ("Into", "Of").
pub fn is_headline_word(word: &str) -> bool {
    HEADLINE_WORDS.contains(word)
}

/// True for a title (lower case, no trailing period) that ends names of its own ("king").
pub fn is_name_title(lower: &str) -> bool {
    NAME_TITLES.contains(lower)
}

/// True for a preposition of place ("in", "from").
pub fn is_place_preposition(word: &str) -> bool {
    PLACE_PREPOSITIONS.contains(word)
}

/// True for a verb that makes a country before it act ("won", "fired").
pub fn is_acting_verb(word: &str) -> bool {
    ACTING_VERBS.contains(word)
}

/// True for a word that makes the name after it a side in a contest ("defeated", "v").
pub fn is_contest_word(word: &str) -> bool {
    CONTEST_WORDS.contains(word)
}

/// Party labels before a politician's name ("Tory", "Lib Dem").
static PARTY_LABELS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/party_labels.txt")).map(str::trim).collect());

/// True for a party label written before a politician's name ("Tory Liam Fox").
pub fn is_party_label(name: &str) -> bool {
    PARTY_LABELS.contains(name)
}

/// The lexicons whose memberships are the NER model's features, as (file, text): the model
/// records their hash ([`super::tagger`]'s test reads `model/ner.lexicons`).
pub const TAGGER_LEXICONS: [(&str, &str); 11] = [
    ("first_names.txt", include_str!("lexicon/first_names.txt")),
    ("places.txt", include_str!("lexicon/places.txt")),
    ("countries.txt", include_str!("lexicon/countries.txt")),
    ("place_aliases.txt", include_str!("lexicon/place_aliases.txt")),
    ("demonyms.txt", include_str!("lexicon/demonyms.txt")),
    ("demonym_aliases.txt", include_str!("lexicon/demonym_aliases.txt")),
    ("common_words.txt", include_str!("lexicon/common_words.txt")),
    ("orgs.txt", include_str!("lexicon/orgs.txt")),
    ("org_words.txt", include_str!("lexicon/org_words.txt")),
    ("facility_words.txt", include_str!("lexicon/facility_words.txt")),
    ("titles.txt", include_str!("lexicon/titles.txt")),
];

/// The hash of [`TAGGER_LEXICONS`]: each file's name and text, in order (xxh3, hex).
pub fn tagger_lexicons_hash() -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, text) in TAGGER_LEXICONS {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(text.as_bytes());
        h.update(&[0]);
    }
    format!("{:016x}", h.digest())
}

/// True for a lower-case noun naming an organisation's kind before its name ("oil firm Yukos").
pub fn is_org_head(word: &str) -> bool {
    ORG_HEADS.contains(word)
}

/// True for a lower-case noun naming a work, product or event before its name ("the film Ray").
pub fn is_work_head(word: &str) -> bool {
    WORK_WORDS.contains(word)
}

/// True for the last word of an event's or prize's name ("Davis Cup", "Academy Awards").
pub fn is_event_last(word: &str) -> bool {
    EVENT_WORDS.contains(word)
}

/// Products, models and software that are no actors (`lexicon/products.txt`).
static PRODUCTS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/products.txt")).map(str::trim).collect());

/// True for a product's, a model's or a program's name ("iPod", "Xbox 360", "Windows").
pub fn is_product(name: &str) -> bool {
    PRODUCTS.contains(name)
}

/// Words beside a name that make it a work's (`lexicon/work_cues.txt`): (after, before "in").
static WORK_CUES: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> = LazyLock::new(|| {
    let (mut after, mut before) = (HashSet::default(), HashSet::default());
    for (side, w) in pairs(include_str!("lexicon/work_cues.txt")) {
        if side == "after" {
            after.insert(w)
        } else {
            before.insert(w)
        };
    }
    (after, before)
});

/// True for a word right after a name that makes it a work's when a name follows ("Vera Drake
/// star Imelda Staunton").
pub fn is_work_cue_after(word: &str) -> bool {
    WORK_CUES.0.contains(word)
}

/// True for a word before "in" that makes the name after it a work's ("her performance in Ray").
pub fn is_work_cue_before(word: &str) -> bool {
    WORK_CUES.1.contains(word)
}

/// True for a lower-case word that makes the name before it a thing's ("Brent crude").
pub fn is_thing_after(word: &str) -> bool {
    THING_AFTER.contains(word)
}

/// Every list a word can be in, as [`WordClasses`] bits: the tagger asks all of these of every
/// capitalised word, and one look-up per letter case replaces a dozen.
static EXACT_CLASSES: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, u16> = HashMap::default();
    let mut add = |words: &mut dyn Iterator<Item = &'static str>, bit: u16| {
        for w in words {
            *m.entry(w).or_default() |= bit;
        }
    };
    add(&mut FIRST_NAMES.keys().copied(), WordClasses::FIRST_NAME);
    add(&mut PLACES.iter().copied(), WordClasses::PLACE);
    add(&mut COUNTRIES.keys().copied(), WordClasses::PLACE | WordClasses::COUNTRY);
    add(&mut ORGS.iter().copied(), WordClasses::KNOWN_ORG);
    add(&mut ORG_WORDS.0.iter().chain(&ORG_WORDS.1).copied(), WordClasses::ORG_WORD);
    add(&mut FACILITY_WORDS.0.iter().chain(&FACILITY_WORDS.1).copied(), WordClasses::FACILITY);
    add(&mut DEMONYMS.keys().copied(), WordClasses::DEMONYM);
    m
});

/// The lists looked up in lower case, as [`WordClasses`] bits.
static LOWER_CLASSES: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, u16> = HashMap::default();
    for w in COMMON.iter() {
        *m.entry(w).or_default() |= WordClasses::COMMON;
    }
    for w in TITLES.keys() {
        *m.entry(w).or_default() |= WordClasses::TITLE;
    }
    m
});

/// The lists a word is in: what [`is_first_name`], [`is_place`], [`country`], [`is_known_org`],
/// [`is_org_last`] or [`is_org_first`], [`is_facility_last`] or [`is_facility_first`],
/// [`demonym`], [`is_common_word`] and [`is_title`] say of it, at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordClasses(pub u16);

impl WordClasses {
    // These are the tagger's `Obs::lex` bits for the lists, which the shipped model's features
    // hash: never renumber them.
    /// [`is_first_name`].
    pub const FIRST_NAME: u16 = 1;
    /// [`is_place`].
    pub const PLACE: u16 = 1 << 1;
    /// [`country`] is some.
    pub const COUNTRY: u16 = 1 << 2;
    /// [`is_known_org`].
    pub const KNOWN_ORG: u16 = 1 << 3;
    /// [`is_title`].
    pub const TITLE: u16 = 1 << 4;
    /// [`is_org_last`] or [`is_org_first`].
    pub const ORG_WORD: u16 = 1 << 5;
    /// [`is_facility_last`] or [`is_facility_first`].
    pub const FACILITY: u16 = 1 << 6;
    /// [`is_common_word`].
    pub const COMMON: u16 = 1 << 7;
    /// [`demonym`] is some.
    pub const DEMONYM: u16 = 1 << 8;

    /// True when the word is in the list `bit` stands for.
    pub fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }
}

/// Every list `word` is in (two look-ups where asking each list is a dozen).
pub fn classes(word: &str) -> WordClasses {
    let mut bits = EXACT_CLASSES.get(word).copied().unwrap_or(0);
    // `country` also reads a curly apostrophe as a straight one; without one, the look-up
    // above has already answered (asking `country` again would repeat it for every word).
    if bits & WordClasses::COUNTRY == 0 && word.contains('’') && country(word).is_some() {
        bits |= WordClasses::COUNTRY;
    }
    let lower = |w: &str| with_lower(w, |w| LOWER_CLASSES.get(w).copied().unwrap_or(0));
    let here = lower(word);
    bits |= here & WordClasses::COMMON;
    // A title may be abbreviated ("Mr."), as `is_title` allows.
    bits |= match word.strip_suffix('.') {
        Some(w) => lower(w),
        None => here,
    } & WordClasses::TITLE;
    WordClasses(bits)
}

/// True for a word heading the name of a vehicle or a storm, in any case ("Cyclone Phailin").
pub fn is_thing_head(word: &str) -> bool {
    with_lower(word, |w| THING_WORDS.contains(w))
}

/// True for a capitalised word that is never a name ("Monday", "September", "I").
pub fn is_non_name(word: &str) -> bool {
    NON_NAMES.contains(word)
}

/// True when `w` is ASCII without an upper-case letter: [`with_lower`] passes it unchanged.
pub(crate) fn is_lower(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// Call `f` with `w` in ASCII lower case, without allocating for short words.
pub(crate) fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    // Most words asked about are lower case already (every word of a text is checked for a
    // speech verb and a title): no copy for them.
    if is_lower(w) {
        return f(w);
    }
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

/// Titles of peers, lower case (`lexicon/peer_titles.txt`).
static PEER_TITLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/peer_titles.txt")).map(str::trim).collect());

/// True for a peer's title ("Lord", "Baroness"), any letter case.
pub fn is_peer_title(word: &str) -> bool {
    with_lower(word, |w| PEER_TITLES.contains(w))
}

/// True for a given name of either list: the census's ([`is_first_name`], which the tagger's
/// features use) or the hand-kept one of names from elsewhere ("Ewan", "Nikolay", "Fabrice").
pub fn is_given_name(word: &str) -> bool {
    FIRST_NAMES.contains_key(word) || GIVEN_NAMES.contains_key(word)
}

/// The usual gender of a given name; none for a name borne by men and women alike ("Kim",
/// [`UNISEX_NAMES`]).
pub fn first_name_gender(word: &str) -> Option<Gender> {
    if UNISEX_NAMES.contains(word) {
        return None;
    }
    match GIVEN_NAMES.get(word) {
        Some(g) => *g,
        None => FIRST_NAMES.get(word).copied().flatten(),
    }
}

/// Given names both sexes bear about as often ("Morgan", "Jamie"): they tell no gender, so a
/// pronoun is not kept from, or sent to, their bearer on the census's majority alone.
static UNISEX_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("lexicon/unisex_names.txt")).map(str::trim).collect());

/// True when `word`, lower-cased, is an ordinary English word.
pub fn is_common_word(word: &str) -> bool {
    with_lower(word, |w| COMMON.contains(w))
}

/// True for an organisation known by name ("Taliban", "Reuters").
pub fn is_known_org(name: &str) -> bool {
    ORGS.contains(name)
}

/// Sport clubs (`lexicon/clubs.txt`, organisations) and grounds (`lexicon/grounds.txt`, places).
static CLUBS_AND_GROUNDS: LazyLock<HashMap<&'static str, super::Kind>> = LazyLock::new(|| {
    let clubs = entries(include_str!("lexicon/clubs.txt")).map(|c| (c.trim(), super::Kind::Org));
    let grounds =
        entries(include_str!("lexicon/grounds.txt")).map(|g| (g.trim(), super::Kind::Place));
    clubs.chain(grounds).collect()
});

/// The kind of a sport club ("Everton": org) or ground ("Anfield": place) known by name.
pub fn club_or_ground(name: &str) -> Option<super::Kind> {
    CLUBS_AND_GROUNDS.get(name).copied()
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
    with_lower(w, |w| TITLE_SIEVE.may_hold(w) && TITLES.contains_key(w))
}

/// The gender a title implies ("Ms" -> female).
pub fn title_gender(word: &str) -> Option<Gender> {
    let w = word.strip_suffix('.').unwrap_or(word);
    with_lower(w, |w| TITLES.get(w).copied().flatten())
}

/// Every listed speech verb form (lower case), in no particular order.
pub(crate) fn speech_verbs() -> impl Iterator<Item = &'static str> {
    SPEECH_VERBS.iter().copied()
}

/// True for a speech or attribution verb form ("said", "tweeted").
pub fn is_speech_verb(word: &str) -> bool {
    with_lower(word, |w| SPEECH_VERBS.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`classes`] says what every single-list function says, for every listed word in the
    /// letter cases and spellings the analysis meets.
    #[test]
    fn classes_agree_with_each_list() {
        let listed = EXACT_CLASSES.keys().chain(LOWER_CLASSES.keys()).copied();
        let mut words: Vec<String> = Vec::new();
        for w in listed.chain(["", "x", "Mr.", "People’s", "UNKNOWNWORD", "Über", "said"]) {
            let mut cap = w.to_lowercase();
            if let Some(f) = cap.get(..1) {
                cap = f.to_uppercase() + &cap[1..];
            }
            words.extend([w.to_string(), w.to_lowercase(), w.to_uppercase(), cap]);
            words.extend([format!("{w}."), w.replace('\'', "’")]);
        }
        for w in &words {
            let c = classes(w);
            let expect = [
                (WordClasses::FIRST_NAME, is_first_name(w)),
                (WordClasses::PLACE, is_place(w)),
                (WordClasses::COUNTRY, country(w).is_some()),
                (WordClasses::KNOWN_ORG, is_known_org(w)),
                (WordClasses::ORG_WORD, is_org_last(w) || is_org_first(w)),
                (WordClasses::FACILITY, is_facility_last(w) || is_facility_first(w)),
                (WordClasses::DEMONYM, demonym(w).is_some()),
                (WordClasses::COMMON, is_common_word(w)),
                (WordClasses::TITLE, is_title(w)),
            ];
            for (bit, on) in expect {
                assert_eq!(c.has(bit), on, "{w:?}: bit {bit}");
            }
        }
    }

    /// A sieve never turns away a word of its list.
    #[test]
    fn sieve_holds_every_title() {
        assert!(TITLES.keys().all(|w| TITLE_SIEVE.may_hold(w)));
        assert!(is_title("spokeswoman") && is_title("Spokeswoman") && is_title("MR."));
        // Most other words are turned away without a look-up.
        let other = ["the", "said", "government", "on", "people", "would", "year", "after"];
        assert!(other.iter().filter(|w| TITLE_SIEVE.may_hold(w)).count() <= 3);
    }

    /// The hand-kept given names add names the census lacks and take the gender from names
    /// borne by men and women alike; the tagger's own list stays as it was trained.
    #[test]
    fn given_names_from_elsewhere_and_shared_names() {
        assert!(is_given_name("Ewan") && is_given_name("Nikolay") && !is_first_name("Ewan"));
        assert!(is_given_name("Patricia"));
        for shared in ["Kim", "Morgan", "Sandy"] {
            assert!(is_given_name(shared));
            assert_eq!(first_name_gender(shared), None, "{shared}");
        }
        assert_eq!(first_name_gender("Fabrice"), Some(Gender::Male));
        assert_eq!(first_name_gender("Niamh"), Some(Gender::Female));
        assert_eq!(first_name_gender("Patricia"), Some(Gender::Female));
        assert!(is_peer_title("Lord") && is_peer_title("baroness") && !is_peer_title("Mr"));
        assert!(is_product("iPod") && is_product("Xbox 360") && !is_product("Microsoft"));
        assert!(is_work_cue_after("star") && is_work_cue_before("performance"));
    }

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
