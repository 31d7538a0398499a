//! The read endpoints: each parses its parameters, does its index work on the blocking pool
//! (searches and timelines with a deadline they check themselves) and answers with the bytes
//! the `output::json` printer writes (the same objects as the command line's `--json`).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use super::params::{self, Params};
use crate::output::json;

/// A JSON body as the printer wrote it.
pub(super) fn json_response(body: Vec<u8>) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// The printers write to memory, which cannot fail but for a bug.
pub(super) fn printed(
    print: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<Vec<u8>, ApiError> {
    // A search answer with ten hits and facets runs to 5-7 kB: one allocation, not a regrowth.
    let mut out = Vec::with_capacity(16 * 1024);
    print(&mut out).map_err(|e| ApiError::Internal(format!("writing the answer: {e}")))?;
    Ok(out)
}

/// `GET /api/search`: the `query --json` object (facets with a `sources` list as well).
pub async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (mut req, count_only) = params::search(&Params::parse(raw.as_deref()))?;
    let st = state.clone();
    let body = state
        .deadlined(move |deadline| {
            req.deadline = deadline;
            let mut result = st.searcher.search(&req)?;
            if count_only {
                result.hits.clear();
            }
            printed(|out| json::query(out, &req.text, &result))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/timeline`: counts per period, of the matches and of all paragraphs.
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut req = params::timeline(&Params::parse(raw.as_deref()))?;
    let st = state.clone();
    let body = state
        .deadlined(move |deadline| {
            req.search.deadline = deadline;
            let t = st.searcher.timeline(&req)?;
            printed(|out| json::timeline(out, &t))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/articles/{id}`: the `show --json` object.
pub async fn article(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) =
        id.map_err(|e| ApiError::BadRequest(format!("the article id in the path: {e}")))?;
    if id.is_empty() {
        return Err(ApiError::BadRequest("no article id after /api/articles/".into()));
    }
    let permit = state.permit()?;
    let st = state.clone();
    let body = state
        .blocking(permit, move || {
            // A path to an ingested file names its article too (index::resolve).
            let id = crate::index::resolve::resolve_article_id(&st.searcher, &id)?;
            let article = st.searcher.article(&id)?;
            printed(|out| json::article(out, &article))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/stats`: the `stats --json` object.
pub async fn stats(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let top = params::stats(&Params::parse(raw.as_deref()))?;
    let permit = state.permit()?;
    let st = state.clone();
    let body = state
        .blocking(permit, move || {
            let stats = st.searcher.stats(top)?;
            printed(|out| json::stats(out, &stats))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/names?prefix=&kind=&limit=`: speakers and actors for autocomplete.
pub async fn names(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (prefix, kind, limit) = params::names(&Params::parse(raw.as_deref()))?;
    let permit = state.permit()?;
    let st = state.clone();
    let body = state
        .blocking(permit, move || {
            let list = st.names()?;
            let found = list.matching(&prefix, kind, limit);
            printed(|out| json::names(out, &found))
        })
        .await?;
    Ok(json_response(body))
}
