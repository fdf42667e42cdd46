//! Search behaviour on the shipped corpus (the seed page and its English versions).

use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, SearchError, SearchRequest, SearchResults};

mod common;
use common::{copy_dir, corpus, shipped_engine};

fn engine() -> &'static Engine {
    shipped_engine()
}

fn search(q: &str) -> SearchResults {
    engine().search(&SearchRequest::new(q)).unwrap()
}

fn ids(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.article.id.as_str()).collect()
}

const AI_FORUM: &str = "000_fcb534285d604426-1";
const FOCUS: &str = "000_fcb534285d604426-2";
const MUSICIAN: &str = "000_fcb534285d604426-3";
const MUSICIAN_EN: &str = "sco-film-festival-the-musician-en";

#[test]
fn chinese_name_finds_the_report_and_links_its_translation() {
    let r = search("冼星海");
    assert_eq!(ids(&r), [MUSICIAN]);
    assert_eq!(r.hits[0].article.translations, [MUSICIAN_EN]);
    assert_eq!(r.hits[0].article.title, "国际佳作共筑文化桥梁");
    assert_eq!(
        r.hits[0].article.subtitle.as_deref(),
        Some("三部特别影片亮相永则银幕")
    );
    assert_eq!(r.hits[0].article.reporter.as_deref(), Some("陈欣薇"));
    assert_eq!(r.hits[0].article.date.as_deref(), Some("2025-07-06"));
    assert_eq!(r.hits[0].article.source.as_deref(), Some("渝西都市报"));
}

#[test]
fn english_names_find_the_english_report() {
    let r = search("Xian Xinghai");
    assert_eq!(ids(&r), [MUSICIAN_EN]);
    assert_eq!(r.hits[0].article.translations, [MUSICIAN]);
    // stemming: "musicians" finds "musician"
    assert!(ids(&search("musicians Kazakhstan")).contains(&MUSICIAN_EN));
}

#[test]
fn phrases_across_layout_breaks_are_found() {
    // `电影 节`, `华` / `表奖`, `《名` / `单之外》`, `强烈` / `回响` were broken on the page.
    for (phrase, id) in [
        ("\"国家电影节人工智能主题活动\"", AI_FORUM),
        ("\"屡获华表奖\"", AI_FORUM),
        ("\"名单之外\"", MUSICIAN),
        ("\"引发强烈回响\"", MUSICIAN),
        ("\"在观看完《巴扎喜事》后称赞道\"", FOCUS),
        ("\"永川国际会展中心\"", AI_FORUM),
    ] {
        assert_eq!(ids(&search(phrase)), [id], "{phrase}");
    }
}

#[test]
fn exact_phrases_do_not_depend_on_segmentation() {
    // Substrings that cut through words, and single characters.
    assert_eq!(ids(&search("\"星海在苏\"")), [MUSICIAN]);
    assert_eq!(ids(&search("\"琴\"")), [FOCUS]);
    // Text the captions hold is searchable, the body no longer holds it.
    assert_eq!(ids(&search("\"主创团队与观众见面互动\"")), [FOCUS]);
    // Latin words in phrases match whole words only.
    assert!(search("\"musicia\"").hits.is_empty());
    assert!(ids(&search("\"the musician\"")).contains(&MUSICIAN_EN));
}

#[test]
fn mixed_full_width_and_traditional_queries() {
    assert_eq!(ids(&search("\"AI 配音\"")), [AI_FORUM]);
    assert_eq!(ids(&search("\"ＡＩ 配音\"")), [AI_FORUM]);
    assert_eq!(ids(&search("ＡＩ配音")), [AI_FORUM]);
    assert_eq!(ids(&search("電影節 冼星海")), [MUSICIAN]);
    assert_eq!(ids(&search("\"華表獎\"")), [AI_FORUM]);
    assert_eq!(ids(&search("音樂家 哈薩克斯坦")), [MUSICIAN]);
}

#[test]
fn snippets_mark_exactly_the_matched_characters() {
    let r = search("冼星海");
    let snippet = &r.hits[0].snippet;
    assert!(snippet.contains("<mark>冼星海</mark>"), "{snippet}");
    for marked in snippet
        .split("<mark>")
        .skip(1)
        .map(|s| s.split("</mark>").next().unwrap())
    {
        assert_eq!(marked, "冼星海");
    }
    let r = search("華表獎");
    assert!(
        r.hits[0].snippet.contains("<mark>华表奖</mark>"),
        "{}",
        r.hits[0].snippet
    );
    let r = search("musicians");
    assert!(
        r.hits
            .iter()
            .any(|h| h.snippet.to_lowercase().contains("<mark>musician</mark>")),
        "{:?}",
        r.hits
    );
}

#[test]
fn operators_fields_and_filters() {
    assert_eq!(ids(&search("音乐家 -冼星海")), Vec::<&str>::new());
    let either = search("香巴拉 OR 空战");
    let mut got = ids(&either);
    got.sort();
    assert_eq!(got, [FOCUS, MUSICIAN]);
    assert_eq!(ids(&search("title:聚焦单元")), [FOCUS]);
    assert_eq!(ids(&search("reporter:凌泽英")), [AI_FORUM]);
    assert_eq!(
        ids(&search("reporter:\"Ling Zeying\"")),
        ["sco-film-festival-ai-forum-en"]
    );
    let mut req = SearchRequest::new("永川");
    req.lang = Some("en".into());
    assert!(engine()
        .search(&req)
        .unwrap()
        .hits
        .iter()
        .all(|h| h.article.lang == "en"));
    req.lang = None;
    req.from = Some("2025-07-06".into());
    req.to = Some("2025-07-06".into());
    let r = engine().search(&req).unwrap();
    assert!(!r.hits.is_empty());
    assert!(r
        .hits
        .iter()
        .all(|h| h.article.date.as_deref() == Some("2025-07-06")));
    assert_eq!(ids(&search("永川 lang:zh")).len(), 3);
}

#[test]
fn partial_matches_are_flagged() {
    let r = search("冼星海 量子计算机");
    assert!(r.partial);
    assert_eq!(ids(&r), [MUSICIAN]);
    assert!(!search("冼星海 音乐家").partial);
}

#[test]
fn adjacent_words_rank_above_scattered_ones() {
    // Both Chinese reports about the festival contain 国家 and 电影, but only
    // some contain them as the run typed.
    let r = search("音乐家冼星海");
    assert_eq!(r.hits[0].article.id, MUSICIAN);
    let r = search("上合组织国家电影节人工智能");
    assert_eq!(r.hits[0].article.id, AI_FORUM);
}

#[test]
fn bad_requests_are_errors_not_panics() {
    for q in ["", "   ", "-冼星海", "OR", "\"\""] {
        assert!(engine().search(&SearchRequest::new(q)).is_err(), "{q:?}");
    }
    let mut req = SearchRequest::new("永川");
    req.from = Some("2025-13-01".into());
    assert!(engine().search(&req).is_err());
    req.from = Some("yesterday".into());
    assert!(engine().search(&req).is_err());
    // Too many words or phrase units: an error that says so, not minutes of work.
    for q in [
        "festival ".repeat(250),
        "电影 ".repeat(10_000),
        format!("\"{}\"", "的".repeat(5000)),
        "永川电影节开幕式".repeat(100),
        // 100 KiB of Chinese without a space.
        "永川电影节开幕式".repeat(100 * 1024 / 24),
    ] {
        let err = engine().search(&SearchRequest::new(&q)).unwrap_err();
        assert!(matches!(err, SearchError::TooComplex { .. }), "{err}");
        assert!(err.to_string().contains("at most 200"), "{err}");
    }
    assert!(engine()
        .search(&SearchRequest::new("festival ".repeat(150)))
        .is_ok());
    // Hostile-looking but searchable input gets an answer.
    for q in [
        "\"unclosed phrase",
        &"(".repeat(5000),
        "电影节\u{0}\u{200f}🎬",
        "- - OR OR 永川",
    ] {
        let _ = engine().search(&SearchRequest::new(q));
    }
    // Parentheses are not operators: 5,000 of them around a name find it.
    let nested = format!("{}冼星海{}", "(".repeat(5000), ")".repeat(5000));
    let found = engine().search(&SearchRequest::new(nested)).unwrap();
    assert_eq!(found.hits[0].article.id, "000_fcb534285d604426-3");
}

#[test]
fn reindexing_is_idempotent_and_tracks_changes() {
    let dir = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    copy_dir(&corpus(), input.path());
    let index = |expect_read: usize| {
        let r = IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
            .unwrap()
            .index_paths(&[input.path().to_path_buf()], |_| {})
            .unwrap();
        assert_eq!(r.files_read, expect_read, "{r:?}");
        Engine::open(dir.path()).unwrap().article_count()
    };
    assert_eq!(index(4), 6);
    assert_eq!(index(0), 6, "same input twice gives the same index");
    // A changed file replaces its articles.
    let en = input.path().join("en/sco-film-festival-the-musician.md");
    let text = std::fs::read_to_string(&en)
        .unwrap()
        .replace("Almaty", "Alma-Ata");
    std::fs::write(&en, text).unwrap();
    assert_eq!(index(1), 6);
    let engine = Engine::open(dir.path()).unwrap();
    assert_eq!(engine.search(&SearchRequest::new("Alma")).unwrap().total, 1);
    // (As typed: the glossary would find the Chinese report's 阿拉木图.)
    let as_typed = SearchRequest {
        expand: false,
        ..SearchRequest::new("Almaty")
    };
    assert_eq!(engine.search(&as_typed).unwrap().total, 0);
    // A removed file takes its articles with it.
    std::fs::remove_file(&en).unwrap();
    assert_eq!(index(0), 5);
}

#[test]
fn a_search_out_of_time_returns_what_it_found_and_says_so() {
    let unlimited = engine()
        .search(&SearchRequest {
            time_limit: None,
            ..SearchRequest::new("电影节")
        })
        .unwrap();
    assert!(unlimited.total > 0 && !unlimited.timed_out);
    let default = search("电影节");
    assert_eq!(default.total, unlimited.total);
    assert!(!default.timed_out);
    let no_time = engine()
        .search(&SearchRequest {
            time_limit: Some(std::time::Duration::ZERO),
            ..SearchRequest::new("电影节")
        })
        .unwrap();
    assert!(no_time.timed_out);
    assert_eq!(no_time.total, 0);
    assert!(no_time.hits.is_empty());
}

/// A hit's description comes from fast fields (no stored document is read
/// for a list of hits); it must be exactly what the stored article says.
#[test]
fn hits_describe_articles_as_their_stored_versions_do() {
    let request = SearchRequest {
        limit: 50,
        group: false,
        snippets: false,
        ..SearchRequest::new("festival OR 电影节 OR 电影")
    };
    let r = engine().search(&request).unwrap();
    assert_eq!(r.hits.len(), engine().article_count() as usize);
    for hit in &r.hits {
        let stored = engine().article(&hit.article.id).unwrap().unwrap();
        assert_eq!(
            serde_json::to_value(&hit.article).unwrap(),
            serde_json::to_value(&stored.article).unwrap()
        );
    }
    assert!(r.hits.iter().any(|h| h.article.reporter.is_some()));
    assert!(r.hits.iter().any(|h| !h.article.translations.is_empty()));
}
