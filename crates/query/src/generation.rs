//! Values read from the index once per generation.
//!
//! Some things a search needs are derived from the whole index — its
//! vocabulary, its translation groups, its columns — and too costly to
//! derive per query. They stay valid while the searcher reads the same
//! segments with the same deletions, so they are kept under a hash of
//! those ([`content_version`]), and read again when it changes. This is
//! what "generation" means here: not tantivy's searcher generation, which
//! also changes on a reload that found nothing new — as a server's file
//! watcher's first reload always is, which made every value be read twice.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use tantivy::Searcher;

/// What `searcher` reads: a hash of its segments, in their order, and of
/// their deletions. Values kept per segment ordinal stay right because the
/// order is part of the hash.
pub(crate) fn content_version(searcher: &Searcher) -> u64 {
    let mut version = std::hash::DefaultHasher::new();
    for segment in searcher.segment_readers() {
        segment.segment_id().hash(&mut version);
        segment.delete_opstamp().hash(&mut version);
    }
    version.finish()
}

/// A value derived from the index, cached for one generation.
#[derive(Debug)]
pub(crate) struct PerGeneration<T>(Mutex<Option<(u64, Arc<T>)>>);

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration(Mutex::new(None))
    }
}

impl<T> PerGeneration<T> {
    /// The value for what `searcher` reads, reading it with `read` when
    /// none is cached for it. Concurrent callers wait for one read rather
    /// than each doing it.
    pub(crate) fn get<E>(
        &self,
        searcher: &Searcher,
        read: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let generation = content_version(searcher);
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, value)) = cached.as_ref() {
            if *g == generation {
                return Ok(value.clone());
            }
        }
        let value = Arc::new(read()?);
        *cached = Some((generation, value.clone()));
        Ok(value)
    }
}
