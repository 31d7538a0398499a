//! Ranking choices beyond tantivy's BM25, each chosen by measurement (README, Ranking): what a
//! title match weighs, which query words are dropped as stop words, and what a topic word
//! inside the speaker's own quotes adds in a "what did X say about Y" query.

use std::collections::HashSet;
use std::sync::LazyLock;

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::query::{Clause, Node, Target};
use super::schema::{Fields, said_token, slot_said_token, sole_said_token};
use super::search::Hit;
use crate::analysis::gazetteer::entries;

/// Weight of a title match against a text match. Chosen on CISI, the one collection of
/// TIME, MED and CISI with titles (nDCG@10 / MAP): title 2.0 0.314 / 0.170, 1.0 0.352 / 0.194,
/// 0.5 0.368 / 0.203, 0.25 0.364 / 0.199, text only 0.345 / 0.188. A title is evidence about
/// the article, so it helps, but at 1 or more a word in a short title outweighs the paragraph
/// that says it.
pub(super) const TITLE_WEIGHT: f32 = 0.5;

/// A topic word inside the speaker's own quotes adds this share of its BM25 on the paragraph
/// text again (see [`quote_bonus`]). Chosen on the who-said-what set (eval/who-said-what,
/// `--speaker` nDCG@10): no bonus 0.808; a constant 50 per word (first version, above any
/// BM25) 0.813, constant 2 0.816, 5 0.814; a share of 0.5 0.817, 0.75 0.818, 1 0.818, 1.5
/// 0.815, 2 0.814. 1 is the middle of the plateau: the word counts twice in the speaker's mouth.
pub(super) const QUOTE_SHARE: f32 = 1.0;

/// Lucene's English stop list without "no" and "not" (the data file says why).
static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    entries(include_str!("../analysis/lexicon/query_stop_words.txt")).map(str::trim).collect()
});

/// A plain word of the default fields on the query stop list.
fn is_stopword(node: &Node) -> bool {
    matches!(node, Node::Word(Target::Default, w) if STOP_WORDS.contains(w.to_lowercase().as_str()))
}

/// Which clauses of a group are dropped as stop words: plain words on the stop list that are
/// neither required (`+the`) nor excluded, when the group asks for something else too (a
/// query of stop words alone still searches them). Measured on TIME, MED and CISI: nDCG@10
/// +0.002, +0.009, +0.005: as Lucene's English analyzer finds, they only add noise.
pub(super) fn dropped_stop_words(clauses: &[(Clause, Node)]) -> Vec<bool> {
    let stops: Vec<bool> =
        clauses.iter().map(|(c, n)| *c == Clause::Default && is_stopword(n)).collect();
    let others = stops.iter().zip(clauses).any(|(stop, (c, _))| !stop && *c != Clause::Excluded);
    if others { stops } else { vec![false; clauses.len()] }
}

/// The topic of a "what did X say about Y" query: its plain and `text:` words and phrases
/// that are neither excluded nor dropped as stop words.
pub(super) fn topic_words<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    match node {
        Node::Word(Target::Default | Target::Text, w)
        | Node::Phrase(Target::Default | Target::Text, w, _) => out.push(w),
        Node::Boost(n, _) => topic_words(n, out),
        Node::Or(alts) => alts.iter().for_each(|n| topic_words(n, out)),
        Node::Group(clauses) => {
            let dropped = dropped_stop_words(clauses);
            for ((c, n), drop) in clauses.iter().zip(dropped) {
                if *c != Clause::Excluded && !drop {
                    topic_words(n, out);
                }
            }
        }
        _ => {}
    }
}

/// The speakers a query names in its top level (`speaker:blair iraq`), for the quote bonus
/// and `quote:` (as `--speaker` is).
pub(super) fn query_speakers<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    match node {
        Node::Word(Target::Speaker, w) | Node::Phrase(Target::Speaker, w, _) => out.push(w),
        Node::Group(clauses) => clauses
            .iter()
            .filter(|(c, _)| *c != Clause::Excluded)
            .for_each(|(_, n)| query_speakers(n, out)),
        _ => {}
    }
}

/// Paragraphs where every stem of one word or phrase is inside a quote of one of the
/// speakers (known by the last part of their stored names, as the `said` field indexes
/// them): in a paragraph whose quotes are all the speaker's (their [`sole_said_token`]),
/// each stem in the `quote` field; in one where the speaker has a slot, each stem in the
/// slot's `said_words`; otherwise a `said` pair of the speaker and each stem. None without
/// speakers or stems.
pub(super) fn said_query(
    f: &Fields,
    surnames: &[String],
    stems: &[String],
) -> Option<Box<dyn Query>> {
    if surnames.is_empty() || stems.is_empty() {
        return None;
    }
    let term = |field: Field, t: &str| -> (Occur, Box<dyn Query>) {
        let t = Term::from_field_text(field, t);
        (Occur::Must, Box::new(TermQuery::new(t, IndexRecordOption::Basic)))
    };
    // The speaker's token, and every stem in `words`.
    let all_in = |token: String, words: Field| -> (Occur, Box<dyn Query>) {
        let musts = std::iter::once(term(f.said, &token))
            .chain(stems.iter().map(|s| term(words, s)))
            .collect();
        (Occur::Should, Box::new(BooleanQuery::new(musts)))
    };
    let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for surname in surnames {
        let pairs = stems.iter().map(|s| term(f.said, &said_token(surname, s))).collect();
        alts.push((Occur::Should, Box::new(BooleanQuery::new(pairs))));
        alts.push(all_in(sole_said_token(surname), f.quote));
        for (k, &words) in f.said_words.iter().enumerate() {
            alts.push(all_in(slot_said_token(surname, k), words));
        }
    }
    Some(Box::new(BooleanQuery::new(alts)))
}

/// The bonus clause of a speaker query, from each topic word's (text query, said query):
/// where the word is inside the speaker's own quotes, its BM25 on the paragraph text counts
/// [`QUOTE_SHARE`] more. Proportional to what the paragraph's own words earn, so the word in
/// the speaker's mouth lifts a paragraph within reach of its relevance rather than above
/// every paragraph that says more about the topic, as a constant beyond any BM25 did.
pub(super) fn quote_bonus(parts: Vec<(Box<dyn Query>, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    let bonus: Vec<(Occur, Box<dyn Query>)> = parts
        .into_iter()
        .map(|(text, said)| {
            let inside: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(BoostQuery::new(text, QUOTE_SHARE)) as _),
                (Occur::Must, Box::new(ConstScoreQuery::new(said, 0.0)) as _),
            ]));
            (Occur::Should, inside)
        })
        .collect();
    (!bonus.is_empty()).then(|| Box::new(BooleanQuery::new(bonus)) as Box<dyn Query>)
}

/// Mark the quotes of `hit` that hold one of the query's `terms` (stems). Only words whose
/// first letter can start a term are stemmed: stemming every quoted word of a page made a
/// one-shot query a third slower.
pub(super) fn mark_matching_quotes(hit: &mut Hit, stems: &mut TextAnalyzer, terms: &[String]) {
    if terms.is_empty() {
        return;
    }
    let text = &hit.text;
    for q in &mut hit.quotes {
        let Some(quoted) = text.get(q.span.clone()) else { continue };
        q.matched = quoted
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                let first = w.chars().next().map(|c| c.to_lowercase().next().unwrap_or(c));
                first.is_some_and(|c| terms.iter().any(|t| t.starts_with(c)))
            })
            .any(|w| {
                let mut stream = stems.token_stream(w);
                let mut found = false;
                while let Some(t) = stream.next() {
                    found |= terms.contains(&t.text);
                }
                found
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Node {
        Node::Word(Target::Default, w.into())
    }

    #[test]
    fn stop_words_go_only_beside_other_words() {
        let q = [(Clause::Default, word("the")), (Clause::Default, word("war"))];
        assert_eq!(dropped_stop_words(&q), [true, false]);
        // Alone, or beside an exclusion only, they are what was asked for.
        let q = [(Clause::Default, word("the")), (Clause::Excluded, word("war"))];
        assert_eq!(dropped_stop_words(&q), [false, false]);
        // Required, or negations: kept.
        let q = [(Clause::Required, word("the")), (Clause::Default, word("not"))];
        let q2 = [q[0].clone(), q[1].clone(), (Clause::Default, word("war"))];
        assert_eq!(dropped_stop_words(&q2), [false, false, false]);
    }

    #[test]
    fn the_topic_leaves_out_speakers_exclusions_and_stop_words() {
        let q = Node::Group(vec![
            (Clause::Default, Node::Word(Target::Speaker, "blair".into())),
            (Clause::Default, word("on")),
            (Clause::Default, word("iraq")),
            (Clause::Excluded, word("brown")),
            (Clause::Default, Node::Phrase(Target::Text, "war crimes".into(), 0)),
        ]);
        let mut topic = Vec::new();
        topic_words(&q, &mut topic);
        assert_eq!(topic, ["iraq", "war crimes"]);
        let mut speakers = Vec::new();
        query_speakers(&q, &mut speakers);
        assert_eq!(speakers, ["blair"]);
    }
}
