//! The index schema, defined in one place, and the facet paths built from it.
//!
//! One tantivy document per paragraph. Speakers and actors are indexed twice:
//! as stored hierarchical facets in `who` (`/speaker/<name>`,
//! `/actor/<kind>/<name>`) for counting, and as tokenised name fields for the
//! name-part filters (`--speaker Mujahid` matches "Zabihullah Mujahid").

use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

use crate::analysis::Kind;

/// Bumped whenever the schema, tokenisers or stemming change; an index of another version is refused.
/// 1: first schema, tantivy 0.27 `en_stem`.
pub const SCHEMA_VERSION: u32 = 1;

/// Tokenizer for body and title text: English stemming.
pub const STEM_TOKENIZER: &str = "en_stem";
/// Tokenizer for names and sources: lowercased, accents folded, no stemming.
pub const NAME_TOKENIZER: &str = "whosaid_name";

/// The analyzer registered as [`NAME_TOKENIZER`].
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Handles of every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Article id (untokenised, for delete-by-term and `show`).
    pub article_id: Field,
    /// Content hash of the whole article (unchanged articles are skipped).
    pub hash: Field,
    /// Article title, stemmed, stored.
    pub title: Field,
    /// Paragraph text, stemmed with positions, stored.
    pub text: Field,
    /// 0-based paragraph number.
    pub paragraph: Field,
    /// Publication date (day precision).
    pub date: Field,
    /// Publisher, tokenised as a name, stored.
    pub source: Field,
    /// URL, stored.
    pub url: Field,
    /// Where the article came from (file path), stored.
    pub origin: Field,
    /// Speaker and actor facets, stored.
    pub who: Field,
    /// Speaker names, tokenised for name-part filters.
    pub speaker: Field,
    /// Actor names of each kind, tokenised for name-part filters.
    pub actor: [Field; 3],
    /// Quotes of the paragraph as compact JSON (stored only), for `show`.
    pub quotes: Field,
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let stemmed = |stored: bool| {
        let idx = TextFieldIndexing::default()
            .set_tokenizer(STEM_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let o = TextOptions::default().set_indexing_options(idx);
        if stored { o.set_stored() } else { o }
    };
    let names = |stored: bool| {
        let idx = TextFieldIndexing::default()
            .set_tokenizer(NAME_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let o = TextOptions::default().set_indexing_options(idx);
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        article_id: sb.add_text_field("article_id", STRING | STORED | FAST),
        hash: sb.add_u64_field("hash", FAST | STORED),
        title: sb.add_text_field("title", stemmed(true)),
        text: sb.add_text_field("text", stemmed(true)),
        paragraph: sb.add_u64_field("paragraph", INDEXED | STORED | FAST),
        date: sb.add_date_field("date", INDEXED | STORED | FAST),
        source: sb.add_text_field("source", names(true)),
        url: sb.add_text_field("url", STORED),
        origin: sb.add_text_field("origin", STORED),
        who: sb.add_facet_field("who", FacetOptions::default().set_stored()),
        speaker: sb.add_text_field("speaker", names(false)),
        actor: [
            sb.add_text_field("actor_person", names(false)),
            sb.add_text_field("actor_org", names(false)),
            sb.add_text_field("actor_place", names(false)),
        ],
        quotes: sb.add_text_field("quotes", STORED),
    };
    (sb.build(), fields)
}

impl Fields {
    /// The name field for actors of `kind`.
    pub fn actor_field(&self, kind: Kind) -> Field {
        self.actor[kind_slot(kind)]
    }
}

fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Place => 2,
    }
}

/// Root of the speaker facets.
pub const SPEAKER_ROOT: &str = "/speaker";

/// `/speaker/<name>`.
pub fn speaker_facet(name: &str) -> Facet {
    Facet::from_path(["speaker", name])
}

/// `/actor/<kind>`: the root of one kind's actor facets.
pub fn actor_root(kind: Kind) -> Facet {
    Facet::from_path(["actor", kind.as_str()])
}

/// `/actor/<kind>/<name>`.
pub fn actor_facet(kind: Kind, name: &str) -> Facet {
    Facet::from_path(["actor", kind.as_str(), name])
}

/// What a stored `who` facet means.
#[derive(Debug, PartialEq, Eq)]
pub enum Who {
    /// A speaker.
    Speaker(String),
    /// An actor.
    Actor(String, Kind),
}

/// Decode a facet built by [`speaker_facet`] or [`actor_facet`].
pub fn parse_who(f: &Facet) -> Option<Who> {
    let parts: Vec<&str> = f.to_path();
    match parts.as_slice() {
        ["speaker", name] => Some(Who::Speaker(name.to_string())),
        ["actor", kind, name] => Some(Who::Actor(name.to_string(), Kind::parse(kind)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_round_trip_names_with_slashes() {
        let f = actor_facet(Kind::Org, "AC/DC");
        assert_eq!(parse_who(&f), Some(Who::Actor("AC/DC".into(), Kind::Org)));
        assert_eq!(
            parse_who(&speaker_facet("Zabihullah Mujahid")),
            Some(Who::Speaker("Zabihullah Mujahid".into()))
        );
    }
}
