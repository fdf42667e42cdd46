//! The words of the index, as a user may mistype or transliterate them.
//!
//! Pinyin and spelling tolerance both ask "which indexed word did the user
//! mean?", and both answer it from the same list: every word of the
//! suggestion field (each word once per segment, with its document
//! frequency). A vocabulary lasts one index generation, shared by every
//! query until the index changes.
//!
//! - Latin words are kept as normalized (lower case) for spelling
//!   corrections: the words one edit away from a typed word are generated and
//!   looked up, which for a word of n letters is about 54n lookups, not
//!   a scan of the vocabulary.
//! - Chinese words are keyed by their pinyin ([`newsreel_analysis::pinyin`]):
//!   a typed key finds them by one lookup, a typed prefix by a range.
//!
//! A server reads the whole list when it starts ([`Vocabulary::warm`]).
//! A one-shot search asks about a few words only, so until a lookup needs
//! the whole list, each word is looked up in the suggestion field's term
//! dictionary, and a pinyin key is tested against each Chinese word: reading the Latin words was 70–90 ms of every English
//! search from the command line over 45,000 news articles, and the
//! Chinese words with their pinyin 0.3 s more. The suggestion field's
//! terms are sorted by bytes, so the Latin words are one range of them
//! (ASCII) and the Chinese words another, and a word's terms
//! (`normalized␁printed`) are adjacent.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use newsreel_analysis::suggest::SEPARATOR;
use newsreel_analysis::{pinyin, script};
use tantivy::schema::Field;
use tantivy::Searcher;

use crate::suggest::for_each_term;

/// Shortest Latin word corrected for a typo: shorter words are one edit away
/// from too many others (`line` → `fine`, `lane`, `link`…).
pub const MIN_CORRECTED_LETTERS: usize = 5;

/// Pinyin lookups that read the Chinese words each, before the table of
/// every word's keys is made instead. Over the news corpus, one such
/// lookup took 45 ms, the table 300 ms (and every lookup after it is
/// free). A name typed in pinyin takes one lookup to three (`Hong Kong
/// economy` tries `Hong Kong`, `Hong`, then `Kong`): 60–120 ms for the
/// whole one-shot search instead of 350. A query of more such words pays
/// the table and these lookups, about a quarter more than the table alone.
/// (Reading the words into a map once and testing each key against it was
/// slower for one or two keys, and not faster for many.)
const MAX_PINYIN_SCANS: usize = 4;

/// Pinyin keys read for one prefix at most (a one-letter prefix would be
/// a tenth of the vocabulary).
const MAX_SCANNED_KEYS: usize = 10_000;

/// What the index says of one word.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct WordCount {
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
    /// Articles in the index.
    articles: u64,
    /// Where the words are read or looked up (none for a vocabulary made
    /// [`Vocabulary::from_words`]).
    source: Option<(Searcher, Field)>,
    /// Every Latin word, once read (see the module doc).
    latin: OnceLock<LatinWords>,
    /// Chinese words → document frequency (see the module doc).
    han: OnceLock<HashMap<Arc<str>, u64>>,
    /// Pinyin key → Chinese words with that key, best first (see the module doc).
    pinyin: OnceLock<PinyinTable>,
    /// Pinyin lookups made without the table ([`MAX_PINYIN_SCANS`]).
    pinyin_scans: AtomicUsize,
}

/// The normalized Latin words (letters only) of an index.
#[derive(Default)]
struct LatinWords {
    counts: HashMap<String, WordCount>,
    /// The same words, sorted (for ranges by first letter).
    sorted: Vec<String>,
}

impl LatinWords {
    fn new(counts: HashMap<String, WordCount>) -> LatinWords {
        let mut sorted: Vec<String> = counts.keys().cloned().collect();
        sorted.sort_unstable();
        LatinWords { counts, sorted }
    }

    /// The words starting with `prefix` (none for an empty prefix).
    fn starting(&self, prefix: &str) -> &[String] {
        if prefix.is_empty() {
            return &[];
        }
        let from = self.sorted.partition_point(|w| w.as_str() < prefix);
        let len = self.sorted[from..].partition_point(|w| w.starts_with(prefix));
        &self.sorted[from..from + len]
    }
}

/// Whether a normalized word is kept among the Latin words.
fn is_latin(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphabetic())
}

/// Whether a normalized word is kept among the Chinese words.
fn is_han(word: &str) -> bool {
    word.chars().all(script::is_han)
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
    /// The words of the suggestion `field` as `searcher` sees them. Nothing
    /// is read yet: see the module doc.
    pub fn open(searcher: &Searcher, field: Field) -> Vocabulary {
        Vocabulary {
            articles: searcher.num_docs(),
            source: Some((searcher.clone(), field)),
            ..Vocabulary::default()
        }
    }

    /// Each term of the source's suggestion field from `from` to `to`
    /// (see [`for_each_term`]); nothing for a vocabulary without one. An
    /// index that cannot be read has no words, as when the whole vocabulary
    /// cannot be read: expansion is skipped, not the search.
    fn read_terms(&self, from: &[u8], to: Option<&[u8]>, each: impl FnMut(&str, &str, u64)) {
        if let Some((searcher, field)) = &self.source {
            let read = for_each_term(
                searcher.segment_readers(),
                *field,
                from,
                to,
                usize::MAX,
                each,
            );
            if let Err(e) = read {
                tracing::warn!("the index's words could not be read: {e}");
            }
        }
    }

    /// One word's terms, from the term dictionary.
    fn look_up(&self, word: &str) -> WordCount {
        let mut count = WordCount::default();
        let from = format!("{word}{SEPARATOR}");
        // The word's terms end before the byte after the separator (one byte).
        let mut to = from.clone().into_bytes();
        if let Some(last) = to.last_mut() {
            *last += 1;
        }
        self.read_terms(from.as_bytes(), Some(&to), |w, printed, df| {
            if w == word {
                count.doc_freq += df;
                count.common |= printed == word;
            }
        });
        count
    }

    /// Every Latin word, read on first use.
    fn latin(&self) -> &LatinWords {
        self.latin.get_or_init(|| {
            let mut counts: HashMap<String, WordCount> = HashMap::new();
            self.read_terms(b"", Some(&NOT_ASCII), |word, printed, df| {
                if is_latin(word) {
                    let entry = counts.entry(word.to_string()).or_default();
                    entry.doc_freq += df;
                    entry.common |= printed == word;
                }
            });
            LatinWords::new(counts)
        })
    }

    /// A normalized Latin word: from the whole list once it is read, from
    /// the term dictionary until then.
    fn latin_word(&self, word: &str) -> WordCount {
        if let Some(latin) = self.latin.get() {
            return latin.counts.get(word).copied().unwrap_or_default();
        }
        if is_latin(word) {
            self.look_up(word)
        } else {
            WordCount::default()
        }
    }

    /// The Chinese words and their document frequencies. Read on first
    /// use; if the index cannot be read then, there are none, as when the
    /// whole vocabulary cannot be read (expansion is skipped, not the search).
    fn han(&self) -> &HashMap<Arc<str>, u64> {
        self.han.get_or_init(|| {
            let mut han: HashMap<Arc<str>, u64> = HashMap::new();
            self.read_words(&NOT_ASCII, None, is_han, |word, df| {
                han.insert(Arc::from(word), df);
            });
            han
        })
    }

    /// Build from a list of (word as printed, document frequency), for tests.
    pub fn from_words<'a>(words: impl IntoIterator<Item = (&'a str, u64)>) -> Vocabulary {
        let mut latin = HashMap::new();
        let mut han = HashMap::new();
        for (word, df) in words {
            if is_han(word) {
                han.insert(Arc::from(word), df);
            } else {
                let lower = word.to_lowercase();
                let common = lower == word;
                latin.insert(
                    lower,
                    WordCount {
                        doc_freq: df,
                        common,
                    },
                );
            }
        }
        Vocabulary {
            latin: OnceLock::from(LatinWords::new(latin)),
            han: OnceLock::from(han),
            ..Vocabulary::default()
        }
    }

    /// Each word of the terms from `from` to `to` that `keep` keeps, once,
    /// with its document frequency summed over its printed forms, in order.
    fn read_words(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        keep: fn(&str) -> bool,
        mut each: impl FnMut(&str, u64),
    ) {
        let mut word = String::new();
        let mut doc_freq = 0;
        self.read_terms(from, to, |w, _, df| {
            if !keep(w) {
                return;
            }
            if w != word {
                if doc_freq > 0 {
                    each(&word, doc_freq);
                }
                word.clear();
                word.push_str(w);
                doc_freq = 0;
            }
            doc_freq += df;
        });
        if doc_freq > 0 {
            each(&word, doc_freq);
        }
    }

    /// Each Latin word starting with `prefix` (none for an empty prefix),
    /// with its document frequency, in order.
    fn each_latin_starting(&self, prefix: &str, mut each: impl FnMut(&str, u64)) {
        if prefix.is_empty() {
            return;
        }
        if let Some(latin) = self.latin.get() {
            for word in latin.starting(prefix) {
                each(word, latin.counts[word].doc_freq);
            }
            return;
        }
        let mut to = prefix.as_bytes().to_vec();
        to.push(0xFF);
        self.read_words(prefix.as_bytes(), Some(&to), is_latin, each);
    }

    /// Read every word and work out the pinyin of the Chinese ones now
    /// rather than at the first lookups that need them.
    pub fn warm(&self) {
        self.latin();
        self.pinyin();
    }

    /// Whether every word has been read and the pinyin of the Chinese ones worked out.
    #[cfg(test)]
    pub(crate) fn is_warm(&self) -> bool {
        self.latin.get().is_some() && self.pinyin.get().is_some()
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
        self.latin().counts.len() + self.han().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Document frequency of a normalized Latin word (0 when never indexed).
    pub fn latin_freq(&self, word: &str) -> u64 {
        self.latin_word(word).doc_freq
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
        self.latin_word(word).common
    }

    /// Document frequency of a Chinese word as jieba cut it (0 when never).
    pub fn han_freq(&self, word: &str) -> u64 {
        if let Some(han) = self.han.get() {
            return han.get(word).copied().unwrap_or(0);
        }
        if is_han(word) {
            self.look_up(word).doc_freq
        } else {
            0
        }
    }

    /// Chinese words whose pinyin is `key`: those read so by their usual
    /// readings first, then the more frequent.
    pub fn by_pinyin(&self, key: &str) -> Vec<Arc<str>> {
        if !pinyin::is_syllables(key) {
            return Vec::new();
        }
        let scans = self.pinyin_scans.fetch_add(1, Ordering::Relaxed);
        if self.pinyin.get().is_some() || scans >= MAX_PINYIN_SCANS {
            let table = self.pinyin();
            return table.get(key).iter().map(|(_, r)| r.word.clone()).collect();
        }
        // Until the table is made (a server's warming makes it), one key is
        // found by testing each word against it, which turns most words
        // down at their first character, instead of making every word's
        // keys and sorting them.
        let mut found: Vec<Reading> = Vec::new();
        let mut offer = |word: &str, doc_freq: u64| {
            if !pinyin::reads_as(word, key) {
                return;
            }
            if let Some(i) = pinyin::keys_of(word).iter().position(|k| k == key) {
                found.push(Reading {
                    word: Arc::from(word),
                    doc_freq,
                    primary: i == 0,
                });
            }
        };
        match self.han.get() {
            Some(han) => han.iter().for_each(|(word, &df)| offer(word, df)),
            None => self.read_words(&NOT_ASCII, None, is_han, offer),
        }
        found.sort_unstable_by(Reading::rank);
        found.into_iter().map(|r| r.word).collect()
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
            if candidate != word && !found.iter().any(|(w, _)| w == candidate) {
                let doc_freq = self.latin_freq(candidate);
                if doc_freq > 0 {
                    found.push((candidate.to_string(), doc_freq));
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
    pub fn closest_latin(&self, word: &str) -> Option<String> {
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
        // (edits, document frequency, word): the fewest edits, then the most frequent.
        let mut best: Option<(usize, u64, String)> = None;
        let mut offer = |w: &str, doc_freq: u64| {
            if w.len().abs_diff(word.len()) > max || w == word {
                return;
            }
            let Some(d) = edit_distance(word, w, max) else {
                return;
            };
            let better = best.as_ref().is_none_or(|(bd, bf, bw)| {
                d.cmp(bd)
                    .then(bf.cmp(&doc_freq))
                    .then_with(|| w.cmp(bw.as_str()))
                    .is_lt()
            });
            if better {
                best = Some((d, doc_freq, w.to_string()));
            }
        };
        self.each_latin_starting(first, &mut offer);
        self.each_latin_starting(swapped, &mut offer);
        best.map(|(_, _, w)| w)
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
        let words =
            |key: &str| -> Vec<String> { v.by_pinyin(key).iter().map(|w| w.to_string()).collect() };
        assert_eq!(words("xianxinghai"), ["冼星海"]);
        assert_eq!(words("chongqing"), ["重庆"]);
        assert_eq!(v.by_pinyin_prefix("xianx", 5), ["冼星海"]);
        // A rare reading of a character ranks after the usual reading of another word.
        let rare = Vocabulary::from_words([("遇到", 50), ("永川", 2)]);
        assert_eq!(rare.by_pinyin_prefix("yong", 5), ["永川", "遇到"]);
        assert!(v.by_pinyin("xian").is_empty());
    }

    #[test]
    fn did_you_mean_takes_the_nearest_then_the_most_frequent() {
        let v = vocabulary();
        assert_eq!(v.closest_latin("festivl").as_deref(), Some("festival"));
        assert_eq!(v.closest_latin("musicain").as_deref(), Some("musician"));
        assert_eq!(v.closest_latin("zzzzzzzz"), None);
        // A swap of the first two letters is still found; a wrong first letter is not.
        assert_eq!(v.closest_latin("efstival").as_deref(), Some("festival"));
        assert_eq!(v.closest_latin("gestival"), None);
        assert_eq!(edit_distance("abcd", "abdc", 2), Some(1));
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
    }

    /// Looked up in the term dictionary or read whole, the words answer the
    /// same: a sample of the Latin and Chinese words of a news index of
    /// three segments, each also mistyped, and words it does not have.
    /// Every key of its pinyin table is a run of syllables, so the lookups
    /// that skip the table for other keys lose nothing.
    #[test]
    fn looking_words_up_agrees_with_reading_them_all() {
        let dir = crate::news_index::news_index_in_runs(60, 3);
        let engine = crate::Engine::open(dir.path()).unwrap();
        let searcher = engine.index().reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let field = engine.fields.suggest;
        let read = Vocabulary::open(&searcher, field);
        read.warm();
        let lazy = Vocabulary::open(&searcher, field);

        let latin = &read.latin().sorted;
        let mut han: Vec<&str> = read.han().keys().map(|w| &**w).collect();
        han.sort_unstable();
        assert!(
            latin.len() > 1_000 && han.len() > 1_000,
            "{} {}",
            latin.len(),
            han.len()
        );
        let mut words: Vec<String> = ["", "zzzzq", "Festival", "don't", "2025", "电影节x"]
            .map(String::from)
            .to_vec();
        let samples = latin.iter().map(String::as_str).step_by(5);
        for word in samples.chain(han.iter().copied().step_by(5)) {
            let chars: Vec<char> = word.chars().collect();
            words.push(word.to_string());
            // A letter left out, the first two swapped.
            words.push(chars[..chars.len() - 1].iter().collect());
            if chars.len() > 1 {
                words.push([chars[1], chars[0]].iter().chain(&chars[2..]).collect());
            }
        }
        for word in &words {
            assert_eq!(lazy.latin_freq(word), read.latin_freq(word), "{word}");
            assert_eq!(
                lazy.is_common_word(word),
                read.is_common_word(word),
                "{word}"
            );
            assert_eq!(lazy.is_rare_latin(word), read.is_rare_latin(word), "{word}");
            assert_eq!(lazy.han_freq(word), read.han_freq(word), "{word}");
            assert_eq!(lazy.corrections(word), read.corrections(word), "{word}");
            assert_eq!(lazy.closest_latin(word), read.closest_latin(word), "{word}");
        }
        assert!(words
            .iter()
            .any(|w| lazy.latin_freq(w) > 1 && lazy.is_common_word(w)));
        assert!(words.iter().any(|w| lazy.han_freq(w) > 1));
        assert!(words.iter().any(|w| lazy.closest_latin(w).is_some()));
        assert!(
            lazy.latin.get().is_none() && lazy.han.get().is_none(),
            "the lookups read no whole list"
        );

        // Pinyin keys: each sampled Chinese word's, and typed ones. A
        // vocabulary makes its table after a few lookups, so each key is
        // asked of a new one.
        let mut keys: Vec<String> = [
            "zhongguo", "shishi", "shiji", "yiyi", "gongshi", "shi", "bbc",
        ]
        .map(String::from)
        .to_vec();
        keys.extend(han.iter().step_by(97).flat_map(|w| pinyin::keys_of(w)));
        assert!(keys.len() > 20, "{keys:?}");
        let mut found = 0;
        for key in &keys {
            let lazy = Vocabulary::open(&searcher, field);
            let words = lazy.by_pinyin(key);
            assert_eq!(words, read.by_pinyin(key), "{key}");
            assert!(lazy.pinyin.get().is_none() && lazy.han.get().is_none());
            found += usize::from(words.len() > 1);
        }
        assert!(found > 3, "{found} keys with several words");
        // Past a few lookups, the table is made, and answers the same.
        for key in keys.iter().take(MAX_PINYIN_SCANS + 2) {
            assert_eq!(lazy.by_pinyin(key), read.by_pinyin(key), "{key}");
        }
        assert!(lazy.pinyin.get().is_some());

        for (key, reading) in &read.pinyin().readings {
            assert!(pinyin::is_syllables(key), "{key} ({})", reading.word);
        }
    }
}
