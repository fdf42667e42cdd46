//! A jieba dictionary cut down to the words of the texts it has cut.
//!
//! Building jieba's whole dictionary (349,045 words) takes about 190 ms on a
//! 2-core machine of ours: most of a cold `newsreel search 电影`, which
//! segments two characters. How jieba cuts a text depends only on the
//! dictionary words found inside that text, their frequencies, and the sum
//! of all frequencies (each word's weight is `ln(freq / total)`). So a
//! dictionary holding just the words inside the text, with a padding entry
//! that brings the total to the whole dictionary's, cuts the text exactly as
//! the whole dictionary does. Those words are found by binary search in a
//! sorted copy of jieba's dictionary embedded at build time (`build.rs`), in
//! microseconds.
//!
//! An excerpt only grows: each text adds the dictionary words inside it, and
//! texts cut earlier keep their cut, since a word that is not inside a text
//! never enters its cut.

use std::collections::HashMap;

use jieba_rs::Jieba;

include!(concat!(env!("OUT_DIR"), "/jieba_dictionary.rs"));

/// jieba's default dictionary as `word freq` lines sorted by word.
static SORTED: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba-sorted.txt"));

/// The padding word: two noncharacters, which Unicode reserves for internal
/// use. jieba only looks words up inside runs of Han letters, Latin letters,
/// digits and a few symbols, so it is never inside a text that is cut.
const PADDING: &str = "\u{FDD0}\u{FDD0}";

/// Whether the sorted dictionary was embedded (see `build.rs`).
pub(crate) fn available() -> bool {
    !SORTED.is_empty()
}

/// A small `Jieba` that cuts like jieba's whole dictionary plus a user
/// dictionary, for the texts given to [`DictionaryExcerpt::cut`].
pub(crate) struct DictionaryExcerpt {
    jieba: Jieba,
    /// The words in `jieba` besides the padding, with their frequencies.
    loaded: HashMap<String, usize>,
    /// The sum of frequencies of the whole dictionary with the user's.
    total: usize,
    /// Lines for `Jieba::load_dict`, kept to save an allocation per text.
    lines: String,
}

impl DictionaryExcerpt {
    /// An excerpt for jieba's default dictionary with `user_dict` loaded on
    /// top, as [`Jieba::load_dict`] loads it (a word's last line wins).
    /// `user_dict` must be a dictionary `load_dict` accepts.
    pub(crate) fn new(user_dict: Option<&str>) -> DictionaryExcerpt {
        let mut jieba = Jieba::empty();
        let mut loaded = HashMap::new();
        let mut total = DEFAULT_TOTAL;
        if let Some(text) = user_dict {
            for line in text.lines() {
                let mut fields = line.split_whitespace();
                let Some(word) = fields.next() else { continue };
                let freq = fields.next().map_or(0, |f| f.parse().unwrap_or(0));
                let before = match loaded.insert(word.to_string(), freq) {
                    Some(earlier) => earlier,
                    None => default_frequency(word).unwrap_or(0),
                };
                total = total - before + freq;
            }
            jieba
                .load_dict(&mut text.as_bytes())
                .expect("the user dictionary was checked before");
        }
        let mut excerpt = DictionaryExcerpt {
            jieba,
            loaded,
            total,
            lines: String::new(),
        };
        excerpt.load_lines();
        excerpt
    }

    /// jieba's precise cut of `text` (HMM on), as the whole dictionary cuts it.
    pub(crate) fn cut<'t>(&mut self, text: &'t str) -> Vec<jieba_rs::Token<'t>> {
        self.add_words_of(text);
        self.jieba.cut(text, true)
    }

    /// Load every dictionary word inside `text` that is not loaded yet.
    fn add_words_of(&mut self, text: &str) {
        self.lines.clear();
        for (start, _) in text.char_indices() {
            let rest = &text[start..];
            for (end, c) in rest.char_indices().map(|(i, c)| (i + c.len_utf8(), c)) {
                if end > MAX_WORD_BYTES || c.is_whitespace() {
                    break;
                }
                let candidate = &rest[..end];
                let (exact, longer) = lookup(candidate);
                if let Some(freq) = exact {
                    if !self.loaded.contains_key(candidate) {
                        self.loaded.insert(candidate.to_string(), freq);
                        self.lines.push_str(candidate);
                        self.lines.push(' ');
                        self.lines.push_str(&freq.to_string());
                        self.lines.push('\n');
                    }
                }
                if !longer {
                    break;
                }
            }
        }
        if !self.lines.is_empty() {
            self.load_lines();
        }
    }

    /// Load `self.lines` and the padding that brings the total to the whole
    /// dictionary's.
    fn load_lines(&mut self) {
        let sum: usize = self.loaded.values().sum();
        let padding = self.total.saturating_sub(sum);
        self.lines.push_str(&format!("{PADDING} {padding}\n"));
        self.jieba
            .load_dict(&mut self.lines.as_bytes())
            .expect("lines of words and numbers load");
        self.lines.clear();
    }
}

/// The frequency of `word` in jieba's default dictionary.
fn default_frequency(word: &str) -> Option<usize> {
    lookup(word).0
}

/// `word`'s frequency if the sorted dictionary has it, and whether it has
/// a longer word that starts with `word`.
fn lookup(word: &str) -> (Option<usize>, bool) {
    let at = lower_bound(word);
    let mut lines = SORTED[at..].lines();
    fn parse(line: Option<&'static str>) -> Option<(&'static str, &'static str)> {
        line.and_then(|l| l.rsplit_once(' '))
    }
    match parse(lines.next()) {
        Some((found, freq)) if found == word => {
            let longer = parse(lines.next()).is_some_and(|(next, _)| next.starts_with(word));
            (freq.parse().ok(), longer)
        }
        Some((found, _)) => (None, found.starts_with(word)),
        None => (None, false),
    }
}

/// Byte offset of the first line whose word is not below `word`.
fn lower_bound(word: &str) -> usize {
    let bytes = SORTED.as_bytes();
    // Invariant: lines starting before `low` are below `word`; the line
    // starting at `high` (or the end) is not.
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = bytes[..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let start = start.max(low);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let line = &SORTED[start..end];
        let found = line.rsplit_once(' ').map_or(line, |(w, _)| w);
        if found < word {
            low = end + 1;
        } else {
            high = start;
        }
    }
    low.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt's total is the whole dictionary's, which jieba's
    /// `suggest_freq` shows: the frequency it suggests for a run of two
    /// frequent words is their frequencies' product over the total. Words
    /// of the user dictionary replace jieba's own (的, 我们), repeat (我们
    /// twice: the last line counts), or are new (上合).
    #[test]
    fn totals_are_the_whole_dictionary_s() {
        let user = "的 5\n我们 70000\n上合 20000 nz\n我们 90000\n";
        for user_dict in [None, Some(user)] {
            let mut whole = Jieba::new();
            if let Some(text) = user_dict {
                whole.load_dict(&mut text.as_bytes()).unwrap();
            }
            let mut excerpt = DictionaryExcerpt::new(user_dict);
            for run in ["我们中国", "中国人民", "发展经济", "上合中国", "的我们"]
            {
                excerpt.cut(run);
                assert_eq!(
                    excerpt.jieba.suggest_freq(run),
                    whole.suggest_freq(run),
                    "{run}, user dictionary {user_dict:?}"
                );
            }
        }
    }

    #[test]
    fn lookups_find_words_and_their_longer_words() {
        assert!(available());
        let (freq, longer) = lookup("电影");
        assert!(freq.is_some_and(|f| f > 1000), "{freq:?}");
        assert!(longer, "电影节 and others start with 电影");
        assert_eq!(lookup("影电"), (None, false));
        // Not a word, but words start with it.
        assert_eq!(lookup("中华人民共和").0, None);
        assert!(lookup("中华人民共和").1);
        assert_eq!(lookup(""), (None, true));
    }
}
