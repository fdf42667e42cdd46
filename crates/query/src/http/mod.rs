//! `newsreel serve`: the HTTP JSON API and the search page.
//!
//! Built on axum; every search goes through the same [`Engine`] as the CLI.
//! - [`params`] decodes query strings strictly and validates them;
//! - [`gate`] bounds the searches running and waiting (503 beyond that);
//! - [`api`] holds the JSON handlers and the generated OpenAPI document;
//! - [`result_cache`] keeps answers of `/api/search` for repeated requests,
//!   compressed as clients ask ([`encoding`]);
//! - [`page`] serves the embedded search page;
//! - [`error`] turns every failure into `{"error": {"code", "message"}}`.
//!
//! Requests are tested without a socket through `tower::ServiceExt::oneshot`
//! on [`router`].

pub mod api;
mod encoding;
pub mod error;
pub mod gate;
mod middleware;
pub mod page;
pub mod params;
pub mod result_cache;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use thiserror::Error;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Engine;
pub use api::AppState;
pub use gate::{Gate, GateConfig};
pub use result_cache::ResultCache;

/// Largest request body accepted (the API reads none).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// How the server behaves; [`ServerConfig::default`] is what `newsreel serve` uses.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub gate: GateConfig,
    /// Origins allowed to call the API from a browser (CORS); none by default.
    pub cors_origins: Vec<String>,
    /// A request not answered by then gets a 503.
    pub request_timeout: Duration,
    /// Memory for answers of `/api/search` kept for repeated requests, in
    /// bytes (0 keeps none).
    pub result_cache_bytes: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            gate: GateConfig::default(),
            cors_origins: Vec::new(),
            request_timeout: Duration::from_secs(10),
            result_cache_bytes: 32 << 20,
        }
    }
}

/// Why a server could not be set up.
#[derive(Debug, Error)]
pub enum ServeError {
    #[error("bad --cors-origin {0:?}: expected an origin such as https://example.org")]
    BadOrigin(String),
}

/// The whole application: API, page and middleware.
pub fn router(engine: Arc<Engine>, config: &ServerConfig) -> Result<Router, ServeError> {
    let state = AppState {
        engine,
        gate: Arc::new(Gate::new(config.gate)),
        answers: Arc::new(ResultCache::new(config.result_cache_bytes)),
    };
    router_with_state(state, config)
}

/// [`router`] over a given state (tests hold the gate to make the server busy);
/// `config.gate` and `config.result_cache_bytes` are not used: the state's
/// gate and cache are.
pub fn router_with_state(state: AppState, config: &ServerConfig) -> Result<Router, ServeError> {
    let api = Router::new()
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/suggest", get(api::suggest))
        .route("/api/kwic", get(api::kwic))
        .route("/api/quotes", get(api::quotes))
        .route("/api/verify", get(api::verify))
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(api::openapi_json))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ));
    let mut app = Router::new()
        .merge(api)
        .merge(page::routes())
        .fallback(middleware::not_found)
        .method_not_allowed_fallback(middleware::method_not_allowed)
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new().gzip(true).br(true));
    if !config.cors_origins.is_empty() {
        app = app.layer(cors(&config.cors_origins)?);
    }
    let timeout = config.request_timeout;
    Ok(app
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::deadline(timeout, req, next)
        }))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(axum::middleware::from_fn(middleware::limit_headers))
        .layer(axum::middleware::from_fn(middleware::log_request)))
}

fn cors(origins: &[String]) -> Result<CorsLayer, ServeError> {
    let mut allowed = Vec::with_capacity(origins.len());
    for origin in origins {
        let trimmed = origin.trim().trim_end_matches('/');
        // An origin is a scheme and a host (and port), no path.
        let host = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"));
        let valid = host.is_some_and(|h| !h.is_empty() && !h.contains('/'));
        let value = HeaderValue::from_str(trimmed)
            .ok()
            .filter(|_| valid)
            .ok_or_else(|| ServeError::BadOrigin(origin.clone()))?;
        allowed.push(value);
    }
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET])
        .max_age(Duration::from_secs(3600)))
}

/// Serve `app` on `listener` until `shutdown` completes, then finish the
/// requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
