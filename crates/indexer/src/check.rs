//! `newsreel index --check`: verify an index without changing it.
//!
//! An index is sound when every segment opens, every stored article can be
//! read back, every article id is there once, and the manifest (what the
//! indexer believes it indexed) counts exactly the articles each of its files
//! has in the index, and no article names a file it does not list.

use std::collections::HashMap;
use std::path::Path;

use tantivy::columnar::StrColumn;
use tantivy::TantivyDocument;

use crate::builder::{committed_manifest, open_existing};
use crate::schema::column_value;
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
    // The committed counts only: the ids are read below, article by article.
    let manifest = committed_manifest(&index, dir)?;
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
    let mut per_file: HashMap<String, usize> = HashMap::new();
    let mut unlisted: Vec<String> = Vec::new();
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
        // Ids and file keys are fast fields (the stored document holds only
        // the texts); reading each stored document checks it is readable.
        let column = |field| {
            segment
                .fast_fields()
                .str(index.schema().get_field_name(field))
        };
        let (Ok(Some(ids)), Ok(Some(files))) = (column(fields.id), column(fields.file)) else {
            report.problem(format!("segment {ord} ({name}): no id or file column"));
            continue;
        };
        let read = |column: &StrColumn, doc, out: &mut String| {
            column_value(column, doc, out).unwrap_or(false)
        };
        let (mut id, mut file) = (String::new(), String::new());
        for doc in segment.doc_ids_alive() {
            if let Err(e) = store.get::<TantivyDocument>(doc) {
                report.problem(format!("segment {ord}: article {doc} unreadable: {e}"));
                continue;
            }
            report.articles += 1;
            if !read(&ids, doc, &mut id) {
                report.problem(format!("segment {ord}: article {doc} has no id"));
                continue;
            }
            *in_index.entry(id.clone()).or_default() += 1;
            read(&files, doc, &mut file);
            if manifest.files.contains_key(&file) {
                *per_file.entry(file.clone()).or_default() += 1;
            } else {
                unlisted.push(id.clone());
            }
        }
    }
    let mut duplicated: Vec<(&String, &usize)> = in_index.iter().filter(|(_, n)| **n > 1).collect();
    duplicated.sort();
    for (id, n) in duplicated {
        report.problem(format!("article {id} is in the index {n} times"));
    }
    for (key, entry) in &manifest.files {
        let found = per_file.get(key).copied().unwrap_or(0);
        if found != entry.articles {
            report.problem(format!(
                "the manifest counts {} articles from {} but the index has {found}",
                entry.articles, entry.path
            ));
        }
    }
    unlisted.sort();
    for id in unlisted {
        report.problem(format!(
            "article {id} is in the index but in no manifest entry"
        ));
    }
    Ok(report)
}
