//! The web page, its script and style, and the OpenAPI document: compiled into the binary
//! and served from a fixed map, so no request ever reaches the file system.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

const PAGE: &str = include_str!("assets/index.html");
const OPENAPI: &str = include_str!("assets/openapi.json");

/// Name -> (content type, content).
const ASSETS: &[(&str, &str, &str)] = &[
    ("app.js", "text/javascript; charset=utf-8", include_str!("assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_str!("assets/app.css")),
    ("favicon.svg", "image/svg+xml", include_str!("assets/favicon.svg")),
];

fn with_type(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// `GET /`: the page (the script reads the search from the URL).
pub async fn page() -> Response {
    with_type(PAGE, "text/html; charset=utf-8")
}

/// `GET /assets/{name}`: one of the embedded files, or 404.
pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, ct, body)| with_type(body, ct))
        .ok_or_else(|| ApiError::NotFound(format!("no asset named {name:?}")))
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    with_type(OPENAPI, "application/json")
}

#[cfg(test)]
mod tests {
    #[test]
    fn openapi_is_json_and_names_every_endpoint() {
        let v: serde_json::Value = serde_json::from_str(super::OPENAPI).unwrap();
        assert!(v["openapi"].as_str().unwrap().starts_with("3."));
        for p in [
            "/api/search",
            "/api/timeline",
            "/api/articles/{id}",
            "/api/articles",
            "/api/stats",
            "/api/names",
        ] {
            assert!(v["paths"][p].is_object(), "{p} missing from openapi.json");
        }
    }
}
