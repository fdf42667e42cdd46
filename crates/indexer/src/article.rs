use serde::{Deserialize, Serialize};

/// One article, cleaned, as it is indexed and shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: a JSON Lines article keeps its own; others derive it from
    /// the file name and the article's position in the file.
    pub id: String,
    /// `zh` or `en` (detected when the input does not say).
    pub lang: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The cleaned text: paragraphs separated by `\n`.
    pub body: String,
    /// Photo captions taken out of the body.
    pub captions: Vec<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The publication as printed (e.g. `渝西都市报`).
    pub source: Option<String>,
    /// Reporters, separated by `、`.
    pub reporter: Option<String>,
    /// The id of the article this one translates, if any.
    pub translation_of: Option<String>,
    /// The file it came from, as given to the indexer.
    pub path: String,
    /// The source text the article was cut from, before cleaning (when it differs from `body`).
    pub raw: Option<String>,
}

impl Article {
    /// Each reporter's name (the `reporter` field lists them separated by
    /// `、`, or by commas or semicolons in English bylines).
    pub fn reporters(&self) -> impl Iterator<Item = &str> {
        self.reporter
            .as_deref()
            .unwrap_or("")
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }
}

/// Guess the language of a text: Chinese when Han characters make up a real
/// share of its letters, Russian when most of its letters are Cyrillic, else English.
pub fn detect_lang(text: &str) -> &'static str {
    let mut han = 0usize;
    let mut cyrillic = 0usize;
    let mut alpha = 0usize;
    for c in text.chars().take(4000) {
        if newsreel_analysis::script::is_han(c) {
            han += 1;
        } else if c.is_alphabetic() {
            alpha += 1;
            if matches!(c, '\u{0400}'..='\u{04FF}') {
                cyrillic += 1;
            }
        }
    }
    // A Chinese text carries some Latin words (AI, names), and one Han
    // character stands for a word while a Latin word takes about five letters.
    if han * 5 >= alpha && han > 0 {
        "zh"
    } else if cyrillic * 2 > alpha {
        "ru"
    } else {
        "en"
    }
}
