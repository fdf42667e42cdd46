//! The analysis pipeline as one value shared by indexer and query side.

use std::cell::{OnceCell, RefCell};
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
    /// the body goes through the word, bigram, unit and suggestion tokenizers
    /// one after the other. Normalizing once is the first saving; cutting
    /// the Han runs once is the second (see [`SharedText`]). A few entries
    /// cover one document's fields.
    pub fn normalize_shared(&self, text: &str) -> Rc<SharedText> {
        const ENTRIES: usize = 8;
        thread_local! {
            static RECENT: RefCell<VecDeque<(String, Rc<SharedText>)>> = const { RefCell::new(VecDeque::new()) };
        }
        RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            if let Some((_, n)) = recent.iter().find(|(t, _)| t == text) {
                return Rc::clone(n);
            }
            let shared = Rc::new(SharedText {
                normalized: self.normalize(text),
                cuts: OnceCell::new(),
            });
            if recent.len() == ENTRIES {
                recent.pop_front();
            }
            recent.push_back((text.to_string(), Rc::clone(&shared)));
            shared
        })
    }

    /// The index-side words of a shared text, as [`Analyzer::for_each_word`]
    /// gives them in [`SegmentMode::Index`], from the shared cut.
    pub fn for_each_indexed_word(
        &self,
        shared: &SharedText,
        scratch: &mut String,
        emit: impl FnMut(&str, usize, usize, bool),
    ) {
        let cuts = shared.cuts(self);
        self.visit_words(
            &shared.normalized,
            Han::Cut {
                cuts,
                precise_only: false,
            },
            Some(scratch),
            emit,
        );
    }

    /// The words of a shared text as a person reads them — precise-mode
    /// Chinese words, Latin words unstemmed — as
    /// [`Analyzer::for_each_plain_word`] gives them in
    /// [`SegmentMode::Query`], from the shared cut.
    pub fn for_each_printed_word(
        &self,
        shared: &SharedText,
        emit: impl FnMut(&str, usize, usize, bool),
    ) {
        let cuts = shared.cuts(self);
        self.visit_words(
            &shared.normalized,
            Han::Cut {
                cuts,
                precise_only: true,
            },
            None,
            emit,
        );
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
        self.visit_words(normalized, Han::Segment(mode), Some(scratch), emit);
    }

    /// Like [`Analyzer::for_each_word`] but Latin words are not stemmed: the
    /// words a person would type or read, for suggestions.
    pub fn for_each_plain_word(
        &self,
        normalized: &Normalized,
        mode: SegmentMode,
        emit: impl FnMut(&str, usize, usize, bool),
    ) {
        self.visit_words(normalized, Han::Segment(mode), None, emit);
    }

    /// Stems into `scratch` when one is given.
    fn visit_words(
        &self,
        normalized: &Normalized,
        han: Han<'_>,
        mut scratch: Option<&mut String>,
        mut emit: impl FnMut(&str, usize, usize, bool),
    ) {
        let text = normalized.text.as_str();
        let mut ranges = normalized.ranges();
        // The shared cuts not yet visited (they are in text order, run by run).
        let mut pending = match han {
            Han::Cut { cuts, .. } => cuts,
            Han::Segment(_) => &[],
        };
        for run in runs(text) {
            match run.class {
                CharClass::Han => {
                    let piece = &text[run.start..run.end];
                    let mut word = |s: usize, e: usize| {
                        let (os, oe) = ranges.original_range(run.start + s, run.start + e);
                        emit(&piece[s..e], os, oe, true);
                    };
                    match han {
                        Han::Segment(mode) => self.inner.chinese.cut(piece, mode, word),
                        Han::Cut { precise_only, .. } => {
                            let here = pending.partition_point(|c| (c.start as usize) < run.end);
                            for c in &pending[..here] {
                                if c.precise || !precise_only {
                                    word(c.start as usize - run.start, c.end as usize - run.start);
                                }
                            }
                            pending = &pending[here..];
                        }
                    }
                }
                CharClass::Alnum => {
                    let word = &text[run.start..run.end];
                    let (os, oe) = ranges.original_range(run.start, run.end);
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

/// Where the Han words of a text come from.
#[derive(Clone, Copy)]
enum Han<'a> {
    /// Cut each run now, in this mode.
    Segment(SegmentMode),
    /// A shared search-mode cut, or only its precise-mode words.
    Cut { cuts: &'a [Cut], precise_only: bool },
}

/// A normalized text shared by the tokenizers of one document, with its
/// Han runs cut in search mode once, when a tokenizer first asks.
///
/// The word field wants search mode and the suggestion field precise mode.
/// Search mode is precise mode plus, before each long word, the dictionary
/// words inside it, so precise mode is read off the same cut rather than
/// segmenting the text a second time (jieba was a fifth of indexing).
pub struct SharedText {
    pub normalized: Normalized,
    cuts: OnceCell<Vec<Cut>>,
}

/// A search-mode word: normalized byte offsets, and whether precise mode
/// has it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    start: u32,
    end: u32,
    precise: bool,
}

impl std::ops::Deref for SharedText {
    type Target = Normalized;

    fn deref(&self) -> &Normalized {
        &self.normalized
    }
}

impl SharedText {
    fn cuts(&self, analyzer: &Analyzer) -> &[Cut] {
        self.cuts.get_or_init(|| {
            let text = self.normalized.text.as_str();
            let mut cuts = Vec::new();
            for run in runs(text).filter(|r| r.class == CharClass::Han) {
                let first = cuts.len();
                analyzer
                    .chinese()
                    .cut(&text[run.start..run.end], SegmentMode::Index, |s, e| {
                        cuts.push(Cut {
                            start: (run.start + s) as u32,
                            end: (run.start + e) as u32,
                            precise: false,
                        })
                    });
                mark_precise(&mut cuts[first..]);
            }
            cuts
        })
    }
}

/// Mark the precise-mode words of one run's search-mode cut. jieba emits
/// each precise word after the shorter words inside it, so going backwards,
/// a word is precise when it ends where the precise word after it starts
/// (or earlier): the words inside a longer word end after its start.
fn mark_precise(cuts: &mut [Cut]) {
    let mut next_start = u32::MAX;
    for c in cuts.iter_mut().rev() {
        if c.end <= next_start {
            c.precise = true;
            next_start = c.start;
        }
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

    /// The shared cut gives exactly what segmenting in each mode gives, on
    /// real news in both languages (and traditional characters).
    #[test]
    fn the_shared_cut_is_both_modes() {
        let a = analyzer();
        let zh = newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, 200);
        let en = newsreel_testdata::news_lines(newsreel_testdata::EN_NEWS, 50);
        let mut texts = newsreel_testdata::bodies(&zh);
        texts.extend(newsreel_testdata::bodies(&en));
        texts.push("ǅ上合組織國家電影節，ＡＩ配音 festivals 2025年冼星海《音乐家》".into());
        type Emit<'e> = &'e mut dyn FnMut(&str, usize, usize, bool);
        let collect = |visit: &dyn Fn(Emit)| {
            let mut out = Vec::new();
            visit(&mut |w, s, e, han| out.push((w.to_string(), s, e, han)));
            out
        };
        let mut long_words = 0;
        for text in &texts {
            let normalized = a.normalize(text);
            let shared = a.normalize_shared(text);
            let indexed =
                collect(&|emit| a.for_each_indexed_word(&shared, &mut String::new(), emit));
            let segmented = collect(&|emit| {
                a.for_each_word(&normalized, SegmentMode::Index, &mut String::new(), emit)
            });
            assert_eq!(indexed, segmented);
            let printed = collect(&|emit| a.for_each_printed_word(&shared, emit));
            let precise =
                collect(&|emit| a.for_each_plain_word(&normalized, SegmentMode::Query, emit));
            assert_eq!(printed, precise);
            long_words += usize::from(indexed.len() > printed.len());
        }
        // Search mode added words inside longer ones in most articles.
        assert!(long_words > 150, "{long_words}");
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
