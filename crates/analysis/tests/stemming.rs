//! Properties of English stemming that other parts of Newsreel rely on,
//! checked on every distinct word of the English news in `../shared/data`.

use std::collections::HashSet;

use newsreel_analysis::Analyzer;

fn english_words() -> HashSet<String> {
    newsreel_testdata::news_text(newsreel_testdata::EN_NEWS)
        .split(|c: char| !c.is_ascii_alphabetic())
        .map(str::to_ascii_lowercase)
        .filter(|w| w.len() > 2)
        .collect()
}

#[test]
fn a_stem_starts_with_the_first_letter_of_its_word() {
    let analyzer = Analyzer::builder().build().unwrap();
    let words = english_words();
    assert!(words.len() > 20_000, "{} words", words.len());
    let mut stem = String::new();
    for word in words {
        analyzer.stem_into(&word, &mut stem);
        assert_eq!(
            stem.as_bytes().first(),
            word.as_bytes().first(),
            "{word} → {stem}"
        );
    }
}
