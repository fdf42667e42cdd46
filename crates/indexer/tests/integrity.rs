//! One writer at a time, and `check_index` telling a sound index from a damaged one.

use std::path::{Path, PathBuf};

use newsreel_indexer::schema;
use newsreel_indexer::{check_index, read_manifest, IndexBuilder, IndexError, IndexOptions};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn build(dir: &Path) -> usize {
    let report = IndexBuilder::open_or_create(dir, IndexOptions::default())
        .unwrap()
        .index_paths(&[corpus()], |_| {})
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    report.articles_total
}

/// A raw tantivy writer on the index: holds the writer lock like another process would.
fn raw_writer(dir: &Path) -> (Index, IndexWriter<TantivyDocument>) {
    let index = Index::open_in_dir(dir).unwrap();
    newsreel_analysis::tokenizers::register(
        &index,
        &newsreel_analysis::Analyzer::builder().build().unwrap(),
    );
    let writer = index.writer_with_num_threads(1, 20 << 20).unwrap();
    (index, writer)
}

#[test]
fn a_second_writer_fails_fast_and_a_stale_lock_file_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let articles = build(dir.path());
    let (_index, writer) = raw_writer(dir.path());
    let err = IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[corpus()], |_| {})
        .unwrap_err();
    assert!(matches!(err, IndexError::Busy(_)), "{err:?}");
    assert!(
        err.to_string().contains("another process is writing"),
        "{err}"
    );
    drop(writer);
    // The lock is the operating system's (released when its process dies);
    // the lock file a crash leaves behind is no obstacle.
    let lock_file = dir.path().join(".tantivy-writer.lock");
    std::fs::write(&lock_file, b"").unwrap();
    assert_eq!(build(dir.path()), articles);
}

#[test]
fn a_sound_index_passes_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let articles = build(dir.path());
    let report = check_index(dir.path()).unwrap();
    assert!(report.is_sound(), "{:?}", report.problems);
    assert_eq!(report.articles, articles);
    assert_eq!(report.manifest_articles, articles);
    assert!(report.segments >= 1);
}

#[test]
fn articles_outside_the_manifest_and_duplicates_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let (_, fields) = schema::build();
    let (_index, mut writer) = raw_writer(dir.path());
    let mut intruder = TantivyDocument::new();
    intruder.add_text(fields.id, "intruder-1");
    writer.add_document(intruder).unwrap();
    let mut twin = TantivyDocument::new();
    twin.add_text(fields.id, "000_fcb534285d604426-1");
    writer.add_document(twin).unwrap();
    // Commit without the manifest payload: the documents change, the manifest does not.
    writer.commit().unwrap();
    drop(writer);
    let report = check_index(dir.path()).unwrap();
    assert!(!report.is_sound());
    let all = report.problems.join("\n");
    assert!(
        all.contains("article intruder-1 is in the index but in no manifest entry"),
        "{all}"
    );
    assert!(
        all.contains("article 000_fcb534285d604426-1 is in the index 2 times"),
        "{all}"
    );
}

#[test]
fn a_missing_article_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let (_, fields) = schema::build();
    let (index, mut writer) = raw_writer(dir.path());
    let manifest = read_manifest(&index, dir.path()).unwrap();
    let owner = manifest
        .files
        .values()
        .find(|f| f.ids.iter().any(|id| id == "000_fcb534285d604426-2"))
        .expect("the manifest reads the article's id back from the index");
    let expected = format!(
        "the manifest counts {} articles from {} but the index has {}",
        owner.articles,
        owner.path,
        owner.articles - 1
    );
    let payload = index.load_metas().unwrap().payload;
    writer.delete_term(tantivy::Term::from_field_text(
        fields.id,
        "000_fcb534285d604426-2",
    ));
    // Keep the manifest as it was, so it still lists the deleted article.
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(payload.as_deref().unwrap());
    prepared.commit().unwrap();
    drop(writer);
    let report = check_index(dir.path()).unwrap();
    let all = report.problems.join("\n");
    assert!(all.contains(&expected), "{all}");
}

#[test]
fn a_missing_segment_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let store = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    std::fs::remove_file(store).unwrap();
    match check_index(dir.path()) {
        Err(IndexError::Damaged { message, .. }) => assert!(!message.is_empty()),
        Ok(report) => assert!(!report.is_sound(), "a lost .store file went unnoticed"),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

/// An index this build cannot read (another tantivy, a damaged meta.json) is
/// told in a line, not by quoting the whole file.
#[test]
fn an_unreadable_meta_file_is_damage_told_briefly() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let meta = dir.path().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(text.len() > 2_000, "the test needs a long meta.json");
    std::fs::write(
        &meta,
        text.replacen("\"segments\"", "\"segments\": 7, \"x\"", 1),
    )
    .unwrap();
    for result in [
        newsreel_indexer::open_existing(dir.path()).map(|_| ()),
        IndexBuilder::open_or_create(dir.path(), IndexOptions::default()).map(|_| ()),
    ] {
        match result {
            Err(e @ IndexError::Damaged { .. }) => {
                let shown = e.to_string();
                assert!(
                    shown.contains("meta.json") && shown.chars().count() < 400,
                    "{shown}"
                );
            }
            Err(other) => panic!("unexpected error: {other}"),
            Ok(()) => panic!("a broken meta.json was read"),
        }
    }
}
