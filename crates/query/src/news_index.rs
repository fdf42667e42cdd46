//! Test indexes of real news articles, for unit tests that need an index
//! bigger than the shipped corpus.

use newsreel_indexer::{IndexBuilder, IndexOptions};
use tempfile::TempDir;

/// An index of the first `per_language` Chinese and English articles of
/// `../shared/data`'s news, in a temporary folder.
pub(crate) fn news_index(per_language: usize) -> TempDir {
    let input = tempfile::tempdir().unwrap();
    let mut lines = newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, per_language);
    lines.extend(newsreel_testdata::news_lines(
        newsreel_testdata::EN_NEWS,
        per_language,
    ));
    let file = input.path().join("news.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[file], |_| {})
        .unwrap();
    dir
}
