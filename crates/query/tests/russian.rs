//! A third language: Russian reports are detected, stemmed with Snowball
//! Russian (so the inflected forms of a word find each other) and filtered
//! with `lang:ru`. The fixture article was written for these tests.

mod common;

use std::path::PathBuf;

use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, SearchRequest};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ru")
}

fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let report = IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[common::corpus(), fixtures()], |_| {})
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let engine = Engine::open(dir.path()).unwrap();
    (dir, engine)
}

fn ids(engine: &Engine, query: &str, lang: Option<&str>) -> Vec<String> {
    let request = SearchRequest {
        lang: lang.map(String::from),
        ..SearchRequest::new(query)
    };
    let results = engine.search(&request).unwrap();
    results.hits.into_iter().map(|h| h.article.id).collect()
}

#[test]
fn russian_is_detected_stemmed_and_filtered() {
    let (_dir, engine) = engine();
    let article = engine.article("sco-festival-ru").unwrap().unwrap();
    // The front matter gives no language: detected from the Cyrillic text.
    assert_eq!(article.article.lang, "ru");
    // `фестиваль` and `фестивалем` are printed; these forms are not.
    for form in ["фестивалях", "фестиваля", "Фестивалю"] {
        assert_eq!(ids(&engine, form, None), vec!["sco-festival-ru"], "{form}");
    }
    // ё and е: `привлёк` is printed, `привлек` typed.
    assert_eq!(ids(&engine, "привлек", None), vec!["sco-festival-ru"]);
    // lang filters: the Russian report only with ru, never with zh or en.
    assert_eq!(
        ids(&engine, "фестиваль", Some("ru")),
        vec!["sco-festival-ru"]
    );
    assert!(ids(&engine, "фестиваль", Some("en")).is_empty());
    assert!(ids(&engine, "фестиваль lang:zh", None).is_empty());
    // An exact phrase is exact: the stem does not widen it.
    assert_eq!(
        ids(&engine, "\"открылся кинофестиваль\"", None),
        vec!["sco-festival-ru"]
    );
    assert!(ids(&engine, "\"открылись кинофестиваль\"", None).is_empty());
    // Snippets mark the inflected form that matched.
    let hit = &engine
        .search(&SearchRequest::new("фестивалях"))
        .unwrap()
        .hits[0];
    assert!(
        hit.snippet.contains("<mark>фестиваль</mark>"),
        "{}",
        hit.snippet
    );
}
