//! Test indexes of real news articles, for unit tests that need an index
//! bigger than the shipped corpus.

use newsreel_indexer::{IndexBuilder, IndexOptions};
use tempfile::TempDir;

/// An index of the first `per_language` Chinese and English articles of
/// `../shared/data`'s news, in a temporary folder.
pub(crate) fn news_index(per_language: usize) -> TempDir {
    news_index_in_runs(per_language, 1)
}

/// The same articles indexed by `runs` indexing runs, each over its own
/// share of them: an index of `runs` segments (a run leaves one, and
/// tantivy's log policy merges runs only once there are eight).
pub(crate) fn news_index_in_runs(per_language: usize, runs: usize) -> TempDir {
    let input = tempfile::tempdir().unwrap();
    let mut lines = newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, per_language);
    lines.extend(newsreel_testdata::news_lines(
        newsreel_testdata::EN_NEWS,
        per_language,
    ));
    let dir = tempfile::tempdir().unwrap();
    let share = lines.len().div_ceil(runs);
    for (run, part) in lines.chunks(share).enumerate() {
        let file = input.path().join(format!("news-{run}.jsonl"));
        std::fs::write(&file, part.join("\n")).unwrap();
        IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
            .unwrap()
            .index_paths(&[file], |_| {})
            .unwrap();
    }
    dir
}
