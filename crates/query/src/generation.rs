//! Values read from the index once per generation.
//!
//! Some things a search needs are derived from the whole index — its
//! vocabulary, its translation groups — and too costly to derive per query.
//! They stay valid until the reader sees a new commit, which tantivy marks
//! with a new searcher generation; so they are kept with the generation
//! they were read from and read again when it changes.

use std::sync::{Arc, Mutex};

use tantivy::Searcher;

/// A value derived from the index, cached for one searcher generation.
#[derive(Debug)]
pub(crate) struct PerGeneration<T>(Mutex<Option<(u64, Arc<T>)>>);

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration(Mutex::new(None))
    }
}

impl<T> PerGeneration<T> {
    /// The value for `searcher`'s generation, reading it with `read` when
    /// none is cached for it. Concurrent callers wait for one read rather
    /// than each doing it.
    pub(crate) fn get<E>(
        &self,
        searcher: &Searcher,
        read: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let generation = searcher.generation().generation_id();
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
