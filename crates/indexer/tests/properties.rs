//! Ingestion never panics, whatever the bytes of a file are.

use newsreel_indexer::decode::{decode, decompress};
use newsreel_indexer::formats::{parse_front_matter, parse_jsonl, parse_newspaper, FileMeta};
use newsreel_indexer::page::split_page;
use newsreel_indexer::text::{join_lines, remove_layout_spaces};
use proptest::prelude::*;

/// Lines shaped like a newspaper page's: datelines, bylines, headlines,
/// captions, broken sentences, front matter fences, JSON-ish fragments.
fn page_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "本报讯（记者 [张李王]{1,3}）[电影节开幕上合组织]{2,20}。",
        "[电影節上合組織永川]{1,12}[，。]?",
        "渝西都市报记者 [吕薇陈]{1,3} 文/图",
        "7月[0-9]{1,2}日，[电影节]{2,8}",
        "(图为|▲)[电影节现场]{2,10}",
        "---",
        "title: [A-Za-z 电影]{0,12}",
        "date: [0-9-]{0,12}",
        "\\{\"id\": \"[a-z0-9]{0,4}\", \"title\": \"[a-z电影]{0,6}\"\\}",
        "[A-Za-z ,.]{0,30}",
        any::<String>(),
    ];
    prop::collection::vec(line, 0..20).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsers_never_panic(text in page_like()) {
        let meta = FileMeta::default();
        let _ = split_page(&text);
        let _ = parse_newspaper(&text, "page", "page.txt", &meta);
        let _ = parse_front_matter(&text, "article", "article.md", &meta);
        let _ = parse_jsonl(&text, "lines", "lines.jsonl", &meta);
        let _ = remove_layout_spaces(&text);
        let _ = join_lines(&text);
    }

    #[test]
    fn decoding_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(plain) = decompress(bytes) {
            let _ = decode(&plain);
        }
    }

    #[test]
    fn every_article_has_an_id_and_text(text in page_like()) {
        let (articles, _) = parse_newspaper(&text, "page", "page.txt", &FileMeta::default());
        for a in articles {
            prop_assert!(!a.id.is_empty());
            prop_assert!(!a.title.trim().is_empty() || !a.body.trim().is_empty(), "{a:?}");
        }
    }
}

/// Sentences shaped like attributed quotations, with every kind of mark,
/// dots in names, roles, pronouns and stray marks.
fn quoted_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[市民导演他她]{0,2}[张覃娜塔莉·]{0,5}[表示说称赞道]{0,3}[:：,，]?",
        "[\"“”「」『』《》]",
        "[这部电影很好，。！?]{0,12}",
        "[A-Z][a-z]{0,6} [A-Z][a-z]{0,6},? (said|told|He said)?:? ?",
        "[a-z ,.]{0,20}",
        "\n",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every quotation's offsets are characters of the body holding its
    /// text, and extraction never panics.
    #[test]
    fn quotations_point_at_their_text(body in quoted_like()) {
        static ANALYZER: std::sync::OnceLock<newsreel_analysis::Analyzer> =
            std::sync::OnceLock::new();
        let analyzer = ANALYZER.get_or_init(|| newsreel_analysis::Analyzer::builder().build().unwrap());
        let chars: Vec<char> = body.chars().collect();
        for q in newsreel_indexer::quotes::extract(&body, analyzer) {
            prop_assert!(q.start <= q.end && q.end <= chars.len());
            let at: String = chars[q.start..q.end].iter().collect();
            prop_assert_eq!(&at, &q.text);
            prop_assert!(q.speaker.as_deref().is_none_or(|s| !s.trim().is_empty()));
        }
    }
}
