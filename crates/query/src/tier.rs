//! A query whose matches score a constant above the query's own score.
//!
//! Expanded matches (a translation, a pinyin reading, a spelling
//! correction) must rank below matches of the words as typed, whatever the
//! two BM25 scores. Adding a constant to the direct match's score does that
//! in one evaluation of the direct query; summing a constant-score copy of
//! it with the original (the obvious composition of tantivy's queries)
//! would evaluate it twice.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// `inner`, with `offset` added to the score of each match.
pub(crate) struct Tiered {
    inner: Box<dyn Query>,
    offset: Score,
}

impl Tiered {
    pub(crate) fn new(inner: Box<dyn Query>, offset: Score) -> Self {
        Tiered { inner, offset }
    }
}

impl Clone for Tiered {
    fn clone(&self) -> Self {
        Tiered {
            inner: self.inner.box_clone(),
            offset: self.offset,
        }
    }
}

impl fmt::Debug for Tiered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tiered(+{}, {:?})", self.offset, self.inner)
    }
}

impl Query for Tiered {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.inner.weight(scoring)?;
        if !scoring.is_scoring_enabled() {
            return Ok(inner);
        }
        Ok(Box::new(TieredWeight {
            inner,
            offset: self.offset,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct TieredWeight {
    inner: Box<dyn Weight>,
    offset: Score,
}

impl Weight for TieredWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(TieredScorer {
            inner: self.inner.scorer(reader, boost)?,
            offset: self.offset * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation =
            Explanation::new("matched as typed: + tier", inner.value() + self.offset);
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct TieredScorer {
    inner: Box<dyn Scorer>,
    offset: Score,
}

impl DocSet for TieredScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for TieredScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.offset
    }
}
