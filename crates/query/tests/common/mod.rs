//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::Engine;

/// The corpus shipped with the project.
pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// A fresh "clone": a temp dir holding a copy of corpus/.
pub fn fresh_checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&corpus(), &dir.path().join("corpus"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One index of the shipped corpus, built once per test binary.
pub fn shipped_engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let report = IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
                .unwrap()
                .index_paths(&[corpus()], |_| {})
                .unwrap();
            assert!(report.failures.is_empty(), "{:?}", report.failures);
            let engine = Engine::open(dir.path()).unwrap();
            (dir, engine)
        })
        .1
}
