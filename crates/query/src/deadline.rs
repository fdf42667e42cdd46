//! A time limit inside a running search.
//!
//! tantivy has no notion of a deadline, and the HTTP layer cannot cancel a
//! search running on a blocking thread. So the query itself carries one: its
//! scorer stops matching (reports the end of the segment) once the deadline
//! has passed, checking the clock every [`CHECK_EVERY`] documents. Every
//! collector (top hits, count, facets) then sees the documents matched so
//! far, and the search says its results are incomplete.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// Documents matched between two looks at the clock (a look costs ~20 ns).
const CHECK_EVERY: u32 = 1024;

/// When a search must stop, and whether it had to.
#[derive(Debug, Clone)]
pub struct Deadline {
    at: Instant,
    expired: Arc<AtomicBool>,
}

impl Deadline {
    pub fn new(at: Instant) -> Deadline {
        Deadline {
            at,
            expired: Arc::default(),
        }
    }

    /// Whether some scorer stopped early because of this deadline.
    pub fn expired(&self) -> bool {
        self.expired.load(Ordering::Relaxed)
    }

    fn passed(&self) -> bool {
        if Instant::now() >= self.at {
            self.expired.store(true, Ordering::Relaxed);
            true
        } else {
            false
        }
    }

    /// `query`, stopping at this deadline.
    pub fn limit(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(LimitedQuery {
            inner: query,
            deadline: self.clone(),
        })
    }
}

#[derive(Debug)]
struct LimitedQuery {
    inner: Box<dyn Query>,
    deadline: Deadline,
}

impl Clone for LimitedQuery {
    fn clone(&self) -> Self {
        LimitedQuery {
            inner: self.inner.box_clone(),
            deadline: self.deadline.clone(),
        }
    }
}

impl Query for LimitedQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LimitedWeight {
            inner: self.inner.weight(scoring)?,
            deadline: self.deadline.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct LimitedWeight {
    inner: Box<dyn Weight>,
    deadline: Deadline,
}

impl Weight for LimitedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        if self.deadline.passed() {
            return Ok(Box::new(tantivy::query::EmptyScorer));
        }
        Ok(Box::new(LimitedScorer {
            inner,
            deadline: self.deadline.clone(),
            until_check: CHECK_EVERY,
            stopped: false,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }
}

struct LimitedScorer {
    inner: Box<dyn Scorer>,
    deadline: Deadline,
    until_check: u32,
    stopped: bool,
}

impl LimitedScorer {
    /// Count a step; true when the deadline has passed.
    fn out_of_time(&mut self) -> bool {
        self.until_check -= 1;
        if self.until_check == 0 {
            self.until_check = CHECK_EVERY;
            self.stopped = self.deadline.passed();
        }
        self.stopped
    }
}

impl DocSet for LimitedScorer {
    fn advance(&mut self) -> DocId {
        if self.stopped || self.out_of_time() {
            return TERMINATED;
        }
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.stopped || self.out_of_time() {
            return TERMINATED;
        }
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        if self.stopped {
            TERMINATED
        } else {
            self.inner.doc()
        }
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for LimitedScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllScorer;

    fn count(scorer: &mut dyn Scorer) -> u32 {
        let mut n = 0;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            n += 1;
            doc = scorer.advance();
        }
        n
    }

    fn limited(deadline: &Deadline, max_doc: DocId) -> LimitedScorer {
        LimitedScorer {
            inner: Box::new(AllScorer::new(max_doc)),
            deadline: deadline.clone(),
            until_check: CHECK_EVERY,
            stopped: false,
        }
    }

    #[test]
    fn a_passed_deadline_stops_matching_at_the_next_look_at_the_clock() {
        let past = Deadline::new(Instant::now());
        assert_eq!(count(&mut limited(&past, 10_000)), CHECK_EVERY);
        assert!(past.expired());
        // Seeking counts as a step too.
        let mut scorer = limited(&Deadline::new(Instant::now()), 1_000_000);
        let mut doc = scorer.doc();
        let mut seeks = 0;
        while doc != TERMINATED {
            doc = scorer.seek(doc + 100);
            seeks += 1;
        }
        assert_eq!(seeks, CHECK_EVERY);
    }

    #[test]
    fn a_future_deadline_changes_nothing() {
        let later = Deadline::new(Instant::now() + std::time::Duration::from_secs(3600));
        assert_eq!(count(&mut limited(&later, 10_000)), 10_000);
        assert!(!later.expired());
    }
}
