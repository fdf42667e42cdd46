//! Newsreel's search side: query syntax, ranking, snippets.
//!
//! - [`syntax`] parses what the user typed into clauses, leniently.
//! - [`Engine`] turns clauses into tantivy queries over the word and
//!   exact-phrase fields, applies filters, and falls back to partial matches
//!   when nothing matches every word.
//! - [`snippet`] finds the matched text in a hit and marks it.
//! - [`http`] serves the same engine as a JSON API and a search page.
//!
//! The `newsreel` binary (in `main.rs`) is a thin layer over this.
//!
//! ```no_run
//! use newsreel_query::{Engine, SearchRequest};
//! let engine = Engine::open("index".as_ref())?;
//! let results = engine.search(&SearchRequest::new("冼星海"))?;
//! for hit in results.hits {
//!     println!("{} {}", hit.article.id, hit.article.title);
//! }
//! # Ok::<(), newsreel_query::SearchError>(())
//! ```

mod any_of;
mod columns;
mod deadline;
mod engine;
mod error;
pub mod expand;
pub mod export;
pub mod facets;
mod generation;
pub mod glossary;
mod grouping;
pub mod http;
mod indexed;
pub mod kwic;
#[cfg(test)]
mod news_index;
mod otherwise;
pub mod quotes;
mod results;
pub mod snippet;
mod suggest;
pub mod syntax;
mod tier;
pub mod timeline;
pub mod verify;
pub mod vocabulary;

pub use engine::{Engine, SearchRequest, DEFAULT_TIME_LIMIT, MAX_OFFSET};
pub use error::SearchError;
pub use expand::{Expansion, Via};
pub use facets::{FacetCount, Facets};
pub use glossary::Glossary;
pub use results::{ArticleMeta, ArticleQuote, ArticleView, Hit, SearchResults};
pub use suggest::Suggestions;
pub use timeline::{DateCount, DateUnit};
