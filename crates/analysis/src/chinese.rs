//! Chinese word segmentation with jieba-rs.
//!
//! One `Jieba` is built per process and shared behind an `Arc`: building it
//! takes 130–230 ms on our 2-core machines (inserting 349,045 words into a
//! hashed trie, bound by memory latency), and tantivy clones tokenizers
//! freely, so a tokenizer that owned its `Jieba` by value would copy the
//! whole dictionary each time. It is built on a thread of its own while the
//! caller goes on, and queries do not wait for it (see [`crate::excerpt`]).
//!
//! HMM is on in both modes: it guesses names the dictionary lacks (most people
//! in news reports), and the exact-phrase field catches what it guesses wrong.

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use jieba_rs::Jieba;

use crate::excerpt::{self, DictionaryExcerpt};
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
///
/// Until it is built, queries are cut with a [`DictionaryExcerpt`]: the
/// same cut, from only the dictionary words inside the query.
struct Loading {
    ready: OnceLock<Jieba>,
    pending: Mutex<Option<JoinHandle<Jieba>>>,
    user_dict: Option<String>,
    excerpt: Mutex<Option<DictionaryExcerpt>>,
}

/// jieba's whole dictionary with `user_dict` on top.
fn whole_dictionary(user_dict: Option<&str>) -> Jieba {
    let mut jieba = Jieba::new();
    if let Some(cleaned) = user_dict {
        jieba
            .load_dict(&mut cleaned.as_bytes())
            .expect("the user dictionary was checked before");
    }
    jieba
}

impl Loading {
    fn start(user_dict: Option<String>) -> Loading {
        let for_thread = user_dict.clone();
        Self::start_with(user_dict, move || whole_dictionary(for_thread.as_deref()))
    }

    /// Build the whole dictionary with `build`, on a thread of its own.
    fn start_with(
        user_dict: Option<String>,
        build: impl FnOnce() -> Jieba + Send + 'static,
    ) -> Loading {
        let pending = std::thread::Builder::new()
            .name("jieba-dictionary".into())
            .spawn(build);
        let (ready, pending) = match pending {
            Ok(handle) => (OnceLock::new(), Some(handle)),
            // No thread to be had: build here.
            Err(_) => (OnceLock::from(whole_dictionary(user_dict.as_deref())), None),
        };
        Loading {
            ready,
            pending: Mutex::new(pending),
            user_dict,
            excerpt: Mutex::new(None),
        }
    }

    /// The whole dictionary if it is built, without waiting for it.
    fn if_built(&self) -> Option<&Jieba> {
        if let Some(jieba) = self.ready.get() {
            return Some(jieba);
        }
        let finished = self
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(JoinHandle::is_finished);
        finished.then(|| self.get())
    }

    /// Cut `run` in precise mode: with the whole dictionary once it is
    /// built, with the excerpt until then.
    fn cut_precise(&self, run: &str, emit: &mut impl FnMut(usize, usize)) {
        let whole = match self.if_built() {
            None if excerpt::available() => None,
            None => Some(self.get()),
            built => built,
        };
        let tokens = match whole {
            Some(jieba) => jieba.cut(run, true),
            None => self
                .excerpt
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert_with(|| DictionaryExcerpt::new(self.user_dict.as_deref()))
                .cut(run),
        };
        for t in tokens {
            emit(t.byte_start, t.byte_end);
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
        match mode {
            SegmentMode::Index => {
                for t in self.jieba.get().cut_for_search(run, true) {
                    emit(t.byte_start, t.byte_end);
                }
            }
            SegmentMode::Query => self.jieba.cut_precise(run, &mut emit),
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

    /// Every word of jieba's precise cut with its byte range.
    fn words(tokens: Vec<jieba_rs::Token<'_>>) -> Vec<(String, usize, usize)> {
        tokens
            .into_iter()
            .map(|t| (t.word.to_string(), t.byte_start, t.byte_end))
            .collect()
    }

    /// The excerpt's cut is jieba's whole dictionary's, word for word, on
    /// 300 real news articles (Han, Latin, digits, traditional characters)
    /// and their sentences one by one: with no user dictionary, and with
    /// one that lowers, raises and repeats words of jieba's own and adds
    /// new ones. One excerpt grows over all the texts, so a text cut early
    /// must keep its cut as words of later texts come in.
    #[test]
    fn the_excerpt_cuts_as_the_whole_dictionary_on_real_text() {
        assert!(
            excerpt::available(),
            "build.rs did not embed jieba's dictionary"
        );
        let bodies = newsreel_testdata::bodies(&newsreel_testdata::news_lines(
            newsreel_testdata::ZH_NEWS,
            300,
        ));
        let sentences: Vec<&str> = bodies
            .iter()
            .flat_map(|b| b.split(['。', '，', '\n']))
            .filter(|s| !s.trim().is_empty())
            .collect();
        let user =
            "电影 3\n上合 20000 nz\n电影节 5\n冼星海 10 nr\n电影 40\n重庆 1\n人工智能主题 900\n";
        for user_dict in [None, Some(user)] {
            let whole = whole_dictionary(user_dict);
            let mut excerpt = DictionaryExcerpt::new(user_dict);
            let mut differ = 0;
            for text in bodies
                .iter()
                .map(String::as_str)
                .chain(sentences.iter().copied())
            {
                if words(excerpt.cut(text)) != words(whole.cut(text, true)) {
                    differ += 1;
                }
            }
            assert_eq!(
                differ, 0,
                "texts cut otherwise, user dictionary {user_dict:?}"
            );
            // Texts cut first by a fresh excerpt: no word of another text helps.
            for text in sentences.iter().step_by(7) {
                let fresh = DictionaryExcerpt::new(user_dict).cut(text);
                assert_eq!(words(fresh), words(whole.cut(text, true)), "{text}");
            }
        }
    }

    /// A query is cut while the whole dictionary is still being built, and
    /// with the whole dictionary once it is.
    #[test]
    fn queries_do_not_wait_for_the_whole_dictionary() {
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let loading = Loading::start_with(None, move || {
            gate.recv().ok();
            whole_dictionary(None)
        });
        let mut cut = Vec::new();
        let query = "上海合作组织国家电影节在重庆开幕";
        loading.cut_precise(query, &mut |s, e| cut.push(&query[s..e]));
        assert!(
            loading.ready.get().is_none(),
            "waited for the whole dictionary"
        );
        assert!(loading.excerpt.lock().unwrap().is_some());
        assert_eq!(
            cut,
            vec![
                "上海",
                "合作",
                "组织",
                "国家",
                "电影节",
                "在",
                "重庆",
                "开幕"
            ]
        );
        release.send(()).unwrap();
        let built = loading.get();
        let mut again = Vec::new();
        loading.cut_precise(query, &mut |s, e| again.push(&query[s..e]));
        assert!(std::ptr::eq(loading.if_built().unwrap(), built));
        assert_eq!(again, cut);
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
