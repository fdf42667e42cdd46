//! Answers of `/api/search` kept for the next identical request.
//!
//! A search box sends the same popular queries again and again, and each
//! answer costs a search over every matching article (facets count them
//! all), ten snippets and some 50 KB of JSON. An answer depends only on
//! the request's parameters and on the index, so it is kept, as the JSON
//! sent (and its compressed forms, made when first asked for), under those
//! parameters and the searcher generation it was read from. A commit makes
//! a new generation: the old answers are never looked up again and age out
//! as new ones take their room.
//!
//! A kept answer is sent byte for byte as it was made, `took_ms` included:
//! the time of the search that made it (the `X-Cache: hit` header tells it
//! apart), so the compressed forms can be kept too.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::encoding::Encoding;
use super::params::SearchParams;

/// Average answer size assumed when sizing the table (answers vary from
/// about 1 KB to 100 KB; the per-day histogram is most of a large one).
const TYPICAL_ANSWER_BYTES: u64 = 32 * 1024;

/// The answers of recent searches, within a memory budget.
pub struct ResultCache {
    /// `None` when the budget is 0: nothing is kept.
    answers: Option<Cache<SearchKey, Arc<Answer>, AnswerWeight>>,
}

/// What an answer depends on: the searcher generation and every parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchKey {
    generation: u64,
    q: String,
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<u64>,
    offset: Option<u64>,
    group: Option<bool>,
    expand: Option<bool>,
}

impl SearchKey {
    /// The key of a request read from `generation` (read before searching:
    /// the answer then comes from that generation or a newer one, so an
    /// answer is never kept under a generation newer than its own).
    pub fn new(generation: u64, p: &SearchParams) -> Self {
        SearchKey {
            generation,
            q: p.q.clone(),
            lang: p.lang.clone(),
            from: p.from.clone(),
            to: p.to.clone(),
            limit: p.limit,
            offset: p.offset,
            group: p.group,
            expand: p.expand,
        }
    }

    fn bytes(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        std::mem::size_of::<Self>()
            + self.q.len()
            + text(&self.lang)
            + text(&self.from)
            + text(&self.to)
    }
}

/// The JSON of one answer, and its compressed forms once asked for.
#[derive(Debug)]
pub struct Answer {
    json: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl Answer {
    pub fn new(json: Bytes) -> Self {
        Answer {
            json,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The body in `encoding`, compressed the first time it is asked for.
    pub fn body(&self, encoding: Encoding) -> Bytes {
        let kept = match encoding {
            Encoding::Identity => return self.json.clone(),
            Encoding::Gzip => &self.gzip,
            Encoding::Brotli => &self.brotli,
        };
        kept.get_or_init(|| Bytes::from(encoding.encode(&self.json)))
            .clone()
    }

    /// What the answer is counted as: its JSON, and a quarter more for the
    /// compressed forms it may come to hold (each about an eighth of the
    /// JSON). Fixed when the answer is kept: an entry's weight must not change.
    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.json.len() + self.json.len() / 4
    }
}

/// An entry weighs its bytes, so the budget is memory, not a count.
#[derive(Debug, Clone, Copy)]
struct AnswerWeight;

impl Weighter<SearchKey, Arc<Answer>> for AnswerWeight {
    fn weight(&self, key: &SearchKey, answer: &Arc<Answer>) -> u64 {
        (key.bytes() + answer.bytes()) as u64
    }
}

impl ResultCache {
    /// Keep answers up to `bytes` in all (0: keep none).
    pub fn new(bytes: u64) -> Self {
        let answers = (bytes > 0).then(|| {
            let items = (bytes / TYPICAL_ANSWER_BYTES).max(16) as usize;
            Cache::with_weighter(items, bytes, AnswerWeight)
        });
        ResultCache { answers }
    }

    pub fn get(&self, key: &SearchKey) -> Option<Arc<Answer>> {
        self.answers.as_ref()?.get(key)
    }

    pub fn insert(&self, key: SearchKey, answer: Arc<Answer>) {
        if let Some(answers) = &self.answers {
            answers.insert(key, answer);
        }
    }

    /// Bytes held now.
    pub fn bytes(&self) -> u64 {
        self.answers.as_ref().map_or(0, |a| a.weight())
    }
}

impl std::fmt::Debug for ResultCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultCache")
            .field("answers", &self.answers.as_ref().map_or(0, |a| a.len()))
            .field("bytes", &self.bytes())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn params(q: &str) -> SearchParams {
        SearchParams {
            q: q.to_string(),
            lang: None,
            from: None,
            to: None,
            limit: Some(10),
            offset: Some(0),
            group: Some(true),
            expand: Some(true),
        }
    }

    fn answer(q: &str) -> Answer {
        Answer::new(Bytes::from(
            format!("{{\"query\":{q:?},\"total\":3}}").repeat(40),
        ))
    }

    #[test]
    fn compressed_forms_are_made_once_and_decode_to_the_json() {
        let kept = answer("电影");
        let json = kept.body(Encoding::Identity);
        let gzip = kept.body(Encoding::Gzip);
        assert_eq!(
            gzip.as_ptr(),
            kept.body(Encoding::Gzip).as_ptr(),
            "made once"
        );
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, json);
        let brotli = kept.body(Encoding::Brotli);
        assert_eq!(brotli.as_ptr(), kept.body(Encoding::Brotli).as_ptr());
        let mut text = Vec::new();
        brotli::Decompressor::new(&brotli[..], 4096)
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, json);
    }

    #[test]
    fn the_budget_bounds_what_is_kept() {
        let cache = ResultCache::new(64 * 1024);
        for n in 0..200 {
            let q = format!("query {n}");
            cache.insert(SearchKey::new(1, &params(&q)), Arc::new(answer(&q)));
        }
        assert!(cache.bytes() > 0);
        assert!(cache.bytes() <= 64 * 1024, "{}", cache.bytes());
        let last = SearchKey::new(1, &params("query 199"));
        assert!(cache.get(&last).is_some());
        assert!(cache
            .get(&SearchKey::new(2, &params("query 199")))
            .is_none());
        let none = ResultCache::new(0);
        none.insert(last.clone(), Arc::new(answer("query 199")));
        assert!(none.get(&last).is_none());
    }
}
