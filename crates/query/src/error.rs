use thiserror::Error;

/// Why a search could not be answered.
#[derive(Debug, Error)]
pub enum SearchError {
    /// Nothing in the query can be searched (only operators, only exclusions…).
    #[error("nothing to search in {query:?}: {reason}")]
    EmptyQuery { query: String, reason: String },
    /// A filter value is malformed.
    #[error("bad {name}: {message}")]
    BadParameter { name: &'static str, message: String },
    #[error(transparent)]
    Index(#[from] newsreel_indexer::IndexError),
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
