//! One query read two ways: as a word where the article has it as a word,
//! otherwise as an exact character sequence.
//!
//! A Chinese query word matches an article that jieba cut the same way (the
//! word fields) or that holds the same characters cut differently (a phrase
//! over the bigram fields). Every word jieba indexed is a run of the
//! article's own characters, so where the word matches, the sequence is
//! there too and checking it adds nothing but cost: a phrase check reads
//! positions, and `新闻联播` has its bigrams in nearly every article of a
//! news corpus. [`Otherwise`] asks the sequence only about the articles the
//! word does not match, with tantivy's `seek_danger`, which checks one
//! document without scanning on to the next match.
//!
//! An article is scored by the word where the word matches, and by the sum
//! of the matching sequences elsewhere: the two readings are one piece of
//! evidence, counted once.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Documents matching `preferred` or any of `otherwise`; see the module doc.
pub(crate) struct Otherwise {
    preferred: Box<dyn Query>,
    otherwise: Vec<Box<dyn Query>>,
}

impl Otherwise {
    /// `otherwise` must only add documents `preferred` misses: a document
    /// `preferred` matches is never asked about them.
    pub(crate) fn new(preferred: Box<dyn Query>, otherwise: Vec<Box<dyn Query>>) -> Self {
        Otherwise {
            preferred,
            otherwise,
        }
    }
}

impl Clone for Otherwise {
    fn clone(&self) -> Self {
        Otherwise {
            preferred: self.preferred.box_clone(),
            otherwise: self.otherwise.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl fmt::Debug for Otherwise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Otherwise")
            .field("preferred", &self.preferred)
            .field("otherwise", &self.otherwise)
            .finish()
    }
}

impl Query for Otherwise {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(OtherwiseWeight {
            preferred: self.preferred.weight(scoring)?,
            otherwise: self
                .otherwise
                .iter()
                .map(|q| q.weight(scoring))
                .collect::<tantivy::Result<_>>()?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.preferred.query_terms(visitor);
        for q in &self.otherwise {
            q.query_terms(visitor);
        }
    }
}

struct OtherwiseWeight {
    preferred: Box<dyn Weight>,
    otherwise: Vec<Box<dyn Weight>>,
}

impl Weight for OtherwiseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let preferred = self.preferred.scorer(reader, boost)?;
        let mut otherwise = Vec::with_capacity(self.otherwise.len());
        for w in &self.otherwise {
            let scorer = w.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                otherwise.push(Fallback {
                    bound: scorer.doc(),
                    scorer,
                });
            }
        }
        let mut scorer = OtherwiseScorer {
            preferred,
            otherwise,
            doc: 0,
        };
        scorer.settle(0);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if let Some(e) = explain_match(self.preferred.as_ref(), reader, doc) {
            return Ok(e);
        }
        let matched = self
            .otherwise
            .iter()
            .filter_map(|w| explain_match(w.as_ref(), reader, doc))
            .collect();
        sum_of(matched, doc, "sum of (not matched as a word)")
    }
}

/// The explanation of a sum of `matched` members' scores; an error when
/// none matched `doc`.
pub(crate) fn sum_of(
    matched: Vec<Explanation>,
    doc: DocId,
    label: &'static str,
) -> tantivy::Result<Explanation> {
    if matched.is_empty() {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    let total = matched.iter().map(Explanation::value).sum();
    let mut explanation = Explanation::new(label, total);
    for e in matched {
        explanation.add_detail(e);
    }
    Ok(explanation)
}

/// `weight`'s explanation of `doc`, if it matches. tantivy's phrase weight
/// explains by seeking a new scorer to `doc`, which debug builds refuse when
/// the scorer starts past it; such a scorer does not match `doc` anyway.
pub(crate) fn explain_match(
    weight: &dyn Weight,
    reader: &SegmentReader,
    doc: DocId,
) -> Option<Explanation> {
    if weight.scorer(reader, 1.0).ok()?.doc() > doc {
        return None;
    }
    weight.explain(reader, doc).ok()
}

/// A fallback member, only ever moved with `seek_danger`: after a miss it
/// may sit in an invalid state, and `bound` is then all that is known of it
/// (no match below it). After a match, `bound` is the matched document:
/// a miss always moves it past the document asked about, so a fallback
/// matches the scorer's document exactly when its bound is that document
/// and the preferred reading is not on it.
struct Fallback {
    scorer: Box<dyn Scorer>,
    bound: DocId,
}

struct OtherwiseScorer {
    preferred: Box<dyn Scorer>,
    otherwise: Vec<Fallback>,
    doc: DocId,
}

impl OtherwiseScorer {
    /// Moves to the first document at or after `target` that either
    /// reading matches, asking the fallbacks only about documents below the
    /// preferred reading's next one.
    fn settle(&mut self, target: DocId) -> DocId {
        let mut preferred = self.preferred.doc();
        if preferred < target {
            preferred = self.preferred.seek(target);
        }
        let mut candidate = target;
        loop {
            let lowest = self
                .otherwise
                .iter()
                .map(|f| f.bound)
                .min()
                .unwrap_or(TERMINATED)
                .max(candidate);
            if lowest >= preferred {
                self.doc = preferred;
                return self.doc;
            }
            let mut found = false;
            for f in &mut self.otherwise {
                if f.bound <= lowest {
                    match f.scorer.seek_danger(lowest) {
                        tantivy::SeekDangerResult::Found => {
                            f.bound = lowest;
                            found = true;
                        }
                        tantivy::SeekDangerResult::SeekLowerBound(next) => f.bound = next,
                    }
                }
            }
            if found {
                self.doc = lowest;
                return lowest;
            }
            candidate = lowest + 1;
        }
    }
}

impl DocSet for OtherwiseScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.settle(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.settle(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.otherwise
            .iter()
            .map(|f| f.scorer.size_hint())
            .fold(self.preferred.size_hint(), u32::max)
    }

    fn cost(&self) -> u64 {
        self.preferred.cost() + self.otherwise.iter().map(|f| f.scorer.cost()).sum::<u64>()
    }
}

impl Scorer for OtherwiseScorer {
    fn score(&mut self) -> Score {
        if self.preferred.doc() == self.doc {
            return self.preferred.score();
        }
        let doc = self.doc;
        self.otherwise
            .iter_mut()
            .filter(|f| f.bound == doc)
            .map(|f| f.scorer.score())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use tantivy::collector::{Count, DocSetCollector, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, SeekDangerResult};

    /// A query that records the documents its scorer was asked about.
    #[derive(Debug)]
    struct Recorded {
        inner: Box<dyn Query>,
        asked: Arc<Mutex<Vec<DocId>>>,
    }

    impl Clone for Recorded {
        fn clone(&self) -> Self {
            Recorded {
                inner: self.inner.box_clone(),
                asked: self.asked.clone(),
            }
        }
    }

    impl Query for Recorded {
        fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
            Ok(Box::new(RecordedWeight {
                inner: self.inner.weight(scoring)?,
                asked: self.asked.clone(),
            }))
        }
    }

    struct RecordedWeight {
        inner: Box<dyn Weight>,
        asked: Arc<Mutex<Vec<DocId>>>,
    }

    impl Weight for RecordedWeight {
        fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
            Ok(Box::new(RecordedScorer {
                inner: self.inner.scorer(reader, boost)?,
                asked: self.asked.clone(),
            }))
        }

        fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
            self.inner.explain(reader, doc)
        }
    }

    struct RecordedScorer {
        inner: Box<dyn Scorer>,
        asked: Arc<Mutex<Vec<DocId>>>,
    }

    impl DocSet for RecordedScorer {
        fn advance(&mut self) -> DocId {
            panic!("a fallback is never walked");
        }
        fn seek(&mut self, _: DocId) -> DocId {
            panic!("a fallback is never walked");
        }
        fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
            self.asked.lock().unwrap().push(target);
            self.inner.seek_danger(target)
        }
        fn doc(&self) -> DocId {
            self.inner.doc()
        }
        fn size_hint(&self) -> u32 {
            self.inner.size_hint()
        }
    }

    impl Scorer for RecordedScorer {
        fn score(&mut self) -> Score {
            self.inner.score()
        }
    }

    /// On real English news, with a word as the preferred reading and two
    /// phrases as the fallback: the documents of the union of all three,
    /// walked whole and driven by a required term; each scored by the word
    /// where it matches and by the phrases elsewhere; and no phrase asked
    /// about a document the word matches.
    #[test]
    fn matches_the_union_and_asks_the_fallback_only_elsewhere() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 20_000_000).unwrap();
        let lines = newsreel_testdata::news_lines(newsreel_testdata::EN_NEWS, 2000);
        for text in newsreel_testdata::bodies(&lines) {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| Term::from_field_text(body, w);
        let word = || -> Box<dyn Query> {
            Box::new(TermQuery::new(term("market"), IndexRecordOption::WithFreqs))
        };
        let phrases = || -> Vec<Box<dyn Query>> {
            vec![
                Box::new(PhraseQuery::new(vec![term("stock"), term("market")])),
                Box::new(PhraseQuery::new(vec![term("the"), term("company")])),
            ]
        };
        let asked = Arc::new(Mutex::new(Vec::new()));
        let recorded: Vec<Box<dyn Query>> = phrases()
            .into_iter()
            .map(|inner| {
                Box::new(Recorded {
                    inner,
                    asked: asked.clone(),
                }) as Box<dyn Query>
            })
            .collect();
        let otherwise = Otherwise::new(word(), recorded);
        let union = BooleanQuery::new(
            std::iter::once(word())
                .chain(phrases())
                .map(|q| (Occur::Should, q))
                .collect(),
        );
        let driven = |q: Box<dyn Query>| {
            BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        term("government"),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>,
                ),
                (Occur::Must, q),
            ])
        };
        let docs = |q: &dyn Query| searcher.search(q, &DocSetCollector).unwrap();
        let all = docs(&otherwise);
        assert_eq!(all, docs(&union));
        let only_phrases = docs(&BooleanQuery::new(vec![
            (Occur::Should, Box::new(union.clone()) as Box<dyn Query>),
            (Occur::MustNot, word()),
        ]));
        assert!(only_phrases.len() > 20, "{}", only_phrases.len());
        let driven_count = searcher
            .search(&driven(Box::new(otherwise.clone())), &Count)
            .unwrap();
        assert_eq!(
            driven_count,
            searcher.search(&driven(Box::new(union)), &Count).unwrap()
        );
        assert!(driven_count > 10, "{driven_count}");

        // Never asked about a document the word matches.
        let word_docs = docs(word().as_ref());
        let asked: Vec<DocId> = asked.lock().unwrap().clone();
        assert!(!asked.is_empty());
        assert_eq!(searcher.segment_readers().len(), 1);
        for doc in &asked {
            assert!(
                !word_docs.contains(&DocAddress::new(0, *doc)),
                "asked {doc}"
            );
        }

        // Scored by the word where it matches, by the phrases elsewhere.
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let word_weight = word().weight(scoring).unwrap();
        let phrase_weights: Vec<_> = phrases()
            .iter()
            .map(|q| q.weight(scoring).unwrap())
            .collect();
        let weight = otherwise.weight(scoring).unwrap();
        let reader = searcher.segment_reader(0);
        let hits = searcher
            .search(&otherwise, &TopDocs::with_limit(all.len()).order_by_score())
            .unwrap();
        for (score, address) in hits {
            let expected = match explain_match(word_weight.as_ref(), reader, address.doc_id) {
                Some(e) => e.value(),
                None => phrase_weights
                    .iter()
                    .filter_map(|w| explain_match(w.as_ref(), reader, address.doc_id))
                    .map(|e| e.value())
                    .sum(),
            };
            assert!((score - expected).abs() < 1e-4, "{score} ≠ {expected}");
            let explained = weight.explain(reader, address.doc_id).unwrap().value();
            assert!((explained - score).abs() < 1e-4, "{explained} ≠ {score}");
        }
    }
}
