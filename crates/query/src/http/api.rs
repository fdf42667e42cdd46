//! The JSON endpoints. Each handler validates through [`Params`], runs the
//! engine behind the [`Gate`](super::gate::Gate), and returns the same types
//! the CLI prints with `--json`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::encoding::Encoding;
use super::error::{ApiError, ErrorBody};
use super::gate::Gate;
use super::params::{KwicParams, Params, QuotesParams, SearchParams, SuggestParams, VerifyParams};
use super::result_cache::{Answer, AnswerKey, ResultCache};
use crate::kwic::{Concordance, KwicRequest, DEFAULT_WIDTH};
use crate::quotes::{QuoteRequest, QuoteResults};
use crate::verify::Verification;
use crate::{
    ArticleView, Engine, SearchError, SearchRequest, SearchResults, Suggestions, DEFAULT_TIME_LIMIT,
};

/// Longest article id looked up; longer cannot exist and is answered 404 at once.
const MAX_ID_BYTES: usize = 512;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub engine: Arc<Engine>,
    pub gate: Arc<Gate>,
    pub answers: Arc<ResultCache>,
}

/// Whether `/api/search` or `/api/suggest` answered from [`ResultCache`]
/// (`hit`) or searched (`miss`).
pub const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// Search articles.
///
/// The same JSON as `newsreel search --json`, plus `facets`: counts of all
/// matching articles by language, source, reporter, and a date histogram
/// by day, month or year. An answer is
/// kept for identical requests until the index changes (header `X-Cache:
/// hit`; the answer is the same bytes, `took_ms` included).
#[utoipa::path(
    get,
    path = "/api/search",
    params(SearchParams),
    responses(
        (status = 200, description = "Ranked hits with snippets and facet counts", body = SearchResults,
            headers(("X-Cache" = String, description = "`hit` when answered from the answers kept for repeated requests, else `miss`"))),
        (status = 400, description = "Bad parameter: missing or empty `q`, `q` over 1 KiB, `limit` outside 1..=100, bad `offset`, date or `date_unit`, `group`/`expand` not true or false, invalid UTF-8", body = ErrorBody),
        (status = 503, description = "Too busy: retry after `Retry-After` seconds", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(p): Params<SearchParams>,
) -> Result<Response, ApiError> {
    let key = AnswerKey::new(state.engine.index_version(), &p);
    let request = SearchRequest {
        query: p.q,
        lang: p.lang,
        from: p.from,
        to: p.to,
        limit: p.limit.unwrap_or(10) as usize,
        offset: p.offset.unwrap_or(0) as usize,
        snippets: true,
        facets: p.facets.unwrap_or(true),
        date_unit: p.date_unit,
        time_limit: Some(DEFAULT_TIME_LIMIT),
        group: p.group.unwrap_or(true),
        expand: p.expand.unwrap_or(true),
        ..SearchRequest::new("")
    };
    let engine = state.engine.clone();
    // A search cut short by its time limit counts only what it read by
    // then; another try may do better, so it is not kept.
    let keep = |results: &SearchResults| !results.timed_out;
    kept_or_run(&state, &headers, key, keep, move || engine.search(&request)).await
}

/// The kept answer for `key`; or else `work`'s, run behind the gate and
/// kept if `keep` says so.
async fn kept_or_run<T, W>(
    state: &AppState,
    headers: &HeaderMap,
    key: AnswerKey,
    keep: impl FnOnce(&T) -> bool,
    work: W,
) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    W: FnOnce() -> Result<T, SearchError> + Send + 'static,
{
    let encoding = Encoding::preferred(headers.get(header::ACCEPT_ENCODING));
    if let Some(answer) = state.answers.get(&key) {
        return Ok(answer_response(&answer, encoding, "hit"));
    }
    let value = state.gate.run(work).await??;
    let json = serde_json::to_vec(&value).map_err(|e| ApiError::internal(e.to_string()))?;
    let answer = Arc::new(Answer::new(json.into()));
    if keep(&value) {
        state.answers.insert(key, answer.clone());
    }
    Ok(answer_response(&answer, encoding, "miss"))
}

/// An answer in `encoding`, with its `X-Cache` header.
fn answer_response(answer: &Answer, encoding: Encoding, cache: &'static str) -> Response {
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
            (X_CACHE, HeaderValue::from_static(cache)),
        ],
        answer.body(encoding),
    )
        .into_response();
    if let Some(coding) = encoding.header() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, coding);
    }
    response
}

/// One whole article.
///
/// The same JSON as `newsreel show --json`.
#[utoipa::path(
    get,
    path = "/api/articles/{id}",
    params(("id" = String, Path, description = "Article id, as in search hits")),
    responses(
        (status = 200, description = "The article", body = ArticleView),
        (status = 404, description = "No article has this id", body = ErrorBody),
        (status = 400, description = "The id is not valid UTF-8", body = ErrorBody),
    )
)]
pub async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ArticleView>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request("bad_encoding", e.body_text()))?;
    let not_found = || ApiError::not_found(format!("no article with id {id:?}"));
    if id.len() > MAX_ID_BYTES {
        return Err(not_found());
    }
    let engine = state.engine.clone();
    let lookup = id.clone();
    match state.gate.run(move || engine.article(&lookup)).await?? {
        Some(article) => Ok(Json(article)),
        None => Err(not_found()),
    }
}

/// Completions for a search box.
///
/// The last word of `q` is completed from the words of the indexed text,
/// most frequent first; earlier words are kept as typed. Answers are kept
/// for identical requests, as for searches.
#[utoipa::path(
    get,
    path = "/api/suggest",
    params(SuggestParams),
    responses(
        (status = 200, description = "Completions, most frequent first", body = Suggestions,
            headers(("X-Cache" = String, description = "`hit` when answered from the answers kept for repeated requests, else `miss`"))),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 503, description = "Too busy", body = ErrorBody),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(p): Params<SuggestParams>,
) -> Result<Response, ApiError> {
    let key = AnswerKey::new(state.engine.index_version(), &p);
    let engine = state.engine.clone();
    let limit = p.limit.unwrap_or(8) as usize;
    let work = move || engine.suggest(&p.q, limit);
    kept_or_run(&state, &headers, key, |_: &Suggestions| true, work).await
}

/// Keyword in context: every occurrence of a word or exact phrase.
///
/// The same JSON as `newsreel kwic --json`, one page of its lines
/// (`limit`, `offset`); `total` counts every occurrence. Reading stops after
/// 2 s (`timed_out`: the counts cover the articles read by then).
#[utoipa::path(
    get,
    path = "/api/kwic",
    params(KwicParams),
    responses(
        (status = 200, description = "Occurrences with their context, by date", body = Concordance),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 503, description = "Too busy", body = ErrorBody),
    )
)]
pub async fn kwic(
    State(state): State<AppState>,
    Params(p): Params<KwicParams>,
) -> Result<Json<Concordance>, ApiError> {
    let request = KwicRequest {
        term: p.q,
        lang: p.lang,
        width: p.width.unwrap_or(DEFAULT_WIDTH as u64) as usize,
        time_limit: Some(DEFAULT_TIME_LIMIT),
    };
    let engine = state.engine.clone();
    let mut concordance = state.gate.run(move || engine.kwic(&request)).await??;
    let offset = p.offset.unwrap_or(0) as usize;
    let limit = p.limit.unwrap_or(100) as usize;
    concordance.lines = concordance
        .lines
        .into_iter()
        .skip(offset)
        .take(limit)
        .collect();
    Ok(Json(concordance))
}

/// Quotations by their words and speaker.
///
/// The same JSON as `newsreel quotes --json`: quotations whose words match
/// `q` (article search syntax, applied to each quotation), said by someone
/// whose name contains `speaker` (either script); newest first without `q`.
#[utoipa::path(
    get,
    path = "/api/quotes",
    params(QuotesParams),
    responses(
        (status = 200, description = "One page of quotations, best first", body = QuoteResults),
        (status = 400, description = "Bad parameter (`q` or `speaker` too long, bad `limit`…)", body = ErrorBody),
        (status = 503, description = "Too busy", body = ErrorBody),
    )
)]
pub async fn quotes(
    State(state): State<AppState>,
    Params(p): Params<QuotesParams>,
) -> Result<Json<QuoteResults>, ApiError> {
    let request = QuoteRequest {
        lang: p.lang,
        limit: p.limit.unwrap_or(10) as usize,
        offset: p.offset.unwrap_or(0) as usize,
        ..QuoteRequest::new(p.q, p.speaker)
    };
    let engine = state.engine.clone();
    let results = state.gate.run(move || engine.quotes(&request)).await??;
    Ok(Json(results))
}

/// Where was this quote printed?
///
/// The same JSON as `newsreel verify --json`: the closest printed passages,
/// best first, each the whole printed sentence with a score from 0 to 1;
/// `verdict` is `found` when the best scores 0.7 or more, else `none`.
#[utoipa::path(
    get,
    path = "/api/verify",
    params(VerifyParams),
    responses(
        (status = 200, description = "The closest printed passages and a verdict", body = Verification),
        (status = 400, description = "Bad parameter (no letters in `q`, `q` too long…)", body = ErrorBody),
        (status = 503, description = "Too busy", body = ErrorBody),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    Params(p): Params<VerifyParams>,
) -> Result<Json<Verification>, ApiError> {
    let engine = state.engine.clone();
    let limit = p.limit.unwrap_or(5) as usize;
    let verification = state.gate.run(move || engine.verify(&p.q, limit)).await??;
    Ok(Json(verification))
}

/// The answer of `/healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// Articles in the index now (after the latest re-index).
    pub articles: u64,
}

/// Liveness, with the size of the index.
#[utoipa::path(
    get,
    path = "/healthz",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        articles: state.engine.article_count(),
    })
}

/// This API's OpenAPI 3 description.
#[utoipa::path(
    get,
    path = "/openapi.json",
    responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The OpenAPI document, generated from the handlers and types above.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Newsreel",
        description = "Bilingual (Chinese + English) full-text search over festival reports. Read-only."
    ),
    paths(search, article, suggest, kwic, quotes, verify, healthz, openapi_json)
)]
pub struct ApiDoc;
