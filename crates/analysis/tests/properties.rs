//! Invariants of the analysis on any text: no panic, normalization is
//! idempotent, and every token points at whole characters of the text.

use newsreel_analysis::tokenizers::{
    BigramTokenizer, SuggestTokenizer, UnitTokenizer, WordTokenizer,
};
use newsreel_analysis::{Analyzer, SegmentMode};
use proptest::prelude::*;
use std::sync::OnceLock;
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::builder().build().unwrap())
}

/// Text mixing what reports contain: Han (simplified and traditional),
/// Latin, full-width forms, digits, punctuation of both widths, spaces and
/// breaks, combining marks, emoji — and any character at all.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[电影節節日上合組織冼星海瞭解乾隆的了]{1,6}",
        3 => "[A-Za-z]{1,8}",
        2 => "[ＡＢＣａｂｃ０１２①②]{1,3}",
        2 => "[，。、“”「」《》,.!?:;\"' \t\n\r\u{3000}]{1,3}",
        1 => "[\u{301}\u{308}\u{200b}\u{202e}\u{feff}]{1,2}",
        1 => "[😀🎬👍🏽]{1,2}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_tokens<T: Tokenizer>(mut tokenizer: T, text: &str) -> Result<(), TestCaseError> {
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        prop_assert!(
            t.offset_from <= t.offset_to && t.offset_to <= text.len(),
            "{t:?} in {text:?}"
        );
        prop_assert!(
            text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to),
            "{t:?} in {text:?}"
        );
        prop_assert!(!t.text.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn normalization_is_idempotent(text in messy_text()) {
        let once = analyzer().normalize(&text).text;
        let twice = analyzer().normalize(&once).text;
        prop_assert_eq!(&twice, &once, "from {:?}", text);
    }

    #[test]
    fn normalized_ranges_map_to_whole_original_characters(text in messy_text()) {
        let norm = analyzer().normalize(&text);
        let mut start = 0;
        let mut last = (0, 0);
        for (i, c) in norm.text.char_indices().chain(std::iter::once((norm.text.len(), ' '))) {
            if i > start {
                let (s, e) = norm.original_range(start, i);
                prop_assert!(s <= e && e <= text.len());
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{:?}", text);
                // Characters map back in order, never before the one before.
                prop_assert!(s >= last.0 && e >= last.1, "{:?} after {:?} in {:?}", (s, e), last, text);
                last = (s, e);
            }
            start = i;
            let _ = c;
        }
    }

    /// The reader that steps along the changes answers as the search does,
    /// for ranges asked in text order, backwards, and at random.
    #[test]
    fn stepping_through_ranges_agrees_with_searching(
        text in messy_text(),
        picks in prop::collection::vec((0usize..200, 0usize..8), 0..40),
    ) {
        let norm = analyzer().normalize(&text);
        let mut bounds: Vec<usize> = norm.text.char_indices().map(|(i, _)| i).collect();
        bounds.push(norm.text.len());
        let chars = bounds.len() - 1;
        let forward: Vec<(usize, usize)> = (0..chars).flat_map(|i| {
            [(bounds[i], bounds[i + 1]), (bounds[i.saturating_sub(1)], bounds[i + 1])]
        }).collect();
        let backward: Vec<(usize, usize)> = forward.iter().rev().copied().collect();
        let random: Vec<(usize, usize)> = picks.iter().map(|&(a, len)| {
            let a = a % (chars + 1);
            (bounds[a], bounds[(a + len).min(chars)])
        }).collect();
        for order in [forward, backward, random] {
            let mut ranges = norm.ranges();
            for (s, e) in order {
                prop_assert_eq!(ranges.original_range(s, e), norm.original_range(s, e), "{:?} in {:?}", (s, e), text);
            }
        }
    }

    #[test]
    fn every_token_covers_whole_characters(text in messy_text()) {
        let a = analyzer().clone();
        check_tokens(WordTokenizer::new(a.clone(), SegmentMode::Index), &text)?;
        check_tokens(WordTokenizer::new(a.clone(), SegmentMode::Query), &text)?;
        check_tokens(BigramTokenizer::new(a.clone(), true), &text)?;
        check_tokens(UnitTokenizer::new(a.clone()), &text)?;
        check_tokens(SuggestTokenizer::new(a), &text)?;
    }

    #[test]
    fn words_point_at_the_text_they_came_from(text in messy_text()) {
        for w in analyzer().words(&text).into_iter().chain(analyzer().query_words(&text)) {
            prop_assert!(w.start <= w.end && w.end <= text.len());
            prop_assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
        }
    }
}
