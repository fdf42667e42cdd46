//! Chinese word segmentation with jieba-rs.
//!
//! One `Jieba` is built per process and shared behind an `Arc`: building it
//! takes 60–75 ms, and tantivy clones tokenizers freely, so a tokenizer that
//! owned its `Jieba` by value would copy the whole dictionary each time.
//!
//! HMM is on in both modes: it guesses names the dictionary lacks (most people
//! in news reports), and the exact-phrase field catches what it guesses wrong.

use std::sync::Arc;

use jieba_rs::Jieba;

use crate::AnalysisError;

/// How a Han run is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentMode {
    /// Index side: search mode (`cut_for_search`), which adds the 2- and
    /// 3-character dictionary words inside longer words, so the query `电影`
    /// finds a text that says `电影节`.
    Index,
    /// Query side: precise mode (`cut`), one reading of what the user typed;
    /// each of its words is then looked up among the index-side words.
    Query,
}

/// A shared jieba segmenter, with the project's user dictionary loaded.
#[derive(Clone)]
pub struct ChineseSegmenter {
    jieba: Arc<Jieba>,
}

impl std::fmt::Debug for ChineseSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChineseSegmenter")
    }
}

impl ChineseSegmenter {
    /// jieba's default dictionary plus the user dictionary lines in `user_dict`
    /// (jieba's format: `word [freq] [tag]`, one per line, `#` comments allowed).
    pub fn new(user_dict: Option<(&str, &str)>) -> Result<Self, AnalysisError> {
        let mut jieba = Jieba::new();
        if let Some((name, text)) = user_dict {
            let cleaned: String = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .flat_map(|l| [l, "\n"])
                .collect();
            let mut reader = std::io::BufReader::new(cleaned.as_bytes());
            jieba
                .load_dict(&mut reader)
                .map_err(|e| AnalysisError::UserDictionary {
                    path: name.to_string(),
                    message: e.to_string(),
                })?;
        }
        Ok(ChineseSegmenter {
            jieba: Arc::new(jieba),
        })
    }

    /// Cut a Han run; `emit(word_start, word_end)` gets byte offsets into `run`.
    pub fn cut(&self, run: &str, mode: SegmentMode, mut emit: impl FnMut(usize, usize)) {
        let tokens = match mode {
            SegmentMode::Index => self.jieba.cut_for_search(run, true),
            SegmentMode::Query => self.jieba.cut(run, true),
        };
        for t in tokens {
            emit(t.byte_start, t.byte_end);
        }
    }

    /// Is `word` in the dictionaries (jieba's own or the user's)?
    pub fn is_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// The person names the dictionaries know in `text` (jieba's tags `nr`,
    /// `nrfg`, `nrt`), as byte ranges. Dictionary words only: the HMM's
    /// guesses run names into the next word (`杨文琦对`), and a wrongly
    /// attributed quote is worse than an unattributed one.
    pub fn known_names(&self, text: &str, mut emit: impl FnMut(usize, usize)) {
        for t in self.jieba.tag(text, false) {
            if matches!(t.tag, "nr" | "nrfg" | "nrt") && t.word.chars().nth(1).is_some() {
                emit(t.byte_start, t.byte_end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(seg: &ChineseSegmenter, text: &str, mode: SegmentMode) -> Vec<String> {
        let mut out = Vec::new();
        seg.cut(text, mode, |s, e| out.push(text[s..e].to_string()));
        out
    }

    #[test]
    fn search_mode_adds_inner_words() {
        let seg = ChineseSegmenter::new(None).unwrap();
        let words = cut(&seg, "上海合作组织国家电影节", SegmentMode::Index);
        assert!(words.contains(&"电影".to_string()), "{words:?}");
        assert!(words.contains(&"电影节".to_string()), "{words:?}");
    }

    #[test]
    fn user_dictionary_keeps_names_whole() {
        let seg =
            ChineseSegmenter::new(Some(("test", "冼星海 10 nr\n# comment\n巴扎喜事 10 nz\n")))
                .unwrap();
        let words = cut(&seg, "冼星海看巴扎喜事", SegmentMode::Query);
        assert_eq!(words, vec!["冼星海", "看", "巴扎喜事"]);
    }

    #[test]
    fn known_names_come_from_the_dictionaries_only() {
        let seg = ChineseSegmenter::new(Some(("test", "覃祖凤 10 nr\n"))).unwrap();
        let text = "市民覃祖凤动情表示,市民杨文琦对此赞誉有加";
        let mut names = Vec::new();
        seg.known_names(text, |s, e| names.push(&text[s..e]));
        // 杨文琦 is in neither dictionary: not guessed.
        assert_eq!(names, vec!["覃祖凤"]);
    }
}
