//! The HTTP API, request by request, without a socket (`tower::ServiceExt::oneshot`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::PathBuf;

mod common;
use common::corpus;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::http::{self, AppState, Gate, GateConfig, ResultCache, ServerConfig};
use newsreel_query::{Engine, SearchRequest};
use serde_json::Value;
use tower::ServiceExt;

fn build_engine(paths: &[PathBuf]) -> (tempfile::TempDir, Arc<Engine>) {
    let dir = tempfile::tempdir().unwrap();
    let report = IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(paths, |_| {})
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let engine = Arc::new(Engine::open(dir.path()).unwrap());
    (dir, engine)
}

/// One index of the shipped corpus for all tests of this file.
fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<(tempfile::TempDir, Arc<Engine>)> = OnceLock::new();
    ENGINE.get_or_init(|| build_engine(&[corpus()])).1.clone()
}

fn app() -> Router {
    http::router(engine(), &ServerConfig::default()).unwrap()
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// An error reply: its status, JSON content type and error code.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.header(header::CONTENT_TYPE),
            Some("application/json"),
            "{code}"
        );
        let json = self.json();
        assert_eq!(json["error"]["code"], code, "{json}");
        assert!(
            !json["error"]["message"].as_str().unwrap().is_empty(),
            "{json}"
        );
    }
}

async fn send(app: Router, request: Request<Body>) -> Reply {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(uri: &str) -> Reply {
    get_from(app(), uri).await
}

async fn get_from(app: Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Percent-encode a query value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn search_answers_with_the_cli_json_plus_facets() {
    let reply = get(&format!("/api/search?q={}", enc("冼星海"))).await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    // The CLI's --json is the engine's SearchResults serialized without facets.
    let cli =
        serde_json::to_value(engine().search(&SearchRequest::new("冼星海")).unwrap()).unwrap();
    let mut expected = keys(&cli);
    expected.insert("facets".into());
    assert_eq!(keys(&json), expected);
    assert_eq!(keys(&json["hits"][0]), keys(&cli["hits"][0]));
    assert_eq!(json["total"], cli["total"]);
    assert_eq!(json["hits"][0]["id"], cli["hits"][0]["id"]);
    assert!(json["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>冼星海</mark>"));
    assert_eq!(reply.header(header::CACHE_CONTROL), Some("no-cache"));
    assert_eq!(
        reply.header(header::X_CONTENT_TYPE_OPTIONS),
        Some("nosniff")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_searches_are_answered_from_kept_answers_until_the_index_changes() {
    let (index, engine) = build_engine(&[corpus()]);
    let app = http::router(engine.clone(), &ServerConfig::default()).unwrap();
    let uri = "/api/search?q=festival".to_string();
    let first = get_from(app.clone(), &uri).await;
    let again = get_from(app.clone(), &uri).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header(http::api::X_CACHE), Some("miss"));
    assert_eq!(again.header(http::api::X_CACHE), Some("hit"));
    assert_eq!(again.header(header::CONTENT_TYPE), Some("application/json"));
    let answer = first.json();
    assert!(answer["total"].as_u64().unwrap() > 0, "{answer}");
    assert_eq!(again.body, first.body, "the same bytes, took_ms included");
    // Kept compressed as asked, each form decoding to the same answer.
    for (accept, coding) in [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
    ] {
        for _ in 0..2 {
            let request = Request::get(&uri)
                .header(header::ACCEPT_ENCODING, accept)
                .body(Body::empty())
                .unwrap();
            let reply = send(app.clone(), request).await;
            assert_eq!(reply.header(http::api::X_CACHE), Some("hit"));
            assert_eq!(
                reply.header(header::CONTENT_ENCODING),
                Some(coding),
                "{accept}"
            );
            assert_eq!(reply.header(header::VARY), Some("accept-encoding"));
            let mut plain = Vec::new();
            match coding {
                "gzip" => flate2::read::GzDecoder::new(&reply.body[..]).read_to_end(&mut plain),
                _ => brotli::Decompressor::new(&reply.body[..], 4096).read_to_end(&mut plain),
            }
            .unwrap();
            assert_eq!(plain, first.body, "{accept}");
        }
    }
    // Any other parameter is another answer.
    let page = get_from(app.clone(), &format!("{uri}&limit=1")).await;
    assert_eq!(page.header(http::api::X_CACHE), Some("miss"));
    assert_eq!(page.json()["hits"].as_array().unwrap().len(), 1);

    // Completions are kept the same way.
    let completions = "/api/suggest?q=Ondaa";
    let none = get_from(app.clone(), completions).await;
    assert_eq!(none.header(http::api::X_CACHE), Some("miss"));
    assert_eq!(none.json()["suggestions"], serde_json::json!([]));
    let kept = get_from(app.clone(), completions).await;
    assert_eq!(kept.header(http::api::X_CACHE), Some("hit"));
    assert_eq!(kept.body, none.body);

    // A new article that matches: once the reader sees the commit, the
    // kept answers are not served again.
    let version = engine.index_version();
    let added = tempfile::tempdir().unwrap();
    let article = added.path().join("closing.md");
    std::fs::write(
        &article,
        "---\ntitle: Closing night\nlang: en\ndate: 2025-07-09\n---\n\
         The festival closed with a screening attended by Ondaatje.\n",
    )
    .unwrap();
    let report = IndexBuilder::open_or_create(index.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[article], |_| {})
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while engine.index_version() == version {
        assert!(std::time::Instant::now() < deadline, "no reload");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let after = get_from(app.clone(), &uri).await;
    assert_eq!(after.header(http::api::X_CACHE), Some("miss"));
    assert_eq!(
        after.json()["total"].as_u64(),
        Some(answer["total"].as_u64().unwrap() + 1)
    );
    let compressed = Request::get(&uri)
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let compressed = send(app.clone(), compressed).await;
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&compressed.body[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain, after.body, "no compressed form of the old answer");
    let completed = get_from(app.clone(), completions).await;
    assert_eq!(completed.header(http::api::X_CACHE), Some("miss"));
    assert_eq!(
        completed.json()["suggestions"],
        serde_json::json!(["Ondaatje"])
    );
    assert_eq!(
        get_from(app, &uri).await.header(http::api::X_CACHE),
        Some("hit")
    );

    // With no memory for answers, every request searches.
    let config = ServerConfig {
        result_cache_bytes: 0,
        ..ServerConfig::default()
    };
    let uncached = http::router(engine, &config).unwrap();
    for _ in 0..2 {
        let reply = get_from(uncached.clone(), &uri).await;
        assert_eq!(reply.header(http::api::X_CACHE), Some("miss"));
    }
}

/// Count what the facets should say from the hits themselves.
fn count_hits(hits: &[Value], field: &str, split: bool) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for h in hits {
        let Some(v) = h[field].as_str() else { continue };
        let values: Vec<&str> = if split {
            v.split('、').collect()
        } else {
            vec![v]
        };
        for v in values {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    counts
}

fn facet_map(facet: &Value) -> BTreeMap<String, u64> {
    facet
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_string(),
                f["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn facets_count_every_matching_article() {
    // A query matching articles in both languages, on several days.
    for q in ["电影", "film", "festival OR 电影节"] {
        // Facets count articles; with translations listed apart, so do the hits.
        let json = get(&format!("/api/search?q={}&limit=100&group=false", enc(q)))
            .await
            .json();
        let grouped = get(&format!("/api/search?q={}&limit=100", enc(q)))
            .await
            .json();
        assert_eq!(
            grouped["facets"], json["facets"],
            "{q}: facets count articles"
        );
        // Where both an article and its translation match, they are one result.
        let both_languages = json["facets"]["lang"].as_array().unwrap().len() == 2;
        assert_eq!(
            grouped["total"].as_u64() < json["total"].as_u64(),
            both_languages,
            "{q}: a translation and its original are one result"
        );
        let hits = json["hits"].as_array().unwrap();
        assert_eq!(
            hits.len() as u64,
            json["total"].as_u64().unwrap(),
            "{q}: all on one page"
        );
        assert!(hits.len() >= 2, "{q}");
        let facets = &json["facets"];
        // (facet, hit field, several names in one field)
        for (facet, field, split) in [
            ("lang", "lang", false),
            ("source", "source", false),
            ("reporter", "reporter", true),
            ("date", "date", false),
        ] {
            assert_eq!(
                facet_map(&facets[facet]),
                count_hits(hits, field, split),
                "{q}: {facet}"
            );
        }
        let dates: Vec<&str> = facets["date"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["value"].as_str().unwrap())
            .collect();
        assert!(
            dates.windows(2).all(|w| w[0] < w[1]),
            "date order: {dates:?}"
        );
    }
    let both = get(&format!("/api/search?q={}", enc("冼星海 OR Xian")))
        .await
        .json();
    assert_eq!(
        facet_map(&both["facets"]["lang"]).len(),
        2,
        "{}",
        both["facets"]
    );
}

#[tokio::test]
async fn filters_apply_to_hits_and_facets() {
    let json = get("/api/search?q=festival&lang=en&limit=100").await.json();
    assert!(json["total"].as_u64().unwrap() > 0);
    for h in json["hits"].as_array().unwrap() {
        assert_eq!(h["lang"], "en");
    }
    assert_eq!(
        facet_map(&json["facets"]["lang"])
            .keys()
            .collect::<Vec<_>>(),
        ["en"]
    );
    let all = get(&format!("/api/search?q={}&limit=100", enc("电影")))
        .await
        .json();
    let day = all["facets"]["date"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let one_day = get(&format!(
        "/api/search?q={}&from={day}&to={day}&limit=100",
        enc("电影")
    ))
    .await
    .json();
    assert_eq!(one_day["total"], all["facets"]["date"][0]["count"]);
    for h in one_day["hits"].as_array().unwrap() {
        assert_eq!(h["date"], day.as_str());
    }
}

/// Each bar of the date histogram, at every unit, counts the articles its
/// own `from` and `to` filter down to, and together the bars count every
/// dated hit; without a unit, articles days apart are counted per day.
#[tokio::test]
async fn timeline_bars_filter_to_what_they_count_and_facets_may_be_left_out() {
    let q = enc("电影 OR film");
    let all = get(&format!("/api/search?q={q}&limit=100&group=false"))
        .await
        .json();
    let dated: Vec<&str> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(dated.len() > 2, "{dated:?}");
    for (unit, expected, name) in [
        ("", "day", 10),
        ("&date_unit=auto", "day", 10),
        ("&date_unit=day", "day", 10),
        ("&date_unit=Month", "month", 7),
        ("&date_unit=year", "year", 4),
    ] {
        let json = get(&format!("/api/search?q={q}&limit=100&group=false{unit}"))
            .await
            .json();
        let facets = &json["facets"];
        assert_eq!(facets["date_unit"], expected, "{unit}");
        let bars = facets["date"].as_array().unwrap();
        let mut by_name: BTreeMap<&str, u64> = BTreeMap::new();
        for d in &dated {
            *by_name.entry(&d[..name]).or_default() += 1;
        }
        assert_eq!(
            facet_map(&facets["date"]),
            by_name.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            "{unit}"
        );
        for bar in bars {
            let (from, to) = (bar["from"].as_str().unwrap(), bar["to"].as_str().unwrap());
            assert!(
                from.starts_with(bar["value"].as_str().unwrap()) && from <= to,
                "{bar}"
            );
            let within = get(&format!(
                "/api/search?q={q}&limit=100&group=false&from={from}&to={to}"
            ))
            .await
            .json();
            assert_eq!(within["total"], bar["count"], "{unit}: {bar}");
        }
    }
    get(&format!("/api/search?q={q}&date_unit=week"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_date_unit");
    // A search box that shows no facets need not have them counted.
    let bare = get(&format!(
        "/api/search?q={q}&limit=100&group=false&facets=false"
    ))
    .await
    .json();
    assert!(bare.get("facets").is_none(), "{bare}");
    assert_eq!(bare["hits"], all["hits"]);
    get(&format!("/api/search?q={q}&facets=none"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_flag");
}

#[tokio::test]
async fn paging_walks_through_all_hits() {
    let all = get(&format!("/api/search?q={}&limit=100", enc("电影")))
        .await
        .json();
    let total = all["total"].as_u64().unwrap() as usize;
    let mut seen = Vec::new();
    for offset in 0..total {
        let page = get(&format!(
            "/api/search?q={}&limit=1&offset={offset}",
            enc("电影")
        ))
        .await
        .json();
        seen.push(page["hits"][0]["id"].as_str().unwrap().to_string());
    }
    let expected: Vec<String> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn articles_are_served_as_the_cli_shows_them() {
    let id = "000_fcb534285d604426-3";
    let reply = get(&format!("/api/articles/{id}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let cli = serde_json::to_value(engine().article(id).unwrap().unwrap()).unwrap();
    assert_eq!(reply.json(), cli);
    assert!(reply.json()["body"].as_str().unwrap().contains("冼星海"));

    get("/api/articles/no-such-article")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&format!("/api/articles/{}", "x".repeat(2000)))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get("/api/articles/%FF%FE")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_encoding");
}

async fn suggestions(q: &str) -> Vec<String> {
    let reply = get(&format!("/api/suggest?q={}", enc(q))).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.text());
    let json = reply.json();
    assert_eq!(json["query"], q);
    json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn suggestions_complete_chinese_and_english_prefixes() {
    for (typed, expected) in [
        ("冼", "冼星海"),
        ("巴扎", "巴扎喜事"),
        ("mus", "musician"),
        ("Yong", "Yongchuan"),
        ("yong", "Yongchuan"),
        // Traditional and full-width prefixes are normalized like the text.
        ("巴紮", "巴扎喜事"),
        ("ｍｕｓ", "musician"),
    ] {
        let got = suggestions(typed).await;
        assert!(got.iter().any(|s| s == expected), "{typed} → {got:?}");
    }
    // Earlier words stay as typed; the last one is completed.
    let got = suggestions("Xian Xing").await;
    assert!(got.iter().any(|s| s == "Xian Xinghai"), "{got:?}");
    // Nothing to complete after a space; nothing for an unknown prefix.
    assert!(suggestions("film ").await.is_empty());
    assert!(suggestions("zzzzq").await.is_empty());
}

#[tokio::test]
async fn suggestions_are_ranked_by_how_many_articles_use_them() {
    let got = suggestions("f").await;
    assert!(got.len() >= 2, "{got:?}");
    let freq = |word: &str| {
        engine()
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(format!("\"{word}\""))
            })
            .unwrap()
            .total
    };
    let counts: Vec<usize> = got.iter().map(|w| freq(w)).collect();
    // An exact-phrase count can exceed the word count (festival inside
    // festivals), never fall below it: the ranking must not be upside down.
    assert!(counts[0] >= counts[counts.len() - 1], "{got:?} {counts:?}");
    let limited = get("/api/suggest?q=f&limit=2").await.json();
    assert_eq!(limited["suggestions"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn healthz_reports_the_article_count() {
    let reply = get("/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["articles"].as_u64(), Some(engine().article_count()));
    assert!(json["articles"].as_u64().unwrap() >= 4);
}

#[tokio::test]
async fn openapi_describes_every_endpoint_from_the_types() {
    let json = get("/openapi.json").await.json();
    assert!(json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = keys(&json["paths"]);
    for p in [
        "/api/search",
        "/api/articles/{id}",
        "/api/suggest",
        "/api/kwic",
        "/api/quotes",
        "/api/verify",
        "/healthz",
        "/openapi.json",
    ] {
        assert!(paths.contains(p), "{p} in {paths:?}");
    }
    let schemas = keys(&json["components"]["schemas"]);
    for s in [
        "SearchResults",
        "Hit",
        "ArticleView",
        "Facets",
        "DateCount",
        "DateUnit",
        "Suggestions",
        "ErrorBody",
        "Health",
        "Concordance",
        "KwicLine",
        "Verification",
        "VerifiedMatch",
    ] {
        assert!(schemas.contains(s), "{s} in {schemas:?}");
    }
    let params: Vec<&str> = json["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "q",
            "lang",
            "from",
            "to",
            "limit",
            "offset",
            "group",
            "expand",
            "facets",
            "date_unit"
        ]
    );
    // The schema of a hit has the fields the API really sends.
    let hit = get(&format!("/api/search?q={}", enc("冼星海")))
        .await
        .json()["hits"][0]
        .clone();
    let documented = &json["components"]["schemas"]["Hit"];
    let text = documented.to_string();
    for field in keys(&hit) {
        assert!(
            text.contains(&format!("\"{field}\"")) || field_in_meta(&json, &field),
            "hit field {field} undocumented"
        );
    }
}

fn field_in_meta(doc: &Value, field: &str) -> bool {
    doc["components"]["schemas"]["ArticleMeta"]["properties"]
        .get(field)
        .is_some()
}

#[tokio::test]
async fn bad_requests_are_4xx_json_never_500() {
    let long = "冼".repeat(400); // 1200 bytes
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            "/api/search".into(),
            StatusCode::BAD_REQUEST,
            "missing_query",
        ),
        (
            "/api/search?q=".into(),
            StatusCode::BAD_REQUEST,
            "missing_query",
        ),
        (
            "/api/search?q=+++".into(),
            StatusCode::BAD_REQUEST,
            "missing_query",
        ),
        (
            format!("/api/search?q={}", enc(&long)),
            StatusCode::BAD_REQUEST,
            "query_too_long",
        ),
        (
            "/api/search?q=film&limit=0".into(),
            StatusCode::BAD_REQUEST,
            "bad_limit",
        ),
        (
            "/api/search?q=film&limit=101".into(),
            StatusCode::BAD_REQUEST,
            "bad_limit",
        ),
        (
            "/api/search?q=film&limit=ten".into(),
            StatusCode::BAD_REQUEST,
            "bad_limit",
        ),
        (
            "/api/search?q=film&offset=-1".into(),
            StatusCode::BAD_REQUEST,
            "bad_offset",
        ),
        (
            "/api/search?q=film&offset=10001".into(),
            StatusCode::BAD_REQUEST,
            "bad_offset",
        ),
        (
            "/api/search?q=film&from=2025-13-01".into(),
            StatusCode::BAD_REQUEST,
            "bad_date",
        ),
        (
            "/api/search?q=film&to=yesterday".into(),
            StatusCode::BAD_REQUEST,
            "bad_date",
        ),
        (
            "/api/search?q=film&from=2025-07-06&to=2025-07-01".into(),
            StatusCode::BAD_REQUEST,
            "bad_date",
        ),
        (
            "/api/search?q=film&lang=e%20n".into(),
            StatusCode::BAD_REQUEST,
            "bad_lang",
        ),
        (
            "/api/search?q=%FF".into(),
            StatusCode::BAD_REQUEST,
            "bad_encoding",
        ),
        (
            "/api/search?q=%E5%86".into(),
            StatusCode::BAD_REQUEST,
            "bad_encoding",
        ),
        (
            "/api/search?q=%ED%A0%80".into(),
            StatusCode::BAD_REQUEST,
            "bad_encoding",
        ),
        (
            format!("/api/search?q={}", enc("-冼星海")),
            StatusCode::BAD_REQUEST,
            "empty_query",
        ),
        (
            format!("/api/search?q={}", "a+".repeat(300)),
            StatusCode::BAD_REQUEST,
            "query_too_complex",
        ),
        (
            format!("/api/search?q={}", enc("《》 OR")),
            StatusCode::OK,
            "",
        ),
        (
            "/api/suggest".into(),
            StatusCode::BAD_REQUEST,
            "missing_query",
        ),
        (
            "/api/suggest?q=mus&limit=21".into(),
            StatusCode::BAD_REQUEST,
            "bad_limit",
        ),
        (
            "/api/suggest?q=%C0%AF".into(),
            StatusCode::BAD_REQUEST,
            "bad_encoding",
        ),
        ("/no/such/page".into(), StatusCode::NOT_FOUND, "not_found"),
        (
            format!("/api/search?q={}", "a".repeat(9000)),
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
        ),
    ];
    for (uri, status, code) in cases {
        let reply = get(&uri).await;
        if status == StatusCode::OK {
            assert!(reply.status.is_success(), "{uri}: {}", reply.text());
            continue;
        }
        assert_eq!(reply.status, status, "{uri}: {}", reply.text());
        reply.assert_error(status, code);
    }
}

#[tokio::test]
async fn hostile_but_valid_queries_get_answers() {
    for q in [
        "\u{0}\u{1}\u{7f}",
        "\u{202e}冼星海\u{202c}",
        "🎬🎬 festival",
        &"的".repeat(300),
        &"OR ".repeat(300),
        &"\"".repeat(500),
        &"((((".repeat(200),
    ] {
        let reply = get(&format!("/api/search?q={}", enc(q))).await;
        assert!(
            reply.status == StatusCode::OK || reply.status == StatusCode::BAD_REQUEST,
            "{q:?}: {}",
            reply.status
        );
        let _ = reply.json();
    }
}

#[tokio::test]
async fn writes_are_refused_and_oversized_headers_rejected() {
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let request = Request::builder()
            .method(method.clone())
            .uri("/api/search?q=film")
            .body(Body::from("x"))
            .unwrap();
        send(app(), request)
            .await
            .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    }
    let request = Request::get("/api/search?q=film")
        .header("x-padding", "p".repeat(20_000))
        .body(Body::empty())
        .unwrap();
    send(app(), request).await.assert_error(
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        "headers_too_large",
    );
}

/// A server whose only worker is held by the test until the returned sender is dropped.
async fn busy_app(
    gate_config: GateConfig,
    config: ServerConfig,
) -> (
    Router,
    std::sync::mpsc::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let gate = Arc::new(Gate::new(gate_config));
    let state = AppState {
        engine: engine(),
        gate: gate.clone(),
        // Every search needs the worker: none is answered from kept answers.
        answers: Arc::new(ResultCache::new(0)),
    };
    let (release, hold) = std::sync::mpsc::channel::<()>();
    let (started_tx, started) = tokio::sync::oneshot::channel();
    let holder = tokio::spawn(async move {
        gate.run(move || {
            started_tx.send(()).unwrap();
            let _ = hold.recv();
        })
        .await
        .unwrap();
    });
    started.await.unwrap();
    (
        http::router_with_state(state, &config).unwrap(),
        release,
        holder,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_with_retry_after() {
    let gate = GateConfig {
        workers: 1,
        queue: 0,
        max_wait: Duration::from_secs(10),
    };
    let (app, release, holder) = busy_app(gate, ServerConfig::default()).await;
    let reply = get_from(app.clone(), "/api/search?q=film").await;
    reply.assert_error(StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    assert_eq!(reply.header(header::RETRY_AFTER), Some("1"));
    // Health checks do not queue behind searches.
    let health = get_from(app.clone(), "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    drop(release);
    holder.await.unwrap();
    let reply = get_from(app, "/api/search?q=film").await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_past_its_deadline_answers_503() {
    let gate = GateConfig {
        workers: 1,
        queue: 8,
        max_wait: Duration::from_secs(30),
    };
    let config = ServerConfig {
        request_timeout: Duration::from_millis(100),
        ..ServerConfig::default()
    };
    let (app, release, holder) = busy_app(gate, config).await;
    let reply = get_from(app, "/api/search?q=film").await;
    reply.assert_error(StatusCode::SERVICE_UNAVAILABLE, "timeout");
    drop(release);
    holder.await.unwrap();
}

#[tokio::test]
async fn cors_is_off_unless_an_origin_is_allowed() {
    let request = |origin: &str| {
        Request::get("/api/search?q=film")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let reply = send(app(), request("https://example.org")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let config = ServerConfig {
        cors_origins: vec!["https://example.org".into()],
        ..ServerConfig::default()
    };
    let allowed = http::router(engine(), &config).unwrap();
    let reply = send(allowed.clone(), request("https://example.org")).await;
    assert_eq!(
        reply.header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        Some("https://example.org")
    );
    let reply = send(allowed.clone(), request("https://evil.example")).await;
    assert_eq!(reply.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), None);
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/search?q=film")
        .header(header::ORIGIN, "https://example.org")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .unwrap();
    let reply = send(allowed, preflight).await;
    assert!(reply.status.is_success(), "{}", reply.status);
    assert!(reply
        .header(header::ACCESS_CONTROL_ALLOW_METHODS)
        .unwrap()
        .contains("GET"));

    for bad in ["example.org", "https://example.org/path", "ftp://x"] {
        let config = ServerConfig {
            cors_origins: vec![bad.into()],
            ..ServerConfig::default()
        };
        assert!(http::router(engine(), &config).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let uri = format!("/api/search?q={}&limit=20", enc("电影"));
    let plain = get(&uri).await.json();
    for encoding in ["gzip", "br"] {
        let request = Request::get(&uri)
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let reply = send(app(), request).await;
        assert_eq!(reply.header(header::CONTENT_ENCODING), Some(encoding));
        if encoding == "gzip" {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&reply.body[..])
                .read_to_string(&mut text)
                .unwrap();
            let json: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(json["hits"], plain["hits"]);
        }
    }
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_safe_headers() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header(header::CONTENT_TYPE),
        Some("text/html; charset=utf-8")
    );
    let csp = page.header(header::CONTENT_SECURITY_POLICY).unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    let html = page.text();
    assert!(html.contains("<label for=\"q\""));
    // Every script is an external file of this server: no inline script.
    for tag in html.split("<script").skip(1) {
        let open = &tag[..tag.find('>').unwrap()];
        assert!(open.contains("src=\"/assets/"), "inline script: {open}");
        assert!(tag[tag.find('>').unwrap() + 1..].starts_with("</script>"));
    }
    let script = html
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert!(script.starts_with("/assets/app.js?v="), "{script}");
    let js = get(&script).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js
        .header(header::CONTENT_TYPE)
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js
        .header(header::CACHE_CONTROL)
        .unwrap()
        .contains("max-age="));
    assert!(js.text().contains("/api/search"));
    let css = get("/assets/style.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css
        .header(header::CACHE_CONTROL)
        .unwrap()
        .contains("max-age="));
}

#[tokio::test]
async fn indexed_markup_comes_back_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("markup.md");
    std::fs::write(
        &file,
        "---\ntitle: Script <b>test</b>\nlang: en\ndate: 2025-07-07\n---\n\
         A report quoting <script>alert('festival')</script> and <img src=x onerror=alert(1)> in its text.\n",
    )
    .unwrap();
    let (_index, engine) = build_engine(&[dir.path().to_path_buf()]);
    let app = http::router(engine, &ServerConfig::default()).unwrap();
    let reply = get_from(app, "/api/search?q=alert").await;
    let json = reply.json();
    let snippet = json["hits"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    assert!(
        !snippet.contains("<script") && !snippet.contains("<img"),
        "{snippet}"
    );
    assert!(snippet.contains("<mark>alert</mark>"), "{snippet}");
}

#[tokio::test]
async fn kwic_pages_the_concordance_the_cli_prints() {
    let all = engine()
        .kwic(&newsreel_query::kwic::KwicRequest {
            term: "电影节".into(),
            lang: None,
            width: 5,
            time_limit: None,
        })
        .unwrap();
    assert!(all.total > 3 && !all.timed_out);
    let no_time = engine()
        .kwic(&newsreel_query::kwic::KwicRequest {
            term: "电影节".into(),
            lang: None,
            width: 5,
            time_limit: Some(std::time::Duration::ZERO),
        })
        .unwrap();
    assert!(
        no_time.timed_out && no_time.total < all.total,
        "{no_time:?}"
    );
    let reply = get(&format!(
        "/api/kwic?q={}&width=5&limit=3&offset=1",
        enc("电影节")
    ))
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.json();
    assert_eq!(page["query"], "电影节");
    assert_eq!(page["timed_out"], false);
    assert_eq!(page["total"].as_u64().unwrap() as usize, all.total);
    let lines = page["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    for (line, expected) in lines.iter().zip(&all.lines[1..]) {
        assert_eq!(line["match"], expected.matched.as_str());
        assert_eq!(line["left"], expected.left.as_str());
        assert_eq!(line["article_id"], expected.article_id.as_str());
        assert!(line["left"].as_str().unwrap().chars().count() <= 5);
    }
    let past_the_end = get(&format!("/api/kwic?q={}&offset=10000", enc("电影节")))
        .await
        .json();
    assert_eq!(past_the_end["total"].as_u64().unwrap() as usize, all.total);
    assert!(past_the_end["lines"].as_array().unwrap().is_empty());
    get("/api/kwic?q=film&width=0")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_width");
    get("/api/kwic?q=film&limit=5000")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_limit");
    get("/api/kwic")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "missing_query");
}

#[tokio::test]
async fn verify_answers_with_the_printed_sentence_or_none() {
    let q = "這部電影是我們了解新疆的一扇窗口";
    let found = get(&format!("/api/verify?q={}&limit=2", enc(q))).await;
    assert_eq!(found.status, StatusCode::OK);
    let found = found.json();
    assert_eq!(found["query"], q);
    assert_eq!(found["verdict"], "found");
    let best = &found["matches"][0];
    assert!(best["text"]
        .as_str()
        .unwrap()
        .contains("了解新疆的一扇窗口"));
    assert!(best["score"].as_f64().unwrap() >= 0.7);
    for key in ["speaker", "article_id", "article_title", "date"] {
        assert!(best.get(key).is_some(), "{key}");
    }
    assert!(found["matches"].as_array().unwrap().len() <= 2);
    let none = get(&format!(
        "/api/verify?q={}",
        enc("今天股市大幅上涨，投资者信心明显增强")
    ))
    .await
    .json();
    assert_eq!(none["verdict"], "none");
    get(&format!("/api/verify?q={}", enc("。！")))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "empty_query");
}

#[tokio::test]
async fn quotes_answer_with_the_cli_json() {
    let cli = engine()
        .quotes(&newsreel_query::quotes::QuoteRequest {
            limit: 100,
            ..newsreel_query::quotes::QuoteRequest::new(None, Some("沈健".into()))
        })
        .unwrap();
    let reply = get(&format!("/api/quotes?speaker={}&limit=100", enc("沈健"))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), serde_json::to_value(&cli).unwrap());
    assert_eq!(cli.total, 2);
    let page = get(&format!("/api/quotes?q={}", enc("新疆"))).await.json();
    assert_eq!(page["query"], "新疆");
    assert!(page["speaker"].is_null());
    let quotes = page["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        assert!(q["text"].as_str().unwrap().contains("新疆"));
        for key in [
            "speaker",
            "speaker_role",
            "article_id",
            "article_title",
            "date",
            "lang",
            "score",
        ] {
            assert!(q.get(key).is_some(), "{key} in {q}");
        }
    }
    let long = "字".repeat(400);
    get(&format!("/api/quotes?speaker={}", enc(&long)))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "query_too_long");
    get("/api/quotes?limit=0")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "bad_limit");
    // Neither words nor speaker: every quotation, newest first.
    let all = get("/api/quotes?limit=100").await.json();
    assert!(all["total"].as_u64().unwrap() >= 16);
}
