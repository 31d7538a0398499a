//! Every failure of a request as a status code and a JSON body `{"error": "…"}`.
//!
//! The codes are the contract's: 400 a bad parameter or query, 401 a missing or wrong write
//! token, 404 an unknown article or path, 405 a method a path does not take, 413 a body too
//! large, 429 too many requests at once, 503 (with `Retry-After`) a busy writer or a request
//! out of time. A 500 is a fault of the server or the index, never of the input.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::Error;

/// Seconds a client should wait after a 429 or 503.
const RETRY_AFTER_SECONDS: &str = "1";

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// A bad parameter, query or body.
    BadRequest(String),
    /// No token, or the wrong one, for a write.
    Unauthorized(String),
    /// No such article or path.
    NotFound(String),
    /// The path does not take this method.
    MethodNotAllowed,
    /// The body is larger than the limit.
    TooLarge(usize),
    /// Every request slot is taken.
    TooMany,
    /// The index writer is held by another request or process.
    Busy(String),
    /// The request outlasted the timeout.
    Timeout,
    /// A fault of the server or the index.
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy(_) | ApiError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::NotFound(m)
            | ApiError::Busy(m)
            | ApiError::Internal(m) => m.clone(),
            ApiError::MethodNotAllowed => "method not allowed on this path".into(),
            ApiError::TooLarge(limit) => format!("request body larger than {limit} bytes"),
            ApiError::TooMany => "too many requests at once; retry shortly".into(),
            ApiError::Timeout => "the request ran out of time; retry shortly".into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        match e {
            Error::Query(_) => ApiError::BadRequest(e.to_string()),
            Error::ArticleNotFound(_) => ApiError::NotFound(e.to_string()),
            Error::IndexBusy(_) => ApiError::Busy(e.to_string()),
            Error::OutOfTime => ApiError::Timeout,
            e => ApiError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::json!({ "error": self.message() }).to_string();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if matches!(status, StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Any path the server does not know.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no such path: {}", uri.path()))
}

/// A known path asked with a method it does not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
