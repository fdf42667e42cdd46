//! `newsreel index --check`: verify an index without changing it.
//!
//! An index is sound when every segment opens, every stored article can be
//! read back, every article id is there once, and the manifest (what the
//! indexer believes it indexed) names exactly the articles that are there.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tantivy::schema::Value;
use tantivy::TantivyDocument;

use crate::builder::{open_existing, read_manifest};
use crate::IndexError;

/// Problems listed beyond this many are only counted.
const MAX_LISTED: usize = 50;

/// What a check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub segments: usize,
    /// Live articles read back from the index.
    pub articles: usize,
    pub manifest_files: usize,
    pub manifest_articles: usize,
    /// Everything that is wrong (at most [`MAX_LISTED`], then a count).
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(text);
        } else if self.problems.len() == MAX_LISTED {
            self.problems.push("… more problems not listed".into());
        }
    }
}

/// Check the index in `dir`. An index that cannot be opened at all is an
/// error; anything found inside it is a problem in the report.
pub fn check_index(dir: &Path) -> Result<CheckReport, IndexError> {
    let (index, fields) = open_existing(dir)?;
    let damaged = |message: String| IndexError::Damaged {
        path: dir.to_path_buf(),
        message,
    };
    let manifest = read_manifest(&index, dir)?;
    let reader = index.reader().map_err(|e| damaged(e.to_string()))?;
    let searcher = reader.searcher();
    let mut report = CheckReport {
        segments: searcher.segment_readers().len(),
        manifest_files: manifest.files.len(),
        manifest_articles: manifest.article_count(),
        ..CheckReport::default()
    };
    let indexed_fields: Vec<_> = index
        .schema()
        .fields()
        .filter(|(_, entry)| entry.is_indexed())
        .map(|(field, entry)| (field, entry.name().to_string()))
        .collect();
    let mut in_index: HashMap<String, usize> = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let name = segment.segment_id().uuid_string();
        for (field, field_name) in &indexed_fields {
            if let Err(e) = segment.inverted_index(*field) {
                report.problem(format!("segment {ord} ({name}): field {field_name}: {e}"));
            }
        }
        let store = match segment.get_store_reader(1) {
            Ok(store) => store,
            Err(e) => {
                report.problem(format!("segment {ord} ({name}): stored articles: {e}"));
                continue;
            }
        };
        for doc in segment.doc_ids_alive() {
            match store.get::<TantivyDocument>(doc) {
                Ok(stored) => {
                    report.articles += 1;
                    match stored.get_first(fields.id).and_then(|v| v.as_str()) {
                        Some(id) => *in_index.entry(id.to_string()).or_default() += 1,
                        None => report.problem(format!("segment {ord}: article {doc} has no id")),
                    }
                }
                Err(e) => report.problem(format!("segment {ord}: article {doc} unreadable: {e}")),
            }
        }
    }
    let mut listed: BTreeMap<&str, &str> = BTreeMap::new();
    for entry in manifest.files.values() {
        for id in &entry.ids {
            if let Some(other) = listed.insert(id, &entry.path) {
                report.problem(format!(
                    "the manifest lists article {id} under two files: {other} and {}",
                    entry.path
                ));
            }
        }
    }
    let mut duplicated: Vec<(&String, &usize)> = in_index.iter().filter(|(_, n)| **n > 1).collect();
    duplicated.sort();
    for (id, n) in duplicated {
        report.problem(format!("article {id} is in the index {n} times"));
    }
    for (id, path) in &listed {
        if !in_index.contains_key(*id) {
            report.problem(format!(
                "the manifest lists article {id} ({path}) but the index lacks it"
            ));
        }
    }
    let mut unlisted: Vec<&String> = in_index
        .keys()
        .filter(|id| !listed.contains_key(String::as_str(id)))
        .collect();
    unlisted.sort();
    for id in unlisted {
        report.problem(format!(
            "article {id} is in the index but in no manifest entry"
        ));
    }
    Ok(report)
}
