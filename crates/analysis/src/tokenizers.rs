//! The pipeline exposed as tantivy tokenizers.
//!
//! Three tokenizers, one per kind of field:
//! - [`WordTokenizer`]: the words of the text (jieba for Han, stemmed Latin),
//!   for BM25 ranking. Index mode adds the words inside longer words.
//! - [`BigramTokenizer`]: adjacent unit pairs at the position of their first
//!   unit, for exact phrases, except two spaced words (see
//!   [`crate::units::is_word_pair`]); every word also alone at its position;
//!   optionally also every single unit.
//! - [`UnitTokenizer`]: every distinct character or symbol once, for
//!   one-character exact phrases without paying for positions or frequencies.
//! - [`SuggestTokenizer`]: whole words as printed, for search-box completion
//!   (see [`crate::suggest`]).
//!
//! Every tokenizer fills a buffer it owns and then hands tokens out of it, so
//! indexing does not allocate per token; offsets are bytes of the original text.

use rustc_hash::FxHashSet;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::analyzer::{Analyzer, SegmentMode};
use crate::suggest;
use crate::units::{bigram_term, is_word_pair, units, Separator, Unit, UnitKind};

// Registered names, used by the schema. A name changes whenever the terms
// it makes from the same text change, so an index made with the old terms
// fails the schema check and is reported as outdated instead of silently
// missing words: `newsreel_exact` when word pairs became words alone, the
// `.2` suffix when a Latin letter followed by a combining accent began to be
// composed by the normalizer (before, `e` + U+0301 stayed two units); `.3`
// when every word began to stand alone in the exact field and left the
// units field.
pub const WORDS: &str = "newsreel_words.2";
pub const BIGRAMS: &str = "newsreel_exact.3";
pub const BIGRAMS_AND_UNITS: &str = "newsreel_exact_units.2";
pub const UNITS: &str = "newsreel_units.3";
pub const SUGGEST: &str = "newsreel_suggest.2";

/// Words longer than this are skipped (junk such as base64 or URLs glued together).
pub const MAX_WORD_BYTES: usize = 80;

/// Register every Newsreel tokenizer on `index`.
pub fn register(index: &Index, analyzer: &Analyzer) {
    let manager = index.tokenizers();
    manager.register(
        WORDS,
        WordTokenizer::new(analyzer.clone(), SegmentMode::Index),
    );
    manager.register(BIGRAMS, BigramTokenizer::new(analyzer.clone(), false));
    manager.register(
        BIGRAMS_AND_UNITS,
        BigramTokenizer::new(analyzer.clone(), true),
    );
    manager.register(UNITS, UnitTokenizer::new(analyzer.clone()));
    manager.register(SUGGEST, SuggestTokenizer::new(analyzer.clone()));
}

/// Tokens collected for one text: all texts in one string, plus spans.
#[derive(Clone, Default)]
struct TokenBuffer {
    texts: String,
    tokens: Vec<BufferedToken>,
}

#[derive(Clone, Copy)]
struct BufferedToken {
    text_start: u32,
    text_end: u32,
    from: usize,
    to: usize,
    position: usize,
}

impl TokenBuffer {
    fn clear(&mut self) {
        self.texts.clear();
        self.tokens.clear();
    }

    fn push(&mut self, text: &str, from: usize, to: usize, position: usize) {
        if text.is_empty() || text.len() > MAX_WORD_BYTES {
            return;
        }
        let text_start = self.texts.len() as u32;
        self.texts.push_str(text);
        self.tokens.push(BufferedToken {
            text_start,
            text_end: self.texts.len() as u32,
            from,
            to,
            position,
        });
    }

    /// Keep only the first token of each distinct text: for fields that
    /// record documents only, a repeat is a hash lookup that adds nothing.
    fn keep_first_of_each_text(&mut self) {
        let mut seen = FxHashSet::default();
        let texts = &self.texts;
        self.tokens
            .retain(|t| seen.insert(&texts[t.text_start as usize..t.text_end as usize]));
    }

    fn stream(&self) -> BufferStream<'_> {
        BufferStream {
            buffer: self,
            next: 0,
            token: Token::default(),
        }
    }
}

/// Hands out the tokens of a [`TokenBuffer`].
pub struct BufferStream<'a> {
    buffer: &'a TokenBuffer,
    next: usize,
    token: Token,
}

impl TokenStream for BufferStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(t) = self.buffer.tokens.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.buffer.texts[t.text_start as usize..t.text_end as usize]);
        self.token.offset_from = t.from;
        self.token.offset_to = t.to;
        self.token.position = t.position;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Words for BM25 (see the module doc).
#[derive(Clone)]
pub struct WordTokenizer {
    analyzer: Analyzer,
    mode: SegmentMode,
    buffer: TokenBuffer,
    scratch: String,
}

impl WordTokenizer {
    pub fn new(analyzer: Analyzer, mode: SegmentMode) -> Self {
        WordTokenizer {
            analyzer,
            mode,
            buffer: TokenBuffer::default(),
            scratch: String::new(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = BufferStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BufferStream<'a> {
        self.buffer.clear();
        let shared = self.analyzer.normalize_shared(text);
        let buffer = &mut self.buffer;
        let mut position = 0;
        let push = |w: &str, from, to, _| {
            buffer.push(w, from, to, position);
            position += 1;
        };
        match self.mode {
            SegmentMode::Index => {
                self.analyzer
                    .for_each_indexed_word(&shared, &mut self.scratch, push)
            }
            SegmentMode::Query => {
                self.analyzer
                    .for_each_word(&shared, SegmentMode::Query, &mut self.scratch, push)
            }
        }
        self.buffer.stream()
    }
}

/// Unit bigrams for exact phrases (see the module doc).
#[derive(Clone)]
pub struct BigramTokenizer {
    analyzer: Analyzer,
    with_units: bool,
    buffer: TokenBuffer,
    scratch: String,
}

impl BigramTokenizer {
    pub fn new(analyzer: Analyzer, with_units: bool) -> Self {
        BigramTokenizer {
            analyzer,
            with_units,
            buffer: TokenBuffer::default(),
            scratch: String::new(),
        }
    }
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BufferStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BufferStream<'a> {
        self.buffer.clear();
        let normalized = self.analyzer.normalize_shared(text);
        let norm = normalized.text.as_str();
        let mut ranges = normalized.ranges();
        let mut previous: Option<Unit> = None;
        let mut position = 0;
        for unit in units(norm) {
            // A line break leaves a gap, so that words alone (below) on
            // either side of it are not at consecutive positions.
            if previous.is_some() && unit.sep == Separator::Break {
                position += 1;
            }
            // Every word also stands alone: the query side looks a word up
            // alone when it is half of a word pair, or a phrase by itself
            // (the units field holds no words, see `UnitTokenizer`).
            if self.with_units || unit.kind == UnitKind::Word {
                let (from, to) = ranges.original_range(unit.start, unit.end);
                self.buffer
                    .push(&norm[unit.start..unit.end], from, to, position);
            }
            if let Some(prev) =
                previous.filter(|p| unit.sep != Separator::Break && !is_word_pair(p, &unit))
            {
                bigram_term(norm, &prev, &unit, &mut self.scratch);
                let (from, to) = ranges.original_range(prev.start, unit.end);
                self.buffer.push(&self.scratch, from, to, position - 1);
            }
            previous = Some(unit);
            position += 1;
        }
        self.buffer.stream()
    }
}

/// Single units, for one-unit exact phrases (see the module doc).
#[derive(Clone)]
pub struct UnitTokenizer {
    analyzer: Analyzer,
    buffer: TokenBuffer,
}

impl UnitTokenizer {
    pub fn new(analyzer: Analyzer) -> Self {
        UnitTokenizer {
            analyzer,
            buffer: TokenBuffer::default(),
        }
    }
}

impl Tokenizer for UnitTokenizer {
    type TokenStream<'a> = BufferStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BufferStream<'a> {
        self.buffer.clear();
        let normalized = self.analyzer.normalize_shared(text);
        let norm = normalized.text.as_str();
        // Each distinct unit once: the field records documents only (a
        // one-unit phrase needs no positions, and its frequency barely
        // ranks), and a Chinese text repeats its characters so often that
        // this drops most of the field's tokens before tantivy hashes them.
        // Words are left out: the exact field holds each one alone already.
        let mut seen = FxHashSet::default();
        let mut ranges = normalized.ranges();
        for (position, unit) in units(norm).enumerate() {
            if unit.kind == UnitKind::Word {
                continue;
            }
            let text = &norm[unit.start..unit.end];
            if seen.insert(text) {
                let (from, to) = ranges.original_range(unit.start, unit.end);
                self.buffer.push(text, from, to, position);
            }
        }
        self.buffer.stream()
    }
}

/// Whole words with their printed form, for suggestions (see [`crate::suggest`]).
#[derive(Clone)]
pub struct SuggestTokenizer {
    analyzer: Analyzer,
    buffer: TokenBuffer,
    scratch: String,
}

impl SuggestTokenizer {
    pub fn new(analyzer: Analyzer) -> Self {
        SuggestTokenizer {
            analyzer,
            buffer: TokenBuffer::default(),
            scratch: String::new(),
        }
    }
}

impl Tokenizer for SuggestTokenizer {
    type TokenStream<'a> = BufferStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BufferStream<'a> {
        self.buffer.clear();
        let normalized = self.analyzer.normalize_shared(text);
        let (buffer, scratch) = (&mut self.buffer, &mut self.scratch);
        let mut position = 0;
        // Precise mode: the words of the text, not the pieces search mode adds.
        self.analyzer
            .for_each_printed_word(&normalized, |w, from, to, han| {
                if suggest::is_suggestible(w, han) {
                    suggest::term_into(w, &text[from..to], scratch);
                    buffer.push(scratch, from, to, position);
                    position += 1;
                }
            });
        // The field records documents only (its terms are ranked by how many
        // articles print them), and a report repeats its words.
        self.buffer.keep_first_of_each_text();
        self.buffer.stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collect (text, position, printed text) of every token.
    fn tokens<T: Tokenizer>(mut tokenizer: T, text: &str) -> Vec<(String, usize, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((
                t.text.clone(),
                t.position,
                text[t.offset_from..t.offset_to].to_string(),
            ));
        }
        out
    }

    fn analyzer() -> Analyzer {
        Analyzer::builder().build().unwrap()
    }

    #[test]
    fn bigrams_carry_positions_and_printed_offsets() {
        let got = tokens(BigramTokenizer::new(analyzer(), false), "ＡＩ 配音。電影");
        assert_eq!(
            got,
            vec![
                ("ai".into(), 0, "ＡＩ".into()),
                ("ai 配".into(), 0, "ＡＩ 配".into()),
                ("配音".into(), 1, "配音".into()),
                ("音。".into(), 2, "音。".into()),
                ("。电".into(), 3, "。電".into()),
                ("电影".into(), 4, "電影".into()),
            ]
        );
    }

    #[test]
    fn no_bigram_across_a_line_break() {
        let got = tokens(BigramTokenizer::new(analyzer(), false), "电影\n节日");
        let texts: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, vec!["电影", "节日"]);
        assert_eq!(got[1].1, 3, "a gap of one position at the break");
    }

    #[test]
    fn every_word_stands_alone_and_touches_characters_as_pairs() {
        let got = tokens(
            BigramTokenizer::new(analyzer(), false),
            "Film Festival 2025年\nOpens",
        );
        let got: Vec<(&str, usize)> = got.iter().map(|t| (t.0.as_str(), t.1)).collect();
        assert_eq!(
            got,
            vec![
                ("film", 0),
                ("festival", 1),
                ("2025", 2),
                ("2025年", 2),
                ("opens", 5)
            ]
        );
    }

    #[test]
    fn units_come_once_each_and_leave_words_to_the_exact_field() {
        let got = tokens(UnitTokenizer::new(analyzer()), "电影节的电影 Film film。");
        let texts: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, vec!["电", "影", "节", "的", "。"]);
    }

    #[test]
    fn suggestion_terms_keep_the_printed_form() {
        let got = tokens(
            SuggestTokenizer::new(analyzer()),
            "永川 Yongchuan 的電影 2025",
        );
        let terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert!(terms.contains(&"yongchuan\u{1}Yongchuan"), "{terms:?}");
        assert!(terms.contains(&"电影\u{1}電影"), "{terms:?}");
        assert!(terms
            .iter()
            .all(|t| !t.starts_with("2025") && !t.starts_with("的")));
    }

    #[test]
    fn suggestion_terms_come_once_each_printed_form() {
        let got = tokens(
            SuggestTokenizer::new(analyzer()),
            "电影节 電影節 电影节 Film film Film",
        );
        let mut terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        terms.sort_unstable();
        assert_eq!(
            terms,
            [
                "film\u{1}",
                "film\u{1}Film",
                "电影节\u{1}",
                "电影节\u{1}電影節"
            ]
        );
    }

    #[test]
    fn word_tokens_are_normalized_and_offsets_exact() {
        let text = "2025上合組織國家電影 節 Musicians";
        for (word, _, printed) in tokens(WordTokenizer::new(analyzer(), SegmentMode::Index), text) {
            assert!(!printed.is_empty(), "{word}");
            assert!(!word.is_empty());
        }
    }
}
