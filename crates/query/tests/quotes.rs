//! Searching quotations of the shipped corpus: by words (article search
//! rules applied to each quotation), by speaker (any part of the name,
//! either script), and both; and the quotations `show --json` carries.

mod common;

use common::shipped_engine;
use newsreel_query::quotes::{QuoteRequest, QuoteResults};
use newsreel_query::Engine;

fn quotes(engine: &Engine, query: Option<&str>, speaker: Option<&str>) -> QuoteResults {
    let request = QuoteRequest {
        limit: 1000,
        time_limit: None,
        ..QuoteRequest::new(query.map(String::from), speaker.map(String::from))
    };
    engine.quotes(&request).unwrap()
}

/// Every quotation of the corpus, read from the articles themselves.
fn all_quotes(engine: &Engine) -> Vec<(String, Option<String>, String)> {
    let all = quotes(engine, None, None);
    assert!(!all.timed_out);
    let mut out = Vec::new();
    for id in all
        .quotes
        .iter()
        .map(|q| q.article_id.clone())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let article = engine.article(&id).unwrap().unwrap();
        for q in article.quotes {
            out.push((q.text, q.speaker, id.clone()));
        }
    }
    assert_eq!(out.len(), all.total);
    out
}

#[test]
fn words_find_exactly_the_quotations_that_contain_them() {
    let engine = shipped_engine();
    let all = all_quotes(engine);
    // (query, what a quotation must contain to match, what it must not)
    let cases: [(&str, &[&str], &[&str]); 6] = [
        ("新疆", &["新疆"], &[]),
        ("\"新疆生活\"", &["新疆生活"], &[]),
        ("冼星海 感动", &["冼星海", "感动"], &[]),
        ("新疆 -电影", &["新疆"], &["电影"]),
        ("Yongchuan", &["Yongchuan"], &[]),
        ("\"the film\"", &["the film"], &[]),
    ];
    for (query, needed, excluded) in cases {
        let found = quotes(engine, Some(query), None);
        let mut got: Vec<&str> = found.quotes.iter().map(|q| q.text.as_str()).collect();
        let mut expected: Vec<&str> = all
            .iter()
            .map(|(t, _, _)| t.as_str())
            .filter(|t| {
                let lower = t.to_lowercase();
                needed.iter().all(|n| lower.contains(&n.to_lowercase()))
                    && !excluded.iter().any(|x| t.contains(x))
            })
            .collect();
        got.sort();
        expected.sort();
        assert!(
            !expected.is_empty(),
            "{query}: the corpus has such quotations"
        );
        assert_eq!(got, expected, "{query}");
        assert_eq!(found.total, expected.len());
    }
    // A word in the article but in none of its quotations finds nothing.
    assert_eq!(quotes(engine, Some("圆桌论坛"), None).total, 0);
}

#[test]
fn a_speaker_is_found_by_any_part_of_the_name_in_either_script() {
    let engine = shipped_engine();
    let all = all_quotes(engine);
    let by = |name: &str| -> Vec<String> {
        let mut v: Vec<String> = all
            .iter()
            .filter(|(_, s, _)| s.as_deref() == Some(name))
            .map(|(t, _, _)| t.clone())
            .collect();
        v.sort();
        v
    };
    for (asked, speaker) in [
        ("沈健", "沈健"),
        ("健", "沈健"),
        ("荊魯洲", "荆鲁洲"),
        ("Shen Jian", "Shen Jian"),
        ("shen", "Shen Jian"),
        ("塔依尔", "依克桑·塔依尔"),
    ] {
        let found = quotes(engine, None, Some(asked));
        let mut got: Vec<String> = found.quotes.iter().map(|q| q.text.clone()).collect();
        got.sort();
        assert_eq!(got, by(speaker), "--speaker {asked}");
        assert!(found
            .quotes
            .iter()
            .all(|q| q.speaker.as_deref() == Some(speaker)));
    }
    // Words and speaker together.
    let both = quotes(engine, Some("永川"), Some("沈健"));
    assert_eq!(both.total, 1, "{both:?}");
    assert!(both.quotes[0].text.starts_with("永川不仅拥有"));
    assert_eq!(both.quotes[0].speaker_role.as_deref(), Some("出品人"));
    // Nobody of that name.
    assert_eq!(quotes(engine, None, Some("张三丰")).total, 0);
}

#[test]
fn without_words_the_newest_come_first_and_lang_filters() {
    let engine = shipped_engine();
    let all = quotes(engine, None, None);
    let dates: Vec<&str> = all
        .quotes
        .iter()
        .filter_map(|q| q.date.as_deref())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let en = engine
        .quotes(&QuoteRequest {
            lang: Some("en".into()),
            limit: 1000,
            ..QuoteRequest::new(None, None)
        })
        .unwrap();
    assert!(en.total > 0 && en.total < all.total);
    assert!(en.quotes.iter().all(|q| q.lang == "en"));
}

#[test]
fn show_json_carries_the_quotations_with_offsets_into_the_body() {
    let engine = shipped_engine();
    let article = engine.article("000_fcb534285d604426-3").unwrap().unwrap();
    assert_eq!(article.quotes.len(), 4);
    let body: Vec<char> = article.body.chars().collect();
    for q in &article.quotes {
        let at: String = body[q.start..q.end].iter().collect();
        assert_eq!(at, q.text);
        assert_eq!(q.lang, "zh");
    }
    let json = serde_json::to_value(&article).unwrap();
    assert_eq!(json["quotes"][2]["speaker"], "覃祖凤");
    assert_eq!(json["quotes"][2]["speaker_role"], "市民");
}

#[test]
fn verify_names_the_speaker_of_a_quoted_passage() {
    let engine = shipped_engine();
    let v = engine
        .verify("永川浓厚的电影氛围让我们印象很深刻", 3)
        .unwrap();
    assert_eq!(v.matches[0].speaker.as_deref(), Some("依克桑·塔依尔"));
    // A passage outside any quotation has no speaker.
    let v = engine
        .verify(
            "观众沉浸在浓烈的家国情怀与崇高的艺术追求交织的震撼氛围中",
            3,
        )
        .unwrap();
    assert!(v.matches[0].score > 0.9);
    assert_eq!(v.matches[0].speaker, None);
}
