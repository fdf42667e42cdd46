//! A union of a few queries that moves each of them only as far as asked.
//!
//! tantivy's union of should-clauses reads all its members 4,096 documents
//! ahead into a bitset. That is the fast way to walk a union whole, and a
//! slow one when something else drives it: inside an intersection (every
//! word of a query required) or as an optional bonus, each seek past the
//! buffered window refills the window, and a phrase member checks positions
//! in every document of the window that has its bigrams. A word found in
//! nearly every article (`新闻联播` in a news corpus) next to a rare one
//! cost thousands of phrase checks per article of the rare word.
//!
//! [`AnyOf`] scores a document with the sum of its matching members' scores,
//! added in member order as tantivy's union adds them, so the two rank alike.
//! [`AnyOf::preferring`] scores as [`Otherwise`](crate::otherwise::Otherwise)
//! does, for fallbacks cheap enough to walk along (single terms).

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::otherwise::{explain_match, sum_of};

/// Documents matching any of `members`.
pub(crate) struct AnyOf {
    members: Vec<Box<dyn Query>>,
    /// Members before this index are preferred: where one of them matches,
    /// only they score.
    preferred: usize,
}

impl AnyOf {
    pub(crate) fn new(members: Vec<Box<dyn Query>>) -> Self {
        let preferred = members.len();
        AnyOf { members, preferred }
    }

    /// Documents matching any member, scored by the `preferred` members
    /// that match, or where none does, by the `otherwise` members that do.
    pub(crate) fn preferring(
        preferred: Vec<Box<dyn Query>>,
        otherwise: Vec<Box<dyn Query>>,
    ) -> Self {
        let count = preferred.len();
        let mut members = preferred;
        members.extend(otherwise);
        AnyOf {
            members,
            preferred: count,
        }
    }
}

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        AnyOf {
            members: self.members.iter().map(|q| q.box_clone()).collect(),
            preferred: self.preferred,
        }
    }
}

impl fmt::Debug for AnyOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnyOf")
            .field("members", &self.members)
            .field("preferred", &self.preferred)
            .finish()
    }
}

impl Query for AnyOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let members = self
            .members
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyOfWeight {
            members,
            preferred: self.preferred,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.members {
            q.query_terms(visitor);
        }
    }
}

struct AnyOfWeight {
    members: Vec<Box<dyn Weight>>,
    preferred: usize,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut members = Vec::with_capacity(self.members.len());
        let mut preferred = Vec::with_capacity(self.members.len());
        for (i, w) in self.members.iter().enumerate() {
            let scorer = w.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                members.push(scorer);
                preferred.push(i < self.preferred);
            }
        }
        let docs: Vec<DocId> = members.iter().map(|s| s.doc()).collect();
        let doc = first(&docs);
        Ok(Box::new(AnyOfScorer {
            members,
            preferred,
            docs,
            doc,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut matched = Vec::new();
        for (i, w) in self.members.iter().enumerate() {
            if i == self.preferred && !matched.is_empty() {
                break;
            }
            if let Some(e) = explain_match(w.as_ref(), reader, doc) {
                matched.push(e);
            }
        }
        sum_of(matched, doc, "sum of")
    }
}

struct AnyOfScorer {
    members: Vec<Box<dyn Scorer>>,
    /// Per member: one of the preferred (they come first).
    preferred: Vec<bool>,
    /// Each member's current document, kept here so that finding the next
    /// document calls no member that is not on it (a walk through the whole
    /// union then costs what tantivy's own union costs).
    docs: Vec<DocId>,
    doc: DocId,
}

fn first(docs: &[DocId]) -> DocId {
    docs.iter().copied().min().unwrap_or(TERMINATED)
}

impl DocSet for AnyOfScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        for (s, doc) in self.members.iter_mut().zip(&mut self.docs) {
            if *doc == self.doc {
                *doc = s.advance();
            }
        }
        self.doc = first(&self.docs);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (s, doc) in self.members.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = s.seek(target);
            }
        }
        self.doc = first(&self.docs);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.members
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.members.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for AnyOfScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum = 0.0;
        let mut preferred_matched = false;
        for ((s, d), &preferred) in self.members.iter_mut().zip(&self.docs).zip(&self.preferred) {
            if !preferred && preferred_matched {
                break;
            }
            if *d == doc {
                sum += s.score();
                preferred_matched |= preferred;
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, DocSetCollector, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    /// 2,000 real English news articles in one segment.
    fn english_news() -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 20_000_000).unwrap();
        let lines = newsreel_testdata::news_lines(newsreel_testdata::EN_NEWS, 2000);
        for text in newsreel_testdata::bodies(&lines) {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    /// The same documents with the same scores as tantivy's union, walked
    /// whole and driven by a required term, on real English news; and
    /// explanations that add up to the scores.
    #[test]
    fn matches_and_scores_as_a_boolean_union_does() {
        let (index, body) = english_news();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| Term::from_field_text(body, w);
        let members = || -> Vec<Box<dyn Query>> {
            vec![
                Box::new(TermQuery::new(term("market"), IndexRecordOption::WithFreqs)),
                Box::new(PhraseQuery::new(vec![term("per"), term("cent")])),
                Box::new(PhraseQuery::new(vec![term("the"), term("company")])),
            ]
        };
        let union = BooleanQuery::new(members().into_iter().map(|q| (Occur::Should, q)).collect());
        let any_of = AnyOf::new(members());
        let driven = |q: Box<dyn Query>| {
            BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(term("oil"), IndexRecordOption::WithFreqs))
                        as Box<dyn Query>,
                ),
                (Occur::Must, q),
            ])
        };
        let top = TopDocs::with_limit(50).order_by_score();
        for (a, b) in [
            (
                Box::new(union.clone()) as Box<dyn Query>,
                Box::new(any_of.clone()) as Box<dyn Query>,
            ),
            (
                Box::new(driven(Box::new(union))),
                Box::new(driven(Box::new(any_of.clone()))),
            ),
        ] {
            let (count_a, count_b) = (
                searcher.search(a.as_ref(), &Count).unwrap(),
                searcher.search(b.as_ref(), &Count).unwrap(),
            );
            assert_eq!(count_a, count_b);
            assert!(count_a > 20, "{count_a}");
            let (hits_a, hits_b) = (
                searcher.search(a.as_ref(), &top).unwrap(),
                searcher.search(b.as_ref(), &top).unwrap(),
            );
            assert_eq!(hits_a, hits_b);
        }
        // An explanation adds up to the score it explains.
        let weight = any_of
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let hits = searcher.search(&any_of, &top).unwrap();
        for (score, address) in hits.iter().take(5) {
            let reader = searcher.segment_reader(address.segment_ord);
            let explained = weight.explain(reader, address.doc_id).unwrap().value();
            assert!((explained - score).abs() < 1e-4, "{explained} ≠ {score}");
        }
    }

    /// The documents of the whole union; each scored by the preferred
    /// members where one matches, by the others elsewhere.
    #[test]
    fn preferring_scores_by_the_preferred_members_where_they_match() {
        let (index, body) = english_news();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(body, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let preferred = || vec![term("market"), term("shares")];
        let otherwise = || vec![term("company"), term("companies")];
        let query = AnyOf::preferring(preferred(), otherwise());
        let all = AnyOf::new(preferred().into_iter().chain(otherwise()).collect());
        let docs = searcher.search(&query, &DocSetCollector).unwrap();
        assert_eq!(docs, searcher.search(&all, &DocSetCollector).unwrap());

        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let weights = |qs: Vec<Box<dyn Query>>| -> Vec<Box<dyn Weight>> {
            qs.iter().map(|q| q.weight(scoring).unwrap()).collect()
        };
        let (preferred, otherwise) = (weights(preferred()), weights(otherwise()));
        let weight = query.weight(scoring).unwrap();
        let reader = searcher.segment_reader(0);
        let hits = searcher
            .search(&query, &TopDocs::with_limit(docs.len()).order_by_score())
            .unwrap();
        let mut by_otherwise = 0;
        for (score, address) in hits {
            let sum = |ws: &[Box<dyn Weight>]| -> Option<f32> {
                let values: Vec<f32> = ws
                    .iter()
                    .filter_map(|w| explain_match(w.as_ref(), reader, address.doc_id))
                    .map(|e| e.value())
                    .collect();
                (!values.is_empty()).then(|| values.iter().sum())
            };
            let expected = sum(&preferred).unwrap_or_else(|| {
                by_otherwise += 1;
                sum(&otherwise).unwrap()
            });
            assert!((score - expected).abs() < 1e-4, "{score} ≠ {expected}");
            let explained = weight.explain(reader, address.doc_id).unwrap().value();
            assert!((explained - score).abs() < 1e-4, "{explained} ≠ {score}");
        }
        assert!(by_otherwise > 20, "{by_otherwise}");
    }
}
