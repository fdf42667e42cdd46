//! Newsreel's indexer: from report files to a tantivy index.
//!
//! The roles, in the order data flows through them:
//! - [`decode`]: bytes → text, whatever the encoding (UTF-8 with or without
//!   BOM, UTF-16 with BOM, GB18030/GBK, Big5) and compression (gzip, even
//!   several concatenated members).
//! - [`formats`]: text → [`Article`]s. Newspaper pages are split into articles
//!   and repaired ([`page`]); front-matter files and JSON Lines carry articles
//!   ready-made.
//! - [`corpus`]: walks folders, reads sidecar metadata, and reports every file
//!   that fails without stopping the others.
//! - [`schema`] and [`IndexBuilder`]: the index layout, and incremental,
//!   idempotent (re)indexing driven by a manifest stored in each commit.
//!
//! ```no_run
//! use newsreel_indexer::{IndexBuilder, IndexOptions};
//! let report = IndexBuilder::open_or_create("index".as_ref(), IndexOptions::default())?
//!     .index_paths(&["corpus".into()], |_| {})?;
//! println!("{} articles", report.articles_total);
//! # Ok::<(), newsreel_indexer::IndexError>(())
//! ```

mod article;
mod builder;
mod check;
pub mod corpus;
pub mod decode;
mod document;
mod error;
pub mod formats;
mod merge;
pub mod page;
pub mod quotes;
pub mod schema;
pub mod stream;
pub mod text;

pub use article::Article;
pub use builder::{
    index_exists, open_analyzer, open_existing, read_manifest, FileEntry, IndexBuilder,
    IndexOptions, IndexReport, Manifest, Progress, INDEX_DICT_FILE, INDEX_GLOSSARY_FILE,
};
pub use check::{check_index, CheckReport};
pub use error::{IndexError, ReadError};
