//! Documents and index definitions for a distributed engine: Quickwit or OpenSearch.
//!
//! One document per paragraph, the same for both engines ([`EngineDoc`]); the index
//! definitions map its fields the way whosaid's own index does: stemmed English text
//! with positions and field norms for `title`, `text` and `quoted`; exact names
//! (keywords, or Quickwit's `raw` tokenizer with a fast column) for speakers, actors by
//! kind and all canonical names, so the speaker facet becomes a terms aggregation.
//!
//! References followed (nothing here was run against a live engine):
//! - Quickwit 0.8 index config, format `version: 0.8`: quickwit-oss/quickwit
//!   `docs/configuration/index-config.md` (field types `text`/`array<text>`/`datetime`/
//!   `u64`, `tokenizer: en_stem|raw`, `record: position`, `fieldnorms`, `fast`,
//!   `input_formats`, `fast_precision`, `doc_mapping.timestamp_field`, `mode: strict`) and
//!   `config/tutorials/stackoverflow/index-config.yaml` at tag v0.9.0 (a 0.8 config); the
//!   accepted keys of each field type as `quickwit/quickwit-doc-mapper/src/doc_mapper/
//!   field_mapping_entry.rs` deserialises them (`deny_unknown_fields`; a text field that is
//!   not indexed takes no `tokenizer`, `record` or `fieldnorms`).
//! - OpenSearch 2.x create-index body: opensearch-project/opensearch-api-specification
//!   `spec/schemas/_common.mapping.yaml` (`text` with `analyzer`, `keyword`, `date` with
//!   `format`, `integer`, `dynamic: strict`) and the OpenSearch mapping docs
//!   (the built-in `english` language analyzer).

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::{Actor, Kind};

/// Which engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Quickwit (tantivy underneath: the same `en_stem` tokenizer as whosaid).
    Quickwit,
    /// OpenSearch (or Elasticsearch: the same `_bulk` and mapping shapes).
    Opensearch,
}

impl Engine {
    /// The name used in file names and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Quickwit => "quickwit",
            Engine::Opensearch => "opensearch",
        }
    }

    /// The index definition's file name in an export folder.
    pub fn definition_file(self) -> &'static str {
        match self {
            Engine::Quickwit => "quickwit-index-config.yaml",
            Engine::Opensearch => "opensearch-index.json",
        }
    }

    /// The index definition for an index named `index_id`.
    pub fn definition(self, index_id: &str) -> String {
        match self {
            Engine::Quickwit => quickwit_index_config(index_id),
            Engine::Opensearch => opensearch_index_body(),
        }
    }
}

/// The documents file of an export folder (one JSON document a line).
pub const DOCUMENTS_FILE: &str = "documents.ndjson";

/// One paragraph as an engine document.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct EngineDoc {
    /// `article_id#paragraph`: the OpenSearch `_id`, unique in the corpus.
    pub id: String,
    /// The article's id.
    pub article_id: String,
    /// 0-based paragraph index.
    pub paragraph: u64,
    /// Article title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The paragraph's text.
    pub text: String,
    /// The text of each quote in the paragraph.
    pub quoted: Vec<String>,
    /// Publication day as RFC 3339 (midnight UTC); absent when the article has no date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Canonical names of the speakers quoted.
    pub speakers: Vec<String>,
    /// Canonical names of people quoted or mentioned.
    pub actors_person: Vec<String>,
    /// Canonical names of organisations.
    pub actors_org: Vec<String>,
    /// Canonical names of places.
    pub actors_place: Vec<String>,
    /// Every canonical name of the paragraph (speakers and actors), once each.
    pub names: Vec<String>,
}

/// What a paragraph document is made from, whether read from the index or from `analyze`.
pub struct ParagraphParts<'a> {
    /// Article id.
    pub article_id: &'a str,
    /// Paragraph index.
    pub paragraph: u64,
    /// Title.
    pub title: Option<&'a str>,
    /// Text.
    pub text: &'a str,
    /// Quote texts.
    pub quoted: Vec<String>,
    /// Day.
    pub date: Option<NaiveDate>,
    /// Publisher.
    pub source: Option<&'a str>,
    /// URL.
    pub url: Option<&'a str>,
    /// Speakers.
    pub speakers: &'a [String],
    /// Actors.
    pub actors: &'a [Actor],
}

impl EngineDoc {
    /// Build a document.
    pub fn new(p: ParagraphParts<'_>) -> EngineDoc {
        let of_kind = |k: Kind| -> Vec<String> {
            p.actors.iter().filter(|a| a.kind == k).map(|a| a.name.clone()).collect()
        };
        let mut names: Vec<String> = Vec::new();
        for n in p.speakers.iter().chain(p.actors.iter().map(|a| &a.name)) {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        EngineDoc {
            id: format!("{}#{}", p.article_id, p.paragraph),
            article_id: p.article_id.to_string(),
            paragraph: p.paragraph,
            title: p.title.map(str::to_string),
            text: p.text.to_string(),
            quoted: p.quoted,
            date: p.date.map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d"))),
            source: p.source.map(str::to_string),
            url: p.url.map(str::to_string),
            speakers: p.speakers.to_vec(),
            actors_person: of_kind(Kind::Person),
            actors_org: of_kind(Kind::Org),
            actors_place: of_kind(Kind::Place),
            names,
        }
    }

    /// From a paragraph read from the index.
    pub fn from_hit(hit: &crate::index::search::Hit) -> EngineDoc {
        let quoted =
            hit.quotes.iter().filter_map(|q| hit.text.get(q.span.clone())).map(str::to_string);
        EngineDoc::new(ParagraphParts {
            article_id: &hit.article_id,
            paragraph: hit.paragraph,
            title: hit.title.as_deref(),
            text: &hit.text,
            quoted: quoted.collect(),
            date: hit.date,
            source: hit.source.as_deref(),
            url: hit.url.as_deref(),
            speakers: &hit.speakers,
            actors: &hit.actors,
        })
    }

    /// The documents of an analysed article (for `push --from-analyze`: no index involved).
    pub fn from_analysis(
        article: &crate::article::Article,
        analysis: &crate::analysis::Analysis,
    ) -> Vec<EngineDoc> {
        let none = crate::analysis::ParagraphFacts::default();
        article
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, span)| {
                let facts = analysis.paragraphs.get(i).unwrap_or(&none);
                let quoted = analysis
                    .quotes
                    .iter()
                    .filter(|q| q.paragraph == i)
                    .filter_map(|q| {
                        article.text.get(q.span.start.max(span.start)..q.span.end.min(span.end))
                    })
                    .map(str::to_string)
                    .collect();
                EngineDoc::new(ParagraphParts {
                    article_id: article.id.as_str(),
                    paragraph: i as u64,
                    title: article.title.as_deref(),
                    text: &article.text[span.clone()],
                    quoted,
                    date: article.date,
                    source: article.source.as_deref(),
                    url: article.url.as_deref(),
                    speakers: &facts.speakers,
                    actors: &facts.actors,
                })
            })
            .collect()
    }
}

/// The Quickwit index config (YAML) for an index of [`EngineDoc`]s.
pub fn quickwit_index_config(index_id: &str) -> String {
    let stemmed = |name: &str, array: bool| {
        format!(
            "    - name: {name}\n      type: {}\n      tokenizer: en_stem\n      record: position\n      fieldnorms: true\n      stored: true\n",
            if array { "array<text>" } else { "text" }
        )
    };
    let exact = |name: &str, array: bool| {
        format!(
            "    - name: {name}\n      type: {}\n      tokenizer: raw\n      fast: true\n      stored: true\n",
            if array { "array<text>" } else { "text" }
        )
    };
    let mut y = String::new();
    y.push_str(
        "# Quickwit index config for whosaid paragraph documents (whosaid export --for quickwit).\n\
         # Format: Quickwit index config `version: 0.8` (Quickwit 0.8.x), following\n\
         # quickwit-oss/quickwit docs/configuration/index-config.md. Not tested against a live\n\
         # Quickwit: create the index with\n\
         #   curl -XPOST -H 'Content-Type: application/yaml' http://HOST:7280/api/v1/indexes \\\n\
         #        --data-binary @quickwit-index-config.yaml\n",
    );
    y.push_str("version: 0.8\n");
    y.push_str(&format!("index_id: {index_id}\n"));
    y.push_str("doc_mapping:\n  mode: strict\n  field_mappings:\n");
    y.push_str(&exact("id", false));
    y.push_str(&exact("article_id", false));
    y.push_str("    - name: paragraph\n      type: u64\n      indexed: true\n      fast: true\n      stored: true\n");
    y.push_str(&stemmed("title", false));
    y.push_str(&stemmed("text", false));
    y.push_str(&stemmed("quoted", true));
    y.push_str(
        "    - name: date\n      type: datetime\n      input_formats:\n        - rfc3339\n      output_format: rfc3339\n      fast_precision: seconds\n      indexed: true\n      fast: true\n      stored: true\n",
    );
    y.push_str(&exact("source", false));
    // Not indexed: Quickwit then refuses `tokenizer`, `record` and `fieldnorms`.
    y.push_str("    - name: url\n      type: text\n      indexed: false\n      stored: true\n");
    for f in ["speakers", "actors_person", "actors_org", "actors_place", "names"] {
        y.push_str(&exact(f, true));
    }
    y.push_str("  timestamp_field: date\n");
    y.push_str("search_settings:\n  default_search_fields: [title, text]\n");
    y.push_str("indexing_settings:\n  commit_timeout_secs: 30\n");
    y
}

/// The OpenSearch create-index body (JSON) for an index of [`EngineDoc`]s.
pub fn opensearch_index_body() -> String {
    use serde_json::json;
    let english = json!({"type": "text", "analyzer": "english"});
    let keyword = json!({"type": "keyword"});
    let body = json!({
        "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 1}},
        "mappings": {
            "_meta": {
                "generated_by": "whosaid export --for opensearch",
                "format": "OpenSearch 2.x create-index body (PUT /NAME)",
                "reference": "opensearch-project/opensearch-api-specification spec/schemas/_common.mapping.yaml; OpenSearch mapping docs (english analyzer)",
                "tested_against_live_engine": false
            },
            "dynamic": "strict",
            "properties": {
                "id": keyword,
                "article_id": keyword,
                "paragraph": {"type": "integer"},
                "title": english,
                "text": english,
                "quoted": english,
                "date": {"type": "date", "format": "strict_date_optional_time"},
                "source": keyword,
                "url": {"type": "keyword", "index": false},
                "speakers": keyword,
                "actors_person": keyword,
                "actors_org": keyword,
                "actors_place": keyword,
                "names": keyword
            }
        }
    });
    let mut s = serde_json::to_string_pretty(&body).expect("a JSON value serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys Quickwit's field mapping entries accept, per type, as
    /// quickwit-oss/quickwit `quickwit/quickwit-doc-mapper/src/doc_mapper/field_mapping_entry.rs`
    /// (commit 757e78e) deserialises them with `deny_unknown_fields`: `QuickwitTextOptions`,
    /// `QuickwitNumericOptions`, and the datetime options of its tests.
    fn allowed(ty: &str) -> &'static [&'static str] {
        match ty.trim_start_matches("array<").trim_end_matches('>') {
            "text" => {
                &["description", "indexed", "tokenizer", "record", "fieldnorms", "stored", "fast"]
            }
            "u64" | "i64" | "f64" => {
                &["description", "stored", "indexed", "fast", "coerce", "output_format"]
            }
            "datetime" => &[
                "description",
                "input_formats",
                "output_format",
                "fast_precision",
                "stored",
                "indexed",
                "fast",
            ],
            other => panic!("type {other} is not used by whosaid"),
        }
    }

    #[test]
    fn quickwit_field_mappings_use_only_keys_quickwit_accepts() {
        let yaml = quickwit_index_config("news");
        let mappings = yaml.split("\n    - name: ").skip(1);
        let mut names = Vec::new();
        for m in mappings {
            names.push(m.lines().next().unwrap_or("").to_string());
            let keys: Vec<(&str, &str)> = m
                .lines()
                .skip(1)
                .take_while(|l| l.starts_with("      "))
                .filter_map(|l| l.trim().split_once(':'))
                .map(|(k, v)| (k.trim(), v.trim()))
                .collect();
            let ty = keys.iter().find(|(k, _)| *k == "type").expect("a type").1;
            for (k, _) in &keys {
                assert!(*k == "type" || allowed(ty).contains(k), "{ty} field takes no {k}: {m}");
            }
            if keys.contains(&("indexed", "false")) {
                for k in ["tokenizer", "record", "fieldnorms"] {
                    assert!(!keys.iter().any(|(key, _)| *key == k), "not indexed, yet {k}: {m}");
                }
            }
        }
        // Every field of a document is mapped (mode: strict refuses unmapped fields).
        let doc = EngineDoc::new(ParagraphParts {
            article_id: "a",
            paragraph: 0,
            title: Some("t"),
            text: "x",
            quoted: vec![],
            date: NaiveDate::from_ymd_opt(2024, 1, 2),
            source: Some("s"),
            url: Some("u"),
            speakers: &[],
            actors: &[],
        });
        let json = serde_json::to_value(&doc).unwrap();
        let mut keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        names.sort();
        assert_eq!(names, keys);
        assert!(yaml.contains("\n  timestamp_field: date\n"));
    }
}
