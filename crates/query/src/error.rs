use thiserror::Error;

/// Why a search could not be answered.
#[derive(Debug, Error)]
pub enum SearchError {
    /// Nothing in the query can be searched (only operators, only exclusions…).
    #[error("nothing to search in {query:?}: {reason}")]
    EmptyQuery { query: String, reason: String },
    /// The query asks for more words and phrase units than one search takes.
    #[error(
        "the query has {size} words and phrase units; at most {max} are searched at once \
         (remove words, or quote a shorter passage)"
    )]
    TooComplex { size: usize, max: usize },
    /// A filter value is malformed.
    #[error("bad {name}: {message}")]
    BadParameter { name: &'static str, message: String },
    #[error(transparent)]
    Index(#[from] newsreel_indexer::IndexError),
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
