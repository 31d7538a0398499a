//! What wraps every request: the log line, CORS when asked for, the security headers and the
//! time the server spent (`Server-Timing`).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// The page may load its own script, style and API answers, and nothing else: even markup
/// that slipped into the page could run no script of its own (defence in depth; the page
/// never inserts article text as markup).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Log, answer CORS preflights, add headers. `Server-Timing: app;dur=MS` is the time from the
/// request's head parsed to its answer ready to write (the W3C header, as Elasticsearch's
/// `took`): what the server itself adds, without the network and the client, so a load run
/// can set the server against the in-process search it wraps.
pub async fn around(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let cors = state.config.cors.as_deref().and_then(|o| HeaderValue::from_str(o).ok());
    let mut response = if method == Method::OPTIONS && cors.is_some() {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    if let Some(origin) = cors {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Authorization, Content-Type"),
        );
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Retry-After"));
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        h.insert(HeaderName::from_static("server-timing"), v);
    }
    if state.config.log_requests {
        eprintln!("{method} {path} {} {ms:.1}ms", response.status().as_u16());
    }
    response
}
