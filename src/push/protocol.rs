//! The two engines' write APIs: request bodies and what their answers mean.
//!
//! - Quickwit: `POST /api/v1/{index}/ingest?commit=auto&detailed_response=true`, an NDJSON
//!   body of documents (at most 10 MB a request). The answer is quickwit-serve's
//!   `RestIngestResponse` (quickwit-oss/quickwit
//!   `quickwit/quickwit-serve/src/ingest_api/response.rs`): `num_docs_for_processing`,
//!   and with the v2 ingest `num_ingested_docs`, `num_rejected_docs` and (with
//!   `detailed_response`) `parse_failures: [{message, document, reason}]`. Quickwit's
//!   ingest takes no document id.
//! - OpenSearch: `POST /_bulk`, NDJSON pairs of an action line
//!   `{"index": {"_index": NAME, "_id": ID}}` and the document. The answer
//!   (opensearch-project/opensearch-api-specification `spec/schemas/_core.bulk.yaml`,
//!   `ResponseItem`) is `{"took", "errors", "items": [{"index": {"_index", "_id",
//!   "status", "result", "error": {"type", "reason"}}}]}`, one item per action in order;
//!   an `index` action with an existing `_id` replaces that document.

use serde::Deserialize;

use crate::export::engine::Engine;

/// One document ready to send: its id and its JSON.
#[derive(Debug, Clone)]
pub struct Doc {
    /// `article#paragraph`.
    pub id: String,
    /// The document as one line of JSON.
    pub json: String,
}

/// The request line of a batch: path and query after the base URL.
pub fn path(engine: Engine, target: &str) -> String {
    match engine {
        Engine::Quickwit => format!("/api/v1/{target}/ingest?commit=auto&detailed_response=true"),
        Engine::Opensearch => "/_bulk".to_string(),
    }
}

/// The body of a batch.
pub fn body(engine: Engine, target: &str, docs: &[Doc]) -> String {
    let mut out = String::new();
    for d in docs {
        if engine == Engine::Opensearch {
            let action = serde_json::json!({"index": {"_index": target, "_id": d.id}});
            out.push_str(&action.to_string());
            out.push('\n');
        }
        out.push_str(&d.json);
        out.push('\n');
    }
    out
}

/// The bytes a document adds to a batch body.
pub fn cost(engine: Engine, target: &str, doc: &Doc) -> usize {
    let action = match engine {
        Engine::Quickwit => 0,
        Engine::Opensearch => 32 + target.len() + doc.id.len() * 2,
    };
    doc.json.len() + 1 + action
}

/// What the engine said about a batch answered with 200.
#[derive(Debug, Default, PartialEq)]
pub struct Verdict {
    /// Documents the engine took.
    pub accepted: u64,
    /// Documents it refused for good: (id, reason).
    pub rejected: Vec<(String, String)>,
    /// Documents refused for now (an item's 429): to send again.
    pub retry: Vec<usize>,
    /// Documents the engine says it refused but did not name.
    pub unnamed_rejected: u64,
    /// Documents sent that the answer counts neither as taken nor as refused.
    pub unaccounted: u64,
}

#[derive(Deserialize)]
struct QuickwitAnswer {
    num_docs_for_processing: u64,
    num_ingested_docs: Option<u64>,
    num_rejected_docs: Option<u64>,
    parse_failures: Option<Vec<QuickwitParseFailure>>,
}

#[derive(Deserialize)]
struct QuickwitParseFailure {
    message: String,
    document: String,
    #[serde(default)]
    reason: serde_json::Value,
}

#[derive(Deserialize)]
struct BulkAnswer {
    items: Vec<std::collections::HashMap<String, BulkItem>>,
}

#[derive(Deserialize)]
struct BulkItem {
    #[serde(default)]
    _id: Option<String>,
    status: u16,
    #[serde(default)]
    error: Option<serde_json::Value>,
}

/// Read a 200 answer to a batch of `docs`; Err with a reason when it is not the engine's shape.
pub fn verdict(engine: Engine, docs: &[Doc], answer: &str) -> Result<Verdict, String> {
    match engine {
        Engine::Quickwit => quickwit_verdict(docs, answer),
        Engine::Opensearch => bulk_verdict(docs, answer),
    }
}

fn quickwit_verdict(docs: &[Doc], answer: &str) -> Result<Verdict, String> {
    let a: QuickwitAnswer = serde_json::from_str(answer)
        .map_err(|e| format!("not a Quickwit ingest response ({e})"))?;
    let mut v = Verdict::default();
    let rejected = a.num_rejected_docs.unwrap_or(0);
    // The v1 ingest answers only num_docs_for_processing: the documents were queued, and
    // a parse failure shows up only in Quickwit's logs.
    v.accepted = a.num_ingested_docs.unwrap_or(a.num_docs_for_processing.saturating_sub(rejected));
    for f in a.parse_failures.unwrap_or_default() {
        let id = serde_json::from_str::<serde_json::Value>(&f.document)
            .ok()
            .and_then(|d| d.get("id").and_then(|i| i.as_str()).map(str::to_string))
            .unwrap_or_else(|| "(unparsable document)".to_string());
        let reason = match f.reason.as_str() {
            Some(r) => format!("{r}: {}", f.message),
            None => f.message,
        };
        v.rejected.push((id, reason));
    }
    v.unnamed_rejected = rejected.saturating_sub(v.rejected.len() as u64);
    let sent = docs.len() as u64;
    if v.accepted + rejected > sent {
        return Err(format!(
            "Quickwit answered for {} documents, {sent} were sent",
            v.accepted + rejected
        ));
    }
    v.unaccounted = sent - v.accepted - rejected;
    Ok(v)
}

fn bulk_verdict(docs: &[Doc], answer: &str) -> Result<Verdict, String> {
    let a: BulkAnswer =
        serde_json::from_str(answer).map_err(|e| format!("not a _bulk response ({e})"))?;
    if a.items.len() != docs.len() {
        return Err(format!("_bulk answered {} items for {} documents", a.items.len(), docs.len()));
    }
    let mut v = Verdict::default();
    for (i, item) in a.items.iter().enumerate() {
        let Some(item) = item.values().next() else {
            return Err(format!("_bulk item {i} is empty"));
        };
        match item.status {
            200..=299 => v.accepted += 1,
            429 => v.retry.push(i),
            s => {
                let id = item._id.clone().unwrap_or_else(|| docs[i].id.clone());
                let reason = match &item.error {
                    Some(e) => format!(
                        "{} {}: {}",
                        s,
                        e.get("type").and_then(|t| t.as_str()).unwrap_or("error"),
                        e.get("reason").and_then(|t| t.as_str()).unwrap_or("")
                    ),
                    None => format!("status {s}"),
                };
                v.rejected.push((id, reason));
            }
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(ids: &[&str]) -> Vec<Doc> {
        ids.iter().map(|id| Doc { id: id.to_string(), json: "{}".into() }).collect()
    }

    // The published answers themselves (tests/data/engines/README.md cites their sources).
    const BULK_OK: &str =
        include_str!("../../tests/data/engines/opensearch/bulk-response-success.json");
    const BULK_ERR: &str =
        include_str!("../../tests/data/engines/opensearch/bulk-response-item-error.json");
    const BULK_429: &str =
        include_str!("../../tests/data/engines/opensearch/bulk-response-item-429.json");
    const QW_V1: &str = include_str!("../../tests/data/engines/quickwit/ingest-response-v1.json");
    const QW_V2: &str =
        include_str!("../../tests/data/engines/quickwit/ingest-response-v2-parse-failure.json");

    #[test]
    fn published_bulk_answers_read_as_accepted_rejected_or_retry() {
        let v = verdict(Engine::Opensearch, &docs(&["tt1979320"]), BULK_OK).unwrap();
        assert_eq!(v, Verdict { accepted: 1, ..Verdict::default() });
        let v = verdict(Engine::Opensearch, &docs(&["x"]), BULK_ERR).unwrap();
        assert_eq!(v.accepted, 0);
        assert_eq!(
            v.rejected,
            vec![(
                "nonexistent1".to_string(),
                "404 document_missing_exception: [nonexistent1]: document missing".to_string()
            )]
        );
        let v = verdict(Engine::Opensearch, &docs(&["tt1979320"]), BULK_429).unwrap();
        assert_eq!(v.retry, vec![0]);
        assert!(verdict(Engine::Opensearch, &docs(&["a", "b"]), BULK_OK).is_err(), "1 item for 2");
    }

    #[test]
    fn published_quickwit_answers_read_as_counts_and_named_failures() {
        let ten: Vec<Doc> = docs(&["a"; 10]);
        let v = verdict(Engine::Quickwit, &ten, QW_V1).unwrap();
        assert_eq!(v.accepted, 10);
        let v = verdict(Engine::Quickwit, &ten, QW_V2).unwrap();
        assert_eq!(v.accepted, 5);
        // The published failure's document is "doc1", not JSON: it cannot be named by id.
        assert_eq!(
            v.rejected,
            vec![("(unparsable document)".to_string(), "invalid_json: error1".to_string())]
        );
        assert_eq!(v.unnamed_rejected, 1, "2 rejected, 1 described");
        assert_eq!(v.unaccounted, 3, "10 sent, 5 ingested, 2 rejected");
        assert!(verdict(Engine::Quickwit, &docs(&["a"]), QW_V1).is_err(), "10 answered for 1");
    }

    #[test]
    fn bulk_bodies_pair_an_index_action_with_each_document() {
        let b = body(Engine::Opensearch, "news", &docs(&["fx-1#0", "fx-1#1"]));
        let lines: Vec<serde_json::Value> =
            b.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], serde_json::json!({"index": {"_index": "news", "_id": "fx-1#0"}}));
        assert_eq!(lines[2]["index"]["_id"], "fx-1#1");
        assert!(b.ends_with('\n'));
        assert_eq!(body(Engine::Quickwit, "news", &docs(&["a", "b"])), "{}\n{}\n");
        for d in docs(&["fx-1#0"]) {
            assert!(
                cost(Engine::Opensearch, "news", &d)
                    >= body(Engine::Opensearch, "news", std::slice::from_ref(&d)).len()
            );
        }
    }
}
