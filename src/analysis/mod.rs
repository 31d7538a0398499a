//! Article analysis: who is mentioned, what is quoted, and who said it.
//!
//! [`analyze`] is the one entry point: a pure function from an [`Article`] to an
//! [`Analysis`] (no I/O, no index). Offsets are byte ranges into
//! `article.text`; the JSON printer converts them to character offsets.
//!
//! Stages, each in its own module:
//! - [`tokens`]: words, sentences and quotation marks that survive news text;
//! - [`entities`]: person / organisation / place mentions;
//! - [`names`]: canonical names within an article ("Mujahid" -> "Zabihullah Mujahid");
//! - [`quotes`]: direct and reported quotes, their cues, sources and speakers.

pub mod entities;
pub mod gazetteer;
pub mod names;
pub mod quotes;
#[cfg(test)]
pub(crate) mod table;
pub mod tagger;
pub mod tokens;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::article::Article;

/// What an actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person.
    Person,
    /// An organisation (companies, parties, governments acting, teams).
    Org,
    /// A place (countries, cities, regions).
    Place,
}

impl Kind {
    /// The contract's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Org => "org",
            Kind::Place => "place",
        }
    }

    /// Parse the contract's name for a kind.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.to_ascii_lowercase().as_str() {
            "person" | "people" | "per" => Some(Kind::Person),
            "org" | "organisation" | "organization" => Some(Kind::Org),
            "place" | "loc" | "location" | "gpe" => Some(Kind::Place),
            _ => None,
        }
    }

    /// All kinds, in display order.
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Org, Kind::Place];
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person or organisation, or place, under its canonical name (the fullest form the article uses).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Actor {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
}

/// One entity of an article, with every mention of it.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Canonical name within the article.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Byte spans of its mentions in the article text, in order.
    pub mentions: Vec<Range<usize>>,
}

/// A quote, direct or reported, and its attribution.
#[derive(Clone, Debug)]
pub struct Quote {
    /// Byte span of the quoted content (with its quotation marks when direct).
    pub span: Range<usize>,
    /// True for quotes in quotation marks.
    pub direct: bool,
    /// Index of the paragraph it starts in.
    pub paragraph: usize,
    /// Byte span of the speech verb or phrase ("said", "according to").
    pub cue: Option<Range<usize>>,
    /// Byte span of the speaker's surface mention (may be a pronoun).
    pub source: Option<Range<usize>>,
    /// Canonical name the source resolves to.
    pub speaker: Option<String>,
    /// How well the text supports `speaker`, from 0 (no speaker) to 1.
    pub confidence: f32,
}

/// What one paragraph says and mentions: the facets of its index document.
#[derive(Clone, Debug, Default)]
pub struct ParagraphFacts {
    /// Canonical names of the speakers of quotes in the paragraph whose confidence is at least
    /// [`quotes::FACET_THRESHOLD`].
    pub speakers: Vec<String>,
    /// Actors quoted or mentioned in the paragraph.
    pub actors: Vec<Actor>,
}

/// The result of analysing one article.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Entities with their mentions.
    pub entities: Vec<Entity>,
    /// Quotes in text order.
    pub quotes: Vec<Quote>,
    /// One entry per article paragraph, same order.
    pub paragraphs: Vec<ParagraphFacts>,
}

/// Analyse an article: entities, canonical names, quotes and speakers, per-paragraph facets.
pub fn analyze(article: &Article) -> Analysis {
    let doc = tokens::Document::new(article);
    let found = entities::find(&doc);
    let resolved = names::resolve(&doc, found);
    let quotes = quotes::find(&doc, &resolved);
    let demonyms = resolved.demonyms.clone();
    let mut analysis = facts(article, resolved.into_entities(), quotes);
    // A demonym ("the Chinese") makes its country an actor of the paragraph.
    for (span, country) in demonyms {
        if let Some(f) =
            paragraph_of(article, span.start).and_then(|p| analysis.paragraphs.get_mut(p))
        {
            let kind = analysis
                .entities
                .iter()
                .find(|e| e.name == country)
                .map_or(Kind::Place, |e| e.kind);
            push_unique(&mut f.actors, Actor { name: country, kind });
            f.actors.sort();
        }
    }
    analysis
}

/// Assemble per-paragraph speakers and actors from entities and quotes.
fn facts(article: &Article, entities: Vec<Entity>, quotes: Vec<Quote>) -> Analysis {
    let mut paragraphs = vec![ParagraphFacts::default(); article.paragraphs.len()];
    for e in &entities {
        for m in &e.mentions {
            if let Some(p) = paragraph_of(article, m.start) {
                push_unique(
                    &mut paragraphs[p].actors,
                    Actor { name: e.name.clone(), kind: e.kind },
                );
            }
        }
    }
    // Only a speaker the text supports well enough names a paragraph's speaker; an unsure one
    // leaves the facet empty ("unknown") rather than risk a wrong name.
    for q in quotes.iter().filter(|q| q.confidence >= quotes::FACET_THRESHOLD) {
        let Some(name) = &q.speaker else { continue };
        let kind = entities.iter().find(|e| &e.name == name).map_or(Kind::Person, |e| e.kind);
        // A quote spanning paragraphs is said in each of them.
        let last = paragraph_of(article, q.span.end.saturating_sub(1)).unwrap_or(q.paragraph);
        for p in q.paragraph..=last.max(q.paragraph) {
            if let Some(f) = paragraphs.get_mut(p) {
                push_unique(&mut f.speakers, name.clone());
                push_unique(&mut f.actors, Actor { name: name.clone(), kind });
            }
        }
    }
    for f in &mut paragraphs {
        f.actors.sort();
    }
    Analysis { entities, quotes, paragraphs }
}

/// The paragraph holding byte offset `at`, if any.
pub fn paragraph_of(article: &Article, at: usize) -> Option<usize> {
    let i = article.paragraphs.partition_point(|p| p.end <= at);
    article.paragraphs.get(i).filter(|p| p.start <= at).map(|_| i)
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}
