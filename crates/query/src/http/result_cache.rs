//! Answers of `/api/search` kept for the next identical request.
//!
//! A search box sends the same popular queries again and again, and each
//! answer costs a search over every matching article (facets count them
//! all), ten snippets and some 50 KB of JSON. An answer depends only on
//! the request's parameters and on the index, so it is kept, as the JSON
//! sent, under those parameters and the searcher generation it was read
//! from. A commit makes a new generation: the old answers are never looked
//! up again and age out as new ones take their room.
//!
//! `took_ms` is the one value that is not the same on each answer: the JSON
//! is kept in two parts around it, and a repeated answer reports the time it
//! took to find it here.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::params::SearchParams;
use crate::SearchResults;

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

/// The JSON of an answer, split where `took_ms`'s value goes.
#[derive(Debug)]
pub struct Answer {
    /// Everything up to and including `"took_ms":`.
    head: Bytes,
    /// Everything after the value.
    tail: Bytes,
}

/// The key of `took_ms` as serde writes it. A JSON string writes a quote
/// inside it as `\"`, so this (with its unescaped quotes) can only be the
/// field itself, and the query before it cannot hold it.
const TOOK_MS_KEY: &[u8] = b"\"took_ms\":";

impl Answer {
    /// The JSON of `results`, split around `took_ms`; `None` when the
    /// answer must not be kept (a search cut short by its time limit counts
    /// only what it read by then, which another try may better).
    pub fn of(results: &SearchResults) -> Result<(Bytes, Option<Answer>), serde_json::Error> {
        let json = Bytes::from(serde_json::to_vec(results)?);
        if results.timed_out {
            return Ok((json, None));
        }
        let answer = json
            .windows(TOOK_MS_KEY.len())
            .position(|w| w == TOOK_MS_KEY)
            .map(|at| at + TOOK_MS_KEY.len())
            .and_then(|value| {
                let end = value + json[value..].iter().position(|&b| b == b',')?;
                Some(Answer {
                    head: json.slice(..value),
                    tail: json.slice(end..),
                })
            });
        Ok((json, answer))
    }

    /// The JSON again, with `took` as `took_ms`.
    pub fn with_took(&self, took: Duration) -> Bytes {
        let took_ms =
            serde_json::to_vec(&(took.as_secs_f64() * 1e3)).unwrap_or_else(|_| b"0.0".to_vec());
        let mut json = Vec::with_capacity(self.head.len() + took_ms.len() + self.tail.len());
        json.extend_from_slice(&self.head);
        json.extend_from_slice(&took_ms);
        json.extend_from_slice(&self.tail);
        Bytes::from(json)
    }

    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.head.len() + self.tail.len()
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

    pub fn insert(&self, key: SearchKey, answer: Answer) {
        if let Some(answers) = &self.answers {
            answers.insert(key, Arc::new(answer));
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

    fn results(query: &str, timed_out: bool) -> SearchResults {
        SearchResults {
            query: query.to_string(),
            total: 3,
            took_ms: 12.5,
            partial: false,
            timed_out,
            expanded: Vec::new(),
            did_you_mean: Some("took_ms".to_string()),
            hits: Vec::new(),
            facets: None,
        }
    }

    #[test]
    fn a_kept_answer_is_the_same_json_with_its_own_took_ms() {
        // A query that spells the field out, quotes and all, must not be
        // taken for it.
        for query in ["电影", r#"x "took_ms": 1, y"#, r#""took_ms":"#, "took_ms,"] {
            let fresh = results(query, false);
            let (json, answer) = Answer::of(&fresh).unwrap();
            assert_eq!(json, serde_json::to_vec(&fresh).unwrap());
            let again = answer
                .expect("kept")
                .with_took(Duration::from_micros(1_250));
            let mut expected = serde_json::to_value(&fresh).unwrap();
            expected["took_ms"] = serde_json::json!(1.25);
            let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
            assert_eq!(again, expected, "{query}");
        }
    }

    #[test]
    fn answers_cut_short_by_the_time_limit_are_not_kept() {
        let (json, answer) = Answer::of(&results("电影", true)).unwrap();
        assert!(answer.is_none());
        assert!(!json.is_empty());
    }

    #[test]
    fn the_budget_bounds_what_is_kept() {
        let params = |q: &str| SearchParams {
            q: q.to_string(),
            lang: None,
            from: None,
            to: None,
            limit: Some(10),
            offset: Some(0),
            group: Some(true),
            expand: Some(true),
        };
        let cache = ResultCache::new(64 * 1024);
        for n in 0..200 {
            let q = format!("query {n}");
            let (_, answer) = Answer::of(&results(&q, false)).unwrap();
            cache.insert(SearchKey::new(1, &params(&q)), answer.unwrap());
        }
        assert!(cache.bytes() > 0);
        assert!(cache.bytes() <= 64 * 1024, "{}", cache.bytes());
        let last = SearchKey::new(1, &params("query 199"));
        assert!(cache.get(&last).is_some());
        assert!(cache
            .get(&SearchKey::new(2, &params("query 199")))
            .is_none());
        let none = ResultCache::new(0);
        let (_, answer) = Answer::of(&results("电影", false)).unwrap();
        none.insert(last.clone(), answer.unwrap());
        assert!(none.get(&last).is_none());
    }
}
