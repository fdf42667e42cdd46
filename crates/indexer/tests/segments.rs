//! What a run leaves on disk: its articles in one segment, earlier runs' segments untouched.

use std::collections::HashSet;
use std::path::Path;

use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_testdata::{news_lines, ZH_NEWS};
use tantivy::index::SegmentId;
use tantivy::Index;

const PER_FILE: usize = 150;

/// Writes `count` files of news articles (disjoint slices) into `dir`, from file `first` on.
fn write_files(dir: &Path, lines: &[String], first: usize, count: usize) {
    for n in first..first + count {
        let slice = &lines[n * PER_FILE..(n + 1) * PER_FILE];
        std::fs::write(dir.join(format!("news-{n}.jsonl")), slice.join("\n") + "\n").unwrap();
    }
}

fn segments(index_dir: &Path) -> (HashSet<SegmentId>, u64) {
    let index = Index::open_in_dir(index_dir).unwrap();
    let ids = index.searchable_segment_ids().unwrap();
    let docs = index.reader().unwrap().searcher().num_docs();
    (ids.into_iter().collect(), docs)
}

fn index(index_dir: &Path, corpus: &Path) -> newsreel_indexer::IndexReport {
    let options = IndexOptions {
        // A commit after every file: each leaves segments of its own.
        commit_every: 1,
        threads: Some(2),
        ..IndexOptions::default()
    };
    let report = IndexBuilder::open_or_create(index_dir, options)
        .unwrap()
        .index_paths(&[corpus.to_path_buf()], |_| {})
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    report
}

#[test]
fn a_run_ends_as_one_segment_and_leaves_earlier_ones_alone() {
    let lines = news_lines(ZH_NEWS, 5 * PER_FILE);
    let corpus = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();

    write_files(corpus.path(), &lines, 0, 4);
    let first = index(index_dir.path(), corpus.path());
    assert!(first.commits >= 4, "{} commits", first.commits);
    let (after_first, docs) = segments(index_dir.path());
    assert_eq!(after_first.len(), 1, "{after_first:?}");
    assert_eq!(docs, 4 * PER_FILE as u64);

    // The merge kept the manifest the last commit wrote.
    let manifest = IndexBuilder::open_or_create(index_dir.path(), IndexOptions::default())
        .unwrap()
        .manifest()
        .unwrap();
    assert_eq!(manifest.files.len(), 4);
    assert_eq!(manifest.article_count(), 4 * PER_FILE);

    write_files(corpus.path(), &lines, 4, 1);
    let second = index(index_dir.path(), corpus.path());
    assert_eq!(second.articles_added, PER_FILE);
    assert_eq!(second.files_unchanged, 4);
    let (after_second, docs) = segments(index_dir.path());
    assert_eq!(after_second.len(), 2, "{after_second:?}");
    assert!(after_second.is_superset(&after_first));
    assert_eq!(docs, 5 * PER_FILE as u64);
}
