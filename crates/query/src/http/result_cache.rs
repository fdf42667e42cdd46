//! Answers of `/api/search` and `/api/suggest` kept for the next identical
//! request.
//!
//! A search box sends the same popular queries and the same first letters
//! again and again, and each search costs a pass over every matching
//! article (facets count them all), ten snippets and some 50 KB of JSON;
//! each completion of a one-character prefix, a walk over thousands of
//! words. An answer depends only on the request's parameters and on the
//! index, so it is kept, as the JSON sent (and its compressed forms, made
//! when first asked for), under those parameters and the version of the
//! index it was read from ([`crate::Engine::index_version`]). A commit
//! makes a new version: the old answers are never looked up again and age
//! out as new ones take their room.
//!
//! A kept answer is sent byte for byte as it was made, `took_ms` included:
//! the time of the search that made it (the `X-Cache: hit` header tells it
//! apart), so the compressed forms can be kept too.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::encoding::Encoding;

/// Average answer size assumed when sizing the table (answers vary from
/// about 1 KB to 100 KB; the per-day histogram is most of a large one).
const TYPICAL_ANSWER_BYTES: u64 = 32 * 1024;

/// The answers of recent searches, within a memory budget.
pub struct ResultCache {
    /// `None` when the budget is 0: nothing is kept.
    answers: Option<Cache<AnswerKey, Arc<Answer>, AnswerWeight>>,
}

/// What an answer depends on: the index version, the endpoint and every
/// parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    version: u64,
    /// The validated parameters as their derived `Debug` prints them: the
    /// type's name (one per endpoint), then every field, strings quoted and
    /// escaped, so two requests share it only if they ask the same thing.
    request: String,
}

impl AnswerKey {
    /// The key of `params` for index `version`, read before searching: the
    /// answer then comes from that version or a later one, so an answer is
    /// never kept under a version later than its own.
    pub fn new(version: u64, params: &impl std::fmt::Debug) -> Self {
        AnswerKey {
            version,
            request: format!("{params:?}"),
        }
    }

    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.request.len()
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

impl Weighter<AnswerKey, Arc<Answer>> for AnswerWeight {
    fn weight(&self, key: &AnswerKey, answer: &Arc<Answer>) -> u64 {
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

    pub fn get(&self, key: &AnswerKey) -> Option<Arc<Answer>> {
        self.answers.as_ref()?.get(key)
    }

    pub fn insert(&self, key: AnswerKey, answer: Arc<Answer>) {
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
    use super::super::params::{SearchParams, SuggestParams};
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
            facets: Some(true),
            date_unit: None,
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
    fn keys_tell_endpoints_and_every_parameter_apart() {
        let search = AnswerKey::new(1, &params("电影"));
        assert_eq!(search, AnswerKey::new(1, &params("电影")));
        let suggest = SuggestParams {
            q: "电影".to_string(),
            limit: Some(10),
        };
        assert_ne!(search, AnswerKey::new(1, &suggest));
        let mut other = params("电影");
        other.lang = Some("zh".to_string());
        assert_ne!(search, AnswerKey::new(1, &other));
        let mut monthly = params("电影");
        monthly.date_unit = Some(crate::DateUnit::Month);
        assert_ne!(search, AnswerKey::new(1, &monthly));
        // A quote in the query cannot forge another field.
        let mut forged = params(r#"电影", lang: Some("zh"#);
        forged.lang = None;
        assert_ne!(AnswerKey::new(1, &forged), AnswerKey::new(1, &other));
    }

    #[test]
    fn the_budget_bounds_what_is_kept() {
        let cache = ResultCache::new(64 * 1024);
        for n in 0..200 {
            let q = format!("query {n}");
            cache.insert(AnswerKey::new(1, &params(&q)), Arc::new(answer(&q)));
        }
        assert!(cache.bytes() > 0);
        assert!(cache.bytes() <= 64 * 1024, "{}", cache.bytes());
        let last = AnswerKey::new(1, &params("query 199"));
        assert!(cache.get(&last).is_some());
        assert!(cache
            .get(&AnswerKey::new(2, &params("query 199")))
            .is_none());
        let none = ResultCache::new(0);
        none.insert(last.clone(), Arc::new(answer("query 199")));
        assert!(none.get(&last).is_none());
    }
}
