//! Person / organisation / place mentions: the tagger's, backed by the rules', then one pass of
//! span conventions and context kinds.
//!
//! ```text
//! find(doc) = context(postprocess(doc, tagger candidates)
//!                     + backed(postprocess(doc, rule_candidates(doc))))
//! ```
//!
//! - The NER tagger ([`super::tagger`]) proposes the mentions ([`Candidate`]s with
//!   [`Origin::Tagger`]); [`find`] keeps every one of them.
//! - [`chunk::rule_candidates`] chunks capitalised word runs (with connectors such as "of", "for",
//!   "de", and "and"/"&"/"the" inside organisation names) and guesses a kind from cue words and
//!   gazetteers. A rule mention is added only where it overlaps no tagger mention and is backed:
//!   a gazetteer place or organisation, a name the tagger found elsewhere in the article, or a
//!   person's name on its face (after a title, or a given name and a surname that are no words).
//! - [`chunk::postprocess`] applies the span conventions of `shared/eval/gum/README.md` to both lists:
//!   no leading "the", no possessive 's, no titles or roles ("Taliban spokesman Zabihullah
//!   Mujahid" -> person "Zabihullah Mujahid", "U.S. President Donald Trump" -> place "U.S." +
//!   person "Donald Trump"), gazetteer kind fixes (countries, cities, known organisations),
//!   demonyms turned into [`Demonym`] facts ("Chinese" -> China) rather than name mentions, and
//!   sentence-initial common words dropped.
//! - Then, for the whole article: hyphenated East Asian names the tagger missed are added,
//!   vehicles, storms and works are dropped, and the words around a name fix its kind
//!   ([`context`]: "oil firm Yukos", "its Yugansk unit" are organisations; "the film Ray",
//!   "Brent crude" are no actors, nor are products and works: "iPod", "Vera Drake star Imelda
//!   Staunton"), and every name of a line-up paragraph is a person's ([`roster`]).
//!
//! Names are resolved to canonical forms later, in [`super::names`].

// Membership only (never iterated), so a fast hash cannot change any output.
use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

mod chunk;
mod context;
mod cues;
pub(crate) mod roster;

use super::Kind;
use super::gazetteer as gaz;
use super::gazetteer::Gender;
use super::tokens::Document;
use chunk::{Ctx, postprocess, rule_candidates};
use context::{context_kinds, drop_things, hyphenated_names};
use roster::lineup_names;

/// Where a candidate came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Capitalisation rules and gazetteers.
    Rules,
    /// A learned sequence tagger.
    Tagger,
}

/// A raw candidate mention, before post-processing.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Token index range in the document.
    pub tokens: Range<usize>,
    /// Kind guess, if any (post-processing may fix or fill it).
    pub kind: Option<Kind>,
    /// Who proposed it.
    pub origin: Origin,
}

/// One entity mention after post-processing.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Token index range in the document.
    pub tokens: Range<usize>,
    /// Byte span in the article text.
    pub span: Range<usize>,
    /// Kind.
    pub kind: Kind,
    /// Gender implied by a title before it ("Ms Hewitt") or by a given name.
    pub gender: Option<Gender>,
    /// Token range of the title or role stripped off before it ("spokesman"), if any.
    pub role: Option<Range<usize>>,
    /// True when the kind is only a default guess (no cue, no gazetteer).
    pub weak: bool,
}

/// A demonym ("Chinese") naming a country: it makes the country an actor of its paragraph.
#[derive(Clone, Debug)]
pub struct Demonym {
    /// Byte span of the word.
    pub span: Range<usize>,
    /// Canonical country name.
    pub country: &'static str,
}

/// Everything entity spotting finds in a document.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Name mentions in text order.
    pub mentions: Vec<Mention>,
    /// Demonym mentions in text order.
    pub demonyms: Vec<Demonym>,
}

/// Find entity mentions: the learned tagger's candidates and gazetteer-backed rule candidates,
/// post-processed.
///
/// Measured on GUM (scripts/ner/README.md), the learned tagger's spans beat the capitalisation rules
/// on precision by far; the rules add recall only where a gazetteer backs them. So: the tagger's
/// candidates go through [`postprocess`] (titles, demonyms, gazetteer kinds), rule mentions are added
/// where they do not overlap one and name a known place or organisation or a name the tagger found
/// elsewhere in the article, and a country the tagger reads as an organisation in context (a team,
/// a government acting) keeps that reading over the gazetteer's "place". Hyphenated East Asian
/// names the tagger misses are added; names of vehicles and storms and currency codes ("US$")
/// are dropped.
pub fn find(doc: &Document) -> Found {
    let tagged: Vec<Candidate> = super::tagger::tag_document(doc)
        .into_iter()
        .map(|(r, k)| Candidate { tokens: r, kind: Some(k), origin: Origin::Tagger })
        .collect();
    let org_spans: Vec<Range<usize>> =
        tagged.iter().filter(|c| c.kind == Some(Kind::Org)).map(|c| c.tokens.clone()).collect();
    let ctx = Ctx::new(doc);
    let mut found = postprocess(&ctx, tagged);
    for m in &mut found.mentions {
        // Only a gazetteer place can act (a country as a team or government); a stadium or a
        // museum the tagger calls an organisation stays the building it names.
        if m.kind == Kind::Place
            && org_spans.contains(&m.tokens)
            && gaz::is_place(&doc.text[m.span.clone()])
        {
            m.kind = Kind::Org;
        }
    }
    for r in hyphenated_names(doc) {
        let span = doc.tokens[r.start].start..doc.tokens[r.end - 1].end;
        let inside = |m: &Mention| span.start <= m.span.start && m.span.end <= span.end;
        let overlapping = |m: &Mention| m.span.start < span.end && span.start < m.span.end;
        // A longer mention around the name is the tagger's reading of a larger unit: keep it.
        if found.mentions.iter().any(|m| overlapping(m) && !inside(m)) {
            continue;
        }
        found.mentions.retain(|m| !inside(m));
        let mention =
            Mention { tokens: r, span, kind: Kind::Person, gender: None, role: None, weak: false };
        found.mentions.push(mention);
    }
    let rules = postprocess(&ctx, rule_candidates(doc));
    let mut known: HashSet<(&str, Kind)> =
        found.mentions.iter().map(|m| (&doc.text[m.span.clone()], m.kind)).collect();
    // A word of a full person name is that person alone ("Mujahid" after "Zabihullah Mujahid").
    for m in found.mentions.iter().filter(|m| m.kind == Kind::Person && m.tokens.len() >= 2) {
        known.extend(m.tokens.clone().map(|k| (doc.word(k), Kind::Person)));
    }
    let overlaps = |m: &Mention, found: &[Mention]| {
        found.iter().any(|f| f.span.start < m.span.end && m.span.start < f.span.end)
    };
    for m in rules.mentions {
        let t = &doc.text[m.span.clone()];
        let backed = gaz::is_place(t)
            || gaz::is_known_org(t)
            || known.contains(&(t, m.kind))
            || self_evident_person(doc, &m);
        if backed && !overlaps(&m, &found.mentions) {
            found.mentions.push(m);
        }
    }
    drop_things(doc, &mut found.mentions);
    context_kinds(doc, &mut found.mentions);
    for r in lineup_names(doc) {
        let span = doc.tokens[r.start].start..doc.tokens[r.end - 1].end;
        found.mentions.retain(|m| !(m.span.start < span.end && span.start < m.span.end));
        let gender = gaz::first_name_gender(doc.word(r.start));
        found.mentions.push(Mention {
            tokens: r,
            span,
            kind: Kind::Person,
            gender,
            role: None,
            weak: false,
        });
    }
    // "US$ 10 billion": a country code glued to a currency sign names the currency.
    found.mentions.retain(|m| !doc.text[m.span.end..].starts_with('$'));
    found.mentions.sort_by_key(|m| m.span.start);
    for d in rules.demonyms {
        if !found.demonyms.iter().any(|x| x.span == d.span) {
            found.demonyms.push(d);
        }
    }
    found.demonyms.sort_by_key(|d| d.span.start);
    found
}

/// A rule mention that is a person's name on its face, with no other backing needed: a name after
/// a title ("President Bush", "Lord Nicholls"), or a given name and a surname that are no English
/// words ("Nikolay Davydenko", which the tagger, trained on other names, may miss).
fn self_evident_person(doc: &Document, m: &Mention) -> bool {
    if m.kind != Kind::Person || m.weak {
        return false;
    }
    if m.role.is_some() {
        return true;
    }
    (2..=3).contains(&m.tokens.len())
        && gaz::is_given_name(doc.word(m.tokens.start))
        && m.tokens.clone().all(|k| !gaz::is_common_word(doc.word(k)))
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::article::{Article, Reader};

    /// An article read from `text` as a `.txt` file would be (blank lines separate paragraphs).
    pub(crate) fn article(text: &str) -> Article {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("case.txt");
        std::fs::write(&path, text).expect("write case");
        let mut got = None;
        let _ = Reader::read(&path, &mut |r| {
            if got.is_none() {
                got = r.ok();
            }
        });
        got.expect("the case reads as an article")
    }

    /// Render the entities of `input` as `kind: name` lines (canonical names), in first-mention order.
    fn render(input: &str) -> Vec<String> {
        let a = article(input);
        let an = crate::analysis::analyze(&a);
        let mut ents = an.entities.clone();
        ents.sort_by_key(|e| e.mentions.first().map_or(0, |m| m.start));
        ents.iter()
            .map(|e| {
                let spans: Vec<&str> = e.mentions.iter().map(|m| &a.text[m.clone()]).collect();
                format!("{}: {} = {}", e.kind, e.name, spans.join(" | "))
            })
            .collect()
    }

    #[test]
    fn table() {
        run_table(include_str!("../../../tests/data/entities.txt"), render);
    }

    /// Run a `input / --- / expected lines / ===` table (see [`crate::analysis::table`]).
    pub(crate) use crate::analysis::table::run_table;
}
