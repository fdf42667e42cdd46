//! Across languages on the shipped corpus: the glossary finds a report
//! whatever language the name was typed in, pinyin finds Chinese reports
//! without a Chinese keyboard, one typo in a long English word is forgiven,
//! an article and its translation are one result — and each of these ranks
//! below a match of the words as typed.

mod common;

use std::path::PathBuf;

use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, Glossary, Hit, SearchRequest, SearchResults, Via};

fn search(
    engine: &Engine,
    query: &str,
    configure: impl FnOnce(&mut SearchRequest),
) -> SearchResults {
    let mut request = SearchRequest::new(query);
    request.limit = 100;
    configure(&mut request);
    engine.search(&request).unwrap()
}

/// Every article apart (no translation grouping).
fn apart(engine: &Engine, query: &str) -> SearchResults {
    search(engine, query, |r| r.group = false)
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.article.id.as_str()).collect()
}

/// Ids of the shipped articles whose cleaned text contains `needle`
/// (normalized), in a language — the answer a substring scan gives.
fn containing(engine: &Engine, needle: &str, lang: &str) -> Vec<String> {
    let needle = engine.analyzer().normalizer().normalize_str(needle);
    let mut found = Vec::new();
    engine
        .search_articles(
            &SearchRequest::new("的 OR the OR фестиваль"),
            None,
            |a| {
                let text: String = a.texts().cloned().collect::<Vec<_>>().join("\n");
                if a.article.lang == lang
                    && engine
                        .analyzer()
                        .normalizer()
                        .normalize_str(&text)
                        .contains(&needle)
                {
                    found.push(a.article.id.clone());
                }
                true
            },
        )
        .unwrap();
    found.sort();
    found
}

/// Ids of the shipped articles in `lang` with `word` as a whole word.
fn containing_word(engine: &Engine, word: &str, lang: &str) -> Vec<String> {
    containing(engine, word, lang)
        .into_iter()
        .filter(|id| {
            let article = engine.article(id).unwrap().unwrap();
            let has_word = article.texts().any(|t| {
                t.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case(word))
            });
            has_word
        })
        .collect()
}

fn sorted(mut ids: Vec<&str>) -> Vec<String> {
    ids.sort();
    ids.into_iter().map(String::from).collect()
}

/// Hits found as typed all come before hits found only through an expansion.
fn direct_first(results: &SearchResults) {
    let first_expanded = results.hits.iter().position(|h| !h.expanded.is_empty());
    if let Some(i) = first_expanded {
        assert!(
            results.hits[i..].iter().all(|h| !h.expanded.is_empty()),
            "{}: a direct match ranks below an expanded one: {:?}",
            results.query,
            summary(&results.hits)
        );
    }
}

fn summary(hits: &[Hit]) -> Vec<(String, f32, usize)> {
    hits.iter()
        .map(|h| (h.article.id.clone(), h.score, h.expanded.len()))
        .collect()
}

#[test]
fn an_english_name_finds_the_chinese_report_through_the_glossary() {
    let engine = common::shipped_engine();
    let results = apart(engine, "Xian Xinghai");
    let mut expected = containing(engine, "Xian Xinghai", "en");
    expected.extend(containing(engine, "冼星海", "zh"));
    expected.sort();
    assert_eq!(sorted(ids(&results)), expected);
    direct_first(&results);
    // The Chinese report says which term was translated; the English one matched as typed.
    for hit in &results.hits {
        if hit.article.lang == "zh" {
            assert_eq!(hit.expanded.len(), 1, "{}", hit.article.id);
            assert_eq!(hit.expanded[0].from, "Xian Xinghai");
            assert_eq!(hit.expanded[0].to, "冼星海");
            assert_eq!(hit.expanded[0].via, Via::Translation);
            assert!(
                hit.snippet.contains("<mark>冼星海</mark>"),
                "{}",
                hit.snippet
            );
        } else {
            assert!(hit.expanded.is_empty());
        }
    }
    // The JSON says it as the issue asks.
    let json = serde_json::to_value(&results).unwrap();
    let zh = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["lang"] == "zh")
        .unwrap();
    assert_eq!(
        zh["expanded"],
        serde_json::json!([{"from": "Xian Xinghai", "to": "冼星海", "via": "translation"}])
    );
}

#[test]
fn chinese_words_find_the_english_report_and_rank_it_below() {
    let engine = common::shipped_engine();
    let results = apart(engine, "音乐家 哈萨克斯坦");
    let zh: Vec<String> = containing(engine, "哈萨克斯坦", "zh")
        .into_iter()
        .filter(|id| containing(engine, "音乐家", "zh").contains(id))
        .collect();
    assert!(!zh.is_empty());
    let en: Vec<String> = containing(engine, "The Musician", "en")
        .into_iter()
        .filter(|id| containing(engine, "Kazakhstan", "en").contains(id))
        .collect();
    assert!(!en.is_empty());
    let found = ids(&results);
    for id in zh.iter().chain(&en) {
        assert!(found.contains(&id.as_str()), "{id} in {found:?}");
    }
    direct_first(&results);
    let english = results
        .hits
        .iter()
        .find(|h| h.article.lang == "en")
        .unwrap();
    let tos: Vec<&str> = english.expanded.iter().map(|e| e.to.as_str()).collect();
    assert!(
        tos.contains(&"The Musician") && tos.contains(&"Kazakhstan"),
        "{tos:?}"
    );
}

#[test]
fn an_article_and_its_translation_are_one_result() {
    let engine = common::shipped_engine();
    let grouped = search(engine, "Xian Xinghai", |_| {});
    let ungrouped = apart(engine, "Xian Xinghai");
    assert_eq!(ungrouped.total, 2);
    assert_eq!(grouped.total, 1, "total counts results after grouping");
    // The best of the pair (the direct match), naming the other.
    let hit = &grouped.hits[0];
    assert_eq!(hit.article.id, ungrouped.hits[0].article.id);
    assert_eq!(
        hit.article.translations,
        [ungrouped.hits[1].article.id.clone()]
    );
    // A query both languages match: every story once.
    let festival = search(engine, "festival OR 电影节", |_| {});
    let festival_apart = apart(engine, "festival OR 电影节");
    assert_eq!(festival_apart.total, 6);
    assert_eq!(festival.total, 3);
    let mut stories: Vec<String> = festival
        .hits
        .iter()
        .map(|h| {
            let mut group = h.article.translations.clone();
            group.push(h.article.id.clone());
            group.sort();
            group.join("+")
        })
        .collect();
    stories.sort();
    stories.dedup();
    assert_eq!(stories.len(), 3, "each story once");
    // Filters apply before grouping: with lang=zh the Chinese member stands.
    let zh = search(engine, "Xian Xinghai", |r| r.lang = Some("zh".into()));
    assert_eq!(ids(&zh), [ungrouped.hits[1].article.id.as_str()]);
    // Paging walks results, not articles.
    let second = search(engine, "festival OR 电影节", |r| {
        r.limit = 1;
        r.offset = 2;
    });
    assert_eq!(second.total, 3);
    assert_eq!(ids(&second), [festival.hits[2].article.id.as_str()]);
    // Export writes every matching article, ungrouped.
    let mut exported = 0;
    engine
        .search_all(&SearchRequest::new("Xian Xinghai"), |_| {
            exported += 1;
            true
        })
        .unwrap();
    assert_eq!(exported, 2);
}

/// The shipped corpus without its glossary: what pinyin finds on its own.
fn without_glossary() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[common::corpus()], |_| {})
        .unwrap();
    let engine = Engine::open(dir.path())
        .unwrap()
        .with_glossary(Glossary::default());
    (dir, engine)
}

#[test]
fn pinyin_finds_the_chinese_reports_in_every_typed_form() {
    let (_dir, engine) = without_glossary();
    for (typed, chinese) in [
        ("xianxinghai", "冼星海"),
        ("xian xinghai", "冼星海"),
        ("Xian Xinghai", "冼星海"),
        ("XianXinghai", "冼星海"),
        ("yongchuan", "永川"),
        ("Yǒngchuān", "永川"),
        ("yong3chuan1", "永川"),
        ("bazha xishi", "巴扎喜事"),
        ("Bazha Xishi", "巴扎喜事"),
        ("chongqing", "重庆"),
    ] {
        let results = search(&engine, typed, |r| {
            r.lang = Some("zh".into());
            r.group = false;
        });
        let expected = containing(&engine, chinese, "zh");
        assert!(!expected.is_empty(), "{chinese}");
        assert_eq!(sorted(ids(&results)), expected, "{typed}");
        for hit in &results.hits {
            assert_eq!(hit.expanded[0].via, Via::Pinyin, "{typed}");
            assert_eq!(hit.expanded[0].to, chinese, "{typed}");
        }
    }
    // Pinyin ranks below the same name printed in Latin letters.
    for typed in ["yongchuan", "Xian Xinghai"] {
        let results = apart(&engine, typed);
        assert!(
            results.hits.iter().any(|h| h.article.lang == "en"),
            "{typed}"
        );
        assert!(
            results.hits.iter().any(|h| h.article.lang == "zh"),
            "{typed}"
        );
        direct_first(&results);
        assert_eq!(results.hits[0].article.lang, "en", "{typed}");
    }
}

#[test]
fn english_words_are_searched_as_english_first() {
    let engine = common::shipped_engine();
    for word in ["change", "china"] {
        let results = apart(engine, word);
        direct_first(&results);
        let expected = containing_word(engine, word, "en");
        let direct: Vec<&str> = results
            .hits
            .iter()
            .filter(|h| h.expanded.is_empty())
            .map(|h| h.article.id.as_str())
            .collect();
        // Every English article with the word is found as typed (stems aside).
        for id in &expected {
            assert!(direct.contains(&id.as_str()), "{word}: {id}");
        }
    }
    // `change` is printed in lower case: a word, never read as 嫦娥.
    assert!(apart(engine, "change")
        .expanded
        .iter()
        .all(|e| e.via != Via::Pinyin));
}

fn with_typos() -> (tempfile::TempDir, Engine) {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typos");
    let dir = tempfile::tempdir().unwrap();
    IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[common::corpus(), fixture], |_| {})
        .unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    (dir, engine)
}

#[test]
fn one_typo_in_a_long_english_word_is_forgiven_and_ranked_below() {
    let (_dir, engine) = with_typos();
    let festival = containing(&engine, "festival", "en");
    // A typed typo finds the correctly printed word…
    let results = apart(&engine, "festivel");
    let found = ids(&results);
    for id in &festival {
        assert!(found.contains(&id.as_str()), "{id}");
    }
    // …but the article that prints the typo matched as typed, so it comes first.
    assert_eq!(found[0], "ocr-damaged-report");
    direct_first(&results);
    assert!(results
        .hits
        .iter()
        .skip(1)
        .all(|h| h.expanded[0].via == Via::Spelling && h.expanded[0].to == "festival"));
    // A word the index has more often than its neighbour is spelled right:
    // `festival` is not corrected to the misprint.
    let results = apart(&engine, "festival");
    assert_eq!(sorted(ids(&results)), festival);
    assert!(results.expanded.is_empty());
    let results = apart(&engine, "musican");
    assert_eq!(sorted(ids(&results)), containing(&engine, "musician", "en"));
    // Never for short words, Chinese, or inside quotes.
    assert_eq!(apart(&engine, "musi").total, 0);
    assert_eq!(apart(&engine, "\"musican\"").total, 0);
    assert_eq!(apart(&engine, "\"festivel\"").total, 1);
    assert_eq!(apart(&engine, "冼星孩").total, 0);
}

#[test]
fn quoted_phrases_never_expand() {
    let engine = common::shipped_engine();
    let quoted = apart(engine, "\"Xian Xinghai\"");
    assert_eq!(
        sorted(ids(&quoted)),
        containing(engine, "Xian Xinghai", "en")
    );
    assert!(quoted.expanded.is_empty());
    assert_eq!(apart(engine, "\"xianxinghai\"").total, 0);
    assert_eq!(apart(engine, "\"音乐家\" lang:en").total, 0);
    // Nor does a search asked to take the words as typed.
    let plain = search(engine, "Xian Xinghai", |r| {
        r.expand = false;
        r.group = false;
    });
    assert_eq!(
        sorted(ids(&plain)),
        containing(engine, "Xian Xinghai", "en")
    );
}

#[test]
fn an_empty_result_says_what_was_searched_and_offers_a_nearer_query() {
    let engine = common::shipped_engine();
    // A misheard character: same pinyin as a name in the index.
    let results = apart(engine, "冼星孩");
    assert_eq!(results.total, 0);
    assert_eq!(results.did_you_mean.as_deref(), Some("冼星海"));
    // Two typos: too far to search, near enough to suggest.
    let results = apart(engine, "fetsivl");
    assert_eq!(results.total, 0);
    assert_eq!(results.did_you_mean.as_deref(), Some("festival"));
    // Pinyin with nothing else: found directly, nothing to suggest.
    assert!(apart(engine, "bazha xishi").did_you_mean.is_none());
    // No article has every word: the partial matches come with a nearer
    // query, and with what was searched besides the words.
    let results = apart(engine, "musican 冼星孩");
    assert!(results.partial);
    assert!(results
        .expanded
        .iter()
        .any(|e| e.from == "musican" && e.to == "musician"));
    assert_eq!(results.did_you_mean.as_deref(), Some("musician 冼星海"));
}

#[test]
fn suggestions_complete_pinyin_prefixes() {
    let engine = common::shipped_engine();
    let s = engine.suggest("xianx", 8).unwrap();
    assert_eq!(s.suggestions, ["冼星海"]);
    let s = engine.suggest("bazha", 8).unwrap();
    assert!(s.suggestions.contains(&"巴扎喜事".to_string()), "{s:?}");
    // Letters that start a printed word complete to it first.
    let s = engine.suggest("Yong", 8).unwrap();
    assert_eq!(s.suggestions[0], "Yongchuan");
    assert!(s.suggestions.contains(&"永川".to_string()), "{s:?}");
    let s = engine.suggest("film xianx", 8).unwrap();
    assert_eq!(s.suggestions, ["film 冼星海"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Pieces users type: names in both scripts, pinyin in every form,
    /// typos, operators, and random text.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "Xian",
                "Xinghai",
                "xianxinghai",
                "yong3chuan1",
                "Yǒngchuān",
                "musican",
                "festivel",
                "冼星海",
                "音乐家",
                "永川",
                "巴扎",
                "bazha",
                "xishi",
                "change",
                "Lü",
                "Kazakhstan",
                "哈萨克斯坦",
                "-",
                "\"",
                "OR",
                "title:",
                "lang:zh",
                "ё",
                "фестиваль",
                "The",
                "Musician",
                "SCO",
                "上合组织",
            ])
            .prop_map(String::from),
            "[a-zA-Zàáǎèéěǔüǚ0-9']{1,12}",
            "\\PC{1,6}",
        ]
    }

    fn query() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 1..6).prop_map(|pieces| pieces.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any query: an answer or a clear error, never a panic; what a hit
        /// was expanded from was typed; expansion only adds articles.
        #[test]
        fn expansion_never_fails_and_only_adds(q in query()) {
            let engine = common::shipped_engine();
            let expanded = engine.search(&SearchRequest { limit: 100, group: false, ..SearchRequest::new(q.as_str()) });
            let typed = engine.search(&SearchRequest { limit: 100, group: false, expand: false, ..SearchRequest::new(q.as_str()) });
            match (expanded, typed) {
                (Ok(expanded), Ok(typed)) => {
                    for e in expanded.hits.iter().flat_map(|h| &h.expanded) {
                        prop_assert!(expanded.expanded.contains(e), "{:?}", e);
                    }
                    let excludes = q.split_whitespace().any(|w| w.starts_with('-') && w.len() > 1);
                    if !excludes && !typed.partial && !expanded.partial {
                        let found = ids(&expanded);
                        for id in ids(&typed) {
                            prop_assert!(found.contains(&id), "{} lost {}", q, id);
                        }
                    }
                }
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string().is_empty(), b.to_string().is_empty()),
                (a, b) => prop_assert!(false, "{q}: expanded {:?} vs as typed {:?}", a.map(|r| r.total), b.map(|r| r.total)),
            }
        }
    }
}
