//! Cross-cutting request handling: logging, limits, deadline, fallbacks.

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Longest request target (path and query) accepted.
const MAX_URI_BYTES: usize = 8 * 1024;
/// Largest total size of request headers accepted.
const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most request headers accepted.
const MAX_HEADERS: usize = 64;
/// Characters of a request target written to the log.
const LOGGED_URI_CHARS: usize = 300;

/// One log line per request: method, target, status, time.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let target: String = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .chars()
        .take(LOGGED_URI_CHARS)
        .collect();
    let response = next.run(req).await;
    tracing::info!(
        "{method} {target} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Refuse oversized request targets and headers before any work.
pub async fn limit_headers(req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            code: "uri_too_long",
            message: format!("the request target is {uri_len} bytes; at most {MAX_URI_BYTES}"),
        }
        .into_response();
    }
    let headers = req.headers();
    let size: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers.len() > MAX_HEADERS || size > MAX_HEADER_BYTES {
        return ApiError {
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            code: "headers_too_large",
            message: format!(
                "at most {MAX_HEADERS} headers and {MAX_HEADER_BYTES} bytes of headers are accepted"
            ),
        }
        .into_response();
    }
    next.run(req).await
}

/// Answer 503 `timeout` when a request is not done in time.
pub async fn deadline(limit: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::timeout().into_response(),
    }
}

pub async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!("nothing at {}", req.uri().path()))
}

pub async fn method_not_allowed() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: "this API is read-only: use GET".into(),
    }
}
