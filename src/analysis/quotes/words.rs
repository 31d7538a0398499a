//! The closed word classes of the quote rules, from `lexicon/quote_words.txt`,
//! `lexicon/pronouns.txt` and `lexicon/source_nouns.txt`, parsed once into one map (word -> class
//! bits) so that a word is looked up once for all its classes.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::gazetteer::{self as gaz, Gender};

/// A set of word classes (bits).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(super) struct Class(u64);

impl Class {
    /// Between a source and its verb ("has", "also").
    pub const AUXILIARY: Class = Class(1);
    /// Forms of "be".
    pub const COPULA: Class = Class(1 << 1);
    /// Opens a nominal source ("the", "another").
    pub const DETERMINER: Class = Class(1 << 2);
    /// "its", "his", "her", "their".
    pub const POSSESSIVE: Class = Class(1 << 3);
    /// Makes a following speech-verb form a noun ("the report").
    pub const NOUN_MARKER: Class = Class(1 << 4);
    /// Cannot open a source phrase.
    pub const BAD_START: Class = Class(1 << 5);
    /// Cannot end a source phrase.
    pub const BAD_END: Class = Class(1 << 6);
    /// Marks a clause in a would-be source's head.
    pub const CLAUSE: Class = Class(1 << 7);
    /// Ends a source phrase read backwards.
    pub const PHRASE_BREAK: Class = Class(1 << 8);
    /// Opens a sentence-initial adverbial.
    pub const ADVERBIAL: Class = Class(1 << 9);
    /// A speech verb that may take an addressee ("told").
    pub const ADDRESSEE: Class = Class(1 << 10);
    /// A speech verb that also takes a plain object ("announced").
    pub const OBJECT_VERB: Class = Class(1 << 11);
    /// A word that shows a clause ("was", "would").
    pub const FINITE: Class = Class(1 << 12);
    /// A speech verb only next to a quotation ("continued:").
    pub const QUOTE_ONLY: Class = Class(1 << 13);
    /// A personal pronoun ("he", "they", "it").
    pub const PRONOUN: Class = Class(1 << 14);
    /// A pronoun that is a person ("he", "they", not "it").
    pub const PERSON_PRONOUN: Class = Class(1 << 15);
    /// A common noun that can be a source ("officials", "the report").
    pub const SOURCE_NOUN: Class = Class(1 << 16);
    /// A preposition that makes the name after it a complement ("the MP for Sheppey").
    pub const PREPOSITION: Class = Class(1 << 17);
    /// A role noun missing from the title list ("MP", "head").
    pub const ROLE: Class = Class(1 << 18);
    /// An honorific: a title that is no role ("Mr", "Dr").
    pub const HONORIFIC: Class = Class(1 << 19);
    /// Not a class of words: the section of role synonym groups (one group a line).
    const ROLE_GROUP: Class = Class(1 << 20);
    /// A verb reporting speech with a speech noun as object ("rejected calls").
    pub const STANCE_VERB: Class = Class(1 << 21);
    /// A noun naming what someone said ("calls", "claims").
    pub const SPEECH_NOUN: Class = Class(1 << 22);
    /// A form of "call" ("called for").
    pub const CALL_VERB: Class = Class(1 << 23);
    /// A post modifier that makes a different post ("deputy", "shadow", "former").
    pub const RANK: Class = Class(1 << 24);
    /// A noun of someone or something speaking for a body ("spokesman", "statement").
    pub const SPEAKS_FOR: Class = Class(1 << 25);
    /// An auxiliary that makes a speech verb hypothetical ("would", "might").
    pub const HYPOTHETICAL: Class = Class(1 << 26);
    /// An adverb that makes a future speech verb a guess ("undoubtedly").
    pub const EPISTEMIC: Class = Class(1 << 27);
    /// A common noun that refers back to an organisation ("the firm", "the band").
    pub const ORG_NOUN: Class = Class(1 << 28);
    /// A listed speech verb form: exactly [`gaz::is_speech_verb`], kept here so that the cue
    /// test, asked of every word of a text, needs one look-up instead of two.
    pub const SPEECH_VERB: Class = Class(1 << 29);
    /// A verb of accusing that reports what it charges someone with ("accused Y of …").
    pub const ACCUSE_VERB: Class = Class(1 << 30);
    /// A noun of a document that speaks for its authors ("the report", "a survey").
    pub const REPORT_NOUN: Class = Class(1 << 31);
    /// A noun that describes a person the passage is about ("the Welshman", "the striker").
    pub const EPITHET: Class = Class(1 << 32);
    /// A participle of making a report ("carried out", "conducted") before its maker's "by".
    pub const MAKING: Class = Class(1 << 33);
    /// A noun of a publication ("magazine", "paper").
    pub const PUBLICATION: Class = Class(1 << 34);
    /// A word in a publication's name ("Times", "Herald").
    pub const PRESS_WORD: Class = Class(1 << 35);
    /// A preposition that also opens a clause ("after it said", "before Agassi confirmed").
    pub const SUBORDINATOR: Class = Class(1 << 36);

    /// Classes matched only by a word written in lower case.
    const EXACT: Class = Class(Class::AUXILIARY.0 | Class::DETERMINER.0);

    fn of_section(name: &str) -> Option<Class> {
        Some(match name {
            "auxiliary" => Class::AUXILIARY,
            "copula" => Class::COPULA,
            "determiner" => Class::DETERMINER,
            "possessive" => Class::POSSESSIVE,
            "noun_marker" => Class::NOUN_MARKER,
            "bad_start" => Class::BAD_START,
            "bad_end" => Class::BAD_END,
            "clause" => Class::CLAUSE,
            "phrase_break" => Class::PHRASE_BREAK,
            "adverbial" => Class::ADVERBIAL,
            "addressee" => Class::ADDRESSEE,
            "object_verb" => Class::OBJECT_VERB,
            "finite" => Class::FINITE,
            "quote_only" => Class::QUOTE_ONLY,
            "preposition" => Class::PREPOSITION,
            "role" => Class::ROLE,
            "honorific" => Class::HONORIFIC,
            "role_group" => Class::ROLE_GROUP,
            "stance_verb" => Class::STANCE_VERB,
            "speech_noun" => Class::SPEECH_NOUN,
            "call_verb" => Class::CALL_VERB,
            "rank" => Class::RANK,
            "speaks_for" => Class::SPEAKS_FOR,
            "hypothetical" => Class::HYPOTHETICAL,
            "epistemic" => Class::EPISTEMIC,
            "org_noun" => Class::ORG_NOUN,
            "accuse_verb" => Class::ACCUSE_VERB,
            "report_noun" => Class::REPORT_NOUN,
            "epithet" => Class::EPITHET,
            "making" => Class::MAKING,
            "publication" => Class::PUBLICATION,
            "press_word" => Class::PRESS_WORD,
            "subordinator" => Class::SUBORDINATOR,
            _ => return None,
        })
    }

    pub(super) fn has(self, c: Class) -> bool {
        self.0 & c.0 != 0
    }
}

/// Word -> classes, pronoun genders, role synonym groups.
struct Lexicon {
    classes: HashMap<&'static str, Class>,
    genders: HashMap<&'static str, Gender>,
    /// Role noun -> the number of its synonym group.
    role_groups: HashMap<&'static str, usize>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut classes: HashMap<&'static str, Class> = HashMap::default();
    let mut add = |w: &'static str, c: Class| classes.entry(w).or_default().0 |= c.0;
    let mut section = None;
    let mut role_groups = HashMap::default();
    for (n, line) in gaz::entries(include_str!("../lexicon/quote_words.txt")).enumerate() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Class::of_section(name);
            // A misspelt section would silently empty a class: fail on first use instead.
            assert!(section.is_some(), "lexicon/quote_words.txt: unknown class [{name}]");
        } else if section == Some(Class::ROLE_GROUP) {
            for w in line.split_whitespace() {
                role_groups.insert(w, n);
            }
        } else if let Some(c) = section {
            add(line, c);
        }
    }
    for w in gaz::entries(include_str!("../lexicon/source_nouns.txt")) {
        add(w.trim(), Class::SOURCE_NOUN);
    }
    let mut genders = HashMap::default();
    for (w, g) in gaz::pairs(include_str!("../lexicon/pronouns.txt")) {
        add(w, Class::PRONOUN);
        if g != "n" {
            add(w, Class::PERSON_PRONOUN);
        }
        match g {
            "m" => drop(genders.insert(w, Gender::Male)),
            "f" => drop(genders.insert(w, Gender::Female)),
            _ => {}
        }
    }
    // Every key carries SPEECH_VERB exactly when `gaz::is_speech_verb` says so, and every
    // speech verb is a key: then `classes(w)` has the bit exactly for the speech verbs, in any
    // letter case (a key answers for itself; another word is looked up in lower case).
    for v in gaz::speech_verbs().filter(|&v| gaz::is_speech_verb(v)) {
        classes.entry(v).or_default();
    }
    for (w, c) in classes.iter_mut() {
        c.0 &= !Class::SPEECH_VERB.0;
        if gaz::is_speech_verb(w) {
            c.0 |= Class::SPEECH_VERB.0;
        }
    }
    Lexicon { classes, genders, role_groups }
});

/// The classes of word `w` (case ignored except for the exact classes).
pub(super) fn classes(w: &str) -> Class {
    let lex = &*LEXICON;
    match lex.classes.get(w) {
        Some(&c) => c,
        // A word already in lower case (nearly every word) would be looked up again unchanged.
        None if gaz::is_lower(w) => Class::default(),
        None => {
            let c = gaz::with_lower(w, |l| lex.classes.get(l).copied().unwrap_or_default());
            Class(c.0 & !Class::EXACT.0)
        }
    }
}

/// True when word `w` is in class `c`.
pub(super) fn is(w: &str, c: Class) -> bool {
    classes(w).has(c)
}

/// Words that can stand between a source and its verb ("has", "also", "repeatedly").
pub(super) fn is_aux(w: &str) -> bool {
    // Adverbs in -ly ("repeatedly", "immediately") sit between a subject and its verb.
    (w.len() > 4 && w.ends_with("ly") && w.starts_with(|c: char| c.is_ascii_lowercase()))
        || is(w, Class::AUXILIARY)
}

/// A personal pronoun ("he", "They", "it").
pub(super) fn is_pronoun(w: &str) -> bool {
    is(w, Class::PRONOUN)
}

/// The gender a pronoun gives its antecedent ("he" -> male); `None` for "they", "we", "I".
pub(super) fn pronoun_gender(w: &str) -> Option<Gender> {
    gaz::with_lower(w, |l| LEXICON.genders.get(l).copied())
}

/// True when role nouns `a` and `b` name the same post ("head" and "chairman"), case ignored.
pub(super) fn same_role(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let group = |w: &str| gaz::with_lower(w, |l| LEXICON.role_groups.get(l).copied());
    group(a).is_some_and(|g| group(b) == Some(g))
}

/// A word that makes a would-be source a clause or a thing: a form of "be", "it", "this".
pub(super) fn is_predicate_word(w: &str) -> bool {
    let c = classes(w);
    c.has(Class::COPULA)
        || (c.has(Class::PRONOUN) && !c.has(Class::PERSON_PRONOUN))
        || w.eq_ignore_ascii_case("this")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_load_and_keep_case_rules() {
        assert!(is_aux("has") && !is_aux("Has"));
        assert!(is("The", Class::BAD_END) && is("the", Class::DETERMINER));
        assert!(!is("The", Class::DETERMINER));
        assert!(is_pronoun("He") && is("she", Class::PERSON_PRONOUN));
        assert!(is_pronoun("it") && !is("it", Class::PERSON_PRONOUN));
        assert_eq!(pronoun_gender("She"), Some(Gender::Female));
        assert_eq!(pronoun_gender("they"), None);
        assert!(is("officials", Class::SOURCE_NOUN));
        assert!(is("posted", Class::QUOTE_ONLY) && is("announced", Class::OBJECT_VERB));
        assert!(same_role("head", "Chairman") && same_role("MP", "mp") && !same_role("mp", "head"));
    }

    /// The speech-verb class says what the gazetteer's speech-verb list says, for every listed
    /// word in the letter cases a text writes it, and for words in neither list.
    #[test]
    fn speech_verb_class_matches_the_list() {
        let listed = LEXICON.classes.keys().copied().chain(gaz::speech_verbs());
        let others =
            ["", "x", "Said", "SAID", "Tweeted", "rejected", "The", "Über", "sAiD", "said."];
        let mut checked = 0;
        for w in listed.chain(others) {
            let mut cap = w.to_lowercase();
            if let Some(f) = cap.get(..1) {
                cap = f.to_uppercase() + &cap[1..];
            }
            for v in [w.to_string(), w.to_lowercase(), w.to_uppercase(), cap] {
                assert_eq!(is(&v, Class::SPEECH_VERB), gaz::is_speech_verb(&v), "{v:?}");
                checked += usize::from(gaz::is_speech_verb(&v));
            }
        }
        assert!(checked > 100, "too few speech verbs checked: {checked}");
    }
}
