//! Text analysis shared by Newsreel's indexer and its query side.
//!
//! Both sides must cut text the same way, or a query will not find what the
//! index holds; so the whole pipeline lives here and nowhere else:
//!
//! 1. [`Normalizer`]: NFKC (full-width ≡ half-width), lower case, traditional →
//!    simplified Chinese. It keeps a map back to the original bytes, so every
//!    token can be highlighted exactly where it was printed.
//! 2. [`script`]: the normalized text is split into runs of one script.
//! 3. Han runs are segmented by jieba ([`ChineseSegmenter`]); Latin and other
//!    alphabetic runs are split into words and English words are stemmed.
//!    The result is the *word* stream used for BM25 ranking.
//! 4. [`units`]: independently of segmentation, the text is also read as a
//!    sequence of *units* (one Han character, one whole Latin word, or one
//!    punctuation mark). Adjacent units form the bigrams of the exact-phrase
//!    field, so a quoted phrase matches exactly the texts that contain it,
//!    whatever jieba made of the context.
//!
//! [`Analyzer`] bundles the shared state (one `Jieba` behind an `Arc`, the
//! converter, the stemmer) and [`tokenizers`] exposes it to tantivy.
//!
//! ```
//! use newsreel_analysis::Analyzer;
//! let analyzer = Analyzer::builder().build().unwrap();
//! let words: Vec<String> = analyzer.words("電影節的ＡＩ Festivals").into_iter().map(|t| t.text).collect();
//! assert!(words.contains(&"电影节".to_string()));
//! assert!(words.contains(&"ai".to_string()));
//! assert!(words.contains(&"festiv".to_string()));
//! ```

mod analyzer;
mod chinese;
pub mod convertible;
mod error;
mod excerpt;
mod normalize;
pub mod pinyin;
pub mod script;
pub mod suggest;
pub mod tokenizers;
pub mod units;

pub use analyzer::{Analyzer, AnalyzerBuilder, SegmentMode, WordToken};
pub use chinese::ChineseSegmenter;
pub use error::AnalysisError;
pub use normalize::{Normalized, Normalizer};
pub use units::{Separator, Unit, UnitKind};
