use thiserror::Error;

/// Why the analysis pipeline could not be built.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// The jieba user dictionary could not be read or parsed.
    #[error("user dictionary {path}: {message}")]
    UserDictionary { path: String, message: String },
    /// The traditional → simplified converter failed to load its tables.
    #[error("traditional-to-simplified converter: {0}")]
    Converter(String),
}
