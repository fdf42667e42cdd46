//! When segments merge: what one indexing run writes ends as one segment.
//!
//! tantivy writes a segment each time an indexing thread fills its memory,
//! so a run over the news corpus leaves six. Every query then looks each
//! term up six times, and the term dictionaries repeat most of their terms:
//! merged into one, the same index is 8% smaller (137 MB instead of 149) and
//! answers the peer harness's queries in half the time (benches/README,
//! "One segment per run"). Merging costs one pass over the run's postings,
//! which is paid once when indexing instead of at every search.
//!
//! Segments from earlier runs are left to tantivy's [`LogMergePolicy`], so
//! a small incremental run does not rewrite a large index: its own segments
//! become one, and the log policy merges runs of similar sizes as they pile up.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The merge policy of one run. Nothing merges while the run writes: its
/// segments would only be merged again at the end, and the earlier ones
/// compete with indexing for the cores. Once the run ends
/// ([`RunSegments::finish`]), the earlier segments merge as the log policy
/// decides; the run's own, listed by [`RunSegments::ours`], are for the
/// run to merge into one.
#[derive(Debug)]
pub struct RunMergePolicy {
    /// The segments that were in the index when the run began.
    earlier: Arc<HashSet<SegmentId>>,
    finished: Arc<AtomicBool>,
    earlier_policy: LogMergePolicy,
}

/// The run's side of a [`RunMergePolicy`].
#[derive(Debug)]
pub struct RunSegments {
    earlier: Arc<HashSet<SegmentId>>,
    finished: Arc<AtomicBool>,
}

impl RunSegments {
    /// Call before the run's last commit, so that it lets the earlier segments merge.
    pub fn finish(&self) {
        self.finished.store(true, Ordering::SeqCst);
    }

    /// The segments among `segments` that the run wrote. A log-policy merge
    /// of earlier segments that ended after the last commit would count as
    /// the run's too, and be merged into its segment: more work, same index.
    pub fn ours(&self, segments: impl IntoIterator<Item = SegmentId>) -> Vec<SegmentId> {
        segments
            .into_iter()
            .filter(|id| !self.earlier.contains(id))
            .collect()
    }
}

impl RunMergePolicy {
    /// A policy for a run that starts with `earlier` segments in the index.
    pub fn new(earlier: impl IntoIterator<Item = SegmentId>) -> (Self, RunSegments) {
        let earlier = Arc::new(earlier.into_iter().collect::<HashSet<_>>());
        let finished = Arc::new(AtomicBool::new(false));
        let policy = RunMergePolicy {
            earlier: Arc::clone(&earlier),
            finished: Arc::clone(&finished),
            earlier_policy: LogMergePolicy::default(),
        };
        (policy, RunSegments { earlier, finished })
    }
}

impl MergePolicy for RunMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        if !self.finished.load(Ordering::SeqCst) {
            return Vec::new();
        }
        let earlier: Vec<SegmentMeta> = segments
            .iter()
            .filter(|s| self.earlier.contains(&s.id()))
            .cloned()
            .collect();
        self.earlier_policy.compute_merge_candidates(&earlier)
    }
}
