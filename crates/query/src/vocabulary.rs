//! The words of the index, as a user may mistype or transliterate them.
//!
//! Pinyin and spelling tolerance both ask "which indexed word did the user
//! mean?", and both answer it from the same list: every word of the
//! suggestion field (each word once per segment, with its document
//! frequency). The list is read once per index generation, when the first
//! query needs it, and shared by every query until the index changes.
//!
//! - Latin words are kept as normalized (lower case) for spelling
//!   corrections: the words one edit away from a typed word are generated and
//!   looked up, which for a word of n letters is about 54n hash lookups, not
//!   a scan of the vocabulary.
//! - Chinese words are keyed by their pinyin ([`newsreel_analysis::pinyin`]):
//!   a typed key finds them by one lookup, a typed prefix by a range.
//!
//! English words (spelling, telling an English word from pinyin) need none
//! of the Chinese words, so those are read, and their pinyin worked out,
//! only when a lookup first asks for them: that was 0.6 s of a cold search
//! for `festival` over 45,000 news articles. The suggestion field's terms
//! are sorted by bytes, so the Latin words are one range of them (ASCII)
//! and the Chinese words another.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use newsreel_analysis::{pinyin, script};
use tantivy::schema::Field;
use tantivy::Searcher;

use crate::suggest::for_each_term;
use crate::SearchError;

/// Shortest Latin word corrected for a typo: shorter words are one edit away
/// from too many others (`line` → `fine`, `lane`, `link`…).
pub const MIN_CORRECTED_LETTERS: usize = 5;

/// Pinyin keys read for one prefix at most (a one-letter prefix would be
/// a tenth of the vocabulary).
const MAX_SCANNED_KEYS: usize = 10_000;

/// What the index says of one Latin word.
#[derive(Debug, Default, Clone, Copy)]
struct LatinWord {
    doc_freq: u64,
    /// Printed in lower case somewhere: a common word of the language, not
    /// only a name (`change`, `line` — but `Yongchuan`, `China` are names).
    common: bool,
}

/// A Chinese word under one of its pinyin keys.
#[derive(Debug, Clone)]
struct Reading {
    word: Arc<str>,
    doc_freq: u64,
    /// The key of every character's first listed reading: a word is read
    /// that way far more often than through its other readings (遇到 is
    /// `yudao`, though 遇 has rare readings too).
    primary: bool,
}

impl Reading {
    /// Primary readings first, then the more frequent word.
    fn rank(a: &Reading, b: &Reading) -> std::cmp::Ordering {
        b.primary
            .cmp(&a.primary)
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then_with(|| a.word.cmp(&b.word))
    }
}

/// Every indexed word, for pinyin and spelling lookups.
#[derive(Default)]
pub struct Vocabulary {
    /// Normalized Latin words (letters only).
    latin: HashMap<String, LatinWord>,
    /// The same words, sorted (for ranges by first letter).
    sorted_latin: Vec<String>,
    /// Articles in the index.
    articles: u64,
    /// Where the Chinese words are read from when first asked for (none
    /// for a vocabulary made [`Vocabulary::from_words`]).
    source: Option<(Searcher, Field)>,
    /// Chinese words → document frequency (see the module doc).
    han: OnceLock<HashMap<Arc<str>, u64>>,
    /// Pinyin key → Chinese words with that key, best first (see the module doc).
    pinyin: OnceLock<PinyinTable>,
}

/// Every Chinese word under each of its pinyin keys, as one array sorted by
/// key and then best reading first: a key's words are a slice of it, a
/// prefix's keys a run of slices. Made by one sort; a map inserting each
/// reading into a tree of keys was 0.5 s of a first pinyin search over
/// the news corpus's Chinese words, mostly spent comparing keys.
struct PinyinTable {
    readings: Vec<(String, Reading)>,
}

impl PinyinTable {
    fn new(mut readings: Vec<(String, Reading)>) -> PinyinTable {
        readings.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| Reading::rank(a, b)));
        PinyinTable { readings }
    }

    /// The readings under `key`, best first.
    fn get(&self, key: &str) -> &[(String, Reading)] {
        let from = self.readings.partition_point(|(k, _)| k.as_str() < key);
        let len = self.readings[from..].partition_point(|(k, _)| k == key);
        &self.readings[from..from + len]
    }

    /// The readings of each key starting with `prefix`, key by key.
    fn starting(&self, prefix: &str) -> impl Iterator<Item = &[(String, Reading)]> {
        let from = self.readings.partition_point(|(k, _)| k.as_str() < prefix);
        // The keys that start with `prefix` come first among those after it.
        let len = self.readings[from..].partition_point(|(k, _)| k.starts_with(prefix));
        self.readings[from..from + len].chunk_by(|(a, _), (b, _)| a == b)
    }
}

/// First byte of the suggestion terms that are not ASCII: the Latin words
/// come before it, the Chinese words after.
const NOT_ASCII: [u8; 1] = [0x80];

impl Vocabulary {
    /// Read the Latin words of the suggestion field; the Chinese words are
    /// read from `searcher` when first needed.
    pub fn read(searcher: &Searcher, field: Field) -> Result<Vocabulary, SearchError> {
        let mut v = Vocabulary {
            articles: searcher.num_docs(),
            source: Some((searcher.clone(), field)),
            ..Vocabulary::default()
        };
        let segments = searcher.segment_readers();
        for_each_term(
            segments,
            field,
            b"",
            Some(&NOT_ASCII),
            usize::MAX,
            |word, printed, df| {
                if word.chars().all(|c| c.is_ascii_alphabetic()) {
                    let entry = v.latin.entry(word.to_string()).or_default();
                    entry.doc_freq += df;
                    entry.common |= printed == word;
                }
            },
        )?;
        v.sort_latin();
        Ok(v)
    }

    /// The Chinese words and their document frequencies. Read on first
    /// use; if the index cannot be read then, there are none, as when the
    /// whole vocabulary cannot be read (expansion is skipped, not the search).
    fn han(&self) -> &HashMap<Arc<str>, u64> {
        self.han.get_or_init(|| {
            let mut han: HashMap<Arc<str>, u64> = HashMap::new();
            if let Some((searcher, field)) = &self.source {
                let segments = searcher.segment_readers();
                let read = for_each_term(
                    segments,
                    *field,
                    &NOT_ASCII,
                    None,
                    usize::MAX,
                    |word, _, df| {
                        if word.chars().all(script::is_han) {
                            *han.entry(Arc::from(word)).or_default() += df;
                        }
                    },
                );
                if let Err(e) = read {
                    tracing::warn!("the index's Chinese words could not be read: {e}");
                }
            }
            han
        })
    }

    /// Build from a list of (word as printed, document frequency), for tests.
    pub fn from_words<'a>(words: impl IntoIterator<Item = (&'a str, u64)>) -> Vocabulary {
        let mut v = Vocabulary::default();
        let mut han = HashMap::new();
        for (word, df) in words {
            if word.chars().all(script::is_han) {
                han.insert(Arc::from(word), df);
            } else {
                let lower = word.to_lowercase();
                let common = lower == word;
                v.latin.insert(
                    lower,
                    LatinWord {
                        doc_freq: df,
                        common,
                    },
                );
            }
        }
        v.han = OnceLock::from(han);
        v.sort_latin();
        v
    }

    /// The Latin words starting with `prefix` (none for an empty prefix).
    fn latin_starting(&self, prefix: &str) -> &[String] {
        if prefix.is_empty() {
            return &[];
        }
        let from = self.sorted_latin.partition_point(|w| w.as_str() < prefix);
        let len = self.sorted_latin[from..]
            .iter()
            .take_while(|w| w.starts_with(prefix))
            .count();
        &self.sorted_latin[from..from + len]
    }

    fn sort_latin(&mut self) {
        self.sorted_latin = self.latin.keys().cloned().collect();
        self.sorted_latin.sort_unstable();
    }

    /// Read the Chinese words and work out their pinyin now rather than at
    /// the first lookup that needs them.
    pub fn warm(&self) {
        self.pinyin();
    }

    /// Whether the pinyin of the Chinese words has been worked out.
    #[cfg(test)]
    pub(crate) fn is_warm(&self) -> bool {
        self.pinyin.get().is_some()
    }

    /// The Chinese words by pinyin key, made on first use.
    fn pinyin(&self) -> &PinyinTable {
        self.pinyin.get_or_init(|| {
            let mut readings = Vec::with_capacity(self.han().len());
            // The readings share the words of `han`.
            for (word, &doc_freq) in self.han() {
                for (i, key) in pinyin::keys_of(word).into_iter().enumerate() {
                    let reading = Reading {
                        word: Arc::clone(word),
                        doc_freq,
                        primary: i == 0,
                    };
                    readings.push((key, reading));
                }
            }
            PinyinTable::new(readings)
        })
    }

    /// Words in all.
    pub fn len(&self) -> usize {
        self.latin.len() + self.han().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Document frequency of a normalized Latin word (0 when never indexed).
    pub fn latin_freq(&self, word: &str) -> u64 {
        self.latin.get(word).map_or(0, |w| w.doc_freq)
    }

    /// Whether a word is rare enough in the index to be a typo: in at most
    /// one article in ten thousand (and at least two: in a small corpus
    /// every word is rare). A real word is printed over and over; a typo,
    /// or a misprint of the page, only here and there.
    pub fn is_rare_latin(&self, word: &str) -> bool {
        self.latin_freq(word) <= (self.articles / 10_000).max(2)
    }

    /// Whether a normalized Latin word is printed in lower case somewhere in
    /// the index: a word of the language rather than only a name.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.latin.get(word).is_some_and(|w| w.common)
    }

    /// Document frequency of a Chinese word as jieba cut it (0 when never).
    pub fn han_freq(&self, word: &str) -> u64 {
        self.han().get(word).copied().unwrap_or(0)
    }

    /// Chinese words whose pinyin is `key`: those read so by their usual
    /// readings first, then the more frequent.
    pub fn by_pinyin(&self, key: &str) -> Vec<&str> {
        self.pinyin()
            .get(key)
            .iter()
            .map(|(_, r)| &*r.word)
            .collect()
    }

    /// Chinese words whose pinyin starts with `prefix`, ranked as by [`Self::by_pinyin`].
    pub fn by_pinyin_prefix(&self, prefix: &str, limit: usize) -> Vec<&str> {
        let mut found: HashMap<&str, &Reading> = HashMap::new();
        for readings in self.pinyin().starting(prefix).take(MAX_SCANNED_KEYS) {
            for (_, r) in readings {
                found
                    .entry(&*r.word)
                    .and_modify(|best| {
                        if Reading::rank(r, best).is_lt() {
                            *best = r;
                        }
                    })
                    .or_insert(r);
            }
        }
        let mut ranked: Vec<&Reading> = found.into_values().collect();
        ranked.sort_unstable_by(|a, b| Reading::rank(a, b));
        ranked.into_iter().take(limit).map(|r| &*r.word).collect()
    }

    /// Indexed Latin words one edit (a letter left out, added, changed, or
    /// two letters swapped) from `word`, most frequent first. Only for words
    /// of [`MIN_CORRECTED_LETTERS`] or more, all ASCII letters.
    pub fn corrections(&self, word: &str) -> Vec<(String, u64)> {
        if word.len() < MIN_CORRECTED_LETTERS || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return Vec::new();
        }
        let mut found: Vec<(String, u64)> = Vec::new();
        for_each_edit(word, |candidate| {
            if let Some(w) = self.latin.get(candidate) {
                if candidate != word && !found.iter().any(|(w, _)| w == candidate) {
                    found.push((candidate.to_string(), w.doc_freq));
                }
            }
        });
        found.sort_unstable_by(|(wa, a), (wb, b)| b.cmp(a).then_with(|| wa.cmp(wb)));
        found
    }

    /// The most frequent indexed Latin word within two edits of `word`
    /// (for "did you mean", when a search found nothing). People seldom
    /// mistype a word's first letter, so only the words starting with the
    /// typed first letter — or with the second, for a swap of the two — are
    /// compared: two ranges of the sorted list, not the whole vocabulary.
    pub fn closest_latin(&self, word: &str) -> Option<&str> {
        if word.len() < 3 || !word.is_ascii() {
            return None;
        }
        let max = if word.len() >= MIN_CORRECTED_LETTERS {
            2
        } else {
            1
        };
        let (first, second) = (&word[..1], &word[1..2]);
        let swapped = if first == second { "" } else { second };
        let candidates = self
            .latin_starting(first)
            .iter()
            .chain(self.latin_starting(swapped));
        candidates
            .filter(|w| w.len().abs_diff(word.len()) <= max && w.as_str() != word)
            .filter_map(|w| {
                let d = edit_distance(word, w, max)?;
                Some((d, self.latin_freq(w), w.as_str()))
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)))
            .map(|(_, _, w)| w)
    }
}

/// Call `each` with every string one edit from `word` (ASCII lower case).
fn for_each_edit(word: &str, mut each: impl FnMut(&str)) {
    let bytes = word.as_bytes();
    let mut buf: Vec<u8> = Vec::with_capacity(bytes.len() + 1);
    let emit = |buf: &[u8], each: &mut dyn FnMut(&str)| {
        if let Ok(s) = std::str::from_utf8(buf) {
            each(s);
        }
    };
    for i in 0..bytes.len() {
        // Left out.
        buf.clear();
        buf.extend_from_slice(&bytes[..i]);
        buf.extend_from_slice(&bytes[i + 1..]);
        emit(&buf, &mut each);
        // Swapped with the next.
        if i + 1 < bytes.len() && bytes[i] != bytes[i + 1] {
            buf.clear();
            buf.extend_from_slice(bytes);
            buf.swap(i, i + 1);
            emit(&buf, &mut each);
        }
        // Changed.
        for c in b'a'..=b'z' {
            if c != bytes[i] {
                buf.clear();
                buf.extend_from_slice(bytes);
                buf[i] = c;
                emit(&buf, &mut each);
            }
        }
    }
    // Added.
    for i in 0..=bytes.len() {
        for c in b'a'..=b'z' {
            buf.clear();
            buf.extend_from_slice(&bytes[..i]);
            buf.push(c);
            buf.extend_from_slice(&bytes[i..]);
            emit(&buf, &mut each);
        }
    }
}

/// Edit distance with adjacent swaps (optimal string alignment), or None
/// when it is over `max`.
fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::from_words([
            ("musician", 5),
            ("musicians", 2),
            ("festival", 9),
            ("line", 4),
            ("冼星海", 2),
            ("永川", 7),
            ("巴扎喜事", 2),
            ("重庆", 3),
        ])
    }

    #[test]
    fn one_typo_finds_the_word_and_short_words_are_left_alone() {
        let v = vocabulary();
        let first = |w: &str| v.corrections(w).first().map(|(w, _)| w.clone());
        assert_eq!(first("musican").as_deref(), Some("musician"));
        assert_eq!(first("festivel").as_deref(), Some("festival"));
        assert_eq!(first("fetsival").as_deref(), Some("festival"));
        assert_eq!(first("festivall").as_deref(), Some("festival"));
        assert!(v
            .corrections("festival")
            .iter()
            .all(|(w, _)| w != "festival"));
        assert!(v.corrections("lin").is_empty());
        assert!(v.corrections("linee").iter().any(|(w, _)| w == "line"));
        assert!(v.corrections("fstvl").is_empty(), "two edits away");
    }

    #[test]
    fn pinyin_keys_and_prefixes_find_chinese_words() {
        let v = vocabulary();
        // English lookups leave the pinyin map unmade.
        assert!(v.is_common_word("festival") && v.closest_latin("festivl").is_some());
        assert!(v.pinyin.get().is_none());
        assert_eq!(v.by_pinyin("xianxinghai"), ["冼星海"]);
        assert_eq!(v.by_pinyin("chongqing"), ["重庆"]);
        assert_eq!(v.by_pinyin_prefix("xianx", 5), ["冼星海"]);
        // A rare reading of a character ranks after the usual reading of another word.
        let rare = Vocabulary::from_words([("遇到", 50), ("永川", 2)]);
        assert_eq!(rare.by_pinyin_prefix("yong", 5), ["永川", "遇到"]);
        assert!(v.by_pinyin("xian").is_empty());
    }

    #[test]
    fn did_you_mean_takes_the_nearest_then_the_most_frequent() {
        let v = vocabulary();
        assert_eq!(v.closest_latin("festivl"), Some("festival"));
        assert_eq!(v.closest_latin("musicain"), Some("musician"));
        assert_eq!(v.closest_latin("zzzzzzzz"), None);
        // A swap of the first two letters is still found; a wrong first letter is not.
        assert_eq!(v.closest_latin("efstival"), Some("festival"));
        assert_eq!(v.closest_latin("gestival"), None);
        assert_eq!(edit_distance("abcd", "abdc", 2), Some(1));
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
    }
}
