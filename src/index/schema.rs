//! The index schema, defined in one place, and the facet paths built from it.
//!
//! One tantivy document per paragraph. Speakers and actors are indexed twice:
//! as stored hierarchical facets in `who` (`/speaker/<name>`,
//! `/actor/<kind>/<name>`) for counting, and as tokenised name fields for the
//! name-part filters (`--speaker Mujahid` matches "Zabihullah Mujahid").

use tantivy::DateTime;
use tantivy::schema::{
    DateOptions, FAST, Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, STORED,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::words::FoldedWords;
use crate::analysis::Kind;

/// Bumped whenever the schema, tokenisers or stemming change; an index of another version is refused.
/// 1: first schema, tantivy 0.27 `en_stem`.
/// 2: smaller index: speakers and actors stored compactly in `who_list` (the `who` facets are
///    no longer stored), quotes stored compactly, the content hash a fast field of paragraph 0
///    only, no field norms on fields that are never scored by length.
/// 3: each stored quote keeps its confidence and its cue's span.
/// 4: the source is also a fast column (exact string), for source counts and timelines.
/// 5: title and text fold accents before stemming (`réforme` finds "reforme"); their
///    tokenizer is `whosaid_stem`.
/// 6: quoted words indexed (`quote`), and who said them (`said`).
/// 7: who said a quoted word is a speaker's [`sole_said_token`] (all the paragraph's quotes are
///    theirs) or [`slot_said_token`] (their words in `said_words`) rather than a `said` token a
///    word; speaker and actor names keep no positions.
pub const SCHEMA_VERSION: u32 = 7;

/// Tokenizer for body and title text: lowercased, accents folded, English stemming. Not
/// tantivy's own name `en_stem` (which does not fold): a reader that forgot to register ours
/// fails loudly instead of silently missing every accented word.
pub const STEM_TOKENIZER: &str = "whosaid_stem";
/// Tokenizer for names and sources: lowercased, accents folded, no stemming.
pub const NAME_TOKENIZER: &str = "whosaid_name";

/// Speakers of one paragraph whose quoted words have a field each (`said_words`); a paragraph
/// of the BBC corpus with quotes of several speakers has two in four cases out of five, three
/// in the fifth, more in one case in a hundred.
pub const SAID_SLOTS: usize = 3;

/// The analyzer registered as [`NAME_TOKENIZER`]: tantivy's simple tokenizer, words of 60
/// bytes or more removed, lower case, accents folded ([`FoldedWords`], one pass).
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(FoldedWords::new(60))
}

/// Field names, for the places tantivy asks for a name (fast fields, sorting).
pub mod field {
    /// The article id field.
    pub const ARTICLE_ID: &str = "article_id";
    /// The content hash field.
    pub const HASH: &str = "hash";
    /// The paragraph number field.
    pub const PARAGRAPH: &str = "paragraph";
    /// The date field.
    pub const DATE: &str = "date";
    /// The speaker and actor facet field.
    pub const WHO: &str = "who";
}

/// Handles of every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Article id (untokenised, for delete-by-term and `show`).
    pub article_id: Field,
    /// Content hash of the whole article, on paragraph 0 only (unchanged articles are skipped).
    pub hash: Field,
    /// Article title, stemmed, stored.
    pub title: Field,
    /// Paragraph text, stemmed with positions, stored.
    pub text: Field,
    /// 0-based paragraph number.
    pub paragraph: Field,
    /// Publication date (day precision).
    pub date: Field,
    /// Publisher, tokenised as a name, stored, and a fast column of the exact string.
    pub source: Field,
    /// URL, stored.
    pub url: Field,
    /// Where the article came from (file path), stored.
    pub origin: Field,
    /// Speaker and actor facets, for counting (a fast column) and the `--kind` filter.
    pub who: Field,
    /// Speakers and actors of the paragraph, stored compactly ([`encode_who`]) for display.
    pub who_list: Field,
    /// Speaker names, tokenised for name-part filters.
    pub speaker: Field,
    /// Actor names of each kind, tokenised for name-part filters.
    pub actor: [Field; 3],
    /// Quotes of the paragraph, stored compactly ([`encode_quotes`]), for display.
    pub quotes: Field,
    /// The quoted words of the paragraph (every quote's text), stemmed with positions.
    pub quote: Field,
    /// Who said which quoted words, each speaker known by the last part of their name (no
    /// positions, no norms: it is matched, never scored): when every quote of the paragraph
    /// has the same speaker, their [`sole_said_token`] (what they said is the `quote` field);
    /// otherwise the first [`SAID_SLOTS`] speakers' [`slot_said_token`]s (what the speaker of
    /// slot k said is `said_words[k]`), and for any further speaker one [`said_token`] per
    /// stem of their quotes.
    pub said: Field,
    /// The stems of the quotes of each `said` slot's speaker (matched, never scored).
    pub said_words: [Field; SAID_SLOTS],
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
    // Names are filters (constant score) or rarely-scored field queries: no field norms, one
    // byte a document and field saved. Only sources are ever matched as a phrase
    // (`--source "bbc news"`): speaker and actor names are looked up in the name table, and
    // their fields serve only prefix and fuzzy queries, which read no positions.
    let names = |stored: bool, positions: bool| {
        let option = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        let idx = TextFieldIndexing::default()
            .set_tokenizer(NAME_TOKENIZER)
            .set_fieldnorms(false)
            .set_index_option(option);
        let o = TextOptions::default().set_indexing_options(idx);
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        article_id: sb.add_text_field(
            field::ARTICLE_ID,
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer("raw")
                        .set_fieldnorms(false)
                        .set_index_option(IndexRecordOption::Basic),
                )
                .set_stored()
                .set_fast("raw"),
        ),
        hash: sb.add_u64_field(field::HASH, FAST),
        title: sb.add_text_field("title", stemmed(true)),
        text: sb.add_text_field("text", stemmed(true)),
        paragraph: sb.add_u64_field(
            field::PARAGRAPH,
            NumericOptions::default().set_indexed().set_stored().set_fast(),
        ),
        date: sb.add_date_field(
            field::DATE,
            DateOptions::default().set_indexed().set_stored().set_fast(),
        ),
        source: sb.add_text_field("source", names(true, true).set_fast("raw")),
        url: sb.add_text_field("url", STORED),
        origin: sb.add_text_field("origin", STORED),
        who: sb.add_facet_field(field::WHO, FacetOptions::default()),
        who_list: sb.add_text_field("who_list", STORED),
        speaker: sb.add_text_field("speaker", names(false, false)),
        actor: [
            sb.add_text_field("actor_person", names(false, false)),
            sb.add_text_field("actor_org", names(false, false)),
            sb.add_text_field("actor_place", names(false, false)),
        ],
        quotes: sb.add_text_field("quotes", STORED),
        quote: sb.add_text_field("quote", stemmed(false)),
        said: sb.add_text_field(
            "said",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_fieldnorms(false)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        said_words: std::array::from_fn(|k| {
            let idx = TextFieldIndexing::default()
                .set_tokenizer(STEM_TOKENIZER)
                .set_fieldnorms(false)
                .set_index_option(IndexRecordOption::Basic);
            sb.add_text_field(
                &format!("said_{k}"),
                TextOptions::default().set_indexing_options(idx),
            )
        }),
    };
    (sb.build(), fields)
}

impl Fields {
    /// The name field for actors of `kind`.
    pub fn actor_field(&self, kind: Kind) -> Field {
        self.actor[kind_slot(kind)]
    }
}

/// The slot of `kind` in arrays indexed by actor kind (`Fields::actor`, per-kind lists).
pub fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Place => 2,
    }
}

/// First part of the speaker facets' paths.
const SPEAKER: &str = "speaker";
/// First part of the actor facets' paths.
const ACTOR: &str = "actor";

/// `/speaker`: the root of the speaker facets.
pub fn speaker_root() -> Facet {
    Facet::from_path([SPEAKER])
}

/// `/speaker/<name>`.
pub fn speaker_facet(name: &str) -> Facet {
    Facet::from_path([SPEAKER, name])
}

/// `/actor/<kind>`: the root of one kind's actor facets.
pub fn actor_root(kind: Kind) -> Facet {
    Facet::from_path([ACTOR, kind.as_str()])
}

/// `/actor/<kind>/<name>`.
pub fn actor_facet(kind: Kind, name: &str) -> Facet {
    Facet::from_path([ACTOR, kind.as_str(), name])
}

/// The bytes every encoded facet below `root` starts with, as the facet dictionary holds
/// them (encoded facets separate path parts with 0 bytes: `speaker\0Name`).
pub fn encoded_prefix(root: &Facet) -> Vec<u8> {
    let mut key = root.encoded_str().as_bytes().to_vec();
    key.push(0);
    key
}

/// What a stored `who` facet means.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
        [SPEAKER, name] => Some(Who::Speaker(name.to_string())),
        [ACTOR, kind, name] => Some(Who::Actor(name.to_string(), Kind::parse(kind)?)),
        _ => None,
    }
}

/// The stored form of a paragraph's speakers and actors: one line each, `s Name` for a
/// speaker (in analysis order), then `p`, `o` or `l` and the name for an actor that is a
/// person, organisation or place. A third of the size of the same facets stored as facets.
pub fn encode_who(speakers: &[String], actors: &[(Kind, &str)]) -> String {
    let mut out = String::with_capacity(64);
    let mut line = |tag: char, name: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push(tag);
        out.push(' ');
        push_one_line(&mut out, name);
    };
    for s in speakers {
        line('s', s);
    }
    for (kind, name) in actors {
        line(kind_tag(*kind), name);
    }
    out
}

/// Decode [`encode_who`]: (speakers, actors).
pub fn decode_who(s: &str) -> (Vec<String>, Vec<(String, Kind)>) {
    let mut speakers = Vec::new();
    let mut actors = Vec::new();
    for line in s.lines() {
        let mut chars = line.chars();
        let tag = chars.next();
        let name = chars.as_str().strip_prefix(' ').unwrap_or(chars.as_str()).to_string();
        match tag {
            Some('s') => speakers.push(name),
            Some('p') => actors.push((name, Kind::Person)),
            Some('o') => actors.push((name, Kind::Org)),
            Some('l') => actors.push((name, Kind::Place)),
            _ => {}
        }
    }
    (speakers, actors)
}

fn kind_tag(kind: Kind) -> char {
    match kind {
        Kind::Person => 'p',
        Kind::Org => 'o',
        Kind::Place => 'l',
    }
}

/// A quote as stored with its paragraph (byte offsets relative to the paragraph).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct StoredQuote {
    /// Start byte in the paragraph.
    pub s: usize,
    /// End byte in the paragraph.
    pub e: usize,
    /// Direct (in quotation marks).
    pub d: bool,
    /// How well the text supports the speaker, 0 to 1 (stored in hundredths).
    pub conf: f32,
    /// Byte span of the speech verb or phrase in the paragraph, when there is one.
    pub cue: Option<(usize, usize)>,
    /// Speaker's canonical name.
    pub who: Option<String>,
}

/// The stored form of a paragraph's quotes: one line each, `start end direct conf cue who`,
/// where `conf` is the confidence in hundredths, `cue` is `start-end` or `-`, and `who` is empty (no speaker), `#i` (the paragraph's i-th speaker, the usual case) or
/// `=Name`. A quarter of the size of the same quotes as JSON.
pub fn encode_quotes(quotes: &[StoredQuote], speakers: &[String]) -> String {
    let mut out = String::with_capacity(24 * quotes.len());
    for q in quotes {
        if !out.is_empty() {
            out.push('\n');
        }
        let conf = (q.conf.clamp(0.0, 1.0) * 100.0).round() as u8;
        push_decimal(&mut out, q.s);
        out.push(' ');
        push_decimal(&mut out, q.e);
        out.push_str(if q.d { " 1 " } else { " 0 " });
        push_decimal(&mut out, usize::from(conf));
        out.push(' ');
        match q.cue {
            Some((a, b)) => {
                push_decimal(&mut out, a);
                out.push('-');
                push_decimal(&mut out, b);
                out.push(' ');
            }
            None => out.push_str("- "),
        }
        match &q.who {
            None => {}
            Some(w) => match speakers.iter().position(|s| s == w) {
                Some(i) => {
                    out.push('#');
                    push_decimal(&mut out, i);
                }
                None => {
                    out.push('=');
                    push_one_line(&mut out, w);
                }
            },
        }
    }
    out
}

/// Append `n` in decimal: what `write!` gives, without its formatting machinery (with it,
/// the stored quotes and names were a fifth of the time an ingest spent building documents).
fn push_decimal(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Append `name` with any line break made a space: a stored name is one line.
fn push_one_line(out: &mut String, name: &str) {
    if name.contains('\n') {
        out.extend(name.chars().map(|c| if c == '\n' { ' ' } else { c }));
    } else {
        out.push_str(name);
    }
}

/// Decode [`encode_quotes`] given the paragraph's speakers; malformed lines are skipped.
pub fn decode_quotes(s: &str, speakers: &[String]) -> Vec<StoredQuote> {
    s.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(6, ' ');
            let start = parts.next()?.parse().ok()?;
            let end = parts.next()?.parse().ok()?;
            let direct = parts.next()? == "1";
            let conf = f32::from(parts.next()?.parse::<u8>().ok()?) / 100.0;
            let cue = match parts.next()? {
                "-" => None,
                c => {
                    let (a, b) = c.split_once('-')?;
                    Some((a.parse().ok()?, b.parse().ok()?))
                }
            };
            let who = match parts.next().unwrap_or("") {
                "" => None,
                w if w.starts_with('#') => speakers.get(w[1..].parse::<usize>().ok()?).cloned(),
                w => Some(w.strip_prefix('=').unwrap_or(w).to_string()),
            };
            Some(StoredQuote { s: start, e: end, d: direct, conf, cue, who })
        })
        .collect()
}

/// The `said` token of one word of a quote: the last name part of its speaker (as the name
/// analyzer gives it) and a stem of the word (as the stem analyzer gives it), joined by a
/// unit separator, which neither analyzer ever emits.
pub fn said_token(name_part: &str, stem: &str) -> String {
    let mut t = String::with_capacity(name_part.len() + stem.len() + 1);
    push_said_token(&mut t, name_part, stem);
    t
}

/// The `said` token of a paragraph whose quotes all have one speaker, known by `name_part`:
/// that speaker said each of the paragraph's quoted words, so the `quote` field tells which
/// (a [`said_token`] a word made the `said` terms more than all other terms of an index,
/// and their dictionary a sixth of an ingest's instructions). A record separator ends it,
/// which neither analyzer emits either.
pub fn sole_said_token(name_part: &str) -> String {
    let mut t = String::with_capacity(name_part.len() + 1);
    t.push_str(name_part);
    t.push('\u{1e}');
    t
}

/// The `said` token of the speaker known by `name_part` in slot `slot` of their paragraph:
/// the stems of their quotes are the `said_words` field of that slot.
pub fn slot_said_token(name_part: &str, slot: usize) -> String {
    let mut t = sole_said_token(name_part);
    t.push_str(&slot.to_string());
    t
}

/// Append [`said_token`]`(name_part, stem)` to `out`.
pub fn push_said_token(out: &mut String, name_part: &str, stem: &str) {
    out.push_str(name_part);
    out.push('\u{1f}');
    out.push_str(stem);
}

/// Days since the epoch as a tantivy date.
pub fn to_tantivy_date(d: NaiveDate) -> DateTime {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    DateTime::from_timestamp_secs(d.signed_duration_since(epoch).num_days() * 86_400)
}

/// A stored date back to a day.
pub fn from_tantivy_date(d: DateTime) -> Option<NaiveDate> {
    let days = d.into_timestamp_secs().div_euclid(86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(days)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_list_round_trips() {
        let enc = encode_who(
            &["Zabihullah Mujahid".into()],
            &[
                (Kind::Place, "China"),
                (Kind::Person, "Zabihullah Mujahid"),
                (Kind::Org, "AC/DC"),
                (Kind::Org, "Line\nBreak"),
            ],
        );
        assert_eq!(
            enc,
            "s Zabihullah Mujahid\nl China\np Zabihullah Mujahid\no AC/DC\no Line Break"
        );
        let (s, a) = decode_who(&enc);
        assert_eq!(s, vec!["Zabihullah Mujahid".to_string()]);
        assert_eq!(
            a,
            vec![
                ("China".to_string(), Kind::Place),
                ("Zabihullah Mujahid".to_string(), Kind::Person),
                ("AC/DC".to_string(), Kind::Org),
                ("Line Break".to_string(), Kind::Org)
            ]
        );
        assert_eq!(decode_who(""), (vec![], vec![]));
    }

    /// The stored line of each quote, as the format says: start, end, direct, confidence in
    /// hundredths, cue span or `-`, and the speaker as `#i`, `=Name` (one line) or nothing;
    /// and back.
    #[test]
    fn quotes_encode_as_documented_and_round_trip() {
        let speakers = ["Anna Berg".to_string(), "Piet Olsen".to_string()];
        let q = |s, e, d, conf, cue, who: Option<&str>| StoredQuote {
            s,
            e,
            d,
            conf,
            cue,
            who: who.map(str::to_string),
        };
        let quotes = [
            q(0, 9, true, 0.874, Some((11, 15)), Some("Piet Olsen")),
            q(120, 1045, false, 1.0, None, None),
            q(7, 8, true, 0.0, Some((0, 1234567)), Some("Ola\nNord")),
            q(30, 40, false, 0.05, None, Some("Anna Berg")),
        ];
        let enc = encode_quotes(&quotes, &speakers);
        assert_eq!(
            enc,
            "0 9 1 87 11-15 #1\n120 1045 0 100 - \n7 8 1 0 0-1234567 =Ola Nord\n30 40 0 5 - #0"
        );
        let back = decode_quotes(&enc, &speakers);
        let fields = |q: &StoredQuote| (q.s, q.e, q.d, q.cue, q.who.clone());
        assert_eq!(
            back.iter().map(fields).collect::<Vec<_>>(),
            [
                (0, 9, true, Some((11, 15)), Some("Piet Olsen".to_string())),
                (120, 1045, false, None, None),
                (7, 8, true, Some((0, 1234567)), Some("Ola Nord".to_string())),
                (30, 40, false, None, Some("Anna Berg".to_string())),
            ]
        );
    }

    #[test]
    fn encoded_prefixes_start_the_encoded_facets_below_them() {
        let key = |f: Facet| f.encoded_str().as_bytes().to_vec();
        assert!(key(speaker_facet("Tony Blair")).starts_with(&encoded_prefix(&speaker_root())));
        let org = encoded_prefix(&actor_root(Kind::Org));
        assert!(key(actor_facet(Kind::Org, "BBC")).starts_with(&org));
        assert!(!key(actor_facet(Kind::Person, "Org")).starts_with(&org));
    }

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
