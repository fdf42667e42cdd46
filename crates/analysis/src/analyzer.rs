//! The analysis pipeline as one value shared by indexer and query side.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::chinese::ChineseSegmenter;
pub use crate::chinese::SegmentMode;
use crate::normalize::{Normalized, Normalizer};
use crate::script::{runs, CharClass};
use crate::units::{units, Unit};
use crate::AnalysisError;

/// A word produced by the pipeline: its normalized (and stemmed) text and the
/// byte range in the *original* text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordToken {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// True when the word is Chinese (a jieba word), false for alphabetic words and numbers.
    pub han: bool,
}

/// Builds an [`Analyzer`].
#[derive(Debug, Default)]
pub struct AnalyzerBuilder {
    user_dict: Option<(String, String)>,
}

impl AnalyzerBuilder {
    /// Add a jieba user dictionary (`name` is used in error messages).
    pub fn user_dictionary(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.user_dict = Some((name.into(), text.into()));
        self
    }

    pub fn build(self) -> Result<Analyzer, AnalysisError> {
        let dict = self
            .user_dict
            .as_ref()
            .map(|(n, t)| (n.as_str(), t.as_str()));
        Ok(Analyzer {
            inner: Arc::new(Inner {
                normalizer: Normalizer::new()?,
                chinese: ChineseSegmenter::new(dict)?,
                english: Stemmer::create(Algorithm::English),
                russian: Stemmer::create(Algorithm::Russian),
                user_dict: self.user_dict.map(|(_, t)| t).unwrap_or_default(),
            }),
        })
    }
}

struct Inner {
    normalizer: Normalizer,
    chinese: ChineseSegmenter,
    english: Stemmer,
    russian: Stemmer,
    user_dict: String,
}

/// The shared analysis pipeline. Cheap to clone.
#[derive(Clone)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer")
    }
}

impl Analyzer {
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// The user dictionary text this analyzer was built with (empty if none).
    pub fn user_dictionary(&self) -> &str {
        &self.inner.user_dict
    }

    /// The Chinese segmenter (for callers that need more than words, such
    /// as the names the dictionaries know).
    pub fn chinese(&self) -> &ChineseSegmenter {
        &self.inner.chinese
    }

    pub fn normalizer(&self) -> &Normalizer {
        &self.inner.normalizer
    }

    /// Normalize text (see [`Normalizer`]).
    pub fn normalize(&self, text: &str) -> Normalized {
        self.inner.normalizer.normalize(text)
    }

    /// Normalize `text`, reusing the result when this thread normalized the
    /// same text recently.
    ///
    /// tantivy runs every tokenizer of a document in the same indexing thread:
    /// the body goes through the word, bigram and unit tokenizers one after
    /// the other, and traditional → simplified conversion is the costliest
    /// step of the pipeline. A few entries cover one document's fields.
    pub fn normalize_shared(&self, text: &str) -> Rc<Normalized> {
        const ENTRIES: usize = 8;
        thread_local! {
            static RECENT: RefCell<VecDeque<(String, Rc<Normalized>)>> = const { RefCell::new(VecDeque::new()) };
        }
        RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            if let Some((_, n)) = recent.iter().find(|(t, _)| t == text) {
                return Rc::clone(n);
            }
            let normalized = Rc::new(self.normalize(text));
            if recent.len() == ENTRIES {
                recent.pop_front();
            }
            recent.push_back((text.to_string(), Rc::clone(&normalized)));
            normalized
        })
    }

    /// Index-side words of `text`.
    pub fn words(&self, text: &str) -> Vec<WordToken> {
        self.words_with(text, SegmentMode::Index)
    }

    /// Query-side words of `text`.
    pub fn query_words(&self, text: &str) -> Vec<WordToken> {
        self.words_with(text, SegmentMode::Query)
    }

    fn words_with(&self, text: &str, mode: SegmentMode) -> Vec<WordToken> {
        let normalized = self.normalize(text);
        let mut out = Vec::new();
        let mut buf = String::new();
        self.for_each_word(&normalized, mode, &mut buf, |word, start, end, han| {
            out.push(WordToken {
                text: word.to_string(),
                start,
                end,
                han,
            });
        });
        out
    }

    /// Visit every word of already-normalized text without allocating per word.
    ///
    /// `emit(word, start, end, han)` gets offsets into the *original* text.
    /// `scratch` is reused for stemmed words.
    pub fn for_each_word(
        &self,
        normalized: &Normalized,
        mode: SegmentMode,
        scratch: &mut String,
        emit: impl FnMut(&str, usize, usize, bool),
    ) {
        self.visit_words(normalized, mode, Some(scratch), emit);
    }

    /// Like [`Analyzer::for_each_word`] but Latin words are not stemmed: the
    /// words a person would type or read, for suggestions.
    pub fn for_each_plain_word(
        &self,
        normalized: &Normalized,
        mode: SegmentMode,
        emit: impl FnMut(&str, usize, usize, bool),
    ) {
        self.visit_words(normalized, mode, None, emit);
    }

    /// Stems into `scratch` when one is given.
    fn visit_words(
        &self,
        normalized: &Normalized,
        mode: SegmentMode,
        mut scratch: Option<&mut String>,
        mut emit: impl FnMut(&str, usize, usize, bool),
    ) {
        let text = normalized.text.as_str();
        for run in runs(text) {
            match run.class {
                CharClass::Han => {
                    let piece = &text[run.start..run.end];
                    self.inner.chinese.cut(piece, mode, |s, e| {
                        let (os, oe) = normalized.original_range(run.start + s, run.start + e);
                        emit(&piece[s..e], os, oe, true);
                    });
                }
                CharClass::Alnum => {
                    let word = &text[run.start..run.end];
                    let (os, oe) = normalized.original_range(run.start, run.end);
                    match scratch.as_deref_mut() {
                        Some(stemmed) => {
                            self.stem_into(word, stemmed);
                            emit(stemmed, os, oe, false);
                        }
                        None => emit(word, os, oe, false),
                    }
                }
                _ => {}
            }
        }
    }

    /// The stemmed form of one normalized alphabetic word.
    ///
    /// English words (ASCII letters) are stemmed with Snowball English,
    /// Russian words (Cyrillic letters) with Snowball Russian; numbers and
    /// words of other scripts are kept as they are. A stem always starts with the
    /// word's first letter (the highlighter relies on it; tested on every word
    /// of a year of Reuters news and on Russian inflections).
    pub fn stem_into(&self, word: &str, out: &mut String) {
        out.clear();
        let stemmer = if word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase()) {
            &self.inner.english
        } else if word.chars().nth(2).is_some() && word.chars().all(is_russian_lowercase) {
            &self.inner.russian
        } else {
            out.push_str(word);
            return;
        };
        // Snowball costs ~10× a hash lookup, and news repeats its words:
        // stems are remembered per thread (forgotten wholesale when full).
        const REMEMBERED: usize = 1 << 16;
        thread_local! {
            static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
        }
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            if let Some(stem) = stems.get(word) {
                out.push_str(stem);
                return;
            }
            let stem = stemmer.stem(word).into_owned();
            out.push_str(&stem);
            if stems.len() == REMEMBERED {
                stems.clear();
            }
            stems.insert(word.to_string(), stem);
        });
    }

    /// The units of already-normalized text (offsets into the normalized text).
    pub fn units<'a>(&self, normalized: &'a Normalized) -> impl Iterator<Item = Unit> + 'a {
        units(&normalized.text)
    }
}

/// A lower-case letter of the Russian alphabet.
fn is_russian_lowercase(c: char) -> bool {
    matches!(c, 'а'..='я' | 'ё')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_inflections_share_a_stem() {
        let a = analyzer();
        let stems =
            |text: &str| -> Vec<String> { a.words(text).into_iter().map(|t| t.text).collect() };
        let forms = stems("фестиваль фестиваля фестивалем Фестивалю");
        assert!(forms.iter().all(|s| s == &forms[0]), "{forms:?}");
        assert!(forms[0].starts_with('ф'));
        // ё and е are one letter to a search.
        assert_eq!(stems("ещё"), stems("еще"));
        // English is untouched, and a mixed-script word is kept as it is.
        assert_eq!(stems("festivals"), vec!["festiv"]);
        assert_eq!(stems("кинoфестиваль").len(), 1);
    }

    fn analyzer() -> Analyzer {
        Analyzer::builder().build().unwrap()
    }

    #[test]
    fn offsets_point_at_the_printed_text() {
        let a = analyzer();
        let text = "探讨 ＡＩ 赋能電影 产业 festivals 2025";
        for t in a.words(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            let printed = &text[t.start..t.end];
            let renormalized = a.normalize(printed).text;
            if t.han {
                assert_eq!(renormalized, t.text, "{t:?}");
            } else {
                let mut stem = String::new();
                a.stem_into(&renormalized, &mut stem);
                assert_eq!(stem, t.text, "{t:?}");
            }
        }
        let texts: Vec<String> = a.words(text).into_iter().map(|t| t.text).collect();
        assert!(texts.contains(&"ai".into()));
        assert!(texts.contains(&"电影".into()));
        assert!(texts.contains(&"festiv".into()));
        assert!(texts.contains(&"2025".into()));
    }

    #[test]
    fn emoji_and_spaces_do_not_shift_offsets() {
        let a = analyzer();
        let text = "🎬 冼星海 🎵音乐家";
        let words = a.words(text);
        let found: Vec<&str> = words.iter().map(|t| &text[t.start..t.end]).collect();
        assert!(found.contains(&"音乐家"), "{found:?}");
    }
}
