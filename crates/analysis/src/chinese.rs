//! Chinese word segmentation with jieba-rs.
//!
//! One `Jieba` is built per process and shared behind an `Arc`: building it
//! takes 60–75 ms, and tantivy clones tokenizers freely, so a tokenizer that
//! owned its `Jieba` by value would copy the whole dictionary each time. It
//! is built on a thread of its own while the caller goes on.
//!
//! HMM is on in both modes: it guesses names the dictionary lacks (most people
//! in news reports), and the exact-phrase field catches what it guesses wrong.

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

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
    jieba: Arc<Loading>,
}

impl std::fmt::Debug for ChineseSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChineseSegmenter")
    }
}

/// A `Jieba` being built on a thread of its own. Building the dictionary
/// is most of a cold start (`newsreel search` from a shell), so the rest of
/// it — opening the index, the converter, the glossary — runs meanwhile,
/// and a query without Chinese in it never waits for it at all.
struct Loading {
    ready: OnceLock<Jieba>,
    pending: Mutex<Option<JoinHandle<Jieba>>>,
}

impl Loading {
    fn start(user_dict: Option<String>) -> Loading {
        let build = |user_dict: Option<&str>| {
            let mut jieba = Jieba::new();
            if let Some(cleaned) = user_dict {
                jieba
                    .load_dict(&mut cleaned.as_bytes())
                    .expect("the user dictionary was checked before");
            }
            jieba
        };
        let for_thread = user_dict.clone();
        let pending = std::thread::Builder::new()
            .name("jieba-dictionary".into())
            .spawn(move || build(for_thread.as_deref()));
        let (ready, pending) = match pending {
            Ok(handle) => (OnceLock::new(), Some(handle)),
            // No thread to be had: build here.
            Err(_) => (OnceLock::from(build(user_dict.as_deref())), None),
        };
        Loading {
            ready,
            pending: Mutex::new(pending),
        }
    }

    fn get(&self) -> &Jieba {
        self.ready.get_or_init(|| {
            let handle = self
                .pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("a dictionary not built is being built");
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }
}

impl ChineseSegmenter {
    /// jieba's default dictionary plus the user dictionary lines in `user_dict`
    /// (jieba's format: `word [freq] [tag]`, one per line, `#` comments allowed).
    /// A malformed user dictionary is an error now; the dictionaries are
    /// then built in the background (see [`Loading`]).
    pub fn new(user_dict: Option<(&str, &str)>) -> Result<Self, AnalysisError> {
        let cleaned = match user_dict {
            None => None,
            Some((name, text)) => {
                let cleaned: String = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .flat_map(|l| [l, "\n"])
                    .collect();
                Jieba::empty()
                    .load_dict(&mut cleaned.as_bytes())
                    .map_err(|e| AnalysisError::UserDictionary {
                        path: name.to_string(),
                        message: e.to_string(),
                    })?;
                Some(cleaned)
            }
        };
        Ok(ChineseSegmenter {
            jieba: Arc::new(Loading::start(cleaned)),
        })
    }

    /// Cut a Han run; `emit(word_start, word_end)` gets byte offsets into `run`.
    pub fn cut(&self, run: &str, mode: SegmentMode, mut emit: impl FnMut(usize, usize)) {
        let tokens = match mode {
            SegmentMode::Index => self.jieba.get().cut_for_search(run, true),
            SegmentMode::Query => self.jieba.get().cut(run, true),
        };
        for t in tokens {
            emit(t.byte_start, t.byte_end);
        }
    }

    /// Is `word` in the dictionaries (jieba's own or the user's)?
    pub fn is_word(&self, word: &str) -> bool {
        self.jieba.get().has_word(word)
    }

    /// The person names the dictionaries know in `text` (jieba's tags `nr`,
    /// `nrfg`, `nrt`), as byte ranges. Dictionary words only: the HMM's
    /// guesses run names into the next word (`杨文琦对`), and a wrongly
    /// attributed quote is worse than an unattributed one.
    pub fn known_names(&self, text: &str, mut emit: impl FnMut(usize, usize)) {
        for t in self.jieba.get().tag(text, false) {
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
    fn a_malformed_user_dictionary_is_an_error_at_once() {
        let err = ChineseSegmenter::new(Some(("dict.txt", "冼星海 often nr\n"))).unwrap_err();
        assert!(
            matches!(&err, AnalysisError::UserDictionary { path, .. } if path == "dict.txt"),
            "{err}"
        );
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
