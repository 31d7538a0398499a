//! `POST /api/articles`: articles in a request body (one JSON object, an array of them, or
//! NDJSON) through the same ingest as the command line, answered with the `ingest --json`
//! summary.
//!
//! Writes are off unless the server was given a token, and then need
//! `Authorization: Bearer TOKEN` (compared in constant time). One request writes at a time;
//! another one, or another process holding the index writer, gets 503 with `Retry-After`.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::api::{json_response, printed};
use super::error::ApiError;
use crate::article::read::Format;
use crate::index::Index;
use crate::ingest::{IngestOptions, ingest_bytes};
use crate::output::json;

/// How rejections name the input.
const INPUT_NAME: &str = "POST /api/articles";

/// Ingest the body's articles.
pub async fn post_articles(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let format = format_of(&headers)?;
    let max = state.config.max_body;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(ApiError::TooLarge(max));
    }
    let permit = state.permit()?;
    let bytes =
        match tokio::time::timeout(state.config.timeout, axum::body::to_bytes(body, max)).await {
            Err(_) => return Err(ApiError::Timeout),
            Ok(Err(e)) if is_length_limit(&e) => return Err(ApiError::TooLarge(max)),
            Ok(Err(e)) => return Err(ApiError::BadRequest(format!("reading the body: {e}"))),
            Ok(Ok(b)) => b,
        };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest(
            "empty body: send an article object, an array of them, or NDJSON".into(),
        ));
    }
    let format = match format {
        Some(f) => f,
        None => sniff(&bytes)?,
    };
    let writing = state.writing.clone().try_lock_owned().map_err(|_| {
        ApiError::Busy("another request is writing to the index; retry shortly".into())
    })?;
    let st = state.clone();
    // No timeout here: an ingest that has started cannot be called off, and its answer (what
    // was added, what was rejected) is what the client needs. The body limit bounds it.
    let task = tokio::task::spawn_blocking(move || {
        let _writing = writing;
        let _permit = permit;
        let index = Index::open(&st.index_dir)?;
        let sum = ingest_bytes(
            &index,
            &bytes,
            Some(format),
            INPUT_NAME,
            &IngestOptions::default(),
            &AtomicBool::new(false),
        )?;
        // Visible to the next search at once, not at the next poll of the index.
        st.searcher.reload()?;
        let accepted = sum.added + sum.replaced + sum.unchanged + sum.duplicates.len() as u64;
        let body = printed(|out| json::summary(out, &sum))?;
        Ok::<_, ApiError>((accepted, sum.rejected.first().map(|e| e.to_string()), body))
    });
    let (accepted, first_rejection, body) =
        task.await.map_err(|e| ApiError::Internal(format!("the ingest worker failed: {e}")))??;
    match first_rejection {
        // Nothing could be used: the request was bad. The summary still says why, item by item.
        Some(reason) if accepted == 0 => {
            let mut v: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| ApiError::Internal(format!("re-reading the summary: {e}")))?;
            v["error"] = format!("no article accepted: {reason}").into();
            Ok((StatusCode::BAD_REQUEST, json_response(v.to_string().into_bytes())).into_response())
        }
        _ => Ok(json_response(body)),
    }
}

/// 401 unless writes are on and the request carries the token.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.write_token else {
        return Err(ApiError::Unauthorized(
            "this server is read-only: start it with --write-token TOKEN (or WHOSAID_WRITE_TOKEN) \
             to accept articles"
                .into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(ApiError::Unauthorized(
            "writing needs the header Authorization: Bearer TOKEN".into(),
        )),
        Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::Unauthorized("wrong write token".into())),
    }
}

/// Equality whose time depends on the lengths only, not on where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// The format a Content-Type names; None to tell JSON from NDJSON by the content.
fn format_of(headers: &HeaderMap) -> Result<Option<Format>, ApiError> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else { return Ok(None) };
    let ct = ct.to_str().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match ct.as_str() {
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Ok(Some(Format::Jsonl)),
        "application/json" | "" => Ok(None),
        other => Err(ApiError::BadRequest(format!(
            "Content-Type {other} is not taken: send application/json (an article object or an \
             array) or application/x-ndjson (one article a line)"
        ))),
    }
}

/// JSON or NDJSON, by the content; anything else is a 400.
fn sniff(bytes: &[u8]) -> Result<Format, ApiError> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)]);
    match text.trim_start().chars().next() {
        Some('{') | Some('[') => Ok(Format::sniff(&String::from_utf8_lossy(bytes))),
        _ => Err(ApiError::BadRequest(
            "the body is not JSON: send an article object, an array of them, or NDJSON".into(),
        )),
    }
}

/// Whether reading the body failed on the size limit (http-body-util's `LengthLimitError`,
/// which axum wraps without re-exporting the type).
fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if s.to_string().contains("length limit exceeded") {
            return true;
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"s3cret", b"s3cret"));
        assert!(!same(b"s3cret", b"s3creT"));
        assert!(!same(b"s3cret", b"s3cre"));
        assert!(!same(b"", b"x"));
    }

    #[test]
    fn bodies_by_content() {
        assert_eq!(sniff(b" [{\"text\": \"a\"}]").unwrap(), Format::Json);
        assert_eq!(sniff(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n").unwrap(), Format::Jsonl);
        assert!(sniff(b"<html>").is_err());
    }
}
