//! Errors as the API reports them: a status and `{"error": {"code", "message"}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::SearchError;

/// Seconds a client is asked to wait after a 503.
pub const RETRY_AFTER_SECS: u64 = 1;

/// The JSON body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `missing_query`, `query_too_long`, `bad_limit`,
    /// `bad_offset`, `bad_date`, `bad_lang`, `bad_encoding`, `bad_parameter`,
    /// `empty_query`, `query_too_complex`, `not_found`, `method_not_allowed`, `headers_too_large`,
    /// `overloaded`, `timeout`, `internal`.
    pub code: String,
    /// For people: what was wrong and how to fix it.
    pub message: String,
}

/// An error response. Anything the client did wrong is a 4xx; 503 means
/// "busy, retry"; 500 is kept for real failures of the index.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    pub fn overloaded() -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "overloaded",
            message: "too many searches at once; retry shortly".into(),
        }
    }

    pub fn timeout() -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "timeout",
            message: "the request took too long; retry shortly".into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: message.into(),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        match &err {
            SearchError::EmptyQuery { .. } => ApiError::bad_request("empty_query", err.to_string()),
            SearchError::TooComplex { .. } => {
                ApiError::bad_request("query_too_complex", err.to_string())
            }
            SearchError::BadParameter { name, .. } => {
                let code = match *name {
                    "from" | "to" => "bad_date",
                    "lang" => "bad_lang",
                    "offset" => "bad_offset",
                    "limit" => "bad_limit",
                    _ => "bad_parameter",
                };
                ApiError::bad_request(code, err.to_string())
            }
            SearchError::Index(_) | SearchError::Tantivy(_) => {
                tracing::error!("search failed: {err}");
                ApiError::internal("the index could not be read")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}
