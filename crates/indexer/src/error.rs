use std::path::PathBuf;

use thiserror::Error;

/// Why one input file (or one line of it) could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("looks like a binary file, not text")]
    Binary,
    #[error("empty file")]
    Empty,
    #[error(
        "line {line} runs on for more than {max_mib} MiB without a line break: \
         not a report (a dump or a machine-written file?)"
    )]
    EndlessLine { line: usize, max_mib: usize },
    #[error("a single article of more than {max_mib} MiB: too large to index")]
    TooLarge { max_mib: usize },
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("front matter: {0}")]
    FrontMatter(String),
    #[error("metadata sidecar {path}: {message}")]
    Sidecar { path: PathBuf, message: String },
}

/// Why indexing as a whole failed (individual bad files are reported, not fatal).
#[derive(Debug, Error)]
pub enum IndexError {
    #[error("index at {path}: {source}")]
    Tantivy {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Analysis(#[from] newsreel_analysis::AnalysisError),
    #[error("no index at {0} (run `newsreel index` first)")]
    Missing(PathBuf),
    #[error(
        "another process is writing to the index at {0} (is a `newsreel index` still running?); \
         try again when it has finished"
    )]
    Busy(PathBuf),
    #[error(
        "the index at {0} was built by another version of newsreel (its fields differ): \
         remove that folder and run `newsreel index` again"
    )]
    Outdated(PathBuf),
    #[error("index at {path} is damaged: {message}")]
    Damaged { path: PathBuf, message: String },
    #[error("{0} does not exist")]
    NoSuchInput(PathBuf),
}
