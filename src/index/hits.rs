//! The fetch step's pieces: a stored paragraph decoded into a [`Hit`] under canonical
//! names, and the query terms and highlighter its snippet is drawn with.

use tantivy::query::Query;
use tantivy::schema::{Field, Value};
use tantivy::{TantivyDocument, Term};

use super::names::NameTable;
use super::query::{Leaf, Node, Target};
use super::schema::{Fields, STEM_TOKENIZER, decode_quotes, decode_who, from_tantivy_date};
use super::search::{Hit, HitQuote, Searcher};
use super::snippet::{Highlighter, Snippet};
use crate::analysis::Actor;
use crate::error::Result;

impl Searcher {
    /// The query's stems on the paragraph text and on the quoted words (the same stems),
    /// each once.
    pub(super) fn text_terms(&self, query: &dyn Query) -> Vec<String> {
        let f = &self.index.fields;
        let mut terms: Vec<String> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() != f.text && term.field() != f.quote {
                return;
            }
            if let Some(text) = term.value().as_str()
                && !terms.iter().any(|t| t == text)
            {
                terms.push(text.to_string());
            }
        });
        terms
    }

    /// A highlighter for the query's stems on the paragraph text, weighted as tantivy's
    /// `SnippetGenerator` weighs them: rarer terms make better fragments.
    pub(super) fn highlighter(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[String],
        node: &Node,
    ) -> Result<Highlighter> {
        let field = self.index.fields.text;
        let mut weighted = Vec::with_capacity(terms.len());
        for text in terms {
            let df = searcher.doc_freq(&Term::from_field_text(field, text))?;
            if df > 0 {
                weighted.push((text.clone(), 1.0 / (1.0 + df as f32)));
            }
        }
        // Phrases are marked as phrases; their words alone only where also asked for alone.
        let on_text = |t: &Target| matches!(t, Target::Default | Target::Text | Target::Quote);
        let analysed = |kind: Leaf| {
            let mut leaves = Vec::new();
            node.leaves(kind, &mut leaves);
            leaves
                .into_iter()
                .filter(|(t, _, _)| on_text(t))
                .map(|(_, w, edits)| (self.tokens(STEM_TOKENIZER, &w), edits))
                .collect::<Vec<_>>()
        };
        let phrases: Vec<Vec<String>> = analysed(Leaf::Phrase).into_iter().map(|p| p.0).collect();
        let alone: Vec<String> = analysed(Leaf::Word).into_iter().flat_map(|w| w.0).collect();
        // Fuzzy words are marked where a word's stem is within their edits (tantivy's fuzzy
        // query does not list the terms it matched).
        let fuzzy: Vec<(String, u8)> = analysed(Leaf::Fuzzy)
            .into_iter()
            .filter_map(|(toks, edits)| toks.into_iter().next().map(|t| (t, edits)))
            .collect();
        Ok(Highlighter::new(weighted).with_phrases(&phrases, &alone).with_fuzzy(fuzzy))
    }
}

fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

/// Speakers, actors and quote speakers of a hit under their canonical names, each once.
pub(super) fn canonical_names(hit: &mut Hit, names: &NameTable) {
    let mut speakers: Vec<String> = Vec::with_capacity(hit.speakers.len());
    for s in hit.speakers.iter().map(|s| names.speaker(s)) {
        if !speakers.contains(&s) {
            speakers.push(s);
        }
    }
    hit.speakers = speakers;
    let mut actors: Vec<Actor> = Vec::with_capacity(hit.actors.len());
    for a in &hit.actors {
        let c = names.canonical(&a.name, a.kind);
        let a = Actor { name: c.name, kind: c.kind };
        if !actors.contains(&a) {
            actors.push(a);
        }
    }
    actors.sort();
    hit.actors = actors;
    for q in &mut hit.quotes {
        if let Some(w) = &q.speaker {
            q.speaker = Some(names.speaker(w));
        }
    }
}

/// A stored paragraph as the hit at `rank`, its names as stored ([`canonical_names`]
/// maps them).
pub(super) fn hit_from_doc(
    f: &Fields,
    doc: &TantivyDocument,
    rank: usize,
    score: Option<f32>,
) -> Hit {
    let (speakers, actors) =
        doc.get_first(f.who_list).and_then(|v| v.as_str()).map(decode_who).unwrap_or_default();
    let actors: Vec<Actor> = actors.into_iter().map(|(name, kind)| Actor { name, kind }).collect();
    let date = doc.get_first(f.date).and_then(|v| v.as_datetime()).and_then(from_tantivy_date);
    let paragraph = doc.get_first(f.paragraph).and_then(|v| v.as_u64());
    let text = first_str(doc, f.text).unwrap_or_default();
    let quotes = doc
        .get_first(f.quotes)
        .and_then(|v| v.as_str())
        .map(|q| decode_quotes(q, &speakers))
        .unwrap_or_default()
        .into_iter()
        .filter(|q| q.s < q.e && text.get(q.s..q.e).is_some())
        .map(|q| HitQuote {
            span: q.s..q.e,
            speaker: q.who,
            direct: q.d,
            confidence: q.conf,
            cue: q.cue.map(|(a, b)| a..b).filter(|c| text.get(c.clone()).is_some()),
            matched: false,
        })
        .collect();
    Hit {
        rank,
        score,
        article_id: first_str(doc, f.article_id).unwrap_or_default(),
        title: first_str(doc, f.title),
        date,
        source: first_str(doc, f.source),
        url: first_str(doc, f.url),
        origin: first_str(doc, f.origin),
        paragraph: paragraph.unwrap_or(0),
        text,
        snippet: Snippet::default(),
        speakers,
        actors,
        quotes,
    }
}
